/* keys.c — see keys.h. */
#include "sign/keys.h"

#include "util/secret.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <utf8proc.h>

#include "util/fileio.h"

#define PASS_MAX 1024

static void chomp(char *s)
{
    size_t n = strcspn(s, "\r\n");
    s[n] = 0;
}

/* Asks on /dev/tty with echo off (util/secret.h), so the passphrase is neither shown nor in
 * shell history. */
static int prompt_pass(const char *what, char *out, size_t cap)
{
    char prompt[256];
    snprintf(prompt, sizeof prompt, "Mật khẩu của %s: ", what);
    return bc_secret_prompt(prompt, out, cap);
}

/* Fills `out` from the first source that is given; BC_BADINPUT when none is. */
static bc_status get_pass(const bc_key_source *src, const char *what, char *out, size_t cap,
                          bc_err *err)
{
    out[0] = 0;
    if (src->pass_file) {
        char *data = NULL;
        size_t len = 0;
        if (bc_file_read(src->pass_file, &data, &len, err) != BC_OK)
            return BC_BADINPUT;
        chomp(data);
        int fits = strlen(data) < cap;
        if (fits)
            strcpy(out, data);
        OPENSSL_cleanse(data, len);
        free(data);
        return fits ? BC_OK
                    : bc_err_add(err, BC_BADINPUT, src->pass_file, 0, 0, "mật khẩu quá dài");
    }
    const char *var = src->pass_env ? src->pass_env : "BAOCAO_PASS";
    const char *v = getenv(var);
    if (v) {
        if (strlen(v) >= cap)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "mật khẩu trong $%s quá dài", var);
        strcpy(out, v);
        return BC_OK;
    }
    if (src->pass_env)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "biến môi trường %s chưa được đặt",
                          src->pass_env);
    if (!src->no_prompt && isatty(STDIN_FILENO) && prompt_pass(what, out, cap))
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, what, 0, 0,
                      "cần mật khẩu của khóa: dùng --pass-file TỆP hoặc biến môi trường "
                      "BAOCAO_PASS (không nhập mật khẩu trên dòng lệnh)");
}

static BIO *open_bio(const char *path, bc_err *err)
{
    BIO *b = BIO_new_file(path, "rb");
    if (!b)
        bc_err_add(err, BC_BADINPUT, path, 0, 0, "không mở được tệp");
    return b;
}

/* PKCS#12 files exported by Windows and older token tools encrypt the certificates with
 * RC2-40, which OpenSSL 3 keeps in its "legacy" provider. It is loaded only when such a file is
 * met; loading any provider disables the implicit default one, so both are loaded. They stay
 * loaded for the life of the process, as OpenSSL's own pkcs12 tool does (unloading them earlier
 * would leave no provider at all), and are unloaded at exit so that nothing is left behind.
 * The two handles are the one piece of process-wide state here, mirroring OpenSSL's own: they
 * are set once, from the thread that loads signers, before any worker starts. */
static OSSL_PROVIDER *legacy_provider, *default_provider;

static void unload_providers(void)
{
    OSSL_PROVIDER_unload(legacy_provider);
    OSSL_PROVIDER_unload(default_provider);
    legacy_provider = default_provider = NULL;
}

static int load_legacy_provider(void)
{
    if (legacy_provider && default_provider)
        return 1;
    if (!legacy_provider && !default_provider)
        atexit(unload_providers);
    if (!legacy_provider)
        legacy_provider = OSSL_PROVIDER_load(NULL, "legacy");
    if (!default_provider)
        default_provider = OSSL_PROVIDER_load(NULL, "default");
    return legacy_provider && default_provider;
}

static int parse_p12(PKCS12 *p12, const char *pass, bc_signer *s)
{
    if (PKCS12_parse(p12, pass, &s->key, &s->cert, &s->chain))
        return 1;
    ERR_clear_error();
    return load_legacy_provider() && PKCS12_parse(p12, pass, &s->key, &s->cert, &s->chain);
}

