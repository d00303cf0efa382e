/* harudoc.h — the libharu document a report is drawn in, one per thread, reused from report to
 * report.
 *
 * HPDF_NewDoc frees every object of the last document but keeps the font definitions it loaded
 * (libharu 2.3.0, hpdf_doc.c: HPDF_FreeDoc only cleans them), so a batch worker parses each
 * TrueType file once instead of once per report (fonts.c looks a loaded font up before reading
 * its file). Errors libharu reports go to the `err` of the current bc_harudoc_open, once. A
 * document whose drawing failed is not reused: bc_harudoc_close(…, failed) frees it whole, so
 * no state of a failed report reaches the next one.
 */
#ifndef BC_PDF_HARUDOC_H
#define BC_PDF_HARUDOC_H

#include <hpdf.h>

#include "util/err.h"

/* A fresh document (compression on, the UTF-8 encoder current), or NULL with `err` set. */
HPDF_Doc bc_harudoc_open(bc_err *err);

/* 1 when libharu reported an error since bc_harudoc_open. */
int bc_harudoc_failed(void);

/* Ends the use of `pdf`; `failed` (or a libharu error) frees it rather than keep it. */
void bc_harudoc_close(HPDF_Doc pdf, int failed);

#endif
