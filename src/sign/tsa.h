/* tsa.h — trusted time: RFC 3161 timestamp tokens asked of a TSA and checked.
 *
 * bc_tsa_stamp sends a TimeStampReq (version 1, SHA-256 imprint of the data, a fresh 64-bit
 * nonce, certReq true) by HTTP POST as application/timestamp-query and embeds nothing it has not
 * checked: the answer must be a TimeStampResp with status granted (or grantedWithMods), its
 * TSTInfo must carry exactly our imprint (SHA-256, same digest) and our nonce, the TSA's
 * certificate (in the token, since certReq was set) must have the extended key usage
 * timeStamping, marked critical, and nothing else (RFC 3161 §2.3), and the token's signature must
 * verify and its certificate chain to `trust` (with the ESS signing-certificate check OpenSSL's
 * TS code makes). Each failure has its own Vietnamese sentence naming the TSA's URL.
 *
 * bc_tsa_check_token checks a token found in a file (a signature's timestamp, a document
 * timestamp): signature, chain at the token's own time, EKU, imprint over the given data.
 */
#ifndef BC_SIGN_TSA_H
#define BC_SIGN_TSA_H

#include <openssl/x509.h>
#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

typedef struct bc_tsa {
    const char *url;   /* http(s) URL of the TSA */
    X509_STORE *trust; /* anchors the TSA's certificate must chain to */
} bc_tsa;

/* A timestamp token (DER ContentInfo, SignedData of a TSTInfo) over `data` into `token`. */
bc_status bc_tsa_stamp(const bc_tsa *t, const void *data, size_t len, bc_buf *token,
                       bc_err *err);

/* CAdES-T / PAdES B-T: `der` (a CMS SignedData) again with a timestamp over its signature value
 * as the unsigned attribute signature-time-stamp (sign/cms.h). */
bc_status bc_tsa_stamp_cms(const bc_tsa *t, bc_buf *der, bc_err *err);

/* Checks `token` over `data` (see the header comment); its genTime into `*gen_time` and the
 * TSA's certificates (signer first; the caller frees with sk_X509_pop_free) into `*certs` when
 * not NULL. `*integrity` (when not NULL) tells whether the imprint matched and the signature
 * held, whatever the chain. `who` names the token in messages. */
bc_status bc_tsa_check_token(const unsigned char *token, size_t token_len, const void *data,
                             size_t len, X509_STORE *trust, const char *who, time_t *gen_time,
                             STACK_OF(X509) **certs, int *integrity, bc_err *err);

/* A new store with the anchors of `trust` that verifies at time `at` (a token, an OCSP answer
 * judged at its own time); `trust` itself, shared by batch workers, is not changed. */
X509_STORE *bc_tsa_store_at(X509_STORE *trust, time_t at);

/* The genTime of a token without checking it (0 when unreadable). */
time_t bc_tsa_token_time(const unsigned char *token, size_t token_len);

#endif
