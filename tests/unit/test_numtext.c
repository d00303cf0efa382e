/* test_numtext.c — numbers and dates as officials write them: every accepted form, the ambiguous
 * "4.500", and the forms refused (form/numtext.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "form/numtext.h"

static void expect_number(const char *s, int fraction, double v, int frac)
{
    bc_nt_number x;
    assert_int_equal(bc_nt_number_parse(s, fraction, &x), BC_NT_OK);
    if (fabs(x.value - v) > 1e-9)
        fail_msg("%s read as %g, want %g", s, x.value, v);
    assert_int_equal(x.frac_digits, frac);
}

static void expect_refused(const char *s, int fraction, bc_nt_status st)
{
    bc_nt_number x;
    assert_int_equal(bc_nt_number_parse(s, fraction, &x), st);
}

static void test_numbers_accepted(void **state)
{
    (void)state;
    expect_number("4500", 0, 4500, 0);
    expect_number("4.500", 0, 4500, 0);          /* thousands dot on a whole-number field */
    expect_number("12.345.678", 0, 12345678, 0);
    expect_number("12.345.678", 1, 12345678, 0); /* two dots cannot be a decimal point */
    expect_number("1.234,56", 1, 1234.56, 2);
    expect_number("12,5", 1, 12.5, 1);
    expect_number("12,50", 1, 12.5, 1);          /* trailing zeros change nothing */
    expect_number("12.5", 1, 12.5, 1);           /* one or two digits after a dot: decimal */
    expect_number("0.500", 1, 0.5, 1);           /* a leading 0 is no thousands group */
    expect_number("1234.567", 1, 1234.567, 3);
    expect_number("-4.500", 0, -4500, 0);
    expect_number("12,5", 0, 12.5, 1);           /* read; the caller refuses the fraction */
}

static void test_numbers_refused(void **state)
{
    (void)state;
    bc_nt_number x;
    assert_int_equal(bc_nt_number_parse("4.500", 1, &x), BC_NT_AMBIGUOUS);
    assert_true(x.value == 4500 && fabs(x.alt - 4.5) < 1e-9 && x.frac_digits == 1);
    expect_refused("1,234.56", 1, BC_NT_ENGLISH);
    expect_refused("12.34.567", 0, BC_NT_GROUPS);
    expect_refused("1.2345,6", 1, BC_NT_GROUPS);
    expect_refused("1,2,3", 1, BC_NT_NOT_NUMBER);
    expect_refused("12.", 1, BC_NT_NOT_NUMBER);
    expect_refused(",5", 1, BC_NT_NOT_NUMBER);
    expect_refused("12a", 0, BC_NT_NOT_NUMBER);
    expect_refused("", 0, BC_NT_NOT_NUMBER);
    expect_refused("4 500", 0, BC_NT_NOT_NUMBER);
}

static void expect_date(const char *s, bc_nd_status st, int y, int m, int d)
{
    int yy, mm, dd;
    assert_int_equal(bc_nt_date_parse(s, &yy, &mm, &dd), st);
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

static void test_dates(void **state)
{
    (void)state;
    expect_date("2026-12-15", BC_ND_OK, 2026, 12, 15);
    expect_date("15/12/2026", BC_ND_OK, 2026, 12, 15);
    expect_date("5/1/2026", BC_ND_OK, 2026, 1, 5);
    expect_date("15-12-2026", BC_ND_OK, 2026, 12, 15);
    expect_date("15.12.2026", BC_ND_OK, 2026, 12, 15);
    expect_date("29/02/2024", BC_ND_OK, 2024, 2, 29);
    expect_date("29/02/2025", BC_ND_BAD_DAY, 2025, 2, 29);
    expect_date("31/02/2026", BC_ND_BAD_DAY, 2026, 2, 31);
    expect_date("13/13/2026", BC_ND_BAD_MONTH, 2026, 13, 13);
    expect_date("15/12/26", BC_ND_SHORT_YEAR, 26, 12, 15);
    expect_date("15/12/1850", BC_ND_BAD_YEAR, 1850, 12, 15);
    int y, m, d;
    assert_int_equal(bc_nt_date_parse("15/12-2026", &y, &m, &d), BC_ND_NOT_DATE);
    assert_int_equal(bc_nt_date_parse("15 tháng 12", &y, &m, &d), BC_ND_NOT_DATE);
    assert_int_equal(bc_nt_date_parse("2026-12-15x", &y, &m, &d), BC_ND_NOT_DATE);
    assert_int_equal(bc_nt_date_parse("115/12/2026", &y, &m, &d), BC_ND_NOT_DATE);
}

static void expect_words(long long v, const char *want)
{
    char out[160];
    assert_int_equal(bc_nt_words(v, out, sizeof out), 1);
    assert_string_equal(out, want);
}

static void test_words(void **state)
{
    (void)state;
    expect_words(0, "không");
    expect_words(5, "năm");
    expect_words(15, "mười lăm");
    expect_words(21, "hai mươi mốt");
    expect_words(105, "một trăm linh năm");
    expect_words(4500, "bốn nghìn năm trăm");
    expect_words(4005, "bốn nghìn không trăm linh năm");
    expect_words(4050, "bốn nghìn không trăm năm mươi");
    expect_words(12345, "mười hai nghìn ba trăm bốn mươi lăm");
    expect_words(999999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín");
    char out[160];
    assert_int_equal(bc_nt_words(1000000, out, sizeof out), 0);
    assert_int_equal(bc_nt_words(-1, out, sizeof out), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_accepted),
        cmocka_unit_test(test_numbers_refused),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
