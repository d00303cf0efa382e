/* verify_ltv.c — see verify_ltv.h. */
#include "sign/verify_ltv.h"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sign/keys.h"
#include "sign/revocation.h"
#include "sign/tsa.h"
#include "util/buf.h"
#include "util/vntime.h"

/* Formats a sentence and hands it to verify.c (see bc_ltv_say). */
static void tell(bc_ltv_say say, bc_sig_report *s, int problem, const char *code, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
static void tell(bc_ltv_say say, bc_sig_report *s, int problem, const char *code, const char *fmt,
                 ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say(s, problem, code, line);
}
#define problem(code, ...) tell(say, s, 1, (code), __VA_ARGS__)
#define note(...) tell(say, s, 0, NULL, __VA_ARGS__)

static void problems_from(bc_ltv_say say, bc_sig_report *s, const char *code, bc_err *e)
{
    for (size_t i = 0; i < e->n; i++)
        say(s, 1, code, e->items[i].msg);
    bc_err_free(e);
}

static void set_time(bc_sig_report *s, time_t t)
{
    char iso[32];
    bc_vn_time(t, NULL, iso);
    snprintf(s->time_iso, sizeof s->time_iso, "%s", iso);
    s->ts_time = t;
}

/* ---- timestamps ------------------------------------------------------------------------- */

static ASN1_STRING *token_of(CMS_SignerInfo *si)
{
    int at = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1);
    ASN1_TYPE *t = at >= 0 ? X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0) : NULL;
    return t && t->type == V_ASN1_SEQUENCE ? t->value.sequence : NULL;
}

time_t bc_verify_sig_timestamp(bc_sig_report *s, CMS_SignerInfo *si, X509_STORE *trust,
                               bc_ltv_say say)
{
    ASN1_STRING *tok = si ? token_of(si) : NULL;
    ASN1_OCTET_STRING *sig = si ? CMS_SignerInfo_get0_signature(si) : NULL;
    if (!tok || !sig)
        return 0;
    bc_err e = BC_ERR_INIT;
    time_t gen = 0;
    STACK_OF(X509) *certs = NULL;
    if (bc_tsa_check_token(ASN1_STRING_get0_data(tok), (size_t)ASN1_STRING_length(tok),
                           ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig), trust,
                           "chữ ký", &gen, &certs, NULL, &e) != BC_OK) {
        problems_from(say, s, "timestamp-invalid", &e);
        return 0;
    }
    char *tsa = bc_cert_subject_field(sk_X509_value(certs, 0), NID_commonName);
    set_time(s, gen);
    note("thời điểm ký lấy từ tem thời gian của %s (RFC 3161, đã kiểm tra), không phải /M do "
         "máy người ký tự ghi", tsa ? tsa : "máy chủ tem thời gian");
    free(tsa);
    sk_X509_pop_free(certs, X509_free);
    return gen;
}

void bc_verify_doc_timestamp(bc_sig_report *s, const char *token, size_t len, const char *data,
                             const long long r[4], X509_STORE *trust, bc_ltv_say say)
{
    s->doc_timestamp = 1;
    bc_buf bytes = BC_BUF_INIT;
    bc_buf_append(&bytes, data + r[0], (size_t)r[1]);
    bc_buf_append(&bytes, data + r[2], (size_t)r[3]);
    bc_err e = BC_ERR_INIT;
    time_t gen = 0;
    STACK_OF(X509) *certs = NULL;
    int integrity = 0;
    bc_status st = bytes.oom ? BC_FAIL
                             : bc_tsa_check_token((const unsigned char *)token, len, bytes.data,
                                                  bytes.len, trust, "tài liệu", &gen, &certs,
                                                  &integrity, &e);
    s->integrity = integrity;
    s->trusted = st == BC_OK;
    if (st == BC_OK) {
        s->signer_cn = bc_cert_subject_field(sk_X509_value(certs, 0), NID_commonName);
        s->signer_o = bc_cert_subject_field(sk_X509_value(certs, 0), NID_organizationName);
        set_time(s, gen);
        note("tem thời gian cho cả tài liệu (PAdES B-LTA): chứng minh mọi phần trước nó đã có "
             "từ thời điểm này");
    }
    problems_from(say, s, "document-timestamp-invalid", &e);
    sk_X509_pop_free(certs, X509_free);
    bc_buf_free(&bytes);
}

