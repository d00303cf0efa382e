/* cmd_validate.c — `baocao validate --form F --data FILE`: checks a data file.
 *
 * Every problem goes to stderr at once, as FILE:LINE:COL: WHERE: "LABEL" PROBLEM; stdout gets a
 * one-line verdict so scripts can tell "valid" from "could not check". With --json, stdout
 * gets one JSON object holding the verdict and every problem, and stderr nothing. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "util/json.h"

int cmd_validate(int argc, char **argv)
{
    const char *form = NULL, *data = NULL;
    int json = 0;
    const bc_option opts[] = {
        {"form", 'f', "ID|TỆP", "biểu mẫu (baocao forms) hoặc tệp bố cục .yaml", &form, NULL, 1},
        {"data", 'd', "TỆP", "tệp dữ liệu YAML, hoặc CSV (một dòng khóa, một dòng giá trị)", &data,
         NULL, 1},
        {"json", 0, NULL, "kết quả dạng JSON trên stdout (kể cả các lỗi)", &json, NULL},
    };
    const bc_cli_spec spec = {
        "validate",
        "Cách dùng: baocao validate --form ID|TỆP.yaml --data DỮ_LIỆU.yaml|.csv [--json]\n\n"
        "Kiểm tra tệp dữ liệu theo biểu mẫu: kiểu, quy tắc, trường bắt buộc, số liệu tính\n"
        "toán. Mọi lỗi được in ra stderr cùng lúc (tệp:dòng:cột: vị trí: \"nhãn\" lỗi).\n\n",
        "Mã thoát: 0 hợp lệ, 2 dữ liệu hoặc tham số sai, 1 lỗi khác.\n",
        {{NULL, opts, sizeof opts / sizeof *opts}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    bc_data *d = NULL;
    bc_status st = bc_cli_load_layout(form, &l, &err);
    if (st == BC_OK)
        st = bc_data_load(l, data, &d, &err);
    if (json) {
        bc_buf extra = BC_BUF_INIT;
        bc_buf_puts(&extra, "\"file\":");
        bc_json_str(&extra, data);
        bc_buf_puts(&extra, ",\"form\":");
        bc_json_str(&extra, l ? bc_layout_id(l) : NULL);
        bc_buf_printf(&extra, ",\"valid\":%s,\"fields\":%zu", st == BC_OK ? "true" : "false",
                      l ? bc_layout_nfields(l) : 0);
        rc = bc_cli_finish_json("validate", &err, extra.data);
        bc_buf_free(&extra);
    } else {
        if (st == BC_OK)
            printf("%s: hợp lệ (%zu trường, biểu mẫu %s)\n", data, bc_layout_nfields(l),
                   bc_layout_id(l));
        else if (l)
            printf("%s: không hợp lệ, %zu lỗi\n", data, bc_err_count(&err));
        rc = bc_cli_finish("validate", &err);
    }
    bc_data_free(d);
    bc_layout_free(l);
    return rc;
}
