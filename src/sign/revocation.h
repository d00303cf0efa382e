/* revocation.h — the revocation status of one certificate (RFC 6960 OCSP, RFC 5280 CRL): read
 * from an answer already at hand (a /DSS), or asked online and remembered for the run.
 *
 * An answer counts only once checked (bc_rev_from_ocsp, bc_rev_from_crl): an OCSP basic
 * response must hold a SingleResponse for exactly this certificate's CertID and be signed by its
 * issuer or by a responder the issuer certified with id-kp-OCSPSigning (OpenSSL's
 * OCSP_basic_verify; the responder's chain to the anchors is checked at the answer's
 * producedAt); a CRL must name the issuer and be signed with its key, which its key usage allows
 * to sign CRLs (cRLSign). What the answer says —
 * good, revoked (when, why), unknown — and the span it speaks for (thisUpdate, nextUpdate) is then
 * weighed by the caller: bc_rev_usable_at says whether it speaks for a given time.
 *
 * bc_rev_fetch asks online: each OCSP responder of the certificate's AIA (POST
 * application/ocsp-request with a fresh nonce, which must come back when the responder echoes
 * nonces), then, when none gives a checked answer, each CRL distribution point of its CDP (GET),
 * through sign/http.h (10 s to connect, 30 s in all, 4 MiB at most per answer). An online answer
 * must also be current: thisUpdate at most BC_CLOCK_SKEW ahead of this machine's clock, nextUpdate
 * not passed. Each failure is a Vietnamese sentence naming the URL and the certificate.
 *
 * Answers fetched are remembered for the life of the process, so that a batch worker signing many
 * units with one chain asks once per certificate, not once per unit: an OCSP answer under its
 * CertID, a CRL under its URL, each until its nextUpdate (an answer without nextUpdate is not
 * kept: its responder says newer information is always there). At most BC_REV_CACHE_MAX answers
 * are kept (the oldest goes first), so at most BC_REV_CACHE_MAX × 4 MiB. The cache is the
 * process's own: batch workers are forked processes, each with its own, and nothing here is
 * called from more than one thread.
 */
#ifndef BC_SIGN_REVOCATION_H
#define BC_SIGN_REVOCATION_H

#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

#define BC_REV_CACHE_MAX 32

typedef enum { BC_REV_GOOD, BC_REV_REVOKED, BC_REV_UNKNOWN } bc_rev_status;

typedef struct bc_rev {
    int is_crl;             /* the answer is a CRL, not an OCSP response */
    bc_rev_status status;
    int reason;             /* CRLReason (RFC 5280 §5.3.1), -1 when none is given */
    time_t this_update, next_update; /* next_update 0: the answer names none */
    time_t revoked_at;      /* when status is BC_REV_REVOKED */
    char url[256];          /* where it was fetched ("" for an answer read from a file) */
    bc_buf der;             /* as fetched: an OCSPResponse or a CRL, DER (empty otherwise) */
    STACK_OF(X509) *signers; /* the certificates the OCSP answer carries (NULL for a CRL) */
} bc_rev;

#define BC_REV_INIT {0, BC_REV_UNKNOWN, -1, 0, 0, 0, "", BC_BUF_INIT, NULL}

/* `bs` about `c`, issued by `issuer`: 1 with *out filled when it speaks of `c` and its signature
 * holds (see above); `pool` helps build the responder's chain to `trust`. */
int bc_rev_from_ocsp(OCSP_BASICRESP *bs, X509 *c, X509 *issuer, STACK_OF(X509) *pool,
                     X509_STORE *trust, bc_rev *out);

/* `crl` about `c`: 1 with *out filled when `issuer` issued and signed it. */
int bc_rev_from_crl(X509_CRL *crl, X509 *c, X509 *issuer, bc_rev *out);

/* Whether the answer tells the status at time `t`: a revocation always does (its time says the
 * rest); "good" does when it was said at or after `t` (thisUpdate ≥ t − BC_CLOCK_SKEW), or `t`
 * lies before its nextUpdate (the issuer vouches for the span until then). */
int bc_rev_usable_at(const bc_rev *r, time_t t);

/* Asks online (see above). BC_OK with *out filled (status good, revoked or unknown as the
 * answer says); BC_BADINPUT with the reasons when no checked, current answer was had, or the
 * certificate names nowhere to ask (then *nowhere is set, when not NULL). */
bc_status bc_rev_fetch(X509 *c, X509 *issuer, STACK_OF(X509) *pool, X509_STORE *trust,
                       bc_rev *out, int *nowhere, bc_err *err);

/* Whether the certificate names anywhere to ask (an OCSP responder in its AIA, a CRL
 * distribution point): without, there is nothing to check, online or offline. */
int bc_rev_published(X509 *c);

/* "đã bị thu hồi lúc 01/06/2025 00:00 UTC (lộ khóa), theo máy chủ OCSP URL" and the like, for
 * a message about a revoked certificate. */
void bc_rev_revoked_text(const bc_rev *r, char *out, size_t cap);

/* "OCSP http://…" or "CRL http://…" (or "OCSP"/"CRL" for an answer read from a file). */
void bc_rev_source_text(const bc_rev *r, char *out, size_t cap);

void bc_rev_free(bc_rev *r);

#endif
