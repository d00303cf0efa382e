/* pool.h — a pool of worker processes for a batch.
 *
 * Workers are forked after the layout is loaded, so each starts with a copy of it and shares
 * nothing mutable with the others or the parent; a crash in one unit kills one worker, not the
 * run; and each worker's peak memory is its own, measurable figure. The parent hands out job
 * numbers one at a time (a slow unit does not hold up a fixed share of the others) and receives
 * one result line per job.
 */
#ifndef BC_BATCH_POOL_H
#define BC_BATCH_POOL_H

#include "batch/stop.h"
#include "util/buf.h"
#include "util/err.h"

/* Runs in a worker: does job `index` and writes its result line (no newline) to `line`. */
typedef void (*bc_pool_work_fn)(void *ctx, int index, bc_buf *line);

/* Runs in the parent for every finished job, in completion order. `line` is NULL when the worker
 * died during the job. */
typedef void (*bc_pool_done_fn)(void *ctx, int index, const char *line);

/* Runs the jobs. With `stop`, a stop request (stop.h) ends the run early: the first lets the
 * jobs in progress finish (each reported to `done` as usual) and hands out no more; a second
 * kills the workers at once, and their jobs are not reported. *stopped is set when jobs were left
 * undone because of a request. */
bc_status bc_pool_run(int workers, int njobs, bc_pool_work_fn work, bc_pool_done_fn done,
                      void *ctx, bc_stop *stop, int *stopped, bc_err *err);

/* Peak resident memory of the calling process so far, in KiB (VmHWM). */
long bc_peak_rss_kb(void);

#endif