static bc_status load_p12(const bc_key_source *src, bc_signer *s, bc_err *err)
{
    BIO *b = open_bio(src->p12, err);
    if (!b)
        return BC_BADINPUT;
    PKCS12 *p12 = d2i_PKCS12_bio(b, NULL);
    BIO_free(b);
    if (!p12)
        return bc_err_add(err, BC_BADINPUT, src->p12, 0, 0, "không phải tệp PKCS#12 (.p12/.pfx)");
    char pass[PASS_MAX];
    bc_status st = BC_OK;
    /* A file without a passphrase is tried first so that one is not asked for in vain. */
    if (PKCS12_verify_mac(p12, "", 0) || PKCS12_verify_mac(p12, NULL, 0))
        pass[0] = 0;
    else if ((st = get_pass(src, src->p12, pass, sizeof pass, err)) == BC_OK &&
             !PKCS12_verify_mac(p12, pass, -1))
        st = bc_err_add(err, BC_BADINPUT, src->p12, 0, 0, "sai mật khẩu của tệp PKCS#12");
    if (st == BC_OK && !parse_p12(p12, pass, s))
        st = bc_err_add(err, BC_BADINPUT, src->p12, 0, 0,
                        "không đọc được khóa và chứng thư trong tệp PKCS#12");
    OPENSSL_cleanse(pass, sizeof pass);
    PKCS12_free(p12);
    if (st == BC_OK && (!s->key || !s->cert))
        st = bc_err_add(err, BC_BADINPUT, src->p12, 0, 0,
                        "tệp PKCS#12 không chứa cả khóa bí mật lẫn chứng thư của người ký");
    return st;
}

/* OpenSSL's PEM callback: hands over the passphrase fetched on first need. */
typedef struct pem_pass_ctx {
    const bc_key_source *src;
    bc_err *err;
    int asked, failed;
} pem_pass_ctx;

static int pem_pass_cb(char *buf, int size, int rwflag, void *u)
{
    (void)rwflag;
    pem_pass_ctx *c = u;
    if (c->asked++) /* OpenSSL does not retry with the same answer; one chance is enough */
        return -1;
    char pass[PASS_MAX];
    if (get_pass(c->src, c->src->key, pass, sizeof pass, c->err) != BC_OK) {
        c->failed = 1;
        return -1;
    }
    int n = (int)strlen(pass);
    if (n >= size)
        n = size - 1;
    memcpy(buf, pass, (size_t)n);
    OPENSSL_cleanse(pass, sizeof pass);
    return n;
}

static bc_status load_certs(const char *path, STACK_OF(X509) *into, bc_err *err)
{
    BIO *b = open_bio(path, err);
    if (!b)
        return BC_BADINPUT;
    int n = 0;
    X509 *x;
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        if (!sk_X509_push(into, x)) {
            X509_free(x);
            break;
        }
        n++;
    }
    BIO_free(b);
    ERR_clear_error(); /* the loop ends on "no start line" */
    return n ? BC_OK : bc_err_add(err, BC_BADINPUT, path, 0, 0, "không có chứng thư PEM nào");
}

static bc_status load_pem(const bc_key_source *src, bc_signer *s, bc_err *err)
{
    if (!src->key || !src->cert)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "cần --p12 TỆP, hoặc cả --key TỆP và --cert TỆP");
    BIO *b = open_bio(src->key, err);
    if (!b)
        return BC_BADINPUT;
    pem_pass_ctx c = {src, err, 0, 0};
    s->key = PEM_read_bio_PrivateKey(b, NULL, pem_pass_cb, &c);
    BIO_free(b);
    if (!s->key)
        return c.failed ? BC_BADINPUT
                        : bc_err_add(err, BC_BADINPUT, src->key, 0, 0,
                                     c.asked ? "sai mật khẩu của khóa bí mật"
                                             : "không đọc được khóa bí mật PEM");
    STACK_OF(X509) *certs = sk_X509_new_null();
    if (!certs || load_certs(src->cert, certs, err) != BC_OK) {
        sk_X509_pop_free(certs, X509_free);
        return BC_BADINPUT;
    }
    s->cert = sk_X509_shift(certs);
    s->chain = certs; /* extra certificates in the cert file count as chain */
    if (src->chain && load_certs(src->chain, s->chain, err) != BC_OK)
        return BC_BADINPUT;
    return BC_OK;
}

/* Drops the signer's own certificate from the chain (PKCS#12 files often repeat it). */
static void dedupe_chain(bc_signer *s)
{
    for (int i = sk_X509_num(s->chain) - 1; i >= 0; i--)
        if (!X509_cmp(sk_X509_value(s->chain, i), s->cert))
            X509_free(sk_X509_delete(s->chain, i));
}

