/* test_glyphid.c — our HPDF_TTFontDef_GetGlyphid (pdf/glyphid.c) gives libharu's answer for
 * every BMP code point of every font baocao ships, from its table (a font fonts.c loaded is
 * bound) and from the binary search (once unbound). libharu's own is reached with RTLD_NEXT. */
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

static void test_same_glyphs_as_libharu(void **state)
{
    (void)state;
    lookup_fn original = (lookup_fn)dlsym(RTLD_NEXT, "HPDF_TTFontDef_GetGlyphid");
    assert_non_null(original);
    assert_true(original != HPDF_TTFontDef_GetGlyphid);
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    char *fonts = bc_resource_dir("fonts");
    bc_fontset fs;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_fontset_load(pdf, fonts, &fs, &err), BC_OK);
    for (int face = 0; face < BC_FACE_COUNT; face++)
        assert_int_equal(bc_fontset_need(&fs, (bc_face)face, &err), BC_OK);
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
    free(fonts);
    HPDF_Free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_same_glyphs_as_libharu)};
    return cmocka_run_group_tests_name("glyphid", tests, NULL, NULL);
}
