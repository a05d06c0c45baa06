#!/usr/bin/env bash
# Adds an AppCDS archive (class-data sharing: Berth's and its libraries' classes, parsed and
# verified once at build time) to a Linux app image, and tells the launcher to use it.
#
#   cds-archive.sh IMAGE INSTALL_DIR NAME      e.g. target/jpackage/image/berth /opt/berth berth
#
# JDK 17 accepts such an archive only if the jar is at the very path it had when the archive was
# made (it has no relocation yet). So the archive is made with the image mounted at the path the
# package installs it to, in a private mount namespace: nothing outside this script sees the
# mount, and the build needs no write access to /opt. As root `unshare --mount` does it; otherwise
# a user namespace does (`unshare --user --map-root-user`).
#
# The training run is the real `serve`: start, answer the API, stop on SIGTERM, which is when the
# JVM writes the archive (-XX:ArchiveClassesAtExit).
set -euo pipefail

if [ "${1:-}" = --inside ]; then
  shift
  image=$1 install=$2 name=$3
  # A fresh /opt holding only the image, so INSTALL_DIR can be created even if /opt is read-only.
  mount -t tmpfs berth-cds "$(dirname "$install")"
  mkdir -p "$install"
  mount --bind "$image" "$install"

  data=$(mktemp -d)
  log=$(mktemp)
  trap 'rm -rf "$data" "$log"' EXIT
  JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$install/lib/app/$name.jsa" \
    "$install/bin/$name" serve --addr 127.0.0.1:0 --data "$data" >"$log" 2>&1 &
  pid=$!
  url=
  for _ in $(seq 1 300); do
    url=$(sed -n 's|.*listening on \(http://[0-9.:]*\).*|\1|p' "$log" | head -1)
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "cds-archive.sh: serve did not start:" >&2; cat "$log" >&2; exit 1; }
  # What a client does first: the version check, a pull of something absent (the error path),
  # a monolithic blob upload, a manifest push, then the catalog and the tag list.
  blob='{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}'
  digest=sha256:$(printf '%s' "$blob" | sha256sum | cut -d' ' -f1)
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"$digest\",\"size\":${#blob}},\"layers\":[]}"
  curl -fsS "$url/v2/" >/dev/null
  curl -sS -o /dev/null "$url/v2/warm/up/manifests/absent"
  curl -fsS -o /dev/null -X POST --data-binary "$blob" -H 'Content-Type: application/octet-stream' \
    "$url/v2/warm/up/blobs/uploads/?digest=$digest"
  curl -fsS -o /dev/null -X PUT --data-binary "$manifest" -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    "$url/v2/warm/up/manifests/v1"
  curl -fsS -o /dev/null "$url/v2/_catalog"
  curl -fsS -o /dev/null "$url/v2/warm/up/tags/list"
  kill -TERM "$pid"
  wait "$pid" || true
  [ -s "$image/lib/app/$name.jsa" ] || { echo "cds-archive.sh: the JVM wrote no archive:" >&2; cat "$log" >&2; exit 1; }
  exit 0
fi

image=$(cd "$1" && pwd) install=$2 name=$3
command -v unshare >/dev/null || { echo "cds-archive.sh: unshare missing (Debian: util-linux)" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then
  unshare --mount --propagation private "$0" --inside "$image" "$install" "$name"
else
  unshare --user --map-root-user --mount "$0" --inside "$image" "$install" "$name"
fi

# Each launcher reads its JVM options from lib/app/LAUNCHER.cfg; $APPDIR is lib/app. All of them
# (berth, berth-server) run the same jar, so they share the one archive: class data does not
# depend on the collector (only archived heap objects do, which the base archive holds).
for cfg in "$image"/lib/app/*.cfg; do
  grep -q '^\[JavaOptions\]' "$cfg" || { echo "cds-archive.sh: no [JavaOptions] in $cfg" >&2; exit 1; }
  sed -i "/^\[JavaOptions\]/a java-options=-XX:SharedArchiveFile=\$APPDIR/$name.jsa" "$cfg"
done
echo "cds-archive.sh: $(du -h "$image/lib/app/$name.jsa" | cut -f1) archive for $install"
