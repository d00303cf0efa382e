/* stop.c — see stop.h. */
#include "batch/stop.h"

#include <errno.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "util/syserr.h"

static void stop_set(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

static void restore(bc_stop *s)
{
    sigaction(SIGINT, &s->old_int, NULL);
    sigaction(SIGTERM, &s->old_term, NULL);
    sigprocmask(SIG_SETMASK, &s->old, NULL);
}

bc_status bc_stop_open(bc_stop *s, bc_err *err)
{
    sigset_t set;
    stop_set(&set);
    if (sigprocmask(SIG_BLOCK, &set, &s->old) != 0)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không chặn được tín hiệu dừng: %s",
                          bc_syserr(errno));
    /* An ignored signal is discarded even while blocked; the default action, while blocked,
     * leaves it pending for the descriptor. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGINT, &dfl, &s->old_int);
    sigaction(SIGTERM, &dfl, &s->old_term);
    s->fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (s->fd < 0) {
        int e = errno;
        restore(s);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không mở được signalfd: %s", bc_syserr(e));
    }
    return BC_OK;
}

int bc_stop_take(bc_stop *s)
{
    int n = 0;
    struct signalfd_siginfo si;
    while (s->fd >= 0 && read(s->fd, &si, sizeof si) == (ssize_t)sizeof si)
        n++;
    return n;
}

void bc_stop_close(bc_stop *s)
{
    if (s->fd < 0)
        return;
    bc_stop_take(s);
    close(s->fd);
    s->fd = -1;
    /* A signal that comes between the last read and here is delivered now and ends the
     * process as it would have without us: everything of the run is written by then. */
    restore(s);
}
