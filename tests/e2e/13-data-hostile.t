#!/usr/bin/env bash
# 13-data-hostile.t — data files made to hurt: a key or column given twice (once a heap overflow
# in the `choices` check), and files of tens of thousands of keys or columns (once minutes of
# quadratic work). Each is refused with a message that names the file, the place and the form's
# label, in bounded time and with a bounded number of lines; a refused render writes nothing.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
FORM=tt06-pl1
LABEL='mục 4, 1\.1\. c\): "Chức năng của hệ thống"'

# Runs `validate` and `render` on $1; sets $verr (validate's stderr), $vout, $vcode, $rcode and
# checks that render wrote nothing. Both must finish within 20 s.
refuse() {
    local data="$1" what="$2"
    rm -f "$TMP/out.pdf"
    vout="$(timeout 20 "$BAOCAO" validate --form "$FORM" --data "$data" 2>"$TMP/verr")"
    vcode=$?
    verr="$(cat "$TMP/verr")"
    timeout 20 "$BAOCAO" render --form "$FORM" --data "$data" -o "$TMP/out.pdf" 2>/dev/null
    rcode=$?
    is "$vcode" 2 "$what: validate exits 2 (in time)"
    is "$rcode" 2 "$what: render exits 2 (in time)"
    ok test ! -e "$TMP/out.pdf" "$what: render wrote no file"
}

# ---- a key given twice ----
printf 'nam_bao_cao: 2025\nten_co_quan: Bộ X\nthu_truong: A\nqlvb_chuc_nang: [noi_bo]\nqlvb_chuc_nang: [noi_bo, ben_ngoai, khac, noi_bo, khac, ben_ngoai]\n' \
    > "$TMP/dup.yaml"
refuse "$TMP/dup.yaml" "repeated choices key (YAML)"
like "$verr" "dup\.yaml:5:1: $LABEL khóa \"qlvb_chuc_nang\" lặp lại \(đã có ở dòng 4\)" \
    "repeated key (YAML): file, line:col, the form's label, the first place"
is "$(printf '%s\n' "$verr" | wc -l)" 1 "repeated key (YAML): the repeat is the only problem (its value is never checked)"

printf 'nam_bao_cao,ten_co_quan,thu_truong,qlvb_chuc_nang,qlvb_chuc_nang\n2025,Bộ X,A,noi_bo,"noi_bo;ben_ngoai;khac;noi_bo;khac;ben_ngoai"\n' \
    > "$TMP/dup.csv"
refuse "$TMP/dup.csv" "repeated choices column (CSV)"
like "$verr" "dup\.csv:1:5: cột E \(qlvb_chuc_nang\): $LABEL cột \"qlvb_chuc_nang\" lặp lại \(đã có ở cột D\)" \
    "repeated column (CSV): file, header position, the form's label, the first column"
is "$(printf '%s\n' "$verr" | wc -l)" 1 "repeated column (CSV): the only problem"

# The same in a list row: the column key twice in one row.
$PY - "$ROOT/samples/tt06-pl1.yaml" "$TMP/duprow.yaml" <<'PY'
import json, sys, yaml
src, out = sys.argv[1:]
d = yaml.safe_load(open(src))
key = next(k for k, v in d.items() if isinstance(v, list) and v and isinstance(v[0], dict))
lines = [f"{k}: {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in d.items() if k != key]
row = d[key][0]
col = next(iter(row))
cells = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, default=str)}" for k, v in row.items()]
cells.append(f"{json.dumps(col)}: {json.dumps(row[col], ensure_ascii=False, default=str)}")
lines.append(f"{key}:\n  - {{{', '.join(cells)}}}")
open(out, "w").write("\n".join(lines) + "\n")
PY
refuse "$TMP/duprow.yaml" "repeated column in a list row"
like "$verr" "duprow\.yaml:[0-9]+:[0-9]+: .*dòng 1: \".*\" khóa \"[a-z_]+\" lặp lại" \
    "repeated column in a list row: named with its row"
is "$(printf '%s\n' "$verr" | wc -l)" 1 "repeated column in a list row: the only problem"

# ---- big inputs: refused by the bounds, in time ----
$PY -c 'import sys; sys.stdout.write("".join(f"khoa_{i}: {i}\n" for i in range(40000)))' > "$TMP/big.yaml"
refuse "$TMP/big.yaml" "40,000-key YAML"
like "$verr" "big\.yaml:1:1: bảng khóa–giá trị có quá nhiều khóa \(tối đa 10000\)" "40,000-key YAML: the bound is named"
is "$(printf '%s\n' "$verr" | wc -l)" 1 "40,000-key YAML: one line"

$PY -c 'import sys; n=40000; sys.stdout.write(",".join(f"khoa_{i}" for i in range(n)) + "\n" + ",".join(str(i) for i in range(n)) + "\n")' > "$TMP/big.csv"
refuse "$TMP/big.csv" "40,000-column CSV"
like "$verr" "big\.csv:1:1: dòng có quá nhiều ô \(tối đa 10000 cột\)" "40,000-column CSV: the bound is named"
is "$(printf '%s\n' "$verr" | wc -l)" 1 "40,000-column CSV: one line"

# Under the bounds, many unknown keys cost linear time and a bounded report: the first 100
# problems, then one line for the rest; a "có phải …?" hint for the first 20 only.
$PY -c 'import sys; sys.stdout.write("".join(f"so_may_chu_{i}: {i}\n" for i in range(9000)))' > "$TMP/many.yaml"
refuse "$TMP/many.yaml" "9,000 unknown keys (YAML)"
is "$(printf '%s\n' "$verr" | wc -l)" 101 "9,000 unknown keys: 100 problems and one summary line"
like "$(printf '%s\n' "$verr" | tail -1)" "^baocao validate: … và [0-9]+ lỗi khác \(chỉ liệt kê 100 lỗi đầu\)$" \
    "9,000 unknown keys: the summary line counts the rest"
