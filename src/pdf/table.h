/* table.h — tables in the PDF: merged cells, wrapped cell text, rows that do not fit move to the
 * next page, where the header rows are drawn again. Rows joined by a vertical merge move together.
 */
#ifndef BC_PDF_TABLE_H
#define BC_PDF_TABLE_H

#include "doc/tree.h"
#include "pdf/flow.h"

bc_status bc_pdf_table(bc_flow *f, const bc_table *t);

/* The height of the table's header rows and its first band of body rows: what the paragraph
 * that introduces a table needs below it on the same page. */
bc_status bc_pdf_table_lead(bc_flow *f, const bc_table *t, double *height);

#endif
