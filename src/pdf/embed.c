/* embed.c — see embed.h. */
#include "pdf/embed.h"

#include <stdlib.h>
#include <string.h>

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/harupin.h"
#include "pdf/subset.h"

/* The gids libharu's CIDToGIDMap gives codes 0 … n-1 (n ≤ 65,535; libharu writes one entry
 * short of the BMP), read back from its big-endian stream. */
static uint16_t *read_map(HPDF_Dict map, HPDF_UINT *n)
{
    HPDF_UINT32 size = HPDF_Stream_Size(map->stream);
    *n = size / 2;
    uint16_t *gid = malloc((size_t)*n * sizeof *gid + 1);
    uint8_t *raw = malloc((size_t)size + 1);
    HPDF_UINT got = size;
    HPDF_STATUS r = HPDF_STREAM_EOF + 1;
    if (gid && raw && HPDF_Stream_Seek(map->stream, 0, HPDF_SEEK_SET) == HPDF_OK)
        r = HPDF_Stream_Read(map->stream, raw, &got);
    if ((r != HPDF_OK && r != HPDF_STREAM_EOF) || got != size) {
        free(gid);
        free(raw);
        return NULL;
    }
    for (HPDF_UINT c = 0; c < *n; c++)
        gid[c] = (uint16_t)(raw[2 * c] << 8 | raw[2 * c + 1]);
    free(raw);
    return gid;
}

/* The code is drawn: it maps to a glyph and libharu marked that glyph used. */
static int code_used(const uint16_t *gid, HPDF_UINT c, HPDF_TTFontDefAttr ta)
{
    return gid[c] != 0 && gid[c] < ta->num_glyphs && ta->glyph_tbl.flgs[gid[c]];
}

/* CIDToGIDMap over codes 0 … last: subset ids of the codes used, 0 for the rest. */
static HPDF_STATUS write_map(HPDF_Dict map, const uint16_t *gid, HPDF_UINT last,
                             HPDF_TTFontDefAttr ta, const bc_subset *sub)
{
    HPDF_MemStream_FreeData(map->stream);
    uint8_t buf[2 * 1024];
    HPDF_UINT k = 0;
    HPDF_STATUS ret = HPDF_OK;
    for (HPDF_UINT c = 0; c <= last && ret == HPDF_OK; c++) {
        uint16_t g = code_used(gid, c, ta) ? sub->new_gid[gid[c]] : 0;
        buf[k++] = (uint8_t)(g >> 8);
        buf[k++] = (uint8_t)g;
        if (k == sizeof buf || c == last) {
            ret = HPDF_Stream_Write(map->stream, buf, k);
            k = 0;
        }
    }
    return ret;
}

/* /W: each run of consecutive codes used as `first [w1 w2 …]`. */
static HPDF_STATUS write_widths(HPDF_Font cidfont, HPDF_FontDef def, const uint16_t *gid,
                                HPDF_UINT last, HPDF_TTFontDefAttr ta)
{
    HPDF_Array w = HPDF_Array_New(cidfont->mmgr);
    if (!w)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Dict_Add(cidfont, "W", w);
    HPDF_Array run = NULL;
    for (HPDF_UINT c = 0; c <= last && ret == HPDF_OK; c++) {
        if (!code_used(gid, c, ta)) {
            run = NULL;
            continue;
        }
        if (!run) {
            run = HPDF_Array_New(cidfont->mmgr);
            ret = run ? HPDF_Array_AddNumber(w, (HPDF_INT32)c) : HPDF_FAILD_TO_ALLOC_MEM;
            if (ret == HPDF_OK)
                ret = HPDF_Array_Add(w, run);
        }
        if (ret == HPDF_OK)
            ret = HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def, gid[c]));
    }
    return ret;
}

/* The font descriptor libharu would write (hpdf_font_cid.c, CIDFontType2_BeforeWrite_Func),
 * with the subset as FontFile2. */
static HPDF_STATUS write_descriptor(HPDF_Font font, HPDF_FontAttr fa, const bc_subset *sub)
{
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr ta = def->attr;
    HPDF_Dict d = HPDF_Dict_New(font->mmgr);
    HPDF_Dict ff = d ? HPDF_DictStream_New(font->mmgr, fa->xref) : NULL;
    if (!ff)
        return HPDF_FAILD_TO_ALLOC_MEM;
    ff->filter = font->filter;
    HPDF_STATUS ret = HPDF_Stream_Write(ff->stream, sub->data, (HPDF_UINT)sub->len);
    ret += HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)sub->len);
    ret += HPDF_Xref_Add(fa->xref, d);
    ret += HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    ret += HPDF_Dict_AddNumber(d, "Ascent", def->ascent);
    ret += HPDF_Dict_AddNumber(d, "Descent", def->descent);
    ret += HPDF_Dict_AddNumber(d, "Flags", (HPDF_INT32)def->flags);
    ret += HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(font->mmgr, def->font_bbox));
    ret += HPDF_Dict_AddName(d, "FontName", ta->base_font);
    ret += HPDF_Dict_AddNumber(d, "ItalicAngle", def->italic_angle);
    ret += HPDF_Dict_AddNumber(d, "StemV", def->stemv);
    ret += HPDF_Dict_AddNumber(d, "XHeight", def->x_height);
    ret += HPDF_Dict_Add(d, "FontFile2", ff);
    if (ret != HPDF_OK)
        return HPDF_FAILD_TO_ALLOC_MEM;
    def->descriptor = d;
    return HPDF_OK;
}

static HPDF_STATUS rewrite(HPDF_Font font, HPDF_FontAttr fa, const uint16_t *gid, HPDF_UINT n,
                           const bc_subset *sub)
{
    HPDF_TTFontDefAttr ta = fa->fontdef->attr;
    HPDF_UINT last = 0;
    for (HPDF_UINT c = 0; c < n; c++)
        if (code_used(gid, c, ta))
            last = c;
    HPDF_STATUS ret = write_map(fa->map_stream, gid, last, ta, sub);
    if (ret == HPDF_OK)
        ret = write_widths(fa->descendant_font, fa->fontdef, gid, last, ta);
    if (ret == HPDF_OK)
        ret = write_descriptor(font, fa, sub);
    return ret;
}

bc_status bc_embed_subset(HPDF_Font font, const char *path, bc_err *err)
{
    HPDF_FontAttr fa = font->attr;
    HPDF_TTFontDefAttr ta = fa->fontdef->attr;
    if (fa->type != HPDF_FONT_TYPE0_TT || !ta->embedding || !fa->map_stream ||
        !fa->descendant_font || fa->fontdef->descriptor)
        return bc_err_add(err, BC_FAIL, path, 0, 0, "phông chữ không phải phông CID nhúng");
    HPDF_UINT n;
    uint16_t *gid = read_map(fa->map_stream, &n);
    if (!gid)
        return bc_err_oom(err, path);
    bc_subset sub;
    bc_status s = bc_subset_make(path, ta->glyph_tbl.flgs, ta->num_glyphs, &sub, err);
    if (s == BC_OK && rewrite(font, fa, gid, n, &sub) != HPDF_OK)
        s = bc_err_add(err, BC_FAIL, path, 0, 0, "libharu không ghi được phông chữ con");
    bc_subset_free(&sub);
    free(gid);
    return s;
}
