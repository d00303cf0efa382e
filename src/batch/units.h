/* units.h — finding the units of a batch in its input: a folder with one YAML data file per unit
 * (the file's name is the unit's code, e.g. 22015.yaml).
 *
 * Units are returned sorted by code, so runs are reproducible; two files whose codes give the same
 * safe file name are an error, since their bundles would overwrite each other.
 */
#ifndef BC_BATCH_UNITS_H
#define BC_BATCH_UNITS_H

#include "batch/unit.h"
#include "util/err.h"

bc_status bc_units_from_dir(const char *dir, bc_unit **units, int *n, bc_err *err);
void bc_units_free(bc_unit *units, int n);

#endif
