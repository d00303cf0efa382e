/* xmlw.h — a thin, sticky-error wrapper over libxml2's xmlTextWriter for the DOCX parts and the
 * PDF's XMP metadata.
 *
 * Every part of the package is one XML document written start to end. Checking the return of
 * each of the hundreds of xmlTextWriter calls would bury the layout code, so the wrapper records
 * the first failure (`failed`, `why`) and turns later calls into no-ops; bc_xw_finish() reports
 * it once, naming the part. Text is checked before it is written: the tree promises valid UTF-8
 * without XML-illegal characters, and a broken promise must become an error here rather than a
 * file Word calls unreadable.
 *
 * Output is compact (no indentation) and starts with the declaration Word writes:
 * <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
 * — except bc_xw_open_fragment()'s, which has no declaration (an XMP packet starts with its own
 * processing instruction, and a declaration may only come first).
 */
#ifndef BC_DOCX_XMLW_H
#define BC_DOCX_XMLW_H

#include <libxml/xmlwriter.h>

#include "util/buf.h"
#include "util/err.h"

typedef struct bc_xw {
    xmlTextWriterPtr w;
    xmlBufferPtr buf;
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
