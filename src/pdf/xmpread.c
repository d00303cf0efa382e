/* xmpread.c — see xmpread.h. */
#include "pdf/xmpread.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "pdf/xmp.h"
#include "util/buf.h"
#include "util/json.h"

const char *const bc_xm_names[BC_XM_COUNT] = {
    "dc:title",       "dc:creator",      "dc:description", "dc:language",
    "xmp:CreateDate", "xmp:ModifyDate",  "xmp:CreatorTool", "pdf:Producer",
    "pdf:Keywords",   "pdfaid:part",     "pdfaid:conformance",
};

const char *const bc_xm_labels[BC_XM_COUNT] = {
    "Tiêu đề",           "Tác giả (cơ quan)", "Mô tả",         "Ngôn ngữ",
    "Ngày tạo",          "Ngày sửa",          "Phần mềm tạo",  "Phần mềm ghi PDF",
    "Từ khóa",           "PDF/A, phần",       "PDF/A, mức",
};

static const char *const STD_NS[BC_XM_COUNT] = {
    BC_NS_DC,  BC_NS_DC,  BC_NS_DC,  BC_NS_DC,  BC_NS_XMP,    BC_NS_XMP,
    BC_NS_XMP, BC_NS_PDF, BC_NS_PDF, BC_NS_PDFAID, BC_NS_PDFAID,
};

/* The slot of property (ns, local), or NULL when it is not one baocao reads. */
static char **slot(bc_xmp_meta *m, const char *ns, const char *local)
{
    for (int i = 0; i < BC_XM_COUNT; i++)
        if (!strcmp(ns, STD_NS[i]) && !strcmp(local, strchr(bc_xm_names[i], ':') + 1))
            return &m->std[i];
    if (strcmp(ns, BC_AM_NS) != 0)
        return NULL;
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (!strcmp(local, bc_am_props[i].xmp))
            return &m->archive[i];
    return NULL;
}

/* A copy of at most BC_XMP_MAX_VALUE bytes, cut before a UTF-8 continuation byte. */
static char *bounded_copy(const char *s)
{
    size_t n = strlen(s);
    if (n > BC_XMP_MAX_VALUE) {
        n = BC_XMP_MAX_VALUE;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = 0;
    }
    return c;
}

static int is_rdf(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           !strcmp((const char *)n->ns->href, BC_NS_RDF) && !strcmp((const char *)n->name, local);
}

/* The element's text, or its container's first rdf:li's. */
static xmlNode *value_node(xmlNode *el)
{
    for (xmlNode *c = el->children; c; c = c->next)
        if (is_rdf(c, "Alt") || is_rdf(c, "Seq") || is_rdf(c, "Bag")) {
            for (xmlNode *li = c->children; li; li = li->next)
                if (is_rdf(li, "li"))
                    return li;
            return NULL;
        }
    return el;
}

static int take(char **dst, const xmlChar *text)
{
    if (*dst || !text)
        return 1; /* the first value stands */
    *dst = bounded_copy((const char *)text);
    return *dst != NULL;
}

static int read_description(bc_xmp_meta *m, xmlNode *desc)
{
    for (xmlAttr *a = desc->properties; a; a = a->next) {
        char **dst = a->ns && a->ns->href ? slot(m, (const char *)a->ns->href,
                                                 (const char *)a->name) : NULL;
        if (dst && a->children && !take(dst, a->children->content))
            return 0;
    }
    for (xmlNode *el = desc->children; el; el = el->next) {
        if (el->type != XML_ELEMENT_NODE || !el->ns || !el->ns->href)
            continue;
        char **dst = slot(m, (const char *)el->ns->href, (const char *)el->name);
        xmlNode *v = dst ? value_node(el) : NULL;
        if (v) {
            xmlChar *text = xmlNodeGetContent(v);
            int ok = take(dst, text);
            xmlFree(text);
            if (!ok)
                return 0;
        }
    }
    return 1;
}

