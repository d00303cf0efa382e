/* pkcs11.c — see pkcs11.h. */
#include "sign/pkcs11.h"

#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "util/secret.h"

#ifndef BC_P11_PROXY
#define BC_P11_PROXY "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so"
#endif

#define PIN_MAX 256
#define MAX_OBJS 256

struct bc_p11 {
    void *dl;
    CK_FUNCTION_LIST_PTR f;
    char *path;
    CK_INFO info;
};

struct bc_p11_key {
    bc_p11 *m;
    CK_SESSION_HANDLE sess;
    CK_OBJECT_HANDLE key;
    CK_MECHANISM_TYPE mech;
    int ec, logged_in;
    char token[33];
    char *pin; /* kept only for CKA_ALWAYS_AUTHENTICATE keys */
    size_t pin_len;
};

/* ---- messages ---- */

static const char *rv_text(CK_RV rv)
{
    switch (rv) {
    case CKR_PIN_INCORRECT: return "sai mã PIN";
    case CKR_PIN_LOCKED: return "mã PIN đã bị khóa";
    case CKR_PIN_LEN_RANGE: return "mã PIN có độ dài không hợp lệ";
    case CKR_PIN_EXPIRED: return "mã PIN đã hết hạn, cần đổi PIN";
    case CKR_TOKEN_NOT_PRESENT: return "không có token trong khe (đã rút ra?)";
    case CKR_DEVICE_REMOVED: return "token đã bị rút ra";
    case CKR_DEVICE_ERROR: return "lỗi thiết bị token";
    case CKR_SESSION_HANDLE_INVALID:
    case CKR_SESSION_CLOSED: return "phiên làm việc với token đã đóng (token bị rút ra?)";
    case CKR_USER_NOT_LOGGED_IN: return "chưa đăng nhập token";
    case CKR_KEY_FUNCTION_NOT_PERMITTED: return "khóa không được phép dùng để ký";
    case CKR_MECHANISM_INVALID: return "token không hỗ trợ cơ chế ký này";
    case CKR_FUNCTION_CANCELED: return "thao tác bị hủy trên token";
    case CKR_HOST_MEMORY:
    case CKR_DEVICE_MEMORY: return "hết bộ nhớ";
    default: return NULL;
    }
}

static bc_status p11_fail(bc_err *err, CK_RV rv, const char *what, const char *token)
{
    const char *t = rv_text(rv);
    char code[32];
    snprintf(code, sizeof code, "CKR 0x%08lX", (unsigned long)rv);
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "token%s%s%s: %s: %s (%s)",
                      token ? " '" : "", token ? token : "", token ? "'" : "", what,
                      t ? t : "lỗi PKCS#11", code);
}

/* ---- the module ---- */

const char *bc_p11_default_module(void)
{
    return BC_P11_PROXY;
}

const char *bc_p11_path(const bc_p11 *m)
{
    return m->path;
}

bc_status bc_p11_load(const char *path, bc_p11 **out, bc_err *err)
{
    *out = NULL;
    if (!path)
        path = bc_p11_default_module();
    bc_p11 *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(path))) {
        free(m);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    }
    m->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    CK_C_GetFunctionList get = m->dl ? (CK_C_GetFunctionList)dlsym(m->dl, "C_GetFunctionList") : NULL;
    const char *why = m->dl ? (get ? NULL : "không phải mô-đun PKCS#11 (thiếu C_GetFunctionList)")
                            : dlerror();
    CK_RV rv = CKR_OK;
    if (!why && ((rv = get(&m->f)) != CKR_OK || !m->f))
        why = "C_GetFunctionList thất bại";
    if (!why && (rv = m->f->C_Initialize(NULL)) != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        why = "C_Initialize thất bại (mô-đun không khởi tạo được; kiểm tra cấu hình của nó)";
    if (why) {
        char code[40] = "";
        if (rv != CKR_OK)
            snprintf(code, sizeof code, " [CKR 0x%08lX]", (unsigned long)rv);
        /* dlerror() already names the file; the other reasons do not. */
        bc_err_add(err, BC_BADINPUT, m->dl ? path : NULL, 0, 0,
                   "không nạp được mô-đun PKCS#11: %s%s (dùng --pkcs11-module ĐƯỜNG_DẪN.so của "
                   "nhà cung cấp token)", why, code);
        if (m->dl && m->f && rv == CKR_OK)
            m->f->C_Finalize(NULL);
        if (m->dl)
            dlclose(m->dl);
        free(m->path);
        free(m);
        return BC_BADINPUT;
    }
    m->f->C_GetInfo(&m->info);
    *out = m;
    return BC_OK;
}

