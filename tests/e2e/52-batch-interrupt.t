#!/usr/bin/env bash
# batch, stopped and started again: Ctrl-C (SIGINT) or SIGTERM stops a run with exit 1, the
# finished bundles stay whole and signed, nothing half-written is left, and the same command
# resumes. A rerun that would make less (no --sign after a signed run, a format fewer) is refused
# and changes nothing; with --force it runs and the files it no longer makes are gone.
source "$(dirname "$0")/lib.sh"

use_test_signer
N=16
IN="$TMP/in"
mkdir -p "$IN"
for i in $(seq 10 $((9 + N))); do cp "$ROOT/samples/quy-3a.yaml" "$IN/540$i.yaml"; done
OUT="$TMP/out"

# Starts a signed batch in its own session, waits for $2 finished PDFs, sends signal $1 to the
# batch's whole process group when $4 is "group" (as Ctrl-C on a terminal does: the workers get it
# too), else to the batch process only (as `kill PID` or a service manager would); prints the
# exit code.
stop_batch() { # SIGNAL MIN_PDFS OUT [group|pid] [twice]
    setsid "$BAOCAO" batch --form quy-3a --data "$IN" --out "$3" --format pdf,docx "${SIGN[@]}" \
        --quiet --jobs "${JOBS:-2}" 2>"$TMP/stop.err" &
    local pid=$!
    for _ in $(seq 400); do
        [ "$(find "$3" -name '*.pdf' 2>/dev/null | wc -l)" -ge "$2" ] && break
        sleep 0.05
    done
    local target="$pid"
    [ "${4:-}" = group ] && target="-$pid"
    kill -"$1" -- "$target" 2>/dev/null
    # "twice": a second request once the first is heard, as an impatient person presses Ctrl-C
    # again (not at once: two signals pending together count as one), while units are in progress.
    if [ "${5:-}" = twice ]; then
        for _ in $(seq 500); do grep -q "đang dừng" "$TMP/stop.err" && break; sleep 0.01; done
        kill -"$1" -- "$target" 2>/dev/null
    fi
    wait "$pid"
    echo "$?"
}

rc="$(stop_batch INT 3 "$OUT" group)"
is "$rc" 1 "SIGINT to the batch's process group (Ctrl-C) during a batch: exit 1"
like "$(cat "$TMP/stop.err")" "đã dừng theo yêu cầu: [0-9]+/$N đơn vị đã xong .*chạy lại đúng lệnh này để làm tiếp" \
    "… saying it stopped on request, how many are done, and to run the command again"
like "$(cat "$TMP/stop.err")" "đang dừng theo yêu cầu: chờ [0-9]+ đơn vị đang làm xong \(Ctrl-C lần nữa để dừng ngay" \
    "… saying at once, even with --quiet, that it heard and waits for the units in progress"
done_n="$(find "$OUT" -name '*.pdf' | wc -l)"
ok test "$done_n" -ge 3 -a "$done_n" -lt "$N" "… stopped part-way ($done_n of $N bundles)"
is "$(find "$OUT" -name '*.tmp-*' | wc -l)" 0 "… no temporary file left"
# Every bundle on disk is whole: PDF, DOCX and its signature, each complete.
whole=0
for p in "$OUT"/*/*.pdf; do
    b="${p%.pdf}"
    [ -s "$b.docx" ] && [ -s "$b.docx.p7s" ] && qpdf --check "$p" >/dev/null 2>&1 && whole=$((whole + 1))
done
is "$whole" "$done_n" "… every finished unit has its PDF (qpdf --check), DOCX and .docx.p7s"
first="$(ls "$OUT"/*/*.pdf | head -1)"
like "$(pdfsig "$first" 2>&1)" "Signature is Valid\." "… pdfsig accepts a finished unit's PDF"
ok openssl cms -verify -binary -inform DER -in "${first%.pdf}.docx.p7s" -content "${first%.pdf}.docx" \
    -CAfile "$PKI/root.pem" -out /dev/null "… openssl accepts its DOCX signature"
ok "$PY" -c "
import json, sys
d = json.load(open('$OUT/manifest.json'))
ok = [r for r in d['results'] if r['status'] == 'ok']
rest = [r for r in d['results'] if r['status'] != 'ok']
sys.exit(0 if d['stopped'] and len(ok) == $done_n and len(rest) == $N - $done_n
         and all('chưa làm' in r['error'] for r in rest) else 1)" \
    "… manifest.json: stopped, the finished units ok, the others 'chưa làm' (no worker cut short)"

is "$(cut -f1 "$OUT/.baocao-journal" | sort -u | wc -l) $(wc -l < "$OUT/.baocao-journal")" "$done_n $done_n" \
    "… the journal has one line per finished unit, and only those"

# The same command again: the finished units are kept, the others made.
json="$("$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf,docx "${SIGN[@]}" --json --jobs 2)"
is "$?" 0 "rerun after SIGINT: exit 0"
is "$(printf '%s\n' "$json" | grep -c '"reused": true')" "$done_n" "… the $done_n finished units are kept, not redone"
is "$(find "$OUT" -name '*.pdf' | wc -l)" "$N" "… every unit has its PDF"
ok "$PY" -c "
import json, sys
d = json.load(open('$OUT/manifest.json'))
codes = [r['code'] for r in d['results']]
sys.exit(0 if not d['stopped'] and len(codes) == $N and len(set(codes)) == $N
         and d['ok'] == $N else 1)" "… the manifest lists every unit once, all ok"
