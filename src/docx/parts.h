/* parts.h — the small fixed parts of the package, each a pure function of the tree (and, for the
 * dates, of the source date): relationships, settings, font table, page-number headers and the
 * document properties.
 *
 * Dates: docProps/core.xml's dcterms:created and dcterms:modified are `when`, written in UTC as
 * W3CDTF ("2026-01-01T00:00:00Z"); render.c chooses `when` so that nothing reads the clock.
 */
#ifndef BC_DOCX_PARTS_H
#define BC_DOCX_PARTS_H

#include <time.h>

#include "doc/tree.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_rel {
    const char *id, *type, *target; /* type: the full relationship type URI */
} bc_rel;

/* A relationships part (`part` names it in messages). */
bc_status bc_docx_rels(const bc_rel *rels, int n, const char *part, bc_buf *out, bc_err *err);
bc_status bc_docx_settings(const bc_doc *doc, bc_buf *out, bc_err *err);
bc_status bc_docx_font_table(bc_buf *out, bc_err *err);
/* The header of numbered pages (a centred PAGE field) or, when `numbered` is 0, the empty
 * header of page 1. */
bc_status bc_docx_header(const bc_doc *doc, int numbered, const char *part, bc_buf *out,
                         bc_err *err);
bc_status bc_docx_core_props(const bc_doc *doc, time_t when, bc_buf *out, bc_err *err);
bc_status bc_docx_app_props(const bc_doc *doc, bc_buf *out, bc_err *err);

#endif