/* ---- the DSS ---------------------------------------------------------------------------- */

typedef struct dss {
    STACK_OF(X509) *certs;
    OCSP_BASICRESP **ocsp;
    size_t nocsp;
    X509_CRL **crl;
    size_t ncrl;
    int present;
} dss;

/* Decodes each stream of a DSS array and hands its bytes to `take`. */
static void each_stream(bc_pdf *doc, bc_pdf_obj *arr, void (*take)(dss *, const unsigned char *, long),
                        dss *d)
{
    for (size_t i = 0; arr && arr->kind == BC_PDF_ARRAY && i < arr->arr.n; i++) {
        bc_pdf_obj *o = bc_pdf_resolve(doc, arr->arr.items[i]);
        bc_buf b = BC_BUF_INIT;
        bc_err e = BC_ERR_INIT;
        if (o && o->kind == BC_PDF_STREAM && bc_pdf_stream_decode(doc, o, &b, &e) == BC_OK)
            take(d, (const unsigned char *)b.data, (long)b.len);
        bc_err_free(&e);
        bc_buf_free(&b);
    }
}

static void take_cert(dss *d, const unsigned char *p, long n)
{
    X509 *c = d2i_X509(NULL, &p, n);
    if (c && !sk_X509_push(d->certs, c))
        X509_free(c);
}

static void take_ocsp(dss *d, const unsigned char *p, long n)
{
    OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, n);
    OCSP_BASICRESP *bs = r ? OCSP_response_get1_basic(r) : NULL;
    OCSP_RESPONSE_free(r);
    OCSP_BASICRESP **no = bs ? realloc(d->ocsp, (d->nocsp + 1) * sizeof *no) : NULL;
    if (no) {
        d->ocsp = no;
        d->ocsp[d->nocsp++] = bs;
    } else
        OCSP_BASICRESP_free(bs);
}

static void take_crl(dss *d, const unsigned char *p, long n)
{
    X509_CRL *c = d2i_X509_CRL(NULL, &p, n);
    X509_CRL **no = c ? realloc(d->crl, (d->ncrl + 1) * sizeof *no) : NULL;
    if (no) {
        d->crl = no;
        d->crl[d->ncrl++] = c;
    } else
        X509_CRL_free(c);
}

static void load_dss(bc_pdf *doc, dss *d)
{
    memset(d, 0, sizeof *d);
    d->certs = sk_X509_new_null();
    bc_pdf_obj *root = bc_pdf_dget(doc, doc->trailer, "Root");
    bc_pdf_obj *o = bc_pdf_dget(doc, root, "DSS");
    d->present = o && o->kind == BC_PDF_DICT;
    if (!d->present || !d->certs)
        return;
    each_stream(doc, bc_pdf_dget(doc, o, "Certs"), take_cert, d);
    each_stream(doc, bc_pdf_dget(doc, o, "OCSPs"), take_ocsp, d);
    each_stream(doc, bc_pdf_dget(doc, o, "CRLs"), take_crl, d);
    ERR_clear_error();
}

static void free_dss(dss *d)
{
    sk_X509_pop_free(d->certs, X509_free);
    for (size_t i = 0; i < d->nocsp; i++)
        OCSP_BASICRESP_free(d->ocsp[i]);
    for (size_t i = 0; i < d->ncrl; i++)
        X509_CRL_free(d->crl[i]);
    free(d->ocsp);
    free(d->crl);
}

/* ---- revocation ------------------------------------------------------------------------- */

