/* test_pdf.c — the PDF renderer on a hand-built tree: line breaking, font fallback, tables,
 * footnotes, signature fields, page numbers. With an argument it also writes the sample PDF there,
 * for the end-to-end checks with independent tools (tests/e2e/20-pdf-render.t). */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/tree.h"
#include "pdf/fonts.h"
#include "pdf/render.h"
#include "pdf/textlayout.h"
#include "util/paths.h"

static const char LONG_TEXT[] =
    "Tổng số cán bộ, công chức, viên chức được trang bị máy tính trong toàn cơ quan, bao gồm cả "
    "máy tính để bàn và máy tính xách tay của tất cả các đơn vị thuộc, trực thuộc Bộ, cơ quan "
    "ngang Bộ và cơ quan thuộc Chính phủ";

static bc_para *text_para(bc_doc *d, bc_style_id st, const char *text)
{
    bc_para *p = bc_para_new(d, st, 0);
    bc_para_add(d, p, BC_RUN_TEXT, text);
    return p;
}

static bc_doc *sample_doc(void)
{
    bc_doc *d = bc_doc_new(13);
    d->meta.title = "Biểu mẫu báo cáo thử";
    d->meta.author = "Bộ Thông tin và Truyền thông";
    d->meta.creator = "baocao test";
    bc_doc_add_para(d, text_para(d, BC_STYLE_TITLE, "PHỤ LỤC I"));
    bc_doc_add_para(d, text_para(d, BC_STYLE_SUBTITLE, "(Ban hành kèm theo Thông tư số 06/2013/TT-BTTTT)"));
    bc_para *sec = text_para(d, BC_STYLE_SECTION, "MỤC 1. THÔNG TIN CHUNG");
    int n = bc_doc_add_note(d, text_para(d, BC_STYLE_FOOTNOTE,
                                         "Báo cáo được thực hiện trên cơ sở tổng hợp số liệu."));
    bc_run *ref = bc_para_add(d, sec, BC_RUN_NOTEREF, "1");
    ref->note = n;
    bc_doc_add_para(d, sec);
    bc_para *it = bc_para_new(d, BC_STYLE_ITEM, 0);
    bc_para_add(d, it, BC_RUN_TEXT, "1. Năm báo cáo: ");
    bc_para_add(d, it, BC_RUN_VALUE, "2025");
    bc_doc_add_para(d, it);
    bc_para *blank = bc_para_new(d, BC_STYLE_ITEM, 0);
    bc_para_add(d, blank, BC_RUN_TEXT, "4. Điện thoại: ");
    bc_para_add(d, blank, BC_RUN_BLANK, NULL)->blank_mm = 30;
    bc_para_add(d, blank, BC_RUN_TEXT, " Fax: ");
    bc_para_add(d, blank, BC_RUN_BLANK, NULL)->blank_mm = 30;
    bc_doc_add_para(d, blank);
    bc_para *box = bc_para_new(d, BC_STYLE_BODY, 1);
    bc_para_add(d, box, BC_RUN_CHECKBOX, NULL)->checked = 1;
    bc_para_add(d, box, BC_RUN_TEXT, " Có    ");
    bc_para_add(d, box, BC_RUN_CHECKBOX, NULL);
    bc_para_add(d, box, BC_RUN_TEXT, " Không");
    bc_doc_add_para(d, box);
    for (int i = 0; i < 3; i++)
        bc_doc_add_para(d, text_para(d, BC_STYLE_ITEM, LONG_TEXT));

    /* A table: two header rows (merged), a numbers row, 40 body rows so that it runs over. */
    bc_table *t = bc_table_new(d, 4, 3 + 40);
    double w[4] = {0.08, 0.52, 0.2, 0.2};
    memcpy(t->widths, w, sizeof w);
    const char *h0[4] = {"TT", "Tiêu chí", "Kết quả", ""};
    const char *h1[4] = {"", "", "Có", "Không"};
    for (int c = 0; c < 4; c++) {
        t->rows[0].cells[c].para->style = t->rows[1].cells[c].para->style = BC_STYLE_TABLE_HEAD;
        t->rows[2].cells[c].para->style = BC_STYLE_TABLE_HEAD;
        bc_para_add(d, t->rows[0].cells[c].para, BC_RUN_TEXT, h0[c]);
        bc_para_add(d, t->rows[1].cells[c].para, BC_RUN_TEXT, h1[c]);
        bc_para_add(d, t->rows[2].cells[c].para, BC_RUN_TEXT, (const char *[]){"(1)", "(2)", "(3)", "(4)"}[c]);
        t->rows[0].header = t->rows[1].header = t->rows[2].header = 1;
    }
    t->nheader = 3;
    bc_table_merge(t, 0, 0, 2, 1);
    bc_table_merge(t, 0, 1, 2, 1);
    bc_table_merge(t, 0, 2, 1, 2);
    for (int r = 3; r < t->nrows; r++) {
        char num[16];
        snprintf(num, sizeof num, "%d", r - 2);
        bc_para_add(d, t->rows[r].cells[0].para, BC_RUN_TEXT, num);
        bc_para_add(d, t->rows[r].cells[1].para, BC_RUN_TEXT,
                    r % 5 ? "Tin tức, sự kiện" : LONG_TEXT);
        bc_para_add(d, t->rows[r].cells[2].para, BC_RUN_CHECKBOX, NULL)->checked = r % 2;
        bc_para_add(d, t->rows[r].cells[3].para, BC_RUN_CHECKBOX, NULL)->checked = !(r % 2);
        for (int c = 2; c < 4; c++) {
            t->rows[r].cells[c].para->has_align = 1;
            t->rows[r].cells[c].para->align = BC_ALIGN_CENTER;
        }
    }
    bc_doc_add_table(d, t);

    bc_doc_add_page(d, 1);
    bc_doc_add_para(d, text_para(d, BC_STYLE_SECTION, "Bảng 3A.2 trên trang ngang"));

    bc_sigblock *s = bc_sigblock_new(d, 2);
    const char *roles[2] = {"nguoi-khai", "thu-truong"};
    const char *titles[2] = {"Người khai", "Thủ trưởng cơ quan"};
    const char *notes[2] = {"(Ký và ghi rõ họ, tên)", "(Ký tên, đóng dấu)"};
    for (int i = 0; i < 2; i++) {
        s->cols[i].role = roles[i];
        s->cols[i].place = text_para(d, BC_STYLE_SIGN_PLACE, "Hà Nội, ngày 15 tháng 01 năm 2026");
        s->cols[i].title = text_para(d, BC_STYLE_SIGN_TITLE, titles[i]);
        s->cols[i].note = text_para(d, BC_STYLE_SIGN_NOTE, notes[i]);
        s->cols[i].name = text_para(d, BC_STYLE_SIGN_NAME, i ? "Trần Quốc Khánh" : "Nguyễn Thị Thu Hương");
        s->cols[i].space_mm = 30;
    }
    bc_doc_add_signatures(d, s);
    return d;
}