void bc_p11_unload(bc_p11 *m)
{
    if (!m)
        return;
    m->f->C_Finalize(NULL);
    dlclose(m->dl);
    free(m->path);
    free(m);
}

/* ---- tokens ---- */

static int eq_field(const char *want, const unsigned char *field, size_t n)
{
    char have[64];
    bc_p11_field(field, n, have, sizeof have);
    return !want || !strcmp(want, have);
}

static int token_matches(const bc_p11 *m, const bc_p11_uri *u, CK_SLOT_ID slot,
                         const CK_TOKEN_INFO *ti)
{
    if (!u)
        return 1;
    return eq_field(u->token, ti->label, sizeof ti->label) &&
           eq_field(u->manufacturer, ti->manufacturerID, sizeof ti->manufacturerID) &&
           eq_field(u->serial, ti->serialNumber, sizeof ti->serialNumber) &&
           eq_field(u->model, ti->model, sizeof ti->model) &&
           eq_field(u->lib_manufacturer, m->info.manufacturerID, sizeof m->info.manufacturerID) &&
           eq_field(u->lib_description, m->info.libraryDescription,
                    sizeof m->info.libraryDescription) &&
           (!u->has_slot_id || u->slot_id == slot);
}

typedef struct slot_list {
    CK_SLOT_ID id[64];
    CK_TOKEN_INFO info[64];
    size_t n;       /* initialised tokens that match */
    size_t present; /* initialised tokens at all */
    char seen[512]; /* their labels, for a message */
} slot_list;

static bc_status matching_tokens(bc_p11 *m, const bc_p11_uri *u, slot_list *sl, bc_err *err)
{
    CK_SLOT_ID ids[64];
    CK_ULONG n = 64;
    CK_RV rv = m->f->C_GetSlotList(CK_TRUE, ids, &n);
    if (rv != CKR_OK)
        return p11_fail(err, rv, "không liệt kê được các khe (C_GetSlotList)", NULL);
    memset(sl, 0, sizeof *sl);
    for (CK_ULONG i = 0; i < n && sl->n < 64; i++) {
        CK_TOKEN_INFO ti;
        if (m->f->C_GetTokenInfo(ids[i], &ti) != CKR_OK || !(ti.flags & CKF_TOKEN_INITIALIZED))
            continue;
        char label[33];
        bc_p11_field(ti.label, sizeof ti.label, label, sizeof label);
        size_t k = strlen(sl->seen);
        if (k + strlen(label) + 5 < sizeof sl->seen)
            snprintf(sl->seen + k, sizeof sl->seen - k, "%s'%s'", k ? ", " : "", label);
        sl->present++;
        if (token_matches(m, u, ids[i], &ti)) {
            sl->id[sl->n] = ids[i];
            sl->info[sl->n++] = ti;
        }
    }
    return BC_OK;
}

static bc_status no_token(const slot_list *sl, const char *uri_token, bc_err *err)
{
    if (!sl->present)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "không có token nào được cắm (mô-đun PKCS#11 không thấy token nào đã "
                          "khởi tạo): hãy cắm USB token rồi chạy lại");
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "không thấy token%s%s%s khớp URI; các token đang cắm: %s",
                      uri_token ? " '" : "", uri_token ? uri_token : "", uri_token ? "'" : "",
                      sl->seen);
}

/* ---- objects ---- */

static CK_ULONG find(bc_p11 *m, CK_SESSION_HANDLE s, CK_ATTRIBUTE *tmpl, CK_ULONG n,
                     CK_OBJECT_HANDLE *out, CK_ULONG max)
{
    CK_ULONG got = 0;
    if (m->f->C_FindObjectsInit(s, tmpl, n) != CKR_OK)
        return 0;
    if (m->f->C_FindObjects(s, out, max, &got) != CKR_OK)
        got = 0;
    m->f->C_FindObjectsFinal(s);
    return got;
}

