#!/usr/bin/env bash
# batch --shard K/N and manifest merge: 4 shards run as separate processes, into one shared folder
# and into four folders, make exactly the files of one whole run (DOCX byte-identical, every PDF
# and .p7s verifies), each unit in exactly one shard, and the merged manifest equals the whole
# run's once the fields that differ between any two runs are set aside. Shards lock and resume
# on their own; mixed runs, bad K/N and manifests that do not belong together are refused.
source "$(dirname "$0")/lib.sh"

use_test_signer

IN="$TMP/in"
mkdir -p "$IN"
for i in $(seq 10 33); do cp "$ROOT/samples/quy-3a.yaml" "$IN/550$i.yaml"; done
cp "$ROOT/samples/batch-bad/561.yaml" "$IN/99999.yaml" # fails alone, so errors.txt has an entry
RUN=(--form quy-3a --data "$IN" --format pdf,docx "${SIGN[@]}" --quiet)

"$BAOCAO" batch "${RUN[@]}" --out "$TMP/whole" 2>/dev/null
is "$?" 1 "the whole run: exit 1 (one bad unit)"

# Four processes at once into one folder, and four into their own folders.
pids=()
for k in 0 1 2 3; do
    "$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" --shard "$k/4" 2>/dev/null & pids+=($!)
    "$BAOCAO" batch "${RUN[@]}" --out "$TMP/sep$k" --shard "$k/4" 2>/dev/null & pids+=($!)
done
fails=0
for p in "${pids[@]}"; do wait "$p"; [ "$?" -le 1 ] || fails=$((fails + 1)); done
is "$fails" 0 "8 shard processes ran (exit 0, or 1 for the shard with the bad unit)"

units() { # folder → the unit folders' files, relative
    (cd "$1" && find . -mindepth 2 -type f | sort)
}
is "$(units "$TMP/shared")" "$(units "$TMP/whole")" "shared folder: the same files as the whole run"
for k in 0 1 2 3; do cp -r "$TMP/sep$k"/. "$TMP/joined"; done
is "$(units "$TMP/joined")" "$(units "$TMP/whole")" "four folders together: the same files as the whole run"
ok test -z "$(find "$TMP/shared" -name '*.tmp-*')" "no temporary file left in the shared folder"

same=0
for d in "$TMP/whole"/*/*.docx; do
    r="${d#$TMP/whole/}"
    cmp -s "$d" "$TMP/shared/$r" && cmp -s "$d" "$TMP/joined/$r" && same=$((same + 1))
done
is "$same" 24 "every DOCX byte-identical to the whole run's (shared and separate folders)"
"$BAOCAO" verify "$TMP/shared" --trust "$PKI/root.pem" >"$TMP/v.txt"
is "$?" 0 "baocao verify of the shared folder: every PDF and DOCX signature valid"
like "$(cat "$TMP/v.txt")" "Đã kiểm tra 48 tệp .*: 48 hợp lệ" "… 48 files (24 PDF, 24 DOCX)"
bad=0
for p in "$TMP/shared"/*/*.pdf; do pdfsig "$p" 2>&1 | grep -q "Signature is Valid\." || bad=$((bad + 1)); done
is "$bad" 0 "pdfsig accepts every shard's PDF"
ok openssl cms -verify -binary -inform DER -in "$TMP/shared/55010/quy-3a-55010.docx.p7s" \
    -content "$TMP/shared/55010/quy-3a-55010.docx" -CAfile "$PKI/root.pem" -out /dev/null \
    "openssl accepts a shard's DOCX signature"

# A partition: each unit in exactly one shard's manifest, each shard recording which it is.
ok "$PY" - "$TMP/shared" <<'PY' "the shards' manifests: a partition of the 25 units, each with its shard"
import json, sys, collections
seen = collections.Counter()
for k in range(4):
    d = json.load(open(f"{sys.argv[1]}/manifest.shard-{k}-of-4.json"))
    assert d["shard"] == {"index": k, "count": 4}, d["shard"]
    assert d["units"] == len(d["results"])
    seen.update(r["code"] for r in d["results"])
