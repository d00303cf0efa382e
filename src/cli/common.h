/* common.h — what the subcommands share: finding and loading a form, reporting errors, and
 * writing the files they produce. */
#ifndef BC_CLI_COMMON_H
#define BC_CLI_COMMON_H

#include <stdio.h>

#include "cli/options.h"

#include "form/form.h"
#include "util/buf.h"
#include "util/err.h"

/* Loads the layout named by `--form` (an id or a path). */
bc_status bc_cli_load_layout(const char *form_arg, bc_layout **out, bc_err *err);

/* Refuses, before it is read, a file longer than BC_PDF_MAX_FILE_BYTES (pdf/pdfread.h): verify
 * and sign hold their input in memory whole. The message names the file, the limit and `prog`. */
bc_status bc_cli_check_size(const char *prog, const char *path, bc_err *err);

/* Prints the diagnostics to stderr and returns the exit code for the status. */
int bc_cli_finish(const char *prog, bc_err *err);

/* Prints each note as "baocao CMD: chú ý: …" on stderr and frees them. */
void bc_cli_print_notes(const char *prog, bc_err *notes);

/* Appends the diagnostics as a JSON array of {"file","line","column","message"} to b. */
void bc_cli_diags_json(bc_buf *b, const bc_err *err);

/* Prints the diagnostics as JSON on stdout ({"command","ok","errors":[…]}) unless `extra` (a JSON
 * member list without braces, may be NULL) says more; frees them and returns the exit code. */
int bc_cli_finish_json(const char *prog, bc_err *err, const char *extra);

#endif
