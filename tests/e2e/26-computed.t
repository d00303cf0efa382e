#!/usr/bin/env bash
# Computed figures of the quarterly form, end to end: each formula computed here from the
# document's definitions (MỤC 10 of the form; ratios as percentages) must be what the rendered
# PDF prints when the data leaves the figure out; a supplied figure that disagrees, and a
# division by zero, are refused with the formula and no file written.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

SAMPLE="$ROOT/samples/quy-3a.yaml"
# The expected figures, computed independently of baocao, and the data without them.
"$PY" - "$SAMPLE" "$TMP/nocomputed.yaml" > "$TMP/expected.txt" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
def vn(x, decimals):
    s = "%.*f" % (decimals, x)
    whole, _, frac = s.partition(".")
    whole = "{:,}".format(int(whole)).replace(",", ".")
    return whole + ("," + frac if frac else "")
pct = lambda a, b: 100.0 * a / b
computers = d["so_may_de_ban"] + d["so_may_xach_tay"] + d["so_may_tinh_bang"] + d["so_may_chu"]
bandwidth = 5 * d["bt_leased_line"] + 5 * d["bt_ftth"] + d["bt_xdsl"] + d["bt_khac"]  # MỤC 10.1
expected = {
    "so_may_tinh": vn(computers, 0),
    "ty_le_may_tinh": vn(pct(computers, d["so_ccvc"]), 2),
    "ty_le_diet_virus": vn(pct(d["so_may_diet_virus"], computers), 2),
    "bang_thong_quy_doi": vn(bandwidth, 0),
    "bang_thong_tren_ccvc": vn(bandwidth / d["so_ccvc"], 3),              # MỤC 10.2
    "ty_le_co_thu": vn(pct(d["so_ccvc_co_thu"], d["so_ccvc"]), 2),
    "ty_le_vbdt_vbg": vn(pct(d["tong_vbdt"], d["tong_vbg"]), 2),
    "ty_le_vbdtks": vn(pct(d["tong_vbdtks"], d["tong_vbdt"]), 2),
}
for k, v in expected.items():
    print(k, v)
for k in expected:
    d.pop(k, None)
yaml.safe_dump(d, open(sys.argv[2], "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
PY
ok "$BAOCAO" render --form quy-3a --data "$TMP/nocomputed.yaml" -o "$TMP/c.pdf" \
    "renders with the computed figures left to baocao"
text="$(pdf_text "$TMP/c.pdf")"
while read -r key value; do
    like "$text" "(^| )$value( |%|$)" "$key is computed and printed as $value"
done < "$TMP/expected.txt"
like "$(pdfinfo -f 1 -l 99 "$TMP/c.pdf" | grep -c 'size: *841')" "^[1-9]" "Bảng 3A.2/3A.3 on landscape pages"
like "$(pdfinfo -f 1 -l 1 "$TMP/c.pdf")" "size: *595" "… inside a portrait document"

# A supplied figure that disagrees with its formula: both values and the formula in the form's
# words (the inputs' labels and values, not our keys), exit 2.
sed 's/^ty_le_may_tinh: .*/ty_le_may_tinh: 50/' "$SAMPLE" > "$TMP/disagree.yaml"
err="$("$BAOCAO" render --form quy-3a --data "$TMP/disagree.yaml" -o "$TMP/d.pdf" 2>&1)"
is "$?" 2 "a figure that disagrees with its formula: exit 2"
like "$err" "disagree\.yaml:22:17: mục 2, 1\.: \"Tỷ lệ máy tính/ CCVC-NLĐ \(%\)\" là 50,00 nhưng theo tỉ lệ phần trăm \"Tổng số máy tính tại cơ quan\" \(99\) trên \"Tổng số CCVC-NLĐ tại cơ quan\" \(86\) phải là 115,12" \
    "… names the formula by the inputs' labels and values at the figure's line"
unlike "$err" "percent\(|so_may_tinh|so_ccvc" "… and no internal key or function name"
like "$err" "115,12" "… and the computed value"
like "$err" "50" "… and the supplied value"
ok test ! -e "$TMP/d.pdf" "… and writes no file"

# Division by zero: reported with the formula, never printed as inf or nan.
sed -e 's/^so_ccvc: .*/so_ccvc: 0/' -e '/^ty_le_may_tinh:/d' -e '/^bang_thong_tren_ccvc:/d' \
    -e '/^ty_le_co_thu:/d' -e '/^ty_le_thu_chung:/d' -e '/^ty_le_thu_rieng:/d' \
    -e 's/^so_ccvc_co_may: .*/so_ccvc_co_may: 0/' -e 's/^so_ccvc_co_thu: .*/so_ccvc_co_thu: 0/' \
    -e 's/^so_ccvc_thu_chung: .*/so_ccvc_thu_chung: 0/' "$SAMPLE" > "$TMP/zero.yaml"
err="$("$BAOCAO" render --form quy-3a --data "$TMP/zero.yaml" -o "$TMP/z.pdf" 2>&1)"
is "$?" 2 "division by zero: exit 2"
like "$err" "chia cho 0" "… says it is a division by zero"
like "$err" "\"Tổng số CCVC-NLĐ tại cơ quan\" \(0\)" "… names the divisor by its label and value"
unlike "$err" "inf|nan" "… never inf or nan"
ok test ! -e "$TMP/z.pdf" "… and writes no file"
done_testing
