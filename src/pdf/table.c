/* table.c — see table.h. */
#include "pdf/table.h"

#include <string.h>

#define PAD_X (1.5 * BC_PT_PER_MM)
#define PAD_Y (1.0 * BC_PT_PER_MM)

typedef struct grid {
    const bc_table *t;
    double *colx;      /* ncols + 1 edges */
    double *rowh;      /* heights */
    bc_textbox *boxes; /* nrows × ncols, laid out at origin slots */
    bc_textbox *dboxes; /* the lower-left label of a diagonal cell (same index), else empty */
} grid;

static bc_style cell_style(const bc_flow *f, const bc_row *row, const bc_cell *c)
{
    bc_style st = f->doc->styles[c->para->style];
    if (row->group)
        st.bold = 1;
    return st;
}

static double span_width(const grid *g, int c, int colspan)
{
    return g->colx[c + colspan] - g->colx[c];
}

/* A diagonal cell's two labels: the upper at the right, the lower at the left, so the rule
 * from the top-left to the bottom-right corner runs between them. */
static bc_status layout_diagonal(bc_flow *f, const bc_cell *cell, const bc_style *st, double w,
                                 bc_textbox *upper, bc_textbox *lower)
{
    upper->align = BC_ALIGN_RIGHT;
    bc_status s = bc_text_layout(f->a, &f->fs, cell->diag, st, w, lower, f->err);
    lower->align = BC_ALIGN_LEFT;
    return s;
}

static void draw_diagonal(bc_flow *f, const grid *g, int r, int c, double x, double y, double w,
                          double h)
{
    const bc_textbox *lower = &g->dboxes[r * g->t->ncols + c];
    HPDF_Page_MoveTo(f->page, (HPDF_REAL)x, (HPDF_REAL)y);
    HPDF_Page_LineTo(f->page, (HPDF_REAL)(x + w), (HPDF_REAL)(y - h));
    HPDF_Page_Stroke(f->page);
    bc_flow_draw_box(f, &g->boxes[r * g->t->ncols + c], x + PAD_X, y - PAD_Y, w - 2 * PAD_X);
    bc_flow_draw_box(f, lower, x + PAD_X, y - h + PAD_Y + bc_textbox_height(lower),
                     w - 2 * PAD_X);
}

/* Lays out the cells of rows [0, nrows) and sets the row heights. */
static bc_status measure(bc_flow *f, grid *g, int nrows)
{
    const bc_table *t = g->t;
    for (int r = 0; r < nrows; r++)
        g->rowh[r] = 0;
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            const bc_cell *cell = &t->rows[r].cells[c];
            if (cell->covered)
                continue;
            bc_style st = cell_style(f, &t->rows[r], cell);
            bc_textbox *tb = &g->boxes[r * t->ncols + c];
            double w = span_width(g, c, cell->colspan) - 2 * PAD_X;
            bc_status s = bc_text_layout(f->a, &f->fs, cell->para, &st, w, tb, f->err);
            if (s == BC_OK && cell->diag)
                s = layout_diagonal(f, cell, &st, w, tb, &g->dboxes[r * t->ncols + c]);
            if (s != BC_OK)
                return s;
            double h = bc_textbox_height(tb) + bc_textbox_height(&g->dboxes[r * t->ncols + c]) +
                       2 * PAD_Y;
            if (cell->rowspan == 1 && h > g->rowh[r])
                g->rowh[r] = h;
        }
    /* A merged cell taller than the rows it spans makes its last row taller. */
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            const bc_cell *cell = &t->rows[r].cells[c];
            if (cell->covered || cell->rowspan == 1)
                continue;
            double have = 0;
            for (int k = r; k < r + cell->rowspan; k++)
                have += g->rowh[k];
            double need = bc_textbox_height(&g->boxes[r * t->ncols + c]) + 2 * PAD_Y;
            if (need > have)
                g->rowh[r + cell->rowspan - 1] += need - have;
        }
    return BC_OK;
}

/* The last row of the band that starts at `r`: rows tied by vertical merges stay together. */
static int band_end(const bc_table *t, int r)
{
    int end = r;
    for (int k = r; k <= end; k++)
        for (int c = 0; c < t->ncols; c++) {
            const bc_cell *cell = &t->rows[k].cells[c];
            if (!cell->covered && k + cell->rowspan - 1 > end)
                end = k + cell->rowspan - 1;
        }
    return end;
}

static double rows_height(const grid *g, int from, int to)
{
    double h = 0;
    for (int r = from; r <= to; r++)
        h += g->rowh[r];
    return h;
}

static int band_notes(const grid *g, int from, int to, int *notes, int max)
{
    int n = 0;
    for (int r = from; r <= to; r++)
        for (int c = 0; c < g->t->ncols; c++) {
            const bc_textbox *tb = &g->boxes[r * g->t->ncols + c];
            for (int i = 0; i < tb->nnotes && n < max; i++)
                notes[n++] = tb->notes[i];
        }
    return n;
}

