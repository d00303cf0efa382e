/* sigvalue.h — the signature value of a CMS SignerInfo and the algorithm that names it.
 *
 * The value is made over the DER of the signed attributes, SHA-256 always: with the signer's
 * private key here (PKCS#12, PEM), or through the signer's sign callback when the key stays on a
 * token (sign/tokenagent.h). A value made elsewhere is verified here with the certificate's
 * public key before it is used, so a token key that does not belong to the certificate is caught
 * before any file is written. RSA is PKCS#1 v1.5 unless the signer asks for RSASSA-PSS
 * (SHA-256, MGF1 with SHA-256, salt 32 bytes — what ETSI TS 119 312 recommends); ECDSA values
 * are DER Ecdsa-Sig-Value as CMS carries them.
 */
#ifndef BC_SIGN_SIGVALUE_H
#define BC_SIGN_SIGVALUE_H

#include <openssl/cms.h>

#include "sign/keys.h"
#include "util/err.h"

/* `sig` has room for EVP_PKEY_get_size(s->key) bytes; `*siglen` gets the value's length. */
bc_status bc_sigvalue_make(const bc_signer *s, const unsigned char *tbs, size_t len,
                           unsigned char *sig, size_t *siglen, bc_err *err);

/* Sets the SignerInfo's signatureAlgorithm where OpenSSL's default does not name what
 * bc_sigvalue_make makes (RSASSA-PSS). Returns 0 on failure. */
int bc_sigvalue_set_alg(const bc_signer *s, CMS_SignerInfo *si);

#endif
