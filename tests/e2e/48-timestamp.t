#!/usr/bin/env bash
# 48-timestamp.t — trusted time and long-term validation (PAdES B-T, B-LT, B-LTA), checked with
# independent tools: `openssl ts -verify` against the TSA's root for the signature timestamp (taken
# out of the CMS by a DER walker of our own, helpers/tstoken.py) and for the document timestamp
# (over the byte ranges), pdfsig and mutool for the signatures, qpdf for the /DSS, `openssl ocsp`
# and `openssl crl` for what it holds. A TSA that answers for another digest or nonce, or signs
# with a certificate whose timeStamping EKU is not critical, a TSA that refuses, and a revoked
# signer are each refused with their message and no file.
#
# The TSA, the OCSP responder and the CRLs are served by helpers/ltv_server.py on 127.0.0.1:38461
# (the port the test PKI's AIA/CDP name), started here and stopped by the EXIT trap.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pdfcheck.sh"

PKI="$ROOT/certs/test"
H="$ROOT/tests/e2e/helpers"
PORT=38461
URL="http://127.0.0.1:$PORT"
export BAOCAO_FONTS="$ROOT/fonts"
for t in pdfsig mutool qpdf openssl; do
    command -v "$t" >/dev/null || skip_all "$t is not installed (make deps)"
done
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"
[ -f "$PKI/tsa.cnf" ] || skip_all "the test PKI has no TSA (certs/make-test-pki.sh)"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    skip_all "127.0.0.1:$PORT is in use (another run of this test?)"
fi

# libcurl honours the proxy variables (as an agency behind a proxy needs): not for this test.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export LTV_LOG="$TMP/requests.log"
"$PY" "$H/ltv_server.py" "$PKI" "$PORT" >"$TMP/server.out" 2>"$TMP/server.err" &
SRV=$!
trap 'kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do grep -q ready "$TMP/server.out" 2>/dev/null && break; sleep 0.2; done
grep -q ready "$TMP/server.out" || skip_all "the loopback TSA/OCSP server did not start"

# A form with both signature fields.
IN="$TMP/form.pdf"
for id in $("$BAOCAO" forms 2>/dev/null | awk '{print $1}' | head -20); do
    if "$BAOCAO" render --form "$id" --blank -o "$IN" >/dev/null 2>&1 &&
        pdfsig "$IN" 2>/dev/null | grep -q "Field Name: nguoi-khai" &&
        pdfsig "$IN" 2>/dev/null | grep -q "Field Name: thu-truong"; then
        echo "# input: baocao render --form $id --blank"
        break
    fi
done
pdfsig "$IN" 2>/dev/null | grep -q "Field Name: nguoi-khai" || skip_all "no form with both fields"

