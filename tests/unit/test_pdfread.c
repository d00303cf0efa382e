/* test_pdfread.c — the PDF reader, the incremental-update writer and the signature field the
 * renderer leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <zlib.h>

#include "pdf/pdfread.h"
#include "pdf/pdfupdate.h"
#include "testpdf.h"
#include "util/paths.h"

static bc_pdf *scratch_doc(void)
{
    static bc_pdf doc; /* only the arena is used by bc_pdf_parse_text */
    return &doc;
}

static bc_pdf_obj *parse(const char *text)
{
    return bc_pdf_parse_text(scratch_doc(), text, strlen(text));
}

static void test_parse_objects(void **state)
{
    (void)state;
    bc_pdf_obj *o = parse("<< /A 1 /B [2 0 R 3.5 -4 (x\\(y\\)\\101) <41 42>] /C#20D /N"
                          " /E << /F true /G null >> >>");
    assert_non_null(o);
    assert_int_equal(o->kind, BC_PDF_DICT);
    assert_int_equal(bc_pdf_dget_raw(o, "A")->i, 1);
    bc_pdf_obj *b = bc_pdf_dget_raw(o, "B");
    assert_int_equal(b->arr.n, 5);
    assert_int_equal(b->arr.items[0]->kind, BC_PDF_REF);
    assert_int_equal(b->arr.items[0]->ref.num, 2);
    assert_true(b->arr.items[1]->r == 3.5);
    assert_int_equal(b->arr.items[2]->i, -4);
    assert_string_equal(b->arr.items[3]->str.s, "x(y)A");
    assert_memory_equal(b->arr.items[4]->str.s, "AB", 2);
    assert_true(bc_pdf_is_name(bc_pdf_dget_raw(o, "C D"), "N"));
    assert_int_equal(bc_pdf_dget_raw(bc_pdf_dget_raw(o, "E"), "F")->b, 1);
    bc_pdf_obj *again = parse("<< /B [2 0 R 3.5 -4 (x\\(y\\)A) <4142>] /A 1 /C#20D /N "
                              "/E << /G null /F true >> >>");
    assert_true(bc_pdf_equal(o, again, NULL));
    bc_buf w = BC_BUF_INIT;
    bc_pdf_write(&w, o);
    assert_true(bc_pdf_equal(o, parse(w.data), NULL));
    bc_buf_free(&w);
    bc_arena_free(&scratch_doc()->arena);
}

static void test_write_text(void **state)
{
    (void)state;
    bc_buf b = BC_BUF_INIT;
    bc_pdf_write_text(&b, "Hà Nội");
    assert_string_equal(b.data, "<FEFF004800E00020004E1ED90069>");
    bc_buf_free(&b);
    bc_pdf_write_text(&b, "plain (x)");
    assert_string_equal(b.data, "(plain \\(x\\))");
    bc_buf_free(&b);
    bc_pdf_write_real(&b, 12.5);
    bc_buf_puts(&b, " ");
    bc_pdf_write_real(&b, 3.0);
    assert_string_equal(b.data, "12.5 3");
    bc_buf_free(&b);
}

static void test_fields_from_renderer(void **state)
{
    (void)state;
    char *fonts = bc_resource_dir("fonts");
    bc_buf pdf = BC_BUF_INIT;
    assert_int_equal(testpdf_make(fonts, 1, &pdf), 0);
    free(fonts);
    bc_pdf doc;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_pdf_open(&doc, pdf.data, pdf.len, "t.pdf", &err), BC_OK);
    bc_pdf_obj *root = bc_pdf_dget(&doc, doc.trailer, "Root");
    /* AcroForm and the page's /Annots are indirect, so a signer rewrites only small objects. */
    assert_int_equal(bc_pdf_dget_raw(root, "AcroForm")->kind, BC_PDF_REF);
    bc_pdf_obj *fields = bc_pdf_dget(&doc, bc_pdf_dget(&doc, root, "AcroForm"), "Fields");
    assert_int_equal(fields->arr.n, 3);
    const char *names[] = {"nguoi-khai", "thu-truong", "to-chuc"};
    for (int i = 0; i < 3; i++) {
        bc_pdf_obj *f = bc_pdf_resolve(&doc, fields->arr.items[i]);
        assert_string_equal(bc_pdf_dget(&doc, f, "T")->str.s, names[i]);
        assert_true(bc_pdf_is_name(bc_pdf_dget(&doc, f, "FT"), "Sig"));
        assert_true(bc_pdf_is_name(bc_pdf_dget(&doc, f, "Subtype"), "Widget"));
        assert_int_equal(bc_pdf_dget(&doc, f, "F")->i, 132);
        bc_pdf_obj *page = bc_pdf_dget(&doc, f, "P");
        assert_int_equal(bc_pdf_dget_raw(page, "Annots")->kind, BC_PDF_REF);
    }
    bc_pdf_close(&doc);
    bc_buf_free(&pdf);
}

