/* xlsxxml.h — the XML reader every part of a workbook is read with (form/xlsx.c, xlsxsheet.c).
 *
 * Contract: libxml2's streaming reader (xmlTextReader) over a part in memory, made safe for
 * hostile input: no network, no DTD loading, no entity substitution, not the "huge" option; a part
 * that declares a DTD or an entity is refused before parsing (no billion laughs), an entity
 * reference or DTD node met anyway is refused, and elements nested deeper than BC_XLSX_MAX_DEPTH
 * are refused. libxml2's own messages are caught (nothing is printed) and the first becomes the
 * part's one error: `phần xl/worksheets/sheet1.xml của sổ tính …`. Once a reader failed, every
 * further call says so. Element and attribute names are compared by local name, whatever the
 * prefix. Memory follows what the caller keeps, not the part's size.
 */
#ifndef BC_FORM_XLSXXML_H
#define BC_FORM_XLSXXML_H

#include <libxml/xmlreader.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_xr {
    xmlTextReaderPtr r;
    const char *file, *part; /* for messages: the workbook and the part */
    bc_err *err;
    int failed;
} bc_xr;

/* Starts reading `len` bytes; 0 (reported) when the part is refused outright. */
int bc_xr_open(bc_xr *x, const char *file, const char *part, const char *xml, size_t len,
               bc_err *err);
void bc_xr_close(bc_xr *x);

/* Reports `why` (once) and marks the reader failed; returns -1. */
int bc_xr_fail(bc_xr *x, const char *why);

/* Room for item n of a growing array (*pv of `size`-byte items, capacity *cap, doubled as needed)
 * within `max` items: 1; 0 when over the bound or out of memory (reported: `too_many`). */
int bc_xr_room(bc_xr *x, void *pv, size_t *cap, size_t n, size_t size, size_t max,
               const char *too_many);

/* The next node: 1, 0 at the end, -1 on an error (reported). */
int bc_xr_next(bc_xr *x);

/* Whether the current node is named `local`; is an element start; ends the element at `depth`. */
int bc_xr_is(bc_xr *x, const char *local);
int bc_xr_element(bc_xr *x);
int bc_xr_end_at(bc_xr *x, int depth);

/* An attribute of the current element by local name, into the arena; NULL when absent. */
char *bc_xr_attr(bc_xr *x, bc_arena *a, const char *local);

/* The text inside the current element appended to b (at most BC_XLSX_MAX_TEXT bytes), its end
 * consumed; 0 on an error. bc_xr_rich_text: of every <t> but phonetic runs (<rPh>), as shared
 * and inline strings hold it. bc_xr_skip: the content skipped. */
int bc_xr_text(bc_xr *x, bc_buf *b);
int bc_xr_rich_text(bc_xr *x, bc_buf *b);
int bc_xr_skip(bc_xr *x);

#endif
