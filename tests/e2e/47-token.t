#!/usr/bin/env bash
# 47-token.t — the head of agency signs with a USB token (PKCS#11): a SoftHSM2 token made in this
# test's temporary folder holds the test PKI's keys (RSA-3072 and P-256) and certificates and the
# issuing CA. PDF (preparer with a .p12, head with the token) and DOCX, single and batch, checked
# by pdfsig, mutool, openssl cms over the byte ranges and baocao verify; `baocao tokens`; and each
# way a token refuses (wrong PIN, locked PIN, no key, no certificate, no token, token pulled out,
# a module that does not load) with its message, exit 2 and no file. The failures SoftHSM cannot
# produce (it never locks a PIN, cannot be unplugged) come from helpers/p11shim.c, a module that
# forwards to SoftHSM; it also counts the logins of a batch.
. "$(dirname "$0")/lib.sh"

PKI="$ROOT/certs/test"
H="$ROOT/tests/e2e/helpers/pdfsigs.py"
SOFTHSM=/usr/lib/softhsm/libsofthsm2.so
export BAOCAO_FONTS="$ROOT/fonts"
for t in softhsm2-util pkcs11-tool pdfsig mutool openssl certutil python3 cc; do
    command -v "$t" >/dev/null || skip_all "$t is not installed (make deps)"
done
[ -f "$SOFTHSM" ] || skip_all "SoftHSM2 module not found at $SOFTHSM (make deps)"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"

# --- the token, in $TMP ---------------------------------------------------------------------
export SOFTHSM2_CONF="$TMP/softhsm2.conf"
mkdir -p "$TMP/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' \
    "$TMP/tokens" >"$SOFTHSM2_CONF"
PIN=314159
printf '%s\n' "$PIN" >"$TMP/pin.txt"
printf '000000\n' >"$TMP/wrong-pin.txt"
unset BAOCAO_PIN
p11() { pkcs11-tool --module "$SOFTHSM" --token-label VGCA --login --pin "$PIN" "$@" >/dev/null 2>&1; }
put_key() { # PEM-KEY LABEL ID
    openssl pkcs8 -topk8 -nocrypt -in "$1" -out "$TMP/k.pk8" &&
        softhsm2-util --import "$TMP/k.pk8" --token VGCA --pin "$PIN" --label "$2" --id "$3" >/dev/null
}
put_cert() { # PEM-CERT LABEL ID
    openssl x509 -in "$1" -outform DER -out "$TMP/c.der" &&
        p11 --write-object "$TMP/c.der" --type cert --label "$2" --id "$3"
}
softhsm2-util --init-token --free --label VGCA --pin "$PIN" --so-pin 87654321 >/dev/null ||
    skip_all "softhsm2-util could not make a token"
put_key "$PKI/thu-truong.key" "Nguyen Van An" 01 && put_cert "$PKI/thu-truong.pem" "Nguyen Van An" 01 &&
    put_key "$PKI/thu-truong-ec.key" "Nguyen Van An EC" 02 && put_cert "$PKI/thu-truong-ec.pem" "Nguyen Van An EC" 02 &&
    put_cert "$PKI/ca.pem" "CA phuc vu co quan Nha nuoc" 0a &&
    put_key "$PKI/nguoi-khai.key" "Khoa khong co chung thu" 03 ||
    skip_all "could not fill the SoftHSM token"
echo "# token VGCA in $TMP/tokens: RSA-3072 (id 01), P-256 (id 02), the issuing CA, a key without certificate (id 03)"

RSA_URI='pkcs11:token=VGCA;object=Nguyen%20Van%20An'
EC_URI='pkcs11:token=VGCA;id=%02'
TOK=(--pkcs11-module "$SOFTHSM" --pin-file "$TMP/pin.txt")
HEAD=(--trust "$PKI/root.pem" --role thu-truong --signature-image "$ROOT/samples/chu-ky.png"
      --seal-image "$ROOT/samples/con-dau.png")

