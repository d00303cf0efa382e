/* test_build.c — the document tree built from tests/fixtures/form/mini.yaml: blank form (blanks,
 * empty boxes, room for list rows), filled form (values, ticks, rows), tables (header flags,
 * column numbers, merges, widths), footnotes, signatures, page set-up and metadata; and the
 * constructs of the layout language v2 from tests/fixtures/form/v2.yaml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doc/build.h"
#include "form/data.h"
#include "form/layout.h"
#include "form_fixtures.h"




static bc_doc *build(int filled)
{
    bc_data *d = NULL;
    bc_err e = BC_ERR_INIT;
    if (filled) {
        char *p = fixture("good.yaml");
        assert_int_equal(bc_data_load(layout, p, &d, &e), BC_OK);
        free(p);
    }
    bc_doc *doc = NULL;
    assert_int_equal(bc_build(layout, d, &doc, &e), BC_OK);
    bc_data_free(d); /* the tree must not depend on the data set */
    bc_err_free(&e);
    return doc;
}

/* The n-th block of a kind. */
static const bc_block *nth(const bc_doc *doc, bc_block_kind kind, int n)
{
    for (const bc_block *b = doc->first; b; b = b->next)
        if (b->kind == kind && n-- == 0)
            return b;
    fail_msg("no block %d of kind %d", n, kind);
    return NULL;
}

/* The paragraph whose text starts with `prefix`. */
static const bc_para *para_starting(bc_doc *doc, const char *prefix)
{
    for (const bc_block *b = doc->first; b; b = b->next)
        if (b->kind == BC_BLK_PARA && !strncmp(bc_para_text(doc, b->u.para), prefix, strlen(prefix)))
            return b->u.para;
    fail_msg("no paragraph starting %s", prefix);
    return NULL;
}

static void test_blank_form(void **state)
{
    (void)state;
    bc_doc *doc = build(0);
    const bc_para *p = para_starting(doc, "1. Tên cơ quan");
    assert_int_equal(p->style, BC_STYLE_ITEM);
    /* number first, then a space, then the wording, then a 30 mm blank */
    assert_string_equal(p->runs->text, "1.");
    assert_string_equal(p->runs->next->text, " ");
    assert_int_equal(p->last->kind, BC_RUN_BLANK);
    assert_true(p->last->blank_mm == 30);
    p = para_starting(doc, "☐ Trang thông tin");
    assert_int_equal(p->runs->kind, BC_RUN_CHECKBOX);
    assert_false(p->runs->checked);
    assert_int_equal(p->level, 1);
    assert_string_equal(bc_para_text(doc, para_starting(doc, "4. ")),
                        "4. Chức năng: ☐ Nội bộ ☐ Bên ngoài ☐ Khác");
    /* the list table keeps room for three handwritten rows: empty cells, empty boxes */
    const bc_table *t = nth(doc, BC_BLK_TABLE, 0)->u.table;
    assert_int_equal(t->nrows, 3 + 1 + 3);
    for (int r = 4; r < 7; r++) {
        for (int c = 0; c < 3; c++)
            assert_null(t->rows[r].cells[c].para->runs);
        assert_string_equal(bc_para_text(doc, t->rows[r].cells[3].para), "☐");
    }
    /* the signer's date: short blanks for day and month */
    const bc_sigcol *s = &nth(doc, BC_BLK_SIGNATURES, 0)->u.sig->cols[0];
    assert_string_equal(bc_para_text(doc, s->place), "Hà Nội, ngày …… tháng …… năm ……");
    assert_true(s->place->runs->next->blank_mm == 10);
    assert_string_equal(doc->meta.author, "");
    bc_doc_free(doc);
}

