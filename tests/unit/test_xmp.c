/* test_xmp.c — the XMP writer (pdf/xmp.c) and reader (pdf/xmpread.c): what is written reads back
 * the same, text XML must escape included; absent and ill-typed values are left out; text that
 * is not valid UTF-8 is refused; the reader refuses a DOCTYPE, oversize packets and non-XML, and
 * cuts long values at a character boundary; the manifest's CSV columns follow archmeta.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "batch/manifest.h"
#include "pdf/xmp.h"
#include "pdf/xmpread.h"

static bc_xmp_info sample(void)
{
    bc_xmp_info x = {"Tiêu đề <A&B>", "Sở \"Tư pháp\" ]]>", "Báo cáo", NULL, "baocao", "baocao",
                     "vi", "2026-09-21T21:13:20+07:00", "2026-09-21T21:13:20+07:00", {0}};
    x.archive[BC_AM_TYPE_NAME] = "Báo cáo";
    x.archive[BC_AM_PAGE_COUNT] = "18";
    x.archive[BC_AM_ISSUED_DATE] = "2026-01-15";
    x.archive[BC_AM_ORDINAL] = "bảy"; /* not an Integer: left out */
    return x;
}

static void test_round_trip(void **state)
{
    (void)state;
    bc_xmp_info x = sample();
    bc_buf b = BC_BUF_INIT;
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_xmp_write(&x, &b, &e), BC_OK);
    assert_non_null(strstr(b.data, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"));
    assert_null(strstr(b.data, "<A&B>"));
    bc_xmp_meta m;
    assert_int_equal(bc_xmp_parse(b.data, b.len, "t", &m, &e), BC_OK);
    assert_string_equal(m.std[BC_XM_TITLE], "Tiêu đề <A&B>");
    assert_string_equal(m.std[BC_XM_CREATOR], "Sở \"Tư pháp\" ]]>");
    assert_string_equal(m.std[BC_XM_PART], "2");
    assert_string_equal(m.std[BC_XM_CONFORMANCE], "B");
    assert_string_equal(m.std[BC_XM_LANGUAGE], "vi");
    assert_string_equal(m.archive[BC_AM_PAGE_COUNT], "18");
    assert_string_equal(m.archive[BC_AM_ISSUED_DATE], "2026-01-15");
    assert_null(m.archive[BC_AM_ORDINAL]);
    assert_null(m.archive[BC_AM_NUMBER]);
    assert_null(m.std[BC_XM_KEYWORDS]);
    bc_buf j = BC_BUF_INIT;
    bc_xmp_meta_json(&j, &m);
    assert_non_null(strstr(j.data, "\"vbdi:pageCount\":\"18\""));
    assert_null(strstr(j.data, "vbdi:ordinal"));
    bc_buf_free(&j);
    bc_xmp_meta_free(&m);
    bc_buf_free(&b);
    bc_err_free(&e);
}

static void test_bad_utf8_refused(void **state)
{
    (void)state;
    bc_xmp_info x = sample();
    x.title = "bad \xC3";
    bc_buf b = BC_BUF_INIT;
    bc_err e = BC_ERR_INIT;
    assert_int_not_equal(bc_xmp_write(&x, &b, &e), BC_OK);
    assert_true(e.n > 0);
    bc_buf_free(&b);
    bc_err_free(&e);
}

static void expect_refused(const char *xml, size_t len, const char *why)
{
    bc_xmp_meta m;
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_xmp_parse(xml, len, "t", &m, &e), BC_BADINPUT);
    assert_true(e.n > 0);
    assert_non_null(strstr(e.items[0].msg, why));
    for (int i = 0; i < BC_XM_COUNT; i++)
        assert_null(m.std[i]);
    bc_err_free(&e);
}

static void test_reader_refuses(void **state)
{
    (void)state;
    const char *dtd = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
    expect_refused(dtd, strlen(dtd), "DOCTYPE");
    expect_refused("<a><b></a>", 10, "XML");
    char *big = malloc(BC_XMP_MAX_BYTES + 2);
    memset(big, ' ', BC_XMP_MAX_BYTES + 1);
    expect_refused(big, BC_XMP_MAX_BYTES + 1, "quá lớn");
    free(big);
}

static void test_long_value_cut_at_character(void **state)
{
    (void)state;
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"" BC_NS_RDF "\">"
                    "<rdf:Description xmlns:dc=\"" BC_NS_DC "\"><dc:title>a");
    for (int i = 0; i < BC_XMP_MAX_VALUE; i++)
        bc_buf_puts(&b, "ệ");
    bc_buf_puts(&b, "</dc:title></rdf:Description></rdf:RDF></x:xmpmeta>");
    bc_xmp_meta m;
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_xmp_parse(b.data, b.len, "t", &m, &e), BC_OK);
    size_t n = strlen(m.std[BC_XM_TITLE]);
    assert_true(n <= BC_XMP_MAX_VALUE && n > BC_XMP_MAX_VALUE - 4);
    assert_int_equal((n - 1) % 3, 0); /* "a", then whole three-byte characters */
    bc_xmp_meta_free(&m);
    bc_buf_free(&b);
    bc_err_free(&e);
}

/* The manifest's CSV header names the Phụ lục VI elements in archmeta.h's order, after "error". */
static void test_manifest_csv_columns(void **state)
{
    (void)state;
    bc_buf want = BC_BUF_INIT;
    bc_buf_puts(&want, ",error");
    for (int i = 0; i < BC_AM_COUNT; i++)
        bc_buf_printf(&want, ",%s:%s", BC_AM_PREFIX, bc_am_props[i].xmp);
    bc_buf_puts(&want, "\r\n");
    const char *tail = strstr(BC_MANIFEST_CSV_HEAD, ",error");
    assert_non_null(tail);
    assert_string_equal(tail, want.data);
    bc_buf_free(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_utf8_refused),
        cmocka_unit_test(test_reader_refuses),
        cmocka_unit_test(test_long_value_cut_at_character),
        cmocka_unit_test(test_manifest_csv_columns),
    };
    return cmocka_run_group_tests_name("xmp", tests, NULL, NULL);
}
