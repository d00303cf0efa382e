/* build.c — see build.h. Walks the layout's blocks in order and emits the tree: wording becomes
 * runs (text, values, blanks, boxes, footnote marks), tables become full grids with their merges,
 * signature columns become signature blocks. The layout has already resolved every placeholder
 * and every merge, so this step cannot meet an error other than running out of memory.
 */
#include "doc/build.h"

#include <stdio.h>
#include <string.h>

#include "form/data.h"
#include "form/layout.h"
#include "util/version.h"

#define CREATOR "baocao " BAOCAO_VERSION
#define BLANK_LIST_ROWS 3      /* a blank form leaves room to write rows in by hand */

typedef struct builder {
    bc_doc *doc;
    const bc_layout *l;
    const bc_data *d;   /* NULL: the blank form */
    size_t row;         /* current list row */
    int blank_row;      /* a row left empty for handwriting: placeholders print nothing */
    int *notes;         /* per layout footnote: its number in the document, 0 until used */
    int oom;
    int landscape;      /* orientation of the page being built: the width of an answer line */
    int in_cell;        /* building a table cell, whose width the renderer decides */
} builder;

static const bc_value *value_of(const builder *b, const bc_field *f)
{
    if (!b->d)
        return NULL;
    const bc_value *v = bc_data_value(b->d, f, f->list ? b->row : 0);
    return v && v->present ? v : NULL;
}

static bc_run *add_run(builder *b, bc_para *p, bc_run_kind kind, const char *text, int bold)
{
    bc_run *r = bc_para_add(b->doc, p, kind, text);
    if (!r)
        b->oom = 1;
    else
        r->bold = bold;
    return r;
}

/* Nghị định 30: days below 10 and the months 1 and 2 are written with a leading zero. */
static const char *date_part(builder *b, const bc_value *v, bc_part part)
{
    bc_arena *a = &b->doc->arena;
    if (part == BC_PART_DAY)
        return bc_arena_printf(a, "%02d", v->day);
    if (part == BC_PART_MONTH)
        return bc_arena_printf(a, v->month <= 2 ? "%02d" : "%d", v->month);
    return bc_arena_printf(a, "%d", v->year);
}

/* One line of a value with the wording's rule for spaces: a run of spaces or tabs is one space,
 * so that both renderers print it alike. */
static char *one_line(builder *b, const char *s, size_t n)
{
    char *out = bc_arena_strndup(&b->doc->arena, s, n);
    size_t k = 0;
    for (size_t i = 0; out && i < n; i++) {
        int space = out[i] == ' ' || out[i] == '\t' || out[i] == '\r';
        if (!space || !k || out[k - 1] != ' ')
            out[k++] = space ? ' ' : out[i];
    }
    if (out)
        out[k] = '\0';
    return out;
}

/* A value as runs: its line breaks (a multi-line answer) become BREAK runs, as the wording's do. */
static void add_value(builder *b, bc_para *p, const char *text, int bold, int boxed)
{
    for (;;) {
        size_t n = strcspn(text, "\n");
        bc_run *r = add_run(b, p, BC_RUN_VALUE, one_line(b, text, n), bold);
        if (r)
            r->boxed = boxed;
        if (!text[n])
            return;
        add_run(b, p, BC_RUN_BREAK, NULL, 0);
        text += n + 1;
    }
}

/* Width of a full answer line of paragraph `p`: the text column less its indent. */
static double line_mm(const builder *b, const bc_para *p)
{
    const bc_page_setup *ps = &b->doc->page;
    double w = (b->landscape ? ps->height_mm : ps->width_mm) - ps->left_mm - ps->right_mm;
    return w - 10.0 * p->level - 1; /* 1 mm to spare: a line never overflows by rounding */
}

/* An answer area (`lines: N`): it starts on a new line; blank, N dotted lines the width of the
 * text (in a table cell, `blank_mm` each). */
