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
    "                        [--format pdf[,docx]] [--jobs N] [--shard K/N] [--quiet | --json]\n"
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
    "số trang, trạng thái, lỗi) và errors.txt.\n\n";

static const char FOOTER[] =
    "Chạy lại cùng lệnh: đơn vị nào có dữ liệu (với bảng đơn vị: dòng của nó và các dòng danh\n"
    "sách của nó) và tùy chọn không đổi, tệp kết quả còn nguyên thì được giữ, còn lại làm lại.\n"
    "Lỗi dữ liệu của một đơn vị không dừng các đơn vị khác.\n"
    "Chia phần (--shard K/N, K từ 0 đến N-1): N tiến trình, trên một hay N máy, mỗi tiến trình\n"
    "một phần các đơn vị theo mã đơn vị; cùng một thư mục --out chung hoặc mỗi phần một thư mục.\n"
    "Mỗi phần ghi manifest.shard-K-of-N.json/.csv và errors.shard-K-of-N.txt; ghép lại bằng\n"
    "baocao manifest merge.\n"
    "Mã thoát: 0 mọi đơn vị thành công, 1 có đơn vị lỗi, 2 không chạy được (tham số, biểu mẫu,\n"
    "bảng dữ liệu, chứng thư).\n\n";

static bc_status set_shard(void *dest, const char *v, const char *opt, bc_err *err)
{
    return bc_shard_parse(v, dest, opt, err);
}

/* Returns BC_CLI_GO_ON when the batch should run, otherwise the exit code (help: 0). */
static int parse(int argc, char **argv, bc_batch_opts *o, bc_sign_args *sa, int *sign,
                 bc_arena *arena, bc_err *err)
{
    bc_formats fmt = {1, 0, 0};
    int quiet = 0, json = 0;
    const bc_option opts[] = {
        {"form", 'f', "BIỂU_MẪU", "id biểu mẫu hoặc tệp bố cục .yaml", &o->form, NULL, 1},
        {"data", 'd', "THƯ_MỤC|BẢNG.csv", "dữ liệu của các đơn vị (xem trên)", &o->data, NULL, 1},
        {"out", 'o', "THƯ_MỤC_RA", "thư mục kết quả", &o->out_dir, NULL, 1},
        {"format", 0, "pdf[,docx]", "pdf (mặc định), docx, hoặc pdf,docx", &fmt, bc_opt_set_formats},
        {"no-pdfa", 0, NULL, "PDF thường, không theo PDF/A-2b (mặc định là PDF/A-2b)",
         &o->plain_pdf, NULL},
        {"jobs", 'j', "N", "số tiến trình song song (mặc định: số nhân CPU)", &o->jobs,
         bc_opt_set_jobs},
        {"shard", 0, "K/N",
         "chỉ làm phần K của N phần, K từ 0 (--shard $SLURM_ARRAY_TASK_ID/4,\n"
         "--shard $JOB_COMPLETION_INDEX/4); mỗi đơn vị thuộc đúng một phần,\n"
         "chọn theo mã đơn vị",
         &o->shard, set_shard},
        {"quiet", 'q', NULL, "không in tiến độ", &quiet, NULL},
        {"json", 0, NULL, "mỗi đơn vị một dòng JSON trên stdout", &json, NULL},
        {"sign", 0, NULL,
         "ký mọi báo cáo: PDF ký PAdES vào ô của --role, DOCX ký tách rời (.docx.p7s).\n"
         "Khóa được nạp và kiểm tra một lần trước khi chạy, không ghi ra đâu.",
         sign, NULL},
        {"force", 0, NULL,
         "làm lại dù lần chạy trước trong --out ký hoặc ra nhiều định dạng hơn\n"
         "(tệp lần này không còn làm bị xóa)",
         &o->force, NULL},
    };
    const bc_cli_spec spec = {"batch", USAGE, FOOTER,
                        {{NULL, opts, sizeof opts / sizeof *opts}},
                        1, NULL, NULL};
    int rc = bc_sign_args_parse(spec, sa, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    o->want_pdf = fmt.pdf;
    o->want_docx = fmt.docx;
    if (quiet && json)
        return bc_cli_usage_error("batch", "--quiet và --json không dùng cùng nhau");
    o->progress = json ? BC_PROGRESS_JSON : quiet ? BC_PROGRESS_QUIET : o->progress;
    bc_status st = bc_sign_args_finish(sa, arena, err);
    if (st == BC_OK && *sign && o->want_pdf)
        st = bc_sign_args_check_pdf(sa, err);
    return st == BC_OK ? BC_CLI_GO_ON : (int)st;
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
    if (rc != BC_CLI_GO_ON) {
        bc_arena_free(&arena);
        return err.n ? bc_cli_finish("batch", &err) : rc;
    }
    /* The key is loaded and checked once, here, before any worker exists: a refused certificate
     * stops the run before a single file is written. */
    bc_status st = sign ? bc_sign_args_signer(&sa, &signer, &err) : BC_OK;
    if (st == BC_OK && sign) {
        o.signer = &signer;
        o.sign = sa.pdf;
        o.trust = bc_trust_store(sa.trust.paths, sa.trust.n, &err);
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
