#!/usr/bin/env bash
# The bytes a signature adds (sign/image.c, sign/pdfsign.c): the signature and seal images are
# the PNG's pixels exactly, as /Indexed images when they have at most 256 colours and behind the
# PNG filters (/Predictor 15) when that is smaller, decoded here by zlib and by qpdf
# (helpers/sigimages.py); the /Contents placeholder of a B-B signature leaves at most a few
# hundred bytes unused, for RSA and ECDSA keys (helpers/pdfsigs.py reads the DER's length).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"
command -v qpdf >/dev/null && command -v pdfsig >/dev/null || skip_all "qpdf, poppler-utils needed"
PKI="$ROOT/certs/test"
[ -f "$PKI/thu-truong.p12" ] || skip_all "no test PKI (make certs)"
IMG="$ROOT/tests/e2e/helpers/sigimages.py"
SIGS="$ROOT/tests/e2e/helpers/pdfsigs.py"
COMMON=(--pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" --role thu-truong)

ok "$BAOCAO" render --form quy-3a --data "$ROOT/samples/quy-3a.yaml" -o "$TMP/r" "render quy-3a"

# unused PDF LABEL — the placeholder of the file's last signature is at most 300 bytes more than
# its CMS (the bound is exact for RSA, the largest value for ECDSA, plus 256 bytes of slack).
unused() {
    local line hexlen=0 derlen=0
    mkdir -p "$TMP/x-$2"
    line="$("$PY" "$SIGS" extract "$1" "$TMP/x-$2" | tail -1)"
    read -r _ hexlen derlen <<<"$line"
    local spare=$((hexlen / 2 - derlen))
    ok test "$derlen" -gt 1000 -a "$spare" -ge 0 -a "$spare" -le 300 \
        "$2: /Contents leaves $spare of $((hexlen / 2)) bytes unused (CMS $derlen bytes)"
}

for key in thu-truong thu-truong-ec; do
    out="$TMP/$key.pdf"
    ok "$BAOCAO" sign "$TMP/r.pdf" --p12 "$PKI/$key.p12" "${COMMON[@]}" \
        --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png" \
        -o "$out" "$key: signs with signature and seal"
    like "$(pdfsig "$out" 2>&1)" "Signature is Valid\." "$key: pdfsig: valid"
    ok "$BAOCAO" verify "$out" --trust "$PKI/root.pem" "$key: baocao verify accepts it"
    unused "$out" "$key"
done

# The sample images: scanned ink, fewer than 256 colours each.
out="$("$PY" "$IMG" check "$TMP/thu-truong.pdf" "$ROOT/samples/chu-ky.png" "$ROOT/samples/con-dau.png" 2>&1)"
is "$?" 0 "sample signature and seal: the PDF's images are the PNGs' pixels"
is "$(grep -c "colour Indexed .*identical$" <<<"$out")" 2 "both drawn as /Indexed images"
pdfa_valid "$TMP/thu-truong.pdf" "signed with /Indexed images"

# Smooth gradients: more than 256 colours, and the PNG filters pay.
"$PY" "$IMG" gradient "$TMP/g.png"
ok "$BAOCAO" sign "$TMP/r.pdf" --p12 "$PKI/thu-truong.p12" "${COMMON[@]}" \
    --signature-image "$TMP/g.png" -o "$TMP/g.pdf" "a gradient image signs"
out="$("$PY" "$IMG" check "$TMP/g.pdf" "$TMP/g.png" 2>&1)"
is "$?" 0 "gradient: the PDF's image is the PNG's pixels"
like "$out" "colour DeviceRGB predictor 15, alpha predictor 15, identical" \
    "gradient: RGB and its mask both carry /Predictor 15"
like "$(pdfsig "$TMP/g.pdf" 2>&1)" "Signature is Valid\." "gradient: pdfsig: valid"
pdfa_valid "$TMP/g.pdf" "signed with predicted images"

# The checker can fail: another PNG of the same size is not what the PDF holds.
out="$("$PY" "$IMG" check "$TMP/thu-truong.pdf" "$ROOT/samples/chu-ky-nguoi-khai.png" 2>&1)"
is "$?" 1 "sigimages.py finds an image that is not the PNG's"
like "$out" "PROBLEM .*colours differ" "… and says so"
done_testing
