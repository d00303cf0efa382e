/* textrun.h — the text of a line written as a typesetter writes it: one text object, the font
 * set only when it changes, and the words of one font and baseline in one TJ array whose
 * numbers are the gaps between them.
 *
 * libharu's HPDF_Page_TextOut writes one `x y Td <…> Tj` per call, and the renderer calls it
 * once per word after setting the font again (`/F1 13 Tf`): two thirds of a page's content
 * stream, and three measurements of every character (the layout's, TextOut's own and the
 * caller's advance). Here each string is measured once, by HPDF_TTFontDef_GetCharWidth, which
 * also marks its glyph (and the parts of a composite glyph) used for the subset (pdf/embed.h);
 * the pen advances by the same integer widths /W gives each code, so every word starts where
 * the layout placed it (Td to 10⁻⁵ pt as libharu writes it, the gaps to 10⁻³ of a thousandth of an em).
 *
 * Strings are UTF-8 that bc_fontset_pick accepted (BMP code points the face has); each code
 * point is written as the 2-byte code libharu's UTF-8 encoder gives it (its UTF-16 value), the
 * code embed.c's CIDToGIDMap and ToUnicode are keyed by.
 * Between bc_textrun_begin and bc_textrun_end nothing else may write text to the page (paths
 * must wait for the end: they cannot stand inside a text object).
 */
#ifndef BC_PDF_TEXTRUN_H
#define BC_PDF_TEXTRUN_H

#include <hpdf.h>
#include <stddef.h>

typedef struct bc_textrun {
    HPDF_Page page;
    HPDF_Font font; /* the font and size set in this text object, NULL before the first */
    HPDF_FontDef def;
    double size;
    double lx, ly;  /* start of the current text line (Td moves it) */
    double pen;     /* x where the open array's text ends */
    int open;       /* a TJ array is open */
    char buf[1024]; /* operators not yet written to the page */
    size_t n;
} bc_textrun;

/* Opens a text object on `page` (BT). */
void bc_textrun_begin(bc_textrun *t, HPDF_Page page);

/* Shows `len` bytes of UTF-8 in `font` (whose definition is `def`) at `size` pt with its
 * baseline starting at (x, y) in page coordinates; returns the string's advance in points. */
double bc_textrun_show(bc_textrun *t, HPDF_Font font, HPDF_FontDef def, double size, double x,
                       double y, const char *s, size_t len);

/* Closes the text object (ET). */
void bc_textrun_end(bc_textrun *t);

#endif