# The checks an independent verifier makes of signature N of a PDF.
cms_ok() { # PDF N DESCRIPTION
    mkdir -p "$TMP/x"
    python3 "$H" extract "$1" "$TMP/x" >/dev/null
    local out
    out="$(openssl cms -verify -cades -binary -inform DER -in "$TMP/x/sig$2.der" \
        -content "$TMP/x/signed$2.bin" -CAfile "$PKI/root.pem" -out /dev/null 2>&1)"
    like "$out" "CAdES Verification successful" "$3: openssl cms -verify -cades on the byte ranges"
}
mkdir -p "$TMP/nss"
certutil -N -d "sql:$TMP/nss" --empty-password >/dev/null 2>&1
certutil -A -d "sql:$TMP/nss" -n root -t "C,C,C" -i "$PKI/root.pem" >/dev/null 2>&1

IN="$TMP/r.pdf"
ok "$BAOCAO" render --form quy-3a --blank -o "$IN" "render a report with both signature fields"

# --- baocao tokens ----------------------------------------------------------------------------
out="$("$BAOCAO" tokens --pkcs11-module "$SOFTHSM" 2>&1)"
is "$?" 0 "tokens: exit 0"
like "$out" "Token 'VGCA' — SoftHSM project" "tokens: the token, its maker"
like "$out" "Chứng thư 'Nguyen Van An' id 01 — RSA 3072" "tokens: the RSA certificate, label, id, key"
like "$out" "Chứng thư 'Nguyen Van An EC' id 02 — EC 256" "tokens: the EC certificate"
like "$out" "Chủ thể:   CN=Trần Quốc Khánh,title=Giám đốc" "tokens: subject in readable UTF-8"
like "$out" "Cấp bởi:   CN=CA thử nghiệm phục vụ các cơ quan Nhà nước" "tokens: issuer"
like "$out" "Hiệu lực:  [0-9/]+ [0-9:]+ UTC → [0-9/]+ [0-9:]+ UTC" "tokens: validity"
like "$out" "URI:       pkcs11:token=VGCA;object=Nguyen%20Van%20An;id=%01" "tokens: the URI for --pkcs11"
unlike "$out" "Khóa bí mật" "tokens without --login: no private key shown (none is visible before login)"
out="$("$BAOCAO" tokens "${TOK[@]}" --login 2>&1)"
is "$(grep -c "Khóa bí mật" <<<"$out")" 3 "tokens --login: the three private keys"
json="$("$BAOCAO" tokens "${TOK[@]}" --login --json 2>&1)"
ok python3 -c '
import json, sys
d = json.loads(sys.argv[1])
t = [t for t in d["tokens"] if t["label"] == "VGCA"][0]
certs = [o for o in t["objects"] if o["class"] == "certificate"]
keys = [o for o in t["objects"] if o["class"] == "private-key"]
an = [c for c in certs if c["id"] == "01"][0]
assert len(certs) == 3 and len(keys) == 3, (len(certs), len(keys))
assert an["subject"].startswith("CN=Trần Quốc Khánh") and an["not_after"].endswith("Z"), an
assert an["uri"] == "pkcs11:token=VGCA;object=Nguyen%20Van%20An;id=%01", an["uri"]
assert t["login_required"] and t["logged_in"] and not t["pin_locked"]
' "$json" "tokens --json: valid JSON with certificates, keys, subject, validity, URI"

out="$("$BAOCAO" tokens --pkcs11-module "$TMP/nope.so" 2>&1)"
is "$?" 2 "tokens with a module that does not load: exit 2"
like "$out" "không nạp được mô-đun PKCS#11" "… says so"
mkdir -p "$TMP/none"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$TMP/none" >"$TMP/none.conf"
out="$(SOFTHSM2_CONF="$TMP/none.conf" "$BAOCAO" tokens --pkcs11-module "$SOFTHSM" 2>&1)"
like "$out" "Không có token nào" "tokens with no token: says there is none"

