/* formarg.h — what the subcommands share about `--form ID|FILE`.
 *
 * Resolving an id against the layouts folder (bc_resource_dir("layouts")) and loading the
 * layout is the same for every command that takes --form, and so is how its errors are shown:
 * all of them on stderr, as file:line:col. */
#ifndef BC_CLI_FORMARG_H
#define BC_CLI_FORMARG_H

#include "form/form.h"

/* Loads the layout named by `form` (an id or a path). On failure prints every problem to stderr
 * prefixed by `cmd`, and returns the exit code (2 bad input, 1 other); 0 on success. */
int bc_cli_load_layout(const char *cmd, const char *form, bc_layout **out);

/* Prints "baocao CMD: MESSAGE" and a hint to use --help; returns 2 (bad arguments). */
int bc_cli_usage_error(const char *cmd, const char *message);

#endif