bad=0
for p in "$OUT"/*/*.pdf; do
    "$BAOCAO" verify "$p" --trust "$PKI/root.pem" >/dev/null 2>&1 || bad=$((bad + 1))
done
is "$bad" 0 "… every PDF verifies"

# SIGTERM is a stop request too.
rc="$(stop_batch TERM 2 "$TMP/term")"
is "$rc" 1 "SIGTERM during a batch: exit 1"
is "$(find "$TMP/term" -name '*.tmp-*' | wc -l)" 0 "… no temporary file left"
ok "$BAOCAO" batch --form quy-3a --data "$IN" --out "$TMP/term" --format pdf,docx "${SIGN[@]}" --quiet \
    "… and the rerun completes"

# Ctrl-C twice: the units in progress are dropped at once, and leave nothing half-made.
# Three workers: some unit is still in progress when the second request comes.
rc="$(JOBS=3 stop_batch INT 2 "$TMP/twice" group twice)"
is "$rc" 1 "Ctrl-C twice: exit 1"
like "$(cat "$TMP/stop.err")" "dừng ngay: bỏ [0-9]+ đơn vị đang làm" "… saying the units in progress are dropped"
is "$(find "$TMP/twice" -name '*.tmp-*' | wc -l)" 0 "… no temporary file left"
bad=0
for p in "$TMP/twice"/*/*.pdf; do qpdf --check "$p" >/dev/null 2>&1 || bad=$((bad + 1)); done
is "$bad" 0 "… every PDF left is whole (qpdf --check)"
ok "$BAOCAO" batch --form quy-3a --data "$IN" --out "$TMP/twice" --format pdf,docx "${SIGN[@]}" --quiet \
    "… and the rerun completes"
is "$(find "$TMP/twice" -name '*.docx.p7s' | wc -l)" "$N" "… with every unit's bundle"

# A rerun without --sign after a signed run: refused, nothing changed.
cp -a "$OUT" "$TMP/before"
err="$("$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf,docx --quiet 2>&1)"
is "$?" 2 "rerun without --sign after a signed run: exit 2"
like "$err" "đã được ký \(--sign\), lần chạy này không có --sign" "… the message names the option that differs"
like "$err" "--out THƯ_MỤC_KHÁC.*--force" "… and says what to do (another --out, or --force)"
same=0
for f in "$TMP/before"/*/*; do cmp -s "$f" "$OUT/${f#$TMP/before/}" && same=$((same + 1)); done
is "$same" "$((N * 3))" "… every signed file unchanged (cmp)"
is "$(cd "$OUT" && find . -type f | sort)" "$(cd "$TMP/before" && find . -type f | sort)" \
    "… no file added or removed"
ok cmp -s "$OUT/manifest.json" "$TMP/before/manifest.json" "… the manifest unchanged"

# A format fewer: refused the same way.
err="$("$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf "${SIGN[@]}" --quiet 2>&1)"
is "$?" 2 "rerun with --format pdf after pdf,docx: exit 2"
like "$err" "định dạng pdf,docx, lần chạy này --format pdf" "… the message names the formats"
is "$(find "$OUT" -name '*.docx' | wc -l)" "$N" "… the DOCX files are still there"

# Forced: the run follows the new options, and what it no longer makes is removed.
ok "$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf --quiet --force \
    "--force --format pdf without --sign: exit 0"
is "$(find "$OUT" -name '*.docx' -o -name '*.p7s' | wc -l)" 0 "… no DOCX or signature left"
is "$(find "$OUT" -name '*.pdf' | wc -l)" "$N" "… one PDF per unit"
unlike "$(pdfsig "$first" 2>&1)" "Signature is Valid" "… and the PDFs are the new, unsigned ones"
ok "$PY" -c "
import json, sys
d = json.load(open('$OUT/manifest.json'))
sys.exit(0 if all(len(r['outputs']) == 1 and not r['signer'] for r in d['results']) else 1)" \
    "… the manifest lists one unsigned PDF per unit"

# A unit whose data is gone: its bundle stays (it may be signed work) and is listed as stale.
rm "$IN/54012.yaml"
ok "$BAOCAO" batch --form quy-3a --data "$IN" --out "$OUT" --format pdf --quiet \
    "a rerun with one data file fewer: exit 0"
ok test -s "$OUT/54012/quy-3a-54012.pdf" "… the missing unit's PDF is left in place"
ok "$PY" -c "
import json, sys
d = json.load(open('$OUT/manifest.json'))
st = d['stale']
sys.exit(0 if d['units'] == $N - 1 and [r['code'] for r in st] == ['54012']
         and st[0]['status'] == 'stale' and st[0]['outputs'][0]['path'] == '54012/quy-3a-54012.pdf'
         and '54012' not in [r['code'] for r in d['results']] else 1)" \
    "… manifest.json lists it under stale with its file, not among the results"
like "$(grep '^"54012"' "$OUT/manifest.csv")" ',stale,' "… manifest.csv marks it stale"

done_testing
