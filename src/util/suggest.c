/* suggest.c — see suggest.h. */
#include "util/suggest.h"

#include <string.h>
#include <utf8proc.h>

#define MAXLEN 64

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours ("from" for "form" is one slip, not two). Three rows of at most 65 entries. */
size_t bc_edit_distance(const char *x, const char *y)
{
    size_t n = strlen(x), m = strlen(y);
    if (n > MAXLEN || m > MAXLEN)
        return 99;
    size_t prev2[MAXLEN + 1] = {0}, prev[MAXLEN + 1], cur[MAXLEN + 1];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t best = prev[j - 1] + (x[i - 1] != y[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
        memcpy(prev2, prev, sizeof prev);
        memcpy(prev, cur, sizeof cur);
    }
    return prev[m];
}

/* One code point folded: its base letter in lower case (đ has no decomposition of its own). */
static utf8proc_int32_t fold_cp(utf8proc_int32_t c)
{
    if (c == 0x0111 || c == 0x0110)
        return 'd';
    utf8proc_int32_t d[4];
    int opt = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &opt);
    c = k >= 1 ? d[0] : c;
    return utf8proc_tolower(c);
}

int bc_fold(const char *s, char *out, size_t outsz)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t o = 0;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0)
            return 0;
        p += k;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t w = utf8proc_encode_char(fold_cp(c), enc);
        if (o + (size_t)w >= outsz)
            return 0;
        memcpy(out + o, enc, (size_t)w);
        o += (size_t)w;
    }
    out[o] = '\0';
    return 1;
}

const char *bc_suggest(const char *word, const char *const *names, size_t n)
{
    char w[MAXLEN + 1], f[MAXLEN + 1];
    if (!word || !*word || !bc_fold(word, w, sizeof w))
        return NULL;
    size_t wl = strlen(w), limit = wl / 3;
    limit = limit < 1 ? 1 : limit > 3 ? 3 : limit;
    const char *best = NULL, *prefixed = NULL;
    size_t bestd = limit + 1, nprefixed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!names[i] || !bc_fold(names[i], f, sizeof f))
            continue;
        if (!strncmp(f, w, wl) && ++nprefixed == 1)
            prefixed = names[i];
        size_t d = bc_edit_distance(w, f);
        if (d < bestd) {
            bestd = d;
            best = names[i];
        }
    }
    if (best)
        return best;
    return nprefixed == 1 ? prefixed : NULL;
}
