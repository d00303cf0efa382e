/* parts.c — see parts.h. */
#include "docx/parts.h"

#include <string.h>

#include "docx/content.h"
#include "docx/styles.h"
#include "util/xmlw.h"

bc_status bc_docx_rels(const bc_rel *rels, int n, const char *part, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_xw_start(&x, "Relationships");
    bc_xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/relationships");
    for (int i = 0; i < n; i++) {
        bc_xw_start(&x, "Relationship");
        bc_xw_attr(&x, "Id", rels[i].id);
        bc_xw_attr(&x, "Type", rels[i].type);
        bc_xw_attr(&x, "Target", rels[i].target);
        bc_xw_end(&x);
    }
    bc_xw_end(&x);
    return bc_xw_finish(&x, part, out, err);
}

static void footnote_ref(bc_xw *x, const char *elem, int id)
{
    bc_xw_start(x, elem);
    bc_xw_attr_int(x, "w:id", id);
    bc_xw_end(x);
}

/* w:footnotePr or w:endnotePr of the settings: numbering (decimal, from `note_start`), then the
 * two separators. Endnotes are written only when the tree's notes are endnotes. */
static void notes_pr(bc_xw *x, const bc_doc *doc, int endnotes)
{
    const char *elem = endnotes ? "w:endnote" : "w:footnote";
    bc_xw_start(x, endnotes ? "w:endnotePr" : "w:footnotePr");
    bc_docx_note_numbering(x, doc, endnotes);
    footnote_ref(x, elem, -1);
    footnote_ref(x, elem, 0);
    bc_xw_end(x);
}

bc_status bc_docx_settings(const bc_doc *doc, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_docx_root(&x, "w:settings");
    /* CT_Settings order: zoom … defaultTabStop … evenAndOddHeaders … characterSpacingControl
     * … footnotePr … compat … themeFontLang … decimalSymbol listSeparator. */
    bc_xw_start(&x, "w:zoom");
    bc_xw_attr_int(&x, "w:percent", 100);
    bc_xw_end(&x);
    bc_xw_val_int(&x, "w:defaultTabStop", 720);
    bc_xw_val(&x, "w:evenAndOddHeaders", "0");
    bc_xw_val(&x, "w:characterSpacingControl", "doNotCompress");
    notes_pr(&x, doc, 0);
    if (doc->notes_at_end)
        notes_pr(&x, doc, 1);
    /* Word 2013+ layout rules; without this Word opens the file in compatibility mode. */
    bc_xw_start(&x, "w:compat");
    /* A line ended by an explicit break (BC_RUN_BREAK) is not stretched, as in the PDF. */
    bc_xw_empty(&x, "w:doNotExpandShiftReturn");
    bc_xw_start(&x, "w:compatSetting");
    bc_xw_attr(&x, "w:name", "compatibilityMode");
    bc_xw_attr(&x, "w:uri", "http://schemas.microsoft.com/office/word");
    bc_xw_attr(&x, "w:val", "15");
    bc_xw_end(&x);
    bc_xw_end(&x);
    bc_xw_val(&x, "w:themeFontLang", doc->meta.lang ? doc->meta.lang : "vi-VN");
    /* Vietnamese numbers: "87,50". */
    bc_xw_val(&x, "w:decimalSymbol", ",");
    bc_xw_val(&x, "w:listSeparator", ";");
    bc_xw_end(&x);
    return bc_xw_finish(&x, "word/settings.xml", out, err);
}

static void font(bc_xw *x, const char *name, const char *alt, const char *panose,
                 const char *family)
{
    bc_xw_start(x, "w:font");
    bc_xw_attr(x, "w:name", name);
    if (alt)
        bc_xw_val(x, "w:altName", alt);
    bc_xw_val(x, "w:panose1", panose);
    bc_xw_val(x, "w:charset", "00");
    bc_xw_val(x, "w:family", family);
    bc_xw_val(x, "w:pitch", "variable");
    bc_xw_end(x);
}

