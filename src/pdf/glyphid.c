/* glyphid.c — a faster HPDF_TTFontDef_GetGlyphid for libharu 2.3.0.
 *
 * With the UTF-8 encoder, libharu maps every one of the 65,536 BMP code points to a glyph when
 * a font is first used (HPDF_Type0Font_New), and its lookup scans the cmap's segments one by one:
 * about 54 million instructions per font face, a third of the time to render a report, paid for
 * every report of a batch. The segments are sorted by end code (TrueType 'cmap' format 4), so a
 * binary search finds the same segment.
 *
 * libharu calls this function through its PLT, so the definition in our executable takes the
 * place of libharu's own for the whole process. It computes exactly what libharu computes,
 * including its arithmetic on idDelta for indexed segments (tests/unit/test_glyphid.c compares the
 * two over every code point of every font we ship).
 */
#include <hpdf.h>
#include <hpdf_fontdef.h>

#include "pdf/harupin.h"

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
    const HPDF_TTF_CmapRange *cmap = &attr->cmap;
    if (cmap->format == 0)
        return cmap->glyph_id_array[unicode & 0xFF];
    HPDF_UINT seg_count = cmap->seg_count_x2 / 2;
    if (seg_count == 0)
        return 0;
    /* The first segment whose end code is at or above the code point. */
    HPDF_UINT lo = 0, hi = seg_count - 1;
    while (lo < hi) {
        HPDF_UINT mid = (lo + hi) / 2;
        if (cmap->end_count[mid] < unicode)
            lo = mid + 1;
        else
            hi = mid;
    }
    HPDF_UINT i = lo;
    if (cmap->end_count[i] < unicode || cmap->start_count[i] > unicode)
        return 0;
    if (cmap->id_range_offset[i] == 0)
        return (HPDF_UINT16)(unicode + cmap->id_delta[i]);
    HPDF_UINT idx = cmap->id_range_offset[i] / 2 + (unicode - cmap->start_count[i]) -
                    (seg_count - i);
    if (idx >= cmap->glyph_id_array_count)
        return 0;
    return (HPDF_UINT16)(cmap->glyph_id_array[idx] + cmap->id_delta[i]);
}
