/* encoding.h — the text encodings that files from units arrive in, and one clear answer for each.
 *
 * Windows tools save text in several ways: Notepad and Excel's "CSV UTF-8" as UTF-8 (with or
 * without a byte order mark), Notepad's "Unicode" and Excel's "Unicode Text" as UTF-16 with a
 * byte order mark, older tools in Windows-1258 (Vietnamese Windows) or TCVN3 (the ABC fonts of
 * older Vietnamese offices). baocao reads UTF-8; a file in UTF-16 with a byte order mark is
 * converted to UTF-8 before it is parsed (its lines and columns are unchanged, counted in
 * characters). Any other file that is not UTF-8 gets one message — the likely encoding, where its
 * first foreign byte is, that line as it reads in that encoding, and how to save the file as
 * UTF-8 — instead of one message per byte.
 *
 * A UTF-8 file with one stray byte is left alone here: the data checker reports it at its place
 * with the form's label, which says more than a guess at the encoding.
 */
#ifndef BC_UTIL_ENCODING_H
#define BC_UTIL_ENCODING_H

#include <stddef.h>

#include "util/err.h"

typedef enum {
    BC_ENC_UTF8,       /* valid UTF-8, or at most one stray byte */
    BC_ENC_UTF16LE,    /* with a byte order mark */
    BC_ENC_UTF16BE,    /* with a byte order mark */
    BC_ENC_UTF16_NOBOM,
    BC_ENC_CP1258,
    BC_ENC_TCVN3,
    BC_ENC_8BIT,       /* some other 8-bit encoding (Windows-1252, Latin-1, …) */
} bc_encoding;

/* What `len` bytes of `data` most likely are. */
bc_encoding bc_encoding_guess(const char *data, size_t len);

/* Makes the file `path` just read (*data, *len, malloc'ed) UTF-8: UTF-16 with a byte order mark
 * is converted (the buffer replaced), UTF-8 is left as it is; anything else adds one message and
 * returns BC_BADINPUT. `kind` is "YAML" or "CSV", for the advice on how to save the file. */
bc_status bc_encoding_to_utf8(const char *path, const char *kind, char **data, size_t *len,
                              bc_err *err);

/* `len` bytes of UTF-16 (big-endian when `be`, without a byte order mark) as a new
 * NUL-terminated UTF-8 string of *out_len bytes. NULL with *bad_at set to the 1-based number of
 * the character where a surrogate pair is broken or a final byte is missing; NULL with *bad_at 0
 * when out of memory. */
char *bc_utf16_to_utf8(const unsigned char *d, size_t len, int be, size_t *out_len, size_t *bad_at);

#endif
