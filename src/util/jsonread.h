/* jsonread.h — reading JSON that someone else may have written (a shard's manifest, a worker's
 * verify result): RFC 8259, strictly, into a tree whose every value keeps the span of its bytes
 * in the text, so a reader can copy an object out exactly as it was written.
 *
 * Hostile input: nesting deeper than BC_JSON_MAX_DEPTH, bytes that are not UTF-8, control
 * characters in strings, lone surrogates, \u0000, numbers longer than 64 characters, anything
 * after the value — each refused with file, line and column. Time is linear in the text, memory
 * too and at most BC_JSON_MAX_NODES values (≈ 90 bytes each); the caller bounds the text's length. A member given twice
 * in an object: bc_json_member finds the last, as most readers do.
 */
#ifndef BC_JSONREAD_H
#define BC_JSONREAD_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define BC_JSON_MAX_DEPTH 64
#define BC_JSON_MAX_NODES 4000000
#define BC_JSON_MAX_NODES_TEXT "4.000.000"

typedef enum {
    BC_JSON_NULL,
    BC_JSON_FALSE,
    BC_JSON_TRUE,
    BC_JSON_NUMBER,
    BC_JSON_STRING,
    BC_JSON_ARRAY,
    BC_JSON_OBJECT
} bc_json_type;

typedef struct bc_json_node {
    bc_json_type type;
    size_t start, end;  /* the value's bytes in the text, [start, end) */
    const char *str;    /* a string, decoded */
    const char *key;    /* a member of an object: its key, decoded */
    double num;
    struct bc_json_node *first, *next; /* an array's or object's items, in order */
    size_t count;       /* how many items */
} bc_json_node;

typedef struct bc_json_doc {
    bc_json_node *root;
    bc_arena arena;
} bc_json_doc;

/* Parses `len` bytes of `text` (named `name` in messages). BC_BADINPUT with one message when
 * the text is not JSON; the document is then empty. */
bc_status bc_json_parse(const char *text, size_t len, const char *name, bc_json_doc *d,
                        bc_err *err);

/* The member `key` of an object (NULL when absent or not an object). */
const bc_json_node *bc_json_member(const bc_json_node *obj, const char *key);

/* The member's string, or NULL when absent or not a string. */
const char *bc_json_string(const bc_json_node *obj, const char *key);

void bc_json_doc_free(bc_json_doc *d);

#endif
