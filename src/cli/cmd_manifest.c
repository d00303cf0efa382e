/* cmd_manifest.c — `baocao manifest merge`: the manifests of a batch's shards joined into the one
 * a whole run writes (batch/manifest_merge.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/manifest_merge.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "util/text.h"

static const char USAGE[] =
    "Cách dùng: baocao manifest merge PHẦN.json... -o manifest.json\n\n"
    "Ghép manifest của các phần một lần chạy batch --shard K/N (manifest.shard-K-of-N.json, mỗi\n"
    "tệp có .csv cùng tên bên cạnh) thành manifest của cả lần chạy, như khi chạy không chia\n"
    "phần: manifest.json (đơn vị theo thứ tự mã), manifest.csv cùng tên bên cạnh, và errors.txt\n"
    "(các đơn vị lỗi) cùng thư mục (với tệp ra khác manifest.json: TÊN.errors.txt). Mỗi đơn vị\n"
    "được chép đúng như phần của nó đã ghi.\n\n"
    "Từ chối, không ghi gì, khi các phần không cùng một lần chạy (biểu mẫu, phiên bản, tùy\n"
    "chọn, dữ liệu khác nhau), một phần có hai lần, thiếu phần, phần chưa chạy xong, hoặc một\n"
    "đơn vị có trong hai phần.\n\n";

static const char FOOTER[] = "Mã thoát: 0 đã ghép, 2 các tệp không ghép được (lý do ở trên), "
                             "1 lỗi khác (ghi tệp).\n";

/* OUT.json → the errors file beside it: errors.txt for manifest.json, else OUT.errors.txt. */
static char *errors_path(const char *out)
{
    const char *slash = strrchr(out, '/');
    const char *base = slash ? slash + 1 : out;
    int dir = slash ? (int)(slash - out + 1) : 0;
    if (!strcmp(base, "manifest.json"))
        return bc_strfmt("%.*serrors.txt", dir, out);
    return bc_strfmt("%.*s.errors.txt", (int)strlen(out) - 5, out);
}

static int merge(int argc, char **argv)
{
    const char *out = NULL;
    const char **in = calloc((size_t)argc + 1, sizeof *in);
    int n = 0;
    if (!in)
        return 1;
    const bc_option opts[] = {
        {"out", 'o', "manifest.json", "tệp manifest ghép (bắt buộc; .csv cùng tên bên cạnh)",
         &out, NULL, 1},
    };
    bc_cli_spec spec = {"manifest merge", USAGE, FOOTER, {{NULL, opts, 1}}, 1, NULL,
                        "PHẦN.json", in, &n};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc == BC_CLI_GO_ON && n == 0)
        rc = bc_cli_usage_error("manifest merge", "thiếu các tệp manifest.shard-K-of-N.json");
    if (rc == BC_CLI_GO_ON && !bc_ends_with(out, ".json"))
        rc = bc_cli_usage_error("manifest merge", "-o cần một tệp .json, không nhận '%s'", out);
    if (rc != BC_CLI_GO_ON) {
        free(in);
        return rc;
    }
    bc_err err = BC_ERR_INIT;
    char *errors = errors_path(out);
    bc_status st = errors ? bc_manifest_merge(in, n, out, errors, &err) : bc_err_oom(&err, out);
    if (st == BC_OK)
        printf("đã ghép %d phần vào %s\n", n, out);
    free(errors);
    free(in);
    return bc_cli_finish("manifest merge", &err);
}

int cmd_manifest(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "merge"))
        return merge(argc - 1, argv + 1);
    FILE *out = argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout
                                                                                      : stderr;
    fputs("Cách dùng: baocao manifest merge PHẦN.json... -o manifest.json\n"
          "  merge   ghép manifest của các phần (batch --shard K/N) thành một\n"
          "(baocao manifest merge --help để xem chi tiết)\n", out);
    if (out == stdout)
        return 0;
    if (argc >= 2)
        fprintf(stderr, "baocao manifest: không có lệnh con '%s'\n", argv[1]);
    return 2;
}
