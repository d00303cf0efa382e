/* sigvalue.c — see sigvalue.h. */
#include "sign/sigvalue.h"

#include <openssl/err.h>
#include <openssl/rsa.h>

/* AlgorithmIdentifier { id-RSASSA-PSS, { sha256, mgf1(sha256), saltLength 32 } } (RFC 4055);
 * trailerField is the default and so absent. */
static const unsigned char PSS_SHA256_ALG[] = {
    0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,
    0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
    0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
    0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
    0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20};

int bc_sigvalue_set_alg(const bc_signer *s, CMS_SignerInfo *si)
{
    if (!s->pss)
        return 1;
    X509_ALGOR *alg = NULL;
    CMS_SignerInfo_get0_algs(si, NULL, NULL, NULL, &alg);
    const unsigned char *p = PSS_SHA256_ALG;
    X509_ALGOR *pss = d2i_X509_ALGOR(NULL, &p, sizeof PSS_SHA256_ALG);
    int ok = alg && pss && X509_ALGOR_copy(alg, pss);
    X509_ALGOR_free(pss);
    return ok;
}

static int set_pss(const bc_signer *s, EVP_PKEY_CTX *pctx)
{
    return !s->pss || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
                       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) > 0 &&
                       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0);
}

static bc_status sign_here(const bc_signer *s, const unsigned char *tbs, size_t len,
                           unsigned char *sig, size_t *siglen, bc_err *err)
{
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok = mctx && EVP_DigestSignInit(mctx, &pctx, EVP_sha256(), NULL, s->key) == 1 &&
             set_pss(s, pctx) && EVP_DigestSign(mctx, sig, siglen, tbs, len) == 1;
    EVP_MD_CTX_free(mctx);
    ERR_clear_error();
    return ok ? BC_OK
              : bc_err_add(err, BC_FAIL, NULL, 0, 0, "OpenSSL: ký bằng khóa bí mật thất bại");
}

/* A value from a token is checked with the certificate's key: a wrong key, a token that
 * answers garbage or a mechanism it implements differently shows here, not at the verifier. */
static int verifies(const bc_signer *s, const unsigned char *tbs, size_t len,
                    const unsigned char *sig, size_t siglen)
{
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok = mctx && EVP_DigestVerifyInit(mctx, &pctx, EVP_sha256(), NULL, s->key) == 1 &&
             set_pss(s, pctx) && EVP_DigestVerify(mctx, sig, siglen, tbs, len) == 1;
    EVP_MD_CTX_free(mctx);
    ERR_clear_error();
    return ok;
}

bc_status bc_sigvalue_make(const bc_signer *s, const unsigned char *tbs, size_t len,
                           unsigned char *sig, size_t *siglen, bc_err *err)
{
    if (!s->sign)
        return sign_here(s, tbs, len, sig, siglen, err);
    bc_status st = s->sign(s->sign_ctx, tbs, len, sig, siglen, err);
    if (st == BC_OK && !verifies(s, tbs, len, sig, *siglen))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chữ ký do token tạo ra không kiểm tra được bằng khóa công khai trong "
                        "chứng thư: khóa bí mật trên token không khớp với chứng thư");
    return st;
}
