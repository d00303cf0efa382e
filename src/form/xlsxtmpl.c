/* xlsxtmpl.c — see xlsxtmpl.h. */
#include "form/xlsxtmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "form/xlsxmap.h"
#include "util/buf.h"
#include "util/text.h"
#include "util/xlsxout.h"

#define LIST_ROWS 1000 /* rows of a list sheet that carry validation */
#define FIRST_ROW 3    /* 0-based: the first value row of each sheet */

typedef struct tmpl {
    lxw_workbook *wb;
    lxw_worksheet *meta;
    const bc_layout *l;
    const bc_data *prefill;
    bc_arena a;
    lxw_format *title, *header, *label, *computed, *text, *date, *whole;
    lxw_format *dec[7];      /* by decimals */
    unsigned meta_col;       /* next column of options in the hidden sheet */
    unsigned meta_row;       /* next "danh sách" row */
    const char **names;      /* sheet names used */
    size_t nnames;
} tmpl;

static lxw_format *new_format(tmpl *t, int locked, const char *num)
{
    lxw_format *f = workbook_add_format(t->wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (!locked) {
        format_set_unlocked(f);
        format_set_bg_color(f, 0xFFF8DC);
    }
    if (num)
        format_set_num_format(f, num);
    return f;
}

static void make_formats(tmpl *t)
{
    t->title = workbook_add_format(t->wb);
    format_set_bold(t->title);
    format_set_font_size(t->title, 13);
    format_set_text_wrap(t->title);
    t->header = new_format(t, 1, NULL);
    format_set_bold(t->header);
    format_set_bg_color(t->header, 0xD9E1F2);
    format_set_align(t->header, LXW_ALIGN_CENTER);
    t->label = new_format(t, 1, NULL);
    t->computed = new_format(t, 1, NULL);
    format_set_italic(t->computed);
    format_set_font_color(t->computed, 0x606060);
    format_set_bg_color(t->computed, 0xEDEDED);
    t->text = new_format(t, 0, "@");
    t->date = new_format(t, 0, "dd/mm/yyyy");
    t->whole = new_format(t, 0, "0");
    for (int d = 0; d < 7; d++) {
        char code[16] = "0";
        if (d)
            snprintf(code, sizeof code, "0.%.*s", d, "000000");
        t->dec[d] = new_format(t, 0, code);
    }
}

static lxw_format *value_format(tmpl *t, const bc_field *f)
{
    switch (f->type) {
    case BC_FT_INTEGER:
    case BC_FT_YEAR:
        return t->whole;
    case BC_FT_DECIMAL:
    case BC_FT_PERCENT:
        return t->dec[f->decimals < 0 ? 0 : f->decimals > 6 ? 6 : f->decimals];
    case BC_FT_DATE:
        return t->date;
    default:
        return t->text;
    }
}

/* ---- words ---- */

/* The unit of a figure: "%", or what its label ends with in parentheses ("(Mbps)"). */
static const char *unit_of(tmpl *t, const bc_field *f)
{
    if (f->type == BC_FT_PERCENT)
        return "%";
    if (f->type == BC_FT_DATE)
        return "ngày";
    if (f->type == BC_FT_YEAR)
        return "năm";
    size_t n = strlen(f->label);
    const char *open = n && f->label[n - 1] == ')' ? strrchr(f->label, '(') : NULL;
    if (!bc_ftype_numeric(f->type) || !open || n - (size_t)(open - f->label) > 26)
        return "";
    return bc_arena_strndup(&t->a, open + 1, n - (size_t)(open - f->label) - 2);
}

static const char *rule_words(tmpl *t, const bc_field *f)
{
    const char *key = f->list ? bc_arena_printf(&t->a, "%s[].%s", f->list->key, f->key) : f->key;
    const bc_field_info *info = NULL;
    for (size_t i = 0; key && i < t->l->ninfos && !info; i++)
        if (!strcmp(t->l->infos[i].key, key))
            info = &t->l->infos[i];
    const char *rules = info ? info->rules : "";
    if (f->type == BC_FT_CHOICES)
        return bc_arena_printf(&t->a, "%s%sghi các khóa lựa chọn, cách nhau bằng dấu chấm phẩy",
                               rules, *rules ? "; " : "");
    return bc_arena_printf(&t->a, "%s%s%s", f->required ? "bắt buộc" : "",
                           f->required && *rules ? "; " : "", rules);
}

/* ---- data validation ---- */

/* Excel keeps at most 255 characters of a validation message. */
static char *msg(tmpl *t, const char *s)
{
    return bc_text_ellipsize(&t->a, s, 250);
}

static int constant(const bc_expr *e, double *v)
{
    return e && bc_expr_constant(e, v);
}

/* The options' wording, one per row in a column of the hidden sheet, as a range formula. */
static char *options_range(tmpl *t, const bc_field *f)
{
    unsigned col = t->meta_col++;
    const char *key = f->list ? bc_arena_printf(&t->a, "%s[].%s", f->list->key, f->key) : f->key;
    worksheet_write_string(t->meta, 0, (lxw_col_t)col, key, NULL);
    for (size_t i = 0; i < f->noptions; i++) {
        const char *w = f->option_text && f->option_text[i] ? f->option_text[i] : f->options[i];
        worksheet_write_string(t->meta, (lxw_row_t)(i + 1), (lxw_col_t)col, w, NULL);
    }
    char a[24], b[24];
    bc_xlsx_ref(2, col + 1, a);
    bc_xlsx_ref((unsigned)f->noptions + 1, col + 1, b);
    size_t la = strcspn(a, "0123456789"), lb = strcspn(b, "0123456789");
    return bc_arena_printf(&t->a, "='%s'!$%.*s$%s:$%.*s$%s", BC_XLSX_META, (int)la, a, a + la,
                           (int)lb, b, b + lb);
}

/* Custom rule for a decimal or percent: a number, with at most `decimals` places (and 0–100). */
static char *decimal_rule(tmpl *t, const bc_field *f, lxw_row_t row, lxw_col_t col)
{
    char ref[24];
    bc_xlsx_ref(row + 1, col + 1, ref);
    double lo, hi;
    bc_buf b = BC_BUF_INIT;
    bc_buf_printf(&b, "=AND(ISNUMBER(%s),ROUND(%s,%d)=%s", ref, ref, f->decimals, ref);
    if (f->type == BC_FT_PERCENT)
        bc_buf_printf(&b, ",%s>=0,%s<=100", ref, ref);
    if (constant(f->min, &lo))
        bc_buf_printf(&b, ",%s>=%.15g", ref, lo);
    if (constant(f->max, &hi))
        bc_buf_printf(&b, ",%s<=%.15g", ref, hi);
    bc_buf_puts(&b, ")");
    char *s = bc_arena_strdup(&t->a, b.data ? b.data : "");
    bc_buf_free(&b);
    return s;
}

static void whole_rule(const bc_field *f, lxw_data_validation *v)
{
    double lo = f->type == BC_FT_YEAR ? 1900 : 0, hi = f->type == BC_FT_YEAR ? 2100 : 1e15, x;
    if (constant(f->min, &x) && (x > lo || f->type != BC_FT_YEAR))
        lo = x;
    if (constant(f->max, &x) && x < hi)
        hi = x;
    v->validate = LXW_VALIDATION_TYPE_INTEGER;
    v->criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v->minimum_number = lo;
    v->maximum_number = hi;
}

/* Validation of the cells rows [r1, r2] of column `col` from field f's type and rules. */
static void validate(tmpl *t, lxw_worksheet *ws, const bc_field *f, lxw_row_t r1, lxw_row_t r2,
                     lxw_col_t col)
{
    lxw_data_validation v = {0};
    v.show_input = LXW_VALIDATION_ON;
    v.show_error = LXW_VALIDATION_ON;
    v.ignore_blank = LXW_VALIDATION_ON;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    switch (f->type) {
    case BC_FT_INTEGER:
    case BC_FT_YEAR:
        whole_rule(f, &v);
        break;
    case BC_FT_DECIMAL:
    case BC_FT_PERCENT:
        v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        v.value_formula = decimal_rule(t, f, r1, col);
        break;
    case BC_FT_DATE:
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
        v.maximum_datetime = (lxw_datetime){2100, 12, 31, 0, 0, 0};
        break;
    case BC_FT_CHOICE:
        v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        v.value_formula = options_range(t, f);
        break;
    default:
        return; /* text: anything; choices: keys separated by ';' */
    }
    const char *words = rule_words(t, f);
    v.input_title = "Quy định";
    v.input_message = msg(t, words);
    v.error_title = "Giá trị không hợp lệ";
    v.error_message = msg(t, bc_arena_printf(&t->a, "\"%s\" phải là %s", bc_text_ellipsize(&t->a,
                                             f->label, 80), words));
    if (r1 == r2)
        worksheet_data_validation_cell(ws, r1, col, &v);
    else
        worksheet_data_validation_range(ws, r1, col, r2, col, &v);
}

/* ---- values (prefill) ---- */

static void write_value(tmpl *t, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const bc_field *f,
                        const bc_value *v)
{
    lxw_format *fmt = value_format(t, f);
    if (!v || !v->present || v->computed) {
        worksheet_write_blank(ws, r, c, fmt);
        return;
    }
    if (bc_ftype_numeric(f->type)) {
        worksheet_write_number(ws, r, c, v->num, fmt);
    } else if (f->type == BC_FT_DATE) {
        lxw_datetime d = {v->year, v->month, v->day, 0, 0, 0};
        worksheet_write_datetime(ws, r, c, &d, fmt);
    } else if (f->type == BC_FT_CHOICE && v->nopts) {
        const char *w = v->opts[0];
        for (size_t i = 0; i < f->noptions; i++)
            if (!strcmp(f->options[i], v->opts[0]) && f->option_text && f->option_text[i])
                w = f->option_text[i];
        worksheet_write_string(ws, r, c, w, fmt);
    } else if (f->type == BC_FT_CHOICES) {
        bc_buf b = BC_BUF_INIT;
        for (size_t i = 0; i < v->nopts; i++)
            bc_buf_printf(&b, "%s%s", i ? "; " : "", v->opts[i]);
        worksheet_write_string(ws, r, c, b.data ? b.data : "", fmt);
        bc_buf_free(&b);
    } else {
        worksheet_write_string(ws, r, c, v->text ? v->text : "", fmt);
    }
}

/* ---- sheets ---- */

static const char *const instructions[] = {
    "Hướng dẫn điền sổ tính",
    "",
    "1. Điền số liệu vào các ô nền vàng: cột \"Giá trị\" ở trang \"Số liệu\", và các dòng dưới "
    "tiêu đề ở mỗi trang bảng (mỗi dòng một mục; thêm dòng nếu cần, không cần điền hết).",
    "2. Các ô khác đã khóa để khỏi sửa nhầm nhãn của biểu mẫu (Xem lại > Bỏ bảo vệ trang tính nếu "
    "thật cần; không có mật khẩu).",
    "3. Số nguyên ghi bằng chữ số, không ghi đơn vị; tỉ lệ phần trăm ghi số từ 0 đến 100 (87,5 "
    "nghĩa là 87,5 %); ngày chọn hoặc gõ theo dạng ngày/tháng/năm.",
    "4. Ô có danh sách thả xuống: chọn một trong các lựa chọn của biểu mẫu.",
    "5. Các chỉ tiêu ghi \"(baocao tự tính)\" do chương trình baocao tính từ các số liệu khác "
    "(tổng, tỉ lệ): không cần điền, điền vào cũng không được đọc.",
    "6. Không xoá, không đổi tên các trang tính, không xoá cột và dòng ẩn: chương trình đọc số liệu "
    "theo các khóa ẩn ở đó. Có thể đổi thứ tự dòng, thêm trang tính khác.",
    "7. Lưu dưới dạng .xlsx (Excel Workbook) rồi gửi lại. Kiểm tra trước khi gửi: "
    "baocao validate --form BIỂU_MẪU --data TỆP.xlsx",
};

static void instructions_sheet(tmpl *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, "Hướng dẫn");
    worksheet_set_column(ws, 0, 0, 110, NULL);
    worksheet_write_string(ws, 0, 0, t->l->title, t->title);
    worksheet_write_string(ws, 1, 0, bc_arena_printf(&t->a, "Biểu mẫu %s — %s", t->l->id,
                                                     t->l->source), NULL);
    lxw_format *wrap = workbook_add_format(t->wb);
    format_set_text_wrap(wrap);
    for (size_t i = 0; i < sizeof instructions / sizeof *instructions; i++)
        worksheet_write_string(ws, (lxw_row_t)(i + 3), 0, instructions[i], i ? wrap : t->title);
    worksheet_protect(ws, NULL, NULL);
    worksheet_activate(ws);
}

