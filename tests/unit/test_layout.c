/* test_layout.c — loading a layout: the model, field binding (where, label), rules text, every
 * kind of layout error with its line and column, and finding a layout by id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "form/data.h"
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


/* ---- the layout language v2 (tests/fixtures/form/v2.yaml: one of each construct) ---- */

static const bc_lblock *nth_block(const bc_layout *l, bc_lblock_kind kind, int nth)
{
    for (size_t i = 0; i < l->nblocks; i++)
        if (l->blocks[i].kind == kind && nth-- == 0)
            return &l->blocks[i];
    fail_msg("no such block");
    return NULL;
}

static int count_segs(const bc_text *t, bc_seg_kind kind)
{
    int n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += t->segs[i].kind == kind;
    return n;
}

/* 1. "\n" is a break segment, "\t" a tab segment, runs of spaces one space. */
static void test_v2_breaks_and_spaces(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    const bc_lblock *sub = nth_block(l, BC_LB_SUBTITLE, 0);
    assert_int_equal(count_segs(&sub->text, BC_SEG_BREAK), 1);
    assert_int_equal(sub->text.n, 3);
    assert_string_equal(sub->text.segs[0].text, "(Dòng một");
    assert_string_equal(sub->text.segs[2].text, "Dòng hai của tiêu đề phụ)");
    bc_layout_free(l);
}

