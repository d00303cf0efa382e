/* signargs.c — see signargs.h. */
#include "cli/signargs.h"

#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/text.h"

bc_status bc_opt_add_trust(void *dest, const char *v, const char *opt, bc_err *err)
{
    bc_trust_list *t = dest;
    if (t->n == BC_MAX_TRUST)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s: nhiều nhất %d tệp", opt, BC_MAX_TRUST);
    t->paths[t->n++] = v;
    return BC_OK;
}

bc_option_group bc_sign_args_options(bc_sign_args *a, bc_option *opts)
{
    const bc_option all[BC_SIGN_NOPTS] = {
        {"p12", 0, "TỆP", "tệp PKCS#12 (.p12/.pfx) xuất từ USB token", &a->keys.p12, NULL},
        {"key", 0, "KHÓA.pem", "khóa bí mật (PEM); cùng --cert", &a->keys.key, NULL},
        {"cert", 0, "CT.pem", "chứng thư của người ký (PEM)", &a->keys.cert, NULL},
        {"chain", 0, "CHUỖI.pem", "các CA trung gian (PEM)", &a->keys.chain, NULL},
        {"pkcs11", 0, "URI",
         "khóa trên USB token (PKCS#11, RFC 7512), ví dụ\n"
         "'pkcs11:token=VGCA;object=Nguyen%20Van%20A' (xem baocao tokens)",
         &a->token.uri, NULL},
        {"pkcs11-module", 0, "TỆP.so",
         "mô-đun PKCS#11 của token (mặc định: p11-kit-proxy.so,\n"
         "thấy mọi token đã đăng ký với p11-kit)",
         &a->token.module, NULL},
        {"pin-file", 0, "TỆP",
         "đọc mã PIN của token từ dòng đầu của TỆP (hoặc biến môi\n"
         "trường BAOCAO_PIN; không có thì hỏi trên terminal)",
         &a->token.pin_file, NULL},
        {"rsa-pss", 0, NULL, "khóa RSA ký RSASSA-PSS (SHA-256) thay cho PKCS#1 v1.5", &a->pss,
         NULL},
        {"pass-file", 0, "TỆP", "đọc mật khẩu từ dòng đầu của TỆP", &a->keys.pass_file, NULL},
        {"pass-env", 0, "TÊN",
         "đọc mật khẩu từ biến môi trường TÊN (mặc định BAOCAO_PASS);\n"
         "không có thì hỏi trên terminal (không hiện ký tự)",
         &a->keys.pass_env, NULL},
        {"trust", 0, "CA_GỐC.pem", "CA gốc tin cậy (lặp lại được; mặc định: kho của hệ thống)",
         &a->trust, bc_opt_add_trust},
        {"role", 0, "VAI_TRÒ", "nguoi-khai | thu-truong | to-chuc", &a->pdf.role, NULL},
        {"signature-image", 0, "PNG", "ảnh chữ ký (xanh, nền trong suốt) — nguoi-khai, thu-truong",
         &a->pdf.signature_image, NULL},
        {"seal-image", 0, "PNG", "ảnh con dấu (màu đỏ, nền trong suốt) — thu-truong",
         &a->pdf.seal_image, NULL},
        {"seal-size-mm", 0, "SỐ", "đường kính thật của dấu (mặc định 36); render chừa chỗ cho dấu cỡ này", &a->seal_mm, NULL},
        {"number", 0, "\"SỐ/KÝ HIỆU\"", "số và ký hiệu văn bản — to-chuc", &a->pdf.number, NULL},
        {"tsa", 0, "URL", "máy chủ tem thời gian RFC 3161 (vd. http://ca.gov.vn/tsa)",
         &a->tsa.url, NULL},
        {"tsa-trust", 0, "CA_GỐC.pem",
         "CA gốc của máy chủ tem thời gian (lặp lại được; mặc định: như --trust)", &a->tsa_trust,
         bc_opt_add_trust},
        {"level", 0, "MỨC",
         "B-B | B-T (kèm tem thời gian) | B-LT (+ dữ liệu kiểm tra dài hạn /DSS)\n"
         "| B-LTA (+ tem thời gian cho cả tài liệu); mặc định B-B, hoặc B-T khi có --tsa",
         &a->level, NULL},
        {"reason", 0, "TEXT", "lý do ký", &a->pdf.reason, NULL},
        {"location", 0, "TEXT", "nơi ký", &a->pdf.location, NULL},
    };
    memcpy(opts, all, sizeof all);
    return (bc_option_group){"Khóa, chứng thư và chữ ký trên PDF:", opts, BC_SIGN_NOPTS};
}

int bc_sign_args_parse(bc_cli_spec spec, bc_sign_args *a, int argc, char **argv)
{
    bc_option opts[BC_SIGN_NOPTS];
    spec.groups[spec.ngroups++] = bc_sign_args_options(a, opts);
    return bc_cli_parse(&spec, argc, argv);
}

static bc_status parse_level(bc_sign_args *a, bc_err *err)
{
    static const char *const names[] = {"B-B", "B-T", "B-LT", "B-LTA"};
    a->pdf.level = a->tsa.url ? BC_LEVEL_BT : BC_LEVEL_BB;
    if (a->level) {
        size_t i = 0;
        while (i < 4 && strcasecmp(a->level, names[i]))
            i++;
        if (i == 4)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "--level '%s' không hợp lệ (B-B, B-T, B-LT hoặc B-LTA)", a->level);
        a->pdf.level = (bc_pades_level)i;
    }
    if (a->pdf.level >= BC_LEVEL_BT && !a->tsa.url)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "--level %s cần tem thời gian: thêm --tsa URL (máy chủ tem thời gian)",
                          names[a->pdf.level]);
    if (a->pdf.level == BC_LEVEL_BB && a->tsa.url)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "--level B-B không dùng tem thời gian: bỏ --tsa hoặc chọn --level B-T");
    if (a->tsa_trust.n && !a->tsa.url)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "--tsa-trust chỉ dùng cùng --tsa");
    return BC_OK;
}

