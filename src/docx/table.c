/* table.c — see table.h. Property children follow the schema order (tblPr: tblW jc tblInd
 * tblBorders tblLayout tblCellMar tblLook; tcPr: tcW gridSpan vMerge tcBorders … vAlign). */
#include "docx/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx/units.h"

enum { CELL_MARGIN = 85 }; /* 1.5 mm between a cell's border and its text */

static void width_elem(bc_xw *x, const char *name, long w)
{
    bc_xw_start(x, name);
    bc_xw_attr_int(x, "w:w", w);
    bc_xw_attr(x, "w:type", "dxa");
    bc_xw_end(x);
}

static void borders(bc_xw *x, int visible)
{
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right",
                                        "w:insideH", "w:insideV"};
    bc_xw_start(x, "w:tblBorders");
    for (int i = 0; i < 6; i++) {
        bc_xw_start(x, sides[i]);
        bc_xw_attr(x, "w:val", visible ? "single" : "nil");
        if (visible) {
            bc_xw_attr_int(x, "w:sz", 4); /* eighths of a point: ½ pt */
            bc_xw_attr_int(x, "w:space", 0);
            bc_xw_attr(x, "w:color", "000000");
        }
        bc_xw_end(x);
    }
    bc_xw_end(x);
}

static void table_props(bc_xw *x, long total, int visible_borders)
{
    bc_xw_start(x, "w:tblPr");
    width_elem(x, "w:tblW", total);
    width_elem(x, "w:tblInd", 0);
    borders(x, visible_borders);
    bc_xw_start(x, "w:tblLayout");
    bc_xw_attr(x, "w:type", "fixed");
    bc_xw_end(x);
    bc_xw_start(x, "w:tblCellMar");
    width_elem(x, "w:left", CELL_MARGIN);
    width_elem(x, "w:right", CELL_MARGIN);
    bc_xw_end(x);
    bc_xw_start(x, "w:tblLook");
    bc_xw_attr(x, "w:val", "0000");
    bc_xw_attr(x, "w:firstRow", "0");
    bc_xw_attr(x, "w:lastRow", "0");
    bc_xw_attr(x, "w:firstColumn", "0");
    bc_xw_attr(x, "w:lastColumn", "0");
    bc_xw_attr(x, "w:noHBand", "1");
    bc_xw_attr(x, "w:noVBand", "1");
    bc_xw_end(x);
    bc_xw_end(x);
}

/* Column widths in twips; cumulative rounding so they add up to `total` exactly. */
static void grid_widths(const double *frac, int n, long total, long *out)
{
    double sum = 0, acc = 0;
    for (int i = 0; i < n; i++)
        sum += frac ? (frac[i] > 0 ? frac[i] : 0) : 1;
    long prev = 0;
    for (int i = 0; i < n; i++) {
        acc += frac ? (frac[i] > 0 ? frac[i] : 0) : 1;
        long edge = sum > 0 ? lround(total * acc / sum) : lround((double)total * (i + 1) / n);
        out[i] = edge - prev;
        prev = edge;
    }
}

static void grid(bc_xw *x, const long *w, int n)
{
    bc_xw_start(x, "w:tblGrid");
    for (int i = 0; i < n; i++) {
        bc_xw_start(x, "w:gridCol");
        bc_xw_attr_int(x, "w:w", w[i]);
        bc_xw_end(x);
    }
    bc_xw_end(x);
}

static void row_props(bc_xw *x, int header, long exact_height)
{
    bc_xw_start(x, "w:trPr");
    bc_xw_empty(x, "w:cantSplit");
    if (exact_height > 0) {
        bc_xw_start(x, "w:trHeight");
        bc_xw_attr_int(x, "w:val", exact_height);
        bc_xw_attr(x, "w:hRule", "exact");
        bc_xw_end(x);
    }
    if (header)
        bc_xw_empty(x, "w:tblHeader");
    bc_xw_end(x);
}

typedef enum { MERGE_NONE, MERGE_RESTART, MERGE_CONTINUE } merge_kind;

static void cell_props(bc_xw *x, long width, int span, merge_kind merge, int center)
{
    bc_xw_start(x, "w:tcPr");
    width_elem(x, "w:tcW", width);
    if (span > 1)
        bc_xw_val_int(x, "w:gridSpan", span);
    if (merge == MERGE_RESTART)
        bc_xw_val(x, "w:vMerge", "restart");
    else if (merge == MERGE_CONTINUE)
        bc_xw_empty(x, "w:vMerge");
    if (center)
        bc_xw_val(x, "w:vAlign", "center");
    bc_xw_end(x);
}

