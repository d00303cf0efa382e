/* section.c — see section.h. */
#include "docx/section.h"

#include "docx/units.h"

int bc_docx_title_page(const bc_doc *doc) { return doc->page.number_from >= 2; }

long bc_docx_text_width(const bc_doc *doc, int landscape)
{
    double w = landscape ? doc->page.height_mm : doc->page.width_mm;
    return bc_twips_mm(w - doc->page.left_mm - doc->page.right_mm);
}

static void header_ref(bc_xw *x, const char *type, const char *rid)
{
    bc_xw_start(x, "w:headerReference");
    bc_xw_attr(x, "w:type", type);
    bc_xw_attr(x, "r:id", rid);
    bc_xw_end(x);
}

void bc_docx_note_numbering(bc_xw *x, const bc_doc *doc, int endnotes)
{
    if (endnotes != doc->notes_at_end)
        return;
    if (endnotes) /* Word numbers endnotes i, ii, iii unless told */
        bc_xw_val(x, "w:numFmt", "decimal");
    if (doc->note_start > 1)
        bc_xw_val_int(x, "w:numStart", doc->note_start);
}

/* The section's own w:footnotePr / w:endnotePr, which readers take over the settings'. */
static void section_notes(bc_xw *x, const bc_doc *doc)
{
    if (!doc->notes_at_end && doc->note_start <= 1)
        return;
    bc_xw_start(x, doc->notes_at_end ? "w:endnotePr" : "w:footnotePr");
    bc_docx_note_numbering(x, doc, doc->notes_at_end);
    bc_xw_end(x);
}

void bc_docx_sectpr(bc_xw *x, const bc_doc *doc, const bc_docx_section *s)
{
    const bc_page_setup *pg = &doc->page;
    int title = s->first && bc_docx_title_page(doc);
    bc_xw_start(x, "w:sectPr");
    header_ref(x, "default", BC_RID_HEADER_PAGES);
    if (title)
        header_ref(x, "first", BC_RID_HEADER_FIRST);
    section_notes(x, doc);
    bc_xw_start(x, "w:pgSz");
    bc_xw_attr_int(x, "w:w", bc_twips_mm(s->landscape ? pg->height_mm : pg->width_mm));
    bc_xw_attr_int(x, "w:h", bc_twips_mm(s->landscape ? pg->width_mm : pg->height_mm));
    if (s->landscape)
        bc_xw_attr(x, "w:orient", "landscape");
    bc_xw_end(x);
    /* The margins stay with the sheet's binding edge: a landscape page keeps the wide left
     * margin on its left, as the PDF renderer draws it. */
    bc_xw_start(x, "w:pgMar");
    bc_xw_attr_int(x, "w:top", bc_twips_mm(pg->top_mm));
    bc_xw_attr_int(x, "w:right", bc_twips_mm(pg->right_mm));
    bc_xw_attr_int(x, "w:bottom", bc_twips_mm(pg->bottom_mm));
    bc_xw_attr_int(x, "w:left", bc_twips_mm(pg->left_mm));
    /* The page number sits in the middle of the top margin. */
    bc_xw_attr_int(x, "w:header", bc_twips_mm(pg->top_mm / 2));
    bc_xw_attr_int(x, "w:footer", bc_twips_mm(pg->bottom_mm / 2));
    bc_xw_attr_int(x, "w:gutter", 0);
    bc_xw_end(x);
    bc_xw_start(x, "w:cols");
    bc_xw_attr_int(x, "w:space", 720);
    bc_xw_end(x);
    if (title)
        bc_xw_empty(x, "w:titlePg");
    bc_xw_end(x);
}
