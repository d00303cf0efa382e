/* ltv.c — see ltv.h. */
#include "sign/ltv.h"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "pdf/pdfupdate.h"
#include "sign/cms.h"
#include "sign/doctimestamp.h"
#include "sign/http.h"
#include "sign/keys.h"

/* Validation data gathered for one signature. */
typedef struct vdata {
    STACK_OF(X509) *pool;  /* every certificate known: the signature's, the token's, anchors */
    STACK_OF(X509) *certs; /* those to store, each once */
    bc_buf *blobs;         /* OCSP responses then CRLs, DER */
    int *is_crl;
    size_t nblobs;
    X509_STORE *stores[2];
} vdata;

static char *who_of(X509 *c)
{
    char *cn = bc_cert_subject_field(c, NID_commonName);
    return cn ? cn : strdup("?");
}

static int push_unique(STACK_OF(X509) *sk, X509 *c)
{
    for (int i = 0; i < sk_X509_num(sk); i++)
        if (!X509_cmp(sk_X509_value(sk, i), c))
            return 1;
    if (!sk_X509_push(sk, c))
        return 0;
    X509_up_ref(c);
    return 1;
}

static int add_blob(vdata *v, const void *p, size_t n, int crl)
{
    bc_buf *nb = realloc(v->blobs, (v->nblobs + 1) * sizeof *nb);
    int *nc = nb ? realloc(v->is_crl, (v->nblobs + 1) * sizeof *nc) : NULL;
    if (nb)
        v->blobs = nb;
    if (!nc)
        return 0;
    v->is_crl = nc;
    v->blobs[v->nblobs] = (bc_buf)BC_BUF_INIT;
    bc_buf_append(&v->blobs[v->nblobs], p, n);
    v->is_crl[v->nblobs++] = crl;
    return !v->blobs[v->nblobs - 1].oom;
}

static int self_signed(X509 *c)
{
    return X509_check_issued(c, c) == X509_V_OK;
}

/* ---- OCSP (RFC 6960) -------------------------------------------------------------------- */

static const char *ocsp_reason(int r)
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

static int basic_verified(vdata *v, OCSP_BASICRESP *bs)
{
    for (int i = 0; i < 2; i++)
        if (v->stores[i] && OCSP_basic_verify(bs, v->pool, v->stores[i], 0) == 1)
            return 1;
    ERR_clear_error();
    return 0;
}

/* Judges a parsed answer for `id`; returns BC_OK when the certificate is good now, and sets
 * `*revoked` when the responder said it is revoked (no other source may then say otherwise). */
static bc_status judge_ocsp(vdata *v, OCSP_REQUEST *req, OCSP_RESPONSE *resp, OCSP_CERTID *id,
                            const char *url, const char *who, int *revoked, bc_err *err)
{
    int rs = OCSP_response_status(resp);
    if (rs != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "máy chủ OCSP %s không trả lời được về chứng thư của %s (%s)", url, who,
                          OCSP_response_status_str(rs));
    OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
    bc_status st = BC_OK;
    int status = -1, reason = -1;
    ASN1_GENERALIZEDTIME *rev = NULL, *thisu = NULL, *nextu = NULL;
    if (!bs)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "câu trả lời OCSP của %s không đọc được", url);
    else if (OCSP_check_nonce(req, bs) == 0)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "câu trả lời OCSP của %s mang nonce khác (câu trả lời cũ bị phát lại?)", url);
    else if (!basic_verified(v, bs))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "câu trả lời OCSP của %s về %s không có chữ ký tin cậy (không do CA cấp "
                        "chứng thư hoặc máy chủ OCSP được CA ủy quyền ký)", url, who);
    else if (!OCSP_resp_find_status(bs, id, &status, &reason, &rev, &thisu, &nextu))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "câu trả lời OCSP của %s nói về chứng thư khác, không phải của %s", url, who);
    else if (!OCSP_check_validity(thisu, nextu, 300, -1))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "câu trả lời OCSP của %s về %s đã cũ hoặc ghi thời gian tương lai", url, who);
    else if (status == V_OCSP_CERTSTATUS_REVOKED) {
        char when[64];
        bc_asn1_time_text(rev, when, sizeof when);
        *revoked = 1;
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chứng thư của %s đã bị thu hồi lúc %s (%s), theo máy chủ OCSP %s", who,
                        when, ocsp_reason(reason), url);
    } else if (status != V_OCSP_CERTSTATUS_GOOD)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "máy chủ OCSP %s không biết chứng thư của %s (trạng thái unknown)", url, who);
    ERR_clear_error();
    /* The responder's own certificate belongs in the DSS too. */
    const STACK_OF(X509) *rc = bs ? OCSP_resp_get0_certs(bs) : NULL;
    for (int i = 0; st == BC_OK && i < sk_X509_num(rc); i++)
        push_unique(v->certs, sk_X509_value(rc, i));
    OCSP_BASICRESP_free(bs);
    return st;
}

