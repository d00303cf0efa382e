/* tsa.c — see tsa.h. */
#include "sign/tsa.h"

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "sign/cms.h"
#include "sign/http.h"
#include "sign/keys.h"

static int sha256(const void *data, size_t len, unsigned char md[32])
{
    unsigned int n = 0;
    return EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) && n == 32;
}

/* TimeStampReq: version 1, SHA-256 imprint, nonce, certReq. DER into `der`. */
static int make_query(const unsigned char md[32], const ASN1_INTEGER *nonce, bc_buf *der)
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    unsigned char *out = NULL;
    int ok = req && mi && alg && TS_REQ_set_version(req, 1) &&
             X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) &&
             TS_MSG_IMPRINT_set_algo(mi, alg) && TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)md, 32) &&
             TS_REQ_set_msg_imprint(req, mi) && TS_REQ_set_nonce(req, nonce) &&
             TS_REQ_set_cert_req(req, 1);
    int n = ok ? i2d_TS_REQ(req, &out) : 0;
    if (n > 0)
        bc_buf_append(der, out, (size_t)n);
    OPENSSL_free(out);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(mi);
    TS_REQ_free(req);
    return n > 0 && !der->oom;
}

static ASN1_INTEGER *fresh_nonce(void)
{
    unsigned char r[8];
    if (RAND_bytes(r, sizeof r) != 1)
        return NULL;
    r[0] &= 0x7f; /* positive, and not always 8 bytes long: any 63-bit value */
    BIGNUM *bn = BN_bin2bn(r, sizeof r, NULL);
    ASN1_INTEGER *i = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
    BN_free(bn);
    return i;
}

/* The TSA's own words on a refusal (PKIFreeText), for the message. */
static void status_text(TS_STATUS_INFO *si, char *out, size_t cap)
{
    const STACK_OF(ASN1_UTF8STRING) *txt = TS_STATUS_INFO_get0_text(si);
    *out = 0;
    for (int i = 0; i < sk_ASN1_UTF8STRING_num(txt); i++) {
        const ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value(txt, i);
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%.*s", l ? "; " : "", ASN1_STRING_length(s),
                 (const char *)ASN1_STRING_get0_data(s));
    }
}

static bc_status check_status(TS_RESP *resp, const char *url, bc_err *err)
{
    TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
    long status = si ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si)) : -1;
    if (status == 0 || status == 1) /* granted, grantedWithMods */
        return BC_OK;
    static const char *const names[] = {"granted", "grantedWithMods", "rejection", "waiting",
                                        "revocationWarning", "revocationNotification"};
    char text[256];
    status_text(si, text, sizeof text);
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "máy chủ tem thời gian %s từ chối cấp tem (trạng thái %ld %s)%s%s", url,
                      status, status >= 0 && status < 6 ? names[status] : "?",
                      *text ? ": " : "", text);
}

static bc_status check_imprint(TS_TST_INFO *tst, const unsigned char md[32], const char *who,
                               bc_err *err)
{
    TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
    X509_ALGOR *alg = mi ? TS_MSG_IMPRINT_get_algo(mi) : NULL;
    ASN1_OCTET_STRING *d = mi ? TS_MSG_IMPRINT_get_msg(mi) : NULL;
    if (!alg || OBJ_obj2nid(alg->algorithm) != NID_sha256 || !d || ASN1_STRING_length(d) != 32 ||
        memcmp(ASN1_STRING_get0_data(d), md, 32))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "tem thời gian của %s đóng cho dữ liệu khác (dấu băm SHA-256 trong tem "
                          "không khớp với dữ liệu cần đóng tem)", who);
    return BC_OK;
}

/* RFC 3161 §2.3: the TSA's certificate has exactly one EKU, id-kp-timeStamping, critical. */
static bc_status check_eku(X509 *tsa, const char *who, bc_err *err)
{
    char *cn = bc_cert_subject_field(tsa, NID_commonName);
    int at = X509_get_ext_by_NID(tsa, NID_ext_key_usage, -1);
    X509_EXTENSION *ext = at >= 0 ? X509_get_ext(tsa, at) : NULL;
    uint32_t xku = X509_get_extended_key_usage(tsa);
    bc_status st = BC_OK;
    if (!ext || !(xku & XKU_TIMESTAMP))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chứng thư '%s' ký tem thời gian của %s không có mục đích sử dụng "
                        "timeStamping (Extended Key Usage) — không phải chứng thư của máy chủ tem "
                        "thời gian (RFC 3161 §2.3)", cn ? cn : "?", who);
    else if (!X509_EXTENSION_get_critical(ext) || xku != XKU_TIMESTAMP)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chứng thư '%s' ký tem thời gian của %s có mục đích sử dụng timeStamping "
                        "nhưng %s (RFC 3161 §2.3 đòi hỏi một mục đích duy nhất, đánh dấu critical)",
                        cn ? cn : "?", who,
                        xku != XKU_TIMESTAMP ? "kèm mục đích khác" : "không đánh dấu critical");
    free(cn);
    return st;
}

