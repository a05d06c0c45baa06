#!/usr/bin/env bash
# Berth vs registry:2 vs the machine's limits, in one run. See bench/README.md.
#   bench/run.sh                      # full run (1 GiB blob, 10,000 repositories, GC over 100,000 blobs)
#   bench/run.sh --quick              # a few minutes: 64 MiB blob, 1,000 repositories, GC over 10,000 blobs
#   bench/run.sh --size 4G --only push,pull
# Any other option goes to bench/bench.py (bench/run.sh --help lists them).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

missing=()
for tool in java python3 /usr/bin/docker-registry nginx wrk curl openssl dd; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  echo "missing: ${missing[*]} (Debian: apt-get install -y docker-registry nginx wrk curl openssl default-jre-headless)" >&2
  exit 2
fi
if [[ ! -f "$root/target/berth.jar" ]]; then
  echo "target/berth.jar is missing: build it first (mvn -B -DskipTests package)" >&2
  exit 2
fi

args=()
for a in "$@"; do
  if [[ "$a" == --quick ]]; then
    args+=(--size 64M --parallel-size 16M --reps 3 --reps-startup 3 --reps-listing 3 --wrk-seconds 3 --wrk-warmup 2 --listing-warmup 2
           --repos 1000 --tags 500 --rss-sizes 16M,64M --gc-blobs 10000 --gc-manifests 1000)
  else
    args+=("$a")
  fi
done
exec python3 "$here/bench.py" --command "bench/run.sh $*" "${args[@]}"
