#!/usr/bin/env bash
# update.sh — regenerates the reference images of tests/e2e/28-visual.t: every page of every
# sample (samples/*.yaml rendered as PDF by build/baocao) at 30 dpi in grey, tests/visual/NAME-NN.png.
# Run it after an intended change of the output, look at the new pictures (and at the old ones
# in git), and commit them with the change.
set -euo pipefail
cd "$(dirname "$0")/../.."
export FONTCONFIG_FILE="$PWD/tests/fonts.conf"
[ -x build/baocao ] || make
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -f tests/visual/*.png
for data in samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    build/baocao render --form "${name%-minimal}" --data "$data" -o "$tmp/$name.pdf"
    pdftoppm -r 30 -gray "$tmp/$name.pdf" "$tmp/$name"
    /usr/bin/python3 tests/e2e/helpers/visual.py save "$tmp/$name" "tests/visual/$name"
    echo "tests/visual/$name-NN.png: $(ls tests/visual/ | grep -c "^$name-[0-9][0-9]\.png$") pages"
done
