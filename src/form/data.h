/* data.h — a loaded data set, as the build step reads it.
 *
 * Internal to the form layer and doc/build.c. A value is stored twice: as text ready to print
 * (Vietnamese number format, dates dd/mm/yyyy) and, for numbers, as a double for rules and
 * formulas. Everything is in the data set's arena and never changes after bc_data_load.
 */
#ifndef BC_FORM_DATA_H
#define BC_FORM_DATA_H

#include "form/layout.h"

typedef struct bc_value {
    int present;          /* given by the data, or computed */
    int computed;         /* filled from the field's formula */
    int invalid;          /* given but refused (only seen while loading) */
    int settled;          /* formula done with (only used while loading) */
    const char *text;     /* ready to print */
    double num;           /* numeric types */
    const char **opts;    /* choice, choices: the options given */
    size_t nopts;
    int year, month, day; /* date */
    int line, col;        /* in the data file; 0 when computed or missing */
    int cell;             /* a CSV cell: its column (A = 1); 0 for YAML */
    const char *file;     /* the file it was read from when not the data file (a list table) */
} bc_value;

typedef struct bc_dlist {
    int present;
    int given;            /* the key was in the file, even if its value was refused */
    size_t nrows;
    bc_value **rows;      /* rows[r][column index] */
    int line, col;
    const char *file;     /* as bc_value.file */
} bc_dlist;

struct bc_data {
    bc_arena arena;
    const bc_layout *layout;
    bc_value *vals;       /* by top-level field index */
    bc_dlist *lists;      /* by top-level field index (used for lists only) */
};

/* The value of a top-level field, or of column `f` in row `row` of its list (NULL when out of
 * range). Never NULL for a top-level field. */
const bc_value *bc_data_value(const bc_data *d, const bc_field *f, size_t row);
/* Rows of a list field (0 when the data gives none). */
size_t bc_data_rows(const bc_data *d, const bc_field *list);
/* Whether a choice/choices value holds `option`. */
int bc_value_has(const bc_value *v, const char *option);

/* The key among `n` fields nearest to `key`, when at most 2 edits away (a likely typo), or NULL;
 * for "(có phải "so_may_tinh"?)" after an unknown key. */
const char *bc_data_nearest_key(const bc_field *fields, size_t n, const char *key);

/* Unknown keys of one file that get the nearest key suggested: each suggestion is a search through
 * the form, and a file of thousands of unknown keys is not this form's data at all, so the rest
 * get one summary line instead. */
#define BC_DATA_SUGGEST 20

#endif
