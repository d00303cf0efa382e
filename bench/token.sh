#!/usr/bin/env bash
# bench/token.sh — what a signature on a PKCS#11 token costs per unit (part of `make bench`).
#
# A SoftHSM2 token is made in a temporary folder with the test PKI's head-of-agency keys
# (RSA-3072, P-256). Measured:
#   - the raw token signature (bench/p11speed.c: one login, C_SignInit + C_Sign in a loop);
#   - `baocao batch --format pdf --sign` over BENCH_TOKEN_UNITS units (default 200) with the
#     key in a .p12 and on the token, 1 and 2 workers: the difference per unit is what the token
#     adds (its signature, one round trip to the token agent, waiting for it while it signs
#     another worker's unit).
#   - bench/agentspeed.c: the same signature through baocao's token agent and in-process, in
#     alternating blocks (the agent's round trip);
# Results go to bench/TOKEN.md (or $BENCH_TOKEN_RESULTS), and their summary to
# $BENCH_DIR/token/summary.json, which bench/report.py puts in RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${BENCH_TOKEN_UNITS:-200}"
W="${BENCH_DIR:-/tmp/baocao-bench}/token"
B="$PWD/build/baocao"
PKI=certs/test
PY=/usr/bin/python3
SOFTHSM=/usr/lib/softhsm/libsofthsm2.so
OUT="${BENCH_TOKEN_RESULTS:-bench/TOKEN.md}"
[ -f "$SOFTHSM" ] || { echo "bench/token.sh: SoftHSM2 is not installed (make deps)" >&2; exit 0; }

rm -rf "$W"
mkdir -p "$W/tokens"
make certs >/dev/null
export SOFTHSM2_CONF="$W/softhsm2.conf"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$W/tokens" >"$SOFTHSM2_CONF"
echo 271828 >"$W/pin.txt"
softhsm2-util --init-token --free --label BENCH --pin 271828 --so-pin 27182818 >/dev/null
for k in thu-truong:rsa:01 thu-truong-ec:ec:02; do
    IFS=: read -r f label id <<<"$k"
    openssl pkcs8 -topk8 -nocrypt -in "$PKI/$f.key" -out "$W/$label.pk8"
    softhsm2-util --import "$W/$label.pk8" --token BENCH --pin 271828 --label "$label" --id "$id" >/dev/null
    openssl x509 -in "$PKI/$f.pem" -outform DER -out "$W/$label.der"
    pkcs11-tool --module "$SOFTHSM" --token-label BENCH --login --pin 271828 \
        --write-object "$W/$label.der" --type cert --label "$label" --id "$id" >/dev/null
done
# The issuing CA too, as a VGCA token carries it: the chain comes from the token.
openssl x509 -in "$PKI/ca.pem" -outform DER -out "$W/ca.der"
pkcs11-tool --module "$SOFTHSM" --token-label BENCH --login --pin 271828 \
    --write-object "$W/ca.der" --type cert --label ca --id 0a >/dev/null

cc -O2 -I/usr/include/p11-kit-1 bench/p11speed.c -o "$W/p11speed" -ldl
raw_rsa="$("$W/p11speed" "$SOFTHSM" BENCH rsa "$W/pin.txt" 200)"
raw_ec="$("$W/p11speed" "$SOFTHSM" BENCH ec "$W/pin.txt" 1000)"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -I/usr/include/p11-kit-1 \
    bench/agentspeed.c build/libbaocao.a -o "$W/agentspeed" $(make -s --no-print-directory print-libs)
read -r agent_rsa direct_rsa < <("$W/agentspeed" "$SOFTHSM" "pkcs11:token=BENCH;object=rsa" "$W/pin.txt" 300)
read -r agent_ec direct_ec < <("$W/agentspeed" "$SOFTHSM" "pkcs11:token=BENCH;object=ec" "$W/pin.txt" 2000)
ossl_rsa="$(openssl speed -seconds 2 rsa3072 2>/dev/null | awk '/^rsa 3072/ {print 1000 / $6}')"

"$B" fields --form quy-3a | awk '/= /{print $1}' >"$W/computed.txt"
$PY bench/gen-units.py samples/batch/559.yaml "$W/computed.txt" "$N" "$W/units" >/dev/null
HEAD=(--role thu-truong --signature-image samples/chu-ky.png --seal-image samples/con-dau.png
      --trust "$PKI/root.pem")
