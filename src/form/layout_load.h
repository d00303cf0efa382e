/* layout_load.h — what the parts of the layout loader share (layout.c, layout_text.c,
 * layout_table.c); nothing outside src/form/layout*.c includes it.
 *
 * The loader walks the YAML tree once. `loader` carries the layout being built, the error list,
 * and the binding state: the section and item the walk is in, which give each field its `where`
 * and its fallback label when it first appears.
 */
#ifndef BC_FORM_LAYOUT_LOAD_H
#define BC_FORM_LAYOUT_LOAD_H

#include "form/layout.h"
#include "form/yaml.h"

typedef struct loader {
    bc_layout *l;
    bc_arena *a;
    const char *file;
    bc_err *err;
    const char *section;   /* "mục 3" of the current section, or NULL */
    const char *item;      /* "1." of the current item, or NULL */
    const char *numbered;  /* the last numbered item ("1.2."), parent of "a)" items */
    const char *context;   /* wording of the current item or section: a last-resort label */
    const bc_field **order; /* fields in order of first appearance */
    size_t norder, order_cap;
    const char **roles;    /* signature roles so far, to refuse a repeated one */
    size_t nroles;
    int in_signatures;     /* the last block was a signature block ("phần ký") */
    bc_strmap items_seen;  /* item numbers of the current section, to warn of a repeat */
} loader;

/* Appends a layout error at line:col of the layout file. */
void ld_lerr(loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Appends a layout warning (the layout still loads; `baocao` prints it). */
void ld_warn(loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define NERR(ld, n, ...) ld_lerr((ld), (n)->line, (n)->col, __VA_ARGS__)

/* YAML helpers: each reports a node of the wrong kind or form and returns NULL / 0. */
const char *ld_scalar(loader *ld, const bc_ynode *n, const char *what);
int ld_number(loader *ld, const bc_ynode *n, const char *what, double *v);
int ld_boolean(loader *ld, const bc_ynode *n, const char *what, int *v);
int ld_is_map(loader *ld, const bc_ynode *n, const char *what);
int ld_is_seq(loader *ld, const bc_ynode *n, const char *what);
/* Reports every key of `map` not in `known` (NULL-terminated). */
void ld_check_keys(loader *ld, const bc_ynode *map, const char *const *known, const char *what);
/* ASCII letters, digits, '_' and '-': field keys, option keys, roles, ids. */
int ld_is_key(const char *s);
int ld_has_letter(const char *s);
char *ld_lower(bc_arena *a, const char *s);
/* Column of byte `off` of a one-line scalar (its start otherwise). */
int ld_col_at(const bc_ynode *n, size_t off);
/* A key in row context (`list` non-NULL: its columns first), else a top-level field. */
const bc_field *ld_resolve_key(const bc_layout *l, const bc_field *list, const char *key);

/* Wording: splits markup into segments, checking every placeholder and footnote mark. */
bc_text ld_parse_text(loader *ld, const bc_ynode *n, const bc_field *list, int allow_notes);
/* The wording of segments [from, to) without markup, trimmed as a label. */
char *ld_plain_range(loader *ld, const bc_text *t, size_t from, size_t to);
int ld_is_fill(const bc_seg *g);
/* Binding fields to the place they first appear. */
void ld_remember_order(loader *ld, const bc_field *f);
void ld_place_field(loader *ld, bc_field *f, const char *label);
void ld_bind_text(loader *ld, const bc_text *t, const char *fallback);
/* Gives each check box's option the wording printed beside it (up to the next placeholder), or
 * `header` (a table column's own header, "Có") when the box stands alone; the first wins. */
void ld_name_options(loader *ld, const bc_text *t, const char *header);

/* Grid blocks (layout_table.c). `ld_align` reads left|center|right|justify (1 when valid). */
int ld_align(loader *ld, const bc_ynode *n, bc_align *out);
bc_ltable *ld_parse_table(loader *ld, const bc_ynode *n);
void ld_parse_signatures(loader *ld, bc_lblock *b, const bc_ynode *v);

#endif
