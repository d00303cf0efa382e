/* data.c — loads a data file against a layout: parse, check everything, compute, format.
 *
 * Every problem is reported, not just the first: a preparer fixes the whole file in one pass.
 * Each message reads `FILE:LINE:COL: WHERE: "LABEL" PROBLEM` in Vietnamese, with the form's own
 * label cut to 60 characters, because the person reading it knows the paper form, not our keys.
 * Bytes that are not UTF-8 (or are characters XML forbids) are found before libyaml sees the
 * file and blamed on the field that holds them. Numbers and dates are read as officials write
 * them (form/numtext.h); what can be read two ways, or would have to be rounded to fit the form,
 * is refused with what to write. A key given twice is refused before any value is checked, and
 * only its first value is ever looked at: each field's value slot is filled once. The cost is
 * linear in the file: a file of thousands of bad keys gets thousands of messages (of which the
 * first BC_ERR_SHOWN are printed), not thousands of searches through the form each.
 * The finished data set is immutable.
 */
#include "form/data_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form/csv.h"
#include "form/numtext.h"
#include "form/xlsxmap.h"
#include "form/yaml.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/encoding.h"
#include "util/suggest.h"
#include "util/text.h"

/* ---- messages ---- */

static const char *where_of(checker *ck, const bc_field *f, long row)
{
    const char *w = f->list ? f->list->where : f->where;
    if (row < 0)
        return w;
    return bc_arena_printf(ck->a, "%s%sdòng %ld", w, *w ? ", " : "", row + 1);
}

static void report_v(checker *ck, const char *file, int line, int col, const char *cell,
                     const bc_field *f, long row, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const char *where = where_of(ck, f, row);
    const char *label = bc_text_ellipsize(ck->a, f->label, 60);
    bc_err_add(ck->err, BC_BADINPUT, file ? file : ck->file, line, col, "%s%s%s\"%s\" %s", cell,
               where, *where ? ": " : "", label ? label : f->key, msg);
}

void dc_report(checker *ck, const char *file, int line, int col, const bc_field *f, long row,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(ck, file, line, col, "", f, row, fmt, ap);
    va_end(ap);
}

void dc_column_name(int n, char *out)
{
    char rev[8];
    int k = 0;
    for (; n > 0 && k < 7; n = (n - 1) / 26)
        rev[k++] = (char)('A' + (n - 1) % 26);
    for (int i = 0; i < k; i++)
        out[i] = rev[k - 1 - i];
    out[k] = '\0';
}

/* "cột D (so_may_chu): " for a CSV cell, "" otherwise. */
static void cell_prefix(int cell, const bc_field *f, char *out, size_t cap)
{
    *out = '\0';
    if (cell > 0) {
        char name[8];
        dc_column_name(cell, name);
        snprintf(out, cap, "cột %s (%s): ", name, f->key);
    }
}

/* A problem at a node or value read from `file`: a CSV cell is named by its column, its
 * number then the position; elsewhere the position is line and column. */
static void report_read_v(checker *ck, const char *file, int line, int col, int cellno,
                          const bc_field *f, long row, const char *fmt, va_list ap)
{
    char cell[160];
    cell_prefix(cellno, f, cell, sizeof cell);
    report_v(ck, file, line, cellno > 0 ? cellno : col, cell, f, row, fmt, ap);
}

void dc_report_node(checker *ck, const bc_ynode *n, const bc_field *f, long row, const char *fmt,
                    ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_read_v(ck, n->file, n->line, n->col, n->cell, f, row, fmt, ap);
    va_end(ap);
}

void dc_report_value(checker *ck, const bc_value *v, const bc_field *f, long row, const char *fmt,
                     ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_read_v(ck, v->file, v->line, v->col, v->cell, f, row, fmt, ap);
    va_end(ap);
}

const char *const dc_expectations[BC_FT_COUNT] = {
    "văn bản", "số nguyên ≥ 0", "số thập phân", "tỉ lệ phần trăm từ 0 đến 100",
    "năm từ 1900 đến 2100", "ngày có thật, viết dd/mm/yyyy (ví dụ 15/12/2026) hoặc yyyy-mm-dd",
    "số điện thoại (chữ số, khoảng trắng, + . - ( ))", "địa chỉ thư điện tử dạng ten@mien",
    "địa chỉ web bắt đầu bằng http:// hoặc https://", "một lựa chọn", "danh sách lựa chọn",
    "danh sách các dòng (mỗi dòng là một bảng khóa–giá trị)"};

/* "nhận được "12a"" for a scalar, "nhận được một danh sách" for anything else. */
static const char *got(checker *ck, const bc_ynode *n)
{
    if (n->kind == BC_Y_SCALAR)
        return bc_arena_printf(ck->a, "\"%s\"", bc_text_nfc(ck->a, n->str));
    return bc_ynode_kind_name(n);
}

static void expected(checker *ck, const bc_ynode *n, const bc_field *f, long row, const char *what)
{
    dc_report_node(ck, n, f, row, "phải là %s, nhận được %s", what, got(ck, n));
}

/* The options as the form prints them: `website ("Trang thông tin điện tử (Website)"), portal
 * (…)`: the key to write, then the wording beside its box (the key alone when there is none). */
