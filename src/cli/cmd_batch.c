/* cmd_batch.c — `baocao batch`: every unit of a province in one command (see batch/batch.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"

static const char USAGE[] =
    "Cách dùng: baocao batch --form BIỂU_MẪU --data THƯ_MỤC --out THƯ_MỤC_RA\n"
    "                        [--format pdf[,docx]] [--jobs N] [--quiet | --json]\n"
    "                        [--sign --p12 TỆP.p12 --role VAI_TRÒ --signature-image … …]\n\n"
    "Dựng báo cáo cho mọi đơn vị: mỗi tệp THƯ_MỤC/MÃ.yaml là dữ liệu của một đơn vị (MÃ là mã\n"
    "đơn vị, ví dụ mã hành chính). Kết quả: THƯ_MỤC_RA/MÃ/BIỂU_MẪU-MÃ.pdf (.docx), cùng\n"
    "manifest.json, manifest.csv (mã, tên, tệp vào và SHA-256, tệp ra với SHA-256 và cỡ, số\n"
    "trang, trạng thái, lỗi) và errors.txt.\n\n"
    "  --jobs N   số tiến trình song song (mặc định: số nhân CPU)\n"
    "  --quiet    không in tiến độ;  --json  mỗi đơn vị một dòng JSON trên stdout\n"
    "  --sign     ký mọi báo cáo: PDF ký PAdES vào ô của --role, DOCX ký tách rời (.docx.p7s).\n"
    "             Khóa được nạp và kiểm tra một lần trước khi chạy, không ghi ra đâu.\n\n"
    "Chạy lại cùng lệnh: đơn vị nào có dữ liệu và tùy chọn không đổi, tệp kết quả còn nguyên thì\n"
    "được giữ, còn lại làm lại. Lỗi dữ liệu của một đơn vị không dừng các đơn vị khác.\n"
    "Mã thoát: 0 mọi đơn vị thành công, 1 có đơn vị lỗi, 2 không chạy được (tham số, biểu mẫu,\n"
    "chứng thư).\n\n";

static int parse(int argc, char **argv, bc_batch_opts *o, bc_sign_args *sa, int *sign,
                 bc_arena *arena, bc_err *err)
{
    for (int i = 1; i < argc; i++) {
        int missing = 0, took = bc_sign_args_take(argc, argv, &i, sa, err);
        const char *arg = argv[i], *v;
        if (took < 0)
            return BC_BADINPUT;
        if (took)
            continue;
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            fputs(USAGE, stdout);
            fputs(BC_SIGN_ARGS_HELP, stdout);
            return -1;
        } else if (!strcmp(arg, "--quiet") || !strcmp(arg, "-q")) {
            o->progress = BC_PROGRESS_QUIET;
        } else if (!strcmp(arg, "--json")) {
            o->progress = BC_PROGRESS_JSON;
        } else if (!strcmp(arg, "--sign")) {
            *sign = 1;
        } else if ((v = bc_opt_value(argc, argv, &i, "--form", &missing))) {
            o->form = v;
        } else if ((v = bc_opt_value(argc, argv, &i, "--data", &missing))) {
            o->data = v;
        } else if ((v = bc_opt_value(argc, argv, &i, "--out", &missing)) ||
                   (v = bc_opt_value(argc, argv, &i, "-o", &missing))) {
            o->out_dir = v;
        } else if ((v = bc_opt_value(argc, argv, &i, "--format", &missing))) {
            if (!bc_cli_parse_formats(v, &o->want_pdf, &o->want_docx))
                return bc_cli_usage_error("batch", "--format nhận pdf, docx hoặc pdf,docx");
        } else if ((v = bc_opt_value(argc, argv, &i, "--jobs", &missing)) ||
                   (v = bc_opt_value(argc, argv, &i, "-j", &missing))) {
            o->jobs = atoi(v);
            if (o->jobs < 1)
                return bc_cli_usage_error("batch", "--jobs cần một số ≥ 1");
        } else if (missing) {
            return bc_cli_usage_error("batch", "tùy chọn thiếu giá trị");
        } else {
            return bc_cli_usage_error("batch", "tùy chọn không hợp lệ hoặc thừa tham số");
        }
    }
    if (!o->form || !o->data || !o->out_dir)
        return bc_cli_usage_error("batch", "cần --form, --data và --out");
    bc_status st = bc_sign_args_finish(sa, arena, err);
    if (st == BC_OK && *sign && o->want_pdf)
        st = bc_sign_args_check_pdf(sa, err);
    return (int)st;
}

int cmd_batch(int argc, char **argv)
{
    bc_batch_opts o = {0};
    bc_sign_args sa = {0};
    bc_signer signer = {0};
    bc_err err = BC_ERR_INIT;
    bc_arena arena = BC_ARENA_INIT;
    int sign = 0;
    o.want_pdf = 1;
    o.version = BAOCAO_VERSION;
    int rc = parse(argc, argv, &o, &sa, &sign, &arena, &err);
    if (rc != 0) {
        bc_arena_free(&arena);
        return rc < 0 ? 0 : bc_cli_finish("batch", &err) | rc;
    }
    /* The key is loaded and checked once, here, before any worker exists: a refused certificate
     * stops the run before a single file is written. */
    bc_status st = sign ? bc_sign_args_signer(&sa, &signer, &err) : BC_OK;
    if (st == BC_OK && sign) {
        o.signer = &signer;
        o.sign = sa.pdf;
        o.trust = bc_trust_store(sa.trust, sa.ntrust, &err);
        if (!o.trust)
            st = BC_BADINPUT;
    }
    if (st == BC_OK)
        st = bc_batch_run(&o, &err);
    X509_STORE_free(o.trust);
    bc_signer_free(&signer);
    bc_sign_args_free(&sa);
    bc_arena_free(&arena);
    /* Failed units are reported per unit (manifest, errors.txt), not as messages here; the exit
     * code still says that some failed. */
    int code = bc_cli_finish("batch", &err);
    return code ? code : (int)st;
}
