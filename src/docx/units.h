/* units.h — the DOCX units: twips (1/1440 inch) for lengths, half-points for font sizes.
 * One millimetre is 1440 / 25.4 ≈ 56.7 twips; A4 (210 × 297 mm) is 11906 × 16838 twips, the
 * numbers Word writes. Inline so every module rounds the same way. */
#ifndef BC_DOCX_UNITS_H
#define BC_DOCX_UNITS_H

#include <math.h>

static inline long bc_twips_mm(double mm) { return lround(mm * 1440.0 / 25.4); }
static inline long bc_twips_pt(double pt) { return lround(pt * 20.0); }
static inline long bc_halfpt(double pt) { return lround(pt * 2.0); }

#endif
