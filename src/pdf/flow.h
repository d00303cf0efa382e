/* flow.h — the page flow of the PDF renderer: the current page, the space left on it, and the
 * footnotes it has to carry.
 *
 * Content is placed top-down. Before anything is placed, the caller asks `bc_flow_fits` with its
 * height and the footnotes it refers to; the footnotes are printed at the foot of the page where
 * their reference lands, so they take room from the same page. When content does not fit, the
 * caller starts a new page, which gets its number (from the document's `number_from` on) first.
 * Coordinates are PDF points from the bottom-left corner of the page.
 */
#ifndef BC_PDF_FLOW_H
#define BC_PDF_FLOW_H

#include <hpdf.h>

#include "doc/tree.h"
#include "pdf/fonts.h"
#include "pdf/textlayout.h"
#include "util/arena.h"
#include "util/err.h"

#define BC_PT_PER_MM (72.0 / 25.4)

typedef struct bc_flow {
    bc_arena *a;
    HPDF_Doc pdf;
    const bc_doc *doc;
    bc_fontset fs;
    bc_err *err;

    HPDF_Page page;
    HPDF_Page *pages; /* every page so far, for page numbers */
    int npages, cap_pages;
    int landscape;
    double pw, ph;          /* page size */
    double left, right;     /* x of the text column's edges */
    double top, bottom;     /* y of the body's top and of the bottom margin */
    double y;               /* top of the free space */
    int fresh;              /* nothing placed on this page yet */

    int page_notes[64];     /* footnotes to print at the foot of this page */
    int npage_notes;
    double notes_h;         /* height they need, separator included */
    bc_textbox *note_tb;    /* laid-out footnotes, index = number; leading `nnote_tb` */
    int nnote_tb;
} bc_flow;

bc_status bc_flow_init(bc_flow *f, bc_arena *a, HPDF_Doc pdf, const bc_doc *doc, bc_err *err);

/* Finishes the current page (its footnotes) and starts a new one in the given orientation. */
bc_status bc_flow_new_page(bc_flow *f, int landscape);

/* 1 when `height` points of content referring to `notes` fit above the footnote area. */
int bc_flow_fits(bc_flow *f, double height, const int *notes, int nnotes);

/* The room footnotes `notes` would take on the current page (those not already on it). */
double bc_flow_notes_height(bc_flow *f, const int *notes, int nnotes);

/* Takes the footnotes `notes` onto the current page (those not already on it). */
bc_status bc_flow_take_notes(bc_flow *f, const int *notes, int nnotes);

/* Draws one line of a text box with its left edge at `x`, baseline at `baseline`, in a column
 * `width` wide (alignment and justification applied). */
void bc_flow_draw_line(bc_flow *f, const bc_textbox *tb, const bc_line *ln, double x,
                       double baseline, double width);

/* Draws all lines of a text box from `top` down. */
void bc_flow_draw_box(bc_flow *f, const bc_textbox *tb, double x, double top, double width);

/* Note n as printed: its mark raised, a space, then its text (runs[] holds the first two). */
void bc_flow_note_para(bc_flow *f, int n, bc_para *note, bc_run runs[2]);

/* Finishes the last page (its footnotes). */
bc_status bc_flow_finish(bc_flow *f);

#endif
