/* xmlw.c — see xmlw.h. */
#include "util/xmlw.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/text.h"

static void fail(bc_xw *x, const char *why)
{
    if (!x->failed) {
        x->failed = 1;
        x->why = why;
    }
}

static void put(bc_xw *x, const char *s, size_t n)
{
    bc_buf_append(&x->out, s, n);
}

static void puts_(bc_xw *x, const char *s)
{
    put(x, s, strlen(s));
}

/* Ends an unfinished start tag: what comes next is content. */
static void close_tag(bc_xw *x)
{
    if (x->tag_open) {
        put(x, ">", 1);
        x->tag_open = 0;
    }
}

void bc_xw_open_fragment(bc_xw *x, const char *kind)
{
    *x = (bc_xw){BC_BUF_INIT, BC_BUF_INIT, NULL, 0, 0, 0, 1, 0, NULL, kind};
}

void bc_xw_open(bc_xw *x)
{
    bc_xw_open_fragment(x, "DOCX");
    x->fragment = 0;
    puts_(x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
}

void bc_xw_pi(bc_xw *x, const char *target, const char *content)
{
    if (x->failed)
        return;
    if (!*target || !strcasecmp(target, "xml")) {
        fail(x, "cannot write a processing instruction");
        return;
    }
    close_tag(x);
    put(x, "<?", 2);
    puts_(x, target);
    put(x, " ", 1);
    puts_(x, content);
    put(x, "?>", 2);
}

void bc_xw_start(bc_xw *x, const char *name)
{
    if (x->failed)
        return;
    if (x->depth == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 16;
        size_t *s = realloc(x->stack, cap * sizeof *s);
        if (!s) {
            fail(x, "out of memory");
            return;
        }
        x->stack = s;
        x->cap = cap;
    }
    x->stack[x->depth++] = x->names.len;
    bc_buf_append(&x->names, name, strlen(name) + 1);
    close_tag(x);
    put(x, "<", 1);
    puts_(x, name);
    x->tag_open = 1;
}

void bc_xw_end(bc_xw *x)
{
    if (x->failed)
        return;
    if (x->depth == 0 || x->names.oom) {
        fail(x, "cannot end an element");
        return;
    }
    size_t at = x->stack[--x->depth];
    if (x->tag_open) {
        put(x, "/>", 2);
        x->tag_open = 0;
    } else {
        put(x, "</", 2);
        puts_(x, x->names.data + at);
        put(x, ">", 1);
    }
    x->names.len = at;
}

/* The escape of byte `c` in text (attr = 0) or in an attribute value, or NULL. */
static const char *escape_of(unsigned char c, int attr)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\r':
        return "&#13;";
    case '\n':
        return attr ? "&#10;" : NULL;
    case '\t':
        return attr ? "&#9;" : NULL;
    default:
        return NULL;
    }
}

/* &#x1EA0; for the character starting at *p, which is valid UTF-8 (checked before). */
static void char_ref(bc_xw *x, const char **p)
{
    static const char hex[] = "0123456789ABCDEF";
    uint32_t cp = bc_utf8_next(p);
    char s[16], *e = s + sizeof s, *d = e;
    *--d = ';';
    do
        *--d = hex[cp & 0xF];
    while (cp >>= 4);
    memcpy(d -= 3, "&#x", 3);
    put(x, d, (size_t)(e - d));
}

/* Writes n checked bytes escaped; in a fragment's attribute values non-ASCII as references. */
static void escaped(bc_xw *x, const char *s, size_t n, int attr)
{
    const char *end = s + n, *run = s;
    int refs = attr && x->fragment;
    while (s < end) {
        unsigned char c = (unsigned char)*s;
        const char *e = c < 0x80 ? escape_of(c, attr) : NULL;
        if (!e && !(refs && c >= 0x80)) {
            s++;
            continue;
        }
        put(x, run, (size_t)(s - run));
        if (e) {
            puts_(x, e);
            s++;
        } else {
            char_ref(x, &s);
        }
        run = s;
    }
    put(x, run, (size_t)(end - run));
}

void bc_xw_attr(bc_xw *x, const char *name, const char *value)
{
    if (x->failed)
        return;
    size_t n = strlen(value);
    if (bc_text_check_utf8(value, n, &(size_t){0}) != BC_TEXT_OK) {
        fail(x, "an attribute value is not valid UTF-8 or holds a character XML forbids");
        return;
    }
    if (!x->tag_open) {
        fail(x, "cannot write an attribute");
        return;
    }
    put(x, " ", 1);
    puts_(x, name);
    put(x, "=\"", 2);
    escaped(x, value, n, 1);
    put(x, "\"", 1);
}

void bc_xw_attr_int(bc_xw *x, const char *name, long value)
{
    char s[24], *d = s + sizeof s;
    unsigned long u = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
    *--d = '\0';
    do
        *--d = (char)('0' + u % 10);
    while (u /= 10);
    if (value < 0)
        *--d = '-';
    bc_xw_attr(x, name, d);
}

void bc_xw_text_n(bc_xw *x, const char *s, size_t n)
{
    if (x->failed || n == 0)
        return;
    if (bc_text_check_utf8(s, n, &(size_t){0}) != BC_TEXT_OK) {
        fail(x, "text is not valid UTF-8 or holds a character XML forbids");
        return;
    }
    close_tag(x);
    escaped(x, s, n, 0);
}

void bc_xw_text(bc_xw *x, const char *s) { bc_xw_text_n(x, s, strlen(s)); }

void bc_xw_empty(bc_xw *x, const char *name)
{
    bc_xw_start(x, name);
    bc_xw_end(x);
}

void bc_xw_val(bc_xw *x, const char *name, const char *value)
{
    bc_xw_start(x, name);
    bc_xw_attr(x, "w:val", value);
    bc_xw_end(x);
}

void bc_xw_val_int(bc_xw *x, const char *name, long value)
{
    bc_xw_start(x, name);
    bc_xw_attr_int(x, "w:val", value);
    bc_xw_end(x);
}

static void release(bc_xw *x)
{
    bc_buf_free(&x->out);
    bc_buf_free(&x->names);
    free(x->stack);
    x->stack = NULL;
    x->depth = x->cap = 0;
}

bc_status bc_xw_finish(bc_xw *x, const char *part, bc_buf *out, bc_err *err)
{
    while (!x->failed && x->depth > 0)
        bc_xw_end(x);
    put(x, "\n", 1);
    const char *kind = x->kind ? x->kind : "DOCX";
    if (x->out.oom || x->names.oom)
        fail(x, "out of memory");
    if (!x->failed && !out->data) { /* an empty buffer takes the bytes without a copy */
        *out = x->out;
        x->out = (bc_buf)BC_BUF_INIT;
    } else if (!x->failed) {
        bc_buf_append(out, x->out.data, x->out.len);
    }
    release(x);
    if (x->failed)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "%s: %s: %s", kind, part, x->why);
    if (out->oom)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "%s: %s: out of memory", kind, part);
    return BC_OK;
}
