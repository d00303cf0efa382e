/* rollup.c — see rollup.h. */
#include "rollup/rollup.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fileio.h"
#include "util/suggest.h"
#include "util/text.h"

#define NAMED 20 /* units named in one provenance list; the rest are counted */

typedef struct acc {
    size_t given;     /* units that gave the figure */
    bc_buf missing;   /* codes of the good units that did not */
    size_t nmissing;
    double sum, sum_b;
    const char *same; /* SAME: the value so far */
    int differs;
} acc;

/* ---- YAML text ---- */

static void yaml_str(bc_buf *b, const char *s)
{
    bc_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            bc_buf_printf(b, "\\%c", *s);
        else if (*s == '\n')
            bc_buf_puts(b, "\\n");
        else if ((unsigned char)*s < 0x20)
            bc_buf_printf(b, "\\x%02x", (unsigned char)*s);
        else
            bc_buf_putc(b, *s);
    }
    bc_buf_putc(b, '"');
}

/* A comment line: line breaks of a label or reason would end the comment. */
static void comment(bc_buf *b, const char *indent, const char *s)
{
    bc_buf_printf(b, "%s# ", indent);
    for (; *s; s++)
        bc_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
    bc_buf_putc(b, '\n');
}

/* A number as the target field reads it without doubt: no thousands dots, a decimal comma. */
static void number(bc_buf *b, const bc_field *f, double x)
{
    int d = f->type == BC_FT_DECIMAL || f->type == BC_FT_PERCENT ? f->decimals : 0;
    char s[64];
    snprintf(s, sizeof s, "%.*f", d, x);
    char *dot = strchr(s, '.');
    if (dot)
        *dot = ',';
    bc_buf_puts(b, s);
}

/* A value of a unit as the target field takes it (the same kind of field: numbers as numbers,
 * the rest as the text the unit's data printed, a choice as its option key). */
static void value(bc_buf *b, const bc_field *f, const bc_value *v)
{
    if (bc_ftype_numeric(f->type) && f->type != BC_FT_YEAR)
        number(b, f, v->num);
    else if (f->type == BC_FT_YEAR)
        bc_buf_printf(b, "%.0f", v->num);
    else if (v->nopts == 1)
        yaml_str(b, v->opts[0]);
    else
        yaml_str(b, v->text ? v->text : "");
}

/* ---- one figure over the units ---- */

static int good(const bc_runit *u)
{
    return u->data != NULL;
}

static void note_missing(acc *a, const char *code)
{
    if (a->nmissing++ < NAMED)
        bc_buf_printf(&a->missing, "%s%s", a->nmissing > 1 ? ", " : "", code);
}

static int matches(const bc_rfig *g, const bc_value *v)
{
    char want[256], got[256];
    for (size_t i = 0; i < g->nvalues; i++) {
        if (bc_value_has(v, g->values[i]))
            return 1;
        if (v->text && bc_fold(v->text, got, sizeof got) && bc_fold(g->values[i], want, sizeof want)
            && !strcmp(got, want))
            return 1;
    }
    return 0;
}

static void gather(const bc_rfig *g, const bc_rsources *S, acc *a)
{
    for (size_t i = 0; i < S->n; i++) {
        const bc_runit *u = &S->units[i];
        if (!good(u))
            continue;
        const bc_value *x = bc_data_value(u->data, g->a, 0);
        const bc_value *y = g->b ? bc_data_value(u->data, g->b, 0) : NULL;
        if (!x->present || (y && !y->present)) {
            note_missing(a, u->code);
            continue;
        }
        a->given++;
        if (g->op == BC_R_SUM || g->op == BC_R_RATIO)
            a->sum += x->num;
        if (y)
            a->sum_b += y->num;
        if (g->op == BC_R_COUNT)
            a->sum += matches(g, x);
        if (g->op == BC_R_SAME) {
            if (a->same && strcmp(a->same, x->text ? x->text : ""))
                a->differs = 1;
            a->same = x->text ? x->text : "";
        }
    }
}

static void failed_units(bc_buf *b, const bc_rsources *S)
{
    size_t k = 0;
    for (size_t i = 0; i < S->n; i++)
        if (!good(&S->units[i]) && k++ < NAMED)
            bc_buf_printf(b, "%s%s", k > 1 ? ", " : "", S->units[i].code);
    if (k > NAMED)
        bc_buf_printf(b, " và %zu đơn vị khác", k - NAMED);
}

