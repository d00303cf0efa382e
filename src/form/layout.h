/* layout.h — the loaded form: fields, footnotes and body blocks, with every piece of wording
 * already split into segments (text, placeholder, check box, footnote mark, row number).
 *
 * Internal to the form layer and the build step (doc/build.c); the rest of the program sees only
 * form.h. Everything lives in the layout's arena and is read-only once bc_layout_load returns,
 * which is what lets one layout serve many threads.
 */
#ifndef BC_FORM_LAYOUT_H
#define BC_FORM_LAYOUT_H

#include "form/expr.h"
#include "form/archmeta.h"
#include "form/form.h"
#include "util/arena.h"
#include "util/typeset.h"
#include "util/strmap.h"

typedef enum {
    BC_FT_TEXT, BC_FT_INTEGER, BC_FT_DECIMAL, BC_FT_PERCENT, BC_FT_YEAR, BC_FT_DATE, BC_FT_PHONE,
    BC_FT_EMAIL, BC_FT_URL, BC_FT_CHOICE, BC_FT_CHOICES, BC_FT_LIST, BC_FT_COUNT
} bc_ftype;

/* The most lines an answer area (`lines:`) may have: a page holds about 35. */
enum { BC_MAX_ANSWER_LINES = 20 };

typedef struct bc_field bc_field;
struct bc_field {
    const char *key;       /* "so_may_tinh"; for a list column, the column's own key */
    bc_ftype type;
    int required;
    const char *label;     /* given or taken from the wording (never NULL once loaded) */
    int label_given;
    const char *where;     /* "mục 3, 1." ("" when the field is outside any section) */
    bc_expr *min, *max, *compute;
    const char *min_src, *max_src, *compute_src;
    int decimals;          /* digits printed after the comma (decimal, percent) */
    double blank_mm;
    const char **options;  /* choice, choices */
    const char **option_text; /* per option: the wording printed beside its box, or NULL */
    size_t noptions;
    bc_field *columns;     /* list */
    size_t ncolumns;
    int min_rows;
    const bc_field **parts; /* "Trong đó": fields whose sum is at most (or exactly) this one */
    size_t nparts;
    int parts_exact;       /* parts_sum: exactly (else at_most) */
    const bc_field *list;  /* for a column: its list */
    size_t index;          /* top level: position in bc_layout.fields; column: in list->columns */
    int line, col;         /* where the field is declared */
    int placed;            /* has appeared in the body (where and label are bound) */
    int lines;             /* an answer area: a blank of this many full lines (0: a blank) */
    int boxed;             /* printed in a box ("ghi số lượng vào ô") */
    /* `required_if` / `forbidden_if`: the field must be given (forbidden: left out) when the
     * choice `cond` holds `cond_option`. Top-level fields only. */
    const bc_field *cond;
    const char *cond_option;
    int cond_forbids;
};

/* BREAK and TAB are the wording's "\n" and "\t": one rule for every renderer (a line break, the
 * next tab stop); runs of spaces are one space. */
typedef enum { BC_SEG_TEXT, BC_SEG_FIELD, BC_SEG_CHECK, BC_SEG_ROWNUM, BC_SEG_NOTE, BC_SEG_BREAK,
               BC_SEG_TAB } bc_seg_kind;
typedef enum { BC_PART_ALL, BC_PART_DAY, BC_PART_MONTH, BC_PART_YEAR } bc_part;

typedef struct bc_seg {
    bc_seg_kind kind;
    int bold;
    const char *text;      /* TEXT: the wording */
    const bc_field *field; /* FIELD, CHECK */
    bc_part part;          /* FIELD of a date */
    const char *option;    /* CHECK */
    const char *note;      /* NOTE: the footnote id */
} bc_seg;

typedef struct bc_text {
    bc_seg *segs;
    size_t n;
    const char *src;
} bc_text;

