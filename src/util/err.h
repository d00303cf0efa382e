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
    size_t dropped;   /* problems counted but not kept (beyond BC_ERR_KEPT, or cut by bc_err_cap) */
} bc_err;

/* A file with thousands of problems is one problem for its reader: the first BC_ERR_SHOWN are
 * listed, then one line "… và N lỗi khác". At most BC_ERR_KEPT are ever held in memory. */
#define BC_ERR_SHOWN 100
#define BC_ERR_KEPT 10000

#define BC_ERR_INIT {BC_OK, NULL, 0, 0}

/* Appends a diagnostic and raises e->status to `st` if worse. Returns `st` so callers can write
 * `return bc_err_add(e, BC_BADINPUT, ...)`. */
bc_status bc_err_add(bc_err *e, bc_status st, const char *file, int line, int col,
                     const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Out of memory (BC_FAIL), about `file` (may be NULL): the one message every module gives. */
bc_status bc_err_oom(bc_err *e, const char *file);

/* Keeps the first `keep` diagnostics and counts the rest as dropped (callers sort first). */
void bc_err_cap(bc_err *e, size_t keep);

/* Every problem found: those kept and those dropped. */
size_t bc_err_count(const bc_err *e);

/* The line that stands for the problems not printed, those beyond the first BC_ERR_SHOWN and
 * those dropped ("… và 12 lỗi khác (chỉ liệt kê 100 lỗi đầu)"); NULL when every one is printed. */
const char *bc_err_more(const bc_err *e, char *buf, size_t cap);

/* Prints one diagnostic as "file:line:col: message" (parts that are unknown are left out). */
void bc_diag_print(const bc_diag *d, FILE *out);

/* Prints the first BC_ERR_SHOWN diagnostics as "file:line:col: message" (parts that are unknown
 * are left out), then bc_err_more's line for the rest. */
void bc_err_print(const bc_err *e, FILE *out);

/* Moves all diagnostics of `src` to the end of `dst`. */
void bc_err_merge(bc_err *dst, bc_err *src);

void bc_err_free(bc_err *e);

#endif
