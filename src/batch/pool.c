/* pool.c — see pool.h. */
#include "batch/pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/syserr.h"

typedef struct worker {
    pid_t pid;
    int to, from; /* job numbers go down `to`; result lines come up `from` */
    int job;      /* the job it is doing, or -1 */
    bc_buf pending;
} worker;

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return 0;
        c += k;
        n -= (size_t)k;
    }
    return 1;
}

static void worker_main(int in, int out, bc_pool_work_fn work, void *ctx)
{
    int index;
    bc_buf line = BC_BUF_INIT;
    for (;;) {
        ssize_t k = read(in, &index, sizeof index);
        if (k < 0 && errno == EINTR)
            continue;
        if (k != (ssize_t)sizeof index)
            break;
        line.len = 0;
        work(ctx, index, &line);
        bc_buf_putc(&line, '\n');
        if (line.oom || !write_all(out, line.data, line.len))
            break;
    }
    bc_buf_free(&line);
    _exit(0);
}

/* The parent's view of a run. */
typedef struct pool {
    worker *w;
    int n;                 /* workers */
    int njobs, next, finished;
    bc_pool_work_fn work;
    bc_pool_done_fn done;
    void *ctx;
    bc_stop *stop;         /* NULL: no stop requests */
    int stopping;          /* stop requests so far */
} pool;

static void close_pair(int p[2])
{
    close(p[0]);
    close(p[1]);
}

static int spawn(pool *P, worker *w)
{
    int down[2], up[2];
    if (pipe(down) != 0)
        return 0;
    if (pipe(up) != 0) {
        close_pair(down);
        return 0;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close_pair(down);
        close_pair(up);
        return 0;
    }
    if (pid == 0) {
        /* The child keeps only its own two pipe ends. */
        for (int i = 0; i < P->n; i++)
            if (P->w[i].pid > 0) {
                close(P->w[i].to);
                close(P->w[i].from);
            }
        if (P->stop && P->stop->fd >= 0)
            close(P->stop->fd);
        close(down[1]);
        close(up[0]);
        worker_main(down[0], up[1], P->work, P->ctx);
    }
    close(down[0]);
    close(up[1]);
    w->pid = pid;
    w->to = down[1];
    w->from = up[0];
    w->job = -1;
    w->pending.len = 0;
    return 1;
}

static void retire(worker *w)
{
    if (w->pid <= 0)
        return;
    close(w->to);
    close(w->from);
    waitpid(w->pid, NULL, 0);
    w->pid = 0;
}

/* Gives the worker the next job; 0 when there is none (or a stop was asked), -1 on a broken
 * pipe. */
static int hand_out(pool *P, worker *w)
{
    if (P->next >= P->njobs || P->stopping)
        return 0;
    int index = P->next++;
    if (!write_all(w->to, &index, sizeof index)) {
        P->next--;
        return -1;
    }
    w->job = index;
    return 1;
}

/* Consumes complete lines from the worker's buffer; returns how many jobs they finished. */
static int take_lines(pool *P, worker *w)
{
    int finished = 0;
    char *nl;
    while (w->pending.len && (nl = memchr(w->pending.data, '\n', w->pending.len))) {
        *nl = '\0';
        P->done(P->ctx, w->job, w->pending.data);
        w->job = -1;
        finished++;
        size_t used = (size_t)(nl - w->pending.data) + 1;
        memmove(w->pending.data, nl + 1, w->pending.len - used);
        w->pending.len -= used;
    }
    return finished;
}

/* A worker's pipe is readable: its result lines, or its death. */
static void serve(pool *P, worker *w)
{
    char chunk[8192];
    ssize_t k = read(w->from, chunk, sizeof chunk);
    if (k > 0) {
        bc_buf_append(&w->pending, chunk, (size_t)k);
        int got = take_lines(P, w);
        P->finished += got;
        if (got && hand_out(P, w) == 0)
            retire(w); /* nothing left for it (or a stop was asked): let it go */
        return;
    }
    if (k < 0 && errno == EINTR)
        return;
    /* The worker died. Its job is reported as failed, and a new worker takes over if there is
     * work left. */
    if (w->job >= 0) {
        P->done(P->ctx, w->job, NULL);
        P->finished++;
    }
    retire(w);
    if (P->next < P->njobs && !P->stopping && spawn(P, w))
        hand_out(P, w);
}

