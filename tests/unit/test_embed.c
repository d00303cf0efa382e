/* test_embed.c — pdf/embed.c gives the same /W, CIDToGIDMap and font program whether a font's
 * glyphs come from glyphid.c's table (a font fonts.c loaded: libharu's own map is then of the
 * space alone) or are read back from libharu's whole map (a font loaded directly, unbound). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "pdf/embed.h"
#include "pdf/fonts.h"
#include "util/paths.h"

static const char TEXT[] = "Báo cáo quý III/2025: 1.234 máy tính, ứng dụng";

/* Everything a stream holds. */
static unsigned char *bytes_of(HPDF_Stream s, HPDF_UINT *n)
{
    *n = HPDF_Stream_Size(s);
    unsigned char *b = malloc(*n + 1);
    assert_non_null(b);
    HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET);
    HPDF_UINT got = *n;
    HPDF_Stream_Read(s, b, &got);
    assert_int_equal(got, *n);
    return b;
}

typedef struct embedded {
    unsigned char *map, *prog;
    HPDF_UINT nmap, nprog, nw;
} embedded;

/* Draws TEXT in `font` on a page of `pdf`, subsets it and keeps what embed.c wrote. */
static embedded draw_and_embed(HPDF_Doc pdf, HPDF_Font font, const char *path)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, 12);
    HPDF_Page_TextOut(page, 50, 700, TEXT);
    HPDF_Page_EndText(page);
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_embed_subset(font, path, &err), BC_OK);
    HPDF_FontAttr fa = font->attr;
    embedded e = {0};
    e.map = bytes_of(fa->map_stream->stream, &e.nmap);
    HPDF_Dict ff = HPDF_Dict_GetItem(fa->fontdef->descriptor, "FontFile2", HPDF_OCLASS_DICT);
    assert_non_null(ff);
    e.prog = bytes_of(ff->stream, &e.nprog);
    HPDF_Array w = HPDF_Dict_GetItem(fa->descendant_font, "W", HPDF_OCLASS_ARRAY);
    assert_non_null(w);
    e.nw = w->list->count;
    return e;
}

static void test_table_and_map_agree(void **state)
{
    (void)state;
    char *fonts = bc_resource_dir("fonts");
    char path[4096];
    snprintf(path, sizeof path, "%s/LiberationSerif-Regular.ttf", fonts);
    /* bound: through fonts.c */
    HPDF_Doc a = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(a);
    HPDF_SetCurrentEncoder(a, "UTF-8");
    bc_fontset fs;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_fontset_load(a, fonts, &fs, &err), BC_OK);
    embedded ea = draw_and_embed(a, fs.font[BC_FACE_REGULAR], path);
    /* unbound: libharu's own loading */
    HPDF_Doc b = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(b);
    HPDF_SetCurrentEncoder(b, "UTF-8");
    const char *name = HPDF_LoadTTFontFromFile(b, path, HPDF_TRUE);
    assert_non_null(name);
    embedded eb = draw_and_embed(b, HPDF_GetFont(b, name, "UTF-8"), path);
    assert_true(ea.nw >= 2);                    /* /W has runs */
    assert_true(ea.nmap > 2 && ea.nmap < 2 * 0x2000); /* up to ư (U+01B0) or so, not the BMP */
    assert_int_equal(ea.nmap, eb.nmap);
    assert_memory_equal(ea.map, eb.map, ea.nmap);
    assert_int_equal(ea.nw, eb.nw);
    assert_int_equal(ea.nprog, eb.nprog);
    assert_memory_equal(ea.prog, eb.prog, ea.nprog);
    free(ea.map);
    free(ea.prog);
    free(eb.map);
    free(eb.prog);
    HPDF_Free(a);
    HPDF_Free(b);
    free(fonts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_table_and_map_agree)};
    return cmocka_run_group_tests_name("embed", tests, NULL, NULL);
}
