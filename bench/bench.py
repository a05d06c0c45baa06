#!/usr/bin/env python3
"""Berth vs registry:2 vs the machine's limits, in one run (issue 6), plus the GC benchmark (issue 5).

Run through bench/run.sh; see bench/README.md for what each number means.
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as c  # noqa: E402
import servers as s  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Results:
    """Raw samples per (metric, target); saved after every phase so a crash loses nothing."""

    def __init__(self, path, meta):
        self.path = path
        self.data = {"meta": meta, "samples": {}, "notes": []}

    def add(self, metric, target, value, **extra):
        entry = self.data["samples"].setdefault(metric, {}).setdefault(target, [])
        entry.append(dict(value=value, **extra))

    def note(self, text):
        print("NOTE:", text, flush=True)
        self.data["notes"].append(text)

    def save(self):
        with open(self.path, "w") as f:
            json.dump(self.data, f, indent=1)


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def rotated(items, rep):
    k = rep % len(items)
    return items[k:] + items[:k]


def sync():
    subprocess.run(["sync"], check=True)


def make_random_file(path, size):
    if os.path.exists(path) and os.path.getsize(path) == size:
        return
    log(f"writing {c.human_size(size)} of random bytes to {path}")
    with open(path, "wb") as f:  # openssl rand takes at most 2^31-1 bytes per call
        left = size
        while left:
            n = min(left, 1 << 30)
            subprocess.run(["openssl", "rand", str(n)], stdout=f, check=True)
            left -= n
    if os.path.getsize(path) != size:
        raise RuntimeError(f"{path} has {os.path.getsize(path)} bytes, expected {size}")


def machine_info():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stderr.strip() or \
                subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        mem = f.readline().split(":")[1].strip()
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "kernel": platform.release(),
        "java": first(["java", "-version"]).replace("\n", " | "),
        "registry2": subprocess.run(["/usr/bin/docker-registry", "--version"], capture_output=True, text=True).stdout.strip(),
        "nginx": first(["nginx", "-v"]),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip(),
        "openssl": subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip(),
        "loadavg_at_start": open("/proc/loadavg").read().strip(),
    }


# ------------------------------------------------------------------------------------------ phases

def phase_startup(args, res):
    """Time from exec to the first 200 on GET /v2/, fresh empty data folder each time."""
    log("startup time")
    for rep in range(args.reps_startup):
        for name in rotated(["registry:2", "Berth"], rep):
            data = os.path.join(args.work, "startup-data")
            if name == "Berth":
                srv, t0, ready = s.start_berth(args.work, args.jar, data=data)
            else:
                srv, t0, ready = s.start_registry(args.work, data=data)
            res.add("startup_ms", name, (ready - t0) * 1000)
            srv.stop()
            shutil.rmtree(data, ignore_errors=True)
    res.save()


def measure_push(res, metric, srv, fn, size, rep):
    sync()
    c.reset_peak_rss(srv.pid)
    with c.CpuMeter(srv.pid) as m:
        fn()
    hwm = c.status_kib(srv.pid, "VmHWM")
    res.add(metric, srv.name, size / c.MIB / m.wall, wall_s=m.wall, cpu_s=m.cpu,
            cpu_s_per_gib=m.cpu / (size / (1 << 30)), peak_rss_mib=hwm / 1024, rep=rep)
    log(f"  {metric} {srv.name}: {size / c.MIB / m.wall:.0f} MiB/s, cpu {m.cpu:.2f}s, peak RSS {hwm / 1024:.0f} MiB")


def phase_push(args, res, reg, berth, nginx, blob, digest, size):
    log(f"push of {c.human_size(size)}: monolithic and chunked ({c.human_size(args.chunk)} PATCH)")
    for rep in range(args.reps):
        for target in rotated(["openssl", "copy+fsync", "nginx", "registry:2", "Berth"], rep):
            if target == "openssl":
                with c.CpuMeter(None) as m:
                    out = subprocess.run(["openssl", "dgst", "-sha256", blob], capture_output=True, text=True, check=True)
                assert digest[7:] in out.stdout, out.stdout
                res.add("sha256_mibps", "openssl", size / c.MIB / m.wall, wall_s=m.wall, rep=rep)
                log(f"  openssl dgst: {size / c.MIB / m.wall:.0f} MiB/s")
            elif target == "copy+fsync":
                dst = os.path.join(args.work, "copy.bin")
                sync()
                with c.CpuMeter(None) as m:
                    subprocess.run(["dd", f"if={blob}", f"of={dst}", "bs=1M", "conv=fsync", "status=none"], check=True)
                os.remove(dst)
                res.add("push_mono_mibps", "copy+fsync", size / c.MIB / m.wall, wall_s=m.wall, rep=rep)
                log(f"  copy+fsync: {size / c.MIB / m.wall:.0f} MiB/s")
            elif target == "nginx":
                def put():
                    cl = c.Client(nginx.port)
                    with open(blob, "rb") as f:
                        st, _, d = cl.request("PUT", f"/up/large-{rep}", file=f, count=size)
                    cl.close()
                    c.expect(st, (201, 204), "nginx PUT", d)
                measure_push(res, "push_mono_mibps", nginx, put, size, rep)
                os.remove(os.path.join(nginx.data, "up", f"large-{rep}"))
            else:
                srv = reg if target == "registry:2" else berth
                for mode in ("mono", "chunked"):
                    def push():
                        cl = c.Client(srv.port)
                        with open(blob, "rb") as f:
                            if mode == "mono":
                                c.push_blob_monolithic(cl, "bench/large", digest, f, size)
                            else:
                                c.push_blob_chunked(cl, "bench/large", digest, f, size, args.chunk)
                        cl.close()
                    measure_push(res, f"push_{mode}_mibps", srv, push, size, rep)
        res.save()


def curl_get(port, path, out="/dev/null"):
    r = subprocess.run(["curl", "-s", "-o", out, "-w", "%{http_code} %{size_download}",
                        f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True)
    code, n = r.stdout.split()
    if code != "200":
        raise RuntimeError(f"GET {path} on port {port}: HTTP {code}")
    return int(n)


def phase_pull(args, res, targets, paths, size):
    log(f"pull of {c.human_size(size)} (warm cache)")
    for rep in range(args.reps):
        for srv in rotated(targets, rep):
            c.reset_peak_rss(srv.pid)
            with c.CpuMeter(srv.pid) as m:
                n = curl_get(srv.port, paths[srv.name])
            assert n == size, (srv.name, n)
            hwm = c.status_kib(srv.pid, "VmHWM")
            res.add("pull_mibps", srv.name, size / c.MIB / m.wall, wall_s=m.wall, cpu_s=m.cpu,
                    cpu_s_per_gib=m.cpu / (size / (1 << 30)), peak_rss_mib=hwm / 1024, rep=rep)
            log(f"  pull {srv.name}: {size / c.MIB / m.wall:.0f} MiB/s, cpu {m.cpu:.2f}s, peak RSS {hwm / 1024:.0f} MiB")
        res.save()


def phase_parallel_pull(args, res, targets, paths, size, parallel):
    log(f"{parallel} parallel pulls of {c.human_size(size)}")
    for rep in range(args.reps):
        for srv in rotated(targets, rep):
            url = f"http://127.0.0.1:{srv.port}{paths[srv.name]}"
            with c.CpuMeter(srv.pid) as m:
                procs = [subprocess.Popen(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", url],
                                          stdout=subprocess.PIPE, text=True) for _ in range(parallel)]
                outs = [p.communicate()[0].split() for p in procs]
            assert all(o == ["200", str(size)] for o in outs), (srv.name, outs)
            total = size * parallel
            res.add("pull8_mibps", srv.name, total / c.MIB / m.wall, wall_s=m.wall, cpu_s=m.cpu,
                    cpu_s_per_gib=m.cpu / (total / (1 << 30)), rep=rep)
            log(f"  pull x{parallel} {srv.name}: {total / c.MIB / m.wall:.0f} MiB/s aggregate, cpu {m.cpu:.2f}s")
        res.save()


def wrk(port, path, duration, connections, headers=(), method="GET", script_dir="."):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if method != "GET":
        script = os.path.join(script_dir, f"wrk-{method.lower()}.lua")
        with open(script, "w") as f:
            f.write(f'wrk.method = "{method}"\n')
        cmd += ["-s", script]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return rps, total, int(bad.group(1)) if bad else 0, errors.group(1) if errors else "", \
        p50.group(1) if p50 else "", p99.group(1) if p99 else ""


def ab_head(port, path, duration, connections, headers=()):
    """HEAD load with ApacheBench (-k -i): wrk 4.1 waits for a body after a HEAD response and
    records 0 requests, so HEAD is measured with ab for every target alike."""
    cmd = ["ab", "-q", "-k", "-i", "-c", str(connections), "-t", str(duration), "-n", "100000000"]
    for h in headers:
        cmd += ["-H", h]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"Complete requests:\s+(\d+)", out).group(1))
    bad = re.search(r"Non-2xx responses:\s+(\d+)", out)
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    p50 = re.search(r"\n\s+50%\s+(\d+)", out)
    p99 = re.search(r"\n\s+99%\s+(\d+)", out)
    return rps, total, int(bad.group(1)) if bad else 0, f"{failed} failed" if failed else "", \
        (p50.group(1) + "ms") if p50 else "", (p99.group(1) + "ms") if p99 else ""


def phase_wrk(args, res, targets, small):
    accept = "Accept: " + c.OCI_MANIFEST
    cases = [
        ("manifest_get_rps", "GET", small["manifest_paths"], [accept]),
        ("manifest_head_rps", "HEAD", small["manifest_paths"], [accept]),
        ("blob4k_get_rps", "GET", small["blob_paths"], []),
    ]
    for metric, method, paths, headers in cases:
        log(f"wrk {metric}: {args.wrk_connections} connections, {args.wrk_seconds}s")
        # Warm-up, recorded separately: the JVM compiles Berth's request path during its first
        # seconds; registry:2 (Go) and nginx get the same warm-up for symmetry.
        for srv in targets:
            with c.CpuMeter(srv.pid) as m:
                if method == "HEAD":
                    rps, total = ab_head(srv.port, paths[srv.name], args.wrk_warmup, args.wrk_connections, headers)[:2]
                else:
                    rps, total = wrk(srv.port, paths[srv.name], args.wrk_warmup, args.wrk_connections, headers)[:2]
            res.add(metric + "_warmup", srv.name, rps, requests=total, cpu_us_per_req=m.cpu / max(total, 1) * 1e6)
            log(f"  warm-up {srv.name}: {rps:.0f} req/s, cpu {m.cpu / max(total, 1) * 1e6:.0f} us/req")
        for rep in range(args.reps_wrk):
            for srv in rotated(targets, rep):
                with c.CpuMeter(srv.pid) as m:
                    if method == "HEAD":
                        rps, total, bad, errors, p50, p99 = ab_head(srv.port, paths[srv.name], args.wrk_seconds,
                                                                    args.wrk_connections, headers)
                    else:
                        rps, total, bad, errors, p50, p99 = wrk(srv.port, paths[srv.name], args.wrk_seconds,
                                                                 args.wrk_connections, headers, method, args.work)
                if not total:
                    raise RuntimeError(f"{metric} {srv.name}: no request completed")
                if bad:
                    res.note(f"{metric} {srv.name} rep {rep}: {bad} non-2xx responses")
                res.add(metric, srv.name, rps, requests=total, cpu_s=m.cpu, cpu_us_per_req=m.cpu / total * 1e6,
                        non2xx=bad, socket_errors=errors, p50=p50, p99=p99, rep=rep)
                log(f"  {srv.name}: {rps:.0f} req/s, cpu {m.cpu / total * 1e6:.0f} us/req, p50 {p50} p99 {p99}")
            res.save()


def setup_small(reg, berth, nginx, work):
    """A tiny image (config + one 4 KiB layer) as bench/small:v1 on both registries and as files for nginx."""
    rnd = random.Random(6)
    layer = bytes(rnd.getrandbits(8) for _ in range(4096))
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}).encode()
    ld, cd = c.sha256_bytes(layer), c.sha256_bytes(config)
    manifest = c.manifest_bytes((cd, len(config)), [(ld, len(layer))])
    for srv in (reg, berth):
        cl = c.Client(srv.port)
        c.push_blob_bytes(cl, "bench/small", config)
        c.push_blob_bytes(cl, "bench/small", layer)
        c.put_manifest(cl, "bench/small", "v1", manifest)
        cl.close()
    for rel, data in ((f"v2/bench/small/manifests/v1", manifest), (f"v2/bench/small/blobs/{ld}", layer)):
        p = os.path.join(nginx.data, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    mp = "/v2/bench/small/manifests/v1"
    bp = f"/v2/bench/small/blobs/{ld}"
    return {"config": (cd, len(config)), "layer": (ld, len(layer)), "manifest": manifest,
            "manifest_paths": {"nginx": mp, "registry:2": mp, "Berth": mp},
            "blob_paths": {"nginx": bp, "registry:2": bp, "Berth": bp}}


def populate(args, res, srv, small, repos, tags):
    """10,000 repositories (two mounts + one manifest PUT each) and one repository with 5,000 tags."""
    cd, ld = small["config"][0], small["layer"][0]
    local = threading.local()

    def client():
        if not hasattr(local, "cl"):
            local.cl = c.Client(srv.port)
        return local.cl

    def repo_job(i):
        cl = client()
        name = f"catalog/r{i:05d}"
        c.mount_blob(cl, name, cd, "bench/small")
        c.mount_blob(cl, name, ld, "bench/small")
        c.put_manifest(cl, name, "latest", small["manifest"])

    def tag_job(i):
        c.put_manifest(client(), "bench/tags", f"t{i:05d}", small["manifest"])

    cl = c.Client(srv.port)
    c.mount_blob(cl, "bench/tags", cd, "bench/small")
    c.mount_blob(cl, "bench/tags", ld, "bench/small")
    cl.close()
    with concurrent.futures.ThreadPoolExecutor(args.populate_threads) as pool:
        with c.CpuMeter(srv.pid) as m:
            list(pool.map(repo_job, range(repos)))
        res.add("populate_repos_per_s", srv.name, repos / m.wall, wall_s=m.wall, cpu_s=m.cpu,
                cpu_us_per_req=m.cpu / (3 * repos) * 1e6)
        log(f"  {srv.name}: {repos} repositories in {m.wall:.1f}s ({3 * repos / m.wall:.0f} req/s, cpu {m.cpu / (3 * repos) * 1e6:.0f} us/req)")
        with c.CpuMeter(srv.pid) as m:
            list(pool.map(tag_job, range(tags)))
        res.add("populate_tags_per_s", srv.name, tags / m.wall, wall_s=m.wall, cpu_s=m.cpu,
                cpu_us_per_req=m.cpu / tags * 1e6)
        log(f"  {srv.name}: {tags} tags in {m.wall:.1f}s (cpu {m.cpu / tags * 1e6:.0f} us/req)")


def list_all(srv, path):
    """Follows Link: <...>; rel="next" until the listing ends; returns the number of entries."""
    cl = c.Client(srv.port)
    n = 0
    key = "repositories" if "_catalog" in path else "tags"
    while path:
        st, r, d = cl.request("GET", path)
        c.expect(st, 200, f"GET {path}", d)
        n += len(json.loads(d)[key] or [])
        link = r.getheader("Link")
        path = c.path_of(re.match(r"<([^>]+)>", link).group(1)) if link else None
    cl.close()
    return n


def fetch_pages(srv, path):
    """The bodies of every page of a listing, in order (following Link)."""
    cl = c.Client(srv.port)
    pages = []
    while path:
        st, r, d = cl.request("GET", path)
        c.expect(st, 200, f"GET {path}", d)
        pages.append(d)
        link = r.getheader("Link")
        path = c.path_of(re.match(r"<([^>]+)>", link).group(1)) if link else None
    cl.close()
    return pages


def phase_listings(args, res, targets, nginx):
    """Whole listings, each on a fresh connection as `skopeo list-tags` makes them.

    Baseline: nginx serving Berth's own response bodies as static files (the same bytes and number of
    requests), which is the floor of what this client can measure. Every target first gets
    --listing-warmup untimed listings (Berth's JIT compiles the listing path during its first
    requests); each sample then times a batch of listings sized to about 300 ms of work, so that the
    server CPU time, which /proc counts in 10 ms ticks, means something per listing.
    """
    cases = [("catalog_ms", "/v2/_catalog?n=10000", args.repos), ("tags_ms", "/v2/bench/tags/tags/list?n=10000", args.tags)]
    for metric, path, want in cases:
        log(f"{metric}: {path}")
        paths = {srv.name: path for srv in targets}
        static = os.path.join(nginx.data, "listing", metric)
        os.makedirs(static, exist_ok=True)
        pages = fetch_pages(next(t for t in targets if t.name == "Berth"), path)
        for k, body in enumerate(pages):
            with open(os.path.join(static, f"{k}.json"), "wb") as f:
                f.write(body)

        def list_static():
            cl = c.Client(nginx.port)
            n = 0
            for k in range(len(pages)):
                st, _, d = cl.request("GET", f"/listing/{metric}/{k}.json")
                c.expect(st, 200, "nginx static listing", d)
                n += len(json.loads(d)["repositories" if metric == "catalog_ms" else "tags"] or [])
            cl.close()
            return n

        runners = {srv.name: (lambda srv=srv: list_all(srv, paths[srv.name])) for srv in targets}
        runners["nginx"] = list_static
        servers = list(targets) + [nginx]
        batch = {}
        for srv in servers:
            t0, done = time.perf_counter(), 0
            while done < 3 or time.perf_counter() - t0 < args.listing_warmup:
                runners[srv.name]()
                done += 1
            per = (time.perf_counter() - t0) / done
            batch[srv.name] = max(3, min(200, int(0.3 / max(per, 1e-4))))
            log(f"  {srv.name}: warm-up {per * 1000:.1f} ms per listing; {batch[srv.name]} listings per sample")
        for rep in range(args.reps_listing):
            for srv in rotated(servers, rep):
                k = batch[srv.name]
                with c.CpuMeter(srv.pid) as m:
                    for _ in range(k):
                        n = runners[srv.name]()
                if n < want:
                    raise RuntimeError(f"{srv.name} listed {n} entries for {path}, expected at least {want}")
                res.add(metric, srv.name, m.wall * 1000 / k, entries=n, cpu_ms=m.cpu * 1000 / k, batch=k, rep=rep)
                log(f"  {srv.name}: {m.wall * 1000 / k:.2f} ms per listing of {n} entries (cpu {m.cpu * 1000 / k:.2f} ms)")
        res.save()


def phase_rss_sweep(args, res):
    """Peak RSS of a fresh server pushing then pulling one blob of each size: does it grow with size?"""
    for size in args.rss_sizes:
        blob = os.path.join(args.work, f"blob-{size}.bin")
        make_random_file(blob, size)
        digest = c.sha256_file(blob)
        log(f"RSS sweep: {c.human_size(size)}")
        for name in ("registry:2", "Berth"):
            data = os.path.join(args.work, "sweep-data")
            srv = (s.start_berth(args.work, args.jar, data=data) if name == "Berth"
                   else s.start_registry(args.work, data=data))[0]
            try:
                base = c.status_kib(srv.pid, "VmRSS")
                sync()
                with c.CpuMeter(srv.pid) as m:
                    cl = c.Client(srv.port)
                    with open(blob, "rb") as f:
                        c.push_blob_monolithic(cl, "sweep/blob", digest, f, size)
                    cl.close()
                push_hwm = c.status_kib(srv.pid, "VmHWM")
                c.reset_peak_rss(srv.pid)
                n = curl_get(srv.port, f"/v2/sweep/blob/blobs/{digest}")
                assert n == size
                pull_hwm = c.status_kib(srv.pid, "VmHWM")
                res.add("rss_sweep", name, push_hwm / 1024, size=size, rss_idle_mib=base / 1024,
                        push_peak_mib=push_hwm / 1024, pull_peak_mib=pull_hwm / 1024,
                        push_mibps=size / c.MIB / m.wall, cpu_s_per_gib=m.cpu / (size / (1 << 30)))
                log(f"  {name}: idle {base / 1024:.0f} MiB, push peak {push_hwm / 1024:.0f} MiB, pull peak {pull_hwm / 1024:.0f} MiB")
            finally:
                srv.stop()
                shutil.rmtree(data, ignore_errors=True)
        if size != args.size:
            os.remove(blob)
        res.save()


# ------------------------------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--work", default="/tmp/berth-bench", help="scratch folder (blobs, data folders)")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "berth.jar"))
    ap.add_argument("--size", default="1G", help="large blob size (default 1G)")
    ap.add_argument("--parallel-size", default="128M")
    ap.add_argument("--chunk", default="16M")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--reps-startup", type=int, default=7)
    ap.add_argument("--reps-listing", type=int, default=7)
    ap.add_argument("--listing-warmup", type=float, default=5, help="seconds of untimed listings per target and listing")
    ap.add_argument("--wrk-seconds", type=int, default=8)
    ap.add_argument("--wrk-connections", type=int, default=32)
    ap.add_argument("--wrk-warmup", type=int, default=5, help="seconds of unrecorded-in-the-table warm-up per target")
    ap.add_argument("--reps-wrk", type=int, default=3)
    ap.add_argument("--repos", type=int, default=10000)
    ap.add_argument("--tags", type=int, default=5000)
    ap.add_argument("--populate-threads", type=int, default=4)
    ap.add_argument("--rss-sizes", default="256M,1G,4G", help="comma list; empty to skip")
    ap.add_argument("--gc-blobs", type=int, default=100000)
    ap.add_argument("--gc-manifests", type=int, default=10000)
    ap.add_argument("--gc-reps", type=int, default=1, help="GC runs per registry (each on a fresh copy)")
    ap.add_argument("--only", default="startup,push,pull,wrk,listing,rss,gc",
                    help="comma list of phases: startup,push,pull,wrk,listing,rss,gc")
    ap.add_argument("--out", default=os.path.join(HERE, "results.json"))
    ap.add_argument("--md", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--command", default=" ".join(sys.argv))
    ap.add_argument("--resume", action="store_true", help="keep the samples already in <work>/results-raw.json")
    args = ap.parse_args()
    args.size = c.parse_size(args.size)
    args.parallel_size = c.parse_size(args.parallel_size)
    args.chunk = c.parse_size(args.chunk)
    args.rss_sizes = [c.parse_size(x) for x in args.rss_sizes.split(",") if x.strip()]
    phases = set(args.only.split(","))
    os.makedirs(args.work, exist_ok=True)
    args.work = os.path.abspath(args.work)

    meta = machine_info()
    meta.update(command=args.command, size=args.size, parallel_size=args.parallel_size, chunk=args.chunk,
                reps=args.reps, reps_wrk=args.reps_wrk, wrk_warmup=args.wrk_warmup, wrk_seconds=args.wrk_seconds, wrk_connections=args.wrk_connections,
                repos=args.repos, tags=args.tags, gc_blobs=args.gc_blobs, gc_manifests=args.gc_manifests,
                git=subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip())
    res = Results(os.path.join(args.work, "results-raw.json"), meta)
    if args.resume:  # continue an interrupted run: keep its samples and its metadata
        with open(res.path) as f:
            old = json.load(f)
        res.data["samples"], res.data["notes"] = old["samples"], old["notes"]
        res.data["meta"] = dict(old["meta"], resumed_with=args.command, resumed_at=meta["date"])
        res.note(f"run resumed at {meta['date']} with `{args.command}` after an interruption")
    log(f"machine: {meta['nproc']} x {meta['cpu']}, kernel {meta['kernel']}; load {meta['loadavg_at_start']}")

    if "startup" in phases:
        phase_startup(args, res)

    needs_servers = phases & {"push", "pull", "wrk", "listing"}
    if needs_servers:
        reg = s.start_registry(args.work)[0]
        berth = s.start_berth(args.work, args.jar)[0]
        nginx = s.start_nginx(args.work, os.path.join(args.work, "nginx-root"))
        targets = [nginx, reg, berth]
        try:
            if phases & {"push", "pull"}:
                blob = os.path.join(args.work, f"blob-{args.size}.bin")
                make_random_file(blob, args.size)
                digest = c.sha256_file(blob)
                if "push" in phases:
                    phase_push(args, res, reg, berth, nginx, blob, digest, args.size)
                if "pull" in phases:
                    for srv in (reg, berth):  # the blob must exist even when push was skipped
                        cl = c.Client(srv.port)
                        with open(blob, "rb") as f:
                            c.push_blob_monolithic(cl, "bench/large", digest, f, args.size)
                        cl.close()
                    dst = os.path.join(nginx.data, "large.bin")
                    if not os.path.exists(dst):
                        os.link(blob, dst)
                    paths = {"nginx": "/large.bin", "registry:2": f"/v2/bench/large/blobs/{digest}",
                             "Berth": f"/v2/bench/large/blobs/{digest}"}
                    subprocess.run(["cat", blob], stdout=subprocess.DEVNULL)
                    phase_pull(args, res, targets, paths, args.size)

                    pblob = os.path.join(args.work, f"blob-par-{args.parallel_size}.bin")
                    make_random_file(pblob, args.parallel_size)
                    pdigest = c.sha256_file(pblob)
                    for srv in (reg, berth):
                        cl = c.Client(srv.port)
                        with open(pblob, "rb") as f:
                            c.push_blob_monolithic(cl, "bench/par", pdigest, f, args.parallel_size)
                        cl.close()
                    pdst = os.path.join(nginx.data, "par.bin")
                    if not os.path.exists(pdst):
                        os.link(pblob, pdst)
                    ppaths = {"nginx": "/par.bin", "registry:2": f"/v2/bench/par/blobs/{pdigest}",
                              "Berth": f"/v2/bench/par/blobs/{pdigest}"}
                    for srv in targets:
                        curl_get(srv.port, ppaths[srv.name])  # warm
                    phase_parallel_pull(args, res, targets, ppaths, args.parallel_size, 8)
            small = setup_small(reg, berth, nginx, args.work) if phases & {"wrk", "listing"} else None
            if "wrk" in phases:
                phase_wrk(args, res, targets, small)
            if "listing" in phases:
                log(f"populating {args.repos} repositories and {args.tags} tags")
                for srv in (reg, berth):
                    populate(args, res, srv, small, args.repos, args.tags)
                res.save()
                phase_listings(args, res, [reg, berth], nginx)
        finally:
            for srv in targets:
                srv.stop()

    if "rss" in phases and args.rss_sizes:
        phase_rss_sweep(args, res)

    if "gc" in phases:
        import gcbench
        gcbench.run(args, res, log)
        res.save()

    res.data["meta"]["loadavg_at_end"] = open("/proc/loadavg").read().strip()
    res.save()
    import report
    report.write(res.data, args.out, args.md)
    log(f"wrote {args.out} and {args.md}")


if __name__ == "__main__":
    main()
