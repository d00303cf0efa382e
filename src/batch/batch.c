/* batch.c — see batch.h. The parent finds the units, decides which can be kept from an earlier
 * run, hands the units to the worker pool, and writes the journal and the manifest. */
#include "batch/batch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/journal.h"
#include "batch/manifest.h"
#include "batch/pool.h"
#include "batch/stop.h"
#include "batch/unit.h"
#include "batch/units.h"
#include "batch/overview.h"
#include "form/form.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/vntime.h"

typedef struct run {
    bc_batch_ctx ctx;
    bc_record *recs; /* one per unit, in unit order */
    int *todo;       /* unit numbers to process: all of them, each decides on its earlier outputs */
    int ntodo;
    bc_journal journal;
    bc_progress progress;
    bc_record *stale; /* earlier units no longer in the data whose files are still there */
    int nstale;
    bc_shard shard;
    char suffix[48];  /* of this shard's own files (shard.h); "" for a whole run */
    char data_sha256[65];
} run;

/* Removes "NAME.tmp-PID-N" files a killed run left behind in `dir` (and its folders, `depth`
 * deep), those whose name holds `only` when it is given. */
static void remove_temps(const char *dir, int depth, const char *only)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.' && strncmp(de->d_name, ".baocao-journal", 15))
            continue;
        char *path = bc_strfmt("%s/%s", dir, de->d_name);
        struct stat st;
        if (path && lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth > 0)
                remove_temps(path, depth - 1, only);
            else if (S_ISREG(st.st_mode) && strstr(de->d_name, ".tmp-") &&
                     (!only || strstr(de->d_name, only)))
                unlink(path);
        }
        free(path);
    }
    closedir(d);
}

/* The temporary files a killed run of this shard left, in OUT and its unit folders: a shard in a
 * folder it shares with others touches only its own files and its own units' folders, where the
 * others may be writing at this moment. */
static void remove_stale_temps(const run *R, const char *out_dir)
{
    if (!R->shard.count) {
        remove_temps(out_dir, 1, NULL);
        return;
    }
    remove_temps(out_dir, 0, R->suffix);
    for (int i = 0; i < R->ctx.nunits; i++) {
        char *dir = bc_strfmt("%s/%s", out_dir, R->ctx.units[i].safe);
        if (dir)
            remove_temps(dir, 0, NULL);
        free(dir);
    }
}

/* Everything besides a unit's data that shapes its outputs: baocao's version, the layout, the
 * fonts and the formats. A change to any of them redoes every unit. */
static void hash_file_into(bc_buf *b, const char *what, const char *path, bc_err *err)
{
    bc_sha256 h = {""};
    if (path)
        bc_sha256_file(path, &h, err);
    bc_buf_printf(b, "%s %s\n", what, h.hex);
}

/* The signature settings that change a signed output: who signs (the certificate), the role and
 * the images and texts of the visible signature. */
static void signing_into(bc_buf *b, const bc_batch_opts *o, bc_err *err)
{
    if (!o->signer) {
        bc_buf_puts(b, "unsigned\n");
        return;
    }
    unsigned char *der = NULL;
    int n = i2d_X509(o->signer->cert, &der);
    bc_sha256 cert;
    bc_sha256_bytes(der, n > 0 ? (size_t)n : 0, &cert);
    OPENSSL_free(der);
    const bc_sign_opts *s = &o->sign;
    bc_buf_printf(b, "cert %s\nrole %s\nseal %.2f\nreason %s\nlocation %s\nnumber %s\n", cert.hex,
                  s->role ? s->role : "", s->seal_size_mm, s->reason ? s->reason : "",
                  s->location ? s->location : "", s->number ? s->number : "");
    hash_file_into(b, "signature-image", s->signature_image, err);
    hash_file_into(b, "seal-image", s->seal_image, err);
}

