/* test_glyphid.c — our HPDF_TTFontDef_GetGlyphid (pdf/glyphid.c) gives libharu's answer for
 * every BMP code point of every font baocao ships, from its table (a font fonts.c loaded is
 * bound) and from the binary search (once unbound); our HPDF_TTFontDef_GetGidWidth gives
 * libharu's width for every glyph id. libharu's own are reached with RTLD_NEXT. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <stdlib.h>

#include "pdf/fonts.h"
#include "pdf/glyphid.h"
#include "util/paths.h"

typedef HPDF_UINT16 (*lookup_fn)(HPDF_FontDef, HPDF_UINT16);

/* A document with every face of the font set loaded (and bound, fonts.c). */
static HPDF_Doc all_faces(bc_fontset *fs)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    char *fonts = bc_resource_dir("fonts");
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_fontset_load(pdf, fonts, fs, &err), BC_OK);
    for (int face = 0; face < BC_FACE_COUNT; face++)
        assert_int_equal(bc_fontset_need(fs, (bc_face)face, &err), BC_OK);
    fs->dir = NULL; /* freed here; nothing loads after this */
    free(fonts);
    return pdf;
}

static void test_same_glyphs_as_libharu(void **state)
{
    (void)state;
    lookup_fn original = (lookup_fn)dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGlyphid");
    assert_non_null(original);
    assert_true(original != HPDF_TTFontDef_GetGlyphid);
    bc_fontset fs;
    HPDF_Doc pdf = all_faces(&fs);
    long mapped = 0;
    for (int bound = 1; bound >= 0; bound--)
        for (int face = 0; face < BC_FACE_COUNT; face++) {
            if (!bound)
                bc_glyphmap_unbind(fs.def[face]);
            for (unsigned cp = 0; cp <= 0xFFFF; cp++) {
                HPDF_UINT16 ours = HPDF_TTFontDef_GetGlyphid(fs.def[face], (HPDF_UINT16)cp);
                assert_int_equal(ours, original(fs.def[face], (HPDF_UINT16)cp));
                mapped += ours != 0;
            }
        }
    assert_true(mapped > 10000); /* the fonts do map something: the comparison is not vacuous */
    HPDF_Free(pdf);
}

typedef HPDF_INT16 (*width_fn)(HPDF_FontDef, HPDF_UINT16);

/* Every glyph id of every face, and ids past the last glyph, get libharu's width. */
static void test_same_widths_as_libharu(void **state)
{
    (void)state;
    width_fn original = (width_fn)dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGidWidth");
    assert_non_null(original);
    assert_true(original != HPDF_TTFontDef_GetGidWidth);
    bc_fontset fs;
    HPDF_Doc pdf = all_faces(&fs);
    long differ_from_notdef = 0;
    for (int face = 0; face < BC_FACE_COUNT; face++) {
        for (unsigned gid = 0; gid <= 0xFFFF; gid++) {
            HPDF_INT16 ours = HPDF_TTFontDef_GetGidWidth(fs.def[face], (HPDF_UINT16)gid);
            assert_int_equal(ours, original(fs.def[face], (HPDF_UINT16)gid));
            differ_from_notdef += ours != fs.def[face]->missing_width;
        }
    }
    assert_true(differ_from_notdef > 1000); /* real widths were compared, not only .notdef's */
    HPDF_Free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_same_glyphs_as_libharu),
                                       cmocka_unit_test(test_same_widths_as_libharu)};
    return cmocka_run_group_tests_name("glyphid", tests, NULL, NULL);
}
