/* glyphid.c — a faster HPDF_TTFontDef_GetGlyphid and HPDF_TTFontDef_GetGidWidth for libharu
 * 2.3.0 (see glyphid.h).
 *
 * libharu's own lookup scans the cmap's segments one by one: about 54 million instructions per
 * font face and document. The segments are sorted by end code (TrueType 'cmap' format 4), so a
 * binary search finds the same segment; a bound font reads its answer from a table.
 *
 * libharu calls these functions through its PLT, so the definitions in our executable take the
 * place of libharu's own for the whole process (the Makefile's HARU_OVERRIDES). They compute
 * exactly what libharu computes, including its arithmetic on idDelta for indexed segments
 * (tests/unit/test_glyphid.c compares each with libharu's over every code point and every glyph
 * of every font we ship, bound and unbound).
 */
#include "pdf/glyphid.h"

#include <stdint.h>
#include <stdlib.h>

#include <hpdf_fontdef.h>

#include "pdf/harupin.h"

static HPDF_UINT16 search(const HPDF_TTF_CmapRange *cmap, HPDF_UINT16 unicode)
{
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

/* ---- tables, one per distinct cmap, for the life of the process ---- */

#define MAX_TABLES 16 /* distinct fonts; fonts.h has five */
#define MAX_BOUND 16  /* font definitions alive at once (a document and its appearance) */

typedef struct table {
    uint64_t print;
    HPDF_UINT16 gid[65536];
} table;

static table *tables[MAX_TABLES];
static int ntables;

/* A binding: the definition, the cmap array it had when bound (a definition freed and another
 * made at the same address has other arrays), its table. */
typedef struct binding {
    HPDF_FontDef def;
    const HPDF_UINT16 *end_count;
    const table *t;
} binding;

static _Thread_local binding bound[MAX_BOUND];

static uint64_t fnv(uint64_t h, const HPDF_UINT16 *a, HPDF_UINT n)
{
    for (HPDF_UINT i = 0; a && i < n; i++)
        h = (h ^ a[i]) * 1099511628211u;
    return h;
}

static uint64_t fingerprint(const HPDF_TTF_CmapRange *c)
{
    HPDF_UINT seg = c->seg_count_x2 / 2;
    uint64_t h = 14695981039346656037u;
    HPDF_UINT16 head[3] = {c->format, c->seg_count_x2, (HPDF_UINT16)c->glyph_id_array_count};
    h = fnv(h, head, 3);
    h = fnv(h, c->end_count, seg);
    h = fnv(h, c->start_count, seg);
    h = fnv(h, (const HPDF_UINT16 *)c->id_delta, seg);
    h = fnv(h, c->id_range_offset, seg);
    return fnv(h, c->glyph_id_array, c->format == 0 ? 256 : c->glyph_id_array_count);
}

static const table *table_for(const HPDF_TTF_CmapRange *cmap)
{
    uint64_t print = fingerprint(cmap);
    for (int i = 0; i < ntables; i++)
        if (tables[i]->print == print)
            return tables[i];
    if (ntables == MAX_TABLES)
        return NULL;
    table *t = malloc(sizeof *t);
    if (!t)
        return NULL;
    t->print = print;
    for (unsigned u = 0; u <= 0xFFFF; u++)
        t->gid[u] = search(cmap, (HPDF_UINT16)u);
    tables[ntables++] = t;
    return t;
}

int bc_glyphmap_bind(HPDF_FontDef def)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    bc_glyphmap_unbind(def);
    const table *t = table_for(&attr->cmap);
    if (!t)
        return 0;
    for (int i = 0; i < MAX_BOUND; i++)
        if (!bound[i].def) {
            bound[i] = (binding){def, attr->cmap.end_count, t};
            return 1;
        }
    /* All taken: bindings left by documents that failed before fonts.c unbound them. The
     * oldest goes (a lookup of a definition no longer bound is the search, still correct). */
    static _Thread_local int evict;
    bound[evict] = (binding){def, attr->cmap.end_count, t};
    evict = (evict + 1) % MAX_BOUND;
    return 1;
}

void bc_glyphmap_unbind(HPDF_FontDef def)
{
    for (int i = 0; i < MAX_BOUND; i++)
        if (bound[i].def == def)
            bound[i] = (binding){0};
}

static const binding *binding_of(HPDF_FontDef def)
{
    static _Thread_local int last; /* calls come in long runs for one font */
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)def->attr;
    if (bound[last].def == def && bound[last].end_count == attr->cmap.end_count)
        return &bound[last];
    for (int i = 0; i < MAX_BOUND; i++)
        if (bound[i].def == def && bound[i].end_count == attr->cmap.end_count) {
            last = i;
            return &bound[i];
        }
    return NULL;
}

const HPDF_UINT16 *bc_glyphmap_of(HPDF_FontDef def)
{
    const binding *b = binding_of(def);
    return b ? b->t->gid : NULL;
}

static _Thread_local HPDF_FontDef quiet;

void bc_glyphmap_quiet(HPDF_FontDef def)
{
    quiet = def;
}

int bc_glyphmap_is_quiet(HPDF_FontDef def)
{
    return def && def == quiet;
}

HPDF_UINT16 HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
    if (fontdef == quiet && unicode != ' ')
        return 0; /* bound, or bc_glyphmap_quiet would not have been asked (fonts.c) */
    const binding *b = binding_of(fontdef);
    if (!b)
        return search(&((HPDF_TTFontDefAttr)fontdef->attr)->cmap, unicode);
    return b->t->gid[unicode];
}

/* libharu's HPDF_Type0Font_New asks the width of each of the 65,536 codes' glyphs, one integer
 * division each, about a quarter of a document's font set-up; all but a few are .notdef, whose
 * width libharu stored at load as the font's missing width (the same expression on glyph 0). */
HPDF_INT16 HPDF_TTFontDef_GetGidWidth(HPDF_FontDef fontdef, HPDF_UINT16 gid)
{
    HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
    if (gid == 0 || gid >= attr->num_glyphs)
        return fontdef->missing_width;
    return (HPDF_INT16)(HPDF_UINT16)((HPDF_UINT)attr->h_metric[gid].advance_width * 1000 /
                                     attr->header.units_per_em);
}