static bc_status ocsp_status(vdata *v, X509 *c, X509 *issuer, const char *url, const char *who,
                             int *revoked, bc_err *err)
{
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), c, issuer);
    OCSP_CERTID *mine = id ? OCSP_CERTID_dup(id) : NULL;
    unsigned char *q = NULL;
    int qn = 0;
    if (req && mine && OCSP_request_add0_id(req, id)) {
        id = NULL;
        if (OCSP_request_add1_nonce(req, NULL, -1))
            qn = i2d_OCSP_REQUEST(req, &q);
    }
    bc_buf ans = BC_BUF_INIT;
    bc_status st = qn > 0 ? BC_OK
                          : bc_err_add(err, BC_FAIL, NULL, 0, 0, "OpenSSL: không tạo được yêu cầu OCSP");
    if (st == BC_OK)
        st = bc_http_post(url, "application/ocsp-request", q, (size_t)qn, "máy chủ OCSP", &ans, err);
    const unsigned char *p = (const unsigned char *)ans.data;
    OCSP_RESPONSE *resp = st == BC_OK ? d2i_OCSP_RESPONSE(NULL, &p, (long)ans.len) : NULL;
    if (st == BC_OK && !resp)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "máy chủ OCSP %s trả lời không phải OCSPResponse (RFC 6960)", url);
    if (st == BC_OK)
        st = judge_ocsp(v, req, resp, mine, url, who, revoked, err);
    if (st == BC_OK && !add_blob(v, ans.data, ans.len, 0))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    ERR_clear_error();
    OCSP_RESPONSE_free(resp);
    OCSP_CERTID_free(id);
    OCSP_CERTID_free(mine);
    OCSP_REQUEST_free(req);
    OPENSSL_free(q);
    bc_buf_free(&ans);
    return st;
}

/* ---- CRL (RFC 5280 §5) ------------------------------------------------------------------ */

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
            if (g->type == GEN_URI) {
                char *u = OPENSSL_strndup((const char *)ASN1_STRING_get0_data(g->d.uniformResourceIdentifier),
                                          (size_t)ASN1_STRING_length(g->d.uniformResourceIdentifier));
                if (u && !sk_OPENSSL_STRING_push(urls, u))
                    OPENSSL_free(u);
            }
        }
    }
    sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
    return urls;
}

static void free_str(char *s)
{
    OPENSSL_free(s);
}

static bc_status judge_crl(X509_CRL *crl, X509 *c, X509 *issuer, const char *url, const char *who,
                           bc_err *err)
{
    X509_REVOKED *rev = NULL;
    const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) ||
        X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
        ERR_clear_error();
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "danh sách thu hồi (CRL) tải từ %s không do CA cấp chứng thư của %s ký",
                          url, who);
    }
    if (next && X509_cmp_current_time(next) < 0)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "danh sách thu hồi (CRL) tải từ %s đã hết hạn (nextUpdate đã qua)", url);
    if (X509_CRL_get0_by_cert(crl, &rev, c) == 1) {
        char when[64];
        bc_asn1_time_text(X509_REVOKED_get0_revocationDate(rev), when, sizeof when);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "chứng thư của %s đã bị thu hồi lúc %s, theo danh sách thu hồi %s", who,
                          when, url);
    }
    return BC_OK;
}

static bc_status crl_status(vdata *v, X509 *c, X509 *issuer, const char *url, const char *who,
                            bc_err *err)
{
    bc_buf ans = BC_BUF_INIT;
    bc_status st = bc_http_get(url, "điểm phân phối CRL", &ans, err);
    const unsigned char *p = (const unsigned char *)ans.data;
    X509_CRL *crl = st == BC_OK ? d2i_X509_CRL(NULL, &p, (long)ans.len) : NULL;
    if (st == BC_OK && !crl)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "tệp tải từ %s không phải danh sách thu hồi CRL (DER)", url);
    if (st == BC_OK)
        st = judge_crl(crl, c, issuer, url, who, err);
    if (st == BC_OK && !add_blob(v, ans.data, ans.len, 1))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    ERR_clear_error();
    X509_CRL_free(crl);
    bc_buf_free(&ans);
    return st;
}