/* An attribute into buf[cap]; its length, or -1 when absent or too long. */
static long get_attr(bc_p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE t,
                     void *buf, size_t cap)
{
    CK_ATTRIBUTE a = {t, buf, (CK_ULONG)cap};
    if (m->f->C_GetAttributeValue(s, o, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return -1;
    return (long)a.ulValueLen;
}

static X509 *load_cert(bc_p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o)
{
    CK_ATTRIBUTE a = {CKA_VALUE, NULL, 0};
    if (m->f->C_GetAttributeValue(s, o, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION ||
        a.ulValueLen > (1u << 20))
        return NULL;
    unsigned char *der = malloc(a.ulValueLen ? a.ulValueLen : 1);
    a.pValue = der;
    X509 *x = NULL;
    if (der && m->f->C_GetAttributeValue(s, o, &a, 1) == CKR_OK) {
        const unsigned char *p = der;
        x = d2i_X509(NULL, &p, (long)a.ulValueLen);
    }
    free(der);
    return x;
}

/* Object class + the URI's label and id, as a search template. */
static CK_ULONG uri_template(const bc_p11_uri *u, CK_OBJECT_CLASS *cls, CK_ATTRIBUTE *t)
{
    CK_ULONG n = 0;
    t[n++] = (CK_ATTRIBUTE){CKA_CLASS, cls, sizeof *cls};
    if (u->object)
        t[n++] = (CK_ATTRIBUTE){CKA_LABEL, u->object, strlen(u->object)};
    if (u->id)
        t[n++] = (CK_ATTRIBUTE){CKA_ID, u->id, u->id_len};
    return n;
}

static CK_ULONG count_uri_certs(bc_p11 *m, CK_SLOT_ID slot, const bc_p11_uri *u)
{
    CK_SESSION_HANDLE s;
    if (m->f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s) != CKR_OK)
        return 0;
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_ATTRIBUTE t[3];
    CK_OBJECT_HANDLE h[4];
    CK_ULONG n = find(m, s, t, uri_template(u, &cls, t), h, 4);
    m->f->C_CloseSession(s);
    return n;
}

/* Several tokens match the URI's token part: the one holding the URI's certificate. */
static bc_status pick_token(bc_p11 *m, const bc_p11_uri *u, const slot_list *sl, size_t *pick,
                            bc_err *err)
{
    if (sl->n == 1) {
        *pick = 0;
        return BC_OK;
    }
    size_t found = 0;
    for (size_t i = 0; i < sl->n; i++)
        if (count_uri_certs(m, sl->id[i], u)) {
            found++;
            *pick = i;
        }
    if (found == 1)
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "URI khớp nhiều token (%s): thêm token=TÊN vào URI (xem baocao tokens)",
                      sl->seen);
}

/* ---- PIN and login ---- */

static bc_status get_pin(const bc_pin_source *ps, const bc_p11_uri *u, const char *token,
                         char *pin, bc_err *err)
{
    if (ps && ps->file)
        return bc_secret_from_file(ps->file, pin, PIN_MAX, err);
    if (u && u->pin_source) {
        const char *p = u->pin_source;
        if (!strncmp(p, "file://", 7))
            p += 7;
        else if (!strncmp(p, "file:", 5))
            p += 5;
        else if (*p != '/')
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "URI PKCS#11: pin-source '%s' không hỗ trợ (chỉ file:ĐƯỜNG_DẪN)", p);
        return bc_secret_from_file(p, pin, PIN_MAX, err);
    }
    const char *env = getenv("BAOCAO_PIN");
    if (env) {
        if (strlen(env) >= PIN_MAX)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "mã PIN trong $BAOCAO_PIN quá dài");
        strcpy(pin, env);
        return BC_OK;
    }
    char prompt[96];
    snprintf(prompt, sizeof prompt, "Mã PIN của token '%s': ", token);
    /* As for passphrases (sign/keys.c): stdin redirected means nobody is there to ask. */
    if ((!ps || !ps->no_prompt) && isatty(STDIN_FILENO) && bc_secret_prompt(prompt, pin, PIN_MAX))
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "cần mã PIN của token '%s': dùng --pin-file TỆP hoặc biến môi trường "
                      "BAOCAO_PIN, hoặc chạy trên terminal để nhập (không nhập PIN trên dòng "
                      "lệnh)", token);
}

