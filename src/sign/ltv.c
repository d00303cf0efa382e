/* ltv.c — see ltv.h. */
#include "sign/ltv.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "pdf/pdfupdate.h"
#include "sign/cms.h"
#include "sign/doctimestamp.h"
#include "sign/revocation.h"
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

/* ---- revocation ------------------------------------------------------------------------ */

/* The certificate's status, asked online (sign/revocation.h), into the DSS: only "good" is
 * stored, anything else is why no B-LT file is made. */
static bc_status revocation(vdata *v, X509 *c, X509 *issuer, X509_STORE *trust, bc_err *err)
{
    bc_rev r = BC_REV_INIT;
    bc_err why = BC_ERR_INIT;
    int nowhere = 0;
    char *who = who_of(c);
    bc_status st = bc_rev_fetch(c, issuer, v->pool, trust, &r, &nowhere, &why);
    if (st == BC_OK && r.status == BC_REV_REVOKED) {
        char text[512];
        bc_rev_revoked_text(&r, text, sizeof text);
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "chứng thư của %s %s", who, text);
    } else if (st == BC_OK && !add_blob(v, r.der.data, r.der.len, r.is_crl))
        st = bc_err_oom(err, NULL);
    else if (nowhere)
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "chứng thư của %s không cho biết nơi hỏi tình trạng thu hồi (không có OCSP "
                   "trong AIA, không có CRL Distribution Points): không thể làm chữ ký dài hạn "
                   "(B-LT)", who);
    else
        bc_err_merge(err, &why);
    /* The responder's own certificate belongs in the DSS too. */
    for (int i = 0; st == BC_OK && i < sk_X509_num(r.signers); i++)
        push_unique(v->certs, sk_X509_value(r.signers, i));
    bc_err_free(&why);
    bc_rev_free(&r);
    free(who);
    return st;
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

/* One chain, from `from` up to its anchor, each certificate with its revocation data judged
 * against the chain's own anchors. `todo` grows with the issuers found. */
static bc_status follow(vdata *v, STACK_OF(X509) *from, X509_STORE *trust, bc_err *err)
{
    STACK_OF(X509) *todo = sk_X509_new_null();
    bc_status st = todo ? BC_OK : bc_err_oom(err, NULL);
    for (int i = 0; st == BC_OK && i < sk_X509_num(from); i++)
        if (!push_unique(v->pool, sk_X509_value(from, i)) || !push_unique(todo, sk_X509_value(from, i)))
            st = bc_err_oom(err, NULL);
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
        st = revocation(v, c, issuer, trust, err);
    }
    sk_X509_pop_free(todo, X509_free);
    return st;
}

/* The certificates of the signature (against the signer's anchors) and of its timestamp
 * (against the TSA's), each with its revocation data. */
static bc_status gather(vdata *v, const char *contents, size_t len, bc_err *err)
{
    STACK_OF(X509) *sig = NULL, *tok = NULL;
    bc_buf token = BC_BUF_INIT, none = BC_BUF_INIT;
    bc_status st = bc_cms_certs_and_timestamp(contents, len, &sig, &token, err);
    if (st == BC_OK && token.len)
        st = bc_cms_certs_and_timestamp(token.data, token.len, &tok, &none, err);
    if (st == BC_OK && (!add_anchors(v->pool, v->stores[0]) || !add_anchors(v->pool, v->stores[1])))
        st = bc_err_oom(err, NULL);
    /* Both chains are in the pool before either is followed: an issuer may be in the other. */
    for (int i = 0; st == BC_OK && i < sk_X509_num(tok); i++)
        if (!push_unique(v->pool, sk_X509_value(tok, i)))
            st = bc_err_oom(err, NULL);
    if (st == BC_OK)
        st = follow(v, sig, v->stores[0], err);
    if (st == BC_OK && tok)
        st = follow(v, tok, v->stores[1] ? v->stores[1] : v->stores[0], err);
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
