#!/usr/bin/env bash
# The layout language v2 (layouts/README.md), end to end in both renderers: every construct of
# tests/fixtures/form/v2.yaml rendered as PDF and as DOCX, the DOCX read back by python-docx and
# by LibreOffice (converted to PDF), both PDFs measured the same way (tests/e2e/layoutcheck.py:
# word positions from pdftotext -bbox, ink from pdftoppm); then the 2018 provincial form
# (tinh-2018): its option columns, ticked boxes by raster, and its signature.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

command -v soffice >/dev/null || skip_all "soffice not installed"
FORM="$ROOT/tests/fixtures/form/v2.yaml"
LC=("$PY" "$ROOT/tests/e2e/layoutcheck.py")
lo_pdf() { # FILE.docx OUTDIR
    soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --convert-to pdf \
        --outdir "$2" "$1" >"$TMP/lo.log" 2>&1
}
cat > "$TMP/v2.yaml" <<'DATA'
kich_thuoc: tu10den20
dung_luong: lon
ung_dung_khac: "Phần mềm quản lý tài sản\nPhần mềm kế toán"
so_may_chu: 12
co_van_ban: co
so_van_ban: "125/QĐ-UBND"
thac_si: 7
tien_si: 2
ghi_chu: "Số liệu   đến\t31/12"
thu_truong: "Trần Quốc Khánh"
DATA

# --- the loader's side: messages (9, 10, 11, 12) ---
fields="$("$BAOCAO" fields --form "$FORM" 2>&1)"
like "$fields" "thac_si +mục C +Cán bộ chuyên trách CNTT \(Thạc sĩ\)" "12: a figure's label is its row's and its column's header"
like "$fields" "so_van_ban +mục B, 3\. a\. +Nếu có" "10: a lettered item under a lettered section"
sed -e '/^so_van_ban:/d' -e 's/^co_van_ban: co/co_van_ban: co\nly_do: "Chưa có"/' "$TMP/v2.yaml" > "$TMP/cond.yaml"
err="$("$BAOCAO" render --form "$FORM" --data "$TMP/cond.yaml" --format pdf,docx -o "$TMP/cond" 2>&1)"
is "$?" "2" "9: a conditional rule broken: exit 2"
like "$err" "\"Nếu có, xin cho biết số văn bản\" là bắt buộc vì mục B, 3\. \"Có văn bản quy định không\?\" là \"Có\"" "9: the message says why the field is required"
like "$err" "cond.yaml:6:8: mục B, 3\. b\.: \"Nếu không, xin cho biết lý do\" phải để trống vì" "9: … and why another must stay empty, at its value"
ok test ! -e "$TMP/cond.pdf" -a ! -e "$TMP/cond.docx" "9: nothing written"
printf 'id: r\ntitle: T\nsource: S\nfields: {}\nbody:\n  - table:\n      widths: [1, 1, 1]\n      rows:\n        - [{text: a, rowspan: 3}, b, c]\n        - [a2, b, c]\n        - [a3, b, c]\n' > "$TMP/rowspan.yaml"
err="$("$BAOCAO" fields --form "$TMP/rowspan.yaml" 2>&1)"
is "$?" "2" "11: an overflowing rowspan refuses the layout"
is "$(printf '%s\n' "$err" | grep -c .)" "1" "11: … with one message"
like "$err" "rowspan.yaml:9:12: rowspan 3 của ô này phủ 2 dòng bên dưới" "11: … at the cell that declares it"
printf 'id: d\ntitle: T\nsource: S\nfields:\n  a: {type: text}\n  b: {type: text}\nbody:\n  - section: "B. X"\n  - {item: "3.", text: "Một: {a}"}\n  - {item: "3.", text: "Hai: {b}"}\n' > "$TMP/dup.yaml"
err="$("$BAOCAO" fields --form "$TMP/dup.yaml" 2>&1 >"$TMP/dup.out")"
is "$?" "0" "10: a repeated item number still loads"
like "$err" "baocao fields: cảnh báo: .*dup.yaml:10:5: số mục \"3\.\" lặp lại trong mục B" "10: … with a warning"
like "$(cat "$TMP/dup.out")" "b +mục B, 3\. \(\"Hai\"\)" "10: … and its fields named by the line's text"