static bc_status login_failed(bc_p11 *m, CK_SLOT_ID slot, CK_RV rv, const char *token,
                              bc_err *err)
{
    /* The token's flags after the failed try say how many are left. */
    CK_TOKEN_INFO ti;
    CK_FLAGS fl = m->f->C_GetTokenInfo(slot, &ti) == CKR_OK ? ti.flags : 0;
    int final = (fl & CKF_USER_PIN_FINAL_TRY) != 0, low = (fl & CKF_USER_PIN_COUNT_LOW) != 0;
    if (rv == CKR_PIN_INCORRECT)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "sai mã PIN của token '%s'%s; không có gì được ký", token,
                          final ? " — CHỈ CÒN MỘT LẦN THỬ trước khi token bị khóa"
                          : low ? " — token báo đã có lần nhập sai, còn ít lần thử trước khi bị khóa" : "");
    if (rv == CKR_PIN_LOCKED)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "token '%s' đã bị khóa do nhập sai mã PIN quá số lần cho phép: cần mở "
                          "khóa bằng mã PUK/SO-PIN (liên hệ tổ chức cấp chứng thư số)", token);
    return p11_fail(err, rv, "đăng nhập thất bại", token);
}

static bc_status login(bc_p11 *m, CK_SESSION_HANDLE s, CK_SLOT_ID slot, const CK_TOKEN_INFO *ti,
                       const bc_pin_source *ps, const bc_p11_uri *u, const char *token,
                       char *pin, size_t *pin_len, bc_err *err)
{
    if (ti->flags & CKF_USER_PIN_LOCKED)
        return login_failed(m, slot, CKR_PIN_LOCKED, token, err);
    CK_RV rv;
    if (ti->flags & CKF_PROTECTED_AUTHENTICATION_PATH) {
        fprintf(stderr, "baocao: nhập mã PIN trên bàn phím của token '%s'\n", token);
        rv = m->f->C_Login(s, CKU_USER, NULL, 0);
    } else {
        if (get_pin(ps, u, token, pin, err) != BC_OK)
            return BC_BADINPUT;
        *pin_len = strlen(pin);
        rv = m->f->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, *pin_len);
    }
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
        return login_failed(m, slot, rv, token, err);
    return BC_OK;
}

/* ---- the key and its certificate ---- */

static void list_labels(bc_p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, char *out, size_t cap)
{
    CK_ATTRIBUTE t = {CKA_CLASS, &cls, sizeof cls};
    CK_OBJECT_HANDLE h[16];
    CK_ULONG n = find(m, s, &t, 1, h, 16);
    out[0] = 0;
    for (CK_ULONG i = 0; i < n; i++) {
        char label[128] = "";
        long len = get_attr(m, s, h[i], CKA_LABEL, label, sizeof label - 1);
        label[len > 0 ? len : 0] = 0;
        size_t k = strlen(out);
        if (k + strlen(label) + 5 < cap)
            snprintf(out + k, cap - k, "%s'%s'", k ? ", " : "", label);
    }
    if (!n)
        snprintf(out, cap, "không có");
}

static bc_status find_key(bc_p11_key *k, const bc_p11_uri *u, bc_err *err)
{
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE t[3];
    CK_OBJECT_HANDLE h[4];
    CK_ULONG n = find(k->m, k->sess, t, uri_template(u, &cls, t), h, 4);
    if (n == 1) {
        k->key = h[0];
        return BC_OK;
    }
    char have[384];
    list_labels(k->m, k->sess, CKO_PRIVATE_KEY, have, sizeof have);
    if (n == 0)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "không tìm thấy khóa bí mật khớp URI trên token '%s' (object=%s); các "
                          "khóa trên token: %s — xem baocao tokens --login", k->token,
                          u->object ? u->object : "(bất kỳ)", have);
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "URI khớp nhiều khóa bí mật trên token '%s' (%s): thêm object=TÊN hoặc "
                      "id=… vào URI", k->token, have);
}

/* The RSA modulus of the token's key equals the certificate's: the right certificate among
 * several with the same id (a renewed certificate often keeps it). */
static int same_rsa_key(bc_p11_key *k, X509 *cert)
{
    unsigned char mod[1024];
    long n = get_attr(k->m, k->sess, k->key, CKA_MODULUS, mod, sizeof mod);
    EVP_PKEY *pub = X509_get0_pubkey(cert);
    BIGNUM *cn = NULL;
    if (n <= 0 || !pub || !EVP_PKEY_get_bn_param(pub, "n", &cn))
        return -1;
    BIGNUM *tn = BN_bin2bn(mod, (int)n, NULL);
    int same = tn && !BN_cmp(tn, cn);
    BN_free(tn);
    BN_free(cn);
    return same;
}

