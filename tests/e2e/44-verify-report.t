#!/usr/bin/env bash
# What `baocao verify` tells a person and a machine (sign/verify_print.c): an intact file checked
# without the right --trust is "NGUYÊN VẸN" with how to trust the root, not "KHÔNG HỢP LỆ";
# byte ranges only with --verbose; --json carries the certificate and a stable code per problem.
source "$(dirname "$0")/lib.sh"
PKI="$ROOT/certs/test"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"

"$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" -o "$TMP/r.pdf"
"$BAOCAO" sign "$TMP/r.pdf" --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" \
    --trust "$PKI/root.pem" --role thu-truong --signature-image "$ROOT/samples/chu-ky.png" \
    -o "$TMP/s.pdf" 2>/dev/null
ok test -s "$TMP/s.pdf" "a signed report"

out="$("$BAOCAO" verify "$TMP/s.pdf" 2>&1)"
is "$?" 1 "no --trust: exit 1 (not verified)"
like "$out" "=> NGUYÊN VẸN, CHƯA XÁC NHẬN ĐƯỢC NGƯỜI KÝ \(CA gốc chưa được tin cậy\)" "no --trust: intact, signer not confirmed"
like "$out" "RootCA chuyên dùng Chính phủ G2.*--trust ROOTCA\.pem" "no --trust: says how to trust the official root"
unlike "$out" "KHÔNG HỢP LỆ|BỊ SỬA" "no --trust: not reported as tampered"
like "$out" "Kết luận: tệp còn nguyên vẹn như khi ký" "no --trust: the conclusion says intact"
out="$("$BAOCAO" verify "$TMP/s.pdf" --trust "$PKI/rogue-root.pem" 2>&1)"
like "$out" "=> NGUYÊN VẸN, CHƯA XÁC NHẬN" "an unknown root: the same verdict"

out="$("$BAOCAO" verify "$TMP/s.pdf" --trust "$PKI/root.pem" 2>&1)"
is "$?" 0 "the right root: exit 0"
like "$out" "=> HỢP LỆ" "the right root: valid"
like "$out" "Phạm vi ký: +toàn bộ tệp" "the summary says what is covered in words"
unlike "$out" "\[0 [0-9]+ [0-9]+ [0-9]+\]" "... without byte offsets"
out="$("$BAOCAO" verify "$TMP/s.pdf" --trust "$PKI/root.pem" --verbose 2>&1)"
like "$out" "Phạm vi ký: +\[0 [0-9]+ [0-9]+ [0-9]+\] — toàn bộ tệp" "--verbose: the byte range"
like "$out" "Chứng thư: +CN=Trần Quốc Khánh," "--verbose: the certificate's subject"
like "$out" "do CN=CA thử nghiệm.*, số hiệu [0-9A-F]+, hiệu lực 20" "--verbose: its issuer, serial and validity"

json() { "$BAOCAO" verify "$1" "${@:2}" --json 2>/dev/null; }
check() { "$PY" -c 'import json,sys; d=json.load(sys.stdin); s=d["signatures"]; exec(sys.argv[1])' "$1"; }
json "$TMP/s.pdf" --trust "$PKI/root.pem" >"$TMP/v.json"
ok check 'c=s[0]["certificate"]; assert c["subject"].startswith("CN=Trần Quốc Khánh") and "CA thử nghiệm" in c["issuer"] and len(c["serial"]) >= 8 and c["not_before"].endswith("Z") and c["not_after"] > c["not_before"], c' <"$TMP/v.json" \
    "--json: the certificate (subject, issuer, serial, validity)"
# The test PKI's ordinary certificates name no OCSP responder and no CRL: nothing to check.
ok check 'assert s[0]["verdict"] == "valid" and s[0]["revocation"] == "not-published" and s[0]["problems"] == [], s[0]' <"$TMP/v.json" \
    "--json: valid, no problems; revocation not-published (the certificate names nowhere to ask)"
like "$("$BAOCAO" verify "$TMP/s.pdf" --trust "$PKI/root.pem" 2>&1)" "không cho biết nơi hỏi tình trạng thu hồi" \
    "… and the report says so"
json "$TMP/s.pdf" >"$TMP/u.json"
ok check 'p=s[0]["problems"]; assert s[0]["verdict"] == "intact-root-not-trusted" and [x["code"] for x in p] == ["root-not-trusted"], p' <"$TMP/u.json" \
    "--json without --trust: code root-not-trusted, verdict intact-root-not-trusted"

# A tampered file: codes name what happened.
"$PY" - "$TMP/s.pdf" "$TMP/t.pdf" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.find(b"/MediaBox")   # inside the signed bytes: the digest no longer matches
d[i + 11:i + 12] = b"1" if d[i + 11:i + 12] != b"1" else b"2"
open(sys.argv[2], "wb").write(d)
PY
json "$TMP/t.pdf" --trust "$PKI/root.pem" >"$TMP/t.json"
ok check 'codes=[x["code"] for x in s[0]["problems"]]; assert "content-changed" in codes and s[0]["verdict"] == "invalid", codes' <"$TMP/t.json" \
    "--json on a changed byte: code content-changed, verdict invalid"
out="$("$BAOCAO" verify "$TMP/t.pdf" 2>&1)"
like "$out" "=> KHÔNG HỢP LỆ" "a changed byte without --trust is still KHÔNG HỢP LỆ"
unlike "$out" "NGUYÊN VẸN" "... never called intact"
done_testing
