#!/usr/bin/env bash
# Makes the RPM from the tree make-deb.sh staged (run it first):
#
#   make-rpm.sh IMAGE OUT_DIR VERSION      writes OUT_DIR/berth-<version>-<release>.<arch>.rpm
#
# RPM versions cannot hold '-': 0.1.0-SNAPSHOT becomes version 0.1.0, release 0.snapshot, which
# sorts before the release 0.1.0-1. Needs rpmbuild (Debian: apt-get install rpm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$2" && pwd) version=$3
deb_root=$(cd "$out/.." && pwd)/deb/root
[ -d "$deb_root/opt/berth" ] || { echo "make-rpm.sh: $deb_root is missing: make-deb.sh stages it" >&2; exit 1; }
full=${BERTH_VERSION:-$version}
release=1
if [ "$full" != "$version" ]; then
  release=0.$(echo "${full#*-}" | tr '[:upper:]-' '[:lower:].')
fi

work=$(cd "$out/.." && pwd)/rpm
rm -rf "$work"
mkdir -p "$work/root"
cp -a "$deb_root/." "$work/root/"
rm -rf "$work/root/DEBIAN"
mkdir -p "$work/root/usr/lib/systemd"
mv "$work/root/lib/systemd/system" "$work/root/usr/lib/systemd/system"
rm -rf "$work/root/lib"

rpmbuild -bb --quiet "$here/rpm/berth.spec" \
  --define "_topdir $work/build" --define "_rpmdir $out" --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" \
  --define "berth_version $version" --define "berth_release $release" --define "berth_root $work/root" \
  --define "berth_homepage $BERTH_HOMEPAGE" --define "berth_maintainer $BERTH_MAINTAINER" \
  --define "berth_summary $BERTH_DESCRIPTION" 2>"$work/rpmbuild.log" \
  || { cat "$work/rpmbuild.log" >&2; exit 1; }
rpm=$(ls "$out"/berth-"$version"-"$release".*.rpm)
echo "make-rpm.sh: $rpm ($(du -h "$rpm" | cut -f1))"
