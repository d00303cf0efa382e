/* outputintent.h — the PDF/A output intent of a rendered file (ISO 19005-2, 6.2.3).
 *
 * The document draws in DeviceRGB and DeviceGray (text, rules, the blue signature and red seal
 * images and their soft masks); 6.2.4.3 allows device colour only under an output intent whose
 * profile has the same colour model, so the catalog gets one /OutputIntents entry, /S
 * /GTS_PDFA1, with an sRGB ICC profile (/N 3) as its /DestOutputProfile.
 *
 * The profile is Debian's icc-profiles-free sRGB.icc (ICC v2, zlib licence), read at render time
 * from BAOCAO_ICC_PROFILE when set, else /usr/share/color/icc/sRGB.icc. It is checked before use:
 * at most 1 MiB, an ICC header ('acsp'), the size it declares equal to the file's, an RGB
 * colour space, version 2 to 4 — a profile that fails is an error naming the file, never a
 * silently wrong intent.
 */
#ifndef BC_PDF_OUTPUTINTENT_H
#define BC_PDF_OUTPUTINTENT_H

#include <hpdf.h>

#include "util/err.h"

#define BC_SRGB_DEFAULT "/usr/share/color/icc/sRGB.icc"

/* Adds the output intent to `pdf`'s catalog; `icc_path` NULL: the default above. */
bc_status bc_pdf_add_output_intent(HPDF_Doc pdf, const char *icc_path, bc_err *err);

#endif