static void scalar_row(tmpl *t, lxw_worksheet *ws, lxw_row_t r, const bc_field *f)
{
    worksheet_write_string(ws, r, 0, f->where, t->label);
    worksheet_write_string(ws, r, 1, f->label, t->label);
    worksheet_write_string(ws, r, 2, unit_of(t, f), t->label);
    worksheet_write_string(ws, r, 4, rule_words(t, f), t->label);
    if (f->compute) {
        worksheet_write_string(ws, r, 3, "(baocao tự tính)", t->computed);
        return; /* no key: nothing typed here is read */
    }
    worksheet_write_string(ws, r, 5, f->key, NULL);
    write_value(t, ws, r, 3, f, t->prefill ? &t->prefill->vals[f->index] : NULL);
    validate(t, ws, f, r, r, 3);
}

static void scalar_sheet(tmpl *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, "Số liệu");
    static const char *const heads[] = {"Mục", "Nội dung", "Đơn vị tính", BC_XLSX_VALUE_HEADER,
                                        "Quy định", BC_XLSX_KEY_HEADER};
    static const double widths[] = {14, 60, 12, 22, 45, 20};
    lxw_row_col_options hidden = {.hidden = 1};
    for (int c = 0; c < 6; c++) {
        worksheet_set_column_opt(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL,
                                 c == 5 ? &hidden : NULL);
        worksheet_write_string(ws, FIRST_ROW - 1, (lxw_col_t)c, heads[c], t->header);
    }
    worksheet_merge_range(ws, 0, 0, 0, 4, t->l->title, t->title);
    worksheet_set_row(ws, 0, 36, NULL);
    worksheet_write_string(ws, 1, 0, "Điền vào cột \"Giá trị\" (ô nền vàng); xem trang \"Hướng "
                           "dẫn\".", NULL);
    lxw_row_t r = FIRST_ROW;
    for (size_t i = 0; i < t->l->ninfos; i++) {
        const bc_field *f = bc_layout_find(t->l, t->l->infos[i].key);
        if (f && f->type != BC_FT_LIST)
            scalar_row(t, ws, r++, f);
    }
    worksheet_freeze_panes(ws, FIRST_ROW, 0);
    worksheet_protect(ws, NULL, NULL);
}

