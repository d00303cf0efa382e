/* flow.c — see flow.h. */
#include "pdf/flow.h"

#include <stdio.h>
#include <string.h>

#include "pdf/textrun.h"

enum { NOTE_SEPARATOR_PT = 10 }; /* the short rule above the footnotes and the gap around it */

bc_status bc_flow_init(bc_flow *f, bc_arena *a, HPDF_Doc pdf, const bc_doc *doc, bc_err *err)
{
    memset(f, 0, sizeof *f);
    f->a = a;
    f->pdf = pdf;
    f->doc = doc;
    f->err = err;
    f->nnote_tb = doc->nnotes + 1;
    f->note_tb = BC_NEW_N(a, bc_textbox, f->nnote_tb);
    if (!f->note_tb)
        return bc_err_oom(err, NULL);
    return BC_OK;
}

/* A footnote as printed: its number raised, then its text. */
static bc_status layout_note(bc_flow *f, int n)
{
    bc_textbox *tb = &f->note_tb[n];
    if (tb->nlines)
        return BC_OK;
    const bc_doc *d = f->doc;
    bc_para note;
    bc_run runs[2];
    bc_flow_note_para(f, n, &note, runs);
    return bc_text_layout(f->a, &f->fs, &note, &d->styles[BC_STYLE_FOOTNOTE], f->right - f->left,
                          tb, f->err);
}

void bc_flow_note_para(bc_flow *f, int n, bc_para *note, bc_run runs[2])
{
    const bc_doc *d = f->doc;
    memset(note, 0, sizeof *note);
    memset(runs, 0, 2 * sizeof *runs);
    note->style = BC_STYLE_FOOTNOTE;
    runs[0].kind = BC_RUN_NOTEREF;
    runs[0].text = bc_arena_printf(f->a, "%d", bc_doc_note_mark(d, n));
    runs[0].note = n;
    runs[0].next = &runs[1];
    runs[1].kind = BC_RUN_TEXT;
    runs[1].text = " ";
    runs[1].next = d->notes[n - 1]->runs;
    note->runs = &runs[0];
}

static double notes_extra(bc_flow *f, const int *notes, int nnotes)
{
    if (f->doc->notes_at_end)
        return 0; /* endnotes take no room at the foot of a page */
    double h = 0;
    int any = f->npage_notes > 0;
    for (int i = 0; i < nnotes; i++) {
        int n = notes[i], on_page = 0;
        if (n < 1 || n >= f->nnote_tb)
            continue;
        for (int j = 0; j < f->npage_notes; j++)
            on_page |= f->page_notes[j] == n;
        for (int j = 0; j < i; j++)
            on_page |= notes[j] == n;
        if (on_page || layout_note(f, n) != BC_OK)
            continue;
        h += bc_textbox_height(&f->note_tb[n]);
        if (!any) {
            h += NOTE_SEPARATOR_PT;
            any = 1;
        }
    }
    return h;
}

double bc_flow_notes_height(bc_flow *f, const int *notes, int nnotes)
{
    return notes_extra(f, notes, nnotes);
}

int bc_flow_fits(bc_flow *f, double height, const int *notes, int nnotes)
{
    double need = height + notes_extra(f, notes, nnotes);
    return f->y - need >= f->bottom + f->notes_h - 0.01;
}

bc_status bc_flow_take_notes(bc_flow *f, const int *notes, int nnotes)
{
    if (f->doc->notes_at_end)
        return BC_OK;
    f->notes_h += notes_extra(f, notes, nnotes);
    for (int i = 0; i < nnotes; i++) {
        int n = notes[i], have = 0;
        for (int j = 0; j < f->npage_notes; j++)
            have |= f->page_notes[j] == n;
        if (!have && n >= 1 && n < f->nnote_tb &&
            f->npage_notes < (int)(sizeof f->page_notes / sizeof *f->page_notes))
            f->page_notes[f->npage_notes++] = n;
    }
    return BC_OK;
}

