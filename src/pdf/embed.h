/* embed.h — a CID TrueType font of a libharu document cut down to what the document uses.
 *
 * libharu 2.3.0 embeds each font it was given with every table but glyf copied whole (the
 * `post` table of Liberation Serif alone is 142 KB), a CIDToGIDMap over the whole BMP (128 KB)
 * and /W over every code the font maps. bc_embed_subset, called once all text of the document is
 * drawn and before it is saved, replaces all three:
 *   - the font program is HarfBuzz's subset (pdf/subset.h) of the glyphs libharu marked used
 *     while measuring the text it drew (every shown string is measured first, and the marks
 *     cover the parts of composite glyphs);
 *   - the codes used are those whose glyph is marked; CIDToGIDMap runs from 0 to the highest of
 *     them, mapping each to its glyph's id in the subset and every other code to 0 (.notdef);
 *   - /W gives every code used its advance width, as libharu computed it for the layout, which
 *     is the font program's own (hmtx advance × 1000 / unitsPerEm), so /W and the embedded
 *     program agree as PDF/A asks.
 * How it gets into libharu's output: libharu writes the font descriptor and FontFile2 when the
 * document is saved, unless the font definition has a descriptor already. This module makes
 * that descriptor (the same entries as libharu's, and FontFile2 with the subset), so libharu's
 * own copy of the font (SaveFontData) is never run, and rewrites the map stream and /W in place.
 *   - the subset's name is tagged from its bytes (ABCDEF+LiberationSerif), so different subsets
 *     of one font in one file have different names;
 *   - ToUnicode maps exactly the codes used (libharu's own uses an operator poppler rejects).
 * The glyph of each code comes from glyphid.c's table of the font, so libharu need not build a
 * map and /W of the whole BMP at all (glyphid.h, bc_glyphmap_quiet).
 * No /CIDSet is written: PDF/A-2 does not require one, and every code not used maps to .notdef.
 */
#ifndef BC_PDF_EMBED_H
#define BC_PDF_EMBED_H

#include <hpdf.h>
#include <stdint.h>

#include "util/err.h"

/* `font` is a Type0 font libharu made from the TrueType file `path` with embedding on. */
bc_status bc_embed_subset(HPDF_Font font, const char *path, bc_err *err);

/* Writes the font's ToUnicode map: the identity on the codes whose `used` entry (65,536) is
 * non-zero, or on the whole BMP but the surrogates when `used` is NULL. BC_FAIL when the font
 * has no ToUnicode stream. */
bc_status bc_embed_tounicode(HPDF_Font font, const uint8_t *used);

#endif
