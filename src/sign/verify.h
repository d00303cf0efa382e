/* verify.h — checking every signature of a signed PDF, or a file with its detached .p7s.
 *
 * For each signature: who signed (CN, O of the certificate), when (/M, or signingTime of a
 * plain CMS), which bytes (/ByteRange; whether it covers the whole file), integrity (the SHA-256
 * of those bytes equals the CMS message-digest and the CMS signature verifies with the signer's
 * key), trust (the certificate chains to one of the anchors and was valid at signing time, with
 * a signing key usage), and what later revisions of the PDF changed: only what another signer
 * does is accepted (see changes.h for the allow-list); anything else (page content, other
 * annotations, deleted objects) makes the signature invalid for the file as it now is.
 *
 * The signed revision is what the signed bytes say (data[0..end of /ByteRange) opened as a PDF
 * of its own), and the current /Prev chain must continue exactly it (see changes.h). Across
 * signatures: a field must hold its signature in the signed bytes themselves (a /V copied or
 * pointed at later is not a signature of that field), the same CMS or signature dictionary
 * counts once, a certificate must fit the role the field is named by (keys.h, bc_cert_role_fit)
 * and one certificate may not sign both the preparer's and the head's field. A later update is
 * accepted as "another signature" only while that signature's CMS matches its bytes: a later
 * signature that fails integrity makes the earlier ones report what it added as unvouched. Certificates must
 * have a document-signing profile (keys.h, bc_cert_usage_check). A signing time (/M) more than
 * BC_CLOCK_SKEW seconds ahead of the verifier's clock is a failure: a signature cannot have
 * been made in the future, and a signer who dates it there may be dodging an expiry.
 *
 * Besides each signature, the report carries notes about the document: every unsigned
 * signature field that shows an appearance (it looks like a signature and is not one).
 *
 * Revocation (sign/verify_ltv.h): for every certificate of the signer's chain and, when the
 * signature has a valid timestamp, of the TSA's, its status at the signing time is taken from
 * the /DSS when the DSS has an answer that speaks for that time, else asked online (OCSP from the
 * AIA, else the CRL of the CDP: sign/revocation.h) unless the context is offline. A certificate
 * revoked before the signing time makes the signature invalid; one whose status could not be
 * had leaves a valid signature valid but says so ("valid-revocation-unchecked"), never "valid"
 * alone; a certificate that names nowhere to ask (no AIA OCSP, no CDP) is told as a note.
 *
 * A signature is valid when all of that holds. Problems are reported as sentences in Vietnamese.
 */
#ifndef BC_SIGN_VERIFY_H
#define BC_SIGN_VERIFY_H

#include <openssl/x509.h>
#include <stdio.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

/* Tolerance for the signer's and the verifier's clocks (5 minutes). */
#define BC_CLOCK_SKEW 300

typedef struct bc_sig_report {
    char *field;      /* the field name, or the .p7s file name */
    char *signer_cn, *signer_o;
    char time_iso[40]; /* "" when unknown */
    long long range[4];
    int has_range;
    int covers_whole; /* the signed bytes run to the end of the file */
    int integrity;    /* digest and signature both verify */
    int trusted;      /* chain to an anchor, valid at signing time */
    int later_ok;     /* later revisions changed only what a later signer may (changes.h) */
    int later_revisions; /* how many updates follow the signed revision */
    int valid;
    char **problems; /* sentences; NULL-terminated list of n_problems */
    const char **problem_codes; /* a stable code per problem, for --json (static strings) */
    size_t n_problems;
    int root_unknown; /* the chain ends at a root that is not among the anchors */
    char *cert_subject, *cert_issuer, *cert_serial; /* the signer's certificate (RFC 2253, hex) */
    char cert_not_before[24], cert_not_after[24];    /* ISO 8601 UTC, "" when unknown */
    char **notes;    /* informative sentences */
    size_t n_notes;
    /* For the checks across signatures. */
    int field_num;   /* the field object (0: not an indirect object) */
    int value_num;   /* its /V signature dictionary (0: direct) */
    int held;        /* the signed bytes themselves hold this field with this /V */
    unsigned char cms_id[32], cert_id[32]; /* SHA-256 of the CMS (DER) and of the signer's cert */
    int has_cms, has_cert;
    /* Trusted time and long-term validation (sign/verify_ltv.h). */
    int doc_timestamp;   /* a document timestamp, not a signature */
    time_t ts_time;      /* the valid timestamp's time (0: none) */
    char level[8];       /* "B-B", "B-T", "B-LT", "B-LTA"; "" for a document timestamp */
    time_t when;         /* the time the chain was checked at: the timestamp's, else /M */
    /* How many certificates' revocation status came from the /DSS, came from asking online,
     * or could not be had; rev_checked is set once revocation was looked at. */
    int rev_checked, rev_dss, rev_online, rev_unchecked;
    int rev_unpublished; /* certificates that name no OCSP responder and no CRL: nothing to ask */
} bc_sig_report;

