/* cms.c — see cms.h. */
#include "sign/cms.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <stdlib.h>
#include <string.h>

#include "sign/sigvalue.h"
#include "sign/keys.h"

/* The chain without the signer (CMS_add1_cert refuses a certificate already present). */
static int add_chain(CMS_ContentInfo *cms, const bc_signer *s)
{
    for (int i = 0; i < sk_X509_num(s->chain); i++) {
        X509 *c = sk_X509_value(s->chain, i);
        if (X509_cmp(c, s->cert) && !CMS_add1_cert(cms, c))
            return 0;
    }
    return 1;
}

typedef struct der_item {
    unsigned char *p;
    int n;
} der_item;

static int cmp_der(const void *a, const void *b)
{
    const der_item *x = a, *y = b;
    int m = memcmp(x->p, y->p, (size_t)(x->n < y->n ? x->n : y->n));
    return m ? m : x->n - y->n;
}

/* DER of the signed attributes as the SET OF that is signed (RFC 5652 §5.4): each attribute
 * encoded, sorted by encoding as DER requires, wrapped in a SET tag. */
static int signed_attrs_der(CMS_SignerInfo *si, bc_buf *out)
{
    int n = CMS_signed_get_attr_count(si);
    if (n <= 0)
        return 0;
    der_item *items = calloc((size_t)n, sizeof *items);
    if (!items)
        return 0;
    size_t total = 0;
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
        items[i].n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &items[i].p);
        ok = items[i].n > 0;
        total += ok ? (size_t)items[i].n : 0;
    }
    if (ok) {
        qsort(items, (size_t)n, sizeof *items, cmp_der);
        unsigned char hdr[6] = {0x31};
        size_t h = 1;
        if (total < 0x80)
            hdr[h++] = (unsigned char)total;
        else if (total < 0x100) {
            hdr[h++] = 0x81;
            hdr[h++] = (unsigned char)total;
        } else if (total < 0x10000) {
            hdr[h++] = 0x82;
            hdr[h++] = (unsigned char)(total >> 8);
            hdr[h++] = (unsigned char)total;
        } else
            ok = 0;
        bc_buf_append(out, hdr, h);
        for (int i = 0; i < n; i++)
            bc_buf_append(out, items[i].p, (size_t)items[i].n);
    }
    for (int i = 0; i < n; i++)
        OPENSSL_free(items[i].p);
    free(items);
    return ok && !out->oom;
}

/* Builds the PAdES SignedData; with `dry` the signature value is zeros of the key's maximum
 * signature size, which gives the size bound without using the key. `signing_time` adds the
 * signingTime attribute (detached signatures of other files, not PAdES). */
static bc_status build_pades(const bc_signer *s, const unsigned char digest[BC_SHA256_LEN],
                             int dry, int signing_time, bc_buf *der, bc_err *err)
{
    const unsigned int flags = CMS_BINARY | CMS_DETACHED | CMS_PARTIAL;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
    if (!cms)
        return bc_ossl_fail(err, "không tạo được CMS");
    bc_status st = BC_OK;
    bc_buf attrs = BC_BUF_INIT;
    unsigned char *sig = NULL, *out = NULL;
    ASN1_TIME *now = NULL;
    CMS_SignerInfo *si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
                                         flags | CMS_CADES | CMS_NOSMIMECAP);
    if (!si || !add_chain(cms, s) || !bc_sigvalue_set_alg(s, si)) {
        st = bc_ossl_fail(err, "không thêm được người ký hoặc chuỗi chứng thư vào CMS");
        goto done;
    }
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                    OBJ_nid2obj(NID_pkcs7_data), -1) <= 0 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest,
                                    BC_SHA256_LEN) <= 0 ||
        (signing_time && (!(now = X509_gmtime_adj(NULL, 0)) ||
                          CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, now->type, now,
                                                      -1) <= 0)) ||
        !signed_attrs_der(si, &attrs)) {
        st = bc_ossl_fail(err, "không tạo được thuộc tính ký");
        goto done;
    }
    size_t siglen = (size_t)EVP_PKEY_get_size(s->key);
    sig = OPENSSL_zalloc(siglen ? siglen : 1);
    if (!sig) {
        st = bc_ossl_fail(err, "hết bộ nhớ");
        goto done;
    }
    if (!dry && (st = bc_sigvalue_make(s, (unsigned char *)attrs.data, attrs.len, sig,
                                       &siglen, err)) != BC_OK)
        goto done;
    if (!ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)siglen)) {
        st = bc_ossl_fail(err, "hết bộ nhớ");
        goto done;
    }
    int n = i2d_CMS_ContentInfo(cms, &out);
    if (n <= 0) {
        st = bc_ossl_fail(err, "không mã hóa được CMS (DER)");
        goto done;
    }
    bc_buf_append(der, out, (size_t)n);
    if (der->oom)
        st = bc_err_oom(err, NULL);
