/* csv.h — a data file as CSV: one header row of field keys, one row of values.
 *
 * This is what `baocao template --format csv` hands out and what a spreadsheet saves. The file is
 * turned into the same tree a YAML data file gives (a mapping from key to scalar, with the line
 * and column of each cell), so every check of data.c applies unchanged. The separator is ',' or,
 * when the header holds more ';' than ',', ';' (spreadsheets in a Vietnamese locale save so,
 * because ',' is their decimal mark). Cells may be quoted ("…", "" inside for a quote) and then
 * hold separators and line breaks. A UTF-8 byte order mark is skipped.
 */
#ifndef BC_FORM_CSV_H
#define BC_FORM_CSV_H

#include "form/yaml.h"

/* Parses `len` bytes (already scrubbed of bad bytes). Exactly one row of values is expected. */
bc_status bc_csv_parse(bc_arena *a, const char *file, const char *data, size_t len,
                       bc_ynode **root, bc_err *err);

#endif