# --- PDF: preparer with a .p12, head with the token ------------------------------------------
S1="$TMP/s1.pdf"
S2="$TMP/s2.pdf"
ok "$BAOCAO" sign "$IN" --p12 "$PKI/nguoi-khai.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" \
    --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" -o "$S1" "preparer signs with a .p12"
out="$("$BAOCAO" sign "$S1" --pkcs11 "$RSA_URI" "${TOK[@]}" "${HEAD[@]}" -o "$S2" 2>&1)"
is "$?" 0 "head of agency signs with the token (RSA-3072)"
unlike "$out" "$PIN" "… and the PIN is printed nowhere"
out="$(pdfsig "$S2" 2>&1)"
is "$(grep -c "Signature is Valid." <<<"$out")" 2 "pdfsig: both signatures valid"
like "$(tail -n 12 <<<"$out")" "Total document signed" "pdfsig: the token's signature covers the whole file"
out="$(pdfsig -nssdir "sql:$TMP/nss" "$S2" 2>&1)"
is "$(grep -c "Certificate is Trusted." <<<"$out")" 2 "pdfsig + NSS root: both certificates trusted"
like "$(mutool sign -v "$S2" 2>&1 | tail -n 4)" "The document is unchanged since signing" "mutool: unchanged since signing"
cms_ok "$S2" 1 "preparer's signature"
cms_ok "$S2" 2 "token signature (RSA)"
certs="$(openssl cms -cmsout -print -inform DER -in "$TMP/x/sig2.der" 2>&1)"
like "$certs" "CA thử nghiệm phục vụ|CA th.*nghi" "the chain from the token (issuing CA) is in the CMS"
like "$certs" "algorithm: rsaEncryption" "RSA PKCS#1 v1.5 (the token signed a DigestInfo)"
out="$("$BAOCAO" verify "$S2" --trust "$PKI/root.pem" 2>&1)"
is "$?" 0 "baocao verify: exit 0"
is "$(grep -c "=> HỢP LỆ" <<<"$out")" 2 "baocao verify: both signatures valid"

# EC key on the token: the token's raw r||s becomes a DER ECDSA value.
S3="$TMP/ec.pdf"
ok "$BAOCAO" sign "$S1" --pkcs11 "$EC_URI" "${TOK[@]}" "${HEAD[@]}" -o "$S3" "head signs with the token's P-256 key (by id)"
is "$(pdfsig "$S3" 2>&1 | grep -c "Signature is Valid.")" 2 "pdfsig: EC token signature valid"
like "$(mutool sign -v "$S3" 2>&1 | tail -n 4)" "The document is unchanged since signing" "mutool: EC signature, unchanged"
cms_ok "$S3" 2 "token signature (ECDSA)"
like "$(openssl cms -cmsout -print -inform DER -in "$TMP/x/sig2.der")" "ecdsa-with-SHA256" "ECDSA with SHA-256"
ok "$BAOCAO" verify "$S3" --trust "$PKI/root.pem" "baocao verify: EC token signature"

# RSA-PSS on the token (mutool 1.21 cannot check PSS at all, so only the others are asked).
S4="$TMP/pss.pdf"
ok "$BAOCAO" sign "$IN" --rsa-pss --pkcs11 "$RSA_URI" "${TOK[@]}" "${HEAD[@]}" -o "$S4" "head signs RSA-PSS through the token"
like "$(pdfsig "$S4" 2>&1)" "Signature is Valid." "pdfsig: PSS signature valid"
cms_ok "$S4" 1 "token signature (RSA-PSS)"
like "$(openssl cms -cmsout -print -inform DER -in "$TMP/x/sig1.der")" "rsassaPss" "signature algorithm RSASSA-PSS"
ok "$BAOCAO" verify "$S4" --trust "$PKI/root.pem" "baocao verify: PSS signature"
ok "$BAOCAO" sign "$IN" --rsa-pss --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" "${HEAD[@]}" \
    -o "$TMP/pss-p12.pdf" "RSA-PSS with a .p12 too"
