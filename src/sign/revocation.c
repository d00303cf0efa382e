/* revocation.c — see revocation.h. */
#include "sign/revocation.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "sign/http.h"
#include "sign/keys.h"
#include "sign/tsa.h"
#include "sign/verify.h"

static time_t time_of(const ASN1_TIME *t)
{
    struct tm tm;
    return t && ASN1_TIME_to_tm(t, &tm) ? timegm(&tm) : 0;
}

static void set_url(bc_rev *r, const char *url)
{
    snprintf(r->url, sizeof r->url, "%s", url ? url : "");
}

/* ---- judging an answer at hand ---------------------------------------------------------- */

typedef enum { JUDGED, OTHER_CERT, UNTRUSTED } judgement;

static judgement judge_ocsp(OCSP_BASICRESP *bs, X509 *c, X509 *issuer, STACK_OF(X509) *pool,
                            X509_STORE *trust, bc_rev *out)
{
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, c, issuer);
    int status = -1, reason = -1;
    ASN1_GENERALIZEDTIME *rev = NULL, *thisu = NULL, *nextu = NULL;
    int found = id && OCSP_resp_find_status(bs, id, &status, &reason, &rev, &thisu, &nextu);
    OCSP_CERTID_free(id);
    if (!found) {
        ERR_clear_error();
        return OTHER_CERT;
    }
    /* The responder's chain as it stood when it answered, not as it stands today. */
    X509_STORE *at = bc_tsa_store_at(trust, time_of(OCSP_resp_get0_produced_at(bs)));
    int ok = at && OCSP_basic_verify(bs, pool, at, 0) == 1;
    X509_STORE_free(at);
    ERR_clear_error();
    if (!ok)
        return UNTRUSTED;
    out->is_crl = 0;
    out->status = status == V_OCSP_CERTSTATUS_GOOD      ? BC_REV_GOOD
                  : status == V_OCSP_CERTSTATUS_REVOKED ? BC_REV_REVOKED
                                                        : BC_REV_UNKNOWN;
    out->reason = reason;
    out->revoked_at = time_of(rev);
    out->this_update = time_of(thisu);
    out->next_update = time_of(nextu);
    sk_X509_pop_free(out->signers, X509_free);
    out->signers = X509_chain_up_ref((STACK_OF(X509) *)OCSP_resp_get0_certs(bs));
    return JUDGED;
}

int bc_rev_from_ocsp(OCSP_BASICRESP *bs, X509 *c, X509 *issuer, STACK_OF(X509) *pool,
                     X509_STORE *trust, bc_rev *out)
{
    return judge_ocsp(bs, c, issuer, pool, trust, out) == JUDGED;
}

int bc_rev_from_crl(X509_CRL *crl, X509 *c, X509 *issuer, bc_rev *out)
{
    /* A CA whose key usage leaves out cRLSign may not sign CRLs (RFC 5280 §4.2.1.3). */
    if (!(X509_get_key_usage(issuer) & KU_CRL_SIGN) ||
        X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) ||
        X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
        ERR_clear_error();
        return 0;
    }
    X509_REVOKED *r = NULL;
    out->is_crl = 1;
    out->this_update = time_of(X509_CRL_get0_lastUpdate(crl));
    out->next_update = time_of(X509_CRL_get0_nextUpdate(crl));
    out->status = BC_REV_GOOD;
    out->reason = -1;
    if (X509_CRL_get0_by_cert(crl, &r, c) == 1) {
        out->status = BC_REV_REVOKED;
        out->revoked_at = time_of(X509_REVOKED_get0_revocationDate(r));
        ASN1_ENUMERATED *why = X509_REVOKED_get_ext_d2i(r, NID_crl_reason, NULL, NULL);
        out->reason = why ? (int)ASN1_ENUMERATED_get(why) : -1;
        ASN1_ENUMERATED_free(why);
    }
    ERR_clear_error();
    return 1;
}

int bc_rev_usable_at(const bc_rev *r, time_t t)
{
    if (r->status == BC_REV_REVOKED)
        return 1;
    if (r->status != BC_REV_GOOD)
        return 0;
    return r->this_update + BC_CLOCK_SKEW >= t || (r->next_update && t <= r->next_update);
}

/* ---- words ------------------------------------------------------------------------------ */

