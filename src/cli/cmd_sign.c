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
#include <strings.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"
#include "sign/cms.h"
#include "sign/keys.h"
#include "sign/pdfsign.h"
#include "util/arena.h"
#include "util/fileio.h"
#include "util/text.h"

typedef struct sign_args {
    const char *in, *out;
    bc_sign_args sa;
} sign_args;

static const char USAGE[] =
    "Cách dùng:\n"
    "  baocao sign BAOCAO.pdf --p12 TỆP.p12 --role VAI_TRÒ [tùy chọn] -o ĐÃ_KÝ.pdf\n"
    "  baocao sign BAOCAO.pdf --pkcs11 'pkcs11:token=…;object=…' [--pkcs11-module TỆP.so]\n"
    "              --role VAI_TRÒ [tùy chọn] -o ĐÃ_KÝ.pdf      (khóa trên USB token)\n"
    "  baocao sign BAOCAO.docx (--p12 TỆP.p12 | --key KHÓA.pem --cert CT.pem\n"
    "              [--chain CHUỖI.pem]) [-o BAOCAO.docx.p7s]\n\n"
    "Ký số báo cáo (Thông tư 06/2013/TT-BTTTT, Điều 4). Tệp PDF được ký theo PAdES vào ô ký\n"
    "của vai trò; tệp khác (DOCX) được ký tách rời thành TỆP.p7s (CMS, DER).\n\n";

/* Returns BC_CLI_GO_ON when signing should go on, otherwise the exit code (help: 0). */
static int parse(int argc, char **argv, sign_args *a, bc_arena *arena, bc_err *err)
{
    const bc_option opts[] = {{"output", 'o', "TỆP", "tệp ra", &a->out, NULL}};
    const bc_cli_spec spec = {"sign", USAGE,
                        "Mã thoát: 0 đã ký, 2 tham số/chứng thư/tệp vào sai, 1 lỗi khác.\n",
                        {{NULL, opts, 1}},
                        1,
                        &a->in, "tệp cần ký"};
    int rc = bc_sign_args_parse(spec, &a->sa, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    if (!a->in)
        return bc_cli_usage_error("sign", "thiếu tệp cần ký");
    bc_status st = bc_sign_args_finish(&a->sa, arena, err);
    return st == BC_OK ? BC_CLI_GO_ON : (int)st;
}

static int is_pdf(const char *data, size_t len)
{
    return len >= 5 && !memcmp(data, "%PDF-", 5);
}

static bc_status run(sign_args *a, bc_err *err)
{
    char *data = NULL;
    size_t len = 0;
    /* Refused before it is read, as verify refuses it: the file is held in memory whole. */
    bc_status st = bc_cli_check_size("sign", a->in, err);
    if (st == BC_OK)
        st = bc_file_read(a->in, &data, &len, err);
    if (st != BC_OK)
        return st;
    int pdf = is_pdf(data, len);
    char *p7s = NULL;
    /* The name says what the user means to sign: a ".pdf" that is not a PDF is refused, not
     * given a detached signature under a PDF's name. */
    if (!pdf && (bc_ends_with_nocase(a->in, ".pdf") || (a->out && bc_ends_with_nocase(a->out, ".pdf")))) {
        free(data);
        return bc_err_add(err, BC_BADINPUT, a->in, 0, 0,
                          "không phải tệp PDF (không bắt đầu bằng %%PDF-)");
    }
    if (pdf) {
        st = bc_sign_args_check_pdf(&a->sa, err);
        if (st == BC_OK && !a->out)
            st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "thiếu -o TỆP_RA.pdf");
    }
    else if (!a->out) {
        p7s = malloc(strlen(a->in) + 5);
        if (p7s)
            sprintf(p7s, "%s.p7s", a->in);
        a->out = p7s;
    }
    bc_signer signer = {0};
    /* The certificate is checked before any output exists. */
    if (st == BC_OK)
        st = bc_sign_args_signer(&a->sa, &signer, err);
    bc_buf out = BC_BUF_INIT;
    bc_err notes = BC_ERR_INIT;
    if (st == BC_OK && pdf) {
        a->sa.pdf.signer = &signer;
        a->sa.pdf.notes = &notes;
        bc_buf in = {data, len, len, 0};
        st = bc_sign_pdf(&in, a->in, &a->sa.pdf, &out, err);
    } else if (st == BC_OK)
        st = bc_cms_sign_detached(&signer, data, len, &out, err);
    if (st == BC_OK && !pdf && a->sa.pdf.level >= BC_LEVEL_BT) /* CAdES-T: the .p7s timestamped */
        st = bc_tsa_stamp_cms(a->sa.pdf.tsa, &out, err);
    if (st == BC_OK && !pdf && a->sa.pdf.level > BC_LEVEL_BT)
        bc_err_add(&notes, BC_OK, NULL, 0, 0,
                   "B-LT và B-LTA chỉ dành cho PDF; chữ ký tách rời %s có tem thời gian (B-T)",
                   a->out);
    if (st == BC_OK)
        st = bc_file_write_atomic(a->out, out.data, out.len, err);
    if (st == BC_OK)
        fprintf(stderr, "đã ký: %s\n", a->out);
    bc_cli_print_notes("sign", &notes);
    bc_buf_free(&out);
    bc_signer_free(&signer);
    bc_sign_args_free(&a->sa);
    free(data);
    free(p7s);
    return st;
}

int cmd_sign(int argc, char **argv)
{
    bc_err err = BC_ERR_INIT;
    bc_arena arena = BC_ARENA_INIT;
    sign_args a;
    memset(&a, 0, sizeof a);
    int rc = parse(argc, argv, &a, &arena, &err);
    if (rc == BC_CLI_GO_ON)
        rc = (int)run(&a, &err);
    bc_arena_free(&arena);
    int code = bc_cli_finish("sign", &err);
    return code ? code : rc;
}
