/* report.h — one report from its form and data to its files: build → PDF → sign PDF → DOCX →
 * detached DOCX signature → write. `render` and every unit of `batch` go through here, so a new
 * format or a new signing step is written once.
 *
 * Contract:
 * - Input: a loaded layout, its data (NULL: the blank form), the formats, the signer (NULL: no
 *   signatures) with the PDF signature settings, and the file names (bc_report_names).
 * - Everything is rendered and signed in memory first; the files are then written as one set
 *   (bc_file_write_set): each complete under its final name, and none of them unless all could be
 *   written. A failure at any step leaves no new file, and never an unsigned file where a signed
 *   one was asked for.
 * - A signature file (.docx.p7s) that an earlier signed report left beside a DOCX the new,
 *   unsigned report replaces is removed: it no longer matches the new bytes.
 * - Output: for every file written, its name, SHA-256 and size; the page count; when it was
 *   signed; the document's author (the reporting unit's name, from the data).
 */
#ifndef BC_REPORT_H
#define BC_REPORT_H

#include <time.h>

#include "form/form.h"
#include "sign/pdfsign.h"
#include "util/err.h"

/* The files of one report; NULL where the format is not made. p7s goes with docx when signing. */
typedef struct bc_report_names {
    char *pdf, *docx, *p7s;
} bc_report_names;

/* BASE.pdf, BASE.docx, BASE.docx.p7s for the formats asked (batch: OUT/CODE/FORM-CODE). */
bc_status bc_report_names_from_base(const char *base, int want_pdf, int want_docx,
                                    bc_report_names *n, bc_err *err);

/* render's -o: a name ending in .pdf or .docx (any case) is the base without it, any other name
 * is the base itself; each format is BASE + its extension. With one format and -o ending in that
 * format's extension, the file is -o exactly (-o Y.PDF stays Y.PDF); `-o y.pdf --format docx`
 * gives y.docx. */
bc_status bc_report_names_from_output(const char *output, int want_pdf, int want_docx,
                                      bc_report_names *n, bc_err *err);

void bc_report_names_free(bc_report_names *n);

/* Removes every file of the report that exists (a unit that failed must not keep an earlier
 * run's bundle, taken for this run's). */
void bc_report_remove(const bc_report_names *n);

typedef struct bc_report_opts {
    int want_pdf, want_docx;
    const char *fonts_dir;     /* NULL: the installed fonts/ */
    int plain_pdf;             /* 1: plain PDF (--no-pdfa); 0: PDF/A-2b (pdf/pdfa.h) */
    const bc_signer *signer;   /* NULL: not signed */
    const bc_sign_opts *sign;  /* PDF signature (role, images, texts); its signer, fonts_dir and
                                * when are set here. Needed when signer is set. */
    const char *source;        /* the data's name, for messages while signing */
} bc_report_opts;

#define BC_REPORT_MAX_FILES 3

typedef struct bc_report_file {
    const char *path; /* the name in bc_report_names */
    char sha256[65];
    long long size;
} bc_report_file;

typedef struct bc_report_result {
    int pages;          /* of the PDF; 0 when no PDF was made */
    time_t signed_at;   /* 0: not signed */
    char *author;       /* malloc'ed, or NULL: the document's author (the unit's name) */
    bc_report_file files[BC_REPORT_MAX_FILES];
    int nfiles;
} bc_report_result;

/* Makes the report and writes its files (see the contract above). `res` may be NULL. */
bc_status bc_report_make(const bc_layout *layout, const bc_data *data, const bc_report_opts *o,
                         const bc_report_names *names, bc_report_result *res, bc_err *err);

void bc_report_result_free(bc_report_result *res);

#endif
