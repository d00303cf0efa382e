/* report.c — see report.h. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/build.h"
#include "docx/render.h"
#include "pdf/render.h"
#include "sign/cms.h"
#include "sign/tsa.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/paths.h"
#include "util/text.h"

static char *joined(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s", a, b);
    return p;
}

bc_status bc_report_names_from_base(const char *base, int want_pdf, int want_docx,
                                    bc_report_names *n, bc_err *err)
{
    memset(n, 0, sizeof *n);
    n->pdf = want_pdf ? joined(base, ".pdf") : NULL;
    n->docx = want_docx ? joined(base, ".docx") : NULL;
    n->p7s = want_docx && n->docx ? joined(n->docx, ".p7s") : NULL;
    if ((want_pdf && !n->pdf) || (want_docx && !n->p7s)) {
        bc_report_names_free(n);
        return bc_err_oom(err, base);
    }
    return BC_OK;
}

bc_status bc_report_names_from_output(const char *output, int want_pdf, int want_docx,
                                      bc_report_names *n, bc_err *err)
{
    const char *only = want_pdf && !want_docx ? ".pdf" : !want_pdf && want_docx ? ".docx" : NULL;
    /* One format and the name already says it: the user's name, to the letter. */
    if (only && bc_ends_with_nocase(output, only)) {
        memset(n, 0, sizeof *n);
        char **slot = want_pdf ? &n->pdf : &n->docx;
        *slot = strdup(output);
        if (want_docx && *slot)
            n->p7s = joined(*slot, ".p7s");
        if (!*slot || (want_docx && !n->p7s)) {
            bc_report_names_free(n);
            return bc_err_oom(err, output);
        }
        return BC_OK;
    }
    char *base = strdup(output);
    if (!base)
        return bc_err_oom(err, output);
    size_t len = strlen(base);
    if (bc_ends_with_nocase(base, ".pdf"))
        base[len - 4] = '\0';
    else if (bc_ends_with_nocase(base, ".docx"))
        base[len - 5] = '\0';
    bc_status s = bc_report_names_from_base(base, want_pdf, want_docx, n, err);
    free(base);
    return s;
}

void bc_report_names_free(bc_report_names *n)
{
    free(n->pdf);
    free(n->docx);
    free(n->p7s);
    memset(n, 0, sizeof *n);
}

void bc_report_remove(const bc_report_names *n)
{
    const char *all[] = {n->pdf, n->docx, n->p7s};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (all[i])
            unlink(all[i]);
}

/* The bytes of every file, before anything is written. */
typedef struct rendered {
    bc_buf pdf, docx, p7s;
    int pages;
    time_t signed_at;
} rendered;

static bc_status sign_pdf(const bc_report_opts *o, const char *fonts, rendered *r, bc_err *err)
{
    bc_sign_opts so = *o->sign;
    so.signer = o->signer;
    so.fonts_dir = fonts;
    if (!so.when)
        so.when = time(NULL);
    bc_buf signed_pdf = BC_BUF_INIT;
    bc_status s = bc_sign_pdf(&r->pdf, o->source, &so, &signed_pdf, err);
    if (s != BC_OK) {
        bc_buf_free(&signed_pdf);
        return s;
    }
    bc_buf_free(&r->pdf);
    r->pdf = signed_pdf;
    r->signed_at = so.when;
    return BC_OK;
}

/* Every format, signed when asked; PDF first, so that a PDF signature that cannot be made
 * costs no DOCX. */
