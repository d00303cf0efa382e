#!/usr/bin/env bash
# 27-pdfa.t — PDF/A-2b: what render writes (header, XMP equal to /Info, the Phụ lục VI metadata
# with nothing invented, a stable /ID and dates from SOURCE_DATE_EPOCH, --no-pdfa), `baocao
# metadata`, and the project's conformance check itself: every one of its checks fails on a file
# broken in the way that check is about (helpers/pdfa_break.py), so none of them can pass blindly.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"
for t in qpdf fix-qdf xmllint pdfinfo openssl; do
    command -v "$t" >/dev/null || skip_all "$t is not installed (make deps)"
done
H="$ROOT/tests/e2e/helpers"
check() { "$PY" "$H/pdfa_check.py" "$@"; }

# --- what render writes -------------------------------------------------------------------------
export SOURCE_DATE_EPOCH=1790000000 # 2026-09-21T14:13:20Z = 21:13:20 in Vietnam
A="$TMP/a.pdf"
ok "$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" -o "$A" "render (PDF/A-2b by default)"
ok "$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1.yaml" -o "$TMP/a2.pdf" "render again"
ok cmp -s "$A" "$TMP/a2.pdf" "the same input and SOURCE_DATE_EPOCH give the same bytes (/ID from the content)"
is "$(head -c 9 "$A")" "%PDF-1.7" "header %PDF-1.7"
info="$(pdfinfo -isodates "$A")"
like "$info" "CreationDate: +2026-09-21T21:13:20\+07" "CreationDate from SOURCE_DATE_EPOCH, Vietnam time"
like "$info" "ModDate: +2026-09-21T21:13:20\+07" "ModDate likewise"
like "$info" "Metadata Stream: +yes" "pdfinfo: Metadata Stream: yes"
out="$(check "$A")"
is "$?" 0 "pdfa_check: every check passes"
is "$(grep -c '^ok' <<<"$out")" "$(check --clauses | wc -l)" "pdfa_check: one result per clause"

# Two units with different data never share an /ID.
ok "$BAOCAO" render --form tt06-pl1 --data "$ROOT/samples/tt06-pl1-minimal.yaml" -o "$TMP/min.pdf" "render another unit"
id() { qpdf --json=2 --json-key=qpdf "$1" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['qpdf'][1]['trailer']['value']['/ID'][0])"; }
[ "$(id "$A")" != "$(id "$TMP/min.pdf")" ]
is "$?" 0 "different documents, different /ID"

# The XMP read with Python's XML parser (not baocao's reader): the values of Phụ lục VI, from the
# data, and the page count.
xmp() {
    local num
    num="$(qpdf --json=2 "$1" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['qpdf'][1]['obj:1 0 R']['value']['/Metadata'].split()[0])")"
    qpdf --show-object="$num" --raw-stream-data "$1"
}
xmp_get() { # FILE PROPERTY (vbdi:x or dc:x)
    xmp "$1" | "$PY" -c "
import sys, xml.etree.ElementTree as ET
ns = {'dc': 'http://purl.org/dc/elements/1.1/', 'vbdi': 'urn:baocao:ns:nd30-phuluc6:1.0/',
      'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'}
p, n = sys.argv[1].split(':')
for d in ET.fromstring(sys.stdin.buffer.read()).iter('{%s}Description' % ns['rdf']):
    e = d.find('{%s}%s' % (ns[p], n))
    if e is not None:
        li = e.find('.//{%s}li' % ns['rdf'])
        print((li if li is not None else e).text)
" "$2"
}
pages="$(pdfinfo "$A" | awk '/^Pages:/ {print $2}')"
is "$(xmp_get "$A" vbdi:pageCount)" "$pages" "vbdi:pageCount = the pages pdfinfo counts"
is "$(xmp_get "$A" vbdi:typeName)" "Báo cáo" "vbdi:typeName from the layout"
is "$(xmp_get "$A" vbdi:organName)" "$(sed -n 's/^ten_co_quan: *//p' "$ROOT/samples/tt06-pl1.yaml")" "vbdi:organName = the data's agency"
is "$(xmp_get "$A" dc:creator)" "$(xmp_get "$A" vbdi:organName)" "dc:creator = the agency"
is "$(xmp_get "$A" vbdi:signerName)" "$(sed -n 's/^thu_truong: *//p' "$ROOT/samples/tt06-pl1.yaml")" "vbdi:signerName = the data's head of agency"
d="$(sed -n 's/^ngay_ky: *//p' "$ROOT/samples/tt06-pl1.yaml")"
iso="$("$PY" -c "
import re, sys
v = sys.argv[1].strip('\"\'')
m = re.fullmatch(r'(\d+)[/.-](\d+)[/.-](\d{4})', v)
print('%s-%02d-%02d' % (m[3], int(m[2]), int(m[1])) if m else v)" "$d")"
is "$(xmp_get "$A" vbdi:issuedDate)" "$iso" "vbdi:issuedDate = ngay_ky ($d) as an XMP Date"
is "$(xmp_get "$A" dc:language)" "vi" "dc:language vi"

# The blank form: nothing the data would give is invented.
B="$TMP/blank.pdf"
ok "$BAOCAO" render --form tt06-pl1 --blank -o "$B" "render the blank form"
is "$(xmp_get "$B" vbdi:signerName)$(xmp_get "$B" vbdi:issuedDate)$(xmp_get "$B" vbdi:organName)" "" \
    "blank form: no signer, date or agency in the metadata"
is "$(xmp_get "$B" vbdi:typeName)" "Báo cáo" "blank form: the type the layout states"

