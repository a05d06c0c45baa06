#!/usr/bin/env bash
# Start-up times of an installed Berth (the .deb: its class-data archive only works at
# /opt/berth), medians of RUNS (default 7) launches each:
#   serve, empty data folder      launch -> first 200 from GET /v2/ (database created)
#   serve, existing data folder   launch -> first 200 from GET /v2/ (what a restart costs)
#   desktop app                   launch -> window mapped on an X server (Xvfb) -> its registry answers
# Also the same serve without the archive (-Xshare:off on top), for comparison.
# Needs: curl, xvfb (xvfb-run), x11-utils (xwininfo). Usage: packaging/startup-times.sh [RUNS]
set -euo pipefail
runs=${1:-7}
berth=/opt/berth/bin/berth
[ -x "$berth" ] || { echo "startup-times.sh: install the package first (apt install ./target/jpackage/out/berth_*.deb)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Polls every 10 ms; prints milliseconds from launch to the first answer.
serve_once() {
  local data=$1 start pid
  start=$(now)
  "$berth" serve --addr "127.0.0.1:$port" --data "$data" >"$work/serve.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/v2/"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( ($(now) - start) / 1000000 ))
  kill -TERM "$pid"; wait "$pid" || true
}

for i in $(seq "$runs"); do serve_once "$work/fresh-$i"; done | median | sed 's/^/serve, empty data folder (ms): /'
for i in $(seq "$runs"); do serve_once "$work/existing"; done | median | sed 's/^/serve, existing data folder (ms): /'
export JAVA_TOOL_OPTIONS=-Xshare:off
for i in $(seq "$runs"); do serve_once "$work/existing"; done 2>/dev/null | median | sed 's/^/serve, existing data folder, no class-data sharing (ms): /'
unset JAVA_TOOL_OPTIONS

cat >"$work/desktop.sh" <<DESKTOP
set -euo pipefail
mkdir -p "$work/config"
printf '{"address":"127.0.0.1:$port","dataDirectory":"$work/desktop-data"}' >"$work/config/settings.json"
start=\$(date +%s%N)
JAVA_TOOL_OPTIONS=-Dberth.config.dir=$work/config "$berth" >"$work/desktop.log" 2>&1 &
pid=\$!
until xwininfo -root -children | grep -q '"Berth"'; do sleep 0.01; done
window=\$(( (\$(date +%s%N) - start) / 1000000 ))
until curl -fs -o /dev/null "http://127.0.0.1:$port/v2/"; do sleep 0.01; done
echo "\$window \$(( (\$(date +%s%N) - start) / 1000000 ))"
kill -TERM \$pid; wait \$pid || true
DESKTOP
for i in $(seq "$runs"); do xvfb-run -a -s "-screen 0 1280x1024x24" bash "$work/desktop.sh"; done >"$work/desktop.times"
cut -d' ' -f1 "$work/desktop.times" | median | sed 's/^/desktop app, window visible (ms): /'
cut -d' ' -f2 "$work/desktop.times" | median | sed 's/^/desktop app, its registry answers (ms): /'
