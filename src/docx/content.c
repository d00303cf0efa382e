/* content.c — see content.h. */
#include "docx/content.h"

#include <stdlib.h>
#include <string.h>

#include "docx/units.h"
#include "util/text.h"

void bc_docx_root(bc_xw *x, const char *name)
{
    bc_xw_start(x, name);
    bc_xw_attr(x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    bc_xw_attr(x, "xmlns:r",
               "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
    bc_xw_attr(x, "xmlns:mc", "http://schemas.openxmlformats.org/markup-compatibility/2006");
    bc_xw_attr(x, "xmlns:w14", "http://schemas.microsoft.com/office/word/2010/wordml");
    bc_xw_attr(x, "mc:Ignorable", "w14");
}

int bc_docx_blank_dots(double mm, double size_pt)
{
    /* "…" is one em wide in Times New Roman. Same count as the PDF renderer draws, so both
     * files extract to the same text; 30 mm when the tree gives no width. */
    double em_mm = size_pt * 25.4 / 72.0;
    int n = em_mm > 0 ? (int)((mm > 0 ? mm : 30) / em_mm) : 0;
    return n < 1 ? 1 : n > BC_BLANK_MAX ? BC_BLANK_MAX : n;
}

void bc_docx_spacing(bc_xw *x, long before, long after, long line, const char *rule)
{
    bc_xw_start(x, "w:spacing");
    if (before >= 0)
        bc_xw_attr_int(x, "w:before", before);
    bc_xw_attr_int(x, "w:after", after);
    bc_xw_attr_int(x, "w:line", line);
    bc_xw_attr(x, "w:lineRule", rule);
    bc_xw_end(x);
}

const char *bc_docx_jc(bc_align a)
{
    switch (a) {
    case BC_ALIGN_CENTER:
        return "center";
    case BC_ALIGN_RIGHT:
        return "right";
    case BC_ALIGN_JUSTIFY:
        return "both";
    case BC_ALIGN_LEFT:
        break;
    }
    return "left";
}

void bc_docx_rule(bc_xw *x, const char *name, int space_pt)
{
    bc_xw_start(x, name);
    bc_xw_attr(x, "w:val", "single");
    bc_xw_attr_int(x, "w:sz", 4); /* eighths of a point: ½ pt */
    bc_xw_attr_int(x, "w:space", space_pt);
    bc_xw_attr(x, "w:color", "000000");
    bc_xw_end(x);
}

/* <w:rPr> for a run; nothing when the run has no properties of its own. */
static void run_props_boxed(bc_xw *x, const char *cstyle, int bold, int italic, int boxed)
{
    if (!cstyle && !bold && !italic && !boxed)
        return;
    bc_xw_start(x, "w:rPr"); /* CT_RPr order: rStyle … b bCs i iCs … bdr */
    if (cstyle)
        bc_xw_val(x, "w:rStyle", cstyle);
    if (bold) {
        bc_xw_empty(x, "w:b");
        bc_xw_empty(x, "w:bCs");
    }
    if (italic) {
        bc_xw_empty(x, "w:i");
        bc_xw_empty(x, "w:iCs");
    }
    if (boxed) /* a box around the run (a figure written in a box), 1 pt away */
        bc_docx_rule(x, "w:bdr", 1);
    bc_xw_end(x);
}

static void run_props(bc_xw *x, const char *cstyle, int bold, int italic)
{
    run_props_boxed(x, cstyle, bold, italic, 0);
}

/* A run holding only an element (w:br, w:tab). */
static void element_run(bc_xw *x, const char *name)
{
    bc_xw_start(x, "w:r");
    bc_xw_empty(x, name);
    bc_xw_end(x);
}

static void text_elem(bc_xw *x, const char *s, size_t n)
{
    bc_xw_start(x, "w:t");
    bc_xw_attr(x, "xml:space", "preserve");
    bc_xw_text_n(x, s, n);
    bc_xw_end(x);
}

/* One w:r; TAB and LF inside the text become w:tab and w:br, as Word expects. */
static void text_run_boxed(bc_xw *x, const char *s, const char *cstyle, int bold, int italic,
                           int boxed)
{
    bc_xw_start(x, "w:r");
    run_props_boxed(x, cstyle, bold, italic, boxed);
    while (*s) {
        size_t n = strcspn(s, "\t\n\r");
        if (n)
            text_elem(x, s, n);
        s += n;
        if (*s == '\t')
            bc_xw_empty(x, "w:tab");
        else if (*s == '\n')
            bc_xw_empty(x, "w:br");
        if (*s)
            s++;
    }
    bc_xw_end(x);
}

static void text_run(bc_xw *x, const char *s, const char *cstyle, int bold, int italic)
{
    text_run_boxed(x, s, cstyle, bold, italic, 0);
}

/* An empty box `blank_mm` wide: no-break spaces (a quarter em each) inside a bordered run, as
 * the PDF draws an empty box of that width. */
static void empty_box_run(bc_xw *x, const bc_run *r, double size_pt, int bold, int italic)
{
    char sp[2 * 4 * BC_BLANK_MAX + 1];
    int n = 4 * bc_docx_blank_dots(r->blank_mm, size_pt);
    for (int i = 0; i < n; i++)
        memcpy(sp + 2 * i, "\u00a0", 2);
    sp[2 * n] = '\0';
    text_run_boxed(x, sp, BC_CSTYLE_BLANK, bold, italic, 1);
}

static void blank_run(bc_xw *x, const bc_run *r, double size_pt, int bold, int italic)
{
    if (r->boxed) {
        empty_box_run(x, r, size_pt, bold, italic);
        return;
    }
    char dots[3 * BC_BLANK_MAX + 1];
    int n = bc_docx_blank_dots(r->blank_mm, size_pt);
    for (int i = 0; i < n; i++)
        memcpy(dots + 3 * i, "\u2026", 3);
    dots[3 * n] = '\0';
    text_run(x, dots, BC_CSTYLE_BLANK, bold, italic);
}

static void checkbox_state(bc_xw *x, const char *name, const char *code)
{
    bc_xw_start(x, name);
    bc_xw_attr(x, "w14:val", code);
    bc_xw_attr(x, "w14:font", BC_CHECKBOX_FONT);
    bc_xw_end(x);
}

static void checkbox(bc_xw *x, bc_docx_ctx *ctx, const bc_run *r, int bold, int italic)
{
    bc_xw_start(x, "w:sdt");
    bc_xw_start(x, "w:sdtPr");
    bc_xw_start(x, "w:rPr");
    bc_xw_val(x, "w:rStyle", BC_CSTYLE_CHECKBOX);
    bc_xw_end(x);
    bc_xw_val_int(x, "w:id", ctx->next_id++);
    bc_xw_start(x, "w14:checkbox");
    bc_xw_start(x, "w14:checked");
    bc_xw_attr(x, "w14:val", r->checked ? "1" : "0");
    bc_xw_end(x);
    checkbox_state(x, "w14:checkedState", "2612");
    checkbox_state(x, "w14:uncheckedState", "2610");
    bc_xw_end(x);
    bc_xw_end(x); /* sdtPr */
    bc_xw_start(x, "w:sdtContent");
    text_run(x, r->checked ? "\u2612" : "\u2610", BC_CSTYLE_CHECKBOX, bold, italic);
    bc_xw_end(x);
    bc_xw_end(x); /* sdt */
}

static void noteref(bc_xw *x, bc_docx_ctx *ctx, const bc_run *r)
{
    int n = r->note;
    if (ctx->note_done && n >= 1 && n <= ctx->doc->nnotes && !ctx->note_done[n]) {
        ctx->note_done[n] = 1;
        bc_xw_start(x, "w:r");
        run_props(x, BC_CSTYLE_NOTEREF, 0, 0);
        bc_xw_start(x, ctx->doc->notes_at_end ? "w:endnoteReference" : "w:footnoteReference");
        bc_xw_attr_int(x, "w:id", n);
        bc_xw_end(x);
        bc_xw_end(x);
        return;
    }
    text_run(x, r->text ? r->text : "", BC_CSTYLE_NOTEREF, 0, 0);
}

static void footnote_mark(bc_xw *x, const bc_doc *doc)
{
    bc_xw_start(x, "w:r");
    run_props(x, BC_CSTYLE_NOTEREF, 0, 0);
    bc_xw_empty(x, doc->notes_at_end ? "w:endnoteRef" : "w:footnoteRef");
    bc_xw_end(x);
    text_run(x, " ", NULL, 0, 0);
}

/* Numbers ("12.345") and dates are not addresses or codes: those have letters. */
static int has_letter(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            return 1;
    return 0;
}

/* A filled-in value. An address or code ("https://…/stp-101", "1058/QĐ-BTNBHĐ") may break
 * after / . - _ @ and nowhere else, as the PDF breaks it: a zero-width space after each of them
 * tells Word and LibreOffice where. */
static void value_run(bc_xw *x, const char *s, int bold, int italic, int boxed)
{
    size_t n = strlen(s), k = 0;
    int code = n > 1 && !strchr(s, ' ') && strpbrk(s, "/.-_@") && has_letter(s);
    char *t = code && n < ((size_t)-1) / 4 ? malloc(4 * n + 1) : NULL;
    if (!t) {
        if (code) {
            x->failed = 1;
            x->why = "out of memory writing a value";
        }
        text_run_boxed(x, s, BC_CSTYLE_VALUE, bold, italic, boxed);
        return;
    }
    for (size_t j = 0; j < n; j++) {
        t[k++] = s[j];
        if (j + 1 < n && strchr("/.-_@", s[j])) {
            memcpy(t + k, "\u200B", 3);
            k += 3;
        }
    }
    t[k] = '\0';
    text_run_boxed(x, t, BC_CSTYLE_VALUE, bold, italic, boxed);
    free(t);
}

/* Wording with its first space (`lead`: right after a dotted blank) and/or its last (`trail`:
 * before a short value) made no-break, so that, in Word and LibreOffice as in the PDF, a short
 * value stays on its label's line and a blank never ends a justified line, where the word
 * processor would stretch its spaces (a paragraph's final blank has its tab leader instead):
 * the blank keeps with the unit or words after it ("……………… người"). */
static void glued_text_run(bc_xw *x, const char *s, int lead, int trail, int bold, int italic)
{
    size_t n = strlen(s);
    char *t = malloc(n * 2 + 1), *o = t;
    if (!t) {
        x->failed = 1;
        x->why = "out of memory writing a run";
        return;
    }
    for (size_t k = 0; k < n; k++) {
        if (s[k] == ' ' && ((lead && k == 0) || (trail && k == n - 1))) {
            memcpy(o, "\u00A0", 2);
            o += 2;
        } else {
            *o++ = s[k];
        }
    }
    *o = '\0';
    text_run(x, t, NULL, bold, italic);
    free(t);
}

/* The space between two fields on one line, widened to about an em (as the PDF prints it) by
 * character spacing, so that the text stays one plain space. */
static void field_gap(bc_xw *x, double size_pt, int bold, int italic)
{
    bc_xw_start(x, "w:r");
    bc_xw_start(x, "w:rPr");
    if (bold)
        bc_xw_empty(x, "w:b");
    if (italic)
        bc_xw_empty(x, "w:i");
    bc_xw_val_int(x, "w:spacing", (long)(size_pt * 0.75 * 20)); /* twips added to the space */
    bc_xw_end(x);
    text_elem(x, " ", 1);
    bc_xw_end(x);
}

/* Text that follows a dotted blank after a space. */
static int after_blank(const bc_run *prev, const bc_run *r)
{
    return prev && prev->kind == BC_RUN_BLANK && !prev->boxed && r->text && r->text[0] == ' ';
}

/* A run of the form's wording: split at the gap before the next field on its line (field_gap),
 * its spaces next to a blank or before a short value made no-break (glued_text_run). 0 when
 * out of memory. */
static int wording(bc_xw *x, const bc_run *prev, const bc_run *r, const bc_style *st, int b,
                   int i)
{
    int lead = after_blank(prev, r);
    long gap = bc_run_field_gap(prev, r);
    if (gap >= 0) {
        char *head = strndup(r->text, (size_t)gap);
        if (!head) {
            x->failed = 1;
            x->why = "out of memory writing a run";
            return 0;
        }
        glued_text_run(x, head, lead, 0, b, i);
        free(head);
        field_gap(x, st->size_pt, b, i);
        text_run(x, r->text + gap + 1, NULL, b, i);
        return 1;
    }
    int trail = r->text && bc_run_is_short_value(r->next) && bc_ends_with(r->text, " ");
    if (lead || trail)
        glued_text_run(x, r->text, lead, trail, b, i);
    else
        text_run(x, r->text ? r->text : "", NULL, b, i);
    return 1;
}

static void runs(bc_xw *x, bc_docx_ctx *ctx, const bc_para *p, const bc_style *st, int bold,
                 long fill)
{
    const bc_run *prev = NULL;
    for (const bc_run *r = p->runs; r; prev = r, r = r->next) {
        int b = bold || r->bold, i = r->italic;
        switch (r->kind) {
        case BC_RUN_TEXT:
            if (!wording(x, prev, r, st, b, i))
                return;
            break;
        case BC_RUN_VALUE:
            value_run(x, r->text ? r->text : "", b, i, r->boxed);
            break;
        case BC_RUN_BREAK:
            element_run(x, "w:br");
            break;
        case BC_RUN_TAB:
            element_run(x, "w:tab");
            break;
        case BC_RUN_BLANK:
            blank_run(x, r, st->size_pt, b, i);
            if (fill > 0 && !r->next)
                element_run(x, "w:tab");
            break;
        case BC_RUN_CHECKBOX:
            checkbox(x, ctx, r, b, i);
            break;
        case BC_RUN_NOTEREF:
            noteref(x, ctx, r);
            break;
        }
    }
}

static void bookmark(bc_xw *x, long id, const char *name)
{
    bc_xw_start(x, "w:bookmarkStart");
    bc_xw_attr_int(x, "w:id", id);
    bc_xw_attr(x, "w:name", name);
    bc_xw_end(x);
    bc_xw_start(x, "w:bookmarkEnd");
    bc_xw_attr_int(x, "w:id", id);
    bc_xw_end(x);
}

/* <w:tabs>: Word measures a stop from the text column's edge, the tree from the paragraph's
 * indent, so the indent is added. `fill` > 0 adds a right-aligned stop there with a dotted
 * leader, where a final blank runs on to. */
static void tab_stops(bc_xw *x, const bc_para *p, long fill)
{
    bc_xw_start(x, "w:tabs");
    for (int i = 0; i < p->ntabs && i < BC_MAX_TABS; i++) {
        long pos = bc_twips_mm(10.0 * p->level + p->tabs_mm[i]);
        if (fill > 0 && pos >= fill)
            break;
        bc_xw_start(x, "w:tab");
        bc_xw_attr(x, "w:val", "left");
        bc_xw_attr_int(x, "w:pos", pos);
        bc_xw_end(x);
    }
    if (fill > 0) {
        bc_xw_start(x, "w:tab");
        bc_xw_attr(x, "w:val", "right");
        bc_xw_attr(x, "w:leader", "dot");
        bc_xw_attr_int(x, "w:pos", fill);
        bc_xw_end(x);
    }
    bc_xw_end(x);
}

/* Where the paragraph's last run is a dotted blank on a line that is not centred or set
 * right: the PDF runs such a blank on to the margin instead of stretching the line's spaces
 * (pdf/flow.c); the word processor, which alone knows where its lines end, does the same with
 * a dotted tab leader after the blank's own dots to a stop at the text's right edge — a line
 * with a tab is not stretched before it. Returns the stop's position, or 0. */
static long fill_stop(const bc_para *p, const bc_style *st, const bc_para_opts *opt)
{
    const bc_run *last = NULL;
    for (const bc_run *r = p ? p->runs : NULL; r; r = r->next)
        last = r;
    bc_align a = p && p->has_align ? p->align : st->align;
    if (opt->fill_twips <= 0 || !last || last->kind != BC_RUN_BLANK || last->boxed ||
        (a != BC_ALIGN_JUSTIFY && a != BC_ALIGN_LEFT))
        return 0;
    return opt->fill_twips;
}

void bc_docx_para(bc_xw *x, bc_docx_ctx *ctx, const bc_para *p, bc_style_id style,
                  const bc_para_opts *opt)
{
    static const bc_para_opts none = {0};
    if (!opt)
        opt = &none;
    if (p)
        style = p->style;
    if (opt->footnote_id > 0) /* a note is small whatever style its paragraph was built with */
        style = BC_STYLE_FOOTNOTE;
    if ((unsigned)style >= BC_STYLE_COUNT)
        style = BC_STYLE_BODY;
    const bc_style *st = &ctx->doc->styles[style];
    bc_xw_start(x, "w:p");
    bc_xw_start(x, "w:pPr"); /* children in CT_PPr order: pStyle keepNext … ind … rPr sectPr */
    bc_xw_val(x, "w:pStyle", st->id);
    if (opt->keep_next)
        bc_xw_empty(x, "w:keepNext");
    long fill = fill_stop(p, st, opt);
    if (p && (p->ntabs > 0 || fill > 0))
        tab_stops(x, p, fill);
    if (opt->exact_twips > 0)
        bc_docx_spacing(x, 0, 0, opt->exact_twips, "exact");
    if (p && p->level > 0) {
        bc_xw_start(x, "w:ind");
        bc_xw_attr_int(x, "w:left", bc_twips_mm(10.0 * p->level));
        bc_xw_end(x);
    }
    if (p && p->has_align) /* a table column's own alignment */
        bc_xw_val(x, "w:jc", bc_docx_jc(p->align));
    if (opt->bold) { /* the paragraph mark too, so an empty group cell keeps its height */
        bc_xw_start(x, "w:rPr");
        bc_xw_empty(x, "w:b");
        bc_xw_empty(x, "w:bCs");
        bc_xw_end(x);
    }
    if (opt->sect)
        bc_docx_sectpr(x, ctx->doc, opt->sect);
    bc_xw_end(x);
    if (opt->footnote_id > 0)
        footnote_mark(x, ctx->doc);
    if (opt->bookmark)
        bookmark(x, ctx->next_id++, opt->bookmark);
    if (p)
        runs(x, ctx, p, st, opt->bold, fill);
    bc_xw_end(x);
}

void bc_docx_tiny_para(bc_xw *x, bc_docx_ctx *ctx, const bc_docx_section *s)
{
    bc_xw_start(x, "w:p");
    bc_xw_start(x, "w:pPr");
    bc_xw_val(x, "w:pStyle", ctx->doc->styles[BC_STYLE_BODY].id);
    bc_docx_spacing(x, 0, 0, 20, "exact");
    bc_xw_start(x, "w:rPr");
    bc_xw_val_int(x, "w:sz", 2);
    bc_xw_val_int(x, "w:szCs", 2);
    bc_xw_end(x);
    if (s)
        bc_docx_sectpr(x, ctx->doc, s);
    bc_xw_end(x);
    bc_xw_end(x);
}
