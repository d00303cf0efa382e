/* hpdfstr.c — see hpdfstr.h. */
#include "pdf/hpdfstr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

HPDF_Binary bc_hpdf_text(HPDF_Doc pdf, const char *utf8)
{
    size_t n = strlen(utf8);
    /* At most two UTF-16 units (4 bytes) per UTF-8 sequence of 4 bytes: 2 bytes per input byte. */
    HPDF_BYTE *u = malloc(2 * n + 2), *o = u;
    if (!u)
        return NULL;
    *o++ = 0xFE;
    *o++ = 0xFF;
    const char *p = utf8;
    while (*p) {
        uint32_t cp = bc_utf8_next(&p);
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            uint32_t hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            *o++ = (HPDF_BYTE)(hi >> 8), *o++ = (HPDF_BYTE)hi;
            *o++ = (HPDF_BYTE)(lo >> 8), *o++ = (HPDF_BYTE)lo;
        } else {
            *o++ = (HPDF_BYTE)(cp >> 8), *o++ = (HPDF_BYTE)cp;
        }
    }
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, u, (HPDF_UINT)(o - u));
    free(u);
    return b;
}