static bc_status options_hash(const bc_batch_opts *o, const char *layout_path, char *out,
                              bc_err *err)
{
    bc_sha256 layout_h;
    bc_status s = bc_sha256_file(layout_path, &layout_h, err);
    if (s != BC_OK)
        return s;
    bc_buf b = BC_BUF_INIT;
    bc_buf_printf(&b, "baocao %s\nlayout %s\npdf %d docx %d\n", o->version, layout_h.hex,
                  o->want_pdf, o->want_docx);
    if (o->plain_pdf)
        bc_buf_puts(&b, "plain pdf\n"); /* absent by default, so earlier journals still match */
    signing_into(&b, o, err);
    bc_sha256 h;
    bc_sha256_bytes(b.data, b.len, &h);
    bc_buf_free(&b);
    memcpy(out, h.hex, 65);
    return BC_OK;
}

/* Each unit's record from an earlier run, if any: a worker decides whether its outputs still
 * stand (they are checked in parallel, since verifying signatures takes time). */
static bc_status map_earlier(run *R, bc_record *prev, int nprev, bc_err *err)
{
    R->ctx.prev = calloc((size_t)R->ctx.nunits, sizeof *R->ctx.prev);
    if (!R->ctx.prev)
        return bc_err_oom(err, NULL);
    for (int i = 0; i < R->ctx.nunits; i++) {
        for (int k = 0; k < nprev; k++)
            if (!strcmp(prev[k].code, R->ctx.units[i].code)) {
                R->ctx.prev[i] = &prev[k];
                break;
            }
        R->todo[R->ntodo++] = i;
    }
    return BC_OK;
}

static void work(void *ctx, int index, bc_buf *line)
{
    run *R = ctx;
    bc_record r;
    bc_unit_process(&R->ctx, &R->ctx.units[R->todo[index]], &r);
    bc_record_write(&r, line);
    bc_record_free(&r);
}

/* The record of a unit that has no result: failed, with why. */
static void not_done(run *R, int u, const char *why)
{
    bc_record *r = &R->recs[u];
    memset(r, 0, sizeof *r);
    r->code = strdup(R->ctx.units[u].code);
    r->name = strdup(R->ctx.units[u].code);
    r->input = strdup(R->ctx.units[u].input);
    memcpy(r->input_sha256, R->ctx.units[u].input_sha256, 65);
    r->status = BC_UNIT_FAILED;
    r->error = strdup(why);
}

static void done(void *ctx, int index, const char *line)
{
    run *R = ctx;
    int u = R->todo[index];
    if (!line || !bc_record_read(line, &R->recs[u]))
        not_done(R, u, "tiến trình xử lý đơn vị này dừng bất thường");
    bc_journal_append(&R->journal, &R->recs[u]);
    bc_progress_unit(&R->progress, &R->recs[u]);
}

/* What the folder's earlier runs made, from their records. */
typedef struct made {
    int sign, pdf, docx;
} made;

static made earlier_made(const bc_record *prev, int nprev)
{
    made m = {0, 0, 0};
    for (int i = 0; i < nprev; i++) {
        if (prev[i].status != BC_UNIT_OK)
            continue;
        m.sign |= prev[i].signer && *prev[i].signer;
        for (int k = 0; k < prev[i].nout; k++) {
            m.pdf |= bc_ends_with(prev[i].out[k].path, ".pdf");
            m.docx |= bc_ends_with(prev[i].out[k].path, ".docx");
        }
    }
    return m;
}

static const char *formats_text(int pdf, int docx)
{
    return pdf && docx ? "pdf,docx" : pdf ? "pdf" : "docx";
}

/* A run that would make less than the folder holds (no signature where the reports are signed,
 * a format fewer) is refused unless forced: resuming it would replace signed reports with
 * unsigned ones, or remove files, without anyone having asked for that. */
