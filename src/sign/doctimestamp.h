/* doctimestamp.h — a document timestamp (PAdES B-LTA, ETSI EN 319 142-1 §5.5; ISO 32000-2
 * §12.8.5): an RFC 3161 token over the whole file as it stands, so that everything before it —
 * signatures, their timestamps, the /DSS — is proven to have existed at that time, and an archive
 * can renew the proof before the algorithms or the TSA's certificate age out.
 *
 * An incremental update adds a signature dictionary /Type /DocTimeStamp /Filter /Adobe.PPKLite
 * /SubFilter /ETSI.RFC3161 whose /Contents is the TimeStampToken over the two byte ranges (as for
 * a signature: everything but the /Contents hex string), and an invisible signature field
 * ("tem-thoi-gian-N", /Rect [0 0 0 0], hidden) holding it, added to the AcroForm's /Fields. That
 * is what sign/changes.h accepts after a signature, so earlier signatures stay valid. The token
 * is checked (sign/tsa.h) before it is written.
 */
#ifndef BC_SIGN_DOCTIMESTAMP_H
#define BC_SIGN_DOCTIMESTAMP_H

#include "sign/tsa.h"
#include "util/buf.h"
#include "util/err.h"

/* `pdf` is replaced by the file with the document timestamp. */
bc_status bc_doc_timestamp(bc_buf *pdf, const char *name, const bc_tsa *tsa, bc_err *err);

#endif
