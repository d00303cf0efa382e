# lib.sh — TAP helpers for the end-to-end tests (sourced by tests/e2e/*.t, run by `prove`).
#
# ok COND-COMMAND... "description"   runs the command; passes when it exits 0
# is GOT WANT "description"          passes when the strings are equal
# like TEXT REGEX "description"      passes when TEXT matches the extended regex
# done_testing                       prints the plan; exit status 1 if anything failed
# $BAOCAO, $BUILD_DIR                 the program and the build folder under test (BAOCAO_BIN,
#                                    BAOCAO_BUILD override them)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The build under test: build/ unless BAOCAO_BUILD names another build folder (`make asan-test`
# points it at build/asan); BAOCAO_BIN may name the program itself.
BUILD_DIR="${BAOCAO_BUILD:-$ROOT/build}"
BAOCAO="${BAOCAO_BIN:-$BUILD_DIR/baocao}"
# Debian's Python, where python3-yaml and python3-docx are installed (a python3 earlier in PATH,
# such as a pyenv shim, may lack them).
PY=/usr/bin/python3
TMP="$(mktemp -d "${TMPDIR:-/tmp}/baocao-test.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
# Fonts: only the project's own (tests/fonts.conf), so what LibreOffice lays out does not depend on
# the fonts this machine happens to have. Its cache goes into the test's temporary folder.
export FONTCONFIG_FILE="$ROOT/tests/fonts.conf"
export XDG_CACHE_HOME="$TMP/cache"
_n=0
_failed=0

_report() { # status description [diagnostic]
    _n=$((_n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $_n - $2"
    else
        echo "not ok $_n - $2"
        _failed=$((_failed + 1))
        [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /' | head -40
    fi
    return 0
}

ok() { # command... description
    local desc="${*: -1}"
    local out
    out="$("${@:1:$#-1}" 2>&1)"
    _report $? "$desc" "$out"
}

is() { # got want description
    if [ "$1" = "$2" ]; then _report 0 "$3"; else _report 1 "$3" "got:  '$1'
want: '$2'"; fi
}

like() { # text regex description
    if printf '%s' "$1" | grep -Eq -- "$2"; then _report 0 "$3"; else
        _report 1 "$3" "text does not match /$2/:
$(printf '%s' "$1" | head -20)"; fi
}

unlike() { # text regex description
    if printf '%s' "$1" | grep -Eq -- "$2"; then
        _report 1 "$3" "text matches /$2/ but should not:
$(printf '%s' "$1" | grep -E -- "$2" | head -10)"; else _report 0 "$3"; fi
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

done_testing() {
    echo "1..$_n"
    [ "$_failed" = 0 ]
}

# The test PKI's head of agency signing a batch or a render: sets PKI and SIGN (the options, with
# both images and the trust anchor); skips the whole file when there is no test PKI.
use_test_signer() {
    PKI="$ROOT/certs/test"
    [ -f "$PKI/thu-truong.p12" ] || skip_all "no test PKI (make certs)"
    SIGN=(--sign --p12 "$PKI/thu-truong.p12" --pass-file "$PKI/pass.txt" --role thu-truong
          --signature-image "$ROOT/samples/chu-ky.png" --seal-image "$ROOT/samples/con-dau.png"
          --trust "$PKI/root.pem")
}
