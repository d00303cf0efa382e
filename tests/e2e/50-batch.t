#!/usr/bin/env bash
# batch: a province in one command. Every bundle verifies, the manifest matches the disk, a bad
# unit fails alone, names are safe, and a run killed with -9 and started again ends with the
# files of an uninterrupted run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pdfcheck.sh"

use_test_signer

# The units: the sample province when it is there, else copies of the quy-3a sample.
IN="$TMP/in"
mkdir -p "$IN"
if ls "$ROOT"/samples/batch/*.yaml >/dev/null 2>&1; then
    cp "$ROOT"/samples/batch/*.yaml "$IN/"
else
    for c in 555 557 558 559; do cp "$ROOT/samples/quy-3a.yaml" "$IN/$c.yaml"; done
fi
n="$(ls "$IN"/*.yaml | wc -l)"

OUT="$TMP/out"
ok "$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf,docx "${SIGN[@]}" --quiet \
    "batch over $n units: exit 0"
is "$(find "$OUT" -name '*.pdf' | wc -l)" "$n" "one PDF per unit"
is "$(find "$OUT" -name '*.docx' | wc -l)" "$n" "one DOCX per unit"
is "$(find "$OUT" -name '*.docx.p7s' | wc -l)" "$n" "one DOCX signature per unit"
bad=0
for pdf in "$OUT"/*/*.pdf; do
    "$BAOCAO" verify "$pdf" --trust "$PKI/root.pem" >/dev/null 2>&1 || bad=$((bad + 1))
    "$BAOCAO" verify "${pdf%.pdf}.docx" --trust "$PKI/root.pem" >/dev/null 2>&1 || bad=$((bad + 1))
done
is "$bad" 0 "every bundle verifies with baocao verify (PDF and DOCX)"
bad=""
for pdf in "$OUT"/*/*.pdf; do
    "$PY" "$ROOT/tests/e2e/helpers/pdfa_check.py" "$pdf" >"$TMP/pdfa.out" 2>&1 ||
        bad="$bad$(basename "$pdf"): $(grep -v '^ok' "$TMP/pdfa.out" | head -3)
"
done
is "$bad" "" "every signed PDF of the batch is PDF/A-2b (helpers/pdfa_check.py)"
first="$(ls "$OUT"/*/*.pdf | head -1)"
v="$(pdfsig "$first" 2>&1)"
like "$v" "Signature is Valid\." "pdfsig accepts a batch PDF"
ok openssl cms -verify -binary -inform DER -in "${first%.pdf}.docx.p7s" -content "${first%.pdf}.docx" \
    -CAfile "$PKI/root.pem" -out /dev/null "openssl accepts a batch DOCX signature"

# The manifest matches the disk: every listed file exists with its SHA-256 and size.
check_manifest() { # OUT → prints mismatches
    "$PY" - "$1" <<'PY'
import csv, hashlib, os, sys
out = sys.argv[1]
for row in csv.DictReader(open(os.path.join(out, "manifest.csv"), encoding="utf-8")):
    for kind in ("pdf", "docx", "p7s"):
        if not row[kind]:
            continue
        data = open(os.path.join(out, row[kind]), "rb").read()
        if hashlib.sha256(data).hexdigest() != row[kind + "_sha256"] or len(data) != int(row[kind + "_size"]):
            print("mismatch", row[kind])
PY
}
is "$(check_manifest "$OUT")" "" "manifest.csv: every file's SHA-256 and size match the disk"
ok "$PY" -c "import json,sys; d=json.load(open('$OUT/manifest.json')); sys.exit(0 if d['units']==$n and d['failed']==0 and all(r['signer'] for r in d['results']) else 1)" \
    "manifest.json: $n units, none failed, each with its signer"