TSA=(--tsa "$URL/tsa" --tsa-trust "$PKI/tsa-root.pem")
NK=(--p12 "$PKI/ltv-nguoi-khai.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem"
    --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png")
TT=(--p12 "$PKI/ltv-thu-truong.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem"
    --role thu-truong --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png")

# --- B-T ------------------------------------------------------------------------------------
BB="$TMP/bb.pdf"
BT="$TMP/bt.pdf"
ok "$BAOCAO" sign "$IN" "${NK[@]}" -o "$BB" "B-B signature (for comparison)"
ok "$BAOCAO" sign "$IN" "${NK[@]}" "${TSA[@]}" --level B-T -o "$BT" "sign --level B-T with a TSA"
grep -q "POST /tsa" "$LTV_LOG" 2>/dev/null
is "$?" 0 "the TSA was asked (POST /tsa)"
v="$(pdfsig "$BT" 2>&1)"
like "$v" "Signature is Valid\." "pdfsig: the B-T signature is valid"
like "$v" "Total document signed" "pdfsig: it covers the whole file"
like "$(mutool sign -v "$BT" 2>&1)" "document is unchanged since signing" "mutool: unchanged since signing"

mkdir -p "$TMP/bb" "$TMP/bt"
read -r _ bb_hex bb_der < <("$PY" "$H/pdfsigs.py" extract "$BB" "$TMP/bb")
read -r _ bt_hex bt_der < <("$PY" "$H/pdfsigs.py" extract "$BT" "$TMP/bt")
is "$("$PY" "$H/tstoken.py" "$TMP/bb/sig1.der" "$TMP/bb")" "no timestamp" "the B-B CMS has no timestamp"
tok="$("$PY" "$H/tstoken.py" "$TMP/bt/sig1.der" "$TMP/bt")"
like "$tok" "^timestamp [0-9]+$" "the B-T CMS has id-aa-signatureTimeStampToken"
toklen="${tok#timestamp }"
ok test "$((bt_der - bb_der))" -ge "$toklen" "the CMS grew by the token ($bb_der → $bt_der bytes, token $toklen)"
ok test "$((bt_hex / 2))" -gt "$bt_der" "the /Contents placeholder holds the CMS with its token ($((bt_hex / 2)) > $bt_der)"
v="$(openssl ts -verify -data "$TMP/bt/sigvalue.bin" -in "$TMP/bt/token.der" -token_in \
    -CAfile "$PKI/tsa-root.pem" 2>&1)"
like "$v" "Verification: OK" "openssl ts -verify: the token is over the signature value, from the TSA root"
v="$(openssl ts -verify -data "$TMP/bt/signed1.bin" -in "$TMP/bt/token.der" -token_in \
    -CAfile "$PKI/tsa-root.pem" 2>&1)"
unlike "$v" "Verification: OK" "openssl ts -verify: the same token over other bytes fails (the check can fail)"
like "$(openssl ts -reply -in "$TMP/bt/token.der" -token_in -token_out -text 2>&1)" "Nonce: 0x" \
    "the token carries a nonce"
ok openssl cms -verify -binary -cades -inform DER -in "$TMP/bt/sig1.der" -content "$TMP/bt/signed1.bin" \
    -CAfile "$PKI/root.pem" -out /dev/null "openssl cms -cades: the signature still verifies with the token added"

# --- refused answers: a message, exit 2, no file ----------------------------------------------
refused() { # path regex description
    local out="$TMP/refused.pdf" msg rc
    rm -f "$out"
    msg="$("$BAOCAO" sign "$IN" "${NK[@]}" --tsa "$URL$1" --tsa-trust "$PKI/tsa-root.pem" -o "$out" 2>&1)"
    rc=$?
    is "$rc" 2 "$3: exit 2"
    like "$msg" "$2" "$3: the message says why"
    ok test ! -e "$out" "$3: no file"
}
refused /tsa-imprint "đóng cho dữ liệu khác" "a TSA answering for another digest"
refused /tsa-nonce "nonce khác" "a TSA answering with another nonce"
refused /tsa-noncrit "timeStamping.*không đánh dấu critical" "a TSA certificate whose EKU is not critical"
refused /tsa-reject "từ chối cấp tem.*rejection" "a TSA that refuses"
msg="$("$BAOCAO" sign "$IN" "${NK[@]}" --tsa "$URL/tsa" -o "$TMP/refused.pdf" 2>&1)"
like "$msg" "không được tin cậy.*--tsa-trust" "a TSA outside the trust anchors is refused (names --tsa-trust)"
ok test ! -e "$TMP/refused.pdf" "… and writes no file"
msg="$("$BAOCAO" sign "$IN" "${NK[@]}" --tsa "http://127.0.0.1:9/tsa" -o "$TMP/refused.pdf" 2>&1)"
like "$msg" "không kết nối được máy chủ tem thời gian http://127.0.0.1:9/tsa" "an unreachable TSA: named in the message"
ok test ! -e "$TMP/refused.pdf" "… and no file"
msg="$("$BAOCAO" sign "$IN" "${NK[@]}" --level B-LT -o "$TMP/refused.pdf" 2>&1)"
like "$msg" "cần tem thời gian: thêm --tsa" "--level B-LT without --tsa is a usage error"

# --- B-LT ------------------------------------------------------------------------------------
BLT="$TMP/blt.pdf"
ok "$BAOCAO" sign "$IN" "${NK[@]}" "${TSA[@]}" --level B-LT -o "$BLT" "sign --level B-LT"
pdfa_valid "$BLT" "B-LT (DSS added)"
grep -q "POST /ocsp" "$LTV_LOG" && grep -q "GET /crl/" "$LTV_LOG"
is "$?" 0 "the OCSP responder and a CRL distribution point were asked"
qpdf --json --json-key=qpdf "$BLT" >"$TMP/blt.json"
mkdir -p "$TMP/blt"
"$PY" "$H/pdfsigs.py" extract "$BLT" "$TMP/blt" >/dev/null
dss="$("$PY" - "$TMP/blt.json" "$BLT" <<'PY'
import hashlib, json, re, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
cat = next(v["value"] for v in objs.values() if isinstance(v.get("value"), dict) and v["value"].get("/Type") == "/Catalog")
d = cat["/DSS"]
if isinstance(d, str):
    d = objs["obj:" + d]["value"]
data = open(sys.argv[2], "rb").read()
a, b, c, e = map(int, re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", data).groups())
key = "/" + hashlib.sha1(bytes.fromhex(data[b + 1:c - 1].decode())).hexdigest().upper()
vri = d.get("/VRI", {}).get(key, {})
print(len(d["/Certs"]), len(d["/OCSPs"]), len(d["/CRLs"]), "vri" if vri else "novri",
      len(vri.get("/Cert", [])), " ".join(r.split()[0] for r in d["/OCSPs"]), " ".join(r.split()[0] for r in d["/CRLs"]),
      " ".join(r.split()[0] for r in d["/Certs"]))
PY
)"
read -r ncerts nocsp ncrl vri nvcert ocsp1 crls certs <<<"$dss"
echo "# DSS: $dss"
ok test "$ncerts" -ge 6 "DSS /Certs: signer, CA, root, TSA, TSA root, OCSP responder ($ncerts)"
is "$nocsp" 1 "DSS /OCSPs: the signer's OCSP response"
is "$ncrl" 2 "DSS /CRLs: the issuing CA's (from the root) and the TSA's"
is "$vri" vri "DSS /VRI has the uppercase SHA-1 of the signature's /Contents as its key"
is "$nvcert" "$ncerts" "the VRI lists the same certificates"
qpdf --show-object="$ocsp1" --filtered-stream-data "$BLT" >"$TMP/ocsp.der"
v="$(openssl ocsp -respin "$TMP/ocsp.der" -resp_text -noverify 2>&1)"
like "$v" "Cert Status: good" "the stored OCSP response says good"
sn="$(openssl x509 -in "$PKI/ltv-nguoi-khai.pem" -noout -serial | cut -d= -f2)"
like "$v" "Serial Number: $sn" "… for the signer's certificate"
ok openssl ocsp -respin "$TMP/ocsp.der" -CAfile "$PKI/root.pem" -VAfile "$PKI/ltv-ocsp.pem" \
    "openssl ocsp: the stored response verifies"
set -- $crls
qpdf --show-object="$1" --filtered-stream-data "$BLT" >"$TMP/crl1.der"
ok openssl crl -inform DER -in "$TMP/crl1.der" -noout "the first stored CRL is a CRL (DER)"
v="$(pdfsig "$BLT" 2>&1)"
like "$v" "Signature is Valid\." "pdfsig: the signature is still valid after the DSS update"
ok "$BAOCAO" verify "$BLT" --trust "$PKI/root.pem" --tsa-trust "$PKI/tsa-root.pem" "baocao verify accepts the B-LT file"

blt_refused() { # P12 REGEX DESCRIPTION: a B-LT signature baocao must refuse to make
    local out="$TMP/refused-blt.pdf" msg rc
    rm -f "$out"
    msg="$("$BAOCAO" sign "$IN" --p12 "$PKI/$1.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" \
        --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" "${TSA[@]}" --level B-LT \
        -o "$out" 2>&1)"
    rc=$?
    is "$rc" 2 "$3: exit 2"
    like "$msg" "$2" "… $3: the message says why"
    ok test ! -e "$out" "… $3: no file"
}
blt_refused ltv-revoked "đã bị thu hồi lúc .*(lộ khóa).*OCSP" "a revoked signer at B-LT (revoked, when and why, by OCSP)"
blt_refused nguoi-khai "không cho biết nơi hỏi tình trạng thu hồi .*không thể làm chữ ký dài hạn \(B-LT\)" \
    "a certificate without AIA or CDP at B-LT"

# --- B-LTA, second signer on top of the first ------------------------------------------------
BLTA="$TMP/blta.pdf"
ok "$BAOCAO" sign "$BLT" "${TT[@]}" "${TSA[@]}" --level B-LTA -o "$BLTA" "head of agency signs at B-LTA"
pdfa_valid "$BLTA" "B-LTA (document timestamp)"
v="$(pdfsig "$BLTA" 2>&1)"
is "$(grep -c "Signature is Valid\." <<<"$v")" 2 "pdfsig: both signatures valid after DSS and document timestamp"
like "$v" "Field Name: tem-thoi-gian-1" "pdfsig sees the document timestamp field"
mkdir -p "$TMP/blta"
n="$("$PY" "$H/pdfsigs.py" extract "$BLTA" "$TMP/blta" | wc -l)"
is "$n" 3 "three byte ranges: two signatures and the document timestamp"
ok grep -aq "/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161" "$BLTA" \
    "the document timestamp dictionary"
v="$(openssl ts -verify -data "$TMP/blta/signed3.bin" -in "$TMP/blta/sig3.der" -token_in \
    -CAfile "$PKI/tsa-root.pem" 2>&1)"
like "$v" "Verification: OK" "openssl ts -verify: the document timestamp covers the byte ranges"
size="$(stat -c %s "$BLTA")"
end="$("$PY" -c "import re,sys; d=open(sys.argv[1],'rb').read(); r=[list(map(int,m.groups())) for m in re.finditer(rb'/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)',d)]; print(r[-1][2]+r[-1][3])" "$BLTA")"
is "$end" "$size" "the document timestamp covers the whole file"
ok "$BAOCAO" verify "$BLTA" --trust "$PKI/root.pem" --tsa-trust "$PKI/tsa-root.pem" \
    "baocao verify accepts both signatures and the document timestamp"

# --- renewal: baocao timestamp ---------------------------------------------------------------
REN="$TMP/renew.pdf"
ok "$BAOCAO" timestamp "$BLTA" --tsa "$URL/tsa" --tsa-trust "$PKI/tsa-root.pem" --trust "$PKI/root.pem" \
    -o "$REN" "baocao timestamp renews the archive"
pdfa_valid "$REN" "renewed archive"
v="$(pdfsig "$REN" 2>&1)"
is "$(grep -c "Signature is Valid\." <<<"$v")" 2 "pdfsig: both signatures still valid after renewal"
like "$v" "Field Name: tem-thoi-gian-2" "a second document timestamp"
mkdir -p "$TMP/ren"
"$PY" "$H/pdfsigs.py" extract "$REN" "$TMP/ren" >/dev/null
v="$(openssl ts -verify -data "$TMP/ren/signed4.bin" -in "$TMP/ren/sig4.der" -token_in \
    -CAfile "$PKI/tsa-root.pem" 2>&1)"
like "$v" "Verification: OK" "openssl ts -verify: the renewal covers the byte ranges"
v="$(openssl ts -verify -data "$TMP/ren/signed3.bin" -in "$TMP/ren/sig3.der" -token_in \
    -CAfile "$PKI/tsa-root.pem" 2>&1)"
like "$v" "Verification: OK" "… and the first document timestamp still verifies"
nvri="$(qpdf --json --json-key=qpdf "$REN" | "$PY" -c "
import json,sys
o=json.load(sys.stdin)['qpdf'][1]
c=next(v['value'] for v in o.values() if isinstance(v.get('value'),dict) and v['value'].get('/Type')=='/Catalog')
print(len(c['/DSS']['/VRI']))")"
is "$nvri" 3 "the DSS now has a VRI for each signature and for the first document timestamp"
msg="$("$BAOCAO" timestamp "$BLTA" --tsa "$URL/tsa-nonce" --tsa-trust "$PKI/tsa-root.pem" \
    --trust "$PKI/root.pem" -o "$TMP/ren2.pdf" 2>&1)"
like "$msg" "nonce khác" "timestamp with a replaying TSA: refused"
ok test ! -e "$TMP/ren2.pdf" "… and no file"

# --- render --sign and batch --sign share the options ----------------------------------------
ok "$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" --sign "${TT[@]}" "${TSA[@]}" \
    --level B-T -o "$TMP/r.pdf" "render --sign --level B-T"
mkdir -p "$TMP/r"
"$PY" "$H/pdfsigs.py" extract "$TMP/r.pdf" "$TMP/r" >/dev/null
like "$("$PY" "$H/tstoken.py" "$TMP/r/sig1.der" "$TMP/r")" "^timestamp" "render --sign: the CMS has a timestamp"
like "$(pdfsig "$TMP/r.pdf" 2>&1)" "Signature is Valid\." "render --sign: pdfsig says valid"

# batch --sign: every unit's PDF and DOCX signature timestamped, workers in parallel.
mkdir -p "$TMP/bin"
for c in 555 557 558; do cp "$ROOT/samples/quy-3a.yaml" "$TMP/bin/$c.yaml"; done
ocsp_before="$(grep -c "^POST /ocsp" "$LTV_LOG")"
crl_before="$(grep -c "^GET /crl/" "$LTV_LOG")"
ok "$BAOCAO" batch --form quy-3a --data "$TMP/bin" --out "$TMP/bout" --format pdf,docx --jobs 2 --quiet \
    --sign "${TT[@]}" "${TSA[@]}" --level B-LT "batch --sign --level B-LT over 3 units"
nts=0 nvalid=0
for pdf in "$TMP"/bout/*/*.pdf; do
    d="$TMP/bx/$(basename "$pdf" .pdf)"
    mkdir -p "$d"
    "$PY" "$H/pdfsigs.py" extract "$pdf" "$d" >/dev/null
    "$PY" "$H/tstoken.py" "$d/sig1.der" "$d" | grep -q "^timestamp" && nts=$((nts + 1))
    pdfsig "$pdf" 2>&1 | grep -q "Signature is Valid\." && nvalid=$((nvalid + 1))
done
is "$nts" 3 "batch: each unit's CMS has a signature timestamp"
# Revocation answers are remembered per worker until their nextUpdate (sign/revocation.h): at most
# one OCSP request per worker for the one signer certificate, whatever the number of units.
n3="$(( $(grep -c "^POST /ocsp" "$LTV_LOG") - ocsp_before ))"
c3="$(( $(grep -c "^GET /crl/" "$LTV_LOG") - crl_before ))"
ok test "$n3" -ge 1 -a "$n3" -le 2 "batch of 3 units, 2 workers: $n3 OCSP request(s), at most one per worker"
ok test "$c3" -ge 2 -a "$c3" -le 4 "… and $c3 CRL downloads (2 CRLs, at most once per worker)"
mkdir -p "$TMP/bin8"
for c in $(seq 601 608); do cp "$ROOT/samples/quy-3a.yaml" "$TMP/bin8/$c.yaml"; done
ocsp_before="$(grep -c "^POST /ocsp" "$LTV_LOG")"
crl_before="$(grep -c "^GET /crl/" "$LTV_LOG")"
ok "$BAOCAO" batch --form quy-3a --data "$TMP/bin8" --out "$TMP/bout8" --format pdf --jobs 2 --quiet \
    --sign "${TT[@]}" "${TSA[@]}" --level B-LT "batch --sign --level B-LT over 8 units"
n8="$(( $(grep -c "^POST /ocsp" "$LTV_LOG") - ocsp_before ))"
c8="$(( $(grep -c "^GET /crl/" "$LTV_LOG") - crl_before ))"
is "$(ls "$TMP"/bout8/*/*.pdf | wc -l)" 8 "… 8 signed PDFs"
ok test "$n8" -ge 1 -a "$n8" -le 2 "batch of 8 units, 2 workers: still $n8 OCSP request(s), not one per unit"
ok test "$c8" -le 4 "… and $c8 CRL downloads"
echo "# OCSP requests: $n3 for 3 units, $n8 for 8 units; CRL downloads: $c3, $c8"
json="$("$BAOCAO" batch --form quy-3a --data "$TMP/bin8" --out "$TMP/bout8" --format pdf --jobs 2 --json \
    --sign "${TT[@]}" "${TSA[@]}" --level B-LT)"
