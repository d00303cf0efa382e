/* xmlw.c — see xmlw.h. */
#include "util/xmlw.h"

#include <stdio.h>
#include <string.h>

#include "util/text.h"

static void fail(bc_xw *x, int rc, const char *why)
{
    if (rc < 0 && !x->failed) {
        x->failed = 1;
        x->why = why;
    }
}

void bc_xw_open_fragment(bc_xw *x, const char *kind)
{
    x->failed = 0;
    x->why = NULL;
    x->kind = kind;
    x->w = NULL;
    x->buf = xmlBufferCreate();
    if (x->buf)
        x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (!x->w)
        fail(x, -1, "out of memory creating the XML writer");
}

void bc_xw_open(bc_xw *x)
{
    bc_xw_open_fragment(x, "DOCX");
    if (!x->failed)
        fail(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"),
             "cannot start the document");
}

void bc_xw_pi(bc_xw *x, const char *target, const char *content)
{
    if (!x->failed)
        fail(x, xmlTextWriterWritePI(x->w, BAD_CAST target, BAD_CAST content),
             "cannot write a processing instruction");
}

void bc_xw_start(bc_xw *x, const char *name)
{
    if (!x->failed)
        fail(x, xmlTextWriterStartElement(x->w, BAD_CAST name), "cannot start an element");
}

void bc_xw_end(bc_xw *x)
{
    if (!x->failed)
        fail(x, xmlTextWriterEndElement(x->w), "cannot end an element");
}

void bc_xw_attr(bc_xw *x, const char *name, const char *value)
{
    if (x->failed)
        return;
    if (bc_text_check_utf8(value, strlen(value), &(size_t){0}) != BC_TEXT_OK) {
        fail(x, -1, "an attribute value is not valid UTF-8 or holds a character XML forbids");
        return;
    }
    fail(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value),
         "cannot write an attribute");
}

void bc_xw_attr_int(bc_xw *x, const char *name, long value)
{
    char s[32];
    snprintf(s, sizeof s, "%ld", value);
    bc_xw_attr(x, name, s);
}

void bc_xw_text_n(bc_xw *x, const char *s, size_t n)
{
    if (x->failed || n == 0)
        return;
    if (bc_text_check_utf8(s, n, &(size_t){0}) != BC_TEXT_OK) {
        fail(x, -1, "text is not valid UTF-8 or holds a character XML forbids");
        return;
    }
    /* xmlTextWriterWriteString wants a NUL-terminated string; `s` may be a slice. */
    fail(x, xmlTextWriterWriteFormatString(x->w, "%.*s", (int)n, s), "cannot write text");
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

bc_status bc_xw_finish(bc_xw *x, const char *part, bc_buf *out, bc_err *err)
{
    if (!x->failed)
        fail(x, xmlTextWriterEndDocument(x->w), "cannot end the document");
    const char *kind = x->kind ? x->kind : "DOCX";
    if (x->w)
        xmlFreeTextWriter(x->w); /* flushes into x->buf */
    x->w = NULL;
    if (!x->failed && x->buf)
        bc_buf_append(out, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
    if (x->buf)
        xmlBufferFree(x->buf);
    x->buf = NULL;
    if (x->failed)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "%s: %s: %s", kind, part, x->why);
    if (out->oom)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "%s: %s: out of memory", kind, part);
    return BC_OK;
}
