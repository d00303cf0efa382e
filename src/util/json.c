/* json.c — see json.h. */
#include "util/json.h"

#include <utf8proc.h>

void bc_json_str(bc_buf *b, const char *s)
{
    if (!s) {
        bc_buf_puts(b, "null");
        return;
    }
    bc_buf_putc(b, '"');
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            /* JSON is UTF-8: a byte that is not (a file name can hold any) becomes U+FFFD. */
            bc_buf_puts(b, "\\ufffd");
            p++;
            continue;
        }
        if (cp == '"' || cp == '\\')
            bc_buf_printf(b, "\\%c", (char)cp);
        else if (cp == '\n')
            bc_buf_puts(b, "\\n");
        else if (cp == '\t')
            bc_buf_puts(b, "\\t");
        else if (cp < 0x20)
            bc_buf_printf(b, "\\u%04x", (unsigned)cp);
        else
            bc_buf_append(b, p, (size_t)k);
        p += k;
    }
    bc_buf_putc(b, '"');
}
