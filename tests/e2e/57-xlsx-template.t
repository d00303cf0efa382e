#!/usr/bin/env bash
# 57-xlsx-template.t — `baocao template --format xlsx`: the workbook a province sends its units.
# (openpyxl reads Excel's default operator, between, as None.)
# Read back with independent tools: unzip -t, xmllint on every part, the sheet XML itself (data
# validation, protection, hidden keys), openpyxl, and LibreOffice Calc re-saving it.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$PY" -c 'import openpyxl' 2>/dev/null || skip_all "python3-openpyxl is not installed"
cd "$TMP" || exit 1

"$BAOCAO" template --form quy-3a --format xlsx -o mau.xlsx
is "$?" 0 "template --format xlsx exits 0"
ok unzip -tq mau.xlsx "unzip -t: the package is sound"
bad_parts="$("$PY" - <<'PY'
import subprocess, zipfile
z = zipfile.ZipFile("mau.xlsx")
for n in z.namelist():
    if subprocess.run(["xmllint", "--noout", "--nonet", "-"], input=z.read(n),
                      capture_output=True).returncode:
        print(n)
PY
)"
is "$bad_parts" "" "xmllint: every part is well-formed XML"
is "$(ls | grep -c tmp-)" 0 "no temporary file left beside it"

# Which sheet is which, from the workbook's own relations (openpyxl), then its XML.
sheets="$("$PY" -c '
import openpyxl
wb = openpyxl.load_workbook("mau.xlsx")
for ws in wb.worksheets: print(ws.title, ws.sheet_state, sep="|")')"
like "$sheets" "^Hướng dẫn\|visible" "the instructions sheet comes first"
like "$sheets" "Số liệu\|visible" "a sheet of scalar fields"
like "$sheets" "Bảng 3A.2, nhóm A\|visible" "a sheet per list, named from the form's table"
like "$sheets" "_baocao\|hidden" "the keys' sheet is hidden"
is "$(printf '%s\n' "$sheets" | grep -c '^Bảng\|^dvctt\|^ud_')" 7 "seven list sheets (Bảng 3A.1, 3A.2 A–C, 3A.3 A–C)"

"$PY" - >facts <<'PY'
import openpyxl, zipfile, re
wb = openpyxl.load_workbook("mau.xlsx")
ws = wb["Số liệu"]
head = [c.value for c in ws[3]]
print("head", "|".join(str(h) for h in head))
print("hidden-key-col", ws.column_dimensions["F"].hidden)
rows = {r[5].value: r for r in ws.iter_rows(min_row=4) if r[5].value}
print("first-keys", ",".join(k for k in list(rows)[:3]))
r = rows["so_may_de_ban"]
print("row", r[0].value, "|", r[1].value, "|", r[3].protection.locked, "|", r[1].protection.locked)
computed = [r for r in ws.iter_rows(min_row=4) if r[3].value == "(baocao tự tính)"]
print("computed", len(computed), "keyless", all(r[5].value is None for r in computed))
print("protected", ws.protection.sheet)
dv = {}
for v in ws.data_validations.dataValidation:
    for cell in str(v.sqref).split():
        dv[cell] = v
def rule(key):
    v = dv["D%d" % rows[key][0].row]
    return "%s %s %s %s" % (v.type, v.operator, v.formula1, v.formula2)
for k in ("so_may_de_ban", "nam_bao_cao", "den_thang", "ty_le_dung_thu", "bt_ftth", "tu_ngay",
          "kich_thuoc_tep"):
    print("dv", k, rule(k))
l = wb["Bảng 3A.2, nhóm B"]
print("list-head", "|".join(str(c.value) for c in l[2]))
print("list-keys", "|".join(str(c.value) for c in l[3]))
print("list-keyrow-hidden", l.row_dimensions[3].hidden)
meta = wb["_baocao"]
print("meta", meta["B1"].value)
PY
facts="$(cat facts)"
like "$facts" "head Mục\|Nội dung\|Đơn vị tính\|Giá trị\|Quy định\|khóa" "header: item, label, unit, value, rule, key"
like "$facts" "hidden-key-col True" "the key column is hidden"
like "$facts" "first-keys quy,nam_bao_cao,ten_co_quan" "rows in the form's order"
like "$facts" "row mục 2, 1. \| Tổng số máy tính để bàn \| False \| True" "item number and label; value cell unlocked, label locked"
like "$facts" "computed [1-9][0-9]* keyless True" "computed figures say baocao computes them and carry no key"
like "$facts" "protected True" "the sheet is protected"
like "$facts" "dv so_may_de_ban whole (between|None) 0 1000000000000000" "whole number ≥ 0"
like "$facts" "dv nam_bao_cao whole (between|None) 1900 2100" "a year 1900–2100"
like "$facts" "dv den_thang whole (between|None) 1 12" "a month 1–12 from the layout's min and max"
like "$facts" 'dv ty_le_dung_thu custom None AND\(ISNUMBER\(D[0-9]+\),ROUND\(D[0-9]+,2\)=D[0-9]+,D[0-9]+>=0,D[0-9]+<=100\)' "a percent 0–100 with its decimal places"
like "$facts" 'dv bt_ftth custom None AND\(ISNUMBER\(D[0-9]+\),ROUND\(D[0-9]+,0\)=D[0-9]+\)' "a decimal with no places (decimals: 0)"
like "$facts" "dv tu_ngay date (between|None) " "a date"
like "$facts" "dv kich_thuoc_tep list None '_baocao'!\\\$[A-Z]+\\\$2:\\\$[A-Z]+\\\$4" "a drop-down of the three options"
like "$facts" "list-head Nhóm dịch vụ\|Tên dịch vụ\|Địa chỉ đăng tải dịch vụ\|Số lượng UBND" "list sheet headed by the form's column labels"
like "$facts" "list-keys dvctt3_huyen\[\]\.nhom\|dvctt3_huyen\[\]\.ten" "a hidden row of list keys"
like "$facts" "list-keyrow-hidden True" "the list key row is hidden"
like "$facts" "meta quy-3a" "the hidden sheet names the form"

