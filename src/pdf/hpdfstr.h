/* hpdfstr.h — a Vietnamese text string for a PDF object built with libharu.
 *
 * Outside PDFDocEncoding a PDF text string must be UTF-16BE with a byte order mark; libharu
 * would write UTF-8 bytes as they are, which every reader then shows as mojibake. */
#ifndef BC_PDF_HPDFSTR_H
#define BC_PDF_HPDFSTR_H

#include <hpdf.h>
#include <hpdf_objects.h>

/* `utf8` as a UTF-16BE binary string object (NULL when out of memory). */
HPDF_Binary bc_hpdf_text(HPDF_Doc pdf, const char *utf8);

#endif
