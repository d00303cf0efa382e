/* overview.c — see overview.h. */
#include "batch/overview.h"

#include <stdlib.h>
#include <string.h>

#include "form/data.h"
#include "util/text.h"
#include "util/xlsxout.h"

#define FIXED_COLS 5 /* code, name, status, problem, input */

static void header(lxw_worksheet *ws, const bc_layout *l, lxw_format *h)
{
    static const char *const fixed[FIXED_COLS] = {"Mã đơn vị", "Tên đơn vị", "Trạng thái",
                                                  "Lỗi (đầu tiên)", "Tệp dữ liệu"};
    static const double widths[FIXED_COLS] = {12, 40, 10, 50, 30};
    for (int c = 0; c < FIXED_COLS; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, fixed[c], h);
    }
    lxw_col_t c = FIXED_COLS;
    for (size_t i = 0; i < l->ninfos; i++) {
        const bc_field *f = bc_layout_find(l, l->infos[i].key);
        if (!f || !bc_ftype_numeric(f->type) || f->type == BC_FT_YEAR)
            continue;
        worksheet_set_column(ws, c, c, 16, NULL);
        worksheet_write_string(ws, 0, c++, f->label, h);
    }
}

/* The first line of a unit's messages. */
static void first_problem(lxw_worksheet *ws, lxw_row_t r, const char *error)
{
    if (!error || !*error)
        return;
    char *line = strndup(error, strcspn(error, "\n"));
    if (line)
        worksheet_write_string(ws, r, 3, line, NULL);
    free(line);
}

static void figures(lxw_worksheet *ws, lxw_row_t r, const bc_layout *l, const bc_unit *u)
{
    bc_data *d = NULL;
    bc_err e = BC_ERR_INIT;
    bc_status st = u->tree ? bc_data_load_tree(l, u->tree->file, u->tree, &d, &e)
                           : bc_data_load(l, u->input, &d, &e);
    bc_err_free(&e);
    if (st != BC_OK)
        return;
    lxw_col_t c = FIXED_COLS;
    for (size_t i = 0; i < l->ninfos; i++) {
        const bc_field *f = bc_layout_find(l, l->infos[i].key);
        if (!f || !bc_ftype_numeric(f->type) || f->type == BC_FT_YEAR)
            continue;
        const bc_value *v = bc_data_value(d, f, 0);
        if (v->present)
            worksheet_write_number(ws, r, c, v->num, NULL);
        c++;
    }
    bc_data_free(d);
}

bc_status bc_overview_write(const char *out_dir, const char *suffix, const bc_layout *l,
                            const bc_unit *units, const bc_record *recs, int n, bc_err *err)
{
    char *path = bc_strfmt("%s/%s%s.xlsx", out_dir, BC_OVERVIEW_NAME, suffix);
    if (!path)
        return bc_err_oom(err, out_dir);
    bc_xlsxout o;
    bc_status st = bc_xlsxout_open(&o, path, err);
    if (st == BC_OK) {
        lxw_worksheet *ws = workbook_add_worksheet(o.wb, "Tổng hợp");
        lxw_format *h = workbook_add_format(o.wb);
        format_set_bold(h);
        format_set_text_wrap(h);
        format_set_bg_color(h, 0xD9E1F2);
        header(ws, l, h);
        lxw_col_t last = FIXED_COLS;
        for (size_t i = 0; i < l->ninfos; i++) {
            const bc_field *f = bc_layout_find(l, l->infos[i].key);
            last += f && bc_ftype_numeric(f->type) && f->type != BC_FT_YEAR;
        }
        for (int i = 0; i < n; i++) {
            lxw_row_t r = (lxw_row_t)(i + 1);
            const bc_record *rec = &recs[i];
            worksheet_write_string(ws, r, 0, rec->code ? rec->code : units[i].code, NULL);
            worksheet_write_string(ws, r, 1, rec->name ? rec->name : "", NULL);
            worksheet_write_string(ws, r, 2, rec->status == BC_UNIT_OK ? "đạt" : "lỗi", NULL);
            first_problem(ws, r, rec->error);
            worksheet_write_string(ws, r, 4, units[i].input, NULL);
            if (rec->status == BC_UNIT_OK)
                figures(ws, r, l, &units[i]);
        }
        worksheet_set_row(ws, 0, 60, NULL);
        worksheet_freeze_panes(ws, 1, 2);
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(n > 0 ? n : 1), last - 1);
        st = bc_xlsxout_close(&o, BC_OK, err);
    }
    free(path);
    return st;
}
