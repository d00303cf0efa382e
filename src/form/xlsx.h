/* xlsx.h — an Office Open XML workbook (.xlsx) read as sheets of cells, nothing more.
 *
 * Contract: reads the package (libzip) and the parts that hold values (workbook, its relations,
 * shared strings, styles, worksheets) with libxml2's streaming reader; every cell becomes a value
 * of one kind — number (with whether its style shows a date or a percent), text (shared, inline,
 * or a formula's text result), boolean, or a formula error ("#DIV/0!") — with its sheet, row and
 * column. Formulas are not evaluated: the value cached in the file (what Excel or LibreOffice last
 * computed) is the value. A merged range reads its top-left value in every cell it covers. The
 * 1904 date system flag is kept for bc_xlsx_date.
 *
 * Every input is hostile; each bound is refused with a message naming it (README.md, "Giới hạn"):
 * the package's size and number of entries, each part's uncompressed size and the total read (a
 * zip bomb stops at the bound, whatever the sizes the zip directory claims), sheets, cells,
 * shared strings, text per cell, merged area, XML depth. XML is parsed without network access,
 * without loading or expanding entities (a DTD or an entity reference is refused outright: no
 * billion laughs) and without libxml2's "huge" option. Cost is linear in the parts read.
 *
 * The book lives in its own arena; it is read-only after loading.
 */
#ifndef BC_FORM_XLSX_H
#define BC_FORM_XLSX_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define BC_XLSX_MAX_FILE (64u << 20)   /* the .xlsx itself */
#define BC_XLSX_MAX_ENTRIES 1000       /* files inside the package */
#define BC_XLSX_MAX_PART (32u << 20)   /* one part, uncompressed */
#define BC_XLSX_MAX_TOTAL (128u << 20) /* all parts read, uncompressed */
#define BC_XLSX_MAX_SHEETS 256
#define BC_XLSX_MAX_CELLS 1000000      /* cells with a value, in all sheets */
#define BC_XLSX_MAX_STRINGS 1000000    /* shared strings */
#define BC_XLSX_MAX_TEXT 32767         /* bytes of one cell's text (Excel's own limit in chars) */
#define BC_XLSX_MAX_MERGED 1000000     /* cells filled from merged ranges, in all */
#define BC_XLSX_MAX_DEPTH 32           /* XML element nesting */
#define BC_XLSX_MAX_ROW 1048576        /* Excel's grid */
#define BC_XLSX_MAX_COL 16384

typedef enum { BC_XC_NUMBER, BC_XC_TEXT, BC_XC_BOOL, BC_XC_ERROR } bc_xcell_kind;

typedef struct bc_xcell {
    unsigned row, col;   /* 1-based */
    bc_xcell_kind kind;
    int date;            /* NUMBER shown with a date format: a serial day number */
    int percent;         /* NUMBER shown with a percent format (0,875 shows as 87,5 %) */
    int formula;         /* the value is a formula's cached result */
    int merged;          /* copied from the top-left cell of a merged range */
    double num;          /* NUMBER, BOOL (0 or 1) */
    const char *text;    /* TEXT; ERROR: the error ("#DIV/0!"); never NULL */
} bc_xcell;

typedef struct bc_xsheet {
    const char *name;
    int hidden;          /* state="hidden" or "veryHidden" */
    bc_xcell *cells;     /* sorted by row, then column */
    size_t ncells;
} bc_xsheet;

typedef struct bc_xbook {
    bc_arena arena;
    bc_xsheet *sheets;   /* in workbook order */
    size_t nsheets;
    int date1904;
} bc_xbook;

/* Reads the workbook at `path` (messages name it). */
bc_status bc_xlsx_load(const char *path, bc_xbook **out, bc_err *err);

/* The same from `len` bytes in memory. */
bc_status bc_xlsx_parse(const char *name, const void *data, size_t len, bc_xbook **out,
                        bc_err *err);

/* One worksheet part's XML into `sheet`, given the shared strings and, per style index, whether
 * it shows a date (1) or a percent (2) — the piece a fuzzer feeds directly. `cells_left` is the
 * budget of cells still allowed, decreased by what the sheet holds. */
bc_status bc_xlsx_parse_sheet(bc_arena *a, const char *name, const char *xml, size_t len,
                              const char *const *strings, size_t nstrings,
                              const unsigned char *styles, size_t nstyles, size_t *cells_left,
                              bc_xsheet *sheet, bc_err *err);

/* Shared strings part into *strings (arena-allocated, *n of them). */
bc_status bc_xlsx_parse_strings(bc_arena *a, const char *name, const char *xml, size_t len,
                                const char ***strings, size_t *n, bc_err *err);

void bc_xlsx_free(bc_xbook *b);

/* The cell at row, col (1-based) or NULL when empty. Binary search: O(log cells). */
const bc_xcell *bc_xsheet_cell(const bc_xsheet *s, unsigned row, unsigned col);

/* The sheet named `name`, or NULL. */
const bc_xsheet *bc_xbook_sheet(const bc_xbook *b, const char *name);

/* A date serial as a calendar date (the time of day is dropped). 1900 system: serial 1 is
 * 1900-01-01, and Excel's serial 60 is the 29 February 1900 that never was, refused; 1904
 * system: serial 0 is 1904-01-01. Returns 1 when the serial is a date up to 9999. */
int bc_xlsx_date(double serial, int date1904, int *y, int *m, int *d);

/* The serial of a date in the 1900 system (the inverse of bc_xlsx_date). */
double bc_xlsx_serial(int y, int m, int d);

/* "D7" for row 7, column 4, into out (at least 16 bytes). */
void bc_xlsx_ref(unsigned row, unsigned col, char *out);

#endif