typedef struct bc_lcell {
    bc_text text;
    int grow, gcol;        /* the grid slot it starts at (row within its part of the table) */
    int rowspan, colspan;
    int merge_up;          /* only marks a slot covered by the cell above; prints nothing */
    int has_align;         /* `align:` of the cell itself, over its column's */
    bc_align align;
    bc_text *diag;         /* `diagonal: [TOP_RIGHT, BOTTOM_LEFT]`: the second label (text is
                            * the first) */
    int overflow_told;     /* its rowspan's overflow is reported (once, here) */
    int line, col;
} bc_lcell;

typedef struct bc_lrow {
    bc_lcell *cells;
    size_t n;
    int group;
    const bc_field *list;  /* non-NULL: the pattern of one row per item of this list */
    int broken;            /* already reported while loading: not checked further */
    int line, col;
} bc_lrow;

typedef struct bc_ltable {
    int ncols;
    double *widths;        /* as written; build normalises */
    bc_align *align;       /* ncols */
    int has_align;         /* `align:` was given: body cells take their column's alignment */
    bc_lrow *header;
    size_t nheader;
    int numbers;
    bc_lrow *rows;         /* the body in order: fixed rows and list patterns (`list` set) */
    size_t nrows;
} bc_ltable;

typedef struct bc_lsig {
    const char *role;
    bc_text *place, *title, *note, *name;
    double space_mm;
} bc_lsig;

typedef enum { BC_LB_TITLE, BC_LB_SUBTITLE, BC_LB_SECTION, BC_LB_ITEM, BC_LB_PARA, BC_LB_TABLE,
               BC_LB_SIGNATURES, BC_LB_PAGE } bc_lblock_kind;

typedef struct bc_lblock {
    bc_lblock_kind kind;
    bc_text text;
    const char *number;    /* ITEM */
    int level;
    bc_style_id style;
    bc_ltable *table;
    bc_lsig *sigs;
    size_t nsigs;
    bc_align sig_at;       /* SIGNATURES: JUSTIFY (share the width), or LEFT/CENTER/RIGHT */
    int landscape;         /* PAGE */
    double tabs_mm[8];     /* `tabs_mm:` stops for the wording's "\t" (option columns) */
    int ntabs;
} bc_lblock;

typedef struct bc_lnote {
    const char *id;
    bc_text text;
    int used;
} bc_lnote;

struct bc_layout {
    bc_arena arena;
    const char *path, *id, *title, *source;
    int landscape;
    double margin_top, margin_bottom, margin_left, margin_right, font_size;
    bc_text *meta_author, *meta_subject, *meta_keywords;
    bc_text *meta_archive[BC_AM_COUNT]; /* Phụ lục VI elements (form/archmeta.h); NULL: absent */
    int attachment;
    bc_field *fields;      /* top-level, in declaration order */
    size_t nfields;
    bc_lnote *notes;
    size_t nnotes;
    int notes_at_end;      /* `notes: {at: end}`: endnotes, not footnotes */
    int note_start;        /* `notes: {start: N}`: the first note's number (1) */
    bc_lblock *blocks;
    size_t nblocks;
    bc_field_info *infos;  /* for bc_layout_field: body order, list columns after their list */
    size_t ninfos;
    const char **warnings; /* "FILE:LINE:COL: message", in order (the layout loads) */
    size_t nwarnings;
    bc_strmap by_key;      /* top-level key → index in fields, so that a lookup per data key or
                            * placeholder costs O(1), not a scan of the form (freed with it) */
};

/* Top-level field by key, or NULL. */
const bc_field *bc_layout_find(const bc_layout *l, const char *key);
/* Column of a list by key, or NULL. */
const bc_field *bc_field_column(const bc_field *list, const char *key);
const bc_lnote *bc_layout_note(const bc_layout *l, const char *id);
const char *bc_ftype_name(bc_ftype t);
/* Whether the type holds a number that rules and expressions can use. */
int bc_ftype_numeric(bc_ftype t);

#endif
