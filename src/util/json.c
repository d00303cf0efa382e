/* json.c — see json.h. */
#include "util/json.h"

void bc_json_str(bc_buf *b, const char *s)
{
    if (!s) {
        bc_buf_puts(b, "null");
        return;
    }
    bc_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            bc_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            bc_buf_puts(b, "\\n");
        else if (*p == '\t')
            bc_buf_puts(b, "\\t");
        else if (*p < 0x20)
            bc_buf_printf(b, "\\u%04x", *p);
        else
            bc_buf_putc(b, (char)*p);
    }
    bc_buf_putc(b, '"');
}