like "$vout" "không hợp lệ, 900[0-9] lỗi" "9,000 unknown keys: validate counts every problem"
like "$verr" "có 9000 khóa không có trong biểu mẫu; chỉ 20 khóa đầu được gợi ý" "9,000 unknown keys: one line says why hints stop"
hints="$(printf '%s\n' "$verr" | grep -c 'có phải')"
is "$([ "$hints" -le 20 ] && echo yes)" yes "9,000 unknown keys: at most 20 hints ($hints)"

$PY -c 'import sys; n=9000; sys.stdout.write(",".join(f"cot_{i}" for i in range(n)) + "\n" + ",".join(str(i) for i in range(n)) + "\n")' > "$TMP/many.csv"
refuse "$TMP/many.csv" "9,000 unknown columns (CSV)"
is "$(printf '%s\n' "$verr" | wc -l)" 101 "9,000 unknown columns: 100 problems and one summary line"

# A file over the size bound is refused before it is read.
$PY -c 'import sys; sys.stdout.write("ghi_chu: \"" + "a" * (5 << 20) + "\"\n")' > "$TMP/huge.yaml"
refuse "$TMP/huge.yaml" "a 5 MiB data file"
like "$verr" "huge\.yaml: tệp quá lớn \(tối đa 4 MiB\)" "5 MiB data file: the bound is named"

# Three million bytes that are not UTF-8: the file is not UTF-8 at all, so one message names the
# likely encoding (util/encoding.c); the scrubber's bound on bad bytes is tested in test_yaml.
$PY -c 'import sys; sys.stdout.buffer.write(b"ten_co_quan: \"" + b"\xff" * (3 << 20) + b"\"\n")' > "$TMP/notutf8.yaml"
refuse "$TMP/notutf8.yaml" "3 MiB of bytes that are not UTF-8"
like "$(printf '%s\n' "$verr" | head -1)" "notutf8\.yaml:1:15: tệp không phải UTF-8: có vẻ được lưu bằng bảng mã .*chọn UTF-8" \
    "3 MiB not UTF-8: the first bad byte and the likely encoding"
is "$(printf '%s\n' "$verr" | wc -l | tr -d ' ')" 1 "3 MiB not UTF-8: one message"

# Aliases of aliases ("billion laughs") and deep nesting are refused, not walked.
$PY - "$TMP/laughs.yaml" <<'PY'
import sys
lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
for i in range(1, 10):
    lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
refuse "$TMP/laughs.yaml" "aliases of aliases"
like "$verr" "laughs\.yaml:[0-9]+:[0-9]+: các bí danh \(alias\) thay cho quá nhiều nút" "aliases of aliases: refused with the bound"
$PY -c 'import sys; sys.stdout.write("a: " + "[" * 100000 + "]" * 100000 + "\n")' > "$TMP/deep.yaml"
refuse "$TMP/deep.yaml" "100,000 nested lists"
like "$verr" "deep\.yaml:1:[0-9]+: lồng nhau quá sâu \(tối đa 64 mức" "100,000 nested lists: refused with the bound"

# A batch's units table of 40,000 columns: refused as a whole, in time.
mkdir -p "$TMP/units"
$PY -c 'import sys; n=40000; sys.stdout.write("ma_don_vi," + ",".join(f"cot_{i}" for i in range(n)) + "\n1," + ",".join("1" for i in range(n)) + "\n")' > "$TMP/units/units.csv"
err="$(timeout 20 "$BAOCAO" batch --form quy-3a --data "$TMP/units/units.csv" --out "$TMP/batch" --format pdf 2>&1 >/dev/null)"
is "$?" 2 "40,000-column units table: batch exits 2 (in time)"
like "$err" "units\.csv:1:1: dòng có quá nhiều ô \(tối đa 10000 cột\)" "40,000-column units table: the bound is named"
$PY -c 'import sys; n=9000; sys.stdout.write("ma_don_vi," + ",".join(f"cot_{i}" for i in range(n)) + "\n1," + ",".join("1" for i in range(n)) + "\n")' > "$TMP/units/units.csv"
err="$(timeout 20 "$BAOCAO" batch --form quy-3a --data "$TMP/units/units.csv" --out "$TMP/batch" --format pdf 2>&1 >/dev/null)"
is "$?" 2 "9,000 unknown columns in a units table: batch exits 2 (in time)"
lines="$(printf '%s\n' "$err" | wc -l)"
is "$([ "$lines" -le 102 ] && echo yes)" yes "9,000 unknown columns in a units table: a bounded report ($lines lines)"

# A header of separators only (found by fuzz_csvunits: once a null pointer read): an empty table.
printf ';;;;\n;;\n' > "$TMP/units/units.csv"
err="$(timeout 20 "$BAOCAO" batch --form quy-3a --data "$TMP/units/units.csv" --out "$TMP/batch" --format pdf 2>&1 >/dev/null)"
is "$?" 2 "a units table of separators only: batch exits 2"
like "$err" "units\.csv: tệp rỗng: không có dòng tiêu đề CSV nào" "a units table of separators only: empty"
printf ';;;;\n' > "$TMP/seps.csv"
refuse "$TMP/seps.csv" "a CSV data file of separators only"
like "$verr" "seps\.csv: tệp rỗng: không có dòng tiêu đề CSV nào" "a CSV data file of separators only: empty"

done_testing
