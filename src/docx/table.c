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

/* The parts of a signature column, top down; the block has one table row per part. */
typedef enum { PART_PLACE, PART_TITLE, PART_NOTE, PART_SPACE, PART_NAME, PART_COUNT } sig_part;

static const bc_style_id PART_STYLE[PART_COUNT] = {BC_STYLE_SIGN_PLACE, BC_STYLE_SIGN_TITLE,
                                                   BC_STYLE_SIGN_NOTE, BC_STYLE_SIGN_NOTE,
                                                   BC_STYLE_SIGN_NAME};

static const bc_para *part_para(const bc_sigcol *c, sig_part k)
{
    if (!c)
        return NULL;
    return k == PART_PLACE ? c->place : k == PART_TITLE ? c->title : k == PART_NOTE ? c->note
                                      : k == PART_NAME  ? c->name  : NULL;
}

/* One part of one column (`c` NULL: the empty room beside a column placed at one side). The
 * signing space is exactly `space_mm` tall and bookmarked by the column's role; every part but
 * the name keeps with the next, so the block stays on one page. */
static void sig_cell(bc_xw *x, bc_docx_ctx *ctx, const bc_sigcol *c, long width, sig_part k,
                     double space_mm)
{
    char mark[64];
    bc_para_opts opt = {.keep_next = k != PART_NAME};
    if (k == PART_SPACE) {
        opt.exact_twips = bc_twips_mm(space_mm);
        if (c && c->role && *c->role) {
            bookmark_name(c->role, mark, sizeof mark);
            opt.bookmark = mark;
        }
    }
    bc_xw_start(x, "w:tc");
    cell_props(x, width, 1, MERGE_NONE, 0);
    bc_docx_para(x, ctx, part_para(c, k), PART_STYLE[k], &opt);
    bc_xw_end(x);
}

static int part_present(const bc_sigcol *const *cols, int n, sig_part k, double space_mm)
{
    if (k == PART_SPACE)
        return space_mm > 0;
    for (int i = 0; i < n; i++)
        if (part_para(cols[i], k))
            return 1;
    return 0;
}

/* The block as a borderless table of `n` cells `w` wide per row, one row per part — place and
 * date, title, note, signing space, name — so that a part that wraps in one column (a long
 * place name beside a blank date) pushes the next row down in every column alike: titles,
 * notes and names share their baselines in any word processor. */
static void sig_table(bc_xw *x, bc_docx_ctx *ctx, const bc_sigcol *const *cols, const long *w,
                      int n, long text_width, double space_mm)
{
    bc_xw_start(x, "w:tbl");
    table_props(x, text_width, 0);
    grid(x, w, n);
    for (sig_part k = 0; k < PART_COUNT; k++) {
        if (!part_present(cols, n, k, space_mm))
            continue;
        bc_xw_start(x, "w:tr");
        row_props(x, 0, 0);
        for (int i = 0; i < n; i++)
            sig_cell(x, ctx, cols[i], w[i], k, space_mm);
        bc_xw_end(x);
    }
    bc_xw_end(x);
}

/* One column at the left, centre or right (tree.h): half the width, with empty room beside. */
static void placed_signature(bc_xw *x, bc_docx_ctx *ctx, const bc_sigblock *s, long text_width)
{
    double left = s->at == BC_ALIGN_LEFT ? 0 : s->at == BC_ALIGN_CENTER ? 0.25 : 0.5;
    double frac[3] = {left, 0.5, 0.5 - left};
    long w[3];
    const bc_sigcol *cols[3];
    int first = left > 0 ? 0 : 1, last = frac[2] > 0 ? 2 : 1, n = last - first + 1;
    grid_widths(frac + first, n, text_width, w);
    for (int k = 0; k < n; k++)
        cols[k] = first + k == 1 ? &s->cols[0] : NULL;
    sig_table(x, ctx, cols, w, n, text_width, bc_sigblock_space_mm(ctx->doc, s));
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
    const bc_sigcol **cols = calloc((size_t)s->ncols, sizeof *cols);
    if (!w || !cols) {
        free(w);
        free(cols);
        x->failed = 1;
        x->why = "out of memory laying out a signature block";
        return;
    }
    grid_widths(NULL, s->ncols, text_width, w);
    for (int i = 0; i < s->ncols; i++)
        cols[i] = &s->cols[i];
    sig_table(x, ctx, cols, w, s->ncols, text_width, bc_sigblock_space_mm(ctx->doc, s));
    free(cols);
    free(w);
}
