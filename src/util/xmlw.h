/* xmlw.h — a sticky-error XML writer into a memory buffer, for the DOCX parts and the PDF's
 * XMP metadata.
 *
 * Every part of the package is one XML document written start to end. Checking the return of
 * each of the hundreds of calls would bury the layout code, so the writer records the first
 * failure (`failed`, `why`) and turns later calls into no-ops; bc_xw_finish() reports it once,
 * naming the part. Text is checked before it is written: the tree promises valid UTF-8 without
 * XML-illegal characters, and a broken promise must become an error here rather than a file
 * Word calls unreadable.
 *
 * The bytes are those libxml2's xmlTextWriter (2.9) wrote for the same calls, which this writer
 * replaced for speed (a DOCX of the benchmark is ~160 KB of XML from ~40,000 calls):
 * compact (no indentation), `<a/>` for an element without content, attribute values in double
 * quotes with & < > " TAB LF CR escaped, text with & < > " CR escaped, a newline after the
 * declaration and at the end. It starts with the declaration Word writes:
 * <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
 * — except bc_xw_open_fragment()'s, which has no declaration (an XMP packet starts with its own
 * processing instruction, and a declaration may only come first) and, like libxml2 without a
 * declared encoding, writes the non-ASCII characters of attribute values as character
 * references (&#x1EA0;). tests/unit/test_xmlw.c compares both with libxml2's writer.
 */
#ifndef BC_DOCX_XMLW_H
#define BC_DOCX_XMLW_H

#include "util/buf.h"
#include "util/err.h"

typedef struct bc_xw {
    bc_buf out;
    bc_buf names;   /* the names of the open elements, each NUL-terminated */
    size_t *stack;  /* where each open element's name starts in `names` */
    size_t depth, cap;
    int tag_open;   /* a start tag is unfinished: attributes may follow, '>' is not written */
    int fragment;   /* bc_xw_open_fragment() */
    int failed;
    const char *why; /* first failure, static text */
    const char *kind; /* "DOCX", "XMP": how bc_xw_finish() names what failed */
} bc_xw;

/* Starts a document; on failure `failed` is set and bc_xw_finish() reports it. */
void bc_xw_open(bc_xw *x);
/* The same without the XML declaration; `kind` names the output in messages. */
void bc_xw_open_fragment(bc_xw *x, const char *kind);
/* <?target content?> */
void bc_xw_pi(bc_xw *x, const char *target, const char *content);
void bc_xw_start(bc_xw *x, const char *name);
void bc_xw_end(bc_xw *x);
void bc_xw_attr(bc_xw *x, const char *name, const char *value);
void bc_xw_attr_int(bc_xw *x, const char *name, long value);
/* Character data, escaped; refused (x->failed) when not valid UTF-8 or XML-illegal. */
void bc_xw_text(bc_xw *x, const char *s);
void bc_xw_text_n(bc_xw *x, const char *s, size_t n);
/* <name/> */
void bc_xw_empty(bc_xw *x, const char *name);
/* <name w:val="value"/>, the shape of most WordprocessingML properties. */
void bc_xw_val(bc_xw *x, const char *name, const char *value);
void bc_xw_val_int(bc_xw *x, const char *name, long value);
/* Ends the document, appends its bytes to `out` and frees the writer. On any earlier failure
 * returns BC_FAIL with a message naming `part`. Safe to call once after bc_xw_open(). */
bc_status bc_xw_finish(bc_xw *x, const char *part, bc_buf *out, bc_err *err);

#endif
