/* keys.h — the signer's key and certificates, and the checks made before anything is signed.
 *
 * Sources: a PKCS#12 file (what a VGCA token or Windows exports), or PEM key + certificate +
 * chain. The passphrase comes from a file, an environment variable (BAOCAO_PASS by default) or a
 * no-echo prompt on the terminal — never from the command line, where other users can read it
 * in the process list. It is wiped from memory after use; key material is never logged and never
 * written anywhere.
 *
 * bc_signer_check refuses, with a message in Vietnamese, a certificate that is expired or not
 * yet valid, lacks the digitalSignature/nonRepudiation key usage, has an extended key usage
 * that excludes document signing, is signed by its CA with SHA-1 (bc_cert_usage_check), does not
 * chain to a trust anchor, uses a weak key, or does not match the private key. All of that is
 * BC_BADINPUT.
 */
#ifndef BC_SIGN_KEYS_H
#define BC_SIGN_KEYS_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <time.h>

#include "util/err.h"

typedef struct bc_key_source {
    const char *p12;                /* PKCS#12 file, or NULL when key/cert are used */
    const char *key, *cert, *chain; /* PEM files; chain may be NULL */
    const char *pass_file;          /* first line is the passphrase */
    const char *pass_env;           /* variable name; NULL means BAOCAO_PASS */
    int no_prompt;                  /* never ask on the terminal (batch runs) */
} bc_key_source;

/* Makes the signature value over `tbs` (the DER of the signed attributes) somewhere else than
 * here — a token (sign/tokenagent.h). `sig` has room for EVP_PKEY_get_size(key) bytes; the value
 * is what CMS carries (PKCS#1 v1.5 or PSS bytes; ECDSA as a DER Ecdsa-Sig-Value). */
typedef bc_status (*bc_sign_fn)(void *ctx, const unsigned char *tbs, size_t len,
                                unsigned char *sig, size_t *siglen, bc_err *err);

typedef struct bc_signer {
    EVP_PKEY *key; /* the private key; with `sign` set, only the certificate's public key */
    X509 *cert;
    STACK_OF(X509) *chain; /* issuers, signer excluded; never NULL after a successful load */
    int pss;               /* RSA: RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32), not PKCS#1 v1.5 */
    bc_sign_fn sign;       /* NULL: sign with `key` here (sign/sigvalue.h) */
    void *sign_ctx;
    void (*sign_free)(void *ctx); /* called by bc_signer_free */
} bc_signer;

bc_status bc_signer_load(const bc_key_source *src, bc_signer *s, bc_err *err);
void bc_signer_free(bc_signer *s);

/* The store of trust anchors: the PEM files given (each may hold several certificates), or the
 * system's default store when n == 0. */
X509_STORE *bc_trust_store(const char *const *files, size_t n, bc_err *err);

/* Checks the signer at time `at` against the anchors in `trust` (see the header comment). */
bc_status bc_signer_check(const bc_signer *s, X509_STORE *trust, time_t at, bc_err *err);

/* Verifies `cert` up to an anchor of `trust` at time `at`, with `untrusted` as helpers. On
 * failure returns BC_BADINPUT with a Vietnamese reason. */
bc_status bc_cert_chain_check(X509 *cert, STACK_OF(X509) *untrusted, X509_STORE *trust,
                              time_t at, bc_err *err);
/* The same, and *unknown_root is set when what failed is only that the chain ends at a root
 * that is not among the anchors (the signature may be intact; --trust is what is missing). */
bc_status bc_cert_chain_check_why(X509 *cert, STACK_OF(X509) *untrusted, X509_STORE *trust,
                                  time_t at, int *unknown_root, bc_err *err);

/* A certificate time for a message: "dd/mm/yyyy hh:mm UTC" ("?" if unreadable). */
void bc_asn1_time_text(const ASN1_TIME *t, char *out, size_t cap);

/* A subject attribute (NID_commonName, NID_organizationName) as malloc'ed UTF-8, or NULL. */
char *bc_cert_subject_field(X509 *cert, int nid);

/* The signer certificate's own profile for signing documents (RFC 5280, DESIGN.md §3), each
 * failure added to `err` as a Vietnamese sentence about `who`; BC_OK or BC_BADINPUT:
 *   - keyUsage, when present, must include digitalSignature or nonRepudiation;
 *   - extendedKeyUsage, when present, must include one that allows signing documents:
 *     emailProtection, documentSigning (1.3.6.1.5.5.7.3.36), Adobe Authentic Documents
 *     (1.2.840.113583.1.1.5), Microsoft Document Signing (1.3.6.1.4.1.311.10.3.12) or
 *     anyExtendedKeyUsage — a serverAuth-only (TLS) certificate is not a signer's;
 *   - the issuer's signature over it must use SHA-256 or stronger: SHA-1 and MD5 are broken for
 *     certificates (collisions make a second certificate with the same signature). SHA-1 on
 *     other certificates of the chain (a root's self-signature) is not judged here. */
bc_status bc_cert_usage_check(X509 *cert, const char *who, bc_err *err);

/* How a certificate fits the field it signs. Fields are named by role: "thu-truong" is the head
 * of the agency (or a deputy signing for them: "Phó Giám đốc", "KT. Chủ tịch"), whose certificate
 * must carry a leading title (X.520 title: Giám đốc, Chủ tịch, … trưởng, Chánh …, Bí thư, Chủ
 * nhiệm, Phụ trách …); "nguoi-khai" (preparer) and "to-chuc" (organisation) accept anyone.
 * The title found (or "") is copied to `title`. */
typedef enum { BC_ROLE_FITS, BC_ROLE_MISMATCH, BC_ROLE_UNKNOWN } bc_role_fit;
bc_role_fit bc_cert_role_fit(X509 *cert, const char *role, char *title, size_t cap);

/* An OpenSSL failure as a message: "OpenSSL: WHAT: the library's reason" (BC_FAIL); clears
 * OpenSSL's error queue. */
bc_status bc_ossl_fail(bc_err *err, const char *what);

/* The certificate of `pool` that issued `c` (not `c` itself), or NULL. */
X509 *bc_cert_issuer_in(STACK_OF(X509) *pool, X509 *c);

#endif
