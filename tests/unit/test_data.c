/* test_data.c — loading data against tests/fixtures/form/mini.yaml: values ready to print,
 * computed figures, and every kind of problem with its exact message and position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>

#include "form/data.h"
#include "form_fixtures.h"
#include "util/text.h"




static const bc_value *val(const bc_data *d, const char *key)
{
    return bc_data_value(d, bc_layout_find(layout, key), 0);
}

/* The minimum that is valid, followed by `extra` lines. */
#define BASE "ten_co_quan: X\nnam_bao_cao: 2025\nung_dung: [{ten: a}]\n"

/* Loads `text`; returns the status, keeps the diagnostics in *e (messages only) and the path. */
static bc_status load(const char *text, bc_data **d, bc_err *e, char **path)
{
    *path = write_tmp(text);
    return bc_data_load(layout, *path, d, e);
}

/* Expects `text` to fail with exactly the message `msg` at line:col (among possibly others). */
static void expect_problem(const char *text, int line, int col, const char *msg)
{
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    char *path;
    assert_int_equal(load(text, &d, &e, &path), BC_BADINPUT);
    assert_null(d);
    if (!has_diag(&e, line, col, msg)) {
        show_diags(&e);
        fail_msg("missing %d:%d: %s", line, col, msg);
    }
    for (size_t i = 0; i < e.n; i++)
        assert_string_equal(e.items[i].file, path);
    bc_err_free(&e);
    drop_tmp(path);
}

/* Expects `text` to fail with `msg` at line:col and nothing else. */
static void expect_sole_problem(const char *text, int line, int col, const char *msg)
{
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    char *path;
    assert_int_equal(load(text, &d, &e, &path), BC_BADINPUT);
    if (e.n != 1 || !has_diag(&e, line, col, msg)) {
        show_diags(&e);
        fail_msg("want only %d:%d: %s", line, col, msg);
    }
    bc_err_free(&e);
    drop_tmp(path);
}

static void test_good_file(void **state)
{
    (void)state;
    char *p = fixture("good.yaml");
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    assert_int_equal(bc_data_load(layout, p, &d, &e), BC_OK);
    assert_int_equal(e.n, 0);
    assert_string_equal(val(d, "so_can_bo")->text, "12.345");
    assert_true(val(d, "so_can_bo")->num == 12345);
    assert_string_equal(val(d, "bang_thong")->text, "87,5");
    assert_string_equal(val(d, "nam_bao_cao")->text, "2025");
    assert_string_equal(val(d, "ngay_khai")->text, "05/02/2026");
    assert_string_equal(val(d, "chuc_nang")->text, "noi_bo, khac");
    assert_true(bc_value_has(val(d, "chuc_nang"), "khac"));
    assert_false(bc_value_has(val(d, "chuc_nang"), "ben_ngoai"));
    /* computed: 10000 / 12345 × 100 = 81,004…, two decimals */
    const bc_value *t = val(d, "ty_le_may");
    assert_true(t->present && t->computed);
    assert_string_equal(t->text, "81,00");
    assert_string_equal(val(d, "tong_don_vi")->text, "42");
    assert_string_equal(val(d, "so_ung_dung")->text, "2");
    const bc_field *list = bc_layout_find(layout, "ung_dung");
    assert_int_equal(bc_data_rows(d, list), 2);
    const bc_field *ten = bc_field_column(list, "ten");
    assert_string_equal(bc_data_value(d, ten, 1)->text, "Một cửa điện tử");
    assert_null(bc_data_value(d, ten, 2));
    assert_false(val(d, "website")->invalid);
    bc_data_free(d);
    free(p);
}

static void test_nfd_becomes_nfc(void **state)
{
    (void)state;
    /* "Sở" with the hook and the dot below as combining marks (NFD) */
    const char *nfd = "ten_co_quan: \"So\xcc\x9b\xcc\x89 Tu\xcc\x9b\xcc\x81\"\n"
                      "nam_bao_cao: 2025\nung_dung: [{ten: a}]\n";
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    char *path;
    assert_int_equal(load(nfd, &d, &e, &path), BC_OK);
    const char *got = val(d, "ten_co_quan")->text;
    assert_string_equal(got, "Sở Tứ");
    assert_true(bc_text_is_nfc(got));
    bc_data_free(d);
    drop_tmp(path);
}