like "$(pdfsig "$TMP/pss-p12.pdf" 2>&1)" "Signature is Valid." "pdfsig: PSS signature from a .p12 valid"

# --- DOCX: detached .p7s from the token ---------------------------------------------------------
DOCX="$TMP/r.docx"
ok "$BAOCAO" render --form quy-3a --blank --format docx -o "$DOCX" "render the DOCX"
ok "$BAOCAO" sign "$DOCX" --pkcs11 "$RSA_URI" "${TOK[@]}" --trust "$PKI/root.pem" "sign the DOCX with the token"
out="$(openssl cms -verify -cades -binary -inform DER -in "$DOCX.p7s" -content "$DOCX" -CAfile "$PKI/root.pem" -out /dev/null 2>&1)"
like "$out" "CAdES Verification successful" "openssl cms -verify -cades on the DOCX .p7s"
like "$(openssl cms -cmsout -print -inform DER -in "$DOCX.p7s")" "signingTime" "the DOCX signature has its signingTime"
ok "$BAOCAO" verify "$DOCX" --trust "$PKI/root.pem" "baocao verify: the DOCX and its .p7s"

# render --sign: data to a signed PDF in one step, the key on the token.
ok "$BAOCAO" render --form quy-3a --data "$ROOT/samples/quy-3a.yaml" --sign --pkcs11 "$RSA_URI" "${TOK[@]}" \
    "${HEAD[@]}" -o "$TMP/rs.pdf" "render --sign --pkcs11"
like "$(pdfsig "$TMP/rs.pdf" 2>&1)" "Signature is Valid." "pdfsig: render --sign with the token is valid"

# --- through p11-kit's proxy (the default module) ---------------------------------------------
# softhsm2's package registers it with p11-kit (/usr/share/p11-kit/modules/softhsm2.module) and
# SoftHSM reads SOFTHSM2_CONF, so the proxy sees this test's token and nothing is configured on
# the system. (A module of the test's own is added through ~/.config/pkcs11 further down: p11-kit
# skips user configuration when running as root, so that check runs as nobody.)
PROXY="$(pkg-config --variable=proxy_module p11-kit-1 2>/dev/null || true)"
[ -n "$PROXY" ] || PROXY="/usr/lib/$(cc -print-multiarch 2>/dev/null)/p11-kit-proxy.so"
if [ -f /usr/share/p11-kit/modules/softhsm2.module ] && [ -e "$PROXY" ]; then
    out="$("$BAOCAO" tokens 2>&1)"
    like "$out" "p11-kit-proxy.so" "tokens without --pkcs11-module uses p11-kit's proxy"
    like "$out" "Token 'VGCA'" "… which sees the test token"
    ok "$BAOCAO" sign "$IN" --pkcs11 "$RSA_URI" --pin-file "$TMP/pin.txt" "${HEAD[@]}" -o "$TMP/proxy.pdf" \
        "sign through p11-kit's proxy"
    like "$(pdfsig "$TMP/proxy.pdf" 2>&1)" "Signature is Valid." "pdfsig: valid through the proxy"
else
    echo "# p11-kit proxy or softhsm2.module missing: proxy checks skipped"
fi

# --- batch: one login, every unit signed -------------------------------------------------------
SHIM="$TMP/p11shim.so"
cc -shared -fPIC -I/usr/include/p11-kit-1 "$ROOT/tests/e2e/helpers/p11shim.c" -o "$SHIM" -ldl ||
    echo "# could not build the shim"
