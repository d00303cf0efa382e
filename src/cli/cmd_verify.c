/* cmd_verify.c — `baocao verify`: checks every signature of a signed report.
 *
 * A PDF is checked signature by signature (sign/verify.h); any other file is checked against its
 * detached FILE.p7s (or the .p7s given). Exit codes: 0 when every signature is valid and
 * trusted, 1 when a signature is invalid or untrusted or there is none, 2 when the arguments or
 * the file cannot be used at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"
#include "cli/verifyall.h"
#include "sign/keys.h"
#include "sign/verify.h"
#include "util/fileio.h"

typedef struct verify_args {
    const char **files; /* the operands: files and folders */
    int nfiles;
    const char *p7s, *csv;
    bc_trust_list trust, tsa_trust;
    int json, verbose, offline, jobs;
    bc_verify_ctx vctx; /* the two stores, made once before any worker (sign/verify.h) */
} verify_args;

static const char USAGE[] =
    "Cách dùng: baocao verify TỆP [--trust CA_GỐC.pem]... [--tsa-trust CA.pem]... [--offline]\n"
    "                         [--p7s CHỮ_KÝ.p7s] [--json]\n"
    "           baocao verify THƯ_MỤC|TỆP... [--jobs N] [--csv BÁO_CÁO.csv] [--json] …\n\n"
    "Kiểm tra mọi chữ ký của báo cáo: người ký, thời điểm ký, phạm vi được ký, tính toàn\n"
    "vẹn, chuỗi chứng thư đến CA gốc tin cậy và hiệu lực lúc ký, và những gì các lần cập\n"
    "nhật sau đã thay đổi; tem thời gian (RFC 3161) thay cho /M, tình trạng thu hồi từ /DSS\n"
    "(hoặc hỏi trực tuyến OCSP/CRL khi không có --offline), và mức PAdES mỗi chữ ký đạt\n"
    "(B-B, B-T, B-LT, B-LTA). TỆP.pdf: chữ ký PAdES trong tệp.\n"
    "Tệp khác (DOCX): chữ ký tách rời TỆP.p7s (hoặc --p7s).\n\n"
    "Một thư mục (cả các thư mục con) hoặc nhiều tệp: mọi tệp .pdf, .docx và tệp có .p7s bên\n"
    "cạnh được kiểm tra song song (--jobs), rồi in một báo cáo chung: mỗi tệp một dòng với kết\n"
    "luận và lý do, số tệp mỗi loại, số tệp/giây; --json cho máy; --csv BÁO_CÁO.csv mở được bằng\n"
    "LibreOffice/Excel (UTF-8 có BOM, mỗi chữ ký một dòng: tệp, kết luận, người ký, mức, thời\n"
    "điểm, vấn đề).\n\n";

static const char FOOTER[] =
    "Mã thoát: 0 mọi chữ ký hợp lệ và tin cậy (kể cả khi không kiểm tra được tình trạng\n"
    "thu hồi: báo cáo và --json nói rõ), 1 có chữ ký không hợp lệ, không có chữ ký hoặc\n"
    "lỗi nội bộ (hết bộ nhớ), 2 tham số sai, tệp không đọc được hoặc không phải PDF\n"
    "đọc được (kể cả PDF mã hóa). Với thư mục hay nhiều tệp: 0 khi mọi tệp đều như vậy hợp\n"
    "lệ, 2 khi có tệp không đọc được, còn lại 1.\n";

/* Returns BC_CLI_GO_ON when verifying should go on, otherwise the exit code (help: 0). */
static int parse(int argc, char **argv, verify_args *a)
{
    const bc_option opts[] = {
        {"trust", 0, "TỆP.pem", "CA gốc tin cậy (lặp lại được; mặc định: kho của hệ thống)",
         &a->trust, bc_opt_add_trust},
        {"p7s", 0, "TỆP.p7s", "chữ ký tách rời (mặc định: TỆP.p7s)", &a->p7s, NULL},
        {"tsa-trust", 0, "TỆP.pem",
         "CA gốc của máy chủ tem thời gian (lặp lại được; kho riêng:\n"
         "không làm người ký được tin cậy; mặc định: như --trust)", &a->tsa_trust,
         bc_opt_add_trust},
        {"offline", 0, NULL,
         "không kết nối mạng: tình trạng thu hồi chỉ lấy từ /DSS trong tệp\n"
         "(mặc định: khi /DSS không có, hỏi OCSP/CRL ghi trong chứng thư)",
         &a->offline, NULL},
        {"json", 0, NULL, "kết quả dạng JSON (kèm chứng thư và mã của từng lỗi)", &a->json, NULL},
        {"verbose", 'v', NULL, "thêm phạm vi byte được ký và chi tiết chứng thư", &a->verbose, NULL},
        {"jobs", 'j', "N", "thư mục/nhiều tệp: số tiến trình song song (mặc định: số nhân CPU)",
         &a->jobs, bc_opt_set_jobs},
        {"csv", 0, "BÁO_CÁO.csv", "thư mục/nhiều tệp: ghi thêm báo cáo CSV (mỗi chữ ký một dòng)",
         &a->csv, NULL},
    };
    bc_cli_spec spec = {"verify", USAGE, FOOTER, {{NULL, opts, sizeof opts / sizeof *opts}}, 1,
                        NULL, "tệp cần kiểm tra", a->files, &a->nfiles};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc == BC_CLI_GO_ON && !a->nfiles)
        return bc_cli_usage_error("verify", "thiếu tệp cần kiểm tra");
    return rc;
}

