/* test_layout.c — loading a layout: the model, field binding (where, label), rules text, every
 * kind of layout error with its line and column, and finding a layout by id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "form/layout.h"
#include "form_fixtures.h"

static const bc_field_info *info(const bc_layout *l, const char *key)
{
    for (size_t i = 0; i < bc_layout_nfields(l); i++)
        if (!strcmp(bc_layout_field(l, i)->key, key))
            return bc_layout_field(l, i);
    fail_msg("no field %s", key);
    return NULL;
}

static bc_layout *load_mini(void)
{
    bc_layout *l = fixture_layout("mini.yaml");
    assert_non_null(l);
    return l;
}

static void test_identity_and_page(void **state)
{
    (void)state;
    bc_layout *l = load_mini();
    assert_string_equal(bc_layout_id(l), "mini");
    assert_string_equal(bc_layout_title(l), "Biểu mẫu thử nghiệm");
    assert_string_equal(bc_layout_source(l), "Tệp thử của baocao");
    assert_true(l->margin_top == 25 && l->margin_left == 35 && l->font_size == 14);
    assert_int_equal(l->nnotes, 2);
    /* 16 top-level fields + 3 list columns */
    assert_int_equal(bc_layout_nfields(l), 19);
    bc_layout_free(l);
}

static void test_where_and_labels(void **state)
{
    (void)state;
    bc_layout *l = load_mini();
    const bc_field_info *f = info(l, "so_may_tinh");
    assert_string_equal(f->where, "mục 3, 2.");
    /* the wording before the placeholder, without the footnote mark and the ':' */
    assert_string_equal(f->label,
                        "Tổng số cán bộ, công chức, viên chức được trang bị máy tính");
    assert_string_equal(f->rules, "≥ 0; ≤ so_can_bo");
    /* a label given in the layout wins */
    assert_string_equal(info(l, "so_can_bo")->label,
                        "Tổng số cán bộ, công chức, viên chức của toàn cơ quan");
    /* two placeholders on one line: each takes the wording just before it */
    assert_string_equal(info(l, "dien_thoai")->label, "Điện thoại");
    assert_string_equal(info(l, "email")->label, "Thư điện tử");
    assert_string_equal(info(l, "email")->where, "mục 1, 3.");
    /* a para after an item stays under that item */
    assert_string_equal(info(l, "website")->where, "mục 1, 3.");
    /* check boxes take the question of their item, not an option's wording */
    assert_string_equal(info(l, "he_thong")->label, "Hệ thống đang dùng");
    assert_string_equal(info(l, "he_thong")->rules,
                        "một trong: website (Trang thông tin điện tử), portal (Cổng thông tin điện tử)");
    assert_string_equal(info(l, "ty_le_may")->rules,
                        "0–100; tối đa 2 chữ số sau dấu phẩy, như 87,56; = percent(so_may_tinh, so_can_bo)");
    /* list columns: key list[].col, label from the column header */
    const bc_field_info *c = info(l, "ung_dung[].so_don_vi");
    assert_string_equal(c->label, "Số đơn vị");
    assert_string_equal(c->where, "mục 5, 2.1.");
    assert_string_equal(info(l, "ung_dung[].ket_noi")->label, "Kết nối");
    assert_true(info(l, "ung_dung[].ten")->required);
    assert_string_equal(info(l, "ung_dung")->rules, "≥ 1 dòng");
    bc_layout_free(l);
}

static void test_body_order(void **state)
{
    (void)state;
    bc_layout *l = load_mini();
    assert_string_equal(bc_layout_field(l, 0)->key, "ten_co_quan");
    assert_string_equal(bc_layout_field(l, 1)->key, "nam_bao_cao");
    /* the list's columns follow the list */
    size_t i = 0;
    while (strcmp(bc_layout_field(l, i)->key, "ung_dung"))
        i++;
    assert_string_equal(bc_layout_field(l, i + 1)->key, "ung_dung[].ten");
    assert_null(bc_layout_field(l, 99));
    bc_layout_free(l);
}

static void test_table_model(void **state)
{
    (void)state;
    bc_layout *l = load_mini();
    const bc_ltable *t = NULL;
    for (size_t i = 0; i < l->nblocks; i++)
        if (l->blocks[i].kind == BC_LB_TABLE)
            t = l->blocks[i].table;
    assert_non_null(t);
    assert_int_equal(t->ncols, 5);
    assert_int_equal(t->nheader, 2);
    /* "TT" spans two header rows through merge: up */
    assert_int_equal(t->header[0].cells[0].rowspan, 2);
    assert_int_equal(t->header[0].cells[3].colspan, 2);
    assert_int_equal(t->header[1].cells[3].gcol, 3);
    assert_true(t->rows[0].group);
    assert_null(t->rows[0].list);
    /* the table's own list: comes after its fixed rows */
    assert_int_equal(t->nrows, 2);
    assert_string_equal(t->rows[1].list->key, "ung_dung");
    bc_layout_free(l);
}

