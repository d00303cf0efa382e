/* fonts.h — the fonts of a PDF: Liberation Serif in four faces, DejaVu Sans as fallback.
 *
 * Liberation Serif has the metrics of Times New Roman (the font Nghị định 30 names) and covers
 * Vietnamese, but not ☐ ☒ and some other symbols; for each character the face asked for is used
 * when it has a glyph, else DejaVu Sans, else the text is refused — a missing glyph is never
 * drawn. Fonts are embedded as subset CID TrueType fonts (pdf/embed.h: only the glyphs and
 * tables used, made by HarfBuzz); libharu's ToUnicode CMap (which uses an operator poppler
 * rejects) is replaced by a correct one so that text extraction is exact.
 */
#ifndef BC_PDF_FONTS_H
#define BC_PDF_FONTS_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef enum {
    BC_FACE_REGULAR,
    BC_FACE_BOLD,
    BC_FACE_ITALIC,
    BC_FACE_BOLD_ITALIC,
    BC_FACE_FALLBACK,
    BC_FACE_COUNT
} bc_face;

typedef struct bc_fontset {
    HPDF_Doc pdf;
    const char *dir;
    HPDF_Font font[BC_FACE_COUNT]; /* NULL until the face is first needed */
    HPDF_FontDef def[BC_FACE_COUNT];
} bc_fontset;

/* Prepares the font set of `pdf` and loads the regular face. The others are loaded when text
 * first needs them: each face costs its load and, at save, its glyph map and subset, so a report
 * without bold italic (most) does not pay for it. */
bc_status bc_fontset_load(HPDF_Doc pdf, const char *dir, bc_fontset *fs, bc_err *err);

/* Loads `face` if it is not loaded yet. */
bc_status bc_fontset_need(bc_fontset *fs, bc_face face, bc_err *err);

/* The face of the four that matches the flags. */
bc_face bc_face_of(int bold, int italic);

/* The face that will draw `cp` when `want` (loaded) is asked for: `want`, the fallback (loaded
 * on demand), or -1 when no font has the character. */
int bc_fontset_pick(bc_fontset *fs, bc_face want, uint32_t cp);

/* Cuts every loaded face down to the glyphs and codes the document drew (pdf/embed.h) and
 * writes its ToUnicode map. Called once all text is drawn, before the document is saved;
 * nothing may be drawn after it, and a document saved without it has no correct ToUnicode. */
bc_status bc_fontset_finish(bc_fontset *fs, bc_err *err);

/* Width in points of `len` bytes of UTF-8 in one (loaded) face. */
double bc_fontset_width(const bc_fontset *fs, bc_face face, const char *s, size_t len,
                        double size_pt);

#endif
