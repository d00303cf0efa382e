/* footnotes.c — see footnotes.h. */
#include "docx/footnotes.h"

#include "docx/content.h"

/* Content-control ids in footnotes start far from the body's so the two never meet. */
enum { FOOTNOTE_ID_BASE = 1000000 };

static void separator(bc_xw *x, const char *elem, const char *type, int id, const char *mark)
{
    bc_xw_start(x, elem);
    bc_xw_attr(x, "w:type", type);
    bc_xw_attr_int(x, "w:id", id);
    bc_xw_start(x, "w:p");
    bc_xw_start(x, "w:pPr");
    bc_docx_spacing(x, -1, 0, 240, "auto");
    bc_xw_end(x);
    bc_xw_start(x, "w:r");
    bc_xw_empty(x, mark);
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
}

/* The notes part of one kind: its separators, and the notes when they are of this kind. */
static bc_status notes_part(const bc_doc *doc, int endnotes, bc_buf *out, bc_err *err)
{
    const char *elem = endnotes ? "w:endnote" : "w:footnote";
    bc_xw x;
    bc_docx_ctx ctx = {doc, FOOTNOTE_ID_BASE, NULL};
    bc_xw_open(&x);
    bc_docx_root(&x, endnotes ? "w:endnotes" : "w:footnotes");
    separator(&x, elem, "separator", -1, "w:separator");
    separator(&x, elem, "continuationSeparator", 0, "w:continuationSeparator");
    for (int n = 1; doc->notes_at_end == endnotes && n <= doc->nnotes; n++) {
        bc_para_opts opt = {.footnote_id = n};
        bc_xw_start(&x, elem);
        bc_xw_attr_int(&x, "w:id", n);
        bc_docx_para(&x, &ctx, doc->notes[n - 1], BC_STYLE_FOOTNOTE, &opt);
        bc_xw_end(&x);
    }
    bc_xw_end(&x);
    return bc_xw_finish(&x, endnotes ? "word/endnotes.xml" : "word/footnotes.xml", out, err);
}

bc_status bc_docx_footnotes(const bc_doc *doc, bc_buf *out, bc_err *err)
{
    return notes_part(doc, 0, out, err);
}

bc_status bc_docx_endnotes(const bc_doc *doc, bc_buf *out, bc_err *err)
{
    return notes_part(doc, 1, out, err);
}