/* A page that already has a link (libharu makes /Annots a direct array) still ends up with an
 * indirect /Annots holding both annotations. */
static void test_field_after_link(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(testpdf_on_error, NULL);
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Rect r = {10, 10, 50, 30};
    assert_non_null(HPDF_Page_CreateLinkAnnot(page, r, HPDF_Page_CreateDestination(page)));
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_pdf_add_sig_field(pdf, page, "thu-truong", 100, 100, 200, 150, NULL, 0, &err),
                     BC_OK);
    assert_int_equal(bc_pdf_add_sig_field(pdf, page, "x", 5, 5, 5, 9, NULL, 0, &err), BC_FAIL);
    bc_err_free(&err);
    bc_buf b = BC_BUF_INIT;
    assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
    HPDF_ResetStream(pdf);
    for (HPDF_UINT32 n = 1; n;) {
        HPDF_BYTE chunk[4096];
        n = sizeof chunk;
        HPDF_ReadFromStream(pdf, chunk, &n);
        bc_buf_append(&b, chunk, n);
    }
    HPDF_Free(pdf);
    bc_pdf doc;
    assert_int_equal(bc_pdf_open(&doc, b.data, b.len, "l.pdf", &err), BC_OK);
    bc_pdf_obj *root = bc_pdf_dget(&doc, doc.trailer, "Root");
    bc_pdf_obj *kids = bc_pdf_dget(&doc, bc_pdf_dget(&doc, root, "Pages"), "Kids");
    bc_pdf_obj *pg = bc_pdf_resolve(&doc, kids->arr.items[0]);
    assert_int_equal(bc_pdf_dget_raw(pg, "Annots")->kind, BC_PDF_REF);
    bc_pdf_obj *annots = bc_pdf_dget(&doc, pg, "Annots");
    assert_int_equal(annots->arr.n, 2);
    bc_pdf_obj *link = bc_pdf_resolve(&doc, annots->arr.items[0]);
    assert_true(bc_pdf_is_name(bc_pdf_dget(&doc, link, "Subtype"), "Link"));
    bc_pdf_close(&doc);
    bc_buf_free(&b);
}

/* An update after a table is a table; the new object is found and the old one kept. */
static void test_update_roundtrip(void **state)
{
    (void)state;
    char *fonts = bc_resource_dir("fonts");
    bc_buf pdf = BC_BUF_INIT, out = BC_BUF_INIT;
    assert_int_equal(testpdf_make(fonts, 0, &pdf), 0);
    free(fonts);
    bc_pdf doc, doc2;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_pdf_open(&doc, pdf.data, pdf.len, "t.pdf", &err), BC_OK);
    bc_pdf_update u;
    assert_int_equal(bc_pdf_update_begin(&u, &doc, &out, &err), BC_OK);
    int n = bc_pdf_update_alloc(&u);
    bc_pdf_update_obj_begin(&u, n, 0);
    bc_buf_puts(u.out, "<< /Hello (world) >>");
    bc_pdf_update_obj_end(&u);
    assert_int_equal(bc_pdf_update_stream(&u, bc_pdf_update_alloc(&u), " /X 1", "abc", 3, 1, &err),
                     BC_OK);
    assert_int_equal(bc_pdf_update_finish(&u, &err), BC_OK);
    assert_memory_equal(out.data, pdf.data, pdf.len); /* earlier bytes untouched */
    assert_int_equal(bc_pdf_open(&doc2, out.data, out.len, "u.pdf", &err), BC_OK);
    assert_int_equal(doc2.nsections, 2);
    assert_false(doc2.sections[0].is_stream);
    assert_int_equal(doc2.size, n + 2);
    assert_string_equal(bc_pdf_dget(&doc2, bc_pdf_get(&doc2, n), "Hello")->str.s, "world");
    bc_buf data = BC_BUF_INIT;
    assert_int_equal(bc_pdf_stream_decode(&doc2, bc_pdf_get(&doc2, n + 1), &data, &err), BC_OK);
    assert_string_equal(data.data, "abc");
    assert_null(bc_pdf_get_at(&doc2, n, pdf.len));
    int *nums;
    assert_int_equal(bc_pdf_changed_since(&doc2, pdf.len, &nums), 2);
    free(nums);
    bc_buf_free(&data);
    bc_pdf_update_free(&u);
    bc_pdf_close(&doc2);
    bc_pdf_close(&doc);
    bc_buf_free(&pdf);
    bc_buf_free(&out);
}

