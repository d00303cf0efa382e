#!/usr/bin/env bash
# verify DIR: a province's folder verified in parallel, one report — for a person, --json, and a
# CSV that LibreOffice opens (UTF-8 with BOM, one row per signature) — agreeing file by file
# with the one-file verify; exit 0 only when every file is signed and valid.
source "$(dirname "$0")/lib.sh"

use_test_signer

IN="$TMP/in"
mkdir -p "$IN"
for c in 601 602 603 604 605 606; do cp "$ROOT/samples/quy-3a.yaml" "$IN/$c.yaml"; done
OUT="$TMP/out"
"$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf,docx "${SIGN[@]}" --quiet
TRUST=(--trust "$PKI/root.pem")

report="$("$BAOCAO" verify "$OUT" "${TRUST[@]}" --jobs 2 --csv "$TMP/ok.csv")"
is "$?" 0 "a signed batch folder: exit 0"
is "$(printf '%s\n' "$report" | grep -c '^HỢP LỆ: ')" 12 "one line per file, 6 PDF and 6 DOCX, each HỢP LỆ"
like "$report" "Đã kiểm tra 12 tệp trong [0-9.]+ giây \([0-9.]+ tệp/giây, 2 tiến trình\): 12 hợp lệ" \
    "the summary: files, time, files per second, counts"
like "$report" "HỢP LỆ: $OUT/601/quy-3a-601.pdf — Trần Quốc Khánh \(B-B\)" "a PDF's line names its signer and level"
unlike "$report" "manifest|errors\.txt" "manifests and errors.txt are not taken for signed files"

# Receive the folder with some files spoiled, one unsigned, one that is not a PDF at all.
R="$TMP/recv"
cp -r "$OUT" "$R"
printf 'x' >>"$R/602/quy-3a-602.docx"
"$PY" - "$R/603/quy-3a-603.pdf" <<'PY'
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
i = d.index(b"/Contents <") - 200       # inside the signed bytes, before the signature value
d[i] = ord("A") if d[i] != ord("A") else ord("B")
open(p, "wb").write(d)
PY
"$BAOCAO" render --form quy-3a --data "$ROOT/samples/quy-3a.yaml" --output "$R/604/unsigned.pdf" >/dev/null
echo "không phải PDF" >"$R/605/quy-3a-605.pdf"
rm "$R/606/quy-3a-606.docx.p7s"

"$BAOCAO" verify "$R" "${TRUST[@]}" --csv "$TMP/r.csv" >"$TMP/r.txt"
is "$?" 2 "a folder with a file that cannot be read: exit 2 (as verify of that file)"
r="$(cat "$TMP/r.txt")"
like "$r" "KHÔNG HỢP LỆ: $R/602/quy-3a-602.docx" "a DOCX changed after signing: KHÔNG HỢP LỆ"
like "$r" "KHÔNG HỢP LỆ: $R/603/quy-3a-603.pdf" "a PDF changed inside its signed bytes: KHÔNG HỢP LỆ"
like "$r" "CHƯA KÝ: $R/604/unsigned.pdf" "an unsigned PDF: CHƯA KÝ"
like "$r" "KHÔNG ĐỌC ĐƯỢC: $R/605/quy-3a-605.pdf" "a file that is not a PDF: KHÔNG ĐỌC ĐƯỢC"
like "$r" "KHÔNG ĐỌC ĐƯỢC: $R/606/quy-3a-606.docx" "a DOCX whose .p7s is missing: KHÔNG ĐỌC ĐƯỢC (as verify of it alone)"
like "$r" "✗ chữ ký 1: nội dung đã bị thay đổi sau khi ký" "… with the reason under it"
like "$r" "Đã kiểm tra 13 tệp .*: 8 hợp lệ, 0 nguyên vẹn .*, 2 không hợp lệ, 1 chưa ký, 2 không đọc được" \
    "the counts of each verdict"
rm -r "$R/606" "$R/605"
"$BAOCAO" verify "$R" "${TRUST[@]}" >/dev/null
is "$?" 1 "without the unreadable files: exit 1 (invalid and unsigned files)"
"$BAOCAO" verify "$R/601" "$R/604/unsigned.pdf" "${TRUST[@]}" >/dev/null
is "$?" 1 "a folder and a file named together: an unsigned file makes exit 1"
"$BAOCAO" verify "$OUT" >"$TMP/noroot.txt"
is "$?" 1 "no --trust: exit 1"
like "$(cat "$TMP/noroot.txt")" "12 nguyên vẹn nhưng CA gốc chưa được tin cậy" "… every file intact, root not trusted"