static const char *options_list(checker *ck, const bc_field *f)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; i < f->noptions; i++) {
        bc_buf_printf(&b, "%s%s", i ? ", " : "", f->options[i]);
        const char *t = f->option_text ? f->option_text[i] : NULL;
        if (t && strcmp(t, f->options[i]))
            bc_buf_printf(&b, " (\"%s\")", bc_text_ellipsize(ck->a, t, 50));
    }
    char *s = bc_arena_strdup(ck->a, b.data ? b.data : "");
    bc_buf_free(&b);
    return s;
}

/* ---- bad bytes found before parsing ---- */

static int before(int l1, int c1, int l2, int c2)
{
    return l1 < l2 || (l1 == l2 && c1 < c2);
}

/* Blames bad spots inside node `n` on field `f`; returns 1 if there were any. */
/* The first bad spot at or after line:col (the spots are in file order). */
static size_t first_bad_from(const checker *ck, int line, int col)
{
    size_t lo = 0, hi = ck->nbad;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (before(ck->bad[mid].line, ck->bad[mid].col, line, col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int claim_bad(checker *ck, const bc_ynode *n, const bc_field *f, long row)
{
    int any = 0;
    for (size_t i = first_bad_from(ck, n->line, n->col);
         i < ck->nbad && before(ck->bad[i].line, ck->bad[i].col, n->end_line, n->end_col); i++) {
        const bc_ybad *b = &ck->bad[i];
        if (ck->claimed[i])
            continue;
        ck->claimed[i] = 1;
        any = 1;
        if (b->illegal)
            dc_report(ck, NULL, b->line, b->col, f, row, "chứa ký tự điều khiển U+%04X, không được phép",
                   b->code);
        else
            dc_report(ck, NULL, b->line, b->col, f, row, "không phải UTF-8 hợp lệ (byte 0x%02X)",
                      b->code);
    }
    return any;
}

static void report_unclaimed(checker *ck)
{
    for (size_t i = 0; i < ck->nbad; i++) {
        const bc_ybad *b = &ck->bad[i];
        if (ck->claimed[i])
            continue;
        if (b->illegal)
            bc_err_add(ck->err, BC_BADINPUT, ck->file, b->line, b->col,
                       "ký tự điều khiển U+%04X không được phép", b->code);
        else
            bc_err_add(ck->err, BC_BADINPUT, ck->file, b->line, b->col,
                       "không phải UTF-8 hợp lệ (byte 0x%02X)", b->code);
    }
}

/* ---- parsing one scalar by type ---- */

static int valid_phone(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +.-()", *p) || (*p == '+' && p != s))
            return 0;
    }
    return digits >= 3 && digits <= 15;
}

static int valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t<>,;\"'"))
        return 0;
    const char *dom = at + 1, *dot = strrchr(dom, '.');
    if (!dot || dot == dom || !dot[1] || strstr(dom, ".."))
        return 0;
    for (const char *p = dom; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '.' || (unsigned char)*p >= 0x80))
            return 0;
    return 1;
}

static int valid_url(const char *s)
{
    const char *host = !strncmp(s, "http://", 7)    ? s + 7
                       : !strncmp(s, "https://", 8) ? s + 8
                                                    : NULL;
    if (!host || !*host || *host == '/' || strpbrk(s, " \t<>\"{}|\\^`"))
        return 0;
    return 1;
}

const char *dc_format_number(bc_arena *a, const bc_field *f, double v)
{
    if (f->type == BC_FT_YEAR)
        return bc_arena_printf(a, "%.0f", v);
    if (f->type == BC_FT_INTEGER)
        return bc_fmt_int(a, (long long)llround(v));
    return bc_fmt_dec(a, v, f->decimals);
}

/* dd/mm/yyyy, as dates are printed on Vietnamese forms. */
static const char *format_date(bc_arena *a, int y, int m, int d)
{
    return bc_arena_printf(a, "%02d/%02d/%04d", d, m, y);
}

static int integer_min_is_zero(const bc_field *f)
{
    double v;
    return !(f->min && bc_expr_constant(f->min, &v) && v < 0);
}

/* ---- numbers and dates as officials write them (form/numtext.h reads them) ---- */

/* What to write instead of a number in a form we do not read. */
static const char *number_hint(bc_nt_status st, int fraction)
{
    switch (st) {
    case BC_NT_ENGLISH:
        return "; viết theo cách Việt Nam: dấu chấm ngăn hàng nghìn, dấu phẩy trước phần thập "
               "phân (1.234,56) hoặc không ngăn (1234,56)";
    case BC_NT_GROUPS:
        return "; dấu chấm ngăn hàng nghìn phải tách đúng từng nhóm ba chữ số (12.345.678), "
               "hoặc viết liền (12345678)";
    default:
        return fraction ? "; viết bằng chữ số, dấu phẩy trước phần thập phân, ví dụ 4500 hoặc "
                          "12,5 (dấu chấm chỉ để ngăn hàng nghìn: 1.234,5)"
                        : "; viết bằng chữ số, ví dụ 4500 hoặc 4.500";
    }
}

/* A number as one writes it without doubt: no thousands dots, a decimal comma ("4500", "12,5"). */
static const char *plain_number(bc_arena *a, double v, int decimals)
{
    char *s = bc_arena_printf(a, "%.*f", decimals, v);
    char *dot = s ? strchr(s, '.') : NULL;
    if (dot)
        *dot = ',';
    return s;
}