static bc_status render_all(const bc_doc *doc, const bc_report_opts *o, rendered *r,
                            bc_err *err)
{
    bc_status s = BC_OK;
    char *installed = o->fonts_dir ? NULL : bc_resource_dir("fonts");
    const char *fonts = o->fonts_dir ? o->fonts_dir : installed;
    if (o->want_pdf) {
        bc_pdf_options po = {fonts, o->plain_pdf, NULL};
        bc_pdf_result res = {0};
        s = bc_pdf_render(doc, &po, &r->pdf, &res, err);
        r->pages = res.pages;
    }
    if (s == BC_OK && o->want_pdf && o->signer)
        s = sign_pdf(o, fonts, r, err);
    if (s == BC_OK && o->want_docx)
        s = bc_docx_render(doc, &r->docx, err);
    if (s == BC_OK && o->want_docx && o->signer) {
        s = bc_cms_sign_detached(o->signer, r->docx.data, r->docx.len, &r->p7s, err);
        /* A DOCX signature is CAdES: B-T is a timestamp on it; B-LT and B-LTA are for PDFs. */
        if (s == BC_OK && o->sign && o->sign->level >= BC_LEVEL_BT)
            s = bc_tsa_stamp_cms(o->sign->tsa, &r->p7s, err);
        if (s == BC_OK && !r->signed_at)
            r->signed_at = time(NULL);
    }
    free(installed);
    return s;
}

static void set_add(bc_report_result *res, const char **paths, const void **data, size_t *lens,
                    int *n, const char *path, const bc_buf *b)
{
    paths[*n] = path;
    data[*n] = b->data ? b->data : "";
    lens[(*n)++] = b->len;
    if (!res)
        return;
    bc_report_file *f = &res->files[res->nfiles++];
    f->path = path;
    bc_sha256 h;
    bc_sha256_bytes(b->data ? b->data : "", b->len, &h);
    memcpy(f->sha256, h.hex, sizeof f->sha256);
    f->size = (long long)b->len;
}

static bc_status write_all(const bc_report_opts *o, const bc_report_names *names,
                           const rendered *r, bc_report_result *res, bc_err *err)
{
    const char *paths[BC_REPORT_MAX_FILES];
    const void *data[BC_REPORT_MAX_FILES];
    size_t lens[BC_REPORT_MAX_FILES];
    int n = 0;
    if (o->want_pdf)
        set_add(res, paths, data, lens, &n, names->pdf, &r->pdf);
    if (o->want_docx)
        set_add(res, paths, data, lens, &n, names->docx, &r->docx);
    if (o->want_docx && o->signer)
        set_add(res, paths, data, lens, &n, names->p7s, &r->p7s);
    bc_status s = bc_file_make_parents(paths[0], err);
    if (s == BC_OK)
        s = bc_file_write_set(paths, data, lens, n, err);
    if (s != BC_OK && res)
        res->nfiles = 0;
    /* An earlier signed report left a signature that no longer fits the new DOCX. */
    if (s == BC_OK && o->want_docx && !o->signer && names->p7s)
        unlink(names->p7s);
    return s;
}

bc_status bc_report_make(const bc_layout *layout, const bc_data *data, const bc_report_opts *o,
                         const bc_report_names *names, bc_report_result *res, bc_err *err)
{
    if (res)
        memset(res, 0, sizeof *res);
    if (!o->want_pdf && !o->want_docx)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "chưa chọn định dạng nào (pdf, docx)");
    bc_doc *doc = NULL;
    rendered r = {BC_BUF_INIT, BC_BUF_INIT, BC_BUF_INIT, 0, 0};
    bc_status s = bc_build(layout, data, &doc, err);
    if (s == BC_OK && o->sign) /* room for the seal the head of agency will stamp */
        doc->seal_mm = o->sign->seal_size_mm;
    if (s == BC_OK && res && doc->meta.author && *doc->meta.author)
        res->author = strdup(doc->meta.author);
    if (s == BC_OK)
        s = render_all(doc, o, &r, err);
    if (s == BC_OK)
        s = write_all(o, names, &r, res, err);
    if (s == BC_OK && res) {
        res->pages = r.pages;
        res->signed_at = r.signed_at;
    }
    bc_buf_free(&r.pdf);
    bc_buf_free(&r.docx);
    bc_buf_free(&r.p7s);
    bc_doc_free(doc);
    return s;
}

void bc_report_result_free(bc_report_result *res)
{
    free(res->author);
    memset(res, 0, sizeof *res);
}
