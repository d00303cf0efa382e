/* xmpread.h — reads the metadata of a PDF: the XMP packet of its catalog's /Metadata, for
 * `baocao metadata` and the batch manifest.
 *
 * The packet is untrusted input (any PDF may be given). It is parsed with libxml2 under bounds:
 * at most BC_XMP_MAX_BYTES of XML, no network, no DTD: a packet with a document type declaration
 * is refused, so no entity can expand; libxml2's own depth limit (256) applies. Only the
 * properties baocao writes are taken (those of xmp.h and the Phụ lục VI schema of
 * form/archmeta.h), each as text of at most BC_XMP_MAX_VALUE bytes (longer is cut at a character
 * boundary, never past the buffer). Both simple elements and the attribute form
 * (<rdf:Description dc:format="…">) are read; for a container (rdf:Alt, Seq, Bag) the first item.
 */
#ifndef BC_PDF_XMPREAD_H
#define BC_PDF_XMPREAD_H

#include <stddef.h>

#include "form/archmeta.h"
#include "util/buf.h"
#include "util/err.h"

#define BC_XMP_MAX_BYTES ((size_t)1 << 20)
#define BC_XMP_MAX_VALUE 4096

typedef enum {
    BC_XM_TITLE,
    BC_XM_CREATOR,
    BC_XM_DESCRIPTION,
    BC_XM_LANGUAGE,
    BC_XM_CREATE_DATE,
    BC_XM_MODIFY_DATE,
    BC_XM_CREATOR_TOOL,
    BC_XM_PRODUCER,
    BC_XM_KEYWORDS,
    BC_XM_PART,
    BC_XM_CONFORMANCE,
    BC_XM_COUNT
} bc_xm_id;

/* Name (prefix:property, as printed and as the JSON key) and Vietnamese label of each. */
extern const char *const bc_xm_names[BC_XM_COUNT];
extern const char *const bc_xm_labels[BC_XM_COUNT];

typedef struct bc_xmp_meta {
    char *std[BC_XM_COUNT];          /* malloc'ed, NULL when absent */
    char *archive[BC_AM_COUNT];      /* Phụ lục VI elements, likewise */
} bc_xmp_meta;

/* Parses a packet; `name` (the PDF) is used in messages. On failure `m` holds nothing. */
bc_status bc_xmp_parse(const char *xml, size_t len, const char *name, bc_xmp_meta *m, bc_err *err);

/* Reads the PDF `data` with pdf/pdfread.h, finds its XMP and parses it. A PDF without
 * /Metadata is not an error: `*found` is 0 and `m` is empty. */
bc_status bc_xmp_from_pdf(const char *data, size_t len, const char *name, bc_xmp_meta *m,
                          int *found, bc_err *err);

void bc_xmp_meta_free(bc_xmp_meta *m);

/* The metadata as one JSON object: every property present under its XMP name ("dc:title",
 * "vbdi:typeName", …), absent ones left out — what `baocao metadata --json` prints and what the
 * batch manifest holds per unit. */
void bc_xmp_meta_json(bc_buf *b, const bc_xmp_meta *m);

#endif
