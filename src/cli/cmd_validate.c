/* cmd_validate.c — `baocao validate --form F --data FILE`: checks a data file.
 *
 * Every problem goes to stderr at once, as FILE:LINE:COL: WHERE: "LABEL" PROBLEM; stdout gets a
 * one-line verdict so scripts can tell "valid" from "could not check". */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/common.h"

static void help(FILE *out)
{
    fprintf(out,
            "Cách dùng: baocao validate --form ID|TỆP.yaml --data DỮ_LIỆU.yaml|.csv\n\n"
            "Kiểm tra tệp dữ liệu theo biểu mẫu: kiểu, quy tắc, trường bắt buộc, số liệu tính\n"
            "toán. Mọi lỗi được in ra stderr cùng lúc (tệp:dòng:cột: vị trí: \"nhãn\" lỗi).\n\n"
            "  -f, --form ID|TỆP    biểu mẫu\n"
            "  -d, --data TỆP       tệp dữ liệu YAML, hoặc CSV (một dòng khóa, một dòng giá trị)\n"
            "  -h, --help           trợ giúp này\n\n"
            "Mã thoát: 0 hợp lệ, 2 dữ liệu hoặc tham số sai, 1 lỗi khác.\n");
}

int cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {{"form", required_argument, NULL, 'f'},
                                         {"data", required_argument, NULL, 'd'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *form = NULL, *data = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:d:h", opts, NULL)) != -1) {
        if (c == 'f')
            form = optarg;
        else if (c == 'd')
            data = optarg;
        else if (c == 'h') {
            help(stdout);
            return 0;
        } else
            return bc_cli_usage_error("validate", "tùy chọn không hợp lệ");
    }
    if (!form || !data || optind < argc)
        return bc_cli_usage_error("validate", optind < argc ? "thừa tham số"
                                              : !form ? "thiếu --form" : "thiếu --data");
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    bc_data *d = NULL;
    if (bc_cli_load_layout(form, &l, &err) != BC_OK) {
        bc_layout_free(l);
        return bc_cli_finish("validate", &err);
    }
    bc_status st = bc_data_load(l, data, &d, &err);
    if (st == BC_OK)
        printf("%s: hợp lệ (%zu trường, biểu mẫu %s)\n", data, bc_layout_nfields(l),
               bc_layout_id(l));
    else
        printf("%s: không hợp lệ, %zu lỗi\n", data, bc_err_count(&err));
    bc_data_free(d);
    bc_layout_free(l);
    return bc_cli_finish("validate", &err);
}
