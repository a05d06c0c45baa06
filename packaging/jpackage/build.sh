#!/usr/bin/env bash
# Builds Berth's double-click package: a jlinked Java runtime trimmed to what Berth uses, the
# shaded jar, and a launcher, via jpackage. Then smoke-tests the result headless.
#
#   packaging/jpackage/build.sh              app image in target/jpackage/out/Berth
#   packaging/jpackage/build.sh deb          Debian package (needs fakeroot and dpkg-deb)
#   packaging/jpackage/build.sh --no-build   reuse target/berth.jar
#
# Runs on the OS it packages for (jpackage cannot cross-build); the JavaFX jars Maven resolves
# carry that OS's natives.
set -euo pipefail
cd "$(dirname "$0")/../.."

type=app-image
build=yes
for arg in "$@"; do
  case "$arg" in
    app-image|deb|rpm|dmg|pkg|msi|exe) type="$arg" ;;
    --no-build) build=no ;;
    *) echo "usage: $0 [app-image|deb|rpm|dmg|pkg|msi|exe] [--no-build]" >&2; exit 2 ;;
  esac
done

for tool in jpackage jdeps; do
  command -v "$tool" >/dev/null || { echo "$tool not found: install a full JDK 17 (not a JRE)" >&2; exit 1; }
done

if [ "$build" = yes ]; then
  mvn -B -q -DskipTests package
fi
[ -f target/berth.jar ] || { echo "target/berth.jar missing: run without --no-build" >&2; exit 1; }

# jpackage wants a plain numeric version: 0.1.0-SNAPSHOT -> 0.1.0
version=$(sed -n 's:^  <version>\([0-9.]*\).*</version>:\1:p' pom.xml | head -1)

work=target/jpackage
rm -rf "$work"
mkdir -p "$work/input" "$work/out"
cp target/berth.jar "$work/input/"

# jdeps misses modules reached only through service loading: jdk.crypto.ec (EC keys for TLS and
# tokens, see REFERENCE.md), jdk.zipfs and jdk.localedata. The rest is what the jar links against.
modules=$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 target/berth.jar)
modules="$modules,jdk.crypto.ec,jdk.zipfs,jdk.localedata"

options=(
  --type "$type"
  --dest "$work/out"
  --input "$work/input"
  --main-jar berth.jar
  --main-class dev.berth.Main
  --name Berth
  --app-version "$version"
  --vendor "Berth"
  --description "A private container registry that lives on your desktop"
  --icon icons/berth.png
  --add-modules "$modules"
  --jlink-options "--strip-debug --no-man-pages --no-header-files --strip-native-commands"
)
if [ "$type" = deb ] || [ "$type" = rpm ]; then
  # JavaFX's natives need GTK 3, which jpackage cannot see inside the jar.
  options+=(--linux-package-deps libgtk-3-0 --linux-shortcut --linux-menu-group Development
            --linux-app-category devel --resource-dir packaging/jpackage/linux)
fi

echo "jpackage --type $type (modules: $modules)"
jpackage "${options[@]}"

if [ "$type" = app-image ]; then
  packaging/jpackage/smoke-test.sh "$work/out/Berth/bin/Berth"
fi
ls -la "$work/out"
