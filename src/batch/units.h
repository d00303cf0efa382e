/* units.h — finding the units of a batch in its input: a folder with one YAML data file per unit
 * (the file's name is the unit's code, e.g. 22015.yaml), or a CSV units table with one row per
 * unit and a table per list next to it (form/csvunits.h).
 *
 * Units are returned sorted by code, so runs are reproducible; two files whose codes give the same
 * safe file name are an error, since their bundles would overwrite each other.
 */
#ifndef BC_BATCH_UNITS_H
#define BC_BATCH_UNITS_H

#include "batch/shard.h"
#include "batch/unit.h"
#include "util/err.h"

bc_status bc_units_from_dir(const char *dir, bc_unit **units, int *n, bc_err *err);

/* Whether `data` names a units table (a file ending in .csv) rather than a folder. */
int bc_units_is_table(const char *data);

/* The units of table `units_csv` for layout `l`: each unit's tree is parsed here, once, in an
 * arena the units own, so worker processes forked afterwards inherit it read-only. */
bc_status bc_units_from_csv(const bc_layout *l, const char *units_csv, bc_unit **units, int *n,
                            bc_err *err);

/* The SHA-256 (hex, 65 bytes with the NUL) of every unit's code and input hash, in order: the
 * same data gives the same digest on every machine, whatever the folder's path. */
void bc_units_digest(const bc_unit *units, int n, char *hex);

/* Keeps the units of shard `s` (in their order) and frees the others. */
void bc_units_shard(bc_unit *units, int *n, const bc_shard *s);

void bc_units_free(bc_unit *units, int n);

#endif
