/* numtext.h — numbers and dates as Vietnamese officials write them, read without guessing.
 *
 * Contract: pure functions over one NUL-terminated string; nothing is allocated, nothing is
 * reported (data.c turns the outcome into a message). A reading is accepted only when it is the
 * one reading the text can have:
 *   - numbers: `4500`, `-12`, `12,5` (decimal comma), `12.5` (a dot that cannot be a thousands
 *     dot), `4.500` and `12.345.678` (groups of exactly three digits: thousands), `1.234,56`.
 *     `4.500` where a fraction is allowed is ambiguous (4500 or 4,5) and is said so, with both
 *     readings; `1,234.56` (English grouping) is refused.
 *   - dates: `yyyy-mm-dd` (ISO), and day first `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`,
 *     `dd.mm.yyyy` with one separator used twice. A two-digit year is refused (which century?).
 */
#ifndef BC_FORM_NUMTEXT_H
#define BC_FORM_NUMTEXT_H

#include <stddef.h>

typedef enum {
    BC_NT_OK,
    BC_NT_NOT_NUMBER, /* not a number in any form */
    BC_NT_AMBIGUOUS,  /* "4.500" where a fraction is allowed: thousands or a decimal point */
    BC_NT_ENGLISH,    /* "1,234.56": a comma before a dot, the English way */
    BC_NT_GROUPS      /* "12.34.567", "1.2345,6": dots that are not groups of three digits */
} bc_nt_status;

typedef struct bc_nt_number {
    double value;     /* the reading (for AMBIGUOUS: as thousands) */
    double alt;       /* AMBIGUOUS only: the reading with a decimal point (4,5 for "4.500") */
    int frac_digits;  /* significant digits after the decimal mark (trailing zeros dropped);
                       * for AMBIGUOUS: those of the decimal-point reading */
} bc_nt_number;

/* Reads `s`. `fraction_allowed`: the field may hold a fraction (decimal, percent), which makes a
 * lone `4.500` ambiguous; for a whole-number field it is 4500. A number too long to hold is read
 * as infinity (the caller says "too large"). */
bc_nt_status bc_nt_number_parse(const char *s, int fraction_allowed, bc_nt_number *out);

typedef enum {
    BC_ND_OK,
    BC_ND_NOT_DATE,   /* not in any accepted form */
    BC_ND_SHORT_YEAR, /* "15/12/26": the year needs four digits */
    BC_ND_BAD_MONTH,  /* month not 1–12 */
    BC_ND_BAD_DAY,    /* day 0 or past the month's last day */
    BC_ND_BAD_YEAR    /* outside 1900–2100 */
} bc_nd_status;

/* Reads `s` into *y, *m, *d (set as read even when the date is refused, for the message). */
bc_nd_status bc_nt_date_parse(const char *s, int *y, int *m, int *d);

/* A whole number 0 ≤ v < 1.000.000 in Vietnamese words ("bốn nghìn năm trăm"), into out; returns
 * 0 (out empty) when v is out of that range or out is too small. */
int bc_nt_words(long long v, char *out, size_t outsz);

/* Days in month `m` (1–12) of year `y`. */
int bc_nt_days_in_month(int y, int m);

#endif
