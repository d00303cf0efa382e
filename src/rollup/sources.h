/* sources.h — the units a roll-up reads: a folder of unit data files, or a batch's output folder.
 *
 * Contract: a folder holding manifest.csv is a batch's output: its units are the manifest's rows
 * (a unit the batch failed stays failed, with the batch's message; an ok unit's data is read
 * again from its input, a file or a row of a units table) and the manifest's form must be the
 * map's source form. Any other folder: every FILE.yaml, .yml, .csv (one row of values) and .xlsx
 * in it is one unit, coded by the file's name. Each unit's data is loaded and checked against the
 * source form; one that does not load is failed (kept, with its first messages), not fatal. A
 * workbook made from another form's template, or a batch of another form, is refused (BC_BADINPUT):
 * a roll-up never mixes forms. Units are sorted by code.
 */
#ifndef BC_ROLLUP_SOURCES_H
#define BC_ROLLUP_SOURCES_H

#include "form/data.h"

typedef struct bc_runit {
    char *code, *input;
    bc_data *data;   /* NULL when failed */
    char *error;     /* failed: why (the first messages, one per line) */
} bc_runit;

struct bc_unit;
typedef struct bc_rsources {
    bc_runit *units;
    size_t n;
    struct bc_unit *table; /* a batch over a units table: the table's units, whose trees the
                            * data sets point into (one table per batch) */
    int ntable;
    char *table_path;
} bc_rsources;

bc_status bc_rollup_sources(const bc_layout *from, const char *dir, bc_rsources *out,
                            bc_err *err);

void bc_rollup_sources_free(bc_rsources *s);

#endif
