#!/usr/bin/env bash
# 40-sign.t — signing and verification, checked with independent tools: pdfsig (poppler, with
# an NSS trust store), mutool, openssl cms on the exact byte ranges, qpdf; tampering and
# broken certificates; the visible signature's colours; DOCX detached signatures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdfcheck.sh"

H="$ROOT/tests/e2e/helpers/pdfsigs.py"
PKI="$ROOT/certs/test"
export BAOCAO_FONTS="$ROOT/fonts"
for t in pdfsig mutool qpdf openssl certutil pdftoppm python3; do
    command -v "$t" >/dev/null || skip_all "$t is not installed (make deps)"
done
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"

# The real binary once everything links; until then the unit-test binary stands in for it.
if [ -x "$BAOCAO" ] && "$BAOCAO" sign --help >/dev/null 2>&1; then
    B=("$BAOCAO")
elif [ -x "$BUILD_DIR/tests/test_sign" ]; then
    B=("$BUILD_DIR/tests/test_sign")
else
    skip_all "neither build/baocao nor build/tests/test_sign is built"
fi
bc() { "${B[@]}" "$@"; }

# Input: a form rendered by baocao when it can, else the test form.
IN="$TMP/form.pdf"
form_id=""
if [ "${B[0]}" = "$BAOCAO" ]; then
    # The first form that renders blank with a head-of-agency field (the listing's first column
    # is taken as the id; a header line simply fails to render).
    for id in $("$BAOCAO" forms 2>/dev/null | awk '{print $1}' | head -20); do
        if "$BAOCAO" render --form "$id" --blank -o "$IN" >/dev/null 2>&1 &&
            pdfsig "$IN" 2>/dev/null | grep -q "Field Name: thu-truong"; then
            form_id="$id"
            break
        fi
    done
fi
if [ -n "$form_id" ]; then
    echo "# input: baocao render --form $form_id --blank"
else
    "$BUILD_DIR/tests/test_sign" mkpdf "$IN" || skip_all "could not make a test PDF"
    echo "# input: test form from build/tests/test_sign mkpdf"
fi
has_nk=0
pdfsig "$IN" 2>/dev/null | grep -q "Field Name: nguoi-khai" && has_nk=1

