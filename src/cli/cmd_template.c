/* cmd_template.c — `baocao template --form F --format yaml|csv [-o FILE]`: a blank data file
 * for an agency to fill in. With -o the file is written atomically (all or nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
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

int cmd_template(int argc, char **argv)
{
    const char *form = NULL, *format = NULL, *output = NULL;
    const bc_option opts[] = {
        {"form", 'f', "ID|TỆP", "biểu mẫu", &form, NULL, 1},
        {"format", 'F', "FMT", "yaml (mặc định) hoặc csv", &format, NULL},
        {"output", 'o', "TỆP", "ghi ra tệp (mặc định: stdout)", &output, NULL},
    };
    const bc_cli_spec spec = {
        "template",
        "Cách dùng: baocao template --form ID|TỆP.yaml [--format yaml|csv] [-o TỆP]\n\n"
        "Tạo tệp dữ liệu trống để gửi đơn vị điền: yaml (mọi khóa theo thứ tự biểu mẫu,\n"
        "kèm vị trí, nhãn, kiểu và quy tắc dưới dạng chú thích) hoặc csv (một dòng tiêu đề\n"
        "gồm các khóa không phải danh sách).\n\n",
        NULL, {{NULL, opts, sizeof opts / sizeof *opts}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    if (!format)
        format = "yaml";
    if (strcmp(format, "yaml") && strcmp(format, "csv"))
        return bc_cli_usage_error("template", "--format chỉ có yaml hoặc csv, không có '%s'", format);
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    if (bc_cli_load_layout(form, &l, &err) == BC_OK)
        write_output(l, format, output, &err);
    bc_layout_free(l);
    return bc_cli_finish("template", &err);
}
