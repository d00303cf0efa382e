/* pdfupdate.h — appending an incremental update to a PDF (ISO 32000-1 §7.5.6).
 *
 * The output starts as an exact copy of the original bytes; new and changed objects are appended
 * after it, then one cross-reference section of the same kind as the newest one in the file
 * (a table after a table, a stream after a stream: readers that follow /Prev stop at a kind they
 * do not expect), then a trailer with /Prev, /Size, /Root, /Info and /ID kept. Earlier bytes are
 * never rewritten, so earlier signatures stay valid.
 *
 * Use: begin, then for each object alloc (new) or reuse its number (changed), obj_begin, write
 * its body into u->out, obj_end; finally finish.
 */
#ifndef BC_PDF_PDFUPDATE_H
#define BC_PDF_PDFUPDATE_H

#include "pdf/pdfread.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_pdf_upd_entry {
    int num, gen;
    size_t off;
} bc_pdf_upd_entry;

typedef struct bc_pdf_update {
    bc_pdf *doc;
    bc_buf *out; /* the caller's buffer; the original bytes then the update */
    bc_pdf_upd_entry *objs;
    size_t n, cap;
    int next_num;
} bc_pdf_update;

/* Copies the original into `out` (which must be empty). */
bc_status bc_pdf_update_begin(bc_pdf_update *u, bc_pdf *doc, bc_buf *out, bc_err *err);
/* A fresh object number. */
int bc_pdf_update_alloc(bc_pdf_update *u);
/* Starts object `num` (generation `gen`) at the end of the output. */
void bc_pdf_update_obj_begin(bc_pdf_update *u, int num, int gen);
void bc_pdf_update_obj_end(bc_pdf_update *u);
/* A whole stream object: `dict_entries` are written inside << >> before /Length (and /Filter
 * when `compress`). */
bc_status bc_pdf_update_stream(bc_pdf_update *u, int num, const char *dict_entries,
                               const void *data, size_t len, int compress, bc_err *err);
/* Writes the cross-reference section and trailer. */
bc_status bc_pdf_update_finish(bc_pdf_update *u, bc_err *err);
void bc_pdf_update_free(bc_pdf_update *u);

/* Serialises a parsed object (strings as literals with escapes, names with #xx). */
void bc_pdf_write(bc_buf *b, const bc_pdf_obj *o);
/* The entries of a dictionary without << >>, leaving out the keys in `skip` (NULL-terminated). */
void bc_pdf_write_entries(bc_buf *b, const bc_pdf_obj *dict, const char *const *skip);
/* The same with every reference renumbered by `map` (objects copied from another file). */
void bc_pdf_write_mapped(bc_buf *b, const bc_pdf_obj *o, int (*map)(void *ctx, int num),
                         void *ctx);
void bc_pdf_write_entries_mapped(bc_buf *b, const bc_pdf_obj *dict, const char *const *skip,
                                 int (*map)(void *ctx, int num), void *ctx);
/* A text string: a literal when it is printable ASCII, else UTF-16BE with a BOM, in hex. */
void bc_pdf_write_text(bc_buf *b, const char *utf8);
/* A real number without exponent, trailing zeros trimmed. */
void bc_pdf_write_real(bc_buf *b, double v);

#endif
