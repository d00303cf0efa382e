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
#include "report/report.h"
#include "sign/verify.h"
#include "util/syserr.h"
#include "util/fileio.h"
#include "util/text.h"
#include "util/hash.h"

/* OUT/SAFE/FORM-SAFE: a unit's files are this + .pdf, .docx, .docx.p7s. */
static bc_status unit_names(const bc_batch_ctx *ctx, const bc_unit *u, bc_report_names *n,
                            bc_err *err)
{
    char *base = bc_strfmt("%s/%s/%s-%s", ctx->out_dir, u->safe, ctx->form_id, u->safe);
    if (!base)
        return bc_err_oom(err, ctx->out_dir);
    bc_status s = bc_report_names_from_base(base, ctx->want_pdf, ctx->want_docx, n, err);
    free(base);
    return s;
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

/* A written file in the record: its path relative to the output folder, hash and size. */
static void note_output(const bc_batch_ctx *ctx, const bc_report_file *f, bc_record *r)
{
    if (r->nout >= BC_MAX_OUTPUTS)
        return;
    bc_output *o = &r->out[r->nout++];
    o->path = strdup(f->path + strlen(ctx->out_dir) + 1);
    memcpy(o->sha256, f->sha256, sizeof o->sha256);
    o->size = f->size;
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

/* The unit's report, made by the pipeline render uses (report/report.h): nothing is written
 * unless all of the unit's files are ready, so a failing unit leaves nothing behind. */
static bc_status run(const bc_batch_ctx *ctx, const bc_unit *u, bc_record *r, bc_err *err)
{
    bc_data *data = NULL;
    bc_report_names names = {0};
    bc_report_result res = {0};
    bc_report_opts ro = {.want_pdf = ctx->want_pdf, .want_docx = ctx->want_docx,
                         .plain_pdf = ctx->plain_pdf,
                         .fonts_dir = ctx->fonts_dir, .signer = ctx->signer, .sign = &ctx->sign,
                         .source = u->input};
    bc_status s = u->tree ? bc_data_load_tree(ctx->layout, u->tree->file, u->tree, &data, err)
                          : bc_data_load(ctx->layout, u->input, &data, err);
    if (s == BC_OK)
        s = unit_names(ctx, u, &names, err);
    if (s == BC_OK)
        s = bc_report_make(ctx->layout, data, &ro, &names, &res, err);
    if (u->name)
        r->name = strdup(u->name);
    else if (res.author)
        r->name = strdup(res.author);
    r->pages = res.pages;
    if (s == BC_OK && res.signed_at)
        note_signer(ctx, res.signed_at, r);
    for (int i = 0; s == BC_OK && i < res.nfiles; i++)
        note_output(ctx, &res.files[i], r);
    bc_report_result_free(&res);
    bc_report_names_free(&names);
    bc_data_free(data);
    return s;
}

/* Removes the unit's files this run does not make. A unit that fails now has no valid bundle:
 * what an earlier run wrote for it came from other data, and left in place it would be taken for
 * this run's (the manifest lists no outputs), so all go. A unit that succeeded loses the files
 * of a format or a signature the options no longer ask for (after `batch --force` with fewer
 * formats or without --sign). Bundle names are fixed by the form and the unit code. */
static void remove_unmade(const bc_batch_ctx *ctx, const bc_unit *u, int failed)
{
    bc_batch_ctx every = *ctx;
    every.want_pdf = every.want_docx = 1;
    bc_report_names n;
    bc_err e = BC_ERR_INIT;
    if (unit_names(&every, u, &n, &e) == BC_OK) {
        char **made[] = {ctx->want_pdf ? &n.pdf : NULL, ctx->want_docx ? &n.docx : NULL,
                         ctx->want_docx && ctx->signer ? &n.p7s : NULL};
        for (size_t i = 0; !failed && i < sizeof made / sizeof *made; i++)
            if (made[i]) {
                free(*made[i]);
                *made[i] = NULL;
            }
        bc_report_remove(&n);
    }
    bc_report_names_free(&n);
    bc_err_free(&e);
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
        char *path = bc_strfmt("%s/%s", ctx->out_dir, p->out[i].path), *data = NULL;
        size_t len = 0;
        bc_err e = BC_ERR_INIT;
        ok = path && bc_file_read(path, &data, &len, &e) == BC_OK;
        if (ok) {
            bc_sha256 h;
            bc_sha256_bytes(data, len, &h);
            ok = !strcmp(h.hex, p->out[i].sha256);
        }
        if (ok && ctx->signer && bc_ends_with(path, ".pdf")) {
            bc_verify_report rep = {0};
            /* Offline: the outputs were checked when made. Timestamps against the TSA's own
             * anchors, as they were made. */
            const bc_tsa *tsa = ctx->sign.tsa;
            bc_verify_ctx vc = {ctx->trust, tsa && tsa->trust ? tsa->trust : ctx->trust, 1};
            ok = bc_verify_pdf_with(data, len, path, &vc, &rep, &e) == BC_OK && rep.all_valid;
            bc_verify_report_free(&rep);
        }
        free(data);
        free(path);
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
    remove_unmade(ctx, u, s != BC_OK);
    if (err.n)
        r->error = messages(&err);
    bc_err_free(&err);
    if (!r->name)
        r->name = strdup(u->code);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    r->peak_kb = bc_peak_rss_kb();
}
