#!/usr/bin/env bash
# 21-form-cli.t — baocao forms / fields / template / validate on the small test form.
source "$(dirname "$0")/lib.sh"
[ -x "$BAOCAO" ] || skip_all "build/baocao is not built"
FX="$ROOT/tests/fixtures/form"

mkdir -p "$TMP/layouts"
cp "$FX/mini.yaml" "$TMP/layouts/"
out="$(BAOCAO_LAYOUTS="$TMP/layouts" "$BAOCAO" forms)"
is "$?" 0 "forms exits 0"
is "$out" "$(printf 'mini\tBiểu mẫu thử nghiệm\tTệp thử của baocao')" "forms: id, title, source"

out="$(BAOCAO_LAYOUTS="$TMP/layouts" "$BAOCAO" fields --form mini)"
is "$?" 0 "fields by id exits 0"
like "$out" 'so_may_tinh +mục 3, 2\. +Tổng số cán bộ, công chức, viên chức được trang… +integer +không +≥ 0; ≤ so_can_bo' "fields: where, label, type, rules"
like "$out" 'ung_dung\[\]\.ten +mục 5, 2\.1\. +Tên ứng dụng +text +có' "fields: list columns"

err="$("$BAOCAO" fields --form "$FX/broken.yaml" 2>&1 >/dev/null)"
is "$?" 2 "a broken layout exits 2"
like "$err" 'broken\.yaml:16:23: chỗ điền \{zzz\} không ứng với trường nào' "layout errors carry line:col"

"$BAOCAO" template --form "$FX/mini.yaml" --format yaml -o "$TMP/t.yaml"
is "$?" 0 "template -o exits 0"
like "$(cat "$TMP/t.yaml")" '# mục 3, 2\.: "Tổng số cán bộ, công chức, viên chức được trang bị máy tính" \(integer, ≥ 0; ≤ so_can_bo\)' "template comments"
is "$("$BAOCAO" template --form "$FX/mini.yaml" --format csv | head -c 44)" \
    "ma_don_vi,ten_don_vi,ten_co_quan,nam_bao_cao" "csv header: the unit's code and name, then the keys"
"$BAOCAO" template --form "$FX/mini.yaml" --format pdf >/dev/null 2>&1
is "$?" 2 "unknown template format exits 2"

out="$("$BAOCAO" validate --form "$FX/mini.yaml" --data "$FX/good.yaml" 2>"$TMP/err")"
is "$?" 0 "valid data exits 0"
like "$out" 'hợp lệ \(19 trường' "validate summary"
is "$(cat "$TMP/err")" "" "no problems on stderr"

"$BAOCAO" validate --form "$FX/mini.yaml" --data "$FX/bad.yaml" >/dev/null 2>"$TMP/err"
is "$?" 2 "invalid data exits 2"
is "$(wc -l < "$TMP/err" | tr -d ' ')" 14 "every problem is reported"
like "$(cat "$TMP/err")" 'bad\.yaml:7:12: mục 3, 1\.: "Tổng số cán bộ, công chức, viên chức của toàn cơ quan" phải là số nguyên ≥ 0, nhận được "12a"' "problem message shape"
like "$(cat "$TMP/err")" 'bad\.yaml:8:1: khóa không có trong biểu mẫu: "so_may_tin" \(có phải "so_may_tinh"\?\)' "unknown key with suggestion"

out="$("$BAOCAO" validate --form "$FX/flat.yaml" --data "$FX/flat-good.csv" 2>&1)"
is "$?" 0 "a CSV data file validates"
like "$out" 'flat-good\.csv: hợp lệ' "CSV summary"

for cmd in forms fields template validate; do
    "$BAOCAO" "$cmd" --help >/dev/null
    is "$?" 0 "$cmd --help exits 0"
done
"$BAOCAO" validate --form "$FX/mini.yaml" >/dev/null 2>&1
is "$?" 2 "validate without --data exits 2"
done_testing
