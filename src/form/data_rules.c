/* data_rules.c — computed figures and min/max rules of a data set being loaded.
 *
 * Runs after every value has been parsed: formulas are evaluated through the expression module
 * against the values (a list row sees its own columns first), computed figures are filled in or,
 * when the data gives them too, checked against the formula within the printed rounding; then
 * every min/max rule is checked, naming the other field's label and value when the bound is a
 * field ("không được lớn hơn …"), and the parts of a total ("Trong đó", `parts:`) are checked
 * together against it. Formulas are worded by their inputs' labels and values, never by key.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "form/data_check.h"
#include "util/buf.h"
#include "util/text.h"

/* ---- computed figures and rules ---- */

typedef struct scope {
    checker *ck;
    const bc_field *list; /* row context, or NULL */
    bc_value *row;
} scope;

static bc_value *lookup(const scope *sc, const char *key, const bc_field **f)
{
    const bc_field *c = sc->list ? bc_field_column(sc->list, key) : NULL;
    if (c) {
        *f = c;
        return &sc->row[c->index];
    }
    *f = bc_layout_find(sc->ck->l, key);
    return *f ? &sc->ck->d->vals[(*f)->index] : NULL;
}

static bc_ev env_value(void *ctx, const char *key, double *v)
{
    const bc_field *f;
    const bc_value *x = lookup(ctx, key, &f);
    if (!x || !x->present || !bc_ftype_numeric(f->type))
        return BC_EV_UNKNOWN;
    *v = x->num;
    return BC_EV_OK;
}

static const bc_dlist *env_list(const scope *sc, const char *key)
{
    const bc_field *f = bc_layout_find(sc->ck->l, key);
    if (!f || f->type != BC_FT_LIST || !sc->ck->d->lists[f->index].present)
        return NULL;
    return &sc->ck->d->lists[f->index];
}

static bc_ev env_sum(void *ctx, const char *list, const char *column, double *v)
{
    const scope *sc = ctx;
    const bc_dlist *dl = env_list(sc, list);
    const bc_field *c = bc_field_column(bc_layout_find(sc->ck->l, list), column);
    if (!dl || !c)
        return BC_EV_UNKNOWN;
    double total = 0;
    for (size_t r = 0; r < dl->nrows; r++) {
        if (!dl->rows[r][c->index].present)
            return BC_EV_UNKNOWN; /* one blank row makes the total unknowable */
        total += dl->rows[r][c->index].num;
    }
    *v = total;
    return BC_EV_OK;
}

static bc_ev env_count(void *ctx, const char *list, double *v)
{
    const bc_dlist *dl = env_list(ctx, list);
    if (!dl)
        return BC_EV_UNKNOWN;
    *v = (double)dl->nrows;
    return BC_EV_OK;
}

static bc_ev eval(const scope *sc, const bc_expr *e, double *out)
{
    bc_expr_env env = {env_value, env_sum, env_count, (void *)sc};
    return bc_expr_eval(e, &env, out);
}

/* Finds the first input of a formula that the file gives, to point a message about a figure the
 * file does not give (a computed one) at a line the reader can go to. */
typedef struct input_pos {
    const scope *sc;
    int line, col;
    const char *file;
} input_pos;

static int first_input(void *ctx, const char *list, const char *name, size_t pos)
{
    input_pos *ip = ctx;
    const bc_field *f;
    (void)pos;
    if (list) {
        const bc_field *lf = bc_layout_find(ip->sc->ck->l, list);
        const bc_dlist *dl = lf ? &ip->sc->ck->d->lists[lf->index] : NULL;
        ip->line = dl && dl->given ? dl->line : 0;
        ip->col = dl && dl->given ? dl->col : 0;
        ip->file = dl && dl->given ? dl->file : NULL;
        return ip->line > 0;
    }
    const bc_value *v = lookup(ip->sc, name, &f);
    if (v && v->line > 0) {
        ip->line = v->line;
        ip->col = v->col;
        ip->file = v->file;
    }
    return ip->line > 0;
}

