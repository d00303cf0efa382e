#!/usr/bin/env bash
# demo.sh — what `make demo` shows: every sample report rendered into out/, plus the blank forms.
# A sample's form is its file name without "-minimal" (samples/tt06-pl1-minimal.yaml → tt06-pl1).
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/baocao
mkdir -p out
shopt -s nullglob
n=0
for data in samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    form="${name%-minimal}"
    $B render --form "$form" --data "$data" -o "out/$name.pdf"
    echo "out/$name.pdf"
    n=$((n + 1))
done
for layout in layouts/*.yaml; do
    form="$(basename "$layout" .yaml)"
    $B render --form "$layout" --blank -o "out/$form-blank.pdf"
    echo "out/$form-blank.pdf"
done
echo "demo: $n sample reports and the blank forms are in out/"
