/* verify.c — see verify.h. */
#include "sign/verify.h"

#include "util/json.h"
#include "util/vntime.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/pdfread.h"
#include "sign/changes.h"
#include "sign/keys.h"
#include "sign/verify_ltv.h"
#include "util/buf.h"

static void add_line(char ***list, size_t *n, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!s)
        return;
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    char **nl = realloc(*list, (*n + 2) * sizeof *nl);
    if (!nl) {
        free(s);
        return;
    }
    nl[(*n)++] = s;
    nl[*n] = NULL;
    *list = nl;
}

/* Adds a sentence to the signature's problems (which make it invalid) or to its notes. */
static void say(bc_sig_report *s, int is_problem, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(bc_sig_report *s, int is_problem, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (is_problem)
        add_line(&s->problems, &s->n_problems, fmt, ap);
    else
        add_line(&s->notes, &s->n_notes, fmt, ap);
    va_end(ap);
}
#define problem(s, ...) say((s), 1, __VA_ARGS__)
#define note(s, ...) say((s), 0, __VA_ARGS__)

/* What sign/verify_ltv.c has to say, into the same lists. */
static void ltv_say(bc_sig_report *s, int is_problem, const char *code, const char *sentence)
{
    (void)code;
    say(s, is_problem, "%s", sentence);
}

static bc_sig_report *new_sig(bc_verify_report *r)
{
    bc_sig_report *ns = realloc(r->sigs, (r->n + 1) * sizeof *ns);
    if (!ns)
        return NULL;
    r->sigs = ns;
    memset(&ns[r->n], 0, sizeof *ns);
    return &ns[r->n++];
}

/* ---- CMS -------------------------------------------------------------------------------- */

/* Integrity and trust of one CMS over bytes whose digest is computed by `digest_fn`. */
typedef struct signed_bytes {
    const char *data;
    const long long *ranges; /* pairs offset,length */
    int nranges;
} signed_bytes;

static int digest_ranges(const EVP_MD *md, const signed_bytes *b, unsigned char *out,
                         unsigned int *outlen)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL);
    for (int i = 0; ok && i < b->nranges; i++)
        ok = EVP_DigestUpdate(ctx, b->data + b->ranges[2 * i], (size_t)b->ranges[2 * i + 1]);
    ok = ok && EVP_DigestFinal_ex(ctx, out, outlen);
    EVP_MD_CTX_free(ctx);
    return ok;
}

static X509 *signer_cert(CMS_ContentInfo *cms, CMS_SignerInfo *si, STACK_OF(X509) *certs)
{
    for (int i = 0; i < sk_X509_num(certs); i++)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0)
            return sk_X509_value(certs, i);
    (void)cms;
    return NULL;
}

static time_t signing_time_attr(CMS_SignerInfo *si)
{
    int i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (i < 0)
        return 0;
    ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i), 0);
    struct tm tm;
    if (!t || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME) ||
        !ASN1_TIME_to_tm(t->value.utctime, &tm))
        return 0;
    return timegm(&tm);
}

/* The signer's certificate (and chain) at the current time, told as notes: the signature is
 * judged at signing time, but an expired or not yet valid certificate is worth knowing. */
static void note_validity_now(bc_sig_report *s, X509 *cert, STACK_OF(X509) *certs,
                              X509_STORE *trust, time_t now)
{
    char when[64];
    if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0) {
        bc_asn1_time_text(X509_get0_notAfter(cert), when, sizeof when);
        note(s, "chứng thư của người ký đã hết hạn lúc %s (hiện không còn hiệu lực)", when);
        return;
    }
    if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0) {
        bc_asn1_time_text(X509_get0_notBefore(cert), when, sizeof when);
        note(s, "chứng thư của người ký hiện chưa có hiệu lực (hiệu lực từ %s), dù thời điểm "
                "ký ghi trong tệp nằm trong thời hạn của nó", when);
        return;
    }
    bc_err cerr = BC_ERR_INIT;
    if (bc_cert_chain_check(cert, certs, trust, now, &cerr) != BC_OK && cerr.n)
        note(s, "kiểm tra lại tại thời điểm hiện tại: %s", cerr.items[0].msg);
    bc_err_free(&cerr);
}