bc_status bc_sign_args_finish(bc_sign_args *a, bc_arena *arena, bc_err *err)
{
    if (parse_level(a, err) != BC_OK)
        return BC_BADINPUT;
    if (a->seal_mm) {
        char *end;
        a->pdf.seal_size_mm = strtod(a->seal_mm, &end);
        if (*end || a->pdf.seal_size_mm < 10 || a->pdf.seal_size_mm > 80)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "--seal-size-mm phải là số từ 10 đến 80 (mm)");
    }
    const char **texts[] = {&a->pdf.reason, &a->pdf.location, &a->pdf.number};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const char *s = *texts[k];
        size_t off;
        if (!s)
            continue;
        if (bc_text_check_utf8(s, strlen(s), &off) != BC_TEXT_OK)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "'%s' không phải văn bản UTF-8 hợp lệ", s);
        *texts[k] = bc_text_nfc(arena, s);
    }
    return BC_OK;
}

bc_status bc_sign_args_check_pdf(const bc_sign_args *a, bc_err *err)
{
    const char *r = a->pdf.role;
    if (!r)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "thiếu --role (nguoi-khai, thu-truong hoặc to-chuc)");
    if (strcmp(r, "nguoi-khai") && strcmp(r, "thu-truong") && strcmp(r, "to-chuc"))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "--role '%s' không hợp lệ (nguoi-khai, thu-truong hoặc to-chuc)", r);
    if (!strcmp(r, "to-chuc")) {
        if (a->pdf.signature_image || a->pdf.seal_image)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "chữ ký của tổ chức trên phụ lục không dùng ảnh (Nghị định "
                              "30/2020): bỏ --signature-image/--seal-image");
        if (!a->pdf.number)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "--role to-chuc cần --number \"số và ký hiệu\" của văn bản");
        return BC_OK;
    }
    if (!a->pdf.signature_image)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "thiếu --signature-image ẢNH.png");
    if (a->pdf.seal_image && strcmp(r, "thu-truong"))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "chỉ thủ trưởng (--role thu-truong) mới đóng dấu (--seal-image)");
    return BC_OK;
}

/* While a private key is in memory the process must not leave a core file behind (a crash, a
 * signal): no core dumps, and no attaching by other processes of the same user. */
static void protect_key_memory(void)
{
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* A token (--pkcs11), or a key file; --rsa-pss for either when the key is RSA. */
static bc_status load_signer(bc_sign_args *a, bc_signer *signer, bc_err *err)
{
    bc_status st;
    if (a->token.uri) {
        if (a->keys.p12 || a->keys.key || a->keys.cert)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "--pkcs11 (khóa trên token) không dùng cùng --p12, --key hay --cert");
        a->token.chain = a->keys.chain;
        a->token.pss = a->pss;
        a->token.no_prompt = a->keys.no_prompt;
        st = bc_token_signer_open(&a->token, signer, err);
    } else if (a->token.module || a->token.pin_file)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "--pkcs11-module và --pin-file chỉ dùng cùng --pkcs11 URI");
    else
        st = bc_signer_load(&a->keys, signer, err);
    if (st == BC_OK && a->pss) {
        int id = EVP_PKEY_get_base_id(signer->key);
        if (id != EVP_PKEY_RSA && id != EVP_PKEY_RSA_PSS)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "--rsa-pss chỉ dùng với khóa RSA");
        signer->pss = 1;
    }
    return st;
}

bc_status bc_sign_args_signer(bc_sign_args *a, bc_signer *signer, bc_err *err)
{
    protect_key_memory();
    X509_STORE *trust = NULL;
    bc_status st = load_signer(a, signer, err);
    if (st == BC_OK && !(trust = bc_trust_store(a->trust.paths, a->trust.n, err)))
        st = BC_BADINPUT;
    if (st == BC_OK)
        st = bc_signer_check(signer, trust, time(NULL), err);
    a->trust_store = trust;
    a->pdf.trust = trust;
    /* The TSA's anchors: its own (--tsa-trust), else the signer's. */
    if (st == BC_OK && a->tsa.url) {
        const bc_trust_list *t = a->tsa_trust.n ? &a->tsa_trust : &a->trust;
        if (!(a->tsa.trust = bc_trust_store(t->paths, t->n, err)))
            st = BC_BADINPUT;
        a->pdf.tsa = &a->tsa;
    }
    if (st == BC_OK && a->pdf.signature_image) {
        st = bc_sign_image_load(a->pdf.signature_image, &a->signature, err);
        a->pdf.signature = st == BC_OK ? &a->signature : NULL;
    }
    if (st == BC_OK && a->pdf.seal_image) {
        st = bc_sign_image_load(a->pdf.seal_image, &a->seal, err);
        a->pdf.seal = st == BC_OK ? &a->seal : NULL;
    }
    return st;
}

void bc_sign_args_free(bc_sign_args *a)
{
    bc_sign_image_free(&a->signature);
    bc_sign_image_free(&a->seal);
    a->pdf.signature = a->pdf.seal = NULL;
    X509_STORE_free(a->trust_store);
    X509_STORE_free(a->tsa.trust);
    a->trust_store = a->tsa.trust = NULL;
    a->pdf.trust = NULL;
    a->pdf.tsa = NULL;
}
