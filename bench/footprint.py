#!/usr/bin/env python3
"""The desktop app's memory footprint, as a person's machine sees it (issue 15, item 11).

Starts the real app (java -jar target/berth.jar, no arguments: window + embedded registry) under
its own Xvfb with the desktop launcher's JVM options (packaging/jvm/desktop.options), in a fresh settings
and data folder, and reads the java process's resident memory (VmRSS) from /proc:

  1. after start: once the registry answers and the window has settled (--settle seconds);
  2. after creating --repos repositories (one tagged image each), while the window's tree follows
     them live;
  3. during --minutes of simulated use: pushes of new tags, pulls of manifests and layers, catalog
     and tag listings, a tag deleted now and then, a garbage-collection dry run every minute.
     Every write reaches the open window as a registry event, so its views refresh as they would
     for a person watching them;
  4. after a restart: the app stopped and started again on the data the use left (the next
     morning, with those repositories already there).

  bench/footprint.py                      # 1,000 repositories, 10 minutes of use
  bench/footprint.py --minutes 60         # the issue's hour
  bench/footprint.py --jvm-options FILE   # try other launcher options
  bench/footprint.py --launcher /opt/berth/bin/berth   # the installed package, class-data archive and all

Needs target/berth.jar (mvn -B -DskipTests package), Xvfb (xvfb) and libgtk-3-0. Prints a JSON
summary and writes it to bench/footprint.json.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Client, expect, free_port, manifest_bytes, push_blob_bytes, put_manifest, sha256_bytes, \
    status_kib, stop, wait_http_ok  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def jvm_options(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def free_display():
    for n in range(90, 200):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            return n
    raise RuntimeError("no free X display between :90 and :199")


def rss_mib(pid):
    return status_kib(pid, "VmRSS") / 1024.0


def push_image(client, repo, tag, seed):
    layer = f"layer of {repo} {seed} ".encode() * 8
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers",
                         "diff_ids": [sha256_bytes(layer)]}, "seed": seed}).encode()
    layer_digest = push_blob_bytes(client, repo, layer)
    config_digest = push_blob_bytes(client, repo, config)
    put_manifest(client, repo, tag, manifest_bytes((config_digest, len(config)), [(layer_digest, len(layer))]))
    return layer_digest


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repos", type=int, default=1000)
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--settle", type=float, default=20, help="seconds to wait after start before measuring")
    p.add_argument("--jvm-options", default=os.path.join(ROOT, "packaging/jvm/desktop.options"))
    p.add_argument("--jar", default=os.path.join(ROOT, "target/berth.jar"))
    p.add_argument("--launcher", help="an installed launcher to run instead of java -jar (e.g. /opt/berth/bin/berth)")
    p.add_argument("--out", default=os.path.join(ROOT, "bench/footprint.json"))
    args = p.parse_args()
    if args.launcher:
        options = [f"(the options of {args.launcher})"]
    elif not os.path.isfile(args.jar):
        sys.exit(f"{args.jar} is missing: build it first (mvn -B -DskipTests package)")

    work = tempfile.mkdtemp(prefix="berth-footprint-")
    config_dir = os.path.join(work, "config")
    os.makedirs(config_dir)
    port = free_port()
    with open(os.path.join(config_dir, "settings.json"), "w") as f:
        json.dump({"address": f"127.0.0.1:{port}", "dataDirectory": os.path.join(work, "data"), "deleteEnabled": True,
                   "windowWidth": 1280, "windowHeight": 800}, f)
    display = free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not args.launcher:
        options = jvm_options(args.jvm_options)
    env = dict(os.environ, DISPLAY=f":{display}", HOME=work)
    log = open(os.path.join(work, "app.log"), "w")
    app = None
    samples = []
    try:
        deadline = time.time() + 10
        while not os.path.exists(f"/tmp/.X11-unix/X{display}") and time.time() < deadline:
            time.sleep(0.05)
        def start_app():
            properties = [f"-Dberth.config.dir={config_dir}", f"-Duser.home={work}"]
            if args.launcher:
                # The launcher's own options (its .cfg, with the class-data archive) and ours on top.
                command = [args.launcher]
                app_env = dict(env, JAVA_TOOL_OPTIONS=" ".join(properties))
            else:
                command = ["java", *options, *properties, "-jar", args.jar]
                app_env = env
            proc = subprocess.Popen(command, env=app_env, stdout=log, stderr=subprocess.STDOUT)
            started = time.perf_counter()
            wait_http_ok(port, timeout=120)
            return proc, time.perf_counter() - started

        app, ready = start_app()
        at_ready = rss_mib(app.pid)
        time.sleep(args.settle)
        after_start = rss_mib(app.pid)
        samples.append(("start", 0.0, after_start))

        client = Client(port)
        t1 = time.perf_counter()
        layers = {}
        for i in range(args.repos):
            repo = f"team-{i % 20:02d}/app-{i:04d}"
            layers[repo] = push_image(client, repo, "v1", i)
        created_s = time.perf_counter() - t1
        time.sleep(args.settle)
        after_repos = rss_mib(app.pid)
        samples.append(("repos", 0.0, after_repos))

        rnd = random.Random(15)
        repos = list(layers)
        end = time.perf_counter() + args.minutes * 60
        next_sample = time.perf_counter()
        next_gc = time.perf_counter() + 60
        operations = 0
        use_start = time.perf_counter()
        while time.perf_counter() < end:
            repo = rnd.choice(repos)
            action = rnd.random()
            if action < 0.25:
                layers[repo] = push_image(client, repo, f"v{rnd.randrange(2, 50)}", rnd.randrange(1 << 30))
            elif action < 0.75:
                st, _, d = client.request("GET", f"/v2/{repo}/manifests/v1",
                                          headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
                expect(st, (200, 404), f"pull manifest {repo}", d)
                st, _, d = client.request("GET", f"/v2/{repo}/blobs/{layers[repo]}")
                expect(st, (200, 404), f"pull layer {repo}", d)
            elif action < 0.9:
                st, _, d = client.request("GET", f"/v2/{repo}/tags/list")
                expect(st, 200, f"tags of {repo}", d)
            elif action < 0.97:
                st, _, d = client.request("GET", "/v2/_catalog?n=100")
                expect(st, 200, "catalog", d)
            else:
                st, _, d = client.request("GET", f"/v2/{repo}/tags/list")
                tags = [t for t in json.loads(d).get("tags") or [] if t != "v1"]
                if tags:
                    st, _, d = client.request("DELETE", f"/v2/{repo}/manifests/{rnd.choice(tags)}")
                    expect(st, (202, 404), f"delete a tag of {repo}", d)
            operations += 1
            now = time.perf_counter()
            if now >= next_gc:
                st, _, d = client.request("POST", "/berth/v1/gc?dryRun=true")
                expect(st, 200, "gc dry run", d)
                next_gc = now + 60
            if now >= next_sample:
                samples.append(("use", (now - use_start) / 60, rss_mib(app.pid)))
                next_sample = now + 10
            time.sleep(0.02)  # a busy team, not a load test: about 50 requests a second at most
        time.sleep(args.settle)
        after_use = rss_mib(app.pid)
        samples.append(("end", args.minutes, after_use))
        hwm = status_kib(app.pid, "VmHWM") / 1024.0
        # The next morning: the same app started again on the data the hour left.
        stop(app)
        app, _ = start_app()
        time.sleep(args.settle)
        after_restart = rss_mib(app.pid)
        samples.append(("restart", args.minutes, after_restart))
        result = {
            "jvm_options": options,
            "repositories": args.repos,
            "minutes_of_use": args.minutes,
            "operations": operations,
            "ready_seconds": round(ready, 2),
            "rss_mib": {
                "at_ready": round(at_ready, 1),
                "after_start": round(after_start, 1),
                "after_repositories": round(after_repos, 1),
                "during_use_max": round(max(s[2] for s in samples if s[0] == "use") if operations else after_repos, 1),
                "after_use": round(after_use, 1),
                "peak": round(hwm, 1),
                "after_restart": round(after_restart, 1),
            },
            "repositories_created_seconds": round(created_s, 1),
            "samples": [{"phase": ph, "minute": round(m, 2), "rss_mib": round(r, 1)} for ph, m, r in samples],
        }
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=2))
    finally:
        if app is not None:
            stop(app)
        stop(xvfb)
        log.close()


if __name__ == "__main__":
    main()
