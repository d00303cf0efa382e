/* test_expr.c — the expression language: arithmetic, functions, unknowns, division by zero,
 * syntax errors with their position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "form/expr.h"

/* A data stand-in: a = 10, b = 4, zero = 0, list "l" with column "x" = 1.5, 2.5, 3; anything
 * else is unknown. */
static bc_ev value(void *ctx, const char *key, double *v)
{
    (void)ctx;
    if (!strcmp(key, "a"))
        return *v = 10, BC_EV_OK;
    if (!strcmp(key, "b"))
        return *v = 4, BC_EV_OK;
    if (!strcmp(key, "zero"))
        return *v = 0, BC_EV_OK;
    return BC_EV_UNKNOWN;
}

static bc_ev sum(void *ctx, const char *list, const char *col, double *v)
{
    (void)ctx;
    if (strcmp(list, "l") || strcmp(col, "x"))
        return BC_EV_UNKNOWN;
    *v = 1.5 + 2.5 + 3;
    return BC_EV_OK;
}

static bc_ev count(void *ctx, const char *list, double *v)
{
    (void)ctx;
    if (strcmp(list, "l"))
        return BC_EV_UNKNOWN;
    *v = 3;
    return BC_EV_OK;
}

static const bc_expr_env env = {value, sum, count, NULL};

static bc_ev run(const char *src, double *out)
{
    bc_arena a = BC_ARENA_INIT;
    const char *msg;
    size_t pos;
    bc_expr *e = bc_expr_parse(&a, src, &msg, &pos);
    assert_non_null(e);
    bc_ev r = bc_expr_eval(e, &env, out);
    bc_arena_free(&a);
    return r;
}

static void expect(const char *src, double want)
{
    double v = NAN;
    assert_int_equal(run(src, &v), BC_EV_OK);
    assert_true(fabs(v - want) < 1e-9);
}

static void test_arithmetic(void **state)
{
    (void)state;
    expect("1 + 2 * 3", 7);
    expect("(1 + 2) * 3", 9);
    expect("-2 + 5", 3);
    expect("a - b - 1", 5);
    expect("a / b", 2.5);
    expect("2 * -b", -8);
    expect("0.5", 0.5);
}

static void test_functions(void **state)
{
    (void)state;
    expect("percent(b, a)", 40);
    expect("round(percent(1, 3), 2)", 33.33);
    expect("round(2.5, 0)", 3);
    expect("sum(l.x)", 7);
    expect("count(l)", 3);
    expect("sum(l.x) / count(l)", 7.0 / 3);
}

static void test_unknown_and_div0(void **state)
{
    (void)state;
    double v;
    assert_int_equal(run("a + missing", &v), BC_EV_UNKNOWN);
    assert_int_equal(run("sum(other.x)", &v), BC_EV_UNKNOWN);
    assert_int_equal(run("a / zero", &v), BC_EV_DIV0);
    assert_int_equal(run("percent(a, zero)", &v), BC_EV_DIV0);
    assert_int_equal(run("a / (b - 4)", &v), BC_EV_DIV0);
    /* a known zero divisor is an error whatever the other input is */
    assert_int_equal(run("missing / zero", &v), BC_EV_DIV0);
    assert_int_equal(run("(a / zero) + missing", &v), BC_EV_DIV0);
    /* an unknown divisor is just unknown */
    assert_int_equal(run("a / missing", &v), BC_EV_UNKNOWN);
}

static void syntax(const char *src, size_t want_pos)
{
    bc_arena a = BC_ARENA_INIT;
    const char *msg = NULL;
    size_t pos = 99;
    assert_null(bc_expr_parse(&a, src, &msg, &pos));
    assert_non_null(msg);
    assert_int_equal(pos, want_pos);
    bc_arena_free(&a);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    syntax("1 +", 3);
    syntax("(1 + 2", 6);
    syntax("1 2", 2);
    syntax("foo(1)", 0);
    syntax("percent(1)", 9);
    syntax("sum(l)", 5);
    syntax("a * * b", 4);
}

static int collect(void *ctx, const char *list, const char *name, size_t pos)
{
    char *out = ctx;
    (void)pos;
    strcat(out, list ? list : "");
    strcat(out, ".");
    strcat(out, name ? name : "");
    strcat(out, " ");
    return 0;
}

static void test_keys(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    const char *msg;
    size_t pos;
    char seen[128] = "";
    bc_expr *e = bc_expr_parse(&a, "percent(x, y) + sum(l.c) + count(m)", &msg, &pos);
    assert_non_null(e);
    bc_expr_keys(e, collect, seen);
    assert_string_equal(seen, ".x .y l.c m. ");
    assert_string_equal(bc_expr_single_key(bc_expr_parse(&a, " so_can_bo ", &msg, &pos)),
                        "so_can_bo");
    assert_null(bc_expr_single_key(e));
    double v;
    assert_true(bc_expr_constant(bc_expr_parse(&a, "-5", &msg, &pos), &v));
    assert_true(v == -5);
    bc_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arithmetic),  cmocka_unit_test(test_functions),
        cmocka_unit_test(test_unknown_and_div0), cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests_name("expr", tests, NULL, NULL);
}