# Text that XML must escape, in the agency's name: the packet stays well-formed, the value intact.
sed 's/^ten_co_quan: .*/ten_co_quan: "Sở A \& B <Tổ> \\"C\\" ]]> \&amp;"/' "$ROOT/samples/tt06-pl1.yaml" >"$TMP/esc.yaml"
ok "$BAOCAO" render --form tt06-pl1 --data "$TMP/esc.yaml" -o "$TMP/esc.pdf" "render an agency name with & < > \" ]]>"
ok check "$TMP/esc.pdf" "… the file passes the PDF/A check (XMP well-formed, equal to /Info)"
is "$(xmp_get "$TMP/esc.pdf" dc:creator)" 'Sở A & B <Tổ> "C" ]]> &amp;' "… and the name reads back unchanged"

# --no-pdfa: the plain PDF of before.
ok "$BAOCAO" render --no-pdfa --form tt06-pl1 --blank -o "$TMP/plain.pdf" "render --no-pdfa"
is "$(head -c 8 "$TMP/plain.pdf")" "%PDF-1.3" "--no-pdfa: %PDF-1.3"
like "$(pdfinfo "$TMP/plain.pdf")" "Metadata Stream: +no" "--no-pdfa: no XMP"
ok test "$(check "$TMP/plain.pdf" | grep -c '^not ok')" -ge 3 "--no-pdfa: the PDF/A check fails it"
like "$("$BAOCAO" render --help)" "--no-pdfa" "render --help lists --no-pdfa"
like "$("$BAOCAO" batch --help)" "--no-pdfa" "batch --help lists --no-pdfa"

# A broken sRGB profile is refused by name, and nothing is written.
printf 'not an icc profile' >"$TMP/bad.icc"
msg="$(BAOCAO_ICC_PROFILE="$TMP/bad.icc" "$BAOCAO" render --form tt06-pl1 --blank -o "$TMP/noicc.pdf" 2>&1)"
is "$?" 1 "a broken ICC profile: exit 1"
like "$msg" "bad\.icc.*(hồ sơ màu|ICC)" "… the message names the profile"
ok test ! -e "$TMP/noicc.pdf" "… and no file"

# --- baocao metadata ------------------------------------------------------------------------------
out="$("$BAOCAO" metadata "$A")"
is "$?" 0 "baocao metadata: exit 0"
like "$out" "Tên loại văn bản \(vbdi:typeName\): Báo cáo" "… prints the type of document"
like "$out" "Số trang của văn bản \(vbdi:pageCount\): $pages" "… the page count"
like "$out" "PDF/A, phần \(pdfaid:part\): 2" "… the PDF/A part"
json="$("$BAOCAO" metadata --json "$A")"
is "$("$PY" -c "import json,sys; d=json.loads(sys.argv[1]); m=d['metadata']; print(d['ok'], m['vbdi:issuedDate'], m['pdfaid:conformance'], 'vbdi:number' in m)" "$json")" \
    "True $iso B False" "metadata --json: values present, absent ones left out"
msg="$("$BAOCAO" metadata "$TMP/plain.pdf" 2>&1)"
is "$?" 2 "metadata of a PDF without XMP: exit 2"
like "$msg" "plain\.pdf: .*không có siêu dữ liệu XMP" "… says so, naming the file"
msg="$("$BAOCAO" metadata "$TMP/nothere.pdf" 2>&1)"
is "$?" 2 "metadata of a missing file: exit 2"
# A hostile packet: a DOCTYPE with entities (what an XML bomb needs) is refused.
"$PY" - "$A" "$TMP/bomb.pdf" <<'PY'
import re, sys
d = open(sys.argv[1], 'rb').read()
# Same length: the xpacket header becomes a DOCTYPE declaring an entity.
m = re.search(rb'<\?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"\?>', d)
decl = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
open(sys.argv[2], 'wb').write(d[:m.start()] + decl.ljust(m.end() - m.start()) + d[m.end():])
PY
msg="$("$BAOCAO" metadata "$TMP/bomb.pdf" 2>&1)"
is "$?" 2 "metadata with a DOCTYPE in the XMP: exit 2"
like "$msg" "DOCTYPE" "… refused as such"

# --- the check can fail: one broken file per check ------------------------------------------------
PKI="$ROOT/certs/test"
S="$TMP/signed.pdf"
if [ -f "$PKI/thu-truong.p12" ]; then
    "$BAOCAO" sign "$A" --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem" \
        --role thu-truong --signature-image "$ROOT/samples/chu-ky.png" \
        --seal-image "$ROOT/samples/con-dau.png" -o "$S" >/dev/null 2>&1
fi
ok check "$S" "the signed file (images with soft masks, a signature) passes"
declare -A covered=()
while read -r kind base clause; do
    src="$A"
    [ "$base" = signed ] && src="$S"
    bad="$TMP/broken-$kind.pdf"
    if ! "$PY" "$H/pdfa_break.py" "$kind" "$src" "$bad" 2>"$TMP/break.err"; then
        _report 1 "break $kind" "$(cat "$TMP/break.err")"
        continue
    fi
    out="$(check "$bad")"
    rc=$?
    if [ "$rc" = 1 ] && grep -q "^not ok $clause " <<<"$out"; then
        _report 0 "$clause fails on a file with fault '$kind'"
        covered[$clause]=1
    else
        _report 1 "$clause fails on a file with fault '$kind'" "$out"
    fi
done < <("$PY" "$H/pdfa_break.py" --list)
missing=""
while read -r clause _; do
    [ -n "${covered[$clause]:-}" ] || missing="$missing $clause"
done < <(check --clauses)
is "$missing" "" "every check of pdfa_check.py has a broken file that makes it fail"
done_testing