/* Keys weaker than the Vietnamese requirements for signing software (RSA ≥ 2048 bits,
 * ECDSA ≥ 256 bits) do not make a trusted signature, whoever issued the certificate. */
static int key_strong_enough(bc_sig_report *s, X509 *cert)
{
    EVP_PKEY *pk = X509_get0_pubkey(cert);
    int bits = pk ? EVP_PKEY_get_bits(pk) : 0, id = pk ? EVP_PKEY_get_base_id(pk) : 0;
    if ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) && bits < 2048)
        problem(s, "khóa RSA %d bit của người ký quá yếu (cần ≥ 2048 bit)", bits);
    else if (id == EVP_PKEY_EC && bits < 256)
        problem(s, "khóa ECDSA %d bit của người ký quá yếu (cần ≥ 256 bit)", bits);
    else if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS && id != EVP_PKEY_EC)
        problem(s, "loại khóa của người ký không được hỗ trợ (chỉ RSA, ECDSA)");
    else
        return 1;
    return 0;
}

static void check_cms(bc_sig_report *s, const char *der, size_t derlen, const signed_bytes *b,
                      X509_STORE *trust, time_t when, int pades)
{
    const unsigned char *p = (const unsigned char *)der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen);
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        problem(s, "chữ ký không phải CMS SignedData đọc được");
        CMS_ContentInfo_free(cms);
        return;
    }
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num(sis) == 1 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    X509 *cert = si ? signer_cert(cms, si, certs) : NULL;
    if (!si)
        problem(s, "CMS phải có đúng một người ký (có %d)", sk_CMS_SignerInfo_num(sis));
    else if (!cert)
        problem(s, "CMS không kèm chứng thư của người ký");
    if (!cert)
        goto done;
    s->signer_cn = bc_cert_subject_field(cert, NID_commonName);
    s->signer_o = bc_cert_subject_field(cert, NID_organizationName);

    /* Integrity: the digest of the signed bytes against the message-digest attribute, then the
     * signature over the signed attributes. */
    X509_ALGOR *dig_alg = NULL;
    CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig_alg, NULL);
    const ASN1_OBJECT *dig_oid = NULL;
    X509_ALGOR_get0(&dig_oid, NULL, NULL, dig_alg);
    const EVP_MD *md = EVP_get_digestbyobj(dig_oid);
    ASN1_OCTET_STRING *want = CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);
    unsigned char got[EVP_MAX_MD_SIZE];
    unsigned int gotlen = 0;
    int dig_ok = 0;
    if (!md || EVP_MD_get_size(md) < 32)
        problem(s, "thuật toán băm của chữ ký không được chấp nhận (cần SHA-256 trở lên)");
    else if (!want)
        problem(s, "CMS thiếu thuộc tính message-digest");
    else if (!digest_ranges(md, b, got, &gotlen))
        problem(s, "không tính được giá trị băm");
    else if ((unsigned)ASN1_STRING_length(want) != gotlen ||
             memcmp(ASN1_STRING_get0_data(want), got, gotlen))
        problem(s, "nội dung đã bị thay đổi sau khi ký: giá trị băm của phần được ký không "
                   "khớp với giá trị trong chữ ký");
    else
        dig_ok = 1;
    int sig_ok = 0;
    if (CMS_set1_signers_certs(cms, certs, 0) >= 0 && CMS_SignerInfo_verify(si) == 1)
        sig_ok = 1;
    else
        problem(s, "chữ ký số không khớp với khóa công khai của người ký (CMS bị sửa hoặc "
                   "hỏng)");
    s->integrity = dig_ok && sig_ok;
    if (pades && CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) >= 0)
        note(s, "CMS có thuộc tính signingTime (PAdES quy định thời điểm ký nằm ở /M)");
    if (pades && CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) < 0 &&
        CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1) < 0)
        note(s, "CMS thiếu thuộc tính signing-certificate-v2 (PAdES B-B yêu cầu)");

    /* Trust at signing time. Without a timestamp that time (/M, or signingTime) is only what
     * the signer's computer said: PAdES B-B allows checking there, but a reader must know that
     * a signer with an expired certificate could have set the clock back. So the chain is also
     * checked now, and what that finds is told as a note. */
    time_t now = time(NULL);
    time_t tst = bc_verify_sig_timestamp(s, si, trust, ltv_say); /* replaces /M (signingTime) when valid */
    if (tst)
        when = tst;
    if (!when)
        when = signing_time_attr(si);
    if (!when) {
        when = now;
        note(s, "không rõ thời điểm ký; chứng thư được kiểm tra tại thời điểm hiện tại");
    } else {
        if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) < 0)
            note(s, "thời điểm ký là thời điểm do máy của người ký tự ghi (không có dấu thời "
                    "gian của bên thứ ba); chứng thư được kiểm tra tại thời điểm đó");
        else if (!tst)
            note(s, "dấu thời gian của chữ ký không dùng được; chứng thư được kiểm tra tại thời "
                    "điểm người ký tự ghi");
        if (when > now + 300)
            note(s, "thời điểm ký nằm ở tương lai so với đồng hồ hiện tại");
    }
    bc_err cerr = BC_ERR_INIT;
    int chain_ok = bc_cert_chain_check(cert, certs, trust, when, &cerr) == BC_OK;
    for (size_t i = 0; i < cerr.n; i++)
        problem(s, "%s", cerr.items[i].msg);
    bc_err_free(&cerr);
    if (chain_ok && when != now)
        note_validity_now(s, cert, certs, trust, now);
    uint32_t ku = X509_get_key_usage(cert);
    int ku_ok = (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
    if (!ku_ok)
        problem(s, "chứng thư của người ký không cho phép ký số (key usage)");
    int key_ok = key_strong_enough(s, cert);
    s->trusted = chain_ok && ku_ok && key_ok;
done:
    sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
}