P12=(--p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt")
TOKR=(--pkcs11 "pkcs11:token=BENCH;object=rsa" --pkcs11-module "$SOFTHSM" --pin-file "$W/pin.txt")
TOKE=(--pkcs11 "pkcs11:token=BENCH;object=ec" --pkcs11-module "$SOFTHSM" --pin-file "$W/pin.txt")
wall() { # NAME JOBS sign-options… → seconds
    local name="$1" jobs="$2" t0 t1
    shift 2
    t0=$(date +%s.%N)
    "$B" batch --form quy-3a --data "$W/units" --out "$W/$name" --format pdf --jobs "$jobs" --quiet \
        --sign "${HEAD[@]}" "$@" >/dev/null 2>&1 || echo "bench/token.sh: $name: some units failed" >&2
    t1=$(date +%s.%N)
    awk "BEGIN { printf \"%.2f\", $t1 - $t0 }"
}
min() { awk "BEGIN { print ($1 < $2) ? $1 : $2 }"; }
# Each run twice, interleaved, the faster kept: the machine is shared, and a change in its load
# then falls on the .p12 and the token runs alike.
p12_1=1e9 tok_1=1e9 p12_2=1e9 tok_2=1e9 ec_2=1e9
for rep in 1 2; do
    p12_1="$(min "$p12_1" "$(wall p12-1 1 "${P12[@]}")")"
    tok_1="$(min "$tok_1" "$(wall tok-1 1 "${TOKR[@]}")")"
    p12_2="$(min "$p12_2" "$(wall p12-2 2 "${P12[@]}")")"
    tok_2="$(min "$tok_2" "$(wall tok-2 2 "${TOKR[@]}")")"
    ec_2="$(min "$ec_2" "$(wall ec-2 2 "${TOKE[@]}")")"
    rm -rf "$W"/p12-? "$W"/tok-1 "$W"/ec-2
    [ "$rep" = 2 ] || rm -rf "$W/tok-2"
done
ok="$(find "$W/tok-2" -name '*.pdf' | wc -l)"
per() { awk "BEGIN { printf \"%.1f\", ($1 - $2) * 1000 / $N }"; }
ms() { awk "BEGIN { printf \"%.1f\", $1 * 1000 / $N }"; }

cat >"$OUT" <<MD
# Token signatures (PKCS#11) — cost per unit

Written by \`make bench\` (bench/token.sh); numbers from one run on this machine (2 cores, shared).
SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null) as the token, the test PKI's head-of-agency keys;
form \`quy-3a\`, $N synthetic units, \`batch --format pdf --sign\` (one signature per unit).

| what | time |
|---|---|
| raw token signature, RSA-3072 (CKM_RSA_PKCS, bench/p11speed.c) | ${raw_rsa} ms |
| raw token signature, P-256 (CKM_ECDSA) | ${raw_ec} ms |
| the same RSA-3072 signature in-process (\`openssl speed rsa3072\`) | ${ossl_rsa} ms |
| RSA-3072 through baocao's token agent / on the same token in-process (bench/agentspeed.c) | ${agent_rsa} ms / ${direct_rsa} ms |
| P-256 through baocao's token agent / in-process | ${agent_ec} ms / ${direct_ec} ms |

| batch of $N units | wall | ms per unit |
|---|---|---|
| .p12, 1 worker | ${p12_1} s | $(ms "$p12_1") |
| token RSA-3072, 1 worker | ${tok_1} s | $(ms "$tok_1") |
| .p12, 2 workers | ${p12_2} s | $(ms "$p12_2") |
| token RSA-3072, 2 workers | ${tok_2} s | $(ms "$tok_2") |
| token P-256, 2 workers | ${ec_2} s | $(ms "$ec_2") |

- **What the token adds per unit** is its own signature plus one round trip to the token agent:
  ${agent_rsa} ms through the agent against ${direct_rsa} ms in-process for RSA-3072, ${agent_ec} ms against
  ${direct_ec} ms for P-256 (best of 10 alternating blocks; P-256 shows the round trip best, its
  signature being short) — the token's own signature is the cost. The batch rows are end-to-end wall times (best of 2,
  interleaved); their difference, token minus .p12, is $(per "$tok_1" "$p12_1") ms per unit with 1 worker and
  $(per "$tok_2" "$p12_2") ms with 2, which on this shared machine (load average $(cut -d' ' -f1-3 /proc/loadavg)
  at the end of the run) is within the noise of other work; $ok of $N token-signed PDFs were written.
- The session is held by one process (the token agent, src/sign/tokenagent.h); workers send it the
  signed attributes and wait. One login for the whole batch. The agent signs one request at a time,
  so a token's own speed caps the batch at 1000 / (raw signature ms) units a second whatever the
  number of workers: here ~$(awk "BEGIN { printf \"%d\", 1000 / $raw_rsa }") units/s for RSA-3072 on SoftHSM; a USB token
  is slower still (a smart-card chip takes hundreds of milliseconds for RSA-3072), so with a real
  token the token, not rendering, sets the pace of a signed batch.
MD
# For bench/report.py: RESULTS.md puts the token next to the other signature costs.
printf '{"units": %s, "ok": %s, "raw_rsa_ms": %s, "raw_ec_ms": %s, "ossl_rsa_ms": %s, "agent_rsa_ms": %s, "direct_rsa_ms": %s, "agent_ec_ms": %s, "direct_ec_ms": %s, "p12_1_s": %s, "tok_1_s": %s, "p12_2_s": %s, "tok_2_s": %s, "ec_2_s": %s}\n' \
    "$N" "$ok" "$raw_rsa" "$raw_ec" "$ossl_rsa" "$agent_rsa" "$direct_rsa" "$agent_ec" "$direct_ec" \
    "$p12_1" "$tok_1" "$p12_2" "$tok_2" "$ec_2" > "$W/summary.json"
echo "bench/token.sh: results in $OUT" >&2