bc_status bc_signer_load(const bc_key_source *src, bc_signer *s, bc_err *err)
{
    memset(s, 0, sizeof *s);
    bc_status st = src->p12 ? load_p12(src, s, err) : load_pem(src, s, err);
    ERR_clear_error();
    if (st == BC_OK && !s->chain && !(s->chain = sk_X509_new_null()))
        st = bc_err_oom(err, NULL);
    if (st != BC_OK) {
        bc_signer_free(s);
        return st;
    }
    dedupe_chain(s);
    return BC_OK;
}

void bc_signer_free(bc_signer *s)
{
    if (s->sign_free)
        s->sign_free(s->sign_ctx);
    EVP_PKEY_free(s->key);
    X509_free(s->cert);
    sk_X509_pop_free(s->chain, X509_free);
    memset(s, 0, sizeof *s);
}

X509_STORE *bc_trust_store(const char *const *files, size_t n, bc_err *err)
{
    X509_STORE *st = X509_STORE_new();
    if (!st) {
        bc_err_oom(err, NULL);
        return NULL;
    }
    if (n == 0) {
        X509_STORE_set_default_paths(st);
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        STACK_OF(X509) *certs = sk_X509_new_null();
        if (!certs || load_certs(files[i], certs, err) != BC_OK) {
            sk_X509_pop_free(certs, X509_free);
            X509_STORE_free(st);
            return NULL;
        }
        for (int k = 0; k < sk_X509_num(certs); k++)
            X509_STORE_add_cert(st, sk_X509_value(certs, k));
        sk_X509_pop_free(certs, X509_free);
    }
    ERR_clear_error();
    return st;
}

char *bc_cert_subject_field(X509 *cert, int nid)
{
    X509_NAME *name = cert ? X509_get_subject_name(cert) : NULL;
    int i = name ? X509_NAME_get_index_by_NID(name, nid, -1) : -1;
    if (i < 0)
        return NULL;
    unsigned char *utf8 = NULL;
    int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    if (n < 0)
        return NULL;
    char *s = strndup((char *)utf8, (size_t)n);
    OPENSSL_free(utf8);
    return s;
}

static const char *chain_reason(int code)
{
    switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        return "không tìm được CA cấp trên trong chuỗi hoặc trong các chứng thư gốc tin cậy "
               "(thiếu chứng thư CA trung gian, hoặc CA gốc không được tin cậy)";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        return "chuỗi chứng thư kết thúc ở một CA gốc không nằm trong danh sách tin cậy (--trust)";
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return "một chứng thư trong chuỗi đã hết hạn";
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return "một chứng thư trong chuỗi chưa có hiệu lực";
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return "chữ ký trên chứng thư không đúng";
    case X509_V_ERR_CERT_REVOKED:
        return "chứng thư đã bị thu hồi";
    case X509_V_ERR_INVALID_CA:
        return "một chứng thư trung gian không phải là CA";
    default:
        return NULL;
    }
}

/* An anchor missing, not a broken chain: the chain ends at a root the verifier was not told to
 * trust (or at no root at all), which --trust can fix. */
static int root_unknown(int code)
{
    return code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
           code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
           code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
           code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
}

bc_status bc_cert_chain_check_why(X509 *cert, STACK_OF(X509) *untrusted, X509_STORE *trust,
                                  time_t at, int *unknown_root, bc_err *err)
{
    if (unknown_root)
        *unknown_root = 0;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (!ctx || !X509_STORE_CTX_init(ctx, trust, cert, untrusted)) {
        X509_STORE_CTX_free(ctx);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "OpenSSL: không khởi tạo được kiểm tra chuỗi");
    }
    X509_STORE_CTX_set_time(ctx, 0, at);
    int ok = X509_verify_cert(ctx) == 1;
    int code = X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    if (ok)
        return BC_OK;
    if (unknown_root)
        *unknown_root = root_unknown(code);
    const char *why = chain_reason(code);
    if (why)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "chứng thư không được tin cậy: %s", why);
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "chứng thư không được tin cậy: chuỗi chứng thư không hợp lệ (mã lỗi "
                      "OpenSSL %d)", code);
}

bc_status bc_cert_chain_check(X509 *cert, STACK_OF(X509) *untrusted, X509_STORE *trust,
                              time_t at, bc_err *err)
{
    return bc_cert_chain_check_why(cert, untrusted, trust, at, NULL, err);
}