/* A value with more digits after the comma than the field prints would be rounded without a
 * word; money must not change silently, so it is refused with the two values it lies between. */
static int check_frac_digits(checker *ck, const bc_field *f, long row, const bc_ynode *n,
                             const bc_nt_number *x)
{
    if (x->frac_digits <= f->decimals)
        return 1;
    double scale = pow(10, f->decimals);
    double lo = floor(x->value * scale) / scale, hi = ceil(x->value * scale) / scale;
    const char *want = f->type == BC_FT_INTEGER || f->type == BC_FT_YEAR
        ? "số nguyên, không có phần thập phân"
        : f->decimals == 0
        ? "số không có phần thập phân (biểu mẫu không in chữ số nào sau dấu phẩy)"
        : bc_arena_printf(ck->a, "số có nhiều nhất %d chữ số sau dấu phẩy", f->decimals);
    dc_report_node(ck, n, f, row,
              "phải là %s, nhận được %s (%d chữ số sau dấu phẩy); số liệu không được làm tròn "
              "ngầm: viết %s hoặc %s",
              want, got(ck, n), x->frac_digits, plain_number(ck->a, lo, f->decimals),
              plain_number(ck->a, hi, f->decimals));
    return 0;
}

static int too_large(checker *ck, const bc_field *f, long row, const bc_ynode *n, double x)
{
    if (fabs(x) <= MAX_MAGNITUDE)
        return 0;
    dc_report_node(ck, n, f, row, "quá lớn (tối đa 10^15), nhận được %s", got(ck, n));
    return 1;
}

static int check_integer(checker *ck, const bc_field *f, long row, const bc_ynode *n, bc_value *v)
{
    bc_nt_number x;
    const char *want = f->type == BC_FT_YEAR          ? dc_expectations[BC_FT_YEAR]
                       : integer_min_is_zero(f)       ? dc_expectations[BC_FT_INTEGER]
                                                      : "số nguyên";
    bc_nt_status st = bc_nt_number_parse(n->str, 0, &x);
    if (st != BC_NT_OK) {
        dc_report_node(ck, n, f, row, "phải là %s, nhận được %s%s", want,
                  got(ck, n), f->type == BC_FT_YEAR ? "; viết bốn chữ số, ví dụ 2025"
                                                    : number_hint(st, 0));
        return 0;
    }
    if (too_large(ck, f, row, n, x.value))
        return 0;
    if (x.frac_digits)
        return check_frac_digits(ck, f, row, n, &x); /* refuses: decimals is 0 */
    if ((x.value < 0 && integer_min_is_zero(f)) ||
        (f->type == BC_FT_YEAR && (x.value < 1900 || x.value > 2100))) {
        expected(ck, n, f, row, want);
        return 0;
    }
    v->num = x.value;
    return 1;
}

/* "4.500" where a fraction is allowed: when only one reading fits the field it is that one (a
 * percent cannot be 4500, so there it is 4,5; a field printing no decimals cannot be 4,5, so there
 * it is 4500); otherwise it is refused with both ways to write it. Returns 1 when settled. */
static int settle_ambiguous(checker *ck, const bc_field *f, long row, const bc_ynode *n,
                            bc_nt_number *x)
{
    int thousands_fits = !(f->type == BC_FT_PERCENT && x->value > 100);
    int decimal_fits = x->frac_digits <= f->decimals;
    if (thousands_fits != decimal_fits) {
        if (decimal_fits)
            x->value = x->alt;
        else
            x->frac_digits = 0;
        return 1;
    }
    char words[160];
    int said = bc_nt_words((long long)fabs(x->value), words, sizeof words);
    dc_report_node(ck, n, f, row,
              "không rõ là số nào: nhận được %s, dấu chấm có thể ngăn hàng nghìn hoặc là dấu "
              "thập phân; viết %s nếu là %s%s%s, hoặc %s nếu dấu chấm là dấu thập phân",
              got(ck, n), plain_number(ck->a, x->value, 0), x->value < 0 ? "âm " : "",
              said ? words : bc_fmt_int(ck->a, (long long)x->value), said ? "" : " (hàng nghìn)",
              plain_number(ck->a, x->alt, x->frac_digits));
    return 0;
}

static int check_decimal(checker *ck, const bc_field *f, long row, const bc_ynode *n, bc_value *v)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s", n->str);
    size_t len = strlen(buf);
    if (f->type == BC_FT_PERCENT && len && buf[len - 1] == '%')
        buf[--len] = '\0'; /* "87,5%" is what people type */
    bc_nt_number x;
    bc_nt_status st = bc_nt_number_parse(buf, 1, &x);
    if (st == BC_NT_AMBIGUOUS && !settle_ambiguous(ck, f, row, n, &x))
        return 0;
    if (st != BC_NT_OK && st != BC_NT_AMBIGUOUS) {
        dc_report_node(ck, n, f, row, "phải là %s, nhận được %s%s",
                  dc_expectations[f->type], got(ck, n), number_hint(st, 1));
        return 0;
    }
    if (too_large(ck, f, row, n, x.value))
        return 0;
    if (f->type == BC_FT_PERCENT && (x.value < 0 || x.value > 100)) {
        expected(ck, n, f, row, dc_expectations[f->type]);
        return 0;
    }
    if (!check_frac_digits(ck, f, row, n, &x))
        return 0;
    v->num = x.value;
    return 1;
}

