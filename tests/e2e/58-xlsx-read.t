#!/usr/bin/env bash
# 58-xlsx-read.t — filled workbooks read back wherever a data file is accepted (validate, render,
# batch): filled the way a unit fills them (openpyxl, tests/e2e/helpers/xlsxfill.py), re-saved
# by LibreOffice, rearranged, broken in the ways units break them, and hostile.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$PY" -c 'import openpyxl, yaml' 2>/dev/null || skip_all "python3-openpyxl or python3-yaml is missing"
cd "$TMP" || exit 1
FILL=("$PY" "$ROOT/tests/e2e/helpers/xlsxfill.py" "$ROOT/layouts/quy-3a.yaml" "$ROOT/samples/quy-3a.yaml" mau.xlsx)
export HOME="$TMP/home"
mkdir -p "$HOME"
resave() { # in.xlsx outdir: LibreOffice opens and saves it again as XLSX (computing formulas)
    timeout 180 soffice --headless --norestore --convert-to 'xlsx:Calc MS Excel 2007 XML' \
        --outdir "$2" "$1" >>lo.log 2>&1
}
text() { pdftotext -layout "$1" - | md5sum; }

"$BAOCAO" template --form quy-3a --format xlsx -o mau.xlsx
"$BAOCAO" render --form quy-3a --data "$ROOT/samples/quy-3a.yaml" -o yaml.pdf

# ---- a unit fills it in ----
ok "${FILL[@]}" don-vi-555.xlsx "openpyxl fills the template as a unit would"
is "$("$BAOCAO" validate --form quy-3a --data don-vi-555.xlsx)" \
    "don-vi-555.xlsx: hợp lệ (139 trường, biểu mẫu quy-3a)" "validate reads the filled workbook"
"$BAOCAO" render --form quy-3a --data don-vi-555.xlsx -o xlsx.pdf
is "$(text xlsx.pdf)" "$(text yaml.pdf)" "its report has the same text as the YAML route"

# Re-saved by LibreOffice Calc (its own writer: shared strings, its styles).
resave don-vi-555.xlsx lo
ok test -s lo/don-vi-555.xlsx "LibreOffice re-saves the filled workbook"
"$BAOCAO" render --form quy-3a --data lo/don-vi-555.xlsx -o lo.pdf
is "$(text lo.pdf)" "$(text yaml.pdf)" "a workbook written by LibreOffice reads the same"

# Not quite ours: rows of "Số liệu" reversed, a sheet of the unit's own added first, a list
# sheet moved: cells are found by key, not by position.
"${FILL[@]}" khac.xlsx --shuffle
"$BAOCAO" render --form quy-3a --data khac.xlsx -o khac.pdf
is "$(text khac.pdf)" "$(text yaml.pdf)" "moved rows, an extra sheet and a moved sheet read the same"

# The 1904 date system (old Mac workbooks): serials count from 1904, dates must not shift.
"$PY" - <<'PY'
import openpyxl, openpyxl.utils.datetime as d
wb = openpyxl.load_workbook("don-vi-555.xlsx")
wb.epoch = d.CALENDAR_MAC_1904
wb.save("mac1904.xlsx")
PY
like "$(unzip -p mac1904.xlsx xl/workbook.xml)" 'date1904="1"' "openpyxl wrote a 1904 workbook"
"$BAOCAO" render --form quy-3a --data mac1904.xlsx -o mac.pdf
is "$(text mac.pdf)" "$(text yaml.pdf)" "dates of a 1904 workbook read the same"

# A list sheet as units shape it: a group name merged down over its rows (each row reads it), and
# a bad count in a list cell, named by sheet and cell with the row of the list.
"$PY" - <<'PY'
import openpyxl
wb = openpyxl.load_workbook("don-vi-555.xlsx")
ws = wb["Bảng 3A.2, nhóm B"]
keyrow = next(r[0].row for r in ws.iter_rows(max_row=5) if any(isinstance(c.value, str) and "[]." in c.value for c in r))
cols = {c.value.split("[].")[1]: c.column for c in ws[keyrow] if isinstance(c.value, str)}
first = keyrow + 1
ws.cell(row=first, column=cols["nhom"], value="Nhóm gộp")
for r in (first + 1, first + 2):
    ws.cell(row=r, column=cols["nhom"]).value = None
