/* overview.c — see overview.h. */
#include "batch/overview.h"

#include <stdlib.h>
#include <string.h>

#include "batch/pool.h"
#include "form/data.h"
#include "util/text.h"
#include "util/xlsxout.h"

#define FIXED_COLS 5 /* code, name, status, problem, input */

/* Each unit's figures, read again from its data by the batch's worker processes (pool.h):
 * loading 3,321 data files one after another in the parent left a core idle at the end of a
 * run. A worker writes one line per unit, a figure or "-" per column, "x" when the data no
 * longer loads; %.17g gives the parent the very double the worker read. */
typedef struct figures {
    const bc_layout *l;
    const bc_unit *units;
    const bc_record *recs;
    const bc_field **fields;
    int ncols;
    double *v;      /* [unit][column] */
    char *present;  /* likewise: 1 when the unit has that figure */
} figures;

static void header(lxw_worksheet *ws, const figures *F, lxw_format *h)
{
    static const char *const fixed[FIXED_COLS] = {"Mã đơn vị", "Tên đơn vị", "Trạng thái",
                                                  "Lỗi (đầu tiên)", "Tệp dữ liệu"};
    static const double widths[FIXED_COLS] = {12, 40, 10, 50, 30};
    for (int c = 0; c < FIXED_COLS; c++) {
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, fixed[c], h);
    }
    for (int k = 0; k < F->ncols; k++) {
        lxw_col_t c = (lxw_col_t)(FIXED_COLS + k);
        worksheet_set_column(ws, c, c, 16, NULL);
        worksheet_write_string(ws, 0, c, F->fields[k]->label, h);
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

/* The numeric top-level fields of the form (not years), in form order: the figure columns. */
static int figure_fields(const bc_layout *l, const bc_field **out)
{
    int n = 0;
    for (size_t i = 0; i < l->ninfos; i++) {
        const bc_field *f = bc_layout_find(l, l->infos[i].key);
        if (f && bc_ftype_numeric(f->type) && f->type != BC_FT_YEAR) {
            if (out)
                out[n] = f;
            n++;
        }
    }
    return n;
}

static void figures_work(void *ctx, int i, bc_buf *line)
{
    figures *F = ctx;
    const bc_unit *u = &F->units[i];
    if (F->recs[i].status != BC_UNIT_OK) { /* a failed unit has no figures */
        bc_buf_puts(line, "x");
        return;
    }
    bc_data *d = NULL;
    bc_err e = BC_ERR_INIT;
    bc_status st = u->tree ? bc_data_load_tree(F->l, u->tree->file, u->tree, &d, &e)
                           : bc_data_load(F->l, u->input, &d, &e);
    bc_err_free(&e);
    if (st != BC_OK) {
        bc_buf_puts(line, "x");
        return;
    }
    for (int c = 0; c < F->ncols; c++) {
        const bc_value *v = bc_data_value(d, F->fields[c], 0);
        if (c)
            bc_buf_putc(line, '\t');
        if (v->present)
            bc_buf_printf(line, "%.17g", v->num);
        else
            bc_buf_putc(line, '-');
    }
    bc_data_free(d);
}

static void figures_done(void *ctx, int i, const char *line)
{
    figures *F = ctx;
    if (!line || *line == 'x')
        return; /* the worker died or the data no longer loads: no figures, as for a failure */
    const char *p = line;
    for (int c = 0; c < F->ncols && *p; c++) {
        char *end = (char *)p;
        if (*p != '-') {
            double v = strtod(p, &end);
            if (end != p) {
                F->v[(size_t)i * (size_t)F->ncols + (size_t)c] = v;
                F->present[(size_t)i * (size_t)F->ncols + (size_t)c] = 1;
            }
        }
        p = strchr(p, '\t');
        if (!p)
            break;
        p++;
    }
}

/* Loads the figures of the units that succeeded; units that failed keep none. */
static bc_status read_figures(figures *F, int n, int workers, bc_err *err)
{
    F->ncols = figure_fields(F->l, NULL);
    size_t cells = (size_t)(n > 0 ? n : 1) * (size_t)(F->ncols > 0 ? F->ncols : 1);
    F->fields = calloc((size_t)(F->ncols > 0 ? F->ncols : 1), sizeof *F->fields);
    F->v = calloc(cells, sizeof *F->v);
    F->present = calloc(cells, 1);
    if (!F->fields || !F->v || !F->present)
        return bc_err_oom(err, NULL);
    figure_fields(F->l, F->fields);
    int stopped = 0;
    return n > 0 && F->ncols > 0
               ? bc_pool_run(workers, n, figures_work, figures_done, F, NULL, &stopped, err)
               : BC_OK;
}

static void figures_free(figures *F)
{
    free(F->fields);
    free(F->v);
    free(F->present);
}

static void write_figures(lxw_worksheet *ws, lxw_row_t r, const figures *F, int i)
{
    for (int c = 0; c < F->ncols; c++) {
        size_t k = (size_t)i * (size_t)F->ncols + (size_t)c;
        if (F->present[k])
            worksheet_write_number(ws, r, (lxw_col_t)(FIXED_COLS + c), F->v[k], NULL);
    }
}

bc_status bc_overview_write(const char *out_dir, const char *suffix, const bc_layout *l,
                            const bc_unit *units, const bc_record *recs, int n, int workers,
                            bc_err *err)
{
    figures F = {l, units, recs, NULL, 0, NULL, NULL};
    bc_status st = read_figures(&F, n, workers, err);
    char *path = st == BC_OK ? bc_strfmt("%s/%s%s.xlsx", out_dir, BC_OVERVIEW_NAME, suffix) : NULL;
    if (st == BC_OK && !path)
        st = bc_err_oom(err, out_dir);
    bc_xlsxout o;
    if (st == BC_OK)
        st = bc_xlsxout_open(&o, path, err);
    if (st == BC_OK) {
        lxw_worksheet *ws = workbook_add_worksheet(o.wb, "Tổng hợp");
        lxw_format *h = workbook_add_format(o.wb);
        format_set_bold(h);
        format_set_text_wrap(h);
        format_set_bg_color(h, 0xD9E1F2);
        header(ws, &F, h);
        lxw_col_t last = (lxw_col_t)(FIXED_COLS + F.ncols);
        for (int i = 0; i < n; i++) {
            lxw_row_t r = (lxw_row_t)(i + 1);
            const bc_record *rec = &recs[i];
            worksheet_write_string(ws, r, 0, rec->code ? rec->code : units[i].code, NULL);
            worksheet_write_string(ws, r, 1, rec->name ? rec->name : "", NULL);
            worksheet_write_string(ws, r, 2, rec->status == BC_UNIT_OK ? "đạt" : "lỗi", NULL);
            first_problem(ws, r, rec->error);
            worksheet_write_string(ws, r, 4, units[i].input, NULL);
            if (rec->status == BC_UNIT_OK)
                write_figures(ws, r, &F, i);
        }
        worksheet_set_row(ws, 0, 60, NULL);
        worksheet_freeze_panes(ws, 1, 2);
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)(n > 0 ? n : 1), last - 1);
        st = bc_xlsxout_close(&o, BC_OK, err);
    }
    free(path);
    figures_free(&F);
    return st;
}
