/* commands.h — the subcommands of `baocao`, one file each (src/cli/cmd_NAME.c).
 *
 * Each takes the arguments after its name (argv[0] is the command's name) and returns the exit
 * code: 0 success, 2 bad input (data, layout, arguments, certificates), 1 anything else. */
#ifndef BC_CLI_COMMANDS_H
#define BC_CLI_COMMANDS_H

#include "util/version.h" /* BAOCAO_VERSION */

typedef struct bc_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} bc_command;

int cmd_forms(int argc, char **argv);
int cmd_fields(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_timestamp(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_metadata(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_rollup(int argc, char **argv);
int cmd_manifest(int argc, char **argv);

#endif
