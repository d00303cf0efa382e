/* cmd_fields.c — `baocao fields --form F`: the fill-in fields of a form, as a table.
 *
 * This is also how a layout author checks a layout: loading reports every error with its line
 * and column and exits 2. Columns are padded by characters (labels are NFC, so one code point is
 * one cell on a terminal); long labels are cut with "…". */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "util/arena.h"
#include "util/text.h"

static void help(FILE *out)
{
    fprintf(out,
            "Cách dùng: baocao fields --form ID|TỆP.yaml\n\n"
            "Liệt kê các trường cần điền của biểu mẫu: khóa, vị trí trên biểu mẫu, nhãn, kiểu,\n"
            "bắt buộc hay không, quy tắc. Lỗi trong biểu mẫu được báo kèm dòng:cột (thoát 2).\n\n"
            "  -f, --form ID|TỆP   id của biểu mẫu (xem baocao forms) hoặc đường dẫn tệp .yaml\n"
            "  -h, --help          trợ giúp này\n");
}

static void put_padded(const char *s, size_t width)
{
    size_t n = bc_utf8_len(s);
    fputs(s, stdout);
    for (; n < width; n++)
        putchar(' ');
    fputs("  ", stdout);
}

enum { NCOLS = 6 };

static void print_table(const bc_layout *l)
{
    bc_arena a = BC_ARENA_INIT;
    size_t n = bc_layout_nfields(l), width[NCOLS] = {0};
    static const char *const head[NCOLS] = {"KHÓA", "VỊ TRÍ", "NHÃN", "KIỂU", "BẮT BUỘC",
                                            "QUY TẮC"};
    const char **cells = BC_NEW_N(&a, const char *, (n + 1) * NCOLS);
    if (!cells)
        return;
    for (int c = 0; c < NCOLS; c++)
        cells[c] = head[c];
    for (size_t i = 0; i < n; i++) {
        const bc_field_info *f = bc_layout_field(l, i);
        const char **row = &cells[(i + 1) * NCOLS];
        row[0] = f->key;
        row[1] = *f->where ? f->where : "-";
        row[2] = bc_text_ellipsize(&a, f->label, 50);
        row[3] = f->type;
        row[4] = f->required ? "có" : "không";
        row[5] = *f->rules ? f->rules : "-";
    }
    for (size_t i = 0; i <= n; i++)
        for (int c = 0; c < NCOLS; c++) {
            size_t w = bc_utf8_len(cells[i * NCOLS + c]);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t i = 0; i <= n; i++) {
        for (int c = 0; c < NCOLS - 1; c++)
            put_padded(cells[i * NCOLS + c], width[c]);
        printf("%s\n", cells[i * NCOLS + NCOLS - 1]);
    }
    bc_arena_free(&a);
}

int cmd_fields(int argc, char **argv)
{
    static const struct option opts[] = {
        {"form", required_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {0}};
    const char *form = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        if (c == 'f')
            form = optarg;
        else if (c == 'h') {
            help(stdout);
            return 0;
        } else
            return bc_cli_usage_error("fields", "tùy chọn không hợp lệ");
    }
    if (!form || optind < argc)
        return bc_cli_usage_error("fields", form ? "thừa tham số" : "thiếu --form");
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    if (bc_cli_load_layout(form, &l, &err) == BC_OK)
        print_table(l);
    bc_layout_free(l);
    return bc_cli_finish("fields", &err);
}
