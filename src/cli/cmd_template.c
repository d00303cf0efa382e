/* cmd_template.c — `baocao template --form F --format yaml|csv|xlsx [--data PRIOR] [-o FILE]`: a
 * blank data file for an agency to fill in, or a workbook (form/xlsxtmpl.h), prefilled from a data
 * file with --data. With -o the file is written atomically (all or nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "form/xlsxtmpl.h"
#include "util/fileio.h"

/* With -o the text goes to memory first and then to the file atomically. */
static bc_status write_output(const bc_layout *l, const char *format, const char *output,
                              bc_err *err)
{
    if (!output)
        return bc_template_write(l, format, stdout, err);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return bc_err_oom(err, output);
    bc_status st = bc_template_write(l, format, f, err);
    fclose(f);
    if (st == BC_OK)
        st = bc_file_write_atomic(output, buf, len, err);
    free(buf);
    return st;
}

/* The workbook, prefilled from `data` when given. */
static void write_xlsx(const bc_layout *l, const char *data, const char *output, bc_err *err)
{
    bc_data *d = NULL;
    if (data && bc_data_load_partial(l, data, &d, err) != BC_OK)
        return;
    bc_xlsx_template(l, d, output, err);
    bc_data_free(d);
}

int cmd_template(int argc, char **argv)
{
    const char *form = NULL, *format = NULL, *output = NULL, *data = NULL;
    const bc_option opts[] = {
        {"form", 'f', "ID|TỆP", "biểu mẫu", &form, NULL, 1},
        {"format", 'F', "FMT", "yaml (mặc định), csv hoặc xlsx", &format, NULL},
        {"data", 'd', "TỆP", "xlsx: điền sẵn số liệu của tệp dữ liệu này (kỳ trước)", &data, NULL},
        {"output", 'o', "TỆP", "ghi ra tệp (mặc định: stdout; xlsx: bắt buộc)", &output, NULL},
    };
    const bc_cli_spec spec = {
        "template",
        "Cách dùng: baocao template --form ID|TỆP.yaml [--format yaml|csv|xlsx] [--data TỆP]\n"
        "                         [-o TỆP]\n\n"
        "Tạo tệp dữ liệu trống để gửi đơn vị điền: yaml (mọi khóa theo thứ tự biểu mẫu,\n"
        "kèm vị trí, nhãn, kiểu và quy tắc dưới dạng chú thích), csv (một dòng tiêu đề\n"
        "gồm các khóa không phải danh sách) hoặc xlsx (sổ tính: trang \"Số liệu\" theo thứ tự\n"
        "biểu mẫu, mỗi danh sách một trang, ô nhập có kiểm tra dữ liệu và danh sách thả xuống;\n"
        "đọc lại bằng --data TỆP.xlsx ở validate, render, batch). Với --data, sổ tính được\n"
        "điền sẵn số liệu kỳ trước (hoặc chỉ tên đơn vị: tệp không cần đủ các trường bắt buộc)\n"
        "để đơn vị chỉ sửa chỗ thay đổi.\n\n",
        NULL, {{NULL, opts, sizeof opts / sizeof *opts}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    if (!format)
        format = "yaml";
    int xlsx = !strcmp(format, "xlsx");
    if (strcmp(format, "yaml") && strcmp(format, "csv") && !xlsx)
        return bc_cli_usage_error("template", "--format chỉ có yaml, csv hoặc xlsx, không có '%s'",
                                  format);
    if (xlsx && !output)
        return bc_cli_usage_error("template", "--format xlsx cần -o TỆP.xlsx (sổ tính không in "
                                  "ra màn hình)");
    if (data && !xlsx)
        return bc_cli_usage_error("template", "--data chỉ dùng với --format xlsx");
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    if (bc_cli_load_layout(form, &l, &err) == BC_OK) {
        if (xlsx)
            write_xlsx(l, data, output, &err);
        else
            write_output(l, format, output, &err);
    }
    bc_layout_free(l);
    return bc_cli_finish("template", &err);
}