export P11SHIM_MODULE="$SOFTHSM"
UNITS="$TMP/units"
mkdir -p "$UNITS"
for c in 555 557 558; do cp "$ROOT/samples/batch/$c.yaml" "$UNITS/" 2>/dev/null || cp "$ROOT/samples/quy-3a.yaml" "$UNITS/$c.yaml"; done
LOG="$TMP/shim.log"
BOUT="$TMP/bout"
P11SHIM_LOG="$LOG" "$BAOCAO" batch --form quy-3a --data "$UNITS" --out "$BOUT" --format pdf,docx --jobs 2 --quiet \
    --sign --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt" "${HEAD[@]}" >"$TMP/batch.out" 2>&1
is "$?" 0 "batch --sign --pkcs11 over 3 units, 2 workers: exit 0"
valid=0
for pdf in "$BOUT"/*/*.pdf; do pdfsig "$pdf" 2>/dev/null | grep -q "Signature is Valid." && valid=$((valid + 1)); done
is "$valid" 3 "pdfsig: every unit's PDF signed by the token is valid"
p7s=0
for f in "$BOUT"/*/*.docx; do
    openssl cms -verify -binary -inform DER -in "$f.p7s" -content "$f" -CAfile "$PKI/root.pem" -out /dev/null 2>/dev/null && p7s=$((p7s + 1))
done
is "$p7s" 3 "openssl: every unit's DOCX .p7s verifies"
is "$(grep -c ' login$' "$LOG" 2>/dev/null)" 1 "the batch logged in to the token once"
is "$(grep -c ' init$' "$LOG" 2>/dev/null)" 1 "the module was initialised in one process only"
is "$(grep -c ' sign$' "$LOG" 2>/dev/null)" 6 "six signatures made on the token (3 PDF + 3 DOCX)"
is "$(awk '{print $1}' "$LOG" 2>/dev/null | sort -u | wc -l)" 1 "… all in that one process (the token agent)"
ok python3 -c "import json; d=json.load(open('$BOUT/manifest.json')); assert d['failed']==0 and all(r['signer'] for r in d['results'])" \
    "manifest: no unit failed, each names its signer"

# --- refusals: exit 2, a clear message, no file -------------------------------------------------
refused() { # WANT-REGEX DESCRIPTION sign-args...
    local want="$1" desc="$2"
    shift 2
    rm -f "$TMP/no.pdf"
    local out rc
    out="$("$BAOCAO" sign "$IN" "$@" "${HEAD[@]}" -o "$TMP/no.pdf" 2>&1 </dev/null)"
    rc=$?
    is "$rc" 2 "$desc: exit 2"
    like "$out" "$want" "$desc: says so"
    ok test ! -e "$TMP/no.pdf" "$desc: no file"
    echo "# $desc: $(head -1 <<<"$out")"
}
refused "sai mã PIN của token 'VGCA'" "wrong PIN" --pkcs11 "$RSA_URI" --pkcs11-module "$SOFTHSM" --pin-file "$TMP/wrong-pin.txt"
BAOCAO_PIN=000000 refused "sai mã PIN" "wrong PIN from BAOCAO_PIN" --pkcs11 "$RSA_URI" --pkcs11-module "$SOFTHSM"
refused "cần mã PIN của token 'VGCA'.*--pin-file.*BAOCAO_PIN" "no PIN and no terminal" --pkcs11 "$RSA_URI" --pkcs11-module "$SOFTHSM"
refused "không tìm thấy khóa bí mật khớp URI trên token 'VGCA' \(object=Tran Thi Binh\)" "no such key" \
    --pkcs11 'pkcs11:token=VGCA;object=Tran%20Thi%20Binh' "${TOK[@]}"
refused "không có chứng thư số .* của khóa 'Khoa khong co chung thu'" "a key without its certificate" \
    --pkcs11 'pkcs11:token=VGCA;id=%03' "${TOK[@]}"
refused "không thấy token 'VGCA2' khớp URI; các token đang cắm: 'VGCA'" "no such token" \
    --pkcs11 'pkcs11:token=VGCA2;object=Nguyen%20Van%20An' "${TOK[@]}"
