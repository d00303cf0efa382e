#!/usr/bin/env bash
# 59-xlsx-rollup.t — `baocao rollup`: a province's figures from its units', by the maps in
# layouts/rollup/. Every figure is recomputed here independently, in Python, from the unit files
# (sums, counts, ratio of sums, concatenated rows); a unit without a figure and a unit that fails
# must show in that figure's provenance; periods and forms are never mixed.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
"$PY" -c 'import yaml' 2>/dev/null || skip_all "python3-yaml is not installed"
cd "$TMP" || exit 1

mkdir units
cp "$ROOT"/samples/batch/*.yaml units/
sed -i '/^so_may_chu:/d' units/557.yaml      # a unit that does not give one figure
cp "$ROOT/samples/batch-bad/561.yaml" units/ # a unit whose data does not load

"$BAOCAO" rollup --to tt06-pl2 --from units -o tinh.yaml >out 2>err
is "$?" 0 "rollup exits 0"
like "$(cat out)" "tinh.yaml: 9 đơn vị \(1 lỗi, không tính\), 6 chỉ tiêu tổng hợp" "it says how many units and figures"

# The figures, recomputed from the unit files (the good ones: all but 561).
want="$("$PY" - "$ROOT" <<'PY'
import glob, sys, yaml, unicodedata
units = {}
for p in sorted(glob.glob("units/*.yaml")):
    code = p.split("/")[-1][:-5]
    if code != "561":
        units[code] = yaml.safe_load(open(p, encoding="utf-8"))
def num(v):
    return int(str(v).replace(".", ""))
def total(k):
    return sum(num(u[k]) for u in units.values() if u.get(k) is not None)
fold = lambda s: unicodedata.normalize("NFD", str(s)).encode("ascii", "ignore").decode().lower()
print("ht_may_chu:", total("so_may_chu"))
print("dvc_tong:", total("dv_tong"))
print("dvc_muc_12:", total("dv_muc_12"))
print("ht_co_quan_lan:", sum(1 for u in units.values() if fold(u.get("co_lan", "")) == "co"))
rows = sum(len(u.get(l) or []) for u in units.values() for l in
           ("dvctt3_tinh", "dvctt3_huyen", "dvctt3_xa", "dvctt4_tinh", "dvctt4_huyen", "dvctt4_xa"))
print("rows:", rows)
PY
)"
got="$(grep -E '^(ht_may_chu|dvc_tong|dvc_muc_12|ht_co_quan_lan):' tinh.yaml)
rows: $(grep -c '^  - nhom:' tinh.yaml)"
is "$(printf '%s\n' "$got" | sort)" "$(printf '%s\n' "$want" | sort)" \
    "sums, the count of units with a LAN and the concatenated services match a recomputation"
prov="$(grep '^# ht_may_chu = ' tinh.yaml)"
like "$prov" "tổng so_may_chu \(quy-3a\).*: 7/8 đơn vị hợp lệ góp số liệu" "provenance: how many units contributed"
like "$prov" "không có số liệu: 557" "provenance: the unit without the figure"
like "$prov" "lỗi, không tính: 561" "provenance: the unit that failed"
like "$(head -8 tinh.yaml)" "#   561 \(units/561\.yaml\): " "the header says why 561 failed"
like "$(grep '^# dvc_tong = ' tinh.yaml)" ": 8/8 đơn vị hợp lệ góp số liệu; lỗi, không tính: 561" "a figure every good unit gives"
# Left for the user, with the reason: what the quarterly form cannot say.
like "$(cat tinh.yaml)" '# .*ht_may_chu_cqcm: ".*" — biểu mẫu quý không cho biết đơn vị là cơ quan chuyên môn' \
    "a split the units' form cannot give is left, with why"
like "$(cat tinh.yaml)" $'\nso_cbcc:\n' "staff (CBCC, not CCVC-NLĐ) is left empty"
# Filled in by the department, the province's report renders.
sed -i 's/^ten_tinh:$/ten_tinh: "Phú Yên"/' tinh.yaml
ok "$BAOCAO" render --form tt06-pl2 --data tinh.yaml -o tinh.pdf "the province's report renders from the roll-up"
like "$(pdftotext tinh.pdf - | tr '\n' ' ')" "Tổng số máy chủ trên toàn tỉnh, thành phố: $(grep '^ht_may_chu:' tinh.yaml | cut -d' ' -f2)" \
    "the summed figure is in the report"

# The province's own quarterly total: every sum, and the form's own ratios computed from them.
"$BAOCAO" rollup --to quy-3a --from units -o tong.yaml >/dev/null
sums="$("$PY" - <<'PY'
import glob, yaml, re
units = [yaml.safe_load(open(p, encoding="utf-8")) for p in sorted(glob.glob("units/*.yaml"))
         if not p.endswith("561.yaml")]
m = yaml.safe_load(open("tong.yaml", encoding="utf-8"))
bad = []
for k in ("so_may_de_ban", "so_ccvc", "tong_vbdt", "tong_vbg", "hs_muc_12", "so_ccvc_co_thu"):
    want = sum(int(str(u[k]).replace(".", "")) for u in units if u.get(k) is not None)
    if m[k] != want:
        bad.append("%s %s != %s" % (k, m[k], want))
print(" ".join(bad) or "all equal")
PY
)"
is "$sums" "all equal" "quy-3a total: the sums equal a recomputation"
sed -i 's/^ten_co_quan:$/ten_co_quan: "Sở Thông tin và Truyền thông"/' tong.yaml
"$BAOCAO" render --form quy-3a --data tong.yaml -o tong.pdf
ratio="$("$PY" - <<'PY'
import yaml
m = yaml.safe_load(open("tong.yaml", encoding="utf-8"))
print(("%.2f" % (100.0 * m["tong_vbdt"] / m["tong_vbg"])).replace(".", ","))
PY
)"
like "$(pdftotext tong.pdf - | tr '\n' ' ')" "$ratio" "its ∑VBĐT/∑VBG is the ratio of the sums ($ratio), not a mean of ratios"
like "$(cat tong.yaml)" 'ty_le_dung_thu: ".*" — biểu mẫu không có tử số và mẫu số' "a ratio without its parts is left, never averaged"

# The ratio operation: a test map, ratio of sums recomputed here.
cat >map.yaml <<'MAP'
from: quy-3a
to: quy-3a
figures:
  ty_le_dung_thu: {ratio: [so_ccvc_co_may, so_ccvc], times: 100}
MAP
"$BAOCAO" rollup --map map.yaml --from units -o r.yaml >/dev/null
want="$("$PY" - <<'PY'
import glob, yaml
us = [yaml.safe_load(open(p, encoding="utf-8")) for p in sorted(glob.glob("units/*.yaml"))
      if not p.endswith("561.yaml")]
us = [u for u in us if u.get("so_ccvc_co_may") is not None and u.get("so_ccvc") is not None]
n = sum(u["so_ccvc_co_may"] for u in us); d = sum(u["so_ccvc"] for u in us)
print(("%.2f" % (100.0 * n / d)).replace(".", ","))
PY
)"
is "$(grep '^ty_le_dung_thu:' r.yaml | cut -d' ' -f2)" "$want" "ratio: sum over sum × 100, rounded to the field's decimals"
like "$(grep '^# ty_le_dung_thu' r.yaml)" "tỉ số của các tổng, không phải trung bình các tỉ lệ.*làm tròn đến 2 chữ số" "ratio: its provenance says how"

# A batch's output folder as the source: the same figures, the batch's failures kept.
"$BAOCAO" batch --form quy-3a --data units --out b --format pdf --quiet 2>/dev/null
"$BAOCAO" rollup --to tt06-pl2 --from b -o tinh2.yaml >/dev/null
is "$(grep -E '^(ht_may_chu|dvc_tong|ht_co_quan_lan):' tinh2.yaml)" \
    "$(grep -E '^(ht_may_chu|dvc_tong|ht_co_quan_lan):' tinh.yaml)" "from a batch's output: the same figures"
like "$(grep '^# ht_may_chu = ' tinh2.yaml)" "lỗi, không tính: 561" "the unit the batch failed is listed as failed"

# Workbooks count too.
"$BAOCAO" template --form quy-3a --format xlsx --data units/555.yaml -o units/555x.xlsx
mv units/555.yaml 555.yaml.away
"$BAOCAO" rollup --to tt06-pl2 --from units -o tinh3.yaml >/dev/null
is "$(grep -E '^(ht_may_chu|dvc_tong):' tinh3.yaml)" "$(grep -E '^(ht_may_chu|dvc_tong):' tinh.yaml)" \
    "a unit's workbook in place of its YAML gives the same figures"
mv 555.yaml.away units/555.yaml
rm units/555x.xlsx

# Never mixed: another period, another form.
cp -r units mixed
sed -i 's/^quy: III$/quy: II/' mixed/558.yaml
"$BAOCAO" rollup --to tt06-pl2 --from mixed -o m.yaml 2>err
is "$?" 2 "units of two quarters are refused"
like "$(cat err)" "mixed/558\.yaml: đơn vị 558 thuộc kỳ quy=II, nam_bao_cao=2019, khác kỳ quy=III, nam_bao_cao=2019 của đơn vị 555" \
    "naming the unit and both periods"
ok test ! -e m.yaml "no output"
mkdir other
cp "$ROOT/samples/tt06-pl1.yaml" other/bo.yaml
"$BAOCAO" batch --form tt06-pl1 --data other --out ob --format pdf --quiet 2>/dev/null
"$BAOCAO" rollup --to tt06-pl2 --from ob -o o.yaml 2>err
is "$?" 2 "a batch of another form is refused"
like "$(cat err)" 'kết quả batch của biểu mẫu "tt06-pl1", bản đồ tổng hợp từ "quy-3a"' "saying which forms"
cp -r units mixed2
"$BAOCAO" template --form tt06-pl1 --format xlsx -o mixed2/999.xlsx
"$BAOCAO" rollup --to tt06-pl2 --from mixed2 -o o.yaml 2>err
is "$?" 2 "a workbook of another form among the units is refused"
like "$(cat err)" 'mixed2/999\.xlsx: sổ tính là mẫu của biểu mẫu "tt06-pl1", không phải "quy-3a"' "naming the workbook"

# A map that does not fit its forms is refused with its line.
printf 'from: quy-3a\nto: tt06-pl2\nfigures:\n  ht_may_chu: {sum: ten_co_quan}\n  khong_co: {sum: so_may_chu}\n' >bad.yaml
"$BAOCAO" rollup --map bad.yaml --from units -o x.yaml 2>err
is "$?" 2 "a bad map is refused"
like "$(cat err)" 'bad\.yaml:4:[0-9]+: trường "ten_co_quan" của biểu mẫu nguồn không phải số' "a sum of text, with its line"
like "$(cat err)" 'bad\.yaml:5:[0-9]+: biểu mẫu đích tt06-pl2 không có trường "khong_co"' "an unknown target, with its line"
"$BAOCAO" rollup --to bang-3a1 --from units -o x.yaml 2>err
is "$?" 2 "no map to a form"
like "$(cat err)" 'không có bản đồ tổng hợp nào tới biểu mẫu "bang-3a1"' "says so"
ok "$BAOCAO" rollup --help "rollup --help"
done_testing