/* A store with the anchors of `trust` that verifies at `at`: the token is judged at its own
 * time, and the caller's store is shared (batch workers) and must not be changed. */
X509_STORE *bc_tsa_store_at(X509_STORE *trust, time_t at)
{
    X509_STORE *s = X509_STORE_new();
    STACK_OF(X509_OBJECT) *objs = s ? X509_STORE_get0_objects(trust) : NULL;
    for (int i = 0; objs && i < sk_X509_OBJECT_num(objs); i++) {
        X509 *c = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        if (c && !X509_STORE_add_cert(s, c)) {
            X509_STORE_free(s);
            return NULL;
        }
    }
    if (s)
        X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(s), at);
    return s;
}

static time_t gen_time_of(TS_TST_INFO *tst)
{
    const ASN1_GENERALIZEDTIME *g = TS_TST_INFO_get_time(tst);
    struct tm tm;
    return g && ASN1_TIME_to_tm(g, &tm) ? timegm(&tm) : 0;
}

/* Signature, ESS signing certificate, chain at genTime, EKU. */
static bc_status check_signed(PKCS7 *p7, TS_TST_INFO *tst, X509_STORE *trust, const char *who,
                              time_t *gen, STACK_OF(X509) **certs, int *sig_bad, bc_err *err)
{
    *sig_bad = 0;
    STACK_OF(X509) *signers = PKCS7_get0_signers(p7, NULL, 0);
    X509 *tsa = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
    ERR_clear_error();
    bc_status st = BC_OK;
    if (!tsa)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "tem thời gian của %s không kèm chứng thư của máy chủ tem thời gian", who);
    if (st == BC_OK)
        st = check_eku(tsa, who, err);
    *gen = gen_time_of(tst);
    X509_STORE *at = st == BC_OK ? bc_tsa_store_at(trust, *gen) : NULL;
    if (st == BC_OK && !at)
        st = bc_ossl_fail(err, "không tạo được kho chứng thư");
    if (st == BC_OK && TS_RESP_verify_signature(p7, NULL, at, NULL) != 1) {
        unsigned long e = ERR_peek_last_error();
        char detail[200] = "";
        ERR_error_string_n(e, detail, sizeof detail);
        ERR_clear_error();
        /* Tell a broken chain from a broken signature: the chain alone, at the same time. */
        bc_err why = BC_ERR_INIT;
        if (bc_cert_chain_check(tsa, p7->d.sign->cert, trust, *gen, &why) != BC_OK)
            st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                            "chứng thư ký tem thời gian của %s — %s (CA gốc của máy chủ tem thời "
                            "gian cho bằng --tsa-trust)", who, why.n ? why.items[0].msg : detail);
        else {
            *sig_bad = 1;
            st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                            "chữ ký trên tem thời gian của %s không hợp lệ (%s)", who, detail);
        }
        bc_err_free(&why);
    }
    if (st == BC_OK && certs) {
        *certs = sk_X509_new_null();
        if (*certs && sk_X509_push(*certs, tsa))
            X509_up_ref(tsa);
        for (int i = 0; *certs && i < sk_X509_num(p7->d.sign->cert); i++) {
            X509 *c = sk_X509_value(p7->d.sign->cert, i);
            if (X509_cmp(c, tsa) && sk_X509_push(*certs, c))
                X509_up_ref(c);
        }
    }
    X509_STORE_free(at);
    sk_X509_free(signers);
    return st;
}

bc_status bc_tsa_check_token(const unsigned char *token, size_t token_len, const void *data,
                             size_t len, X509_STORE *trust, const char *who, time_t *gen_time,
                             STACK_OF(X509) **certs, int *integrity, bc_err *err)
{
    int sig_bad = 0, imprint_ok = 0;
    const unsigned char *p = token;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)token_len);
    TS_TST_INFO *tst = p7 ? PKCS7_to_TS_TST_INFO(p7) : NULL;
    ERR_clear_error();
    unsigned char md[32];
    bc_status st = BC_OK;
    time_t gen = 0;
    if (!tst)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "tem thời gian của %s không đọc được (không phải TimeStampToken RFC 3161)",
                        who);
    else if (!sha256(data, len, md))
        st = bc_ossl_fail(err, "không tính được SHA-256");
    if (st == BC_OK)
        st = check_imprint(tst, md, who, err);
    imprint_ok = st == BC_OK;
    if (st == BC_OK)
        st = check_signed(p7, tst, trust, who, &gen, certs, &sig_bad, err);
    if (gen_time)
        *gen_time = gen;
    if (integrity)
        *integrity = imprint_ok && !sig_bad;
    TS_TST_INFO_free(tst);
    PKCS7_free(p7);
    return st;
}