bc_status bc_docx_font_table(bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_docx_root(&x, "w:fonts");
    font(&x, BC_DOCX_FONT, NULL, "02020603050405020304", "roman");
    /* The alternative names the font Linux systems have with ☐ and ☒. */
    font(&x, BC_CHECKBOX_FONT, "DejaVu Sans", "020B0502040204020203", "swiss");
    bc_xw_end(&x);
    return bc_xw_finish(&x, "word/fontTable.xml", out, err);
}

static void field_char(bc_xw *x, const char *type)
{
    bc_xw_start(x, "w:r");
    bc_xw_start(x, "w:fldChar");
    bc_xw_attr(x, "w:fldCharType", type);
    bc_xw_end(x);
    bc_xw_end(x);
}

/* PAGE as a complex field with a cached "1", which readers that do not update fields show. */
static void page_field(bc_xw *x)
{
    field_char(x, "begin");
    bc_xw_start(x, "w:r");
    bc_xw_start(x, "w:instrText");
    bc_xw_attr(x, "xml:space", "preserve");
    bc_xw_text(x, " PAGE ");
    bc_xw_end(x);
    bc_xw_end(x);
    field_char(x, "separate");
    bc_xw_start(x, "w:r");
    bc_xw_start(x, "w:t");
    bc_xw_text(x, "1");
    bc_xw_end(x);
    bc_xw_end(x);
    field_char(x, "end");
}

bc_status bc_docx_header(const bc_doc *doc, int numbered, const char *part, bc_buf *out,
                         bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_docx_root(&x, "w:hdr");
    bc_xw_start(&x, "w:p");
    bc_xw_start(&x, "w:pPr");
    bc_xw_val(&x, "w:pStyle", doc->styles[BC_STYLE_HEADER].id);
    bc_xw_end(&x);
    if (numbered)
        page_field(&x);
    bc_xw_end(&x);
    bc_xw_end(&x);
    return bc_xw_finish(&x, part, out, err);
}

static void text_elem(bc_xw *x, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    bc_xw_start(x, name);
    bc_xw_text(x, value);
    bc_xw_end(x);
}

static void date_elem(bc_xw *x, const char *name, time_t when)
{
    struct tm tm;
    char s[32];
    gmtime_r(&when, &tm);
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    bc_xw_start(x, name);
    bc_xw_attr(x, "xsi:type", "dcterms:W3CDTF");
    bc_xw_text(x, s);
    bc_xw_end(x);
}

bc_status bc_docx_core_props(const bc_doc *doc, time_t when, bc_buf *out, bc_err *err)
{
    const bc_meta *m = &doc->meta;
    bc_xw x;
    bc_xw_open(&x);
    bc_xw_start(&x, "cp:coreProperties");
    bc_xw_attr(&x, "xmlns:cp",
               "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    bc_xw_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    bc_xw_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
    bc_xw_attr(&x, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
    bc_xw_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    text_elem(&x, "dc:title", m->title);
    text_elem(&x, "dc:subject", m->subject);
    text_elem(&x, "dc:creator", m->author);
    text_elem(&x, "cp:keywords", m->keywords);
    text_elem(&x, "dc:identifier", m->form_id);
    text_elem(&x, "dc:language", m->lang);
    date_elem(&x, "dcterms:created", when);
    date_elem(&x, "dcterms:modified", when);
    bc_xw_end(&x);
    return bc_xw_finish(&x, "docProps/core.xml", out, err);
}

bc_status bc_docx_app_props(const bc_doc *doc, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_xw_start(&x, "Properties");
    bc_xw_attr(&x, "xmlns",
               "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    bc_xw_attr(&x, "xmlns:vt",
               "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
    /* The version goes in meta.creator ("baocao 0.1"); AppVersion must be digits Word parses,
     * so it is left out. */
    text_elem(&x, "Application", "baocao");
    text_elem(&x, "DocSecurity", "0");
    text_elem(&x, "Company", doc->meta.author);
    bc_xw_end(&x);
    return bc_xw_finish(&x, "docProps/app.xml", out, err);
}
