/* harumem.c — libharu's HPDF_MemCpy and HPDF_MemSet as the C library's memcpy and memset.
 *
 * libharu 2.3.0 defines both as loops of one byte at a time, and calls them for every write to a
 * memory stream (so for every byte of every PDF it makes) and to clear its scratch tables: a tenth
 * of a report's rendering time before this file. They are called through libharu's PLT, so these
 * definitions in our executable take their place (the Makefile's HARU_OVERRIDES pulls them in;
 * tests/e2e/19-haru-overrides.t checks that libharu binds to them). Same contracts as 2.3.0's:
 * both return the end of what they wrote (out + n, s + n). memmove, not memcpy, because the byte
 * loop it replaces was defined for a destination below an overlapping source, and nothing in
 * libharu promises that it never relies on that.
 */
#include <string.h>

#include <hpdf.h>
#include <hpdf_utils.h>

#include "pdf/harupin.h"

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    /* Two bytes is libharu's commonest copy by far (a glyph id of every code of the BMP, per
     * font and document): not worth a call. */
    if (n == 2) {
        HPDF_BYTE a = in[0], b = in[1];
        out[0] = a;
        out[1] = b;
    } else if (n) {
        memmove(out, in, n);
    }
    return out + n;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    if (n)
        memset(s, c, n);
    return (HPDF_BYTE *)s + n;
}
