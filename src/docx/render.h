/* render.h — the DOCX renderer: walks the same document tree as the PDF renderer and writes an
 * editable WordprocessingML package (libxml2's writer, libzip). The bytes are deterministic: the
 * same tree gives the same file. The whole package is produced in memory; the caller writes it.
 *
 * Dates: the zip entries' timestamps and docProps/core.xml's created/modified come from one
 * "source date", never from the clock: bc_docx_options.source_date when it is ≥ 0, else the
 * environment variable SOURCE_DATE_EPOCH (reproducible-builds.org) when it holds a number, else
 * 1980-01-01T00:00:00Z (the earliest zip date). bc_docx_render() is bc_docx_render_opt() with
 * no options.
 *
 * Thread safety: no global state; parallel renders of different trees are fine.
 */
#ifndef BC_DOCX_RENDER_H
#define BC_DOCX_RENDER_H

#include "doc/tree.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_docx_options {
    long long source_date; /* seconds since 1970 UTC; < 0: SOURCE_DATE_EPOCH or 1980-01-01 */
} bc_docx_options;

bc_status bc_docx_render(const bc_doc *doc, bc_buf *out, bc_err *err);
bc_status bc_docx_render_opt(const bc_doc *doc, const bc_docx_options *opt, bc_buf *out,
                             bc_err *err);

#endif