assert len(seen) == 25 and set(seen.values()) == {1}, seen
PY
ok "$PY" - "$TMP/shared" <<'PY' "every shard has some units (not all in one)"
import json, sys
n = [len(json.load(open(f"{sys.argv[1]}/manifest.shard-{k}-of-4.json"))["results"]) for k in range(4)]
sys.exit(0 if min(n) >= 1 and max(n) <= 15 else 1)
PY

# Merge: the shared folder's shards, and the four folders' shards.
out="$("$BAOCAO" manifest merge "$TMP"/shared/manifest.shard-*-of-4.json -o "$TMP/shared/manifest.json")"
is "$?" 0 "manifest merge of the shared folder: exit 0"
like "$out" "đã ghép 4 phần" "… and says so"
ok "$BAOCAO" manifest merge "$TMP"/sep3/manifest.shard-3-of-4.json "$TMP"/sep1/manifest.shard-1-of-4.json \
    "$TMP"/sep0/manifest.shard-0-of-4.json "$TMP"/sep2/manifest.shard-2-of-4.json -o "$TMP/joined/manifest.json" \
    "manifest merge of four folders' shards, in any order"

# What differs between any two runs, whole or sharded: the run's start and end, each unit's
# duration and memory, the signing time, and so the bytes (hash, size) of every signed PDF (its
# signature and creation date) and .p7s (its signing time), and the creation date in each unit's
# metadata (its PDF's XMP). Everything else must be equal.
normalise() { # manifest.json → normalised JSON; manifest.csv → normalised rows
    "$PY" - "$1" <<'PY'
import csv, json, sys
path = sys.argv[1]
if path.endswith(".json"):
    d = json.load(open(path))
    d["started"] = d["finished"] = "T"
    for r in d["results"] + d["stale"]:
        r["ms"] = r["peak_kb"] = 0
        r["signing_time"] = "T" if r["signing_time"] else ""
        for k in ("xmp:CreateDate", "xmp:ModifyDate"):
            if k in (r.get("metadata") or {}):
                r["metadata"][k] = "T"
        for o in r["outputs"]:
            if not o["path"].endswith(".docx"):
                o["sha256"], o["size"] = "H", 0
    print(json.dumps(d, ensure_ascii=False, indent=1))
else:
    for row in csv.DictReader(open(path, encoding="utf-8", newline="")):
        row["signing_time"] = "T" if row["signing_time"] else ""
        for k in ("pdf", "p7s"):
            if row[k]:
                row[k + "_sha256"], row[k + "_size"] = "H", "0"
        print(json.dumps(row, ensure_ascii=False))
PY
}
is "$(normalise "$TMP/shared/manifest.json")" "$(normalise "$TMP/whole/manifest.json")" \
    "merged manifest.json equals the whole run's (times, durations, memory, signed files' hashes aside)"
is "$(normalise "$TMP/joined/manifest.json")" "$(normalise "$TMP/whole/manifest.json")" \
    "… and so does the merge of the four folders' shards"
is "$(normalise "$TMP/shared/manifest.csv")" "$(normalise "$TMP/whole/manifest.csv")" \
    "merged manifest.csv equals the whole run's, row for row"
ok cmp "$TMP/shared/errors.txt" "$TMP/whole/errors.txt" "merged errors.txt is byte-identical to the whole run's"
ok "$PY" -c "import json; d=json.load(open('$TMP/shared/manifest.json')); assert d['shard'] is None and d['units']==25 and d['failed']==1" \
    "merged manifest: a whole run's (no shard), 25 units, 1 failed"
