/* cmd_rollup.c — `baocao rollup --to FORM --from DIR -o FILE [--map MAP.yaml]`: a province's data
 * file from its units' data files (or a batch's output folder), by a roll-up map (rollup/map.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "rollup/rollup.h"
#include "util/paths.h"
#include "util/text.h"

static bc_status run(const char *to, const char *map_path, const char *from, const char *out,
                     bc_err *err)
{
    char *layouts = bc_resource_dir("layouts"), *found = NULL, *maps = NULL;
    bc_status st = layouts ? BC_OK : bc_err_oom(err, NULL);
    if (st == BC_OK && !map_path) {
        maps = bc_strfmt("%s/rollup", layouts);
        st = maps ? bc_rmap_find(maps, to, &found, err) : bc_err_oom(err, NULL);
        map_path = found;
    }
    bc_layout *lf = NULL, *lt = NULL;
    bc_rmap *m = NULL;
    if (st == BC_OK)
        st = bc_rmap_load(map_path, layouts, &lf, &lt, &m, err);
    if (st == BC_OK && to && strcmp(to, lt->id))
        st = bc_err_add(err, BC_BADINPUT, map_path, 0, 0, "bản đồ tổng hợp tới biểu mẫu \"%s\", "
                        "không phải \"%s\"", lt->id, to);
    bc_rsources S = {0};
    if (st == BC_OK)
        st = bc_rollup_sources(lf, from, &S, err);
    bc_rollup_result r;
    if (st == BC_OK)
        st = bc_rollup_write(m, &S, from, out, &r, err);
    if (st == BC_OK)
        printf("%s: %zu đơn vị (%zu lỗi, không tính), %zu chỉ tiêu tổng hợp, %zu chỉ tiêu để "
               "người dùng điền (liệt kê cuối tệp)\n", out, r.units, r.failed, r.derived, r.left);
    bc_rollup_sources_free(&S);
    bc_rmap_free(m);
    bc_layout_free(lf);
    bc_layout_free(lt);
    free(found);
    free(maps);
    free(layouts);
    return st;
}

int cmd_rollup(int argc, char **argv)
{
    const char *to = NULL, *map = NULL, *from = NULL, *out = NULL;
    const bc_option opts[] = {
        {"to", 't', "BIỂU_MẪU", "biểu mẫu đích (id), ví dụ tt06-pl2", &to, NULL},
        {"map", 'm', "TỆP.yaml", "bản đồ tổng hợp (mặc định: layouts/rollup/ tới --to)", &map, NULL},
        {"from", 'f', "THƯ_MỤC", "tệp dữ liệu của các đơn vị, hoặc thư mục kết quả batch", &from,
         NULL, 1},
        {"output", 'o', "TỆP.yaml", "tệp dữ liệu của tỉnh (ghi nguyên vẹn hoặc không ghi)", &out,
         NULL, 1},
    };
    const bc_cli_spec spec = {
        "rollup",
        "Cách dùng: baocao rollup --to BIỂU_MẪU --from THƯ_MỤC -o TỆP.yaml [--map BẢN_ĐỒ.yaml]\n\n"
        "Tổng hợp số liệu của tỉnh từ số liệu các đơn vị theo bản đồ tổng hợp (layouts/rollup/,\n"
        "xem layouts/README.md): cộng, đếm số đơn vị, tỉ số của các tổng (không lấy trung bình\n"
        "các tỉ lệ), nối danh sách. THƯ_MỤC chứa các tệp .yaml, .csv, .xlsx (mỗi tệp một đơn\n"
        "vị), hoặc là thư mục kết quả của batch (có manifest.csv). Mỗi chỉ tiêu có chú thích\n"
        "nguồn gốc: bao nhiêu đơn vị góp số liệu, đơn vị nào thiếu hoặc lỗi; chỉ tiêu không\n"
        "tổng hợp được để trống ở cuối tệp cho người dùng điền. Không trộn biểu mẫu hay kỳ.\n\n",
        "Mã thoát: 0 thành công, 2 dữ liệu hoặc tham số sai, 1 lỗi khác.\n",
        {{NULL, opts, sizeof opts / sizeof *opts}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    if (!to && !map)
        return bc_cli_usage_error("rollup", "cần --to BIỂU_MẪU (hoặc --map BẢN_ĐỒ.yaml)");
    bc_err err = BC_ERR_INIT;
    run(to, map, from, out, &err);
    return bc_cli_finish("rollup", &err);
}
