/* strmap.c — see strmap.h. */
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

/* The slot holding `key`, or the empty slot where it would go. cap must be non-zero. */
static size_t slot(const bc_strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int grow(bc_strmap *m)
{
    size_t cap = m->cap ? 2 * m->cap : 16;
    bc_strmap big = {calloc(cap, sizeof *big.keys), malloc(cap * sizeof *big.vals), cap, 0};
    if (!big.keys || !big.vals) {
        free(big.keys);
        free(big.vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot(&big, m->keys[i]);
            big.keys[j] = m->keys[i];
            big.vals[j] = m->vals[i];
            big.n++;
        }
    bc_strmap_free(m);
    *m = big;
    return 0;
}

/* The key's slot, made room for; SIZE_MAX when out of memory. */
static size_t place(bc_strmap *m, const char *key)
{
    if (2 * (m->n + 1) > m->cap && grow(m) < 0)
        return SIZE_MAX;
    return slot(m, key);
}

int bc_strmap_add(bc_strmap *m, const char *key, size_t val, size_t *old)
{
    size_t i = place(m, key);
    if (i == SIZE_MAX)
        return -1;
    if (m->keys[i]) {
        if (old)
            *old = m->vals[i];
        return 0;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 1;
}

int bc_strmap_set(bc_strmap *m, const char *key, size_t val)
{
    size_t i = place(m, key);
    if (i == SIZE_MAX)
        return -1;
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
    return 0;
}

int bc_strmap_get(const bc_strmap *m, const char *key, size_t *val)
{
    if (!m->cap)
        return 0;
    size_t i = slot(m, key);
    if (!m->keys[i])
        return 0;
    *val = m->vals[i];
    return 1;
}

void bc_strmap_free(bc_strmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
}
