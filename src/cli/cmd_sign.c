/* cmd_sign.c — `baocao sign`: signs a rendered report.
 *
 * A PDF gets a PAdES signature in the field of the given role (see sign/pdfsign.h); any other
 * file (a DOCX) gets a detached CMS next to it, FILE.p7s. The certificate is checked before
 * anything is read or written, and the output is written atomically, so a refused or failed run
 * leaves no file behind. Exit codes: 0 signed, 2 bad arguments/certificate/input, 1 other.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "sign/cms.h"
#include "sign/keys.h"
#include "sign/pdfsign.h"
#include "util/arena.h"
#include "util/fileio.h"
#include "util/text.h"

#define MAX_TRUST 16

static void usage(FILE *out)
{
    fputs("Cách dùng:\n"
          "  baocao sign BAOCAO.pdf --p12 TỆP.p12 --role VAI_TRÒ [tùy chọn] -o ĐÃ_KÝ.pdf\n"
          "  baocao sign BAOCAO.docx (--p12 TỆP.p12 | --key KHÓA.pem --cert CT.pem\n"
          "              [--chain CHUỖI.pem]) [-o BAOCAO.docx.p7s]\n\n"
          "Ký số báo cáo (Thông tư 06/2013/TT-BTTTT, Điều 4). Tệp PDF được ký theo PAdES vào ô ký\n"
          "của vai trò; tệp khác (DOCX) được ký tách rời thành TỆP.p7s (CMS, DER).\n\n"
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
          "  --reason TEXT, --location TEXT   lý do, nơi ký\n"
          "  -o TỆP                 tệp ra\n\n"
          "Mã thoát: 0 đã ký, 2 tham số/chứng thư/tệp vào sai, 1 lỗi khác.\n",
          out);
}

typedef struct sign_args {
    const char *in, *out;
    bc_key_source keys;
    const char *trust[MAX_TRUST];
    size_t ntrust;
    bc_sign_opts pdf;
} sign_args;

/* The value of option argv[*i] ("--opt VALUE" or "--opt=VALUE"); NULL when it is not `name`. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, int *missing)
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

static int parse(int argc, char **argv, sign_args *a, bc_arena *arena, bc_err *err)
{
    const char **text_opts[] = {&a->pdf.reason, &a->pdf.location, &a->pdf.number};
    const char *seal_mm = NULL, *trust = NULL;
    /* Options that just take a string; --trust and --seal-size-mm are looked at after. */
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
        {"--seal-size-mm", &seal_mm},
        {"--reason", &a->pdf.reason},
        {"--location", &a->pdf.location},
        {"--number", &a->pdf.number},
        {"--trust", &trust},
        {"-o", &a->out},
        {"--output", &a->out},
    };
    for (int i = 1; i < argc; i++) {
        int missing = 0, matched = 0;
        const char *arg = argv[i];
        for (size_t k = 0; k < sizeof opts / sizeof *opts && !matched && !missing; k++) {
            const char *v = opt_value(argc, argv, &i, opts[k].name, &missing);
            if (v) {
                *opts[k].dest = v;
                matched = 1;
            }
        }
        if (missing)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s cần một giá trị", arg);
        if (matched && trust) {
            if (a->ntrust == MAX_TRUST)
                return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "quá nhiều --trust");
            a->trust[a->ntrust++] = trust;
            trust = NULL;
        } else if (matched)
            ;
        else if (!strncmp(arg, "--pass", 6))
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "không nhận mật khẩu trên dòng lệnh (ai cũng đọc được danh sách "
                              "tiến trình): dùng --pass-file hoặc BAOCAO_PASS");
        else if (arg[0] == '-' && arg[1])
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "tùy chọn lạ: %s", arg);
        else if (!a->in)
            a->in = arg;
        else
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "thừa tham số: %s", arg);
    }
    if (seal_mm) {
        char *end;
        a->pdf.seal_size_mm = strtod(seal_mm, &end);
        if (*end || a->pdf.seal_size_mm < 10 || a->pdf.seal_size_mm > 80)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "--seal-size-mm phải là số từ 10 đến 80 (mm)");
    }
    for (size_t k = 0; k < sizeof text_opts / sizeof *text_opts; k++) {
        const char *s = *text_opts[k];
        size_t off;
        if (!s)
            continue;
        if (bc_text_check_utf8(s, strlen(s), &off) != BC_TEXT_OK)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "'%s' không phải văn bản UTF-8 hợp lệ", s);
        *text_opts[k] = bc_text_nfc(arena, s);
    }
    if (!a->in)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "thiếu tệp cần ký");
    return BC_OK;
}

static int is_pdf(const char *data, size_t len)
{
    return len >= 5 && !memcmp(data, "%PDF-", 5);
}

static bc_status check_pdf_args(const sign_args *a, bc_err *err)
{
    const char *r = a->pdf.role;
    if (!r)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "thiếu --role (nguoi-khai, thu-truong hoặc to-chuc)");
    if (strcmp(r, "nguoi-khai") && strcmp(r, "thu-truong") && strcmp(r, "to-chuc"))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "--role '%s' không hợp lệ (nguoi-khai, thu-truong hoặc to-chuc)", r);
    if (!a->out)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "thiếu -o TỆP_RA.pdf");
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

static bc_status run(sign_args *a, bc_err *err)
{
    char *data = NULL;
    size_t len = 0;
    bc_status st = bc_file_read(a->in, &data, &len, err);
    if (st != BC_OK)
        return st;
    int pdf = is_pdf(data, len);
    char *p7s = NULL;
    if (pdf)
        st = check_pdf_args(a, err);
    else if (!a->out) {
        p7s = malloc(strlen(a->in) + 5);
        if (p7s)
            sprintf(p7s, "%s.p7s", a->in);
        a->out = p7s;
    }
    bc_signer signer = {0};
    X509_STORE *trust = NULL;
    /* The certificate is checked before any output exists. */
    if (st == BC_OK)
        st = bc_signer_load(&a->keys, &signer, err);
    if (st == BC_OK && !(trust = bc_trust_store(a->trust, a->ntrust, err)))
        st = BC_BADINPUT;
    if (st == BC_OK)
        st = bc_signer_check(&signer, trust, time(NULL), err);
    bc_buf out = BC_BUF_INIT;
    if (st == BC_OK && pdf) {
        a->pdf.signer = &signer;
        bc_buf in = {data, len, len, 0};
        st = bc_sign_pdf(&in, a->in, &a->pdf, &out, err);
    } else if (st == BC_OK)
        st = bc_cms_sign_detached(&signer, data, len, &out, err);
    if (st == BC_OK)
        st = bc_file_write_atomic(a->out, out.data, out.len, err);
    if (st == BC_OK)
        fprintf(stderr, "đã ký: %s\n", a->out);
    bc_buf_free(&out);
    X509_STORE_free(trust);
    bc_signer_free(&signer);
    free(data);
    free(p7s);
    return st;
}

int cmd_sign(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
    bc_err err = BC_ERR_INIT;
    bc_arena arena = BC_ARENA_INIT;
    sign_args a;
    memset(&a, 0, sizeof a);
    bc_status st = parse(argc, argv, &a, &arena, &err);
    if (st == BC_OK)
        st = run(&a, &err);
    if (st != BC_OK) {
        bc_err_print(&err, stderr);
        if (st == BC_BADINPUT && argc <= 1)
            usage(stderr);
    }
    bc_err_free(&err);
    bc_arena_free(&arena);
    return (int)st;
}
