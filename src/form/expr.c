/* expr.c — see expr.h. A recursive-descent parser into a tiny tree; evaluation walks it. */
#include "form/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum { E_NUM, E_KEY, E_NEG, E_ADD, E_SUB, E_MUL, E_DIV, E_PERCENT, E_SUM, E_COUNT,
               E_ROUND } ekind;

struct bc_expr {
    ekind kind;
    double num;
    const char *name, *column; /* KEY: name; SUM: name = list, column; COUNT: name = list */
    size_t pos;
    bc_expr *a, *b;
};

typedef struct parser {
    bc_arena *ar;
    const char *src, *p;
    const char *err;
    size_t errpos;
} parser;

static void skip_ws(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

static bc_expr *fail(parser *ps, const char *msg)
{
    if (!ps->err) {
        ps->err = msg;
        ps->errpos = (size_t)(ps->p - ps->src);
    }
    return NULL;
}

static bc_expr *node(parser *ps, ekind k, bc_expr *a, bc_expr *b)
{
    bc_expr *e = BC_NEW(ps->ar, bc_expr);
    if (!e)
        return NULL;
    e->kind = k;
    e->a = a;
    e->b = b;
    e->pos = (size_t)(ps->p - ps->src);
    return e;
}

static int accept(parser *ps, char c)
{
    skip_ws(ps);
    if (*ps->p != c)
        return 0;
    ps->p++;
    return 1;
}

static const char *ident(parser *ps)
{
    skip_ws(ps);
    const char *s = ps->p;
    if (!isalpha((unsigned char)*s) && *s != '_')
        return NULL;
    while (isalnum((unsigned char)*ps->p) || *ps->p == '_')
        ps->p++;
    return bc_arena_strndup(ps->ar, s, (size_t)(ps->p - s));
}

static bc_expr *parse_sum(parser *ps);

static bc_expr *parse_number(parser *ps)
{
    char *end;
    double v = strtod(ps->p, &end);
    if (end == ps->p || !isfinite(v))
        return fail(ps, "cần một số");
    bc_expr *e = node(ps, E_NUM, NULL, NULL);
    ps->p = end;
    if (e)
        e->num = v;
    return e;
}

static bc_expr *parse_call(parser *ps, const char *fn, size_t pos)
{
    bc_expr *e = NULL;
    if (!strcmp(fn, "percent") || !strcmp(fn, "round")) {
        bc_expr *x = parse_sum(ps);
        if (!x || !accept(ps, ','))
            return fail(ps, "hàm cần hai đối số, cách nhau bởi dấu phẩy");
        bc_expr *y = parse_sum(ps);
        if (!y)
            return NULL;
        e = node(ps, fn[0] == 'p' ? E_PERCENT : E_ROUND, x, y);
    } else if (!strcmp(fn, "sum") || !strcmp(fn, "count")) {
        const char *list = ident(ps);
        if (!list)
            return fail(ps, "cần tên một trường danh sách");
        const char *col = NULL;
        if (fn[0] == 's') {
            if (!accept(ps, '.') || !(col = ident(ps)))
                return fail(ps, "sum cần dạng danh_sach.cot");
        }
        e = node(ps, fn[0] == 's' ? E_SUM : E_COUNT, NULL, NULL);
        if (e) {
            e->name = list;
            e->column = col;
        }
    } else {
        ps->p = ps->src + pos;
        return fail(ps, "hàm không có (chỉ có percent, sum, count, round)");
    }
    if (!accept(ps, ')'))
        return fail(ps, "thiếu dấu ')'");
    if (e)
        e->pos = pos;
    return e;
}

static bc_expr *parse_primary(parser *ps)
{
    skip_ws(ps);
    size_t pos = (size_t)(ps->p - ps->src);
    if (isdigit((unsigned char)*ps->p) || *ps->p == '.')
        return parse_number(ps);
    if (accept(ps, '(')) {
        bc_expr *e = parse_sum(ps);
        if (e && !accept(ps, ')'))
            return fail(ps, "thiếu dấu ')'");
        return e;
    }
    const char *name = ident(ps);
    if (!name)
        return fail(ps, *ps->p ? "cần một số, một khóa hoặc '('" : "biểu thức kết thúc sớm");
    if (accept(ps, '('))
        return parse_call(ps, name, pos);
    bc_expr *e = node(ps, E_KEY, NULL, NULL);
    if (e) {
        e->name = name;
        e->pos = pos;
    }
    return e;
}

static bc_expr *parse_unary(parser *ps)
{
    if (accept(ps, '-')) {
        bc_expr *x = parse_unary(ps);
        return x ? node(ps, E_NEG, x, NULL) : NULL;
    }
    return parse_primary(ps);
}

static bc_expr *parse_product(parser *ps)
{
    bc_expr *e = parse_unary(ps);
    while (e) {
        ekind k;
        if (accept(ps, '*'))
            k = E_MUL;
        else if (accept(ps, '/'))
            k = E_DIV;
        else
            break;
        bc_expr *r = parse_unary(ps);
        e = r ? node(ps, k, e, r) : NULL;
    }
    return e;
}

static bc_expr *parse_sum(parser *ps)
{
    bc_expr *e = parse_product(ps);
    while (e) {
        ekind k;
        if (accept(ps, '+'))
            k = E_ADD;
        else if (accept(ps, '-'))
            k = E_SUB;
        else
            break;
        bc_expr *r = parse_product(ps);
        e = r ? node(ps, k, e, r) : NULL;
    }
    return e;
}

bc_expr *bc_expr_parse(bc_arena *a, const char *src, const char **errmsg, size_t *errpos)
{
    parser ps = {a, src, src, NULL, 0};
    bc_expr *e = parse_sum(&ps);
    skip_ws(&ps);
    if (e && *ps.p) {
        e = fail(&ps, "thừa ký tự sau biểu thức");
    }
    if (!e && !ps.err)
        ps.err = NULL; /* out of memory */
    *errmsg = ps.err;
    *errpos = ps.errpos;
    return e;
}

/* DIV0 wins over UNKNOWN: dividing by a known zero is wrong whatever the other input is. */
static bc_ev worst(bc_ev x, bc_ev y)
{
    if (x == BC_EV_DIV0 || y == BC_EV_DIV0)
        return BC_EV_DIV0;
    return x == BC_EV_UNKNOWN || y == BC_EV_UNKNOWN ? BC_EV_UNKNOWN : BC_EV_OK;
}

static bc_ev eval_binary(const bc_expr *e, const bc_expr_env *env, double *out)
{
    double x = 0, y = 0;
    bc_ev ex = bc_expr_eval(e->a, env, &x), ey = bc_expr_eval(e->b, env, &y);
    if ((e->kind == E_DIV || e->kind == E_PERCENT) && ey == BC_EV_OK && y == 0)
        return BC_EV_DIV0;
    bc_ev r = worst(ex, ey);
    if (r != BC_EV_OK)
        return r;
    switch (e->kind) {
    case E_ADD: *out = x + y; break;
    case E_SUB: *out = x - y; break;
    case E_MUL: *out = x * y; break;
    case E_DIV: *out = x / y; break;
    case E_PERCENT: *out = x / y * 100; break;
    default: { /* E_ROUND */
        double f = pow(10, round(y));
        *out = round(x * f) / f;
    }
    }
    return isfinite(*out) ? BC_EV_OK : BC_EV_DIV0;
}

bc_ev bc_expr_eval(const bc_expr *e, const bc_expr_env *env, double *out)
{
    switch (e->kind) {
    case E_NUM:
        *out = e->num;
        return BC_EV_OK;
    case E_KEY:
        return env->value(env->ctx, e->name, out);
    case E_SUM:
        return env->sum(env->ctx, e->name, e->column, out);
    case E_COUNT:
        return env->count(env->ctx, e->name, out);
    case E_NEG: {
        bc_ev r = bc_expr_eval(e->a, env, out);
        *out = -*out;
        return r;
    }
    default:
        return eval_binary(e, env, out);
    }
}

int bc_expr_keys(const bc_expr *e, bc_expr_key_fn fn, void *ctx)
{
    if (!e)
        return 0;
    switch (e->kind) {
    case E_KEY:
        return fn(ctx, NULL, e->name, e->pos);
    case E_SUM:
        return fn(ctx, e->name, e->column, e->pos);
    case E_COUNT:
        return fn(ctx, e->name, NULL, e->pos);
    default: {
        int r = bc_expr_keys(e->a, fn, ctx);
        return r ? r : bc_expr_keys(e->b, fn, ctx);
    }
    }
}

const char *bc_expr_single_key(const bc_expr *e)
{
    return e && e->kind == E_KEY ? e->name : NULL;
}

int bc_expr_constant(const bc_expr *e, double *v)
{
    if (e && e->kind == E_NUM) {
        *v = e->num;
        return 1;
    }
    if (e && e->kind == E_NEG && bc_expr_constant(e->a, v)) {
        *v = -*v;
        return 1;
    }
    return 0;
}