/* A stop request. The first: no new job is handed out, idle workers go, busy ones finish their
 * unit (its result is kept). The second: the busy workers are killed at once and their units
 * dropped (a killed unit's files were never renamed into place). */
static void take_stop(pool *P)
{
    int got = bc_stop_take(P->stop);
    if (!got)
        return;
    P->stopping += got;
    int in_progress = 0;
    for (int i = 0; i < P->n; i++)
        in_progress += P->w[i].pid > 0 && P->w[i].job >= 0;
    if (P->stop->heard)
        P->stop->heard(P->stop->ctx, P->stopping, in_progress);
    for (int i = 0; i < P->n; i++) {
        if (P->w[i].pid <= 0)
            continue;
        if (P->stopping > 1 && P->w[i].job >= 0)
            kill(P->w[i].pid, SIGKILL);
        if (P->stopping > 1 || P->w[i].job < 0)
            retire(&P->w[i]);
    }
}

static int alive(const pool *P)
{
    int n = 0;
    for (int i = 0; i < P->n; i++)
        n += P->w[i].pid > 0;
    return n;
}

static bc_status loop(pool *P, struct pollfd *pfd, bc_err *err)
{
    while (P->finished < P->njobs && !(P->stopping && !alive(P))) {
        for (int i = 0; i < P->n; i++) {
            pfd[i].fd = P->w[i].pid > 0 ? P->w[i].from : -1;
            pfd[i].events = POLLIN;
        }
        pfd[P->n].fd = P->stop ? P->stop->fd : -1;
        pfd[P->n].events = POLLIN;
        if (poll(pfd, (nfds_t)P->n + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            return bc_err_add(err, BC_FAIL, NULL, 0, 0, "poll: %s", bc_syserr(errno));
        }
        if (pfd[P->n].revents & POLLIN) {
            take_stop(P);
            continue;
        }
        for (int i = 0; i < P->n; i++)
            if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
                serve(P, &P->w[i]);
        /* Every worker gone with work left (none could be started again): stop rather than
         * wait for results that cannot come. */
        if (!alive(P) && P->finished < P->njobs && !P->stopping)
            return bc_err_add(err, BC_FAIL, NULL, 0, 0,
                              "không còn tiến trình nào xử lý được; %d đơn vị chưa làm",
                              P->njobs - P->finished);
    }
    return BC_OK;
}

bc_status bc_pool_run(int nworkers, int njobs, bc_pool_work_fn work, bc_pool_done_fn done,
                      void *ctx, bc_stop *stop, int *stopped, bc_err *err)
{
    *stopped = 0;
    if (njobs <= 0)
        return BC_OK;
    if (nworkers < 1)
        nworkers = 1;
    if (nworkers > njobs)
        nworkers = njobs;
    signal(SIGPIPE, SIG_IGN);
    pool P = {calloc((size_t)nworkers, sizeof(worker)), nworkers, njobs, 0, 0, work, done, ctx,
              stop, 0};
    struct pollfd *pfd = calloc((size_t)nworkers + 1, sizeof *pfd);
    if (!P.w || !pfd) {
        free(P.w);
        free(pfd);
        return bc_err_oom(err, NULL);
    }
    bc_status st = BC_OK;
    for (int i = 0; i < nworkers && st == BC_OK; i++) {
        if (!spawn(&P, &P.w[i]))
            st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "không tạo được tiến trình: %s",
                            bc_syserr(errno));
        else
            hand_out(&P, &P.w[i]);
    }
    if (st == BC_OK)
        st = loop(&P, pfd, err);
    for (int i = 0; i < nworkers; i++) {
        retire(&P.w[i]);
        bc_buf_free(&P.w[i].pending);
    }
    *stopped = P.stopping > 0 && P.finished < njobs;
    free(P.w);
    free(pfd);
    return st;
}

long bc_peak_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    long kb = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld", &kb) == 1)
            break;
    fclose(f);
    return kb;
}
