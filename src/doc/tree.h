/* tree.h — the document tree: one in-memory form, ready for any renderer.
 *
 * The build step (doc/build.c) turns a layout and its data into this tree; the PDF renderer
 * (pdf/render.c) and the DOCX renderer (docx/render.c) each walk it. The tree knows nothing of
 * YAML, PDF or DOCX, and the renderers know nothing of layouts or data: everything a renderer
 * needs to draw the form — styles, page set-up, merged cells, blanks, check boxes, footnotes,
 * signature blocks — is stated here, in millimetres and points, so two renderers give the same
 * form.
 *
 * All nodes and strings live in the document's arena and are freed with bc_doc_free(). Every
 * string is valid UTF-8 in NFC without characters XML forbids (the loader guarantees it).
 */
#ifndef BC_DOC_TREE_H
#define BC_DOC_TREE_H

#include "form/archmeta.h"
#include <stddef.h>

#include "util/arena.h"
#include "util/typeset.h"

/* bc_align and bc_style_id are util/typeset.h's: the layout names them too. */

typedef struct bc_style {
    const char *id;   /* stable identifier, e.g. "BcItem" (the DOCX style id) */
    const char *name; /* human name shown in a word processor's style list */
    double size_pt;
    int bold, italic;
    bc_align align;
    double space_before_pt, space_after_pt;
    double line_spacing;    /* multiple of single spacing: 1.0 … 1.5 */
    double first_indent_mm; /* first line indent */
    int keep_with_next;     /* headings stay with what follows */
} bc_style;

typedef enum {
    BC_RUN_TEXT,     /* the form's own wording */
    BC_RUN_VALUE,    /* a filled-in value (already formatted: "12.345", "87,50") */
    BC_RUN_BLANK,    /* an unfilled blank: a dotted leader `blank_mm` long, to fill by hand */
    BC_RUN_CHECKBOX, /* ☐ or ☒ */
    BC_RUN_NOTEREF,  /* a footnote reference mark, superscript */
    BC_RUN_BREAK,    /* an explicit line break (the layout's "\n"): a new line, same paragraph */
    BC_RUN_TAB,      /* the layout's "\t": on to the paragraph's next tab stop (`tabs_mm`) */
} bc_run_kind;

typedef struct bc_run {
    bc_run_kind kind;
    const char *text; /* TEXT, VALUE: the characters; NOTEREF: the mark ("1") */
    int bold, italic; /* added to the paragraph style's own */
    int checked;      /* CHECKBOX */
    double blank_mm;  /* BLANK */
    int note;         /* NOTEREF: 1-based index into bc_doc.notes */
    struct bc_run *next;
    int boxed;        /* VALUE, BLANK: drawn inside a box ("ghi số lượng vào ô"); an unfilled
                       * boxed blank is an empty box `blank_mm` wide, without dots */
} bc_run;

enum { BC_MAX_TABS = 8 };

typedef struct bc_para {
    bc_style_id style;
    int level;     /* indentation level, 0 = flush with the margin; 1 level = 10 mm */
    int has_align; /* `align` overrides the style's alignment (table columns set their own) */
    bc_align align;
    bc_run *runs;  /* in order */
    bc_run *last;
    /* Tab stops, mm from the paragraph's own left edge (after its level's indent), ascending;
     * a TAB run moves to the first stop right of where the line stands (else it is a space).
     * Options in columns use the same stops from line to line, so they align. */
    double tabs_mm[BC_MAX_TABS];
    int ntabs;
} bc_para;

/* A table is a full grid: every row has `ncols` cells. A merged cell is stored once, at its
 * top-left slot, with its spans; the other slots it covers have `covered` set and point back to
 * it, so a renderer can either skip them (PDF) or emit a continuation (DOCX vMerge). */
typedef struct bc_cell {
    int colspan, rowspan; /* ≥ 1 at the origin slot */
    int covered;          /* this slot belongs to the merged cell at (origin_row, origin_col) */
    int origin_row, origin_col;
    bc_para *para;        /* the content; never NULL at an origin slot (may have no runs) */
    /* A diagonal header cell ("Trình độ / Đối tượng"): a rule from the top-left to the
     * bottom-right corner, `para` above it at the top right, `diag` below it at the bottom left.
     * NULL for an ordinary cell. */
    bc_para *diag;
} bc_cell;

typedef struct bc_row {
    bc_cell *cells;  /* ncols */
    int header;      /* part of the header that repeats on every page the table spans */
    int group;       /* a group row ("A", "DỊCH VỤ CÔNG …"): printed bold */
} bc_row;

typedef struct bc_table {
    int ncols, nrows;
    double *widths; /* ncols fractions of the text width, summing to 1 */
    bc_row *rows;   /* header rows first */
    int nheader;
} bc_table;

/* A signature column: place and date, title, note, the space where the signature goes, name.
 * `role` names the signature field a signer fills ("nguoi-khai", "thu-truong"). */
typedef struct bc_sigcol {
    const char *role;
    bc_para *place, *title, *note, *name; /* any may be NULL */
    double space_mm; /* height of the signing space between note and name */
    /* What a signer is checked against (sign warns when the certificate is someone else's or
     * the date is left blank): the printed name's filled-in values (NULL when the name line has
     * none), and whether the place-and-date line has a blank. */
    const char *signer;
    int undated;
} bc_sigcol;

typedef struct bc_sigblock {
    int ncols;
    bc_sigcol *cols;
    /* BC_ALIGN_JUSTIFY (the default): the columns share the text width. LEFT, CENTER, RIGHT:
     * each column is half the text width and the block stands at that side (the form with only
     * "Thủ trưởng cơ quan", on the right). */
    bc_align at;
} bc_sigblock;

