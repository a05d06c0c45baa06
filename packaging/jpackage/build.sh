#!/usr/bin/env bash
# Builds Berth's installers. `mvn -Ppackage package` runs this after it has made the inputs:
#   target/jpackage/input/berth.jar   the app and its libraries, without JavaFX
#   target/jpackage/javafx/*.jar      the JavaFX modules for this OS (Maven's OS classifier jars)
# and passes, as environment: BERTH_VERSION (pom version), BERTH_JAVA_HOME (the JDK running
# Maven), BERTH_JAVAFX_VERSION, BERTH_VENDOR, BERTH_MAINTAINER, BERTH_HOMEPAGE, BERTH_DESCRIPTION.
#
# Steps, each into target/jpackage/:
#   runtime/   jlink: only the JDK modules Berth uses plus JavaFX as real modules, with the
#              default class-data-sharing archive for those modules
#   image/     jpackage app image: launcher, runtime, jar; memory-bounded JVM options
#   out/       Linux: berth_<v>_<arch>.deb (and .rpm where rpmbuild exists) with an AppCDS
#              archive made at build time; macOS: .dmg; Windows: .msi
#
# jpackage cannot cross-build, so each OS builds its own (see .github/workflows/release.yml).
# Usage: build.sh [--type TYPE...]   TYPE: deb rpm dmg msi; the default is what this OS builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=packaging/jpackage

need() { [ -n "${!1:-}" ] || { echo "build.sh: $1 is not set (run through: mvn -Ppackage package)" >&2; exit 1; }; }
for var in BERTH_VERSION BERTH_JAVA_HOME BERTH_JAVAFX_VERSION BERTH_VENDOR BERTH_MAINTAINER BERTH_HOMEPAGE BERTH_DESCRIPTION; do
  need "$var"
done

case "$(uname -s)" in
  Linux) os=linux; name=berth; icon=icons/berth-256.png; types=(deb rpm); sep=: ;;
  Darwin) os=mac; name=Berth; icon=icons/berth.icns; types=(dmg); sep=: ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; name=Berth; icon=icons/berth.ico; types=(msi); sep=';' ;;
  *) echo "build.sh: cannot package for $(uname -s)" >&2; exit 1 ;;
esac
if [ "${1:-}" = --type ]; then
  shift
  types=("$@")
fi

if [ "$os" = windows ]; then
  # Git's bash runs programs from C:/… paths, and Windows tools read them: one spelling for both.
  BERTH_JAVA_HOME=$(cygpath -m "$BERTH_JAVA_HOME")
fi
bin="$BERTH_JAVA_HOME/bin"
for tool in jlink jpackage jdeps jmod jar; do
  [ -x "$bin/$tool" ] || [ -x "$bin/$tool.exe" ] || {
    echo "build.sh: $bin/$tool not found: Maven must run on a full JDK 17 (Debian 12: openjdk-17-jdk-headless)" >&2
    exit 1
  }
done
[ -d "$BERTH_JAVA_HOME/jmods" ] || { echo "build.sh: $BERTH_JAVA_HOME/jmods is missing (Debian 12: openjdk-17-jdk-headless holds them; Ubuntu: openjdk-17-jmods)" >&2; exit 1; }

# jpackage and the MSI format want a plain numeric version: 0.1.0-SNAPSHOT -> 0.1.0.
version=${BERTH_VERSION%%-*}
work=target/jpackage
jar=$work/input/berth.jar
[ -f "$jar" ] || { echo "build.sh: $jar is missing (run through: mvn -Ppackage package)" >&2; exit 1; }

# The JavaFX jars must be exactly the pom's version for this OS: a stale jar from another version
# or platform would otherwise end up in the runtime unnoticed.
fx_jars=()
for module in base graphics controls fxml; do
  found=("$work"/javafx/javafx-"$module"-"$BERTH_JAVAFX_VERSION"-*.jar)
  [ -f "${found[0]}" ] && [ "${#found[@]}" -eq 1 ] || {
    echo "build.sh: expected one javafx-$module-$BERTH_JAVAFX_VERSION-<os>.jar in $work/javafx, found: ${found[*]}" >&2
    exit 1
  }
  fx_jars+=("${found[0]}")
done
rm -rf "$work/runtime" "$work/image" "$work/out" "$work/jmods"
mkdir -p "$work/image" "$work/out" "$work/jmods"

# OpenJFX publishes its jmods elsewhere than Maven Central, so they are made here from the jars:
# the classes go in as they are, the native libraries as real native libraries. jlink then puts
# these in the runtime's lib/ (where the packaging finds their dependencies, and where JavaFX
# loads them from), instead of leaving them inside the module for JavaFX to copy to ~/.openjfx.
for fx in "${fx_jars[@]}"; do
  module=$(basename "$fx" | sed 's/^javafx-\([a-z]*\)-.*/javafx.\1/')
  unpacked="$work/jmods/$module"
  mkdir -p "$unpacked/classes" "$unpacked/lib"
  jar_file="$(cd "$(dirname "$fx")" && pwd)/$(basename "$fx")"
  (cd "$unpacked/classes" && "$bin/jar" xf "$jar_file")
  find "$unpacked/classes" -maxdepth 1 \( -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) -exec mv {} "$unpacked/lib/" \;
  rm -rf "$unpacked/classes/META-INF/MANIFEST.MF"
  libs=()
  if [ -n "$(ls -A "$unpacked/lib")" ]; then libs=(--libs "$unpacked/lib"); fi
  "$bin/jmod" create --class-path "$unpacked/classes" ${libs[@]+"${libs[@]}"} --module-version "$BERTH_JAVAFX_VERSION" \
    "$work/jmods/$module.jmod"
