/* xmp.c — see xmp.h. */
#include "pdf/xmp.h"

#include <stdio.h>

#include "util/xmlw.h"

static const char *const NAMESPACES[][2] = {
    {"xmlns:dc", BC_NS_DC},
    {"xmlns:xmp", BC_NS_XMP},
    {"xmlns:pdf", BC_NS_PDF},
    {"xmlns:pdfaid", BC_NS_PDFAID},
    {"xmlns:pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/"},
    {"xmlns:pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#"},
    {"xmlns:pdfaProperty", "http://www.aiim.org/pdfa/ns/property#"},
    {"xmlns:" BC_AM_PREFIX, BC_AM_NS},
};

static int given(const char *s)
{
    return s && *s;
}

static void simple(bc_xw *x, const char *name, const char *value)
{
    if (!given(value))
        return;
    bc_xw_start(x, name);
    bc_xw_text(x, value);
    bc_xw_end(x);
}

/* An rdf:Alt (language alternatives, x-default only), rdf:Seq or rdf:Bag with one item. */
static void one_item(bc_xw *x, const char *name, const char *container, const char *value)
{
    if (!given(value))
        return;
    bc_xw_start(x, name);
    bc_xw_start(x, container);
    bc_xw_start(x, "rdf:li");
    if (container[4] == 'A')
        bc_xw_attr(x, "xml:lang", "x-default");
    bc_xw_text(x, value);
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
}

/* <rdf:li rdf:parseType="Resource">: an item whose children are the fields of a structure. */
static void start_resource_item(bc_xw *x)
{
    bc_xw_start(x, "rdf:li");
    bc_xw_attr(x, "rdf:parseType", "Resource");
}

static void property_decl(bc_xw *x, const bc_am_prop *p)
{
    start_resource_item(x);
    simple(x, "pdfaProperty:name", p->xmp);
    simple(x, "pdfaProperty:valueType", bc_am_type_name(p->type));
    simple(x, "pdfaProperty:category", "external");
    simple(x, "pdfaProperty:description", p->label);
    bc_xw_end(x);
}

/* Whether the packet holds the Phụ lục VI element i: given and of its type. */
static int archive_written(const bc_xmp_info *m, int i)
{
    return given(m->archive[i]) && bc_am_valid(bc_am_props[i].type, m->archive[i]);
}

/* ISO 19005-2, 6.6.2.3.2: a property outside the schemas of the XMP specification is allowed
 * only when its schema is described in the packet itself — the properties the packet holds;
 * the other elements' declarations would be 290 bytes each in every file. */
static void extension_schema(bc_xw *x, const bc_xmp_info *m)
{
    int any = 0;
    for (int i = 0; i < BC_AM_COUNT; i++)
        any |= archive_written(m, i);
    if (!any)
        return;
    bc_xw_start(x, "pdfaExtension:schemas");
    bc_xw_start(x, "rdf:Bag");
    start_resource_item(x);
    simple(x, "pdfaSchema:schema", BC_AM_SCHEMA);
    simple(x, "pdfaSchema:namespaceURI", BC_AM_NS);
    simple(x, "pdfaSchema:prefix", BC_AM_PREFIX);
    bc_xw_start(x, "pdfaSchema:property");
    bc_xw_start(x, "rdf:Seq");
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (archive_written(m, i))
            property_decl(x, &bc_am_props[i]);
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
}

static void description(bc_xw *x, const bc_xmp_info *m)
{
    bc_xw_start(x, "rdf:Description");
    bc_xw_attr(x, "rdf:about", "");
    for (size_t i = 0; i < sizeof NAMESPACES / sizeof *NAMESPACES; i++)
        bc_xw_attr(x, NAMESPACES[i][0], NAMESPACES[i][1]);
    simple(x, "pdfaid:part", "2");
    simple(x, "pdfaid:conformance", "B");
    simple(x, "dc:format", "application/pdf");
    one_item(x, "dc:title", "rdf:Alt", m->title);
    one_item(x, "dc:creator", "rdf:Seq", m->author);
    one_item(x, "dc:description", "rdf:Alt", m->subject);
    one_item(x, "dc:language", "rdf:Bag", m->lang);
    simple(x, "xmp:CreateDate", m->create_date);
    simple(x, "xmp:ModifyDate", m->modify_date);
    simple(x, "xmp:MetadataDate", m->modify_date);
    simple(x, "xmp:CreatorTool", m->creator_tool);
    simple(x, "pdf:Producer", m->producer);
    simple(x, "pdf:Keywords", m->keywords);
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (archive_written(m, i)) {
            char name[64];
            snprintf(name, sizeof name, "%s:%s", BC_AM_PREFIX, bc_am_props[i].xmp);
            simple(x, name, m->archive[i]);
        }
    extension_schema(x, m);
    bc_xw_end(x);
}

bc_status bc_xmp_write(const bc_xmp_info *m, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open_fragment(&x, "XMP");
    /* The begin attribute is the byte order mark, in UTF-8; the id is the one XMP fixes. */
    bc_xw_pi(&x, "xpacket", "begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"");
    bc_xw_start(&x, "x:xmpmeta");
    bc_xw_attr(&x, "xmlns:x", "adobe:ns:meta/");
    bc_xw_start(&x, "rdf:RDF");
    bc_xw_attr(&x, "xmlns:rdf", BC_NS_RDF);
    description(&x, m);
    bc_xw_end(&x);
    bc_xw_end(&x);
    bc_xw_pi(&x, "xpacket", "end=\"r\"");
    return bc_xw_finish(&x, "metadata", out, err);
}