static void test_errors_all_reported(void **state)
{
    (void)state;
    char *p = fixture("broken.yaml");
    bc_err e = BC_ERR_INIT;
    bc_layout *l = NULL;
    assert_int_equal(bc_layout_load(p, &l, &e), BC_BADINPUT);
    assert_null(l);
    assert_true(has_diag(&e, 7, 43, "biểu thức compute \"percent(a, \" sai: biểu thức kết thúc sớm"));
    assert_true(has_diag_part(&e, 8, 13, "kiểu không biết: \"integr\""));
    assert_true(has_diag(&e, 9, 27, "biểu thức nhắc đến \"nope\", không có trường nào như vậy"));
    assert_true(has_diag(&e, 16, 23, "chỗ điền {zzz} không ứng với trường nào trong fields"));
    assert_true(has_diag(&e, 17, 12, "{b:maybe}: \"maybe\" không có trong options của \"b\""));
    assert_true(has_diag_part(&e, 18, 5, "khối không biết: \"paragraph\""));
    assert_true(has_diag(&e, 20, 19, "chú thích [^missing] chưa được định nghĩa trong footnotes"));
    assert_true(has_diag(&e, 24, 11, "dòng bảng phủ 2 cột, bảng có 3 cột (widths)"));
    assert_true(has_diag(&e, 25, 42, "ô này vượt quá 3 cột của bảng (widths)"));
    assert_true(has_diag(&e, 12, 3,
                         "chú thích \"unused\" được định nghĩa nhưng không được dùng ([^unused])"));
    assert_int_equal(e.n, 10);
    for (size_t i = 0; i < e.n; i++)
        assert_string_equal(e.items[i].file, p);
    bc_err_free(&e);
    free(p);
}

static bc_err load_text(const char *text)
{
    char *p = write_tmp(text);
    bc_err e = BC_ERR_INIT;
    bc_layout *l = NULL;
    bc_layout_load(p, &l, &e);
    bc_layout_free(l);
    drop_tmp(p);
    return e;
}

#define HEAD "id: t\ntitle: T\nsource: S\n"

static void test_more_errors(void **state)
{
    (void)state;
    bc_err e = load_text(HEAD "fields:\n  a: {type: text}\n  a: {type: text}\nbody: []\n");
    assert_true(has_diag(&e, 6, 3, "khóa \"a\" lặp lại (đã có ở dòng 5)"));
    bc_err_free(&e);

    e = load_text(HEAD "fields:\n  a: {type: text, colour: red}\nbody:\n  - item: \"1.\"\n"
                       "    txt: \"x\"\n");
    assert_true(has_diag_part(&e, 5, 19, "khóa không biết trong định nghĩa trường: \"colour\""));
    assert_true(has_diag_part(&e, 8, 5, "khóa không biết trong item: \"txt\""));
    assert_true(has_diag(&e, 7, 5, "item thiếu text"));
    bc_err_free(&e);

    e = load_text(HEAD "fields:\n  d: {type: text}\nbody:\n  - para: \"{d.day} {#} {d:x}\"\n");
    assert_true(has_diag(&e, 7, 12, "{d.day}: \"d\" không phải kiểu date"));
    assert_true(has_diag(&e, 7, 20, "{#} chỉ dùng được trong dòng mẫu (row:) của một bảng danh sách"));
    assert_true(has_diag_part(&e, 7, 24, "{d:x}: ô đánh dấu cần trường kiểu choice hoặc choices"));
    bc_err_free(&e);

    e = load_text(HEAD "fields: {}\nbody:\n  - signatures:\n      - {role: a}\n      - {role: a}\n");
    assert_true(has_diag(&e, 8, 16, "role \"a\" lặp lại"));
    bc_err_free(&e);

    e = load_text(HEAD "fields:\n  l: {type: list, columns: {a: {type: text}}}\nbody:\n"
                       "  - table:\n      widths: [1, 1]\n      rows:\n"
                       "        - {list: nope, row: [\"{#}\", \"{a}\"]}\n"
                       "        - {list: l}\n"
                       "        - {list: l, row: [\"{a}\"]}\n");
    assert_true(has_diag(&e, 10, 18, "list: \"nope\" không phải một trường kiểu list"));
    assert_true(has_diag(&e, 11, 18, "một danh sách trong bảng cần cả list: và row:"));
    assert_true(has_diag(&e, 12, 26, "dòng bảng phủ 1 cột, bảng có 2 cột (widths)"));
    assert_int_equal(e.n, 3);
    bc_err_free(&e);

    e = load_text("");
    assert_true(has_diag_part(&e, 0, 0, "tệp rỗng"));
    bc_err_free(&e);
}

static void test_resolve(void **state)
{
    (void)state;
    char *dir = fixture("");
    dir[strlen(dir) - 1] = '\0';
    bc_err e = BC_ERR_INIT;
    char *path = NULL;
    assert_int_equal(bc_layout_resolve("mini", dir, &path, &e), BC_OK);
    assert_non_null(strstr(path, "/mini.yaml"));
    free(path);
    assert_int_equal(bc_layout_resolve("x/y.yaml", dir, &path, &e), BC_OK);
    assert_string_equal(path, "x/y.yaml");
    free(path);
    assert_int_equal(bc_layout_resolve("khong-co", dir, &path, &e), BC_BADINPUT);
    assert_null(path);
    assert_true(has_diag_part(&e, 0, 0, "không có biểu mẫu \"khong-co\""));
    bc_err_free(&e);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_and_page), cmocka_unit_test(test_where_and_labels),
        cmocka_unit_test(test_body_order),        cmocka_unit_test(test_table_model),
        cmocka_unit_test(test_errors_all_reported), cmocka_unit_test(test_more_errors),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
