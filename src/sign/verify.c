/* verify.c — see verify.h. */
#include "sign/verify.h"

#include "util/json.h"
#include "util/vntime.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>
#include <limits.h>
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

/* Adds a sentence to the signature's problems (which make it invalid, each with a stable code
 * for --json, see verify.h) or, with code NULL, to its notes. */
static void say(bc_sig_report *s, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(bc_sig_report *s, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (code) {
        size_t before = s->n_problems;
        add_line(&s->problems, &s->n_problems, fmt, ap);
        const char **nc = s->n_problems > before
                              ? realloc(s->problem_codes, s->n_problems * sizeof *nc) : NULL;
        if (nc) {
            nc[s->n_problems - 1] = code;
            s->problem_codes = nc;
        } else if (s->n_problems > before) /* no room for the code: the sentence goes too */
            free(s->problems[--s->n_problems]), s->problems[s->n_problems] = NULL;
    } else
        add_line(&s->notes, &s->n_notes, fmt, ap);
    va_end(ap);
}
#define problem(s, code, ...) say((s), (code), __VA_ARGS__)
#define note(s, ...) say((s), NULL, __VA_ARGS__)

/* Adds a sentence about the document as a whole (not one signature). */
static void doc_note(bc_verify_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void doc_note(bc_verify_report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_line(&r->notes, &r->n_notes, fmt, ap);
    va_end(ap);
}

/* What sign/verify_ltv.c has to say, into the same lists. */
static void ltv_say(bc_sig_report *s, int is_problem, const char *code, const char *sentence)
{
    say(s, is_problem ? (code ? code : "ltv") : NULL, "%s", sentence);
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
        problem(s, "weak-key", "khóa RSA %d bit của người ký quá yếu (cần ≥ 2048 bit)", bits);
    else if (id == EVP_PKEY_EC && bits < 256)
        problem(s, "weak-key", "khóa ECDSA %d bit của người ký quá yếu (cần ≥ 256 bit)", bits);
    else if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS && id != EVP_PKEY_EC)
        problem(s, "unsupported-key", "loại khóa của người ký không được hỗ trợ (chỉ RSA, ECDSA)");
    else
        return 1;
    return 0;
}

/* The length of the DER object at the start of `p` (a zero-padded /Contents holds more), or n. */
static size_t der_length(const unsigned char *p, size_t n)
{
    if (n < 2 || p[0] != 0x30)
        return n;
    if (p[1] < 0x80)
        return (size_t)p[1] + 2 <= n ? (size_t)p[1] + 2 : n;
    size_t k = p[1] & 0x7f, len = 0;
    if (k == 0 || k > 4 || 2 + k > n)
        return n;
    for (size_t i = 0; i < k; i++)
        len = len * 256 + p[2 + i];
    return len <= n - 2 - k ? len + 2 + k : n;
}

/* Whether the certificate fits the role of the field (its name), told as a problem or a note. */
static void check_role(bc_sig_report *s, X509 *cert, const char *role)
{
    char title[160];
    bc_role_fit fit = bc_cert_role_fit(cert, role, title, sizeof title);
    if (fit == BC_ROLE_MISMATCH)
        problem(s, "wrong-role", "người ký không đúng vai trò của ô \"%s\": chứng thư ghi chức vụ \"%s\", "
                   "không phải thủ trưởng cơ quan (hoặc cấp phó ký thay)", role, title);
    else if (fit == BC_ROLE_UNKNOWN)
        note(s, "chứng thư của người ký không ghi chức vụ (title): không đối chiếu được với vai "
                "trò thủ trưởng của ô \"%s\"", role);
}

/* Subject, issuer (RFC 2253, UTF-8), serial (hex) and validity of the signer's certificate. */
static char *name_text(const X509_NAME *n)
{
    BIO *b = BIO_new(BIO_s_mem());
    char *out = NULL;
    if (b && X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
        char *p;
        long len = BIO_get_mem_data(b, &p);
        /* The BIO's bytes are not NUL-terminated: copied by length, not as a string. */
        out = len >= 0 ? malloc((size_t)len + 1) : NULL;
        if (out) {
            memcpy(out, p, (size_t)len);
            out[len] = '\0';
        }
    }
    BIO_free(b);
    return out;
}

static void describe_cert(bc_sig_report *s, X509 *cert)
{
    s->cert_subject = name_text(X509_get_subject_name(cert));
    s->cert_issuer = name_text(X509_get_issuer_name(cert));
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    char *hex = bn ? BN_bn2hex(bn) : NULL;
    s->cert_serial = hex ? strdup(hex) : NULL;
    OPENSSL_free(hex);
    BN_free(bn);
    struct tm tm;
    if (ASN1_TIME_to_tm(X509_get0_notBefore(cert), &tm))
        strftime(s->cert_not_before, sizeof s->cert_not_before, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm))
        strftime(s->cert_not_after, sizeof s->cert_not_after, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void check_cms(bc_sig_report *s, const char *der, size_t derlen, const signed_bytes *b,
                      const bc_verify_ctx *ctx, time_t when, int pades, const char *role)
{
    SHA256((const unsigned char *)der, der_length((const unsigned char *)der, derlen), s->cms_id);
    s->has_cms = 1;
    const unsigned char *p = (const unsigned char *)der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen);
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        problem(s, "cms-unreadable", "chữ ký không phải CMS SignedData đọc được");
        CMS_ContentInfo_free(cms);
        return;
    }
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num(sis) == 1 ? sk_CMS_SignerInfo_value(sis, 0) : NULL;
    X509 *cert = si ? signer_cert(cms, si, certs) : NULL;
    if (!si)
        problem(s, "cms-signers", "CMS phải có đúng một người ký (có %d)", sk_CMS_SignerInfo_num(sis));
    else if (!cert)
        problem(s, "cms-no-certificate", "CMS không kèm chứng thư của người ký");
    if (!cert)
        goto done;
    s->signer_cn = bc_cert_subject_field(cert, NID_commonName);
    s->signer_o = bc_cert_subject_field(cert, NID_organizationName);
    describe_cert(s, cert);
    unsigned int idlen = 0;
    s->has_cert = X509_digest(cert, EVP_sha256(), s->cert_id, &idlen) == 1 && idlen == 32;

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
        problem(s, "weak-digest", "thuật toán băm của chữ ký không được chấp nhận (cần SHA-256 trở lên)");
    else if (!want)
        problem(s, "cms-no-digest", "CMS thiếu thuộc tính message-digest");
    else if (!digest_ranges(md, b, got, &gotlen))
        problem(s, "internal", "không tính được giá trị băm");
    else if ((unsigned)ASN1_STRING_length(want) != gotlen ||
             memcmp(ASN1_STRING_get0_data(want), got, gotlen))
        problem(s, "content-changed", "nội dung đã bị thay đổi sau khi ký: giá trị băm của phần được ký không "
                   "khớp với giá trị trong chữ ký");
    else
        dig_ok = 1;
    int sig_ok = 0;
    if (CMS_set1_signers_certs(cms, certs, 0) >= 0 && CMS_SignerInfo_verify(si) == 1)
        sig_ok = 1;
    else
        problem(s, "signature-mismatch", "chữ ký số không khớp với khóa công khai của người ký (CMS bị sửa hoặc "
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
    X509_STORE *trust = ctx->trust;
    time_t tst = bc_verify_sig_timestamp(s, si, ctx->tsa_trust, ltv_say); /* replaces /M (signingTime) when valid */
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
        if (when > now + BC_CLOCK_SKEW) {
            char iso[32];
            bc_vn_time(when, NULL, iso);
            problem(s, "time-in-future", "thời điểm ký %s nằm ở tương lai so với đồng hồ của máy kiểm tra (quá %d "
                       "phút cho phép lệch đồng hồ): chữ ký không thể được tạo sau thời điểm "
                       "hiện tại", iso, BC_CLOCK_SKEW / 60);
        }
    }
    s->when = when;
    bc_err cerr = BC_ERR_INIT;
    int unknown_root = 0;
    int chain_ok = bc_cert_chain_check_why(cert, certs, trust, when, &unknown_root, &cerr) == BC_OK;
    const char *chain_code = unknown_root ? "root-not-trusted" : "certificate-untrusted";
    s->root_unknown = unknown_root;
    for (size_t i = 0; i < cerr.n; i++)
        problem(s, chain_code, "%s", cerr.items[i].msg);
    bc_err_free(&cerr);
    if (chain_ok && when != now)
        note_validity_now(s, cert, certs, trust, now);
    bc_err uerr = BC_ERR_INIT;
    int ku_ok = bc_cert_usage_check(cert, "người ký", &uerr) == BC_OK;
    for (size_t i = 0; i < uerr.n; i++)
        problem(s, "certificate-usage", "%s", uerr.items[i].msg);
    bc_err_free(&uerr);
    if (role)
        check_role(s, cert, role);
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

/* Changes listed per signature: an update can change a million objects, and a million
 * sentences per signature would be the blow-up the limits exist against. */
#define MAX_CHANGES_LISTED 100

typedef struct change_list {
    bc_sig_report *s;
    size_t n;
} change_list;

static void report_change(void *ctx, const char *sentence)
{
    change_list *c = ctx;
    if (c->n++ < MAX_CHANGES_LISTED)
        problem(c->s, "changed-after-signing", "%s", sentence);
}

static void check_later(bc_pdf *doc, bc_pdf *sdoc, bc_sig_report *s, size_t end)
{
    /* A hybrid file's /XRefStm section shares its table's offset: one revision, not two. */
    for (size_t i = 0; i < doc->nsections; i++)
        s->later_revisions += (size_t)doc->sections[i].off >= end &&
                              (i == 0 || doc->sections[i].off != doc->sections[i - 1].off);
    change_list changes = {s, 0};
    int nbad = bc_sig_changes_check(doc, sdoc, end, report_change, &changes);
    if (changes.n > MAX_CHANGES_LISTED)
        problem(s, "changed-after-signing", "… và %zu thay đổi khác sau khi ký (không liệt kê hết)",
                changes.n - MAX_CHANGES_LISTED);
    if (nbad < 0)
        problem(s, "internal", "hết bộ nhớ khi xét các lần cập nhật sau chữ ký");
    s->later_ok = nbad == 0;
    if (s->later_revisions == 0) {
        /* No update follows, so whatever comes after the signed bytes is not part of any
         * revision: harmless if it is only line ends, else unsigned data riding along. */
        size_t junk = 0;
        for (size_t i = end; i < doc->len; i++)
            junk += !strchr(" \r\n\t", doc->data[i]) || doc->data[i] == 0;
        if (junk) {
            problem(s, "unsigned-trailing-bytes", "có %zu byte không được ký nằm sau phần được ký (không phải một lần cập "
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

/* The field must hold this signature in the signed bytes themselves: a field that got its /V
 * after the signature was made (a reference to another field's signature dictionary, or a copy
 * of it) is not signed by it. */
static void check_held(bc_pdf *sdoc, bc_sig_report *s, const bc_pdf_obj *v, size_t end)
{
    bc_pdf_obj *f = s->field_num ? bc_pdf_get(sdoc, s->field_num) : NULL;
    s->held = f && bc_pdf_equal(bc_pdf_dget_raw(f, "V"), v, NULL);
    if (!s->field_num)
        problem(s, "field-direct", "ô chữ ký \"%s\" được viết trực tiếp trong /Fields hoặc /Kids, không phải đối "
                   "tượng gián tiếp như PDF yêu cầu", s->field);
    else if (!s->held)
        problem(s, "field-not-in-signed-revision", "trong chính phần được ký (đến byte %zu), ô \"%s\" chưa mang chữ ký này: chữ "
                   "ký được gắn vào ô sau khi ký (chép từ một ô khác), nên không phải chữ ký của "
                   "ô này", end, s->field);
}

static void check_pdf_sig(bc_pdf *doc, bc_sig_report *s, bc_pdf_obj *vraw,
                          const bc_verify_ctx *ctx)
{
    bc_pdf_obj *sig = bc_pdf_resolve(doc, vraw);
    bc_pdf_obj *sub = bc_pdf_dget(doc, sig, "SubFilter");
    int pades = bc_pdf_is_name(sub, "ETSI.CAdES.detached");
    int doc_ts = bc_pdf_is_name(sub, "ETSI.RFC3161");
    if (!pades && !doc_ts && !bc_pdf_is_name(sub, "adbe.pkcs7.detached")) {
        problem(s, "unsupported-subfilter", "kiểu chữ ký /SubFilter /%s không được hỗ trợ",
                sub && sub->kind == BC_PDF_NAME ? sub->name : "?");
        return;
    }
    bc_pdf_obj *br = bc_pdf_dget(doc, sig, "ByteRange");
    bc_pdf_obj *contents = bc_pdf_dget(doc, sig, "Contents");
    if (!br || br->kind != BC_PDF_ARRAY || br->arr.n != 4 || !contents ||
        contents->kind != BC_PDF_STRING) {
        problem(s, "missing-byterange", "chữ ký thiếu /ByteRange hoặc /Contents");
        return;
    }
    for (int i = 0; i < 4; i++)
        s->range[i] = br->arr.items[i]->kind == BC_PDF_INT ? br->arr.items[i]->i : -1;
    s->has_range = 1;
    long long *r = s->range, len = (long long)doc->len, signed_end = 0;
    /* Numbers from the file: the end is summed with an overflow check (values near 2^63 would
     * wrap past the bounds test), and the gap must hold at least "<>". */
    if (r[0] != 0 || r[1] <= 0 || r[2] < 2 || r[2] - 2 < r[1] || r[3] < 0 ||
        __builtin_add_overflow(r[2], r[3], &signed_end) || signed_end > len) {
        problem(s, "byterange-invalid", "/ByteRange [%lld %lld %lld %lld] không hợp lệ với tệp dài %lld byte "
                   "(tệp bị cắt cụt hoặc /ByteRange bị sửa)", r[0], r[1], r[2], r[3], len);
        return;
    }
    /* The gap must be exactly the /Contents hex string, or bytes would go unsigned. */
    const char *d = doc->data;
    if (d[r[1]] != '<' || d[r[2] - 1] != '>' ||
        !hex_only(d + r[1] + 1, (size_t)(r[2] - r[1] - 2)) ||
        (size_t)(r[2] - r[1] - 2) / 2 < contents->str.len) {
        problem(s, "byterange-gap", "/ByteRange không khớp đúng với chuỗi /Contents (có phần của tệp nằm ngoài "
                   "phạm vi được ký, hoặc /ByteRange bị sửa)");
        return;
    }
    s->covers_whole = signed_end == len;
    char iso[40];
    time_t when = parse_pdf_date(bc_pdf_dget(doc, sig, "M"), iso);
    memcpy(s->time_iso, iso, sizeof iso);
    long long ranges[4] = {r[0], r[1], r[2], r[3]};
    signed_bytes b = {d, ranges, 2};
    if (doc_ts)
        bc_verify_doc_timestamp(s, contents->str.s, contents->str.len, d, r, ctx->tsa_trust,
                                ltv_say);
    else
        check_cms(s, contents->str.s, contents->str.len, &b, ctx, when, pades, s->field);
    /* The signed revision is what the signed bytes say: they are opened as a PDF of their own. */
    size_t end = (size_t)signed_end;
    bc_pdf sdoc;
    bc_err serr = BC_ERR_INIT;
    if (bc_pdf_open(&sdoc, d, end, s->field, &serr) != BC_OK) {
        problem(s, "signed-revision-unreadable", "phần được ký (byte 0–%zu) không đọc được như một tệp PDF hoàn chỉnh (%s): "
                   "không biết bản đã ký là bản nào", end, serr.n ? serr.items[0].msg : "?");
        s->later_ok = 0;
    } else {
        check_held(&sdoc, s, vraw, end);
        check_later(doc, &sdoc, s, end);
    }
    bc_pdf_close(&sdoc);
    bc_err_free(&serr);
}

/* Collects signed signature fields (those with /V) in document order. The field tree may
 * list one field many times (a DAG of /Kids): visits and signatures are counted against
 * BC_PDF_MAX_FIELDS and BC_PDF_MAX_SIGNATURES, so that it cannot multiply the work. */
typedef struct field_walk {
    bc_verify_report *r;
    const bc_verify_ctx *ctx;
    size_t visits;
    enum { WALK_OK, WALK_FIELDS, WALK_SIGNATURES } over; /* the limit that stopped the walk */
} field_walk;

static void walk_fields(bc_pdf *doc, bc_pdf_obj *arr, field_walk *w, int depth)
{
    if (!arr || arr->kind != BC_PDF_ARRAY || depth > 8)
        return;
    for (size_t i = 0; i < arr->arr.n && !w->over; i++) {
        if (++w->visits > BC_PDF_MAX_FIELDS) {
            w->over = WALK_FIELDS;
            return;
        }
        bc_pdf_obj *f = bc_pdf_resolve(doc, arr->arr.items[i]);
        if (!f || f->kind != BC_PDF_DICT)
            continue;
        bc_pdf_obj *vraw = bc_pdf_dget_raw(f, "V"), *v = bc_pdf_resolve(doc, vraw);
        if (bc_pdf_is_name(bc_pdf_dget(doc, f, "FT"), "Sig") && v && v->kind == BC_PDF_DICT) {
            if (w->r->n >= BC_PDF_MAX_SIGNATURES) {
                w->over = WALK_SIGNATURES;
                return;
            }
            bc_sig_report *s = new_sig(w->r);
            if (!s)
                return;
            bc_pdf_obj *t = bc_pdf_dget(doc, f, "T");
            s->field = t && t->kind == BC_PDF_STRING ? strndup(t->str.s, t->str.len) : strdup("?");
            s->field_num = arr->arr.items[i]->kind == BC_PDF_REF ? arr->arr.items[i]->ref.num : 0;
            s->value_num = vraw->kind == BC_PDF_REF ? vraw->ref.num : 0;
            check_pdf_sig(doc, s, vraw, w->ctx);
        }
        walk_fields(doc, bc_pdf_dget(doc, f, "Kids"), w, depth + 1);
    }
}

/* ---- across signatures ------------------------------------------------------------------ */

static int same_signature(const bc_sig_report *a, const bc_sig_report *b)
{
    return (a->value_num && a->value_num == b->value_num) ||
           (a->has_cms && b->has_cms && !memcmp(a->cms_id, b->cms_id, sizeof a->cms_id));
}

static int person_role(const char *f)
{
    return !strcmp(f, "nguoi-khai") || !strcmp(f, "thu-truong");
}

/* Where a signature's bytes end (0 when its /ByteRange was not read). */
static long long range_end(const bc_sig_report *s)
{
    const long long *q = s->range;
    return s->has_range && q[2] >= 0 && q[3] >= 0 && q[3] <= LLONG_MAX - q[2] ? q[2] + q[3] : 0;
}

/* A later update is accepted for signature `s` when what it adds is another signature (see
 * changes.h); that is only worth something when that signature's CMS really signs it. A later
 * signature whose bytes do not match its CMS adds a field and an appearance nobody vouches for. */
static void check_later_signers(bc_verify_report *r, bc_sig_report *s)
{
    for (size_t i = 0; s->later_revisions && i < r->n; i++) {
        const bc_sig_report *t = &r->sigs[i];
        if (t != s && !t->integrity && range_end(t) > range_end(s) && range_end(s) > 0) {
            problem(s, "later-signature-invalid", "một lần cập nhật sau chữ ký này thêm chữ ký ở ô \"%s\" nhưng chữ ký đó "
                       "không toàn vẹn: ô ký và hình hiển thị nó thêm không được ai bảo đảm",
                    t->field);
            return;
        }
    }
}

/* One signature counts once: of the fields that carry the same CMS (or the same signature
 * dictionary), only the first one whose signed bytes hold it keeps it. And the preparer and
 * the head of agency are two people: one certificate may not sign both their fields. */
static void check_across(bc_verify_report *r)
{
    for (size_t k = 0; k < r->n; k++)
        check_later_signers(r, &r->sigs[k]);
    for (size_t k = 0; k < r->n; k++) {
        bc_sig_report *s = &r->sigs[k];
        size_t other = r->n, keeper = r->n;
        for (size_t i = 0; i < r->n; i++) {
            if (i != k && same_signature(s, &r->sigs[i]) && other == r->n)
                other = i;
            if ((i == k || same_signature(s, &r->sigs[i])) && r->sigs[i].held && keeper == r->n)
                keeper = i;
        }
        if (other < r->n && keeper != k) {
            const bc_sig_report *o = &r->sigs[other];
            if (s->value_num && s->value_num == o->value_num)
                problem(s, "reused-signature", "ô \"%s\" dùng chung từ điển chữ ký (đối tượng %d) với ô \"%s\": một "
                           "chữ ký chỉ được tính một lần", s->field, s->value_num, o->field);
            else
                problem(s, "reused-cms", "cùng một CMS (chữ ký) đã có ở ô \"%s\": chữ ký bị chép lại sang ô "
                           "\"%s\", không phải một chữ ký khác", o->field, s->field);
            continue;
        }
        for (size_t i = 0; i < k; i++) {
            const bc_sig_report *o = &r->sigs[i];
            if (s->has_cert && o->has_cert && !memcmp(s->cert_id, o->cert_id, 32) &&
                !same_signature(s, o) && person_role(s->field) && person_role(o->field) &&
                strcmp(s->field, o->field)) {
                problem(s, "same-signer-two-roles", "cùng một chứng thư (của %s) đã ký cả ô \"%s\" lẫn ô \"%s\": người "
                           "khai và thủ trưởng phải là hai người khác nhau",
                        s->signer_cn ? s->signer_cn : "?", o->field, s->field);
                break;
            }
        }
    }
}

/* ---- unsigned fields that show something -------------------------------------------------- */

#define MAX_PAGE_NODES 200000

typedef struct page_walk {
    bc_pdf *doc;
    bc_verify_report *r;
    int page;   /* pages seen so far */
    int budget; /* page-tree nodes still allowed (a /Kids cycle must not run away) */
} page_walk;

/* An unsigned signature widget (merged with its field, or a kid of one) on a page. */
static int unsigned_sig_widget(bc_pdf *doc, const bc_pdf_obj *a)
{
    if (!a || a->kind != BC_PDF_DICT || !bc_pdf_is_name(bc_pdf_dget(doc, a, "Subtype"), "Widget"))
        return 0;
    if (bc_pdf_is_name(bc_pdf_dget(doc, a, "FT"), "Sig"))
        return !bc_pdf_dget_raw(a, "V");
    bc_pdf_obj *p = bc_pdf_dget(doc, a, "Parent");
    return bc_pdf_is_name(bc_pdf_dget(doc, p, "FT"), "Sig") && !bc_pdf_dget_raw(p, "V");
}

static void note_page(page_walk *w, const bc_pdf_obj *page)
{
    bc_pdf_obj *annots = bc_pdf_dget(w->doc, page, "Annots");
    for (size_t i = 0; annots && annots->kind == BC_PDF_ARRAY && i < annots->arr.n; i++) {
        bc_pdf_obj *a = bc_pdf_resolve(w->doc, annots->arr.items[i]);
        if (!unsigned_sig_widget(w->doc, a) || !bc_sig_widget_visible(w->doc, a))
            continue;
        bc_pdf_obj *t = bc_pdf_dget(w->doc, a, "T");
        if (!t)
            t = bc_pdf_dget(w->doc, bc_pdf_dget(w->doc, a, "Parent"), "T");
        char name[64] = "?";
        for (size_t k = 0; t && t->kind == BC_PDF_STRING && k < t->str.len && k + 1 < sizeof name;
             k++) {
            name[k] = t->str.s[k] >= 0x20 && t->str.s[k] < 0x7f ? t->str.s[k] : '?';
            name[k + 1] = 0;
        }
        doc_note(w->r, "ô chữ ký chưa ký \"%s\" trên trang %d có hình hiển thị (/AP hoặc /MK): "
                       "trông như chữ ký nhưng không phải chữ ký", name, w->page);
    }
}

static void walk_pages(page_walk *w, const bc_pdf_obj *node, int depth)
{
    if (!node || depth > 64 || w->budget-- <= 0)
        return;
    if (bc_pdf_is_name(bc_pdf_dget(w->doc, node, "Type"), "Page")) {
        w->page++;
        note_page(w, node);
        return;
    }
    bc_pdf_obj *kids = bc_pdf_dget(w->doc, node, "Kids");
    for (size_t i = 0; kids && kids->kind == BC_PDF_ARRAY && i < kids->arr.n; i++)
        walk_pages(w, bc_pdf_resolve(w->doc, kids->arr.items[i]), depth + 1);
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

bc_status bc_verify_pdf_with(const char *data, size_t len, const char *name,
                             const bc_verify_ctx *ctx, bc_verify_report *r, bc_err *err)
{
    memset(r, 0, sizeof *r);
    r->file = strdup(name);
    bc_pdf doc;
    bc_status st = bc_pdf_open(&doc, data, len, name, err);
    if (st == BC_OK) {
        bc_pdf_obj *root = bc_pdf_dget(&doc, doc.trailer, "Root");
        field_walk w = {r, ctx, 0, WALK_OK};
        walk_fields(&doc, bc_pdf_dget(&doc, bc_pdf_dget(&doc, root, "AcroForm"), "Fields"), &w,
                    0);
        bc_verify_ltv_levels(&doc, r, ctx, ltv_say);
        check_across(r);
        page_walk pw = {&doc, r, 0, MAX_PAGE_NODES};
        walk_pages(&pw, bc_pdf_dget(&doc, root, "Pages"), 0);
        /* Bytes after the newest revision's %%EOF are not part of any revision. */
        finish_report(r);
        /* A verdict on a partial reading would be a guess: a limit refuses the file. */
        if (w.over == WALK_SIGNATURES)
            st = bc_err_add(err, BC_BADINPUT, name, 0, 0, "tệp có hơn %d chữ ký (giới hạn "
                            "BC_PDF_MAX_SIGNATURES): không kiểm tra tệp này", BC_PDF_MAX_SIGNATURES);
        else if (w.over == WALK_FIELDS)
            st = bc_err_add(err, BC_BADINPUT, name, 0, 0, "cây ô của biểu mẫu cần hơn %d lượt "
                            "duyệt (giới hạn BC_PDF_MAX_FIELDS): không kiểm tra tệp này",
                            BC_PDF_MAX_FIELDS);
        else if (bc_pdf_limit(&doc))
            st = bc_err_add(err, BC_BADINPUT, name, 0, 0, "%s: không kiểm tra tệp này",
                            bc_pdf_limit(&doc));
    }
    bc_pdf_close(&doc);
    return st;
}

bc_status bc_verify_detached_with(const char *data, size_t len, const char *name, const char *sig,
                                  size_t siglen, const char *sig_name, const bc_verify_ctx *ctx,
                                  bc_verify_report *r, bc_err *err)
{
    (void)err;
    memset(r, 0, sizeof *r);
    r->file = strdup(name);
    bc_sig_report *s = new_sig(r);
    if (!s)
        return bc_err_oom(err, NULL);
    s->field = strdup(sig_name);
    long long ranges[2] = {0, (long long)len};
    signed_bytes b = {data, ranges, 1};
    s->range[1] = (long long)len;
    s->covers_whole = 1;
    s->later_ok = 1;
    check_cms(s, sig, siglen, &b, ctx, 0, 0, NULL);
    bc_verify_ltv_detached(s, sig, siglen, ctx, ltv_say);
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

bc_status bc_verify_ctx_open(bc_verify_ctx *c, const char *const *trust, size_t ntrust,
                             const char *const *tsa, size_t ntsa, int offline, bc_err *err)
{
    memset(c, 0, sizeof *c);
    c->offline = offline;
    c->trust = bc_trust_store(trust, ntrust, err);
    c->tsa_trust = !c->trust || !ntsa ? c->trust : bc_trust_store(tsa, ntsa, err);
    if (c->trust && c->tsa_trust)
        return BC_OK;
    bc_verify_ctx_close(c);
    return BC_BADINPUT;
}

void bc_verify_ctx_close(bc_verify_ctx *c)
{
    if (c->tsa_trust != c->trust)
        X509_STORE_free(c->tsa_trust);
    X509_STORE_free(c->trust);
    memset(c, 0, sizeof *c);
}

bc_status bc_verify_pdf(const char *data, size_t len, const char *name, X509_STORE *trust,
                        bc_verify_report *r, bc_err *err)
{
    bc_verify_ctx ctx = {trust, trust, 1};
    return bc_verify_pdf_with(data, len, name, &ctx, r, err);
}

bc_status bc_verify_detached(const char *data, size_t len, const char *name, const char *sig,
                             size_t siglen, const char *sig_name, X509_STORE *trust,
                             bc_verify_report *r, bc_err *err)
{
    bc_verify_ctx ctx = {trust, trust, 1};
    return bc_verify_detached_with(data, len, name, sig, siglen, sig_name, &ctx, r, err);
}

/* ---- output ----------------------------------------------------------------------------- */

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
        free(s->problem_codes);
        free(s->notes);
        free(s->cert_subject);
        free(s->cert_issuer);
        free(s->cert_serial);
    }
    for (size_t k = 0; k < r->n_notes; k++)
        free(r->notes[k]);
    free(r->notes);
    free(r->sigs);
    free(r->file);
    memset(r, 0, sizeof *r);
}