/* ---- PDF -------------------------------------------------------------------------------- */

/* "D:YYYYMMDDHHmmSS+07'00'" (any prefix from the year on) → time_t and ISO 8601. */
static time_t parse_pdf_date(const bc_pdf_obj *m, char iso[40])
{
    iso[0] = 0;
    if (!m || m->kind != BC_PDF_STRING)
        return 0;
    const char *s = m->str.s;
    if (!strncmp(s, "D:", 2))
        s += 2;
    int f[6] = {0, 1, 1, 0, 0, 0}, w[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; i++) {
        int v = 0, k = 0;
        for (; k < w[i] && s[k] >= '0' && s[k] <= '9'; k++)
            v = v * 10 + (s[k] - '0');
        if (k < w[i]) {
            if (i == 0)
                return 0;
            break;
        }
        f[i] = v;
        s += w[i];
    }
    int off = 0; /* minutes east of UTC */
    if (*s == '+' || *s == '-') {
        int sign = *s == '-' ? -1 : 1, hh = 0, mm = 0;
        sscanf(s + 1, "%2d'%2d", &hh, &mm);
        off = sign * (hh * 60 + mm);
    }
    struct tm tm = {0};
    tm.tm_year = f[0] - 1900;
    tm.tm_mon = f[1] - 1;
    tm.tm_mday = f[2];
    tm.tm_hour = f[3];
    tm.tm_min = f[4];
    tm.tm_sec = f[5];
    time_t t = timegm(&tm) - off * 60;
    snprintf(iso, 40, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", f[0], f[1], f[2], f[3], f[4],
             f[5], off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
    return t;
}

static void report_change(void *ctx, const char *sentence)
{
    problem((bc_sig_report *)ctx, "%s", sentence);
}

static void check_later(bc_pdf *doc, bc_sig_report *s, size_t end)
{
    /* A hybrid file's /XRefStm section shares its table's offset: one revision, not two. */
    for (size_t i = 0; i < doc->nsections; i++)
        s->later_revisions += (size_t)doc->sections[i].off >= end &&
                              (i == 0 || doc->sections[i].off != doc->sections[i - 1].off);
    int nbad = bc_sig_changes_check(doc, end, report_change, s);
    if (nbad < 0)
        problem(s, "hết bộ nhớ khi xét các lần cập nhật sau chữ ký");
    s->later_ok = nbad == 0;
    if (s->later_revisions == 0) {
        /* No update follows, so whatever comes after the signed bytes is not part of any
         * revision: harmless if it is only line ends, else unsigned data riding along. */
        size_t junk = 0;
        for (size_t i = end; i < doc->len; i++)
            junk += !strchr(" \r\n\t", doc->data[i]) || doc->data[i] == 0;
        if (junk) {
            problem(s, "có %zu byte không được ký nằm sau phần được ký (không phải một lần cập "
                       "nhật PDF hợp lệ)", junk);
            s->later_ok = 0;
        }
    }
    if (s->later_ok && s->later_revisions)
        note(s, "%d lần cập nhật sau chỉ thêm chữ ký và ô ký", s->later_revisions);
}

static int hex_only(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789abcdefABCDEF \r\n\t", p[i]))
            return 0;
    return 1;
}

static void check_pdf_sig(bc_pdf *doc, bc_sig_report *s, bc_pdf_obj *sig, X509_STORE *trust)
{
    bc_pdf_obj *sub = bc_pdf_dget(doc, sig, "SubFilter");
    int pades = bc_pdf_is_name(sub, "ETSI.CAdES.detached");
    int doc_ts = bc_pdf_is_name(sub, "ETSI.RFC3161");
    if (!pades && !doc_ts && !bc_pdf_is_name(sub, "adbe.pkcs7.detached")) {
        problem(s, "kiểu chữ ký /SubFilter /%s không được hỗ trợ",
                sub && sub->kind == BC_PDF_NAME ? sub->name : "?");
        return;
    }
    bc_pdf_obj *br = bc_pdf_dget(doc, sig, "ByteRange");
    bc_pdf_obj *contents = bc_pdf_dget(doc, sig, "Contents");
    if (!br || br->kind != BC_PDF_ARRAY || br->arr.n != 4 || !contents ||
        contents->kind != BC_PDF_STRING) {
        problem(s, "chữ ký thiếu /ByteRange hoặc /Contents");
        return;
    }
    for (int i = 0; i < 4; i++)
        s->range[i] = br->arr.items[i]->kind == BC_PDF_INT ? br->arr.items[i]->i : -1;
    s->has_range = 1;
    long long *r = s->range, len = (long long)doc->len;
    if (r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || r[2] + r[3] > len) {
        problem(s, "/ByteRange [%lld %lld %lld %lld] không hợp lệ với tệp dài %lld byte "
                   "(tệp bị cắt cụt hoặc /ByteRange bị sửa)", r[0], r[1], r[2], r[3], len);
        return;
    }
    /* The gap must be exactly the /Contents hex string, or bytes would go unsigned. */
    const char *d = doc->data;
    if (d[r[1]] != '<' || d[r[2] - 1] != '>' ||
        !hex_only(d + r[1] + 1, (size_t)(r[2] - r[1] - 2)) ||
        (size_t)(r[2] - r[1] - 2) / 2 < contents->str.len) {
        problem(s, "/ByteRange không khớp đúng với chuỗi /Contents (có phần của tệp nằm ngoài "
                   "phạm vi được ký, hoặc /ByteRange bị sửa)");
        return;
    }
    s->covers_whole = r[2] + r[3] == len;
    char iso[40];
    time_t when = parse_pdf_date(bc_pdf_dget(doc, sig, "M"), iso);
    memcpy(s->time_iso, iso, sizeof iso);
    long long ranges[4] = {r[0], r[1], r[2], r[3]};
    signed_bytes b = {d, ranges, 2};
    if (doc_ts)
        bc_verify_doc_timestamp(s, contents->str.s, contents->str.len, d, r, trust, ltv_say);
    else
        check_cms(s, contents->str.s, contents->str.len, &b, trust, when, pades);
    check_later(doc, s, (size_t)(r[2] + r[3]));
}

/* Collects signed signature fields (those with /V) in document order. */
static void walk_fields(bc_pdf *doc, bc_pdf_obj *arr, bc_verify_report *r, X509_STORE *trust,
                        int depth)
{
    if (!arr || arr->kind != BC_PDF_ARRAY || depth > 8)
        return;
    for (size_t i = 0; i < arr->arr.n; i++) {
        bc_pdf_obj *f = bc_pdf_resolve(doc, arr->arr.items[i]);
        if (!f || f->kind != BC_PDF_DICT)
            continue;
        bc_pdf_obj *v = bc_pdf_dget(doc, f, "V");
        if (bc_pdf_is_name(bc_pdf_dget(doc, f, "FT"), "Sig") && v && v->kind == BC_PDF_DICT) {
            bc_sig_report *s = new_sig(r);
            if (!s)
                return;
            bc_pdf_obj *t = bc_pdf_dget(doc, f, "T");
            s->field = t && t->kind == BC_PDF_STRING ? strndup(t->str.s, t->str.len) : strdup("?");
            check_pdf_sig(doc, s, v, trust);
        }
        walk_fields(doc, bc_pdf_dget(doc, f, "Kids"), r, trust, depth + 1);
    }
}

static void finish_report(bc_verify_report *r)
{
    r->all_valid = r->n > 0;
    for (size_t i = 0; i < r->n; i++) {
        bc_sig_report *s = &r->sigs[i];
        s->valid = s->integrity && s->trusted && s->later_ok && s->n_problems == 0;
        r->all_valid &= s->valid;
    }
}

bc_status bc_verify_pdf(const char *data, size_t len, const char *name, X509_STORE *trust,
                        bc_verify_report *r, bc_err *err)
{
    memset(r, 0, sizeof *r);
    r->file = strdup(name);
    bc_pdf doc;
    bc_status st = bc_pdf_open(&doc, data, len, name, err);
    if (st == BC_OK) {
        bc_pdf_obj *root = bc_pdf_dget(&doc, doc.trailer, "Root");
        walk_fields(&doc, bc_pdf_dget(&doc, bc_pdf_dget(&doc, root, "AcroForm"), "Fields"), r,
                    trust, 0);
        bc_verify_ltv_levels(&doc, r, trust, ltv_say);
        /* Bytes after the newest revision's %%EOF are not part of any revision. */
        finish_report(r);
    }
    bc_pdf_close(&doc);
    return st;
}

bc_status bc_verify_detached(const char *data, size_t len, const char *name, const char *sig,
                             size_t siglen, const char *sig_name, X509_STORE *trust,
                             bc_verify_report *r, bc_err *err)
{
    (void)err;
    memset(r, 0, sizeof *r);
    r->file = strdup(name);
    bc_sig_report *s = new_sig(r);
    if (!s)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    s->field = strdup(sig_name);
    long long ranges[2] = {0, (long long)len};
    signed_bytes b = {data, ranges, 1};
    s->range[1] = (long long)len;
    s->covers_whole = 1;
    s->later_ok = 1;
    check_cms(s, sig, siglen, &b, trust, 0, 0);
    const unsigned char *p = (const unsigned char *)sig;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)siglen);
    STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
    CMS_SignerInfo *si = sis && sk_CMS_SignerInfo_num(sis) ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    time_t t = si ? signing_time_attr(si) : 0;
    CMS_ContentInfo_free(cms);
    if (t && !s->ts_time) { /* a valid timestamp's time stands (verify_ltv.h) */
        char iso[32];
        bc_vn_time(t, NULL, iso);
        snprintf(s->time_iso, sizeof s->time_iso, "%s", iso);
    }
    finish_report(r);
    return BC_OK;
}

