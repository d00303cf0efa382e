/* cmd_batch.c — `baocao batch`: every unit of a province in one command (see batch/batch.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"

static const char USAGE[] =
    "Cách dùng: baocao batch --form BIỂU_MẪU --data THƯ_MỤC|BẢNG.csv --out THƯ_MỤC_RA\n"
    "                        [--format pdf[,docx]] [--jobs N] [--quiet | --json]\n"
    "                        [--sign --p12 TỆP.p12 --role VAI_TRÒ --signature-image … …]\n\n"
    "Dựng báo cáo cho mọi đơn vị. Dữ liệu vào (--data) là một trong hai:\n"
    "  THƯ_MỤC    mỗi tệp THƯ_MỤC/MÃ.yaml là dữ liệu của một đơn vị (MÃ là mã đơn vị, ví dụ\n"
    "             mã hành chính);\n"
    "  BẢNG.csv   bảng đơn vị, mỗi dòng một đơn vị: dòng tiêu đề là các khóa của biểu mẫu\n"
    "             (baocao template --format csv ghi sẵn), cột ma_don_vi (mã đơn vị) bắt buộc,\n"
    "             cột ten_don_vi (tên đơn vị) tùy chọn. Mỗi danh sách KHÓA của biểu mẫu ghi\n"
    "             trong tệp KHÓA.csv cùng thư mục (không bắt buộc): cột ma_don_vi và các cột\n"
    "             của danh sách, mỗi dòng một dòng của danh sách, theo thứ tự trong tệp.\n"
    "             Dấu phân cách là ',' hoặc ';'; ô chứa dấu phân cách hay xuống dòng đặt\n"
    "             trong \"…\". Lỗi của một ô chỉ ra đúng tệp:dòng:cột của ô đó. Lỗi cấu trúc\n"
    "             bảng (thiếu cột ma_don_vi, mã trùng, dòng danh sách có mã không có trong\n"
    "             bảng đơn vị) dừng lệnh trước khi chạy đơn vị nào.\n\n"
    "Kết quả: THƯ_MỤC_RA/MÃ/BIỂU_MẪU-MÃ.pdf (.docx), cùng manifest.json, manifest.csv (mã,\n"
    "tên, tệp vào — với bảng đơn vị là BẢNG.csv:DÒNG — và SHA-256, tệp ra với SHA-256 và cỡ,\n"
    "số trang, trạng thái, lỗi) và errors.txt.\n\n"
    "  --jobs N   số tiến trình song song (mặc định: số nhân CPU)\n"
    "  --quiet    không in tiến độ;  --json  mỗi đơn vị một dòng JSON trên stdout\n"
    "  --sign     ký mọi báo cáo: PDF ký PAdES vào ô của --role, DOCX ký tách rời (.docx.p7s).\n"
    "             Khóa được nạp và kiểm tra một lần trước khi chạy, không ghi ra đâu.\n\n"
    "Chạy lại cùng lệnh: đơn vị nào có dữ liệu (với bảng đơn vị: dòng của nó và các dòng danh\n"
    "sách của nó) và tùy chọn không đổi, tệp kết quả còn nguyên thì được giữ, còn lại làm lại.\n"
    "Lỗi dữ liệu của một đơn vị không dừng các đơn vị khác.\n"
    "Mã thoát: 0 mọi đơn vị thành công, 1 có đơn vị lỗi, 2 không chạy được (tham số, biểu mẫu,\n"
    "bảng dữ liệu, chứng thư).\n\n";

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
        } else if (!strcmp(arg, "--force")) {
            o->force = 1;
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
            char *end;
            long jobs = strtol(v, &end, 10);
            if (*end || jobs < 1 || jobs > 256)
                return bc_cli_usage_error("batch", "--jobs cần một số từ 1 đến 256");
            o->jobs = (int)jobs;
        } else if (missing) {
            return bc_cli_usage_error("batch", "tùy chọn thiếu giá trị");
        } else {
            fprintf(stderr, "baocao batch: không hiểu tham số '%s'\n", arg);
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