ws.merge_cells(start_row=first, start_column=cols["nhom"], end_row=first + 2, end_column=cols["nhom"])
wb.save("gop.xlsx")
ws.cell(row=first + 1, column=cols["ho_so_truc_tuyen"], value="nhiều")
wb.save("list-bad.xlsx")
PY
"$BAOCAO" render --form quy-3a --data gop.xlsx -o gop.pdf
is "$(pdftotext gop.pdf - | grep -c '^Nhóm gộp$')" 3 "a merged group cell gives its value to every row it covers"
out="$("$BAOCAO" validate --form quy-3a --data list-bad.xlsx 2>&1)"
like "$out" '^list-bad\.xlsx!Bảng 3A\.2, nhóm B![A-Z]+[0-9]+: .*dòng 2: "Số lượng hồ sơ trực tuyến đã giải quyết" phải là số nguyên ≥ 0, nhận được "nhiều"' \
    "a list cell's problem names its sheet, cell, row and the column's label"

# ---- what units get wrong: each message names the cell and the form's label, exit 2 ----
check_bad() { # what want-regex description
    local where
    where="$("${FILL[@]}" "bad-$1.xlsx" --bad "$1")"
    local f="bad-$1.xlsx"
    if [ "$1" = formula ]; then resave "$f" lof; f="lof/bad-$1.xlsx"; fi
    out="$("$BAOCAO" render --form quy-3a --data "$f" -o "bad-$1.pdf" 2>&1)"
    is "$?" 2 "$3: exit 2"
    like "$out" "$2" "$3: the message"
    ok test ! -e "bad-$1.pdf" "$3: no report written"
    WHERE="$where"
}
check_bad text '^bad-text\.xlsx!Số liệu!D[0-9]+: mục 2, 1\.: "Tổng số máy tính để bàn" phải là số nguyên ≥ 0, nhận được "bảy mươi tám"' \
    "text in a number cell"
like "$out" "!$WHERE:" "the cell named is the one the unit typed in"
# Two bad cells are listed top down: D5 before D10 (cells ordered as a sheet orders them).
"$PY" - <<'PY'
import openpyxl
wb = openpyxl.load_workbook("bad-text.xlsx")
ws = wb["Số liệu"]
row = next(r[0].row for r in ws.iter_rows(min_row=4) if r[5].value == "nam_bao_cao")
ws.cell(row=row, column=4, value="năm nay")
wb.save("two-bad.xlsx")
PY
order="$("$BAOCAO" validate --form quy-3a --data two-bad.xlsx 2>&1 | grep -o '^two-bad\.xlsx!Số liệu![A-Z]*[0-9]*' | cut -d'!' -f3 | tr '\n' ' ')"
is "$order" "D5 D10 " "messages in sheet order (D5 before D10)"
check_bad date '^bad-date\.xlsx!Số liệu!D[0-9]+: mục 4, 2\.: "Kỳ số liệu: tính từ ngày" phải là ngày có thật.*nhận được "ngày 1 tháng 12 năm 2018"' \
    "a date typed as text"
check_bad formula '^lof/bad-formula\.xlsx!Số liệu!D[0-9]+: mục 2, 1\.: "Tổng số máy chủ" ô có lỗi công thức #DIV/0!' \
    "a formula error (#DIV/0!, cached by LibreOffice)"
like "$(unzip -p lof/bad-formula.xlsx xl/worksheets/sheet3.xml)" 't="e"' "LibreOffice cached the error in the cell"
check_bad sheet '^bad-sheet\.xlsx: bảng 3A\.2: "Bảng 3A\.2, nhóm A: dịch vụ công trực tuyến.*": không còn trang tính "Bảng 3A\.2, nhóm A"' \
    "a deleted list sheet"
# A formula a program never computed (openpyxl writes no cached value) is not read as blank.
"${FILL[@]}" raw-formula.xlsx --bad formula >/dev/null
like "$("$BAOCAO" validate --form quy-3a --data raw-formula.xlsx 2>&1)" 'Tổng số máy chủ" ô có lỗi công thức \(công thức chưa được tính' \
    "an uncomputed formula is refused, not taken as blank"

# Another form's template, and a workbook that is not a form's at all.
"$BAOCAO" template --form tt06-pl1 --format xlsx -o pl1.xlsx
out="$("$BAOCAO" validate --form quy-3a --data pl1.xlsx 2>&1)"
like "$out" 'pl1\.xlsx: sổ tính này là mẫu của biểu mẫu "tt06-pl1", không phải "quy-3a"' "another form's workbook is refused by name"
"$PY" -c 'import openpyxl; wb = openpyxl.Workbook(); wb.active["A1"] = "Bảng lương"; wb.save("la.xlsx")'
like "$("$BAOCAO" validate --form quy-3a --data la.xlsx 2>&1)" 'la\.xlsx: không tìm thấy cột khóa của biểu mẫu "quy-3a"' \
    "a stranger's workbook is refused clearly"
