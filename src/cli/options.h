/* options.h — one table-driven option parser for every subcommand.
 *
 * A subcommand declares its options as a table (long name, short letter, value name, one line
 * of help, where the value goes) and calls bc_cli_parse once. The parser gives every command the
 * same behaviour: `--name VALUE`, `--name=VALUE`, `-x VALUE`, `-xVALUE`, `--` ending the
 * options; `-h`/`--help` printing a help text generated from the same table; and one kind of
 * message for each mistake, always "baocao CMD: …", in Vietnamese, with a "có phải …?"
 * suggestion for a misspelt option. A passphrase or PIN given as an option is refused (anyone
 * can read another process's arguments).
 *
 * Values are not copied: they point into argv.
 */
#ifndef BC_CLI_OPTIONS_H
#define BC_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

/* Converts and stores a value (or, for a flag, is called with value NULL). Adds a message that
 * names `opt` ("--jobs") to err and returns BC_BADINPUT when the value is not acceptable. */
typedef bc_status (*bc_opt_set)(void *dest, const char *value, const char *opt, bc_err *err);

typedef struct bc_option {
    const char *name;  /* long name, without "--" */
    char letter;       /* short option letter, 0 for none */
    const char *value; /* the value's name in the help ("TỆP"); NULL for a flag */
    const char *help;  /* one line (may hold '\n' for more) */
    void *dest;        /* const char ** for a value, int * for a flag, unless `set` is given */
    bc_opt_set set;    /* NULL: store as above (a value given twice is an error) */
    int required;      /* a value option the command cannot run without ("thiếu --form") */
} bc_option;

typedef struct bc_option_group {
    const char *title; /* NULL for the command's own options */
    const bc_option *opts;
    size_t n;
} bc_option_group;

typedef struct bc_cli_spec {
    const char *cmd;      /* "render" */
    const char *usage;    /* "Cách dùng: …" lines and the description, ending in "\n\n" */
    const char *footer;   /* after the options (exit codes); may be NULL */
    bc_option_group groups[4];
    size_t ngroups;
    const char **operand; /* where the one operand (a file) goes; NULL: the command takes none */
    const char *operand_name; /* "TỆP" for messages */
    const char **operands;    /* instead of `operand`: every operand, in order, into this array
                               * (room for argc entries), their number in *n_operands */
    int *n_operands;
} bc_cli_spec;

/* The parse ended: go on, or exit now with this code (help was printed: 0; a mistake: 2). */
#define BC_CLI_GO_ON (-1)

/* Parses argv[1..] against the spec. Returns BC_CLI_GO_ON when the command should run, or the
 * exit code after printing the help (0) or the message of the mistake and a pointer to --help
 * (2). */
int bc_cli_parse(const bc_cli_spec *spec, int argc, char **argv);

/* Prints the help generated from the spec. */
void bc_cli_help(const bc_cli_spec *spec, FILE *out);

/* A usage mistake found after parsing ("thiếu --form"): prints "baocao CMD: MSG (xem baocao CMD
 * --help)" and returns 2. */
int bc_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Setters for common kinds of values. */
bc_status bc_opt_set_formats(void *dest /* bc_formats * */, const char *v, const char *opt, bc_err *err);
bc_status bc_opt_set_jobs(void *dest /* int * */, const char *v, const char *opt, bc_err *err);

typedef struct bc_formats {
    int pdf, docx, given;
} bc_formats;

#endif
