#!/usr/bin/env bash
# Font subsets (src/pdf/embed.c, subset.c): every sample report and every blank form, rendered
# with HarfBuzz's subsets and with libharu's own embedding (BAOCAO_FONT_SUBSET=0), must read and
# look the same — the same text (pdftotext), the same fonts (pdffonts), the same page rasters
# (pdftoppm, 50 dpi, byte for byte) — while each font program holds only the tables and glyphs
# the document needs and agrees with /W (helpers/fontprog.py). A character no font has stays an
# error.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"
command -v pdftoppm >/dev/null && command -v qpdf >/dev/null || skip_all "poppler-utils, qpdf needed"

# fonts_of PDF — pdffonts without the object numbers (the two embeddings number objects apart)
# and without the subset tags (ours come from the subset's bytes, libharu's from the load order).
fonts_of() { pdffonts "$1" | tail -n +3 | awk '{ NF -= 2; sub(/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/, "TAG+"); print }' | sort; }

# compare LABEL ARGS… — renders ARGS both ways and compares.
compare() {
    local label="$1"; shift
    local a="$TMP/$label" b="$TMP/$label.libharu"
    ok "$BAOCAO" render "$@" -o "$a" "$label: renders with subsets"
    ok env BAOCAO_FONT_SUBSET=0 "$BAOCAO" render "$@" -o "$b" "$label: renders with libharu's embedding"
    ok "$PY" "$ROOT/tests/e2e/helpers/fontprog.py" --subset "$a.pdf" \
        "$label: font programs hold only the needed tables and glyphs, /W = their widths"
    pdf_valid "$a.pdf" "$label"
    is "$(pdftotext -enc UTF-8 "$a.pdf" - | md5sum)" "$(pdftotext -enc UTF-8 "$b.pdf" - | md5sum)" \
        "$label: the same text"
    is "$(fonts_of "$a.pdf")" "$(fonts_of "$b.pdf")" "$label: the same fonts"
    is "$(pdffonts "$a.pdf" | tail -n +3 | awk '{print $1}' | grep -Evc '^[A-Z]{6}\+')" 0 \
        "$label: every font named as a subset (ABCDEF+Name)"
    mkdir -p "$TMP/r-$label" "$TMP/r-$label.libharu"
    pdftoppm -r 50 -png "$a.pdf" "$TMP/r-$label/p"
    pdftoppm -r 50 -png "$b.pdf" "$TMP/r-$label.libharu/p"
    local pages diff=""
    pages="$(ls "$TMP/r-$label" | wc -l)"
    is "$pages" "$(ls "$TMP/r-$label.libharu" | wc -l)" "$label: the same number of pages ($pages)"
    for f in "$TMP/r-$label"/*.png; do
        cmp -s "$f" "$TMP/r-$label.libharu/$(basename "$f")" || diff="$diff $(basename "$f")"
    done
    is "$diff" "" "$label: every page raster identical"
    local sa sb
    sa="$(stat -c %s "$a.pdf")"; sb="$(stat -c %s "$b.pdf")"
    ok test "$sa" -lt "$((sb * 2 / 3))" "$label: a third smaller at least ($sa bytes, libharu's $sb)"
}

for data in "$ROOT"/samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    compare "$name" --form "${name%-minimal}" --data "$data"
done
for layout in "$ROOT"/layouts/*.yaml; do
    compare "$(basename "$layout" .yaml)-blank" --form "$layout" --blank
done

# The checker can fail: libharu's own embedding keeps every table and glyph slot.
out="$("$PY" "$ROOT/tests/e2e/helpers/fontprog.py" --subset "$TMP/quy-3a.libharu.pdf" 2>&1)"
like "$out" "PROBLEM .*tables beyond a CIDFontType2's" "fontprog.py finds libharu's whole font programs"
bad="$TMP/missing.yaml"
sed 's/^ten_co_quan: .*/ten_co_quan: "Bộ 𝔘 ☃ ᚠ"/' "$ROOT/samples/tt06-pl1-minimal.yaml" > "$bad"
out="$("$BAOCAO" render --form tt06-pl1 --data "$bad" -o "$TMP/missing" 2>&1)"; rc=$?
is "$rc" 2 "a character no font has: exit 2"
ok test ! -e "$TMP/missing.pdf" "a character no font has: no PDF"
done_testing
