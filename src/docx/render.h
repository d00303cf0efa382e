/* render.h — the DOCX renderer: walks the same document tree as the PDF renderer and writes an
 * editable WordprocessingML package (libxml2's writer, libzip). The bytes are deterministic: the
 * same tree gives the same file. The whole package is produced in memory; the caller writes it.
 */
#ifndef BC_DOCX_RENDER_H
#define BC_DOCX_RENDER_H

#include "doc/tree.h"
#include "util/buf.h"
#include "util/err.h"

bc_status bc_docx_render(const bc_doc *doc, bc_buf *out, bc_err *err);

#endif
