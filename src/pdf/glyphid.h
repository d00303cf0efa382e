/* glyphid.h — libharu's glyph lookup, replaced (see glyphid.c), and a table per font for it.
 *
 * With the UTF-8 encoder libharu looks up all 65,536 BMP code points of a font each time a
 * document first uses it (HPDF_Type0Font_New), and fonts.c looks up every character it draws.
 * bc_glyphmap_bind gives a loaded font definition a table of its 65,536 answers, made once per
 * process for each distinct cmap (a fingerprint of the cmap arrays, not the file name, says
 * which), so that a batch worker computes each font's map once rather than once per document.
 * Until bound, and for any font definition fonts.c did not bind, the lookup is the binary search.
 */
#ifndef BC_PDF_GLYPHID_H
#define BC_PDF_GLYPHID_H

#include <hpdf.h>

/* Binds `def` (a TrueType font definition just loaded) to its table; 0 when out of memory or
 * past 16 distinct fonts (lookups then stay correct, only slower). A later bind of the same
 * address replaces it; at most 16 are bound at once, the oldest making room. */
int bc_glyphmap_bind(HPDF_FontDef def);

/* Forgets the binding of `def` (before libharu frees it). */
void bc_glyphmap_unbind(HPDF_FontDef def);

/* The 65,536 glyph ids of a bound `def`, or NULL. */
const HPDF_UINT16 *bc_glyphmap_of(HPDF_FontDef def);

/* Until bc_glyphmap_quiet(NULL), lookups of the bound `def` answer 0 for every code but the
 * space. fonts.c sets it around HPDF_GetFont when the font is to be subset (pdf/embed.h): libharu
 * then builds its /W and CIDToGIDMap of the whole BMP over one code instead of thousands — both
 * are replaced before the document is saved, from bc_glyphmap_of. */
void bc_glyphmap_quiet(HPDF_FontDef def);

/* 1 when `def` is the one bc_glyphmap_quiet named (pdf/harufont.c then skips libharu's pass). */
int bc_glyphmap_is_quiet(HPDF_FontDef def);

#endif
