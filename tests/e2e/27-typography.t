#!/usr/bin/env bash
# The typesetting rules of issue 16, on every sample report and every blank form, read back with
# poppler (tests/e2e/helpers/typocheck.py, sealcheck.py): keep-together at page breaks, line
# breaking of addresses and codes, short values kept with their labels, fields set apart,
# blanks run to the end of their line instead of stretched spaces, the signature block's
# columns on shared baselines and with the body's end on its page, and the seal, once signed,
# clear of the text and over the signature. The DOCX of Phụ lục I and II, laid out by
# LibreOffice, keeps the body's end with the signature block too.
source "$(dirname "$0")/lib.sh"

[ -x "$BAOCAO" ] || skip_all "build/baocao not built"
command -v pdftotext >/dev/null || skip_all "pdftotext (poppler-utils) not installed"
H="$ROOT/tests/e2e/helpers"
check() { # CHECK PDF LAYOUT [ARGS…] description
    ok "$PY" "$H/typocheck.py" "${@:1:$#-1}" "${@: -1}"
}

for data in "$ROOT"/samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    form="${name%-minimal}"
    lay="$ROOT/layouts/$form.yaml"
    pdf="$TMP/$name.pdf"
    ok "$BAOCAO" render --form "$form" --data "$data" -o "$pdf" "$name: render"
    check signature "$pdf" "$lay" "$name: signature columns share baselines, body text on their page"
    check breaks "$pdf" "$lay" --filled "$name: no page ends with a heading, a label or a group row"
    check rows "$pdf" "$lay" "$name: a table broken across pages leaves two rows at least on each side"
    check widows "$pdf" "$lay" "$name: a paragraph broken across pages leaves two lines at least on each side"
    check urls "$pdf" "$lay" "$data" "$name: addresses and codes break only after / . - _ @"
    check glue "$pdf" "$lay" "$name: no short value alone on the line after its label"
    check gap "$pdf" "$lay" "$name: two fields on one line set apart"
done

for lay in "$ROOT"/layouts/*.yaml; do
    form="$(basename "$lay" .yaml)"
    pdf="$TMP/$form-blank.pdf"
    ok "$BAOCAO" render --form "$form" --blank -o "$pdf" "$form (blank): render"
    check signature "$pdf" "$lay" "$form (blank): signature columns share baselines, body text on their page"
    check breaks "$pdf" "$lay" "$form (blank): no page ends with a heading or a label"
    check widows "$pdf" "$lay" "$form (blank): a paragraph broken across pages leaves two lines at least on each side"
    check blanks "$pdf" "$lay" "$form (blank): a line ending in a blank is not stretched, its blank runs to the margin"
    check gap "$pdf" "$lay" "$form (blank): two fields on one line set apart"
done

# The head of agency's place and date left blank, and a place name long enough to wrap the
# filled-in date beside it: the blanks shorten or both columns wrap alike, titles level.
sed -e '/^ngay_ky:/d' -e 's/^dia_danh: .*/dia_danh: Thành phố Tuy Hòa/' "$ROOT/samples/tt06-pl2.yaml" >"$TMP/undated.yaml"
ok "$BAOCAO" render --form tt06-pl2 --data "$TMP/undated.yaml" -o "$TMP/undated.pdf" "undated head of agency: render"
check signature "$TMP/undated.pdf" "$ROOT/layouts/tt06-pl2.yaml" "undated head of agency, long place name: titles and notes level"

# Signed by both: the signature page shows both inks, the seal clear of title and name, on top.
PKI="$ROOT/certs/test"
if [ -f "$PKI/thu-truong.p12" ]; then
    KEY=(--pass-file "$PKI/pass.txt" --trust "$PKI/root.pem")
    "$BAOCAO" sign "$TMP/tt06-pl1.pdf" --p12 "$PKI/nguoi-khai.p12" "${KEY[@]}" --role nguoi-khai \
        --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" -o "$TMP/s1.pdf" >/dev/null 2>&1
    ok "$BAOCAO" sign "$TMP/s1.pdf" --p12 "$PKI/thu-truong.p12" "${KEY[@]}" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png" \
        -o "$TMP/signed.pdf" "tt06-pl1 signed by the preparer and the head of agency"
    ok "$PY" "$H/sealcheck.py" "$TMP/signed.pdf" "signed: blue and red ink, the seal clear of the text and over the signature"
else
    echo "# SKIP signed appearance: no test PKI (make certs)"
fi

# The DOCX as LibreOffice lays it out: the body's last lines on the signature block's page.
if command -v soffice >/dev/null; then
    for form in tt06-pl1 tt06-pl2; do
        "$BAOCAO" render --form "$form" --data "$ROOT/samples/$form.yaml" --format docx -o "$TMP/lo-$form" 2>/dev/null
        soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --convert-to pdf \
            --outdir "$TMP/lo" "$TMP/lo-$form.docx" >/dev/null 2>&1
        check signature "$TMP/lo/lo-$form.pdf" "$ROOT/layouts/$form.yaml" "$form DOCX (LibreOffice): the body's end with the signature block, titles level"
    done
else
    echo "# SKIP DOCX layout: soffice not installed"
fi
done_testing
