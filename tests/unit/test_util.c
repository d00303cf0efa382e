/* test_util.c — text (UTF-8, NFC, labels, Vietnamese numbers), errors, atomic writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/strmap.h"
#include "util/text.h"

static void test_utf8_checks(void **state)
{
    (void)state;
    size_t off = 99;
    assert_int_equal(bc_text_check_utf8("Việt Nam", strlen("Việt Nam"), &off), BC_TEXT_OK);
    const char bad[] = "ab\xC3\x28";
    assert_int_equal(bc_text_check_utf8(bad, 4, &off), BC_TEXT_BAD_UTF8);
    assert_int_equal(off, 2);
    const char ctl[] = "a\x01z";
    assert_int_equal(bc_text_check_utf8(ctl, 3, &off), BC_TEXT_XML_ILLEGAL);
    assert_int_equal(off, 1);
    assert_int_equal(bc_text_check_utf8("a\tb\nc\r", 6, &off), BC_TEXT_OK);
    assert_int_equal(bc_text_check_utf8("\xEF\xBF\xBE", 3, &off), BC_TEXT_XML_ILLEGAL); /* U+FFFE */
}

/* A path longer than any fixed buffer the code once used (4096) comes back whole. */
/* bc_utf8_next: code points of well-formed UTF-8; U+FFFD and one byte on for the rest. */
static void test_utf8_next(void **state)
{
    (void)state;
    const char *ok = "A\xC3\xA1\xE1\xBB\x87\xF0\x9F\x98\x80";
    const char *p = ok;
    assert_int_equal(bc_utf8_next(&p), 0x41);
    assert_int_equal(bc_utf8_next(&p), 0xE1);
    assert_int_equal(bc_utf8_next(&p), 0x1EC7);
    assert_int_equal(bc_utf8_next(&p), 0x1F600);
    assert_ptr_equal(p, ok + strlen(ok));
    static const char *const bad[] = {"\x80x", "\xC0\xAFx", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                      "\xE1\xBBx", "\xFFx", "\xC3"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        p = bad[i];
        assert_int_equal(bc_utf8_next(&p), 0xFFFD);
        assert_ptr_equal(p, bad[i] + 1);
    }
}

static void test_strfmt_never_cuts(void **state)
{
    (void)state;
    char dir[5000];
    memset(dir, 'd', sizeof dir - 1);
    dir[sizeof dir - 1] = '\0';
    char *p = bc_strfmt("%s/%s-%d.pdf", dir, "quy-3a", 559);
    assert_non_null(p);
    assert_int_equal(strlen(p), sizeof dir - 1 + strlen("/quy-3a-559.pdf"));
    assert_string_equal(p + sizeof dir - 1, "/quy-3a-559.pdf");
    free(p);
}

static void test_nfc(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    /* "Việt" with ệ decomposed: e + U+0323 (dot below) + U+0302 (circumflex). */
    const char *nfd = "Vie\xCC\xA3\xCC\x82t";
    assert_false(bc_text_is_nfc(nfd));
    char *nfc = bc_text_nfc(&a, nfd);
    assert_string_equal(nfc, "Việt");
    assert_true(bc_text_is_nfc(nfc));
    assert_int_equal(bc_utf8_len(nfc), 4);
    bc_arena_free(&a);
}

static void test_ellipsize_at_word(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    const char *label = "Tổng số cán bộ, công chức, viên chức được trang bị máy tính trong toàn cơ quan";
    char *s = bc_text_ellipsize(&a, label, 60);
    assert_string_equal(s, "Tổng số cán bộ, công chức, viên chức được trang bị máy tính…");
    assert_string_equal(bc_text_ellipsize(&a, "Fax", 60), "Fax");
    bc_arena_free(&a);
}

static void test_vietnamese_numbers(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    assert_string_equal(bc_fmt_int(&a, 0), "0");
    assert_string_equal(bc_fmt_int(&a, 999), "999");
    assert_string_equal(bc_fmt_int(&a, 12345), "12.345");
    assert_string_equal(bc_fmt_int(&a, 1234567), "1.234.567");
    assert_string_equal(bc_fmt_int(&a, -1234), "-1.234");
    assert_string_equal(bc_fmt_dec(&a, 87.5, 2), "87,50");
    assert_string_equal(bc_fmt_dec(&a, 12345.678, 1), "12.345,7");
    assert_string_equal(bc_fmt_dec(&a, 0.125, 3), "0,125");
    assert_string_equal(bc_fmt_dec(&a, 100, 0), "100");
    assert_null(bc_fmt_dec(&a, 1.0 / 0.0, 2)); /* never "inf" */
    bc_arena_free(&a);
}

