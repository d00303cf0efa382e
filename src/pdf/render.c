/* render.c — see render.h. Walks the blocks of the tree; pages and footnotes are flow.c's,
 * tables table.c's, line breaking textlayout.c's. */
#include "pdf/render.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include <string.h>

#include "pdf/flow.h"
#include "pdf/harudoc.h"
#include "pdf/pdfa.h"
#include "pdf/sigfield.h"
#include "pdf/table.h"
#include "util/text.h"

#define LEVEL_INDENT (10 * BC_PT_PER_MM)

/* Lines a paragraph may leave on either side of a page break (widows and orphans). */
enum { MIN_LINES = 2 };

static bc_status para_box(bc_flow *f, const bc_para *p, bc_textbox *tb, double *width)
{
    *width = f->right - f->left - p->level * LEVEL_INDENT;
    return bc_text_layout(f->a, &f->fs, p, &f->doc->styles[p->style], *width, tb, f->err);
}

/* The lines of `tb` that must open its first page: all of a short paragraph (it cannot leave
 * two lines on each side of a break), else two. */
static size_t opening_lines(const bc_textbox *tb)
{
    return tb->nlines <= 2 * MIN_LINES - 1 ? tb->nlines : MIN_LINES;
}

/* The footnotes referenced by lines [from, to) of `tb`, at most `max`. */
static int lines_notes(const bc_textbox *tb, size_t from, size_t to, int *notes, int max)
{
    int nn = 0;
    for (size_t i = from; i < to && i < tb->nlines; i++)
        for (size_t k = 0; k < tb->lines[i].n && nn < max; k++)
            if (tb->lines[i].pieces[k].note)
                notes[nn++] = tb->lines[i].pieces[k].note;
    return nn;
}

/* `after` is the height that must follow the paragraph's last line on the same page: the
 * opening of what a heading or label introduces, or the signature block after the body's last
 * item; 0 for none. A paragraph leaves at least two lines on each side of a page break; its
 * last two lines go with what it keeps. */
static bc_status render_para(bc_flow *f, const bc_para *p, double after)
{
    const bc_style *st = &f->doc->styles[p->style];
    double width;
    bc_textbox tb;
    bc_status s = para_box(f, p, &tb, &width);
    if (s != BC_OK)
        return s;
    double indent = p->level * LEVEL_INDENT;
    if (after > 0)
        after += st->space_after_pt;
    size_t n = tb.nlines, open = opening_lines(&tb);
    double before = f->fresh ? 0 : st->space_before_pt;
    double need = before + (double)open * tb.leading + (open == n ? after : 0);
    int notes[16], nn = lines_notes(&tb, 0, open, notes, 16);
    if (!bc_flow_fits(f, need, notes, nn) && !f->fresh) {
        s = bc_flow_new_page(f, f->landscape);
        if (s != BC_OK)
            return s;
        before = 0;
    }
    f->y -= before;
    for (size_t i = 0; i < n; i++) {
        const bc_line *ln = &tb.lines[i];
        need = tb.leading;
        nn = lines_notes(&tb, i, i + 1, notes, 16);
        if (open < n && i == n - MIN_LINES) { /* the last lines, with what follows */
            need = MIN_LINES * tb.leading + after;
            nn = lines_notes(&tb, i, n, notes, 16);
        }
        if (!bc_flow_fits(f, need, notes, nn) && !f->fresh) {
            s = bc_flow_new_page(f, f->landscape);
            if (s != BC_OK)
                return s;
        }
        bc_flow_take_notes(f, notes, nn);
        bc_flow_draw_line(f, &tb, ln, f->left + indent, f->y - tb.ascent, width);
        f->y -= tb.leading;
        f->fresh = 0;
    }
    f->y -= st->space_after_pt;
    return BC_OK;
}

/* One signature column, laid out: the boxes above the signing space and the name below. */
typedef struct sigcol_layout {
    bc_textbox parts[3]; /* place, title, note */
    bc_textbox name;
    int has[3], has_name;
} sigcol_layout;

