/* xmp.h — the XMP metadata packet of a PDF/A-2b file (ISO 19005-2, 6.6).
 *
 * Contract: one packet, UTF-8, in an xpacket wrapper without the forbidden `bytes`/`encoding`
 * attributes, written with libxml2's writer so every value is XML-escaped (and refused when it is
 * not valid UTF-8 or holds a character XML forbids). It holds the PDF/A identification
 * (pdfaid:part 2, conformance B), the equivalents of the document information dictionary
 * (dc:title, dc:creator, dc:description, pdf:Keywords, xmp:CreatorTool, pdf:Producer,
 * xmp:CreateDate, xmp:ModifyDate — the caller passes the same strings it puts in /Info), dc:language
 * and dc:format, and the Phụ lục VI elements given (form/archmeta.h) in baocao's own schema,
 * declared with the pdfaExtension description that 6.6.2.3.2 asks for (the properties the packet
 * holds, and no description when it holds none: each unused declaration was bytes in every file
 * of a batch). Absent (NULL or empty) values are left out. The bytes are deterministic: same input, same packet.
 */
#ifndef BC_PDF_XMP_H
#define BC_PDF_XMP_H

#include "form/archmeta.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_xmp_info {
    const char *title, *author, *subject, *keywords, *creator_tool, *producer;
    const char *lang;                      /* dc:language, e.g. "vi" */
    const char *create_date, *modify_date; /* ISO 8601 with offset: 2026-11-22T09:15:04+07:00 */
    const char *archive[BC_AM_COUNT];      /* Phụ lục VI values, NULL when absent */
} bc_xmp_info;

/* Appends the packet to `out`. */
bc_status bc_xmp_write(const bc_xmp_info *m, bc_buf *out, bc_err *err);

/* Namespaces of the packet, for its readers. */
#define BC_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define BC_NS_DC "http://purl.org/dc/elements/1.1/"
#define BC_NS_XMP "http://ns.adobe.com/xap/1.0/"
#define BC_NS_PDF "http://ns.adobe.com/pdf/1.3/"
#define BC_NS_PDFAID "http://www.aiim.org/pdfa/ns/id/"

#endif
