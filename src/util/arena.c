/* arena.c — see arena.h. Blocks of 64 KiB, larger requests get a block of their own. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bc_arena_block {
    bc_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

enum { BLOCK_SIZE = 64 * 1024 };

void *bc_arena_alloc(bc_arena *a, size_t size)
{
    size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    bc_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->size = cap;
        b->used = 0;
        if (a->head && size > BLOCK_SIZE) {
            /* Keep the current, partly used block at the head for the small requests. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *bc_arena_strndup(bc_arena *a, const char *s, size_t n)
{
    char *d = bc_arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *bc_arena_strdup(bc_arena *a, const char *s)
{
    return s ? bc_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bc_arena_printf(bc_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = n >= 0 ? bc_arena_alloc(a, (size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void bc_arena_free(bc_arena *a)
{
    bc_arena_block *b = a->head;
    while (b) {
        bc_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
