/* safename.c — see safename.h. Diacritics are removed by decomposing (utf8proc) and keeping the
 * base letter; đ/Đ, which do not decompose, are mapped by hand. */
#include "batch/safename.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

char *bc_safe_name(const char *s, char *out, size_t size)
{
    size_t o = 0;
    int last_dash = 1; /* no leading '-' */
    utf8proc_uint8_t *folded = NULL;
    utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
                 UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    const char *p = folded ? (const char *)folded : s;
    while (*p && o + 1 < size) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        if (cp == 0x0111 || cp == 0x0110)
            cp = 'd';
        char c = 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_')
            c = (char)cp;
        else if (cp >= 'A' && cp <= 'Z')
            c = (char)(cp - 'A' + 'a');
        if (c) {
            out[o++] = c;
            last_dash = 0;
        } else if (!last_dash) {
            out[o++] = '-';
            last_dash = 1;
        }
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    free(folded);
    if (o == 0)
        snprintf(out, size, "unit");
    return out;
}
