#!/usr/bin/env bash
# demo.sh — what `make demo` shows, into out/:
#   every sample report as PDF and DOCX, and every blank form;
#   Phụ lục I signed by the preparer, then by the head of agency (two signatures, both valid);
#   a Bảng 3A attachment signed by the organisation (text at the top right of page 1);
#   the 2018 provincial form (tinh-2018) signed by the head of the unit;
#   the quarterly report of every unit of the sample province, rendered and signed in one batch.
# Every PDF is PDF/A-2b (render's default); the signed Phụ lục I's metadata, as an archive reads
# it, is printed at the end.
# A sample's form is its file name without "-minimal" (samples/tt06-pl1-minimal.yaml → tt06-pl1).
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/baocao
PKI=certs/test
mkdir -p out
shopt -s nullglob
n=0
for data in samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    $B render --form "${name%-minimal}" --data "$data" --format pdf,docx -o "out/$name"
    n=$((n + 1))
done
for layout in layouts/*.yaml; do
    form="$(basename "$layout" .yaml)"
    $B render --form "$layout" --blank --format pdf,docx -o "out/$form-blank"
done
echo "demo: $n sample reports and the blank forms, PDF and DOCX, in out/"

# Signing uses the test PKI of `make certs`; a real certificate is used the same way.
KEY=(--pass-file "$PKI/pass.txt" --trust "$PKI/root.pem")
$B sign out/tt06-pl1.pdf --p12 "$PKI/nguoi-khai.p12" "${KEY[@]}" --role nguoi-khai \
    --signature-image samples/chu-ky-nguoi-khai.png -o out/tt06-pl1.s1.pdf
$B sign out/tt06-pl1.s1.pdf --p12 "$PKI/thu-truong.p12" "${KEY[@]}" --role thu-truong \
    --signature-image samples/chu-ky.png --seal-image samples/con-dau.png \
    -o out/tt06-pl1.signed.pdf
$B sign out/tt06-pl1.docx --key "$PKI/thu-truong.key" --cert "$PKI/thu-truong.pem" \
    --chain "$PKI/chain.pem" "${KEY[@]}" -o out/tt06-pl1.docx.p7s
$B sign out/tinh-2018.pdf --p12 "$PKI/thu-truong.p12" "${KEY[@]}" --role thu-truong \
    --signature-image samples/chu-ky.png --seal-image samples/con-dau.png \
    -o out/tinh-2018.signed.pdf
$B sign out/bang-3a2.pdf --p12 "$PKI/to-chuc.p12" "${KEY[@]}" --role to-chuc \
    --number "125/BC-STP" -o out/bang-3a2.signed.pdf
$B verify out/tt06-pl1.signed.pdf --trust "$PKI/root.pem"
$B verify out/tt06-pl1.docx --trust "$PKI/root.pem"
$B metadata out/tt06-pl1.signed.pdf

# The province: every unit of samples/batch, PDF + DOCX, signed by the head of agency.
$B batch --form quy-3a --data samples/batch --out out/batch --format pdf,docx \
    --sign --p12 "$PKI/thu-truong.p12" "${KEY[@]}" --role thu-truong \
    --signature-image samples/chu-ky.png --seal-image samples/con-dau.png
echo "demo: signed reports in out/ (tt06-pl1.signed.pdf, tt06-pl1.docx.p7s, tinh-2018.signed.pdf,"
echo "      bang-3a2.signed.pdf),"
echo "      the province's batch with its manifest in out/batch/"