static const char *reason_text(int r)
{
    switch (r) {
    case OCSP_REVOKED_STATUS_KEYCOMPROMISE: return "lộ khóa";
    case OCSP_REVOKED_STATUS_CACOMPROMISE: return "CA bị lộ khóa";
    case OCSP_REVOKED_STATUS_AFFILIATIONCHANGED: return "thay đổi đơn vị";
    case OCSP_REVOKED_STATUS_SUPERSEDED: return "đã thay bằng chứng thư khác";
    case OCSP_REVOKED_STATUS_CESSATIONOFOPERATION: return "ngừng hoạt động";
    case OCSP_REVOKED_STATUS_CERTIFICATEHOLD: return "tạm dừng";
    default: return "không nêu lý do";
    }
}

void bc_rev_revoked_text(const bc_rev *r, char *out, size_t cap)
{
    char when[64] = "?";
    ASN1_TIME *t = ASN1_TIME_set(NULL, r->revoked_at);
    if (t)
        bc_asn1_time_text(t, when, sizeof when);
    ASN1_TIME_free(t);
    snprintf(out, cap, "đã bị thu hồi lúc %s (%s), theo %s%s%s", when, reason_text(r->reason),
             r->is_crl ? "danh sách thu hồi (CRL)" : "máy chủ OCSP", *r->url ? " " : "", r->url);
}

void bc_rev_source_text(const bc_rev *r, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s%s", r->is_crl ? "CRL" : "OCSP", *r->url ? " " : "", r->url);
}

void bc_rev_free(bc_rev *r)
{
    bc_buf_free(&r->der);
    sk_X509_pop_free(r->signers, X509_free);
    r->signers = NULL;
}

/* ---- the cache -------------------------------------------------------------------------- */

typedef struct cached {
    bc_buf key; /* "o" + the CertID (DER), or "c" + the CRL's URL */
    bc_buf der;
    time_t next_update;
} cached;

static cached cache[BC_REV_CACHE_MAX];
static size_t cache_oldest; /* where the next answer goes once every slot is used */

static cached *cache_find(const bc_buf *key)
{
    time_t now = time(NULL);
    for (size_t i = 0; i < BC_REV_CACHE_MAX; i++) {
        cached *e = &cache[i];
        if (e->key.len != key->len || memcmp(e->key.data, key->data, key->len))
            continue;
        if (e->next_update > now)
            return e;
        bc_buf_free(&e->key); /* outdated: asked again */
        bc_buf_free(&e->der);
    }
    return NULL;
}

static void cache_put(const bc_buf *key, const bc_buf *der, time_t next_update)
{
    if (!next_update || key->oom || der->oom)
        return;
    cached *e = NULL;
    /* The same key again (an answer that no longer passed) is replaced, else a free slot. */
    for (size_t i = 0; !e && i < BC_REV_CACHE_MAX; i++)
        if (cache[i].key.len == key->len && !memcmp(cache[i].key.data, key->data, key->len))
            e = &cache[i];
    for (size_t i = 0; !e && i < BC_REV_CACHE_MAX; i++)
        if (!cache[i].key.len)
            e = &cache[i];
    if (!e) {
        e = &cache[cache_oldest];
        cache_oldest = (cache_oldest + 1) % BC_REV_CACHE_MAX;
    }
    bc_buf_free(&e->key);
    bc_buf_free(&e->der);
    bc_buf_append(&e->key, key->data, key->len);
    bc_buf_append(&e->der, der->data, der->len);
    e->next_update = next_update;
    if (e->key.oom || e->der.oom) {
        bc_buf_free(&e->key);
        bc_buf_free(&e->der);
    }
}

/* ---- asking ----------------------------------------------------------------------------- */

/* Both checks an answer fetched now must pass on top of its signature. */
static int current(const bc_rev *r)
{
    time_t now = time(NULL);
    return r->this_update <= now + BC_CLOCK_SKEW &&
           (!r->next_update || r->next_update >= now - BC_CLOCK_SKEW);
}

typedef struct asking {
    X509 *c, *issuer;
    STACK_OF(X509) *pool;
    X509_STORE *trust;
    const char *who;
    bc_rev *out;
} asking;

/* An OCSPResponse (DER) fetched from `url`, or remembered from it: judged into a->out.
 * `req` is the request sent (NULL for a remembered answer, whose nonce was checked then). */
