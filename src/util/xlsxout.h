/* xlsxout.h — a workbook (libxlsxwriter) written as every output is: under a temporary name in
 * the same folder ("NAME.tmp-PID-N", which a batch's clean-up recognises), flushed to disk, then
 * renamed over the final name, so a reader never sees half a workbook.
 */
#ifndef BC_UTIL_XLSXOUT_H
#define BC_UTIL_XLSXOUT_H

#include <xlsxwriter.h>

#include "util/err.h"

typedef struct bc_xlsxout {
    lxw_workbook *wb;
    char *tmp;
    const char *path;
} bc_xlsxout;

/* Starts the workbook for `path`; BC_FAIL (reported) when it cannot. */
bc_status bc_xlsxout_open(bc_xlsxout *o, const char *path, bc_err *err);

/* Writes the workbook and, when `st` is BC_OK and writing worked, renames it into place; the
 * temporary file is removed otherwise. Returns the outcome. */
bc_status bc_xlsxout_close(bc_xlsxout *o, bc_status st, bc_err *err);

#endif
