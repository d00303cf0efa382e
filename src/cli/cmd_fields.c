/* cmd_fields.c — `baocao fields --form F`: the fill-in fields of a form, as a table.
 *
 * This is also how a layout author checks a layout: loading reports every error with its line
 * and column and exits 2. Columns are padded by characters (labels are NFC, so one code point is
 * one cell on a terminal); long labels are cut with "…". */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "util/arena.h"
#include "util/json.h"
#include "util/text.h"

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

/* The fields as a JSON member list: "form":ID,"fields":[{…}]. */
static void fields_json(const bc_layout *l, bc_buf *b)
{
    bc_buf_puts(b, "\"form\":");
    bc_json_str(b, bc_layout_id(l));
    bc_buf_puts(b, ",\"fields\":[");
    for (size_t i = 0; i < bc_layout_nfields(l); i++) {
        const bc_field_info *f = bc_layout_field(l, i);
        bc_buf_puts(b, i ? ",{\"key\":" : "{\"key\":");
        bc_json_str(b, f->key);
        bc_buf_puts(b, ",\"where\":");
        bc_json_str(b, f->where);
        bc_buf_puts(b, ",\"label\":");
        bc_json_str(b, f->label);
        bc_buf_puts(b, ",\"type\":");
        bc_json_str(b, f->type);
        bc_buf_printf(b, ",\"required\":%s,\"rules\":", f->required ? "true" : "false");
        bc_json_str(b, f->rules);
        bc_buf_puts(b, "}");
    }
    bc_buf_puts(b, "]");
}

int cmd_fields(int argc, char **argv)
{
    const char *form = NULL;
    int json = 0;
    const bc_option opts[] = {
        {"form", 'f', "ID|TỆP", "id của biểu mẫu (xem baocao forms) hoặc đường dẫn tệp .yaml", &form,
         NULL, 1},
        {"json", 0, NULL, "kết quả dạng JSON", &json, NULL},
    };
    const bc_cli_spec spec = {
        "fields",
        "Cách dùng: baocao fields --form ID|TỆP.yaml [--json]\n\n"
        "Liệt kê các trường cần điền của biểu mẫu: khóa, vị trí trên biểu mẫu, nhãn, kiểu,\n"
        "bắt buộc hay không, quy tắc. Lỗi trong biểu mẫu được báo kèm dòng:cột (thoát 2).\n\n",
        NULL, {{NULL, opts, sizeof opts / sizeof *opts}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    bc_status st = bc_cli_load_layout(form, &l, &err);
    if (json) {
        bc_buf b = BC_BUF_INIT;
        if (st == BC_OK)
            fields_json(l, &b);
        rc = bc_cli_finish_json("fields", &err, b.data);
        bc_buf_free(&b);
    } else {
        if (st == BC_OK)
            print_table(l);
        /* What the loader let be (a repeated item number): `fields` is how a layout is checked. */
        for (size_t i = 0; st == BC_OK && i < bc_layout_nwarnings(l); i++)
            fprintf(stderr, "baocao fields: cảnh báo: %s\n", bc_layout_warning(l, i));
        rc = bc_cli_finish("fields", &err);
    }
    bc_layout_free(l);
    return rc;
}
