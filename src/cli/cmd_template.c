/* cmd_template.c — `baocao template --form F --format yaml|csv [-o FILE]`: a blank data file
 * for an agency to fill in. With -o the file is written atomically (all or nothing). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "util/fileio.h"

static void help(FILE *out)
{
    fprintf(out,
            "Cách dùng: baocao template --form ID|TỆP.yaml [--format yaml|csv] [-o TỆP]\n\n"
            "Tạo tệp dữ liệu trống để gửi đơn vị điền: yaml (mọi khóa theo thứ tự biểu mẫu,\n"
            "kèm vị trí, nhãn, kiểu và quy tắc dưới dạng chú thích) hoặc csv (một dòng tiêu đề\n"
            "gồm các khóa không phải danh sách).\n\n"
            "  -f, --form ID|TỆP     biểu mẫu\n"
            "  -F, --format FMT      yaml (mặc định) hoặc csv\n"
            "  -o, --output TỆP      ghi ra tệp (mặc định: stdout)\n"
            "  -h, --help            trợ giúp này\n");
}

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
    static const struct option opts[] = {{"form", required_argument, NULL, 'f'},
                                         {"format", required_argument, NULL, 'F'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    const char *form = NULL, *format = "yaml", *output = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:F:o:h", opts, NULL)) != -1) {
        if (c == 'f')
            form = optarg;
        else if (c == 'F')
            format = optarg;
        else if (c == 'o')
            output = optarg;
        else if (c == 'h') {
            help(stdout);
            return 0;
        } else
            return bc_cli_usage_error("template", "tùy chọn không hợp lệ");
    }
    if (!form || optind < argc)
        return bc_cli_usage_error("template", form ? "thừa tham số" : "thiếu --form");
    if (strcmp(format, "yaml") && strcmp(format, "csv"))
        return bc_cli_usage_error("template", "--format chỉ có yaml hoặc csv");
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    if (bc_cli_load_layout(form, &l, &err) == BC_OK)
        write_output(l, format, output, &err);
    bc_layout_free(l);
    return bc_cli_finish("template", &err);
}
