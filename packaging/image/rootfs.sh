#!/usr/bin/env bash
# The base of Berth's container image, for `mvn -Pimage package` (jib adds the app on top):
#
#   target/image/root/
#     opt/java/                a jlinked runtime without JavaFX (the image only runs `serve`)
#     lib/, lib64/             the C libraries that runtime links against, copied from this
#                              Debian machine, with their copyright files in usr/share/doc/
#     etc/passwd, etc/group    the user berth (10001, group 0) that the image runs as
#     var/lib/berth/           the data volume; proc/ dev/ sys/ tmp/ for the container runtime
#
# No base image is pulled (jib starts from scratch), so the image holds nothing Berth does not run.
# Environment from Maven: BERTH_JAVA_HOME. Input: target/jpackage/input/berth.jar is not needed;
# the modules come from the jar Maven built, target/berth.jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -n "${BERTH_JAVA_HOME:-}" ] || { echo "rootfs.sh: BERTH_JAVA_HOME is not set (run: mvn -Pimage package)" >&2; exit 1; }
bin=$BERTH_JAVA_HOME/bin
[ -d "$BERTH_JAVA_HOME/jmods" ] || { echo "rootfs.sh: no jmods in $BERTH_JAVA_HOME (Debian 12: openjdk-17-jdk-headless holds them; Ubuntu: openjdk-17-jmods)" >&2; exit 1; }
[ "$(uname -s)" = Linux ] || { echo "rootfs.sh: the image is built on Linux" >&2; exit 1; }

root=target/image/root
rm -rf target/image
mkdir -p "$root"

# The modules of the desktop package minus JavaFX and the locale data (see
# packaging/jpackage/build.sh): a server answers in the registry API's one language.
modules=$("$bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 target/berth.jar)
modules="$modules,jdk.crypto.ec,jdk.zipfs"
"$bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$root/opt/java"
# The archive for heaps above 32 GB, which this image's JVM options never allow.
rm -f "$root/opt/java/lib/server/classes_nocoops.jsa"
# Debian's JDK links cacerts to /etc/ssl/certs/java/cacerts; the image has no /etc/ssl, so the
# trust store (for TLS upstreams) is copied in as a file.
if [ -L "$root/opt/java/lib/security/cacerts" ]; then
  cp --remove-destination "$(readlink -f "$root/opt/java/lib/security/cacerts")" "$root/opt/java/lib/security/cacerts"
fi

# The C libraries the runtime needs when it serves: the JVM, networking, zip, NIO. The AWT and
# font libraries of java.desktop are left out on purpose: `serve` never loads them (jdeps keeps
# java.desktop for java.beans).
natives=("$root/opt/java/bin/java" "$root/opt/java/lib/server/libjvm.so")
for lib in "$root"/opt/java/lib/lib*.so; do
  case "$(basename "$lib")" in
    libawt*|libfontmanager.so|libjavajpeg.so|libjsound.so|liblcms.so|libmlib_image.so|libsplashscreen.so|libjawt.so) ;;
    *) natives+=("$lib") ;;
  esac
done
libraries=$(for file in "${natives[@]}"; do ldd "$file"; done \
  | awk '/=> \// {print $3} /^\s*\/lib/ {print $1}' | sort -u)
for library in $libraries; do
  case "$library" in
    */opt/java/*) continue ;; # the runtime's own, found through its RPATH
  esac
  install -D -m 0644 "$(readlink -f "$library")" "$root$library"
  package=$(dpkg -S "$(readlink -f "$library")" 2>/dev/null | head -1 | cut -d: -f1) || true
  if [ -n "$package" ] && [ -f "/usr/share/doc/$package/copyright" ]; then
    install -D -m 0644 "/usr/share/doc/$package/copyright" "$root/usr/share/doc/$package/copyright"
  fi
done
# The kernel starts java through the dynamic loader named in its ELF header.
interpreter=$(readelf -l "$root/opt/java/bin/java" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
install -D -m 0755 "$(readlink -f "$interpreter")" "$root$interpreter"

mkdir -p "$root/etc" "$root/var/lib/berth" "$root/proc" "$root/dev" "$root/sys" "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nberth:x:10001:0:Berth:/var/lib/berth:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
echo "rootfs.sh: $(du -sh "$root" | cut -f1) in $root (modules: $modules)"