mkdir -p "$TMP/empty"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$TMP/empty" >"$TMP/empty.conf"
SOFTHSM2_CONF="$TMP/empty.conf" refused "không có token nào được cắm" "no token plugged in (only an empty slot)" \
    --pkcs11 "$RSA_URI" "${TOK[@]}"
P11SHIM_MODE=absent refused "không có token nào được cắm" "a reader whose token was pulled out (no slot with a token)" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt"
refused "không nạp được mô-đun PKCS#11.*$TMP/nope.so" "a module that does not exist" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$TMP/nope.so" --pin-file "$TMP/pin.txt"
cp "$TMP/pin.txt" "$TMP/notamodule.so"
refused "không nạp được mô-đun PKCS#11" "a file that is not a module" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$TMP/notamodule.so" --pin-file "$TMP/pin.txt"
ZLIB="$(ls /usr/lib/x86_64-linux-gnu/libz.so.1 /lib/*/libz.so.1 2>/dev/null | head -1)"
[ -n "$ZLIB" ] && refused "thiếu C_GetFunctionList" "a shared library that is not PKCS#11" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$ZLIB" --pin-file "$TMP/pin.txt"
P11SHIM_MODE=locked refused "token 'VGCA' đã bị khóa do nhập sai mã PIN quá số lần" "PIN locked (CKR_PIN_LOCKED at login)" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt"
rm -f "$LOG"
P11SHIM_LOG="$LOG" P11SHIM_MODE=flagged refused "token 'VGCA' đã bị khóa" "PIN locked (the token says so before login)" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt"
is "$(grep -c ' login$' "$LOG" 2>/dev/null)" 0 "… and no PIN was tried on the locked token"
P11SHIM_MODE=removed refused "token 'VGCA'.*ký trên token thất bại: token đã bị rút ra" "token pulled out while signing" \
    --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt"
refused "không được chứa mã PIN \(pin-value\)" "a PIN in the URI" \
    --pkcs11 "pkcs11:token=VGCA;object=Nguyen%20Van%20An?pin-value=$PIN" --pkcs11-module "$SOFTHSM"
refused "không biết thuộc tính 'objekt'" "a misspelt URI attribute" \
    --pkcs11 'pkcs11:token=VGCA;objekt=Nguyen%20Van%20An' "${TOK[@]}"
refused "không dùng cùng --p12" "--pkcs11 with --p12" --pkcs11 "$RSA_URI" "${TOK[@]}" --p12 "$PKI/thu-truong.p12"
out="$("$BAOCAO" sign "$IN" --pkcs11 "$RSA_URI" --pin "$PIN" -o "$TMP/no.pdf" 2>&1)"
is "$?" 2 "--pin on the command line is refused"
# pin-source=file: in the URI is honoured (a file, never the PIN itself).
ok "$BAOCAO" sign "$IN" --pkcs11 "$RSA_URI?pin-source=file:$TMP/pin.txt" --pkcs11-module "$SOFTHSM" "${HEAD[@]}" \
    -o "$TMP/pinsrc.pdf" "pin-source=file: in the URI"

rm -rf "$TMP/bno"
out="$("$BAOCAO" batch --form quy-3a --data "$UNITS" --out "$TMP/bno" --quiet --sign --pkcs11 "$RSA_URI" \
    --pkcs11-module "$SOFTHSM" --pin-file "$TMP/wrong-pin.txt" "${HEAD[@]}" 2>&1)"
is "$?" 2 "batch with a wrong PIN: exit 2"
like "$out" "sai mã PIN" "… says so"
is "$(find "$TMP/bno" -name '*.pdf' 2>/dev/null | wc -l)" 0 "… and writes no PDF"
rm -rf "$TMP/brm"
P11SHIM_MODE=removed "$BAOCAO" batch --form quy-3a --data "$UNITS" --out "$TMP/brm" --quiet --sign --pkcs11 "$RSA_URI" \
    --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt" "${HEAD[@]}" >/dev/null 2>&1
