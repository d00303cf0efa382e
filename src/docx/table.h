/* table.h — tables of the tree and signature blocks as w:tbl.
 *
 * Data tables: fixed layout, a w:tblGrid whose columns are table->widths × the text width
 * (rounded so they add up exactly), single black borders, header rows marked w:tblHeader so Word
 * repeats them on every page, rows that cannot split across pages (w:cantSplit), bold group rows,
 * and w:keepNext on the rows that keep with the next (the first, group rows, the last two). The
 * tree is a
 * full grid; a merged cell becomes w:gridSpan on its origin and, for each further row it covers,
 * a continuation cell (w:vMerge without a value) spanning the same columns. Every w:tc ends with
 * a w:p, or Word calls the file unreadable.
 *
 * Signature blocks: a borderless table of `ncols` equal columns, one cell per signer holding
 * place, title, note, the signing space (an exact height, bc_sigblock_space_mm: the tallest
 * column's, room for the seal included, with a bookmark "Ky_<role>" in each column that has a
 * role) and name; every paragraph but the name keeps with the next, so the block stays on one
 * page.
 */
#ifndef BC_DOCX_TABLE_H
#define BC_DOCX_TABLE_H

#include "docx/content.h"

/* `closing`: the signature block follows, and the table's last rows keep with it. */
void bc_docx_table(bc_xw *x, bc_docx_ctx *ctx, const bc_table *t, long text_width, int closing);
void bc_docx_signatures(bc_xw *x, bc_docx_ctx *ctx, const bc_sigblock *s, long text_width);

#endif
