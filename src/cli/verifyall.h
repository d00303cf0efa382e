/* verifyall.h — `baocao verify DIR|FILE...`: the receiving side of a batch. Every signed file of
 * the folders (recursively: each .pdf, each .docx, each file with a FILE.p7s beside it; names
 * starting with '.' skipped, symbolic links to folders not followed) and every file named is
 * verified by worker processes (batch/pool.h, --jobs, default the number of cores), each file
 * exactly as the one-file `baocao verify` does (the same function, the same limits:
 * BC_PDF_MAX_FILE_BYTES per file, so a worker's memory is bounded by one file at a time). The
 * parent keeps one result line (a few KB) per file and, once all are done, writes one report in
 * the order of the files:
 *
 *  - for a person (stdout): one line per file with its verdict, the reasons under a file that is
 *    not valid, then the counts and files per second;
 *  - `--json`: {"files", the counts, "all_valid", "reports": [{"file", "verdict", "report" (the
 *    one-file --json object) or "errors"}]};
 *  - `--csv FILE`: for LibreOffice or Excel — UTF-8 with a byte order mark, CRLF, every cell
 *    quoted, one row per signature (a file without one, or that could not be read, has one row
 *    with the signature's cells empty): file, file verdict, signature number, field, signer,
 *    organisation, PAdES level, signing time, signature verdict, problems. A cell that would
 *    start with = + - @ is prefixed with ' so that a spreadsheet never runs it as a formula (a
 *    signer's name comes from a certificate anyone can make).
 *
 * Exit code: 0 when every file is signed and every signature valid (with or without the
 * reservation "valid-revocation-unchecked", counted apart); 2 when a file could not be
 * read as what it claims (as for one file), or a path named does not exist; otherwise 1.
 */
#ifndef BC_CLI_VERIFYALL_H
#define BC_CLI_VERIFYALL_H

#include "sign/verify.h"
#include "util/err.h"

#define BC_VERIFY_MAX_FILES 1000000
#define BC_VERIFY_MAX_DEPTH 32

/* Verifies one file into `rep`, as the one-file command does. */
typedef bc_status (*bc_verify_one_fn)(void *ctx, const char *file, bc_verify_report *rep,
                                      bc_err *err);

typedef struct bc_verify_all_opts {
    const char *const *paths; /* folders and files, as given */
    int npaths;
    int jobs;                 /* worker processes; 0: the number of cores */
    int json;
    const char *csv;          /* NULL: no CSV */
    bc_verify_one_fn verify;
    void *ctx;
} bc_verify_all_opts;

/* Runs it and returns the exit code. */
int bc_verify_all(const bc_verify_all_opts *o);

#endif
