/* sigslot.c — see sigslot.h. */
#include "sign/sigslot.h"

#include <stdio.h>
#include <string.h>

void bc_sig_slot_write(bc_buf *b, size_t hexlen, bc_sig_slot *s)
{
    bc_buf_puts(b, "/ByteRange ");
    s->byterange = b->len;
    bc_buf_printf(b, "[%*s]", BC_SIG_BYTERANGE_WIDTH, "");
    bc_buf_puts(b, "\n/Contents ");
    s->contents = b->len;
    s->hexlen = hexlen;
    bc_buf_putc(b, '<');
    for (size_t i = 0; i < hexlen && !b->oom; i++)
        bc_buf_putc(b, '0');
    bc_buf_putc(b, '>');
}

bc_status bc_sig_slot_close(bc_buf *out, const bc_sig_slot *s, size_t r[3], bc_err *err)
{
    r[0] = s->contents;
    r[1] = s->contents + s->hexlen + 2;
    r[2] = out->len - r[1];
    char br[BC_SIG_BYTERANGE_WIDTH + 8];
    int n = snprintf(br, sizeof br, "[0 %zu %zu %zu", r[0], r[1], r[2]);
    if (n < 0 || n > BC_SIG_BYTERANGE_WIDTH)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "tệp quá lớn cho /ByteRange");
    memset(out->data + s->byterange, ' ', BC_SIG_BYTERANGE_WIDTH + 2);
    memcpy(out->data + s->byterange, br, (size_t)n);
    out->data[s->byterange + BC_SIG_BYTERANGE_WIDTH + 1] = ']';
    return BC_OK;
}

int bc_sig_slot_put(bc_buf *out, const bc_sig_slot *s, const bc_buf *der)
{
    static const char hex[] = "0123456789ABCDEF";
    if (der->len * 2 > s->hexlen)
        return 0;
    char *p = out->data + s->contents + 1;
    for (size_t i = 0; i < der->len; i++) {
        *p++ = hex[(unsigned char)der->data[i] >> 4];
        *p++ = hex[(unsigned char)der->data[i] & 15];
    }
    return 1;
}