static void provenance(bc_buf *b, const bc_rfig *g, const acc *a, size_t ngood, const char *fail)
{
    bc_buf line = BC_BUF_INIT;
    bc_buf_printf(&line, "%s = %s: %zu/%zu đơn vị hợp lệ góp số liệu", g->target->key, g->src,
                  a->given, ngood);
    if (a->nmissing)
        bc_buf_printf(&line, "; không có số liệu: %s%s", a->missing.data,
                      a->nmissing > NAMED ? " …" : "");
    if (*fail)
        bc_buf_printf(&line, "; lỗi, không tính: %s", fail);
    if (g->op == BC_R_RATIO && (g->target->type == BC_FT_DECIMAL || g->target->type == BC_FT_PERCENT))
        bc_buf_printf(&line, "; làm tròn đến %d chữ số thập phân", g->target->decimals);
    comment(b, "", line.data);
    bc_buf_free(&line);
}

/* The figure's line; returns 0 when it cannot be derived after all (no unit gives it, the
 * units disagree, a ratio over 0), with the reason in *why. */
static int scalar_figure(bc_buf *b, const bc_rfig *g, const acc *a, const bc_rsources *S,
                         const char **why)
{
    if (!a->given) {
        *why = "không đơn vị hợp lệ nào có số liệu này";
        return 0;
    }
    bc_buf_printf(b, "%s: ", g->target->key);
    switch (g->op) {
    case BC_R_SUM:
    case BC_R_COUNT:
        number(b, g->target, a->sum);
        break;
    case BC_R_RATIO:
        if (a->sum_b == 0) {
            *why = "mẫu số cộng lại bằng 0";
            return 0;
        }
        number(b, g->target, a->sum / a->sum_b * g->times);
        break;
    default:
        if (a->differs) {
            *why = "các đơn vị ghi khác nhau";
            return 0;
        }
        for (size_t i = 0; i < S->n; i++) {
            const bc_value *v = good(&S->units[i]) ? bc_data_value(S->units[i].data, g->a, 0) : NULL;
            if (v && v->present) {
                value(b, g->target, v);
                break;
            }
        }
        break;
    }
    bc_buf_putc(b, '\n');
    return 1;
}

/* concat: the rows of each part's source list, unit by unit. */
static size_t list_figure(bc_buf *b, const bc_rfig *g, const bc_rsources *S, size_t *units)
{
    bc_buf rows = BC_BUF_INIT;
    size_t n = 0;
    *units = 0;
    for (size_t i = 0; i < S->n; i++) {
        const bc_runit *u = &S->units[i];
        size_t before = n;
        for (size_t p = 0; good(u) && p < g->nparts; p++) {
            const bc_rpart *part = &g->parts[p];
            for (size_t r = 0; r < bc_data_rows(u->data, part->list); r++, n++) {
                for (size_t c = 0; c < part->ncols; c++) {
                    const bc_rcol *col = &part->cols[c];
                    bc_buf_printf(&rows, "  %s %s: ", c ? " " : "-", col->target->key);
                    if (col->constant) {
                        yaml_str(&rows, col->constant);
                    } else {
                        const bc_value *v = col->source ? bc_data_value(u->data, col->source, r)
                                                        : bc_data_value(u->data, col->unit, 0);
                        if (v && v->present)
                            value(&rows, col->target, v);
                    }
                    bc_buf_putc(&rows, '\n');
                }
            }
        }
        *units += n > before;
    }
    bc_buf_printf(b, "%s:%s\n%s", g->target->key, n ? "" : " []", rows.data ? rows.data : "");
    bc_buf_free(&rows);
    return n;
}

static void left(bc_buf *b, const bc_rfig *g, const char *why)
{
    bc_buf line = BC_BUF_INIT;
    bc_buf_printf(&line, "%s%s%s: \"%s\" — %s", g->target->where, *g->target->where ? " " : "",
                  g->target->key, g->target->label, why);
    comment(b, "", line.data);
    bc_buf_free(&line);
    bc_buf_printf(b, "%s:\n", g->target->key);
}

/* ---- periods ---- */