/* OCSP from the AIA first (fresher, smaller); a CRL from the CDP when there is no responder or
 * it cannot be reached. A revocation found either way ends it. */
static bc_status revocation(vdata *v, X509 *c, X509 *issuer, bc_err *err)
{
    char *who = who_of(c);
    STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp(c);
    STACK_OF(OPENSSL_STRING) *crl = crl_urls(c);
    bc_err tried = BC_ERR_INIT;
    bc_status st = BC_BADINPUT;
    for (int i = 0; st != BC_OK && i < sk_OPENSSL_STRING_num(ocsp); i++) {
        bc_err one = BC_ERR_INIT;
        int revoked = 0;
        st = ocsp_status(v, c, issuer, sk_OPENSSL_STRING_value(ocsp, i), who, &revoked, &one);
        bc_err_merge(revoked ? err : &tried, &one);
        if (revoked)
            goto done;
    }
    for (int i = 0; st != BC_OK && i < sk_OPENSSL_STRING_num(crl); i++) {
        bc_err one = BC_ERR_INIT;
        st = crl_status(v, c, issuer, sk_OPENSSL_STRING_value(crl, i), who, &one);
        bc_err_merge(&tried, &one);
    }
    if (st != BC_OK && !tried.n)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "chứng thư của %s không cho biết nơi hỏi tình trạng thu hồi (không có OCSP "
                   "trong AIA, không có CRL Distribution Points): không thể làm chữ ký dài hạn "
                   "(B-LT)", who);
    else if (st != BC_OK)
        bc_err_merge(err, &tried);
done:
    bc_err_free(&tried);
    X509_email_free(ocsp);
    sk_OPENSSL_STRING_pop_free(crl, free_str);
    free(who);
    return st == BC_OK ? BC_OK : BC_BADINPUT;
}

/* ---- gathering ------------------------------------------------------------------------- */

static int add_anchors(STACK_OF(X509) *pool, X509_STORE *s)
{
    STACK_OF(X509_OBJECT) *objs = s ? X509_STORE_get0_objects(s) : NULL;
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509 *c = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        if (c && !push_unique(pool, c))
            return 0;
    }
    return 1;
}

/* The certificates of the signature and of its timestamp, up to their anchors, each with its
 * revocation data. */
static bc_status gather(vdata *v, const char *contents, size_t len, bc_err *err)
{
    STACK_OF(X509) *sig = NULL, *tok = NULL;
    bc_buf token = BC_BUF_INIT, none = BC_BUF_INIT;
    bc_status st = bc_cms_certs_and_timestamp(contents, len, &sig, &token, err);
    if (st == BC_OK && token.len)
        st = bc_cms_certs_and_timestamp(token.data, token.len, &tok, &none, err);
    STACK_OF(X509) *todo = sk_X509_new_null();
    for (int i = 0; st == BC_OK && i < sk_X509_num(sig); i++)
        push_unique(v->pool, sk_X509_value(sig, i)), push_unique(todo, sk_X509_value(sig, i));
    for (int i = 0; st == BC_OK && i < sk_X509_num(tok); i++)
        push_unique(v->pool, sk_X509_value(tok, i)), push_unique(todo, sk_X509_value(tok, i));
    if (st == BC_OK && (!todo || !add_anchors(v->pool, v->stores[0]) ||
                        !add_anchors(v->pool, v->stores[1])))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    /* `todo` grows with the issuers found, so each chain is followed up to its anchor. */
    for (int i = 0; st == BC_OK && i < sk_X509_num(todo); i++) {
        X509 *c = sk_X509_value(todo, i);
        push_unique(v->certs, c);
        if (self_signed(c))
            continue;
        X509 *issuer = bc_cert_issuer_in(v->pool, c);
        if (!issuer) {
            char *who = who_of(c);
            st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                            "không tìm thấy CA cấp chứng thư của %s (thiếu trong chữ ký và trong "
                            "--trust/--tsa-trust)", who);
            free(who);
            break;
        }
        push_unique(todo, issuer);
        st = revocation(v, c, issuer, err);
    }
    sk_X509_pop_free(todo, X509_free);
    sk_X509_pop_free(sig, X509_free);
    sk_X509_pop_free(tok, X509_free);
    bc_buf_free(&token);
    bc_buf_free(&none);
    return st;
}