static void test_type_errors(void **state)
{
    (void)state;
    expect_problem(BASE "so_can_bo: 12a\n", 4, 12,
                   "mục 3, 1.: \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" phải là "
                   "số nguyên ≥ 0, nhận được \"12a\"; viết bằng chữ số, ví dụ 4500 hoặc 4.500");
    expect_problem(BASE "so_may_tinh: -3\n", 4, 14,
                   "mục 3, 2.: \"Tổng số cán bộ, công chức, viên chức được trang bị máy tính\" "
                   "phải là số nguyên ≥ 0, nhận được \"-3\"");
    expect_problem(BASE "so_can_bo: 10000000000000001\n", 4, 12,
                   "mục 3, 1.: \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" quá lớn "
                   "(tối đa 10^15), nhận được \"10000000000000001\"");
    expect_problem(BASE "so_can_bo: 99999999999999999999999\n", 4, 12,
                   "mục 3, 1.: \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" quá lớn "
                   "(tối đa 10^15), nhận được \"99999999999999999999999\"");
    expect_problem(BASE "bang_thong: 1,2,3\n", 4, 13,
                   "mục 3, 2.1.: \"băng thông\" phải là số thập phân, nhận được \"1,2,3\"; viết bằng chữ số, dấu phẩy trước phần thập phân, ví dụ 4500 hoặc 12,5 (dấu chấm chỉ để ngăn hàng nghìn: 1.234,5)");
    expect_problem(BASE "ty_le_may: 100.5\n", 4, 12,
                   "mục 3, 2.1.: \"Tỷ lệ\" phải là tỉ lệ phần trăm từ 0 đến 100, nhận được \"100.5\"");
    expect_problem("ten_co_quan: X\nnam_bao_cao: 1899\nung_dung: [{ten: a}]\n", 2, 14,
                   "mục 1, 2.: \"Năm báo cáo\" phải là năm từ 1900 đến 2100, nhận được \"1899\"");
    expect_problem(BASE "ngay_khai: 2025-02-29\n", 4, 12,
                   "phần ký: \"Địa danh, ngày ký (Thủ trưởng cơ quan)\" phải là ngày có thật, viết "
                   "dd/mm/yyyy (ví dụ 15/12/2026) hoặc yyyy-mm-dd, nhận được \"2025-02-29\": "
                   "tháng 2 năm 2025 không có ngày 29 (chỉ có 28 ngày)");
    expect_problem(BASE "dien_thoai: \"024-abc\"\n", 4, 13,
                   "mục 1, 3.: \"Điện thoại\" phải là số điện thoại (chữ số, khoảng trắng, + . - ( "
                   ")), nhận được \"024-abc\"");
    expect_problem(BASE "email: a@b\n", 4, 8,
                   "mục 1, 3.: \"Thư điện tử\" phải là địa chỉ thư điện tử dạng ten@mien, nhận được "
                   "\"a@b\"");
    expect_problem(BASE "website: www.x.vn\n", 4, 10,
                   "mục 1, 3.: \"Website\" phải là địa chỉ web bắt đầu bằng http:// hoặc https://, "
                   "nhận được \"www.x.vn\"");
    expect_problem(BASE "he_thong: web\n", 4, 11,
                   "mục 3, 3.: \"Hệ thống đang dùng\" phải là một trong: website (\"Trang thông "
                   "tin điện tử\"), portal (\"Cổng thông tin điện tử\"); nhận được \"web\" "
                   "(có phải \"website\"?)");
    expect_problem(BASE "chuc_nang: [noi_bo, xyz]\n", 4, 21,
                   "mục 3, 4.: \"Chức năng\" phải là một trong: noi_bo (\"Nội bộ\"), ben_ngoai "
                   "(\"Bên ngoài\"), khac (\"Khác\"); nhận được \"xyz\"");
    /* the printed wording or the key without diacritics is the option when only one reads so */
    {
        bc_err e = BC_ERR_INIT;
        bc_data *d = NULL;
        char *path;
        assert_int_equal(load(BASE "he_thong: cổng THÔNG tin điện tử\nchuc_nang: [Nội bộ, KHAC]\n",
                              &d, &e, &path), BC_OK);
        assert_true(bc_value_has(val(d, "he_thong"), "portal"));
        assert_true(bc_value_has(val(d, "chuc_nang"), "noi_bo"));
        assert_true(bc_value_has(val(d, "chuc_nang"), "khac"));
        bc_data_free(d);
        drop_tmp(path);
    }
    expect_problem(BASE "thu_truong: {a: 1}\n", 4, 13,
                   "phần ký: \"Họ và tên (Thủ trưởng cơ quan)\" phải là văn bản, nhận được một bảng "
                   "khóa–giá trị");
}

