#!/usr/bin/env bash
# 55-batch-csv.t — `baocao batch` over a CSV units table: one row per unit, one table per list,
# built from samples/quy-3a.yaml by tests/fixtures/batch-csv/make-units.py.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$PY" -c 'import yaml' 2>/dev/null || skip_all "python3-yaml is not installed"
MAKE_UNITS="$ROOT/tests/fixtures/batch-csv/make-units.py"
CODES="22015 22018 22021"

mkdir -p "$TMP/good" "$TMP/bad"
ok "$PY" "$MAKE_UNITS" "$ROOT/layouts/quy-3a.yaml" "$ROOT/samples/quy-3a.yaml" "$TMP/good" \
    "the units table and list tables are made"

# ---- every unit good ----
"$BAOCAO" batch --form quy-3a --data "$TMP/good/units.csv" --out "$TMP/o" --format pdf --quiet \
    2>"$TMP/err"
is "$?" 0 "batch over a units table exits 0"
is "$(cat "$TMP/err")" "" "nothing on stderr"
for c in $CODES; do
    ok test -s "$TMP/o/$c/quy-3a-$c.pdf" "unit $c: a PDF named from its code"
done
is "$(find "$TMP/o" -name '*.pdf' | wc -l | tr -d ' ')" 3 "one PDF per unit, no more"
ok qpdf --check "$TMP/o/22018/quy-3a-22018.pdf" "the PDF is sound"

m="$(cat "$TMP/o/manifest.csv")"
is "$(printf '%s\n' "$m" | tail -n +2 | grep -c ',ok,')" 3 "manifest: 3 units ok"
rows="$(printf '%s\n' "$m" | "$PY" -c 'import csv, sys
for r in csv.DictReader(sys.stdin):
    print(r["code"], r["input"].rsplit("/", 1)[-1], r["status"], r["name"], sep="|")')"
is "$rows" "22015|units.csv:2|ok|Sở Tư pháp tỉnh Phú Yên
22018|units.csv:3|ok|Sở Nội vụ tỉnh Phú Yên, \"Văn phòng\"
22021|units.csv:5|ok|Sở Y tế tỉnh Phú Yên" "manifest: code, input units.csv:LINE, status, name from ten_don_vi"

# Each unit got its own list rows: the first unit all of Bảng 3A.1 (9 rows), the others fewer.
# (Table cells wrap anywhere, so the text is compared without spaces and line breaks.)
t1="$(pdftotext "$TMP/o/22015/quy-3a-22015.pdf" - | tr -d ' \n')"
t3="$(pdftotext "$TMP/o/22021/quy-3a-22021.pdf" - | tr -d ' \n')"
like "$t1" "Phầnmềmquảnlýtổhòagiảiởcơsở" "unit 22015 has its last row of Bảng 3A.1"
unlike "$t3" "Phầnmềmquảnlýtổhòagiảiởcơsở" "unit 22021 does not have it"
like "$(pdftotext "$TMP/o/22018/quy-3a-22018.pdf" - | tr '\n' ' ')" 'Dòng một; Dòng hai, có "ngoặc kép"' \
    "a quoted cell with a separator, a line break and quotes"
like "$(pdfinfo "$TMP/o/22021/quy-3a-22021.pdf")" "Author: +Sở Y tế tỉnh Phú Yên" "the unit's own data"
# The first unit's document is the sample's: the same text as rendering the YAML directly.
"$BAOCAO" render --form quy-3a --data "$ROOT/samples/quy-3a.yaml" -o "$TMP/ref.pdf"
is "$(pdftotext -layout "$TMP/o/22015/quy-3a-22015.pdf" - | md5sum)" \
    "$(pdftotext -layout "$TMP/ref.pdf" - | md5sum)" "unit 22015 reads as the YAML sample"

# Re-run: nothing changed, nothing redone; change one list row of one unit: only it is redone.
"$BAOCAO" batch --form quy-3a --data "$TMP/good/units.csv" --out "$TMP/o" --quiet
is "$(grep -o '"reused": true' "$TMP/o/manifest.json" | wc -l | tr -d ' ')" 3 "re-run reuses every unit"
sed -i 's/^\(22021;.*\);[^;]*$/\1;Đã sửa/' "$TMP/good/dvctt3_xa.csv"
"$BAOCAO" batch --form quy-3a --data "$TMP/good/units.csv" --out "$TMP/o" --json >"$TMP/json"
like "$(grep '"22021"' "$TMP/json")" '"reused": false' "a unit whose list row changed is redone"
is "$(grep -c '"reused": true' "$TMP/json")" 2 "the other units are kept"

# ---- one unit with a bad cell in a list table ----
where="$("$PY" "$MAKE_UNITS" "$ROOT/layouts/quy-3a.yaml" "$ROOT/samples/quy-3a.yaml" "$TMP/bad" --bad)"
like "$where" '^[0-9]+:[0-9]+$' "the bad cell's position is known"
"$BAOCAO" batch --form quy-3a --data "$TMP/bad/units.csv" --out "$TMP/b" --format pdf --quiet \
    2>/dev/null
is "$?" 1 "a unit with a bad cell: exit 1"
st="$("$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    print(r["code"], r["status"])' "$TMP/b/manifest.csv")"
is "$st" "22015 ok
22018 failed
22021 ok" "manifest: that unit failed, the others ok"
ok test ! -e "$TMP/b/22018/quy-3a-22018.pdf" "the failed unit has no PDF"
ok test -s "$TMP/b/22015/quy-3a-22015.pdf" "the others have theirs"
like "$(cat "$TMP/b/errors.txt")" \
    "dvctt3_tinh\\.csv:$where: cột [A-Z]+ \\(ho_so_truc_tuyen\\): [^\"]*\"Số lượng hồ sơ trực tuyến đã giải quyết\" phải là số nguyên ≥ 0, nhận được \"12a\"" \
    "errors.txt: the list table's own file:line:col"
like "$(cat "$TMP/b/errors.txt")" "\\(ho_so_truc_tuyen\\): bảng 3A\\.2, dòng 1: " \
    "errors.txt: the row is placed in its table (Bảng 3A.2), not in the signature block before it"
like "$(cat "$TMP/b/errors.txt")" "^== 22018 \\(.*units\\.csv:3\\)" "errors.txt: the unit and its row"

# ---- tables whose shape is wrong stop the run before any unit ----
cp -r "$TMP/good" "$TMP/orphan"
printf '99999;;Một dịch vụ;;;;\n' >>"$TMP/orphan/dvctt3_tinh.csv"
line=$(wc -l <"$TMP/orphan/dvctt3_tinh.csv" | tr -d ' ')
err="$("$BAOCAO" batch --form quy-3a --data "$TMP/orphan/units.csv" --out "$TMP/c" --quiet 2>&1)"
is "$?" 2 "a list row of an unknown unit: exit 2"
like "$err" "dvctt3_tinh\\.csv:$line:1: mã đơn vị \"99999\" không có trong bảng đơn vị" "…with file:line:col"
ok test ! -e "$TMP/c/manifest.csv" "…and no unit is run"

# template --format csv writes the units table's header
like "$("$BAOCAO" template --form quy-3a --format csv)" '^ma_don_vi,ten_don_vi,quy,nam_bao_cao,' \
    "template --format csv: ma_don_vi, ten_don_vi, then the keys"
# …and a one-row data file with those columns validates (they are let be)
"$BAOCAO" batch --help | grep -q 'ma_don_vi'
is "$?" 0 "batch --help documents the units table"
done_testing