COMMON=(--pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" --reason "Phê duyệt báo cáo" --location "Hà Nội")

ok bc sign --help "sign --help"
ok bc verify --help "verify --help"

# --- two signers ---------------------------------------------------------------------------
S1="$TMP/s1.pdf"
S2="$TMP/s2.pdf"
if [ "$has_nk" = 1 ]; then
    ok bc sign "$IN" --p12 "$PKI/nguoi-khai.p12" "${COMMON[@]}" --role nguoi-khai \
        --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" -o "$S1" "preparer signs (RSA-3072)"
else
    cp "$IN" "$S1"
fi
ok bc sign "$S1" --p12 "$PKI/thu-truong-ec.p12" "${COMMON[@]}" --role thu-truong \
    --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png" \
    -o "$S2" "head of agency signs with seal (ECDSA P-256)"
nsig=$((has_nk + 1))
pdfa_valid "$S1" "signed once"
pdfa_valid "$S2" "signed by two signers"
cmp -s -n "$(stat -c %s "$S1")" "$S1" "$S2"
is "$?" 0 "second signature only appends (first file is a prefix of the second)"

out="$(pdfsig "$S2" 2>&1)"
is "$(grep -c "Signature is Valid." <<<"$out")" "$nsig" "pdfsig: every signature is valid"
like "$(tail -n 12 <<<"$out")" "Total document signed" "pdfsig: the last signature covers the whole document"
like "$out" "ETSI.CAdES.detached" "pdfsig: PAdES subfilter"
like "$out" "Trần Quốc Khánh" "pdfsig: signer's Vietnamese name"

mkdir -p "$TMP/nss"
certutil -N -d "sql:$TMP/nss" --empty-password >/dev/null 2>&1
# pdfsig checks the email-signer usage: the root needs the S/MIME trust flag, "C,," is not enough.
certutil -A -d "sql:$TMP/nss" -n root -t "C,C,C" -i "$PKI/root.pem" >/dev/null 2>&1
out="$(pdfsig -nssdir "sql:$TMP/nss" "$S2" 2>&1)"
is "$(grep -c "Certificate is Trusted." <<<"$out")" "$nsig" "pdfsig + NSS root: every certificate trusted"

out="$(mutool sign -v "$S2" 2>&1)"
like "$(tail -n 4 <<<"$out")" "The document is unchanged since signing" "mutool: unchanged since the last signature"
unlike "$out" "[Ss]ignature is not valid|digest mismatch" "mutool: no invalid signature"

ok qpdf --check "$S2" "qpdf --check passes"

mkdir -p "$TMP/x"
sizes="$(python3 "$H" extract "$S2" "$TMP/x")"
echo "$sizes" | while read -r n hex der; do echo "# signature $n: placeholder $((hex / 2)) bytes, CMS DER $der bytes"; done
for n in $(seq 1 "$nsig"); do
    out="$(openssl cms -verify -cades -binary -inform DER -in "$TMP/x/sig$n.der" \
        -content "$TMP/x/signed$n.bin" -CAfile "$PKI/root.pem" -out /dev/null 2>&1)"
    like "$out" "CAdES Verification successful" "openssl cms -verify -cades on signature $n's byte ranges"
    attrs="$(openssl cms -cmsout -print -inform DER -in "$TMP/x/sig$n.der" 2>&1)"
    like "$attrs" "signingCertificateV2" "signature $n has signing-certificate-v2"
    unlike "$attrs" "signingTime" "signature $n has no signingTime"
done

out="$(bc verify "$S2" --trust "$PKI/root.pem" 2>&1)"
is "$?" 0 "baocao verify: exit 0 for a validly signed file"
is "$(grep -c "=> HỢP LỆ" <<<"$out")" "$nsig" "baocao verify: every signature valid"
like "$out" "Trần Quốc Khánh — Sở Thông tin" "baocao verify: signer and organisation"
like "$out" "\+07:00" "baocao verify: signing time in Vietnam time"
json="$(bc verify "$S2" --trust "$PKI/root.pem" --json 2>&1)"
like "$json" '^\{"file": .*"valid": true' "baocao verify --json"
python3 -c 'import json,sys; json.loads(sys.stdin.read())' <<<"$json"
is "$?" 0 "baocao verify --json is valid JSON"
bc verify "$S2" >/dev/null 2>&1
is "$?" 1 "baocao verify without the test root: not trusted, exit 1"

# --- the visible signature -----------------------------------------------------------------
# The page of the signature block (not always the last: quy-3a's tables follow it) is the one
# with the most blue ink; the signature and the seal must both show there.
pages="$(pdfinfo "$S2" | awk '/^Pages:/ {print $2}')"
blue=0; red=0; at=0
for p in $(seq 1 "$pages"); do
    pdftoppm -r 72 -f "$p" -l "$p" -singlefile "$S2" "$TMP/page" 2>/dev/null
    c="$(python3 "$H" colours "$TMP/page.ppm")"
    b="${c#blue=}"; b="${b%% *}"; r="${c##*red=}"
    if [ "$b" -gt "$blue" ]; then blue="$b"; red="$r"; at="$p"; fi
done
echo "# raster of page $at (the signature block): blue=$blue red=$red"
ok test "$blue" -gt 100 "raster shows the blue signature"
ok test "$red" -gt 100 "raster shows the red seal"

# --- tampering -------------------------------------------------------------------------------
cp "$S2" "$TMP/t1.pdf"
printf 'X' | dd of="$TMP/t1.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
out="$(bc verify "$TMP/t1.pdf" --trust "$PKI/root.pem" 2>&1)"
is "$?" 1 "byte changed in a signed range: verify fails"
like "$out" "giá trị băm|bị sửa|hỏng" "… and says the content changed"

head -c -300 "$S2" >"$TMP/t2.pdf"
out="$(bc verify "$TMP/t2.pdf" --trust "$PKI/root.pem" 2>&1)"
ok test "$?" -ne 0 "truncated file: verify fails"
like "$out" "cắt cụt|ByteRange|hỏng" "… and says why"

python3 "$H" bump-byterange "$S2" "$TMP/t3.pdf"
out="$(bc verify "$TMP/t3.pdf" --trust "$PKI/root.pem" 2>&1)"
is "$?" 1 "changed /ByteRange: verify fails"
like "$out" "ByteRange|giá trị băm" "… and names the byte range"

cp "$S2" "$TMP/t5.pdf"
printf 'unsigned data\n' >>"$TMP/t5.pdf"
out="$(bc verify "$TMP/t5.pdf" --trust "$PKI/root.pem" 2>&1)"
is "$?" 1 "bytes appended after the last signature (not an update): verify fails"
like "$out" "không được ký" "… and says they are unsigned"

python3 "$H" tamper-content "$S2" "$TMP/t4.pdf"
ok qpdf --check "$TMP/t4.pdf" "tampered file is still a well-formed PDF"
out="$(bc verify "$TMP/t4.pdf" --trust "$PKI/root.pem" 2>&1)"
is "$?" 1 "unsigned update that edits page content: verify fails"
like "$out" "sau khi ký, tệp đã bị sửa" "… and says the file was edited after signing"

# --- broken certificates: refused before any file is written --------------------------------
for bad in expired notyet nokeyusage untrusted; do
    rm -f "$TMP/bad.pdf"
    out="$(bc sign "$IN" --p12 "$PKI/$bad.p12" "${COMMON[@]}" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" -o "$TMP/bad.pdf" 2>&1)"
    is "$?" 2 "certificate '$bad' refused with exit 2"
    ok test ! -e "$TMP/bad.pdf" "… and no output file for '$bad'"
    echo "# $bad: $(head -1 <<<"$out")"