/* ---- output ----------------------------------------------------------------------------- */

void bc_verify_print(const bc_verify_report *r, FILE *out)
{
    fprintf(out, "Tệp: %s\n", r->file);
    if (r->n == 0)
        fprintf(out, "  Không có chữ ký nào.\n");
    for (size_t i = 0; i < r->n; i++) {
        const bc_sig_report *s = &r->sigs[i];
        fprintf(out, s->has_range ? "\nChữ ký %zu — ô \"%s\"\n" : "\nChữ ký %zu — tệp %s\n",
                i + 1, s->field);
        fprintf(out, "  Người ký:      %s%s%s\n", s->signer_cn ? s->signer_cn : "?",
                s->signer_o ? " — " : "", s->signer_o ? s->signer_o : "");
        fprintf(out, "  Thời điểm ký:  %s%s\n", *s->time_iso ? s->time_iso : "(không rõ)",
                s->ts_time ? " (theo tem thời gian)" : "");
        if (*s->level || s->doc_timestamp)
            fprintf(out, "  Mức PAdES:     %s\n",
                    s->doc_timestamp ? "tem thời gian cho tài liệu (lưu trữ)" : s->level);
        if (s->has_range)
            fprintf(out, "  Phạm vi ký:    [%lld %lld %lld %lld] — %s\n", s->range[0], s->range[1],
                    s->range[2], s->range[3],
                    s->covers_whole ? "toàn bộ tệp" : "không phải toàn bộ tệp (có cập nhật sau)");
        fprintf(out, "  Toàn vẹn:      %s\n", s->integrity ? "đúng" : "SAI");
        fprintf(out, "  Chứng thư:     %s\n", s->trusted ? "tin cậy, còn hiệu lực lúc ký"
                                                          : "KHÔNG tin cậy");
        fprintf(out, "  Sau khi ký:    %s\n",
                !s->later_ok ? "tệp BỊ SỬA"
                : s->later_revisions ? "chỉ thêm chữ ký/ô ký"
                                     : "không thay đổi");
        for (size_t k = 0; k < s->n_problems; k++)
            fprintf(out, "  ✗ %s\n", s->problems[k]);
        for (size_t k = 0; k < s->n_notes; k++)
            fprintf(out, "  • %s\n", s->notes[k]);
        fprintf(out, "  => %s\n", s->valid ? "HỢP LỆ" : "KHÔNG HỢP LỆ");
    }
    fprintf(out, "\n%s\n", r->all_valid ? "Kết luận: mọi chữ ký đều hợp lệ và tin cậy."
                           : r->n ? "Kết luận: có chữ ký KHÔNG hợp lệ."
                                  : "Kết luận: tệp chưa được ký.");
}