# The archive metadata of each unit, read once for both files: manifest.json and manifest.csv
# say what `baocao metadata` reads from the unit's PDF.
meta_mismatch() {
    "$PY" - "$1" "$BAOCAO" <<'PYEOF'
import csv, json, os, subprocess, sys
out, baocao = sys.argv[1], sys.argv[2]
rows = {r["code"]: r for r in csv.DictReader(open(os.path.join(out, "manifest.csv"), encoding="utf-8"))}
seen = 0
for r in json.load(open(os.path.join(out, "manifest.json")))["results"]:
    pdf = [o["path"] for o in r["outputs"] if o["path"].endswith(".pdf")][0]
    got = json.loads(subprocess.run([baocao, "metadata", "--json", os.path.join(out, pdf)],
                                    capture_output=True, text=True).stdout)["metadata"]
    if r["metadata"] != got:
        print("json", r["code"])
    for k, v in rows[r["code"]].items():
        if k.startswith("vbdi:") and v != got.get(k, ""):
            print("csv", r["code"], k)
    seen += sum(1 for k in got if k.startswith("vbdi:"))
if seen == 0:
    print("no vbdi: property in any PDF: nothing was compared")
PYEOF
}
is "$(meta_mismatch "$OUT")" "" "manifest.json and .csv: each unit's metadata as baocao metadata reads its PDF"
like "$(head -2 "$OUT/manifest.csv" | tail -1)" '"[^"]+",.*,ok,[0-9]+,"[^"]+","20[0-9-]+T[0-9:]+\+07:00"' \
    "manifest.csv: code, name, status, pages, signer, signing time in Vietnam time"

# On a terminal: one progress line redrawn in place (done/total, failures, rate, time left).
tty_out="$(script -qec "'$BAOCAO' batch --form quy-3a --data '$IN' --out '$TMP/tty' --format pdf" /dev/null)"
like "$tty_out" $'\r\\['"$n/$n"'\] lỗi: 0 \| [0-9.]+ đơn vị/giây \| còn [0-9]+:[0-9]{2}' \
    "on a terminal: a progress line with done/total, failures, units per second and time left"
unlike "$tty_out" "^xong " "on a terminal: no line per unit"
plain="$("$BAOCAO" batch --form quy-3a --data "$IN" --out "$TMP/plain" --format pdf 2>&1)"
is "$(printf '%s\n' "$plain" | grep -c '^xong ')" "$n" "not on a terminal: one plain line per unit"

# Run again: nothing changed, everything kept.
json="$("$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf,docx "${SIGN[@]}" --json)"
is "$(printf '%s\n' "$json" | grep -c '"reused": true')" "$n" "second run keeps every unit (JSON line per unit)"
ok "$PY" -c "import json,sys; [json.loads(l) for l in sys.stdin]" <<<"$json" "--json lines are JSON"

# One bad unit (samples/batch-bad: a negative count) fails alone.
cp -r "$IN" "$TMP/in2"
cp "$ROOT/samples/batch-bad/561.yaml" "$TMP/in2/99999.yaml"
"$BAOCAO" batch --form quy-3a --data "$TMP/in2" --out "$TMP/out2" --format pdf --quiet 2>/dev/null
is "$?" 1 "a bad unit: the run ends with exit 1"
is "$(find "$TMP/out2" -name '*.pdf' | wc -l)" "$n" "… the other $n units are done"
like "$(cat "$TMP/out2/errors.txt")" "99999\.yaml:[0-9]+:[0-9]+: mục 2, 1\.: \"Tổng số máy tính xách tay\" phải là số nguyên ≥ 0" \
    "… errors.txt names the file, line, column, item and label"
like "$(grep '^"99999"' "$TMP/out2/manifest.csv")" ',failed,' "… the manifest marks it failed"
ok test ! -e "$TMP/out2/99999/quy-3a-99999.pdf" "… and it has no PDF"

# Unit codes that are not safe file names.
mkdir -p "$TMP/in3"
cp "$ROOT/samples/quy-3a.yaml" "$TMP/in3/Phường Đông Hòa.yaml"
cp "$ROOT/samples/quy-3a.yaml" "$TMP/in3/a'b\"c.yaml"
cp "$ROOT/samples/quy-3a.yaml" "$TMP/in3/Xã ..Hòa.yaml"
"$BAOCAO" batch --form quy-3a --data "$TMP/in3" --out "$TMP/out3" --format pdf --quiet
names="$(cd "$TMP/out3" && find . -name '*.pdf' | sort | tr '\n' ' ')"
is "$names" "./a-b-c/quy-3a-a-b-c.pdf ./phuong-dong-hoa/quy-3a-phuong-dong-hoa.pdf ./xa-hoa/quy-3a-xa-hoa.pdf " \
    "codes with quotes, diacritics and dots give safe ASCII names inside the output folder"