/* A formula in the form's words: its inputs by label with their values, e.g. `tỉ lệ phần trăm
 * "Tổng số máy tính được cài đặt" (1.700) trên "Tổng số máy tính tại cơ quan" (2.000)`. The
 * reader knows the paper form, not our keys or the expression language. */
typedef struct words {
    const scope *sc;
    bc_buf b;
    size_t n;
    size_t first_len; /* bytes of the first input, to word percent(a, b) as "a trên b" */
} words;

static int word_input(void *ctx, const char *list, const char *name, size_t pos);

static int word_one(void *ctx, const char *list, const char *name, size_t pos)
{
    words *w = ctx;
    word_input(ctx, list, name, pos);
    if (w->n == 1 && !w->first_len)
        w->first_len = w->b.len;
    return 0;
}

static int word_input(void *ctx, const char *list, const char *name, size_t pos)
{
    words *w = ctx;
    checker *ck = w->sc->ck;
    const bc_field *f = NULL;
    const char *text = NULL;
    (void)pos;
    if (!list) {
        const bc_value *v = lookup(w->sc, name, &f);
        if (!f)
            return 0;
        text = v && v->present ? v->text : "chưa có";
        bc_buf_printf(&w->b, "%s\"%s\" (%s)", w->n++ ? ", " : "",
                      bc_text_ellipsize(ck->a, f->label, 60), text);
        return 0;
    }
    const bc_field *lf = bc_layout_find(ck->l, list);
    if (!lf)
        return 0;
    double x;
    const char *ll = bc_text_ellipsize(ck->a, lf->label, 60);
    if (name) {
        const bc_field *c = bc_field_column(lf, name);
        int known = c && env_sum((void *)w->sc, list, name, &x) == BC_EV_OK;
        bc_buf_printf(&w->b, "%stổng cột \"%s\" của \"%s\" (%s)", w->n++ ? ", " : "",
                      c ? bc_text_ellipsize(ck->a, c->label, 60) : name, ll,
                      known ? dc_format_number(ck->a, c, x) : "chưa có");
    } else {
        int known = env_count((void *)w->sc, list, &x) == BC_EV_OK;
        bc_buf_printf(&w->b, "%ssố dòng của \"%s\" (%s)", w->n++ ? ", " : "", ll,
                      known ? bc_arena_printf(ck->a, "%.0f", x) : "chưa có");
    }
    return 0;
}

static const char *formula_words(const scope *sc, const bc_expr *e, const char *src)
{
    words w = {sc, BC_BUF_INIT, 0, 0};
    bc_expr_keys(e, word_one, &w);
    const char *inputs = w.b.data ? w.b.data : "";
    const char *r;
    if (!strncmp(src, "percent(", 8) && w.n == 2)
        r = bc_arena_printf(sc->ck->a, "tỉ lệ phần trăm %.*s trên %s", (int)w.first_len, inputs,
                            inputs + w.first_len + 2);
    else if (w.n == 1 && !strpbrk(src, "+-*/") && strncmp(src, "round(", 6))
        r = bc_arena_printf(sc->ck->a, "%s", inputs); /* count(list), sum(list.col), a key */
    else if (w.n)
        r = bc_arena_printf(sc->ck->a, "giá trị tính từ %s", inputs);
    else
        r = bc_arena_printf(sc->ck->a, "cách tính của biểu mẫu");
    bc_buf_free(&w.b);
    return r;
}

/* Reports a problem of computed field `f`: at its value if the file gives it, else at the first
 * input of its formula that the file gives. */
