/* strmap.h — strings mapped to numbers, for finding a repeated key or looking a name up in
 * constant time where a linear scan per item would make a big input take quadratic time.
 *
 * Open addressing on an FNV-1a hash, kept at most half full. The keys are not copied: they must
 * outlive the map (they are arena strings of the tree being checked). The map owns only its
 * table, freed by bc_strmap_free.
 */
#ifndef BC_UTIL_STRMAP_H
#define BC_UTIL_STRMAP_H

#include <stddef.h>

typedef struct bc_strmap {
    const char **keys; /* NULL: an empty slot */
    size_t *vals;
    size_t cap, n;     /* cap is 0 or a power of two */
} bc_strmap;

#define BC_STRMAP_INIT {NULL, NULL, 0, 0}

/* Adds key → val unless the key is there already. Returns 1 when added, 0 when present (then
 * *old, if not NULL, gets the value it has), -1 when out of memory. */
int bc_strmap_add(bc_strmap *m, const char *key, size_t val, size_t *old);

/* Sets key → val, replacing any value it had. Returns 0, or -1 when out of memory. */
int bc_strmap_set(bc_strmap *m, const char *key, size_t val);

/* 1 and *val set when the key is there, else 0. */
int bc_strmap_get(const bc_strmap *m, const char *key, size_t *val);

void bc_strmap_free(bc_strmap *m);

#endif
