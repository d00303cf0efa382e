#!/usr/bin/env bash
# Bad inputs are refused with a message a person can act on, and nothing is written.
#
# tests/bad/EXPECT has one line per bad file: FILE<TAB>REGEX. REGEX (extended) must match what
# baocao prints on stderr: "FILE:LINE:COL: mục N, ITEM: "LABEL…" MESSAGE" for data, "FILE:LINE:COL:
# MESSAGE" for layouts. Data files (tests/bad/*.yaml, form tt06-pl1) go through `validate` and
# `render` (another form when the file's first lines say `# form: ID`); layouts
# (tests/bad/layouts/*.yaml) through `fields`. Every case exits 2; a refused
# render leaves no output file behind, not even an empty one.
source "$(dirname "$0")/lib.sh"

[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
BAD="$ROOT/tests/bad"
FORM=tt06-pl1

seen=0
while IFS=$'\t' read -r file regex; do
    case "$file" in ''|'#'*) continue ;; esac
    seen=$((seen + 1))
    path="$BAD/$file"
    ok test -f "$path" "$file: exists" || true
    [ -f "$path" ] || continue
    case "$file" in
    layouts/*)
        err="$("$BAOCAO" fields --form "$path" 2>&1 >/dev/null)"
        is "$?" 2 "$file: fields exits 2"
        like "$err" "$regex" "$file: fields says where and what"
        ;;
    *)
        form="$(sed -n '1,3s/^# form: *//p' "$path")"
        form="${form:-$FORM}"
        err="$("$BAOCAO" validate --form "$form" --data "$path" 2>&1 >/dev/null)"
        is "$?" 2 "$file: validate exits 2"
        like "$err" "$regex" "$file: validate says where and what"

        out="$TMP/x.pdf"
        rm -f "$out"
        err="$("$BAOCAO" render --form "$form" --data "$path" -o "$out" 2>&1 >/dev/null)"
        is "$?" 2 "$file: render exits 2"
        like "$err" "$regex" "$file: render says the same"
        ok test ! -e "$out" "$file: render wrote no file"
        ;;
    esac
done < "$BAD/EXPECT"

# Every bad file has its line in EXPECT, so none is silently skipped.
cut -f1 "$BAD/EXPECT" > "$TMP/listed"
for path in "$BAD"/*.yaml "$BAD"/layouts/*.yaml; do
    file="${path#"$BAD"/}"
    ok grep -qxF -- "$file" "$TMP/listed" "$file: has an EXPECT line"
done
is "$([ "$seen" -ge 25 ] && echo yes)" yes "at least 25 bad cases ($seen)"

# The contrast: decomposed (NFD) Vietnamese is not an error; it is normalised to NFC.
good="$ROOT/tests/fixtures/tt06-pl1-nfd.yaml"
ok "$BAOCAO" validate --form "$FORM" --data "$good" "tt06-pl1-nfd.yaml: NFD text validates"

done_testing
