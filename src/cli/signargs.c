/* signargs.c — see signargs.h. */
#include "cli/signargs.h"

#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>

#include "util/text.h"

const char BC_SIGN_ARGS_HELP[] =
    "Khóa và chứng thư:\n"
    "  --p12 TỆP              tệp PKCS#12 (.p12/.pfx) xuất từ USB token\n"
    "  --key, --cert, --chain khóa bí mật, chứng thư, chuỗi CA trung gian (PEM)\n"
    "  --pass-file TỆP        đọc mật khẩu từ dòng đầu của TỆP\n"
    "  --pass-env TÊN         đọc mật khẩu từ biến môi trường TÊN (mặc định BAOCAO_PASS);\n"
    "                         không có thì hỏi trên terminal (không hiện ký tự)\n"
    "  --trust CA_GỐC.pem     CA gốc tin cậy (lặp lại được; mặc định: kho của hệ thống)\n\n"
    "Chữ ký trên PDF:\n"
    "  --role VAI_TRÒ         nguoi-khai | thu-truong | to-chuc\n"
    "  --signature-image PNG  ảnh chữ ký (xanh, nền trong suốt) — nguoi-khai, thu-truong\n"
    "  --seal-image PNG       ảnh con dấu (màu đỏ, nền trong suốt) — thu-truong\n"
    "  --seal-size-mm SỐ      đường kính thật của dấu (mặc định 36)\n"
    "  --number \"SỐ/KÝ HIỆU\"  số và ký hiệu văn bản — to-chuc\n"
    "  --reason TEXT, --location TEXT   lý do, nơi ký\n";

const char *bc_opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != 0)
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

int bc_sign_args_take(int argc, char **argv, int *i, bc_sign_args *a, bc_err *err)
{
    const char *trust = NULL;
    const struct {
        const char *name;
        const char **dest;
    } opts[] = {
        {"--p12", &a->keys.p12},
        {"--key", &a->keys.key},
        {"--cert", &a->keys.cert},
        {"--chain", &a->keys.chain},
        {"--pass-file", &a->keys.pass_file},
        {"--pass-env", &a->keys.pass_env},
        {"--role", &a->pdf.role},
        {"--signature-image", &a->pdf.signature_image},
        {"--seal-image", &a->pdf.seal_image},
        {"--seal-size-mm", &a->seal_mm},
        {"--reason", &a->pdf.reason},
        {"--location", &a->pdf.location},
        {"--number", &a->pdf.number},
        {"--trust", &trust},
    };
    const char *arg = argv[*i];
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        int missing = 0;
        const char *v = bc_opt_value(argc, argv, i, opts[k].name, &missing);
        if (missing) {
            bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s cần một giá trị", arg);
            return -1;
        }
        if (!v)
            continue;
        *opts[k].dest = v;
        if (trust) {
            if (a->ntrust == BC_MAX_TRUST) {
                bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "quá nhiều --trust");
                return -1;
            }
            a->trust[a->ntrust++] = trust;
        }
        return 1;
    }
    if (!strncmp(arg, "--pass", 6)) {
        bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                   "không nhận mật khẩu trên dòng lệnh (ai cũng đọc được danh sách tiến "
                   "trình): dùng --pass-file hoặc BAOCAO_PASS");
        return -1;
    }
    return 0;
}

bc_status bc_sign_args_finish(bc_sign_args *a, bc_arena *arena, bc_err *err)
{
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

bc_status bc_sign_args_signer(bc_sign_args *a, bc_signer *signer, bc_err *err)
{
    protect_key_memory();
    X509_STORE *trust = NULL;
    bc_status st = bc_signer_load(&a->keys, signer, err);
    if (st == BC_OK && !(trust = bc_trust_store(a->trust, a->ntrust, err)))
        st = BC_BADINPUT;
    if (st == BC_OK)
        st = bc_signer_check(signer, trust, time(NULL), err);
    X509_STORE_free(trust);
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
}
