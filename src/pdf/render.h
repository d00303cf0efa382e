/* render.h — the PDF renderer: walks a document tree and lays out the form with libharu.
 *
 * A4 pages (landscape where the tree asks), Liberation Serif embedded and subset (DejaVu Sans for
 * the characters it lacks, such as ☐ ☒; a character no font has is an error, never a blank
 * glyph), compression on, page numbers centred in the top margin from `number_from`, wrapped and
 * justified text, tables whose header rows repeat on each page, footnotes at the foot of the page
 * that refers to them, and one unsigned signature field per signature column (named by its role)
 * for `baocao sign` to fill, each with an (empty) appearance and the print flag as PDF/A asks. By
 * default the file is PDF/A-2b (pdf/pdfa.h: XMP metadata, output intent, version 1.7) with an /ID
 * that is a digest of its content. The whole file is produced in memory; the caller writes it.
 */
#ifndef BC_PDF_RENDER_H
#define BC_PDF_RENDER_H

#include "doc/tree.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_pdf_options {
    const char *fonts_dir; /* folder with LiberationSerif-*.ttf and DejaVuSans.ttf */
    int plain;             /* 1: plain PDF 1.3; 0 (default): PDF/A-2b (pdf/pdfa.h) */
    const char *icc_path;  /* NULL: pdf/outputintent.h's default sRGB profile */
} bc_pdf_options;

typedef struct bc_pdf_result {
    int pages;
} bc_pdf_result;

bc_status bc_pdf_render(const bc_doc *doc, const bc_pdf_options *opt, bc_buf *out,
                        bc_pdf_result *res, bc_err *err);

#endif