static void draw_rows(bc_flow *f, const grid *g, int from, int to)
{
    const bc_table *t = g->t;
    double y = f->y;
    HPDF_Page_SetLineWidth(f->page, 0.6);
    for (int r = from; r <= to; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const bc_cell *cell = &t->rows[r].cells[c];
            if (cell->covered)
                continue;
            double x = g->colx[c], w = span_width(g, c, cell->colspan);
            double h = rows_height(g, r, r + cell->rowspan - 1);
            HPDF_Page_Rectangle(f->page, (HPDF_REAL)x, (HPDF_REAL)(y - h), (HPDF_REAL)w,
                                (HPDF_REAL)h);
            HPDF_Page_Stroke(f->page);
            if (cell->diag) {
                draw_diagonal(f, g, r, c, x, y, w, h);
                continue;
            }
            const bc_textbox *tb = &g->boxes[r * t->ncols + c];
            /* Header text sits in the middle of its cell, body text at the top. */
            double top = y - PAD_Y;
            if (t->rows[r].header)
                top = y - (h - bc_textbox_height(tb)) / 2;
            bc_flow_draw_box(f, tb, x + PAD_X, top, w - 2 * PAD_X);
        }
        y -= g->rowh[r];
    }
    f->y = y;
    f->fresh = 0;
}

static bc_status grid_new(bc_flow *f, const bc_table *t, grid *g)
{
    *g = (grid){t, BC_NEW_N(f->a, double, t->ncols + 1), BC_NEW_N(f->a, double, t->nrows),
                BC_NEW_N(f->a, bc_textbox, t->nrows * t->ncols),
                BC_NEW_N(f->a, bc_textbox, t->nrows * t->ncols)};
    if (!g->colx || !g->rowh || !g->boxes || !g->dboxes)
        return bc_err_oom(f->err, NULL);
    double width = f->right - f->left;
    g->colx[0] = f->left;
    for (int c = 0; c < t->ncols; c++)
        g->colx[c + 1] = g->colx[c] + t->widths[c] * width;
    return BC_OK;
}

/* Bands of body rows a table leaves on either side of a page break. */
enum { MIN_BANDS = 2 };

/* The body's bands: their first rows, `*nb` of them. */
static int *bands(bc_flow *f, const bc_table *t, int *nb)
{
    int *v = BC_NEW_N(f->a, int, t->nrows > 0 ? t->nrows : 1);
    *nb = 0;
    for (int r = t->nheader; v && r < t->nrows; r = band_end(t, r) + 1)
        v[(*nb)++] = r;
    return v;
}

/* The last band that must share a page with band `k`: a table starts with at least two bands
 * (all of a table too short to leave two on each side of a break), a group row keeps with the
 * first row of its group, and the last two bands stay together. */
static int keep_end(const bc_table *t, const int *bs, int nb, int k)
{
    int end = k;
    if (k == 0)
        end = nb <= 2 * MIN_BANDS - 1 ? nb - 1 : MIN_BANDS - 1;
    if (t->rows[bs[k]].group && end < k + 1)
        end = k + 1;
    if (end >= nb - MIN_BANDS)
        end = nb - 1;
    return end;
}

/* The last row of band `k`. */
static int band_last(const bc_table *t, const int *bs, int nb, int k)
{
    return k + 1 < nb ? bs[k + 1] - 1 : t->nrows - 1;
}

bc_status bc_pdf_table_lead(bc_flow *f, const bc_table *t, double *height)
{
    grid g;
    int nb = 0;
    *height = 0;
    bc_status s = grid_new(f, t, &g);
    int *bs = s == BC_OK ? bands(f, t, &nb) : NULL;
    if (s == BC_OK && !bs)
        s = bc_err_oom(f->err, NULL);
    int last = nb > 0 ? band_last(t, bs, nb, keep_end(t, bs, nb, 0)) : t->nrows - 1;
    if (s == BC_OK && last >= 0)
        s = measure(f, &g, last + 1);
    if (s == BC_OK && last >= 0)
        *height = rows_height(&g, 0, last);
    return s;
}

bc_status bc_pdf_table(bc_flow *f, const bc_table *t, double after)
{
    grid g;
    int nb = 0;
    bc_status s = grid_new(f, t, &g);
    if (s == BC_OK)
        s = measure(f, &g, t->nrows);
    int *bs = s == BC_OK ? bands(f, t, &nb) : NULL;
    if (s == BC_OK && !bs)
        s = bc_err_oom(f->err, NULL);
    if (s != BC_OK)
        return s;

    int nh = t->nheader;
    double head_h = nh > 0 ? rows_height(&g, 0, nh - 1) : 0;
    int notes[64];
    int need_header = 1;
    for (int k = 0; k < nb || need_header; k++) {
        int r = k < nb ? bs[k] : t->nrows, last = k < nb ? band_last(t, bs, nb, k) : r - 1;
        int nn = k < nb ? band_notes(&g, r, last, notes, 64) : 0;
        double need = 0;
        if (k < nb) {
            int end = keep_end(t, bs, nb, k);
            need = rows_height(&g, r, band_last(t, bs, nb, end)) + (end == nb - 1 ? after : 0);
        }
        if (!bc_flow_fits(f, need + (need_header ? head_h : 0), notes, nn) && !f->fresh) {
            /* The band moves on with what it keeps; the header comes with it. */
            s = bc_flow_new_page(f, f->landscape);
            if (s != BC_OK)
                return s;
            need_header = 1;
        }
        if (need_header && nh > 0) {
            int hn = band_notes(&g, 0, nh - 1, notes + nn, 64 - nn);
            bc_flow_take_notes(f, notes + nn, hn);
            draw_rows(f, &g, 0, nh - 1);
        }
        need_header = 0;
        if (k >= nb)
            break;
        bc_flow_take_notes(f, notes, nn);
        draw_rows(f, &g, r, last);
    }
    return BC_OK;
}