static bc_status check_same_kind(const bc_batch_opts *o, const bc_record *prev, int nprev,
                                 bc_err *err)
{
    made m = earlier_made(prev, nprev);
    static const char WHAT_TO_DO[] =
        "Để ghi riêng, dùng --out THƯ_MỤC_KHÁC; để dựng lại cả thư mục theo tùy chọn mới "
        "(tệp không còn làm sẽ bị xóa), thêm --force";
    if (o->force)
        return BC_OK;
    if (m.sign && !o->signer)
        return bc_err_add(err, BC_BADINPUT, o->out_dir, 0, 0,
                          "các báo cáo trong thư mục này đã được ký (--sign), lần chạy này không "
                          "có --sign: chạy tiếp sẽ thay tệp đã ký bằng tệp chưa ký. Thêm --sign "
                          "với các tùy chọn ký như lần trước để làm tiếp. %s.", WHAT_TO_DO);
    if ((m.pdf && !o->want_pdf) || (m.docx && !o->want_docx))
        return bc_err_add(err, BC_BADINPUT, o->out_dir, 0, 0,
                          "các báo cáo trong thư mục này có định dạng %s, lần chạy này "
                          "--format %s: chạy tiếp sẽ bỏ các tệp %s đã có. Dùng --format %s để "
                          "làm tiếp. %s.", formats_text(m.pdf, m.docx),
                          formats_text(o->want_pdf, o->want_docx),
                          m.pdf && !o->want_pdf ? "PDF" : "DOCX",
                          formats_text(m.pdf || o->want_pdf, m.docx || o->want_docx), WHAT_TO_DO);
    return BC_OK;
}

static bc_status prepare(run *R, const bc_batch_opts *o, bc_layout **layout, bc_err *err)
{
    char *dir = bc_resource_dir("layouts"), *path = NULL;
    bc_status s = bc_layout_resolve(o->form, dir, &path, err);
    free(dir);
    if (s == BC_OK)
        s = bc_layout_load(path, layout, err);
    if (s == BC_OK)
        s = options_hash(o, path, R->ctx.options_sha256, err);
    free(path);
    if (s != BC_OK)
        return s;
    R->ctx.layout = *layout;
    R->ctx.form_id = bc_layout_id(*layout);
    R->ctx.out_dir = o->out_dir;
    R->ctx.want_pdf = o->want_pdf;
    R->ctx.want_docx = o->want_docx;
    R->ctx.plain_pdf = o->plain_pdf;
    R->ctx.signer = o->signer;
    R->ctx.sign = o->sign;
    R->ctx.sign.fonts_dir = R->ctx.fonts_dir;
    R->ctx.trust = o->trust;
    s = bc_units_is_table(o->data)
            ? bc_units_from_csv(*layout, o->data, &R->ctx.units, &R->ctx.nunits, err)
            : bc_units_from_dir(o->data, &R->ctx.units, &R->ctx.nunits, err);
    if (s != BC_OK)
        return s;
    /* Every shard reads all the units (so a clash of names anywhere stops every shard), records
     * the digest of all of them, and keeps its own. */
    bc_units_digest(R->ctx.units, R->ctx.nunits, R->data_sha256);
    bc_units_shard(R->ctx.units, &R->ctx.nunits, &o->shard);
    char *probe = bc_strfmt("%s/x", o->out_dir); /* make_parents creates the folders above it */
    s = probe ? bc_file_make_parents(probe, err) : bc_err_oom(err, o->out_dir);
    free(probe);
    if (s != BC_OK)
        return s;
    R->recs = calloc((size_t)R->ctx.nunits, sizeof *R->recs);
    R->todo = calloc((size_t)R->ctx.nunits, sizeof *R->todo);
    if (!R->recs || !R->todo)
        return bc_err_oom(err, NULL);
    return BC_OK;
}

/* A stop request was taken: the person who pressed Ctrl-C hears so at once. */
static void heard(void *ctx, int requests, int in_progress)
{
    run *R = ctx;
    bc_progress_stopping(&R->progress, requests, in_progress);
}

/* --jobs, or one worker per core. */
static int worker_count(const bc_batch_opts *o)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return o->jobs > 0 ? o->jobs : (cores > 0 ? (int)cores : 1);
}

