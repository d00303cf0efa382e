/* cmd_tokens.c — `baocao tokens`: the PKCS#11 tokens a module sees, with their certificates and
 * keys (label, id, subject, issuer, validity), and for each certificate the URI to give
 * `baocao sign --pkcs11`. Without --login nothing is asked and no PIN is tried, so private keys
 * (private objects) show only with --login. Exit codes: 0 listed, 2 module/URI/PIN, 1 other.
 */
#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "sign/keys.h"
#include "sign/p11uri.h"
#include "sign/pkcs11.h"
#include "util/buf.h"
#include "util/json.h"

typedef struct tokens_args {
    const char *module, *uri, *pin_file;
    int json, login;
} tokens_args;

static const char USAGE[] =
    "Cách dùng: baocao tokens [--pkcs11-module TỆP.so] [--pkcs11 URI] [--login] [--json]\n\n"
    "Liệt kê các USB token (PKCS#11) mà mô-đun thấy: tên, hãng, số sê-ri; các chứng thư số\n"
    "(nhãn, id, chủ thể, tổ chức cấp, thời hạn) và các khóa trên đó, cùng URI để dùng với\n"
    "baocao sign --pkcs11. Khóa bí mật chỉ hiện khi đăng nhập (--login; mã PIN từ --pin-file,\n"
    "BAOCAO_PIN hoặc nhập trên terminal).\n\n";

static void name_text(X509_NAME *n, char *out, size_t cap)
{
    BIO *b = BIO_new(BIO_s_mem());
    out[0] = 0;
    if (!b)
        return;
    /* RFC 2253 order and UTF-8 as it is (not \XX escapes): Vietnamese names stay readable. */
    X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    int k = BIO_read(b, out, (int)cap - 1);
    out[k > 0 ? k : 0] = 0;
    BIO_free(b);
}

static void iso_time(const ASN1_TIME *t, char *out, size_t cap)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(t, &tm))
        strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
    else
        snprintf(out, cap, "?");
}

static void id_hex(const bc_p11_obj *o, char *out, size_t cap)
{
    out[0] = 0;
    for (size_t i = 0; i < o->id_len && 2 * i + 3 <= cap; i++)
        snprintf(out + 2 * i, cap - 2 * i, "%02x", o->id[i]);
}

/* The URI that selects this object's key pair on this token. */
static void obj_uri(const bc_p11_tok *t, const bc_p11_obj *o, char *out, size_t cap)
{
    char tok[128], label[800], id[400];
    bc_p11_pct((const unsigned char *)t->label, strlen(t->label), 0, tok, sizeof tok);
    bc_p11_pct((const unsigned char *)o->label, strlen(o->label), 0, label, sizeof label);
    bc_p11_pct(o->id, o->id_len, 1, id, sizeof id);
    snprintf(out, cap, "pkcs11:token=%s%s%s%s%s", tok, *label ? ";object=" : "", label,
             o->id_len ? ";id=" : "", id);
}

static const char *class_name(unsigned long cls, int json)
{
    switch (cls) {
    case CKO_CERTIFICATE: return json ? "certificate" : "Chứng thư";
    case CKO_PRIVATE_KEY: return json ? "private-key" : "Khóa bí mật";
    default: return json ? "public-key" : "Khóa công khai";
    }
}

static void print_obj_text(const bc_p11_tok *t, const bc_p11_obj *o)
{
    char id[300], uri[1400];
    id_hex(o, id, sizeof id);
    printf("  %s '%s'%s%s%s%s\n", class_name(o->cls, 0), o->label, *id ? " id " : "", id,
           *o->key ? " — " : "", o->key);
    if (o->cert) {
        char subj[1024], iss[1024], from[64], to[64];
        name_text(X509_get_subject_name(o->cert), subj, sizeof subj);
        name_text(X509_get_issuer_name(o->cert), iss, sizeof iss);
        bc_asn1_time_text(X509_get0_notBefore(o->cert), from, sizeof from);
        bc_asn1_time_text(X509_get0_notAfter(o->cert), to, sizeof to);
        printf("    Chủ thể:   %s\n    Cấp bởi:   %s\n    Hiệu lực:  %s → %s%s\n", subj, iss,
               from, to, X509_cmp_current_time(X509_get0_notAfter(o->cert)) < 0 ? " (ĐÃ HẾT HẠN)" : "");
    }
    if (o->cls != CKO_PUBLIC_KEY) {
        obj_uri(t, o, uri, sizeof uri);
        printf("    URI:       %s\n", uri);
    }
}

static void print_text(const char *module, const bc_p11_tok *t, size_t n, int login)
{
    printf("Mô-đun PKCS#11: %s\n", module);
    if (!n)
        printf("Không có token nào (đã cắm USB token chưa?)\n");
    for (size_t i = 0; i < n; i++) {
        printf("\nToken '%s' — %s, %s, số sê-ri %s (khe %lu)\n", t[i].label, t[i].manufacturer,
               t[i].model, t[i].serial, t[i].slot);
        if (t[i].flags & CKF_USER_PIN_LOCKED)
            printf("  MÃ PIN ĐÃ BỊ KHÓA (nhập sai quá số lần): cần mở khóa bằng PUK/SO-PIN\n");
        else if (t[i].flags & CKF_USER_PIN_FINAL_TRY)
            printf("  cảnh báo: chỉ còn một lần nhập PIN trước khi token bị khóa\n");
        for (size_t k = 0; k < t[i].nobj; k++)
            print_obj_text(&t[i], &t[i].obj[k]);
        if (!t[i].nobj)
            printf("  (không có chứng thư hay khóa nào%s)\n", login ? "" : " công khai");
        if (!login && (t[i].flags & CKF_LOGIN_REQUIRED))
            printf("  (khóa bí mật chỉ hiện khi đăng nhập: baocao tokens --login)\n");
    }
}

