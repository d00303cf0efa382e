/* xlsxxml.c — see xlsxxml.h. */
#include "form/xlsxxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/xlsx.h"

static void on_xml_error(void *arg, const char *msg, xmlParserSeverities sev,
                         xmlTextReaderLocatorPtr loc)
{
    bc_xr *x = arg;
    if (sev == XML_PARSER_SEVERITY_WARNING || sev == XML_PARSER_SEVERITY_VALIDITY_WARNING ||
        x->failed)
        return;
    x->failed = 1;
    char line[256], at[32] = "";
    snprintf(line, sizeof line, "%s", msg ? msg : "");
    line[strcspn(line, "\n")] = '\0';
    int n = xmlTextReaderLocatorLineNumber(loc);
    if (n > 0)
        snprintf(at, sizeof at, " (dòng %d)", n);
    bc_err_add(x->err, BC_BADINPUT, x->file, 0, 0, "phần %s của sổ tính không phải XML hợp lệ%s: "
               "%s", x->part, at, line);
}

/* Whether `pat` (which starts with '<') occurs in the n bytes at s: one pass, from '<' to '<'. */
static int has_markup(const char *s, size_t n, const char *pat)
{
    size_t k = strlen(pat);
    for (const char *p = s, *end = s + n; (p = memchr(p, '<', (size_t)(end - p))); p++)
        if ((size_t)(end - p) >= k && !memcmp(p, pat, k))
            return 1;
    return 0;
}

int bc_xr_open(bc_xr *x, const char *file, const char *part, const char *xml, size_t len,
                   bc_err *err)
{
    *x = (bc_xr){NULL, file, part, err, 0};
    /* Refused before libxml2 sees it: a part of a workbook never needs a DTD. */
    if (has_markup(xml, len, "<!DOCTYPE") || has_markup(xml, len, "<!ENTITY")) {
        bc_err_add(err, BC_BADINPUT, file, 0, 0, "phần %s của sổ tính có khai báo DTD hoặc thực "
                   "thể (entity), không được phép trong sổ tính", part);
        return 0;
    }
    /* No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD, no HUGE; NONET: nothing is
     * fetched. A DTD or an entity reference is refused by bc_xr_next besides. */
    x->r = len <= BC_XLSX_MAX_PART ? xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET)
                                   : NULL;
    if (!x->r) {
        bc_err_add(err, BC_BADINPUT, file, 0, 0, "phần %s của sổ tính không đọc được", part);
        return 0;
    }
    xmlTextReaderSetErrorHandler(x->r, on_xml_error, x);
    return 1;
}

void bc_xr_close(bc_xr *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
}

int bc_xr_fail(bc_xr *x, const char *why)
{
    if (!x->failed)
        bc_err_add(x->err, BC_BADINPUT, x->file, 0, 0, "phần %s của sổ tính: %s", x->part, why);
    x->failed = 1;
    return -1;
}

/* Room for item n of a growing array (*pv of `size`-byte items, capacity *cap, doubled as needed)
 * within `max` items: 1; 0 when over the bound or out of memory (reported: `too_many`). */
int bc_xr_room(bc_xr *x, void *pv, size_t *cap, size_t n, size_t size, size_t max,
                   const char *too_many)
{
    void **v = pv;
    if (n < *cap)
        return 1;
    if (n >= max)
        return bc_xr_fail(x, too_many) + 1;
    size_t c = *cap ? 2 * *cap : 16;
    void *w = realloc(*v, (c < max ? c : max) * size);
    if (!w)
        return bc_xr_fail(x, "hết bộ nhớ") + 1;
    *v = w;
    *cap = c < max ? c : max;
    return 1;
}

/* The next node: 1, 0 at the end, -1 on an error (reported). */
int bc_xr_next(bc_xr *x)
{
    if (x->failed)
        return -1;
    int rc = xmlTextReaderRead(x->r);
    if (rc < 0 || x->failed)
        return bc_xr_fail(x, "XML hỏng");
    if (rc == 0)
        return 0;
    int t = xmlTextReaderNodeType(x->r);
    if (t == XML_READER_TYPE_DOCUMENT_TYPE || t == XML_READER_TYPE_ENTITY_REFERENCE ||
        t == XML_READER_TYPE_ENTITY)
        return bc_xr_fail(x, "có khai báo DTD hoặc thực thể (entity), không được phép trong sổ tính");
    if (xmlTextReaderDepth(x->r) > BC_XLSX_MAX_DEPTH)
        return bc_xr_fail(x, "các phần tử XML lồng nhau quá sâu");
    return 1;
}

int bc_xr_is(bc_xr *x, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->r);
    return n && !strcmp((const char *)n, local);
}

int bc_xr_element(bc_xr *x)
{
    return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT;
}

int bc_xr_end_at(bc_xr *x, int depth)
{
    return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT &&
           xmlTextReaderDepth(x->r) == depth;
}

/* An attribute by local name, whatever its prefix ("r:id"), into the arena; NULL when absent. */
char *bc_xr_attr(bc_xr *x, bc_arena *a, const char *local)
{
    char *v = NULL;
    if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
        return NULL;
    do {
        const xmlChar *n = xmlTextReaderConstLocalName(x->r);
        if (n && !strcmp((const char *)n, local)) {
            const xmlChar *val = xmlTextReaderConstValue(x->r);
            v = bc_arena_strdup(a, val ? (const char *)val : "");
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
    return v;
}

/* Appends the text inside the current element to b (its end tag consumed); 0 on an error. */
int bc_xr_text(bc_xr *x, bc_buf *b)
{
    if (xmlTextReaderIsEmptyElement(x->r))
        return 1;
    int depth = xmlTextReaderDepth(x->r), rc;
    while ((rc = bc_xr_next(x)) == 1 && !bc_xr_end_at(x, depth)) {
        int t = xmlTextReaderNodeType(x->r);
        if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
            t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE) {
            const xmlChar *v = xmlTextReaderConstValue(x->r);
            if (v)
                bc_buf_puts(b, (const char *)v);
            if (b->len > BC_XLSX_MAX_TEXT)
                return bc_xr_fail(x, "một ô có văn bản quá dài (tối đa 32767 byte)") + 1;
        }
    }
    return rc == 1;
}

/* Skips the current element's content. */
int bc_xr_skip(bc_xr *x)
{
    if (xmlTextReaderIsEmptyElement(x->r))
        return 1;
    int depth = xmlTextReaderDepth(x->r), rc;
    while ((rc = bc_xr_next(x)) == 1 && !bc_xr_end_at(x, depth))
        ;
    return rc == 1;
}

/* The text of a rich string (<si> or <is>): every <t> but those of phonetic runs (<rPh>). */
int bc_xr_rich_text(bc_xr *x, bc_buf *b)
{
    if (xmlTextReaderIsEmptyElement(x->r))
        return 1;
    int depth = xmlTextReaderDepth(x->r), rc;
    while ((rc = bc_xr_next(x)) == 1 && !bc_xr_end_at(x, depth)) {
        if (!bc_xr_element(x))
            continue;
        if (bc_xr_is(x, "rPh") && !bc_xr_skip(x))
            return 0;
        if (bc_xr_is(x, "t") && !bc_xr_text(x, b))
            return 0;
    }
    return rc == 1;
}