static void draw_notes(bc_flow *f)
{
    if (f->npage_notes == 0)
        return;
    double y = f->bottom + f->notes_h;
    /* The separator: a rule a third of the column wide, as word processors draw it. */
    HPDF_Page_SetLineWidth(f->page, 0.5);
    HPDF_Page_MoveTo(f->page, f->left, y - 4);
    HPDF_Page_LineTo(f->page, f->left + (f->right - f->left) / 3, y - 4);
    HPDF_Page_Stroke(f->page);
    y -= NOTE_SEPARATOR_PT;
    for (int i = 0; i < f->npage_notes; i++) {
        const bc_textbox *tb = &f->note_tb[f->page_notes[i]];
        bc_flow_draw_box(f, tb, f->left, y, f->right - f->left);
        y -= bc_textbox_height(tb);
    }
}

/* The page number, centred in the top margin as Nghị định 30 places it, drawn first so that a
 * reader extracting the text meets it before the page's content. */
static void draw_page_number(bc_flow *f)
{
    if (f->npages < f->doc->page.number_from)
        return;
    const bc_style *st = &f->doc->styles[BC_STYLE_HEADER];
    char num[16];
    snprintf(num, sizeof num, "%d", f->npages);
    double w = bc_fontset_width(&f->fs, BC_FACE_REGULAR, num, strlen(num), st->size_pt);
    double y = f->ph - f->doc->page.top_mm * BC_PT_PER_MM / 2 - st->size_pt / 3;
    HPDF_Page_BeginText(f->page);
    HPDF_Page_SetFontAndSize(f->page, f->fs.font[BC_FACE_REGULAR], (HPDF_REAL)st->size_pt);
    HPDF_Page_TextOut(f->page, (HPDF_REAL)((f->pw - w) / 2), (HPDF_REAL)y, num);
    HPDF_Page_EndText(f->page);
}

bc_status bc_flow_new_page(bc_flow *f, int landscape)
{
    if (f->page)
        draw_notes(f);
    if (f->npages == f->cap_pages) {
        int cap = f->cap_pages ? f->cap_pages * 2 : 16;
        HPDF_Page *v = BC_NEW_N(f->a, HPDF_Page, cap);
        if (!v)
            return bc_err_oom(f->err, NULL);
        if (f->npages)
            memcpy(v, f->pages, sizeof *v * (size_t)f->npages);
        f->pages = v;
        f->cap_pages = cap;
    }
    f->page = HPDF_AddPage(f->pdf);
    if (!f->page)
        return bc_err_add(f->err, BC_FAIL, NULL, 0, 0, "libharu không tạo được trang mới");
    f->pages[f->npages++] = f->page;
    const bc_page_setup *ps = &f->doc->page;
    f->landscape = landscape;
    f->pw = (landscape ? ps->height_mm : ps->width_mm) * BC_PT_PER_MM;
    f->ph = (landscape ? ps->width_mm : ps->height_mm) * BC_PT_PER_MM;
    HPDF_Page_SetWidth(f->page, (HPDF_REAL)f->pw);
    HPDF_Page_SetHeight(f->page, (HPDF_REAL)f->ph);
    /* Landscape pages keep the binding margin (left, 30 mm) on the long side that is bound in a
     * portrait document: the top edge of the turned page. Nghị định 30 does not say more, so the
     * margins simply follow the page: top/bottom stay top/bottom. */
    f->left = ps->left_mm * BC_PT_PER_MM;
    f->right = f->pw - ps->right_mm * BC_PT_PER_MM;
    f->top = f->ph - ps->top_mm * BC_PT_PER_MM;
    f->bottom = ps->bottom_mm * BC_PT_PER_MM;
    f->y = f->top;
    f->fresh = 1;
    f->npage_notes = 0;
    f->notes_h = 0;
    draw_page_number(f);
    return BC_OK;
}

static void show(bc_flow *f, bc_textrun *tr, const bc_piece *p, double x, double y)
{
    bc_textrun_show(tr, f->fs.font[p->face], f->fs.def[p->face], p->size, x, y, p->s, p->len);
}

