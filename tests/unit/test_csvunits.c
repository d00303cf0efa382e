/* test_csvunits.c — a batch's units as CSV tables (form/csvunits.h, batch/units.h): codes and
 * names, list rows attached to their unit in file order, separators, quoting, BOM, the shape
 * errors that stop a load (with file:line:col), and a bad cell reported in its own table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "batch/units.h"
#include "form/csvunits.h"
#include "form/data.h"
#include "form_fixtures.h"

static char dir[64];



/* A fresh folder per test, so list tables of one test never meet the units of another. */
static int fresh_dir(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/bc-csvunits-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int drop_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* Writes DIR/NAME with `text`; returns the path (static buffer per slot). */
static const char *put(const char *name, const char *text)
{
    static char paths[4][160];
    static int slot;
    char *p = paths[slot++ % 4];
    snprintf(p, 160, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static const bc_ynode *get(const bc_ynode *map, const char *key)
{
    return bc_ymap_get(map, key);
}

static void expect_diag(const bc_err *e, const char *file, int line, int col, const char *msg)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->items[i].line == line && e->items[i].col == col && e->items[i].msg &&
            !strcmp(e->items[i].msg, msg) && e->items[i].file && !strcmp(e->items[i].file, file))
            return;
    show_diags(e);
    fail_msg("missing %s:%d:%d: %s", file, line, col, msg);
}

#define UNITS                                                                                      \
    "\xEF\xBB\xBFma_don_vi;ten_don_vi;ten_co_quan;nam_bao_cao;so_can_bo\r\n"                       \
    "22018;Xã B;\"Cơ quan, B\r\nhai dòng\";2024;\r\n"                                              \
    "\r\n"                                                                                         \
    "22015;\"Sở A; \"\"B\"\"\";Cơ quan A;2025;10\r\n"
#define LIST                                                                                       \
    "ma_don_vi,ten,so_don_vi\n"                                                                    \
    "22018,ud1,3\n"                                                                                \
    "22015,\"ud2, \"\"hai\"\"\",4\n"                                                               \
    "22018,ud3,5\n"

static void test_units_and_lists(void **state)
{
    (void)state;
    const char *units = put("units.csv", UNITS);
    const char *list = put("ung_dung.csv", LIST);
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_csv_unit *u;
    int n;
    assert_int_equal(bc_csv_units_load(layout, units, &a, &u, &n, &e), BC_OK);
    assert_int_equal(n, 2);
    /* rows in table order, the blank row skipped; a quoted cell keeps ';', '""' and a line break */
    assert_string_equal(u[0].code, "22018");
    assert_string_equal(u[0].name, "Xã B");
    assert_int_equal(u[0].line, 2);
    assert_string_equal(u[1].code, "22015");
    assert_string_equal(u[1].name, "Sở A; \"B\"");
    assert_int_equal(u[1].line, 5);

    const bc_ynode *t = u[0].tree;
    assert_int_equal(t->kind, BC_Y_MAP);
    assert_null(get(t, "ma_don_vi"));  /* the unit's code and name are not fields of mini */
    assert_null(get(t, "ten_don_vi"));
    const bc_ynode *c = get(t, "ten_co_quan");
    assert_string_equal(c->str, "Cơ quan, B\nhai dòng");
    assert_string_equal(c->file, units);
    assert_int_equal(c->line, 2);
    assert_int_equal(c->col, 12);
    assert_string_equal(get(t, "so_can_bo")->str, ""); /* empty: the checker reads it as missing */

    /* each unit gets its own list rows, in file order, each cell with the list table's position */
    const bc_ynode *l0 = get(u[0].tree, "ung_dung"), *l1 = get(u[1].tree, "ung_dung");
    assert_int_equal(l0->kind, BC_Y_SEQ);
    assert_int_equal(l0->n, 2);
    assert_string_equal(get(l0->items[0], "ten")->str, "ud1");
    assert_string_equal(get(l0->items[1], "ten")->str, "ud3");
    assert_null(get(l0->items[1], "ma_don_vi"));
    const bc_ynode *ud3 = get(l0->items[1], "ten");
    assert_string_equal(ud3->file, list);
    assert_int_equal(ud3->line, 4);
    assert_int_equal(ud3->col, 7);
    assert_int_equal(l1->n, 1);
    assert_string_equal(get(l1->items[0], "ten")->str, "ud2, \"hai\"");

    /* the trees check as data files do */
    for (int i = 0; i < n; i++) {
        bc_data *d = NULL;
        if (bc_data_load_tree(layout, units, u[i].tree, &d, &e) != BC_OK)
            show_diags(&e), fail();
        assert_int_equal(bc_data_rows(d, bc_layout_find(layout, "ung_dung")), i ? 1 : 2);
        assert_string_equal(bc_data_value(d, bc_layout_find(layout, "tong_don_vi"), 0)->text,
                            i ? "4" : "8");
        bc_data_free(d);
    }
    bc_err_free(&e);
    bc_arena_free(&a);
}

/* A unit's hash covers its row and its list rows, and nothing of the other units. */
static void test_hash_is_the_units_own(void **state)
{
    (void)state;
    const char *units = put("units.csv", UNITS);
    put("ung_dung.csv", LIST);
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_csv_unit *u;
    int n;
    assert_int_equal(bc_csv_units_load(layout, units, &a, &u, &n, &e), BC_OK);
    char h18[65], h15[65];
    memcpy(h18, u[0].sha256, 65);
    memcpy(h15, u[1].sha256, 65);
    assert_int_equal(strlen(h18), 64);
    assert_string_not_equal(h18, h15);
    /* a row of 22018 changes and rows of other units move: only 22018's hash changes */
    put("ung_dung.csv", "ma_don_vi,ten,so_don_vi\n22015,\"ud2, \"\"hai\"\"\",4\n22018,ud1,3\n"
                        "22018,ud3,6\n");
    assert_int_equal(bc_csv_units_load(layout, units, &a, &u, &n, &e), BC_OK);
    assert_string_not_equal(u[0].sha256, h18);
    assert_string_equal(u[1].sha256, h15);
    bc_err_free(&e);
    bc_arena_free(&a);
}

/* Loads and expects BC_BADINPUT; returns the diagnostics in *e. */
static void expect_refused(const char *units, bc_err *e)
{
    bc_arena a = BC_ARENA_INIT;
    bc_csv_unit *u;
    int n;
    assert_int_equal(bc_csv_units_load(layout, units, &a, &u, &n, e), BC_BADINPUT);
    assert_null(u);
    assert_int_equal(n, 0);
    bc_arena_free(&a);
}

static void test_list_row_of_unknown_unit(void **state)
{
    (void)state;
    const char *units = put("units.csv", UNITS);
    const char *list = put("ung_dung.csv", "ma_don_vi;ten\n22015;a\n99999;b\n;c\n");
    bc_err e = BC_ERR_INIT;
    expect_refused(units, &e);
    char msg[256];
    snprintf(msg, sizeof msg, "mã đơn vị \"99999\" không có trong bảng đơn vị %s", units);
    expect_diag(&e, list, 3, 1, msg);
    expect_diag(&e, list, 4, 1, "thiếu mã đơn vị (cột \"ma_don_vi\")");
    bc_err_free(&e);
}

static void test_missing_code_column(void **state)
{
    (void)state;
    const char *units = put("units.csv", "ten_don_vi,ten_co_quan\nA,B\n");
    bc_err e = BC_ERR_INIT;
    expect_refused(units, &e);
    expect_diag(&e, units, 1, 1, "thiếu cột \"ma_don_vi\" (mã đơn vị) trong dòng tiêu đề");
    bc_err_free(&e);
    /* in a list table too */
    units = put("units.csv", "ma_don_vi,ten_co_quan\n1,B\n");
    const char *list = put("ung_dung.csv", "ten,so_don_vi\na,1\n");
    expect_refused(units, &e);
    expect_diag(&e, list, 1, 1, "thiếu cột \"ma_don_vi\" (mã đơn vị) trong dòng tiêu đề");
    bc_err_free(&e);
}

static void test_duplicate_codes(void **state)
{
    (void)state;
    const char *units = put("units.csv", "ten_co_quan,ma_don_vi\nA,22015\nB,22018\nC,22015\n");
    bc_err e = BC_ERR_INIT;
    expect_refused(units, &e);
    expect_diag(&e, units, 4, 2, "mã đơn vị \"22015\" lặp lại (đã có ở dòng 2)");
    bc_err_free(&e);

    /* codes that differ but give the same bundle folder are refused by the batch, like files */
    put("units.csv", "ma_don_vi,ten_co_quan\nXã A,1\nxa-a,2\n");
    bc_unit *bu;
    int n;
    assert_int_equal(bc_units_from_csv(layout, units, &bu, &n, &e), BC_BADINPUT);
    assert_true(has_diag_part(&e, -1, 0, "trùng tên tệp \"xa-a\""));
    bc_err_free(&e);
}

static void test_other_shape_errors(void **state)
{
    (void)state;
    bc_err e = BC_ERR_INIT;
    const char *units = put("units.csv", "ma_don_vi,ten_co_quan,ung_dung,ten_co_quan\n"
                                         "1,A,,B,extra\n,C\n");
    expect_refused(units, &e);
    expect_diag(&e, units, 1, 4, "khóa \"ten_co_quan\" lặp lại (đã có ở cột B)");
    expect_diag(&e, units, 1, 3, "cột \"ung_dung\" là một danh sách: các dòng của nó ghi trong "
                                  "tệp ung_dung.csv cùng thư mục, mỗi dòng kèm cột ma_don_vi");
    expect_diag(&e, units, 2, 5, "dòng có 5 ô, dòng tiêu đề chỉ có 4 khóa");
    bc_err_free(&e);
    /* an unknown column is told once, at its header cell, with the likely key */
    units = put("units.csv", "ma_don_vi,so_may_tin\n1,3\n2,4\n");
    const char *list = put("ung_dung.csv", "ma_don_vi;ten;so_don_vj\n1;a;3\n2;b;3\n");
    expect_refused(units, &e);
    expect_diag(&e, units, 1, 2,
                "cột B: khóa không có trong biểu mẫu: \"so_may_tin\" (có phải \"so_may_tinh\"?)");
    expect_diag(&e, list, 1, 3, "cột C: mục 5, 2.1.: khóa không có trong biểu mẫu: \"so_don_vj\" "
                                 "(có phải \"so_don_vi\"?)");
    assert_int_equal(e.n, 2);
    bc_err_free(&e);
    units = put("units.csv", "ma_don_vi,ten_co_quan\n,C\n");
    expect_refused(units, &e);
    expect_diag(&e, units, 2, 1, "thiếu mã đơn vị (cột \"ma_don_vi\")");
    bc_err_free(&e);
    units = put("units.csv", "ma_don_vi,ten_co_quan\n\n");
    expect_refused(units, &e);
    expect_diag(&e, units, 1, 0, "bảng đơn vị chỉ có dòng tiêu đề, chưa có đơn vị nào");
    bc_err_free(&e);
    units = put("units.csv", "ma_don_vi,ten_co_quan\n1,\xC3\n");
    expect_refused(units, &e);
    expect_diag(&e, units, 2, 3, "không phải UTF-8 hợp lệ (byte 0xC3); hãy lưu tệp CSV dạng UTF-8");
    bc_err_free(&e);
}

/* A bad value is the unit's own problem: the load succeeds, and checking that unit names the
 * table and cell that hold it — the list table's for a list cell. */
static void test_bad_cells_name_their_table(void **state)
{
    (void)state;
    const char *units = put("units.csv", "ma_don_vi;ten_co_quan;nam_bao_cao\n1;A;2025\n2;B;20x5\n");
    const char *list = put("ung_dung.csv", "ma_don_vi;ten;so_don_vi;ket_noi;ten_don_vi\n"
                                           "1;a;3;co;A\n2;b;3x;co;B\n2;c;1;khong;B\n");
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_csv_unit *u;
    int n;
    assert_int_equal(bc_csv_units_load(layout, units, &a, &u, &n, &e), BC_OK);
    bc_data *d = NULL;
    assert_int_equal(bc_data_load_tree(layout, units, u[1].tree, &d, &e), BC_BADINPUT);
    assert_null(d);
    /* a cell is named by its column and header, as a spreadsheet shows it */
    expect_diag(&e, units, 3, 3, "cột C (nam_bao_cao): mục 1, 2.: \"Năm báo cáo\" phải là năm từ 1900 đến 2100, "
                                 "nhận được \"20x5\"; viết bốn chữ số, ví dụ 2025");
    expect_diag(&e, list, 3, 3, "cột C (so_don_vi): mục 5, 2.1., dòng 1: \"Số đơn vị\" phải là số nguyên ≥ 0, "
                                "nhận được \"3x\"; viết bằng chữ số, ví dụ 4500 hoặc 4.500");
    assert_int_equal(e.n, 2); /* ten_don_vi, repeated in a list table for the reader, is let be */
    bc_err_free(&e);
    bc_arena_free(&a);
}

/* A one-row data CSV may carry the unit's columns; they are let be (unless the form has them). */
static void test_data_csv_with_unit_columns(void **state)
{
    (void)state;
    bc_layout *flat = fixture_layout("flat.yaml"); /* has a field ten_don_vi */
    const char *p = put("one.csv", "ma_don_vi,ten_don_vi,nam\n01,Sở A,2025\n");
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    if (bc_data_load(flat, p, &d, &e) != BC_OK)
        show_diags(&e), fail();
    assert_string_equal(bc_data_value(d, bc_layout_find(flat, "ten_don_vi"), 0)->text, "Sở A");
    bc_data_free(d);
    /* in a YAML file the same key is a typo like any other */
    p = put("one.yaml", "ma_don_vi: '01'\nten_don_vi: A\nnam: 2025\n");
    assert_int_equal(bc_data_load(flat, p, &d, &e), BC_BADINPUT);
    assert_true(has_diag_part(&e, 1, 1, "khóa không có trong biểu mẫu: \"ma_don_vi\""));
    bc_err_free(&e);
    bc_layout_free(flat);
}

/* The batch's units: sorted by code, input "TABLE:LINE", the name, the tree. */
static void test_batch_units(void **state)
{
    (void)state;
    const char *units = put("units.csv", UNITS);
    put("ung_dung.csv", LIST);
    bc_err e = BC_ERR_INIT;
    bc_unit *bu;
    int n;
    assert_int_equal(bc_units_from_csv(layout, units, &bu, &n, &e), BC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(bu[0].code, "22015");
    assert_string_equal(bu[0].safe, "22015");
    assert_string_equal(bu[0].name, "Sở A; \"B\"");
    char want[200];
    snprintf(want, sizeof want, "%s:5", units);
    assert_string_equal(bu[0].input, want);
    assert_non_null(bu[0].tree);
    assert_string_equal(bu[1].code, "22018");
    assert_int_equal(strlen(bu[1].input_sha256), 64);
    assert_true(bc_units_is_table(units));
    assert_false(bc_units_is_table(dir));
    bc_units_free(bu, n);
    bc_err_free(&e);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fresh_dir, drop_dir)
    const struct CMUnitTest tests[] = {
        T(test_units_and_lists),       T(test_hash_is_the_units_own),
        T(test_list_row_of_unknown_unit), T(test_missing_code_column),
        T(test_duplicate_codes),       T(test_other_shape_errors),
        T(test_bad_cells_name_their_table), T(test_data_csv_with_unit_columns),
        T(test_batch_units),
    };
    return cmocka_run_group_tests(tests, mini_setup, mini_teardown);
}