static void test_filled_form(void **state)
{
    (void)state;
    bc_doc *doc = build(1);
    const bc_para *p = para_starting(doc, "1. Tổng số cán bộ");
    assert_int_equal(p->last->kind, BC_RUN_VALUE);
    assert_string_equal(p->last->text, "12.345");
    assert_string_equal(bc_para_text(doc, para_starting(doc, "2.1. ")),
                        "2.1. Tỷ lệ: 81,00%; băng thông 87,5 Mbps");
    assert_string_equal(bc_para_text(doc, para_starting(doc, "☐ Trang")),
                        "☐ Trang thông tin điện tử");
    assert_string_equal(bc_para_text(doc, para_starting(doc, "☒ Cổng")), "☒ Cổng thông tin điện tử");
    assert_string_equal(bc_para_text(doc, para_starting(doc, "4. ")),
                        "4. Chức năng: ☒ Nội bộ ☐ Bên ngoài ☒ Khác");
    const bc_table *t = nth(doc, BC_BLK_TABLE, 0)->u.table;
    assert_int_equal(t->nrows, 3 + 1 + 2);
    assert_string_equal(bc_para_text(doc, t->rows[4].cells[0].para), "1");
    assert_string_equal(bc_para_text(doc, t->rows[5].cells[0].para), "2");
    assert_string_equal(bc_para_text(doc, t->rows[5].cells[1].para), "Một cửa điện tử");
    assert_string_equal(bc_para_text(doc, t->rows[4].cells[2].para), "12");
    assert_true(t->rows[4].cells[3].para->runs->checked);
    assert_false(t->rows[4].cells[4].para->runs->checked);
    assert_true(t->rows[5].cells[4].para->runs->checked);
    /* Nghị định 30: a leading zero for days below 10 and for January and February */
    const bc_sigcol *s = &nth(doc, BC_BLK_SIGNATURES, 0)->u.sig->cols[0];
    assert_string_equal(bc_para_text(doc, s->place), "Hà Nội, ngày 05 tháng 02 năm 2026");
    assert_string_equal(bc_para_text(doc, s->name), "Nguyễn Văn A");
    assert_string_equal(doc->meta.author, "Sở Thông tin và Truyền thông");
    assert_string_equal(doc->meta.subject, "Báo cáo năm 2025");
    bc_doc_free(doc);
}

static void test_table_structure(void **state)
{
    (void)state;
    bc_doc *doc = build(1);
    const bc_table *t = nth(doc, BC_BLK_TABLE, 0)->u.table;
    assert_int_equal(t->ncols, 5);
    assert_int_equal(t->nheader, 3);
    assert_true(t->rows[0].header && t->rows[1].header && t->rows[2].header);
    assert_false(t->rows[3].header);
    double total = 0;
    for (int c = 0; c < 5; c++)
        total += t->widths[c];
    assert_true(total > 0.999999 && total < 1.000001);
    assert_true(t->widths[0] > 0.0799 && t->widths[0] < 0.0801);
    /* "TT" over two header rows; "Kết nối" over two columns */
    assert_int_equal(t->rows[0].cells[0].rowspan, 2);
    assert_true(t->rows[1].cells[0].covered);
    assert_int_equal(t->rows[1].cells[0].origin_row, 0);
    assert_int_equal(t->rows[0].cells[3].colspan, 2);
    assert_true(t->rows[0].cells[4].covered);
    assert_string_equal(bc_para_text(doc, t->rows[1].cells[3].para), "Có");
    assert_int_equal(t->rows[0].cells[1].para->style, BC_STYLE_TABLE_HEAD);
    /* the column numbers row */
    assert_string_equal(bc_para_text(doc, t->rows[2].cells[0].para), "(1)");
    assert_string_equal(bc_para_text(doc, t->rows[2].cells[4].para), "(5)");
    /* the group row: bold, one cell over four columns */
    assert_true(t->rows[3].group);
    assert_int_equal(t->rows[3].cells[1].colspan, 4);
    assert_string_equal(bc_para_text(doc, t->rows[3].cells[1].para), "ỨNG DỤNG DÙNG CHUNG");
    bc_doc_free(doc);
}

