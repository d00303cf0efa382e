/* yaml.h — a YAML file as a small tree of scalars, sequences and mappings.
 *
 * Layouts and data files are both read through this module, so both get the same positions
 * (1-based line and column of each node, in characters) and the same strictness: a syntax error
 * is reported as file:line:col, a mapping that repeats a key is refused (YAML says keys are
 * unique; libyaml does not check), and a file with no document at all is refused with a message
 * that says so rather than yielding an empty tree. Aliases are resolved to the anchored node.
 *
 * Nodes live in the caller's arena; the tree is read-only after parsing.
 */
#ifndef BC_FORM_YAML_H
#define BC_FORM_YAML_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

typedef enum { BC_Y_SCALAR, BC_Y_SEQ, BC_Y_MAP } bc_ynode_kind;

typedef struct bc_ynode bc_ynode;
struct bc_ynode {
    bc_ynode_kind kind;
    int line, col;         /* 1-based start of the node */
    int end_line, end_col; /* 1-based, just past the node */
    const char *str;       /* SCALAR: the value (NUL-terminated; may contain NUL-free text only) */
    int plain;             /* SCALAR: written without quotes (so `~`, `null` and `` mean nothing) */
    size_t n;              /* SEQ: items; MAP: pairs */
    bc_ynode **items;      /* SEQ: n items; MAP: 2n nodes, key then value */
    const char *file;      /* the file the node was read from; NULL: the file being checked. A
                            * tree put together from several files (a batch's units table and its
                            * list tables) sets it, so each message names the right file. */
    const bc_ynode *dup;   /* a MAP key repeated: the first key with the same text in that map */
    size_t weight;         /* nodes in the subtree, an alias counted as what it stands for */
    int cell;              /* a CSV cell: its 1-based column (A = 1); 0 for YAML */
    const char *cell_error; /* a workbook cell whose formula failed ("#DIV/0!"): refused whatever
                             * the field, since its cached value is no value (form/xlsxmap.h) */
};

/* Bounds that keep a hostile file from costing more than linear time and bounded memory; each is
 * refused with a message that names it (README.md, "Giới hạn"). */
#define BC_YAML_MAX_BYTES (4u << 20)    /* a layout or YAML data file */
#define BC_YAML_MAX_DEPTH 64            /* collections inside collections */
#define BC_YAML_MAX_ITEMS 10000         /* items of one sequence, pairs of one mapping */
#define BC_YAML_MAX_ALIASED 100000      /* nodes reached through aliases, in all */
#define BC_YAML_MAX_BAD 10000           /* bad bytes listed by bc_yaml_scrub (all are replaced) */

/* bc_yaml_parse_ex flag: a repeated key is marked (`dup`) but not reported, so a caller that
 * knows what the key means (a form's field) reports it in those terms. */
#define BC_YAML_REPEATS_UNREPORTED 1u

/* A byte range of the input that is not clean text, found before parsing. */
typedef struct bc_ybad {
    int line, col;    /* 1-based, columns in characters */
    int illegal;      /* 0: not UTF-8; 1: a character XML forbids (a control character) */
    unsigned code;    /* the first bad byte, or the forbidden code point */
} bc_ybad;

/* Finds every stretch of `data` that is not valid UTF-8 or holds a character XML forbids, and
 * replaces each bad byte or character with '?' in place, so that the rest of the file can still
 * be parsed and checked. Returns the problems found (arena-allocated, *nbad of them, in file
 * order, at most the first BC_YAML_MAX_BAD). */
bc_ybad *bc_yaml_scrub(bc_arena *a, char *data, size_t len, size_t *nbad);

/* Scrubs `data` and reports each bad stretch as an error at its line and column ("…; hint"
 * appended to the message for bytes that are not UTF-8). BC_BADINPUT when there was any. */
bc_status bc_yaml_scrub_report(bc_arena *a, const char *path, char *data, size_t len,
                               const char *hint, bc_err *err);

/* Parses `len` bytes of UTF-8 text. `file` is used in messages only. A mapping that repeats a
 * key makes the result BC_BADINPUT, but *root is still set (the tree is whole), so a caller can
 * go on to report the file's other problems; on any other failure *root is NULL. */
bc_status bc_yaml_parse(bc_arena *a, const char *file, const char *data, size_t len,
                        bc_ynode **root, bc_err *err);

/* bc_yaml_parse with `flags` (BC_YAML_REPEATS_UNREPORTED). With it, a repeated key is only marked,
 * the result is BC_OK, and reporting it is the caller's duty. */
bc_status bc_yaml_parse_ex(bc_arena *a, const char *file, const char *data, size_t len,
                           unsigned flags, bc_ynode **root, bc_err *err);

/* Reads and parses a file; invalid UTF-8 or forbidden characters are errors with their
 * position (layouts: they must be clean; data files use bc_yaml_scrub themselves). */
bc_status bc_yaml_load(bc_arena *a, const char *path, bc_ynode **root, bc_err *err);

/* MAP lookup: the value for `key`, or NULL. */
const bc_ynode *bc_ymap_get(const bc_ynode *map, const char *key);
#define BC_YKEY(m, i) ((m)->items[2 * (i)])
#define BC_YVAL(m, i) ((m)->items[2 * (i) + 1])

/* A plain scalar that YAML reads as null: empty, `~`, `null`. */
int bc_ynode_is_null(const bc_ynode *n);

/* "văn bản", "danh sách", "bảng khóa–giá trị": the kind in words, for messages. */
const char *bc_ynode_kind_name(const bc_ynode *n);

#endif
