#!/usr/bin/env bash
# 43-verify-limits.t — `baocao verify` on hostile files that aim at the PDF reader rather than at
# the judgement of signatures: numbers near 2^63, decompression bombs, huge xref sections, /Prev
# loops, deep nesting, field trees that multiply, files past the size limit. Each must be
# refused (exit 2) or judged invalid (exit 1) with the precise reason, never crash (exit >= 128),
# and finish within a generous bound of time (timeout 20) and memory (ulimit -v 500 MB). The
# files are made by helpers/hostile.py from a freshly signed form; limits are in pdf/pdfread.h.
. "$(dirname "$0")/lib.sh"
# The memory bound. A sanitizer build (make asan-test) reserves terabytes of address space for its
# shadow memory at start, so there only time is bounded; its own checks watch the memory.
VMEM=500000
[ -n "${ASAN_OPTIONS:-}" ] && VMEM=unlimited

H="$ROOT/tests/e2e/helpers/hostile.py"
PKI="$ROOT/certs/test"
export BAOCAO_FONTS="$ROOT/fonts"
[ -x "$PY" ] || skip_all "$PY is not installed"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
command -v pdfsig >/dev/null || skip_all "pdfsig is not installed (make deps)"
"$ROOT/certs/make-test-pki.sh" "$PKI" >/dev/null || skip_all "could not make the test PKI"

IN="$TMP/form.pdf"
for id in $("$BAOCAO" forms 2>/dev/null | awk '{print $1}' | head -20); do
    if "$BAOCAO" render --form "$id" --blank -o "$IN" >/dev/null 2>&1 &&
        pdfsig "$IN" 2>/dev/null | grep -q "Field Name: nguoi-khai"; then
        break
    fi
    rm -f "$IN"
done
[ -f "$IN" ] || skip_all "no form renders with a signature field"
S1="$TMP/s1.pdf"
ok "$BAOCAO" sign "$IN" --p12 "$PKI/nguoi-khai.p12" --pass-file "$PKI/pass.txt" \
    --trust "$PKI/root.pem" --role nguoi-khai \
    --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" -o "$S1" "the form is signed"
"$BAOCAO" verify "$S1" --trust "$PKI/root.pem" >/dev/null 2>&1
is "$?" 0 "the signed form verifies before any attack"

# Runs verify under the bounds; sets $out and $rc (124: timed out).
bounded_verify() {
    out="$( (ulimit -v "$VMEM"; timeout 20 "$BAOCAO" verify "$1" --trust "$PKI/root.pem") 2>&1)"
    rc=$?
}

# hostile MODE WANT_RC REGEX DESCRIPTION
hostile() {
    local mode="$1" want="$2" re="$3" desc="$4" f="$TMP/$1.pdf"
    if ! "$PY" "$H" "$mode" "$S1" "$f"; then
        _report 1 "$desc: could not make the file"
        return
    fi
    bounded_verify "$f"
    [ "$rc" -lt 128 ] && [ "$rc" != 124 ]
    _report $? "$desc: no crash, no timeout, within 500 MB (exit $rc)" "$out"
    is "$rc" "$want" "$desc: verify exits $want"
    like "$out" "$re" "$desc: says why"
    unlike "$out" "=> HỢP LỆ" "$desc: no signature reported valid"
}

hostile hugebr 1 "/ByteRange \[0 [0-9]+ 4611686018427387904 4611686018427387904\] không hợp lệ với tệp dài [0-9]+ byte" \
    "/ByteRange values whose sum wraps past 2^63"
hostile bomb 2 "luồng /XRef \(dữ liệu ở byte [0-9]+\) giải nén ra hơn [0-9]+ byte, nhiều hơn 1 mục xref cần: tệp có thể là một «bom nén»" \
    "an xref stream that inflates to 1 GiB"
hostile objbomb 2 "không đọc được /Root \(catalog\) của PDF: luồng /ObjStm \(dữ liệu ở byte [0-9]+\) giải nén ra hơn 32 MiB \(giới hạn mỗi luồng BC_PDF_MAX_STREAM_BYTES\)" \
    "the catalog in an object stream that inflates to 256 MiB"