ok "$PY" - "$TMP/shared" <<'PY' "merged manifest: every listed file's SHA-256 and size match the disk"
import hashlib, json, os, sys
d = json.load(open(os.path.join(sys.argv[1], "manifest.json")))
for r in d["results"]:
    for o in r["outputs"]:
        b = open(os.path.join(sys.argv[1], o["path"]), "rb").read()
        assert hashlib.sha256(b).hexdigest() == o["sha256"] and len(b) == o["size"], o["path"]
PY

# Resume: a shard run again keeps every unit of its own; the others are untouched.
json="$("$BAOCAO" batch --form quy-3a --data "$IN" --format pdf,docx "${SIGN[@]}" --json --out "$TMP/shared" --shard 2/4)"
n2="$("$PY" -c "import json; print(json.load(open('$TMP/sep2/manifest.shard-2-of-4.json'))['ok'])")"
is "$(printf '%s\n' "$json" | grep -c '"reused": true')" "$n2" "shard 2 run again: its $n2 finished units all kept"

# In a shared folder a shard removes only its own leftovers (a killed run's temporary files),
# never those of another shard, which may be writing them at this moment.
u1="$("$PY" -c "import json; print(json.load(open('$TMP/shared/manifest.shard-1-of-4.json'))['results'][0]['code'])")"
: >"$TMP/shared/$u1/quy-3a-$u1.pdf.tmp-999999-1"
: >"$TMP/shared/manifest.shard-1-of-4.json.tmp-999999-2"
"$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" --shard 0/4 2>/dev/null
ok test -e "$TMP/shared/$u1/quy-3a-$u1.pdf.tmp-999999-1" -a -e "$TMP/shared/manifest.shard-1-of-4.json.tmp-999999-2" \
    "shard 0 leaves shard 1's temporary files alone"
"$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" --shard 1/4 2>/dev/null
ok test ! -e "$TMP/shared/$u1/quy-3a-$u1.pdf.tmp-999999-1" -a ! -e "$TMP/shared/manifest.shard-1-of-4.json.tmp-999999-2" \
    "shard 1 removes its own"

# The lock is per shard: while shard 0's journal is locked, shard 0 is refused and shard 1 runs.
flock "$TMP/shared/.baocao-journal.shard-0-of-4" sleep 30 & holder=$!
for _ in $(seq 50); do flock -n "$TMP/shared/.baocao-journal.shard-0-of-4" true || break; sleep 0.05; done
err="$("$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" --shard 0/4 2>&1)"
is "$?" 2 "shard 0 while another run of shard 0 holds the folder: exit 2"
like "$err" "một lần chạy khác của cùng phần này \(\.shard-0-of-4\)" "… naming the shard"
"$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" --shard 1/4
is "$?" 0 "shard 1 meanwhile runs (its own lock)"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# A folder is run whole or in N shards, never mixed.
err="$("$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" 2>&1)"
is "$?" 2 "a whole run into a sharded folder: exit 2"
like "$err" "chia 4 phần .*--shard K/4" "… saying how it was run and what to do"
err="$("$BAOCAO" batch "${RUN[@]}" --out "$TMP/shared" --shard 1/3 2>&1)"
is "$?" 2 "another number of shards into it: exit 2"
err="$("$BAOCAO" batch "${RUN[@]}" --out "$TMP/whole" --shard 0/2 2>&1)"
is "$?" 2 "a shard into a whole run's folder: exit 2"
like "$err" "không chia phần" "… saying so"
ok test ! -e "$TMP/whole/.baocao-journal.shard-0-of-2" "… leaving no journal of its own"

# K/N: numbered from 0, validated.
for v in 4/4 -1/4 a/4 1/0 2 1/100001 "1/4x"; do
    err="$("$BAOCAO" batch "${RUN[@]}" --out "$TMP/bad" --shard "$v" 2>&1)"
    is "$?" 2 "--shard $v: exit 2"