# Codes that give one file name ("A" and "a") would overwrite each other: refused before any unit.
mkdir -p "$TMP/in5"
for c in A B a; do cp "$ROOT/samples/quy-3a.yaml" "$TMP/in5/$c.yaml"; done
err="$("$BAOCAO" batch --form quy-3a --data "$TMP/in5" --out "$TMP/out5" --format pdf --quiet 2>&1)"
is "$?" 2 "unit codes that clash as file names: exit 2"
like "$err" "trùng tên tệp" "… and the message says which"
is "$(find "$TMP/out5" -name '*.pdf' 2>/dev/null | wc -l)" 0 "… no unit is rendered"

# A data file that cannot be read fails alone.
mkdir -p "$TMP/in6"
cp "$ROOT/samples/quy-3a.yaml" "$TMP/in6/111.yaml"
mkdir -p "$TMP/in6/222.yaml"   # a folder named like a data file
"$BAOCAO" batch --form quy-3a --data "$TMP/in6" --out "$TMP/out6" --format pdf --quiet 2>/dev/null
is "$?" 1 "an unreadable unit: exit 1"
ok test -e "$TMP/out6/111/quy-3a-111.pdf" "… the other unit is done"
like "$(cat "$TMP/out6/errors.txt")" "222\.yaml" "… and errors.txt names the unreadable one"

# Killed with -9 in the middle, then started again: the files of an uninterrupted run.
mkdir -p "$TMP/in4"
for i in $(seq 10 33); do cp "$ROOT/samples/quy-3a.yaml" "$TMP/in4/540$i.yaml"; done
"$BAOCAO" batch --form quy-3a --data "$TMP/in4" --out "$TMP/whole" --format pdf,docx "${SIGN[@]}" --quiet
setsid "$BAOCAO" batch --form quy-3a --data "$TMP/in4" --out "$TMP/killed" --format pdf,docx "${SIGN[@]}" --quiet &
pid=$!
# Kill the whole process group (the parent and its workers) once a few bundles are done.
for _ in $(seq 200); do
    [ "$(find "$TMP/killed" -name '*.pdf' 2>/dev/null | wc -l)" -ge 3 ] && break
    sleep 0.05
done
kill -9 -- -"$pid" 2>/dev/null
wait "$pid" 2>/dev/null
partial="$(find "$TMP/killed" -name '*.pdf' 2>/dev/null | wc -l)"
ok test "$partial" -lt 24 "the run was killed part-way ($partial of 24 PDFs)"
ok "$BAOCAO" batch --form quy-3a --data "$TMP/in4" --out "$TMP/killed" --format pdf,docx "${SIGN[@]}" --quiet \
    "started again, it completes"
is "$(cd "$TMP/killed" && find . -type f ! -name '.baocao-journal' ! -name 'manifest.*' | sort)" \
   "$(cd "$TMP/whole" && find . -type f ! -name '.baocao-journal' ! -name 'manifest.*' | sort)" \
   "same files as the uninterrupted run, no temporary file left"
same=0
for d in "$TMP/whole"/*/*.docx; do cmp -s "$d" "$TMP/killed/${d#$TMP/whole/}" && same=$((same + 1)); done
is "$same" 24 "every DOCX byte-identical to the uninterrupted run's"
bad=0
for p in "$TMP/killed"/*/*.pdf; do
    "$BAOCAO" verify "$p" --trust "$PKI/root.pem" >/dev/null 2>&1 || bad=$((bad + 1))
done
is "$bad" 0 "every PDF verifies"
is "$(check_manifest "$TMP/killed")" "" "the manifest matches the disk after the resumed run"
# A second run into the same folder while one is running is refused.
setsid "$BAOCAO" batch --form quy-3a --data "$TMP/in4" --out "$TMP/locked" --format pdf --quiet &
lpid=$!
for _ in $(seq 100); do [ -e "$TMP/locked/.baocao-journal" ] && break; sleep 0.05; done
"$BAOCAO" batch --form quy-3a --data "$TMP/in4" --out "$TMP/locked" --format pdf --quiet 2>"$TMP/lock.err"
is "$?" 2 "a second batch into a folder in use: exit 2"
like "$(cat "$TMP/lock.err")" "lần chạy khác" "… saying another run is writing there"
wait "$lpid"

done_testing