static void json_str(FILE *out, const char *s)
{
    bc_buf b = BC_BUF_INIT;
    bc_json_str(&b, s);
    if (b.data)
        fputs(b.data, out);
    bc_buf_free(&b);
}

static void json_list(FILE *out, const char *key, char **items, size_t n)
{
    fprintf(out, ", \"%s\": [", key);
    for (size_t k = 0; k < n; k++) {
        if (k)
            fputs(", ", out);
        json_str(out, items[k]);
    }
    fputc(']', out);
}

void bc_verify_print_json(const bc_verify_report *r, FILE *out)
{
    fputs("{\"file\": ", out);
    json_str(out, r->file);
    fprintf(out, ", \"valid\": %s, \"signatures\": [", r->all_valid ? "true" : "false");
    for (size_t i = 0; i < r->n; i++) {
        const bc_sig_report *s = &r->sigs[i];
        fputs(i ? ",\n  {\"field\": " : "\n  {\"field\": ", out);
        json_str(out, s->field);
        fputs(", \"signer\": ", out);
        json_str(out, s->signer_cn);
        fputs(", \"organization\": ", out);
        json_str(out, s->signer_o);
        fputs(", \"time\": ", out);
        json_str(out, *s->time_iso ? s->time_iso : NULL);
        fputs(", \"level\": ", out);
        json_str(out, *s->level ? s->level : NULL);
        fprintf(out, ", \"document_timestamp\": %s", s->doc_timestamp ? "true" : "false");
        fprintf(out, ", \"byte_range\": [%lld, %lld, %lld, %lld]", s->range[0], s->range[1],
                s->range[2], s->range[3]);
        fprintf(out,
                ", \"covers_whole_file\": %s, \"integrity\": %s, \"trusted\": %s, "
                "\"later_changes_allowed\": %s, \"later_revisions\": %d, \"valid\": %s",
                s->covers_whole ? "true" : "false", s->integrity ? "true" : "false",
                s->trusted ? "true" : "false", s->later_ok ? "true" : "false",
                s->later_revisions, s->valid ? "true" : "false");
        json_list(out, "problems", s->problems, s->n_problems);
        json_list(out, "notes", s->notes, s->n_notes);
        fputc('}', out);
    }
    fputs("]}\n", out);
}

void bc_verify_report_free(bc_verify_report *r)
{
    for (size_t i = 0; i < r->n; i++) {
        bc_sig_report *s = &r->sigs[i];
        free(s->field);
        free(s->signer_cn);
        free(s->signer_o);
        for (size_t k = 0; k < s->n_problems; k++)
            free(s->problems[k]);
        for (size_t k = 0; k < s->n_notes; k++)
            free(s->notes[k]);
        free(s->problems);
        free(s->notes);
    }
    free(r->sigs);
    free(r->file);
    memset(r, 0, sizeof *r);
}
