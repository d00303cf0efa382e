/* fuzz_revocation.c — libFuzzer harness for the revocation answers a responder sends back
 * (sign/revocation.h): what `verify` and `sign --level B-LT` read from an OCSP responder, a CRL
 * distribution point or a /DSS is anyone's bytes (corpus/revocation/ seeds, regress/revocation/
 * every crash found).
 *
 * The first byte chooses the kind (even: an OCSPResponse, odd: a CRL), the rest is the DER. Each
 * is judged for the certificate with serial 2 of a CA the harness makes once in memory, at a few
 * times, and its words made: nothing may crash, leak or loop, whatever the answer says. The CA's
 * key is fixed (a test key, below), so that the seeds — answers signed with it by `openssl ocsp`
 * and `openssl ca -gencrl` — speak of this very certificate and reach the judging code.
 */
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/revocation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness CA's key (EC P-256), a test key of this harness alone. */
static const char CA_KEY[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg05vsmdy4KGR2lo2g\n"
    "H0LTq6EjqQ60ga8Pc49XqIU/h4OhRANCAAQu5/TPDABly6/ED9X54uGcYfSjKKC6\n"
    "pIHkzM/bhrHB4vtT/vIuAwpo1U1rDPH1dStOGvyvTYT4jPfcspkB9+AY\n"
    "-----END PRIVATE KEY-----\n";

static X509 *ca, *leaf;
static STACK_OF(X509) *pool;
static X509_STORE *trust;

static X509 *make_cert(EVP_PKEY *key, EVP_PKEY *signer, X509 *issuer, const char *cn, long serial)
{
    X509 *c = X509_new();
    X509_NAME *n = X509_NAME_new();
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0);
    X509_set_version(c, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
    X509_set_subject_name(c, n);
    X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
    X509_gmtime_adj(X509_getm_notBefore(c), -86400L * 365);
    X509_gmtime_adj(X509_getm_notAfter(c), 86400L * 365);
    X509_set_pubkey(c, key);
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, issuer ? issuer : c, c, NULL, NULL, 0);
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, NID_key_usage,
                                            issuer ? "digitalSignature" : "keyCertSign,cRLSign");
    X509_add_ext(c, e, -1);
    X509_EXTENSION_free(e);
    X509_sign(c, signer, EVP_sha256());
    X509_NAME_free(n);
    return c;
}

static void setup(void)
{
    BIO *b = BIO_new_mem_buf(CA_KEY, -1);
    EVP_PKEY *k1 = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL), *k2 = EVP_EC_gen("P-256");
    BIO_free(b);
    if (!k1 || !k2)
        abort();
    ca = make_cert(k1, k1, NULL, "CA fuzz", 1);
    leaf = make_cert(k2, k1, ca, "Nguoi ky fuzz", 2);
    pool = sk_X509_new_null();
    sk_X509_push(pool, ca);
    X509_up_ref(ca);
    trust = X509_STORE_new();
    X509_STORE_add_cert(trust, ca);
    EVP_PKEY_free(k1);
    EVP_PKEY_free(k2);
}

static void words(const bc_rev *r)
{
    char text[512];
    bc_rev_revoked_text(r, text, sizeof text);
    bc_rev_source_text(r, text, sizeof text);
    const time_t at[] = {0, r->this_update, r->next_update, r->revoked_at, (time_t)1 << 40};
    for (size_t i = 0; i < sizeof at / sizeof *at; i++)
        (void)bc_rev_usable_at(r, at[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ca)
        setup();
    if (size < 1)
        return 0;
    const unsigned char *p = data + 1;
    bc_rev r = BC_REV_INIT;
    if (data[0] & 1) {
        X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)(size - 1));
        if (crl && bc_rev_from_crl(crl, leaf, ca, &r))
            words(&r);
        X509_CRL_free(crl);
    } else {
        OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)(size - 1));
        OCSP_BASICRESP *bs = resp ? OCSP_response_get1_basic(resp) : NULL;
        if (bs && bc_rev_from_ocsp(bs, leaf, ca, pool, trust, &r))
            words(&r);
        OCSP_BASICRESP_free(bs);
        OCSP_RESPONSE_free(resp);
    }
    bc_rev_free(&r);
    ERR_clear_error();
    return 0;
}