ok test "$?" -ne 0 "batch with the token pulled out: fails"
is "$(find "$TMP/brm" -name '*.pdf' 2>/dev/null | wc -l)" 0 "… and writes no unsigned PDF"
like "$(cat "$TMP/brm/errors.txt" 2>/dev/null)" "token đã bị rút ra" "… errors.txt says the token was pulled out"

# --- the mechanism a token has ------------------------------------------------------------------
# CKM_RSA_PKCS (0x1) with a DigestInfo made here is the first choice; a token without it signs
# with CKM_SHA256_RSA_PKCS (0x40); for PSS CKM_SHA256_RSA_PKCS_PSS (0x43), else CKM_RSA_PKCS_PSS
# (0xd) over the hash.
mech_case() { # HIDE WANT-MECH DESCRIPTION sign-options…
    local hide="$1" want="$2" desc="$3"
    shift 3
    rm -f "$LOG" "$TMP/m.pdf"
    P11SHIM_LOG="$LOG" P11SHIM_HIDE="$hide" "$BAOCAO" sign "$IN" "$@" --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" \
        --pin-file "$TMP/pin.txt" "${HEAD[@]}" -o "$TMP/m.pdf" >/dev/null 2>&1
    is "$(grep -o 'mech 0x[0-9a-f]*' "$LOG" 2>/dev/null | sort -u)" "mech $want" "$desc: the token is asked for $want"
    like "$(pdfsig "$TMP/m.pdf" 2>&1)" "Signature is Valid." "$desc: pdfsig says valid"
}
mech_case "" 0x1 "RSA PKCS#1 v1.5, DigestInfo made here"
mech_case "0x1" 0x40 "RSA on a token without CKM_RSA_PKCS"
mech_case "" 0x43 "RSA-PSS" --rsa-pss
mech_case "0x43" 0xd "RSA-PSS on a token without CKM_SHA256_RSA_PKCS_PSS" --rsa-pss
rm -f "$TMP/m.pdf"
out="$(P11SHIM_HIDE="0x43 0xd" "$BAOCAO" sign "$IN" --rsa-pss --pkcs11 "$RSA_URI" --pkcs11-module "$SHIM" \
    --pin-file "$TMP/pin.txt" "${HEAD[@]}" -o "$TMP/m.pdf" 2>&1)"
is "$?" 2 "a token without any PSS mechanism: exit 2"
like "$out" "không hỗ trợ cơ chế ký RSA-PSS" "… says so"
ok test ! -e "$TMP/m.pdf" "… and no file"

# --- p11-kit pointed at this test's module by a configuration in $TMP --------------------------
# p11-kit reads ~/.config/pkcs11/modules only for a user other than root; as nobody, with HOME in
# $TMP, the proxy loads the shim named there (the shim's log proves which module answered).
NOBODY=65534
if command -v setpriv >/dev/null && setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups test -x "$BAOCAO" 2>/dev/null; then
    NR="$TMP/nobody"
    mkdir -p "$NR/home/.config/pkcs11/modules" "$NR/tokens"
    cp "$SHIM" "$NR/p11shim.so"
    printf 'module: %s/p11shim.so\n' "$NR" >"$NR/home/.config/pkcs11/modules/baocao-test.module"
    printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\n' "$NR" >"$NR/softhsm2.conf"
    chmod 755 "$TMP"
    chmod -R a+rwX "$NR"
    as_nobody() { setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups env HOME="$NR/home" \
        SOFTHSM2_CONF="$NR/softhsm2.conf" P11SHIM_MODULE="$SOFTHSM" P11SHIM_LOG="$NR/log" "$@"; }
    as_nobody softhsm2-util --init-token --free --label NGUOI-DUNG --pin "$PIN" --so-pin 87654321 >/dev/null 2>&1
    rm -f "$NR/log"
    out="$(as_nobody "$BAOCAO" tokens 2>&1)"
    like "$out" "Token 'NGUOI-DUNG'" "p11-kit proxy, a user's module configured in \$TMP: the token is seen"
    like "$(cat "$NR/log" 2>/dev/null)" "init" "… through the test's own module (its log shows p11-kit loaded it)"
