#!/usr/bin/env bash
# Inputs at the edges: what a user's machine hands baocao besides well-formed files.
source "$(dirname "$0")/lib.sh"

S="$ROOT/samples/tt06-pl1.yaml"
# A data file saved with a byte order mark (Windows Notepad) is read as any other.
printf '\xEF\xBB\xBF' > "$TMP/bom.yaml"; cat "$S" >> "$TMP/bom.yaml"
ok "$BAOCAO" validate --form tt06-pl1 --data "$TMP/bom.yaml" "a YAML data file with a byte order mark validates"

# A folder where a data file is expected: exit 2, saying so.
mkdir -p "$TMP/d.yaml"
err="$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/d.yaml" 2>&1)"
is "$?" 2 "a folder given as the data file: exit 2"
like "$err" "d\.yaml: .*thư mục" "… and the message says it is a folder"

# -o naming a folder: refused before any work, no file written.
"$BAOCAO" render --form tt06-pl1 --blank -o "$TMP/" 2>/dev/null
is "$?" 2 "-o ending in / is refused"
mkdir -p "$TMP/outdir"
"$BAOCAO" render --form tt06-pl1 --blank -o "$TMP/outdir" 2>/dev/null
is "$?" 2 "-o naming a folder is refused"
is "$(ls -A "$TMP/outdir")" "" "… nothing written into it"

# An unknown option is named.
like "$("$BAOCAO" render --form tt06-pl1 --blank --frm x -o "$TMP/x.pdf" 2>&1)" "'--frm'" "an unknown option is named in the message"

# File names from -o: a .pdf/.docx ending is the base, each format gets its own extension.
mkdir -p "$TMP/names"
ok "$BAOCAO" render --form tt06-pl1 --blank --format docx -o "$TMP/names/y.pdf" "render --format docx -o y.pdf: exit 0"
is "$(ls "$TMP/names")" "y.docx" "… writes y.docx (not y.pdf.docx, not a DOCX named y.pdf)"
ok unzip -tq "$TMP/names/y.docx" "… and y.docx is a DOCX (a zip package)"
mkdir -p "$TMP/names2"
ok "$BAOCAO" render --form tt06-pl1 --blank --format pdf,docx -o "$TMP/names2/z.docx" "render --format pdf,docx -o z.docx: exit 0"
is "$(ls "$TMP/names2" | tr '\n' ' ')" "z.docx z.pdf " "… writes z.pdf and z.docx"
mkdir -p "$TMP/names3"
ok "$BAOCAO" render --form tt06-pl1 --blank -o "$TMP/names3/BAO-CAO.PDF" "render -o BAO-CAO.PDF (one format): exit 0"
is "$(ls "$TMP/names3")" "BAO-CAO.PDF" "… the name given, to the letter"
like "$(head -c 5 "$TMP/names3/BAO-CAO.PDF")" "^%PDF-" "… and it is a PDF"

# PDF and DOCX are written as one set: when the DOCX cannot be written, no PDF either.
mkdir -p "$TMP/set" "$TMP/set/r.docx"   # a folder where the DOCX should go
"$BAOCAO" render --form tt06-pl1 --data "$S" --format pdf,docx -o "$TMP/set/r" 2>/dev/null
is "$?" 1 "the DOCX cannot be written: exit 1"
ok test ! -e "$TMP/set/r.pdf" "… and the PDF is not left behind alone"
is "$(ls "$TMP/set" | grep -c tmp)" 0 "… nor any temporary file"

PKI="$ROOT/certs/test"
if [ -f "$PKI/thu-truong.p12" ]; then
    K=(--p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem")
    # A ".pdf" that is not a PDF is refused, not given a detached signature under a PDF's name.
    echo "not a pdf" > "$TMP/fake.pdf"
    "$BAOCAO" sign "$TMP/fake.pdf" "${K[@]}" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" -o "$TMP/fake.signed.pdf" 2>/dev/null
    is "$?" 2 "sign refuses a .pdf that is not a PDF"
    ok test ! -e "$TMP/fake.signed.pdf" "… and writes nothing"
    # Rendering again without --sign removes the signature of the old DOCX, which no longer fits.
    "$BAOCAO" render --form tt06-pl1 --data "$S" --format docx --sign "${K[@]}" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" -o "$TMP/re/r.docx"
    ok test -e "$TMP/re/r.docx.p7s" "a signed DOCX has its .p7s"
    "$BAOCAO" render --form tt06-pl1 --blank --format docx -o "$TMP/re/r.docx"
    ok test ! -e "$TMP/re/r.docx.p7s" "rendered again unsigned: the stale .p7s is gone"
fi
done_testing