done
like "$err" "baocao batch: --shard cần K/N: .*đánh số từ 0 đến N-1" "… the message says what K/N is"
err="$("$BAOCAO" batch "${RUN[@]}" --out "$TMP/bad" --shard "${UNSET_INDEX:-}/4" 2>&1)"
like "$err" "thiếu K .*SLURM_ARRAY_TASK_ID" "--shard /4 (the variable unset): says which variable"
ok test ! -e "$TMP/bad" "… no output folder made"
"$BAOCAO" batch "${RUN[@]}" --out "$TMP/one" --shard 0/1 2>/dev/null
is "$?" 1 "--shard 0/1 is the whole run (exit 1: the bad unit)"
is "$(units "$TMP/one")" "$(units "$TMP/whole")" "… making every unit"

# Merge refuses what is not one whole run.
M="$TMP/m"
mkdir -p "$M"
refuse() { # regex description args...
    local re="$1" what="$2"
    shift 2
    err="$("$BAOCAO" manifest merge "$@" -o "$M/manifest.json" 2>&1)"
    is "$?" 2 "merge refuses $what: exit 2"
    like "$err" "$re" "… $re"
    ok test ! -e "$M/manifest.json" "… nothing written"
}
S="$TMP/shared/manifest.shard"
refuse "thiếu 1 trong 4 phần: 2/4" "a missing shard" "$S-0-of-4.json" "$S-1-of-4.json" "$S-3-of-4.json"
refuse "phần 1/4 có hai lần" "a shard twice" "$S-0-of-4.json" "$S-1-of-4.json" "$TMP/sep1/manifest.shard-1-of-4.json" \
    "$S-2-of-4.json" "$S-3-of-4.json"
mkdir -p "$TMP/in-other"
cp "$IN"/55010.yaml "$TMP/in-other/"
"$BAOCAO" batch --form quy-3a --data "$TMP/in-other" --format pdf,docx "${SIGN[@]}" --quiet --out "$TMP/other" --shard 0/4
refuse "không cùng một lần chạy .*dữ liệu" "a shard of other data" "$TMP/other/manifest.shard-0-of-4.json" \
    "$S-1-of-4.json" "$S-2-of-4.json" "$S-3-of-4.json"
"$BAOCAO" batch --form quy-3a --data "$IN" --format pdf --quiet --out "$TMP/pdfonly" --shard 0/4
refuse "không cùng một lần chạy .*tùy chọn" "a shard of other options" "$TMP/pdfonly/manifest.shard-0-of-4.json" \
    "$S-1-of-4.json" "$S-2-of-4.json" "$S-3-of-4.json"
refuse "không chia phần" "a whole run's manifest" "$TMP/whole/manifest.json"
cp "$S-1-of-4.json" "$M/stopped.json"; cp "$S-1-of-4.csv" "$M/stopped.csv"
sed -i 's/"stopped": false/"stopped": true/' "$M/stopped.json"
refuse "phần 1/4 chưa chạy xong" "a stopped shard" "$S-0-of-4.json" "$M/stopped.json" "$S-2-of-4.json" "$S-3-of-4.json"
printf '{"form": "quy-3a",\n  "baocao": [1, 2,, 3]}' >"$M/broken.json"; : >"$M/broken.csv"
refuse "broken\.json:2:[0-9]+: không phải JSON hợp lệ" "a file that is not JSON (file:line:col)" "$M/broken.json"
cp "$S-2-of-4.json" "$M/lost.json"; head -2 "$S-2-of-4.csv" >"$M/lost.csv"
refuse "lost\.csv: không khớp .*thiếu dòng" "a CSV that does not match its JSON" "$S-0-of-4.json" "$S-1-of-4.json" "$M/lost.json" "$S-3-of-4.json"
err="$("$BAOCAO" manifest merge "$S-0-of-4.json" -o "$M/x.csv" 2>&1)"
is "$?" 2 "merge -o without .json: exit 2"
ok "$BAOCAO" manifest merge --help "manifest merge --help: exit 0"

done_testing