typedef enum {
    BC_BLK_PARA,
    BC_BLK_TABLE,
    BC_BLK_SIGNATURES,
    BC_BLK_PAGE, /* a new page from here on, in `landscape` or portrait orientation */
} bc_block_kind;

typedef struct bc_block {
    bc_block_kind kind;
    union {
        bc_para *para;
        bc_table *table;
        bc_sigblock *sig;
        int landscape;
    } u;
    struct bc_block *next;
} bc_block;

typedef struct bc_meta {
    const char *title;   /* the form's title */
    const char *author;  /* the reporting agency */
    const char *subject; /* e.g. "Báo cáo tình hình ứng dụng CNTT năm 2025" */
    const char *keywords;
    const char *creator; /* "baocao 0.1" */
    const char *form_id; /* "tt06-pl1" */
    const char *lang;    /* "vi-VN" */
    /* Phụ lục VI elements the layout's meta: gives (form/archmeta.h), filled in from the data:
     * Integer as digits, Date as YYYY-MM-DD; NULL when the layout or the data has none. The
     * language, page count and subject are the renderer's and stay NULL here. */
    const char *archive[BC_AM_COUNT];
} bc_meta;

typedef struct bc_page_setup {
    double width_mm, height_mm; /* portrait size (A4: 210 × 297) */
    double top_mm, bottom_mm, left_mm, right_mm;
    int landscape;              /* orientation of the first page */
    int number_from;            /* first page that shows its number (Nghị định 30: 2) */
} bc_page_setup;

typedef struct bc_doc {
    bc_arena arena;
    bc_meta meta;
    bc_page_setup page;
    bc_style styles[BC_STYLE_COUNT];
    bc_block *first, *last;
    bc_para **notes; /* footnotes, numbered from 1 in order of first reference */
    int nnotes;
    /* How the notes print: the mark of note n is `note_start + n - 1` (the official form's own
     * numbering may start past 1); `notes_at_end`: all together after the last block (endnotes),
     * else each at the foot of the page where it is first referred to. */
    int note_start;
    int notes_at_end;
    /* An attachment sent as a separate file carries the organisation's signature as text at the
     * top right of page 1; the renderer reserves a field for it under this role (else NULL). */
    const char *org_sig_role;
    /* The diameter of the seal the head of agency stamps when signing (sign --seal-size-mm; 0:
     * BC_SEAL_DEFAULT_MM): the signature block reserves its height (bc_sigblock_space_mm). */
    double seal_mm;
} bc_doc;

/* A new document with A4 portrait, Nghị định 30 margins and the default styles for a body of
 * `font_size_pt` (13). NULL on out-of-memory. */
bc_doc *bc_doc_new(double font_size_pt);
void bc_doc_free(bc_doc *doc);

/* Builders. They return NULL only on out-of-memory. */
bc_para *bc_para_new(bc_doc *doc, bc_style_id style, int level);
bc_run *bc_para_add(bc_doc *doc, bc_para *p, bc_run_kind kind, const char *text);
bc_block *bc_doc_add_para(bc_doc *doc, bc_para *p);
bc_table *bc_table_new(bc_doc *doc, int ncols, int nrows);
bc_block *bc_doc_add_table(bc_doc *doc, bc_table *t);
/* Merges the cell at (r, c) over `rowspan` × `colspan` slots, marking the others covered. */
void bc_table_merge(bc_table *t, int r, int c, int rowspan, int colspan);
bc_sigblock *bc_sigblock_new(bc_doc *doc, int ncols);
bc_block *bc_doc_add_signatures(bc_doc *doc, bc_sigblock *s);
bc_block *bc_doc_add_page(bc_doc *doc, int landscape);
/* Adds a footnote and returns its 1-based number. */
int bc_doc_add_note(bc_doc *doc, bc_para *text);
/* The number printed as the mark of note n (1-based): n shifted by `note_start`. */
int bc_doc_note_mark(const bc_doc *doc, int n);

/* Keep-together rules both renderers apply (issue 16). A paragraph block keeps with the block
 * after it (never the last thing on a page) when its style says so (headings), when it labels
 * what follows — it ends with ':' ("Trong đó:"), or the next paragraph sits deeper ("1.3. …"
 * above its sub-items) — or when it introduces a table. */
int bc_block_keeps_with_next(const bc_doc *doc, const bc_block *b);

/* A filled-in value short enough to stay on the line of its label: at most
 * BC_GLUE_VALUE_MAX bytes and no space ("1,85", "214", "15/12/2026"). The space before it does
 * not break (PDF: glue; DOCX: a no-break space), unless label and value together are wider than
 * the line. */
enum { BC_GLUE_VALUE_MAX = 12 };
int bc_run_is_short_value(const bc_run *r);

/* Where run `r`, after run `prev` of the same paragraph, starts the label of a further field on
 * the same line: after a value or blank, text such as " Điện thoại di động: " or " chiếc Tỷ lệ
 * …: " (a unit, then the next label). Returns the byte offset in r->text of the space before
 * the label's first capital, which separates the two fields and is printed wider as a visible
 * gap; -1 when `r` is not such a run. */
long bc_run_field_gap(const bc_run *prev, const bc_run *r);

/* The height of a signature block's signing space: the tallest of its columns', raised to hold
 * the seal of `doc->seal_mm` with a clear gap above and below when a column is the seal's role,
 * so that every column's name sits on one baseline and the seal touches neither title nor
 * name. */
double bc_sigblock_space_mm(const bc_doc *doc, const bc_sigblock *sb);

/* Plain text of a paragraph (runs concatenated; blanks as "……", boxes as ☐/☒), for tests and
 * messages. */
char *bc_para_text(bc_doc *doc, const bc_para *p);

#endif
