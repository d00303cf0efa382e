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
 *
 * Any input is safe: every number taken from the file is range-checked before it reaches a size,
 * an offset or an int, every lookup is O(log n), and the resources below are bounded. A limit
 * hit while the xref chain is read fails bc_pdf_open with a message naming it; one hit later,
 * while objects are read on demand, makes that object unreadable and is kept for the caller
 * (bc_pdf_limit), which must then refuse the file rather than judge it on a partial reading.
 */
#ifndef BC_PDF_PDFREAD_H
#define BC_PDF_PDFREAD_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/* ---- resource limits (README.md "Limits"); each is far above what an honest report needs ---- */

/* The largest file read: baocao's reports are 0.3–0.5 MB, a long scanned document from elsewhere
 * tens of MB. The file is held in memory whole, so this bounds the first share of memory. */
#define BC_PDF_MAX_FILE_BYTES ((size_t)128 << 20)
/* Objects: /Size, object numbers in xref entries, and the xref entries of all revisions
 * together (about 48 bytes of index each, so at most ~50 MB). A report has a few hundred. */
#define BC_PDF_MAX_OBJECTS 1000000
/* Cross-reference sections (revisions; a hybrid file's /XRefStm counts as one more). Each
 * signature adds one; a document signed by a hundred people has about a hundred. */
#define BC_PDF_MAX_SECTIONS 512
/* Decoded bytes of one stream: a report's largest is a 128 KB glyph map; an image page of a
 * scanned A4 at 300 dpi is ~25 MB. A stream whose purpose fixes its size (an xref stream) is
 * capped tighter, by what its entries need. */
#define BC_PDF_MAX_STREAM_BYTES ((size_t)32 << 20)
/* Decoded bytes of all streams of one file together (object streams are decoded once). */
#define BC_PDF_MAX_DECODED_BYTES ((size_t)128 << 20)
/* Memory for parsed objects (about 32x the bytes of a dense array of small numbers), so a
 * file that is all objects still cannot take more than this. */
#define BC_PDF_MAX_PARSED_BYTES ((size_t)256 << 20)
/* Nesting of arrays and dictionaries: the parser recurses, so this bounds its stack; real
 * files nest fewer than 10 levels. */
#define BC_PDF_MAX_DEPTH 64
/* Signature fields verify checks in one file, and fields it visits to find them (the field
 * tree may list one field many times): a report has two signatures and a few dozen fields.
 * Each signature hashes up to the whole file, so 32 bound that to 32 x 128 MiB (~10 s). */
#define BC_PDF_MAX_SIGNATURES 32
#define BC_PDF_MAX_FIELDS 100000
/* Objects judged as changed after a signature, summed over the signatures of a file (each is
 * judged against every later revision): a whole maximal update for one signature, while 32
 * signatures each followed by a million changes would take minutes. Honest files: hundreds. */
#define BC_PDF_MAX_CHANGED BC_PDF_MAX_OBJECTS

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
            uint32_t *order; /* long arrays: item indices sorted by hash, for bc_pdf_array_has */
        } arr;
        struct {
            char **keys;
            bc_pdf_obj **vals;
            size_t n;
            uint32_t *order; /* large dictionaries: key indices sorted by key, for lookups */
        } dict;
        struct {
            int num, gen;
        } ref;
    };
    const char *sdata; /* BC_PDF_STREAM: the raw (still encoded) bytes */
    size_t slen;
    size_t soff; /* offset of sdata in the file (when it is in the file) */
    uint64_t hash; /* structural: bc_pdf_equal objects have equal hashes */
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

typedef struct bc_pdf_ix bc_pdf_ix; /* pdfread.c: one (object, section) entry and its cache */

typedef struct bc_pdf {
    const char *data;
    size_t len;
    bc_arena arena;
    bc_pdf_section *sections; /* [0] is the newest */
    size_t nsections;
    long long startxref;
    bc_pdf_obj *trailer; /* of the newest section */
    int size;            /* /Size of the newest trailer */
    bc_pdf_ix *ix;       /* every section's entries sorted by (number, section): lookups */
    int *ixnum;          /* ix[i].num, compact for the binary search */
    size_t nix, nentries;
    size_t changed;      /* numbers returned by bc_pdf_changed_since, against BC_PDF_MAX_CHANGED */
    size_t parsed_bytes, decoded_bytes; /* against BC_PDF_MAX_PARSED_BYTES, _DECODED_BYTES */
    uint32_t *endstreams; /* offsets of every "endstream" in the file (< BC_PDF_MAX_FILE_BYTES) */
    size_t nendstreams;
    int endstreams_found;
    int depth;           /* objects being loaded inside one another (reference chains) */
    unsigned aborted;    /* loads refused for a cycle or depth (see load_entry) */
    char limit[256];     /* the first limit hit while reading objects on demand, "" if none */
} bc_pdf;

/* Reads the structure of `data` (not copied). `name` is used in messages. */
bc_status bc_pdf_open(bc_pdf *doc, const char *data, size_t len, const char *name, bc_err *err);
void bc_pdf_close(bc_pdf *doc);
/* The first resource limit hit since bc_pdf_open while reading objects (a Vietnamese sentence),
 * NULL when none was: a caller that judged objects must then refuse the file. */
const char *bc_pdf_limit(const bc_pdf *doc);

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

/* Decodes a stream's data into `out` (FlateDecode, predictors), within BC_PDF_MAX_STREAM_BYTES
 * and what is left of the file's BC_PDF_MAX_DECODED_BYTES. */
bc_status bc_pdf_stream_decode(bc_pdf *doc, const bc_pdf_obj *stream, bc_buf *out, bc_err *err);

/* Deep structural equality; references are compared by number, not followed. Keys listed in
 * `ignore` (NULL-terminated, may be NULL) are skipped at the top level of dictionaries. */
int bc_pdf_equal(const bc_pdf_obj *a, const bc_pdf_obj *b, const char *const *ignore);
/* Whether some item of array `arr` is bc_pdf_equal to `item`; O(log n) for long arrays. */
int bc_pdf_array_has(const bc_pdf_obj *arr, const bc_pdf_obj *item);

/* Parses one object from `text` (for tests and for objects built as text). */
bc_pdf_obj *bc_pdf_parse_text(bc_pdf *doc, const char *text, size_t len);

/* The numbers of the objects that sections newer than offset `end` define, in use or free
 * (a free entry deletes an object: a change too), object 0 left out, in increasing order, each
 * once. Returns a count and a malloc'ed array in *nums. Linear in the number of entries. Past
 * BC_PDF_MAX_CHANGED over all calls, returns 0 and records the limit (bc_pdf_limit). */
size_t bc_pdf_changed_since(bc_pdf *doc, size_t end, int **nums);

#endif
