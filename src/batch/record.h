/* record.h — what a batch knows about one unit: its input, its outputs, how it went.
 *
 * One record travels from a worker to the parent as a line, is appended to the journal as the
 * same line (so an interrupted run can be resumed), and ends up in manifest.json/.csv. The line is
 * tab-separated with \t, \n and \\ escaped, so any text (a Vietnamese unit name, a multi-line
 * error) fits on it.
 */
#ifndef BC_BATCH_RECORD_H
#define BC_BATCH_RECORD_H

#include <stddef.h>

#include "util/buf.h"

#define BC_MAX_OUTPUTS 4

typedef enum { BC_UNIT_OK = 0, BC_UNIT_FAILED = 1 } bc_unit_status;

typedef struct bc_output {
    char *path;      /* relative to the output folder */
    char sha256[65];
    long long size;
} bc_output;

typedef struct bc_record {
    char *code, *name, *input;
    char input_sha256[65], options_sha256[65];
    bc_unit_status status;
    int reused;             /* outputs of an earlier run were checked and kept */
    int pages;
    char *signer, *signing_time;
    double ms;
    long peak_kb;           /* the worker's peak resident memory after this unit */
    char *error;            /* all messages, one per line */
    bc_output out[BC_MAX_OUTPUTS];
    int nout;
    int stale;              /* not in the line: a unit of an earlier run that is no longer in the
                             * data, its bundle left in the folder (the manifest lists it apart) */
} bc_record;

/* The record as one line (no trailing newline). */
void bc_record_write(const bc_record *r, bc_buf *line);

/* Parses a line written by bc_record_write into `r` (strings malloc'ed). 0 when malformed. */
int bc_record_read(const char *line, bc_record *r);

void bc_record_free(bc_record *r);

/* Deep copy. */
void bc_record_copy(bc_record *dst, const bc_record *src);

#endif