done
module_path="$BERTH_JAVA_HOME/jmods$sep$work/jmods"

# jpackage needs bin/java in the runtime it is given, so native commands stay.
# jdeps sees what the code links against; it misses what is only reached through service loading:
# jdk.crypto.ec (EC keys for TLS and tokens; REFERENCE.md), jdk.zipfs, jdk.localedata.
modules=$("$bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")
modules="$modules,jdk.crypto.ec,jdk.zipfs,jdk.localedata,javafx.controls,javafx.fxml"
echo "build.sh: jlink $modules"
"$bin/jlink" --module-path "$module_path" --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files \
  --generate-cds-archive --output "$work/runtime"
# The default archive for heaps above 32 GB, which -Xmx256m below never allows (13 MB).
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"

# Two launchers on one runtime, differing only in their JVM options (packaging/jvm/, which the
# tests and the bench read too):
#   berth         the desktop app and the command line: desktop.options, the serial collector and
#                 a small heap, so the app sits in the background in under 200 MB (issue 15)
#   berth-server  `berth-server serve` for servers and the service: memory.options, G1 with a
#                 fixed, bounded heap, for many clients at once (issue 10)
read_options() {
  local file=$1 option
  options_read=()
  while IFS= read -r option; do
    case "$option" in ''|'#'*) continue ;; esac
    options_read+=("$option")
  done < "$file"
  [ "${#options_read[@]}" -gt 0 ] || { echo "build.sh: no options in $file" >&2; exit 1; }
}
read_options "$(dirname "$0")/../jvm/desktop.options"
java_options=("${options_read[@]}")
# The window class (WM_CLASS) is set through glass, which JavaFX as a named module keeps closed;
# see dev.berth.desktop.fx.WindowClass.
java_options+=(--add-exports javafx.graphics/com.sun.glass.ui=ALL-UNNAMED)
options=()
for option in "${java_options[@]}"; do options+=(--java-options "$option"); done

read_options "$(dirname "$0")/../jvm/memory.options"
server_properties="$work/berth-server.properties"
{
  echo "description=Berth registry server (berth-server serve)"
  echo "java-options=${options_read[*]}"
  [ "$os" = windows ] && echo "win-console=true"
} >"$server_properties"
options+=(--add-launcher "berth-server=$server_properties")

"$bin/jpackage" --type app-image --dest "$work/image" --name "$name" \
  --runtime-image "$work/runtime" --input "$work/input" --main-jar berth.jar --main-class dev.berth.Main \
  --app-version "$version" --vendor "$BERTH_VENDOR" --description "$BERTH_DESCRIPTION" \
  --copyright "$BERTH_VENDOR" --icon "$icon" "${options[@]}"

case "$os" in
  linux) image="$work/image/$name" ;;
  mac) image="$work/image/$name.app" ;;
  windows) image="$work/image/$name" ;;
esac

for type in "${types[@]}"; do
  case "$type" in
    deb|rpm)
      [ "$os" = linux ] || { echo "build.sh: $type is built on Linux only" >&2; exit 1; }
      if [ ! -f "$image/lib/app/$name.jsa" ]; then
        "$here/linux/cds-archive.sh" "$image" "/opt/$name" "$name"
      fi
      if [ "$type" = rpm ] && ! command -v rpmbuild >/dev/null; then
        echo "build.sh: rpmbuild not found, no .rpm (Debian: apt-get install rpm)"
        continue
      fi
      # The .rpm is made from the tree make-deb.sh stages, so `deb` comes first in the list.
      "$here/linux/make-$type.sh" "$image" "$work/out" "$version"
      ;;
    dmg)
      "$bin/jpackage" --type dmg --dest "$work/out" --app-image "$image" --name "$name" \
        --app-version "$version" --vendor "$BERTH_VENDOR" --description "$BERTH_DESCRIPTION"
      ;;
    msi)
      # The upgrade UUID must never change: it is how Windows knows a newer MSI replaces this one.
      "$bin/jpackage" --type msi --dest "$work/out" --app-image "$image" --name "$name" \
        --app-version "$version" --vendor "$BERTH_VENDOR" --description "$BERTH_DESCRIPTION" \
        --win-menu --win-menu-group Berth --win-shortcut --win-dir-chooser \
        --win-upgrade-uuid 5c0f7f0e-8a53-4c1b-9d55-0e6f2b7a4b31
      ;;
    *) echo "build.sh: unknown package type $type" >&2; exit 1 ;;
  esac
done

if [ "$os" = linux ]; then
  "$here/smoke-test.sh" "$image/bin/$name"
fi
ls -la "$work/out"