static bc_buf render(bc_doc *d, bc_status *st, bc_err *err)
{
    char *fonts = bc_resource_dir("fonts");
    bc_pdf_options o = {fonts};
    bc_buf out = BC_BUF_INIT;
    bc_pdf_result res;
    *st = bc_pdf_render(d, &o, &out, &res, err);
    free(fonts);
    return out;
}

static void test_renders_sample(void **state)
{
    (void)state;
    bc_doc *d = sample_doc();
    bc_err err = BC_ERR_INIT;
    bc_status st;
    bc_buf out = render(d, &st, &err);
    bc_err_print(&err, stderr);
    assert_int_equal(st, BC_OK);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "%PDF-", 5);
    /* Two signature fields, named by role, for `baocao sign` to fill. */
    assert_non_null(memmem(out.data, out.len, "(nguoi-khai)", 12));
    assert_non_null(memmem(out.data, out.len, "(thu-truong)", 12));
    assert_non_null(memmem(out.data, out.len, "/FlateDecode", 12));
    bc_buf_free(&out);
    bc_doc_free(d);
    bc_err_free(&err);
}

static void test_missing_glyph_is_refused(void **state)
{
    (void)state;
    bc_doc *d = bc_doc_new(13);
    bc_doc_add_para(d, text_para(d, BC_STYLE_BODY, "Ký tự lạ: \xF0\x9F\x98\x80")); /* U+1F600 */
    bc_err err = BC_ERR_INIT;
    bc_status st;
    bc_buf out = render(d, &st, &err);
    assert_int_equal(st, BC_BADINPUT);
    assert_int_equal(err.n, 1);
    assert_non_null(strstr(err.items[0].msg, "U+1F600"));
    bc_buf_free(&out);
    bc_doc_free(d);
    bc_err_free(&err);
}

/* Line breaking, measured with the real fonts. */
typedef struct fixture {
    HPDF_Doc pdf;
    bc_fontset fs;
    bc_arena a;
    char *fonts; /* the font set loads faces from here on demand */
} fixture;

static int setup_fonts(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(fx->pdf);
    HPDF_SetCurrentEncoder(fx->pdf, "UTF-8");
    fx->fonts = bc_resource_dir("fonts");
    bc_err err = BC_ERR_INIT;
    bc_status st = bc_fontset_load(fx->pdf, fx->fonts, &fx->fs, &err);
    bc_err_free(&err);
    *state = fx;
    return st == BC_OK ? 0 : -1;
}

static int teardown_fonts(void **state)
{
    fixture *fx = *state;
    HPDF_Free(fx->pdf);
    bc_arena_free(&fx->a);
    free(fx->fonts);
    free(fx);
    return 0;
}