static long span_width(const long *w, int from, int span, int ncols)
{
    long s = 0;
    for (int i = from; i < from + span && i < ncols; i++)
        s += w[i];
    return s;
}

/* Whether body row `r` keeps with the row after it (keepNext on its paragraphs, which Word and
 * LibreOffice apply to table rows): the rules of pdf/table.c — the first row with the second, a
 * group row with the first row of its group, the last two rows together, and the last row with
 * the signature block when the table closes the body. */
static int row_keeps(const bc_table *t, int r, int closing)
{
    int first = t->nheader, last = t->nrows - 1;
    if (t->rows[r].header)
        return 0;
    return r == first || t->rows[r].group || r == last - 1 || (closing && r == last);
}

/* A diagonal cell (tree.h): the tl2br border, the upper label right-aligned above the lower
 * one left-aligned, as the PDF draws it. Never merged vertically: it heads a column. */
static void diagonal_cell(bc_xw *x, bc_docx_ctx *ctx, const bc_cell *cell, long width, int span,
                          const bc_para_opts *opt)
{
    bc_xw_start(x, "w:tcPr");
    width_elem(x, "w:tcW", width);
    if (span > 1)
        bc_xw_val_int(x, "w:gridSpan", span);
    bc_xw_start(x, "w:tcBorders");
    bc_docx_rule(x, "w:tl2br", 0);
    bc_xw_end(x);
    bc_xw_end(x);
    bc_para upper = *cell->para, lower = *cell->diag;
    upper.has_align = lower.has_align = 1;
    upper.align = BC_ALIGN_RIGHT;
    lower.align = BC_ALIGN_LEFT;
    bc_docx_para(x, ctx, &upper, BC_STYLE_TABLE, opt);
    bc_docx_para(x, ctx, &lower, BC_STYLE_TABLE, opt);
}

static void data_row(bc_xw *x, bc_docx_ctx *ctx, const bc_table *t, int r, const long *w,
                     int closing)
{
    const bc_row *row = &t->rows[r];
    bc_para_opts opt = {.bold = row->group, .keep_next = row_keeps(t, r, closing)};
    bc_xw_start(x, "w:tr");
    row_props(x, row->header, 0);
    for (int c = 0; c < t->ncols; c++) {
        const bc_cell *cell = &row->cells[c];
        if (cell->covered) {
            /* Slots covered from the left belong to a gridSpan already written; the first slot
             * of a cell covered from above is a vMerge continuation as wide as its origin. */
            int orow = cell->origin_row, ocol = cell->origin_col;
            if (orow == r || ocol != c || orow < 0 || orow >= t->nrows)
                continue;
            const bc_cell *origin = &t->rows[orow].cells[ocol];
            bc_xw_start(x, "w:tc");
            cell_props(x, span_width(w, c, origin->colspan, t->ncols), origin->colspan,
                       MERGE_CONTINUE, row->header);
            bc_docx_para(x, ctx, NULL, origin->para ? origin->para->style : BC_STYLE_TABLE,
                         &opt);
            bc_xw_end(x);
            continue;
        }
        int span = cell->colspan > 1 ? cell->colspan : 1;
        bc_xw_start(x, "w:tc");
        if (cell->diag) {
            diagonal_cell(x, ctx, cell, span_width(w, c, span, t->ncols), span, &opt);
            bc_xw_end(x);
            continue;
        }
        cell_props(x, span_width(w, c, span, t->ncols), span,
                   cell->rowspan > 1 ? MERGE_RESTART : MERGE_NONE, row->header);
        bc_docx_para(x, ctx, cell->para, BC_STYLE_TABLE, &opt);
        bc_xw_end(x);
    }
    bc_xw_end(x);
}

void bc_docx_table(bc_xw *x, bc_docx_ctx *ctx, const bc_table *t, long text_width, int closing)
{
    if (t->ncols <= 0)
        return;
    long *w = calloc((size_t)t->ncols, sizeof *w);
    if (!w) {
        x->failed = 1;
        x->why = "out of memory laying out a table";
        return;
    }
    grid_widths(t->widths, t->ncols, text_width, w);
    bc_xw_start(x, "w:tbl");
    table_props(x, text_width, 1);
    grid(x, w, t->ncols);
    for (int r = 0; r < t->nrows; r++)
        data_row(x, ctx, t, r, w, closing);
    bc_xw_end(x);
    free(w);
}