static void add_all(STACK_OF(X509) *to, STACK_OF(X509) *from)
{
    for (int i = 0; i < sk_X509_num(from); i++)
        if (sk_X509_push(to, sk_X509_value(from, i)))
            X509_up_ref(sk_X509_value(from, i));
}

static void add_anchors(STACK_OF(X509) *to, X509_STORE *trust)
{
    STACK_OF(X509_OBJECT) *objs = trust ? X509_STORE_get0_objects(trust) : NULL;
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509 *c = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        if (c && sk_X509_push(to, c))
            X509_up_ref(c);
    }
}

/* What one signature's revocation check works with. */
typedef struct revcheck {
    bc_sig_report *s;
    const dss *d;
    const bc_verify_ctx *ctx;
    bc_ltv_say say;
    STACK_OF(X509) *pool; /* the signature's and the token's certificates, the DSS's, anchors */
} revcheck;

/* The DSS's word on `c` at `when`: of the answers that speak for that time, one that says
 * revoked, else one that says good. */
static int dss_word(const dss *d, X509 *c, X509 *issuer, STACK_OF(X509) *pool, X509_STORE *trust,
                    time_t when, bc_rev *out)
{
    int found = 0;
    for (size_t i = 0; i < d->nocsp + d->ncrl; i++) {
        bc_rev r = BC_REV_INIT;
        int ok = i < d->nocsp ? bc_rev_from_ocsp(d->ocsp[i], c, issuer, pool, trust, &r)
                              : bc_rev_from_crl(d->crl[i - d->nocsp], c, issuer, &r);
        if (ok && bc_rev_usable_at(&r, when) &&
            (!found || (r.status == BC_REV_REVOKED && out->status != BC_REV_REVOKED))) {
            bc_rev_free(out);
            *out = r;
            found = 1;
        } else
            bc_rev_free(&r);
    }
    return found;
}

/* What a status found says about the signature, by its source ("từ /DSS: OCSP", "kiểm tra trực
 * tuyến: OCSP http://…"). */
static void judge(bc_ltv_say say, bc_sig_report *s, const bc_rev *r, const char *cn,
                  const char *source)
{
    char at[32] = "?";
    if (r->status == BC_REV_REVOKED)
        bc_vn_time(r->revoked_at, NULL, at);
    if (r->status == BC_REV_REVOKED && r->revoked_at <= s->when)
        problem("revoked-before-signing",
                "chứng thư '%s' đã bị thu hồi lúc %s, trước thời điểm ký (%s)", cn, at, source);
    else if (r->status == BC_REV_REVOKED && !s->ts_time)
        /* Without a timestamp the signing time is the signer's own claim: a signature made
         * after the revocation and dated before it would look the same. */
        problem("revoked-time-unproven",
                "chứng thư '%s' đã bị thu hồi lúc %s (%s); chữ ký không có tem thời gian nên "
                "không chứng minh được nó có trước lúc thu hồi (/M do máy người ký tự ghi)", cn,
                at, source);
    else if (r->status == BC_REV_REVOKED)
        note("chứng thư '%s' bị thu hồi lúc %s, sau thời điểm ký: chữ ký vẫn được làm khi "
             "chứng thư còn hiệu lực (%s)", cn, at, source);
    else
        note("chứng thư '%s' chưa bị thu hồi vào thời điểm ký (%s)", cn, source);
}

/* Online, when allowed: 1 with *r filled, else 0 with why it could not be had told as a note. */
static int ask_online(revcheck *k, X509 *c, X509 *issuer, X509_STORE *trust, const char *cn,
                      bc_rev *r)
{
    bc_sig_report *s = k->s;
    bc_ltv_say say = k->say;
    if (k->ctx->offline) {
        note("không kiểm tra được tình trạng thu hồi của chứng thư '%s' (--offline: không hỏi "
             "mạng, và /DSS không có)", cn);
        return 0;
    }
    bc_err e = BC_ERR_INIT;
    int ok = bc_rev_fetch(c, issuer, k->pool, trust, r, NULL, &e) == BC_OK;
    for (size_t i = 0; !ok && i < e.n; i++)
        note("không kiểm tra được tình trạng thu hồi của chứng thư '%s': %s", cn, e.items[i].msg);
    if (!ok && !e.n)
        note("không kiểm tra được tình trạng thu hồi của chứng thư '%s'", cn);
    bc_err_free(&e);
    return ok;
}