/* The signature block laid out: its columns, the height of each of their parts (the tallest
 * column's, so that every column's title, note and name share one baseline), the signing space. */
typedef struct sig_layout {
    sigcol_layout *cols;
    double left, colw, part_h[3], space, name_h, height, before;
} sig_layout;

/* A copy of `p` whose blanks are `factor` times as long. */
static bc_para *shrink_blanks(bc_flow *f, const bc_para *p, double factor)
{
    bc_para *q = BC_NEW(f->a, bc_para);
    if (!q)
        return NULL;
    *q = *p;
    bc_run **tail = &q->runs;
    for (const bc_run *r = p->runs; r; r = r->next) {
        bc_run *c = BC_NEW(f->a, bc_run);
        if (!c)
            return NULL;
        *c = *r;
        if (c->kind == BC_RUN_BLANK)
            c->blank_mm = (r->blank_mm > 0 ? r->blank_mm : 30) * factor;
        *tail = c;
        tail = &c->next;
    }
    *tail = NULL;
    return q;
}

/* The place-and-date line does not wrap on its blanks: they shorten (to no less than
 * PLACE_SHRINK_MIN of their length, still room to write in) until it fits one line, so a blank
 * date does not push the columns out of line. A line too long even so keeps its blanks and
 * wraps; the block then aligns the columns' titles on the taller one (layout_signatures). */
#define PLACE_SHRINK_MIN 0.4
static bc_status layout_place(bc_flow *f, const bc_para *p, double width, bc_textbox *tb)
{
    const bc_style *st = &f->doc->styles[p->style];
    bc_status s = bc_text_layout(f->a, &f->fs, p, st, width, tb, f->err);
    for (double factor = 0.8; s == BC_OK && tb->nlines > 1 && factor >= PLACE_SHRINK_MIN - 0.01;
         factor -= 0.2) {
        const bc_para *q = shrink_blanks(f, p, factor);
        if (!q)
            return bc_err_oom(f->err, NULL);
        bc_textbox shorter;
        s = bc_text_layout(f->a, &f->fs, q, st, width, &shorter, f->err);
        if (s == BC_OK && shorter.nlines == 1)
            *tb = shorter;
    }
    return s;
}

static bc_status layout_sigcol(bc_flow *f, const bc_sigcol *c, double width, sigcol_layout *l)
{
    const bc_para *parts[3] = {c->place, c->title, c->note};
    memset(l, 0, sizeof *l);
    for (int i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        bc_status s = i == 0 ? layout_place(f, parts[i], width, &l->parts[i])
                             : bc_text_layout(f->a, &f->fs, parts[i],
                                              &f->doc->styles[parts[i]->style], width,
                                              &l->parts[i], f->err);
        if (s != BC_OK)
            return s;
        l->has[i] = 1;
    }
    if (c->name) {
        bc_status s = bc_text_layout(f->a, &f->fs, c->name, &f->doc->styles[c->name->style],
                                     width, &l->name, f->err);
        if (s != BC_OK)
            return s;
        l->has_name = 1;
    }
    return BC_OK;
}

static double max_d(double a, double b)
{
    return a > b ? a : b;
}

/* Where the signature columns start and how wide each is: sharing the text width, or (`at`)
 * half of it each, at the left, the centre or the right. */
static double sig_columns(const bc_flow *f, const bc_sigblock *sb, double *colw)
{
    double width = f->right - f->left;
    int n = sb->ncols > 0 ? sb->ncols : 1;
    if (sb->at == BC_ALIGN_JUSTIFY || n > 1) {
        *colw = width / n;
        return f->left;
    }
    *colw = width / 2;
    return f->left + (sb->at == BC_ALIGN_LEFT ? 0 : sb->at == BC_ALIGN_CENTER ? width / 4
                                                                              : width / 2);
}

