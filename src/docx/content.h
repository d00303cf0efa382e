/* content.h — paragraphs and runs of the tree as WordprocessingML, shared by the body,
 * the footnotes and the headers.
 *
 * A paragraph names its style (w:pStyle = bc_style.id) and carries direct formatting only where
 * the tree asks for it: the indentation level, its own alignment (has_align), run-level
 * bold/italic, bold group rows. Runs:
 *   TEXT     the characters; TAB and LF become w:tab and w:br.
 *   VALUE    the characters in the character style BcValue, so filled values can be found.
 *   BLANK    a run of "…" about `blank_mm` wide in the style BcBlank — the official forms'
 *            own blanks, and what the PDF renderer draws: plain characters survive every
 *            converter (a tab leader needs a tab stop a flowing line cannot know) and a person
 *            can select them and type over.
 *   CHECKBOX a w14:checkbox content control around ☐/☒ in the style BcCheckbox (Segoe UI Symbol,
 *            which every Windows has; LibreOffice falls back to a font with the glyph). Word
 *            ticks it with a click; readers that ignore w14 still show the character.
 *   NOTEREF  the first reference to a note is a real w:footnoteReference (Word numbers it);
 *            a repeated reference, or one inside a footnote, is its mark as superscript text.
 */
#ifndef BC_DOCX_CONTENT_H
#define BC_DOCX_CONTENT_H

#include "doc/tree.h"
#include "docx/section.h"
#include "util/xmlw.h"

/* Style ids of the character styles content.c uses and styles.c defines. */
#define BC_CSTYLE_VALUE "BcValue"
#define BC_CSTYLE_BLANK "BcBlank"
#define BC_CSTYLE_CHECKBOX "BcCheckbox"
#define BC_CSTYLE_NOTEREF "FootnoteReference" /* Word's built-in, which LibreOffice maps */
#define BC_CHECKBOX_FONT "Segoe UI Symbol"

/* Per-part state. `next_id` numbers content controls and bookmarks (unique within the part;
 * parts start from different bases). `note_done` (nnotes + 1 flags, may be NULL inside
 * footnotes) records which notes already have their w:footnoteReference. */
typedef struct bc_docx_ctx {
    const bc_doc *doc;
    long next_id;
    unsigned char *note_done;
} bc_docx_ctx;

typedef struct bc_para_opts {
    int bold;                          /* every run bold (group rows of a table) */
    int keep_next;                     /* keep with the next paragraph (signature rows) */
    int footnote_id;                   /* > 0: starts with the footnote's own mark */
    const char *bookmark;              /* a bookmark around the paragraph (signature space) */
    long exact_twips;                  /* > 0: the paragraph is exactly this tall (signing space) */
    long fill_twips;                   /* > 0: a dotted blank ending the paragraph runs on to
                                        * this tab position (the text column's right edge) */
    const bc_docx_section *sect;       /* the paragraph ends this section */
} bc_para_opts;

/* Writes <w:p>; `p` may be NULL for an empty paragraph of style `style`. */
void bc_docx_para(bc_xw *x, bc_docx_ctx *ctx, const bc_para *p, bc_style_id style,
                  const bc_para_opts *opt);

/* An empty 1-pt paragraph where WordprocessingML needs one the tree has not: to carry a section
 * break after a table (`s`), or to end a body whose last block is a table (`s` NULL). So small
 * that it never pushes a full page over into a blank one. */
void bc_docx_tiny_para(bc_xw *x, bc_docx_ctx *ctx, const bc_docx_section *s);

/* Opens the root element `name` of a WordprocessingML part with the namespaces w, r, w14 and mc
 * (mc:Ignorable="w14": readers without the Word 2010 extensions skip the check boxes' w14
 * properties and keep their ☐/☒). Close it with bc_xw_end(). */
void bc_docx_root(bc_xw *x, const char *name);

enum { BC_BLANK_MAX = 150 };

/* <w:spacing> in twips; `before` < 0 leaves it out. `line` is in 240ths of a line with
 * lineRule "auto", else in twips with "exact". */
void bc_docx_spacing(bc_xw *x, long before, long after, long line, const char *rule);

/* Number of "…" that make a blank `mm` wide (30 when mm ≤ 0) in a font of `size_pt`:
 * 1 … BC_BLANK_MAX. */
int bc_docx_blank_dots(double mm, double size_pt);

/* A border element `name` (w:bdr, w:tl2br, …): a single black rule ½ pt wide, `space_pt` from
 * what it borders. */
void bc_docx_rule(bc_xw *x, const char *name, int space_pt);

/* w:jc value of an alignment. */
const char *bc_docx_jc(bc_align a);

#endif