/* A date that does not exist, or is written in a form we do not read, says what to write. */
static int check_date(checker *ck, const bc_field *f, long row, const bc_ynode *n, const char *s,
                      bc_value *v)
{
    bc_nd_status st = bc_nt_date_parse(s, &v->year, &v->month, &v->day);
    int y = v->year, m = v->month, d = v->day;
    const char *why = NULL;
    switch (st) {
    case BC_ND_OK:
        return 1;
    case BC_ND_SHORT_YEAR:
        why = bc_arena_printf(ck->a, "năm phải đủ bốn chữ số: viết %02d/%02d/20%02d hoặc "
                              "%02d/%02d/19%02d", d, m, y, d, m, y);
        break;
    case BC_ND_BAD_MONTH:
        why = d >= 1 && d <= 12 && m >= 1 && m <= bc_nt_days_in_month(y, d)
                  ? bc_arena_printf(ck->a, "không có tháng %d; ngày viết trước tháng: có phải "
                                    "%02d/%02d/%04d?", m, m, d, y)
                  : bc_arena_printf(ck->a, "không có tháng %d (tháng từ 1 đến 12)", m);
        break;
    case BC_ND_BAD_DAY:
        why = bc_arena_printf(ck->a, "tháng %d năm %d không có ngày %d (chỉ có %d ngày)", m, y, d,
                              bc_nt_days_in_month(y, m));
        break;
    case BC_ND_BAD_YEAR:
        why = bc_arena_printf(ck->a, "năm %d ngoài khoảng 1900–2100", y);
        break;
    default:
        break;
    }
    dc_report_node(ck, n, f, row, "phải là %s, nhận được %s%s%s",
              dc_expectations[BC_FT_DATE], got(ck, n), why ? ": " : "", why ? why : "");
    return 0;
}

/* The option key that `s` names: the key itself; else, when exactly one option matches, the key
 * or the option's printed wording compared without case and diacritics ("Có", "KHONG", "trang
 * thong tin dien tu (website)"). NULL when none or several do. */
static const char *match_option(const bc_field *f, const char *s)
{
    for (size_t i = 0; i < f->noptions; i++)
        if (!strcmp(f->options[i], s))
            return f->options[i];
    char fs[256], fo[256];
    if (!bc_fold(s, fs, sizeof fs))
        return NULL;
    const char *found = NULL;
    for (size_t i = 0; i < f->noptions; i++) {
        const char *t = f->option_text ? f->option_text[i] : NULL;
        int same = (bc_fold(f->options[i], fo, sizeof fo) && !strcmp(fs, fo)) ||
                   (t && bc_fold(t, fo, sizeof fo) && !strcmp(fs, fo));
        if (same && found && found != f->options[i])
            return NULL; /* two options read the same: ambiguous */
        if (same)
            found = f->options[i];
    }
    return found;
}

/* " (có phải "co" – "Có"?)" when a key or a printed wording is a slip away from `s`. */
static const char *option_hint(checker *ck, const bc_field *f, const char *s)
{
    const char **names = BC_NEW_N(ck->a, const char *, 2 * f->noptions + 1);
    if (!names)
        return "";
    for (size_t i = 0; i < f->noptions; i++) {
        names[2 * i] = f->options[i];
        names[2 * i + 1] = f->option_text ? f->option_text[i] : NULL;
    }
    const char *near = bc_suggest(s, names, 2 * f->noptions);
    for (size_t i = 0; near && i < 2 * f->noptions; i++)
        if (names[i] == near)
            return bc_arena_printf(ck->a, " (có phải \"%s\"?)", f->options[i / 2]);
    return "";
}

/* "noi_bo, khac" or "noi_bo;khac" for a `choices` field written on one line (a CSV cell): the
 * options as a sequence. Options are ASCII keys, so these separators cannot be part of one. */
static const bc_ynode *split_options(checker *ck, const bc_ynode *n)
{
    if (!strpbrk(n->str, ",;|"))
        return n;
    bc_ynode *seq = BC_NEW(ck->a, bc_ynode);
    bc_ynode **items = BC_NEW_N(ck->a, bc_ynode *, strlen(n->str) + 1);
    char *copy = bc_arena_strdup(ck->a, n->str);
    if (!seq || !items || !copy)
        return n;
    *seq = *n;
    seq->kind = BC_Y_SEQ;
    seq->items = items;
    seq->n = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",;| ", &save); tok;
         tok = strtok_r(NULL, ",;| ", &save)) {
        bc_ynode *o = BC_NEW(ck->a, bc_ynode);
        if (!o)
            return n;
        *o = *n;
        o->str = tok;
        items[seq->n++] = o;
    }
    return seq;
}

