/* data_check.h — what data.c (parsing and checking values) and data_rules.c (computed figures,
 * min/max rules) share while a data file is loaded. Internal to src/form/data*.c.
 */
#ifndef BC_FORM_DATA_CHECK_H
#define BC_FORM_DATA_CHECK_H

#include "form/data.h"
#include "form/yaml.h"

#define MAX_MAGNITUDE 1e15 /* larger figures are typing mistakes, and doubles lose units */

typedef struct checker {
    const bc_layout *l;
    bc_data *d;
    bc_arena *a;
    const char *file;
    bc_err *err;
    bc_ybad *bad;
    size_t nbad;
    char *claimed; /* per bad spot: already blamed on a field */
    int root_line, root_col;
    int csv;       /* a one-row CSV data file: its unit columns (ma_don_vi, ten_don_vi) are let be */
    size_t unknown; /* keys not in the form so far: only the first DC_SUGGEST get a "có phải …?" */
    int xlsx;      /* a workbook: nodes name their cells (FILE!SHEET!D7), not lines */
    int partial;   /* bc_data_load_partial: required fields may be missing */
} checker;

#define DC_SUGGEST BC_DATA_SUGGEST

/* What each type must be, in words: "số nguyên ≥ 0", "tỉ lệ phần trăm từ 0 đến 100", … */
extern const char *const dc_expectations[BC_FT_COUNT];

/* Appends `FILE:LINE:COL: WHERE: "LABEL" MESSAGE` about field `f` (row ≥ 0: of that list row).
 * `file` is the node's or value's own file, NULL for the file being checked. */
void dc_report(checker *ck, const char *file, int line, int col, const bc_field *f, long row,
               const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* dc_report at node `n`. A CSV cell is named the way a spreadsheet shows it, by its column and
 * header ("cột D (so_may_chu)"), and its column number stands in the position: a character
 * offset into a line of a thousand cells means nothing to the person who filled it in Excel. */
void dc_report_node(checker *ck, const bc_ynode *n, const bc_field *f, long row, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));

/* The same at a value read from the file. */
void dc_report_value(checker *ck, const bc_value *v, const bc_field *f, long row, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));

/* The spreadsheet's name of column `n` (1 → "A", 27 → "AA") into out (at least 8 bytes). */
void dc_column_name(int n, char *out);

/* A number as the field prints it: "12.345", "87,50", a year without a thousands dot. */
const char *dc_format_number(bc_arena *a, const bc_field *f, double v);

/* Fills computed figures (checking given ones against them), then checks min/max rules. */
void dc_compute_all(checker *ck);
void dc_check_rules(checker *ck);

#endif
