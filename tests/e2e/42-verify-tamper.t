#!/usr/bin/env bash
# 42-verify-tamper.t — `baocao verify` against incremental updates an attacker appends after the
# signatures (the signed bytes stay intact, so only the judgement of later revisions can catch
# them), hostile numbers in the PDF reader, and a second signature over a page whose /Annots is
# direct. The tampered files are made by helpers/tamper.py from freshly signed ones.
. "$(dirname "$0")/lib.sh"

T="$ROOT/tests/e2e/helpers/tamper.py"
PKI="$ROOT/certs/test"
export BAOCAO_FONTS="$ROOT/fonts"
for t in pdfsig mutool qpdf; do
    command -v "$t" >/dev/null || skip_all "$t is not installed (make deps)"
done
[ -x "$PY" ] || skip_all "$PY is not installed"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"

# A blank form with both signature fields.
IN="$TMP/form.pdf"
for id in $("$BAOCAO" forms 2>/dev/null | awk '{print $1}' | head -20); do
    if "$BAOCAO" render --form "$id" --blank -o "$IN" >/dev/null 2>&1 &&
        pdfsig "$IN" 2>/dev/null | grep -q "Field Name: thu-truong" &&
        pdfsig "$IN" 2>/dev/null | grep -q "Field Name: nguoi-khai"; then
        break
    fi
    rm -f "$IN"
done
[ -f "$IN" ] || skip_all "no form renders with both signature fields"

COMMON=(--pass-file "$PKI/pass.txt" --trust "$PKI/root.pem")
sign() { # in out role p12
    local img=(--signature-image "$ROOT/samples/chu-ky-nguoi-khai.png")
    [ "$3" = thu-truong ] && img=(--signature-image "$ROOT/samples/chu-ky.png"
        --seal-image "$ROOT/samples/con-dau.png")
    "$BAOCAO" sign "$1" --p12 "$PKI/$4.p12" "${COMMON[@]}" --role "$3" "${img[@]}" -o "$2"
}
verify() { "$BAOCAO" verify "$1" --trust "$PKI/root.pem" 2>&1; }

S1="$TMP/s1.pdf"
S2="$TMP/s2.pdf"
ok sign "$IN" "$S1" nguoi-khai nguoi-khai "first signature"
ok sign "$S1" "$S2" thu-truong thu-truong-ec "second signature"
out="$(verify "$S2")"
is "$?" 0 "both signatures valid before any tampering"

# --- finding 1: changes after signing ---------------------------------------------------------
tampered() { # mode src description regex [extra args]
    local mode="$1" src="$2" desc="$3" re="$4"
    shift 4
    "$PY" "$T" "$mode" "$src" "$TMP/$mode.pdf" "$@" || { _report 1 "$desc: could not make"; return; }
    local out
    out="$(verify "$TMP/$mode.pdf")"
    is "$?" 1 "$desc: verify exits 1"
    like "$out" "$re" "$desc: says what changed"
    unlike "$out" "=> HỢP LỆ" "$desc: no signature reported valid"
}
tampered droppage "$S2" "page dropped from /Pages, which claims /FT /Sig" \
    "sau khi ký, tệp đã bị sửa: danh sách trang \(/Pages\) đã đổi"
tampered freecontent "$S2" "page 1's content stream freed in the new xref" \
    "sau khi ký, tệp đã bị sửa: xóa đối tượng [0-9]+ \(nội dung trang 1\)"
tampered unreadable "$S2" "page 1's content stream pointed at garbage" \
    "đối tượng [0-9]+ \(nội dung trang 1\) không còn đọc được"
tampered stamp "$S2" "a /Stamp drawing GIA MAO over page 1" \
    "sau khi ký, tệp đã bị sửa: thêm chú thích /Stamp trên trang 1"
tampered widgetkey "$S1" "the unsigned field's /T renamed" \
    "ô chữ ký bị sửa ở khóa /T" thu-truong

# A stamp added between the signatures stays a change for the first one, however validly the
# second signer signs the tampered file.
"$PY" "$T" stamp "$S1" "$TMP/s1-stamp.pdf"
ok sign "$TMP/s1-stamp.pdf" "$TMP/s1-stamp-s2.pdf" thu-truong thu-truong-ec \
    "second signer signs over the stamp"
out="$(verify "$TMP/s1-stamp-s2.pdf")"
is "$?" 1 "stamp before the second signature: verify exits 1"
like "$(sed -n '/Chữ ký 1/,/Chữ ký 2/p' <<<"$out")" "thêm chú thích /Stamp trên trang 1" \
    "first signature reports the stamp"