/* ---- the newest signature --------------------------------------------------------------- */

static long long range_end(bc_pdf *doc, bc_pdf_obj *v)
{
    bc_pdf_obj *br = bc_pdf_dget(doc, v, "ByteRange");
    if (!br || br->kind != BC_PDF_ARRAY || br->arr.n != 4 || br->arr.items[2]->kind != BC_PDF_INT ||
        br->arr.items[3]->kind != BC_PDF_INT)
        return -1;
    return br->arr.items[2]->i + br->arr.items[3]->i;
}

static void newest(bc_pdf *doc, bc_pdf_obj *arr, bc_pdf_obj **best, long long *end, int depth)
{
    if (!arr || arr->kind != BC_PDF_ARRAY || depth > 8)
        return;
    for (size_t i = 0; i < arr->arr.n; i++) {
        bc_pdf_obj *f = bc_pdf_resolve(doc, arr->arr.items[i]);
        bc_pdf_obj *v = f && f->kind == BC_PDF_DICT ? bc_pdf_dget(doc, f, "V") : NULL;
        if (bc_pdf_is_name(bc_pdf_dget(doc, f, "FT"), "Sig") && v && v->kind == BC_PDF_DICT) {
            long long e = range_end(doc, v);
            bc_pdf_obj *c = bc_pdf_dget(doc, v, "Contents");
            if (e > *end && c && c->kind == BC_PDF_STRING) {
                *end = e;
                *best = c;
            }
        }
        if (f && f->kind == BC_PDF_DICT)
            newest(doc, bc_pdf_dget(doc, f, "Kids"), best, end, depth + 1);
    }
}

/* ---- writing the DSS ------------------------------------------------------------------- */

/* The items of an old DSS array (or nothing), so the new DSS keeps them. */
static void old_items(bc_buf *b, bc_pdf *doc, bc_pdf_obj *old_dss, const char *key)
{
    bc_pdf_obj *a = bc_pdf_dget(doc, old_dss, key);
    for (size_t i = 0; a && a->kind == BC_PDF_ARRAY && i < a->arr.n; i++) {
        bc_pdf_write(b, a->arr.items[i]);
        bc_buf_putc(b, ' ');
    }
}

static void refs(bc_buf *b, const int *nums, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bc_buf_printf(b, "%d 0 R ", nums[i]);
}

static bc_status write_dss(bc_pdf *doc, const vdata *v, const char *key, bc_buf *out, bc_err *err)
{
    bc_pdf_update u;
    bc_status st = bc_pdf_update_begin(&u, doc, out, err);
    size_t nc = (size_t)sk_X509_num(v->certs), ntot = nc + v->nblobs;
    int *num = calloc(ntot ? ntot : 1, sizeof *num);
    if (st == BC_OK && !num)
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    for (size_t i = 0; st == BC_OK && i < ntot; i++) {
        num[i] = bc_pdf_update_alloc(&u);
        if (i < nc) {
            unsigned char *der = NULL;
            int n = i2d_X509(sk_X509_value(v->certs, (int)i), &der);
            st = n > 0 ? bc_pdf_update_stream(&u, num[i], "", der, (size_t)n, 1, err)
                       : bc_err_add(err, BC_FAIL, NULL, 0, 0, "OpenSSL: không mã hóa được chứng thư");
            OPENSSL_free(der);
        } else
            st = bc_pdf_update_stream(&u, num[i], "", v->blobs[i - nc].data,
                                      v->blobs[i - nc].len, 1, err);
    }
    int *ocsp = malloc((v->nblobs + 1) * sizeof *ocsp), *crl = malloc((v->nblobs + 1) * sizeof *crl);
    size_t no = 0, nr = 0;
    for (size_t i = 0; ocsp && crl && i < v->nblobs; i++) {
        if (v->is_crl[i])
            crl[nr++] = num[nc + i];
        else
            ocsp[no++] = num[nc + i];
    }
    if (st == BC_OK && (!ocsp || !crl))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    bc_pdf_obj *catalog = bc_pdf_dget(doc, doc->trailer, "Root");
    bc_pdf_obj *root = bc_pdf_dget_raw(doc->trailer, "Root");
    bc_pdf_obj *old = bc_pdf_dget(doc, catalog, "DSS");
    if (st == BC_OK && (!root || root->kind != BC_PDF_REF || !catalog || catalog->kind != BC_PDF_DICT))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "tệp PDF không có danh mục gốc (/Root)");
    if (st == BC_OK) {
        /* The DSS is written directly in the catalog: the catalog is the one object of a
         * signed revision that a later update may rewrite (sign/changes.h), so a second DSS
         * replaces the first without rewriting, or orphaning, an object of an earlier revision. */
        static const char *const cat_skip[] = {"DSS", NULL};
        bc_buf *b = u.out;
        bc_pdf_update_obj_begin(&u, root->ref.num, root->ref.gen);
        bc_buf_puts(b, "<<");
        bc_pdf_write_entries(b, catalog, cat_skip);
        bc_buf_puts(b, "\n/DSS << /Type /DSS\n/Certs [ ");
        old_items(b, doc, old, "Certs");
        refs(b, num, nc);
        bc_buf_puts(b, "]\n/OCSPs [ ");
        old_items(b, doc, old, "OCSPs");
        refs(b, ocsp, no);
        bc_buf_puts(b, "]\n/CRLs [ ");
        old_items(b, doc, old, "CRLs");
        refs(b, crl, nr);
        bc_buf_puts(b, "]\n/VRI <<");
        const char *const own[] = {key, NULL};
        bc_pdf_obj *vri = bc_pdf_dget(doc, old, "VRI");
        if (vri && vri->kind == BC_PDF_DICT)
            bc_pdf_write_entries(b, vri, own);
        bc_buf_printf(b, "\n/%s << /Cert [ ", key);
        refs(b, num, nc);
        bc_buf_puts(b, "] /OCSP [ ");
        refs(b, ocsp, no);
        bc_buf_puts(b, "] /CRL [ ");
        refs(b, crl, nr);
        bc_buf_puts(b, "] >> >> >> >>");
        bc_pdf_update_obj_end(&u);
        st = bc_pdf_update_finish(&u, err);
    }
    free(num);
    free(ocsp);
    free(crl);
    bc_pdf_update_free(&u);
    return st;
}