/* "Ky_" and the role with anything a bookmark name may not hold replaced by "_"; Word keeps
 * at most 40 characters. */
static void bookmark_name(const char *role, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "Ky_%s", role);
    if (n >= cap)
        n = cap - 1;
    if (n > 40)
        n = 40;
    out[n] = '\0';
    for (size_t i = 3; i < n; i++) {
        char ch = out[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            out[i] = '_';
    }
}

/* One signer's column: place and date, title, note, the signing space (exactly `space_mm`
 * tall, bookmarked by role), name — in one cell, so that the block reads signer by signer as the
 * official form does, and a person editing it moves one signer's lines together. */
static void sig_cell(bc_xw *x, bc_docx_ctx *ctx, const bc_sigcol *c, long width,
                     double space_mm)
{
    char mark[64];
    bc_para_opts keep = {.keep_next = 1};
    bc_xw_start(x, "w:tc");
    cell_props(x, width, 1, MERGE_NONE, 0);
    bc_docx_para(x, ctx, c->place, BC_STYLE_SIGN_PLACE, &keep);
    bc_docx_para(x, ctx, c->title, BC_STYLE_SIGN_TITLE, &keep);
    bc_docx_para(x, ctx, c->note, BC_STYLE_SIGN_NOTE, &keep);
    bc_para_opts space = {.keep_next = 1, .exact_twips = bc_twips_mm(space_mm)};
    if (c->role && *c->role) {
        bookmark_name(c->role, mark, sizeof mark);
        space.bookmark = mark;
    }
    if (space_mm > 0)
        bc_docx_para(x, ctx, NULL, BC_STYLE_SIGN_NOTE, &space);
    bc_docx_para(x, ctx, c->name, BC_STYLE_SIGN_NAME, NULL);
    bc_xw_end(x);
}

/* An empty cell beside a signature column placed at one side (`at`). */
static void empty_cell(bc_xw *x, bc_docx_ctx *ctx, long width)
{
    bc_xw_start(x, "w:tc");
    cell_props(x, width, 1, MERGE_NONE, 0);
    bc_docx_para(x, ctx, NULL, BC_STYLE_SIGN_NOTE, NULL);
    bc_xw_end(x);
}

/* One column at the left, centre or right (tree.h): half the width, with empty cells beside. */
static void placed_signature(bc_xw *x, bc_docx_ctx *ctx, const bc_sigblock *s, long text_width)
{
    double left = s->at == BC_ALIGN_LEFT ? 0 : s->at == BC_ALIGN_CENTER ? 0.25 : 0.5;
    double frac[3] = {left, 0.5, 0.5 - left};
    long w[3];
    int first = left > 0 ? 0 : 1, last = frac[2] > 0 ? 2 : 1;
    grid_widths(frac + first, last - first + 1, text_width, w);
    bc_xw_start(x, "w:tbl");
    table_props(x, text_width, 0);
    grid(x, w, last - first + 1);
    bc_xw_start(x, "w:tr");
    row_props(x, 0, 0);
    for (int k = first; k <= last; k++) {
        if (k == 1)
            sig_cell(x, ctx, &s->cols[0], w[k - first], bc_sigblock_space_mm(s));
        else
            empty_cell(x, ctx, w[k - first]);
    }
    bc_xw_end(x);
    bc_xw_end(x);
}

void bc_docx_signatures(bc_xw *x, bc_docx_ctx *ctx, const bc_sigblock *s, long text_width)
{
    if (s->ncols <= 0)
        return;
    if (s->ncols == 1 && s->at != BC_ALIGN_JUSTIFY) {
        placed_signature(x, ctx, s, text_width);
        return;
    }
    long *w = calloc((size_t)s->ncols, sizeof *w);
    if (!w) {
        x->failed = 1;
        x->why = "out of memory laying out a signature block";
        return;
    }
    grid_widths(NULL, s->ncols, text_width, w);
    bc_xw_start(x, "w:tbl");
    table_props(x, text_width, 0);
    grid(x, w, s->ncols);
    bc_xw_start(x, "w:tr");
    row_props(x, 0, 0);
    for (int i = 0; i < s->ncols; i++)
        sig_cell(x, ctx, &s->cols[i], w[i] ? w[i] : text_width / s->ncols,
                 bc_sigblock_space_mm(s));
    bc_xw_end(x);
    bc_xw_end(x);
    free(w);
}
