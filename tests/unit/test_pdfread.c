/* test_pdfread.c — the PDF reader, the incremental-update writer and the signature field the
 * renderer leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <zlib.h>

#include <openssl/x509_vfy.h>
#include <time.h>

#include "pdf/pdfread.h"
#include "pdf/pdfupdate.h"
#include "sign/verify.h"
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


/* ---- hostile numbers and resource limits ------------------------------------------------ */

/* A one-revision PDF: objects 1..n from `bodies`, /Root 1 0 R, `extra` in the trailer. The
 * offset of its xref table goes to *xref. */
static void mini_pdf(bc_buf *b, const char *const *bodies, size_t n, const char *extra,
                     size_t *xref)
{
    size_t offs[16];
    bc_buf_puts(b, "%PDF-1.7\n");
    for (size_t i = 0; i < n; i++) {
        offs[i] = b->len;
        bc_buf_printf(b, "%zu 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
    *xref = b->len;
    bc_buf_printf(b, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
    for (size_t i = 0; i < n; i++)
        bc_buf_printf(b, "%010zu 00000 n \n", offs[i]);
    bc_buf_printf(b, "trailer\n<< /Size %zu /Root 1 0 R %s>>\nstartxref\n%zu\n%%%%EOF\n", n + 1,
                  extra ? extra : "", *xref);
}

static const char *const base_objs[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [] /Count 0 >>",
};

/* Appends an xref stream (object `num`) whose entries are `raw` (deflated here) under `dict`. */
static void xref_stream_update(bc_buf *b, int num, const char *dict, const void *raw,
                               size_t rawlen, size_t prev)
{
    uLongf zlen = compressBound(rawlen);
    unsigned char *z = malloc(zlen);
    assert_non_null(z);
    assert_int_equal(compress(z, &zlen, raw, rawlen), Z_OK);
    size_t at = b->len;
    bc_buf_printf(b, "%d 0 obj\n<< /Type /XRef /Root 1 0 R /Prev %zu %s /Filter /FlateDecode "
                     "/Length %lu >>\nstream\n", num, prev, dict, (unsigned long)zlen);
    bc_buf_append(b, z, zlen);
    bc_buf_printf(b, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", at);
    free(z);
}

/* Opens `b` and expects `want` with a message containing `msg` (NULL: BC_OK). */
static void expect_open(const bc_buf *b, bc_status want, const char *msg)
{
    bc_pdf doc;
    bc_err err = BC_ERR_INIT;
    bc_status st = bc_pdf_open(&doc, b->data, b->len, "t.pdf", &err);
    if (st != want || (msg && (!err.n || !strstr(err.items[0].msg, msg))))
        fail_msg("got status %d, message '%s'; want %d and '%s'", st,
                 err.n ? err.items[0].msg : "", want, msg ? msg : "");
    bc_pdf_close(&doc);
    bc_err_free(&err);
}

/* 8-byte /W fields: all-ones values once overflowed a signed accumulator (be_field). */
static void test_xref_stream_8byte_fields(void **state)
{
    (void)state;
    struct {
        unsigned char type, f2[8], f3[8];
        const char *msg;
        bc_status st;
    } cases[] = {
        /* an offset past the file: the object is unreadable, the catalog with it */
        {1, {255, 255, 255, 255, 255, 255, 255, 255}, {0}, "không đọc được /Root", BC_BADINPUT},
        {1, {0}, {255, 255, 255, 255, 255, 255, 255, 255},
         "số thế hệ 18446744073709551615 của đối tượng 1 vượt 65535", BC_BADINPUT},
        {2, {255, 255, 255, 255, 255, 255, 255, 255}, {0}, "số ngoài giới hạn", BC_BADINPUT},
        {2, {0, 0, 0, 0, 0, 0, 0, 9}, {127, 255, 255, 255, 255, 255, 255, 255},
         "số ngoài giới hạn", BC_BADINPUT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bc_buf b = BC_BUF_INIT;
        size_t xref;
        mini_pdf(&b, base_objs, 2, NULL, &xref);
        unsigned char raw[17];
        raw[0] = cases[i].type;
        memcpy(raw + 1, cases[i].f2, 8);
        memcpy(raw + 9, cases[i].f3, 8);
        xref_stream_update(&b, 3, "/Size 4 /W [1 8 8] /Index [1 1]", raw, sizeof raw, xref);
        expect_open(&b, cases[i].st, cases[i].msg);
        bc_buf_free(&b);
    }
}

/* An xref stream may inflate to what its entries need, no more; any stream to
 * BC_PDF_MAX_STREAM_BYTES; all of a file's together to BC_PDF_MAX_DECODED_BYTES. */
static void test_inflate_caps(void **state)
{
    (void)state;
    size_t big = BC_PDF_MAX_STREAM_BYTES + 1024;
    char *zeros = calloc(big, 1);
    assert_non_null(zeros);
    bc_buf b = BC_BUF_INIT;
    size_t xref;
    mini_pdf(&b, base_objs, 2, NULL, &xref);
    xref_stream_update(&b, 3, "/Size 4 /W [1 4 2] /Index [1 1]", zeros, 1 << 20, xref);
    clock_t t0 = clock();
    expect_open(&b, BC_BADINPUT, "nhiều hơn 1 mục xref cần: tệp có thể là một «bom nén»");
    assert_true(clock() - t0 < 2 * CLOCKS_PER_SEC); /* stopped early, not after 1 MB */
    bc_buf_free(&b);

    uLongf zlen = compressBound(big);
    unsigned char *z = malloc(zlen);
    assert_non_null(z);
    assert_int_equal(compress(z, &zlen, (const Bytef *)zeros, big), Z_OK);
    bc_buf text = BC_BUF_INIT;
    bc_buf_printf(&text, "<< /Filter /FlateDecode /Length %lu >>\nstream\n", (unsigned long)zlen);
    bc_buf_append(&text, z, zlen);
    bc_buf_puts(&text, "\nendstream");
    bc_pdf doc;
    memset(&doc, 0, sizeof doc);
    bc_pdf_obj *s = bc_pdf_parse_text(&doc, text.data, text.len);
    assert_non_null(s);
    bc_buf out = BC_BUF_INIT;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_pdf_stream_decode(&doc, s, &out, &err), BC_BADINPUT);
    assert_non_null(strstr(err.items[0].msg, "BC_PDF_MAX_STREAM_BYTES"));
    assert_non_null(bc_pdf_limit(&doc));
    bc_err_free(&err);
    /* What is left of the file's budget bounds the next stream. */
    doc.limit[0] = 0;
    doc.decoded_bytes = BC_PDF_MAX_DECODED_BYTES - 4096;
    bc_buf_free(&out);
    assert_int_equal(bc_pdf_stream_decode(&doc, s, &out, &err), BC_BADINPUT);
    assert_non_null(strstr(err.items[0].msg, "BC_PDF_MAX_DECODED_BYTES"));
    bc_err_free(&err);
    bc_buf_free(&out);
    bc_pdf_close(&doc);
    bc_buf_free(&text);
    free(z);
    free(zeros);
}

/* The xref chain: loops, offsets outside the file, non-integer /Prev, absurd /Size, too many
 * revisions, subsections past BC_PDF_MAX_OBJECTS. */
static void test_xref_chain_refused(void **state)
{
    (void)state;
    static const struct {
        const char *trailer_extra; /* of an empty update; NULL: /Prev is its own offset */
        const char *msg;
    } cases[] = {
        {NULL, "bị lặp vòng: vị trí"},
        {"/Prev 999999999", "vị trí này nằm ngoài tệp"},
        {"/Prev 123456789012345678901234567890.5", "không phải một vị trí"},
        {"/Prev -5", "không phải một vị trí"},
        {"", "bị lặp vòng: vị trí"}, /* "": /XRefStm and /Prev both the older table */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bc_buf b = BC_BUF_INIT;
        size_t xref;
        mini_pdf(&b, base_objs, 2, NULL, &xref);
        size_t at = b.len;
        bc_buf_puts(&b, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R ");
        if (cases[i].trailer_extra && !*cases[i].trailer_extra)
            bc_buf_printf(&b, "/XRefStm %zu /Prev %zu", xref, xref);
        else if (cases[i].trailer_extra)
            bc_buf_puts(&b, cases[i].trailer_extra);
        else
            bc_buf_printf(&b, "/Prev %zu", at);
        bc_buf_printf(&b, " >>\nstartxref\n%zu\n%%%%EOF\n", at);
        expect_open(&b, BC_BADINPUT, cases[i].msg);
        bc_buf_free(&b);
    }
    bc_buf b = BC_BUF_INIT;
    size_t xref;
    mini_pdf(&b, base_objs, 2, NULL, &xref);
    size_t upd = b.len;
    bc_buf_printf(&b, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 99999999999 /Root 1 0 R "
                      "/Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", xref, upd);
    expect_open(&b, BC_BADINPUT, "/Size 99999999999 của trailer PDF vượt giới hạn 1000000");
    bc_buf_free(&b);
    mini_pdf(&b, base_objs, 2, NULL, &xref);
    size_t at = b.len;
    bc_buf_printf(&b, "xref\n999999 5\ntrailer\n<< /Size 3 /Root 1 0 R /Prev %zu >>\nstartxref\n"
                      "%zu\n%%%%EOF\n", xref, at);
    expect_open(&b, BC_BADINPUT, "vượt giới hạn 1000000 đối tượng (BC_PDF_MAX_OBJECTS)");
    bc_buf_free(&b);
    /* More revisions than BC_PDF_MAX_SECTIONS, each chained to the one before. */
    mini_pdf(&b, base_objs, 2, NULL, &xref);
    for (int i = 0; i < BC_PDF_MAX_SECTIONS + 1; i++) {
        at = b.len;
        bc_buf_printf(&b, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R "
                          "/Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", xref, at);
        xref = at;
    }
    expect_open(&b, BC_BADINPUT, "BC_PDF_MAX_SECTIONS");
    bc_buf_free(&b);
}

/* 100,000 free entries in one update: lookups and changed_since stay near-linear (they were
 * quadratic: 142 s in issue 9). */
static void test_many_entries_fast(void **state)
{
    (void)state;
    bc_buf b = BC_BUF_INIT;
    size_t xref;
    mini_pdf(&b, base_objs, 2, NULL, &xref);
    size_t end = b.len, at = b.len;
    bc_buf_puts(&b, "xref\n2 100000\n");
    for (int i = 0; i < 100000; i++)
        bc_buf_puts(&b, "0000000000 00001 f \n");
    bc_buf_printf(&b, "trailer\n<< /Size 100002 /Root 1 0 R /Prev %zu >>\nstartxref\n%zu\n"
                      "%%%%EOF\n", xref, at);
    clock_t t0 = clock();
    bc_pdf doc;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_pdf_open(&doc, b.data, b.len, "t.pdf", &err), BC_OK);
    int *nums = NULL;
    size_t n = bc_pdf_changed_since(&doc, end, &nums);
    assert_int_equal(n, 100000);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(nums[i], (int)i + 2);
        assert_int_equal(bc_pdf_entry_at(&doc, nums[i], 0)->type, 'f');
        assert_null(bc_pdf_get(&doc, nums[i]));
    }
    /* In the revision before the update, object 2 was in use. */
    assert_int_equal(bc_pdf_entry_at(&doc, 2, end)->type, 'n');
    assert_non_null(bc_pdf_get_at(&doc, 2, end));
    assert_true(clock() - t0 < 5 * CLOCKS_PER_SEC);
    free(nums);
    /* Each signature judges what follows it: BC_PDF_MAX_CHANGED bounds the sum. */
    assert_null(bc_pdf_limit(&doc));
    for (int i = 1; i < BC_PDF_MAX_CHANGED / 100000; i++) {
        assert_int_equal(bc_pdf_changed_since(&doc, end, &nums), 100000);
        free(nums);
    }
    assert_int_equal(bc_pdf_changed_since(&doc, end, &nums), 0);
    free(nums);
    assert_non_null(strstr(bc_pdf_limit(&doc), "BC_PDF_MAX_CHANGED"));
    bc_pdf_close(&doc);
    bc_err_free(&err);
    bc_buf_free(&b);
}

/* Nesting deeper than BC_PDF_MAX_DEPTH is refused, and the limit named. */
static void test_deep_nesting(void **state)
{
    (void)state;
    char text[2 * (BC_PDF_MAX_DEPTH + 8) + 1];
    bc_pdf doc;
    for (int depth = BC_PDF_MAX_DEPTH; depth <= BC_PDF_MAX_DEPTH + 8; depth += 8) {
        memset(&doc, 0, sizeof doc);
        memset(text, '[', (size_t)depth);
        memset(text + depth, ']', (size_t)depth);
        bc_pdf_obj *o = bc_pdf_parse_text(&doc, text, 2 * (size_t)depth);
        if (depth == BC_PDF_MAX_DEPTH) {
            assert_non_null(o);
            assert_null(bc_pdf_limit(&doc));
        } else {
            assert_null(o);
            assert_non_null(strstr(bc_pdf_limit(&doc), "BC_PDF_MAX_DEPTH"));
        }
        bc_pdf_close(&doc);
    }
}

/* Large dictionaries and long arrays are searched through their index with the semantics of
 * a linear search: the first of two equal keys; items by bc_pdf_equal (3 equals 3.0). */
static void test_indexed_lookups(void **state)
{
    (void)state;
    bc_buf t = BC_BUF_INIT;
    bc_buf_puts(&t, "<<");
    for (int i = 0; i < 100; i++)
        bc_buf_printf(&t, " /k%d %d", i, i);
    bc_buf_puts(&t, " /k5 (second) >>");
    bc_pdf_obj *d = parse(t.data);
    assert_non_null(d);
    assert_non_null(d->dict.order);
    for (int i = 0; i < 100; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        assert_int_equal(bc_pdf_dget_raw(d, k)->i, i);
    }
    assert_null(bc_pdf_dget_raw(d, "k100"));
    assert_null(bc_pdf_dget_raw(d, "a"));
    bc_buf_free(&t);
    bc_buf_puts(&t, "[");
    for (int i = 1; i <= 1000; i++)
        bc_buf_printf(&t, " %d 0 R", i);
    bc_buf_puts(&t, " 3.0 (s) << /A 1 >> ]");
    bc_pdf_obj *a = parse(t.data);
    assert_non_null(a);
    assert_non_null(a->arr.order);
    assert_true(bc_pdf_array_has(a, parse("500 0 R")));
    assert_false(bc_pdf_array_has(a, parse("500 1 R")));
    assert_false(bc_pdf_array_has(a, parse("1001 0 R")));
    assert_true(bc_pdf_array_has(a, parse("3")));
    assert_true(bc_pdf_array_has(a, parse("<< /A 1.0 >>")));
    assert_false(bc_pdf_array_has(a, parse("<< /A 1 /B 2 >>")));
    assert_true(bc_pdf_array_has(a, parse("(s)")));
    bc_buf_free(&t);
    bc_arena_free(&scratch_doc()->arena);
}

/* Objects that need themselves: an object stream listing itself, a /Length that is the stream
 * itself, an object stream's /Length inside it. Each is unreadable or read without the
 * reference; nothing loops. */
static void test_self_references(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Length 3 0 R >>\nstream\nabc\nendstream",
        "<< /Length 4 0 R >>\nstream\nxyz\nendstream",
    };
    bc_buf b = BC_BUF_INIT;
    size_t xref;
    mini_pdf(&b, objs, 4, NULL, &xref);
    /* Object 5 in object stream 5 (itself); 6 in stream 4, whose data is not an object stream. */
    unsigned char raw[] = {2, 0, 0, 0, 5, 0, 0, 2, 0, 0, 0, 4, 0, 0};
    xref_stream_update(&b, 7, "/Size 8 /W [1 4 2] /Index [5 2]", raw, sizeof raw, xref);
    bc_pdf doc;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_pdf_open(&doc, b.data, b.len, "t.pdf", &err), BC_OK);
    bc_pdf_obj *s3 = bc_pdf_get(&doc, 3);
    assert_non_null(s3);
    assert_int_equal(s3->slen, 3); /* found by its "endstream" */
    assert_non_null(bc_pdf_get(&doc, 4));
    assert_null(bc_pdf_get(&doc, 5));
    assert_null(bc_pdf_get(&doc, 6));
    assert_null(bc_pdf_limit(&doc));
    bc_pdf_close(&doc);
    bc_err_free(&err);
    bc_buf_free(&b);
}

/* /ByteRange [0 a 2^62 2^62]: r[2]+r[3] wrapped past the bounds check, then a wild read
 * (segfault). The sum is overflow-checked now and the range refused. */
static void test_byterange_overflow(void **state)
{
    (void)state;
    static const char *const ranges[] = {
        "0 %zu 4611686018427387904 4611686018427387904",
        "0 %zu 9223372036854775807 1",
        "0 %zu -9223372036854775808 5",
        "0 %zu 0 0",
    };
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
        bc_buf b = BC_BUF_INIT, sig = BC_BUF_INIT;
        /* The gap's '<' sits at a known offset: the start of /Contents in object 3. */
        bc_buf_puts(&b, "%PDF-1.7\n");
        size_t o1 = b.len;
        bc_buf_puts(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> "
                        ">>\nendobj\n");
        size_t o2 = b.len;
        bc_buf_puts(&b, "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
        size_t o3 = b.len;
        bc_buf_puts(&b, "3 0 obj\n<< /Type /Sig /SubFilter /ETSI.CAdES.detached /Contents ");
        size_t lt = b.len;
        bc_buf_printf(&sig, ranges[i], lt);
        bc_buf_printf(&b, "<3000> /ByteRange [%s] >>\nendobj\n", sig.data);
        size_t o4 = b.len;
        bc_buf_puts(&b, "4 0 obj\n<< /FT /Sig /T (a) /V 3 0 R >>\nendobj\n");
        size_t x = b.len;
        bc_buf_printf(&b, "xref\n0 5\n0000000000 65535 f \n%010zu 00000 n \n%010zu 00000 n \n"
                          "%010zu 00000 n \n%010zu 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R >>\n"
                          "startxref\n%zu\n%%%%EOF\n", o1, o2, o3, o4, x);
        X509_STORE *trust = X509_STORE_new();
        bc_verify_report rep;
        bc_err err = BC_ERR_INIT;
        assert_int_equal(bc_verify_pdf(b.data, b.len, "t.pdf", trust, &rep, &err), BC_OK);
        assert_int_equal(rep.n, 1);
        assert_false(rep.sigs[0].valid);
        assert_true(rep.sigs[0].n_problems >= 1);
        assert_non_null(strstr(rep.sigs[0].problems[0], "/ByteRange ["));
        assert_non_null(strstr(rep.sigs[0].problems[0], "không hợp lệ với tệp dài"));
        bc_verify_report_free(&rep);
        bc_err_free(&err);
        X509_STORE_free(trust);
        bc_buf_free(&b);
        bc_buf_free(&sig);
    }
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
        cmocka_unit_test(test_xref_stream_8byte_fields),
        cmocka_unit_test(test_inflate_caps),
        cmocka_unit_test(test_xref_chain_refused),
        cmocka_unit_test(test_many_entries_fast),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_indexed_lookups),
        cmocka_unit_test(test_self_references),
        cmocka_unit_test(test_byterange_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