static void test_footnotes_styles_page(void **state)
{
    (void)state;
    bc_doc *doc = build(1);
    /* numbered in order of first use: the subtitle's, then the item's */
    assert_int_equal(doc->nnotes, 2);
    assert_string_equal(bc_para_text(doc, doc->notes[0]),
                        "Báo cáo được thực hiện trên cơ sở tổng hợp số liệu.");
    assert_int_equal(doc->notes[0]->style, BC_STYLE_FOOTNOTE);
    const bc_para *sub = para_starting(doc, "(Kèm theo");
    assert_int_equal(sub->style, BC_STYLE_SUBTITLE);
    assert_int_equal(sub->last->kind, BC_RUN_NOTEREF);
    assert_int_equal(sub->last->note, 1);
    assert_string_equal(sub->last->text, "1");
    assert_true(sub->runs->next->bold);
    assert_false(sub->runs->bold);
    const bc_para *item = para_starting(doc, "2. Tổng số cán bộ");
    int found = 0;
    for (const bc_run *r = item->runs; r; r = r->next)
        found |= r->kind == BC_RUN_NOTEREF && r->note == 2;
    assert_true(found);
    assert_int_equal(para_starting(doc, "BIỂU MẪU THỬ")->style, BC_STYLE_TITLE);
    assert_int_equal(para_starting(doc, "MỤC 1.")->style, BC_STYLE_SECTION);
    /* page set-up, orientation change, signatures, metadata */
    assert_true(doc->page.top_mm == 25 && doc->page.left_mm == 35 && doc->page.right_mm == 15);
    assert_false(doc->page.landscape);
    assert_true(doc->styles[BC_STYLE_BODY].size_pt == 14);
    assert_true(nth(doc, BC_BLK_PAGE, 0)->u.landscape);
    const bc_sigblock *sb = nth(doc, BC_BLK_SIGNATURES, 0)->u.sig;
    assert_int_equal(sb->ncols, 1);
    assert_string_equal(sb->cols[0].role, "thu-truong");
    assert_true(sb->cols[0].space_mm == 25);
    assert_int_equal(sb->cols[0].title->style, BC_STYLE_SIGN_TITLE);
    assert_string_equal(bc_para_text(doc, sb->cols[0].note), "(Ký tên, đóng dấu)");
    assert_string_equal(doc->meta.title, "Biểu mẫu thử nghiệm");
    assert_string_equal(doc->meta.form_id, "mini");
    assert_string_equal(doc->meta.creator, "baocao 0.1.0");
    assert_null(doc->org_sig_role);
    bc_doc_free(doc);
}

/* The blank form of a layout given as text. */
static bc_doc *build_blank_from(const char *yaml)
{
    char *p = write_tmp(yaml);
    bc_err e = BC_ERR_INIT;
    bc_layout *l = NULL;
    bc_doc *doc = NULL;
    assert_int_equal(bc_layout_load(p, &l, &e), BC_OK);
    assert_int_equal(bc_build(l, NULL, &doc, &e), BC_OK);
    bc_layout_free(l);
    drop_tmp(p);
    return doc;
}

static void test_layout_wording_is_nfc(void **state)
{
    (void)state;
    /* "Việt" typed decomposed in the layout reaches the tree composed */
    bc_doc *doc = build_blank_from("id: nfd\ntitle: T\nsource: S\nfields: {}\nbody:\n"
                                   "  - para: \"Vie\xcc\xa3\xcc\x82t Nam\"\n");
    assert_string_equal(bc_para_text(doc, doc->first->u.para), "Việt Nam");
    bc_doc_free(doc);
}

static void test_attachment(void **state)
{
    (void)state;
    bc_doc *doc = build_blank_from("id: phu-luc\ntitle: T\nsource: S\nattachment: true\n"
                                   "page: {orientation: landscape}\nfields: {}\nbody:\n"
                                   "  - title: \"A\"\n");
    /* sent as a separate file: the organisation signs as text at the top right of page 1 */
    assert_string_equal(doc->org_sig_role, "to-chuc");
    assert_true(doc->page.landscape);
    assert_true(doc->styles[BC_STYLE_BODY].size_pt == 13);
    assert_true(doc->page.left_mm == 30 && doc->page.top_mm == 20);
    bc_doc_free(doc);
}

