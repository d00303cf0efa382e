#!/usr/bin/env bash
# One option parser for every subcommand (src/cli/options.c): the same spellings everywhere, the
# same Vietnamese message for each mistake, "có phải …?" for a slip, exit codes 0/1/2 only, and
# --json on every command that reports.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
S="$ROOT/samples/tt06-pl1.yaml"

run() { out="$("$BAOCAO" "$@" 2>&1)"; rc=$?; }

for cmd in forms fields template validate render sign verify batch; do
    run "$cmd" --help
    is "$rc" 0 "$cmd --help exits 0"
    like "$out" "^Cách dùng: baocao $cmd|^Cách dùng:" "$cmd --help starts with its usage"
    like "$out" "-h, --help +trợ giúp này" "$cmd --help lists --help from the same table"
    run "$cmd" --khong-co
    is "$rc" 2 "$cmd: an unknown option exits 2"
    like "$out" "^baocao $cmd: không có tùy chọn '--khong-co' \(xem baocao $cmd --help\)$" \
        "$cmd: the message names the command and the option"
    unlike "$out" "unrecognized|invalid option" "$cmd: no English from getopt"
done

run render --from tt06-pl1 --data "$S" -o "$TMP/x.pdf"
is "$rc" 2 "--from: exit 2"
like "$out" "không có tùy chọn '--from' \(có phải '--form'\?\)" "--from: suggests --form (two letters swapped)"
[ -e "$TMP/x.pdf" ]; is "$?" 1 "--from: no file written"
run validate --form tt06-pl1 --dat "$S"
like "$out" "có phải '--data'\?" "--dat: suggests --data"
run rendr --form tt06-pl1
is "$rc" 2 "a misspelt command exits 2"
like "$out" "^baocao: không có lệnh 'rendr' \(có phải 'baocao render'\?\)" "a misspelt command gets a suggestion"

# The same short options everywhere: render takes -f and -d as validate does.
run render -f tt06-pl1 -d "$S" -o "$TMP/short.pdf"
is "$rc" 0 "render -f -d works as validate -f -d"
ok test -s "$TMP/short.pdf" "render -f -d wrote the PDF"
run render --form=tt06-pl1 --data="$S" -o"$TMP/eq.pdf"
is "$rc" 0 "--name=VALUE and -oVALUE"
is "$(pdftotext "$TMP/eq.pdf" - | md5sum)" "$(pdftotext "$TMP/short.pdf" - | md5sum)" "both spellings give the same report"

run render --form tt06-pl1 --form tt06-pl2 --blank -o "$TMP/two.pdf"
is "$rc" 2 "an option given twice exits 2"
like "$out" "baocao render: --form chỉ được cho một lần" "an option given twice is named"
run validate --form
is "$rc" 2 "a missing value exits 2"
like "$out" "baocao validate: --form cần một giá trị \(ID\|TỆP\)" "a missing value is named with what it takes"
run render --blank=1 --form tt06-pl1 -o "$TMP/b.pdf"
like "$out" "baocao render: --blank không nhận giá trị" "a flag given a value"
run batch --form tt06-pl1 --data "$TMP" --out "$TMP/o" --jobs abc
is "$rc" 2 "--jobs abc exits 2"
like "$out" "--jobs cần một số từ 1 đến 256, không nhận 'abc'" "--jobs names the bad value"
run render --form tt06-pl1 --blank --format odt -o "$TMP/f"
like "$out" "--format nhận pdf, docx hoặc pdf,docx, không nhận 'odt'" "--format names the bad value"
run verify a.pdf b.pdf
is "$rc" 2 "two files to verify that do not exist: exit 2"
like "$out" "a\.pdf: không có tệp hay thư mục này" "… the missing one is named (verify takes many files)"
run validate --form tt06-pl1 --data "$S" extra
like "$out" "baocao validate: thừa tham số 'extra'" "an operand where none is taken"

# A passphrase or PIN on the command line is refused by every command, before anything runs.
for opt in --pass=x --password=x --pin=1234; do
    run sign "$TMP/short.pdf" "$opt" -o "$TMP/s.pdf"
    is "$rc" 2 "sign $opt exits 2"
    like "$out" "không nhận mật khẩu/PIN trên dòng lệnh.*--pass-file" "sign $opt: says how to give it"
done
run render --form tt06-pl1 --blank -o "$TMP/p.pdf" --pin 1234
like "$out" "baocao render: không nhận mật khẩu/PIN" "render refuses a PIN too"

# --json on every command that reports, parsed by an independent reader.
json_ok() { "$PY" -c 'import json,sys; d=json.load(sys.stdin); exec(sys.argv[1])' "$1"; }
"$BAOCAO" validate --form tt06-pl1 --data "$S" --json >"$TMP/v.json"
is "$?" 0 "validate --json on good data exits 0"
ok json_ok 'assert d["command"]=="validate" and d["valid"] is True and d["errors"]==[], d' <"$TMP/v.json" \
    "validate --json: valid, no errors"
"$BAOCAO" validate --form tt06-pl1 --data "$ROOT/tests/bad/03-negative-count.yaml" --json >"$TMP/bad.json" 2>"$TMP/bad.err"
is "$?" 2 "validate --json on bad data exits 2"
ok json_ok 'e=d["errors"][0]; assert d["valid"] is False and e["line"]==5 and e["column"]==12 and "phải là số" in e["message"], d' <"$TMP/bad.json" \
    "validate --json: the error with line, column and message"
is "$(cat "$TMP/bad.err")" "" "validate --json: nothing on stderr"
"$BAOCAO" forms --json >"$TMP/f.json"
ok json_ok 'ids=[f["id"] for f in d["forms"]]; assert "tt06-pl1" in ids and ids==sorted(ids), ids' <"$TMP/f.json" \
    "forms --json lists the forms, sorted"
"$BAOCAO" fields --form tt06-pl1 --json >"$TMP/k.json"
ok json_ok 'k={f["key"]:f for f in d["fields"]}; assert k["nam_bao_cao"]["type"] and len(k) > 100, len(k)' <"$TMP/k.json" \
    "fields --json lists every field with its type"

# Exit codes are 0, 1 or 2, never a combination.
run render --form khong-co-bieu-mau --blank -o "$TMP/z.pdf"
is "$rc" 2 "an unknown form exits 2"
run batch --form khong-co --data "$TMP/none" --out "$TMP/o2"
is "$rc" 2 "batch with an unknown form exits 2 (not 2|1)"
done_testing