# --- both renderers ---
ok "$BAOCAO" render --form "$FORM" --data "$TMP/v2.yaml" --format pdf,docx -o "$TMP/v2" "renders PDF and DOCX"
ok "$BAOCAO" render --form "$FORM" --blank --format pdf,docx -o "$TMP/v2b" "renders the blank form, PDF and DOCX"
pdf_valid "$TMP/v2.pdf" "v2"
mkdir -p "$TMP/lo"
ok lo_pdf "$TMP/v2.docx" "$TMP/lo" "LibreOffice converts the DOCX"
ok lo_pdf "$TMP/v2b.docx" "$TMP/lo" "LibreOffice converts the blank DOCX"
doc="$(unzip -p "$TMP/v2.docx" word/document.xml)"
like "$doc" "<w:tab w:val=\"left\" w:pos=\"567\"/><w:tab w:val=\"left\" w:pos=\"3402\"/><w:tab w:val=\"left\" w:pos=\"6520\"/>" "2: DOCX tab stops at 10, 60, 115 mm"
like "$doc" "Dòng hai của tiêu đề phụ\)" "1: runs of spaces are one space in the DOCX"
like "$doc" ">Số liệu đến 31/12<" "1: … in a filled value too (spaces and a tab: one space)"
like "$doc" "w:tl2br w:val=\"single\"" "5: the DOCX cell has its diagonal border"
like "$doc" "<w:bdr w:val=\"single\"[^>]*/></w:rPr><w:t xml:space=\"preserve\">12<" "4: the DOCX figure is in a bordered run"
ok "$PY" -c 'import sys, docx; d = docx.Document(sys.argv[1]); assert len(d.tables) == 2, len(d.tables); c = d.tables[0].cell(0, 0); assert [p.text for p in c.paragraphs] == ["Trình độ", "Đối tượng"], [p.text for p in c.paragraphs]' "$TMP/v2.docx" "5: python-docx reads the diagonal cell's two labels in order"

for pdf in "$TMP/v2.pdf" "$TMP/lo/v2.pdf"; do
    who="PDF"; [ "$pdf" = "$TMP/lo/v2.pdf" ] && who="DOCX"
    layout="$(pdftotext -layout "$pdf" -)"
    like "$layout" "\(Dòng một *
 *Dòng hai của tiêu đề phụ\)" "1 $who: the subtitle's explicit break starts a new line"
    like "$layout" "Liệt kê các ứng dụng khác: *
 *Phần mềm quản lý tài sản *
 *Phần mềm kế toán" "1, 3 $who: the answer on lines of its own, its own break kept, not stretched"
    a="$("${LC[@]}" x "$pdf" "☒" 1)"; b="$("${LC[@]}" x "$pdf" "☐" 4)"
    c="$("${LC[@]}" x "$pdf" "☐" 1)"; d="$("${LC[@]}" x "$pdf" "☐" 3)"
    ok "$PY" -c "import sys; sys.exit(0 if abs($a - $b) < 1 and abs($c - $d) < 1 and $a - $c > 100 else 1)" "2 $who: option columns aligned from line to line ($c/$d, $a/$b)"
    ok "$PY" -c "import sys; sys.exit(0 if abs($c - 113.4) < 2 and abs($a - 255.1) < 2 else 1)" "2 $who: the columns stand at the tab stops, 10 and 60 mm in"
    ok "${LC[@]}" boxed "$pdf" 12 "4 $who: the figure is in a ruled box"
    ok "${LC[@]}" right-of-centre "$pdf" "Thủ" "7 $who: the lone signature column stands at the right"
    x1="$("${LC[@]}" x "$pdf" "Số")"; x2="$("${LC[@]}" x "$pdf" "Thạc")"; x3="$("${LC[@]}" x "$pdf" "7")"
    ok "$PY" -c "import sys; sys.exit(0 if $x1 < $x2 < $x3 else 1)" "6 $who: a cell's own left alignment in a right-aligned column ($x1 < $x2 < $x3)"
done
like "$doc" "<w:endnoteReference w:id=\"1\"/>" "8: the DOCX refers to an endnote"
like "$(unzip -p "$TMP/v2.docx" word/settings.xml)" "<w:endnotePr><w:numFmt w:val=\"decimal\"/><w:numStart w:val=\"3\"/><w:endnote w:id=\"-1\"/>" "8: DOCX endnotes numbered 3, 4, … in decimal"
like "$(unzip -p "$TMP/v2.docx" word/endnotes.xml)" "<w:endnote w:id=\"1\">.*Tính cả máy chủ ảo" "8: the note's text in endnotes.xml"
for pdf in "$TMP/v2.pdf" "$TMP/lo/v2.pdf"; do
    who="PDF"; [ "$pdf" = "$TMP/lo/v2.pdf" ] && who="DOCX"
    text="$(pdf_text "$pdf" | tr '\n' ' ' | tr -s ' ')"
    like "$text" "máy chủ ?3 vào ô tương ứng.*NHÂN LỰC ?4 " "8 $who: reference marks numbered from 3"
    like "$text" "Thủ trưởng cơ quan.*Trần Quốc Khánh 3 ?Tính cả máy chủ ảo.* 4 ?Chỉ tính cán bộ có bằng cấp" "8 $who: the notes together at the end, after the last block"