time_t bc_tsa_token_time(const unsigned char *token, size_t token_len)
{
    const unsigned char *p = token;
    PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)token_len);
    TS_TST_INFO *tst = p7 ? PKCS7_to_TS_TST_INFO(p7) : NULL;
    time_t t = tst ? gen_time_of(tst) : 0;
    ERR_clear_error();
    TS_TST_INFO_free(tst);
    PKCS7_free(p7);
    return t;
}

/* Parses the answer and checks it against what we asked. */
static bc_status check_answer(const bc_tsa *t, const bc_buf *ans, const unsigned char md[32],
                              const ASN1_INTEGER *nonce, bc_buf *token, bc_err *err)
{
    const unsigned char *p = (const unsigned char *)ans->data;
    TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)ans->len);
    ERR_clear_error();
    if (!resp)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "máy chủ tem thời gian %s trả lời không phải TimeStampResp (RFC 3161)",
                          t->url);
    bc_status st = check_status(resp, t->url, err);
    PKCS7 *p7 = st == BC_OK ? TS_RESP_get_token(resp) : NULL;
    TS_TST_INFO *tst = st == BC_OK ? TS_RESP_get_tst_info(resp) : NULL;
    char who[600];
    snprintf(who, sizeof who, "máy chủ %s", t->url);
    if (st == BC_OK && (!p7 || !tst))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "máy chủ tem thời gian %s cấp tem nhưng không gửi kèm tem", t->url);
    if (st == BC_OK)
        st = check_imprint(tst, md, who, err);
    if (st == BC_OK) {
        const ASN1_INTEGER *got = TS_TST_INFO_get_nonce(tst);
        if (!got || ASN1_INTEGER_cmp(got, nonce))
            st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                            "tem thời gian của máy chủ %s mang số nonce khác số đã gửi (câu trả "
                            "lời cũ hoặc của yêu cầu khác — có thể bị phát lại)", t->url);
    }
    time_t gen = 0;
    int sig_bad = 0;
    if (st == BC_OK)
        st = check_signed(p7, tst, t->trust, who, &gen, NULL, &sig_bad, err);
    unsigned char *der = NULL;
    int n = st == BC_OK ? i2d_PKCS7(p7, &der) : 0;
    if (st == BC_OK && n <= 0)
        st = bc_ossl_fail(err, "không mã hóa được tem thời gian");
    if (n > 0)
        bc_buf_append(token, der, (size_t)n);
    OPENSSL_free(der);
    TS_RESP_free(resp);
    return st;
}

bc_status bc_tsa_stamp(const bc_tsa *t, const void *data, size_t len, bc_buf *token,
                       bc_err *err)
{
    unsigned char md[32];
    if (!sha256(data, len, md))
        return bc_ossl_fail(err, "không tính được SHA-256");
    ASN1_INTEGER *nonce = fresh_nonce();
    bc_buf q = BC_BUF_INIT, ans = BC_BUF_INIT;
    bc_status st = nonce && make_query(md, nonce, &q)
                       ? BC_OK
                       : bc_ossl_fail(err, "không tạo được yêu cầu tem thời gian");
    if (st == BC_OK)
        st = bc_http_post(t->url, "application/timestamp-query", q.data, q.len,
                          "máy chủ tem thời gian", &ans, err);
    if (st == BC_OK)
        st = check_answer(t, &ans, md, nonce, token, err);
    ASN1_INTEGER_free(nonce);
    bc_buf_free(&q);
    bc_buf_free(&ans);
    return st;
}

bc_status bc_tsa_stamp_cms(const bc_tsa *t, bc_buf *der, bc_err *err)
{
    bc_buf value = BC_BUF_INIT, token = BC_BUF_INIT, stamped = BC_BUF_INIT;
    bc_status st = bc_cms_signature_value(der, &value, err);
    if (st == BC_OK)
        st = bc_tsa_stamp(t, value.data, value.len, &token, err);
    if (st == BC_OK)
        st = bc_cms_add_timestamp(der, token.data, token.len, &stamped, err);
    if (st == BC_OK) {
        bc_buf_free(der);
        *der = stamped;
    } else
        bc_buf_free(&stamped);
    bc_buf_free(&value);
    bc_buf_free(&token);
    return st;
}