done:
    OPENSSL_free(out);
    OPENSSL_free(sig);
    ASN1_TIME_free(now);
    bc_buf_free(&attrs);
    CMS_ContentInfo_free(cms);
    return st;
}

bc_status bc_cms_sign_pades(const bc_signer *s, const unsigned char digest[BC_SHA256_LEN],
                            bc_buf *der, bc_err *err)
{
    return build_pades(s, digest, 0, 0, der, err);
}

bc_status bc_cms_pades_size_bound(const bc_signer *s, size_t *bound, bc_err *err)
{
    unsigned char zero[BC_SHA256_LEN] = {0};
    bc_buf der = BC_BUF_INIT;
    bc_status st = build_pades(s, zero, 1, 0, &der, err);
    *bound = der.len;
    bc_buf_free(&der);
    return st;
}

/* The same SignerInfo as PAdES plus signingTime, so a key on a token signs a DOCX the way it
 * signs a PDF (OpenSSL's CMS_sign needs the private key in this process). */
bc_status bc_cms_sign_detached(const bc_signer *s, const void *data, size_t len, bc_buf *der,
                               bc_err *err)
{
    unsigned char digest[BC_SHA256_LEN];
    if (!EVP_Digest(data, len, digest, NULL, EVP_sha256(), NULL))
        return bc_ossl_fail(err, "không tính được SHA-256 của tệp");
    return build_pades(s, digest, 0, 1, der, err);
}

/* ---- PAdES B-T: the signature timestamp as an unsigned attribute ------------------------ */

static CMS_SignerInfo *first_signer(const void *der, size_t len, CMS_ContentInfo **cms)
{
    const unsigned char *p = der;
    *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    STACK_OF(CMS_SignerInfo) *sis = *cms ? CMS_get0_SignerInfos(*cms) : NULL;
    return sis && sk_CMS_SignerInfo_num(sis) ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
}

bc_status bc_cms_signature_value(const bc_buf *der, bc_buf *value, bc_err *err)
{
    CMS_ContentInfo *cms;
    CMS_SignerInfo *si = first_signer(der->data, der->len, &cms);
    ASN1_OCTET_STRING *sig = si ? CMS_SignerInfo_get0_signature(si) : NULL;
    if (sig)
        bc_buf_append(value, ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig));
    CMS_ContentInfo_free(cms);
    return sig && !value->oom ? BC_OK : bc_ossl_fail(err, "không đọc được giá trị chữ ký trong CMS");
}

bc_status bc_cms_add_timestamp(const bc_buf *der, const void *token, size_t len, bc_buf *out,
                               bc_err *err)
{
    CMS_ContentInfo *cms;
    CMS_SignerInfo *si = first_signer(der->data, der->len, &cms);
    unsigned char *enc = NULL;
    /* V_ASN1_SEQUENCE: the bytes are the whole DER of the token, written as they are. */
    int n = si && CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken,
                                                V_ASN1_SEQUENCE, token, (int)len) > 0
                ? i2d_CMS_ContentInfo(cms, &enc)
                : 0;
    if (n > 0)
        bc_buf_append(out, enc, (size_t)n);
    OPENSSL_free(enc);
    CMS_ContentInfo_free(cms);
    return n > 0 && !out->oom ? BC_OK : bc_ossl_fail(err, "không thêm được tem thời gian vào CMS");
}

bc_status bc_cms_certs_and_timestamp(const void *der, size_t len, STACK_OF(X509) **certs,
                                     bc_buf *token, bc_err *err)
{
    CMS_ContentInfo *cms;
    CMS_SignerInfo *si = first_signer(der, len, &cms);
    *certs = si ? CMS_get1_certs(cms) : NULL;
    int at = si ? CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) : -1;
    ASN1_TYPE *t = at >= 0 ? X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0) : NULL;
    if (t && t->type == V_ASN1_SEQUENCE)
        bc_buf_append(token, t->value.sequence->data, (size_t)t->value.sequence->length);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    if (!*certs)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "CMS của chữ ký không đọc được");
    return token->oom ? bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ") : BC_OK;
}
