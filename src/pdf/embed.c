/* embed.c — see embed.h. */
#include "pdf/embed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/glyphid.h"
#include "pdf/harudeflate.h"
#include "pdf/harupin.h"
#include "pdf/subset.h"

/* The gids libharu's CIDToGIDMap gives codes 0 … n-1 (n ≤ 65,535; libharu writes one entry
 * short of the BMP), read back from its big-endian stream: for a font glyphid.c has no table of. */
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

/* ToUnicode: with the UTF-8 encoder libharu writes each character as its UTF-16 code (BMP
 * only), so the map is the identity on the codes there are. A bfrange may only vary its last
 * byte, hence ranges cut at each high byte, at most 100 per block (PDF 1.7, 9.10.3). */
static void put_ranges(HPDF_Stream s, const unsigned (*r)[2], int n)
{
    char line[64];
    snprintf(line, sizeof line, "%d beginbfrange\n", n);
    HPDF_Stream_WriteStr(s, line);
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", r[i][0], r[i][1], r[i][0]);
        HPDF_Stream_WriteStr(s, line);
    }
    HPDF_Stream_WriteStr(s, "endbfrange\n");
}

static int has_code(const uint8_t *used, unsigned c)
{
    return used ? used[c] : (c < 0xD800 || c > 0xDFFF);
}

bc_status bc_embed_tounicode(HPDF_Font font, const uint8_t *used)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream)
        return BC_FAIL;
    HPDF_Stream s = tu->stream;
    HPDF_MemStream_FreeData(s);
    HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> "
                            "def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    unsigned r[100][2];
    int n = 0;
    for (unsigned c = 0; c <= 0xFFFF; c++) {
        if (!has_code(used, c))
            continue;
        if (n > 0 && r[n - 1][1] + 1 == c && (c & 0xFF) != 0) {
            r[n - 1][1] = c;
            continue;
        }
        if (n == 100) {
            put_ranges(s, (const unsigned (*)[2])r, n);
            n = 0;
        }
        r[n][0] = r[n][1] = c;
        n++;
    }
    if (n > 0)
        put_ranges(s, (const unsigned (*)[2])r, n);
    HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return BC_OK;
}

/* The code is drawn: it maps to a glyph and libharu marked that glyph used. */
static int code_used(const uint16_t *gid, HPDF_UINT c, HPDF_TTFontDefAttr ta)
{
    return gid[c] != 0 && gid[c] < ta->num_glyphs && ta->glyph_tbl.flgs[gid[c]];
}