static bc_status layout_signatures(bc_flow *f, const bc_sigblock *sb, sig_layout *sl)
{
    memset(sl, 0, sizeof *sl);
    sl->left = sig_columns(f, sb, &sl->colw);
    sl->cols = BC_NEW_N(f->a, sigcol_layout, sb->ncols > 0 ? sb->ncols : 1);
    if (!sl->cols)
        return bc_err_oom(f->err, NULL);
    sl->before = f->doc->styles[BC_STYLE_SIGN_PLACE].space_before_pt;
    sl->space = bc_sigblock_space_mm(f->doc, sb) * BC_PT_PER_MM;
    for (int i = 0; i < sb->ncols; i++) {
        sigcol_layout *l = &sl->cols[i];
        bc_status s = layout_sigcol(f, &sb->cols[i], sl->colw - 4 * BC_PT_PER_MM, l);
        if (s != BC_OK)
            return s;
        for (int k = 0; k < 3; k++)
            if (l->has[k])
                sl->part_h[k] = max_d(sl->part_h[k], bc_textbox_height(&l->parts[k]));
        if (l->has_name)
            sl->name_h = max_d(sl->name_h, bc_textbox_height(&l->name));
    }
    sl->height = sl->part_h[0] + sl->part_h[1] + sl->part_h[2] + sl->space + sl->name_h;
    return BC_OK;
}

static bc_status render_signatures(bc_flow *f, const bc_sigblock *sb)
{
    sig_layout sl;
    bc_status s = layout_signatures(f, sb, &sl);
    if (s != BC_OK)
        return s;
    /* The closing block is one unit: it never splits across pages (what precedes it has kept
     * room for it, see walk). */
    if (!bc_flow_fits(f, sl.before + sl.height, NULL, 0) && !f->fresh) {
        s = bc_flow_new_page(f, f->landscape);
        if (s != BC_OK)
            return s;
    }
    if (!f->fresh)
        f->y -= sl.before;
    for (int i = 0; i < sb->ncols; i++) {
        const sigcol_layout *l = &sl.cols[i];
        double x = sl.left + i * sl.colw + 2 * BC_PT_PER_MM, w = sl.colw - 4 * BC_PT_PER_MM;
        double y = f->y;
        for (int k = 0; k < 3; k++) {
            if (l->has[k])
                bc_flow_draw_box(f, &l->parts[k], x, y, w);
            y -= sl.part_h[k];
        }
        if (sb->cols[i].role) {
            s = bc_pdf_add_sig_field(f->pdf, f->page, sb->cols[i].role, x, y - sl.space, x + w,
                                     y, sb->cols[i].signer, sb->cols[i].undated, f->err);
            if (s != BC_OK)
                return s;
        }
        y -= sl.space;
        if (l->has_name)
            bc_flow_draw_box(f, &l->name, x, y, w);
    }
    f->y -= sl.height;
    f->fresh = 0;
    return BC_OK;
}

/* An attachment's organisation signature goes top right of page 1, in the top margin. */
static bc_status add_org_signature_field(bc_flow *f)
{
    if (!f->doc->org_sig_role || f->npages == 0)
        return BC_OK;
    HPDF_Page first = f->pages[0];
    double pw = HPDF_Page_GetWidth(first), ph = HPDF_Page_GetHeight(first);
    double x1 = pw - f->doc->page.right_mm * BC_PT_PER_MM, x0 = x1 - 75 * BC_PT_PER_MM;
    double y1 = ph - 3 * BC_PT_PER_MM, y0 = y1 - 16 * BC_PT_PER_MM;
    return bc_pdf_add_sig_field(f->pdf, first, f->doc->org_sig_role, x0, y0, x1, y1, NULL, 0,
                                f->err);
}

static void hash_para(EVP_MD_CTX *md, const bc_para *p)
{
    for (const bc_run *r = p ? p->runs : NULL; r; r = r->next) {
        if (r->text)
            EVP_DigestUpdate(md, r->text, strlen(r->text) + 1);
        EVP_DigestUpdate(md, &r->kind, sizeof r->kind);
        EVP_DigestUpdate(md, &r->checked, sizeof r->checked);
    }
}

/* The file identifier (/ID) is a digest of what the document says, so two units of a batch never
 * share one (libharu's own is the current second) and the same input gives the same identifier. */
