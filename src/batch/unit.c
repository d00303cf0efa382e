/* unit.c — see unit.h. */
#include "batch/unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/pool.h"
#include "doc/build.h"
#include "docx/render.h"
#include "pdf/render.h"
#include "sign/cms.h"
#include "sign/verify.h"
#include "util/fileio.h"
#include "util/text.h"
#include "util/hash.h"

char *bc_unit_dir(const bc_batch_ctx *ctx, const bc_unit *u)
{
    size_t n = strlen(ctx->out_dir) + strlen(u->safe) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", ctx->out_dir, u->safe);
    return p;
}

/* All diagnostics, one per line, as the CLI prints them. */
static char *messages(const bc_err *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    bc_err_print(err, f);
    fclose(f);
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    return text;
}

/* The path of a unit's output relative to the output folder: CODE/FORM-CODE.EXT. */
static void output_rel(const bc_batch_ctx *ctx, const bc_unit *u, const char *ext, char *out,
                       size_t size)
{
    snprintf(out, size, "%s/%s-%s%s", u->safe, ctx->form_id, u->safe, ext);
}

static bc_status write_output(const bc_batch_ctx *ctx, const bc_unit *u, const char *ext,
                              const bc_buf *bytes, bc_record *r, bc_err *err)
{
    char rel[256], path[4096];
    output_rel(ctx, u, ext, rel, sizeof rel);
    snprintf(path, sizeof path, "%s/%s", ctx->out_dir, rel);
    bc_status s = bc_file_write_atomic(path, bytes->data, bytes->len, err);
    if (s != BC_OK || r->nout >= BC_MAX_OUTPUTS)
        return s;
    bc_output *o = &r->out[r->nout++];
    o->path = strdup(rel);
    bc_sha256 h;
    bc_sha256_bytes(bytes->data, bytes->len, &h);
    memcpy(o->sha256, h.hex, sizeof o->sha256);
    o->size = (long long)bytes->len;
    return BC_OK;
}

/* Who signed the unit's files and when, for the manifest. */
static void note_signer(const bc_batch_ctx *ctx, time_t when, bc_record *r)
{
    char pdf_date[32], iso[32];
    bc_vn_time(when, pdf_date, iso);
    free(r->signing_time);
    free(r->signer);
    r->signing_time = strdup(iso);
    r->signer = bc_cert_subject_field(ctx->signer->cert, NID_commonName);
}

/* Signs the rendered PDF in memory, in the role's field, and notes who signed and when. */
static bc_status sign_pdf(const bc_batch_ctx *ctx, const bc_unit *u, bc_buf *pdf, bc_record *r,
                          bc_err *err)
{
    bc_sign_opts o = ctx->sign;
    o.signer = ctx->signer;
    o.when = time(NULL);
    bc_buf out = BC_BUF_INIT;
    bc_status s = bc_sign_pdf(pdf, u->input, &o, &out, err);
    if (s != BC_OK) {
        bc_buf_free(&out);
        return s;
    }
    bc_buf_free(pdf);
    *pdf = out;
    note_signer(ctx, o.when, r);
    return BC_OK;
}

/* Everything is rendered (and signed) in memory first; files are written only when all of the
 * unit's outputs are ready, so a failing unit leaves nothing behind. */
static bc_status run(const bc_batch_ctx *ctx, const bc_unit *u, bc_record *r, bc_err *err)
{
    bc_data *data = NULL;
    bc_doc *doc = NULL;
    bc_buf pdf = BC_BUF_INIT, docx = BC_BUF_INIT, p7s = BC_BUF_INIT;
    bc_status s = u->tree ? bc_data_load_tree(ctx->layout, u->tree->file, u->tree, &data, err)
                          : bc_data_load(ctx->layout, u->input, &data, err);
    if (s == BC_OK)
        s = bc_build(ctx->layout, data, &doc, err);
    if (u->name)
        r->name = strdup(u->name);
    else if (s == BC_OK && doc->meta.author && *doc->meta.author)
        r->name = strdup(doc->meta.author);
    if (s == BC_OK && ctx->want_pdf) {
        bc_pdf_options po = {ctx->fonts_dir};
        bc_pdf_result res = {0};
        s = bc_pdf_render(doc, &po, &pdf, &res, err);
        r->pages = res.pages;
    }
    if (s == BC_OK && ctx->want_pdf && ctx->signer)
        s = sign_pdf(ctx, u, &pdf, r, err);
    if (s == BC_OK && ctx->want_docx)
        s = bc_docx_render(doc, &docx, err);
    if (s == BC_OK && ctx->want_docx && ctx->signer) {
        s = bc_cms_sign_detached(ctx->signer, docx.data, docx.len, &p7s, err);
        if (s == BC_OK && ctx->sign.level >= BC_LEVEL_BT)
            s = bc_tsa_stamp_cms(ctx->sign.tsa, &p7s, err);
        if (s == BC_OK && !r->signer)
            note_signer(ctx, time(NULL), r);
    }
    if (s == BC_OK) {
        char *dir = bc_unit_dir(ctx, u);
        if (!dir || (mkdir(dir, 0755) != 0 && errno != EEXIST))
            s = bc_err_add(err, BC_FAIL, dir, 0, 0, "không tạo được thư mục: %s", strerror(errno));
        free(dir);
    }
    if (s == BC_OK && ctx->want_pdf)
        s = write_output(ctx, u, ".pdf", &pdf, r, err);
    if (s == BC_OK && ctx->want_docx)
        s = write_output(ctx, u, ".docx", &docx, r, err);
    if (s == BC_OK && p7s.len)
        s = write_output(ctx, u, ".docx.p7s", &p7s, r, err);
    bc_buf_free(&pdf);
    bc_buf_free(&docx);
    bc_buf_free(&p7s);
    bc_doc_free(doc);
    bc_data_free(data);
    return s;
}