static bc_status check_period(const bc_rmap *m, const bc_rsources *S, bc_err *err)
{
    const char *first = NULL, *first_code = NULL;
    bc_status st = BC_OK;
    for (size_t i = 0; i < S->n && m->nperiod; i++) {
        const bc_runit *u = &S->units[i];
        if (!good(u))
            continue;
        bc_buf k = BC_BUF_INIT;
        for (size_t p = 0; p < m->nperiod; p++) {
            const bc_value *v = bc_data_value(u->data, m->period[p], 0);
            bc_buf_printf(&k, "%s%s=%s", p ? ", " : "", m->period[p]->key,
                          v->present && v->text ? v->text : "(trống)");
        }
        if (!first) {
            first = bc_strfmt("%s", k.data);
            first_code = u->code;
        } else if (strcmp(first, k.data)) {
            st = bc_err_add(err, BC_BADINPUT, u->input, 0, 0, "đơn vị %s thuộc kỳ %s, khác kỳ %s "
                            "của đơn vị %s: không tổng hợp lẫn các kỳ báo cáo", u->code, k.data,
                            first, first_code);
        }
        bc_buf_free(&k);
    }
    free((char *)first);
    return st;
}

bc_status bc_rollup_write(const bc_rmap *m, const bc_rsources *S, const char *from_dir,
                          const char *out, bc_rollup_result *res, bc_err *err)
{
    memset(res, 0, sizeof *res);
    bc_status st = check_period(m, S, err);
    if (st != BC_OK)
        return st;
    res->units = S->n;
    for (size_t i = 0; i < S->n; i++)
        res->failed += !good(&S->units[i]);
    size_t ngood = S->n - res->failed;
    bc_buf fail = BC_BUF_INIT, b = BC_BUF_INIT, rest = BC_BUF_INIT;
    failed_units(&fail, S);
    bc_buf_puts(&fail, ""); /* never NULL below */
    bc_buf_printf(&b, "# Số liệu tổng hợp cho biểu mẫu %s (%s) từ %zu đơn vị của biểu mẫu %s (%s)\n"
                  "# Bản đồ tổng hợp: %s\n# Hợp lệ: %zu đơn vị; lỗi, không tính: %zu%s%s%s\n",
                  m->to->id, m->to->title, S->n, m->from->id, from_dir, m->path, ngood,
                  res->failed, res->failed ? " (" : "", res->failed ? fail.data : "",
                  res->failed ? ")" : "");
    for (size_t i = 0; i < S->n; i++) {
        const bc_runit *u = &S->units[i];
        char *line = good(u) ? NULL : bc_strfmt("  %s (%s): %.*s", u->code, u->input,
                                                (int)strcspn(u->error, "\n"), u->error);
        if (line)
            comment(&b, "", line);
        free(line);
    }
    bc_buf_puts(&b, "# Các chỉ tiêu biểu mẫu tự tính (tổng, tỉ lệ) để trống: baocao tính từ các "
                "số liệu dưới đây.\n\n");
    for (size_t i = 0; i < m->nfigs; i++) {
        const bc_rfig *g = &m->figs[i];
        const char *why = g->reason;
        if (g->op == BC_R_CONCAT) {
            size_t units;
            bc_buf tmp = BC_BUF_INIT;
            size_t rows = list_figure(&tmp, g, S, &units);
            bc_buf line = BC_BUF_INIT;
            bc_buf_printf(&line, "%s = %s: %zu dòng từ %zu/%zu đơn vị hợp lệ%s%s", g->target->key,
                          g->src, rows, units, ngood, fail.len ? "; lỗi, không tính: " : "",
                          fail.data);
            comment(&b, "", line.data);
            bc_buf_puts(&b, tmp.data);
            bc_buf_puts(&b, "\n");
            bc_buf_free(&line);
            bc_buf_free(&tmp);
            res->derived++;
            continue;
        }
        if (g->op != BC_R_LEFT) {
            acc a = {0};
            gather(g, S, &a);
            bc_buf line = BC_BUF_INIT;
            if (scalar_figure(&line, g, &a, S, &why)) {
                provenance(&b, g, &a, ngood, fail.data);
                bc_buf_puts(&b, line.data);
                bc_buf_putc(&b, '\n');
                res->derived++;
                why = NULL;
            }
            bc_buf_free(&line);
            bc_buf_free(&a.missing);
        }
        if (why) {
            left(&rest, g, why);
            res->left++;
        }
    }
    bc_buf_printf(&b, "# ---- %zu chỉ tiêu không tổng hợp được từ số liệu của đơn vị: người dùng "
                  "điền ----\n%s", res->left, rest.data ? rest.data : "");
    st = b.oom || rest.oom ? bc_err_oom(err, out) : bc_file_write_atomic(out, b.data, b.len, err);
    bc_buf_free(&b);
    bc_buf_free(&rest);
    bc_buf_free(&fail);
    return st;
}
