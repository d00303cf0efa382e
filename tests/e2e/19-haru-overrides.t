#!/usr/bin/env bash
# Link-time replacements of libharu 2.3.0 internals (src/pdf/harupin.h): every function the
# Makefile's HARU_OVERRIDES names is defined and exported by our executable, and libhpdf binds
# its own calls to ours (the dynamic linker says so with LD_DEBUG=bindings, every binding made
# at start with LD_BIND_NOW). Another libharu version stops the build with a clear message.
source "$(dirname "$0")/lib.sh"
command -v nm >/dev/null || skip_all "nm (binutils) needed"

names="$(make -s -C "$ROOT" print-haru-overrides)"
ok test "$(echo "$names" | wc -w)" -ge 4 "the Makefile names the replacements ($names)"
exported="$(nm -D --defined-only "$BAOCAO")"
bindings="$(LD_BIND_NOW=1 LD_DEBUG=bindings "$BAOCAO" --help 2>&1 >/dev/null)"
for f in $names; do
    like "$exported" " T $f\$" "$f: defined and exported by baocao"
    like "$bindings" "binding file [^ ]*libhpdf-2\.3\.0\.so \[0\] to [^ ]*baocao \[0\]: normal symbol \`$f'" \
        "$f: libhpdf's calls bind to ours"
done
# The check can fail: a libhpdf function we do not replace binds inside libhpdf.
like "$bindings" "binding file [^ ]*libhpdf-2\.3\.0\.so \[0\] to [^ ]*libhpdf-2\.3\.0\.so \[0\]: normal symbol \`HPDF_Stream_Write'" \
    "a function not replaced stays libhpdf's own"

# Another version of libharu's headers: the build stops at harupin.h and says why.
mkdir -p "$TMP/inc"
sed 's/^#define HPDF_VERSION_ID .*/#define HPDF_VERSION_ID 20401/' /usr/include/hpdf_version.h > "$TMP/inc/hpdf_version.h"
out="$(cc -std=c11 -I"$TMP/inc" -I"$ROOT/src" -c -o "$TMP/x.o" "$ROOT/src/pdf/harumem.c" 2>&1)"; rc=$?
ok test "$rc" -ne 0 "libharu headers of another version: the build fails"
like "$out" "baocao replaces internals of libharu 2\.3\.0" "… with a message naming the version it needs"
done_testing