static void test_err_collects_all(void **state)
{
    (void)state;
    bc_err e = BC_ERR_INIT;
    bc_err_add(&e, BC_BADINPUT, "a.yaml", 3, 7, "first %d", 1);
    bc_err_add(&e, BC_BADINPUT, "a.yaml", 5, 0, "second");
    assert_int_equal(e.status, BC_BADINPUT);
    assert_int_equal(e.n, 2);
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof buf, "w");
    bc_err_print(&e, f);
    fclose(f);
    assert_string_equal(buf, "a.yaml:3:7: first 1\na.yaml:5: second\n");
    bc_err_free(&e);
}

static void test_atomic_write_leaves_no_temp(void **state)
{
    (void)state;
    char dir[] = "/tmp/bc-util-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_file_write_atomic(path, "hello", 5, &e), BC_OK);
    char *data;
    size_t len;
    assert_int_equal(bc_file_read(path, &data, &len, &e), BC_OK);
    assert_int_equal(len, 5);
    assert_memory_equal(data, "hello", 5);
    free(data);
    int entries = 0;
    DIR *d = opendir(dir);
    for (struct dirent *de; (de = readdir(d));)
        entries += de->d_name[0] != '.';
    closedir(d);
    assert_int_equal(entries, 1); /* only out.pdf: the temporary file was renamed */
    /* Into a folder that does not exist: fails, and says which file. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/out.pdf", dir);
    assert_int_equal(bc_file_write_atomic(bad, "x", 1, &e), BC_FAIL);
    assert_string_equal(e.items[0].file, bad);
    bc_err_free(&e);
    unlink(path);
    rmdir(dir);
}

/* Many keys (the table grows many times), repeats found, later values kept by _set only. */
static void test_strmap(void **state)
{
    (void)state;
    enum { N = 20000 };
    static char keys[N][16];
    bc_strmap m = BC_STRMAP_INIT;
    size_t v = 0;
    assert_int_equal(bc_strmap_get(&m, "x", &v), 0); /* empty: no table yet */
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        assert_int_equal(bc_strmap_add(&m, keys[i], i, NULL), 1);
    }
    assert_int_equal(m.n, N);
    for (size_t i = 0; i < N; i += 997) {
        assert_int_equal(bc_strmap_get(&m, keys[i], &v), 1);
        assert_int_equal(v, i);
    }
    char again[16] = "k123";
    assert_int_equal(bc_strmap_add(&m, again, 7, &v), 0); /* by text, not by pointer */
    assert_int_equal(v, 123);
    assert_int_equal(bc_strmap_set(&m, again, 7), 0);
    assert_int_equal(bc_strmap_get(&m, "k123", &v), 1);
    assert_int_equal(v, 7);
    assert_int_equal(bc_strmap_get(&m, "k20000", &v), 0);
    assert_int_equal(m.n, N);
    bc_strmap_free(&m);
}

/* Past BC_ERR_SHOWN, printing ends with one line for the rest; past BC_ERR_KEPT, problems are
 * only counted. */
static void test_err_bounded(void **state)
{
    (void)state;
    bc_err e = BC_ERR_INIT;
    for (int i = 0; i < BC_ERR_KEPT + 5; i++)
        bc_err_add(&e, BC_BADINPUT, "f", i + 1, 1, "lỗi %d", i);
    assert_int_equal(e.n, BC_ERR_KEPT);
    assert_int_equal(bc_err_count(&e), BC_ERR_KEPT + 5);
    char buf[96];
    assert_string_equal(bc_err_more(&e, buf, sizeof buf),
                        "… và 9905 lỗi khác (chỉ liệt kê 100 lỗi đầu)");
    bc_err small = BC_ERR_INIT;
    bc_err_add(&small, BC_BADINPUT, "f", 1, 1, "một");
    assert_null(bc_err_more(&small, buf, sizeof buf));
    bc_err_merge(&small, &e);
    assert_int_equal(bc_err_count(&small), BC_ERR_KEPT + 6);
    bc_err_free(&small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_checks),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_utf8_next), cmocka_unit_test(test_strfmt_never_cuts),
        cmocka_unit_test(test_ellipsize_at_word),
        cmocka_unit_test(test_vietnamese_numbers),
        cmocka_unit_test(test_err_collects_all),
        cmocka_unit_test(test_strmap),
        cmocka_unit_test(test_err_bounded),
        cmocka_unit_test(test_atomic_write_leaves_no_temp),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
