#!/usr/bin/env bash
# The messages a person sees are Vietnamese, say where, and say what to do: YAML syntax errors
# (form/yaml_msg.c) and what the system said about a file (util/syserr.c), never libyaml's or
# libc's English.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"

check() { # file-content regex description
    printf '%b' "$1" >"$TMP/d.yaml"
    local out
    out="$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/d.yaml" 2>&1 >/dev/null)"
    is "$?" 2 "$3: exit 2"
    like "$out" "$2" "$3: says where and what to do"
    unlike "$out" "found|expected|cannot|while (scanning|parsing)|not allowed" "$3: no English from libyaml"
}
check 'nam_bao_cao: 2025\n\tten_co_quan: Bộ Tài chính\n' \
    "d\.yaml:2:1: lỗi cú pháp YAML: có ký tự Tab: YAML chỉ cho phép thụt lề bằng dấu cách — thay mỗi Tab bằng dấu cách" \
    "a tab used for indenting"
check 'nam_bao_cao: 2025\nten_co_quan:\tBộ Tài chính\nx: [1\n' \
    "d\.yaml:4:1: lỗi cú pháp YAML: .*ngoặc đóng" "an unclosed bracket"
check 'nam_bao_cao: 2025\nten_co_quan: Sở: Tư pháp\n' \
    "d\.yaml:2:16: lỗi cú pháp YAML: dấu ':' không được phép ở đây: một giá trị có chứa \": \" phải đặt trong dấu nháy" \
    "a colon inside a value"
check 'nam_bao_cao: 2025\nten_co_quan: "Bộ Tài chính\n' \
    "lỗi cú pháp YAML: tệp kết thúc khi dấu nháy hoặc ngoặc chưa đóng" "an unclosed quote"
check 'nam_bao_cao: 2025\nten_co_quan: "C:\\\\xyz\\q"\n' \
    "d\.yaml:2:.*dấu \\\\ đứng trước một ký tự không hợp lệ" "a bad escape in a quoted string"
check 'ung_dung_chuyen_nganh:\n  - ten: a\n   so_don_vi_trien_khai: 3\n' \
    "d\.yaml:3:.*lỗi cú pháp YAML: " "a list row indented wrong"

out="$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/khong-co.yaml" 2>&1 >/dev/null)"
is "$?" 2 "a missing data file: exit 2"
like "$out" "khong-co\.yaml: không mở được tệp: không có tệp hay thư mục này \(kiểm tra tên và đường dẫn\)" \
    "a missing file is named, in Vietnamese"
unlike "$out" "No such file" "no English from libc"
out="$("$BAOCAO" verify "$TMP" 2>&1)"
unlike "$out" "Is a directory|No such" "verify on a folder: no English from libc"
done_testing