static bc_status find_cert(bc_p11_key *k, X509 **cert, bc_err *err)
{
    unsigned char id[128], label[256];
    long idn = get_attr(k->m, k->sess, k->key, CKA_ID, id, sizeof id);
    long ln = get_attr(k->m, k->sess, k->key, CKA_LABEL, label, sizeof label - 1);
    label[ln > 0 ? ln : 0] = 0;
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE ct = CKC_X_509;
    CK_ATTRIBUTE t[3] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_CERTIFICATE_TYPE, &ct, sizeof ct}};
    t[2] = idn > 0 ? (CK_ATTRIBUTE){CKA_ID, id, (CK_ULONG)idn}
                   : (CK_ATTRIBUTE){CKA_LABEL, label, (CK_ULONG)(ln > 0 ? ln : 0)};
    CK_OBJECT_HANDLE h[8];
    CK_ULONG n = find(k->m, k->sess, t, 3, h, 8);
    *cert = NULL;
    for (CK_ULONG i = 0; i < n; i++) {
        X509 *x = load_cert(k->m, k->sess, h[i]);
        if (x && (k->ec || same_rsa_key(k, x) != 0) && !*cert) {
            *cert = x;
            continue;
        }
        X509_free(x);
    }
    if (*cert)
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "trên token '%s' không có chứng thư số (CKO_CERTIFICATE) của khóa '%s'%s: "
                      "hãy nạp chứng thư vào token (công cụ của nhà cung cấp, hoặc pkcs11-tool "
                      "--write-object CT.der --type cert --id …)", k->token, (char *)label,
                      n ? " khớp với khóa" : "");
}

/* Every certificate on the token; the chain is taken from them by issuer. */
static STACK_OF(X509) *token_chain(bc_p11_key *k, X509 *leaf)
{
    STACK_OF(X509) *all = sk_X509_new_null(), *chain = sk_X509_new_null();
    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_ATTRIBUTE t = {CKA_CLASS, &cls, sizeof cls};
    CK_OBJECT_HANDLE h[MAX_OBJS];
    CK_ULONG n = all && chain ? find(k->m, k->sess, &t, 1, h, MAX_OBJS) : 0;
    for (CK_ULONG i = 0; i < n; i++) {
        X509 *x = load_cert(k->m, k->sess, h[i]);
        if (x && !sk_X509_push(all, x))
            X509_free(x);
    }
    X509 *cur = leaf;
    for (int depth = 0; chain && depth < 8 && X509_check_issued(cur, cur) != X509_V_OK; depth++) {
        X509 *up = NULL;
        for (int i = 0; i < sk_X509_num(all) && !up; i++) {
            X509 *c = sk_X509_value(all, i);
            if (X509_cmp(c, cur) && X509_check_issued(c, cur) == X509_V_OK)
                up = c;
        }
        if (!up || !X509_up_ref(up) || !sk_X509_push(chain, up))
            break;
        cur = up;
    }
    sk_X509_pop_free(all, X509_free);
    return chain;
}

static int has_mech(bc_p11 *m, CK_SLOT_ID slot, CK_MECHANISM_TYPE want)
{
    CK_MECHANISM_TYPE list[512];
    CK_ULONG n = 512;
    if (m->f->C_GetMechanismList(slot, list, &n) != CKR_OK)
        return 0;
    for (CK_ULONG i = 0; i < n; i++)
        if (list[i] == want)
            return 1;
    return 0;
}

static bc_status choose_mech(bc_p11_key *k, CK_SLOT_ID slot, int pss, X509 *cert, bc_err *err)
{
    CK_KEY_TYPE kt = 0;
    get_attr(k->m, k->sess, k->key, CKA_KEY_TYPE, &kt, sizeof kt);
    int cert_type = EVP_PKEY_get_base_id(X509_get0_pubkey(cert));
    k->ec = kt == CKK_EC;
    if ((kt == CKK_RSA) != (cert_type == EVP_PKEY_RSA) || (k->ec != (cert_type == EVP_PKEY_EC)))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "loại khóa trên token '%s' không khớp với chứng thư", k->token);
    const CK_MECHANISM_TYPE rsa[] = {CKM_RSA_PKCS, CKM_SHA256_RSA_PKCS};
    const CK_MECHANISM_TYPE rsa_pss[] = {CKM_SHA256_RSA_PKCS_PSS, CKM_RSA_PKCS_PSS};
    const CK_MECHANISM_TYPE ec[] = {CKM_ECDSA};
    const CK_MECHANISM_TYPE *c = k->ec ? ec : pss ? rsa_pss : rsa;
    size_t nc = k->ec ? 1 : 2;
    if (k->ec && pss)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "--rsa-pss chỉ dùng với khóa RSA");
    for (size_t i = 0; i < nc; i++)
        if (has_mech(k->m, slot, c[i])) {
            k->mech = c[i];
            return BC_OK;
        }
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "token '%s' không hỗ trợ cơ chế ký %s",
                      k->token, k->ec ? "CKM_ECDSA" : pss ? "RSA-PSS" : "RSA PKCS#1 v1.5");
}

