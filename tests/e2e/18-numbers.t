#!/usr/bin/env bash
# Numbers and dates as officials write them are read, and print the way the form prints them:
# 4.500 and 12.345.678 on a whole-number field, 1.234,5 on a decimal one, 4.500 on a percent
# (4500 % cannot be), dates day first (15/12/2026, 5/1/2026, 15-12-2026, 15.12.2026) besides
# ISO, a choice written as the wording beside its box. `template` says to write numbers and
# dates the way the report prints them. The refusals (ambiguous 4.500 on a decimal field, more
# decimals than the form prints, 31/02/2026 …) are tests/bad/ cases run by 10-bad-inputs.t.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
command -v pdftotext >/dev/null || skip_all "pdftotext is not installed"

# --- the day-first date that used to be refused (tests/bad/26 before) ---
day_first="$ROOT/tests/fixtures/numbers/date-day-first.yaml"
out="$("$BAOCAO" validate --form tt06-pl1 --data "$day_first" 2>&1)"
is "$?" 0 "a date written 01/07/2021 validates"
like "$out" "hợp lệ" "… and validate says so"
ok "$BAOCAO" render --form tt06-pl1 --data "$day_first" -o "$TMP/day.pdf" "… and renders"
like "$(pdf_text "$TMP/day.pdf")" "Cấp giấy phép nhận chìm ở biển [^0-9]*01/07/2021" \
    "… printing 01/07/2021 in its row"

# --- every accepted form in one file ---
cat > "$TMP/forms.yaml" <<'EOF'
nam_bao_cao: 2025
ten_co_quan: Bộ Tài nguyên Biển và Hải đảo
thu_truong: Trần Quốc Khánh
so_can_bo: 12.345.678
so_may_chu: 4.500
tong_chi_cntt: 1.234,5
chi_phan_cung: 86,5
ty_le_dung_may_tinh: 4.500
vb_ke_hoach_nam_ngay: 15/12/2026
vb_attt_ngay: 5/1/2026
vb_khac_ngay: 2026-03-09
ngay_khai: 15-12-2026
ngay_ky: 16.12.2026
he_thong: Cổng thông tin điện tử (Portal)
cong_dap_ung: Có
EOF
out="$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/forms.yaml" 2>&1)"
is "$?" 0 "4.500, 12.345.678, 1.234,5, day-first dates and a choice's wording validate"
like "$out" "hợp lệ" "… validate says hợp lệ"
ok "$BAOCAO" render --form tt06-pl1 --data "$TMP/forms.yaml" -o "$TMP/forms.pdf" "… and render"
text="$(pdf_text "$TMP/forms.pdf")"
like "$text" "viên chức của toàn cơ quan[0-9]* ?: 12\.345\.678( |$)" "12.345.678 prints as 12.345.678"
like "$text" "Tổng số máy chủ: 4\.500( |$)" "4.500 on a count prints as 4.500"
like "$text" "\(triệu đồng\): 1\.234,5( |$)" "1.234,5 prints as 1.234,5"
like "$text" "phần cứng trong năm \(triệu đồng\): 86,5( |$)" "86,5 prints as 86,5"
like "$text" "xử lý công việc \(%\): 4,50( |$)" "4.500 on a percent is 4,5 (4500 % cannot be) and prints 4,50"
like "$text" "Kế hoạch ứng dụng CNTT trong năm 15/12/2026" "15/12/2026 prints as 15/12/2026"
like "$text" "05/01/2026" "5/1/2026 prints as 05/01/2026"
like "$text" "09/03/2026" "ISO 2026-03-09 still accepted, prints as 09/03/2026"
like "$text" "ngày 15 tháng 12 năm 2026" "15-12-2026 fills the signature's day, month and year"
like "$text" "ngày 16 tháng 12 năm 2026" "16.12.2026 too"
unlike "$text" "12345678|2026-03-09" "nothing prints unformatted"

like "$text" "☐ Trang thông tin điện tử \(Website\) ☒ Cổng thông tin điện tử \(Portal\)" \
    "a choice written as its wording ticks that option's box"
# The choice given by its wording is the option itself: the same PDF as with the key.
sed -e 's/^he_thong: .*/he_thong: portal/' -e 's/^cong_dap_ung: .*/cong_dap_ung: co/' \
    "$TMP/forms.yaml" > "$TMP/keys.yaml"
