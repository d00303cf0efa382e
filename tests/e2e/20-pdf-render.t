#!/usr/bin/env bash
# The PDF renderer on a hand-built tree (tests/unit/test_pdf.c writes it): validators, text,
# page sizes, check boxes by raster.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

PDF="$TMP/sample.pdf"
ok "$BUILD_DIR/tests/test_pdf" "$PDF" "renderer writes the sample"
pdf_valid "$PDF" "sample"
text="$(pdf_text "$PDF")"
like "$text" "PHỤ LỤC I \(Ban hành kèm theo Thông tư số 06/2013/TT-BTTTT\) MỤC 1\. THÔNG TIN CHUNG ?1 1\. Năm báo cáo: 2025" "title block, heading with its footnote mark, filled value, in order"
like "$text" "Điện thoại: …+ Fax: …+" "blanks print as dotted leaders"
like "$text" "☒ Có ☐ Không" "check boxes extract as ☒ / ☐"
like "$text" "Báo cáo được thực hiện trên cơ sở tổng hợp số liệu" "footnote text printed"
pages="$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')"
like "$pages" '^[3-9]$' "the long table runs over several pages ($pages)"
is "$(pdfinfo -f "$pages" -l "$pages" "$PDF" | grep -Ec 'size: +841\.8[0-9]* x 595')" "1" "the last page is landscape"
# Header rows repeat: "Tiêu chí" appears on page 1 and page 2.
is "$(pdftotext -f 2 -l 2 "$PDF" - | grep -c 'Tiêu chí')" "1" "table header repeated on page 2"
is "$(pdftotext -f 1 -l 1 -layout "$PDF" - | grep -m1 -v '^ *$' | tr -s ' ' | sed 's/^ //')" "PHỤ LỤC I" "no page number on page 1: the title comes first"
like "$(pdftotext -f 2 -l 2 -layout "$PDF" - | head -3)" '^ +2 *$' "page 2 numbered at the top"
ticked="$(box_ink "$PDF" "☒")"; empty="$(box_ink "$PDF" "☐")"
ok "$PY" -c "import sys; sys.exit(0 if $ticked > $empty * 1.3 and $empty > 0.02 else 1)" "ticked box shows more ink ($ticked) than an empty one ($empty)"
like "$(pdfinfo "$PDF")" "Title: +Biểu mẫu báo cáo thử" "UTF-16 title in the metadata"
like "$(pdfinfo "$PDF")" "Author: +Bộ Thông tin và Truyền thông" "UTF-16 author in the metadata"
done_testing