static bc_status open_on_slot(bc_p11_key *k, CK_SLOT_ID slot, const CK_TOKEN_INFO *ti,
                              const bc_p11_uri *u, const bc_pin_source *ps, int pss, X509 **cert,
                              bc_err *err)
{
    CK_RV rv = k->m->f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &k->sess);
    if (rv != CKR_OK) {
        k->sess = CK_INVALID_HANDLE;
        return p11_fail(err, rv, "không mở được phiên làm việc", k->token);
    }
    char pin[PIN_MAX] = "";
    size_t pin_len = 0;
    bc_status st = BC_OK;
    if (ti->flags & CKF_LOGIN_REQUIRED) {
        st = login(k->m, k->sess, slot, ti, ps, u, k->token, pin, &pin_len, err);
        k->logged_in = st == BC_OK;
    }
    if (st == BC_OK)
        st = find_key(k, u, err);
    CK_BBOOL always = CK_FALSE, can_sign = CK_TRUE;
    if (st == BC_OK) {
        get_attr(k->m, k->sess, k->key, CKA_ALWAYS_AUTHENTICATE, &always, sizeof always);
        get_attr(k->m, k->sess, k->key, CKA_SIGN, &can_sign, sizeof can_sign);
        if (!can_sign)
            st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                            "khóa trên token '%s' không được phép ký (CKA_SIGN = false)", k->token);
    }
    if (st == BC_OK) {
        CK_KEY_TYPE kt = 0;
        get_attr(k->m, k->sess, k->key, CKA_KEY_TYPE, &kt, sizeof kt);
        k->ec = kt == CKK_EC;
        st = find_cert(k, cert, err);
    }
    if (st == BC_OK)
        st = choose_mech(k, slot, pss, *cert, err);
    if (st == BC_OK && always && pin_len && (k->pin = malloc(pin_len + 1))) {
        memcpy(k->pin, pin, pin_len + 1);
        k->pin_len = pin_len;
    }
    OPENSSL_cleanse(pin, sizeof pin);
    return st;
}

bc_status bc_p11_key_open(bc_p11 *m, const bc_p11_uri *u, const bc_pin_source *ps, int pss,
                          bc_p11_key **key, X509 **cert, STACK_OF(X509) **chain, bc_err *err)
{
    *key = NULL;
    *cert = NULL;
    *chain = NULL;
    slot_list *sl = calloc(1, sizeof *sl);
    if (!sl)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    bc_status st = matching_tokens(m, u, sl, err);
    if (st == BC_OK && !sl->n)
        st = no_token(sl, u->token, err);
    size_t pick = 0;
    if (st == BC_OK)
        st = pick_token(m, u, sl, &pick, err);
    bc_p11_key *k = st == BC_OK ? calloc(1, sizeof *k) : NULL;
    if (st == BC_OK && !k)
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    if (k) {
        k->m = m;
        k->sess = CK_INVALID_HANDLE;
        bc_p11_field(sl->info[pick].label, sizeof sl->info[pick].label, k->token, sizeof k->token);
        st = open_on_slot(k, sl->id[pick], &sl->info[pick], u, ps, pss, cert, err);
    }
    if (st == BC_OK && !(*chain = token_chain(k, *cert)))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    free(sl);
    if (st != BC_OK) {
        X509_free(*cert);
        *cert = NULL;
        bc_p11_key_close(k);
        return st;
    }
    *key = k;
    return BC_OK;
}

/* DigestInfo ::= SEQUENCE { AlgorithmIdentifier sha256 NULL, OCTET STRING (32) } — RFC 8017
 * §9.2 note 1; the hash follows. */
static const unsigned char SHA256_DIGESTINFO[19] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                    0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                    0x01, 0x05, 0x00, 0x04, 0x20};