static int check_choices(checker *ck, const bc_field *f, long row, const bc_ynode *n, bc_value *v)
{
    const char *want = bc_arena_printf(ck->a, "%s: %s", f->type == BC_FT_CHOICE ? "một trong"
                                       : "danh sách các lựa chọn trong", options_list(ck, f));
    if (n->kind == BC_Y_MAP || (n->kind == BC_Y_SEQ && f->type == BC_FT_CHOICE)) {
        expected(ck, n, f, row, want);
        return 0;
    }
    if (n->kind == BC_Y_SCALAR && f->type == BC_FT_CHOICES)
        n = split_options(ck, n);
    size_t count = n->kind == BC_Y_SEQ ? n->n : 1;
    /* The options are counted from 0 into an array of this node's size: nothing of an earlier
     * value may carry over (a repeated key once made this write past the array). */
    v->nopts = 0;
    v->opts = BC_NEW_N(ck->a, const char *, count ? count : 1);
    int ok = 1;
    bc_buf text = BC_BUF_INIT;
    for (size_t i = 0; v->opts && i < count && v->nopts < count; i++) {
        const bc_ynode *o = n->kind == BC_Y_SEQ ? n->items[i] : n;
        const char *key = o->kind == BC_Y_SCALAR ? match_option(f, bc_text_nfc(ck->a, o->str)) : NULL;
        if (!key) {
            dc_report_node(ck, o, f, row, "phải là một trong: %s; nhận được %s%s",
                   options_list(ck, f), got(ck, o),
                   o->kind == BC_Y_SCALAR ? option_hint(ck, f, o->str) : "");
            ok = 0;
            continue;
        }
        v->opts[v->nopts++] = key;
        bc_buf_printf(&text, "%s%s", text.len ? ", " : "", key);
    }
    v->text = bc_arena_strdup(ck->a, text.data ? text.data : "");
    bc_buf_free(&text);
    return ok;
}

/* Checks the string types; *s is the NFC text. */
static int check_string(checker *ck, const bc_field *f, long row, const bc_ynode *n,
                        const char *s)
{
    int ok = 1;
    switch (f->type) {
    case BC_FT_PHONE: ok = valid_phone(s); break;
    case BC_FT_EMAIL: ok = valid_email(s); break;
    case BC_FT_URL: ok = valid_url(s); break;
    default: break;
    }
    if (!ok)
        expected(ck, n, f, row, dc_expectations[f->type]);
    return ok;
}

/* Checks one value node against its field; fills *v when it is good. */
static void check_value(checker *ck, const bc_field *f, long row, const bc_ynode *n, bc_value *v)
{
    if (v->file || v->line) /* filled already: a repeat, refused by report_repeats */
        return;
    v->line = n->line;
    v->col = n->col;
    v->cell = n->cell;
    v->file = n->file;
    if (bc_ynode_is_null(n) && !n->cell_error)
        return; /* written but left empty: the same as missing */
    v->invalid = 1;
    if (n->cell_error) {
        dc_report_node(ck, n, f, row, "ô có lỗi công thức %s: công thức không tính ra giá trị "
                       "(sửa công thức hoặc nhập số liệu trực tiếp)", n->cell_error);
        return;
    }
    if (claim_bad(ck, n, f, row))
        return;
    if (f->type == BC_FT_CHOICE || f->type == BC_FT_CHOICES) {
        if (check_choices(ck, f, row, n, v))
            v->invalid = 0, v->present = 1;
        return;
    }
    if (n->kind != BC_Y_SCALAR) {
        expected(ck, n, f, row, dc_expectations[f->type]);
        return;
    }
    const char *s = bc_text_nfc(ck->a, n->str);
    int ok;
    if (f->type == BC_FT_INTEGER || f->type == BC_FT_YEAR)
        ok = check_integer(ck, f, row, n, v);
    else if (f->type == BC_FT_DECIMAL || f->type == BC_FT_PERCENT)
        ok = check_decimal(ck, f, row, n, v);
    else if (f->type == BC_FT_DATE)
        ok = check_date(ck, f, row, n, s, v);
    else
        ok = check_string(ck, f, row, n, s);
    if (!ok)
        return;
    v->invalid = 0;
    v->present = 1;
    if (bc_ftype_numeric(f->type))
        v->text = dc_format_number(ck->a, f, v->num);
    else if (f->type == BC_FT_DATE)
        v->text = format_date(ck->a, v->year, v->month, v->day);
    else
        v->text = s;
}

/* ---- keys ---- */