static void test_lines_fit_and_justify(void **state)
{
    fixture *fx = *state;
    bc_doc *d = bc_doc_new(13);
    bc_para *p = text_para(d, BC_STYLE_ITEM, LONG_TEXT);
    bc_textbox tb;
    bc_err err = BC_ERR_INIT;
    double width = 165 * 72 / 25.4;
    assert_int_equal(bc_text_layout(&fx->a, &fx->fs, p, &d->styles[BC_STYLE_ITEM], width, &tb, &err), BC_OK);
    assert_true(tb.nlines >= 2);
    for (size_t i = 0; i < tb.nlines; i++) {
        assert_true(tb.lines[i].width <= width + 0.01);
        assert_int_equal(tb.lines[i].last, i == tb.nlines - 1);
        /* A line that is not the last is nearly full: greedy filling wastes at most one word. */
        if (i + 1 < tb.nlines)
            assert_true(tb.lines[i].width > width * 0.8);
        assert_true(tb.lines[i].n > 0 && tb.lines[i].pieces[tb.lines[i].n - 1].kind != BC_PIECE_SPACE);
    }
    assert_int_equal(tb.align, BC_ALIGN_JUSTIFY);
    bc_doc_free(d);
}

static void test_long_word_is_cut(void **state)
{
    fixture *fx = *state;
    bc_doc *d = bc_doc_new(13);
    bc_para *p = text_para(d, BC_STYLE_TABLE, "https://congthongtin.bothongtinvatruyenthong.gov.vn/van-ban");
    bc_textbox tb;
    bc_err err = BC_ERR_INIT;
    double width = 25 * 72 / 25.4;
    assert_int_equal(bc_text_layout(&fx->a, &fx->fs, p, &d->styles[BC_STYLE_TABLE], width, &tb, &err), BC_OK);
    assert_true(tb.nlines >= 3);
    size_t total = 0;
    for (size_t i = 0; i < tb.nlines; i++) {
        assert_true(tb.lines[i].width <= width + 0.01);
        for (size_t k = 0; k < tb.lines[i].n; k++)
            total += tb.lines[i].pieces[k].len;
    }
    assert_int_equal(total, strlen(p->runs->text)); /* nothing lost, nothing doubled */
    bc_doc_free(d);
}

static void test_checkbox_uses_fallback_font(void **state)
{
    fixture *fx = *state;
    bc_err err = BC_ERR_INIT;
    assert_null(fx->fs.font[BC_FACE_FALLBACK]); /* loaded only when a character needs it */
    assert_int_equal(bc_fontset_need(&fx->fs, BC_FACE_BOLD, &err), BC_OK);
    assert_int_equal(bc_fontset_pick(&fx->fs, BC_FACE_REGULAR, 0x2610), BC_FACE_FALLBACK);
    assert_int_equal(bc_fontset_pick(&fx->fs, BC_FACE_REGULAR, 0x2612), BC_FACE_FALLBACK);
    assert_int_equal(bc_fontset_pick(&fx->fs, BC_FACE_BOLD, 0x1EC7), BC_FACE_BOLD); /* ệ */
    assert_int_equal(bc_fontset_pick(&fx->fs, BC_FACE_REGULAR, 0x1F600), -1);
    assert_non_null(fx->fs.font[BC_FACE_FALLBACK]);
    assert_null(fx->fs.font[BC_FACE_BOLD_ITALIC]);
}

static void test_blank_has_its_width(void **state)
{
    fixture *fx = *state;
    bc_doc *d = bc_doc_new(13);
    bc_para *p = bc_para_new(d, BC_STYLE_ITEM, 0);
    bc_para_add(d, p, BC_RUN_TEXT, "Fax: ");
    bc_para_add(d, p, BC_RUN_BLANK, NULL)->blank_mm = 40;
    bc_textbox tb;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_text_layout(&fx->a, &fx->fs, p, &d->styles[BC_STYLE_ITEM], 400, &tb, &err), BC_OK);
    assert_int_equal(tb.nlines, 1);
    const bc_line *ln = &tb.lines[0];
    assert_int_equal(ln->pieces[ln->n - 1].kind, BC_PIECE_BLANK);
    assert_float_equal(ln->pieces[ln->n - 1].w, 40 * 72 / 25.4, 0.001);
    bc_doc_free(d);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        bc_doc *d = sample_doc();
        bc_err err = BC_ERR_INIT;
        bc_status st;
        bc_buf out = render(d, &st, &err);
        FILE *f = fopen(argv[1], "wb");
        if (st != BC_OK || !f || fwrite(out.data, 1, out.len, f) != out.len) {
            bc_err_print(&err, stderr);
            return 1;
        }
        fclose(f);
        bc_buf_free(&out);
        bc_doc_free(d);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_renders_sample),
        cmocka_unit_test(test_missing_glyph_is_refused),
        cmocka_unit_test_setup_teardown(test_lines_fit_and_justify, setup_fonts, teardown_fonts),
        cmocka_unit_test_setup_teardown(test_long_word_is_cut, setup_fonts, teardown_fonts),
        cmocka_unit_test_setup_teardown(test_checkbox_uses_fallback_font, setup_fonts, teardown_fonts),
        cmocka_unit_test_setup_teardown(test_blank_has_its_width, setup_fonts, teardown_fonts),
    };
    return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