like "$(sed -n '/Chữ ký 2/,$p' <<<"$out")" "=> HỢP LỆ" "the second signature (which covers the stamp) is valid"

tampered signedap "$S2" "the first signer's visible signature redrawn" \
    "ô chữ ký đã ký bị sửa" nguoi-khai

# A new signature field whose widget covers page 1 and runs JavaScript when clicked.
tampered jswidget "$S1" "a new signature widget with a JavaScript action" \
    "ô chữ ký mới \(đối tượng [0-9]+\) có khóa /A"

# --- finding 2: hostile predictor parameters in an xref stream --------------------------------
qpdf --object-streams=generate "$IN" "$TMP/os.pdf" 2>/dev/null
"$PY" "$T" badcolumns "$TMP/os.pdf" "$TMP/fpe.pdf"
out="$("$BAOCAO" verify "$TMP/fpe.pdf" --trust "$PKI/root.pem" 2>&1)"
is "$?" 2 "/Columns -2 in an xref stream: verify exits 2 (no SIGFPE)"
like "$out" "xref" "/Columns -2: the message names the cross-reference stream"
sign "$TMP/fpe.pdf" "$TMP/fpe-s.pdf" nguoi-khai nguoi-khai >/dev/null 2>&1
is "$?" 2 "/Columns -2 in an xref stream: sign exits 2 (no SIGFPE)"

# An object stream of the signed revision rewritten with a page's /MediaBox changed: only the
# stream is listed in the new xref, not the page it holds.
ok sign "$TMP/os.pdf" "$TMP/os-s1.pdf" nguoi-khai nguoi-khai "object streams: signed"
out="$(verify "$TMP/os-s1.pdf")"
is "$?" 0 "object streams: the signature is valid"
ok sign "$TMP/os-s1.pdf" "$TMP/os-s2.pdf" thu-truong thu-truong-ec "object streams: second signature"
out="$(verify "$TMP/os-s2.pdf")"
is "$?" 0 "object streams: both signatures valid after an update with an xref stream"
tampered objstm "$TMP/os-s1.pdf" "a signed object stream rewritten" \
    "luồng đối tượng \(/ObjStm\) của bản đã ký đã đổi"

# --- finding 3: a second signature over a page with a direct /Annots and 5-decimal MediaBox ----
"$PY" "$T" directannots "$IN" "$TMP/direct.pdf" thu-truong
like "$(grep -a -o '/MediaBox \[[^]]*\]' "$TMP/direct.pdf" | head -1)" "\.[0-9]{5}" \
    "the form's MediaBox has five decimals"
ok sign "$TMP/direct.pdf" "$TMP/d1.pdf" nguoi-khai nguoi-khai "direct /Annots: first signature"
ok sign "$TMP/d1.pdf" "$TMP/d2.pdf" thu-truong thu-truong-ec "direct /Annots: second signature"
out="$(verify "$TMP/d2.pdf")"
is "$?" 0 "direct /Annots: both signatures valid per baocao verify"
is "$(pdfsig "$TMP/d2.pdf" 2>&1 | grep -c "Signature is Valid.")" 2 "direct /Annots: pdfsig, both valid"
out="$(mutool sign -v "$TMP/d2.pdf" 2>&1)"
# mutool reports "edits since signing" for any signature followed by another (as in 40-sign.t),
# so what it can tell is that both signatures still verify.
is "$(grep -c "signature is valid\|document is unchanged" <<<"$out")" 2 "direct /Annots: mutool, both signatures verify"
unlike "$out" "not valid|digest mismatch" "direct /Annots: mutool finds no invalid signature"

# --- finding 5: encrypted PDFs and exit codes -------------------------------------------------
if qpdf --encrypt "" "" 256 -- "$S2" "$TMP/enc.pdf" 2>/dev/null; then
    out="$("$BAOCAO" verify "$TMP/enc.pdf" --trust "$PKI/root.pem" 2>&1)"
    is "$?" 2 "encrypted PDF: verify exits 2"
    like "$out" "PDF mã hóa" "encrypted PDF: says encrypted PDFs are not supported"
    unlike "$out" "trước khi ký" "encrypted PDF: no advice about signing when verifying"
fi
out="$("$BAOCAO" verify "$TMP/missing.pdf" 2>&1)"
is "$?" 2 "missing file: verify exits 2"
printf 'not a pdf' >"$TMP/junk.pdf"
out="$("$BAOCAO" verify "$TMP/junk.pdf" --p7s "$TMP/missing.p7s" 2>&1)"
is "$?" 2 "missing detached signature: verify exits 2"

done_testing
