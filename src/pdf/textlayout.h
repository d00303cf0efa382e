/* textlayout.h — breaking a paragraph of the document tree into lines of placed pieces.
 *
 * libharu's HPDF_Page_TextRect breaks lines only at ASCII spaces and cannot mix fonts, sizes,
 * blanks and check boxes on one line, so paragraphs are laid out here: runs become pieces (text in
 * one face, a space, a dotted blank, a check box glyph, a superscript footnote mark), pieces
 * become words (break only at spaces), words fill lines greedily, and a word wider than the line
 * (a long URL in a narrow cell) is cut after its last `/ . - _ @` that fits, between characters
 * only when it has none (no hyphen is added). A word that fits a line by itself is never cut.
 * The tree's explicit breaks end a line (which is then not justified, as a paragraph's last) and
 * its tabs move on to the paragraph's next tab stop (a line holding one is never justified); a
 * boxed figure is one piece with room for its box.
 *
 * Typesetting rules applied here (issue 16): the space before a short filled-in value is glue, so
 * "(%): 1,85" never leaves "1,85" alone on a line; the space between a value or blank and the
 * label of the next field on the same line is widened to an em, so two fields stay visibly
 * apart; a dotted blank that does not fit the rest of a line is shortened to it (down to
 * BC_BLANK_MIN_MM) rather than pushed alone onto the next line. When lines are drawn (flow.c),
 * a line ending in a blank is not stretched: its blank fills to the end of the line instead.
 * Positions are in points, relative to the left edge of the text column.
 */
#ifndef BC_PDF_TEXTLAYOUT_H
#define BC_PDF_TEXTLAYOUT_H

#include <stddef.h>

#include "doc/tree.h"
#include "pdf/fonts.h"
#include "util/arena.h"
#include "util/err.h"

#define BC_BLANK_MIN_MM 12.0

/* TAB: the room to the paragraph's next tab stop (its width is set when the line is filled). */
typedef enum { BC_PIECE_TEXT, BC_PIECE_SPACE, BC_PIECE_BLANK, BC_PIECE_TAB } bc_piece_kind;

#define BC_BOX_PAD 2.0 /* pt between a box and the figure inside it */

typedef struct bc_piece {
    bc_piece_kind kind;
    bc_face face;
    const char *s; /* TEXT: UTF-8 bytes (not NUL-terminated) */
    size_t len;
    double size;   /* font size, pt */
    double rise;   /* baseline shift for superscripts, pt */
    double w;      /* advance width, pt */
    int note;      /* a footnote mark: its number; else 0 */
    int glue;      /* SPACE: no line break here (a short value stays with its label) */
    int boxed;     /* TEXT, BLANK: drawn in a box; `w` includes BC_BOX_PAD on both sides */
} bc_piece;

typedef struct bc_line {
    bc_piece *pieces; /* trailing spaces removed */
    size_t n;
    double width;     /* natural width, pt */
    int nspaces;
    int last;         /* last line of the paragraph: never justified */
} bc_line;

typedef struct bc_textbox {
    bc_line *lines;
    size_t nlines;
    double leading;   /* baseline-to-baseline distance, pt */
    double size;      /* the paragraph's font size, pt */
    double ascent;    /* from the top of a line to its baseline, pt */
    bc_align align;
    int notes[32];    /* footnote numbers referenced, in order */
    int nnotes;
} bc_textbox;

/* Lays out `p` in a column `width` points wide with style `st` (alignment overridden by the
 * paragraph's own when set). Memory comes from `a`. Fails (BC_BADINPUT) on a character that no
 * font has, naming it. */
bc_status bc_text_layout(bc_arena *a, bc_fontset *fs, const bc_para *p, const bc_style *st,
                         double width, bc_textbox *out, bc_err *err);

/* Height of the laid-out text: lines × leading. */
double bc_textbox_height(const bc_textbox *tb);

#endif
