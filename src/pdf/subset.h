/* subset.h — TrueType font subsets made by HarfBuzz's subsetter (hb-subset).
 *
 * A subset holds only the glyphs asked for (and the glyphs those are built from: HarfBuzz closes
 * the set over composite glyphs) and only the tables a CIDFontType2 font program needs in a PDF
 * (PDF 1.7, 9.9: glyf, loca, head, hhea, hmtx, maxp), without hinting: no cvt, fpgm, prep and
 * no glyph instructions, which were most of the bytes and which poppler does not run (subset.c).
 * Glyphs are renumbered densely from 0 (.notdef); the map
 * from the font's glyph ids to the subset's is returned, for the CIDToGIDMap.
 *
 * Each font file is opened and parsed once per process and kept until the process ends — a batch worker pays for it once, not once per document. At
 * most BC_SUBSET_FACES files are kept (the five faces of fonts.h); more is refused. The last
 * four subsets of each face are kept too, and one asked for again (the same glyphs: the
 * documents of a batch mostly draw the same ones) is shared rather than made again.
 */
#ifndef BC_PDF_SUBSET_H
#define BC_PDF_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define BC_SUBSET_FACES 8

typedef struct bc_subset {
    const uint8_t *data; /* the subset font program (an sfnt) */
    size_t len;
    const uint8_t *zdata; /* the same, deflated (zlib, level 9: made once, kept with it) */
    size_t zlen;
    uint16_t *new_gid;   /* font glyph id → subset glyph id; 0 = not in the subset */
    unsigned nglyphs;    /* entries of new_gid: the font's glyph count */
    void *blob_, *zblob_; /* what `data`, `zdata` point into */
} bc_subset;

/* The subset of the font file `path` with the glyphs whose `used` entry is non-zero (`nglyphs`
 * entries, glyph 0 always kept). `nglyphs` must be the font's own glyph count. */
bc_status bc_subset_make(const char *path, const uint8_t *used, unsigned nglyphs, bc_subset *out,
                         bc_err *err);

void bc_subset_free(bc_subset *s);

#endif
