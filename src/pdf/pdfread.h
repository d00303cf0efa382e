/* pdfread.h — a small PDF reader: enough of PDF 1.7 for the files baocao writes and signs, and
 * for verifying signed files from elsewhere.
 *
 * It reads the cross-reference chain from the last startxref back through every /Prev (xref
 * tables, xref streams, hybrid /XRefStm), keeps each section separately (a signature is checked
 * against the revision it signed, and verify reports what later revisions changed), and parses
 * objects on demand: null, booleans, numbers, strings, names, arrays, dictionaries, references
 * and streams, including objects inside object streams. Streams decode /FlateDecode (with PNG
 * predictors); any other filter is reported, not guessed. Encrypted files are refused.
 *
 * Everything parsed lives in the document's arena and points into the caller's bytes, which must
 * outlive the document. Nothing here writes; see pdfupdate.h.
 */
#ifndef BC_PDF_PDFREAD_H
#define BC_PDF_PDFREAD_H

#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

typedef enum {
    BC_PDF_NULL,
    BC_PDF_BOOL,
    BC_PDF_INT,
    BC_PDF_REAL,
    BC_PDF_STRING,
    BC_PDF_NAME,
    BC_PDF_ARRAY,
    BC_PDF_DICT,
    BC_PDF_REF,
    BC_PDF_STREAM, /* a dictionary (dict.*) with data */
} bc_pdf_kind;

typedef struct bc_pdf_obj bc_pdf_obj;
struct bc_pdf_obj {
    bc_pdf_kind kind;
    union {
        int b;
        long long i;
        double r;
        struct {
            char *s; /* decoded bytes, NUL-terminated */
            size_t len;
        } str;
        char *name; /* without '/', #xx decoded */
        struct {
            bc_pdf_obj **items;
            size_t n;
        } arr;
        struct {
            char **keys;
            bc_pdf_obj **vals;
            size_t n;
        } dict;
        struct {
            int num, gen;
        } ref;
    };
    const char *sdata; /* BC_PDF_STREAM: the raw (still encoded) bytes */
    size_t slen;
    size_t soff; /* offset of sdata in the file (when it is in the file) */
};

typedef struct bc_pdf_xentry {
    int num;
    char type; /* 'f' free, 'n' in use at `off`, 'c' in object stream `stm` at index `idx` */
    int gen;
    long long off;
    int stm, idx;
} bc_pdf_xentry;

/* One cross-reference section: one revision of the file, newest first in bc_pdf.sections. */
typedef struct bc_pdf_section {
    long long off;      /* where its xref table / stream starts */
    int is_stream;      /* an xref stream, not a table */
    bc_pdf_obj *trailer; /* trailer dictionary (the stream dictionary for an xref stream) */
    bc_pdf_xentry *e;
    size_t n;
} bc_pdf_section;

typedef struct bc_pdf {
    const char *data;
    size_t len;
    bc_arena arena;
    bc_pdf_section *sections; /* [0] is the newest */
    size_t nsections;
    long long startxref;
    bc_pdf_obj *trailer; /* of the newest section */
    int size;            /* /Size of the newest trailer */
    bc_pdf_obj **cache;  /* parsed objects of the current revision by number */
    int cache_n;
    int depth;           /* guards against reference loops */
} bc_pdf;

/* Reads the structure of `data` (not copied). `name` is used in messages. */
bc_status bc_pdf_open(bc_pdf *doc, const char *data, size_t len, const char *name, bc_err *err);
void bc_pdf_close(bc_pdf *doc);

/* The current version of object `num` (NULL when missing or unparsable). */
bc_pdf_obj *bc_pdf_get(bc_pdf *doc, int num);
/* Object `num` as it was in the revision whose file ended at `end` (NULL if it did not exist). */
bc_pdf_obj *bc_pdf_get_at(bc_pdf *doc, int num, size_t end);
/* The cross-reference entry of `num` in the revision whose file ended at `end` (0: the current
 * one); NULL when no section lists it. */
const bc_pdf_xentry *bc_pdf_entry_at(const bc_pdf *doc, int num, size_t end);
/* Follows a reference (any other object is returned as is; NULL stays NULL). */
bc_pdf_obj *bc_pdf_resolve(bc_pdf *doc, bc_pdf_obj *o);
/* Dictionary (or stream) lookup, references followed; NULL when absent. */
bc_pdf_obj *bc_pdf_dget(bc_pdf *doc, const bc_pdf_obj *dict, const char *key);
/* Same without following a reference (to learn whether the value is indirect). */
bc_pdf_obj *bc_pdf_dget_raw(const bc_pdf_obj *dict, const char *key);
int bc_pdf_is_name(const bc_pdf_obj *o, const char *name);
double bc_pdf_num(const bc_pdf_obj *o, double dflt);

/* Decodes a stream's data into `out` (FlateDecode, predictors). */
bc_status bc_pdf_stream_decode(bc_pdf *doc, const bc_pdf_obj *stream, bc_buf *out, bc_err *err);

/* Deep structural equality; references are compared by number, not followed. Keys listed in
 * `ignore` (NULL-terminated, may be NULL) are skipped at the top level of dictionaries. */
int bc_pdf_equal(const bc_pdf_obj *a, const bc_pdf_obj *b, const char *const *ignore);

/* Parses one object from `text` (for tests and for objects built as text). */
bc_pdf_obj *bc_pdf_parse_text(bc_pdf *doc, const char *text, size_t len);

/* The numbers of the objects that sections newer than offset `end` define, in use or free
 * (a free entry deletes an object: a change too), object 0 left out. Returns a count and a
 * malloc'ed array in *nums. */
size_t bc_pdf_changed_since(const bc_pdf *doc, size_t end, int **nums);

#endif
