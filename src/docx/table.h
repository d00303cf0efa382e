/* table.h — tables of the tree and signature blocks as w:tbl.
 *
 * Data tables: fixed layout, a w:tblGrid whose columns are table->widths × the text width
 * (rounded so they add up exactly), single black borders, header rows marked w:tblHeader so Word
 * repeats them on every page, rows that cannot split across pages, bold group rows. The tree is a
 * full grid; a merged cell becomes w:gridSpan on its origin and, for each further row it covers,
 * a continuation cell (w:vMerge without a value) spanning the same columns. Every w:tc ends with
 * a w:p, or Word calls the file unreadable.
 *
 * Signature blocks: a borderless table of `ncols` equal columns whose rows are place, title,
 * note, the signing space (an exact row height of the largest space_mm, with a bookmark
 * "Ky_<role>" in each column that has a role) and name, so the title and name lines of side by
 * side signers stay level even when one wraps. Rows without any content are left out; all rows
 * keep together on one page.
 */
#ifndef BC_DOCX_TABLE_H
#define BC_DOCX_TABLE_H

#include "docx/content.h"

void bc_docx_table(bc_xw *x, bc_docx_ctx *ctx, const bc_table *t, long text_width);
void bc_docx_signatures(bc_xw *x, bc_docx_ctx *ctx, const bc_sigblock *s, long text_width);

#endif