hostile free100k 1 "sau khi ký, tệp đã bị sửa: xóa đối tượng [0-9]+ \(danh sách trang \(/Pages\)\)" \
    "an update of 100,000 free entries"
hostile w8gen 2 "bảng tham chiếu chéo \(xref\) ở vị trí [0-9]+ hỏng: số thế hệ 18446744073709551615 của đối tượng [0-9]+ vượt 65535" \
    "an xref stream with 8-byte /W fields of all ones"
hostile prevloop 2 "chuỗi bảng tham chiếu \(xref /Prev\) của PDF bị lặp vòng: vị trí [0-9]+ được trỏ tới hai lần" \
    "an update whose /Prev is itself"
hostile prevcycle 2 "chuỗi bảng tham chiếu \(xref /Prev\) của PDF bị lặp vòng: vị trí [0-9]+ được trỏ tới hai lần" \
    "two updates whose /Prev point at each other"
hostile twoatone 2 "bị lặp vòng: vị trí [0-9]+ được trỏ tới hai lần" \
    "/XRefStm and /Prev naming one section"
hostile prevout 2 "bảng tham chiếu chéo \(xref\) ở vị trí 999999999 hỏng: vị trí này nằm ngoài tệp" \
    "/Prev past the end of the file"
hostile hugesize 2 "/Size 99999999999 của trailer PDF vượt giới hạn 1000000 đối tượng \(BC_PDF_MAX_OBJECTS\)" \
    "/Size 99999999999"
hostile deep 2 "lồng nhau quá 64 mức mảng/từ điển \(giới hạn BC_PDF_MAX_DEPTH\)" \
    "100,000 nested arrays in the catalog"
hostile fielddag 2 "cây ô của biểu mẫu cần hơn 100000 lượt duyệt \(giới hạn BC_PDF_MAX_FIELDS\)" \
    "a field tree of 64 million paths"
hostile manysigs 2 "tệp có hơn 32 chữ ký \(giới hạn BC_PDF_MAX_SIGNATURES\): không kiểm tra tệp này" \
    "40 signature fields reusing one signature"

# Past the file size limit: refused before it is read (a sparse file costs no disk).
BIG="$TMP/big.pdf"
printf '%%PDF-1.7\n' >"$BIG" && truncate -s 200M "$BIG"
bounded_verify "$BIG"
is "$rc" 2 "a 200 MB file: verify exits 2"
like "$out" "big.pdf: tệp dài 209715200 byte, vượt giới hạn 128 MiB mà baocao verify nhận \(BC_PDF_MAX_FILE_BYTES\)" \
    "a 200 MB file: names the file and the limit"
out="$( (ulimit -v "$VMEM"; timeout 20 "$BAOCAO" sign "$BIG" --p12 "$PKI/nguoi-khai.p12" --pass-file "$PKI/pass.txt" \
    --trust "$PKI/root.pem" --role nguoi-khai --signature-image "$ROOT/samples/chu-ky-nguoi-khai.png" \
    -o "$TMP/big-signed.pdf") 2>&1)"
is "$?" 2 "sign of the 200 MB file: exit 2"
like "$out" "big.pdf: tệp dài 209715200 byte, vượt giới hạn 128 MiB mà baocao sign nhận \(BC_PDF_MAX_FILE_BYTES\)" \
    "sign of the 200 MB file: the same limit and message as verify"
ok test ! -e "$TMP/big-signed.pdf" "… and no file"

# Honest files stay well inside: a second signature over the first still verifies.
S2="$TMP/s2.pdf"
ok "$BAOCAO" sign "$S1" --p12 "$PKI/thu-truong-ec.p12" --pass-file "$PKI/pass.txt" \
    --trust "$PKI/root.pem" --role thu-truong --signature-image "$ROOT/samples/chu-ky.png" \
    --seal-image "$ROOT/samples/con-dau.png" -o "$S2" "a second signature"
bounded_verify "$S2"
is "$rc" 0 "both signatures verify under the same bounds"

done_testing
