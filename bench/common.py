"""Shared helpers for the Berth benchmark: processes, /proc accounting, HTTP, statistics.

Standard library only. Every figure the benchmark reports comes from these helpers, so they are
kept small enough to audit in one sitting.
"""
import hashlib
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.parse

CLK_TCK = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024


# ---------------------------------------------------------------- sizes and statistics

def parse_size(text):
    """'1G' / '256M' / '4096' -> bytes (binary units)."""
    text = text.strip().upper().rstrip("B").rstrip("I")
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def human_size(n):
    for unit, f in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= f and n % f == 0:
            return f"{n // f} {unit}"
    return f"{n} B"


def summary(values):
    """Median, min, max and spread ((max-min)/median) of a list of numbers."""
    vals = [v for v in values if v is not None]
    if not vals:
        return {"n": 0, "median": None, "min": None, "max": None, "spread": None, "values": values}
    med = statistics.median(vals)
    return {
        "n": len(vals),
        "median": med,
        "min": min(vals),
        "max": max(vals),
        "spread": (max(vals) - min(vals)) / med if med else None,
        "values": values,
    }


# ---------------------------------------------------------------- /proc accounting

def process_tree(pid):
    """pid and all its descendants (nginx master + workers)."""
    pids = [pid]
    i = 0
    while i < len(pids):
        p = pids[i]
        i += 1
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    pids.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return pids


def cpu_seconds(pid):
    """utime + stime of a process tree, from /proc/PID/stat (fields 14 and 15), in seconds."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                stat = f.read()
        except FileNotFoundError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def status_kib(pid, key):
    """A 'kB' field of /proc/PID/status summed over the process tree (VmHWM, VmRSS)."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def reset_peak_rss(pid):
    """Resets VmHWM to the current RSS (writing 5 to clear_refs, Linux >= 4.0)."""
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/clear_refs", "w") as f:
                f.write("5")
        except (FileNotFoundError, PermissionError):
            pass


class CpuMeter:
    """Server CPU seconds and wall seconds between start() and stop()."""

    def __init__(self, pid):
        self.pid = pid

    def __enter__(self):
        self.cpu0 = cpu_seconds(self.pid) if self.pid else 0.0
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = (cpu_seconds(self.pid) - self.cpu0) if self.pid else None
        return False


# ---------------------------------------------------------------- ports and processes

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http_ok(port, path="/v2/", timeout=60.0, interval=0.002):
    """Polls until GET path answers 200; returns the time it happened (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            conn.close()
            if r.status == 200:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(interval)
    raise TimeoutError(f"nothing answered 200 on 127.0.0.1:{port}{path} within {timeout} s")


def stop(proc, timeout=40):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_measured(cmd, **kw):
    """Runs a command to completion; returns (exit code, wall s, cpu s, peak RSS KiB) via wait4."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, **kw)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


# ---------------------------------------------------------------- HTTP

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(4 * MIB)
            if not b:
                break
            h.update(b)
    return "sha256:" + h.hexdigest()


def sha256_bytes(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def path_of(location):
    """Path and query of a Location header (registry:2 answers absolute URLs, others may not)."""
    u = urllib.parse.urlsplit(location)
    return u.path + (("?" + u.query) if u.query else "")


def add_query(path, key, value):
    return path + ("&" if "?" in path else "?") + key + "=" + urllib.parse.quote(value, safe=":")


class Client:
    """One persistent HTTP/1.1 connection; bodies from files go out with sendfile (no copying)."""

    def __init__(self, port, timeout=600):
        self.port = port
        self.timeout = timeout
        self.conn = None

    def _connect(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None, file=None, offset=0, count=0):
        """Sends a request (body bytes, or `count` bytes of `file` from `offset`); returns (status, headers, body)."""
        headers = dict(headers or {})
        for attempt in (1, 2):
            conn = self._connect()
            try:
                conn.putrequest(method, path, skip_accept_encoding=True)
                length = len(body) if body is not None else count
                if method in ("POST", "PUT", "PATCH") or length:
                    headers.setdefault("Content-Length", str(length))
                for k, v in headers.items():
                    conn.putheader(k, v)
                conn.endheaders()
                if body:
                    conn.sock.sendall(body)
                elif file is not None and count:
                    sent = 0
                    while sent < count:
                        n = conn.sock.sendfile(file, offset + sent, count - sent)
                        if not n:
                            raise IOError("sendfile sent nothing")
                        sent += n
                resp = conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, resp, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2 or file is not None:
                    raise


def expect(status, want, what, data=b""):
    if status not in (want if isinstance(want, tuple) else (want,)):
        raise RuntimeError(f"{what}: HTTP {status} (wanted {want}): {data[:300]!r}")


def push_blob_monolithic(client, repo, digest, file, size):
    """POST (start) + PUT ?digest= with the whole body: the spec's monolithic upload."""
    st, r, d = client.request("POST", f"/v2/{repo}/blobs/uploads/")
    expect(st, 202, f"POST upload {repo}", d)
    loc = add_query(path_of(r.getheader("Location")), "digest", digest)
    st, r, d = client.request("PUT", loc, file=file, count=size,
                              headers={"Content-Type": "application/octet-stream"})
    expect(st, 201, f"PUT blob {repo}", d)


def push_blob_chunked(client, repo, digest, file, size, chunk):
    """POST + PATCH chunks with Content-Range + empty PUT ?digest=."""
    st, r, d = client.request("POST", f"/v2/{repo}/blobs/uploads/")
    expect(st, 202, f"POST upload {repo}", d)
    loc = path_of(r.getheader("Location"))
    off = 0
    while off < size:
        n = min(chunk, size - off)
        st, r, d = client.request("PATCH", loc, file=file, offset=off, count=n, headers={
            "Content-Type": "application/octet-stream",
            "Content-Range": f"{off}-{off + n - 1}"})
        expect(st, 202, f"PATCH chunk at {off}", d)
        loc = path_of(r.getheader("Location"))
        off += n
    st, r, d = client.request("PUT", add_query(loc, "digest", digest))
    expect(st, 201, f"PUT complete {repo}", d)


def push_blob_bytes(client, repo, data, digest=None):
    """A small blob: POST + PUT (works on registry:2 and Berth alike)."""
    digest = digest or sha256_bytes(data)
    st, r, d = client.request("POST", f"/v2/{repo}/blobs/uploads/")
    expect(st, 202, f"POST upload {repo}", d)
    loc = add_query(path_of(r.getheader("Location")), "digest", digest)
    st, r, d = client.request("PUT", loc, body=data, headers={"Content-Type": "application/octet-stream"})
    expect(st, 201, f"PUT blob {repo}", d)
    return digest


def mount_blob(client, repo, digest, source):
    st, r, d = client.request("POST", f"/v2/{repo}/blobs/uploads/?mount={digest}&from={source}")
    expect(st, 201, f"mount {digest} into {repo}", d)


OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"


def manifest_bytes(config, layers):
    """An OCI image manifest; config and layers are (digest, size) pairs."""
    return json.dumps({
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": config[0], "size": config[1]},
        "layers": [{"mediaType": OCI_LAYER, "digest": d, "size": s} for d, s in layers],
    }, separators=(",", ":"), sort_keys=True).encode()


def put_manifest(client, repo, reference, body):
    st, r, d = client.request("PUT", f"/v2/{repo}/manifests/{reference}", body=body,
                              headers={"Content-Type": OCI_MANIFEST})
    expect(st, 201, f"PUT manifest {repo}:{reference}", d)