static void add_answer(builder *b, bc_para *p, const bc_seg *g, const bc_value *v)
{
    add_run(b, p, BC_RUN_BREAK, NULL, 0);
    if (v) {
        add_value(b, p, v->text, g->bold, 0);
        return;
    }
    for (int i = 0; i < g->field->lines && !b->oom; i++) {
        if (i)
            add_run(b, p, BC_RUN_BREAK, NULL, 0);
        bc_run *r = add_run(b, p, BC_RUN_BLANK, NULL, g->bold);
        if (r)
            r->blank_mm = b->in_cell ? g->field->blank_mm : line_mm(b, p);
    }
}

static void add_field(builder *b, bc_para *p, const bc_seg *g)
{
    if (b->blank_row)
        return;
    const bc_value *v = value_of(b, g->field);
    if (g->field->lines > 0 && g->part == BC_PART_ALL) {
        add_answer(b, p, g, v);
        return;
    }
    if (v) {
        const char *text = g->part == BC_PART_ALL ? v->text : date_part(b, v, g->part);
        add_value(b, p, text, g->bold, g->field->boxed);
        return;
    }
    bc_run *r = add_run(b, p, BC_RUN_BLANK, NULL, g->bold);
    if (!r)
        return;
    r->boxed = g->field->boxed;
    /* A day or month needs a short blank; 30 mm after "ngày" would push the line apart. */
    double mm = g->field->blank_mm;
    if (g->part == BC_PART_DAY || g->part == BC_PART_MONTH)
        mm = mm < 10 ? mm : 10;
    else if (g->part == BC_PART_YEAR)
        mm = mm < 15 ? mm : 15;
    r->blank_mm = mm;
}

static void add_runs(builder *b, bc_para *p, const bc_text *t);

/* The document number of footnote `id`, adding its text on first use. */
static int note_number(builder *b, const char *id)
{
    for (size_t i = 0; i < b->l->nnotes; i++) {
        if (strcmp(b->l->notes[i].id, id))
            continue;
        if (!b->notes[i]) {
            bc_para *p = bc_para_new(b->doc, BC_STYLE_FOOTNOTE, 0);
            if (!p) {
                b->oom = 1;
                return 0;
            }
            int saved = b->blank_row;
            b->blank_row = 0;
            add_runs(b, p, &b->l->notes[i].text);
            b->blank_row = saved;
            b->notes[i] = bc_doc_add_note(b->doc, p);
        }
        return b->notes[i];
    }
    return 0;
}

static void add_runs(builder *b, bc_para *p, const bc_text *t)
{
    for (size_t i = 0; i < t->n && !b->oom; i++) {
        const bc_seg *g = &t->segs[i];
        switch (g->kind) {
        case BC_SEG_TEXT:
            add_run(b, p, BC_RUN_TEXT, g->text, g->bold);
            break;
        case BC_SEG_FIELD:
            add_field(b, p, g);
            break;
        case BC_SEG_CHECK: {
            bc_run *r = add_run(b, p, BC_RUN_CHECKBOX, NULL, g->bold);
            if (r)
                r->checked = !b->blank_row && bc_value_has(value_of(b, g->field), g->option);
            break;
        }
        case BC_SEG_BREAK:
            add_run(b, p, BC_RUN_BREAK, NULL, 0);
            break;
        case BC_SEG_TAB:
            add_run(b, p, BC_RUN_TAB, NULL, 0);
            break;
        case BC_SEG_ROWNUM:
            if (!b->blank_row)
                add_run(b, p, BC_RUN_TEXT, bc_arena_printf(&b->doc->arena, "%zu", b->row + 1),
                        g->bold);
            break;
        case BC_SEG_NOTE: {
            int n = note_number(b, g->note);
            bc_run *r = n ? add_run(b, p, BC_RUN_NOTEREF,
                                    bc_arena_printf(&b->doc->arena, "%d",
                                                    bc_doc_note_mark(b->doc, n)), g->bold)
                          : NULL;
            if (r)
                r->note = n;
            break;
        }
        }
    }
}

