"""Starting the servers under test on loopback: registry:2, Berth and nginx, with equivalent settings.

- registry:2 (Debian's docker-registry, CNCF Distribution 2.8): filesystem storage, delete on,
  the in-memory blob descriptor cache of the stock config, no auth, access log off (Berth logs no
  requests either), upload purging off (a background job Berth does not run during the benchmark).
- Berth: `java -jar berth.jar serve`, auth none (the default), delete on (the default), with the
  JVM's default options, exactly as a user starts it.
- nginx: the physical baseline. PUT through the dav module into a temp file then rename (what a
  registry does with an upload), GET with sendfile.
"""
import os
import shutil
import subprocess
import time

from common import free_port, stop, wait_http_ok


class Server:
    def __init__(self, name, proc, port, data, log):
        self.name = name
        self.proc = proc
        self.port = port
        self.data = data
        self.log = log

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        stop(self.proc)
        self.log.close()


def registry_config(data, port):
    return f"""version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: {data}
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:{port}
catalog:
  maxentries: 10000
"""


def start_registry(work, data=None, port=None, fresh=True):
    """Returns (Server, started_at perf_counter, ready_at perf_counter)."""
    port = port or free_port()
    data = data or os.path.join(work, "registry2-data")
    if fresh and os.path.exists(data):
        shutil.rmtree(data)
    os.makedirs(data, exist_ok=True)
    cfg = os.path.join(work, f"registry2-{port}.yml")
    with open(cfg, "w") as f:
        f.write(registry_config(data, port))
    log = open(os.path.join(work, f"registry2-{port}.log"), "w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/docker-registry", "serve", cfg], stdout=log, stderr=subprocess.STDOUT)
    ready = wait_http_ok(port)
    s = Server("registry:2", proc, port, data, log)
    s.config = cfg
    return s, t0, ready


def start_berth(work, jar, data=None, port=None, fresh=True, jvm_opts=()):
    port = port or free_port()
    data = data or os.path.join(work, "berth-data")
    if fresh and os.path.exists(data):
        shutil.rmtree(data)
    os.makedirs(data, exist_ok=True)
    log = open(os.path.join(work, f"berth-{port}.log"), "w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(["java", *jvm_opts, "-jar", jar, "serve", "--addr", f"127.0.0.1:{port}", "--data", data],
                            stdout=log, stderr=subprocess.STDOUT)
    ready = wait_http_ok(port)
    return Server("Berth", proc, port, data, log), t0, ready


def start_nginx(work, root):
    port = free_port()
    base = os.path.join(work, "nginx")
    os.makedirs(os.path.join(base, "tmp"), exist_ok=True)
    os.makedirs(os.path.join(root, "v2"), exist_ok=True)
    os.makedirs(os.path.join(root, "up"), exist_ok=True)
    conf = os.path.join(base, "nginx.conf")
    with open(conf, "w") as f:
        user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must write the PUT target
        f.write(user + f"""worker_processes 2;
daemon off;
pid {base}/nginx.pid;
error_log {base}/error.log error;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_max_body_size 0;
  client_body_temp_path {base}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location = /v2/ {{ return 200 '{{}}'; }}
    location /up/ {{
      dav_methods PUT DELETE;
      create_full_put_path on;
      client_body_buffer_size 128k;
    }}
  }}
}}
""")
    log = open(os.path.join(base, "stdout.log"), "w")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", base], stdout=log, stderr=subprocess.STDOUT)
    wait_http_ok(port)
    return Server("nginx", proc, port, root, log)
