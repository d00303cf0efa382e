/* docx_sample.h — a hand-built Vietnamese form for the DOCX tests (test_docx.c): every paragraph
 * style, every run kind, a footnote referenced from a heading and from an item, a portrait
 * table, a landscape section with a three-row header (rowspan and colspan merges, column
 * numbers) and a group row, then portrait again with a two-column signature block. Built only
 * with the tree.c constructors, as the build step would. */
#ifndef TEST_DOCX_SAMPLE_H
#define TEST_DOCX_SAMPLE_H

#include "doc/tree.h"

static bc_para *sample_para(bc_doc *d, bc_style_id st, int level, const char *text)
{
    bc_para *p = bc_para_new(d, st, level);
    if (text)
        bc_para_add(d, p, BC_RUN_TEXT, text);
    bc_doc_add_para(d, p);
    return p;
}

static void sample_blank(bc_doc *d, bc_para *p, double mm)
{
    bc_para_add(d, p, BC_RUN_BLANK, NULL)->blank_mm = mm;
}

static void sample_note(bc_doc *d, bc_para *p, int n)
{
    char mark[16];
    snprintf(mark, sizeof mark, "%d", n);
    bc_para_add(d, p, BC_RUN_NOTEREF, mark)->note = n;
}

static int sample_new_note(bc_doc *d, const char *text)
{
    bc_para *np = bc_para_new(d, BC_STYLE_FOOTNOTE, 0);
    bc_para_add(d, np, BC_RUN_TEXT, text);
    return bc_doc_add_note(d, np);
}

static void sample_checkbox(bc_doc *d, const char *label, int checked, int level)
{
    bc_para *p = bc_para_new(d, BC_STYLE_BODY, level);
    bc_para_add(d, p, BC_RUN_CHECKBOX, NULL)->checked = checked;
    bc_para_add(d, p, BC_RUN_TEXT, label);
    bc_doc_add_para(d, p);
}

static void cell_text(bc_doc *d, bc_table *t, int r, int c, bc_style_id st, bc_run_kind kind,
                      const char *text)
{
    bc_para *p = t->rows[r].cells[c].para;
    p->style = st;
    bc_para_add(d, p, kind, text);
}

/* Bảng 3A.2: nine columns, a two-level header over (5)–(6) and (7)–(8), a row of column
 * numbers, a group row and two data rows. */
static bc_table *sample_wide_table(bc_doc *d)
{
    static const char *const top[] = {"TT", "Tên dịch vụ công trực tuyến", "Mức độ",
                                      "Cơ quan cung cấp"};
    static const char *const sub[] = {"Số hồ sơ trực tuyến", "Tổng số hồ sơ",
                                      "Tỷ lệ trực tuyến (%)", "Đánh giá"};
    static const double widths[] = {0.05, 0.25, 0.08, 0.15, 0.1, 0.1, 0.1, 0.1, 0.07};
    bc_table *t = bc_table_new(d, 9, 6);
    t->nheader = 3;
    for (int c = 0; c < 9; c++)
        t->widths[c] = widths[c];
    for (int r = 0; r < 3; r++)
        t->rows[r].header = 1;
    for (int c = 0; c < 4; c++) {
        cell_text(d, t, 0, c, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, top[c]);
        bc_table_merge(t, 0, c, 2, 1);
    }
    cell_text(d, t, 0, 4, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, "Quy mô triển khai, sử dụng");
    bc_table_merge(t, 0, 4, 1, 2);
    cell_text(d, t, 0, 6, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, "Hiệu quả sử dụng");
    bc_table_merge(t, 0, 6, 1, 2);
    cell_text(d, t, 0, 8, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, "Ghi chú");
    bc_table_merge(t, 0, 8, 2, 1);
    for (int c = 0; c < 4; c++)
        cell_text(d, t, 1, 4 + c, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, sub[c]);
    for (int c = 0; c < 9; c++) {
        char num[16];
        snprintf(num, sizeof num, "(%d)", c + 1);
        cell_text(d, t, 2, c, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, num);
    }
    t->rows[3].group = 1;
    cell_text(d, t, 3, 0, BC_STYLE_TABLE, BC_RUN_TEXT, "A");
    cell_text(d, t, 3, 1, BC_STYLE_TABLE, BC_RUN_TEXT,
              "DỊCH VỤ CÔNG TRỰC TUYẾN MÀ THỦ TỤC HÀNH CHÍNH ĐƯỢC THỰC HIỆN TẠI CQNN CẤP TỈNH");
    bc_table_merge(t, 3, 1, 1, 8);
    static const char *const rows[2][9] = {
        {"1", "Cấp giấy phép xây dựng", "4", "Sở Xây dựng", "1.234", "1.500", "82,27", NULL,
         "Tốt"},
        {"2", "Đăng ký kinh doanh", "3", "Sở Kế hoạch và Đầu tư", "987", "1.020", "96,76",
         "Khá", NULL},
    };
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 9; c++) {
            if (rows[r][c])
                cell_text(d, t, 4 + r, c, BC_STYLE_TABLE, c < 2 ? BC_RUN_TEXT : BC_RUN_VALUE,
                          rows[r][c]);
        }
    /* A blank cell to fill by hand. */
    bc_para_add(d, t->rows[4].cells[7].para, BC_RUN_BLANK, NULL)->blank_mm = 12;
    return t;
}

