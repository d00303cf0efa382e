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

# Every rule for a filled-in report (PDF LAYOUT DATA LABEL) and for a blank form (PDF LAYOUT
# LABEL), whichever program laid the pages out.
report_checks() {
    check signature "$1" "$2" "$4: signature columns share baselines, body text on their page"
    check breaks "$1" "$2" --filled "$4: no page ends with a heading, a label or a group row"
    check rows "$1" "$2" "$4: a table broken across pages leaves two rows at least on each side"
    check widows "$1" "$2" "$4: a paragraph broken across pages leaves two lines at least on each side"
    check urls "$1" "$2" "$3" "$4: addresses and codes break only after / . - _ @"
    check glue "$1" "$2" "$4: no short value alone on the line after its label"
    check gap "$1" "$2" "$4: two fields on one line set apart"
}
blank_checks() {
    check signature "$1" "$2" "$3: signature columns share baselines, body text on their page"
    check breaks "$1" "$2" "$3: no page ends with a heading or a label"
    check widows "$1" "$2" "$3: a paragraph broken across pages leaves two lines at least on each side"
    check blanks "$1" "$2" "$3: a line ending in a blank is not stretched, its blank runs to the margin"
    check gap "$1" "$2" "$3: two fields on one line set apart"
}

for data in "$ROOT"/samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    form="${name%-minimal}"
    lay="$ROOT/layouts/$form.yaml"
    pdf="$TMP/$name.pdf"
    ok "$BAOCAO" render --form "$form" --data "$data" -o "$pdf" "$name: render"
    report_checks "$pdf" "$lay" "$data" "$name"
done

for lay in "$ROOT"/layouts/*.yaml; do
    form="$(basename "$lay" .yaml)"
    pdf="$TMP/$form-blank.pdf"
    ok "$BAOCAO" render --form "$form" --blank -o "$pdf" "$form (blank): render"
    blank_checks "$pdf" "$lay" "$form (blank)"
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
    ok "$PY" "$H/sealcheck.py" "$TMP/signed.pdf" "signed: blue and red ink, the seal clear of the text and over the left third of the signature"
    # A 42 mm seal: the form rendered for it keeps it 2 mm clear of title and name, PDF and DOCX…
    ok "$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" --seal-size-mm 42 \
        --format pdf,docx -o "$TMP/seal42" "tt06-pl1 rendered with room for a 42 mm seal"
    "$BAOCAO" sign "$TMP/seal42.pdf" --p12 "$PKI/nguoi-khai.p12" "${KEY[@]}" --role nguoi-khai \
        --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" -o "$TMP/s42-1.pdf" >/dev/null 2>&1
    ok "$BAOCAO" sign "$TMP/s42-1.pdf" --p12 "$PKI/thu-truong.p12" "${KEY[@]}" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png" \
        --seal-size-mm 42 -o "$TMP/s42.pdf" "... signed with the 42 mm seal"
    ok "$PY" "$H/sealcheck.py" "$TMP/s42.pdf" --seal-mm 42 "42 mm seal: real size, 2 mm clear of the text, over the left third of the signature"
    space="$(unzip -p "$TMP/seal42.docx" word/document.xml | grep -o 'w:line="[0-9]*" w:lineRule="exact"/></w:pPr><w:bookmarkStart w:id="[0-9]*" w:name="Ky_thu_truong"' | grep -o 'w:line="[0-9]*"')"
    is "$space" 'w:line="2721"' "DOCX: the head of agency's signing space is 42 + 2 × 3 mm tall (2721 twips)"
    # … and a form rendered for the default 36 mm seal refuses a 42 mm one rather than stamp it
    # over the text.
    out="$("$BAOCAO" sign "$TMP/s1.pdf" --p12 "$PKI/thu-truong.p12" "${KEY[@]}" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png" \
        --seal-size-mm 42 -o "$TMP/s42-refused.pdf" 2>&1)"
    is "$?" "2" "a 42 mm seal on a form with room for 36 mm is refused (exit 2)"
    like "$out" "dấu cao 42\.0 mm.*chừa chỗ cho dấu 36\.0 mm.*--seal-size-mm 42" "... saying how to render room for it"
    ok test ! -e "$TMP/s42-refused.pdf" "... and writing no file"
else
    echo "# SKIP signed appearance: no test PKI (make certs)"
fi

# The DOCX as LibreOffice lays it out, every sample and every blank form, through the same
# rules (one conversion for all): the body's end with the signature block and the titles level,
# keep-together at page breaks, addresses whole, short values with their labels, fields apart, and
# a paragraph's final blank run on to the margin by its tab leader.
if command -v soffice >/dev/null; then
    mkdir -p "$TMP/lo-in"
    for data in "$ROOT"/samples/*.yaml; do
        name="$(basename "$data" .yaml)"
        "$BAOCAO" render --form "${name%-minimal}" --data "$data" --format docx -o "$TMP/lo-in/$name" 2>/dev/null
    done
    for lay in "$ROOT"/layouts/*.yaml; do
        form="$(basename "$lay" .yaml)"
        "$BAOCAO" render --form "$form" --blank --format docx -o "$TMP/lo-in/$form-blank" 2>/dev/null
    done
    soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --convert-to pdf \
        --outdir "$TMP/lo" "$TMP"/lo-in/*.docx >/dev/null 2>&1
    for data in "$ROOT"/samples/*.yaml; do
        name="$(basename "$data" .yaml)"
        lay="$ROOT/layouts/${name%-minimal}.yaml"
        report_checks "$TMP/lo/$name.pdf" "$lay" "$data" "$name DOCX (LibreOffice)"
    done
    for lay in "$ROOT"/layouts/*.yaml; do
        form="$(basename "$lay" .yaml)"
        blank_checks "$TMP/lo/$form-blank.pdf" "$lay" "$form (blank) DOCX (LibreOffice)"
    done
    # The head of agency's date left blank beside a long place name: the place-and-date line
    # wraps in one column only, and the other column's title, note and name still stand level
    # with it (the block is one table row per part).
    sed -e '/^ngay_ky:/d' -e 's/^dia_danh_ky: .*/dia_danh_ky: Thành phố Hồ Chí Minh/' \
        "$ROOT/samples/tt06-pl1.yaml" >"$TMP/undated-pl1.yaml"
    "$BAOCAO" render --form tt06-pl1 --data "$TMP/undated-pl1.yaml" --format docx -o "$TMP/lo-undated" 2>/dev/null
    soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --convert-to pdf \
        --outdir "$TMP/lo" "$TMP/lo-undated.docx" >/dev/null 2>&1
    like "$(pdftotext -raw "$TMP/lo/lo-undated.pdf" - | grep -c 'năm …$')" '^[1-9]' "undated DOCX (LibreOffice): the head of agency's place-and-date line wraps"
    check signature "$TMP/lo/lo-undated.pdf" "$ROOT/layouts/tt06-pl1.yaml" "undated DOCX (LibreOffice): titles and notes level although one place line wraps"
else
    echo "# SKIP DOCX layout: soffice not installed"
fi
done_testing
