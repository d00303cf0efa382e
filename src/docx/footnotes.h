/* footnotes.h — word/footnotes.xml and word/endnotes.xml.
 *
 * As Word writes it: the separator (w:id -1) and the continuation separator (w:id 0) first —
 * settings.xml names both in w:footnotePr — then note n of the tree as w:id n, starting with its
 * own mark (w:footnoteRef) in the style FootnoteReference, in the paragraph style BcFootnote. The body's
 * w:footnoteReference ids are the same n, so ids are unique by construction. The part is always
 * written, with just the separators when the tree has no notes.
 */
#ifndef BC_DOCX_FOOTNOTES_H
#define BC_DOCX_FOOTNOTES_H

#include "doc/tree.h"
#include "util/buf.h"
#include "util/err.h"

bc_status bc_docx_footnotes(const bc_doc *doc, bc_buf *out, bc_err *err);
/* word/endnotes.xml, the same way, for a tree whose notes print at the end (`notes_at_end`):
 * the notes are then here and footnotes.xml holds only its separators. */
bc_status bc_docx_endnotes(const bc_doc *doc, bc_buf *out, bc_err *err);

#endif
