#!/usr/bin/env bash
# bench/run.sh — `make bench`: how fast baocao renders and signs a province, on this machine.
#
# A synthetic province of BENCH_UNITS units (default 3,321, the number of commune-level units of
# Vietnam since 2025) is made from the sample district report (samples/batch/559.yaml, quy-3a,
# 14–18 pages), each unit's counts scaled differently. Then, in one run:
#   (a) PDF only, (b) PDF + DOCX, (c) PDF + DOCX + signatures — 2 workers, all units, wall time
#   and CPU time (bench/cputime.py: user + system of the batch and its workers);
#   speed-up from 1 to 2 workers (c, 1,000 units); peak memory per worker at 100, 1,000 and all;
#   the deflate levels 1, 3, 6, 9 (100 units, one worker: CPU and bytes per unit);
#   cost per page (a unit with every list 10 times as long, bench/rows.py);
#   LibreOffice converting 50 of the DOCX files to PDF in one process, and 5 files one process
#   each (CPU per file: LibreOffice is one process, so per core);
#   `openssl speed rsa3072`, the raw signing rate; a callgrind profile of one unit;
#   B-B / B-T / B-LT / B-LTA on 100 units against the loopback TSA/OCSP/CRL server, with the
#   requests each run made; the key on a PKCS#11 token (bench/token.sh, bench/TOKEN.md).
# Results go to bench/RESULTS.md (or $BENCH_RESULTS; the raw numbers to $BENCH_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${BENCH_UNITS:-3321}"
W="${BENCH_DIR:-/tmp/baocao-bench}"
B="$PWD/build/baocao"
PKI=certs/test
PY=/usr/bin/python3
SIGN=(--sign --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem"
      --role thu-truong --signature-image samples/chu-ky.png --seal-image samples/con-dau.png)

rm -rf "$W"
mkdir -p "$W"
"$B" fields --form quy-3a | awk '/= /{print $1}' > "$W/computed.txt"
$PY bench/gen-units.py samples/batch/559.yaml "$W/computed.txt" "$N" "$W/units"
subset() { # COUNT → a folder with the first COUNT units
    local d="$W/units-$1"
    if [ ! -d "$d" ]; then
        mkdir -p "$d"
        ls "$W/units" | sed -n "1,$1p" | while read -r f; do ln -s "$W/units/$f" "$d/$f"; done
    fi
    echo "$d"
}

# run NAME UNITS_DIR JOBS FORMAT [sign options] → $W/NAME.wall (seconds), $W/NAME.cpu (CPU
# seconds of the batch and its workers, bench/cputime.py), $W/NAME/manifest.json
run() {
    local name="$1" dir="$2" jobs="$3" fmt="$4"
    shift 4
    local t0 t1
    t0=$(date +%s.%N)
    $PY bench/cputime.py "$W/$name.cpu" \
        "$B" batch --form quy-3a --data "$dir" --out "$W/$name" --format "$fmt" --jobs "$jobs" --quiet "$@" ||
        echo "batch $name: some units failed" >&2
    t1=$(date +%s.%N)
    awk "BEGIN { print $t1 - $t0 }" > "$W/$name.wall"
    echo "$name: $(cat "$W/$name.wall") s" >&2
}

make certs >/dev/null
run a "$W/units" 2 pdf
run b "$W/units" 2 pdf,docx
run c "$W/units" 2 pdf,docx "${SIGN[@]}"
U1000="$(subset $((N < 1000 ? N : 1000)))"
U100="$(subset $((N < 100 ? N : 100)))"
run c1-1000 "$U1000" 1 pdf,docx "${SIGN[@]}"
run c2-1000 "$U1000" 2 pdf,docx "${SIGN[@]}"
run c2-100 "$U100" 2 pdf,docx "${SIGN[@]}"

# Trusted time and long-term validation, 100 units, PDF only, against the tests' loopback TSA,
# OCSP responder and CRL server (tests/e2e/helpers/ltv_server.py: one request at a time, each
# answer one `openssl` process, so these bound from above what a real TSA on a LAN adds).
LTV=(--sign --p12 "$PKI/ltv-thu-truong.p12" --pass-file "$PKI/pass.txt" --trust "$PKI/root.pem"
     --role thu-truong --signature-image samples/chu-ky.png --seal-image samples/con-dau.png)