/* CIDToGIDMap over codes 0 … last: subset ids of the codes used, 0 for the rest. */
static HPDF_STATUS write_map(HPDF_Dict map, const uint16_t *gid, const uint8_t *used,
                             HPDF_UINT last, const bc_subset *sub)
{
    HPDF_MemStream_FreeData(map->stream);
    uint8_t buf[2 * 1024];
    HPDF_UINT k = 0;
    HPDF_STATUS ret = HPDF_OK;
    for (HPDF_UINT c = 0; c <= last && ret == HPDF_OK; c++) {
        uint16_t g = used[c] ? sub->new_gid[gid[c]] : 0;
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
                                const uint8_t *used, HPDF_UINT last)
{
    HPDF_Array w = HPDF_Array_New(cidfont->mmgr);
    if (!w)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS ret = HPDF_Dict_Add(cidfont, "W", w);
    HPDF_Array run = NULL;
    for (HPDF_UINT c = 0; c <= last && ret == HPDF_OK; c++) {
        if (!used[c]) {
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

/* A subset's tag (the six letters before '+' of its name) from its bytes: libharu tags fonts in
 * the order a document loads them, so two different subsets of one font in one file (a report
 * and the text of its signature) would share a name, and a viewer may take one for the other. */
static void retag(HPDF_TTFontDefAttr ta, const bc_subset *sub)
{
    if (strlen(ta->base_font) < 7 || ta->base_font[6] != '+')
        return;
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < sub->len; i++)
        h = (h ^ sub->data[i]) * 1099511628211u;
    for (int i = 0; i < 6; i++, h /= 26)
        ta->base_font[i] = (char)('A' + h % 26);
}

/* The font descriptor libharu would write (hpdf_font_cid.c, CIDFontType2_BeforeWrite_Func),
 * with the subset as FontFile2. */
static HPDF_STATUS write_descriptor(HPDF_Font font, HPDF_FontAttr fa, const bc_subset *sub)
{
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr ta = def->attr;
    retag(ta, sub);
    HPDF_Dict d = HPDF_Dict_New(font->mmgr);
    HPDF_Dict ff = d ? HPDF_DictStream_New(font->mmgr, fa->xref) : NULL;
    if (!ff)
        return HPDF_FAILD_TO_ALLOC_MEM;
    /* Deflated once for the batch (subset.h), when the document compresses its streams. */
    ff->filter = font->filter;
    int z = (ff->filter & HPDF_STREAM_FILTER_FLATE_DECODE) != 0;
    HPDF_STATUS ret = HPDF_Stream_Write(ff->stream, z ? sub->zdata : sub->data,
                                        (HPDF_UINT)(z ? sub->zlen : sub->len));
    if (ret == HPDF_OK && z && !bc_deflate_mark_done(ff->stream))
        ret = HPDF_FAILD_TO_ALLOC_MEM;
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
                           const bc_subset *sub, uint8_t *used)
{
    HPDF_TTFontDefAttr ta = fa->fontdef->attr;
    HPDF_UINT last = 0;
    for (HPDF_UINT c = 0; c < n; c++)
        if ((used[c] = (uint8_t)code_used(gid, c, ta)))
            last = c;
    HPDF_STATUS ret = write_map(fa->map_stream, gid, used, last, sub);
    if (ret == HPDF_OK)
        ret = write_widths(fa->descendant_font, fa->fontdef, gid, used, last);
    if (ret == HPDF_OK)
        ret = write_descriptor(font, fa, sub);
    if (ret == HPDF_OK && bc_embed_tounicode(font, used) != BC_OK)
        ret = HPDF_INVALID_OBJECT;
    return ret;
}

bc_status bc_embed_subset(HPDF_Font font, const char *path, bc_err *err)
{
    HPDF_FontAttr fa = font->attr;
    HPDF_TTFontDefAttr ta = fa->fontdef->attr;
    if (fa->type != HPDF_FONT_TYPE0_TT || !ta->embedding || !fa->map_stream ||
        !fa->descendant_font || fa->fontdef->descriptor)
        return bc_err_add(err, BC_FAIL, path, 0, 0, "phông chữ không phải phông CID nhúng");
    /* The glyph of each code: from the table of the bound font (libharu's own map is then of
     * the space alone, glyphid.h), else read back from libharu's map. */
    HPDF_UINT n = 65536;
    const HPDF_UINT16 *table = bc_glyphmap_of(fa->fontdef);
    uint16_t *gid = table ? malloc(n * sizeof *gid) : read_map(fa->map_stream, &n);
    if (!gid)
        return bc_err_oom(err, path);
    if (table)
        memcpy(gid, table, n * sizeof *gid);
    uint8_t *used = calloc(65536, 1);
    if (!used) {
        free(gid);
        return bc_err_oom(err, path);
    }
    bc_subset sub;
    bc_status s = bc_subset_make(path, ta->glyph_tbl.flgs, ta->num_glyphs, &sub, err);
    if (s == BC_OK && rewrite(font, fa, gid, n, &sub, used) != HPDF_OK)
        s = bc_err_add(err, BC_FAIL, path, 0, 0, "libharu không ghi được phông chữ con");
    bc_subset_free(&sub);
    free(used);
    free(gid);
    return s;
}
