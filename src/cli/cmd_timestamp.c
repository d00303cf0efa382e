/* cmd_timestamp.c — `baocao timestamp`: a document timestamp on a signed report (PAdES B-LTA),
 * to make it an archive copy or to renew an archive before its last timestamp ages out.
 *
 * First the validation data of the newest signature or document timestamp goes into the /DSS
 * (sign/ltv.h: certificates, OCSP answers or CRLs, fetched now while the servers still answer),
 * then a new document timestamp covers the whole file (sign/doctimestamp.h). Both are
 * incremental updates, so every earlier signature stays valid. The output is written atomically:
 * a refused TSA answer, a revoked certificate or an unreachable server leaves no file. Exit codes:
 * 0 done, 2 bad arguments, file, certificate or server answer, 1 other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"
#include "sign/doctimestamp.h"
#include "sign/keys.h"
#include "sign/ltv.h"
#include "util/fileio.h"

typedef struct ts_args {
    const char *in, *out, *tsa;
    bc_trust_list trust, tsa_trust;
    int no_dss;
} ts_args;

static const char USAGE[] =
    "Cách dùng: baocao timestamp ĐÃ_KÝ.pdf --tsa URL [--tsa-trust CA.pem] [--trust CA.pem]\n"
    "                            -o LƯU_TRỮ.pdf\n\n"
    "Đóng tem thời gian cho cả tài liệu đã ký (PAdES B-LTA): trước hết lưu vào tệp (/DSS) các\n"
    "chứng thư và tình trạng thu hồi (OCSP hoặc CRL) của chữ ký hoặc tem thời gian mới nhất,\n"
    "rồi thêm một tem thời gian phủ toàn bộ tệp. Chạy lại trước khi tem cũ hết hạn để gia hạn\n"
    "bản lưu trữ. Các chữ ký đã có vẫn hợp lệ.\n\n";

static int parse(int argc, char **argv, ts_args *a)
{
    const bc_option opts[] = {
        {"output", 'o', "TỆP", "tệp ra", &a->out, NULL},
        {"tsa", 0, "URL", "máy chủ tem thời gian RFC 3161", &a->tsa, NULL},
        {"tsa-trust", 0, "CA_GỐC.pem",
         "CA gốc của máy chủ tem thời gian (lặp lại được; mặc định: như --trust)", &a->tsa_trust,
         bc_opt_add_trust},
        {"trust", 0, "CA_GỐC.pem",
         "CA gốc của người ký, để kiểm tra câu trả lời OCSP/CRL (mặc định: kho của hệ thống)",
         &a->trust, bc_opt_add_trust},
        {"no-dss", 0, NULL, "không thêm dữ liệu kiểm tra (/DSS), chỉ đóng tem", &a->no_dss, NULL},
    };
    bc_cli_spec spec = {"timestamp", USAGE,
                        "Mã thoát: 0 đã đóng tem, 2 tham số/tệp/chứng thư/máy chủ trả lời sai, 1 "
                        "lỗi khác.\n",
                        {{NULL, opts, sizeof opts / sizeof *opts}}, 1, &a->in, "tệp đã ký"};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    if (!a->in)
        return bc_cli_usage_error("timestamp", "thiếu tệp đã ký");
    if (!a->tsa)
        return bc_cli_usage_error("timestamp", "thiếu --tsa URL (máy chủ tem thời gian)");
    if (!a->out)
        return bc_cli_usage_error("timestamp", "thiếu -o TỆP_RA.pdf");
    return BC_CLI_GO_ON;
}

static bc_status run(const ts_args *a, bc_err *err)
{
    const bc_trust_list *tt = a->tsa_trust.n ? &a->tsa_trust : &a->trust;
    X509_STORE *trust = bc_trust_store(a->trust.paths, a->trust.n, err);
    X509_STORE *tsa_trust = trust ? bc_trust_store(tt->paths, tt->n, err) : NULL;
    bc_buf pdf = BC_BUF_INIT;
    bc_status st = trust && tsa_trust ? BC_OK : BC_BADINPUT;
    if (st == BC_OK)
        st = bc_file_read(a->in, &pdf.data, &pdf.len, err) == BC_OK ? BC_OK : BC_BADINPUT;
    pdf.cap = pdf.len;
    if (st == BC_OK && (pdf.len < 5 || memcmp(pdf.data, "%PDF-", 5)))
        st = bc_err_add(err, BC_BADINPUT, a->in, 0, 0,
                        "không phải tệp PDF (không bắt đầu bằng %%PDF-)");
    bc_tsa tsa = {a->tsa, tsa_trust};
    if (st == BC_OK && !a->no_dss)
        st = bc_ltv_add_dss(&pdf, a->in, trust, tsa_trust, err);
    if (st == BC_OK)
        st = bc_doc_timestamp(&pdf, a->in, &tsa, err);
    if (st == BC_OK)
        st = bc_file_write_atomic(a->out, pdf.data, pdf.len, err);
    if (st == BC_OK)
        fprintf(stderr, "đã đóng tem thời gian: %s\n", a->out);
    bc_buf_free(&pdf);
    X509_STORE_free(trust);
    X509_STORE_free(tsa_trust);
    return st;
}

int cmd_timestamp(int argc, char **argv)
{
    bc_err err = BC_ERR_INIT;
    ts_args a;
    memset(&a, 0, sizeof a);
    int rc = parse(argc, argv, &a);
    if (rc != BC_CLI_GO_ON)
        return rc;
    rc = (int)run(&a, &err);
    int code = bc_cli_finish("timestamp", &err);
    return code ? code : rc;
}
