/* expr.h — the small expression language of layouts (compute, min, max).
 *
 * Numbers, field keys, + - * /, parentheses, percent(a, b), sum(list.column), count(list),
 * round(x, n). An expression is parsed once when its layout is loaded — a syntax error is a layout
 * error — and evaluated many times against data through a lookup callback, so this module knows
 * nothing of data files. Evaluation never yields inf or nan: dividing by zero is its own result,
 * and a missing input makes the whole value unknown (a computed figure then stays blank).
 */
#ifndef BC_FORM_EXPR_H
#define BC_FORM_EXPR_H

#include <stddef.h>

#include "util/arena.h"

typedef struct bc_expr bc_expr;

typedef enum { BC_EV_OK, BC_EV_UNKNOWN, BC_EV_DIV0 } bc_ev;

/* What evaluation asks of the data. Each returns BC_EV_OK with *v set, or BC_EV_UNKNOWN. */
typedef struct bc_expr_env {
    bc_ev (*value)(void *ctx, const char *key, double *v);
    bc_ev (*sum)(void *ctx, const char *list, const char *column, double *v);
    bc_ev (*count)(void *ctx, const char *list, double *v);
    void *ctx;
} bc_expr_env;

/* Parses `src`. On a syntax error returns NULL and sets *errmsg (static text) and *errpos (byte
 * offset in src). NULL with *errmsg NULL means out of memory. */
bc_expr *bc_expr_parse(bc_arena *a, const char *src, const char **errmsg, size_t *errpos);

bc_ev bc_expr_eval(const bc_expr *e, const bc_expr_env *env, double *out);

/* Calls `fn` for every key the expression names: plain keys (list NULL, name = key), sum's
 * list.column (list and name), count's list (list = key, name NULL). Stops at the first non-zero
 * return and passes it on. */
typedef int (*bc_expr_key_fn)(void *ctx, const char *list, const char *name, size_t pos);
int bc_expr_keys(const bc_expr *e, bc_expr_key_fn fn, void *ctx);

/* The key when the expression is exactly one field key ("so_can_bo"), else NULL. */
const char *bc_expr_single_key(const bc_expr *e);

/* 1 and *v when the expression is a literal number (possibly negative). */
int bc_expr_constant(const bc_expr *e, double *v);

#endif