/* A sheet name from the list's label ("Bảng 3A.2, nhóm A" from "Bảng 3A.2, nhóm A: …"): at
 * most 31 characters, none of []:*?/\, unique in the workbook. */
static const char *list_sheet_name(tmpl *t, const bc_field *f)
{
    char base[128];
    snprintf(base, sizeof base, "%.*s", (int)strcspn(f->label, ":"), f->label);
    for (char *p = base; *p; p++)
        if (strchr("[]:*?/\\'", *p))
            *p = ' ';
    const char *name = bc_text_ellipsize(&t->a, base, 31);
    if (!name || bc_utf8_len(name) > 31 || strstr(name, "…"))
        name = bc_text_ellipsize(&t->a, f->key, 31);
    for (int n = 2;; n++) {
        int used = 0;
        for (size_t i = 0; i < t->nnames; i++)
            used |= !strcmp(t->names[i], name);
        if (!used)
            break;
        name = bc_arena_printf(&t->a, "%.*s (%d)", 24, f->key, n);
    }
    t->names[t->nnames++] = name;
    return name;
}

static void list_sheet(tmpl *t, const bc_field *f)
{
    const char *name = list_sheet_name(t, f);
    lxw_worksheet *ws = workbook_add_worksheet(t->wb, name);
    worksheet_write_string(t->meta, (lxw_row_t)t->meta_row, 0, "danh sách", NULL);
    worksheet_write_string(t->meta, (lxw_row_t)t->meta_row, 1, f->key, NULL);
    worksheet_write_string(t->meta, (lxw_row_t)t->meta_row++, 2, name, NULL);
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_row_opt(ws, FIRST_ROW - 1, LXW_DEF_ROW_HEIGHT, NULL, &hidden);
    worksheet_write_string(ws, 0, 0, f->label, t->title);
    size_t rows = t->prefill ? bc_data_rows(t->prefill, f) : 0;
    for (size_t c = 0; c < f->ncolumns; c++) {
        const bc_field *col = &f->columns[c];
        lxw_col_t x = (lxw_col_t)c;
        worksheet_set_column(ws, x, x, col->type == BC_FT_TEXT ? 36 : 18,
                             col->compute ? t->computed : value_format(t, col));
        worksheet_write_string(ws, 1, x, col->compute ? bc_arena_printf(&t->a, "%s (baocao tự "
                               "tính)", col->label) : col->label, t->header);
        if (!col->compute) {
            worksheet_write_string(ws, FIRST_ROW - 1, x, bc_arena_printf(&t->a, "%s[].%s", f->key,
                                   col->key), t->label);
            validate(t, ws, col, FIRST_ROW, FIRST_ROW + LIST_ROWS - 1, x);
        }
        for (size_t r = 0; r < rows && !col->compute; r++)
            write_value(t, ws, (lxw_row_t)(FIRST_ROW + r), x, col, bc_data_value(t->prefill, col, r));
    }
    worksheet_set_row(ws, 1, 48, NULL);
    worksheet_freeze_panes(ws, FIRST_ROW, 0);
    worksheet_protect(ws, NULL, NULL);
}