static bc_para *para_of(builder *b, bc_style_id style, int level, const bc_text *t)
{
    bc_para *p = bc_para_new(b->doc, style, level);
    if (!p) {
        b->oom = 1;
        return NULL;
    }
    if (t)
        add_runs(b, p, t);
    return p;
}

static void build_wording(builder *b, const bc_lblock *blk)
{
    bc_para *p = bc_para_new(b->doc, blk->style, blk->level);
    if (!p) {
        b->oom = 1;
        return;
    }
    memcpy(p->tabs_mm, blk->tabs_mm, sizeof p->tabs_mm);
    p->ntabs = blk->ntabs;
    if (blk->kind == BC_LB_ITEM && blk->number) {
        add_run(b, p, BC_RUN_TEXT, blk->number, 0);
        add_run(b, p, BC_RUN_TEXT, " ", 0);
    }
    add_runs(b, p, &blk->text);
    if (!bc_doc_add_para(b->doc, p))
        b->oom = 1;
}

/* ---- tables ---- */

/* Lays the cells of one layout row onto grid row `r0 + cell's own row`. */
static void fill_row(builder *b, bc_table *t, const bc_lrow *row, int r0, bc_style_id style)
{
    for (size_t i = 0; i < row->n && !b->oom; i++) {
        const bc_lcell *c = &row->cells[i];
        if (c->merge_up)
            continue; /* its slot belongs to the cell above, whose rowspan already covers it */
        int r = r0 + c->grow;
        bc_cell *cell = &t->rows[r].cells[c->gcol];
        cell->para->style = style;
        if (c->has_align) { /* the cell's own, over its column's */
            cell->para->has_align = 1;
            cell->para->align = c->align;
        }
        b->in_cell = 1;
        add_runs(b, cell->para, &c->text);
        if (c->diag && (cell->diag = bc_para_new(b->doc, style, 0)))
            add_runs(b, cell->diag, c->diag);
        else if (c->diag)
            b->oom = 1;
        b->in_cell = 0;
        if (c->rowspan > 1 || c->colspan > 1)
            bc_table_merge(t, r, c->gcol, c->rowspan, c->colspan);
    }
}

static void fill_numbers_row(builder *b, bc_table *t, int r)
{
    t->rows[r].header = 1;
    for (int c = 0; c < t->ncols && !b->oom; c++) {
        bc_para *p = t->rows[r].cells[c].para;
        p->style = BC_STYLE_TABLE_HEAD;
        add_run(b, p, BC_RUN_TEXT, bc_arena_printf(&b->doc->arena, "(%d)", c + 1), 0);
    }
}

static void normalise_widths(bc_table *t, const bc_ltable *lt)
{
    double total = 0;
    for (int c = 0; c < lt->ncols; c++)
        total += lt->widths[c];
    for (int c = 0; c < lt->ncols; c++)
        t->widths[c] = total > 0 ? lt->widths[c] / total : 1.0 / lt->ncols;
}

/* Grid rows a body row takes: one for a fixed row; for a list, one per item (three empty ones on
 * the blank form). */
static size_t body_rows(const builder *b, const bc_lrow *row)
{
    if (!row->list)
        return 1;
    return b->d ? bc_data_rows(b->d, row->list) : BLANK_LIST_ROWS;
}

/* Body cells take their column's alignment when the layout gives `align:`. */
static void align_row(bc_table *t, const bc_ltable *lt, int r)
{
    for (int c = 0; lt->has_align && c < t->ncols; c++) {
        t->rows[r].cells[c].para->has_align = 1;
        t->rows[r].cells[c].para->align = lt->align[c];
    }
}

