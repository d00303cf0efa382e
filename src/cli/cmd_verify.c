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
#include "pdf/pdfread.h"
#include "sign/keys.h"
#include "sign/verify.h"
#include "util/fileio.h"

typedef struct verify_args {
    const char **files; /* the operands: files and folders */
    int nfiles;
    const char *p7s, *csv;
    bc_trust_list trust, tsa_trust;
    int json, verbose, offline, jobs;
    X509_STORE *store; /* made once from trust and tsa_trust, before any worker */
} verify_args;

static const char USAGE[] =
    "Cách dùng: baocao verify TỆP [--trust CA_GỐC.pem]... [--tsa-trust CA.pem]... [--offline]\n"
    "                         [--p7s CHỮ_KÝ.p7s] [--json]\n"
    "           baocao verify THƯ_MỤC|TỆP... [--jobs N] [--csv BÁO_CÁO.csv] [--json] …\n\n"
    "Kiểm tra mọi chữ ký của báo cáo: người ký, thời điểm ký, phạm vi được ký, tính toàn\n"
    "vẹn, chuỗi chứng thư đến CA gốc tin cậy và hiệu lực lúc ký, và những gì các lần cập\n"
    "nhật sau đã thay đổi; tem thời gian (RFC 3161) thay cho /M, dữ liệu thu hồi trong /DSS,\n"
    "và mức PAdES mỗi chữ ký đạt (B-B, B-T, B-LT, B-LTA). TỆP.pdf: chữ ký PAdES trong tệp.\n"
    "Tệp khác (DOCX): chữ ký tách rời TỆP.p7s (hoặc --p7s).\n\n"
    "Một thư mục (cả các thư mục con) hoặc nhiều tệp: mọi tệp .pdf, .docx và tệp có .p7s bên\n"
    "cạnh được kiểm tra song song (--jobs), rồi in một báo cáo chung: mỗi tệp một dòng với kết\n"
    "luận và lý do, số tệp mỗi loại, số tệp/giây; --json cho máy; --csv BÁO_CÁO.csv mở được bằng\n"
    "LibreOffice/Excel (UTF-8 có BOM, mỗi chữ ký một dòng: tệp, kết luận, người ký, mức, thời\n"
    "điểm, vấn đề).\n\n";

static const char FOOTER[] =
    "Mã thoát: 0 mọi chữ ký hợp lệ và tin cậy, 1 có chữ ký không hợp lệ, không có chữ ký\n"
    "hoặc lỗi nội bộ (hết bộ nhớ), 2 tham số sai, tệp không đọc được hoặc không phải PDF\n"
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
         "CA gốc của máy chủ tem thời gian (lặp lại được; thêm vào các CA tin cậy)", &a->tsa_trust,
         bc_opt_add_trust},
        {"offline", 0, NULL,
         "không kết nối mạng: tình trạng thu hồi chỉ lấy từ /DSS trong tệp (baocao verify\n"
         "không bao giờ hỏi mạng; tùy chọn này để nói rõ ý định)",
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

/* One store: the TSA's roots join the signers' (a TSA certificate must still have the critical
 * timeStamping EKU to vouch for a time, sign/tsa.h). */
static X509_STORE *make_trust(const verify_args *a, bc_err *err)
{
    const char *paths[2 * BC_MAX_TRUST];
    size_t n = 0;
    for (size_t i = 0; i < a->trust.n; i++)
        paths[n++] = a->trust.paths[i];
    for (size_t i = 0; i < a->tsa_trust.n; i++)
        paths[n++] = a->tsa_trust.paths[i];
    X509_STORE *trust = bc_trust_store(paths, a->trust.n ? n : 0, err);
    for (size_t i = 0; trust && !a->trust.n && i < a->tsa_trust.n; i++)
        if (!X509_STORE_load_file(trust, a->tsa_trust.paths[i]))
            bc_err_add(err, BC_BADINPUT, a->tsa_trust.paths[i], 0, 0, "không đọc được CA gốc");
    return trust;
}

/* One file, as bc_verify_one_fn (cli/verifyall.h) for a folder too. */
static bc_status verify_file(void *ctx, const char *file, bc_verify_report *rep, bc_err *err)
{
    const verify_args *a = ctx;
    X509_STORE *trust = a->store;
    /* Refused before it is read: the file is held in memory whole. */
    struct stat sb;
    if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode) &&
        (unsigned long long)sb.st_size > BC_PDF_MAX_FILE_BYTES)
        return bc_err_add(err, BC_BADINPUT, file, 0, 0,
                          "tệp dài %lld byte, vượt giới hạn %zu MiB mà baocao verify nhận "
                          "(BC_PDF_MAX_FILE_BYTES)", (long long)sb.st_size,
                          BC_PDF_MAX_FILE_BYTES >> 20);
    char *data = NULL, *sig = NULL, *sig_path = NULL;
    size_t len = 0, siglen = 0;
    /* A file that cannot be read is bad input (exit 2), whatever errno said. */
    bc_status st = bc_file_read(file, &data, &len, err) == BC_OK ? BC_OK : BC_BADINPUT;
    if (st == BC_OK && len >= 5 && !memcmp(data, "%PDF-", 5) && !a->p7s)
        st = bc_verify_pdf(data, len, file, trust, rep, err);
    else if (st == BC_OK) {
        if (!a->p7s && (sig_path = malloc(strlen(file) + 5)))
            sprintf(sig_path, "%s.p7s", file);
        const char *sp = a->p7s ? a->p7s : sig_path;
        st = !sp ? BC_FAIL
             : bc_file_read(sp, &sig, &siglen, err) == BC_OK ? BC_OK
                                                              : BC_BADINPUT;
        if (st == BC_OK)
            st = bc_verify_detached(data, len, file, sig, siglen, sp, trust, rep, err);
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
    if (rc == BC_CLI_GO_ON && !(a.store = make_trust(&a, &err))) {
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
    X509_STORE_free(a.store);
    free(a.files);
    return rc;
}