static void write_book(tmpl *t)
{
    make_formats(t);
    instructions_sheet(t);
    size_t nlists = 0;
    for (size_t i = 0; i < t->l->nfields; i++)
        nlists += t->l->fields[i].type == BC_FT_LIST;
    t->names = BC_NEW_N(&t->a, const char *, nlists + 1);
    /* The hidden sheet is made before the sheets that fill it (libxlsxwriter keeps sheets in the
     * order they are made); hidden, it is not in the way. */
    t->meta = workbook_add_worksheet(t->wb, BC_XLSX_META);
    worksheet_write_string(t->meta, 0, 0, "biểu mẫu", NULL);
    worksheet_write_string(t->meta, 0, 1, t->l->id, NULL);
    worksheet_write_string(t->meta, 1, 0, "phiên bản", NULL);
    worksheet_write_number(t->meta, 1, 1, 1, NULL);
    t->meta_row = 3;
    t->meta_col = 4;
    scalar_sheet(t);
    for (size_t i = 0; t->names && i < t->l->nfields; i++)
        if (t->l->fields[i].type == BC_FT_LIST)
            list_sheet(t, &t->l->fields[i]);
    worksheet_hide(t->meta);
    worksheet_protect(t->meta, NULL, NULL);
    workbook_set_properties(t->wb, &(lxw_doc_properties){.title = (char *)t->l->title,
                                                         .subject = (char *)t->l->id});
}

bc_status bc_xlsx_template(const bc_layout *l, const bc_data *prefill, const char *path,
                           bc_err *err)
{
    tmpl t = {0};
    t.l = l;
    t.prefill = prefill;
    bc_xlsxout o;
    bc_status st = bc_xlsxout_open(&o, path, err);
    if (st != BC_OK)
        return st;
    t.wb = o.wb;
    write_book(&t);
    st = bc_xlsxout_close(&o, t.names ? BC_OK : bc_err_oom(err, path), err);
    bc_arena_free(&t.a);
    return st;
}