# Each file's verdict agrees with the one-file verify.
"$BAOCAO" verify "$TMP/recv" "${TRUST[@]}" --json >"$TMP/r.json"
ok "$PY" - "$TMP/r.json" "$BAOCAO" "$PKI/root.pem" <<'PY' "--json: each file's verdict agrees with the one-file verify's exit code and JSON"
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
assert d["files"] == len(d["reports"]) == 9, d["files"]
assert d["all_valid"] is False and (d["valid"], d["invalid"], d["unsigned"]) == (6, 2, 1), d
for r in d["reports"]:
    p = subprocess.run([sys.argv[2], "verify", r["file"], "--trust", sys.argv[3], "--json"],
                       capture_output=True, text=True)
    one = json.loads(p.stdout)
    assert (p.returncode == 0) == (r["verdict"] == "valid"), r["file"]
    assert one == r["report"], r["file"]
PY

# The CSV an official opens: BOM, one row per signature, Vietnamese headers; LibreOffice reads it.
ok "$PY" - "$TMP/r.csv" <<'PY' "CSV: UTF-8 with BOM, CRLF, a header and one row per file (one signature each)"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0] == ["Tệp", "Kết luận tệp", "Chữ ký số", "Ô ký", "Người ký", "Cơ quan", "Mức PAdES",
                   "Thời điểm ký", "Kết luận chữ ký", "Vấn đề"], rows[0]
assert len(rows) == 14, len(rows)
by = {r[0].rsplit("/", 2)[-2] + "/" + r[0].rsplit("/", 1)[-1]: r for r in rows[1:]}
assert by["601/quy-3a-601.pdf"][1] == "HỢP LỆ" and by["601/quy-3a-601.pdf"][6] == "B-B"
assert by["601/quy-3a-601.pdf"][4] == "Trần Quốc Khánh" and by["601/quy-3a-601.pdf"][7].endswith("+07:00")
assert by["603/quy-3a-603.pdf"][8] == "KHÔNG HỢP LỆ" and by["603/quy-3a-603.pdf"][9]
assert by["604/unsigned.pdf"][1] == "CHƯA KÝ" and by["604/unsigned.pdf"][2] == ""
assert by["605/quy-3a-605.pdf"][1] == "KHÔNG ĐỌC ĐƯỢC" and "PDF" in by["605/quy-3a-605.pdf"][9]
PY
if command -v soffice >/dev/null; then
    (cd "$TMP" && soffice -env:UserInstallation="file://$TMP/lo-profile" --headless \
        --infilter="Text - txt - csv (StarCalc):44,34,76" --convert-to xlsx ok.csv >/dev/null 2>&1)
    ok "$PY" - "$TMP/ok.xlsx" <<'PY' "LibreOffice opens the CSV: Vietnamese headers and 12 rows of HỢP LỆ in the sheet"
import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = list(ws.iter_rows(values_only=True))
assert rows[0][0] == "Tệp" and rows[0][4] == "Người ký", rows[0]
assert len(rows) == 13 and all(r[1] == "HỢP LỆ" for r in rows[1:]), rows[:3]
PY
else
    echo "# SKIP LibreOffice check: soffice not installed"
fi

# A cell a spreadsheet would run as a formula is written as text.
cp "$OUT/601/quy-3a-601.pdf" "$TMP/=HYPERLINK(1).pdf"
(cd "$TMP" && "$BAOCAO" verify "=HYPERLINK(1).pdf" "${TRUST[@]}" --csv f.csv >/dev/null)
like "$(sed -n 2p "$TMP/f.csv")" "^\"'=HYPERLINK\(1\)\.pdf\"" "a cell starting with = is prefixed with '"

# Bad arguments.
err="$("$BAOCAO" verify "$TMP/nonexistent" "$OUT" 2>&1)"
is "$?" 2 "a path that does not exist: exit 2"
like "$err" "nonexistent: không có tệp hay thư mục này" "… naming it"
mkdir -p "$TMP/empty"
err="$("$BAOCAO" verify "$TMP/empty" 2>&1)"
is "$?" 2 "an empty folder: exit 2"
like "$err" "không có tệp nào để kiểm tra" "… saying there is nothing to check"
err="$("$BAOCAO" verify "$OUT" "$OUT/601/quy-3a-601.docx" --p7s x.p7s 2>&1)"
is "$?" 2 "--p7s with several files: exit 2"
like "$err" "baocao verify: --p7s chỉ dùng với một tệp" "… saying --p7s is for one file"
err="$("$BAOCAO" verify "$OUT" --p7s x.p7s 2>&1)"
is "$?" 2 "--p7s with a folder: exit 2"
ok test ! -e "$TMP/nothing.csv" "no CSV when nothing was verified"
# A file over the one-file limit is refused without being read (a sparse 200 MB file).
truncate -s 200M "$R/601/huge.pdf"
"$BAOCAO" verify "$R/601" "${TRUST[@]}" >"$TMP/huge.txt"
like "$(cat "$TMP/huge.txt")" "KHÔNG ĐỌC ĐƯỢC: $R/601/huge\.pdf" "a file over BC_PDF_MAX_FILE_BYTES: not read, KHÔNG ĐỌC ĐƯỢC"
like "$(cat "$TMP/huge.txt")" "vượt giới hạn" "… saying it is over the limit"

done_testing
