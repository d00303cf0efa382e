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
tampered() { # mode src description regex [extra args]; the report is left in $TOUT
    local mode="$1" src="$2" desc="$3" re="$4"
    shift 4
    TOUT=""
    "$PY" "$T" "$mode" "$src" "$TMP/$mode.pdf" "$@" || { _report 1 "$desc: could not make"; return; }
    TOUT="$(verify "$TMP/$mode.pdf")"
    is "$?" 1 "$desc: verify exits 1"
    like "$TOUT" "$re" "$desc: says what changed"
    unlike "$TOUT" "=> HỢP LỆ" "$desc: no signature reported valid"
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

# --- issue 9.1: the signed revision is what the signed bytes say ----------------------------
pdfsig_valid() { pdfsig "$1" 2>/dev/null | grep -c "Signature is Valid."; }
is "$(pdfsig_valid "$S2")" 2 "honest two signatures: pdfsig agrees, both valid"
# Shadow hide-and-replace: the signer is handed a file whose page 1 was replaced and then
# restored; after signing, an xref that skips the restoring revision brings the forgery back.
"$PY" "$T" hideprep "$IN" "$TMP/hp.pdf"
ok sign "$TMP/hp.pdf" "$TMP/hp-s1.pdf" nguoi-khai nguoi-khai "shadow: the prepared file is signed"
out="$(verify "$TMP/hp-s1.pdf")"
is "$?" 0 "shadow: the prepared file, honestly signed, verifies"
is "$(pdfsig_valid "$TMP/hp-s1.pdf")" 1 "shadow: pdfsig agrees"
tampered hideskip "$TMP/hp-s1.pdf" "hide-and-replace: an xref whose /Prev skips the restoring revision" \
    "lần cập nhật ở byte [0-9]+ có /Prev [0-9]+, không phải bảng xref cuối của phần được ký \(byte [0-9]+\): bỏ qua 2 lần cập nhật cuối của bản đã ký"
ok test "$(pdftotext -l 1 "$TMP/hideskip.pdf" - 2>/dev/null)" != "$(pdftotext -l 1 "$TMP/hp-s1.pdf" - 2>/dev/null)" \
    "hide-and-replace: the attack is real (a viewer shows another page 1)"
# Hide: a new xref entry points page 1's content at the forged version the signed bytes hide.
tampered hidepoint "$TMP/hp-s1.pdf" "hide: page 1's content pointed at a hidden version in the signed bytes" \
    "sau khi ký, tệp đã bị sửa: nội dung trang 1 đã đổi \(đối tượng [0-9]+\)"
# Hide via an object stream: a forged page 1 sits in an object stream no xref entry points at;
# after signing, an xref stream points page 1 there without adding a single object.
"$PY" "$T" objstmprep "$IN" "$TMP/op.pdf"
ok sign "$TMP/op.pdf" "$TMP/op-s1.pdf" nguoi-khai nguoi-khai "hidden object stream: signed"
out="$(verify "$TMP/op-s1.pdf")"
is "$?" 0 "hidden object stream: verifies before the reveal"
tampered objstmreveal "$TMP/op-s1.pdf" "hide via an object stream: page 1 pointed at a hidden copy" \
    "sau khi ký, tệp đã bị sửa: nội dung trang 1 đã đổi \(đối tượng [0-9]+\)"

# --- issue 9.2: sneaky signatures and evil annotations ----------------------------------------
tampered sneakynew "$S1" "a new unsigned signature field with a full-page appearance" \
    "ô chữ ký mới \"xac-nhan\" \(đối tượng [0-9]+\) chưa được ký nhưng có hình hiển thị trên trang" ap
like "$TOUT" "ô chữ ký chưa ký \"xac-nhan\" trên trang 1 có hình hiển thị" \
    "new unsigned field: also told as a note about the document"
tampered sneakynew "$S1" "a new unsigned field drawn only by its /MK (overlay in /MK)" \
    "ô chữ ký mới \"xac-nhan\" \(đối tượng [0-9]+\) chưa được ký nhưng có hình hiển thị" mk
tampered sneakynew "$S1" "a new unsigned field that shows its page only on mouse-over (/AP /R)" \
    "ô chữ ký mới \"xac-nhan\" \(đối tượng [0-9]+\) chưa được ký nhưng có hình hiển thị" rollover
tampered sneakynew "$S1" "a signature widget only in page 1's /Annots, not in /Fields" \
    "thêm vào trang 1 một widget ô chữ ký \"xac-nhan\" \(đối tượng [0-9]+\) không thuộc ô nào của biểu mẫu" annots
tampered sneakyfill "$S1" "the head's empty box gains a full-page /Rect and an appearance" \
    "ô chữ ký chưa ký \"thu-truong\" \(đối tượng [0-9]+\) bị đổi /AP, /Rect sau khi ký mà không có chữ ký nào đi kèm" thu-truong
tampered sneakyfill "$S1" "the head's empty box gains a full-page /Rect and an /MK background" \
    "ô chữ ký chưa ký \"thu-truong\" \(đối tượng [0-9]+\) bị đổi /Rect, /MK sau khi ký" thu-truong mk
# A batch file: only the head signs; the preparer's box stays empty, and is filled afterwards.
H1="$TMP/h1.pdf"
ok sign "$IN" "$H1" thu-truong thu-truong-ec "head of agency alone signs (as batch does)"
tampered sneakyfill "$H1" "a batch file's empty nguoi-khai box gains an appearance" \
    "ô chữ ký chưa ký \"nguoi-khai\" \(đối tượng [0-9]+\) bị đổi /AP, /Rect sau khi ký" nguoi-khai
# An unsigned box that already showed something when the head signed: the signature stands, the
# box is told about.
"$PY" "$T" sneakyfill "$IN" "$TMP/pre.pdf" nguoi-khai
ok sign "$TMP/pre.pdf" "$TMP/pre-s.pdf" thu-truong thu-truong-ec "signed over an unsigned box that shows something"
out="$(verify "$TMP/pre-s.pdf")"
is "$?" 0 "unsigned box in the signed revision: the signature is valid"
like "$out" "ô chữ ký chưa ký \"nguoi-khai\" trên trang [0-9]+ có hình hiển thị \(/AP hoặc /MK\): trông như chữ ký nhưng không phải chữ ký" \
    "unsigned box in the signed revision: reported as a note"
like "$("$BAOCAO" verify "$TMP/pre-s.pdf" --trust "$PKI/root.pem" --json 2>&1)" '"notes": \["ô chữ ký chưa ký \\"nguoi-khai\\"' \
    "unsigned box: the note is in the JSON report too"
unlike "$(verify "$S2")" "ô chữ ký chưa ký" "honest files: no unsigned box reported"

# Another tool's signer adds a visible field and signs it in the same update: allowed, and any
# change to that field afterwards is a change to a signed field.
"$PY" "$T" signnew "$S1" "$TMP/signnew.pdf" "$PKI/nguoi-khai-ec.key" "$PKI/nguoi-khai-ec.pem" "$PKI/chain.pem"
out="$(verify "$TMP/signnew.pdf")"
is "$?" 0 "a new field signed in its own update (another tool's signer): every signature valid"
like "$out" "1 lần cập nhật sau chỉ thêm chữ ký và ô ký" "… the first signature accepts the update"
is "$(pdfsig_valid "$TMP/signnew.pdf")" 2 "… pdfsig agrees"
"$PY" "$T" signedap "$TMP/signnew.pdf" "$TMP/signnew-ap.pdf" kiem-tra
out="$(verify "$TMP/signnew-ap.pdf")"
is "$?" 1 "the new signed field redrawn afterwards: verify exits 1"
like "$out" "ô chữ ký đã ký bị sửa" "… and says a signed field was changed"

# A fake one: a new visible field whose signature does not sign its update.
tampered signnew "$S1" "a new visible field with a CMS over other bytes" \
    "một lần cập nhật sau chữ ký này thêm chữ ký ở ô \"kiem-tra\" nhưng chữ ký đó không toàn vẹn" \
    "$PKI/nguoi-khai-ec.key" "$PKI/nguoi-khai-ec.pem" "$PKI/chain.pem" garbage

# --- issue 9.3: reused signatures and roles ---------------------------------------------------
tampered copysig "$S1" "the head's box given the preparer's /V and /AP" \
    "ô \"thu-truong\" dùng chung từ điển chữ ký \(đối tượng [0-9]+\) với ô \"nguoi-khai\": một chữ ký chỉ được tính một lần" \
    nguoi-khai thu-truong
like "$TOUT" "trong chính phần được ký \(đến byte [0-9]+\), ô \"thu-truong\" chưa mang chữ ký này" \
    "reused /V: the copy is not held by the bytes it claims to sign"
tampered copysigdict "$S1" "a new field whose /V is a byte copy of the preparer's signature dictionary" \
    "cùng một CMS \(chữ ký\) đã có ở ô \"nguoi-khai\": chữ ký bị chép lại sang ô \"ban-sao\"" nguoi-khai
ok sign "$S1" "$TMP/role.pdf" thu-truong nguoi-khai "the preparer signs the head's box with her own certificate"
out="$(verify "$TMP/role.pdf")"
is "$?" 1 "wrong role: verify exits 1"
like "$out" "người ký không đúng vai trò của ô \"thu-truong\": chứng thư ghi chức vụ \"Chuyên viên\", không phải thủ trưởng" \
    "wrong role: says the certificate's title is not a head's"
is "$(pdfsig_valid "$TMP/role.pdf")" 2 "wrong role: both signatures are cryptographically valid (pdfsig)"
ok sign "$IN" "$TMP/same1.pdf" nguoi-khai thu-truong "the head signs the preparer's box"
ok sign "$TMP/same1.pdf" "$TMP/same2.pdf" thu-truong thu-truong "… and her own with the same certificate"
out="$(verify "$TMP/same2.pdf")"
is "$?" 1 "one certificate in both person fields: verify exits 1"
like "$out" "cùng một chứng thư \(của Trần Quốc Khánh\) đã ký cả ô \"nguoi-khai\" lẫn ô \"thu-truong\"" \
    "one certificate in both person fields: said"

# --- issue 9.4: trailer keys ------------------------------------------------------------------
tampered infotrailer "$S2" "an update whose trailer only sets a direct /Info" \
    "trailer của lần cập nhật ở byte [0-9]+ thay thông tin tài liệu /Info \(tiêu đề, tác giả…\) bằng một từ điển viết trực tiếp trong trailer"
like "$(pdfinfo "$TMP/infotrailer.pdf" 2>/dev/null)" "Title: +GIA MAO" "direct /Info: viewers do show the new title"
tampered infotrailer "$S2" "a second /Info after the old one in a trailer" \
    "trailer của lần cập nhật ở byte [0-9]+ có khóa /Info hai lần" dup
tampered infoobj "$S2" "the /Info object rewritten with another /Title" \
    "thông tin tài liệu \(/Info, đối tượng [0-9]+\) đã đổi ở khóa /Title"
tampered newid "$S2" "an update that changes the permanent first /ID element" \
    "trailer của lần cập nhật ở byte [0-9]+ đổi phần đầu của /ID" first
"$PY" "$T" newid "$S2" "$TMP/id2.pdf" second
out="$(verify "$TMP/id2.pdf")"
is "$?" 0 "an update that changes only the second /ID element is allowed (ISO 32000 §14.4)"

# --- issue 9.5: signing time and the certificate's profile ------------------------------------
# The CMS of the head's signature re-made with `openssl cms` (as an attacker with a key would);
# first with the same certificate, to show that the re-signed file itself is sound.
"$PY" "$T" resign "$H1" "$TMP/resign-ok.pdf" "$PKI/thu-truong-ec.key" "$PKI/thu-truong-ec.pem" "$PKI/chain.pem"
out="$(verify "$TMP/resign-ok.pdf")"
is "$?" 0 "re-signed with the head's own key: valid"
is "$(pdfsig_valid "$TMP/resign-ok.pdf")" 1 "re-signed with the head's own key: pdfsig agrees"
FUT="D:$(date -u -d '+1 day' +%Y%m%d%H%M%S)+00'00'"
tampered resign "$H1" "signing time /M a day in the future" \
    "thời điểm ký [0-9T:+-]+ nằm ở tương lai so với đồng hồ của máy kiểm tra \(quá 5 phút" \
    "$PKI/thu-truong-ec.key" "$PKI/thu-truong-ec.pem" "$PKI/chain.pem" "$FUT"
tampered resign "$H1" "a signer certificate signed by its CA with SHA-1" \
    "chứng thư của người ký được CA ký bằng thuật toán băm SHA1" \
    "$PKI/sha1.key" "$PKI/sha1.pem" "$PKI/chain.pem"
tampered resign "$H1" "a serverAuth-only certificate" \
    "chứng thư của người ký chỉ dành cho mục đích serverAuth \(extended key usage\), không dùng để ký văn bản" \
    "$PKI/serverauth.key" "$PKI/serverauth.pem" "$PKI/chain.pem"
for bad in sha1 serverauth; do
    out="$(sign "$IN" "$TMP/bad-$bad.pdf" thu-truong "$bad" 2>&1)"
    is "$?" 2 "sign refuses the '$bad' certificate (exit 2)"
    like "$out" "SHA1|serverAuth" "… and says why ('$bad')"
done

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