ok "$BAOCAO" render --form tt06-pl1 --data "$TMP/keys.yaml" -o "$TMP/keys.pdf" "the same data with option keys renders"
is "$(pdf_text "$TMP/forms.pdf" | md5sum)" "$(pdf_text "$TMP/keys.pdf" | md5sum)" \
    "… and prints the same as the choices written as their wording"

# --- money with a decimal where the official form counts in triệu đồng (tt06-pl2) ---
sed -e 's/^chi_tong: .*/chi_tong: 21.450,5/' -e 's/^chi_phan_cung: .*/chi_phan_cung: "7820,5"/' \
    "$ROOT/samples/tt06-pl2.yaml" > "$TMP/pl2.yaml"
ok "$BAOCAO" render --form tt06-pl2 --data "$TMP/pl2.yaml" -o "$TMP/pl2.pdf" "tt06-pl2: triệu đồng with one decimal renders"
text="$(pdf_text "$TMP/pl2.pdf")"
like "$text" "\(triệu đồng\)[^:]*: 21\.450,5( |$)" "… 21.450,5 prints as 21.450,5"
like "$text" "phần cứng trong năm \(triệu đồng\): 7\.820,5( |$)" "… 7820,5 prints as 7.820,5"

# --- 4.500 on a decimal field that prints no decimals can only be 4500 (quy-3a, Mbps) ---
sed -e 's/^bt_ftth: .*/bt_ftth: 4.500/' -e '/^bang_thong_/d' "$ROOT/samples/quy-3a.yaml" > "$TMP/bw.yaml"
ok "$BAOCAO" render --form quy-3a --data "$TMP/bw.yaml" -o "$TMP/bw.pdf" \
    "4.500 Mbps where the form prints no decimals is read as 4500"
like "$(pdf_text "$TMP/bw.pdf")" "mục 10\.1\): 22\.566 Mbps" "… and the converted total is 10×5 + 4500×5 + 16 = 22.566"
sed -e 's/^bt_ftth: .*/bt_ftth: 4.000/' -e '/^bang_thong_/d' "$ROOT/samples/quy-3a.yaml" > "$TMP/bw4.yaml"
err="$("$BAOCAO" validate --form quy-3a --data "$TMP/bw4.yaml" 2>&1)"
is "$?" 2 "4.000 there is still two numbers (4000 or 4): exit 2"
like "$err" "bw4\.yaml:[0-9]+:10: .*\"∑ Băng thông FTTH \(Mbps\), mục 10\.1\" không rõ là số nào.*viết 4000 nếu là bốn nghìn, hoặc 4 nếu dấu chấm là dấu thập phân" \
    "… says both ways to write it"

# --- a refusal writes nothing, the accepted form next to it does ---
sed 's/^tong_chi_cntt: .*/tong_chi_cntt: 4.500/' "$TMP/forms.yaml" > "$TMP/amb.yaml"
rm -f "$TMP/amb.pdf"
err="$("$BAOCAO" render --form tt06-pl1 --data "$TMP/amb.yaml" -o "$TMP/amb.pdf" 2>&1)"
is "$?" 2 "4.500 on a decimal field: render exits 2"
like "$err" "amb\.yaml:6:16: mục 8, 4\.: \"Tổng chi ngân sách cho ứng dụng CNTT trong năm \(triệu đồng\)\" không rõ là số nào.*viết 4500 nếu là bốn nghìn năm trăm, hoặc 4,5 nếu dấu chấm là dấu thập phân" \
    "… says where, which field, and both ways to write it"
ok test ! -e "$TMP/amb.pdf" "… and writes no file"

# --- the template tells how to write numbers and dates, as the report prints them ---
tpl="$("$BAOCAO" template --form tt06-pl1)"
like "$tpl" "Số viết như báo cáo in ra: 12\.345 hoặc 12345.*87,5.*ngày viết 15/12/2026" \
    "template: numbers and dates the way the report prints them"
unlike "$tpl" "87\.5|YYYY-MM-DD" "… not the English 87.5 nor YYYY-MM-DD"
like "$tpl" "\"Tổng chi ngân sách cho ứng dụng CNTT trong năm \(triệu đồng\)\" \(decimal, tối đa 1 chữ số sau dấu phẩy, như 1\.234,5; ≥ 0\)" \
    "… and each decimal field how many decimals it takes, in that format"
done_testing