void bc_asn1_time_text(const ASN1_TIME *t, char *out, size_t cap)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(t, &tm))
        strftime(out, cap, "%d/%m/%Y %H:%M UTC", &tm);
    else
        snprintf(out, cap, "?");
}

bc_status bc_signer_check(const bc_signer *s, X509_STORE *trust, time_t at, bc_err *err)
{
    char *cn = bc_cert_subject_field(s->cert, NID_commonName);
    const char *who = cn ? cn : "người ký";
    bc_status st = BC_OK;
    char when[64];
    if (X509_cmp_time(X509_get0_notBefore(s->cert), &at) > 0) {
        bc_asn1_time_text(X509_get0_notBefore(s->cert), when, sizeof when);
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chứng thư của %s chưa có hiệu lực (hiệu lực từ %s)", who, when);
    }
    if (X509_cmp_time(X509_get0_notAfter(s->cert), &at) < 0) {
        bc_asn1_time_text(X509_get0_notAfter(s->cert), when, sizeof when);
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chứng thư của %s đã hết hạn lúc %s; hãy gia hạn chứng thư số", who, when);
    }
    if (bc_cert_usage_check(s->cert, who, err) != BC_OK)
        st = BC_BADINPUT;
    int bits = EVP_PKEY_get_bits(s->key), id = EVP_PKEY_get_base_id(s->key);
    if ((id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) && bits < 2048)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "khóa RSA %d bit quá yếu (cần ≥ 2048)", bits);
    else if (id == EVP_PKEY_EC && bits < 256)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "khóa ECDSA %d bit quá yếu (cần ≥ 256)",
                        bits);
    else if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS && id != EVP_PKEY_EC)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "loại khóa không hỗ trợ (chỉ RSA, ECDSA)");
    if (!X509_check_private_key(s->cert, s->key))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "khóa bí mật không khớp với chứng thư của %s", who);
    /* An expired signer would also fail the chain check; one message about it is enough. */
    if (st == BC_OK && bc_cert_chain_check(s->cert, s->chain, trust, at, err) != BC_OK)
        st = BC_BADINPUT;
    ERR_clear_error();
    free(cn);
    return st;
}

/* ---- the certificate's profile ---------------------------------------------------------- */

/* Extended key usages that allow signing documents (RFC 5280 §4.2.1.12: when the extension is
 * present, the certificate may be used only for the purposes it lists). */
static const char *const doc_signing_ekus[] = {
    "1.3.6.1.5.5.7.3.4",       /* emailProtection (what VGCA person certificates carry) */
    "1.3.6.1.5.5.7.3.36",      /* id-kp-documentSigning, RFC 9336 */
    "1.2.840.113583.1.1.5",    /* Adobe Authentic Documents Trust */
    "1.3.6.1.4.1.311.10.3.12", /* Microsoft Document Signing */
    "2.5.29.37.0",             /* anyExtendedKeyUsage */
    NULL,
};

/* The purposes listed in `eku`, by short name, for a message. */
static void eku_names(EXTENDED_KEY_USAGE *eku, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = 0;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && at + 1 < cap; i++) {
        char name[80];
        ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
        int nid = OBJ_obj2nid(o);
        if (nid != NID_undef && OBJ_nid2sn(nid))
            snprintf(name, sizeof name, "%s", OBJ_nid2sn(nid));
        else
            OBJ_obj2txt(name, sizeof name, o, 1);
        int n = snprintf(out + at, cap - at, "%s%s", i ? ", " : "", name);
        at = n > 0 && (size_t)n < cap - at ? at + (size_t)n : cap - 1;
    }
}

static bc_status check_eku(X509 *cert, const char *who, bc_err *err)
{
    int crit = 0;
    EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(cert, NID_ext_key_usage, &crit, NULL);
    if (!eku) /* absent (any use), or unreadable: the latter is caught by the chain check */
        return BC_OK;
    int fits = 0;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku) && !fits; i++) {
        char oid[80];
        OBJ_obj2txt(oid, sizeof oid, sk_ASN1_OBJECT_value(eku, i), 1);
        for (const char *const *k = doc_signing_ekus; *k && !fits; k++)
            fits = !strcmp(oid, *k);
    }
    char names[256];
    eku_names(eku, names, sizeof names);
    sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free);
    if (fits)
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "chứng thư của %s chỉ dành cho mục đích %s (extended key usage), không "
                      "dùng để ký văn bản (cần emailProtection, documentSigning, Adobe Authentic "
                      "Documents, Microsoft Document Signing hoặc anyExtendedKeyUsage)",
                      who, names[0] ? names : "(trống)");
}

