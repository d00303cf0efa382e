/* test_docx.c — the DOCX renderer, checked by reading its output back: libzip for the
 * package, libxml2 (XPath) for the parts. Run with `--write FILE.docx` it writes the sample form
 * instead, for tests/e2e/30-docx.t and for looking at. */
#include <setjmp.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "docx/content.h"
#include "docx/render.h"
#include "util/fileio.h"

/* ---- the sample form ------------------------------------------------------------------------
 * A hand-built Vietnamese form: every paragraph style, every run kind, a footnote referenced from
 * a heading and from an item, a portrait table, a landscape section with a three-row header
 * (rowspan and colspan merges, column numbers) and a group row, long enough to run over two
 * pages, then portrait again with a two-column signature block. Built only with the tree.c
 * constructors, as the build step would. (Kept in this file: the Makefile rebuilds a test when
 * its .c changes, not when a header beside it does.) */
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
 * numbers, a group row, two data rows and SAMPLE_MORE_ROWS more, so that the table runs over
 * onto a second landscape page and its header must repeat. */
enum { SAMPLE_MORE_ROWS = 24 };

static bc_table *sample_wide_table(bc_doc *d)
{
    static const char *const top[] = {"TT", "Tên dịch vụ công trực tuyến", "Mức độ",
                                      "Cơ quan cung cấp"};
    static const char *const sub[] = {"Số hồ sơ trực tuyến", "Tổng số hồ sơ",
                                      "Tỷ lệ trực tuyến (%)", "Đánh giá"};
    static const double widths[] = {0.05, 0.25, 0.08, 0.15, 0.1, 0.1, 0.1, 0.1, 0.07};
    bc_table *t = bc_table_new(d, 9, 6 + SAMPLE_MORE_ROWS);
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
    for (int r = 6; r < t->nrows; r++) {
        char num[16];
        snprintf(num, sizeof num, "%d", r - 3);
        cell_text(d, t, r, 0, BC_STYLE_TABLE, BC_RUN_TEXT, num);
        cell_text(d, t, r, 1, BC_STYLE_TABLE, BC_RUN_TEXT,
                  r == t->nrows - 1 ? "Dịch vụ cuối bảng" : "Cấp lại giấy chứng nhận");
        cell_text(d, t, r, 4, BC_STYLE_TABLE, BC_RUN_VALUE, "100");
    }
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

/* ---- reading a package back ---------------------------------------------------------------- */

typedef struct pkg {
    int n;
    char *names[32];
    char *data[32];
    size_t len[32];
} pkg;

static void pkg_read(const bc_buf *b, pkg *p)
{
    memset(p, 0, sizeof *p);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(b->data, b->len, 0, &ze);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(za);
    zip_int64_t n = zip_get_num_entries(za, 0);
    assert_true(n > 0 && n <= 32);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        p->names[i] = strdup(st.name);
        p->data[i] = calloc(1, st.size + 1);
        p->len[i] = st.size;
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        assert_non_null(f);
        assert_int_equal(zip_fread(f, p->data[i], st.size), (zip_int64_t)st.size);
        zip_fclose(f);
    }
    p->n = (int)n;
    zip_close(za);
}

static void pkg_free(pkg *p)
{
    for (int i = 0; i < p->n; i++) {
        free(p->names[i]);
        free(p->data[i]);
    }
}

static xmlDocPtr pkg_xml(const pkg *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->names[i], name)) {
            xmlDocPtr d = xmlReadMemory(p->data[i], (int)p->len[i], name, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR);
            if (!d)
                fail_msg("%s is not well-formed XML", name);
            return d;
        }
    fail_msg("no part %s", name);
    return NULL;
}