done
out="$(bc sign "$IN" --p12 "$PKI/thu-truong.p12" --pass secret --role thu-truong -o "$TMP/p.pdf" 2>&1)"
is "$?" 2 "a passphrase on the command line is refused"
out="$(BAOCAO_PASS=wrong bc sign "$IN" --p12 "$PKI/thu-truong.p12" --trust "$PKI/root.pem" \
    --role thu-truong --signature-image "$ROOT/samples/chu-ky.png" -o "$TMP/p.pdf" 2>&1 </dev/null)"
is "$?" 2 "wrong passphrase: exit 2"
like "$out" "sai mật khẩu" "… with a clear message"

ok bc sign "$IN" --p12 "$PKI/thu-truong-legacy.p12" "${COMMON[@]}" --role thu-truong \
    --signature-image "$ROOT/samples/chu-ky.png" -o "$TMP/legacy.pdf" "a legacy (RC2-40) PKCS#12 export is read"

# --- an input with an xref stream (object streams): the update is a stream too --------------
qpdf --object-streams=generate "$IN" "$TMP/os.pdf"
ok bc sign "$TMP/os.pdf" --p12 "$PKI/thu-truong.p12" "${COMMON[@]}" --role thu-truong \
    --signature-image "$ROOT/samples/chu-ky.png" -o "$TMP/os-s.pdf" "sign a file with xref streams"
out="$(pdfsig "$TMP/os-s.pdf" 2>&1)"
like "$out" "Signature is Valid." "pdfsig: valid on the xref-stream file"
tail -c 2000 "$TMP/os-s.pdf" | grep -aq "/Type /XRef"
is "$?" 0 "the appended cross-reference section is a stream"
ok bc verify "$TMP/os-s.pdf" --trust "$PKI/root.pem" "baocao verify on the xref-stream file"
ok qpdf --check "$TMP/os-s.pdf" "qpdf --check on the xref-stream file"

# --- the organisation's signature on an attachment -------------------------------------------
"$BUILD_DIR/tests/test_sign" mkpdf "$TMP/att.pdf" --org
ok bc sign "$TMP/att.pdf" --p12 "$PKI/thu-truong.p12" "${COMMON[@]}" --role to-chuc \
    --number "15/BC-STTTT" -o "$TMP/att-s.pdf" "organisation signs an attachment"
like "$(pdfsig "$TMP/att-s.pdf" 2>&1)" "Signature is Valid." "pdfsig: organisation signature valid"
txt="$(mutool draw -q -F txt "$TMP/att-s.pdf" 1 2>/dev/null)"
like "$txt" "15/BC-STTTT" "the attachment shows the number and notation"
like "$txt" "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00" "… and the ISO 8601 signing time"

# --- DOCX: detached CMS -------------------------------------------------------------------
DOCX="$TMP/bc.docx"
if [ "${B[0]}" = "$BAOCAO" ] && [ -n "$form_id" ] &&
    "$BAOCAO" render --form "$form_id" --blank --format docx -o "$DOCX" >/dev/null 2>&1; then :; else
    python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("word/document.xml","<w:document/>"); z.close()' "$DOCX"
fi
ok bc sign "$DOCX" --key "$PKI/thu-truong-enc.key" --cert "$PKI/thu-truong.pem" --chain "$PKI/chain.pem" \
    --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" "sign a DOCX (encrypted PEM key, cert, chain)"
out="$(openssl cms -verify -binary -inform DER -in "$DOCX.p7s" -content "$DOCX" -CAfile "$PKI/root.pem" -out /dev/null 2>&1)"
like "$out" "Verification successful" "openssl verifies the DOCX .p7s"
ok bc verify "$DOCX" --trust "$PKI/root.pem" "baocao verify FILE.docx with its .p7s"
out="$(env -u BAOCAO_PASS "${B[@]}" sign "$DOCX" --key "$PKI/thu-truong-enc.key" --cert "$PKI/thu-truong.pem" \
    --chain "$PKI/chain.pem" --trust "$PKI/root.pem" -o "$TMP/nopass.p7s" 2>&1 </dev/null)"
is "$?" 2 "an encrypted key without a passphrase source: exit 2"
like "$out" "--pass-file|BAOCAO_PASS" "… telling how to give the passphrase"
printf 'x' >>"$DOCX"
bc verify "$DOCX" --trust "$PKI/root.pem" >/dev/null 2>&1
is "$?" 1 "a changed DOCX fails verification"

done_testing
