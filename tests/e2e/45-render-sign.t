#!/usr/bin/env bash
# render --sign: one step from data to signed files; a refused certificate writes nothing.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

PKI="$ROOT/certs/test"
[ -f "$PKI/thu-truong.p12" ] || skip_all "no test PKI (make certs)"
sign_opts=(--p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --role thu-truong
           --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png"
           --trust "$PKI/root.pem")
out="$TMP/out/tt06-pl1"
ok "$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" --format pdf,docx --sign \
    "${sign_opts[@]}" -o "$out" "render --sign writes PDF, DOCX and its signature"
v="$(pdfsig "$out.pdf" 2>&1)"
like "$v" "Signature is Valid\." "pdfsig: the PDF signature is valid"
like "$v" "Total document signed" "pdfsig: it covers the whole file"
pdfa_valid "$out.pdf" "render --sign"
ok openssl cms -verify -binary -inform DER -in "$out.docx.p7s" -content "$out.docx" \
    -CAfile "$PKI/root.pem" -out /dev/null "openssl: the DOCX signature verifies"
ok "$BAOCAO" verify "$out.pdf" --trust "$PKI/root.pem" "baocao verify accepts the PDF"
ok "$BAOCAO" verify "$out.docx" --trust "$PKI/root.pem" "baocao verify accepts the DOCX with its .p7s"

# An attachment (Bảng 3A.2) signed by the organisation: text at the top right of page 1, number
# and signing time in ISO 8601 with +07:00, readable by poppler without a warning.
ok "$BAOCAO" render --form bang-3a2 --data "$ROOT/samples/bang-3a2.yaml" --sign \
    --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" \
    --role to-chuc --number "125/BC-STP" -o "$TMP/att.pdf" "attachment signed by the organisation"
top="$(pdftotext -f 1 -l 1 "$TMP/att.pdf" - 2>"$TMP/att.err" | head -2 | tr '\n' ' ')"
like "$top" "^125/BC-STP 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+07:00" \
    "page 1 begins with the number and the signing time (+07:00)"
is "$(cat "$TMP/att.err")" "" "poppler reads the signature's text without a warning"
like "$(pdfsig "$TMP/att.pdf" 2>&1)" "Signature is Valid\." "pdfsig: the attachment's signature is valid"
pdfa_valid "$TMP/att.pdf" "signed attachment"

# A certificate that must be refused: exit 2, a message, and not one file written.
for bad in expired notyet nokeyusage; do
    dir="$TMP/refused-$bad"
    err="$("$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" --format pdf,docx \
        --sign --p12 "$PKI/$bad.p12" --pass-file "$PKI/pass.txt" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" --trust "$PKI/root.pem" -o "$dir/x" 2>&1)"
    is "$?" 2 "$bad certificate: exit 2"
    like "$err" "[Cc]hứng thư|hiệu lực|khóa" "$bad certificate: says what is wrong"
    is "$(ls "$dir" 2>/dev/null | wc -l)" 0 "$bad certificate: no file written"
done
# Bad data with --sign: nothing written either.
"$BAOCAO" render --form tt06-pl1 --data "$ROOT/tests/bad/03-negative-count.yaml" --sign \
    "${sign_opts[@]}" -o "$TMP/bad/x.pdf" >/dev/null 2>&1
is "$?" 2 "bad data with --sign: exit 2"
ok test ! -e "$TMP/bad/x.pdf" "bad data with --sign: no file"
done_testing