static bc_sigblock *sample_signatures(bc_doc *d)
{
    bc_sigblock *s = bc_sigblock_new(d, 2);
    static const char *const roles[] = {"nguoi-khai", "thu-truong"};
    static const char *const titles[] = {"Người khai", "Thủ trưởng cơ quan"};
    static const char *const notes[] = {"(Ký và ghi rõ họ, tên)", "(Ký tên, đóng dấu)"};
    static const char *const names[] = {"Nguyễn Thị Hồng Nhung", "Trần Văn Đức"};
    for (int i = 0; i < 2; i++) {
        bc_sigcol *c = &s->cols[i];
        c->role = roles[i];
        c->place = bc_para_new(d, BC_STYLE_SIGN_PLACE, 0);
        bc_para_add(d, c->place, BC_RUN_VALUE, "Hà Nội");
        bc_para_add(d, c->place, BC_RUN_TEXT, ", ngày 15 tháng 01 năm 2026");
        c->title = bc_para_new(d, BC_STYLE_SIGN_TITLE, 0);
        bc_para_add(d, c->title, BC_RUN_TEXT, titles[i]);
        c->note = bc_para_new(d, BC_STYLE_SIGN_NOTE, 0);
        bc_para_add(d, c->note, BC_RUN_TEXT, notes[i]);
        c->name = bc_para_new(d, BC_STYLE_SIGN_NAME, 0);
        bc_para_add(d, c->name, BC_RUN_VALUE, names[i]);
        c->space_mm = 25;
    }
    return s;
}

