#!/usr/bin/env bash
# Visual regression: every page of every sample (samples/*.yaml), rendered as PDF, rasterised by
# pdftoppm at 30 dpi in grey and compared with its reference picture in tests/visual/ (visual.py:
# a page differs when more than 40 pixels change by more than a quarter of the grey scale). An
# intended change of the output regenerates them with tests/visual/update.sh, in the same commit.
source "$(dirname "$0")/lib.sh"

[ -x "$BAOCAO" ] || skip_all "build/baocao not built"
command -v pdftoppm >/dev/null || skip_all "pdftoppm (poppler-utils) not installed"
REF="$ROOT/tests/visual"
for data in "$ROOT"/samples/*.yaml; do
    name="$(basename "$data" .yaml)"
    ok "$BAOCAO" render --form "${name%-minimal}" --data "$data" -o "$TMP/$name.pdf" "$name: render"
    pdftoppm -r 30 -gray "$TMP/$name.pdf" "$TMP/$name"
    ok "$PY" "$ROOT/tests/e2e/helpers/visual.py" compare "$TMP/$name" "$REF/$name" \
        "$name: every page as its reference picture (tests/visual/update.sh after an intended change)"
done
# A picture without a sample is left over from a renamed or removed one.
stale=""
for png in "$REF"/*.png; do
    base="$(basename "$png" .png)"
    [ -f "$ROOT/samples/${base%-[0-9][0-9]}.yaml" ] || stale="$stale $base.png"
done
is "$stale" "" "every reference picture belongs to a sample"
done_testing
