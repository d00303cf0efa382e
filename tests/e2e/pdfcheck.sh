# pdfcheck.sh — the checks every rendered PDF must pass, with tools independent of baocao
# (qpdf, poppler, mupdf). Sourced after lib.sh. Each function reports TAP results itself.

# pdf_valid FILE LABEL — structure, fonts, poppler warnings, page sizes, missing glyphs.
pdf_valid() {
    local f="$1" label="$2" out
    out="$(qpdf --check "$f" 2>&1)"
    like "$out" "No syntax or stream encoding errors" "$label: qpdf --check"
    out="$(pdffonts "$f" 2>&1)"
    # Every font row (after the two header lines) says emb=yes, sub=yes, uni=yes.
    local bad
    bad="$(printf '%s\n' "$out" | tail -n +3 | awk '{ n = NF; if ($(n-4) != "yes" || $(n-3) != "yes" || $(n-2) != "yes") print }')"
    is "$bad" "" "$label: every font embedded, subset, with a Unicode map"
    unlike "$out" "Times|Helvetica|Courier|Symbol" "$label: no non-embedded base-14 font"
    out="$( { pdftotext "$f" /dev/null; pdffonts "$f" >/dev/null; pdftoppm -r 20 -png "$f" "$TMP/warn"; } 2>&1)"
    is "$out" "" "$label: poppler prints no warning"
    # Page sizes: A4 portrait 595.276 x 841.89 or landscape 841.89 x 595.276 only.
    out="$(pdfinfo -f 1 -l 9999 "$f" 2>/dev/null | grep -E '^Page +[0-9]+ size' | grep -Ev '595\.2[0-9]* x 841\.8[0-9]*|841\.8[0-9]* x 595\.2[0-9]*' || true)"
    is "$out" "" "$label: every page is A4"
    out="$(mutool trace "$f" 2>&1)"
    like "$out" '<g unicode=' "$label: mutool traces glyphs"
    unlike "$out" 'glyph="\.notdef"|glyph="0"' "$label: no .notdef glyph drawn"
    pdfa_valid "$f" "$label"
}

# pdfa_valid FILE LABEL — the project's PDF/A-2b check (helpers/pdfa_check.py: one check per
# clause of ISO 19005-2, with qpdf, xmllint and openssl), and poppler's view of the metadata.
pdfa_valid() {
    local f="$1" label="$2" out
    out="$("$PY" "$ROOT/tests/e2e/helpers/pdfa_check.py" "$f" 2>&1)"
    _report $? "$label: PDF/A-2b (ISO 19005-2, $(grep -c '^ok' <<<"$out") clauses)" "$(grep -v '^ok' <<<"$out")"
    like "$(pdfinfo "$f" 2>&1)" "Metadata Stream: +yes" "$label: pdfinfo sees the XMP metadata stream"
}

# pdf_text FILE — the text as pdftotext extracts it in drawing order (-raw: a table's cells one
# after the other, as the form reads), whitespace collapsed to single spaces.
pdf_text() {
    pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr '\n\f\t' '   ' | tr -s ' '
}

# box_ink FILE CHAR — the ink (0…1) inside the first box glyph CHAR on its page, by raster.
box_ink() {
    "$PY" "$ROOT/tests/e2e/box_ink.py" "$1" "$2"
}