/* Hands the units to the workers; a Ctrl-C or SIGTERM (stop.h) ends the run early, with the
 * units not reached marked as such. */
static bc_status run_units(run *R, const bc_batch_opts *o, int *stopped, bc_err *err)
{
    bc_stop stop = {.heard = heard, .ctx = R};
    bc_status s = bc_stop_open(&stop, err);
    if (s != BC_OK)
        return s;
    s = bc_pool_run(worker_count(o), R->ntodo, work, done, R, &stop, stopped, err);
    bc_stop_close(&stop);
    bc_progress_end(&R->progress);
    if (!*stopped)
        return s;
    int left = 0;
    for (int i = 0; i < R->ctx.nunits; i++)
        if (!R->recs[i].code) {
            not_done(R, i, "chưa làm: lần chạy đã dừng theo yêu cầu");
            left++;
        }
    /* A unit killed by a second Ctrl-C leaves its temporary files. */
    remove_stale_temps(R, o->out_dir);
    bc_err_add(err, BC_FAIL, o->out_dir, 0, 0,
               "đã dừng theo yêu cầu: %d/%d đơn vị đã xong và được giữ, %d chưa làm; chạy lại "
               "đúng lệnh này để làm tiếp", R->ctx.nunits - left, R->ctx.nunits, left);
    return BC_FAIL;
}

static int is_unit(const run *R, const char *code)
{
    for (int i = 0; i < R->ctx.nunits; i++)
        if (!strcmp(R->ctx.units[i].code, code))
            return 1;
    return 0;
}

static int any_output_exists(const char *out_dir, const bc_record *r)
{
    int found = 0;
    for (int i = 0; !found && i < r->nout; i++) {
        char *path = bc_strfmt("%s/%s", out_dir, r->out[i].path);
        found = path && access(path, F_OK) == 0;
        free(path);
    }
    return found;
}

/* A unit whose data is gone from --data keeps its bundle: it may be signed work, and a run over
 * part of a province must not delete the rest. It is listed as stale in the manifest, and kept in
 * the journal, so it stays listed until its files are removed by hand. */
static bc_status keep_stale(run *R, const char *out_dir, const bc_record *prev, int nprev,
                            bc_err *err)
{
    R->stale = calloc((size_t)(nprev > 0 ? nprev : 1), sizeof *R->stale);
    if (!R->stale)
        return bc_err_oom(err, NULL);
    for (int k = 0; k < nprev; k++)
        if (prev[k].status == BC_UNIT_OK && bc_shard_mine(&R->shard, prev[k].code) &&
            !is_unit(R, prev[k].code) &&
            any_output_exists(out_dir, &prev[k])) {
            bc_record_copy(&R->stale[R->nstale], &prev[k]);
            R->stale[R->nstale++].stale = 1;
        }
    return BC_OK;
}

/* The run's records followed by the stale ones, for the manifest and the journal (shallow). */
static bc_record *all_records(const run *R, int *n)
{
    *n = R->ctx.nunits + R->nstale;
    bc_record *all = calloc((size_t)(*n > 0 ? *n : 1), sizeof *all);
    if (!all)
        return NULL;
    if (R->ctx.nunits)
        memcpy(all, R->recs, sizeof *all * (size_t)R->ctx.nunits);
    if (R->nstale)
        memcpy(all + R->ctx.nunits, R->stale, sizeof *all * (size_t)R->nstale);
    return all;
}

/* The manifest, and (unless stopped: the journal then keeps the earlier records of the units not
 * reached, for the rerun to reuse) the journal rewritten to exactly this run's records. */
static bc_status write_records(run *R, const bc_batch_opts *o, bc_manifest_info *info,
                               bc_err *err)
{
    int n = 0;
    bc_record *all = all_records(R, &n);
    if (!all)
        return bc_err_oom(err, NULL);
    bc_status s = bc_manifest_write(o->out_dir, info, all, n, err);
    if (s == BC_OK)
        s = bc_overview_write(o->out_dir, R->suffix, R->ctx.layout, R->ctx.units, R->recs,
                              R->ctx.nunits, worker_count(o), err);
    if (s == BC_OK && !info->stopped)
        s = bc_journal_rewrite(o->out_dir, R->suffix, all, n, err);
    free(all);
    return s;
}