/* Builds tests/fixtures/form/groups.yaml, with its data or blank. */
static bc_doc *build_groups(int filled, bc_layout **l)
{
    *l = fixture_layout("groups.yaml");
    assert_non_null(*l);
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    if (filled) {
        char *p = fixture("groups-data.yaml");
        assert_int_equal(bc_data_load(*l, p, &d, &e), BC_OK);
        free(p);
    }
    bc_doc *doc = NULL;
    assert_int_equal(bc_build(*l, d, &doc, &e), BC_OK);
    bc_data_free(d);
    return doc;
}

static void test_lists_between_group_rows(void **state)
{
    (void)state;
    bc_layout *l;
    bc_doc *doc = build_groups(1, &l);
    const bc_table *t = nth(doc, BC_BLK_TABLE, 0)->u.table;
    /* header, numbers, A, 2 rows, B, 1 row, total */
    assert_int_equal(t->nrows, 2 + 1 + 2 + 1 + 1 + 1);
    assert_true(t->rows[2].group && t->rows[5].group);
    assert_int_equal(t->rows[2].cells[1].colspan, 2);
    assert_string_equal(bc_para_text(doc, t->rows[3].cells[0].para), "1");
    assert_string_equal(bc_para_text(doc, t->rows[4].cells[0].para), "2");
    assert_string_equal(bc_para_text(doc, t->rows[4].cells[2].para), "800");
    /* each list numbers its rows from 1 */
    assert_string_equal(bc_para_text(doc, t->rows[6].cells[0].para), "1");
    assert_string_equal(bc_para_text(doc, t->rows[6].cells[1].para), "Chứng thực bản sao");
    assert_false(t->rows[7].group);
    assert_string_equal(bc_para_text(doc, t->rows[7].cells[2].para), "2.045");
    /* align: body cells carry their column's alignment; the header keeps its style's */
    assert_true(t->rows[3].cells[2].para->has_align);
    assert_int_equal(t->rows[3].cells[2].para->align, BC_ALIGN_RIGHT);
    assert_int_equal(t->rows[7].cells[0].para->align, BC_ALIGN_CENTER);
    assert_false(t->rows[0].cells[2].para->has_align);
    assert_string_equal(bc_layout_field(l, 0)->label, "CẤP TỈNH");
    bc_doc_free(doc);
    bc_layout_free(l);
    doc = build_groups(0, &l);
    t = nth(doc, BC_BLK_TABLE, 0)->u.table;
    /* blank: three empty rows for each list */
    assert_int_equal(t->nrows, 2 + 1 + 3 + 1 + 3 + 1);
    assert_true(t->rows[6].group);
    assert_null(t->rows[3].cells[0].para->runs);
    assert_int_equal(t->rows[10].cells[2].para->runs->kind, BC_RUN_BLANK);
    bc_doc_free(doc);
    bc_layout_free(l);
}


/* The tree of the layout language v2 (tests/fixtures/form/v2.yaml): breaks, tabs and their
 * stops, answer areas, boxes, a diagonal cell, a cell's own alignment, a placed signature block,
 * endnotes numbered from 3. */
static bc_doc *build_v2(bc_layout **l, const char *data)
{
    *l = fixture_layout("v2.yaml");
    assert_non_null(*l);
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    if (data) {
        char *p = write_tmp(data);
        assert_int_equal(bc_data_load(*l, p, &d, &e), BC_OK);
        drop_tmp(p);
    }
    bc_doc *doc = NULL;
    assert_int_equal(bc_build(*l, d, &doc, &e), BC_OK);
    bc_data_free(d);
    bc_err_free(&e);
    return doc;
}

