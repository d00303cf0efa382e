/* sigfield.h — an unsigned signature field on a page, named by its role.
 *
 * The renderer leaves one such field in each signature block of a form (and, for attachments, at
 * the top right of page 1); `baocao sign --role ROLE` later fills the field named ROLE with the
 * signature and its visible appearance, so the signer need not know the form's layout.
 */
#ifndef BC_PDF_SIGFIELD_H
#define BC_PDF_SIGFIELD_H

#include <hpdf.h>

#include "util/err.h"

/* Adds a merged signature field and widget `/T (role)` over the rectangle (points) to the page's
 * /Annots and the catalog's /AcroForm /Fields. */
bc_status bc_pdf_add_sig_field(HPDF_Doc pdf, HPDF_Page page, const char *role, double x0,
                               double y0, double x1, double y1, bc_err *err);

#endif