/* 2. Option columns: tab stops on the paragraph, the option's wording without the tab. */
static void test_v2_option_columns(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    const bc_lblock *opts = nth_block(l, BC_LB_PARA, 0);
    assert_int_equal(opts->ntabs, 3);
    assert_true(opts->tabs_mm[0] == 10 && opts->tabs_mm[1] == 60 && opts->tabs_mm[2] == 115);
    assert_int_equal(count_segs(&opts->text, BC_SEG_TAB), 3);
    assert_string_equal(info(l, "kich_thuoc")->rules,
                        "một trong: duoi10 (KT < 10 Mb), tu10den20 (10 Mb ≤ KT ≤ 20 Mb), "
                        "tren20 (KT > 20 Mb)");
    bc_layout_free(l);
    bc_err e = load_text(HEAD "fields: {}\nbody:\n  - para: \"a\\tb\"\n    tabs_mm: [60, 10]\n"
                              "  - para: \"c\"\n    tabs_mm: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
    assert_true(has_diag(&e, 7, 19, "điểm dừng tab phải tăng dần, từ 0 đến 280 mm"));
    assert_true(has_diag(&e, 9, 14, "tabs_mm có từ 1 đến 8 điểm dừng, ở đây có 9"));
    bc_err_free(&e);
}

/* 3 and 4: answer areas and boxed figures, with their limits. */
static void test_v2_answer_lines_and_boxes(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    assert_int_equal(bc_layout_find(l, "ung_dung_khac")->lines, 3);
    assert_true(bc_layout_find(l, "so_may_chu")->boxed);
    assert_false(bc_layout_find(l, "thac_si")->boxed);
    bc_layout_free(l);
    bc_err e = load_text(HEAD "fields:\n  a: {type: text, lines: 21}\n  b: {type: integer, lines: 2}\n"
                              "  c: {type: choice, options: [x], box: true}\n"
                              "  d: {type: text, blank_mm: 201}\nbody: []\n");
    assert_true(has_diag(&e, 5, 26, "lines phải là số nguyên từ 1 đến 20"));
    assert_true(has_diag(&e, 6, 29, "lines chỉ dùng cho kiểu text (một vùng trả lời nhiều dòng)"));
    assert_true(has_diag(&e, 7, 40, "box không dùng cho kiểu choice"));
    assert_true(has_diag(&e, 8, 29, "blank_mm phải lớn hơn 0 và không quá 200"));
    bc_err_free(&e);
}

/* 5 and 6: a diagonal header cell; a cell's own alignment over its column's. */
static void test_v2_diagonal_and_cell_align(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    const bc_ltable *t = nth_block(l, BC_LB_TABLE, 0)->table;
    const bc_lcell *d = &t->header[0].cells[0];
    assert_non_null(d->diag);
    assert_string_equal(d->text.segs[0].text, "Trình độ");
    assert_string_equal(d->diag->segs[0].text, "Đối tượng");
    const bc_lcell *note = &t->rows[1].cells[1];
    assert_true(note->has_align);
    assert_int_equal(note->align, BC_ALIGN_LEFT);
    assert_int_equal(t->align[1], BC_ALIGN_RIGHT);
    assert_false(t->rows[0].cells[1].has_align);
    bc_layout_free(l);
    bc_err e = load_text(HEAD "fields: {}\nbody:\n  - table:\n      widths: [1, 1]\n      header:\n"
                              "        - [{diagonal: [a, b, c]}, {text: x, align: middle}]\n"
                              "        - [{text: y, diagonal: [a, b]}, z]\n");
    assert_true(has_diag(&e, 9, 23, "diagonal có đúng hai nhãn [trên phải, dưới trái], ở đây có 3"));
    assert_true(has_diag(&e, 9, 52, "align chỉ có left, center, right, justify; nhận được \"middle\""));
    assert_true(has_diag(&e, 10, 19, "ô có diagonal không có text (hai nhãn của nó là nội dung)"));
    bc_err_free(&e);
}

/* 7. One signature column at a side. */
static void test_v2_signature_at(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    assert_int_equal(nth_block(l, BC_LB_SIGNATURES, 0)->sig_at, BC_ALIGN_RIGHT);
    bc_layout_free(l);
    l = fixture_layout("mini.yaml");
    assert_non_null(l);
    assert_int_equal(nth_block(l, BC_LB_SIGNATURES, 0)->sig_at, BC_ALIGN_JUSTIFY);
    bc_layout_free(l);
    bc_err e = load_text(HEAD "fields: {}\nbody:\n  - signatures:\n      - {role: a}\n"
                              "      - {role: b}\n    at: right\n  - signatures:\n"
                              "      - {role: c}\n    at: top\n");
    assert_true(has_diag(&e, 6, 5, "at: chỉ dùng cho khối một cột chữ ký, ở đây có 2 cột"));
    assert_true(has_diag(&e, 12, 9, "at chỉ có left, center, right; nhận được \"top\""));
    bc_err_free(&e);
}

/* 8. Notes at the end, numbered from where the official form starts. */
static void test_v2_endnotes(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    assert_true(l->notes_at_end);
    assert_int_equal(l->note_start, 3);
    bc_layout_free(l);
    l = fixture_layout("mini.yaml");
    assert_non_null(l);
    assert_false(l->notes_at_end);
    assert_int_equal(l->note_start, 1);
    bc_layout_free(l);
    bc_err e = load_text(HEAD "fields: {}\nnotes: {at: bottom, start: 0, from: 2}\nbody: []\n");
    assert_true(has_diag(&e, 5, 13, "notes: at chỉ có foot (chân trang) hoặc end (cuối văn bản), "
                                    "nhận được \"bottom\""));
    assert_true(has_diag(&e, 5, 28, "notes: start phải là số nguyên từ 1 đến 999"));
    assert_true(has_diag_part(&e, 5, 31, "khóa không biết trong notes: \"from\""));
    bc_err_free(&e);
}

/* 9. Conditional rules: the loader's checks, then the data's message saying why. */
static void test_v2_conditions(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    const bc_field *f = bc_layout_find(l, "so_van_ban");
    assert_ptr_equal(f->cond, bc_layout_find(l, "co_van_ban"));
    assert_string_equal(f->cond_option, "co");
    assert_false(f->cond_forbids);
    assert_true(bc_layout_find(l, "ly_do")->cond_forbids);

    char *p = write_tmp("co_van_ban: co\nly_do: \"Chưa ban hành\"\n");
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    assert_int_equal(bc_data_load(l, p, &d, &e), BC_BADINPUT);
    assert_true(has_diag_part(&e, -1, 0, "mục B, 3. a.: \"Nếu có, xin cho biết số văn bản\" là "
                                         "bắt buộc vì mục B, 3. \"Có văn bản quy định không?\" "
                                         "là \"Có\" (khóa \"so_van_ban\")"));
    assert_true(has_diag(&e, 2, 8, "mục B, 3. b.: \"Nếu không, xin cho biết lý do\" phải để trống "
                                   "vì mục B, 3. \"Có văn bản quy định không?\" là \"Có\" (bỏ "
                                   "khóa \"ly_do\")"));
    assert_int_equal(e.n, 2);
    bc_err_free(&e);
    drop_tmp(p);
    p = write_tmp("co_van_ban: khong\nly_do: \"Chưa ban hành\"\n");
    assert_int_equal(bc_data_load(l, p, &d, &e), BC_OK);
    bc_data_free(d);
    drop_tmp(p);
    bc_layout_free(l);

    e = load_text(HEAD "fields:\n  q: {type: text}\n  c: {type: choice, options: [x]}\n"
                       "  a: {type: text, required_if: {field: q, is: x}}\n"
                       "  b: {type: text, forbidden_if: {field: c, is: y}}\n"
                       "  e: {type: text, required_if: {field: c}}\nbody: []\n");
    assert_true(has_diag(&e, 7, 40,
                         "required_if: \"q\" không phải một trường kiểu choice hoặc choices"));
    assert_true(has_diag(&e, 8, 48, "forbidden_if: \"y\" không có trong options của \"c\""));
    assert_true(has_diag(&e, 9, 32, "required_if cần cả field: và is:"));
    bc_err_free(&e);
}

/* 10. Lettered sections and items; a repeated item number warns and names its line. */
static void test_v2_labels_of_every_kind(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    assert_string_equal(info(l, "kich_thuoc")->where, "mục A, 1.");
    assert_string_equal(info(l, "so_van_ban")->where, "mục B, 3. a.");
    assert_string_equal(info(l, "ly_do")->where, "mục B, 3. b.");
    assert_int_equal(bc_layout_nwarnings(l), 0);
    bc_layout_free(l);

    char *p = write_tmp(HEAD "fields:\n  a: {type: text}\n  b: {type: text}\n  c: {type: text}\n"
                             "body:\n  - section: \"MỤC Đ. NHÂN LỰC\"\n"
                             "  - {item: \"3.\", text: \"Số cán bộ: {a}\"}\n"
                             "  - {item: \"3.\", text: \"Số cán bộ chuyên trách: {b}\"}\n"
                             "  - section: \"IV. KHÁC\"\n  - {item: \"đ)\", text: \"Khác: {c}\"}\n");
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_layout_load(p, &l, &e), BC_OK);
    assert_string_equal(info(l, "a")->where, "mục Đ, 3.");
    assert_string_equal(info(l, "b")->where, "mục Đ, 3. (\"Số cán bộ chuyên trách\")");
    assert_string_equal(info(l, "c")->where, "mục IV, đ)");
    assert_int_equal(bc_layout_nwarnings(l), 1);
    assert_non_null(strstr(bc_layout_warning(l, 0), ":11:5: số mục \"3.\" lặp lại trong mục Đ"));
    bc_layout_free(l);
    drop_tmp(p);
}

