/* err.c — see err.h. */
#include "util/err.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Formats into a fresh heap string. A NULL format is refused here rather than passed on: gcc's
 * sanitizer build (-fsanitize=undefined keeps a NULL path alive) otherwise warns, rightly, that
 * vsnprintf would be given a null format. */
static char *vformat(const char *fmt, va_list ap)
{
    if (!fmt)
        return NULL;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

bc_status bc_err_add(bc_err *e, bc_status st, const char *file, int line, int col,
                     const char *fmt, ...)
{
    if (!e)
        return st;
    if (e->n >= BC_ERR_KEPT) { /* counted, not kept: memory stays bounded on any input */
        e->dropped++;
        if (e->status == BC_OK || st == BC_FAIL)
            e->status = st;
        return st;
    }
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 8;
        bc_diag *items = realloc(e->items, cap * sizeof *items);
        if (!items) {
            /* Out of memory while reporting: keep the status, drop the text. */
            if (st > e->status || e->status == BC_OK)
                e->status = st;
            return st;
        }
        e->items = items;
        e->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    bc_diag *d = &e->items[e->n++];
    d->file = file ? strdup(file) : NULL;
    d->line = line;
    d->col = col;
    d->msg = vformat(fmt, ap);
    va_end(ap);
    /* BADINPUT (2) is "worse" than FAIL (1) only in the sense that it is more specific; a run
     * with any bad input exits 2 unless an internal failure happened too. */
    if (e->status == BC_OK || st == BC_FAIL)
        e->status = st;
    return st;
}

void bc_diag_print(const bc_diag *d, FILE *out)
{
    if (d->file) {
        fputs(d->file, out);
        if (d->line > 0) {
            fprintf(out, ":%d", d->line);
            if (d->col > 0)
                fprintf(out, ":%d", d->col);
        }
        fputs(": ", out);
    }
    fprintf(out, "%s\n", d->msg ? d->msg : "(out of memory)");
}

void bc_err_print(const bc_err *e, FILE *out)
{
    for (size_t i = 0; i < e->n && i < BC_ERR_SHOWN; i++)
        bc_diag_print(&e->items[i], out);
    char buf[96];
    if (bc_err_more(e, buf, sizeof buf))
        fprintf(out, "%s\n", buf);
}

void bc_err_cap(bc_err *e, size_t keep)
{
    for (size_t i = keep; i < e->n; i++) {
        free(e->items[i].file);
        free(e->items[i].msg);
        e->dropped++;
    }
    if (e->n > keep)
        e->n = keep;
}

size_t bc_err_count(const bc_err *e)
{
    return e->n + e->dropped;
}

const char *bc_err_more(const bc_err *e, char *buf, size_t cap)
{
    size_t shown = e->n < BC_ERR_SHOWN ? e->n : BC_ERR_SHOWN;
    if (bc_err_count(e) == shown)
        return NULL;
    snprintf(buf, cap, "… và %zu lỗi khác (chỉ liệt kê %zu lỗi đầu)", bc_err_count(e) - shown,
             shown);
    return buf;
}

void bc_err_merge(bc_err *dst, bc_err *src)
{
    for (size_t i = 0; i < src->n; i++) {
        bc_diag *d = &src->items[i];
        bc_err_add(dst, src->status == BC_OK ? BC_FAIL : src->status, d->file, d->line, d->col,
                   "%s", d->msg ? d->msg : "");
    }
    if (src->dropped && (dst->status == BC_OK || src->status == BC_FAIL))
        dst->status = src->status == BC_OK ? BC_FAIL : src->status;
    dst->dropped += src->dropped;
    bc_err_free(src);
}

bc_status bc_err_oom(bc_err *e, const char *file)
{
    return bc_err_add(e, BC_FAIL, file, 0, 0, "hết bộ nhớ");
}

void bc_err_free(bc_err *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->items[i].file);
        free(e->items[i].msg);
    }
    free(e->items);
    e->items = NULL;
    e->n = e->cap = 0;
    e->dropped = 0;
    e->status = BC_OK;
}
