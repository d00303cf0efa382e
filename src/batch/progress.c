/* progress.c — see progress.h. */
#include "batch/progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "batch/manifest.h"
#include "util/buf.h"

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

void bc_progress_start(bc_progress *p, bc_progress_mode mode, int total)
{
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->total = total;
    p->tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &p->start);
}

double bc_progress_elapsed(const bc_progress *p)
{
    return since(&p->start);
}

static void draw(bc_progress *p)
{
    double t = since(&p->start), rate = t > 0 ? p->done / t : 0;
    int left = rate > 0 ? (int)((p->total - p->done) / rate + 0.5) : 0;
    fprintf(stderr, "\r[%d/%d] lỗi: %d | %.1f đơn vị/giây | còn %d:%02d   ", p->done, p->total,
            p->failed, rate, left / 60, left % 60);
    fflush(stderr);
    clock_gettime(CLOCK_MONOTONIC, &p->last_draw);
}

static void plain_line(const bc_record *r)
{
    const char *first = r->out[0].path ? r->out[0].path : "";
    if (r->status == BC_UNIT_OK) {
        fprintf(stderr, "%s %s \"%s\" %s (%.0f ms)\n", r->reused ? "giữ" : "xong", r->code,
                r->name ? r->name : "", first, r->ms);
    } else {
        const char *e = r->error ? r->error : "";
        const char *nl = strchr(e, '\n');
        fprintf(stderr, "LỖI %s: %.*s%s\n", r->code, nl ? (int)(nl - e) : (int)strlen(e), e,
                nl ? " (xem errors.txt)" : "");
    }
}

void bc_progress_unit(bc_progress *p, const bc_record *r)
{
    p->done++;
    p->failed += r->status != BC_UNIT_OK;
    p->reused += r->reused;
    if (p->mode == BC_PROGRESS_JSON) {
        bc_buf b = BC_BUF_INIT;
        bc_manifest_json_record(&b, r, 1);
        if (b.data)
            printf("%s\n", b.data);
        fflush(stdout);
        bc_buf_free(&b);
    } else if (p->mode == BC_PROGRESS_AUTO && p->tty) {
        /* Redraw at most ten times a second: a terminal is slower than the batch. */
        if (since(&p->last_draw) > 0.1 || p->done == p->total)
            draw(p);
    } else if (p->mode == BC_PROGRESS_AUTO) {
        plain_line(r);
    }
}

void bc_progress_end(bc_progress *p)
{
    if (p->mode == BC_PROGRESS_AUTO && p->tty)
        fputc('\n', stderr);
    if (p->mode == BC_PROGRESS_JSON)
        return;
    double t = since(&p->start);
    if (p->mode != BC_PROGRESS_AUTO && !p->failed)
        return;
    fprintf(stderr, "%d đơn vị: %d xong (%d giữ nguyên từ lần chạy trước), %d lỗi", p->total,
            p->done - p->failed, p->reused, p->failed);
    if (p->done < p->total) /* stopped on request */
        fprintf(stderr, ", %d chưa làm", p->total - p->done);
    fprintf(stderr, ", %.1f giây\n", t);
}

void bc_progress_stopping(bc_progress *p, int requests, int in_progress)
{
    if (p->mode == BC_PROGRESS_AUTO && p->tty)
        fputc('\n', stderr);
    if (requests > 1)
        fprintf(stderr, "dừng ngay: bỏ %d đơn vị đang làm (không để lại tệp dở)\n", in_progress);
    else
        fprintf(stderr, "đang dừng theo yêu cầu: chờ %d đơn vị đang làm xong "
                        "(Ctrl-C lần nữa để dừng ngay, bỏ các đơn vị đó)\n", in_progress);
    fflush(stderr);
}