static void report_computed(const scope *sc, const bc_field *f, const bc_value *v, long row,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report_computed(const scope *sc, const bc_field *f, const bc_value *v, long row,
                            const char *fmt, ...)
{
    input_pos ip = {sc, v->line, v->col, v->file};
    if (ip.line <= 0)
        bc_expr_keys(f->compute, first_input, &ip);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dc_report(sc->ck, ip.file, ip.line, ip.col, f, row, "%s", msg);
}

/* Fills or checks one computed field; returns 1 once it is settled. */
static int compute_field(const scope *sc, const bc_field *f, bc_value *v, long row)
{
    checker *ck = sc->ck;
    double x;
    bc_ev r = eval(sc, f->compute, &x);
    if (r == BC_EV_UNKNOWN)
        return 0;
    v->settled = 1;
    if (r == BC_EV_DIV0) {
        report_computed(sc, f, v, row, "không tính được: %s chia cho 0",
                        formula_words(sc, f->compute, f->compute_src));
        v->present = 0;
        v->invalid = 1;
        return 1;
    }
    if (v->present) {
        double tolerance = 0.5 * pow(10, -f->decimals) + 1e-9;
        if (fabs(v->num - x) > tolerance) {
            dc_report_value(ck, v, f, row, "là %s nhưng theo %s phải là %s; "
                      "sửa số liệu hoặc để trống để biểu mẫu tự tính",
                      v->text, formula_words(sc, f->compute, f->compute_src),
                      dc_format_number(ck->a, f, x));
            v->invalid = 1;
            return 1;
        }
    }
    double scale = pow(10, f->decimals);
    x = round(x * scale) / scale;
    if (fabs(x) > MAX_MAGNITUDE || (f->type == BC_FT_PERCENT && (x < 0 || x > 100))) {
        report_computed(sc, f, v, row, "tính theo %s được %s, ngoài giới hạn của %s",
                        formula_words(sc, f->compute, f->compute_src),
                        dc_format_number(ck->a, f, x), dc_expectations[f->type]);
        v->present = 0;
        v->invalid = 1;
        return 1;
    }
    v->num = x;
    v->text = dc_format_number(ck->a, f, x);
    v->present = v->computed = 1;
    return 1;
}

/* One pass over the computed fields of a scope; returns how many settled. */
static int compute_pass(const scope *sc, const bc_field *fields, size_t n, bc_value *vals,
                        long row)
{
    int progress = 0;
    for (size_t i = 0; i < n; i++)
        if (fields[i].compute && !vals[i].settled && !vals[i].invalid)
            progress += compute_field(sc, &fields[i], &vals[i], row);
    return progress;
}

/* Formulas may use other formulas' results (also across rows and totals), so passes repeat
 * until nothing more can be settled; what stays unsettled lacks inputs and stays blank. */
void dc_compute_all(checker *ck)
{
    const bc_layout *l = ck->l;
    int progress;
    do {
        scope top = {ck, NULL, NULL};
        progress = compute_pass(&top, l->fields, l->nfields, ck->d->vals, -1);
        for (size_t i = 0; i < l->nfields; i++) {
            const bc_dlist *dl = &ck->d->lists[i];
            for (size_t r = 0; l->fields[i].type == BC_FT_LIST && r < dl->nrows; r++) {
                scope sc = {ck, &l->fields[i], dl->rows[r]};
                progress += compute_pass(&sc, l->fields[i].columns, l->fields[i].ncolumns,
                                         dl->rows[r], (long)r);
            }
        }
    } while (progress);
}

static void check_bound(const scope *sc, const bc_field *f, const bc_value *v, long row,
                        const bc_expr *e, const char *src, int is_max)
{
    checker *ck = sc->ck;
    double b;
    bc_ev r = eval(sc, e, &b);
    if (r == BC_EV_UNKNOWN)
        return;
    const char *rel = is_max ? "không được lớn hơn" : "không được nhỏ hơn";
    if (r == BC_EV_DIV0) {
        dc_report_value(ck, v, f, row, "không kiểm tra được giới hạn (%s): chia cho 0",
                  formula_words(sc, e, src));
        return;
    }
    if (is_max ? v->num <= b + 1e-9 : v->num >= b - 1e-9)
        return;
    const char *key = bc_expr_single_key(e);
    const bc_field *g = NULL;
    if (key)
        lookup(sc, key, &g);
    double c;
    if (g)
        dc_report_value(ck, v, f, row, "%s \"%s\" (%s), nhận được %s", rel,
               bc_text_ellipsize(ck->a, g->label, 60), dc_format_number(ck->a, g, b), v->text);
    else if (bc_expr_constant(e, &c))
        dc_report_value(ck, v, f, row, "%s %s, nhận được %s", rel,
               dc_format_number(ck->a, f, b), v->text);
    else
        dc_report_value(ck, v, f, row, "%s %s (= %s), nhận được %s", rel,
                  formula_words(sc, e, src), dc_format_number(ck->a, f, b), v->text);
}

/* "Trong đó": the parts given must not add up to more than their total (nor to other than it,
 * for `parts_sum: exactly`). One message names every part with its number, label and value, so
 * the reader sees which figures to compare. An exact sum needs every part; an upper bound needs
 * two, since one part alone is what `max` is for. */
static void check_parts(const scope *sc, const bc_field *f, const bc_value *v, long row)
{
    checker *ck = sc->ck;
    double sum = 0;
    size_t given = 0;
    const bc_value *first = NULL;
    for (size_t i = 0; i < f->nparts; i++) {
        const bc_field *g;
        const bc_value *pv = lookup(sc, f->parts[i]->key, &g);
        if (pv && pv->invalid)
            return; /* already reported; a sum over it would repeat the message */
        if (!pv || !pv->present)
            continue;
        sum += pv->num;
        given++;
        if (!first && pv->line > 0)
            first = pv;
    }
    int bad = f->parts_exact ? given == f->nparts && fabs(sum - v->num) > 1e-6
                             : given >= 2 && sum > v->num + 1e-6;
    if (!bad)
        return;
    bc_buf terms = BC_BUF_INIT, names = BC_BUF_INIT;
    for (size_t i = 0; i < f->nparts; i++) {
        const bc_field *g;
        const bc_value *pv = lookup(sc, f->parts[i]->key, &g);
        if (!pv || !pv->present)
            continue;
        bc_buf_printf(&terms, "%s%s", terms.len ? " + " : "", pv->text);
        bc_buf_printf(&names, "%s%s%s\"%s\" %s", names.len ? "; " : "", g->where,
                      *g->where ? ": " : "", bc_text_ellipsize(ck->a, g->label, 60), pv->text);
    }
    const char *total = dc_format_number(ck->a, f, v->num);
    const char *s = dc_format_number(ck->a, f, sum);
    const bc_value *at = v->line > 0 ? v : first ? first : v;
    if (f->parts_exact)
        dc_report(ck, at->file, at->line, at->col, f, row,
                  "là %s nhưng các phần \"Trong đó\" cộng lại %s = %s, phải bằng đúng %s (%s); "
                  "sửa tổng hoặc các phần cho khớp", total, terms.data, s, total, names.data);
    else
        dc_report(ck, at->file, at->line, at->col, f, row,
                  "là %s nhưng các phần \"Trong đó\" cộng lại %s = %s, lớn hơn tổng (%s); "
                  "sửa tổng hoặc các phần", total, terms.data, s, names.data);
    bc_buf_free(&terms);
    bc_buf_free(&names);
}

static void check_rules(const scope *sc, const bc_field *fields, size_t n, bc_value *vals,
                        long row)
{
    for (size_t i = 0; i < n; i++) {
        const bc_field *f = &fields[i];
        const bc_value *v = &vals[i];
        if (!v->present || v->invalid || !bc_ftype_numeric(f->type))
            continue;
        if (f->min)
            check_bound(sc, f, v, row, f->min, f->min_src, 0);
        if (f->max)
            check_bound(sc, f, v, row, f->max, f->max_src, 1);
        if (f->nparts)
            check_parts(sc, f, v, row);
    }
}

void dc_check_rules(checker *ck)
{
    const bc_layout *l = ck->l;
    scope top = {ck, NULL, NULL};
    check_rules(&top, l->fields, l->nfields, ck->d->vals, -1);
    for (size_t i = 0; i < l->nfields; i++) {
        const bc_dlist *dl = &ck->d->lists[i];
        for (size_t r = 0; l->fields[i].type == BC_FT_LIST && r < dl->nrows; r++) {
            scope sc = {ck, &l->fields[i], dl->rows[r]};
            check_rules(&sc, l->fields[i].columns, l->fields[i].ncolumns, dl->rows[r], (long)r);
        }
    }
}