static bc_status take_ocsp(asking *a, const bc_buf *der, OCSP_REQUEST *req, const char *url,
                           bc_err *err)
{
    const unsigned char *p = (const unsigned char *)der->data;
    OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)der->len);
    int rs = resp ? OCSP_response_status(resp) : -1;
    OCSP_BASICRESP *bs = rs == OCSP_RESPONSE_STATUS_SUCCESSFUL ? OCSP_response_get1_basic(resp) : NULL;
    bc_status st = BC_BADINPUT;
    judgement j = bs ? judge_ocsp(bs, a->c, a->issuer, a->pool, a->trust, a->out) : UNTRUSTED;
    if (!resp)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "máy chủ OCSP %s trả lời không phải OCSPResponse (RFC 6960)", url);
    else if (rs != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "máy chủ OCSP %s không trả lời được về chứng thư của %s (%s)", url, a->who,
                   OCSP_response_status_str(rs));
    else if (!bs)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "câu trả lời OCSP của %s không đọc được", url);
    else if (req && OCSP_check_nonce(req, bs) == 0)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "câu trả lời OCSP của %s mang nonce khác (câu trả lời cũ bị phát lại?)", url);
    else if (j == OTHER_CERT)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "câu trả lời OCSP của %s nói về chứng thư khác, không phải của %s", url, a->who);
    else if (j == UNTRUSTED)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "câu trả lời OCSP của %s về %s không có chữ ký tin cậy (không do CA cấp "
                   "chứng thư hoặc máy chủ OCSP được CA ủy quyền ký)", url, a->who);
    else if (!current(a->out))
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "câu trả lời OCSP của %s về %s đã cũ hoặc ghi thời gian tương lai", url, a->who);
    else if (a->out->status == BC_REV_UNKNOWN)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "máy chủ OCSP %s không biết chứng thư của %s (trạng thái unknown)", url, a->who);
    else
        st = BC_OK;
    ERR_clear_error();
    OCSP_BASICRESP_free(bs);
    OCSP_RESPONSE_free(resp);
    return st;
}

static bc_status take_crl(asking *a, const bc_buf *der, const char *url, bc_err *err)
{
    const unsigned char *p = (const unsigned char *)der->data;
    X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)der->len);
    bc_status st = BC_BADINPUT;
    if (!crl)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "tệp tải từ %s không phải danh sách thu hồi CRL (DER)", url);
    else if (!bc_rev_from_crl(crl, a->c, a->issuer, a->out))
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "danh sách thu hồi (CRL) tải từ %s không do CA cấp chứng thư của %s ký", url,
                   a->who);
    else if (!current(a->out))
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "danh sách thu hồi (CRL) tải từ %s đã hết hạn (nextUpdate đã qua) hoặc ghi "
                   "thời gian tương lai", url);
    else
        st = BC_OK;
    X509_CRL_free(crl);
    ERR_clear_error();
    return st;
}

/* The answer becomes a->out's own copy (for a /DSS), and is remembered under `key`. */
static bc_status keep(asking *a, const bc_buf *key, const bc_buf *der, const char *url,
                      int fetched)
{
    bc_buf_free(&a->out->der);
    bc_buf_append(&a->out->der, der->data, der->len);
    set_url(a->out, url);
    if (fetched)
        cache_put(key, der, a->out->next_update);
    return a->out->der.oom ? BC_FAIL : BC_OK;
}

static bc_status ask_ocsp(asking *a, const char *url, const bc_buf *key, bc_err *err)
{
    cached *hit = cache_find(key);
    if (hit && take_ocsp(a, &hit->der, NULL, url, err) == BC_OK)
        return keep(a, key, &hit->der, url, 0);
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, a->c, a->issuer);
    unsigned char *q = NULL;
    int qn = 0;
    if (req && id && OCSP_request_add0_id(req, id)) {
        id = NULL;
        if (OCSP_request_add1_nonce(req, NULL, -1))
            qn = i2d_OCSP_REQUEST(req, &q);
    }
    bc_buf ans = BC_BUF_INIT;
    bc_status st = qn > 0 ? bc_http_post(url, "application/ocsp-request", q, (size_t)qn,
                                         "máy chủ OCSP", &ans, err)
                          : bc_ossl_fail(err, "không tạo được yêu cầu OCSP");
    if (st == BC_OK)
        st = take_ocsp(a, &ans, req, url, err);
    if (st == BC_OK)
        st = keep(a, key, &ans, url, 1);
    OCSP_CERTID_free(id);
    OCSP_REQUEST_free(req);
    OPENSSL_free(q);
    bc_buf_free(&ans);
    return st;
}