static bc_doc *sample_doc(void)
{
    bc_doc *d = bc_doc_new(13);
    d->meta.title = "Biểu mẫu báo cáo tình hình ứng dụng công nghệ thông tin";
    d->meta.author = "Bộ Thông tin và Truyền thông";
    d->meta.subject = "Báo cáo tình hình ứng dụng CNTT năm 2025";
    d->meta.keywords = "CNTT; báo cáo; Thông tư 06/2013";
    d->meta.creator = "baocao 0.1";
    d->meta.form_id = "tt06-pl1";

    int n1 = sample_new_note(d, "Bao gồm cả các đơn vị sự nghiệp trực thuộc.");
    int n2 = sample_new_note(d, "Tính đến ngày 31 tháng 12 của năm báo cáo.");

    sample_para(d, BC_STYLE_TITLE, 0, "PHỤ LỤC I");
    sample_para(d, BC_STYLE_TITLE, 0,
                "BIỂU MẪU BÁO CÁO TÌNH HÌNH ỨNG DỤNG CÔNG NGHỆ THÔNG TIN CỦA BỘ, CƠ QUAN "
                "NGANG BỘ VÀ CƠ QUAN THUỘC CHÍNH PHỦ");
    sample_para(d, BC_STYLE_SUBTITLE, 0,
                "(Ban hành kèm theo Thông tư số 06/2013/TT-BTTTT ngày 07/3/2013 của Bộ trưởng "
                "Bộ Thông tin và Truyền thông)");
    bc_para *sec = sample_para(d, BC_STYLE_SECTION, 0, "MỤC 1. THÔNG TIN CHUNG");
    sample_note(d, sec, n1);

    bc_para *p = sample_para(d, BC_STYLE_ITEM, 0, "1. Năm báo cáo: ");
    bc_para_add(d, p, BC_RUN_VALUE, "2025");
    p = sample_para(d, BC_STYLE_ITEM, 0, "2. Tên cơ quan báo cáo: ");
    bc_para_add(d, p, BC_RUN_VALUE, "Bộ Thông tin và Truyền thông");
    p = sample_para(d, BC_STYLE_ITEM, 0, "3. Địa chỉ: ");
    sample_blank(d, p, 60);
    p = sample_para(d, BC_STYLE_ITEM, 0, "8. Tổng số cán bộ, công chức, viên chức của toàn cơ quan");
    sample_note(d, p, n2);
    bc_para_add(d, p, BC_RUN_TEXT, ": ");
    bc_para_add(d, p, BC_RUN_VALUE, "12.345")->bold = 1;
    bc_para_add(d, p, BC_RUN_TEXT, " người");
    p = sample_para(d, BC_STYLE_ITEM, 1, "- Trong đó nữ: ");
    sample_blank(d, p, 25);
    bc_para_add(d, p, BC_RUN_TEXT, " người (");
    bc_para_add(d, p, BC_RUN_TEXT, "ước tính")->italic = 1;
    bc_para_add(d, p, BC_RUN_TEXT, ")");
    /* A second reference to note 1: plain superscript mark. */
    sample_note(d, p, n1);

    sample_para(d, BC_STYLE_SECTION, 0, "MỤC 3. HẠ TẦNG KỸ THUẬT CÔNG NGHỆ THÔNG TIN");
    sample_para(d, BC_STYLE_ITEM, 0,
                "7.2. Hệ thống thư điện tử được trang bị phần mềm quét virus, lọc thư rác:");
    sample_checkbox(d, " Có", 1, 1);
    sample_checkbox(d, " Không", 0, 1);
    sample_para(d, BC_STYLE_BODY, 0, "Trong đó:");

    /* A small portrait table. */
    bc_table *t = bc_table_new(d, 3, 3);
    t->widths[0] = 0.1, t->widths[1] = 0.6, t->widths[2] = 0.3;
    t->nheader = 1;
    t->rows[0].header = 1;
    cell_text(d, t, 0, 0, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, "TT");
    cell_text(d, t, 0, 1, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, "Hệ thống");
    cell_text(d, t, 0, 2, BC_STYLE_TABLE_HEAD, BC_RUN_TEXT, "Có triển khai");
    cell_text(d, t, 1, 0, BC_STYLE_TABLE, BC_RUN_TEXT, "1");
    cell_text(d, t, 1, 1, BC_STYLE_TABLE, BC_RUN_TEXT, "Tường lửa");
    bc_para_add(d, t->rows[1].cells[2].para, BC_RUN_CHECKBOX, NULL)->checked = 1;
    cell_text(d, t, 2, 0, BC_STYLE_TABLE, BC_RUN_TEXT, "2");
    cell_text(d, t, 2, 1, BC_STYLE_TABLE, BC_RUN_TEXT, "Phát hiện xâm nhập");
    bc_para_add(d, t->rows[2].cells[2].para, BC_RUN_CHECKBOX, NULL)->checked = 0;
    for (int r = 1; r < 3; r++) { /* the box column is centred whatever the cell style says */
        t->rows[r].cells[2].para->has_align = 1;
        t->rows[r].cells[2].para->align = BC_ALIGN_CENTER;
    }
    bc_doc_add_table(d, t);

    bc_doc_add_page(d, 1);
    sample_para(d, BC_STYLE_TITLE, 0, "Bảng 3A.2. Dịch vụ công trực tuyến mức độ 3");
    bc_doc_add_table(d, sample_wide_table(d));

    bc_doc_add_page(d, 0);
    sample_para(d, BC_STYLE_SECTION, 0, "MỤC 8. NHÂN LỰC VÀ ĐẦU TƯ CHO ỨNG DỤNG CÔNG NGHỆ THÔNG TIN");
    p = sample_para(d, BC_STYLE_ITEM, 0, "9. Tổng chi đào tạo trong năm (triệu đồng): ");
    bc_para_add(d, p, BC_RUN_VALUE, "87,50");
    bc_doc_add_signatures(d, sample_signatures(d));
    return d;
}

#endif
