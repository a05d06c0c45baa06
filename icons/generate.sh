#!/usr/bin/env bash
# Renders every icon file from berth.svg, so no binary here lacks its source:
#   berth-<N>.png  N = 16 24 32 48 64 128 256 512: the window (several sizes, the window manager
#                  picks one), the Linux menu entry (hicolor theme) and jpackage's Linux icon
#   berth.ico      Windows installer and launcher (16-256 in one file)
#   berth.icns     macOS app bundle and .dmg (16-512)
# Tools from Debian: apt-get install librsvg2-bin icoutils icnsutils. The outputs are committed;
# run this again after changing berth.svg and commit the results with it.
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install librsvg2-bin icoutils icnsutils" >&2; exit 1; }
done

sizes=(16 24 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
  rsvg-convert --width "$size" --height "$size" berth.svg --output "berth-$size.png"
done
# Windows shows at most 256 px; icotool stores the 256 px image as PNG inside the .ico.
icotool --create --output berth.ico berth-16.png berth-24.png berth-32.png berth-48.png berth-64.png \
  --raw=berth-256.png berth-128.png
# png2icns knows the sizes the icns format has (16, 32, 48, 128, 256, 512).
png2icns berth.icns berth-16.png berth-32.png berth-48.png berth-128.png berth-256.png berth-512.png >/dev/null