/* 11. A rowspan that overflows is reported once, at the cell that declares it. */
static void test_v2_rowspan_reported_once(void **state)
{
    (void)state;
    bc_err e = load_text(HEAD "fields: {}\nbody:\n  - table:\n      widths: [1, 1, 1]\n      rows:\n"
                              "        - [{text: a, rowspan: 3}, b, c]\n"
                              "        - [a2, b, c]\n        - [a3, b, c]\n        - [a4, b, c]\n"
                              "        - [x, y, z, w]\n");
    assert_true(has_diag(&e, 9, 12, "rowspan 3 của ô này phủ 2 dòng bên dưới, nhưng dòng 10 vẫn "
                                     "ghi 3 ô cho 3 cột: ở mỗi dòng bị phủ bỏ 1 ô, hoặc giảm "
                                     "rowspan"));
    assert_true(has_diag(&e, 13, 21, "ô này vượt quá 3 cột của bảng (widths)"));
    assert_int_equal(e.n, 2);
    bc_err_free(&e);
}

/* 12. A table cell's label: the row's header (not the unit after an earlier figure) and, when
 * the row has several figures, the column's header; a row's own number names it. */
static void test_v2_table_labels(void **state)
{
    (void)state;
    bc_layout *l = fixture_layout("v2.yaml");
    assert_non_null(l);
    assert_string_equal(info(l, "thac_si")->label, "Cán bộ chuyên trách CNTT (Thạc sĩ)");
    assert_string_equal(info(l, "tien_si")->label, "Cán bộ chuyên trách CNTT (Tiến sĩ)");
    assert_string_equal(info(l, "ghi_chu")->label, "Ghi chú");
    bc_layout_free(l);
    char *p = write_tmp(HEAD "fields:\n  a: {type: integer}\n  b: {type: integer}\n"
                             "  c: {type: integer}\nbody:\n  - {item: \"2.\", text: \"Máy tính\"}\n"
                             "  - table:\n      widths: [1, 3, 1, 1]\n"
                             "      header:\n        - [TT, Loại, Số lượng, Đang dùng]\n"
                             "      rows:\n        - [\"4\", Máy tính để bàn, \"{a} máy\", \"{b} máy\"]\n"
                             "        - [\"đ\", Máy chủ, \"{c}\", \"\"]\n");
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_layout_load(p, &l, &e), BC_OK);
    assert_string_equal(info(l, "b")->label, "Máy tính để bàn (Đang dùng)");
    assert_string_equal(info(l, "a")->where, "2., dòng 4");
    assert_string_equal(info(l, "c")->label, "Máy chủ");
    assert_string_equal(info(l, "c")->where, "2., dòng 4 đ");
    bc_layout_free(l);
    drop_tmp(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_and_page), cmocka_unit_test(test_where_and_labels),
        cmocka_unit_test(test_body_order),        cmocka_unit_test(test_table_model),
        cmocka_unit_test(test_errors_all_reported), cmocka_unit_test(test_more_errors),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_v2_breaks_and_spaces), cmocka_unit_test(test_v2_option_columns),
        cmocka_unit_test(test_v2_answer_lines_and_boxes),
        cmocka_unit_test(test_v2_diagonal_and_cell_align), cmocka_unit_test(test_v2_signature_at),
        cmocka_unit_test(test_v2_endnotes), cmocka_unit_test(test_v2_conditions), cmocka_unit_test(test_v2_labels_of_every_kind),
        cmocka_unit_test(test_v2_rowspan_reported_once), cmocka_unit_test(test_v2_table_labels),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
