/* appearance.h — the visible signature (Nghị định 30/2020, Phụ lục I), as a form XObject
 * written into an incremental update.
 *
 * Person (nguoi-khai, thu-truong): the blue signature image, transparent background (its alpha
 * is kept as an /SMask), scaled to fit and centred in the signing space. Head of agency with a
 * seal: the red seal image at real size (`seal_size_mm`, 36 mm by default) overlapping about a
 * third of the signature, on its left, drawn over it as a stamp is. The widget rectangle grows
 * to hold the seal, because a viewer scales an appearance to its rectangle and the seal must
 * keep its real size.
 *
 * Organisation on an attachment (to-chuc): no image; the "số và ký hiệu" and the signing time
 * (ISO 8601, +07:00) in Liberation Serif 10 pt, black, upright, right-aligned in the field. The
 * text is laid out by libharu in a scratch PDF (so the font is subset and has a ToUnicode map
 * exactly as in the rendered form) and its page is copied in as the form XObject.
 */
#ifndef BC_SIGN_APPEARANCE_H
#define BC_SIGN_APPEARANCE_H

#include "pdf/pdfupdate.h"
#include "sign/image.h"
#include "util/err.h"

typedef struct bc_appearance {
    const char *role;
    const bc_sign_image *signature; /* person roles */
    const bc_sign_image *seal;      /* thu-truong, optional */
    double seal_size_mm;       /* 0 means 36 */
    const char *number;        /* to-chuc */
    const char *iso_time;      /* to-chuc: "2026-11-22T09:15:04+07:00" */
    const char *fonts_dir;     /* to-chuc: folder with LiberationSerif-Regular.ttf */
    double rect[4];            /* the signing space: x0 y0 x1 y1 */
} bc_appearance;

/* Writes the images, fonts and form XObject; returns the form's object number and the
 * widget rectangle it was drawn for. */
bc_status bc_appearance_write(bc_pdf_update *u, const bc_appearance *a, int *form_num,
                              double rect[4], bc_err *err);

#endif