static void set_file_id(HPDF_Doc pdf, const bc_doc *doc, int plain)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        return;
    }
    const char *meta[] = {doc->meta.form_id, doc->meta.title, doc->meta.author, doc->meta.subject};
    for (size_t i = 0; i < sizeof meta / sizeof *meta; i++)
        if (meta[i])
            EVP_DigestUpdate(md, meta[i], strlen(meta[i]) + 1);
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (doc->meta.archive[i])
            EVP_DigestUpdate(md, doc->meta.archive[i], strlen(doc->meta.archive[i]) + 1);
    EVP_DigestUpdate(md, plain ? "plain" : "pdfa", plain ? 5 : 4);
    for (const bc_block *b = doc->first; b; b = b->next) {
        if (b->kind == BC_BLK_PARA)
            hash_para(md, b->u.para);
        else if (b->kind == BC_BLK_TABLE)
            for (int r = 0; r < b->u.table->nrows; r++)
                for (int c = 0; c < b->u.table->ncols; c++)
                    hash_para(md, b->u.table->rows[r].cells[c].para);
        else if (b->kind == BC_BLK_SIGNATURES)
            for (int c = 0; c < b->u.sig->ncols; c++) {
                hash_para(md, b->u.sig->cols[c].place);
                hash_para(md, b->u.sig->cols[c].name);
            }
    }
    EVP_DigestFinal_ex(md, digest, &n);
    EVP_MD_CTX_free(md);
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    if (!id)
        return;
    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    HPDF_Dict_Add(pdf->trailer, "ID", id);
}

/* How far a chain of paragraphs that keep with the next is followed when measuring what a
 * heading keeps below it; bounds the work per block. */
enum { KEEP_DEPTH = 4 };

/* The height block `b` needs at the top of the page it starts on: what the block before it
 * keeps with it. A paragraph: its opening lines, or all of it and what it keeps in turn; a
 * table: its header and first rows; the signature block: all of it. */
static bc_status lead_height(bc_flow *f, const bc_block *b, int depth, double *h)
{
    *h = 0;
    if (!b)
        return BC_OK;
    if (b->kind == BC_BLK_TABLE)
        return bc_pdf_table_lead(f, b->u.table, h);
    if (b->kind == BC_BLK_SIGNATURES) {
        sig_layout sl;
        bc_status s = layout_signatures(f, b->u.sig, &sl);
        *h = sl.before + sl.height;
        return s;
    }
    if (b->kind != BC_BLK_PARA)
        return BC_OK;
    const bc_style *st = &f->doc->styles[b->u.para->style];
    bc_textbox tb;
    double width;
    bc_status s = para_box(f, b->u.para, &tb, &width);
    if (s != BC_OK)
        return s;
    int notes[16], nn = lines_notes(&tb, 0, opening_lines(&tb), notes, 16);
    *h = st->space_before_pt + (double)opening_lines(&tb) * tb.leading +
         bc_flow_notes_height(f, notes, nn);
    if (depth < KEEP_DEPTH && bc_block_keeps_with_next(f->doc, b) &&
        opening_lines(&tb) == tb.nlines) {
        double more = 0;
        s = lead_height(f, b->next, depth + 1, &more);
        *h += st->space_after_pt + more;
    }
    return s;
}

/* What must stay on the page below block `b`: the opening of what a heading or label
 * introduces; for the body's last block, the signature block after it. */
static bc_status keep_below(bc_flow *f, const bc_block *b, double *keep)
{
    *keep = 0;
    int closing = b->next && b->next->kind == BC_BLK_SIGNATURES;
    if (closing || bc_block_keeps_with_next(f->doc, b))
        return lead_height(f, b->next, 1, keep);
    return BC_OK;
}

/* Endnotes (`notes_at_end`): after the last block, a short rule, then each note with its mark,
 * laid out as the footnotes are. */
