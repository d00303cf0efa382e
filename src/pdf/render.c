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
#include "pdf/pdfa.h"
#include "pdf/sigfield.h"
#include "pdf/table.h"
#include "util/text.h"

#define LEVEL_INDENT (10 * BC_PT_PER_MM)

typedef struct haru_error {
    bc_err *err;
    int failed;
} haru_error;

/* libharu reports errors through a callback and then returns an error code; the callback only
 * records, so that rendering unwinds normally and the caller gets one clear failure. */
static void on_haru_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    haru_error *he = user;
    if (!he->failed)
        bc_err_add(he->err, BC_FAIL, NULL, 0, 0, "lỗi libharu 0x%04X (chi tiết %u)",
                   (unsigned)error_no, (unsigned)detail_no);
    he->failed = 1;
}

/* `keep` is the height of what must follow the paragraph on the same page (a heading's first
 * lines, the start of the table a paragraph introduces); 0 for none. */
static bc_status render_para(bc_flow *f, const bc_para *p, double keep)
{
    const bc_style *st = &f->doc->styles[p->style];
    double indent = p->level * LEVEL_INDENT;
    double width = f->right - f->left - indent;
    bc_textbox tb;
    bc_status s = bc_text_layout(f->a, &f->fs, p, st, width, &tb, f->err);
    if (s != BC_OK)
        return s;
    double before = f->fresh ? 0 : st->space_before_pt;
    if (!bc_flow_fits(f, before + bc_textbox_height(&tb) + keep, NULL, 0) && !f->fresh &&
        (keep > 0 || tb.nlines <= 2)) {
        s = bc_flow_new_page(f, f->landscape);
        if (s != BC_OK)
            return s;
        before = 0;
    }
    f->y -= before;
    for (size_t i = 0; i < tb.nlines; i++) {
        const bc_line *ln = &tb.lines[i];
        int notes[16], nn = 0;
        for (size_t k = 0; k < ln->n && nn < 16; k++)
            if (ln->pieces[k].note)
                notes[nn++] = ln->pieces[k].note;
        if (!bc_flow_fits(f, tb.leading, notes, nn) && !f->fresh) {
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
    double above, height;
} sigcol_layout;

static bc_status layout_sigcol(bc_flow *f, const bc_sigcol *c, double width, sigcol_layout *l)
{
    const bc_para *parts[3] = {c->place, c->title, c->note};
    memset(l, 0, sizeof *l);
    for (int i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        bc_status s = bc_text_layout(f->a, &f->fs, parts[i], &f->doc->styles[parts[i]->style],
                                     width, &l->parts[i], f->err);
        if (s != BC_OK)
            return s;
        l->has[i] = 1;
        l->above += bc_textbox_height(&l->parts[i]);
    }
    if (c->name) {
        bc_status s = bc_text_layout(f->a, &f->fs, c->name, &f->doc->styles[c->name->style],
                                     width, &l->name, f->err);
        if (s != BC_OK)
            return s;
        l->has_name = 1;
    }
    l->height = l->above + c->space_mm * BC_PT_PER_MM +
                (l->has_name ? bc_textbox_height(&l->name) : 0);
    return BC_OK;
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

static bc_status render_signatures(bc_flow *f, const bc_sigblock *sb)
{
    double colw, left = sig_columns(f, sb, &colw);
    sigcol_layout *ls = BC_NEW_N(f->a, sigcol_layout, sb->ncols);
    if (!ls)
        return bc_err_oom(f->err, NULL);
    double height = 0, before = f->doc->styles[BC_STYLE_SIGN_PLACE].space_before_pt;
    for (int i = 0; i < sb->ncols; i++) {
        bc_status s = layout_sigcol(f, &sb->cols[i], colw - 4 * BC_PT_PER_MM, &ls[i]);
        if (s != BC_OK)
            return s;
        if (ls[i].height > height)
            height = ls[i].height;
    }
    /* The closing block is one unit: it never splits across pages. */
    if (!bc_flow_fits(f, before + height, NULL, 0) && !f->fresh) {
        bc_status s = bc_flow_new_page(f, f->landscape);
        if (s != BC_OK)
            return s;
    }
    if (!f->fresh)
        f->y -= before;
    for (int i = 0; i < sb->ncols; i++) {
        const sigcol_layout *l = &ls[i];
        double x = left + i * colw + 2 * BC_PT_PER_MM, w = colw - 4 * BC_PT_PER_MM;
        double y = f->y;
        for (int k = 0; k < 3; k++)
            if (l->has[k]) {
                bc_flow_draw_box(f, &l->parts[k], x, y, w);
                y -= bc_textbox_height(&l->parts[k]);
            }
        double space = sb->cols[i].space_mm * BC_PT_PER_MM;
        if (sb->cols[i].role) {
            bc_status s = bc_pdf_add_sig_field(f->pdf, f->page, sb->cols[i].role, x, y - space,
                                               x + w, y, sb->cols[i].signer,
                                               sb->cols[i].undated, f->err);
            if (s != BC_OK)
                return s;
        }
        y -= space;
        if (l->has_name)
            bc_flow_draw_box(f, &l->name, x, y, w);
    }
    f->y -= height;
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

/* What must stay on the page below paragraph block `b`: a paragraph that introduces a table
 * keeps the table's header and first rows with it; a heading, a few lines of what follows. */
static bc_status keep_below(bc_flow *f, const bc_block *b, double *keep)
{
    const bc_block *next = b->next;
    *keep = 0;
    if (next && next->kind == BC_BLK_TABLE)
        return bc_pdf_table_lead(f, next->u.table, keep);
    if (next && f->doc->styles[b->u.para->style].keep_with_next)
        *keep = 3 * f->doc->styles[BC_STYLE_BODY].size_pt * 1.15;
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
        switch (b->kind) {
        case BC_BLK_PARA: {
            double keep = 0;
            s = keep_below(f, b, &keep);
            if (s == BC_OK)
                s = render_para(f, b->u.para, keep);
            break;
        }
        case BC_BLK_TABLE:
            s = bc_pdf_table(f, b->u.table);
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
    haru_error he = {err, 0};
    HPDF_Doc pdf = HPDF_New(on_haru_error, &he);
    if (!pdf)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không khởi tạo được libharu");
    bc_arena a = BC_ARENA_INIT;
    bc_flow f;
    bc_status s = bc_flow_init(&f, &a, pdf, doc, err);
    if (s == BC_OK) {
        HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(pdf);
        HPDF_SetCurrentEncoder(pdf, "UTF-8");
        s = bc_fontset_load(pdf, opt->fonts_dir, &f.fs, err);
    }
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
    if (s == BC_OK && he.failed)
        s = BC_FAIL;
    if (res)
        res->pages = f.npages;
    HPDF_Free(pdf);
    bc_arena_free(&a);
    return s;
}