static void obj_json(bc_buf *b, const bc_p11_tok *t, const bc_p11_obj *o)
{
    char id[300], uri[1400];
    id_hex(o, id, sizeof id);
    bc_buf_printf(b, "{\"class\": \"%s\", \"label\": ", class_name(o->cls, 1));
    bc_json_str(b, o->label);
    bc_buf_printf(b, ", \"id\": \"%s\", \"key\": ", id);
    bc_json_str(b, o->key);
    if (o->cert) {
        char s[1024], from[64], to[64];
        name_text(X509_get_subject_name(o->cert), s, sizeof s);
        bc_buf_puts(b, ", \"subject\": ");
        bc_json_str(b, s);
        name_text(X509_get_issuer_name(o->cert), s, sizeof s);
        bc_buf_puts(b, ", \"issuer\": ");
        bc_json_str(b, s);
        iso_time(X509_get0_notBefore(o->cert), from, sizeof from);
        iso_time(X509_get0_notAfter(o->cert), to, sizeof to);
        bc_buf_printf(b, ", \"not_before\": \"%s\", \"not_after\": \"%s\"", from, to);
    }
    if (o->cls != CKO_PUBLIC_KEY) {
        obj_uri(t, o, uri, sizeof uri);
        bc_buf_puts(b, ", \"uri\": ");
        bc_json_str(b, uri);
    }
    bc_buf_puts(b, "}");
}

static void print_json(const char *module, const bc_p11_tok *t, size_t n)
{
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"module\": ");
    bc_json_str(&b, module);
    bc_buf_puts(&b, ", \"tokens\": [");
    for (size_t i = 0; i < n; i++) {
        bc_buf_puts(&b, i ? ", {\"label\": " : "{\"label\": ");
        bc_json_str(&b, t[i].label);
        bc_buf_puts(&b, ", \"manufacturer\": ");
        bc_json_str(&b, t[i].manufacturer);
        bc_buf_puts(&b, ", \"model\": ");
        bc_json_str(&b, t[i].model);
        bc_buf_puts(&b, ", \"serial\": ");
        bc_json_str(&b, t[i].serial);
        bc_buf_printf(&b, ", \"slot\": %lu, \"login_required\": %s, \"pin_locked\": %s, "
                      "\"logged_in\": %s, \"objects\": [", t[i].slot,
                      t[i].flags & CKF_LOGIN_REQUIRED ? "true" : "false",
                      t[i].flags & CKF_USER_PIN_LOCKED ? "true" : "false",
                      t[i].logged_in ? "true" : "false");
        for (size_t k = 0; k < t[i].nobj; k++) {
            if (k)
                bc_buf_puts(&b, ", ");
            obj_json(&b, &t[i], &t[i].obj[k]);
        }
        bc_buf_puts(&b, "]}");
    }
    bc_buf_puts(&b, "], \"ok\": true}\n");
    if (b.data)
        fwrite(b.data, 1, b.len, stdout);
    bc_buf_free(&b);
}

static bc_status run(const tokens_args *a, bc_err *err)
{
    bc_p11_uri u = {0};
    if (a->uri && bc_p11_uri_parse(a->uri, &u, err) != BC_OK)
        return BC_BADINPUT;
    bc_p11 *m = NULL;
    bc_p11_tok *t = NULL;
    size_t n = 0;
    bc_pin_source pin = {a->pin_file, 0};
    bc_status st = bc_p11_load(a->module ? a->module : u.module_path, &m, err);
    if (st == BC_OK)
        st = bc_p11_list(m, a->uri ? &u : NULL, a->login ? &pin : NULL, &t, &n, err);
    if (st == BC_OK && a->json)
        print_json(bc_p11_path(m), t, n);
    else if (st == BC_OK)
        print_text(bc_p11_path(m), t, n, a->login);
    bc_p11_list_free(t, n);
    bc_p11_unload(m);
    bc_p11_uri_free(&u);
    return st;
}

int cmd_tokens(int argc, char **argv)
{
    tokens_args a = {0};
    const bc_option opts[] = {
        {"pkcs11-module", 0, "TỆP.so", "mô-đun PKCS#11 (mặc định: p11-kit-proxy.so)", &a.module,
         NULL},
        {"pkcs11", 0, "URI", "chỉ các token khớp URI PKCS#11 (RFC 7512)", &a.uri, NULL},
        {"login", 0, NULL, "đăng nhập token để thấy cả khóa bí mật", &a.login, NULL},
        {"pin-file", 0, "TỆP", "mã PIN cho --login (dòng đầu của TỆP)", &a.pin_file, NULL},
        {"json", 0, NULL, "kết quả dạng JSON", &a.json, NULL},
    };
    const bc_cli_spec spec = {"tokens", USAGE,
                              "Mã thoát: 0 đã liệt kê, 2 mô-đun/URI/PIN sai, 1 lỗi khác.\n",
                              {{NULL, opts, sizeof opts / sizeof *opts}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    bc_err err = BC_ERR_INIT;
    rc = (int)run(&a, &err);
    int code = a.json && err.n ? bc_cli_finish_json("tokens", &err, NULL) : bc_cli_finish("tokens", &err);
    return code ? code : rc;
}
