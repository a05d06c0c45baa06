#!/usr/bin/env bash
# Makes the Debian package from a Linux app image (jpackage) that cds-archive.sh finished:
#
#   make-deb.sh IMAGE OUT_DIR VERSION      writes OUT_DIR/berth_<version>_<arch>.deb
#
# Not jpackage's own --type deb: that one registers the menu entry with xdg-desktop-menu in its
# post-install script, which fails on a server without menu folders, and it cannot ship the
# systemd unit or /etc/berth/berth.conf. Here every file belongs to the package (so `dpkg -P`
# removes exactly them) and the menu entry and icons are plain files in /usr/share.
# Needs dpkg-deb and dpkg-shlibdeps (Debian: dpkg-dev).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=$1 out=$2 version=$3
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "make-deb.sh: $tool missing (Debian: apt-get install dpkg-dev)" >&2; exit 1; }
done
# Debian orders 0.1.0~SNAPSHOT before 0.1.0, as Maven does.
deb_version=${BERTH_VERSION:-$version}
deb_version=${deb_version//-/\~}
arch=$(dpkg --print-architecture)

mkdir -p "$out"
work=$(cd "$(dirname "$out")" && pwd)/deb
rm -rf "$work"
root=$work/root
umask 022
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/doc/berth" "$root/lib/systemd/system" "$root/etc/berth"
# -a keeps the jar's modification time: the AppCDS archive is valid only for that very file.
cp -a "$image" "$root/opt/berth"
ln -s /opt/berth/bin/berth "$root/usr/bin/berth"
ln -s /opt/berth/bin/berth-server "$root/usr/bin/berth-server"
install -m 0644 "$here/berth.desktop" "$root/usr/share/applications/berth.desktop"
for size in 16 24 32 48 64 128 256 512; do
  install -D -m 0644 "icons/berth-$size.png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/berth.png"
done
install -D -m 0644 icons/berth.svg "$root/usr/share/icons/hicolor/scalable/apps/berth.svg"
install -m 0644 "$here/berth.service" "$root/lib/systemd/system/berth.service"
install -m 0644 "$here/berth.conf" "$root/etc/berth/berth.conf"
install -m 0644 "$here/deb/copyright" "$root/usr/share/doc/berth/copyright"
for script in postinst prerm postrm; do
  install -m 0755 "$here/deb/$script" "$root/DEBIAN/$script"
done
echo /etc/berth/berth.conf >"$root/DEBIAN/conffiles"
chmod -R go-w "$root"

# The shared libraries the runtime's and JavaFX's natives link against, with the versions they
# need, as dpkg-shlibdeps finds them (libgtk-3-0 among them: glass links it). adduser makes the
# service account.
elf=()
while IFS= read -r -d '' file; do
  if [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ]; then elf+=("$file"); fi
done < <(find "$root/opt/berth" -type f -print0)
mkdir -p "$work/shlibs/debian"
printf 'Source: berth\n\nPackage: berth\nArchitecture: any\n' >"$work/shlibs/debian/control"
abs=()
for file in "${elf[@]}"; do abs+=("$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"); done
# -l: the runtime's own libraries (libjvm.so, libjava.so) need no package.
runtime_libs=$(cd "$root/opt/berth/lib/runtime/lib" && pwd)
shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps -O -l"$runtime_libs" -l"$runtime_libs/server" "${abs[@]}" 2>"$work/shlibdeps.log" \
  | sed -n 's/^shlibs:Depends=//p') || true
[ -n "$shlibs" ] || { echo "make-deb.sh: dpkg-shlibdeps found no dependencies:" >&2; cat "$work/shlibdeps.log" >&2; exit 1; }

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: berth
Version: $deb_version
Architecture: $arch
Maintainer: $BERTH_MAINTAINER
Installed-Size: $installed_size
Depends: $shlibs, adduser
Suggests: skopeo | podman | docker.io
Section: devel
Priority: optional
Homepage: $BERTH_HOMEPAGE
Description: $BERTH_DESCRIPTION
 Berth is an OCI and Docker registry with a desktop app: push and pull images on localhost, browse
 repositories, tags, manifests and the files in each layer, manage users, certificates and
 garbage collection. It brings its own Java runtime.
 .
 On a server, the same package runs the registry as the systemd service berth.service (installed
 disabled; options in /etc/berth/berth.conf, data in /var/lib/berth).
CONTROL
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum) >"$root/DEBIAN/md5sums"

deb="$out/berth_${deb_version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "make-deb.sh: $deb ($(du -h "$deb" | cut -f1))"
