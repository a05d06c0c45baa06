"""GC benchmark (issue 5): the same content in both registries, half of it garbage, then
`berth gc --data DIR --delete-untagged --grace 0s` vs `docker-registry garbage-collect --delete-untagged`.

Content, for B blobs and M manifests (defaults 100,000 / 10,000): every manifest is an OCI image
manifest with its own config and B/M - 1 layers (all blobs distinct, 64-200 bytes). Repositories hold
10 manifests each; half of every repository's manifests are tagged, the other half were pushed by
digest only (untagged). With --delete-untagged both collectors must delete M/2 manifests and B/2 blobs.

Berth's data folder is filled over HTTP (its metadata lives in H2, there is no other honest way).
registry:2's data folder is written directly in its on-disk layout, because pushing 110,000 objects
through it takes far longer than the benchmark itself; `verify_layout` first pushes a small sample
over HTTP to a real registry:2, writes the same sample with the generator, and refuses to continue
unless both trees are byte-for-byte identical (paths, empty folders and file contents).
"""
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import threading

import common as c
import servers as s


def content(blobs, manifests):
    """Yields (repo, reference-or-None, manifest bytes, [blob bytes...]) for the whole content."""
    per = max(2, blobs // manifests)
    for m in range(manifests):
        repo = f"gc/r{m // 10:05d}"
        config = ('{"architecture":"amd64","os":"linux","created_by":"berth-bench","n":%d}' % m).encode()
        layers = [(f"layer {m}/{k} " + "x" * ((m * 7 + k * 13) % 137)).encode() for k in range(per - 1)]
        body = c.manifest_bytes((c.sha256_bytes(config), len(config)),
                                [(c.sha256_bytes(l), len(l)) for l in layers])
        tagged = (m % 10) < 5
        yield repo, (f"v{m % 10}" if tagged else None), body, [config] + layers


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def generate_registry_layout(root, blobs, manifests):
    """Writes exactly what registry:2 writes for the same pushes (see verify_layout)."""
    v2 = os.path.join(root, "docker", "registry", "v2")
    made = set()

    def blob(data):
        d = hashlib.sha256(data).hexdigest()
        p = os.path.join(v2, "blobs", "sha256", d[:2], d)
        if p not in made:
            os.makedirs(p, exist_ok=True)
            _write(os.path.join(p, "data"), data)
            made.add(p)
        return d

    def link(path, digest):
        os.makedirs(path, exist_ok=True)
        _write(os.path.join(path, "link"), ("sha256:" + digest).encode())

    for repo, tag, body, objects in content(blobs, manifests):
        r = os.path.join(v2, "repositories", repo)
        os.makedirs(os.path.join(r, "_uploads"), exist_ok=True)
        for data in objects:
            d = blob(data)
            link(os.path.join(r, "_layers", "sha256", d), d)
        md = blob(body)
        link(os.path.join(r, "_manifests", "revisions", "sha256", md), md)
        if tag:
            link(os.path.join(r, "_manifests", "tags", tag, "current"), md)
            link(os.path.join(r, "_manifests", "tags", tag, "index", "sha256", md), md)


def push_content(srv, blobs, manifests, threads=4, single_post=False):
    """Pushes the content over HTTP, one repository per task."""
    local = threading.local()
    items = list(content(blobs, manifests))
    by_repo = {}
    for it in items:
        by_repo.setdefault(it[0], []).append(it)

    def job(repo_items):
        if not hasattr(local, "cl"):
            local.cl = c.Client(srv.port)
        cl = local.cl
        for repo, tag, body, objects in repo_items:
            for data in objects:
                if single_post:  # Berth supports POST ?digest= (one request per blob)
                    st, r, d = cl.request("POST", f"/v2/{repo}/blobs/uploads/?digest={c.sha256_bytes(data)}", body=data,
                                          headers={"Content-Type": "application/octet-stream"})
                    c.expect(st, 201, f"POST blob {repo}", d)
                else:
                    c.push_blob_bytes(cl, repo, data)
            c.put_manifest(cl, repo, tag or c.sha256_bytes(body), body)

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        list(pool.map(job, by_repo.values()))


def tree(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        out[rel + "/"] = None
        for f in filenames:
            with open(os.path.join(dirpath, f), "rb") as fh:
                out[os.path.join(rel, f)] = fh.read()
    return out


def verify_layout(work, log):
    """Pushes a sample to a real registry:2 and compares it with the generator's output."""
    sample_b, sample_m = 200, 20
    pushed = os.path.join(work, "gc-verify-pushed")
    srv = s.start_registry(work, data=pushed)[0]
    try:
        push_content(srv, sample_b, sample_m, threads=2)
    finally:
        srv.stop()
    generated = os.path.join(work, "gc-verify-generated")
    shutil.rmtree(generated, ignore_errors=True)
    generate_registry_layout(generated, sample_b, sample_m)
    a, b = tree(pushed), tree(generated)
    if a != b:
        only_a = sorted(set(a) - set(b))[:5]
        only_b = sorted(set(b) - set(a))[:5]
        differ = sorted(k for k in set(a) & set(b) if a[k] != b[k])[:5]
        raise RuntimeError(f"generated registry:2 layout differs from a real push: only pushed {only_a}, "
                           f"only generated {only_b}, different {differ}")
    log(f"  generator verified: {len(a)} paths identical to what registry:2 wrote for the same pushes")
    shutil.rmtree(pushed)
    shutil.rmtree(generated)


def count_files(root, name=None):
    n = 0
    for _, _, files in os.walk(root):
        n += sum(1 for f in files if name is None or f == name)
    return n


def du(root):
    return int(subprocess.run(["du", "-sb", root], capture_output=True, text=True).stdout.split()[0])


def run(args, res, log):
    B, M = args.gc_blobs, args.gc_manifests
    log(f"GC benchmark: {B} blobs, {M} manifests, half untagged")
    verify_layout(args.work, log)

    reg_src = os.path.join(args.work, "gc-registry2-src")
    berth_src = os.path.join(args.work, "gc-berth-src")
    for d in (reg_src, berth_src):
        shutil.rmtree(d, ignore_errors=True)
    with c.CpuMeter(None) as m:
        generate_registry_layout(reg_src, B, M)
    log(f"  registry:2 layout generated in {m.wall:.1f}s")
    srv = s.start_berth(args.work, args.jar, data=berth_src)[0]
    try:
        with c.CpuMeter(srv.pid) as m:
            push_content(srv, B, M, threads=args.populate_threads, single_post=True)
        log(f"  Berth filled over HTTP in {m.wall:.1f}s ({(B + M) / m.wall:.0f} objects/s, cpu {m.cpu:.1f}s)")
        res.add("gc_fill_objects_per_s", "Berth", (B + M) / m.wall, wall_s=m.wall, cpu_s=m.cpu)
    finally:
        srv.stop()

    reg_blobs_before = count_files(os.path.join(reg_src, "docker/registry/v2/blobs"), "data")
    berth_blobs_before = count_files(os.path.join(berth_src, "storage", "blobs"))
    for rep in range(args.gc_reps):
        for name in (["registry:2", "Berth"] if rep % 2 == 0 else ["Berth", "registry:2"]):
            data = os.path.join(args.work, "gc-run")
            shutil.rmtree(data, ignore_errors=True)
            src = reg_src if name == "registry:2" else berth_src
            subprocess.run(["cp", "-a", src, data], check=True)
            subprocess.run(["sync"], check=True)
            outlog = open(os.path.join(args.work, f"gc-{name.replace(':', '')}-{rep}.log"), "w")
            if name == "registry:2":
                cfg = os.path.join(args.work, "gc-registry2.yml")
                with open(cfg, "w") as f:
                    f.write(s.registry_config(data, c.free_port()))
                cmd = ["/usr/bin/docker-registry", "garbage-collect", "--delete-untagged", cfg]
            else:
                cmd = ["java", "-jar", args.jar, "gc", "--data", data, "--delete-untagged", "--grace", "0s"]
            rc, wall, cpu, maxrss = c.run_measured(cmd, stdout=outlog, stderr=subprocess.STDOUT)
            outlog.close()
            if rc != 0:
                raise RuntimeError(f"{name} GC exited with {rc}; see {outlog.name}")
            if name == "registry:2":
                before, after = reg_blobs_before, count_files(os.path.join(data, "docker/registry/v2/blobs"), "data")
            else:
                before, after = berth_blobs_before, count_files(os.path.join(data, "storage", "blobs"))
            res.add("gc_s", name, wall, cpu_s=cpu, peak_rss_mib=maxrss / 1024, blob_files_before=before,
                    blob_files_after=after, rep=rep)
            log(f"  {name} GC: {wall:.1f}s wall, {cpu:.1f}s cpu, peak RSS {maxrss / 1024:.0f} MiB; "
                f"blob files {before} -> {after}")
            shutil.rmtree(data, ignore_errors=True)