/* An unfilled blank: a dotted leader of "…" as the official form prints its blanks. */
/* `at_end`: 0 inside a line, 1 at the end of a line it runs on to the margin, 2 alone on it. */
static void show_blank(bc_flow *f, bc_textrun *tr, const bc_piece *p, double x, double y,
                       int at_end)
{
    double ew = bc_fontset_width(&f->fs, BC_FACE_REGULAR, "…", 3, p->size);
    int n = ew > 0 ? (int)(p->w / ew) : 0;
    if (n < 1)
        n = 1;
    if (n > 150)
        n = 150;
    char buf[3 * 150 + 1];
    for (int i = 0; i < n; i++)
        memcpy(buf + 3 * i, "…", 3);
    bc_piece dots = *p;
    dots.kind = BC_PIECE_TEXT;
    dots.s = buf;
    dots.len = (size_t)n * 3;
    /* Centred in its length; a blank run on to the end of its line ends flush with the margin,
     * as a justified line does, and one that fills a line alone starts at its start. */
    double lead = at_end > 1 ? 0 : (p->w - n * ew) / (at_end ? 1 : 2);
    show(f, tr, &dots, x + lead, y);
}

/* A figure in a box, or an empty box to write one in: the box spans the line's ascent and
 * descent; drawn between text objects, as paths cannot stand inside one. */
static void show_boxed(bc_flow *f, bc_textrun *tr, const bc_piece *p, double x, double y)
{
    if (p->kind == BC_PIECE_TEXT) {
        bc_piece in = *p;
        in.boxed = 0;
        show(f, tr, &in, x + BC_BOX_PAD, y);
    }
    bc_textrun_end(tr);
    HPDF_Page_SetLineWidth(f->page, 0.6);
    HPDF_Page_Rectangle(f->page, (HPDF_REAL)x, (HPDF_REAL)(y - p->size * 0.25), (HPDF_REAL)p->w,
                        (HPDF_REAL)(p->size * 1.1));
    HPDF_Page_Stroke(f->page);
    bc_textrun_begin(tr, f->page);
}

void bc_flow_draw_line(bc_flow *f, const bc_textbox *tb, const bc_line *ln, double x,
                       double baseline, double width)
{
    double extra = 0, fill = 0, slack = width - ln->width;
    if (slack < 0)
        slack = 0;
    /* A line ending in a blank is not stretched: the blank runs on to the end of the line. */
    int runs_on = ln->n > 0 && ln->pieces[ln->n - 1].kind == BC_PIECE_BLANK &&
                  (tb->align == BC_ALIGN_JUSTIFY || tb->align == BC_ALIGN_LEFT);
    if (runs_on) {
        fill = slack;
        slack = 0;
    }
    switch (tb->align) {
    case BC_ALIGN_CENTER:
        x += slack / 2;
        break;
    case BC_ALIGN_RIGHT:
        x += slack;
        break;
    case BC_ALIGN_JUSTIFY:
        if (!ln->last && ln->nspaces > 0)
            extra = slack / ln->nspaces;
        break;
    case BC_ALIGN_LEFT:
        break;
    }
    bc_textrun tr;
    bc_textrun_begin(&tr, f->page);
    for (size_t i = 0; i < ln->n; i++) {
        const bc_piece *p = &ln->pieces[i];
        if (p->boxed)
            show_boxed(f, &tr, p, x, baseline);
        else if (p->kind == BC_PIECE_TEXT)
            show(f, &tr, p, x, baseline + p->rise);
        else if (p->kind == BC_PIECE_BLANK) {
            bc_piece b = *p;
            int at_end = runs_on && i + 1 == ln->n ? (i == 0 ? 2 : 1) : 0;
            b.w += at_end ? fill : 0;
            show_blank(f, &tr, &b, x, baseline, at_end);
        }
        x += p->w + (p->kind == BC_PIECE_SPACE ? extra : 0);
    }
    bc_textrun_end(&tr);
}

void bc_flow_draw_box(bc_flow *f, const bc_textbox *tb, double x, double top, double width)
{
    for (size_t i = 0; i < tb->nlines; i++)
        bc_flow_draw_line(f, tb, &tb->lines[i], x, top - tb->ascent - (double)i * tb->leading,
                          width);
}

bc_status bc_flow_finish(bc_flow *f)
{
    if (f->page)
        draw_notes(f);
    return BC_OK;
}
