/* render.c — see render.h. Builds every part into memory, then zips them in a fixed order:
 * [Content_Types].xml (written by the package), the package relationships, the properties,
 * the main document and its relationships, then the parts it refers to. */
#include "docx/render.h"

#include <errno.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "docx/document.h"
#include "docx/footnotes.h"
#include "docx/package.h"
#include "docx/parts.h"
#include "docx/section.h"
#include "docx/styles.h"
#include "util/vntime.h"

#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."
#define REL_OD "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static const bc_rel package_rels[] = {
    {"rId1", REL_OD "officeDocument", "word/document.xml"},
    {"rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
             "core-properties", "docProps/core.xml"},
    {"rId3", REL_OD "extended-properties", "docProps/app.xml"},
};

static const bc_rel document_rels[] = {
    {"rIdStyles", REL_OD "styles", "styles.xml"},
    {"rIdSettings", REL_OD "settings", "settings.xml"},
    {"rIdFonts", REL_OD "fontTable", "fontTable.xml"},
    {"rIdFootnotes", REL_OD "footnotes", "footnotes.xml"},
    {BC_RID_HEADER_PAGES, REL_OD "header", "header1.xml"},
    {BC_RID_HEADER_FIRST, REL_OD "header", "header2.xml"},
    {"rIdEndnotes", REL_OD "endnotes", "endnotes.xml"}, /* last: only with endnotes */
};

#define NELEM(a) ((int)(sizeof(a) / sizeof *(a)))

static time_t source_date(const bc_docx_options *opt)
{
    if (opt && opt->source_date >= 0)
        return (time_t)opt->source_date;
    return bc_source_date((time_t)315532800); /* else 1980-01-01T00:00:00Z */
}

/* Adds the part `name` whose bytes `st` (the status of building them into `b`) describes. */
static bc_status add(bc_pkg *p, const char *name, const char *ctype, bc_status st, bc_buf *b,
                     bc_err *err)
{
    if (st != BC_OK) {
        bc_buf_free(b);
        return st;
    }
    st = bc_pkg_add(p, name, ctype, b, err);
    bc_buf_free(b);
    return st;
}

static bc_status build_parts(const bc_doc *doc, time_t when, bc_pkg *p, bc_err *err)
{
    bc_buf b = BC_BUF_INIT;
    bc_status st;
    unsigned char *note_done = calloc((size_t)doc->nnotes + 1, 1);
    if (!note_done)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "DOCX: out of memory");
    bc_docx_ctx ctx = {doc, 1, note_done};

    st = add(p, "_rels/.rels", NULL, bc_docx_rels(package_rels, NELEM(package_rels),
                                                   "_rels/.rels", &b, err), &b, err);
    if (st == BC_OK)
        st = add(p, "docProps/core.xml",
                 "application/vnd.openxmlformats-package.core-properties+xml",
                 bc_docx_core_props(doc, when, &b, err), &b, err);
    if (st == BC_OK)
        st = add(p, "docProps/app.xml",
                 "application/vnd.openxmlformats-officedocument.extended-properties+xml",
                 bc_docx_app_props(doc, &b, err), &b, err);
    if (st == BC_OK)
        st = add(p, "word/document.xml", CT_WML "document.main+xml",
                 bc_docx_document(&ctx, &b, err), &b, err);
    if (st == BC_OK)
        st = add(p, "word/_rels/document.xml.rels", NULL,
                 bc_docx_rels(document_rels, NELEM(document_rels) - !doc->notes_at_end, "word/_rels/document.xml.rels",
                              &b, err), &b, err);
    if (st == BC_OK)
        st = add(p, "word/styles.xml", CT_WML "styles+xml", bc_docx_styles(doc, &b, err), &b,
                 err);
    if (st == BC_OK)
        st = add(p, "word/settings.xml", CT_WML "settings+xml", bc_docx_settings(doc, &b, err),
                 &b, err);
    if (st == BC_OK)
        st = add(p, "word/fontTable.xml", CT_WML "fontTable+xml", bc_docx_font_table(&b, err),
                 &b, err);
    if (st == BC_OK)
        st = add(p, "word/footnotes.xml", CT_WML "footnotes+xml",
                 bc_docx_footnotes(doc, &b, err), &b, err);
    if (st == BC_OK && doc->notes_at_end)
        st = add(p, "word/endnotes.xml", CT_WML "endnotes+xml", bc_docx_endnotes(doc, &b, err),
                 &b, err);
    if (st == BC_OK)
        st = add(p, "word/header1.xml", CT_WML "header+xml",
                 bc_docx_header(doc, 1, "word/header1.xml", &b, err), &b, err);
    if (st == BC_OK)
        st = add(p, "word/header2.xml", CT_WML "header+xml",
                 bc_docx_header(doc, 0, "word/header2.xml", &b, err), &b, err);
    free(note_done);
    return st;
}

bc_status bc_docx_render_opt(const bc_doc *doc, const bc_docx_options *opt, bc_buf *out,
                             bc_err *err)
{
    if (!doc || !out)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "DOCX: no document to render");
    /* libxml2 sets up its encoding tables lazily on first use, which races when the first
     * renders of a batch start together; xmlInitParser() does it once, under libxml2's lock. */
    xmlInitParser();
    time_t when = source_date(opt);
    bc_pkg p = BC_PKG_INIT;
    bc_status st = build_parts(doc, when, &p, err);
    if (st == BC_OK)
        st = bc_pkg_write(&p, when, out, err);
    bc_pkg_free(&p);
    return st;
}

bc_status bc_docx_render(const bc_doc *doc, bc_buf *out, bc_err *err)
{
    return bc_docx_render_opt(doc, NULL, out, err);
}