static void test_good_edge_values(void **state)
{
    (void)state;
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    char *path;
    assert_int_equal(load(BASE "ngay_khai: 2024-02-29\nso_can_bo: 1000000000000000\n"
                               "ty_le_may: 100\nso_may_tinh: ~\nbang_thong: \"12,5\"\n"
                               "dien_thoai: \"+84 (24) 3822.1234\"\nhe_thong:\n",
                          &d, &e, &path), BC_OK);
    show_diags(&e);
    assert_string_equal(val(d, "so_can_bo")->text, "1.000.000.000.000.000");
    assert_string_equal(val(d, "bang_thong")->text, "12,5");
    assert_false(val(d, "so_may_tinh")->present);
    assert_false(val(d, "he_thong")->present);
    /* the formula's inputs are missing, so the given figure stands */
    assert_string_equal(val(d, "ty_le_may")->text, "100,00");
    bc_data_free(d);
    drop_tmp(path);
}

static void test_unknown_key_suggestion(void **state)
{
    (void)state;
    expect_problem(BASE "so_may_tin: 5\n", 4, 1,
                   "khóa không có trong biểu mẫu: \"so_may_tin\" (có phải \"so_may_tinh\"?)");
    expect_problem(BASE "hoan_toan_khac: 5\n", 4, 1,
                   "khóa không có trong biểu mẫu: \"hoan_toan_khac\"");
}

static void test_bad_bytes(void **state)
{
    (void)state;
    expect_problem(BASE "thu_truong: \"Nguy\xff\xe1\xbb\x85n\"\n", 4, 18,
                   "phần ký: \"Họ và tên (Thủ trưởng cơ quan)\" không phải UTF-8 hợp lệ (byte 0xFF)");
    expect_problem(BASE "thu_truong: \"A\x01" "B\"\n", 4, 15,
                   "phần ký: \"Họ và tên (Thủ trưởng cơ quan)\" chứa ký tự điều khiển U+0001, "
                   "không được phép");
    expect_problem(BASE "# chú thích \xc3\n", 4, 13, "không phải UTF-8 hợp lệ (byte 0xC3)");
}

static void test_required_and_lists(void **state)
{
    (void)state;
    expect_problem("nam_bao_cao: 2025\nung_dung: [{ten: a}]\n", 1, 1,
                   "mục 1, 1.: \"Tên cơ quan\" là bắt buộc nhưng chưa có (khóa \"ten_co_quan\")");
    expect_problem("ten_co_quan: X\nnam_bao_cao: 2025\nung_dung: []\n", 3, 11,
                   "mục 5, 2.1.: \"ỨNG DỤNG DÙNG CHUNG\" cần ít nhất 1 dòng, nhận được 0");
    expect_problem("ten_co_quan: X\nnam_bao_cao: 2025\nung_dung:\n  - ten: a\n  - so_don_vi: 1\n"
                   "  - ten: c\n    so_don_vi: x\n    ket_noi: maybe\n    tenn: d\n",
                   5, 5, "mục 5, 2.1., dòng 2: \"Tên ứng dụng\" là bắt buộc nhưng chưa có (khóa \"ten\")");
    expect_problem("ten_co_quan: X\nnam_bao_cao: 2025\nung_dung:\n  - ten: c\n    so_don_vi: x\n",
                   5, 16, "mục 5, 2.1., dòng 1: \"Số đơn vị\" phải là số nguyên ≥ 0, nhận được \"x\"; viết bằng chữ số, ví dụ 4500 hoặc 4.500");
    expect_problem("ten_co_quan: X\nnam_bao_cao: 2025\nung_dung:\n  - ten: c\n    tenn: d\n",
                   5, 5, "mục 5, 2.1., dòng 1: khóa không có trong biểu mẫu: \"tenn\" (có phải \"ten\"?)");
}

