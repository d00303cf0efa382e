#!/bin/sh
# make-images.sh — regenerates samples/chu-ky.png, chu-ky-nguoi-khai.png and con-dau.png.
# Needs cc, libharu (libhpdf-dev) and mutool (mupdf-tools). The PNGs are committed, so this only
# runs when the drawings change.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cc -std=c11 -D_DEFAULT_SOURCE -O2 -Wall -Wextra -o "$TMP/make-images" "$HERE/make-images.c" -lhpdf -lpng -lz -lm
"$TMP/make-images" "$HERE/../fonts" "$TMP"
for n in chu-ky chu-ky-nguoi-khai con-dau; do
    # 300 dpi, RGBA: the page background stays transparent.
    mutool draw -q -r 300 -c rgba -o "$HERE/$n.png" "$TMP/$n.pdf" 2>/dev/null
done
ls -l "$HERE"/*.png
