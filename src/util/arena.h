/* arena.h — region allocation for one document.
 *
 * A layout, a data set and a document tree are each built once and freed together, so their
 * nodes come from an arena: no per-node free, no leaks on error paths, and a batch worker frees
 * a whole unit in one call, which keeps its memory flat over thousands of units.
 */
#ifndef BC_ARENA_H
#define BC_ARENA_H

#include <stddef.h>

typedef struct bc_arena_block bc_arena_block;
typedef struct bc_arena {
    bc_arena_block *head;
} bc_arena;

#define BC_ARENA_INIT {NULL}

/* Zeroed memory, aligned for any type; NULL only when the system is out of memory. */
void *bc_arena_alloc(bc_arena *a, size_t size);
char *bc_arena_strdup(bc_arena *a, const char *s);
char *bc_arena_strndup(bc_arena *a, const char *s, size_t n);
char *bc_arena_printf(bc_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bc_arena_free(bc_arena *a);

#define BC_NEW(a, T) ((T *)bc_arena_alloc((a), sizeof(T)))
#define BC_NEW_N(a, T, n) ((T *)bc_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