else
    echo "# setpriv, or nobody running build/baocao: p11-kit user configuration not checked"
fi

# --- a key that wants the PIN for every signature (CKA_ALWAYS_AUTHENTICATE) ---------------------
openssl pkey -in "$PKI/nguoi-khai-ec.key" -outform DER -out "$TMP/aa.der" &&
    p11 --write-object "$TMP/aa.der" --type privkey --label "Tran Thi Binh" --id 04 --always-auth &&
    put_cert "$PKI/nguoi-khai-ec.pem" "Tran Thi Binh" 04
rm -f "$LOG"
P11SHIM_LOG="$LOG" "$BAOCAO" batch --form quy-3a --data "$UNITS" --out "$TMP/baa" --format pdf --jobs 2 --quiet \
    --sign --pkcs11 'pkcs11:token=VGCA;object=Tran%20Thi%20Binh' --pkcs11-module "$SHIM" --pin-file "$TMP/pin.txt" \
    --trust "$PKI/root.pem" --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" >/dev/null 2>&1
is "$?" 0 "batch with an always-authenticate key: exit 0"
is "$(grep -c ' login$' "$LOG" 2>/dev/null)" 4 "… one login, then the PIN again for each of the 3 signatures (context login)"
valid=0
for pdf in "$TMP"/baa/*/*.pdf; do pdfsig "$pdf" 2>/dev/null | grep -q "Signature is Valid." && valid=$((valid + 1)); done
is "$valid" 3 "… and every PDF is valid"

# --- two tokens -------------------------------------------------------------------------------
# A second token with the same head-of-agency key but without the CA: the URI must say which
# token when both hold the key, the chain must then come from --chain.
softhsm2-util --init-token --free --label DU-PHONG --pin "$PIN" --so-pin 87654321 >/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$PKI/thu-truong.key" -out "$TMP/k.pk8"
softhsm2-util --import "$TMP/k.pk8" --token DU-PHONG --pin "$PIN" --label "Nguyen Van An" --id 01 >/dev/null
openssl x509 -in "$PKI/thu-truong.pem" -outform DER -out "$TMP/c.der"
pkcs11-tool --module "$SOFTHSM" --token-label DU-PHONG --login --pin "$PIN" --write-object "$TMP/c.der" \
    --type cert --label "Nguyen Van An" --id 01 >/dev/null 2>&1
refused "URI khớp nhiều token \('VGCA', 'DU-PHONG'\)|URI khớp nhiều token \('DU-PHONG', 'VGCA'\)" \
    "a URI that matches a key on two tokens" --pkcs11 'pkcs11:object=Nguyen%20Van%20An' "${TOK[@]}"
ok "$BAOCAO" sign "$IN" --pkcs11 'pkcs11:object=Nguyen%20Van%20An%20EC' "${TOK[@]}" "${HEAD[@]}" -o "$TMP/one.pdf" \
    "a URI without token=: the one token that holds the certificate is used"
refused "không tìm được CA cấp trên" "a token without the CA certificate, no --chain" \
    --pkcs11 'pkcs11:token=DU-PHONG;object=Nguyen%20Van%20An' "${TOK[@]}"
ok "$BAOCAO" sign "$IN" --pkcs11 'pkcs11:token=DU-PHONG;object=Nguyen%20Van%20An' "${TOK[@]}" --chain "$PKI/ca.pem" \
    "${HEAD[@]}" -o "$TMP/chain.pdf" "… with --chain adding the CA"
like "$(pdfsig -nssdir "sql:$TMP/nss" "$TMP/chain.pdf" 2>&1)" "Certificate is Trusted." "pdfsig: the chain from --chain makes it trusted"

done_testing
