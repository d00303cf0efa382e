/* csvunits.h — the units of a batch as CSV tables: one row per unit, one more table per list.
 *
 * UNITS.csv holds a header row of field keys (what `baocao template --format csv` writes) with a
 * required column `ma_don_vi`, the unit's code (e.g. its administrative code), and an optional
 * `ten_don_vi`, its name; then one row per unit. For each field KEY of type list, an optional
 * KEY.csv in the same folder holds that list's items: a header of `ma_don_vi` and the list's
 * column keys, one row per item, a unit's items in file order.
 *
 * Each unit becomes the tree a YAML data file would give (a MAP of field keys to scalars, list
 * keys to a SEQ of MAPs), every cell a scalar that carries its own file, line and column, so
 * bc_data_load_tree checks it and points each message at the cell in whichever table holds it.
 *
 * What is wrong with a value is the unit's own problem and is found when its data is checked, so
 * one unit's bad cell never stops the others. What is wrong with the tables' shape stops the load
 * here, with file:line:col, because no unit can be trusted then: a missing `ma_don_vi` column or
 * code, a code given twice, a list row whose code is not in the units table, a row wider than its
 * header, a header key given twice, a list written as a column of the units table, and bytes that
 * are not UTF-8 or are control characters (typically a file saved in a legacy encoding).
 *
 * Everything is allocated in the caller's arena and read-only afterwards, so worker processes
 * forked after loading share it without copying or locking.
 */
#ifndef BC_FORM_CSVUNITS_H
#define BC_FORM_CSVUNITS_H

#include "form/form.h"
#include "form/yaml.h"

#define BC_UNIT_CODE_COLUMN "ma_don_vi"
#define BC_UNIT_NAME_COLUMN "ten_don_vi"

typedef struct bc_csv_unit {
    const char *code;     /* ma_don_vi, NFC */
    const char *name;     /* ten_don_vi, NFC; NULL when the table has no such column or it is empty */
    const bc_ynode *tree; /* MAP, with `file` set on every node */
    int line;             /* the unit's row in the units table */
    char sha256[65];      /* over the unit's own cells (its row and its list rows), so a re-run
                           * tells the units whose data changed from those whose neighbours did */
} bc_csv_unit;

/* Loads the units table `units_csv` and the list tables next to it, for layout `l`. *units gets
 * *n units in the order of the table's rows. */
bc_status bc_csv_units_load(const bc_layout *l, const char *units_csv, bc_arena *a,
                            bc_csv_unit **units, int *n, bc_err *err);

#endif