done
ok "${LC[@]}" diagonal "$TMP/v2.pdf" "Trình" "Đối" "5 PDF: the labels on either side of a rule from corner to corner"
ok "${LC[@]}" above-right "$TMP/lo/v2.pdf" "Trình" "Đối" "5 DOCX: the upper label above and right of the lower (LibreOffice draws no diagonal cell border)"
for pdf in "$TMP/v2b.pdf" "$TMP/lo/v2b.pdf"; do
    who="PDF"; [ "$pdf" = "$TMP/lo/v2b.pdf" ] && who="DOCX"
    is "$("${LC[@]}" dotted-lines "$pdf" 400)" "3" "3 $who blank: three full-width dotted lines to answer on"
    ok "${LC[@]}" box-after "$pdf" "ứng:" 30 "4 $who blank: an empty box after the question"
done

# --- the 2018 provincial form ---
T18="$TMP/tinh-2018"
ok "$BAOCAO" render --form tinh-2018 --data "$ROOT/samples/tinh-2018.yaml" --format pdf,docx -o "$T18" "tinh-2018 renders PDF and DOCX"
ok lo_pdf "$T18.docx" "$TMP/lo" "tinh-2018: LibreOffice converts the DOCX"
for pdf in "$T18.pdf" "$TMP/lo/tinh-2018.pdf"; do
    who="PDF"; [ "$pdf" = "$TMP/lo/tinh-2018.pdf" ] && who="DOCX"
    ticked="$(box_ink "$pdf" "☒")"; empty="$(box_ink "$pdf" "☐")"
    ok "$PY" -c "import sys; sys.exit(0 if $ticked > $empty * 1.3 and $empty > 0.02 else 1)" "tinh-2018 $who: a ticked box shows more ink ($ticked) than an empty one ($empty)"
    # 1.2.: ☐ ☒ ☐ (10–20 Mb); 1.3.: ☒ ☐ ☐ (< 2 Gb): the second columns line up.
    a="$("${LC[@]}" x "$pdf" "☒" 1)"; b="$("${LC[@]}" x "$pdf" "☐" 3)"
    ok "$PY" -c "import sys; sys.exit(0 if abs($a - $b) < 1 else 1)" "tinh-2018 $who: the option columns of 1.2. and 1.3. line up ($a, $b)"
done
like "$(pdftotext -layout "$T18.pdf" -)" "2 +Thông tin chỉ đạo, điều hành *
 +a +Ý kiến chỉ đạo điều hành" "tinh-2018: the lettered sub-rows under their numbered row"
sed 's/^tong_tin_bai: .*/tong_tin_bai: 4000/' "$ROOT/samples/tinh-2018.yaml" > "$TMP/t18-total.yaml"
err="$("$BAOCAO" validate --form tinh-2018 --data "$TMP/t18-total.yaml" 2>&1)"
like "$err" "mục 2, 2\.: \"Tổng số tin, bài, văn bản đã đăng tải trong năm\"" "tinh-2018: a wrong total is named by its item"
sed 's/^qh_chat_thai: .*/qh_chat_thai: -4/' "$ROOT/samples/tinh-2018.yaml" > "$TMP/t18-row.yaml"
err="$("$BAOCAO" validate --form tinh-2018 --data "$TMP/t18-row.yaml" 2>&1)"
like "$err" "mục 2, 2\., dòng 4 đ: \"Quy hoạch thu gom, tái chế, xử lý chất thải\"" "tinh-2018: a lettered row is named by its row"
PKI="$ROOT/certs/test"
if [ -f "$PKI/thu-truong.p12" ]; then
    ok "$BAOCAO" sign "$T18.pdf" --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --role thu-truong \
        --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png" \
        --trust "$PKI/root.pem" -o "$T18.signed.pdf" "tinh-2018: signed by the head of the unit"
    like "$(pdfsig "$T18.signed.pdf" 2>&1)" "Signature is Valid\." "tinh-2018: pdfsig finds the signature valid"
    ok "$BAOCAO" verify "$T18.signed.pdf" --trust "$PKI/root.pem" "tinh-2018: baocao verify accepts it"
else
    echo "# SKIP tinh-2018 signing: no test PKI (make certs)"
fi
done_testing