/* One file, as bc_verify_one_fn (cli/verifyall.h) for a folder too. */
static bc_status verify_file(void *ctx, const char *file, bc_verify_report *rep, bc_err *err)
{
    const verify_args *a = ctx;
    /* Refused before it is read: the file is held in memory whole. */
    if (bc_cli_check_size("verify", file, err) != BC_OK)
        return BC_BADINPUT;
    char *data = NULL, *sig = NULL, *sig_path = NULL;
    size_t len = 0, siglen = 0;
    /* A file that cannot be read is bad input (exit 2), whatever errno said. */
    bc_status st = bc_file_read(file, &data, &len, err) == BC_OK ? BC_OK : BC_BADINPUT;
    if (st == BC_OK && len >= 5 && !memcmp(data, "%PDF-", 5) && !a->p7s)
        st = bc_verify_pdf_with(data, len, file, &a->vctx, rep, err);
    else if (st == BC_OK) {
        if (!a->p7s && (sig_path = malloc(strlen(file) + 5)))
            sprintf(sig_path, "%s.p7s", file);
        const char *sp = a->p7s ? a->p7s : sig_path;
        st = !sp ? BC_FAIL
             : bc_file_read(sp, &sig, &siglen, err) == BC_OK ? BC_OK
                                                              : BC_BADINPUT;
        if (st == BC_OK)
            st = bc_verify_detached_with(data, len, file, sig, siglen, sp, &a->vctx, rep, err);
        else
            bc_err_add(err, st, file, 0, 0,
                       "tệp không phải PDF nên cần chữ ký tách rời %s", sp ? sp : "TỆP.p7s");
    }
    free(data);
    free(sig);
    free(sig_path);
    return st;
}

/* A folder, several files, or --csv: the report of many (cli/verifyall.h). */
static int is_many(const verify_args *a)
{
    struct stat st;
    return a->nfiles > 1 || a->csv || (stat(a->files[0], &st) == 0 && S_ISDIR(st.st_mode));
}

/* One file: the report of its signatures, and its exit code. */
static int verify_one(verify_args *a, bc_err *err)
{
    bc_verify_report rep;
    memset(&rep, 0, sizeof rep);
    bc_status st = verify_file(a, a->files[0], &rep, err);
    int code;
    if (st == BC_OK) {
        if (a->json)
            bc_verify_print_json(&rep, stdout);
        else
            bc_verify_print(&rep, a->verbose, stdout);
        code = rep.all_valid ? 0 : 1;
    } else {
        /* Bad input (unreadable, not a PDF, encrypted) is 2; an internal failure such as
         * running out of memory is 1, as for every other subcommand. */
        code = st == BC_FAIL ? 1 : 2;
        bc_cli_finish("verify", err);
    }
    bc_verify_report_free(&rep);
    return code;
}

int cmd_verify(int argc, char **argv)
{
    bc_err err = BC_ERR_INIT;
    verify_args a;
    memset(&a, 0, sizeof a);
    a.files = calloc((size_t)argc + 1, sizeof *a.files);
    int rc = a.files ? parse(argc, argv, &a) : 1;
    int many = rc == BC_CLI_GO_ON && is_many(&a);
    if (many && a.p7s)
        rc = bc_cli_usage_error("verify", "--p7s chỉ dùng với một tệp, không với thư mục hay --csv");
    /* Two stores (sign/verify.h): a TSA's root does not make a signer trusted. */
    if (rc == BC_CLI_GO_ON &&
        bc_verify_ctx_open(&a.vctx, a.trust.paths, a.trust.n, a.tsa_trust.paths, a.tsa_trust.n,
                           a.offline, &err) != BC_OK) {
        bc_cli_finish("verify", &err);
        rc = BC_BADINPUT;
    }
    if (rc == BC_CLI_GO_ON && many) {
        bc_verify_all_opts o = {a.files, a.nfiles, a.jobs, a.json, a.csv, verify_file, &a};
        rc = bc_verify_all(&o);
    } else if (rc == BC_CLI_GO_ON) {
        rc = verify_one(&a, &err);
    }
    bc_err_free(&err);
    bc_verify_ctx_close(&a.vctx);
    free(a.files);
    return rc;
}