static void test_relations(void **state)
{
    (void)state;
    expect_problem(BASE "so_can_bo: 10\nso_may_tinh: 12\n", 5, 14,
                   "mục 3, 2.: \"Tổng số cán bộ, công chức, viên chức được trang bị máy tính\" "
                   "không được lớn hơn \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" "
                   "(10), nhận được 12");
    expect_problem(BASE "bang_thong: -0.5\n", 4, 13,
                   "mục 3, 2.1.: \"băng thông\" không được nhỏ hơn 0,0, nhận được -0,5");
}

static void test_computed(void **state)
{
    (void)state;
    /* 6 / 7 = 85,714…: 85,71 agrees within two decimals, 85,8 does not */
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    char *path;
    assert_int_equal(load(BASE "so_can_bo: 7\nso_may_tinh: 6\nty_le_may: 85.71\n", &d, &e, &path),
                     BC_OK);
    assert_string_equal(val(d, "ty_le_may")->text, "85,71");
    bc_data_free(d);
    drop_tmp(path);
    expect_problem(BASE "so_can_bo: 7\nso_may_tinh: 6\nty_le_may: 85.8\n", 6, 12,
                   "mục 3, 2.1.: \"Tỷ lệ\" là 85,80 nhưng theo tỉ lệ phần trăm "
                   "\"Tổng số cán bộ, công chức, viên chức được trang bị máy tính\" (6) trên \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" (7) phải là 85,71; "
                   "sửa số liệu hoặc để trống để biểu mẫu tự tính");
    /* not given: the message points at the formula's first input in the file */
    expect_problem(BASE "so_can_bo: 0\nso_may_tinh: 0\n", 5, 14,
                   "mục 3, 2.1.: \"Tỷ lệ\" không tính được: tỉ lệ phần trăm "
                   "\"Tổng số cán bộ, công chức, viên chức được trang bị máy tính\" (0) trên \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" (0) chia cho 0");
    expect_problem(BASE "so_ung_dung: 3\n", 4, 14,
                   "mục 5, 2.1.: \"Danh sách ứng dụng\" là 3 nhưng theo số dòng của \"ỨNG DỤNG DÙNG "
                   "CHUNG\" (1) phải là 1; sửa số liệu hoặc để trống để biểu mẫu tự tính");
}

static void test_many_problems_at_once(void **state)
{
    (void)state;
    char *p = fixture("bad.yaml");
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    assert_int_equal(bc_data_load(layout, p, &d, &e), BC_BADINPUT);
    assert_int_equal(e.n, 14);
    /* sorted top to bottom */
    for (size_t i = 1; i < e.n; i++)
        assert_true(e.items[i - 1].line <= e.items[i].line);
    bc_err_free(&e);
    free(p);
}

static void test_empty_and_wrong_shape(void **state)
{
    (void)state;
    /* a repeated key is refused in the form's terms, and the repeat's value is never checked */
    expect_sole_problem(BASE "so_can_bo: 1\nso_can_bo: x\n", 5, 1,
                        "mục 3, 1.: \"Tổng số cán bộ, công chức, viên chức của toàn cơ quan\" khóa "
                        "\"so_can_bo\" lặp lại (đã có ở dòng 4); mỗi khóa chỉ được ghi một lần");
    /* a choices key twice once wrote the second list past an array sized for the first */
    expect_sole_problem(BASE "chuc_nang: [khac]\nchuc_nang: [noi_bo, ben_ngoai, khac, noi_bo, khac]\n",
                        5, 1, "mục 3, 4.: \"Chức năng\" khóa \"chuc_nang\" lặp lại (đã có ở dòng 4); mỗi "
                        "khóa chỉ được ghi một lần");
    expect_problem("", 0, 0,
                   "tệp rỗng: không có nội dung YAML nào (chỉ có khoảng trắng hoặc chú thích)");
    expect_problem("- a\n- b\n", 1, 1,
                   "tệp dữ liệu phải là một bảng khóa–giá trị (khóa: giá trị), nhận được một danh "
                   "sách");
}

static void *load_in_thread(void *arg)
{
    const char *path = arg;
    for (int i = 0; i < 20; i++) {
        bc_err e = BC_ERR_INIT;
        bc_data *d = NULL;
        if (bc_data_load(layout, path, &d, &e) != BC_OK ||
            strcmp(bc_data_value(d, bc_layout_find(layout, "ty_le_may"), 0)->text, "81,00"))
            return (void *)1;
        bc_data_free(d);
        bc_err_free(&e);
    }
    return NULL;
}

static void test_threads_share_layout(void **state)
{
    (void)state;
    char *p = fixture("good.yaml");
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, load_in_thread, p), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        assert_null(r);
    }
    free(p);
}

