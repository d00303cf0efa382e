/* buf.h — a growable byte buffer (strings under construction, files read whole, PDF bytes). */
#ifndef BC_BUF_H
#define BC_BUF_H

#include <stddef.h>

typedef struct bc_buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap;
    int oom;    /* set once an allocation failed; later appends are ignored */
} bc_buf;

#define BC_BUF_INIT {NULL, 0, 0, 0}

void bc_buf_append(bc_buf *b, const void *p, size_t n);
void bc_buf_puts(bc_buf *b, const char *s);
void bc_buf_putc(bc_buf *b, char c);
void bc_buf_printf(bc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bc_buf_free(bc_buf *b);

#endif
