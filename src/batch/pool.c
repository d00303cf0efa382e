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

static int spawn(worker *w, bc_pool_work_fn work, void *ctx, worker *all, int n)
{
    int down[2], up[2];
    if (pipe(down) != 0)
        return 0;
    if (pipe(up) != 0) {
        close(down[0]);
        close(down[1]);
        return 0;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(down[0]);
        close(down[1]);
        close(up[0]);
        close(up[1]);
        return 0;
    }
    if (pid == 0) {
        /* The child keeps only its own two pipe ends. */
        for (int i = 0; i < n; i++)
            if (all[i].pid > 0) {
                close(all[i].to);
                close(all[i].from);
            }
        close(down[1]);
        close(up[0]);
        worker_main(down[0], up[1], work, ctx);
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

static int hand_out(worker *w, int *next, int njobs)
{
    if (*next >= njobs)
        return 0;
    int index = (*next)++;
    if (!write_all(w->to, &index, sizeof index)) {
        (*next)--;
        return -1;
    }
    w->job = index;
    return 1;
}

/* Consumes complete lines from the worker's buffer; returns how many jobs they finished. */
static int take_lines(worker *w, bc_pool_done_fn done, void *ctx)
{
    int finished = 0;
    char *nl;
    while (w->pending.len && (nl = memchr(w->pending.data, '\n', w->pending.len))) {
        *nl = '\0';
        done(ctx, w->job, w->pending.data);
        w->job = -1;
        finished++;
        size_t used = (size_t)(nl - w->pending.data) + 1;
        memmove(w->pending.data, nl + 1, w->pending.len - used);
        w->pending.len -= used;
    }
    return finished;
}

bc_status bc_pool_run(int nworkers, int njobs, bc_pool_work_fn work, bc_pool_done_fn done,
                      void *ctx, bc_err *err)
{
    if (njobs <= 0)
        return BC_OK;
    if (nworkers < 1)
        nworkers = 1;
    if (nworkers > njobs)
        nworkers = njobs;
    signal(SIGPIPE, SIG_IGN);
    worker *w = calloc((size_t)nworkers, sizeof *w);
    struct pollfd *pfd = calloc((size_t)nworkers, sizeof *pfd);
    if (!w || !pfd) {
        free(w);
        free(pfd);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    }
    int next = 0, finished = 0;
    bc_status st = BC_OK;
    for (int i = 0; i < nworkers; i++) {
        if (!spawn(&w[i], work, ctx, w, nworkers)) {
            st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "không tạo được tiến trình: %s",
                            strerror(errno));
            break;
        }
        hand_out(&w[i], &next, njobs);
    }
    while (st == BC_OK && finished < njobs) {
        for (int i = 0; i < nworkers; i++) {
            pfd[i].fd = w[i].pid > 0 ? w[i].from : -1;
            pfd[i].events = POLLIN;
        }
        if (poll(pfd, (nfds_t)nworkers, -1) < 0) {
            if (errno == EINTR)
                continue;
            st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "poll: %s", strerror(errno));
            break;
        }
        for (int i = 0; i < nworkers; i++) {
            if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[8192];
            ssize_t k = read(w[i].from, chunk, sizeof chunk);
            if (k > 0) {
                bc_buf_append(&w[i].pending, chunk, (size_t)k);
                int got = take_lines(&w[i], done, ctx);
                finished += got;
                if (got && hand_out(&w[i], &next, njobs) == 0) {
                    /* nothing left for it: let it go */
                    retire(&w[i]);
                }
                continue;
            }
            if (k < 0 && errno == EINTR)
                continue;
            /* The worker died. Its job is reported as failed, and a new worker takes over if
             * there is work left. */
            if (w[i].job >= 0) {
                done(ctx, w[i].job, NULL);
                finished++;
            }
            retire(&w[i]);
            if (next < njobs && spawn(&w[i], work, ctx, w, nworkers))
                hand_out(&w[i], &next, njobs);
        }
        /* Every worker gone with work left (none could be started again): stop rather than
         * wait for results that cannot come. */
        int alive = 0;
        for (int i = 0; i < nworkers; i++)
            alive += w[i].pid > 0;
        if (!alive && finished < njobs)
            st = bc_err_add(err, BC_FAIL, NULL, 0, 0,
                            "không còn tiến trình nào xử lý được; %d đơn vị chưa làm",
                            njobs - finished);
    }
    for (int i = 0; i < nworkers; i++) {
        retire(&w[i]);
        bc_buf_free(&w[i].pending);
    }
    free(w);
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
