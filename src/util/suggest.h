/* suggest.h — "có phải …?": the nearest of a set of names to a word that matched none.
 *
 * Both sides are compared folded: lower case, Vietnamese diacritics removed (đ → d), so "co"
 * finds "có" and "Thu-Truong" finds "thu-truong". A name is suggested only when it is close
 * enough to be a slip (an edit distance of at most a third of the word, at least 1, at most 3,
 * or the word is a prefix of exactly that name); otherwise nothing is suggested. Words and names
 * longer than 64 bytes once folded are never suggested for, so the cost per comparison is bounded.
 */
#ifndef BC_UTIL_SUGGEST_H
#define BC_UTIL_SUGGEST_H

#include <stddef.h>

/* The nearest name, or NULL. `names` holds n strings (NULL entries are skipped). */
const char *bc_suggest(const char *word, const char *const *names, size_t n);

/* `s` folded into `out` (at most outsz - 1 bytes, NUL-terminated). Returns 0 when it did not fit. */
int bc_fold(const char *s, char *out, size_t outsz);

/* The edit distance of two byte strings of at most 64 bytes each (99 for longer ones). */
size_t bc_edit_distance(const char *x, const char *y);

#endif
