#!/bin/sh
# make-test-pki.sh OUTDIR — a throw-away PKI for testing `baocao sign` and `baocao verify`.
#
# Mirrors the shape of the government chain (root → issuing CA → signer) with Vietnamese names,
# so tests exercise UTF-8 subjects, chain building and key-usage checks the way a VGCA token
# certificate would. Nothing here is secret: the passphrase sits in OUTDIR/pass.txt on purpose.
# Idempotent: does nothing when OUTDIR/.complete is newer than this script.
set -eu
OUT="${1:?usage: make-test-pki.sh OUTDIR}"
if [ -f "$OUT/.complete" ] && [ "$OUT/.complete" -nt "$0" ]; then exit 0; fi
mkdir -p "$OUT"
cd "$OUT"
umask 077
rm -f .complete
printf '%s\n' 'baocao-test-1234' > pass.txt
PASS="file:pass.txt"

# One extension file for every profile; each certificate names its section.
cat > ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[nokeyusage]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
# A TLS server certificate: its extended key usage excludes signing documents.
[serverauth]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

rsa() { openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$1"; }
ec() { openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# selfsigned NAME SUBJECT
selfsigned() {
    rsa "$1.key"
    openssl req -new -x509 -utf8 -key "$1.key" -subj "$2" -days 7300 -sha256 \
        -config /dev/null -extfile ext.cnf -extensions ca -set_serial 0x"$(openssl rand -hex 8)" \
        -out "$1.pem" 2>/dev/null ||
    openssl req -new -x509 -utf8 -key "$1.key" -subj "$2" -days 7300 -sha256 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" -out "$1.pem"
}

# issue NAME KEYTYPE SUBJECT ISSUER EXTSECTION NOT_BEFORE NOT_AFTER   (MD=sha1 to sign with SHA-1)
issue() {
    "$2" "$1.key"
    openssl req -new -utf8 -key "$1.key" -subj "$3" -out "$1.csr"
    openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -set_serial 0x"$(openssl rand -hex 8)" \
        -"${MD:-sha256}" -extfile ext.cnf -extensions "$5" -not_before "$6" -not_after "$7" -out "$1.pem" 2>/dev/null ||
    issue_old "$@"
    rm -f "$1.csr"
}
# OpenSSL 3.0's `x509 -req` has no -not_before; fall back to `ca`, which has -startdate/-enddate.
issue_old() {
    mkdir -p db && : > db/index.txt && [ -f db/serial ] || openssl rand -hex 8 > db/serial
    cat > db/ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = ${MD:-sha256}
policy = p
unique_subject = no
copy_extensions = none
[p]
commonName = supplied
CNF
    : > db/index.txt
    openssl ca -batch -utf8 -notext -config db/ca.cnf -in "$1.csr" -cert "$4.pem" -keyfile "$4.key" \
        -startdate "$6" -enddate "$7" -extfile ext.cnf -extensions "$5" -preserveDN \
        -out "$1.pem" 2>/dev/null
}

NOW_Y=$(date -u +%Y)
PAST=$((NOW_Y - 1))0101000000Z
FUTURE=$((NOW_Y + 5))0101000000Z

selfsigned root "/C=VN/O=Ban Cơ yếu Chính phủ (THỬ NGHIỆM)/CN=Root CA thử nghiệm baocao"
issue ca rsa "/C=VN/O=Ban Cơ yếu Chính phủ (THỬ NGHIỆM)/CN=CA thử nghiệm phục vụ các cơ quan Nhà nước" \
    root ca "$PAST" "$FUTURE"
cat ca.pem root.pem > chain.pem

ORG="/C=VN/ST=Hà Nội/O=Sở Thông tin và Truyền thông (THỬ NGHIỆM)/OU=Văn phòng Sở"
issue thu-truong rsa "$ORG/title=Giám đốc/CN=Trần Quốc Khánh" ca signer "$PAST" "$FUTURE"
issue nguoi-khai rsa "$ORG/title=Chuyên viên/CN=Nguyễn Thị Thu Hương" ca signer "$PAST" "$FUTURE"
issue thu-truong-ec ec "$ORG/title=Giám đốc/CN=Trần Quốc Khánh" ca signer "$PAST" "$FUTURE"
issue nguoi-khai-ec ec "$ORG/title=Chuyên viên/CN=Nguyễn Thị Thu Hương" ca signer "$PAST" "$FUTURE"
issue expired ec "$ORG/CN=Lê Văn Hết Hạn" ca signer "$((NOW_Y - 3))0101000000Z" "$((NOW_Y - 2))0101000000Z"
issue notyet ec "$ORG/CN=Phạm Văn Chưa Đến" ca signer "$((NOW_Y + 2))0101000000Z" "$((NOW_Y + 4))0101000000Z"
issue nokeyusage ec "$ORG/CN=Hoàng Văn Mã Hóa" ca nokeyusage "$PAST" "$FUTURE"
issue serverauth ec "$ORG/title=Giám đốc/CN=Máy Chủ Web" ca serverauth "$PAST" "$FUTURE"
# The organisation's own certificate (its name as the subject, its tax code as UID), for the
# signature of the organisation on an attachment (--role to-chuc).
issue to-chuc rsa "/C=VN/ST=Hà Nội/O=Sở Thông tin và Truyền thông (THỬ NGHIỆM)/CN=Sở Thông tin và Truyền thông (THỬ NGHIỆM)/UID=MST:0100000000" \
    ca signer "$PAST" "$FUTURE"
MD=sha1 issue sha1 ec "$ORG/title=Giám đốc/CN=Đinh Văn Băm Cũ" ca signer "$PAST" "$FUTURE"
# A root nobody trusts, with its own issuing chain.
selfsigned rogue-root "/C=VN/O=Tổ chức lạ/CN=Root CA không tin cậy"
issue untrusted ec "$ORG/CN=Đỗ Văn Lạ" rogue-root signer "$PAST" "$FUTURE"
cp rogue-root.pem untrusted-chain.pem

for n in thu-truong nguoi-khai thu-truong-ec nguoi-khai-ec expired notyet nokeyusage untrusted \
    serverauth sha1 to-chuc; do
    chain=chain.pem
    [ "$n" = untrusted ] && chain=untrusted-chain.pem
    openssl pkcs12 -export -inkey "$n.key" -in "$n.pem" -certfile "$chain" -name "$n" \
        -passout "$PASS" -out "$n.p12"
done
# The old RC2-40 encryption Windows and token tools still use for exports.
openssl pkcs12 -export -legacy -inkey thu-truong.key -in thu-truong.pem -certfile chain.pem \
    -name thu-truong -passout "$PASS" -out thu-truong-legacy.p12
# An encrypted PEM key, to exercise --key with a passphrase.
openssl pkey -in thu-truong.key -aes256 -passout "$PASS" -out thu-truong-enc.key
# ---- Trusted time and long-term validation (PAdES B-T, B-LT, B-LTA) ----------------------------
# A chain whose certificates say where to ask about revocation, all on the loopback address, at one
# fixed port, LTV_PORT (38461), served by tests/e2e/helpers/ltv_server.py (started and stopped by
# the tests): http://127.0.0.1:38461/ocsp (OCSP, answered by `openssl ocsp -index` as a one-shot
# responder, so nothing listens on another interface), /crl/NAME.crl (CRLs, DER), /tsa (RFC 3161,
# `openssl ts -reply`). ltv-root.pem is the TSA's own root, to pass as --tsa-trust.
LTV="http://127.0.0.1:38461"
cat >> ext.cnf <<CNF
[ltv_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:$LTV/crl/root.crl
[ltv_signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:$LTV/ocsp, caIssuers;URI:$LTV/crl/ltv-ca.pem
crlDistributionPoints = URI:$LTV/crl/ltv-ca.crl
[ltv_ocsp]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ltv_tsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$LTV/crl/tsa-root.crl
[ltv_tsa_noncrit]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:$LTV/crl/tsa-root.crl
CNF
issue ltv-ca rsa "/C=VN/O=Ban Cơ yếu Chính phủ (THỬ NGHIỆM)/CN=CA thử nghiệm có OCSP và CRL" \
    root ltv_ca "$PAST" "$FUTURE"
cat ltv-ca.pem root.pem > ltv-chain.pem
issue ltv-thu-truong rsa "$ORG/title=Giám đốc/CN=Trần Quốc Khánh" ltv-ca ltv_signer "$PAST" "$FUTURE"
issue ltv-nguoi-khai ec "$ORG/title=Chuyên viên/CN=Nguyễn Thị Thu Hương" ltv-ca ltv_signer "$PAST" "$FUTURE"
issue ltv-revoked ec "$ORG/CN=Vũ Văn Thu Hồi" ltv-ca ltv_signer "$PAST" "$FUTURE"
issue ltv-ocsp ec "/C=VN/O=Ban Cơ yếu Chính phủ (THỬ NGHIỆM)/CN=OCSP thử nghiệm" ltv-ca ltv_ocsp \
    "$PAST" "$FUTURE"
selfsigned tsa-root "/C=VN/O=Ban Cơ yếu Chính phủ (THỬ NGHIỆM)/CN=Root TSA thử nghiệm"
issue tsa rsa "/C=VN/O=Ban Cơ yếu Chính phủ (THỬ NGHIỆM)/CN=TSA thử nghiệm baocao" tsa-root ltv_tsa \
    "$PAST" "$FUTURE"
issue tsa-noncrit ec "/C=VN/O=Tổ chức lạ/CN=TSA không critical" tsa-root ltv_tsa_noncrit \
    "$PAST" "$FUTURE"
for n in ltv-thu-truong ltv-nguoi-khai ltv-revoked; do
    openssl pkcs12 -export -inkey "$n.key" -in "$n.pem" -certfile ltv-chain.pem -name "$n" \
        -passout "$PASS" -out "$n.p12"
done
# The CA databases the responder and `openssl ca -gencrl` read: ltv-revoked is revoked.
ltv_index() { # CERT STATUS [REVOCATION_TIME]
    exp=$(date -u -d "$(openssl x509 -in "$1.pem" -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ)
    ser=$(openssl x509 -in "$1.pem" -noout -serial | cut -d= -f2)
    if [ "$2" = R ]; then rev="${3:-$((NOW_Y - 1))0601000000Z}"; rev="${rev#??},keyCompromise"; else rev=""; fi
    printf '%s\t%s\t%s\t%s\tunknown\t/CN=%s\n' "$2" "$exp" "$rev" "$ser" "$1"
}
mkdir -p ltv-db
{ ltv_index ltv-thu-truong V; ltv_index ltv-nguoi-khai V; ltv_index ltv-revoked R; ltv_index ltv-ocsp V; } \
    > ltv-db/ltv-ca.txt
# The same CA as a responder would answer once ltv-revoked is revoked next year (after any
# signature the tests make): for "revoked after the signing time".
{ ltv_index ltv-thu-truong V; ltv_index ltv-nguoi-khai V; ltv_index ltv-revoked R "$((NOW_Y + 1))0101000000Z"
  ltv_index ltv-ocsp V; } > ltv-db/ltv-ca-late.txt
ltv_index ltv-ca V > ltv-db/root.txt
{ ltv_index tsa V; ltv_index tsa-noncrit V; } > ltv-db/tsa-root.txt
mkdir -p crl
for ca in root ltv-ca tsa-root; do
    cat > ltv-db/$ca.cnf <<CNF
[ca]
default_ca = d
[d]
database = ltv-db/$ca.txt
crlnumber = ltv-db/$ca.crlnum
default_md = sha256
default_crl_days = 3650
CNF
    echo 01 > ltv-db/$ca.crlnum
    openssl ca -gencrl -config ltv-db/$ca.cnf -cert $ca.pem -keyfile $ca.key -out ltv-db/$ca.crl.pem 2>/dev/null
    openssl crl -in ltv-db/$ca.crl.pem -outform DER -out crl/$ca.crl
done
cp ltv-ca.pem crl/ltv-ca.pem
# The TSA's configuration for `openssl ts -reply` (absolute paths: the server runs elsewhere).
D=$(pwd)
echo 01 > ltv-db/tsa.serial
cat > tsa.cnf <<CNF
[tsa]
default_tsa = t
[t]
serial = $D/ltv-db/tsa.serial
crypto_device = builtin
signer_cert = $D/tsa.pem
certs = $D/tsa-root.pem
signer_key = $D/tsa.key
signer_digest = sha256
default_policy = 1.2.704.1.3161.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
rm -rf db
chmod 0644 ./*.pem
touch .complete
echo "make-test-pki: test PKI in $OUT (passphrase in $OUT/pass.txt)"
