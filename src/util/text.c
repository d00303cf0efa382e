/* text.c — see text.h. Normalisation is utf8proc's; the rest is small enough to own. */
#include "util/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

bc_text_check bc_text_check_utf8(const char *s, size_t n, size_t *offset)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp = p[i];
        utf8proc_ssize_t k = 1; /* ASCII, most of any data file, needs no decoding */
        if (cp >= 0x80)
            k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) {
            if (offset)
                *offset = i;
            return BC_TEXT_BAD_UTF8;
        }
        int illegal = (cp < 0x20 && cp != 0x09 && cp != 0x0A && cp != 0x0D) || cp == 0xFFFE ||
                      cp == 0xFFFF;
        if (illegal) {
            if (offset)
                *offset = i;
            return BC_TEXT_XML_ILLEGAL;
        }
        i += (size_t)k;
    }
    return BC_TEXT_OK;
}

/* ASCII is its own NFC (nothing in it decomposes or combines): keys, numbers and codes, most of
 * the strings of a data file, skip utf8proc. */
static int all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

char *bc_text_nfc(bc_arena *a, const char *s)
{
    if (all_ascii(s))
        return bc_arena_strdup(a, s);
    utf8proc_uint8_t *out = utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (!out)
        return NULL;
    char *r = bc_arena_strdup(a, (const char *)out);
    free(out);
    return r;
}

int bc_text_is_nfc(const char *s)
{
    if (all_ascii(s))
        return 1;
    utf8proc_uint8_t *out = utf8proc_NFC((const utf8proc_uint8_t *)s);
    if (!out)
        return 0;
    int same = strcmp((const char *)out, s) == 0;
    free(out);
    return same;
}

/* By hand rather than utf8proc_iterate: text layout and drawing decode every character of a
 * report this way, several times. The same answers: a code point, or U+FFFD and one byte on
 * for anything that is not well-formed (overlong, surrogate, past U+10FFFF, cut short). */
uint32_t bc_utf8_next(const char **p)
{
    static const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    const unsigned char *s = (const unsigned char *)*p;
    unsigned c = s[0];
    if (c < 0x80) {
        *p += 1;
        return c;
    }
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = c & (0x3Fu >> more);
    for (int i = 1; i <= more; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            more = 0;
            break;
        }
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if (more == 0 || c > 0xF4 || cp < least[more] || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *p += 1;
        return 0xFFFD;
    }
    *p += more + 1;
    return cp;
}

size_t bc_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

char *bc_text_ellipsize(bc_arena *a, const char *s, size_t max_chars)
{
    if (bc_utf8_len(s) <= max_chars)
        return bc_arena_strdup(a, s);
    const char *p = s, *cut = s, *last_space = NULL;
    for (size_t i = 0; i < max_chars && *p; i++) {
        if (*p == ' ')
            last_space = p;
        bc_utf8_next(&p);
        cut = p;
    }
    if (last_space && last_space > s)
        cut = last_space;
    /* Drop punctuation left dangling before the ellipsis ("máy tính," → "máy tính…"). */
    while (cut > s && (cut[-1] == ' ' || cut[-1] == ',' || cut[-1] == ':' || cut[-1] == ';'))
        cut--;
    return bc_arena_printf(a, "%.*s…", (int)(cut - s), s);
}

int bc_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

int bc_ends_with_nocase(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcasecmp(s + n - k, suffix);
}

static void group_thousands(char *out, size_t outsz, const char *digits)
{
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < outsz; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

char *bc_fmt_int(bc_arena *a, long long v)
{
    char digits[32], grouped[48];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    snprintf(digits, sizeof digits, "%llu", u);
    group_thousands(grouped, sizeof grouped, digits);
    return bc_arena_printf(a, "%s%s", v < 0 ? "-" : "", grouped);
}

char *bc_fmt_dec(bc_arena *a, double v, int decimals)
{
    if (!isfinite(v))
        return NULL; /* callers report division by zero; "nan" is never printed */
    char raw[64], grouped[80];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    const char *frac = "";
    if (dot) {
        *dot = '\0';
        frac = dot + 1;
    }
    group_thousands(grouped, sizeof grouped, raw);
    int negative = v < 0 && strspn(raw, "0") != strlen(raw);
    if (!negative && v < 0 && *frac)
        negative = strspn(frac, "0") != strlen(frac);
    return bc_arena_printf(a, "%s%s%s%s", negative ? "-" : "", grouped, *frac ? "," : "", frac);
}

char *bc_strfmt(const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

int bc_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