static int count_runs(const bc_para *p, bc_run_kind kind)
{
    int n = 0;
    for (const bc_run *r = p->runs; r; r = r->next)
        n += r->kind == kind;
    return n;
}

static void test_v2_tree(void **state)
{
    (void)state;
    bc_layout *l;
    bc_doc *doc = build_v2(&l, NULL);
    const bc_para *sub = nth(doc, BC_BLK_PARA, 1)->u.para;
    assert_string_equal(bc_para_text(doc, sub), "(Dòng một\nDòng hai của tiêu đề phụ)");
    const bc_para *opts = para_starting(doc, "\t☐ KT < 10 Mb");
    assert_int_equal(count_runs(opts, BC_RUN_TAB), 3);
    assert_int_equal(opts->ntabs, 3);
    assert_true(opts->tabs_mm[1] == 60);
    /* blank answer area: a break, then three blanks as wide as the text (210 − 30 − 15 − 1) */
    const bc_para *ans = para_starting(doc, "1. Liệt kê");
    assert_int_equal(count_runs(ans, BC_RUN_BREAK), 3);
    int blanks = 0;
    for (const bc_run *r = ans->runs; r; r = r->next)
        if (r->kind == BC_RUN_BLANK) {
            assert_true(r->blank_mm == 164);
            blanks++;
        }
    assert_int_equal(blanks, 3);
    const bc_para *box = para_starting(doc, "2. Ghi rõ");
    assert_true(box->last->kind == BC_RUN_BLANK && box->last->boxed && box->last->blank_mm == 15);
    const bc_table *t = nth(doc, BC_BLK_TABLE, 0)->u.table;
    assert_non_null(t->rows[0].cells[0].diag);
    assert_string_equal(bc_para_text(doc, t->rows[0].cells[0].para), "Trình độ");
    assert_string_equal(bc_para_text(doc, t->rows[0].cells[0].diag), "Đối tượng");
    assert_null(t->rows[0].cells[1].diag);
    assert_true(t->rows[2].cells[1].para->has_align);
    assert_int_equal(t->rows[2].cells[1].para->align, BC_ALIGN_LEFT);
    assert_int_equal(t->rows[1].cells[1].para->align, BC_ALIGN_RIGHT);
    assert_int_equal(nth(doc, BC_BLK_SIGNATURES, 0)->u.sig->at, BC_ALIGN_RIGHT);
    assert_true(doc->notes_at_end);
    assert_int_equal(doc->note_start, 3);
    assert_int_equal(doc->nnotes, 2);
    assert_int_equal(bc_doc_note_mark(doc, 1), 3);
    bc_doc_free(doc);
    bc_layout_free(l);

    doc = build_v2(&l, "ung_dung_khac: \"A   phần mềm\\nB\"\nso_may_chu: 12\nco_van_ban: khong\n");
    ans = para_starting(doc, "1. Liệt kê");
    assert_string_equal(bc_para_text(doc, ans), "1. Liệt kê các ứng dụng khác: \nA phần mềm\nB");
    box = para_starting(doc, "2. Ghi rõ");
    assert_true(box->last->kind == BC_RUN_VALUE && box->last->boxed);
    assert_string_equal(box->last->text, "12");
    const bc_para *mark = para_starting(doc, "2. Ghi rõ số lượng máy chủ3");
    assert_non_null(mark);
    bc_doc_free(doc);
    bc_layout_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_form),
        cmocka_unit_test(test_filled_form),
        cmocka_unit_test(test_table_structure),
        cmocka_unit_test(test_footnotes_styles_page),
        cmocka_unit_test(test_layout_wording_is_nfc),
        cmocka_unit_test(test_attachment),
        cmocka_unit_test(test_lists_between_group_rows),
        cmocka_unit_test(test_v2_tree),
    };
    return cmocka_run_group_tests_name("build", tests, mini_setup, mini_teardown);
}
