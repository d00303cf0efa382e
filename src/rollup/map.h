/* map.h — a roll-up map: how each figure of a target form derives from the figures of a source
 * form's units (language in layouts/README.md, "Roll-up maps"; the maps in layouts/rollup/).
 *
 * Contract: bc_rmap_load reads a map and checks it against both forms, reporting every problem
 * with the map file's line and column: each figure names a field of the target form, each source
 * key a field of the source form of a kind the operation can use (numbers for sum and ratio, a
 * list for concat, the same kind of list column), and no target figure is given twice. The map
 * lives in its own arena and is read-only once loaded; it holds no C per form.
 */
#ifndef BC_ROLLUP_MAP_H
#define BC_ROLLUP_MAP_H

#include "form/layout.h"

typedef enum {
    BC_R_SUM,    /* the sum over the units that give the figure */
    BC_R_COUNT,  /* the number of units whose field holds one of `values` */
    BC_R_RATIO,  /* sum(num) / sum(den) × times, over the units that give both: never a mean of
                  * the units' own ratios */
    BC_R_SAME,   /* the value every unit gives (a period, a province-wide constant) */
    BC_R_CONCAT, /* the rows of source lists, one after another, unit by unit */
    BC_R_LEFT    /* not derivable: left for the user, with the reason */
} bc_rop;

typedef struct bc_rcol {
    const bc_field *target;   /* a column of the target list */
    const bc_field *source;   /* a column of the source list, or */
    const bc_field *unit;     /* a top-level field of the unit (its name, say), or */
    const char *constant;     /* a fixed value */
} bc_rcol;

typedef struct bc_rpart {     /* concat: one source list */
    const bc_field *list;
    bc_rcol *cols;
    size_t ncols;
} bc_rpart;

typedef struct bc_rfig {
    const bc_field *target;
    bc_rop op;
    const bc_field *a, *b;    /* sum/count/same: a; ratio: a over b */
    double times;             /* ratio */
    const char **values;      /* count: what counts ("có", "co"); compared folded */
    size_t nvalues;
    bc_rpart *parts;          /* concat */
    size_t nparts;
    const char *reason;       /* left */
    const char *src;          /* the operation in words, for the provenance comment */
} bc_rfig;

typedef struct bc_rmap {
    bc_arena arena;
    const char *path;
    const bc_layout *from, *to;
    const bc_field **period;  /* source fields every unit must agree on */
    size_t nperiod;
    bc_rfig *figs;            /* in the target form's order */
    size_t nfigs;
} bc_rmap;

/* Loads `path` against the layouts it names, resolved in `layouts_dir` and loaded into *from and
 * *to (the caller frees them after the map). */
bc_status bc_rmap_load(const char *path, const char *layouts_dir, bc_layout **from,
                       bc_layout **to, bc_rmap **out, bc_err *err);

/* The map in `dir` (layouts/rollup) whose `to` is `target`: exactly one must match. *path is
 * malloc'ed. */
bc_status bc_rmap_find(const char *dir, const char *target, char **path, bc_err *err);

void bc_rmap_free(bc_rmap *m);

#endif