static bc_status render_endnotes(bc_flow *f)
{
    const bc_doc *d = f->doc;
    if (!d->notes_at_end || d->nnotes == 0)
        return BC_OK;
    double rule = d->styles[BC_STYLE_BODY].size_pt;
    if (!bc_flow_fits(f, rule + 2 * d->styles[BC_STYLE_FOOTNOTE].size_pt, NULL, 0) && !f->fresh) {
        bc_status s = bc_flow_new_page(f, f->landscape);
        if (s != BC_OK)
            return s;
    }
    HPDF_Page_SetLineWidth(f->page, 0.5);
    HPDF_Page_MoveTo(f->page, f->left, f->y - rule / 2);
    HPDF_Page_LineTo(f->page, f->left + (f->right - f->left) / 3, f->y - rule / 2);
    HPDF_Page_Stroke(f->page);
    f->y -= rule;
    f->fresh = 0;
    for (int n = 1; n <= d->nnotes; n++) {
        bc_para note;
        bc_run runs[2];
        bc_flow_note_para(f, n, &note, runs);
        bc_status s = render_para(f, &note, 0);
        if (s != BC_OK)
            return s;
    }
    return BC_OK;
}

static bc_status walk(bc_flow *f)
{
    bc_status s = bc_flow_new_page(f, f->doc->page.landscape);
    for (const bc_block *b = f->doc->first; b && s == BC_OK; b = b->next) {
        double keep = 0;
        switch (b->kind) {
        case BC_BLK_PARA:
            s = keep_below(f, b, &keep);
            if (s == BC_OK)
                s = render_para(f, b->u.para, keep);
            break;
        case BC_BLK_TABLE:
            s = keep_below(f, b, &keep);
            if (s == BC_OK)
                s = bc_pdf_table(f, b->u.table, keep);
            f->y -= f->doc->styles[BC_STYLE_BODY].space_after_pt;
            break;
        case BC_BLK_SIGNATURES:
            s = render_signatures(f, b->u.sig);
            break;
        case BC_BLK_PAGE:
            s = bc_flow_new_page(f, b->u.landscape);
            break;
        }
    }
    if (s == BC_OK)
        s = render_endnotes(f);
    if (s == BC_OK)
        s = bc_flow_finish(f);
    if (s == BC_OK)
        s = add_org_signature_field(f);
    return s;
}

static bc_status save(HPDF_Doc pdf, bc_buf *out, bc_err *err)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu không ghi được PDF");
    HPDF_ResetStream(pdf);
    for (;;) {
        HPDF_BYTE chunk[64 * 1024];
        HPDF_UINT32 n = sizeof chunk;
        HPDF_STATUS st = HPDF_ReadFromStream(pdf, chunk, &n);
        if (n > 0)
            bc_buf_append(out, chunk, n);
        if (st == HPDF_STREAM_EOF || n == 0)
            break;
        if (st != HPDF_OK)
            return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu không đọc lại được PDF");
    }
    return out->oom ? bc_err_oom(err, NULL) : BC_OK;
}

bc_status bc_pdf_render(const bc_doc *doc, const bc_pdf_options *opt, bc_buf *out,
                        bc_pdf_result *res, bc_err *err)
{
    HPDF_Doc pdf = bc_harudoc_open(err);
    if (!pdf)
        return BC_FAIL;
    bc_arena a = BC_ARENA_INIT;
    bc_flow f;
    bc_status s = bc_flow_init(&f, &a, pdf, doc, err);
    if (s == BC_OK)
        s = bc_fontset_load(pdf, opt->fonts_dir, &f.fs, err);
    if (s == BC_OK)
        s = walk(&f);
    if (s == BC_OK)
        s = bc_fontset_finish(&f.fs, err);
    if (s == BC_OK) {
        bc_pdfa_opts po = {opt->plain, opt->icc_path, f.npages};
        s = bc_pdf_identify(pdf, doc, &po, err);
    }
    if (s == BC_OK) {
        set_file_id(pdf, doc, opt->plain);
        s = save(pdf, out, err);
    }
    if (s == BC_OK && bc_harudoc_failed())
        s = BC_FAIL;
    if (res)
        res->pages = f.npages;
    bc_harudoc_close(pdf, s != BC_OK);
    bc_arena_free(&a);
    return s;
}