static xmlXPathObjectPtr xp(xmlDocPtr d, const char *expr)
{
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    xmlXPathRegisterNs(c, BAD_CAST "w",
                       BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathRegisterNs(c, BAD_CAST "w14",
                       BAD_CAST "http://schemas.microsoft.com/office/word/2010/wordml");
    xmlXPathRegisterNs(c, BAD_CAST "r",
                       BAD_CAST "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
    xmlXPathRegisterNs(c, BAD_CAST "ct",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/content-types");
    xmlXPathRegisterNs(c, BAD_CAST "cp",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xmlXPathRegisterNs(c, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
    xmlXPathRegisterNs(c, BAD_CAST "dcterms", BAD_CAST "http://purl.org/dc/terms/");
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
    xmlXPathFreeContext(c);
    if (!o)
        fail_msg("bad XPath %s", expr);
    return o;
}

static double xnum(xmlDocPtr d, const char *expr)
{
    xmlXPathObjectPtr o = xp(d, expr);
    double v = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    return v;
}

static char *xstr(xmlDocPtr d, const char *expr) /* free() it */
{
    xmlXPathObjectPtr o = xp(d, expr);
    xmlChar *s = xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    char *r = strdup((char *)s);
    xmlFree(s);
    return r;
}

static void assert_xstr(xmlDocPtr d, const char *expr, const char *want)
{
    char *got = xstr(d, expr);
    if (strcmp(got, want))
        fail_msg("%s: got '%s', want '%s'", expr, got, want);
    free(got);
}

/* ---- fixtures ------------------------------------------------------------------------------ */

typedef struct fixture {
    bc_doc *doc;
    bc_buf out;
    pkg p;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->doc = sample_doc();
    bc_err err = BC_ERR_INIT;
    bc_docx_options opt = {-1};
    if (bc_docx_render_opt(f->doc, &opt, &f->out, &err) != BC_OK) {
        bc_err_print(&err, stderr);
        return -1;
    }
    bc_err_free(&err);
    pkg_read(&f->out, &f->p);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pkg_free(&f->p);
    bc_buf_free(&f->out);
    bc_doc_free(f->doc);
    free(f);
    return 0;
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_parts_unique_and_well_formed(void **state)
{
    fixture *f = *state;
    static const char *const want[] = {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
        "word/settings.xml", "word/fontTable.xml", "word/footnotes.xml", "word/header1.xml",
        "word/header2.xml"};
    assert_int_equal(f->p.n, (int)(sizeof want / sizeof *want));
    for (int i = 0; i < f->p.n; i++) {
        assert_string_equal(f->p.names[i], want[i]); /* fixed order */
        for (int j = 0; j < i; j++)
            assert_string_not_equal(f->p.names[i], f->p.names[j]);
        xmlFreeDoc(pkg_xml(&f->p, f->p.names[i]));
    }
}

static void test_content_types_cover_every_part(void **state)
{
    fixture *f = *state;
    xmlDocPtr ct = pkg_xml(&f->p, "[Content_Types].xml");
    for (int i = 1; i < f->p.n; i++) {
        const char *name = f->p.names[i];
        char expr[300];
        size_t len = strlen(name);
        if (len > 5 && !strcmp(name + len - 5, ".rels")) {
            assert_int_equal(xnum(ct, "count(/ct:Types/ct:Default[@Extension='rels'])"), 1);
            continue;
        }
        snprintf(expr, sizeof expr, "count(/ct:Types/ct:Override[@PartName='/%s'])", name);
        if (xnum(ct, expr) != 1)
            fail_msg("no Override for %s", name);
    }
    assert_xstr(ct, "/ct:Types/ct:Override[@PartName='/word/document.xml']/@ContentType",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");
    xmlFreeDoc(ct);
}

static void test_cells_end_with_paragraph(void **state)
{
    fixture *f = *state;
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    assert_true(xnum(d, "count(//w:tc)") > 30);
    assert_int_equal(xnum(d, "count(//w:tc[not(*[last()][self::w:p])])"), 0);
    /* Every row of every table covers the whole grid. */
    xmlXPathObjectPtr rows = xp(d, "//w:tr");
    for (int i = 0; i < rows->nodesetval->nodeNr; i++) {
        xmlNodePtr tr = rows->nodesetval->nodeTab[i];
        int cols = 0;
        for (xmlNodePtr tc = tr->children; tc; tc = tc->next) {
            if (tc->type != XML_ELEMENT_NODE || strcmp((char *)tc->name, "tc"))
                continue;
            int span = 1;
            for (xmlNodePtr pr = tc->children; pr; pr = pr->next)
                if (pr->type == XML_ELEMENT_NODE && !strcmp((char *)pr->name, "tcPr"))
                    for (xmlNodePtr g = pr->children; g; g = g->next)
                        if (!strcmp((char *)g->name, "gridSpan")) {
                            xmlChar *v = xmlGetProp(g, BAD_CAST "val");
                            span = atoi((char *)v);
                            xmlFree(v);
                        }
            cols += span;
        }
        xmlNodePtr tbl = tr->parent;
        int grid = 0;
        for (xmlNodePtr g = tbl->children; g; g = g->next)
            if (g->type == XML_ELEMENT_NODE && !strcmp((char *)g->name, "tblGrid"))
                for (xmlNodePtr c = g->children; c; c = c->next)
                    grid += c->type == XML_ELEMENT_NODE;
        if (cols != grid)
            fail_msg("row %d spans %d of %d grid columns", i, cols, grid);
    }
    xmlXPathFreeObject(rows);
    xmlFreeDoc(d);
}

static void test_merges_and_header_rows(void **state)
{
    fixture *f = *state;
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    /* Wide table: 5 vertical merges in the header (TT, name, level, agency, notes), each with
     * one continuation; colspans 2, 2 and the group row's 8. */
    assert_int_equal(xnum(d, "count(//w:vMerge[@w:val='restart'])"), 5);
    assert_int_equal(xnum(d, "count(//w:vMerge[not(@w:val)])"), 5);
    assert_int_equal(xnum(d, "count(//w:gridSpan[@w:val='2'])"), 2);
    assert_int_equal(xnum(d, "count(//w:gridSpan[@w:val='8'])"), 1);
    /* 1 header row in the small table, 3 in the wide one. */
    assert_int_equal(xnum(d, "count(//w:trPr/w:tblHeader)"), 4);
    assert_int_equal(xnum(d, "count(//w:tr[not(w:trPr/w:cantSplit)])"), 0);
    /* The group row is bold, including the paragraph mark. */
    assert_int_equal(xnum(d, "count(//w:tr[w:tc/w:tcPr/w:gridSpan/@w:val='8']//w:r[w:t]"
                             "[not(w:rPr/w:b)])"), 0);
    /* Grid widths of the wide (landscape) table add up to the landscape text width. */
    long want = lround((297 - 30 - 15) * 1440 / 25.4);
    assert_int_equal(xnum(d, "sum((//w:tbl)[2]/w:tblGrid/w:gridCol/@w:w)"), want);
    assert_int_equal(xnum(d, "(//w:tbl)[2]/w:tblPr/w:tblW/@w:w"), want);
    assert_xstr(d, "(//w:tbl)[1]/w:tblPr/w:tblBorders/w:insideH/@w:val", "single");
    xmlFreeDoc(d);
}

static void test_sections(void **state)
{
    fixture *f = *state;
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    /* portrait → landscape → portrait: three sections, the last closing the body. */
    assert_int_equal(xnum(d, "count(//w:sectPr)"), 3);
    assert_int_equal(xnum(d, "count(/w:document/w:body/*[last()][self::w:sectPr])"), 1);
    assert_int_equal(xnum(d, "count(//w:pgSz[@w:orient='landscape'])"), 1);
    assert_xstr(d, "(//w:sectPr)[1]/w:pgSz/@w:w", "11906");
    assert_xstr(d, "(//w:sectPr)[1]/w:pgSz/@w:h", "16838");
    assert_xstr(d, "(//w:sectPr)[2]/w:pgSz/@w:w", "16838");
    assert_xstr(d, "(//w:sectPr)[2]/w:pgSz/@w:h", "11906");
    assert_xstr(d, "(//w:sectPr)[1]/w:pgMar/@w:left", "1701");  /* 30 mm */
    assert_xstr(d, "(//w:sectPr)[1]/w:pgMar/@w:right", "850");  /* 15 mm */
    assert_xstr(d, "(//w:sectPr)[1]/w:pgMar/@w:top", "1134");   /* 20 mm */
    /* Page 1 unnumbered: titlePg and an empty first header only in the first section; every
     * section numbers its pages with the default header. */
    assert_int_equal(xnum(d, "count(//w:titlePg)"), 1);
    assert_int_equal(xnum(d, "count((//w:sectPr)[1]/w:titlePg)"), 1);
    assert_int_equal(xnum(d, "count(//w:sectPr[w:headerReference[@w:type='default']])"), 3);
    /* Schema order inside sectPr: headerReference before pgSz before pgMar before titlePg. */
    assert_int_equal(xnum(d, "count((//w:sectPr)[1]/*[1][self::w:headerReference])"), 1);
    assert_int_equal(xnum(d, "count((//w:sectPr)[1]/*[last()][self::w:titlePg])"), 1);
    xmlFreeDoc(d);
    xmlDocPtr h = pkg_xml(&f->p, "word/header1.xml");
    assert_int_equal(xnum(h, "count(//w:instrText[contains(., 'PAGE')])"), 1);
    assert_xstr(h, "//w:pStyle/@w:val", "BcHeader");
    xmlFreeDoc(h);
    h = pkg_xml(&f->p, "word/header2.xml");
    assert_int_equal(xnum(h, "count(//w:r)"), 0);
    xmlFreeDoc(h);
    xmlDocPtr rels = pkg_xml(&f->p, "word/_rels/document.xml.rels");
    xmlXPathObjectPtr ids = xp(rels, "//*[local-name()='Relationship']/@Id");
    assert_int_equal(ids->nodesetval->nodeNr, 6);
    xmlXPathFreeObject(ids);
    xmlFreeDoc(rels);
}

static void test_runs(void **state)
{
    fixture *f = *state;
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    /* Checkboxes: 2 in paragraphs, 2 in the small table; 2 ticked. */
    assert_int_equal(xnum(d, "count(//w:sdt/w:sdtPr/w14:checkbox)"), 4);
    assert_int_equal(xnum(d, "count(//w14:checked[@w14:val='1'])"), 2);
    assert_int_equal(xnum(d, "count(//w:sdtContent//w:t[.='\u2612'])"), 2);
    assert_int_equal(xnum(d, "count(//w:sdtContent//w:t[.='\u2610'])"), 2);
    /* Content-control and bookmark ids are unique. */
    assert_int_equal(xnum(d, "count(//w:sdtPr/w:id)"), 4);
    assert_int_equal(xnum(d, "count(//w:sdtPr/w:id[@w:val = preceding::w:sdtPr/w:id/@w:val])"),
                     0);
    /* Blanks: dotted runs in the style BcBlank, about blank_mm wide. */
    int dots60 = bc_docx_blank_dots(60, 13);
    assert_int_equal(dots60, 13); /* 60 mm / 4.59 mm per "…" at 13 pt */
    assert_int_equal(bc_docx_blank_dots(0, 13), 6); /* 30 mm by default */
    assert_int_equal(xnum(d, "count(//w:r[w:rPr/w:rStyle/@w:val='BcBlank'])"), 3);
    char expr[200];
    snprintf(expr, sizeof expr,
             "string-length((//w:r[w:rPr/w:rStyle/@w:val='BcBlank'])[1]/w:t)");
    assert_int_equal(xnum(d, expr), dots60);
    assert_int_equal(xnum(d, "count(//w:r[w:rPr/w:rStyle/@w:val='BcBlank']/w:t"
                             "[translate(., '\u2026', '') != ''])"), 0);
    /* Values carry the value style; a bold value is bold; the italic run italic. */
    assert_true(xnum(d, "count(//w:r[w:rPr/w:rStyle/@w:val='BcValue'])") >= 10);
    assert_int_equal(xnum(d, "count(//w:r[w:t='12.345'][w:rPr/w:b])"), 1);
    assert_int_equal(xnum(d, "count(//w:r[w:t='ước tính'][w:rPr/w:i])"), 1);
    /* Plain wording carries no direct formatting at all. */
    assert_int_equal(xnum(d, "count(//w:r[w:t='1. Năm báo cáo: '][w:rPr])"), 0);
    /* A paragraph's own alignment overrides its style's, in schema order (after w:ind). */
    assert_int_equal(xnum(d, "count(//w:p/w:pPr/w:jc[@w:val='center'])"), 2);
    assert_int_equal(xnum(d, "count(//w:pPr/w:jc[following-sibling::w:ind])"), 0);
    /* Every paragraph names a style; levels indent by 10 mm. */
    assert_int_equal(xnum(d, "count(//w:p[not(w:pPr/w:pStyle)])"), 0);
    assert_int_equal(xnum(d, "count(//w:p[w:pPr/w:ind/@w:left='567'])"), 3);
    /* Signature block: one row per part (place and date, title, note, signing space, name),
     * a cell per signer in each, so that a part wrapping in one column moves every column's
     * next part alike; the signing space bookmarked by role and as tall as the seal of the head
     * of agency needs (36 + 2 × 3 mm, above the 25 mm the columns ask for). */
    assert_int_equal(xnum(d, "count(//w:bookmarkStart[@w:name='Ky_nguoi_khai'])"), 1);
    assert_int_equal(xnum(d, "count(//w:bookmarkStart[@w:name='Ky_thu_truong'])"), 1);
    assert_int_equal(xnum(d, "count((//w:tbl)[3]/w:tr)"), 5);
    assert_int_equal(xnum(d, "count((//w:tbl)[3]/w:tr[w:tc[2]][not(w:tc[3])])"), 5);
    assert_int_equal(xnum(d, "count((//w:tbl)[3]/w:tr[2]/w:tc/w:p/w:pPr/w:pStyle[@w:val='BcSignTitle'])"), 2);
    assert_int_equal(xnum(d, "count((//w:tbl)[3]/w:tr[4]//w:bookmarkStart)"), 2);
    assert_int_equal(xnum(d, "count((//w:tbl)[3]//w:p[w:pPr/w:spacing[@w:lineRule='exact'][@w:line='2381']][w:bookmarkStart])"), 2);
    assert_int_equal(xnum(d, "count((//w:tbl)[3]//w:tblBorders/*[@w:val!='nil'])"), 0);
    xmlFreeDoc(d);
}

static void test_footnotes(void **state)
{
    fixture *f = *state;
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    xmlDocPtr fn = pkg_xml(&f->p, "word/footnotes.xml");
    xmlDocPtr st = pkg_xml(&f->p, "word/settings.xml");
    assert_xstr(fn, "/w:footnotes/w:footnote[1]/@w:id", "-1");
    assert_xstr(fn, "/w:footnotes/w:footnote[1]/@w:type", "separator");
    assert_xstr(fn, "/w:footnotes/w:footnote[2]/@w:id", "0");
    assert_xstr(fn, "/w:footnotes/w:footnote[2]/@w:type", "continuationSeparator");
    assert_int_equal(xnum(fn, "count(/w:footnotes/w:footnote)"), 4);
    assert_int_equal(xnum(fn, "count(//w:footnote[@w:id = preceding::w:footnote/@w:id])"), 0);
    assert_int_equal(xnum(fn, "count(//w:footnote[@w:id > 0][not(.//w:footnoteRef)])"), 0);
    assert_int_equal(xnum(fn, "count(//w:footnote[@w:id > 0]/w:p/w:pPr/w:pStyle"
                              "[@w:val='BcFootnote'])"), 2);
    /* Each note referenced exactly once; the repeated mark is superscript text. */
    assert_int_equal(xnum(d, "count(//w:footnoteReference)"), 2);
    assert_int_equal(xnum(d, "count(//w:footnoteReference[@w:id='1'])"), 1);
    assert_int_equal(xnum(d, "count(//w:footnoteReference[@w:id='2'])"), 1);
    assert_int_equal(xnum(d, "count(//w:r[w:rPr/w:rStyle/@w:val='FootnoteReference'][w:t='1'])"), 1);
    assert_int_equal(xnum(st, "count(//w:footnotePr/w:footnote)"), 2);
    xmlFreeDoc(st);
    xmlFreeDoc(fn);
    xmlFreeDoc(d);
}

/* Keep-together (issue 16) as the word processor applies it: widow control by default, every
 * paragraph of a group row and of the first body row keeps with the next row, the signature
 * block's paragraphs but the names keep with the next. */
static void test_keep_together(void **state)
{
    static const struct {
        const char *xpath;
        double want;
    } counts[] = {
        {"count(//w:tr[.//w:p/w:pPr/w:rPr/w:b]//w:p[not(w:pPr/w:keepNext)])", 0},
        {"count((//w:tbl)[1]/w:tr[not(w:trPr/w:tblHeader)][1]//w:p[not(w:pPr/w:keepNext)])", 0},
        {"count(//w:tr[not(w:trPr/w:cantSplit)])", 0},
        {"count((//w:tbl)[3]//w:p[not(w:pPr/w:keepNext)])", 2}, /* the two names */
    };
    fixture *f = *state;
    xmlDocPtr s = pkg_xml(&f->p, "word/styles.xml");
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    assert_int_equal(xnum(s, "count(//w:pPrDefault/w:pPr/w:widowControl)"), 1);
    assert_true(xnum(d, "count(//w:tr[.//w:p/w:pPr/w:rPr/w:b])") >= 1); /* a group row */
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        if (xnum(d, counts[i].xpath) != counts[i].want)
            fail_msg("%s is %g, not %g", counts[i].xpath, xnum(d, counts[i].xpath),
                     counts[i].want);
    xmlFreeDoc(d);
    xmlFreeDoc(s);
}

static void test_styles(void **state)
{
    fixture *f = *state;
    xmlDocPtr s = pkg_xml(&f->p, "word/styles.xml");
    assert_xstr(s, "//w:rPrDefault//w:rFonts/@w:ascii", "Times New Roman");
    assert_xstr(s, "//w:rPrDefault//w:rFonts/@w:hAnsi", "Times New Roman");
    assert_xstr(s, "//w:rPrDefault//w:rFonts/@w:cs", "Times New Roman");
    assert_xstr(s, "//w:rPrDefault//w:rFonts/@w:eastAsia", "Times New Roman");
    assert_xstr(s, "//w:rPrDefault//w:sz/@w:val", "26");
    assert_xstr(s, "//w:rPrDefault//w:lang/@w:val", "vi-VN");
    for (int i = 0; i < BC_STYLE_COUNT; i++) {
        const bc_style *bs = &f->doc->styles[i];
        char expr[200];
        snprintf(expr, sizeof expr, "//w:style[@w:type='paragraph'][@w:styleId='%s']/w:name/@w:val",
                 bs->id);
        assert_xstr(s, expr, bs->name);
        snprintf(expr, sizeof expr, "count(//w:style[@w:styleId='%s']/w:rPr/w:b)", bs->id);
        assert_int_equal(xnum(s, expr), bs->bold);
        snprintf(expr, sizeof expr, "//w:style[@w:styleId='%s']/w:rPr/w:sz/@w:val", bs->id);
        assert_int_equal(xnum(s, expr), lround(bs->size_pt * 2));
    }
    assert_xstr(s, "//w:style[@w:styleId='BcTitle']/w:pPr/w:jc/@w:val", "center");
    assert_xstr(s, "//w:style[@w:styleId='BcItem']/w:pPr/w:jc/@w:val", "both");
    assert_xstr(s, "//w:style[@w:styleId='BcItem']/w:pPr/w:spacing/@w:after", "120");
    assert_int_equal(xnum(s, "//w:style[@w:styleId='BcItem']/w:pPr/w:spacing/@w:line"),
                     lround(240 * f->doc->styles[BC_STYLE_ITEM].line_spacing));
    assert_int_equal(xnum(s, "count(//w:style[@w:styleId='BcSection']/w:pPr/w:keepNext)"), 1);
    assert_int_equal(xnum(s, "count(//w:style[@w:styleId='BcSubtitle']/w:rPr/w:i)"), 1);
    assert_xstr(s, "//w:style[@w:styleId='FootnoteReference']/w:rPr/w:vertAlign/@w:val", "superscript");
    assert_xstr(s, "//w:style[@w:styleId='BcCheckbox']/w:rPr/w:rFonts/@w:ascii",
                "Segoe UI Symbol");
    /* Every style a paragraph or run names exists. */
    xmlDocPtr d = pkg_xml(&f->p, "word/document.xml");
    xmlXPathObjectPtr used = xp(d, "//w:pStyle/@w:val | //w:rStyle/@w:val");
    for (int i = 0; i < used->nodesetval->nodeNr; i++) {
        xmlChar *v = xmlNodeGetContent(used->nodesetval->nodeTab[i]);
        char expr[200];
        snprintf(expr, sizeof expr, "count(//w:style[@w:styleId='%s'])", (char *)v);
        if (xnum(s, expr) != 1)
            fail_msg("style %s used but not defined", (char *)v);
        xmlFree(v);
    }
    xmlXPathFreeObject(used);
    xmlFreeDoc(d);
    xmlFreeDoc(s);
}

static void test_properties(void **state)
{
    fixture *f = *state;
    xmlDocPtr c = pkg_xml(&f->p, "docProps/core.xml");
    assert_xstr(c, "//dc:title", f->doc->meta.title);
    assert_xstr(c, "//dc:creator", f->doc->meta.author);
    assert_xstr(c, "//dc:subject", f->doc->meta.subject);
    assert_xstr(c, "//cp:keywords", f->doc->meta.keywords);
    assert_xstr(c, "//dc:language", "vi-VN");
    xmlFreeDoc(c);
    xmlDocPtr a = pkg_xml(&f->p, "docProps/app.xml");
    assert_xstr(a, "//*[local-name()='Application']", "baocao");
    xmlFreeDoc(a);
}

static void render(const bc_doc *d, long long date, bc_buf *out)
{
    bc_err err = BC_ERR_INIT;
    bc_docx_options opt = {date};
    assert_int_equal(bc_docx_render_opt(d, &opt, out, &err), BC_OK);
    bc_err_free(&err);
}

static void test_deterministic(void **state)
{
    fixture *f = *state;
    bc_buf a = BC_BUF_INIT, b = BC_BUF_INIT;
    render(f->doc, 1767225600, &a); /* 2026-01-01T00:00:00Z */
    render(f->doc, 1767225600, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    pkg p;
    pkg_read(&a, &p);
    xmlDocPtr c = pkg_xml(&p, "docProps/core.xml");
    assert_xstr(c, "//dcterms:created", "2026-01-01T00:00:00Z");
    assert_xstr(c, "//dcterms:modified", "2026-01-01T00:00:00Z");
    xmlFreeDoc(c);
    pkg_free(&p);
    /* With no date given: SOURCE_DATE_EPOCH, else 1980-01-01. */
    bc_buf e = BC_BUF_INIT;
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
    render(f->doc, -1, &e);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(e.len, a.len);
    assert_memory_equal(e.data, a.data, a.len);
    bc_buf_free(&e);
    pkg_read(&f->out, &p);
    c = pkg_xml(&p, "docProps/core.xml");
    assert_xstr(c, "//dcterms:created", "1980-01-01T00:00:00Z");
    xmlFreeDoc(c);
    pkg_free(&p);
    bc_buf_free(&a);
    bc_buf_free(&b);
}

typedef struct job {
    const bc_doc *doc;
    bc_buf out;
    bc_status st;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    bc_err err = BC_ERR_INIT;
    bc_docx_options opt = {0};
    j->st = bc_docx_render_opt(j->doc, &opt, &j->out, &err);
    bc_err_free(&err);
    return NULL;
}

/* Batch workers render in parallel threads: no shared state, same bytes. */
static void test_parallel_renders(void **state)
{
    fixture *f = *state;
    enum { N = 4 };
    job jobs[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        jobs[i] = (job){f->doc, BC_BUF_INIT, BC_FAIL};
        assert_int_equal(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) {
        assert_int_equal(jobs[i].st, BC_OK);
        assert_int_equal(jobs[i].out.len, jobs[0].out.len);
        assert_memory_equal(jobs[i].out.data, jobs[0].out.data, jobs[0].out.len);
    }
    for (int i = 0; i < N; i++)
        bc_buf_free(&jobs[i].out);
}

static void test_minimal_and_edge_trees(void **state)
{
    (void)state;
    /* An empty tree, a tree that starts with a landscape page and ends with a table, and a
     * tree with two tables in a row: all valid packages. */
    bc_doc *d = bc_doc_new(14);
    bc_buf out = BC_BUF_INIT;
    render(d, -1, &out);
    pkg p;
    pkg_read(&out, &p);
    xmlDocPtr x = pkg_xml(&p, "word/document.xml");
    assert_int_equal(xnum(x, "count(//w:sectPr)"), 1);
    xmlFreeDoc(x);
    x = pkg_xml(&p, "word/styles.xml");
    assert_xstr(x, "//w:rPrDefault//w:sz/@w:val", "28");
    xmlFreeDoc(x);
    pkg_free(&p);
    bc_buf_free(&out);

    bc_doc_add_page(d, 1);
    bc_table *t = bc_table_new(d, 2, 1);
    bc_doc_add_table(d, t);
    bc_doc_add_table(d, bc_table_new(d, 3, 2));
    bc_doc_add_page(d, 0);
    bc_doc_add_page(d, 1);
    bc_doc_add_table(d, bc_table_new(d, 1, 1));
    render(d, -1, &out);
    pkg_read(&out, &p);
    x = pkg_xml(&p, "word/document.xml");
    assert_int_equal(xnum(x, "count(//w:sectPr)"), 2);
    assert_int_equal(xnum(x, "count(//w:pgSz[@w:orient='landscape'])"), 2);
    /* No two tables touch, and the body ends with a paragraph before its sectPr. */
    assert_int_equal(xnum(x, "count(//w:tbl[following-sibling::*[1][self::w:tbl]])"), 0);
    assert_int_equal(xnum(x, "count(/w:document/w:body/*[last()-1][self::w:p])"), 1);
    assert_int_equal(xnum(x, "count(//w:tc[not(*[last()][self::w:p])])"), 0);
    xmlFreeDoc(x);
    pkg_free(&p);
    bc_buf_free(&out);
    bc_doc_free(d);
}

static void test_illegal_text_is_an_error(void **state)
{
    (void)state;
    bc_doc *d = bc_doc_new(13);
    bc_para *p = bc_para_new(d, BC_STYLE_BODY, 0);
    bc_para_add(d, p, BC_RUN_TEXT, "bad \x01 char");
    bc_doc_add_para(d, p);
    bc_buf out = BC_BUF_INIT;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_docx_render(d, &out, &err), BC_FAIL);
    assert_true(err.n >= 1);
    assert_non_null(strstr(err.items[0].msg, "word/document.xml"));
    bc_err_free(&err);
    bc_buf_free(&out);
    bc_doc_free(d);
}

static int write_sample(const char *path)
{
    bc_doc *d = sample_doc();
    bc_buf out = BC_BUF_INIT;
    bc_err err = BC_ERR_INIT;
    bc_status st = bc_docx_render(d, &out, &err);
    if (st == BC_OK)
        st = bc_file_write_atomic(path, out.data, out.len, &err);
    bc_err_print(&err, stderr);
    bc_err_free(&err);
    bc_buf_free(&out);
    bc_doc_free(d);
    return st;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write"))
        return write_sample(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parts_unique_and_well_formed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_content_types_cover_every_part, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cells_end_with_paragraph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merges_and_header_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footnotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_styles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_properties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parallel_renders, setup, teardown),
        cmocka_unit_test(test_minimal_and_edge_trees),
        cmocka_unit_test(test_illegal_text_is_an_error),
    };
    return cmocka_run_group_tests_name("docx", tests, NULL, NULL);
}