/* Fills the body from grid row `r`: fixed rows as written, list patterns once per item. */
static void fill_body(builder *b, bc_table *t, const bc_ltable *lt, int r)
{
    int run = r; /* first grid row of the current run of fixed rows (their rowspans start there) */
    for (size_t i = 0; i < lt->nrows && !b->oom; i++) {
        const bc_lrow *row = &lt->rows[i];
        if (!row->list) {
            if (i == 0 || lt->rows[i - 1].list)
                run = r;
            t->rows[r].group = row->group;
            align_row(t, lt, r);
            fill_row(b, t, row, run, BC_STYLE_TABLE);
            r++;
            continue;
        }
        size_t n = body_rows(b, row);
        b->blank_row = b->d == NULL;
        for (size_t k = 0; k < n; k++, r++) {
            b->row = k;
            align_row(t, lt, r);
            fill_row(b, t, row, r, BC_STYLE_TABLE); /* the pattern is row 0 of its own grid */
        }
        b->blank_row = 0;
        b->row = 0;
    }
}

static void build_table(builder *b, const bc_ltable *lt)
{
    int nhead = (int)lt->nheader + (lt->numbers ? 1 : 0), nrows = nhead;
    for (size_t i = 0; i < lt->nrows; i++)
        nrows += (int)body_rows(b, &lt->rows[i]);
    bc_table *t = bc_table_new(b->doc, lt->ncols, nrows);
    if (!t) {
        b->oom = 1;
        return;
    }
    normalise_widths(t, lt);
    t->nheader = nhead;
    for (size_t i = 0; i < lt->nheader; i++) {
        t->rows[i].header = 1;
        fill_row(b, t, &lt->header[i], 0, BC_STYLE_TABLE_HEAD);
    }
    if (lt->numbers)
        fill_numbers_row(b, t, (int)lt->nheader);
    fill_body(b, t, lt, nhead);
    if (!b->oom && !bc_doc_add_table(b->doc, t))
        b->oom = 1;
}

/* ---- signatures, meta ---- */

/* The filled-in values of `t`'s fields, in order, separated by spaces; NULL when none is filled. */
static const char *field_values(builder *b, const bc_text *t)
{
    bc_arena *a = &b->doc->arena;
    const char *out = NULL;
    for (size_t i = 0; t && i < t->n; i++) {
        const bc_seg *g = &t->segs[i];
        const bc_value *v = g->kind == BC_SEG_FIELD ? value_of(b, g->field) : NULL;
        if (v && v->text && *v->text)
            out = out ? bc_arena_printf(a, "%s %s", out, v->text) : v->text;
    }
    return out;
}

/* Whether a field of `t` (the place-and-date line) is left blank. */
static int has_blank_field(builder *b, const bc_text *t)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->segs[i].kind == BC_SEG_FIELD && !value_of(b, t->segs[i].field))
            return 1;
    return 0;
}

static void build_signatures(builder *b, const bc_lblock *blk)
{
    bc_sigblock *s = bc_sigblock_new(b->doc, (int)blk->nsigs);
    if (!s) {
        b->oom = 1;
        return;
    }
    s->at = blk->sig_at;
    for (size_t i = 0; i < blk->nsigs; i++) {
        const bc_lsig *ls = &blk->sigs[i];
        bc_sigcol *c = &s->cols[i];
        c->role = bc_arena_strdup(&b->doc->arena, ls->role);
        c->space_mm = ls->space_mm;
        c->place = ls->place ? para_of(b, BC_STYLE_SIGN_PLACE, 0, ls->place) : NULL;
        c->title = ls->title ? para_of(b, BC_STYLE_SIGN_TITLE, 0, ls->title) : NULL;
        c->note = ls->note ? para_of(b, BC_STYLE_SIGN_NOTE, 0, ls->note) : NULL;
        c->name = ls->name ? para_of(b, BC_STYLE_SIGN_NAME, 0, ls->name) : NULL;
        c->signer = b->d ? field_values(b, ls->name) : NULL;
        c->undated = b->d && has_blank_field(b, ls->place);
    }
    if (!b->oom && !bc_doc_add_signatures(b->doc, s))
        b->oom = 1;
}

