#!/usr/bin/env bash
# 15-fuzz-regress.t — every input a fuzzer ever found a crash, hang or blow-up with
# (tests/fuzz/regress/NAME/), and every seed (tests/fuzz/corpus/NAME/), replayed through each
# harness built by the normal compiler with a plain main() ($BUILD_DIR/fuzz-regress/fuzz_NAME,
# `make fuzz-regress`; `make test` builds them). Each file must be handled and the harness exit 0
# within the time limit: an old crash come back fails here, on any machine, without clang.
source "$(dirname "$0")/lib.sh"
FUZZ="$ROOT/tests/fuzz"
harnesses=("$FUZZ"/fuzz_*.c)
[ -e "${harnesses[0]}" ] || skip_all "no harness in tests/fuzz"
for src in "${harnesses[@]}"; do
    name="$(basename "$src" .c)"
    name="${name#fuzz_}"
    bin="$BUILD_DIR/fuzz-regress/fuzz_$name"
    if [ ! -x "$bin" ]; then
        echo "# SKIP $name: $bin not built (make fuzz-regress)"
        continue
    fi
    files=()
    for dir in "$FUZZ/regress/$name" "$FUZZ/corpus/$name"; do
        [ -d "$dir" ] && while IFS= read -r -d '' f; do files+=("$f"); done \
            < <(find "$dir" -type f ! -name '.*' -print0 | sort -z)
    done
    if [ ${#files[@]} = 0 ]; then
        echo "# SKIP $name: no regression or seed inputs"
        continue
    fi
    # One file at a time, so that a failure names its input.
    for f in "${files[@]}"; do
        ok timeout 60 "$bin" "$f" "$name: ${f#"$FUZZ"/} runs clean"
    done
done
done_testing
