/* pdfa.h — what makes a rendered file PDF/A-2b besides its content: its identity.
 *
 * The renderer draws the pages; this module then, in the same libharu document and before it is
 * saved (one pass, no rewriting of saved bytes):
 * - fills the document information dictionary (Title, Author, Subject, Keywords, Creator,
 *   Producer as UTF-16BE text; CreationDate = ModDate from SOURCE_DATE_EPOCH when set, else the
 *   clock, in Vietnam time);
 * - for PDF/A (the default): sets the header to %PDF-1.7 (libharu writes the binary comment line
 *   after it), puts an uncompressed /Type /Metadata /Subtype /XML stream in the catalog with the
 *   XMP packet of xmp.h carrying exactly the same strings and dates, and the sRGB output intent
 *   of outputintent.h.
 * libharu's own PDF/A mode (HPDF_PDFA_SetPDFAConformance) is not used: it writes its XMP
 * without escaping and an /ID from the current second. The /ID is render.c's digest of the
 * content. `plain` keeps the PDF 1.3 file without XMP or output intent (`--no-pdfa`).
 */
#ifndef BC_PDF_PDFA_H
#define BC_PDF_PDFA_H

#include <hpdf.h>

#include "doc/tree.h"
#include "util/err.h"

typedef struct bc_pdfa_opts {
    int plain;            /* 1: plain PDF, no PDF/A identity */
    const char *icc_path; /* NULL: outputintent.h's default */
    int pages;            /* of the rendered document (Phụ lục VI: số trang) */
} bc_pdfa_opts;

bc_status bc_pdf_identify(HPDF_Doc pdf, const bc_doc *doc, const bc_pdfa_opts *o, bc_err *err);

/* Producer written in /Info and pdf:Producer. */
#define BC_PDF_PRODUCER "baocao (libharu)"

#endif
