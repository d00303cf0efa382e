/* sigslot.h — the /ByteRange and /Contents of a signature or document timestamp dictionary.
 *
 * Both are written before the bytes they cover exist: /ByteRange padded to room for any file
 * size, /Contents as a run of hex zeros long enough for the CMS or the timestamp token. Once the
 * whole update is written the real ranges go into the padding, the caller signs (or has stamped)
 * the two ranges, and the DER goes over the zeros, so the file's length and every offset stay
 * as they were. One writer for PAdES signatures (pdfsign.c) and document timestamps
 * (doctimestamp.c), so both keep the same layout that verify checks.
 */
#ifndef BC_SIGN_SIGSLOT_H
#define BC_SIGN_SIGSLOT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* "[0 a b c]" padded: three 15-digit numbers fit any file size a PDF can have. */
#define BC_SIG_BYTERANGE_WIDTH 50

typedef struct bc_sig_slot {
    size_t byterange; /* offset of the padded "[0 a b c]" */
    size_t contents;  /* offset of '<' */
    size_t hexlen;    /* number of hex digits between < and > */
} bc_sig_slot;

/* Appends "/ByteRange [padding]\n/Contents <hexlen zeros>" to b and records where they are. */
void bc_sig_slot_write(bc_buf *b, size_t hexlen, bc_sig_slot *s);

/* Writes the real "[0 a b c]" over the padding: the signed bytes are out[0, a) and
 * out[b, b + c), everything but the /Contents string. Fills r with a, b, c. */
bc_status bc_sig_slot_close(bc_buf *out, const bc_sig_slot *s, size_t r[3], bc_err *err);

/* Writes `der` as hex over the zeros; 0 (and nothing written) when it does not fit. */
int bc_sig_slot_put(bc_buf *out, const bc_sig_slot *s, const bc_buf *der);

#endif
