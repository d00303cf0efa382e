/* fonts.c — see fonts.h. */
#include "pdf/fonts.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/embed.h"
#include "pdf/glyphid.h"
#include "util/text.h"

static const char *const FILES[BC_FACE_COUNT] = {
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf", "DejaVuSans.ttf",
};

/* BAOCAO_FONT_SUBSET=0 leaves libharu's own embedding, for comparing the two (tests/e2e/
 * 24-font-subset.t); anything else, or nothing, subsets. */
static int subsetting(void)
{
    const char *e = getenv("BAOCAO_FONT_SUBSET");
    return !(e && strcmp(e, "0") == 0);
}

static void face_path(const bc_fontset *fs, bc_face face, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", fs->dir, FILES[face]);
}

/* The font name libharu gave each file it loaded, per thread: a document reused for the next
 * report (pdf/harudoc.h) keeps its font definitions, and looking one up by name spares parsing
 * the whole file again to learn that it is loaded already. */
typedef struct loaded {
    char path[4096];
    char name[128];
} loaded;
static _Thread_local loaded known[BC_FACE_COUNT];

static const char *load_face(bc_fontset *fs, bc_face face, const char *path)
{
    loaded *k = &known[face];
    if (strcmp(k->path, path) == 0 && HPDF_Doc_FindFontDef(fs->pdf, k->name))
        return k->name;
    const char *name = HPDF_LoadTTFontFromFile(fs->pdf, path, HPDF_TRUE);
    if (name && strlen(path) < sizeof k->path && strlen(name) < sizeof k->name) {
        strcpy(k->path, path);
        strcpy(k->name, name);
    }
    return name;
}

bc_status bc_fontset_need(bc_fontset *fs, bc_face face, bc_err *err)
{
    if (fs->font[face])
        return BC_OK;
    char path[4096];
    face_path(fs, face, path, sizeof path);
    const char *name = load_face(fs, face, path);
    if (!name)
        return bc_err_add(err, BC_FAIL, path, 0, 0,
                          "không nạp được phông chữ (thư mục phông: BAOCAO_FONTS)");
    /* Before HPDF_GetFont, whose glyph map of the whole BMP is then read from the table, or
     * left out when the font will be subset (glyphid.h, bc_glyphmap_quiet). */
    HPDF_FontDef def = HPDF_GetFontDef(fs->pdf, name);
    if (def && bc_glyphmap_bind(def) && subsetting())
        bc_glyphmap_quiet(def);
    HPDF_Font font = HPDF_GetFont(fs->pdf, name, "UTF-8");
    bc_glyphmap_quiet(NULL);
    if (!font)
        return bc_err_add(err, BC_FAIL, path, 0, 0, "không dùng được phông chữ với UTF-8");
    if (!HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT))
        return bc_err_add(err, BC_FAIL, path, 0, 0, "phông chữ không có bảng ToUnicode");
    fs->font[face] = font;
    fs->def[face] = ((HPDF_FontAttr)font->attr)->fontdef;
    return BC_OK;
}

bc_status bc_fontset_load(HPDF_Doc pdf, const char *dir, bc_fontset *fs, bc_err *err)
{
    memset(fs, 0, sizeof *fs);
    fs->pdf = pdf;
    fs->dir = dir;
    return bc_fontset_need(fs, BC_FACE_REGULAR, err);
}

bc_face bc_face_of(int bold, int italic)
{
    return bold ? (italic ? BC_FACE_BOLD_ITALIC : BC_FACE_BOLD)
                : (italic ? BC_FACE_ITALIC : BC_FACE_REGULAR);
}

int bc_fontset_pick(bc_fontset *fs, bc_face want, uint32_t cp)
{
    if (cp > 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1; /* libharu's UTF-8 encoder writes two-byte codes only */
    if (cp == ' ' || HPDF_TTFontDef_GetGlyphid(fs->def[want], (HPDF_UINT16)cp) != 0)
        return (int)want;
    bc_err ignored = BC_ERR_INIT; /* a fallback that cannot load has no glyph to offer */
    int have = bc_fontset_need(fs, BC_FACE_FALLBACK, &ignored) == BC_OK &&
               HPDF_TTFontDef_GetGlyphid(fs->def[BC_FACE_FALLBACK], (HPDF_UINT16)cp) != 0;
    bc_err_free(&ignored);
    return have ? BC_FACE_FALLBACK : -1;
}

/* The sum of the advances libharu's HPDF_Font_TextWidth gives (the glyph of each code point's
 * UTF-16 value, .notdef's width for none), read from the face's glyph table (glyphid.h) rather
 * than through libharu's encoder one byte at a time; no glyph is marked used here, textrun.c
 * marks those it draws. A face without a table goes to libharu. */
double bc_fontset_width(const bc_fontset *fs, bc_face face, const char *s, size_t len,
                        double size_pt)
{
    if (len == 0)
        return 0;
    HPDF_FontDef def = fs->def[face];
    const HPDF_UINT16 *gid = bc_glyphmap_of(def);
    long w = 0;
    if (gid) {
        for (const char *p = s, *end = s + len; p < end;)
            w += HPDF_TTFontDef_GetGidWidth(def, gid[bc_utf8_next(&p) & 0xFFFF]);
    } else {
        w = (long)HPDF_Font_TextWidth(fs->font[face], (const HPDF_BYTE *)s, (HPDF_UINT)len).width;
    }
    return (double)w * size_pt / 1000.0;
}

static bc_status write_fonts(bc_fontset *fs, bc_err *err)
{
    int sub = subsetting();
    for (int face = 0; face < BC_FACE_COUNT; face++) {
        if (!fs->font[face])
            continue;
        char path[4096];
        face_path(fs, (bc_face)face, path, sizeof path);
        bc_status s = sub ? bc_embed_subset(fs->font[face], path, err)
                          : bc_embed_tounicode(fs->font[face], NULL);
        if (s != BC_OK)
            return sub ? s : bc_err_add(err, s, path, 0, 0, "phông chữ không có bảng ToUnicode");
    }
    return BC_OK;
}

bc_status bc_fontset_finish(bc_fontset *fs, bc_err *err)
{
    bc_status s = write_fonts(fs, err);
    for (int face = 0; face < BC_FACE_COUNT; face++)
        if (fs->def[face])
            bc_glyphmap_unbind(fs->def[face]);
    return s;
}
