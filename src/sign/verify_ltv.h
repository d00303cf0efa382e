/* verify_ltv.h — what verify checks of trusted time and long-term validation, kept apart from
 * verify.c (which calls it in three places) so each can change on its own.
 *
 * A signature timestamp (CMS unsigned attribute id-aa-signatureTimeStampToken) is checked as
 * sign/tsa.h does at signing: the imprint is the SHA-256 of the signature value, the token's
 * signature holds, the TSA certificate has the critical timeStamping EKU and chains to the
 * anchors at the token's time. Its time then replaces /M, which is only the signer's claim.
 *
 * A document timestamp (/SubFilter /ETSI.RFC3161) is checked the same way over its byte ranges.
 *
 * Revocation, for every certificate of the signer's chain (judged against the signers'
 * anchors) and, when the signature has a valid timestamp, of the TSA's (against the TSAs'), at
 * the time the signature was checked at (the timestamp's, else /M): from the /DSS when it holds
 * an answer that speaks for that time (sign/revocation.h, bc_rev_usable_at: an OCSP answer or
 * CRL signed by the issuer or its delegated responder); else online, unless offline (OCSP from
 * the AIA, else the CRL of the CDP, checked and current); else it stays unchecked, and the
 * report says so. Each certificate's source is told as a note ("từ /DSS", "kiểm tra trực
 * tuyến"), and counted in the report. Only a signature that is intact and trusted is looked at:
 * no request is made for a forgery.
 *
 * A certificate revoked before that time makes the signature invalid; one revoked after it is
 * told as a note (the signature was made while the certificate was good) when a timestamp proves
 * that time; without one the time is the signer's claim, and any revocation makes the signature
 * invalid (revoked-time-unproven).
 *
 * The level each signature reaches (ETSI EN 319 142-1):
 *   B-B    the signature alone;
 *   B-T    and a valid signature timestamp;
 *   B-LT   and, in the /DSS, the revocation status of every certificate of the signer's chain
 *          and of the TSA's (what was asked online does not count: it is not in the file);
 *   B-LTA  and a valid document timestamp after the DSS that covers the signature.
 */
#ifndef BC_SIGN_VERIFY_LTV_H
#define BC_SIGN_VERIFY_LTV_H

#include <openssl/cms.h>
#include <time.h>

#include "pdf/pdfread.h"
#include "sign/verify.h"

/* How this module reports, through verify.c's own lists: a problem (the signature fails; `code`
 * is a stable code for machines) or, with `problem` 0, a note. verify.c owns the report's lists
 * and their layout; this module never writes into them itself. */
typedef void (*bc_ltv_say)(bc_sig_report *s, int problem, const char *code, const char *sentence);

/* The signer's timestamp, if any: checked; returns its time, or 0 when there is none or it does
 * not hold (a problem is added then). */
time_t bc_verify_sig_timestamp(bc_sig_report *s, CMS_SignerInfo *si, X509_STORE *trust,
                               bc_ltv_say say);

/* A document timestamp: `token` is the /Contents, `data` the file, `r` its /ByteRange. */
void bc_verify_doc_timestamp(bc_sig_report *s, const char *token, size_t len, const char *data,
                             const long long r[4], X509_STORE *trust, bc_ltv_say say);

/* After every signature is checked: each one's revocation and level, from the DSS (and online)
 * and the document timestamps that follow it. */
void bc_verify_ltv_levels(bc_pdf *doc, bc_verify_report *r, const bc_verify_ctx *ctx,
                          bc_ltv_say say);

/* The revocation of a detached signature's chains (`der` is its CMS): online unless offline,
 * since a .p7s has no DSS. */
void bc_verify_ltv_detached(bc_sig_report *s, const char *der, size_t len,
                            const bc_verify_ctx *ctx, bc_ltv_say say);

#endif