is "$(grep -c '"reused": true' <<<"$json")" 8 \
    "batch run again: the 8 timestamped units are kept (checked offline, the TSA's root as the TSA anchor)"
is "$nvalid" 3 "batch: pdfsig says each signature is valid"
p7s="$(find "$TMP/bout" -name '*.docx.p7s' | head -1)"
mkdir -p "$TMP/p7s"
like "$("$PY" "$H/tstoken.py" "$p7s" "$TMP/p7s")" "^timestamp" "batch: the DOCX signature (.p7s) is timestamped too (CAdES-T)"
like "$(openssl ts -verify -data "$TMP/p7s/sigvalue.bin" -in "$TMP/p7s/token.der" -token_in \
    -CAfile "$PKI/tsa-root.pem" 2>&1)" "Verification: OK" "openssl ts -verify: the .p7s token"
v="$("$BAOCAO" verify "${p7s%.p7s}" --trust "$PKI/root.pem" --tsa-trust "$PKI/tsa-root.pem" 2>&1)"
is "$?" 0 "baocao verify: the DOCX with its timestamped .p7s is valid"
like "$v" "theo tem thời gian" "… its signing time taken from the timestamp"

# --- verify: the timestamp's time, the level each signature reaches --------------------------
VT=(--trust "$PKI/root.pem" --tsa-trust "$PKI/tsa-root.pem" --offline)
levels() { "$BAOCAO" verify "$1" "${VT[@]}" --json | "$PY" -c "
import json,sys
print(' '.join(s['level'] or ('DTS' if s['document_timestamp'] else '-') for s in json.load(sys.stdin)['signatures']))"; }
is "$(levels "$BB")" "B-B" "verify --json: a signature without timestamp is B-B"
is "$(levels "$BT")" "B-T" "verify --json: with a signature timestamp, B-T"
is "$(levels "$BLT")" "B-LT" "verify --json: with the DSS, B-LT"
is "$(levels "$BLTA")" "B-LTA B-LTA DTS" "verify --json: both signers B-LTA under the document timestamp"
v="$("$BAOCAO" verify "$BT" "${VT[@]}")"
like "$v" "Mức PAdES: +B-T" "verify names the level in words"
like "$v" "theo tem thời gian" "verify takes the signing time from the timestamp, not /M"
tsa_time="$(openssl ts -reply -in "$TMP/bt/token.der" -token_in -token_out -text 2>/dev/null | sed -n 's/^Time stamp: //p')"
want="$(TZ=Asia/Ho_Chi_Minh date -d "$tsa_time" +%Y-%m-%dT%H:%M:%S+07:00)"
like "$v" "Thời điểm ký: +${want//+/[+]}" "… the same time as the token ($want)"
v="$("$BAOCAO" verify "$BT" --trust "$PKI/root.pem" 2>&1)"
like "$v" "CA gốc của máy chủ tem thời gian" "verify without the TSA's root: the timestamp is not trusted, and says so"
is "$(levels "$BT" | tr -d '\n')" "B-T" "(with the TSA root it is B-T again)"

# --- verify online: revocation asked when the DSS has none (sign/revocation.h) ------------------
VO=(--trust "$PKI/root.pem" --tsa-trust "$PKI/tsa-root.pem")
field() { # FILE KEY verify-args… → the first signature's KEY in --json
    local f="$1" k="$2"
    shift 2
    "$BAOCAO" verify "$f" "$@" --json | "$PY" -c "import json,sys; print(json.load(sys.stdin)['signatures'][0]['$k'])"
}
nreq() { grep -c "^$1" "$LTV_LOG"; }
before="$(nreq "POST /ocsp")"
v="$("$BAOCAO" verify "$BB" "${VO[@]}" 2>&1)"
is "$?" 0 "verify online: the B-B signature (no DSS) is valid"
like "$v" "Thu hồi: +kiểm tra trực tuyến" "… its revocation was checked online, and it says so"
like "$v" "'Nguyễn Thị Thu Hương' chưa bị thu hồi vào thời điểm ký \(kiểm tra trực tuyến: OCSP $URL/ocsp\)" \
    "… the signer's certificate, by the OCSP responder of its AIA"
like "$v" "'CA thử nghiệm có OCSP và CRL' chưa bị thu hồi .*kiểm tra trực tuyến: CRL $URL/crl/root.crl" \
    "… the issuing CA's, by the CRL of its CDP"
like "$v" "=> HỢP LỆ$" "… plainly HỢP LỆ"
is "$(( $(nreq "POST /ocsp") - before ))" 1 "… one OCSP request was made"
is "$(field "$BB" revocation "${VO[@]}")" online "verify --json: \"revocation\": \"online\""
v="$("$BAOCAO" verify "$BT" "${VO[@]}" 2>&1)"
like "$v" "'TSA thử nghiệm baocao' chưa bị thu hồi vào thời điểm ký \(kiểm tra trực tuyến: CRL $URL/crl/tsa-root.crl\)" \
    "verify online on the B-T file: the TSA's certificate too, by its CDP"
is "$(field "$BT" revocation_counts "${VO[@]}" | tr -d ' ')" "{'dss':0,'online':3,'unchecked':0,'not_published':0}" \
    "… three certificates checked online (signer, issuing CA, TSA; the roots are anchors)"
before="$(wc -l <"$LTV_LOG")"
v="$("$BAOCAO" verify "$BB" "${VO[@]}" --offline 2>&1)"
is "$?" 0 "verify --offline on the B-B file: the signature itself is still valid (exit 0)"
like "$v" "không kiểm tra được tình trạng thu hồi của chứng thư 'Nguyễn Thị Thu Hương' \(--offline" \
    "… but revocation could not be checked, and it says why"
like "$v" "=> HỢP LỆ NHƯNG KHÔNG KIỂM TRA ĐƯỢC TÌNH TRẠNG THU HỒI" "… so the verdict is not a plain HỢP LỆ"
like "$v" "Kết luận: .*không kiểm tra được tình trạng thu hồi.*chưa chắc chắn" "… nor is the conclusion"
is "$(field "$BB" verdict "${VO[@]}" --offline)" valid-revocation-unchecked "verify --offline --json: verdict valid-revocation-unchecked"
is "$(wc -l <"$LTV_LOG")" "$before" "… and --offline asked no server"
mkdir -p "$TMP/dir"
cp "$BB" "$BLT" "$TMP/dir/"
v="$("$BAOCAO" verify "$TMP/dir" "${VO[@]}" --offline --jobs 2 2>&1)"
is "$?" 0 "verify DIR --offline: exit 0 (both files valid)"
like "$v" "HỢP LỆ NHƯNG KHÔNG KIỂM TRA ĐƯỢC TÌNH TRẠNG THU HỒI: $TMP/dir/bb.pdf" "… the B-B file with its reservation"
like "$v" "HỢP LỆ: $TMP/dir/blt.pdf" "… the B-LT file plainly valid"
like "$v" "1 hợp lệ, .*thêm 1 hợp lệ nhưng không kiểm tra được tình trạng thu hồi" "… counted apart"
v="$("$BAOCAO" verify "$BLT" "${VO[@]}" 2>&1)"
like "$v" "Thu hồi: +từ /DSS trong tệp" "verify online on the B-LT file: the DSS speaks for the signing time"
is "$(wc -l <"$LTV_LOG")" "$before" "… so nothing is asked online"
is "$(field "$BLT" revocation "${VO[@]}")" dss "… \"revocation\": \"dss\""

REVBB="$TMP/rev-bb.pdf"
ok "$BAOCAO" sign "$IN" --p12 "$PKI/ltv-revoked.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" \
    --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" -o "$REVBB" \
    "the certificate revoked last year signs at B-B (signing asks no responder at B-B)"
v="$("$BAOCAO" verify "$REVBB" "${VO[@]}" 2>&1)"
is "$?" 1 "verify online: a certificate the responder says was revoked before signing is invalid (exit 1)"
like "$v" "'Vũ Văn Thu Hồi' đã bị thu hồi lúc .*trước thời điểm ký \(kiểm tra trực tuyến: OCSP $URL/ocsp\)" \
    "… named, with the time and the source"
like "$v" "=> KHÔNG HỢP LỆ" "… KHÔNG HỢP LỆ"
is "$("$BAOCAO" verify "$REVBB" "${VO[@]}" --json | "$PY" -c "import json,sys; print(' '.join(p['code'] for p in json.load(sys.stdin)['signatures'][0]['problems']))")" \
    revoked-before-signing "verify --json: problem code revoked-before-signing"
v="$("$BAOCAO" verify "$REVBB" "${VO[@]}" --offline 2>&1)"
like "$v" "HỢP LỆ NHƯNG KHÔNG KIỂM TRA ĐƯỢC" "(--offline cannot know: not valid with certainty either)"

# --- --tsa-trust is a store of its own ----------------------------------------------------------
v="$("$BAOCAO" verify "$BT" --trust "$PKI/tsa-root.pem" --tsa-trust "$PKI/root.pem" --offline 2>&1)"
is "$?" 1 "the roots swapped (--trust TSA root, --tsa-trust signer root): not valid"
like "$v" "CA gốc chưa được tin cậy" "… the TSA's root does not make the signer trusted"
like "$v" "CA gốc của máy chủ tem thời gian" "… and the signer's root does not vouch for the timestamp"
v="$("$BAOCAO" verify "$BT" --trust "$PKI/root.pem" --trust "$PKI/tsa-root.pem" --tsa-trust "$PKI/root.pem" --offline 2>&1)"
like "$v" "CA gốc của máy chủ tem thời gian" "with --tsa-trust given, a TSA root among --trust vouches for no timestamp"
like "$v" "Mức PAdES: +B-B" "… so the signature is B-B only"
is "$(field "$BT" level --trust "$PKI/root.pem" --trust "$PKI/tsa-root.pem" --offline)" B-T \
    "without --tsa-trust, timestamps are checked against --trust (B-T)"

# A signature timestamp taken from another signature (the token is unsigned: swapping it keeps
# the signature itself valid, so only the imprint check can catch it).
"$PY" "$H/tstoken.py" swap "$BT" "$TMP/r/token.der" "$TMP/swapped.pdf"
like "$(pdfsig "$TMP/swapped.pdf" 2>&1)" "Signature is Valid\." "(pdfsig: the swapped file's signature itself is still valid)"
v="$("$BAOCAO" verify "$TMP/swapped.pdf" "${VT[@]}" 2>&1)"
is "$?" 1 "verify: a signature timestamp over another signature's value fails (exit 1)"
like "$v" "tem thời gian của chữ ký đóng cho dữ liệu khác" "… and says the timestamp is over other data"

# A document timestamp over other bytes: one byte of its own revision changed.
"$PY" - "$REN" "$TMP/bad-dts.pdf" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.rindex(b"(tem-thoi-gian-2)")
d[i + 15] = ord("9")
open(sys.argv[2], "wb").write(bytes(d))
PY
v="$("$BAOCAO" verify "$TMP/bad-dts.pdf" "${VT[@]}" 2>&1)"
is "$?" 1 "verify: a document timestamp over other bytes fails (exit 1)"
like "$v" "tem thời gian của tài liệu đóng cho dữ liệu khác" "… and says the timestamp is over other data"

# Revocation judged from the DSS: data that baocao's signer would refuse to store, added by
# helpers/dss.py. The revoked certificate may sign at B-T (no revocation is asked there).
REVBT="$TMP/rev-bt.pdf"
ok "$BAOCAO" sign "$IN" --p12 "$PKI/ltv-revoked.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" \
    --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" "${TSA[@]}" --level B-T \
    -o "$REVBT" "the certificate revoked last year signs at B-T"
ocsp_of() { # CERT PATH OUT
    openssl ocsp -issuer "$PKI/ltv-ca.pem" -cert "$PKI/$1.pem" -url "$URL$2" -respout "$3" -noverify \
        >/dev/null 2>&1
}
ocsp_of ltv-revoked /ocsp "$TMP/o-rev.der"
ocsp_of ltv-revoked /ocsp-late "$TMP/o-late.der"
ocsp_of ltv-nguoi-khai /ocsp "$TMP/o-other.der"
CRLS=("crl:$PKI/crl/root.crl" "crl:$PKI/crl/tsa-root.crl")
"$PY" "$H/dss.py" "$REVBT" "$TMP/rev-dss.pdf" "ocsp:$TMP/o-rev.der" "${CRLS[@]}"
"$PY" "$H/dss.py" "$REVBT" "$TMP/late-dss.pdf" "ocsp:$TMP/o-late.der" "${CRLS[@]}"
"$PY" "$H/dss.py" "$REVBT" "$TMP/other-dss.pdf" "ocsp:$TMP/o-other.der" "${CRLS[@]}"
v="$("$BAOCAO" verify "$TMP/rev-dss.pdf" "${VT[@]}" 2>&1)"
is "$?" 1 "verify: a certificate revoked before the signing time (OCSP in the DSS) is invalid"
like "$v" "'Vũ Văn Thu Hồi' đã bị thu hồi lúc .*trước thời điểm ký" "… named, with the revocation time"
v="$("$BAOCAO" verify "$TMP/late-dss.pdf" "${VT[@]}" 2>&1)"
is "$?" 0 "verify: revoked after the (timestamped) signing time: still valid"
like "$v" "bị thu hồi lúc .*sau thời điểm ký" "… and told as a note"
is "$(levels "$TMP/late-dss.pdf")" "B-LT" "… at B-LT"
"$PY" "$H/dss.py" "$REVBB" "$TMP/late-bb.pdf" "ocsp:$TMP/o-late.der" "${CRLS[@]}"
v="$("$BAOCAO" verify "$TMP/late-bb.pdf" "${VT[@]}" 2>&1)"
is "$?" 1 "verify: the same late revocation of a B-B signature (no timestamp) is not accepted"
like "$v" "'Vũ Văn Thu Hồi' đã bị thu hồi lúc .*không có tem thời gian nên không chứng minh được nó có trước lúc thu hồi" \
    "… /M proves nothing: says so (revoked-time-unproven)"
v="$("$BAOCAO" verify "$TMP/other-dss.pdf" "${VT[@]}" 2>&1)"
like "$v" "/DSS không có tình trạng thu hồi .*'Vũ Văn Thu Hồi'" \
    "verify: an OCSP answer for another certificate does not count for the signer"
is "$(levels "$TMP/other-dss.pdf")" "B-T" "… which stays at B-T"
# An answer "good" signed by a certificate of the same CA that is not an OCSP responder (no
# id-kp-OCSPSigning): not a delegated responder, so it counts for nothing.
openssl ocsp -issuer "$PKI/ltv-ca.pem" -cert "$PKI/ltv-nguoi-khai.pem" -no_nonce -reqout "$TMP/q-nk.der" >/dev/null 2>&1
openssl ocsp -index "$PKI/ltv-db/ltv-ca.txt" -CA "$PKI/ltv-ca.pem" -rsigner "$PKI/ltv-thu-truong.pem" \
    -rkey "$PKI/ltv-thu-truong.key" -reqin "$TMP/q-nk.der" -respout "$TMP/o-forged.der" >/dev/null 2>&1
like "$(openssl ocsp -respin "$TMP/o-forged.der" -resp_text -noverify 2>&1)" "Cert Status: good" \
    "(the forged answer says good)"
"$PY" "$H/dss.py" "$BT" "$TMP/forged-dss.pdf" "ocsp:$TMP/o-forged.der" "${CRLS[@]}"
v="$("$BAOCAO" verify "$TMP/forged-dss.pdf" "${VT[@]}" 2>&1)"
like "$v" "/DSS không có tình trạng thu hồi .*'Nguyễn Thị Thu Hương'" \
    "verify: an OCSP answer signed by a certificate without id-kp-OCSPSigning does not count"
is "$(levels "$TMP/forged-dss.pdf")" "B-T" "… which stays at B-T"

# A signer whose certificate expires 30 seconds from now (CDP only: its status comes from the
# CRL), signing at B-LTA before it does; checked again after it has expired, below.
cat >"$TMP/short.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $TMP/short-index.txt
serial = $TMP/short-serial
new_certs_dir = $TMP
default_md = sha256
policy = p
unique_subject = no
copy_extensions = none
[p]
commonName = supplied
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$URL/crl/ltv-ca.crl
CNF
: >"$TMP/short-index.txt"
openssl rand -hex 8 >"$TMP/short-serial"
short_end=$(( $(date +%s) + 30 ))
openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$TMP/short.key"
openssl req -new -utf8 -key "$TMP/short.key" -subj "/C=VN/O=Sở Thông tin và Truyền thông (THỬ NGHIỆM)/CN=Lê Văn Ngắn Hạn" \
    -out "$TMP/short.csr" 2>/dev/null
openssl ca -batch -utf8 -notext -config "$TMP/short.cnf" -in "$TMP/short.csr" -cert "$PKI/ltv-ca.pem" \
    -keyfile "$PKI/ltv-ca.key" -startdate "$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ)" \
    -enddate "$(date -u -d "@$short_end" +%Y%m%d%H%M%SZ)" -extfile "$TMP/short.cnf" -extensions ext \
    -preserveDN -out "$TMP/short.pem" >/dev/null 2>&1
SHORT="$TMP/short-lta.pdf"
ok "$BAOCAO" sign "$IN" --key "$TMP/short.key" --cert "$TMP/short.pem" --chain "$PKI/ltv-chain.pem" \
    --trust "$PKI/root.pem" --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" \
    "${TSA[@]}" --level B-LTA -o "$SHORT" "a certificate valid for 30 more seconds signs at B-LTA (CRL only)"

# The archivist, years later: no TSA, no OCSP responder, no CRL server.
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
before="$(wc -l <"$LTV_LOG")"
ok "$BAOCAO" verify "$REN" "${VT[@]}" "verify --offline with every server stopped: valid"
is "$(levels "$REN")" "B-LTA B-LTA DTS DTS" "… both signatures still B-LTA, from the DSS alone"
is "$(wc -l <"$LTV_LOG")" "$before" "… and verify asked no server"
v="$("$BAOCAO" verify "$BB" "${VO[@]}" 2>&1)"
like "$v" "không kiểm tra được tình trạng thu hồi của chứng thư 'Nguyễn Thị Thu Hương': không kết nối được máy chủ OCSP $URL/ocsp" \
    "verify online with the responders stopped: a B-B file without DSS cannot be checked, and says why"
like "$v" "=> HỢP LỆ NHƯNG KHÔNG KIỂM TRA ĐƯỢC TÌNH TRẠNG THU HỒI" "… and is not told as plainly valid"
is "$(field "$BB" revocation "${VO[@]}")" unchecked "… \"revocation\": \"unchecked\""
v="$("$BAOCAO" verify "$REN" "${VO[@]}" 2>&1)"
is "$?" 0 "verify (not --offline) with every server stopped: the archived file needs none"
is "$(grep -c "Thu hồi: *từ /DSS trong tệp" <<<"$v")" 2 "… both signatures' revocation from the DSS"
while [ "$(date +%s)" -le "$short_end" ]; do sleep 1; done
v="$("$BAOCAO" verify "$SHORT" "${VT[@]}" 2>&1)"
is "$?" 0 "verify --offline after the signer's certificate expired: still valid"
like "$v" "Mức PAdES: +B-LTA" "… at B-LTA"
like "$v" "đã hết hạn lúc" "… and says the certificate has expired since"
msg="$("$BAOCAO" sign "$IN" --key "$TMP/short.key" --cert "$TMP/short.pem" --chain "$PKI/ltv-chain.pem" \
    --trust "$PKI/root.pem" --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" \
    -o "$TMP/late.pdf" 2>&1)"
like "$msg" "đã hết hạn" "(while signing with it now is refused)"

done_testing
