#!/usr/bin/env bash
# Files as Excel and Notepad save them (util/encoding.c): UTF-16 with a byte order mark is read;
# Windows-1258, TCVN3, 8-bit and UTF-16 without a mark get ONE message naming the likely
# encoding, where, and how to save the file as UTF-8 — and no output file.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
S="$ROOT/samples/tt06-pl1.yaml"

# The sample in the encodings a Windows office uses. Windows-1258 keeps ư ơ â ê ô ă đ whole and
# writes the five tones as combining marks after them.
"$PY" - "$S" "$TMP" <<'PY'
import sys, unicodedata as u
src, out = sys.argv[1], sys.argv[2]
s = open(src, encoding="utf-8").read()
tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
def cp1258(t):
    r = []
    for ch in t:
        d = u.normalize("NFD", ch)
        r.append(u.normalize("NFC", "".join(c for c in d if c not in tones)) + "".join(c for c in d if c in tones))
    return "".join(r).encode("cp1258")
open(f"{out}/cp1258.yaml", "wb").write(cp1258(s))
open(f"{out}/utf16le.yaml", "wb").write(s.encode("utf-16"))            # with its mark, as Notepad's "Unicode"
open(f"{out}/utf16be.yaml", "wb").write(b"\xfe\xff" + s.encode("utf-16-be"))
open(f"{out}/utf16-nobom.yaml", "wb").write(s.encode("utf-16-le"))
open(f"{out}/broken16.yaml", "wb").write("nam_bao_cao: 2025\n".encode("utf-16") + b"\x00\xd8a\x00")  # a lone high surrogate
open(f"{out}/cp1258.csv", "wb").write(cp1258("nam_bao_cao,ten_co_quan\n2025,Bộ Tài nguyên và Môi trường\n"))
# TCVN3 (ABC): "Bé Tµi nguyªn vµ M«i tr­êng" as the old fonts stored it
open(f"{out}/tcvn3.yaml", "wb").write(b"nam_bao_cao: 2025\nten_co_quan: B\xe9 T\xb5i nguy\xaan v\xb5 M\xabi tr\xad\xeang\n")
PY

one_message() { # file regex description
    local f="$1" re="$2" d="$3" out rc
    out="$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/$f" 2>&1 >/dev/null)"
    rc=$?
    is "$rc" 2 "$d: exit 2"
    is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 1 "$d: one message, not one per byte"
    like "$out" "$re" "$d: names the encoding and says how to save as UTF-8"
    "$BAOCAO" render --form tt06-pl1 --data "$TMP/$f" -o "$TMP/$f.pdf" 2>/dev/null
    is "$?" 2 "$d: render refuses it"
    [ -e "$TMP/$f.pdf" ]
    is "$?" 1 "$d: no PDF written"
}

one_message cp1258.yaml \
    "cp1258\.yaml:1:4: tệp không phải UTF-8: có vẻ được lưu bằng bảng mã Windows-1258 \(tiếng Việt của Windows\) \(dòng 1 đọc theo bảng mã đó: \"# Dữ liệu mẫu cho biểu mẫu tt06-pl1.*\"\)\. Mở tệp bằng Notepad.*Mã hóa \(Encoding\) chọn UTF-8" \
    "Windows-1258 YAML"
one_message cp1258.csv \
    "cp1258\.csv:2:7: tệp không phải UTF-8: .*Windows-1258.*\"2025,Bộ Tài nguyên và Môi trường\".*CSV UTF-8 \(Comma delimited\)" \
    "Windows-1258 CSV (Excel's advice)"
one_message utf16-nobom.yaml "utf16-nobom\.yaml: tệp không phải UTF-8: có vẻ là UTF-16 không có dấu BOM\..*UTF-8" \
    "UTF-16 without a byte order mark"
one_message tcvn3.yaml "tcvn3\.yaml:2:15: tệp không phải UTF-8: có vẻ được gõ bằng bảng mã TCVN3 \(ABC\)\. .*Unikey" \
    "TCVN3"
one_message broken16.yaml "broken16\.yaml: tệp UTF-16 bị hỏng ở ký tự thứ 19" "broken UTF-16"

for f in utf16le utf16be; do
    out="$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/$f.yaml" 2>&1)"
    is "$?" 0 "UTF-16 ($f) with a byte order mark is read"
    like "$out" "hợp lệ \(285 trường" "UTF-16 ($f): every field"
    "$BAOCAO" render --form tt06-pl1 --data "$TMP/$f.yaml" -o "$TMP/$f.pdf" 2>/dev/null
    "$BAOCAO" render --form tt06-pl1 --data "$S" -o "$TMP/utf8.pdf" 2>/dev/null
    is "$(pdftotext "$TMP/$f.pdf" - | md5sum)" "$(pdftotext "$TMP/utf8.pdf" - | md5sum)" \
        "UTF-16 ($f): the report reads exactly as from the UTF-8 file"
done
# Its line numbers are those of the text: an error on line 6 is on line 6.
"$PY" -c 'import sys; open(sys.argv[1], "wb").write("nam_bao_cao: 2025\nso_may_chu: -3\n".encode("utf-16"))' "$TMP/e16.yaml"
like "$("$BAOCAO" validate --form tt06-pl1 --data "$TMP/e16.yaml" 2>&1)" "e16\.yaml:2:13: mục 3, 4\." \
    "UTF-16: an error is reported at its line and column"

# A units table for batch in Windows-1258: one message, before any unit runs.
mkdir -p "$TMP/units"
cp "$TMP/cp1258.csv" "$TMP/units/units.csv"
out="$("$BAOCAO" batch --form tt06-pl1 --data "$TMP/units/units.csv" --out "$TMP/bo" --quiet 2>&1)"
is "$?" 2 "batch: a Windows-1258 units table exits 2"
like "$out" "units\.csv:2:7: tệp không phải UTF-8: .*Windows-1258.*CSV UTF-8" "batch: the one message"
done_testing
