/* common.h — what the subcommands share: finding and loading a form, reporting errors, and
 * writing the files they produce. */
#ifndef BC_CLI_COMMON_H
#define BC_CLI_COMMON_H

#include <stdio.h>

#include "form/form.h"
#include "util/buf.h"
#include "util/err.h"

/* Loads the layout named by `--form` (an id or a path). */
bc_status bc_cli_load_layout(const char *form_arg, bc_layout **out, bc_err *err);

/* Prints the diagnostics to stderr and returns the exit code for the status. */
int bc_cli_finish(const char *prog, bc_err *err);

/* Parses `--format`: "pdf", "docx" or both, comma-separated. 0 when anything else is there. */
int bc_cli_parse_formats(const char *s, int *pdf, int *docx);

/* Reports a usage error ("baocao render: …") and returns exit code 2. */
int bc_cli_usage_error(const char *prog, const char *msg);

#endif