static size_t edit_distance(const char *x, const char *y)
{
    size_t n = strlen(x), m = strlen(y);
    if (n > 64 || m > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (x[i - 1] != y[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

const char *bc_data_nearest_key(const bc_field *fields, size_t n, const char *key)
{
    const char *best = NULL;
    size_t bestd = 3, len = strlen(key);
    for (size_t i = 0; i < n; i++) {
        size_t other = strlen(fields[i].key);
        if ((len > other ? len - other : other - len) >= bestd)
            continue; /* the distance is at least the difference in length: no need to compute */
        size_t dist = edit_distance(key, fields[i].key);
        if (dist < bestd) {
            bestd = dist;
            best = fields[i].key;
        }
    }
    return best;
}

static void unknown_key(checker *ck, const bc_ynode *k, const bc_field *fields, size_t n,
                        const char *prefix)
{
    const char *name = k->kind == BC_Y_SCALAR ? k->str : "?";
    const char *near = ++ck->unknown <= DC_SUGGEST ? bc_data_nearest_key(fields, n, name) : NULL;
    char hint[160] = "";
    if (near)
        snprintf(hint, sizeof hint, " (có phải \"%s\"?)", near);
    char col[16] = "";
    if (k->cell > 0) { /* a CSV header: named by its column, as the spreadsheet shows it */
        char cname[8];
        dc_column_name(k->cell, cname);
        snprintf(col, sizeof col, "cột %s: ", cname);
    }
    bc_err_add(ck->err, BC_BADINPUT, k->file ? k->file : ck->file, k->line,
               k->cell > 0 ? k->cell : k->col, "%s%skhóa không có trong biểu mẫu: \"%s\"%s", col,
               prefix, bc_text_nfc(ck->a, name), hint);
}

/* ---- repeated keys ---- */

/* Every key of `map` given a second time, as an error in the terms of the form (the field `f` of
 * `fields` it names, or the key itself when the form has none). Runs before any value of the map
 * is checked; the checks then skip the repeats. Returns how many there were. */
static size_t report_repeats(checker *ck, const bc_ynode *map, const bc_field *list, long row)
{
    size_t n = 0;
    for (size_t i = 0; i < map->n; i++) {
        const bc_ynode *k = BC_YKEY(map, i);
        if (!k->dup)
            continue;
        n++;
        const bc_field *f = list ? bc_field_column(list, k->str) : bc_layout_find(ck->l, k->str);
        const char *what = ck->csv && !ck->xlsx && !list ? "cột" : "khóa";
        char cname[8] = "?";
        if (k->dup->cell > 0)
            dc_column_name(k->dup->cell, cname);
        size_t flen = strlen(ck->file);
        const char *first = k->dup->cell > 0 ? bc_arena_printf(ck->a, "cột %s", cname)
            : ck->xlsx && k->dup->file && !strncmp(k->dup->file, ck->file, flen)
            ? bc_arena_printf(ck->a, "ô %s", k->dup->file + flen + (k->dup->file[flen] == '!'))
            : bc_arena_printf(ck->a, "dòng %d", k->dup->line);
        if (f)
            dc_report_node(ck, k, f, row,
                      "%s \"%s\" lặp lại (đã có ở %s); mỗi khóa chỉ được ghi một lần", what,
                      k->str, first);
        else
            bc_err_add(ck->err, BC_BADINPUT, k->file ? k->file : ck->file, k->line,
                       k->cell > 0 ? k->cell : k->col,
                       "%s \"%s\" lặp lại (đã có ở %s); mỗi khóa chỉ được ghi một lần", what,
                       bc_text_nfc(ck->a, k->str), first);
    }
    return n;
}

/* ---- lists ---- */

static void check_row(checker *ck, const bc_field *list, long r, const bc_ynode *n, bc_value *row)
{
    if (n->kind != BC_Y_MAP) {
        dc_report_node(ck, n, list, r,
               "mỗi dòng phải là một bảng khóa–giá trị (các cột), nhận được %s", got(ck, n));
        return;
    }
    report_repeats(ck, n, list, r);
    for (size_t i = 0; i < n->n; i++) {
        const bc_ynode *k = BC_YKEY(n, i);
        if (k->dup)
            continue;
        const bc_field *c = k->kind == BC_Y_SCALAR ? bc_field_column(list, k->str) : NULL;
        if (!c) {
            const char *w = where_of(ck, list, r);
            unknown_key(ck, k, list->columns, list->ncolumns,
                        bc_arena_printf(ck->a, "%s%s", w, *w ? ": " : ""));
            continue;
        }
        check_value(ck, c, r, BC_YVAL(n, i), &row[c->index]);
    }
    for (size_t c = 0; c < list->ncolumns; c++) {
        const bc_field *col = &list->columns[c];
        if (col->required && !col->compute && !row[c].present && !row[c].invalid)
            dc_report_node(ck, n, col, r, "là bắt buộc nhưng chưa có (khóa \"%s\")",
                   col->key);
    }
}

static void check_list(checker *ck, const bc_field *f, const bc_ynode *n, bc_dlist *dl)
{
    dl->line = n->line;
    dl->col = n->col;
    dl->file = n->file;
    if (bc_ynode_is_null(n))
        return;
    dl->given = 1;
    if (n->kind != BC_Y_SEQ) {
        expected(ck, n, f, -1, dc_expectations[BC_FT_LIST]);
        return;
    }
    dl->present = 1;
    dl->nrows = n->n;
    dl->rows = BC_NEW_N(ck->a, bc_value *, n->n ? n->n : 1);
    for (size_t r = 0; dl->rows && r < n->n; r++) {
        dl->rows[r] = BC_NEW_N(ck->a, bc_value, f->ncolumns ? f->ncolumns : 1);
        if (dl->rows[r])
            check_row(ck, f, (long)r, n->items[r], dl->rows[r]);
    }
    if ((int)n->n < f->min_rows)
        dc_report_node(ck, n, f, -1, "cần ít nhất %d dòng, nhận được %zu", f->min_rows,
                  n->n);
}

/* `required_if` / `forbidden_if` when the choice holds the option: the message says why. */
static void check_condition(checker *ck, const bc_field *f, const bc_value *v, int have)
{
    const bc_field *q = f->cond;
    const char *opt = f->cond_option;
    for (size_t k = 0; k < q->noptions; k++)
        if (!strcmp(q->options[k], f->cond_option) && q->option_text && q->option_text[k])
            opt = q->option_text[k];
    const char *sep = *q->where ? " " : "";
    if (!f->cond_forbids && !have)
        dc_report(ck, NULL, ck->root_line, ck->root_col, f, -1,
                  "là bắt buộc vì %s%s\"%s\" là \"%s\" (khóa \"%s\")", q->where, sep, q->label,
                  opt, f->key);
    else if (f->cond_forbids && v->present && !v->computed)
        dc_report_value(ck, v, f, -1, "phải để trống vì %s%s\"%s\" là \"%s\" (bỏ khóa \"%s\")",
                        q->where, sep, q->label, opt, f->key);
}

static void check_required(checker *ck)
{
    const bc_layout *l = ck->l;
    for (size_t i = 0; i < l->nfields; i++) {
        const bc_field *f = &l->fields[i];
        const bc_value *v = &ck->d->vals[i];
        const bc_dlist *dl = &ck->d->lists[i];
        int have = f->type == BC_FT_LIST ? dl->given : v->present || v->invalid;
        if (f->required && !have)
            dc_report(ck, NULL, ck->root_line, ck->root_col, f, -1,
                   "là bắt buộc nhưng chưa có (khóa \"%s\")", f->key);
        else if (f->cond && bc_value_has(&ck->d->vals[f->cond->index], f->cond_option))
            check_condition(ck, f, v, have);
        else if (f->type == BC_FT_LIST && !dl->given && f->min_rows > 0)
            dc_report(ck, NULL, ck->root_line, ck->root_col, f, -1, "cần ít nhất %d dòng, nhận được 0 "
                   "(khóa \"%s\")", f->min_rows, f->key);
    }
}

/* ---- loading ---- */

/* The columns that name the unit in a batch's units table (see csvunits.h). A one-row CSV data
 * file cut from such a table, or filled in from `template --format csv`, keeps them; they say
 * whose data it is, not what the form reports, so they are let be unless the form has such a
 * field itself. */
static int is_unit_column(const char *key)
{
    return !strcmp(key, "ma_don_vi") || !strcmp(key, "ten_don_vi");
}

static void check_root(checker *ck, const bc_ynode *root)
{
    const bc_layout *l = ck->l;
    ck->root_line = root->line;
    ck->root_col = root->col;
    report_repeats(ck, root, NULL, -1);
    for (size_t i = 0; i < root->n; i++) {
        const bc_ynode *k = BC_YKEY(root, i);
        if (k->dup)
            continue;
        const bc_field *f = k->kind == BC_Y_SCALAR ? bc_layout_find(l, k->str) : NULL;
        if (!f && ck->csv && is_unit_column(k->str))
            continue;
        if (!f) {
            unknown_key(ck, k, l->fields, l->nfields, "");
            continue;
        }
        if (f->type == BC_FT_LIST)
            check_list(ck, f, BC_YVAL(root, i), &ck->d->lists[f->index]);
        else
            check_value(ck, f, -1, BC_YVAL(root, i), &ck->d->vals[f->index]);
    }
    if (ck->unknown > DC_SUGGEST)
        bc_err_add(ck->err, BC_BADINPUT, ck->file, root->line, root->col,
                   "có %zu khóa không có trong biểu mẫu; chỉ %d khóa đầu được gợi ý tên gần đúng "
                   "(tệp có đúng là dữ liệu của biểu mẫu này?)", ck->unknown, DC_SUGGEST);
}

static void check_tree(checker *ck, const bc_ynode *root)
{
    if (root->kind != BC_Y_MAP) {
        bc_err_add(ck->err, BC_BADINPUT, root->file ? root->file : ck->file, root->line, root->col,
                   "tệp dữ liệu phải là một bảng khóa–giá trị (khóa: giá trị), nhận được %s",
                   bc_ynode_kind_name(root));
        return;
    }
    check_root(ck, root);
    dc_compute_all(ck);
    dc_check_rules(ck);
    if (!ck->partial)
        check_required(ck);
}

static bc_status check_file(checker *ck, char *data, size_t len)
{
    ck->bad = bc_yaml_scrub(ck->a, data, len, &ck->nbad);
    ck->claimed = BC_NEW_N(ck->a, char, ck->nbad ? ck->nbad : 1);
    ck->csv = bc_ends_with_nocase(ck->file, ".csv");
    bc_ynode *root = NULL;
    bc_status st = ck->csv ? bc_csv_parse(ck->a, ck->file, data, len, &root, ck->err)
                           : bc_yaml_parse_ex(ck->a, ck->file, data, len,
                                              BC_YAML_REPEATS_UNREPORTED, &root, ck->err);
    if (root)
        check_tree(ck, root);
    report_unclaimed(ck);
    return st;
}

/* A workbook: its cells as the tree a YAML file gives, found by the keys written in it. Unit
 * columns (ma_don_vi, ten_don_vi) are let be as in a CSV file: a workbook may name its unit. */
static void check_xlsx(checker *ck)
{
    bc_xbook *b = NULL;
    bc_ynode *root = NULL;
    if (bc_xlsx_load(ck->file, &b, ck->err) == BC_OK &&
        bc_xlsx_tree(ck->a, ck->l, ck->file, b, &root, ck->err) == BC_OK) {
        ck->csv = ck->xlsx = 1;
        check_tree(ck, root);
    }
    bc_xlsx_free(b);
}

/* strcmp, but a run of digits compares as a number: a workbook's cells are named in their
 * files ("x.xlsx!Số liệu!D7"), and D7 comes before D10. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            const char *ea = a, *eb = b;
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
                ;
            for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
                ;
            if (ea - a != eb - b)
                return ea - a < eb - b ? -1 : 1;
            int c = strncmp(a, b, (size_t)(ea - a));
            if (c)
                return c;
            a = ea, b = eb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++, b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

/* Where a message points: the file being checked first, then the other files a tree was put
 * together from (a batch's list tables) by name, then line and column. */
static int diag_before(const bc_diag *x, const bc_diag *y, const char *main_file)
{
    int xm = !x->file || !strcmp(x->file, main_file), ym = !y->file || !strcmp(y->file, main_file);
    if (xm != ym)
        return xm;
    int c = xm ? 0 : natural_cmp(x->file, y->file);
    if (c)
        return c < 0;
    return x->line < y->line || (x->line == y->line && x->col < y->col);
}

/* Problems are found field by field and then rule by rule; the reader fixes the file top down.
 * A merge sort, stable so that problems at the same position keep the order they were found in,
 * and O(n log n), since a hostile file can have thousands. */
static void sort_by_position(bc_err *e, const char *main_file)
{
    bc_diag *tmp = e->n > 1 ? malloc(e->n * sizeof *tmp) : NULL;
    if (!tmp)
        return; /* out of memory (or nothing to sort): the order found is still every problem */
    for (size_t w = 1; w < e->n; w *= 2) {
        for (size_t lo = 0; lo < e->n; lo += 2 * w) {
            size_t mid = lo + w < e->n ? lo + w : e->n, hi = lo + 2 * w < e->n ? lo + 2 * w : e->n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid || j < hi)
                tmp[k++] = j >= hi || (i < mid && !diag_before(&e->items[j], &e->items[i], main_file))
                               ? e->items[i++]
                               : e->items[j++];
        }
        memcpy(e->items, tmp, e->n * sizeof *tmp);
    }
    free(tmp);
}

/* Checks `len` bytes of `raw` (parsed here), an already parsed `root`, or, when both are NULL,
 * the workbook `file`. */
static bc_status load(const bc_layout *l, const char *file, char *raw, size_t len,
                      const bc_ynode *root, int partial, bc_data **out, bc_err *err)
{
    *out = NULL;
    bc_arena a = BC_ARENA_INIT;
    bc_data *d = BC_NEW(&a, bc_data);
    size_t nf = l->nfields ? l->nfields : 1;
    if (d) {
        d->vals = BC_NEW_N(&a, bc_value, nf);
        d->lists = BC_NEW_N(&a, bc_dlist, nf);
    }
    if (!d || !d->vals || !d->lists) {
        bc_arena_free(&a);
        return bc_err_oom(err, file);
    }
    d->layout = l;
    bc_err mine = BC_ERR_INIT;
    checker ck = {l, d, &a, file, &mine, NULL, 0, NULL, 1, 1, 0, 0};
    ck.partial = partial;
    if (root)
        check_tree(&ck, root);
    else if (!raw)
        check_xlsx(&ck);
    else
        check_file(&ck, raw, len);
    sort_by_position(&mine, file);
    bc_status st = mine.n ? (mine.status ? mine.status : BC_BADINPUT) : BC_OK;
    bc_err_merge(err, &mine);
    d->arena = a;
    if (st != BC_OK) {
        bc_data_free(d);
        return st;
    }
    *out = d;
    return BC_OK;
}

static bc_status load_file(const bc_layout *l, const char *path, int partial, bc_data **out,
                           bc_err *err)
{
    *out = NULL;
    if (bc_ends_with_nocase(path, ".xlsx"))
        return load(l, path, NULL, 0, NULL, partial, out, err);
    char *raw;
    size_t len;
    bc_status st = bc_file_read_max(path, BC_YAML_MAX_BYTES, &raw, &len, err);
    if (st != BC_OK)
        return st;
    st = bc_encoding_to_utf8(path, bc_ends_with_nocase(path, ".csv") ? "CSV" : "YAML", &raw, &len, err);
    if (st == BC_OK)
        st = load(l, path, raw, len, NULL, partial, out, err);
    free(raw);
    return st;
}

bc_status bc_data_load(const bc_layout *l, const char *path, bc_data **out, bc_err *err)
{
    return load_file(l, path, 0, out, err);
}

bc_status bc_data_load_partial(const bc_layout *l, const char *path, bc_data **out, bc_err *err)
{
    return load_file(l, path, 1, out, err);
}

bc_status bc_data_load_tree(const bc_layout *l, const char *file, const bc_ynode *root,
                            bc_data **out, bc_err *err)
{
    return load(l, file, NULL, 0, root, 0, out, err);
}

void bc_data_free(bc_data *d)
{
    if (!d)
        return;
    bc_arena a = d->arena; /* the data set lives in its own arena */
    bc_arena_free(&a);
}

const bc_value *bc_data_value(const bc_data *d, const bc_field *f, size_t row)
{
    if (!f->list)
        return &d->vals[f->index];
    const bc_dlist *dl = &d->lists[f->list->index];
    return row < dl->nrows ? &dl->rows[row][f->index] : NULL;
}

size_t bc_data_rows(const bc_data *d, const bc_field *list)
{
    return d->lists[list->index].nrows;
}

int bc_value_has(const bc_value *v, const char *option)
{
    for (size_t i = 0; v && v->present && i < v->nopts; i++)
        if (!strcmp(v->opts[i], option))
            return 1;
    return 0;
}
