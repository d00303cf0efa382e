/* stop.h — Ctrl-C (SIGINT) and SIGTERM as a request to stop a batch, not a kill.
 *
 * While open, both signals are blocked in the parent and arrive on a file descriptor (signalfd)
 * that the worker pool polls with its workers' pipes: no handler, no global flag. Workers forked
 * meanwhile inherit the blocked mask, so a Ctrl-C on the terminal (sent to the whole process
 * group) does not cut a worker short in the middle of a unit: the pool decides (pool.h).
 */
#ifndef BC_BATCH_STOP_H
#define BC_BATCH_STOP_H

#include <signal.h>

#include "util/err.h"

typedef struct bc_stop {
    int fd;       /* readable when a request came; -1 when closed */
    sigset_t old; /* the mask to restore */
    struct sigaction old_int, old_term;
    /* Called by whoever takes the requests (the pool), once per request taken: how many so far,
     * and how many units are in progress. Optional. */
    void (*heard)(void *ctx, int requests, int in_progress);
    void *ctx;
} bc_stop;

/* Blocks SIGINT and SIGTERM and opens the descriptor they arrive on (`heard` is left as set). A SIGINT the process was
 * started with ignored (a script's `baocao batch … &`: the shell ignores it for background
 * commands) is listened to all the same: stopping a batch must not depend on how it was started. */
bc_status bc_stop_open(bc_stop *s, bc_err *err);

/* How many requests came since the last call (reads without waiting). */
int bc_stop_take(bc_stop *s);

/* Closes the descriptor and restores the signal mask; a request that came after the last
 * bc_stop_take is dropped, since the work it would stop is over. */
void bc_stop_close(bc_stop *s);

#endif