/* A unit that fails now has no valid bundle: what an earlier run wrote for it came from other
 * data, and left in place it would be taken for this run's (the manifest lists no outputs).
 * Bundle names are fixed by the form and the unit code, so every possible output is removed. */
static void remove_outputs(const bc_batch_ctx *ctx, const bc_unit *u)
{
    static const char *const exts[] = {".pdf", ".docx", ".docx.p7s"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        char rel[256], path[4096];
        output_rel(ctx, u, exts[i], rel, sizeof rel);
        snprintf(path, sizeof path, "%s/%s", ctx->out_dir, rel);
        unlink(path);
    }
}

/* An earlier run's outputs stand when the input and options are the same, every file has the
 * hash the journal recorded, and every signed PDF still verifies against the trust anchors. */
static int earlier_outputs_stand(const bc_batch_ctx *ctx, const bc_unit *u, const bc_record *p)
{
    if (!p || p->status != BC_UNIT_OK || p->nout == 0 ||
        strcmp(p->input_sha256, u->input_sha256) ||
        strcmp(p->options_sha256, ctx->options_sha256))
        return 0;
    int ok = 1;
    for (int i = 0; ok && i < p->nout; i++) {
        char path[4096], *data = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", ctx->out_dir, p->out[i].path);
        bc_err e = BC_ERR_INIT;
        ok = bc_file_read(path, &data, &len, &e) == BC_OK;
        if (ok) {
            bc_sha256 h;
            bc_sha256_bytes(data, len, &h);
            ok = !strcmp(h.hex, p->out[i].sha256);
        }
        if (ok && ctx->signer && bc_ends_with(path, ".pdf")) {
            bc_verify_report rep = {0};
            ok = bc_verify_pdf(data, len, path, ctx->trust, &rep, &e) == BC_OK && rep.all_valid;
            bc_verify_report_free(&rep);
        }
        free(data);
        bc_err_free(&e);
    }
    return ok;
}

void bc_unit_process(const bc_batch_ctx *ctx, const bc_unit *u, bc_record *r)
{
    const bc_record *prev = ctx->prev ? ctx->prev[u - ctx->units] : NULL;
    if (earlier_outputs_stand(ctx, u, prev)) {
        bc_record_copy(r, prev);
        r->reused = 1;
        /* Where the unit's data is now (a row of a units table moves when rows are added above
         * it), not where it was when the bundle was made. */
        free(r->input);
        r->input = strdup(u->input);
        r->peak_kb = bc_peak_rss_kb();
        return;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(r, 0, sizeof *r);
    r->code = strdup(u->code);
    r->input = strdup(u->input);
    memcpy(r->input_sha256, u->input_sha256, sizeof r->input_sha256);
    memcpy(r->options_sha256, ctx->options_sha256, sizeof r->options_sha256);
    bc_err err = BC_ERR_INIT;
    bc_status s = run(ctx, u, r, &err);
    r->status = s == BC_OK ? BC_UNIT_OK : BC_UNIT_FAILED;
    if (s != BC_OK)
        remove_outputs(ctx, u);
    if (err.n)
        r->error = messages(&err);
    bc_err_free(&err);
    if (!r->name)
        r->name = strdup(u->code);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    r->peak_kb = bc_peak_rss_kb();
}