static void test_refuses_broken(void **state)
{
    (void)state;
    bc_pdf doc;
    bc_err err = BC_ERR_INIT;
    const char *junk = "%PDF-1.4\n1 0 obj << >> endobj\n";
    assert_int_equal(bc_pdf_open(&doc, junk, strlen(junk), "x.pdf", &err), BC_BADINPUT);
    bc_pdf_close(&doc);
    assert_int_equal(bc_pdf_open(&doc, "hello", 5, "x.txt", &err), BC_BADINPUT);
    bc_pdf_close(&doc);
    bc_err_free(&err);
}

/* /DecodeParms from the file reach the PNG predictor's row arithmetic: /Columns -2 once made a
 * row of size 0 and a modulo by zero (SIGFPE). Out-of-range parameters are an error now. */
static void test_predictor_parms_checked(void **state)
{
    (void)state;
    unsigned char z[64];
    uLongf zlen = sizeof z;
    assert_int_equal(compress(z, &zlen, (const Bytef *)"\x02\x01\x02\x02\x03\x04", 6), Z_OK);
    static const char *const parms[] = {
        "/Predictor 12 /Columns -2", "/Predictor 12 /Columns 0", "/Predictor 12 /Colors 0",
        "/Predictor 12 /Colors 33", "/Predictor 12 /BitsPerComponent 3",
        "/Predictor 12 /Columns 2.5", "/Predictor 12 /Columns 65537", "/Predictor 12 /Columns 99999999999",
        "/Predictor 12 /Colors -1 /BitsPerComponent 8 /Columns 4", "/Predictor 99",
    };
    for (size_t i = 0; i <= sizeof parms / sizeof *parms; i++) {
        bc_buf text = BC_BUF_INIT, out = BC_BUF_INIT;
        bc_buf_printf(&text, "<< /Type /XRef /Filter /FlateDecode /DecodeParms << %s >> /Length "
                             "%lu >>\nstream\n",
                      i < sizeof parms / sizeof *parms ? parms[i] : "/Predictor 12 /Columns 5",
                      (unsigned long)zlen);
        bc_buf_append(&text, (const char *)z, zlen);
        bc_buf_puts(&text, "\nendstream");
        bc_pdf_obj *s = bc_pdf_parse_text(scratch_doc(), text.data, text.len);
        assert_non_null(s);
        assert_int_equal(s->kind, BC_PDF_STREAM);
        bc_err err = BC_ERR_INIT;
        bc_status st = bc_pdf_stream_decode(scratch_doc(), s, &out, &err);
        if (i < sizeof parms / sizeof *parms) {
            assert_int_equal(st, BC_BADINPUT);
            assert_non_null(strstr(err.items[0].msg, "/XRef"));
        } else {
            /* The control: one row of 5 columns, filter Up over a zero row. */
            assert_int_equal(st, BC_OK);
            assert_int_equal(out.len, 5);
        }
        bc_err_free(&err);
        bc_buf_free(&text);
        bc_buf_free(&out);
    }
    bc_arena_free(&scratch_doc()->arena);
}

/* Reals copied from a file are written back as the same number: a second signer rewriting a
 * page (to add its widget to a direct /Annots) must not change its /MediaBox. */
static void test_reals_written_back_exactly(void **state)
{
    (void)state;
    bc_pdf_obj *o = parse("[0 0 595.27557 841.88977 0.1 -0.5 1.0 -0.0 12.345678901]");
    bc_buf w = BC_BUF_INIT;
    bc_pdf_write(&w, o);
    assert_string_equal(w.data, "[0 0 595.27557 841.88977 0.1 -0.5 1 0 12.345678901]");
    assert_true(bc_pdf_equal(o, parse(w.data), NULL));
    bc_buf_free(&w);
    bc_arena_free(&scratch_doc()->arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_objects),
        cmocka_unit_test(test_write_text),
        cmocka_unit_test(test_fields_from_renderer),
        cmocka_unit_test(test_field_after_link),
        cmocka_unit_test(test_update_roundtrip),
        cmocka_unit_test(test_refuses_broken),
        cmocka_unit_test(test_predictor_parms_checked),
        cmocka_unit_test(test_reals_written_back_exactly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