/* Metadata wording with values filled in; a missing value prints nothing. */
static const char *meta_text(builder *b, const bc_text *t)
{
    if (!t)
        return NULL;
    bc_para *p = bc_para_new(b->doc, BC_STYLE_BODY, 0);
    if (!p) {
        b->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < t->n; i++) {
        const bc_seg *g = &t->segs[i];
        const bc_value *v = g->kind == BC_SEG_FIELD ? value_of(b, g->field) : NULL;
        if (g->kind == BC_SEG_TEXT)
            add_run(b, p, BC_RUN_TEXT, g->text, 0);
        else if (v)
            add_run(b, p, BC_RUN_TEXT, g->part == BC_PART_ALL ? v->text : date_part(b, v, g->part),
                    0);
    }
    return bc_para_text(b->doc, p);
}

/* A Phụ lục VI element: the wording with its values for Text; for Integer and Date (the loader
 * allows one placeholder or a literal) the value in the XMP type's form, not as printed. */
static const char *archive_text(builder *b, const bc_text *t, bc_am_type type)
{
    if (!t || type == BC_AM_TEXT || t->n != 1 || t->segs[0].kind != BC_SEG_FIELD) {
        const char *s = meta_text(b, t);
        return s && *s ? s : NULL;
    }
    const bc_value *v = value_of(b, t->segs[0].field);
    if (!v)
        return NULL;
    if (type == BC_AM_DATE)
        return bc_arena_printf(&b->doc->arena, "%04d-%02d-%02d", v->year, v->month, v->day);
    return v->num >= 0 && v->num < 1e9 ? bc_arena_printf(&b->doc->arena, "%.0f", v->num) : NULL;
}

static void set_up(builder *b)
{
    bc_doc *doc = b->doc;
    const bc_layout *l = b->l;
    doc->page.top_mm = l->margin_top;
    doc->page.bottom_mm = l->margin_bottom;
    doc->page.left_mm = l->margin_left;
    doc->page.right_mm = l->margin_right;
    doc->page.landscape = l->landscape;
    doc->meta.title = bc_arena_strdup(&doc->arena, l->title);
    doc->meta.author = meta_text(b, l->meta_author);
    doc->meta.subject = meta_text(b, l->meta_subject);
    doc->meta.keywords = meta_text(b, l->meta_keywords);
    doc->meta.creator = CREATOR;
    doc->meta.form_id = bc_arena_strdup(&doc->arena, l->id);
    for (int i = 0; i < BC_AM_COUNT; i++)
        doc->meta.archive[i] = archive_text(b, l->meta_archive[i], bc_am_props[i].type);
    if (l->attachment)
        doc->org_sig_role = "to-chuc";
    doc->note_start = l->note_start > 0 ? l->note_start : 1;
    doc->notes_at_end = l->notes_at_end;
}

bc_status bc_build(const bc_layout *layout, const bc_data *data, bc_doc **out, bc_err *err)
{
    *out = NULL;
    bc_doc *doc = bc_doc_new(layout->font_size);
    if (!doc)
        return bc_err_oom(err, NULL);
    builder b = {doc, layout, data, 0, 0, NULL, 0, layout->landscape, 0};
    b.notes = BC_NEW_N(&doc->arena, int, layout->nnotes ? layout->nnotes : 1);
    b.oom = !b.notes;
    set_up(&b);
    for (size_t i = 0; i < layout->nblocks && !b.oom; i++) {
        const bc_lblock *blk = &layout->blocks[i];
        switch (blk->kind) {
        case BC_LB_TABLE:
            build_table(&b, blk->table);
            break;
        case BC_LB_SIGNATURES:
            build_signatures(&b, blk);
            break;
        case BC_LB_PAGE:
            b.landscape = blk->landscape;
            if (!bc_doc_add_page(doc, blk->landscape))
                b.oom = 1;
            break;
        default:
            build_wording(&b, blk);
        }
    }
    if (b.oom) {
        bc_doc_free(doc);
        return bc_err_oom(err, NULL);
    }
    *out = doc;
    return BC_OK;
}
