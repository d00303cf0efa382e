/* ltv.h — long-term validation (PAdES B-LT, B-LTA; ETSI EN 319 142-1 §5.4, §5.5).
 *
 * bc_ltv_add_dss appends an incremental update with a /DSS (Document Security Store) holding
 * what an archivist needs to check the newest signature of the file (or document timestamp)
 * years later, without the network: every certificate of its chain and of its timestamp's TSA
 * (anchors included) in /Certs, and for each certificate that is not an anchor its revocation
 * status, as an OCSP response (RFC 6960) from the certificate's AIA, or else a CRL (RFC 5280) from
 * its CRL distribution point, in /OCSPs and /CRLs; the OCSP responders' certificates too. A /VRI
 * entry keyed by the uppercase hexadecimal SHA-1 of the signature's /Contents value (the whole
 * string as it stands in the file, zero padding included) lists what belongs to that signature.
 *
 * Nothing is stored unchecked (the asking and checking are sign/revocation.h's, which remembers
 * the answers for the run, so a batch asks once per certificate and worker): an OCSP answer must
 * be "successful", echo our nonce (when the responder supports nonces), be signed by the issuer
 * or by a responder it delegated to (OCSPSigning), chain to the anchors of its chain (the
 * signer's for the signer's chain, the TSA's for the TSA's), be current, and say "good"; a CRL
 * must be signed by the issuer and current, and not list the certificate. A revoked certificate, an unknown one, or one
 * with neither AIA nor CDP is an error naming the certificate: no file is made (a B-LT signature
 * whose certificate is revoked would be a lie).
 *
 * An existing /DSS (the first signer's) is kept: the new one repeats its entries and adds ours.
 * The DSS is a direct dictionary of the catalog and only the catalog is rewritten, which
 * sign/changes.h allows after a signature: no object of an earlier revision is rewritten or left
 * unreferenced, so earlier signatures stay valid.
 *
 * bc_ltv_extend is what `--level B-LT`/`B-LTA` do after signing: the DSS, then (archive) a
 * document timestamp (sign/doctimestamp.h).
 */
#ifndef BC_SIGN_LTV_H
#define BC_SIGN_LTV_H

#include <openssl/x509.h>

#include "sign/tsa.h"
#include "util/buf.h"
#include "util/err.h"

/* `pdf` is replaced by the file with the DSS update. `trust` and `tsa_trust` are the anchors of
 * the signer's and the TSA's chains (either may be NULL). `name` names the file in messages. */
bc_status bc_ltv_add_dss(bc_buf *pdf, const char *name, X509_STORE *trust, X509_STORE *tsa_trust,
                         bc_err *err);

bc_status bc_ltv_extend(bc_buf *pdf, const char *name, int archive, const bc_tsa *tsa,
                        X509_STORE *trust, bc_err *err);

#endif
