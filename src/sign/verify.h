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
 * A signature is valid when all of that holds. Problems are reported as sentences in Vietnamese.
 */
#ifndef BC_SIGN_VERIFY_H
#define BC_SIGN_VERIFY_H

#include <openssl/x509.h>
#include <stdio.h>
#include <time.h>

#include "util/err.h"

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
    size_t n_problems;
    char **notes;    /* informative sentences */
    size_t n_notes;
    /* Trusted time and long-term validation (sign/verify_ltv.h). */
    int doc_timestamp;   /* a document timestamp, not a signature */
    time_t ts_time;      /* the valid timestamp's time (0: none) */
    char level[8];       /* "B-B", "B-T", "B-LT", "B-LTA"; "" for a document timestamp */
} bc_sig_report;

typedef struct bc_verify_report {
    char *file;
    bc_sig_report *sigs;
    size_t n;
    int all_valid; /* at least one signature and every one valid */
} bc_verify_report;

/* Verifies a PDF. BC_BADINPUT only when the file cannot be read as a PDF; a bad signature is a
 * report, not an error. */
bc_status bc_verify_pdf(const char *data, size_t len, const char *name, X509_STORE *trust,
                        bc_verify_report *r, bc_err *err);

/* Verifies `sig` (DER CMS, detached) over the bytes of `data`. */
bc_status bc_verify_detached(const char *data, size_t len, const char *name, const char *sig,
                             size_t siglen, const char *sig_name, X509_STORE *trust,
                             bc_verify_report *r, bc_err *err);

void bc_verify_print(const bc_verify_report *r, FILE *out);
void bc_verify_print_json(const bc_verify_report *r, FILE *out);
void bc_verify_report_free(bc_verify_report *r);

#endif
