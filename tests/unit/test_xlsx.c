/* test_xlsx.c — form/xlsx.c on its own: date serials in both date systems (and Excel's phantom
 * 29/02/1900), cell references, and sheet XML read into cells (types, shared and inline strings,
 * a formula's cached value, merged ranges, refusals). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "form/xlsx.h"

static void date_is(double serial, int d1904, int y, int m, int d)
{
    int yy = 0, mm = 0, dd = 0;
    assert_true(bc_xlsx_date(serial, d1904, &yy, &mm, &dd));
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

static void test_dates(void **state)
{
    (void)state;
    int y, m, d;
    date_is(1, 0, 1900, 1, 1);
    date_is(59, 0, 1900, 2, 28);
    assert_false(bc_xlsx_date(60, 0, &y, &m, &d)); /* 29/02/1900 never was */
    date_is(61, 0, 1900, 3, 1);
    date_is(43800, 0, 2019, 12, 1);
    date_is(45000.75, 0, 2023, 3, 15); /* the time of day is dropped */
    date_is(0, 1, 1904, 1, 1);
    date_is(43800 - 1462, 1, 2019, 12, 1); /* the same day in the 1904 system */
    assert_false(bc_xlsx_date(0, 0, &y, &m, &d));
    assert_false(bc_xlsx_date(-3, 0, &y, &m, &d));
    assert_false(bc_xlsx_date(1e12, 0, &y, &m, &d));
    assert_true(bc_xlsx_serial(2019, 12, 1) == 43800);
    assert_true(bc_xlsx_serial(1900, 3, 1) == 61);
    assert_true(bc_xlsx_serial(1900, 1, 1) == 1);
    char ref[24];
    bc_xlsx_ref(7, 4, ref);
    assert_string_equal(ref, "D7");
    bc_xlsx_ref(1048576, 16384, ref);
    assert_string_equal(ref, "XFD1048576");
}

static bc_status sheet(bc_arena *a, const char *xml, bc_xsheet *s, bc_err *e)
{
    static const char *const strings[] = {"một", "hai"};
    static const unsigned char styles[] = {0, 1, 2};
    size_t left = 100;
    *s = (bc_xsheet){"S", 0, NULL, 0};
    return bc_xlsx_parse_sheet(a, "t.xlsx", xml, strlen(xml), strings, 2, styles, 3, &left, s, e);
}

static void test_cells(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_xsheet s;
    assert_int_equal(sheet(&a,
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData>"
        "<row r='2'><c r='B2' t='s'><v>1</v></c><c t='inlineStr'><is><r><t>a</t></r><r><t>b</t>"
        "</r><rPh><t>x</t></rPh></is></c><c r='E2' s='1'><v>43800</v></c>"
        "<c r='F2' s='2'><v>0.875</v></c><c r='G2' t='b'><v>1</v></c>"
        "<c r='H2' t='e'><f>1/0</f><v>#DIV/0!</v></c><c r='I2' s='2'/></row>"
        "<row><c r='A3'><f>A1+1</f><v>12.5</v></c></row></sheetData>"
        "<mergeCells><mergeCell ref='B2:B4'/></mergeCells></worksheet>", &s, &e), BC_OK);
    const bc_xcell *c = bc_xsheet_cell(&s, 2, 2);
    assert_non_null(c);
    assert_int_equal(c->kind, BC_XC_TEXT);
    assert_string_equal(c->text, "hai");
    c = bc_xsheet_cell(&s, 2, 3); /* no r: the column after B2 */
    assert_string_equal(c->text, "ab"); /* runs joined, the phonetic run left out */
    c = bc_xsheet_cell(&s, 2, 5);
    assert_true(c->kind == BC_XC_NUMBER && c->date && c->num == 43800);
    assert_true(bc_xsheet_cell(&s, 2, 6)->percent);
    assert_true(bc_xsheet_cell(&s, 2, 7)->kind == BC_XC_BOOL && bc_xsheet_cell(&s, 2, 7)->num == 1);
    c = bc_xsheet_cell(&s, 2, 8);
    assert_true(c->kind == BC_XC_ERROR && c->formula);
    assert_string_equal(c->text, "#DIV/0!");
    assert_null(bc_xsheet_cell(&s, 2, 9)); /* styled, no value */
    c = bc_xsheet_cell(&s, 3, 1); /* a row without r follows the one before */
    assert_true(c->kind == BC_XC_NUMBER && c->formula && c->num == 12.5);
    c = bc_xsheet_cell(&s, 4, 2); /* merged: the top-left value */
    assert_true(c && c->merged);
    assert_string_equal(c->text, "hai");
    assert_int_equal(e.n, 0);

    static const char *const bad[] = {
        "<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>7</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r='1'><c r='A1'><v>12x</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r='1'><c r='1A'><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r='2000000'/></sheetData></worksheet>",
        "<!DOCTYPE w [<!ENTITY e 'x'>]><worksheet>&e;</worksheet>",
        "<worksheet><sheetData>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bc_err_free(&e);
        e = (bc_err)BC_ERR_INIT;
        assert_int_equal(sheet(&a, bad[i], &s, &e), BC_BADINPUT);
        assert_true(e.n >= 1);
    }
    bc_err_free(&e);
    bc_arena_free(&a);
}

static void test_cell_budget(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    size_t left = 2;
    bc_xsheet s = {"S", 0, NULL, 0};
    const char *xml = "<worksheet><sheetData><row r='1'><c><v>1</v></c><c><v>2</v></c>"
                      "<c><v>3</v></c></row></sheetData></worksheet>";
    assert_int_equal(bc_xlsx_parse_sheet(&a, "t.xlsx", xml, strlen(xml), NULL, 0, NULL, 0, &left,
                                         &s, &e), BC_BADINPUT);
    assert_non_null(strstr(e.items[0].msg, "quá nhiều ô"));
    bc_err_free(&e);
    bc_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_cell_budget),
    };
    return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
