/* cms.h — CMS SignedData (RFC 5652) for PAdES and for detached file signatures.
 *
 * PAdES (ETSI EN 319 142-1, baseline B-B): detached, content type id-data, SHA-256, signed
 * attributes content-type, message-digest and signing-certificate-v2 and nothing else — no
 * signingTime (the time is the PDF's /M) and no S/MIME capabilities. OpenSSL 3.0 always adds
 * signingTime when it signs a SignerInfo, so the signer info is built partially and the DER of
 * the signed attributes is signed here. The whole chain (minus nothing) is included so that a
 * verifier needs only the root. RSA signs PKCS#1 v1.5 (or PSS), EC signs ECDSA; the value is
 * made by sign/sigvalue.h, with the key here or on a token.
 *
 * For a DOCX (plain CMS next to the file) the signer info is built the same way, plus
 * signingTime (no /M there).
 */
#ifndef BC_SIGN_CMS_H
#define BC_SIGN_CMS_H

#include "sign/keys.h"
#include "util/buf.h"
#include "util/err.h"

#define BC_SHA256_LEN 32

/* `digest` is the SHA-256 of the signed bytes (the two PDF byte ranges). DER into `der`. */
bc_status bc_cms_sign_pades(const bc_signer *s, const unsigned char digest[BC_SHA256_LEN],
                            bc_buf *der, bc_err *err);

/* An upper bound of the DER size bc_cms_sign_pades produces for this signer (the signature
 * value is taken at its maximum size), so a PDF placeholder can be sized before signing. */
bc_status bc_cms_pades_size_bound(const bc_signer *s, size_t *bound, bc_err *err);

/* A detached CMS over `data` (signingTime and signing-certificate-v2 included). */
bc_status bc_cms_sign_detached(const bc_signer *s, const void *data, size_t len, bc_buf *der,
                               bc_err *err);

/* PAdES B-T (ETSI EN 319 142-1 §5.3): the signature value of the first signer of `der` (what a
 * signature timestamp is over: the contents octets of the SignerInfo's signature), and `der`
 * again with `token` (a DER TimeStampToken) added as the unsigned attribute
 * id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14). The signed attributes and the
 * signature are not touched, so the signature stays valid. */
bc_status bc_cms_signature_value(const bc_buf *der, bc_buf *value, bc_err *err);
bc_status bc_cms_add_timestamp(const bc_buf *der, const void *token, size_t len, bc_buf *out,
                               bc_err *err);

/* The certificates of a DER CMS and, when its first signer has a signature timestamp, the
 * token's DER (`token` left empty otherwise). The caller frees `certs` with sk_X509_pop_free. */
bc_status bc_cms_certs_and_timestamp(const void *der, size_t len, STACK_OF(X509) **certs,
                                     bc_buf *token, bc_err *err);

#endif
