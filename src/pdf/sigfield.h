/* sigfield.h — an empty signature field in a PDF being rendered with libharu.
 *
 * The renderer leaves one unsigned field per signature column, named by its role
 * ("nguoi-khai", "thu-truong", "to-chuc"); `baocao sign` later finds the field by that name and
 * fills it in an incremental update, so the signed bytes of earlier signers are never touched.
 *
 * The field and its widget are one merged dictionary
 *   << /FT /Sig /T (role) /Type /Annot /Subtype /Widget /F 132 /Rect [x0 y0 x1 y1] /P page >>
 * (F 132 = Print + Locked). It goes into the page's /Annots, which is made an indirect array, and
 * into /AcroForm /Fields of the catalog (AcroForm indirect), so that a signer only has to
 * rewrite small objects. Coordinates are PDF points in the page's user space; (x0,y0)-(x1,y1) is
 * the signing space between the "(Ký tên, đóng dấu)" line and the name line.
 *
 * What the form printed for this signer is kept in the field, so that `sign` can check the
 * certificate against it: << /BaocaoBlock << /Signer (the printed name, UTF-16BE) /Undated true
 * >> >>, each only when there is something to say (no name printed, the date filled in).
 */
#ifndef BC_PDF_SIGFIELD_H
#define BC_PDF_SIGFIELD_H

#include <hpdf.h>

#include "util/err.h"

/* `signer` (the printed name, may be NULL) and `undated` (the date line has a blank) go into
 * /BaocaoBlock. */
bc_status bc_pdf_add_sig_field(HPDF_Doc pdf, HPDF_Page page, const char *role, double x0,
                               double y0, double x1, double y1, const char *signer, int undated,
                               bc_err *err);

#endif
