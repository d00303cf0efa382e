/* pkcs11.h — a PKCS#11 module, its tokens, and a private key that never leaves its token.
 *
 * Any module: a vendor's .so (--pkcs11-module), or by default p11-kit's proxy, through which
 * every token registered with p11-kit (its NAME.module files in /usr/share/p11-kit/modules, ~/.config/pkcs11)
 * is seen. The module is dlopen'ed and C_Initialize'd by bc_p11_load; a module that cannot be
 * loaded or initialised is a BC_BADINPUT naming the file.
 *
 * Selecting the key (bc_p11_key_open): the tokens whose info matches the RFC 7512 URI
 * (sign/p11uri.h); when several match, the one holding a certificate that matches the URI's
 * object/id (certificates are public objects, seen before login, so no PIN is tried on a token
 * it is not meant for); then one login, then the private key (CKO_PRIVATE_KEY) matching the
 * URI's object/id, exactly one; its certificate is the CKO_CERTIFICATE with the key's CKA_ID
 * (or, without an id, its label) and, for RSA, the same modulus; the chain is built from the
 * token's other certificates by issuer/subject (X509_check_issued).
 *
 * PIN: --pin-file, the URI's pin-source=file:…, $BAOCAO_PIN, or a no-echo prompt on the
 * terminal, in that order; never from pin-value. A token with a PIN pad
 * (CKF_PROTECTED_AUTHENTICATION_PATH) logs in without one. The PIN is wiped after the login —
 * unless the key demands a login for each signature (CKA_ALWAYS_AUTHENTICATE), when it is kept
 * in this process's memory, and only there, until bc_p11_key_close.
 *
 * Signing (bc_p11_key_sign) takes the DER of the signed attributes: RSA PKCS#1 v1.5 through
 * CKM_RSA_PKCS with a DigestInfo built here (what every token has) or else CKM_SHA256_RSA_PKCS;
 * RSASSA-PSS through CKM_SHA256_RSA_PKCS_PSS or else CKM_RSA_PKCS_PSS over the hash; ECDSA
 * through CKM_ECDSA over the SHA-256 hash, the token's raw r||s turned into the DER
 * Ecdsa-Sig-Value CMS carries.
 *
 * Wrong PIN, locked PIN, no token, token removed, no matching key or certificate: BC_BADINPUT,
 * a Vietnamese message naming the token and what to do. PKCS#11 state does not survive fork():
 * everything here runs in one process (see sign/tokenagent.h for how a batch shares it).
 */
#ifndef BC_SIGN_PKCS11_H
#define BC_SIGN_PKCS11_H

#include <openssl/x509.h>

#include "sign/p11uri.h"
#include "util/err.h"

typedef struct bc_p11 bc_p11;
typedef struct bc_p11_key bc_p11_key;

typedef struct bc_pin_source {
    const char *file; /* --pin-file */
    int no_prompt;    /* never ask on the terminal */
} bc_pin_source;

/* The module used when none is named: p11-kit's proxy. */
const char *bc_p11_default_module(void);

/* path NULL: bc_p11_default_module(). */
bc_status bc_p11_load(const char *path, bc_p11 **out, bc_err *err);
const char *bc_p11_path(const bc_p11 *m);
void bc_p11_unload(bc_p11 *m); /* C_Finalize and dlclose; NULL is fine */

bc_status bc_p11_key_open(bc_p11 *m, const bc_p11_uri *u, const bc_pin_source *pin, int pss,
                          bc_p11_key **key, X509 **cert, STACK_OF(X509) **chain, bc_err *err);
/* `sig` has room for `cap` bytes. */
bc_status bc_p11_key_sign(bc_p11_key *k, const unsigned char *tbs, size_t len,
                          unsigned char *sig, size_t cap, size_t *siglen, bc_err *err);
void bc_p11_key_close(bc_p11_key *k); /* logs out, closes the session; NULL is fine */

/* ---- listing (baocao tokens) ---- */

typedef struct bc_p11_obj {
    unsigned long cls;       /* CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY */
    char label[256];
    unsigned char id[128];
    size_t id_len;
    char key[32];            /* "RSA 3072", "EC prime256v1", "" */
    X509 *cert;              /* certificates only */
} bc_p11_obj;

typedef struct bc_p11_tok {
    unsigned long slot;
    char label[33], manufacturer[33], model[17], serial[17];
    unsigned long flags;     /* CKF_* of CK_TOKEN_INFO */
    int logged_in;
    bc_p11_obj *obj;
    size_t nobj;
} bc_p11_tok;

/* Every initialised token that `filter` (may be NULL) matches, with its certificates and keys;
 * with `pin` non-NULL each token that needs it is logged into first, so private keys show. */
bc_status bc_p11_list(bc_p11 *m, const bc_p11_uri *filter, const bc_pin_source *pin,
                      bc_p11_tok **toks, size_t *n, bc_err *err);
void bc_p11_list_free(bc_p11_tok *t, size_t n);

#endif
