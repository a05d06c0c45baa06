#!/usr/bin/env bash
# Proves a packaged launcher works without a display: the trimmed runtime has every module the
# registry, TLS and token signing need. Usage: smoke-test.sh PATH/TO/bin/Berth
set -euo pipefail
launcher=$1
data=$(mktemp -d)
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data" "$log"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# EC key generation fails at run time if jdk.crypto.ec is missing from the runtime.
"$launcher" cert create --data "$data" --host localhost >/dev/null

"$launcher" serve --addr "127.0.0.1:$port" --data "$data" --tls >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if curl -fsS --cacert "$data/tls/ca.crt" "https://localhost:$port/v2/" >/dev/null 2>&1; then
    echo "smoke test passed: the packaged registry answered over HTTPS on port $port"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
echo "smoke test failed; server log:" >&2
cat "$log" >&2
exit 1