/* One certificate: its status at the signing time, from the DSS, else online, else unknown. */
static void cert_status(revcheck *k, X509 *c, X509_STORE *trust)
{
    bc_sig_report *s = k->s;
    bc_ltv_say say = k->say;
    char *name = bc_cert_subject_field(c, NID_commonName);
    const char *cn = name ? name : "?";
    X509 *issuer = bc_cert_issuer_in(k->pool, c);
    bc_rev r = BC_REV_INIT;
    char source[400];
    if (!issuer) {
        note("không tìm thấy CA cấp chứng thư '%s': không kiểm tra được tình trạng thu hồi", cn);
        s->rev_unchecked++;
    } else if (!bc_rev_published(c) && !dss_word(k->d, c, issuer, k->pool, trust, s->when, &r)) {
        note("chứng thư '%s' không cho biết nơi hỏi tình trạng thu hồi (không có OCSP trong AIA, "
             "không có CRL Distribution Points): không có gì để kiểm tra", cn);
        s->rev_unpublished++;
    } else if (dss_word(k->d, c, issuer, k->pool, trust, s->when, &r)) {
        s->rev_dss++;
        snprintf(source, sizeof source, "từ /DSS: %s", r.is_crl ? "CRL" : "OCSP");
        judge(say, s, &r, cn, source);
    } else {
        if (k->d->present)
            note("/DSS không có tình trạng thu hồi (OCSP hay CRL) dùng được cho thời điểm ký của "
                 "chứng thư '%s'", cn);
        if (ask_online(k, c, issuer, trust, cn, &r)) {
            s->rev_online++;
            char from[300];
            bc_rev_source_text(&r, from, sizeof from);
            snprintf(source, sizeof source, "kiểm tra trực tuyến: %s", from);
            judge(say, s, &r, cn, source);
        } else
            s->rev_unchecked++;
    }
    bc_rev_free(&r);
    free(name);
}

static void chain_status(revcheck *k, STACK_OF(X509) *chain, X509_STORE *trust)
{
    for (int i = 0; i < sk_X509_num(chain); i++) {
        X509 *c = sk_X509_value(chain, i);
        if (X509_check_issued(c, c) != X509_V_OK) /* an anchor is not revoked by anyone */
            cert_status(k, c, trust);
    }
}

/* The signature's CMS (`der`): its chain, and its timestamp's when the timestamp held. */
static void check_revocation(bc_sig_report *s, const unsigned char *der, size_t len, const dss *d,
                             const bc_verify_ctx *ctx, bc_ltv_say say)
{
    if (!s->integrity || !s->trusted)
        return;
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num(sis) == 1 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    ASN1_STRING *tok = si && s->ts_time ? token_of(si) : NULL;
    const unsigned char *tp = tok ? ASN1_STRING_get0_data(tok) : NULL;
    CMS_ContentInfo *tcms = tp ? d2i_CMS_ContentInfo(NULL, &tp, ASN1_STRING_length(tok)) : NULL;
    STACK_OF(X509) *sig = cms ? CMS_get1_certs(cms) : NULL, *tsa = tcms ? CMS_get1_certs(tcms) : NULL;
    revcheck k = {s, d, ctx, say, sk_X509_new_null()};
    if (k.pool && sig) {
        add_all(k.pool, sig);
        add_all(k.pool, tsa);
        add_all(k.pool, d->certs);
        add_anchors(k.pool, ctx->trust);
        add_anchors(k.pool, ctx->tsa_trust);
        s->rev_checked = 1;
        chain_status(&k, sig, ctx->trust);
        chain_status(&k, tsa, ctx->tsa_trust);
    }
    sk_X509_pop_free(k.pool, X509_free);
    sk_X509_pop_free(sig, X509_free);
    sk_X509_pop_free(tsa, X509_free);
    CMS_ContentInfo_free(tcms);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
}