static bc_status ask_crl(asking *a, const char *url, bc_err *err)
{
    bc_buf key = BC_BUF_INIT, ans = BC_BUF_INIT;
    bc_buf_putc(&key, 'c');
    bc_buf_puts(&key, url);
    cached *hit = cache_find(&key);
    bc_status st;
    if (hit && take_crl(a, &hit->der, url, err) == BC_OK)
        st = keep(a, &key, &hit->der, url, 0);
    else if ((st = bc_http_get(url, "điểm phân phối CRL", &ans, err)) == BC_OK &&
             (st = take_crl(a, &ans, url, err)) == BC_OK)
        st = keep(a, &key, &ans, url, 1);
    bc_buf_free(&key);
    bc_buf_free(&ans);
    return st;
}

static STACK_OF(OPENSSL_STRING) *crl_urls(X509 *c)
{
    STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(c, NID_crl_distribution_points, NULL, NULL);
    STACK_OF(OPENSSL_STRING) *urls = sk_OPENSSL_STRING_new_null();
    for (int i = 0; urls && i < sk_DIST_POINT_num(dps); i++) {
        DIST_POINT_NAME *n = sk_DIST_POINT_value(dps, i)->distpoint;
        if (!n || n->type != 0)
            continue;
        for (int k = 0; k < sk_GENERAL_NAME_num(n->name.fullname); k++) {
            GENERAL_NAME *g = sk_GENERAL_NAME_value(n->name.fullname, k);
            if (g->type != GEN_URI)
                continue;
            ASN1_IA5STRING *u = g->d.uniformResourceIdentifier;
            char *s = OPENSSL_strndup((const char *)ASN1_STRING_get0_data(u),
                                      (size_t)ASN1_STRING_length(u));
            if (s && !sk_OPENSSL_STRING_push(urls, s))
                OPENSSL_free(s);
        }
    }
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    ERR_clear_error();
    return urls;
}

static void free_str(char *s)
{
    OPENSSL_free(s);
}

/* The cache's key of the certificate's OCSP answers: its CertID. */
static void ocsp_key(X509 *c, X509 *issuer, bc_buf *key)
{
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, c, issuer);
    unsigned char *der = NULL;
    int n = id ? i2d_OCSP_CERTID(id, &der) : 0;
    bc_buf_putc(key, 'o');
    if (n > 0)
        bc_buf_append(key, der, (size_t)n);
    OPENSSL_free(der);
    OCSP_CERTID_free(id);
}

int bc_rev_published(X509 *c)
{
    STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp(c), *crl = crl_urls(c);
    int some = sk_OPENSSL_STRING_num(ocsp) > 0 || sk_OPENSSL_STRING_num(crl) > 0;
    X509_email_free(ocsp);
    sk_OPENSSL_STRING_pop_free(crl, free_str);
    return some;
}

bc_status bc_rev_fetch(X509 *c, X509 *issuer, STACK_OF(X509) *pool, X509_STORE *trust,
                       bc_rev *out, int *nowhere, bc_err *err)
{
    char *who = bc_cert_subject_field(c, NID_commonName);
    asking a = {c, issuer, pool, trust, who ? who : "?", out};
    STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp(c), *crl = crl_urls(c);
    bc_buf key = BC_BUF_INIT;
    ocsp_key(c, issuer, &key);
    bc_err tried = BC_ERR_INIT;
    bc_status st = BC_BADINPUT;
    /* OCSP first (fresher, smaller); a CRL when no responder gives a checked answer. */
    for (int i = 0; st != BC_OK && i < sk_OPENSSL_STRING_num(ocsp); i++)
        st = ask_ocsp(&a, sk_OPENSSL_STRING_value(ocsp, i), &key, &tried);
    for (int i = 0; st != BC_OK && i < sk_OPENSSL_STRING_num(crl); i++)
        st = ask_crl(&a, sk_OPENSSL_STRING_value(crl, i), &tried);
    int none = sk_OPENSSL_STRING_num(ocsp) <= 0 && sk_OPENSSL_STRING_num(crl) <= 0;
    if (nowhere)
        *nowhere = none;
    if (none)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "chứng thư của %s không cho biết nơi hỏi tình trạng thu hồi (không có OCSP "
                   "trong AIA, không có CRL Distribution Points)", a.who);
    else if (st != BC_OK)
        bc_err_merge(err, &tried);
    bc_err_free(&tried);
    bc_buf_free(&key);
    X509_email_free(ocsp);
    sk_OPENSSL_STRING_pop_free(crl, free_str);
    free(who);
    return st == BC_OK ? BC_OK : st == BC_FAIL ? BC_FAIL : BC_BADINPUT;
}
