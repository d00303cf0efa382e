/* section.h — page set-up of one DOCX section (w:sectPr).
 *
 * Every section is A4 with the document's margins, portrait or landscape (then w:orient and the
 * swapped width and height). Every section names the page-number header as its default header;
 * the first section also names the empty first-page header and sets w:titlePg, so page 1 has no
 * number (Nghị định 30) and numbering runs on across later sections, whose first pages are
 * numbered. Children follow the schema order of CT_SectPr, which Word enforces.
 */
#ifndef BC_DOCX_SECTION_H
#define BC_DOCX_SECTION_H

#include "doc/tree.h"
#include "util/xmlw.h"

/* Relationship ids of word/document.xml that sections and render.c agree on. */
#define BC_RID_HEADER_PAGES "rIdHeaderPages"
#define BC_RID_HEADER_FIRST "rIdHeaderFirst"

typedef struct bc_docx_section {
    int landscape;
    int first; /* the document's first section */
} bc_docx_section;

void bc_docx_sectpr(bc_xw *x, const bc_doc *doc, const bc_docx_section *s);

/* The numbering children of w:footnotePr (endnotes 0) or w:endnotePr (1) — w:numFmt decimal for
 * endnotes, w:numStart when the notes start past 1 — for the kind the tree's notes are; nothing
 * for the other kind. */
void bc_docx_note_numbering(bc_xw *x, const bc_doc *doc, int endnotes);

/* Width between the margins in twips, for tables that span it. */
long bc_docx_text_width(const bc_doc *doc, int landscape);

/* 1 when page 1 carries no number (doc->page.number_from ≥ 2). */
int bc_docx_title_page(const bc_doc *doc);

#endif
