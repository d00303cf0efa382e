/* err.h — errors as values.
 *
 * Every function that can fail returns a bc_status and appends one or more diagnostics to a
 * bc_err. A diagnostic names the file, line and column it is about (0 when not known) and says in
 * words a person can act on what is wrong. Validation appends every problem it finds, so the
 * user fixes a data file in one pass rather than one error per run.
 *
 * The status codes are the process exit codes of the CLI: 0 success, 2 bad input (data, layout,
 * arguments, certificates), 1 anything else (I/O, library failure). Nothing below main() exits.
 */
#ifndef BC_ERR_H
#define BC_ERR_H

#include <stddef.h>
#include <stdio.h>

typedef enum { BC_OK = 0, BC_FAIL = 1, BC_BADINPUT = 2 } bc_status;

typedef struct bc_diag {
    char *file; /* may be NULL */
    int line;   /* 1-based; 0 = unknown */
    int col;    /* 1-based; 0 = unknown */
    char *msg;
} bc_diag;

typedef struct bc_err {
    bc_status status; /* the worst status added so far */
    bc_diag *items;
    size_t n, cap;
} bc_err;

#define BC_ERR_INIT {BC_OK, NULL, 0, 0}

/* Appends a diagnostic and raises e->status to `st` if worse. Returns `st` so callers can write
 * `return bc_err_add(e, BC_BADINPUT, ...)`. */
bc_status bc_err_add(bc_err *e, bc_status st, const char *file, int line, int col,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Out of memory (BC_FAIL), about `file` (may be NULL): the one message every module gives. */
bc_status bc_err_oom(bc_err *e, const char *file);

/* Prints one diagnostic as "file:line:col: message" (parts that are unknown are left out). */
void bc_diag_print(const bc_diag *d, FILE *out);

/* Prints every diagnostic as "file:line:col: message" (parts that are unknown are left out). */
void bc_err_print(const bc_err *e, FILE *out);

/* Moves all diagnostics of `src` to the end of `dst`. */
void bc_err_merge(bc_err *dst, bc_err *src);

void bc_err_free(bc_err *e);

#endif
