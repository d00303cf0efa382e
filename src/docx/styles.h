/* styles.h — word/styles.xml from doc->styles.
 *
 * Document defaults: Times New Roman for every script slot (ascii, hAnsi, eastAsia, cs) at the
 * body size (doc->styles[BC_STYLE_BODY].size_pt), language vi-VN, no spacing. Then Word's three
 * defaults (Normal, Default Paragraph Font, Normal Table), one real paragraph style per
 * bc_style_id (w:styleId = style->id, w:name = style->name; bold, italic, size, alignment,
 * spacing, line spacing, first-line indent, keep-with-next), and the character styles of
 * content.h. Runs therefore carry almost no direct formatting: a user who restyles "Mục" in Word
 * restyles every section heading.
 */
#ifndef BC_DOCX_STYLES_H
#define BC_DOCX_STYLES_H

#include "doc/tree.h"
#include "util/buf.h"
#include "util/err.h"

#define BC_DOCX_FONT "Times New Roman"

bc_status bc_docx_styles(const bc_doc *doc, bc_buf *out, bc_err *err);

#endif
