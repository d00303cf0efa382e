/* template.c — blank data files for agencies to fill in.
 *
 * The YAML template lists every key in the order the form shows them, each under a comment that
 * says where it is on the paper form, its label, its type and rules, so the person filling it in
 * needs nothing else. A list appears once, with one example row commented out. The CSV template
 * is just the header row of a units table (form/csvunits.h): the unit's code and name, then the
 * top-level keys that are not lists (a spreadsheet cannot hold a list in one cell; each list has a
 * table of its own). Filled with one row it is also a data file of its own.
 */
#include <stdio.h>
#include <string.h>

#include "form/csvunits.h"
#include "form/layout.h"
#include "util/text.h"

static void comment_label(FILE *out, bc_arena *a, const bc_field_info *f)
{
    /* Wording may hold a line break; a comment must stay on one line. */
    char *label = bc_text_ellipsize(a, f->label, 80);
    for (char *p = label; p && *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    if (*f->where)
        fprintf(out, "%s: ", f->where);
    fprintf(out, "\"%s\" (%s%s%s%s)\n", label ? label : f->key, f->type,
            f->required ? ", bắt buộc" : "", *f->rules ? ", " : "", f->rules);
}

static void write_yaml(const bc_layout *l, FILE *out)
{
    bc_arena a = BC_ARENA_INIT;
    fprintf(out, "# Dữ liệu cho biểu mẫu %s: %s\n# Nguồn: %s\n", l->id, l->title, l->source);
    fprintf(out, "# Ghi giá trị sau dấu hai chấm, để trống những gì không có. Số viết như báo cáo "
                 "in ra: 12.345 hoặc 12345 (dấu chấm ngăn hàng nghìn), 87,5 (dấu phẩy trước phần "
                 "thập phân); ngày viết 15/12/2026 (dd/mm/yyyy).\n");
    const char *list = NULL;
    size_t list_len = 0;
    for (size_t i = 0; i < l->ninfos; i++) {
        const bc_field_info *f = &l->infos[i];
        int column =
            list && !strncmp(f->key, list, list_len) && !strncmp(f->key + list_len, "[].", 3);
        if (column) {
            const char *col = f->key + list_len + 3;
            int first = i > 0 && !strcmp(l->infos[i - 1].key, list);
            fprintf(out, "#   %s %s:%*s# ", first ? "-" : " ", col,
                     (int)(col[0] ? 24 - (strlen(col) < 24 ? strlen(col) : 24) : 0), "");
            comment_label(out, &a, f);
            continue;
        }
        fputs("\n# ", out);
        comment_label(out, &a, f);
        fprintf(out, "%s:\n", f->key);
        if (!strcmp(f->type, "list")) {
            list = f->key;
            list_len = strlen(list);
            fputs("# mỗi dòng của danh sách, ví dụ:\n", out);
        }
    }
    bc_arena_free(&a);
}

static void write_csv(const bc_layout *l, FILE *out)
{
    int first = 1;
    const char *unit_cols[] = {BC_UNIT_CODE_COLUMN, BC_UNIT_NAME_COLUMN};
    for (size_t i = 0; i < 2; i++) {
        if (bc_layout_find(l, unit_cols[i]))
            continue; /* the form has such a field: it comes in its place below */
        fprintf(out, "%s%s", first ? "" : ",", unit_cols[i]);
        first = 0;
    }
    for (size_t i = 0; i < l->ninfos; i++) {
        const bc_field_info *f = &l->infos[i];
        if (strchr(f->key, '[') || !strcmp(f->type, "list"))
            continue;
        fprintf(out, "%s%s", first ? "" : ",", f->key);
        first = 0;
    }
    fputc('\n', out);
}

bc_status bc_template_write(const bc_layout *l, const char *format, FILE *out, bc_err *err)
{
    if (!strcmp(format, "yaml"))
        write_yaml(l, out);
    else if (!strcmp(format, "csv"))
        write_csv(l, out);
    else
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "định dạng mẫu không biết: \"%s\" (chỉ có yaml, csv)", format);
    if (ferror(out))
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không ghi được tệp mẫu");
    return BC_OK;
}
