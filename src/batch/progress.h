/* progress.h — what a batch tells the person or script that runs it.
 *
 * On a terminal, one progress line redrawn in place (done/total, failures, units per second, time
 * left); otherwise one plain line per unit, for logs; `--json` one JSON object per line; `--quiet`
 * nothing but the final summary of failures. Output goes to stderr, except --json (stdout).
 */
#ifndef BC_BATCH_PROGRESS_H
#define BC_BATCH_PROGRESS_H

#include <time.h>

#include "batch/record.h"

typedef enum { BC_PROGRESS_AUTO, BC_PROGRESS_QUIET, BC_PROGRESS_JSON } bc_progress_mode;

typedef struct bc_progress {
    bc_progress_mode mode;
    int tty;
    int total, done, failed, reused;
    struct timespec start, last_draw;
} bc_progress;

void bc_progress_start(bc_progress *p, bc_progress_mode mode, int total);
void bc_progress_unit(bc_progress *p, const bc_record *r);
void bc_progress_end(bc_progress *p);

/* Says that a stop was asked (always, on stderr: even --quiet, the person pressing Ctrl-C must
 * see that it was heard): the first request waits for the `in_progress` units, a second drops
 * them. */
void bc_progress_stopping(bc_progress *p, int requests, int in_progress);

/* Seconds since bc_progress_start. */
double bc_progress_elapsed(const bc_progress *p);

#endif