/* The digest of the CA's signature over `cert`: SHA-1 and weaker are refused. */
static bc_status check_cert_digest(X509 *cert, const char *who, bc_err *err)
{
    int md = NID_undef, pk = NID_undef, bits = 0;
    uint32_t flags = 0;
    if (!X509_get_signature_info(cert, &md, &pk, &bits, &flags)) {
        ERR_clear_error();
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "không rõ thuật toán CA dùng để ký chứng thư của %s", who);
    }
    int weak = md == NID_sha1 || md == NID_md5 || md == NID_md4 || md == NID_md2 ||
               md == NID_mdc2 || md == NID_ripemd160 || (bits > 0 && bits < 112);
    if (!weak)
        return BC_OK;
    const char *name = md != NID_undef ? OBJ_nid2sn(md) : NULL;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "chứng thư của %s được CA ký bằng thuật toán băm %s, đã bị loại bỏ vì "
                      "không an toàn (cần SHA-256 trở lên)", who, name ? name : "yếu");
}

bc_status bc_cert_usage_check(X509 *cert, const char *who, bc_err *err)
{
    bc_status st = BC_OK;
    uint32_t ku = X509_get_key_usage(cert); /* UINT32_MAX when the extension is absent */
    if (!(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "chứng thư của %s không cho phép ký số (thiếu mục đích sử dụng khóa "
                        "digitalSignature/nonRepudiation)", who);
    if (check_eku(cert, who, err) != BC_OK)
        st = BC_BADINPUT;
    if (check_cert_digest(cert, who, err) != BC_OK)
        st = BC_BADINPUT;
    return st;
}

/* ---- roles ------------------------------------------------------------------------------ */

/* `s` in NFC and case-folded (malloc'ed), so that "GIÁM ĐỐC" and "Giám đốc" compare equal. */
static char *fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                         UTF8PROC_CASEFOLD) < 0)
        return NULL;
    return (char *)out;
}

/* Words of the titles of those who head an agency or sign for its head ("Phó Giám đốc" and
 * "KT. Giám đốc" hold "giám đốc"), in Vietnamese and in English. */
static const char *const head_words[] = {
    "trưởng", "giám đốc", "chủ tịch", "chánh", "bí thư", "chủ nhiệm", "phụ trách",
    "tổng biên tập", "director", "head", "chair", "chief", "president", NULL,
};

static int is_head_title(const char *title)
{
    char *t = fold(title);
    int yes = 0;
    for (const char *const *w = head_words; t && *w && !yes; w++) {
        char *fw = fold(*w);
        yes = fw && strstr(t, fw) != NULL;
        free(fw);
    }
    free(t);
    return yes;
}

bc_role_fit bc_cert_role_fit(X509 *cert, const char *role, char *title, size_t cap)
{
    char *t = bc_cert_subject_field(cert, NID_title);
    snprintf(title, cap, "%s", t ? t : "");
    bc_role_fit fit = BC_ROLE_FITS;
    if (role && !strcmp(role, "thu-truong"))
        fit = !t ? BC_ROLE_UNKNOWN : is_head_title(t) ? BC_ROLE_FITS : BC_ROLE_MISMATCH;
    free(t);
    return fit;
}

bc_status bc_ossl_fail(bc_err *err, const char *what)
{
    unsigned long e = ERR_get_error();
    char detail[256] = "";
    if (e)
        ERR_error_string_n(e, detail, sizeof detail);
    ERR_clear_error();
    return bc_err_add(err, BC_FAIL, NULL, 0, 0, "OpenSSL: %s%s%s", what, *detail ? ": " : "",
                      detail);
}

X509 *bc_cert_issuer_in(STACK_OF(X509) *pool, X509 *c)
{
    for (int i = 0; i < sk_X509_num(pool); i++) {
        X509 *x = sk_X509_value(pool, i);
        if (X509_cmp(x, c) && X509_check_issued(x, c) == X509_V_OK)
            return x;
    }
    return NULL;
}
