/* numtext.c — numbers and dates as Vietnamese officials write them (contract in numtext.h).
 *
 * A number is split at its one decimal comma; the whole part may carry thousands dots, which are
 * valid only as groups of exactly three digits after a first group of one to three digits that
 * does not start with 0. A single dot that is not such a group is a decimal point ("12.5"). Only
 * a single dot that *is* such a group is read two ways, and then the caller decides.
 */
#include "form/numtext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 48 /* longer digit strings are far beyond 10^15: read as infinity */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t digits_at(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(p[i]))
        i++;
    return i;
}

/* Whether p[0..n) is "1.234" or "12.345.678": thousands groups, at least one dot. */
static int thousands_groups(const char *p, size_t n)
{
    size_t first = digits_at(p, n);
    if (first < 1 || first > 3 || first == n || (p[0] == '0'))
        return 0;
    for (size_t i = first; i < n; i += 4)
        if (p[i] != '.' || i + 4 > n || digits_at(p + i + 1, 3) != 3)
            return 0;
    return 1;
}

/* Copies the digits of p[0..n) into out (a C number string), skipping thousands dots. */
static void copy_digits(char *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_digit(p[i]))
            *out++ = p[i];
    *out = '\0';
}

static int count_frac(const char *frac)
{
    int n = (int)strlen(frac);
    while (n > 0 && frac[n - 1] == '0')
        n--;
    return n;
}

/* Builds sign, whole and fraction into a number. */
static double make_number(int neg, const char *whole, const char *frac)
{
    char buf[MAX_TEXT * 2 + 4];
    snprintf(buf, sizeof buf, "%s%s%s%s", neg ? "-" : "", whole, *frac ? "." : "", frac);
    return strtod(buf, NULL);
}

bc_nt_status bc_nt_number_parse(const char *s, int fraction_allowed, bc_nt_number *out)
{
    memset(out, 0, sizeof *out);
    int neg = *s == '-';
    const char *p = s + (*s == '-' || *s == '+');
    size_t n = strlen(p);
    if (!n || strspn(p, "0123456789.,") != n || !is_digit(p[0]) || !is_digit(p[n - 1]))
        return BC_NT_NOT_NUMBER;
    if (n > MAX_TEXT) {
        out->value = neg ? -INFINITY : INFINITY;
        return BC_NT_OK;
    }
    const char *comma = strchr(p, ',');
    const char *dot = strchr(p, '.');
    if (comma && strchr(comma + 1, ','))
        return BC_NT_NOT_NUMBER;
    if (comma && strchr(comma, '.'))
        return BC_NT_ENGLISH;
    char whole[MAX_TEXT + 1], frac[MAX_TEXT + 1] = "";
    size_t wn = comma ? (size_t)(comma - p) : n;
    if (comma)
        snprintf(frac, sizeof frac, "%s", comma + 1);
    if (!dot) {
        copy_digits(whole, p, wn);
    } else if (thousands_groups(p, wn)) {
        copy_digits(whole, p, wn);
        if (!comma && fraction_allowed && !strchr(dot + 1, '.')) {
            /* "4.500": four thousand five hundred, or four and a half */
            out->value = make_number(neg, whole, "");
            copy_digits(whole, p, (size_t)(dot - p));
            out->alt = make_number(neg, whole, dot + 1);
            out->frac_digits = count_frac(dot + 1);
            return BC_NT_AMBIGUOUS;
        }
    } else if (!comma && !strchr(dot + 1, '.')) {
        copy_digits(whole, p, (size_t)(dot - p)); /* "12.5": a decimal point */
        snprintf(frac, sizeof frac, "%s", dot + 1);
    } else {
        return BC_NT_GROUPS;
    }
    out->value = make_number(neg, whole, frac);
    out->frac_digits = count_frac(frac);
    return BC_NT_OK;
}

/* ---- numbers in words ---- */

static const char *const digit_words[] = {"không", "một", "hai", "ba", "bốn",
                                          "năm", "sáu", "bảy", "tám", "chín"};

/* Appends the words of 0 ≤ n ≤ 999. `full`: the group follows a higher one, so its hundreds are
 * said even when 0 ("không trăm") and a lone unit takes "linh" (4.005: "… không trăm linh năm"). */
static void group_words(char *out, size_t outsz, int n, int full)
{
    int h = n / 100, t = n / 10 % 10, u = n % 10;
    size_t len = strlen(out);
#define ADD(...) (len += (size_t)snprintf(out + len, len < outsz ? outsz - len : 0, __VA_ARGS__))
    if (h || full)
        ADD("%s%s trăm", len ? " " : "", digit_words[h]);
    if (t == 0 && u && (h || full))
        ADD(" linh %s", digit_words[u]);
    else if (t == 0 && u)
        ADD("%s%s", len ? " " : "", digit_words[u]);
    else if (t == 1)
        ADD("%smười%s%s", len ? " " : "", u ? " " : "", u == 5 ? "lăm" : u ? digit_words[u] : "");
    else if (t >= 2)
        ADD("%s%s mươi%s%s", len ? " " : "", digit_words[t], u ? " " : "",
            u == 1 ? "mốt" : u == 5 ? "lăm" : u ? digit_words[u] : "");
#undef ADD
}

int bc_nt_words(long long v, char *out, size_t outsz)
{
    if (!outsz)
        return 0;
    out[0] = '\0';
    if (v < 0 || v >= 1000000 || outsz < 80)
        return 0;
    if (v == 0) {
        snprintf(out, outsz, "không");
        return 1;
    }
    int k = (int)(v / 1000), r = (int)(v % 1000);
    if (k) {
        group_words(out, outsz, k, 0);
        size_t len = strlen(out);
        snprintf(out + len, outsz - len, " nghìn");
    }
    if (r)
        group_words(out, outsz, r, k > 0);
    return 1;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int bc_nt_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return days[m - 1] + (m == 2 && leap(y));
}

/* Reads digits at *p (at most `max`), advancing; returns how many were read. */
static int read_num(const char **p, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (k < max && is_digit(**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k;
}

static bc_nd_status check_parts(int y, int m, int d)
{
    if (m < 1 || m > 12)
        return BC_ND_BAD_MONTH;
    if (d < 1 || d > bc_nt_days_in_month(y, m))
        return BC_ND_BAD_DAY;
    if (y < 1900 || y > 2100)
        return BC_ND_BAD_YEAR;
    return BC_ND_OK;
}

bc_nd_status bc_nt_date_parse(const char *s, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    const char *p = s;
    int a, b, c;
    int na = read_num(&p, 5, &a);
    char sep = *p;
    if (!na || !strchr("/-.", sep) || !sep)
        return BC_ND_NOT_DATE;
    p++;
    int nb = read_num(&p, 3, &b);
    if (!nb || *p != sep)
        return BC_ND_NOT_DATE;
    p++;
    int nc = read_num(&p, 5, &c);
    if (!nc || *p || nb > 2)
        return BC_ND_NOT_DATE;
    if (na == 4 && nc <= 2) { /* yyyy-mm-dd, yyyy/mm/dd */
        *y = a, *m = b, *d = c;
        return check_parts(*y, *m, *d);
    }
    if (na > 2)
        return BC_ND_NOT_DATE;
    *d = a, *m = b, *y = c;
    if (nc == 2)
        return BC_ND_SHORT_YEAR;
    if (nc != 4)
        return BC_ND_NOT_DATE;
    return check_parts(*y, *m, *d);
}
