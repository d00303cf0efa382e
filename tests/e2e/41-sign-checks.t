#!/usr/bin/env bash
# `sign` compares the signer with what the form printed for the box (sign/signercheck.c): a
# certificate in another person's name, a date line left blank, and an organisation's signature
# made with a person's certificate each get a "chú ý" sentence; the signature is still made (a
# deputy may sign for the head), and a certificate that fits gets none.
source "$(dirname "$0")/lib.sh"
PKI="$ROOT/certs/test"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
command -v openssl >/dev/null || skip_all "openssl is not installed"
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"
S="$ROOT/samples/tt06-pl1.yaml"

# Certificates of the test CA for the names the sample prints, and for an organisation.
cert() { # name subject
    openssl ecparam -name prime256v1 -genkey -noout -out "$TMP/$1.key" 2>/dev/null
    openssl req -new -utf8 -key "$TMP/$1.key" -subj "$2" -out "$TMP/$1.csr" 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >"$TMP/ext"
    openssl x509 -req -in "$TMP/$1.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -days 30 -sha256 \
        -set_serial 0x"$(openssl rand -hex 8)" -extfile "$TMP/ext" -out "$TMP/$1.pem" 2>/dev/null
}
ORG="/C=VN/O=Bộ Tài nguyên và Môi trường (THỬ NGHIỆM)"
cert khanh "$ORG/title=Bộ trưởng/CN=TRẦN QUỐC KHÁNH"
cert org "$ORG/CN=Bộ Tài nguyên và Môi trường (THỬ NGHIỆM)/UID=MST:0101234567"
ok test -s "$TMP/khanh.pem" "a certificate for the printed head of agency"

KEYS=(--trust "$PKI/root.pem" --chain "$PKI/chain.pem")
sign_as() { # name role in out [more]
    local n="$1" role="$2" in="$3" out="$4"
    shift 4
    "$BAOCAO" sign "$in" --key "$TMP/$n.key" --cert "$TMP/$n.pem" "${KEYS[@]}" --role "$role" "$@" -o "$out"
}

"$BAOCAO" render --form tt06-pl1 --data "$S" -o "$TMP/r.pdf"
err="$(sign_as khanh thu-truong "$TMP/r.pdf" "$TMP/ok.pdf" --signature-image "$ROOT/samples/chu-ky.png" 2>&1)"
is "$?" 0 "the printed head signs"
unlike "$err" "chú ý" "no note when the certificate's name is the printed one (case and diacritics folded)"

cert deputy "$ORG/title=Thứ trưởng/CN=Lê Minh Ngân"
err="$(sign_as deputy thu-truong "$TMP/r.pdf" "$TMP/other.pdf" --signature-image "$ROOT/samples/chu-ky.png" 2>&1)"
is "$?" 0 "someone else's certificate still signs (a deputy may)"
like "$err" "baocao sign: chú ý: ô ký \"thu-truong\" in tên \"Trần Quốc Khánh\" nhưng chứng thư là của \"Lê Minh Ngân\"" \
    "... with a note naming both"
ok test -s "$TMP/other.pdf" "... and the file is written"

# The date left blank: the sample without ngay_ky.
grep -v '^ngay_ky:' "$S" >"$TMP/undated.yaml"
"$BAOCAO" render --form tt06-pl1 --data "$TMP/undated.yaml" -o "$TMP/u.pdf"
err="$(sign_as khanh thu-truong "$TMP/u.pdf" "$TMP/u.s.pdf" --signature-image "$ROOT/samples/chu-ky.png" 2>&1)"
like "$err" "chú ý: ô ký \"thu-truong\": dòng \"…, ngày … tháng … năm …\" còn để trống" "a blank date is noted"
# ... and a date filled in is not (the preparer's box has its own date in the sample).
err="$("$BAOCAO" render --form tt06-pl1 --data "$TMP/undated.yaml" --sign --key "$TMP/khanh.key" \
    --cert "$TMP/khanh.pem" "${KEYS[@]}" --role thu-truong --signature-image "$ROOT/samples/chu-ky.png" \
    -o "$TMP/rs.pdf" 2>&1)"
like "$err" "baocao render: chú ý: ô ký \"thu-truong\": dòng" "render --sign notes it too"

# An organisation's signature on an attachment.
"$BAOCAO" render --form bang-3a2 --blank -o "$TMP/a.pdf"
err="$(sign_as khanh to-chuc "$TMP/a.pdf" "$TMP/a1.pdf" --number "12/BC-BTNMT" 2>&1)"
like "$err" "chú ý: chữ ký của tổ chức \(--role to-chuc\) đang dùng chứng thư của cá nhân \"TRẦN QUỐC KHÁNH\"" \
    "an organisation signature with a person's certificate is noted"
err="$(sign_as org to-chuc "$TMP/a.pdf" "$TMP/a2.pdf" --number "12/BC-BTNMT" 2>&1)"
is "$?" 0 "the organisation's own certificate signs"
unlike "$err" "chú ý" "... without a note"
ok pdfsig "$TMP/a2.pdf" "pdfsig reads the signed attachment"
done_testing