/* Every rdf:Description under x:xmpmeta/rdf:RDF (or a bare rdf:RDF), not deeper: nested ones
 * describe schemas (pdfaExtension), not the document. */
static int read_rdf(bc_xmp_meta *m, xmlNode *root)
{
    xmlNode *rdf = is_rdf(root, "RDF") ? root : NULL;
    for (xmlNode *c = root->children; !rdf && c; c = c->next)
        if (is_rdf(c, "RDF"))
            rdf = c;
    for (xmlNode *d = rdf ? rdf->children : NULL; d; d = d->next)
        if (is_rdf(d, "Description") && !read_description(m, d))
            return 0;
    return 1;
}

bc_status bc_xmp_parse(const char *xml, size_t len, const char *name, bc_xmp_meta *m, bc_err *err)
{
    memset(m, 0, sizeof *m);
    if (len > BC_XMP_MAX_BYTES)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "siêu dữ liệu XMP quá lớn (tối đa %zu byte)", BC_XMP_MAX_BYTES);
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "metadata.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "siêu dữ liệu XMP không phải XML hợp lệ (ISO 19005-2, 6.6.2.1)");
    bc_status s = BC_OK;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset)
        s = bc_err_add(err, BC_BADINPUT, name, 0, 0,
                       "siêu dữ liệu XMP có khai báo DOCTYPE: không đọc (XMP không dùng DTD)");
    else if (root && !read_rdf(m, root))
        s = bc_err_oom(err, name);
    xmlFreeDoc(doc);
    if (s != BC_OK)
        bc_xmp_meta_free(m);
    return s;
}

bc_status bc_xmp_from_pdf(const char *data, size_t len, const char *name, bc_xmp_meta *m,
                          int *found, bc_err *err)
{
    memset(m, 0, sizeof *m);
    *found = 0;
    bc_pdf doc;
    bc_status s = bc_pdf_open(&doc, data, len, name, err);
    if (s != BC_OK) {
        bc_pdf_close(&doc); /* what a failed open holds */
        return s;
    }
    bc_pdf_obj *root = bc_pdf_dget(&doc, doc.trailer, "Root");
    bc_pdf_obj *md = root ? bc_pdf_dget(&doc, root, "Metadata") : NULL;
    if (md && md->kind == BC_PDF_STREAM) {
        bc_buf xml = BC_BUF_INIT;
        s = bc_pdf_stream_decode(&doc, md, &xml, err);
        if (s == BC_OK)
            s = bc_xmp_parse(xml.data ? xml.data : "", xml.len, name, m, err);
        *found = s == BC_OK;
        bc_buf_free(&xml);
    }
    bc_pdf_close(&doc);
    return s;
}

void bc_xmp_meta_free(bc_xmp_meta *m)
{
    for (int i = 0; i < BC_XM_COUNT; i++)
        free(m->std[i]);
    for (int i = 0; i < BC_AM_COUNT; i++)
        free(m->archive[i]);
    memset(m, 0, sizeof *m);
}

static void json_member(bc_buf *b, int *first, const char *prefix, const char *name,
                        const char *value)
{
    if (!value)
        return;
    bc_buf_puts(b, *first ? "\"" : ",\"");
    *first = 0;
    bc_buf_printf(b, "%s%s\":", prefix, name);
    bc_json_str(b, value);
}

void bc_xmp_meta_json(bc_buf *b, const bc_xmp_meta *m)
{
    int first = 1;
    bc_buf_putc(b, '{');
    for (int i = 0; i < BC_XM_COUNT; i++)
        json_member(b, &first, "", bc_xm_names[i], m->std[i]);
    for (int i = 0; i < BC_AM_COUNT; i++)
        json_member(b, &first, BC_AM_PREFIX ":", bc_am_props[i].xmp, m->archive[i]);
    bc_buf_putc(b, '}');
}