static void vri_key(const char *s, size_t n, char key[41])
{
    unsigned char md[20];
    unsigned int l = 0;
    EVP_Digest(s, n, md, &l, EVP_sha1(), NULL);
    for (int i = 0; i < 20; i++)
        snprintf(key + 2 * i, 3, "%02X", md[i]);
}

bc_status bc_ltv_add_dss(bc_buf *pdf, const char *name, X509_STORE *trust, X509_STORE *tsa_trust,
                         bc_err *err)
{
    bc_pdf doc;
    bc_status st = bc_pdf_open(&doc, pdf->data, pdf->len, name, err);
    vdata v = {sk_X509_new_null(), sk_X509_new_null(), NULL, NULL, 0, {trust, tsa_trust}};
    bc_pdf_obj *contents = NULL;
    long long end = -1;
    if (st == BC_OK) {
        bc_pdf_obj *root = bc_pdf_dget(&doc, doc.trailer, "Root");
        newest(&doc, bc_pdf_dget(&doc, bc_pdf_dget(&doc, root, "AcroForm"), "Fields"), &contents,
               &end, 0);
        if (!contents)
            st = bc_err_add(err, BC_BADINPUT, name, 0, 0, "tệp PDF chưa có chữ ký nào");
    }
    if (st == BC_OK && (!v.pool || !v.certs))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    if (st == BC_OK)
        st = gather(&v, contents->str.s, contents->str.len, err);
    bc_buf out = BC_BUF_INIT;
    if (st == BC_OK) {
        char key[41];
        vri_key(contents->str.s, contents->str.len, key);
        st = write_dss(&doc, &v, key, &out, err);
    }
    bc_pdf_close(&doc);
    if (st == BC_OK) {
        bc_buf_free(pdf);
        *pdf = out;
    } else
        bc_buf_free(&out);
    for (size_t i = 0; i < v.nblobs; i++)
        bc_buf_free(&v.blobs[i]);
    free(v.blobs);
    free(v.is_crl);
    sk_X509_pop_free(v.pool, X509_free);
    sk_X509_pop_free(v.certs, X509_free);
    return st;
}

bc_status bc_ltv_extend(bc_buf *pdf, const char *name, int archive, const bc_tsa *tsa,
                        X509_STORE *trust, bc_err *err)
{
    bc_status st = bc_ltv_add_dss(pdf, name, trust, tsa ? tsa->trust : NULL, err);
    if (st == BC_OK && archive)
        st = bc_doc_timestamp(pdf, name, tsa, err);
    return st;
}
