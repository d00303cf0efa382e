/* table.h — tables in the PDF: merged cells, wrapped cell text, rows that do not fit move to the
 * next page, where the header rows are drawn again. Rows joined by a vertical merge move together
 * (a band). Keep-together rules: a table broken across pages leaves at least two bands on each
 * side; a group row ("B  DỊCH VỤ …") keeps with the first row of its group; the last two bands
 * keep `after` points below them (the signature block after the body's last table).
 */
#ifndef BC_PDF_TABLE_H
#define BC_PDF_TABLE_H

#include "doc/tree.h"
#include "pdf/flow.h"

bc_status bc_pdf_table(bc_flow *f, const bc_table *t, double after);

/* The height of the table's header rows and its opening bands of body rows (two, or all of a
 * short table): what the paragraph that introduces a table needs below it on the same page. */
bc_status bc_pdf_table_lead(bc_flow *f, const bc_table *t, double *height);

#endif