TSA=(--tsa http://127.0.0.1:38461/tsa --tsa-trust "$PKI/tsa-root.pem")
# Every request the server answers is logged, so each run's requests are counted (the OCSP
# answers and CRLs are remembered per worker: their number must not grow with the units).
export LTV_LOG="$W/ltv-requests.log"
: > "$LTV_LOG"
$PY tests/e2e/helpers/ltv_server.py "$PKI" 38461 > "$W/ltv.out" 2> "$W/ltv.err" &
LTVS=$!
trap 'kill "$LTVS" 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q ready "$W/ltv.out" && break; sleep 0.2; done
ltv_run() { # NAME batch-args… → also $W/NAME.requests, the server's log lines of that run
    local name="$1" from
    shift
    from=$(($(wc -l < "$LTV_LOG") + 1))
    run "$name" "$U100" 2 pdf "$@"
    tail -n +"$from" "$LTV_LOG" > "$W/$name.requests"
}
ltv_run ltv-bb "${LTV[@]}"
ltv_run ltv-bt "${LTV[@]}" "${TSA[@]}" --level B-T
ltv_run ltv-blt "${LTV[@]}" "${TSA[@]}" --level B-LT
ltv_run ltv-blta "${LTV[@]}" "${TSA[@]}" --level B-LTA
kill "$LTVS" 2>/dev/null || true

# The deflate level (BAOCAO_DEFLATE_LEVEL; pdf/harudeflate.c) against CPU and bytes: 100 signed
# units, one worker, each level.
for level in 1 3 6 9; do
    BAOCAO_DEFLATE_LEVEL=$level run "z$level" "$U100" 1 pdf,docx "${SIGN[@]}"
done

# Cost per page: one unit, and the same unit with every list 10 times as long (bench/rows.py),
# each rendered and signed 5 times as one process; the difference in CPU over the difference in
# pages. (Once-per-process costs are in both and cancel.)
one="$(ls "$W/units" | sed -n 1p)"
$PY bench/rows.py "$W/units/$one" 10 "$W/rows10.yaml"
for v in base rows10; do
    src="$W/units/$one"; [ "$v" = rows10 ] && src="$W/rows10.yaml"
    : > "$W/page-$v.cpu"
    for i in 1 2 3 4 5; do
        $PY bench/cputime.py "$W/page-$v.one" "$B" render --form quy-3a --data "$src" --format pdf \
            "${SIGN[@]}" -o "$W/page-$v" >/dev/null 2>&1 || echo "render $v failed" >&2
        cat "$W/page-$v.one" >> "$W/page-$v.cpu"
    done
    pdfinfo "$W/page-$v.pdf" | awk '/^Pages:/ {print $2}' > "$W/page-$v.pages"
done

# Past one machine: the same 1,000 signed units in 4 shards, each its own process of one worker
# (as 4 one-core machines would run them; here they share 2 cores), into one folder, then the
# manifests merged — against c2-1000 (one process, 2 workers) in the report.
t0=$(date +%s.%N)
for k in 0 1 2 3; do
    "$B" batch --form quy-3a --data "$U1000" --out "$W/shard4" --format pdf,docx --jobs 1 --quiet \
        --shard "$k/4" "${SIGN[@]}" &
done
wait
"$B" manifest merge "$W"/shard4/manifest.shard-*-of-4.json -o "$W/shard4/manifest.json" >/dev/null
t1=$(date +%s.%N)
awk "BEGIN { print $t1 - $t0 }" > "$W/shard4.wall"

# The receiving side: every signed file of run c (PDF and DOCX) verified, 1 and 2 workers, with
# the CSV report written as an official would ask for it.
for j in 1 2; do
    t0=$(date +%s.%N)
    "$B" verify "$W/c" --trust "$PKI/root.pem" --jobs "$j" --json --csv "$W/verify$j.csv" \
        > "$W/verify$j.json" || echo "verify: not every file valid" >&2
    t1=$(date +%s.%N)
    awk "BEGIN { print $t1 - $t0 }" > "$W/verify$j.wall"
done

# LibreOffice on 50 of the DOCX files, in one process as a script would run it.
mkdir -p "$W/lo-in" "$W/lo-out"
# (through a file: `head` closing a pipe early would end this script under pipefail)
find "$W/b" -name '*.docx' | sort > "$W/docx.list"
head -n 50 "$W/docx.list" | while read -r f; do cp "$f" "$W/lo-in/"; done
t0=$(date +%s.%N)
$PY bench/cputime.py "$W/lo.cpu" soffice --headless --norestore -env:UserInstallation=file://"$W/lo-profile" \
    --convert-to pdf --outdir "$W/lo-out" "$W"/lo-in/*.docx >/dev/null 2>&1 || true
t1=$(date +%s.%N)
awk "BEGIN { print $t1 - $t0 }" > "$W/lo.wall"
find "$W/lo-out" -name '*.pdf' | wc -l > "$W/lo.count"   # 0 if LibreOffice failed: reported so
# … and one soffice process per file (5 files), as a user converting one report at a time: CPU
# per file, start-up included.
mkdir -p "$W/lo1-out"
: > "$W/lo1.cpu"
for f in $(ls "$W"/lo-in/*.docx | sed -n 1,5p); do
    $PY bench/cputime.py "$W/lo1.one" soffice --headless --norestore \
        -env:UserInstallation=file://"$W/lo-profile" --convert-to pdf --outdir "$W/lo1-out" "$f" \
        >/dev/null 2>&1 || true
    cat "$W/lo1.one" >> "$W/lo1.cpu"
done
find "$W/lo1-out" -name '*.pdf' | wc -l > "$W/lo1.count"

openssl speed -seconds 1 rsa3072 2>/dev/null | awk '/^rsa 3072/ {print $6}' > "$W/rsa.sign_per_s"

# What one unit spends its instructions on (PDF + DOCX + signature).
valgrind --tool=callgrind --callgrind-out-file="$W/unit.callgrind" "$B" render --form quy-3a \
    --data "$W/units/$one" --format pdf,docx "${SIGN[@]}" -o "$W/one/unit" >/dev/null 2>&1 || true
callgrind_annotate --inclusive=yes "$W/unit.callgrind" 2>/dev/null > "$W/unit.profile" || true

# The key on a PKCS#11 token (SoftHSM2): its details in bench/TOKEN.md, its summary
# ($W/token/summary.json) in RESULTS.md with the other signature costs.
bench/token.sh || echo "bench: token.sh failed" >&2

OUT="${BENCH_RESULTS:-bench/RESULTS.md}"
$PY bench/report.py "$W" "$N" > "$OUT"
echo "bench: results in $OUT" >&2