/* r||s, each half the length, into a DER Ecdsa-Sig-Value. */
static int ecdsa_der(const unsigned char *raw, size_t n, unsigned char *out, size_t cap,
                     size_t *outlen)
{
    if (!n || n % 2)
        return 0;
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, (int)(n / 2), NULL), *s = BN_bin2bn(raw + n / 2, (int)(n / 2), NULL);
    if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(es);
        return 0;
    }
    int len = i2d_ECDSA_SIG(es, NULL);
    int ok = len > 0 && (size_t)len <= cap;
    if (ok) {
        unsigned char *p = out;
        *outlen = (size_t)i2d_ECDSA_SIG(es, &p);
    }
    ECDSA_SIG_free(es);
    return ok;
}

bc_status bc_p11_key_sign(bc_p11_key *k, const unsigned char *tbs, size_t len,
                          unsigned char *sig, size_t cap, size_t *siglen, bc_err *err)
{
    unsigned char data[sizeof SHA256_DIGESTINFO + 32];
    const unsigned char *in = tbs;
    size_t inlen = len;
    CK_RSA_PKCS_PSS_PARAMS pp = {CKM_SHA256, CKG_MGF1_SHA256, 32};
    CK_MECHANISM mech = {k->mech, NULL, 0};
    if (k->mech == CKM_SHA256_RSA_PKCS_PSS || k->mech == CKM_RSA_PKCS_PSS)
        mech.pParameter = &pp, mech.ulParameterLen = sizeof pp;
    if (k->mech == CKM_RSA_PKCS || k->mech == CKM_RSA_PKCS_PSS || k->mech == CKM_ECDSA) {
        /* The hash is made here; the token signs only the hash (RSA: in a DigestInfo). */
        size_t off = k->mech == CKM_RSA_PKCS ? sizeof SHA256_DIGESTINFO : 0;
        memcpy(data, SHA256_DIGESTINFO, off);
        if (!EVP_Digest(tbs, len, data + off, NULL, EVP_sha256(), NULL))
            return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không tính được SHA-256");
        in = data, inlen = off + 32;
    }
    unsigned char out[1024];
    CK_ULONG outlen = sizeof out;
    CK_RV rv = k->m->f->C_SignInit(k->sess, &mech, k->key);
    if (rv == CKR_OK && k->pin)
        rv = k->m->f->C_Login(k->sess, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR)k->pin, k->pin_len);
    if (rv == CKR_OK)
        rv = k->m->f->C_Sign(k->sess, (CK_BYTE_PTR)in, inlen, out, &outlen);
    if (rv != CKR_OK)
        return p11_fail(err, rv, "ký trên token thất bại", k->token);
    if (k->ec)
        return ecdsa_der(out, outlen, sig, cap, siglen)
                   ? BC_OK
                   : bc_err_add(err, BC_FAIL, NULL, 0, 0, "token '%s' trả về chữ ký ECDSA sai dạng",
                                k->token);
    if (outlen > cap)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "token '%s' trả về chữ ký quá dài", k->token);
    memcpy(sig, out, outlen);
    *siglen = outlen;
    return BC_OK;
}

void bc_p11_key_close(bc_p11_key *k)
{
    if (!k)
        return;
    if (k->sess != CK_INVALID_HANDLE) {
        if (k->logged_in)
            k->m->f->C_Logout(k->sess);
        k->m->f->C_CloseSession(k->sess);
    }
    if (k->pin) {
        OPENSSL_cleanse(k->pin, k->pin_len);
        free(k->pin);
    }
    free(k);
}

/* ---- listing ---- */

static void key_text(bc_p11 *m, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, char *out, size_t cap)
{
    CK_KEY_TYPE kt = (CK_KEY_TYPE)-1;
    out[0] = 0;
    if (get_attr(m, s, o, CKA_KEY_TYPE, &kt, sizeof kt) < 0)
        return;
    if (kt == CKK_RSA) {
        unsigned char mod[1024];
        long n = get_attr(m, s, o, CKA_MODULUS, mod, sizeof mod);
        CK_ULONG bits = 0;
        if (n > 0)
            bits = (CK_ULONG)n * 8;
        else
            get_attr(m, s, o, CKA_MODULUS_BITS, &bits, sizeof bits);
        snprintf(out, cap, bits ? "RSA %lu" : "RSA", (unsigned long)bits);
    } else if (kt == CKK_EC) {
        unsigned char params[128];
        long n = get_attr(m, s, o, CKA_EC_PARAMS, params, sizeof params);
        const unsigned char *p = params;
        ASN1_OBJECT *oid = n > 0 ? d2i_ASN1_OBJECT(NULL, &p, n) : NULL;
        int nid = oid ? OBJ_obj2nid(oid) : NID_undef;
        ASN1_OBJECT_free(oid);
        snprintf(out, cap, "EC %s", nid != NID_undef ? OBJ_nid2sn(nid) : "?");
    } else
        snprintf(out, cap, "loại 0x%lx", (unsigned long)kt);
}

