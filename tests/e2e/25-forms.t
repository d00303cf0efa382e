#!/usr/bin/env bash
# Every form, end to end: each sample renders, passes the independent validators, carries the
# official wording in order (tests/fixtures/FORM.wording.txt, taken from the official document)
# and every value of its data; the blank form renders with blanks and empty boxes only.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

shopt -s nullglob
samples=("$ROOT"/samples/*.yaml)
[ ${#samples[@]} -gt 0 ] || skip_all "no samples yet"

for data in "${samples[@]}"; do
    name="$(basename "$data" .yaml)"
    form="${name%-minimal}"
    pdf="$TMP/$name.pdf"
    ok "$BAOCAO" validate --form "$form" --data "$data" "$name: validates"
    ok "$BAOCAO" render --form "$form" --data "$data" -o "$pdf" "$name: renders"
    [ -f "$pdf" ] || continue
    pdf_valid "$pdf" "$name"
    pdf_text "$pdf" > "$TMP/$name.txt"
    ref="$ROOT/tests/fixtures/$form.wording.txt"
    if [ -f "$ref" ]; then
        ok "$PY" "$ROOT/tests/e2e/formcheck.py" wording "$ref" "$TMP/$name.txt" "$name: the official wording, in order"
    fi
    if [ "$name" = "$form" ]; then
        ok "$PY" "$ROOT/tests/e2e/formcheck.py" values "$data" "$TMP/$name.txt" "$ROOT/layouts/$form.yaml" "$name: every data value printed"
        like "$(pdfinfo "$pdf")" "Author: +[^ ]" "$name: author (the agency) in the metadata"
    fi
done

for layout in "$ROOT"/layouts/*.yaml; do
    form="$(basename "$layout" .yaml)"
    pdf="$TMP/$form-blank.pdf"
    ok "$BAOCAO" render --form "$form" --blank -o "$pdf" "$form: blank form renders"
    [ -f "$pdf" ] || continue
    pdf_valid "$pdf" "$form blank"
    text="$(pdf_text "$pdf")"
    unlike "$text" "☒" "$form blank: no ticked box"
    printf '%s' "$text" > "$TMP/$form-blank.txt"
    if [ -f "$ROOT/samples/$form.yaml" ]; then
        ok "$PY" "$ROOT/tests/e2e/formcheck.py" absent "$ROOT/samples/$form.yaml" "$TMP/$form-blank.txt" "$layout" "$form blank: none of the sample's data"
    fi
    if grep -Eq '^ *- *\{?(item|para):.*\{[a-z0-9_]+\}' "$layout"; then
        like "$text" "……" "$form blank: dotted blanks to fill by hand"
    fi
    ref="$ROOT/tests/fixtures/$form.wording.txt"
    if [ -f "$ref" ]; then
        ok "$PY" "$ROOT/tests/e2e/formcheck.py" wording "$ref" "$TMP/$form-blank.txt" "$form blank: the official wording, in order"
    fi
done
done_testing