typedef struct bc_verify_report {
    char *file;
    bc_sig_report *sigs;
    size_t n;
    int all_valid; /* at least one signature and every one valid */
    char **notes;  /* about the document rather than one signature */
    size_t n_notes;
} bc_verify_report;

/* What a verification checks against. The two stores are kept apart: a TSA's root does not make
 * a signer trusted, and a signer's root vouches for no timestamp unless it is also a TSA anchor. */
typedef struct bc_verify_ctx {
    X509_STORE *trust;     /* the signers' anchors (and their OCSP responders') */
    X509_STORE *tsa_trust; /* the anchors of timestamp tokens and their TSAs' revocation data */
    int offline;           /* never use the network: revocation from the /DSS alone */
} bc_verify_ctx;

/* The two stores from PEM files (sign/keys.h, bc_trust_store): no `trust` files, the system's
 * store; no `tsa` files, the signers' store serves timestamps too. BC_BADINPUT when a file
 * cannot be read. Made once, it serves any number of files. */
bc_status bc_verify_ctx_open(bc_verify_ctx *c, const char *const *trust, size_t ntrust,
                             const char *const *tsa, size_t ntsa, int offline, bc_err *err);
void bc_verify_ctx_close(bc_verify_ctx *c);

/* Verifies a PDF. BC_BADINPUT only when the file cannot be read as a PDF, or reading it hit a
 * limit of pdf/pdfread.h (the report is then not a verdict); a bad signature is a report, not
 * an error. */
bc_status bc_verify_pdf_with(const char *data, size_t len, const char *name,
                             const bc_verify_ctx *ctx, bc_verify_report *r, bc_err *err);

/* Verifies `sig` (DER CMS, detached) over the bytes of `data`. */
bc_status bc_verify_detached_with(const char *data, size_t len, const char *name, const char *sig,
                                  size_t siglen, const char *sig_name, const bc_verify_ctx *ctx,
                                  bc_verify_report *r, bc_err *err);

/* The same with one store for signers and TSAs, offline: what a program checks of a file it has
 * just made (batch), the unit tests and the fuzzers. */
bc_status bc_verify_pdf(const char *data, size_t len, const char *name, X509_STORE *trust,
                        bc_verify_report *r, bc_err *err);
bc_status bc_verify_detached(const char *data, size_t len, const char *name, const char *sig,
                             size_t siglen, const char *sig_name, X509_STORE *trust,
                             bc_verify_report *r, bc_err *err);

/* The report for a person (verify_print.c): a verdict per signature — HỢP LỆ; NGUYÊN VẸN but its
 * root not trusted (an intact file verified without the right --trust, with how to trust the
 * official root); or KHÔNG HỢP LỆ — with the reasons. Byte ranges only when `verbose`. */
void bc_verify_print(const bc_verify_report *r, int verbose, FILE *out);
/* The same for machines: every field, the certificate, and each problem with its stable code
 * (see the codes in verify.c: "content-changed", "changed-after-signing", "root-not-trusted",
 * "certificate-untrusted", "byterange-invalid", "reused-cms", …). */
void bc_verify_print_json(const bc_verify_report *r, FILE *out);
/* The same JSON object into a buffer, without a final newline; `compact`: on one line. */
void bc_verify_json(bc_buf *b, const bc_verify_report *r, int compact);

/* The file's verdict as a stable code: "valid" (signed, every signature valid),
 * "valid-revocation-unchecked" (every signature valid, but the revocation of some certificate
 * could not be had), "unsigned", "intact-root-not-trusted" (every failure is only an untrusted
 * root), "invalid". */
const char *bc_verify_file_verdict(const bc_verify_report *r);
/* The words a person reads for a verdict code (those above and a signature's; "unreadable",
 * "failed" for a file that could not be checked). */
const char *bc_verdict_words(const char *code);

/* Whether the signature's only failure is that its chain ends at a root not among the anchors:
 * the bytes are intact and nothing changed after signing. */
int bc_sig_only_root_unknown(const bc_sig_report *s);
void bc_verify_report_free(bc_verify_report *r);

#endif
