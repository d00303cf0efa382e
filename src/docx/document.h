/* document.h — word/document.xml: the body, block by block.
 *
 * Sections: the body starts in doc->page.landscape. A BC_BLK_PAGE block ends the current section
 * and starts one in its own orientation; the section's w:sectPr goes into the pPr of the
 * paragraph just before the break when that is a paragraph of the tree, else into a tiny empty
 * paragraph (a table cannot carry it). A BC_BLK_PAGE before any content only sets the first
 * section's orientation, so no blank first page appears. The last section's w:sectPr closes the
 * body.
 *
 * Word glues two tables that touch into one, so a table (or signature block) that follows
 * another gets an empty body paragraph between them; Word also wants a paragraph after a final
 * table, which gets a 1-pt one.
 */
#ifndef BC_DOCX_DOCUMENT_H
#define BC_DOCX_DOCUMENT_H

#include "docx/content.h"
#include "util/buf.h"
#include "util/err.h"

/* `ctx->note_done` must hold doc->nnotes + 1 zeroed flags. */
bc_status bc_docx_document(bc_docx_ctx *ctx, bc_buf *out, bc_err *err);

#endif
