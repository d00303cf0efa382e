/* secret.h — reading a secret (a token's PIN) without it passing through argv, logs or files
 * of ours: from the first line of a file the user names, or from a no-echo prompt on the
 * terminal (/dev/tty, so it works with stdin redirected and never lands in shell history).
 * The caller wipes the buffer (OPENSSL_cleanse) when done.
 */
#ifndef BC_UTIL_SECRET_H
#define BC_UTIL_SECRET_H

#include <stddef.h>

#include "util/err.h"

/* First line of `path` into out[cap] (without the newline). */
bc_status bc_secret_from_file(const char *path, char *out, size_t cap, bc_err *err);

/* Prints `prompt` on the terminal and reads one line with echo off. Returns 0 when there is no
 * terminal to ask on. */
int bc_secret_prompt(const char *prompt, char *out, size_t cap);

#endif