# The drop-down shows the options' wording, in the hidden sheet's cells.
opts="$("$PY" -c '
import openpyxl
m = openpyxl.load_workbook("mau.xlsx")["_baocao"]
for col in m.iter_cols(min_col=5):
    if col[0].value == "kich_thuoc_tep": print("|".join(c.value for c in col[1:4]))')"
is "$opts" "KT < 10 Mb|10 Mb ≤ KT ≤ 20 Mb|KT > 20 Mb" "the drop-down lists the form's wording of each option"

# The sheet XML itself (what Excel reads): validation and protection elements are there.
xml="$(unzip -p mau.xlsx xl/worksheets/sheet3.xml)"
like "$xml" '<dataValidation type="whole"' "sheet XML: whole-number validation"
like "$xml" '<dataValidation type="list"' "sheet XML: list validation"
like "$xml" '<sheetProtection ' "sheet XML: sheet protection"
like "$(unzip -p mau.xlsx xl/styles.xml)" 'locked="0"' "styles: an unlocked cell format"

# LibreOffice Calc opens it without complaint and re-saves it (xlsx → ods → xlsx), and what it
# writes is still read as the same (blank) form.
export HOME="$TMP/home"
mkdir -p "$HOME" lo
timeout 180 soffice --headless --norestore --convert-to ods --outdir lo mau.xlsx >lo.log 2>&1
ok test -s lo/mau.ods "LibreOffice converts the template to ODS"
(cd lo && timeout 180 soffice --headless --norestore --convert-to 'xlsx:Calc MS Excel 2007 XML' \
    --outdir back mau.ods >>../lo.log 2>&1)
ok test -s lo/back/mau.xlsx "and back to XLSX"
out="$("$BAOCAO" validate --form quy-3a --data lo/back/mau.xlsx 2>&1)"
like "$out" 'là bắt buộc nhưng chưa có \(khóa "quy"\)' "the re-saved blank template reads as a blank form (required figures missing)"
unlike "$out" 'không tìm thấy|XML' "its keys survive LibreOffice"

# Prefilled from last period: the workbook reads back as the same data (the same report text).
"$BAOCAO" template --form quy-3a --format xlsx --data "$ROOT/samples/quy-3a.yaml" -o truoc.xlsx
is "$?" 0 "template --data prefills"
"$BAOCAO" render --form quy-3a --data truoc.xlsx -o a.pdf && \
    "$BAOCAO" render --form quy-3a --data "$ROOT/samples/quy-3a.yaml" -o b.pdf
is "$(pdftotext -layout a.pdf - | md5sum)" "$(pdftotext -layout b.pdf - | md5sum)" \
    "the prefilled workbook renders the same report as its YAML"
is "$("$PY" -c '
import openpyxl
ws = openpyxl.load_workbook("truoc.xlsx")["Số liệu"]
for r in ws.iter_rows(min_row=4):
    if r[5].value == "kich_thuoc_tep": print(r[3].value)')" "10 Mb ≤ KT ≤ 20 Mb" "a prefilled choice shows its wording"

# Prefilled with only a unit's name (not yet a valid report): the name is in its cell.
printf 'ten_co_quan: "UBND huyện Đồng Xuân"\n' >ten.yaml
"$BAOCAO" template --form quy-3a --format xlsx --data ten.yaml -o ten.xlsx
is "$?" 0 "a prefill file needs not hold every required figure"
is "$("$PY" -c '
import openpyxl
ws = openpyxl.load_workbook("ten.xlsx")["Số liệu"]
print([r[3].value for r in ws.iter_rows(min_row=4) if r[5].value == "ten_co_quan"][0])')" \
    "UBND huyện Đồng Xuân" "the unit's name is prefilled"

# Every form gets a workbook LibreOffice opens (tt06-pl2: many choices, several lists).
"$BAOCAO" template --form tt06-pl2 --format xlsx -o pl2.xlsx
timeout 180 soffice --headless --norestore --convert-to ods --outdir lo pl2.xlsx >>lo.log 2>&1
ok test -s lo/pl2.ods "tt06-pl2's workbook converts in LibreOffice"

# Arguments.
"$BAOCAO" template --form quy-3a --format xlsx >/dev/null 2>err
is "$?" 2 "xlsx without -o is refused"
like "$(cat err)" "baocao template: .*-o" "saying -o is needed"
"$BAOCAO" template --form quy-3a --data "$ROOT/samples/quy-3a.yaml" >/dev/null 2>err
is "$?" 2 "--data without --format xlsx is refused"
"$BAOCAO" template --form quy-3a --format xlsx --data "$ROOT/samples/batch-bad/561.yaml" -o x.xlsx 2>err
is "$?" 2 "a bad prefill data file is refused"
ok test ! -e x.xlsx "and no workbook is written"
done_testing