/* With the folder locked: what earlier runs left, the check that this run may follow them,
 * and the units. */
static bc_status resume(run *R, const bc_batch_opts *o, int *stopped, bc_err *err)
{
    bc_record *prev = NULL;
    int nprev = 0;
    bc_journal_load(o->out_dir, R->suffix, &prev, &nprev, err);
    bc_status s = check_same_kind(o, prev, nprev, err);
    if (s == BC_OK) {
        remove_stale_temps(R, o->out_dir);
        bc_progress_start(&R->progress, o->progress, R->ctx.nunits);
        s = map_earlier(R, prev, nprev, err);
    }
    if (s == BC_OK)
        s = keep_stale(R, o->out_dir, prev, nprev, err);
    if (s == BC_OK)
        s = run_units(R, o, stopped, err);
    for (int i = 0; i < nprev; i++)
        bc_record_free(&prev[i]);
    free(prev);
    return s;
}

/* Locks this run's journal, in a folder that no run of another kind (whole, or another number of
 * shards) uses: checked again once the journal exists, so that of two such runs starting at the
 * same moment at least one sees the other. A refused run leaves no journal of its own. */
static bc_status open_journal(run *R, const char *out_dir, bc_err *err)
{
    bc_status s = bc_shard_check_folder(out_dir, &R->shard, err);
    if (s == BC_OK)
        s = bc_journal_open(out_dir, R->suffix, &R->journal, err);
    if (s == BC_OK && (s = bc_shard_check_folder(out_dir, &R->shard, err)) != BC_OK) {
        struct stat st;
        char *path = bc_strfmt("%s/.baocao-journal%s", out_dir, R->suffix);
        if (path && fstat(R->journal.fd, &st) == 0 && st.st_size == 0)
            unlink(path);
        free(path);
        bc_journal_close(&R->journal);
    }
    return s;
}

bc_status bc_batch_run(const bc_batch_opts *o, bc_err *err)
{
    run R;
    memset(&R, 0, sizeof R);
    R.journal.fd = -1;
    R.shard = o->shard;
    bc_shard_suffix(&R.shard, R.suffix, sizeof R.suffix);
    bc_layout *layout = NULL;
    char started[40], finished[40];
    bc_vn_time(time(NULL), NULL, started);
    char *fonts = bc_resource_dir("fonts");
    R.ctx.fonts_dir = fonts;
    int stopped = 0;
    bc_status s = prepare(&R, o, &layout, err);
    if (s == BC_OK)
        s = open_journal(&R, o->out_dir, err); /* and lock the folder (this shard's part) */
    if (s == BC_OK)
        s = resume(&R, o, &stopped, err);
    if (s == BC_OK || stopped) {
        bc_vn_time(time(NULL), NULL, finished);
        bc_manifest_info info = {R.ctx.form_id, o->version, started,         finished,
                                 stopped,      R.ctx.options_sha256, R.data_sha256, R.shard};
        bc_status m = write_records(&R, o, &info, err);
        if (s == BC_OK)
            s = m;
    }
    bc_journal_close(&R.journal); /* the folder's lock goes with it, once everything is written */
    if (s == BC_OK && R.progress.failed > 0)
        s = BC_FAIL;
    for (int i = 0; R.recs && i < R.ctx.nunits; i++)
        bc_record_free(&R.recs[i]);
    free(R.recs);
    for (int i = 0; i < R.nstale; i++)
        bc_record_free(&R.stale[i]);
    free(R.stale);
    free(R.todo);
    free(R.ctx.prev);
    bc_units_free(R.ctx.units, R.ctx.nunits);
    bc_layout_free(layout);
    free(fonts);
    return s;
}