echo "không phải zip" > rac.xlsx
like "$("$BAOCAO" validate --form quy-3a --data rac.xlsx 2>&1)" '^rac\.xlsx: không phải sổ tính \.xlsx' "not a zip"

# ---- hostile workbooks: refused by the bound, quickly, with the bound's message ----
"$PY" - <<'PY'
import zipfile
src = zipfile.ZipFile("mau.xlsx")
def variant(name, sheet=None, extra=0):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist():
            data = src.read(n)
            if n == "xl/worksheets/sheet3.xml" and sheet is not None:
                data = sheet
            z.writestr(n, data)
        for i in range(extra):
            z.writestr("junk/%d.xml" % i, "<a/>")
# 40 MiB of blanks inside one sheet part (a few dozen KiB compressed): a zip bomb.
variant("bomb.xlsx", b"<worksheet>" + b" " * (40 << 20) + b"</worksheet>")
variant("entries.xlsx", extra=1200)
variant("laughs.xlsx", b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>')
variant("deep.xlsx", b"<worksheet><sheetData>" + b"<x>" * 100 + b"</x>" * 100 + b"</sheetData></worksheet>")
variant("merge.xlsx", b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
variant("far.xlsx", b'<worksheet><sheetData><row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
PY
# The memory bound: a sanitizer build reserves terabytes of address space, so no ulimit there.
VMEM=1500000
[ -n "${ASAN_OPTIONS:-}" ] && VMEM=unlimited
hostile() { # file regex description
    out="$(ulimit -v "$VMEM"; timeout 30 "$BAOCAO" validate --form quy-3a --data "$1" 2>&1)"
    local rc=$?
    is "$rc" 2 "$3: exit 2 within the time and memory bound"
    like "$out" "$2" "$3: said why"
}
hostile bomb.xlsx 'phần xl/worksheets/sheet3\.xml của sổ tính giải nén ra quá lớn \(tối đa 32 MiB' "a zip bomb"
hostile entries.xlsx 'quá nhiều tệp bên trong \(tối đa 1000\)' "too many entries"
hostile laughs.xlsx 'DTD hoặc thực thể' "billion laughs (entities)"
hostile deep.xlsx 'lồng nhau quá sâu' "deep XML"
hostile merge.xlsx 'vùng gộp ô quá lớn' "a merged range over the whole grid"
hostile far.xlsx 'ô có địa chỉ không hợp lệ' "a cell beyond the grid"

# ---- batch over a folder of returned workbooks, and its overview ----
mkdir thu-ve
cp don-vi-555.xlsx thu-ve/555.xlsx
cp lo/don-vi-555.xlsx thu-ve/556.xlsx
cp bad-text.xlsx thu-ve/557.xlsx
cp "$ROOT/samples/batch/558.yaml" thu-ve/
touch 'thu-ve/~$555.xlsx'
"$BAOCAO" batch --form quy-3a --data thu-ve --out out --quiet 2>/dev/null
is "$?" 1 "batch over workbooks: one unit failed, exit 1"
is "$(find out -name '*.pdf' | wc -l | tr -d ' ')" 3 "three reports (Excel's lock file is not a unit)"
is "$(text out/555/quy-3a-555.pdf)" "$(text yaml.pdf)" "the workbook unit's report is the YAML's"
like "$(cat out/errors.txt)" 'thu-ve/557\.xlsx!Số liệu!D[0-9]+: mục 2, 1\.: "Tổng số máy tính để bàn"' "errors.txt names the cell"
ov="$("$PY" - <<'PY'
import openpyxl
ws = openpyxl.load_workbook("out/tong-hop.xlsx").active
print("filter", ws.auto_filter.ref)
print("freeze", ws.freeze_panes)
head = [c.value for c in ws[1]]
col = head.index("Tổng số máy tính để bàn")
for r in ws.iter_rows(min_row=2, values_only=True):
    print("unit", r[0], r[2], r[col], (r[3] or "")[:40])
PY
)"
like "$ov" "filter A1:[A-Z]+5" "tong-hop.xlsx: an autofilter over the header and four units"
like "$ov" "freeze C2" "tong-hop.xlsx: the header row (and code, name) frozen"
like "$ov" "unit 555 đạt 78 " "tong-hop.xlsx: a unit's figure, as its data gives it"
like "$ov" "unit 557 lỗi None thu-ve/557.xlsx!Số liệu" "tong-hop.xlsx: a failed unit's status and first problem, no figures"
like "$ov" "unit 558 đạt [0-9]+" "tong-hop.xlsx: a YAML unit beside the workbooks"
done_testing