static void test_csv(void **state)
{
    (void)state;
    bc_layout *flat = fixture_layout("flat.yaml");
    char *p = fixture("flat-good.csv");
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    /* ';' separated (a Vietnamese spreadsheet), BOM, CRLF, quotes, decimal comma, options */
    assert_int_equal(bc_data_load(flat, p, &d, &e), BC_OK);
    const bc_value *v = bc_data_value(d, bc_layout_find(flat, "ten_don_vi"), 0);
    assert_string_equal(v->text, "Sở TT&TT; \"Hà Nội\"");
    assert_string_equal(bc_data_value(d, bc_layout_find(flat, "so_may"), 0)->text, "1.234");
    assert_string_equal(bc_data_value(d, bc_layout_find(flat, "ty_le"), 0)->text, "87,5");
    assert_string_equal(bc_data_value(d, bc_layout_find(flat, "ngay"), 0)->text, "09/03/2026");
    assert_true(bc_value_has(bc_data_value(d, bc_layout_find(flat, "chuc_nang"), 0), "khac"));
    bc_data_free(d);
    free(p);

    /* positions are the cell's line and its column number, named as a spreadsheet names it */
    p = strdup("/tmp/bc-form-test-csv.csv");
    FILE *f = fopen(p, "w");
    fputs("ten_don_vi,nam,so_mai\nA,20x5,3,9\nB,2025\n", f);
    fclose(f);
    assert_int_equal(bc_data_load(flat, p, &d, &e), BC_BADINPUT);
    assert_true(has_diag(&e, 1, 3, "cột C: khóa không có trong biểu mẫu: \"so_mai\" (có phải \"so_may\"?)"));
    assert_true(has_diag(&e, 2, 2, "cột B (nam): mục 1, 2.: \"Năm\" phải là năm từ 1900 đến 2100, nhận được \"20x5\"; viết bốn chữ số, ví dụ 2025"));
    assert_true(has_diag(&e, 2, 0, "dòng giá trị có 4 ô, dòng tiêu đề chỉ có 3 khóa"));
    assert_true(has_diag(&e, 3, 1, "tệp CSV chỉ được có một dòng giá trị (một báo cáo); dòng 3 là dòng "
                                   "thứ hai"));
    bc_err_free(&e);
    unlink(p);
    free(p);
    bc_layout_free(flat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_nfd_becomes_nfc),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_good_edge_values),
        cmocka_unit_test(test_unknown_key_suggestion),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_required_and_lists),
        cmocka_unit_test(test_relations),
        cmocka_unit_test(test_computed),
        cmocka_unit_test(test_many_problems_at_once),
        cmocka_unit_test(test_empty_and_wrong_shape),
        cmocka_unit_test(test_threads_share_layout),
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests_name("data", tests, mini_setup, mini_teardown);
}