void bc_verify_ltv_detached(bc_sig_report *s, const char *der, size_t len,
                            const bc_verify_ctx *ctx, bc_ltv_say say)
{
    dss none;
    memset(&none, 0, sizeof none);
    check_revocation(s, (const unsigned char *)der, len, &none, ctx, say);
}

/* ---- levels ----------------------------------------------------------------------------- */

/* The /Contents of the signature whose /ByteRange is `r`. */
static bc_pdf_obj *contents_for(bc_pdf *doc, bc_pdf_obj *arr, const long long r[4], int depth)
{
    for (size_t i = 0; arr && arr->kind == BC_PDF_ARRAY && depth < 8 && i < arr->arr.n; i++) {
        bc_pdf_obj *f = bc_pdf_resolve(doc, arr->arr.items[i]);
        if (!f || f->kind != BC_PDF_DICT)
            continue;
        bc_pdf_obj *v = bc_pdf_dget(doc, f, "V");
        bc_pdf_obj *br = bc_pdf_dget(doc, v, "ByteRange");
        int same = br && br->kind == BC_PDF_ARRAY && br->arr.n == 4;
        for (int k = 0; same && k < 4; k++)
            same = br->arr.items[k]->kind == BC_PDF_INT && br->arr.items[k]->i == r[k];
        bc_pdf_obj *c = same ? bc_pdf_dget(doc, v, "Contents") : NULL;
        if (c && c->kind == BC_PDF_STRING)
            return c;
        if ((c = contents_for(doc, bc_pdf_dget(doc, f, "Kids"), r, depth + 1)))
            return c;
    }
    return NULL;
}

/* A valid document timestamp whose signed bytes include this signature. */
static int archived(const bc_verify_report *r, const bc_sig_report *s)
{
    for (size_t i = 0; i < r->n; i++) {
        const bc_sig_report *t = &r->sigs[i];
        if (t->doc_timestamp && t->integrity && t->trusted && t->n_problems == 0 &&
            t->range[2] + t->range[3] > s->range[2] + s->range[3])
            return 1;
    }
    return 0;
}

/* B-LT: every status came from the DSS (a certificate naming nowhere to ask has none to
 * store), and none says revoked before signing. */
static int long_term(const bc_sig_report *s, size_t problems_before)
{
    return s->rev_checked && !s->rev_online && !s->rev_unchecked && !s->rev_unpublished &&
           s->n_problems == problems_before;
}

void bc_verify_ltv_levels(bc_pdf *doc, bc_verify_report *r, const bc_verify_ctx *ctx,
                          bc_ltv_say say)
{
    dss d;
    load_dss(doc, &d);
    bc_pdf_obj *root = bc_pdf_dget(doc, doc->trailer, "Root");
    bc_pdf_obj *fields = bc_pdf_dget(doc, bc_pdf_dget(doc, root, "AcroForm"), "Fields");
    for (size_t i = 0; i < r->n; i++) {
        bc_sig_report *s = &r->sigs[i];
        if (s->doc_timestamp || !s->has_range)
            continue;
        size_t before = s->n_problems;
        bc_pdf_obj *c = contents_for(doc, fields, s->range, 0);
        if (c)
            check_revocation(s, (const unsigned char *)c->str.s, c->str.len, &d, ctx, say);
        snprintf(s->level, sizeof s->level, "%s", s->ts_time ? "B-T" : "B-B");
        if (!s->ts_time)
            continue;
        if (!d.present) {
            note("tệp không có /DSS (dữ liệu kiểm tra dài hạn): mức B-T");
            continue;
        }
        if (long_term(s, before))
            snprintf(s->level, sizeof s->level, "%s", archived(r, s) ? "B-LTA" : "B-LT");
    }
    free_dss(&d);
}
