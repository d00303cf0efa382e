/* csv.h — CSV text as rows of cells, each cell a scalar node with its own line and column.
 *
 * One reader serves two shapes of file. A data file (bc_csv_parse): one header row of field keys
 * and one row of values, what `baocao template --format csv` hands out and a spreadsheet saves; it
 * becomes the same tree a YAML data file gives (a mapping from key to scalar), so every check of
 * data.c applies unchanged. A batch's units table and its list tables (csvunits.c): a header and
 * any number of rows, read row by row with bc_csv_next_row.
 *
 * The separator is ',' or, when the first row holds more ';' than ',', ';' (spreadsheets in a
 * Vietnamese locale save so, because ',' is their decimal mark). Cells may be quoted ("…", ""
 * inside for a quote) and then hold separators and line breaks. A UTF-8 byte order mark is
 * skipped, and so are blank rows (nothing but spaces and separators). Input is expected already
 * scrubbed of bad bytes (bc_yaml_scrub).
 */
#ifndef BC_FORM_CSV_H
#define BC_FORM_CSV_H

#include "form/yaml.h"

/* Bounds on a table (README.md, "Giới hạn"): a wider row or a longer table is refused. */
#define BC_CSV_MAX_COLUMNS 10000
#define BC_CSV_MAX_ROWS 100000
#define BC_CSV_MAX_BYTES (64u << 20) /* a units table or list table of a batch */

typedef struct bc_csv_reader {
    const char *p, *end;
    int line, col;    /* 1-based position of p, columns in characters */
    char sep;
    const char *file; /* put in every cell's node (NULL: the file being checked) */
} bc_csv_reader;

/* Starts reading `len` bytes; cells will carry `node_file`. Returns 0 when the data holds no row
 * at all (empty, or only blank rows). */
int bc_csv_begin(bc_csv_reader *r, const char *node_file, const char *data, size_t len);

/* Whether another row that is not blank follows; skips blank rows, so afterwards r->line is the
 * line that row starts on. */
int bc_csv_more(bc_csv_reader *r);

/* Reads the next row that is not blank: *cells gets *n scalar nodes (arena-allocated, at least
 * one). Returns 1, 0 at the end of the data, -1 when out of memory, or -2 when the row has more
 * than BC_CSV_MAX_COLUMNS cells (r->line is then the row's line). */
int bc_csv_next_row(bc_arena *a, bc_csv_reader *r, bc_ynode ***cells, size_t *n);

/* A data file: `len` bytes (already scrubbed). Exactly one row of values is expected. A header
 * that repeats a key gives a tree whose repeated key nodes have `dup` set, unreported: the
 * caller names the field (as for bc_yaml_parse_ex with BC_YAML_REPEATS_UNREPORTED). */
bc_status bc_csv_parse(bc_arena *a, const char *file, const char *data, size_t len,
                       bc_ynode **root, bc_err *err);

#endif
