/* fileio.h — reading inputs whole and writing outputs atomically.
 *
 * An output file either exists complete under its final name or not at all: bytes go to a
 * temporary file in the same directory ("NAME.tmp-PID-N"), are flushed to disk, and the file is
 * renamed over the final name. A run killed at any moment leaves at most a temporary file, never
 * a partial report or a half-signed one.
 */
#ifndef BC_FILEIO_H
#define BC_FILEIO_H

#include <stddef.h>

#include "util/err.h"

/* Reads the whole file into a malloc'ed, NUL-terminated buffer. */
bc_status bc_file_read(const char *path, char **data, size_t *len, bc_err *err);

/* bc_file_read of a file at most `max` bytes long; a longer one is refused (BC_BADINPUT, "tệp
 * quá lớn (tối đa …)") without reading it, so an input's size bounds the memory it takes. */
bc_status bc_file_read_max(const char *path, size_t max, char **data, size_t *len, bc_err *err);

/* Writes `len` bytes to `path` atomically (temp file, fsync, rename). */
bc_status bc_file_write_atomic(const char *path, const void *data, size_t len, bc_err *err);

/* Writes `n` files as one: every temporary file is complete before any is renamed, so a
 * failure leaves none of them (a report's PDF without its DOCX, a DOCX without its signature). */
bc_status bc_file_write_set(const char *const *paths, const void *const *data,
                            const size_t *lens, int n, bc_err *err);

/* Creates the folders leading to `path` (mkdir -p of its dirname). */
bc_status bc_file_make_parents(const char *path, bc_err *err);

#endif