static void list_objects(bc_p11 *m, CK_SESSION_HANDLE s, bc_p11_tok *t)
{
    static const CK_OBJECT_CLASS classes[] = {CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY};
    t->obj = calloc(MAX_OBJS, sizeof *t->obj);
    for (size_t c = 0; t->obj && c < 3; c++) {
        CK_OBJECT_CLASS cls = classes[c];
        CK_ATTRIBUTE tmpl = {CKA_CLASS, &cls, sizeof cls};
        CK_OBJECT_HANDLE h[MAX_OBJS];
        CK_ULONG n = find(m, s, &tmpl, 1, h, MAX_OBJS - t->nobj);
        for (CK_ULONG i = 0; i < n; i++) {
            bc_p11_obj *o = &t->obj[t->nobj++];
            o->cls = cls;
            long ln = get_attr(m, s, h[i], CKA_LABEL, o->label, sizeof o->label - 1);
            o->label[ln > 0 ? ln : 0] = 0;
            long idn = get_attr(m, s, h[i], CKA_ID, o->id, sizeof o->id);
            o->id_len = idn > 0 ? (size_t)idn : 0;
            if (cls == CKO_CERTIFICATE)
                o->cert = load_cert(m, s, h[i]);
            else
                key_text(m, s, h[i], o->key, sizeof o->key);
            if (o->cert)
                snprintf(o->key, sizeof o->key, "%s %d",
                         EVP_PKEY_get_base_id(X509_get0_pubkey(o->cert)) == EVP_PKEY_EC ? "EC" : "RSA",
                         EVP_PKEY_get_bits(X509_get0_pubkey(o->cert)));
        }
    }
}

bc_status bc_p11_list(bc_p11 *m, const bc_p11_uri *filter, const bc_pin_source *pin,
                      bc_p11_tok **toks, size_t *n, bc_err *err)
{
    *toks = NULL;
    *n = 0;
    slot_list *sl = calloc(1, sizeof *sl);
    bc_p11_tok *t = sl ? calloc(64, sizeof *t) : NULL;
    if (!t) {
        free(sl);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    }
    bc_status st = matching_tokens(m, filter, sl, err);
    for (size_t i = 0; st == BC_OK && i < sl->n; i++) {
        bc_p11_tok *k = &t[(*n)++];
        const CK_TOKEN_INFO *ti = &sl->info[i];
        k->slot = sl->id[i];
        k->flags = ti->flags;
        bc_p11_field(ti->label, sizeof ti->label, k->label, sizeof k->label);
        bc_p11_field(ti->manufacturerID, sizeof ti->manufacturerID, k->manufacturer, sizeof k->manufacturer);
        bc_p11_field(ti->model, sizeof ti->model, k->model, sizeof k->model);
        bc_p11_field(ti->serialNumber, sizeof ti->serialNumber, k->serial, sizeof k->serial);
        CK_SESSION_HANDLE s;
        CK_RV rv = m->f->C_OpenSession(sl->id[i], CKF_SERIAL_SESSION, NULL, NULL, &s);
        if (rv != CKR_OK) {
            st = p11_fail(err, rv, "không mở được phiên làm việc", k->label);
            break;
        }
        if (pin && (ti->flags & CKF_LOGIN_REQUIRED)) {
            char p[PIN_MAX] = "";
            size_t plen = 0;
            st = login(m, s, sl->id[i], ti, pin, filter, k->label, p, &plen, err);
            OPENSSL_cleanse(p, sizeof p);
            k->logged_in = st == BC_OK;
        }
        if (st == BC_OK)
            list_objects(m, s, k);
        if (k->logged_in)
            m->f->C_Logout(s);
        m->f->C_CloseSession(s);
    }
    free(sl);
    if (st != BC_OK) {
        bc_p11_list_free(t, *n);
        *n = 0;
        return st;
    }
    *toks = t;
    return BC_OK;
}

void bc_p11_list_free(bc_p11_tok *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        for (size_t k = 0; k < t[i].nobj; k++)
            X509_free(t[i].obj[k].cert);
        free(t[i].obj);
    }
    free(t);
}
