#!/usr/bin/env python3
"""Issue 10 in numbers: the price of durable commits, and the database's size over time.

- mput: manifest PUT throughput with 32 clients (wrk -t2 -c32, each request a new manifest to one
  of 100 tags), Berth as built now against an older Berth jar (--baseline-jar, e.g. the commit
  before durable commits) and registry:2, interleaved and repeated in one run.
- size: registry.mv.db while 8 clients do 20,000 small operations against a fresh Berth, sampled
  every 1,000 operations, then a collection that deletes the untagged manifests, then a restart.

Run under the build lock so nothing else runs meanwhile:
    flock /tmp/berth-mvn.lock bench/durability.py --baseline-jar /tmp/berth-before.jar
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
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

PUT_LUA = r"""
local counter = 0
local tid = 0
function setup(thread) tid = tid + 1; thread:set("id", tid) end
function init(args) cfg = args[1]; size = args[2]; run = args[3] end
request = function()
  counter = counter + 1
  local body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' ..
    '"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"' .. cfg ..
    '","size":' .. size .. '},"layers":[],"annotations":{"n":"' .. run .. '-' .. id .. '-' .. counter .. '"}}'
  return wrk.format("PUT", "/v2/load/manifests/t" .. (counter % 100),
    {["Content-Type"]="application/vnd.oci.image.manifest.v1+json"}, body)
end
"""

CONFIG = b'{"architecture":"amd64","os":"linux"}'


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def push_config(port, repository="load"):
    client = c.Client(port)
    c.push_blob_bytes(client, repository, CONFIG)
    client.close()
    return "sha256:" + hashlib.sha256(CONFIG).hexdigest(), len(CONFIG)


def wrk_put(port, seconds, run_id, script):
    digest, size = push_config(port)
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "-s", script, f"http://127.0.0.1:{port}",
                          "--", digest, str(size), run_id], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(bad.group(1)) if bad else 0


def phase_mput(args, work):
    script = os.path.join(work, "put.lua")
    with open(script, "w") as f:
        f.write(PUT_LUA)
    targets = [("Berth", args.jar)]
    if args.baseline_jar:
        targets.append(("Berth before", args.baseline_jar))
    targets.append(("registry:2", None))
    results = {name: [] for name, _ in targets}
    for rep in range(args.reps):
        order = targets[rep % len(targets):] + targets[:rep % len(targets)]
        for name, jar in order:
            if jar:
                server, _, _ = s.start_berth(work, jar, data=os.path.join(work, "mput-" + name.replace(" ", "-")),
                                             jvm_opts=memory_options())
            else:
                server, _, _ = s.start_registry(work, data=os.path.join(work, "mput-registry2"))
            try:
                wrk_put(server.port, args.warmup, f"w{rep}", script)
                rps, bad = wrk_put(server.port, args.seconds, f"r{rep}", script)
            finally:
                server.stop()
            results[name].append(rps)
            log(f"mput rep {rep + 1}: {name}: {rps:,.0f} PUT/s ({bad} non-2xx)")
            if bad:
                raise RuntimeError(f"{name} answered {bad} manifest PUTs with errors")
    table = {name: c.summary(values) for name, values in results.items()}
    return table


def memory_options():
    with open(os.path.join(ROOT, "packaging", "jvm", "memory.options")) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def phase_size(args, work):
    data = os.path.join(work, "size-data")
    server, _, _ = s.start_berth(work, args.jar, data=data, jvm_opts=memory_options())
    db = os.path.join(data, "metadata", "registry.mv.db")
    curve = []
    try:
        digest, size = push_config(server.port, "size/app")
        manifests = []
        local = threading.local()

        def operation(i):
            if not hasattr(local, "client"):
                local.client = c.Client(server.port)
            client = local.client
            kind = i % 3 if manifests else 0
            if kind == 0:
                body = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                   "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                              "digest": digest, "size": size},
                                   "layers": [], "annotations": {"n": str(i)}}).encode()
                c.put_manifest(client, "size/app", f"t{i % 100}", body)
                return "sha256:" + hashlib.sha256(body).hexdigest(), body
            d, body = manifests[i % len(manifests)]
            c.put_manifest(client, "size/app", f"t{i % 100}" if kind == 1 else d, body)
            return None

        done = 0
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            while done < args.operations:
                batch = list(pool.map(operation, range(done, done + 1000)))
                manifests.extend(b for b in batch if b)
                done += 1000
                time.sleep(1.0)  # let replaced chunks pass the retention time
                curve.append((done, len(manifests), os.path.getsize(db)))
                log(f"size: {done} operations, {len(manifests)} manifests, {os.path.getsize(db) >> 10} KiB")
        before_gc = os.path.getsize(db)
        t0 = time.perf_counter()
        out = subprocess.run(["curl", "-s", "-X", "POST",
                              f"http://127.0.0.1:{server.port}/berth/v1/gc?graceSeconds=0&deleteUntagged=true"],
                             capture_output=True, text=True, check=True).stdout
        gc_seconds = time.perf_counter() - t0
        report = json.loads(out.strip().splitlines()[-1])
        time.sleep(1.0)
        after_gc = os.path.getsize(db)
    finally:
        server.stop()
    t0 = time.perf_counter()
    server, _, ready = s.start_berth(work, args.jar, data=data, fresh=False, jvm_opts=memory_options())
    restart = ready - t0
    server.stop()
    after_restart = os.path.getsize(db)
    return dict(curve=curve, before_gc=before_gc, after_gc=after_gc, after_restart=after_restart,
                gc_seconds=gc_seconds, deleted=report.get("manifestsDeleted"), restart_seconds=restart)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "berth.jar"))
    ap.add_argument("--baseline-jar", help="an older berth.jar to compare manifest PUTs with")
    ap.add_argument("--only", default="mput,size")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--operations", type=int, default=20_000)
    ap.add_argument("--work", default="/tmp/berth-bench-durability")
    ap.add_argument("--out", default=os.path.join(HERE, "durability.json"))
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    results = {"git": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                     cwd=ROOT).stdout.strip(), "when": time.strftime("%Y-%m-%d %H:%M")}
    phases = args.only.split(",")
    if "mput" in phases:
        results["mput"] = phase_mput(args, args.work)
    if "size" in phases:
        results["size"] = phase_size(args, args.work)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
