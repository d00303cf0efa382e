/* batch.c — see batch.h. The parent finds the units, decides which can be kept from an earlier
 * run, hands the rest to the worker pool, and writes the journal and the manifest. */
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
#include "batch/unit.h"
#include "batch/units.h"
#include "form/form.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/paths.h"

typedef struct run {
    bc_batch_ctx ctx;
    bc_record *recs; /* one per unit, in unit order */
    int *todo;       /* unit numbers to process */
    int ntodo;
    bc_journal journal;
    bc_progress progress;
} run;

static void now_iso(char *buf, size_t size)
{
    time_t t = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
}

/* Removes "NAME.tmp-PID-N" files a killed run left behind, in OUT and its unit folders. */
static void remove_stale_temps(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.' && strncmp(de->d_name, ".baocao-journal", 15))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth > 0)
            remove_stale_temps(path, depth - 1);
        else if (S_ISREG(st.st_mode) && strstr(de->d_name, ".tmp-"))
            unlink(path);
    }
    closedir(d);
}

/* Everything besides a unit's data that shapes its outputs: baocao's version, the layout, the
 * fonts and the formats. A change to any of them redoes every unit. */
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
    bc_sha256 h;
    bc_sha256_bytes(b.data, b.len, &h);
    bc_buf_free(&b);
    memcpy(out, h.hex, 65);
    return BC_OK;
}

static int outputs_intact(const char *out_dir, const bc_record *prev)
{
    if (prev->nout == 0)
        return 0;
    for (int i = 0; i < prev->nout; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", out_dir, prev->out[i].path);
        bc_sha256 h;
        bc_err e = BC_ERR_INIT;
        bc_status s = bc_sha256_file(path, &h, &e);
        bc_err_free(&e);
        if (s != BC_OK || strcmp(h.hex, prev->out[i].sha256))
            return 0;
    }
    return 1;
}

static const bc_record *find_prev(const bc_record *prev, int nprev, const char *code)
{
    for (int i = 0; i < nprev; i++)
        if (!strcmp(prev[i].code, code))
            return &prev[i];
    return NULL;
}

/* Decides, unit by unit, whether the bundle of an earlier run still stands. */
static void plan(run *R, const bc_record *prev, int nprev)
{
    for (int i = 0; i < R->ctx.nunits; i++) {
        const bc_unit *u = &R->ctx.units[i];
        const bc_record *p = find_prev(prev, nprev, u->code);
        if (p && p->status == BC_UNIT_OK && !strcmp(p->input_sha256, u->input_sha256) &&
            !strcmp(p->options_sha256, R->ctx.options_sha256) &&
            outputs_intact(R->ctx.out_dir, p)) {
            bc_record_copy(&R->recs[i], p);
            R->recs[i].reused = 1;
            bc_progress_unit(&R->progress, &R->recs[i]);
        } else {
            R->todo[R->ntodo++] = i;
        }
    }
}

static void work(void *ctx, int index, bc_buf *line)
{
    run *R = ctx;
    bc_record r;
    bc_unit_process(&R->ctx, &R->ctx.units[R->todo[index]], &r);
    bc_record_write(&r, line);
    bc_record_free(&r);
}

static void done(void *ctx, int index, const char *line)
{
    run *R = ctx;
    int u = R->todo[index];
    bc_record *r = &R->recs[u];
    if (!line || !bc_record_read(line, r)) {
        memset(r, 0, sizeof *r);
        r->code = strdup(R->ctx.units[u].code);
        r->name = strdup(R->ctx.units[u].code);
        r->input = strdup(R->ctx.units[u].input);
        memcpy(r->input_sha256, R->ctx.units[u].input_sha256, 65);
        r->status = BC_UNIT_FAILED;
        r->error = strdup("tiến trình xử lý đơn vị này dừng bất thường");
    }
    bc_journal_append(&R->journal, r);
    bc_progress_unit(&R->progress, r);
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
    s = bc_units_is_table(o->data)
            ? bc_units_from_csv(*layout, o->data, &R->ctx.units, &R->ctx.nunits, err)
            : bc_units_from_dir(o->data, &R->ctx.units, &R->ctx.nunits, err);
    if (s != BC_OK)
        return s;
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/x", o->out_dir);
    if (bc_file_make_parents(probe, err) != BC_OK)
        return BC_FAIL;
    R->recs = calloc((size_t)R->ctx.nunits, sizeof *R->recs);
    R->todo = calloc((size_t)R->ctx.nunits, sizeof *R->todo);
    if (!R->recs || !R->todo)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    return BC_OK;
}

bc_status bc_batch_run(const bc_batch_opts *o, bc_err *err)
{
    run R;
    memset(&R, 0, sizeof R);
    R.journal.fd = -1;
    bc_layout *layout = NULL;
    char started[40], finished[40];
    now_iso(started, sizeof started);
    char *fonts = bc_resource_dir("fonts");
    R.ctx.fonts_dir = fonts;
    bc_status s = prepare(&R, o, &layout, err);
    if (s == BC_OK) {
        remove_stale_temps(o->out_dir, 1);
        bc_record *prev = NULL;
        int nprev = 0;
        bc_journal_load(o->out_dir, &prev, &nprev, err);
        bc_progress_start(&R.progress, o->progress, R.ctx.nunits);
        plan(&R, prev, nprev);
        for (int i = 0; i < nprev; i++)
            bc_record_free(&prev[i]);
        free(prev);
        s = bc_journal_open(o->out_dir, &R.journal, err);
    }
    if (s == BC_OK) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        int jobs = o->jobs > 0 ? o->jobs : (cores > 0 ? (int)cores : 1);
        s = bc_pool_run(jobs, R.ntodo, work, done, &R, err);
        bc_journal_close(&R.journal);
        bc_progress_end(&R.progress);
    }
    if (s == BC_OK) {
        now_iso(finished, sizeof finished);
        bc_manifest_info info = {R.ctx.form_id, o->version, started, finished};
        s = bc_manifest_write(o->out_dir, &info, R.recs, R.ctx.nunits, err);
        if (s == BC_OK)
            s = bc_journal_rewrite(o->out_dir, R.recs, R.ctx.nunits, err);
    }
    if (s == BC_OK && R.progress.failed > 0)
        s = BC_FAIL;
    for (int i = 0; R.recs && i < R.ctx.nunits; i++)
        bc_record_free(&R.recs[i]);
    free(R.recs);
    free(R.todo);
    bc_units_free(R.ctx.units, R.ctx.nunits);
    bc_layout_free(layout);
    free(fonts);
    return s;
}
