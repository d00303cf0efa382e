/* main.c — `baocao COMMAND [OPTIONS]`: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "util/suggest.h"

static const bc_command commands[] = {
    {"forms", cmd_forms, "liệt kê các biểu mẫu (id, tiêu đề, nguồn)"},
    {"fields", cmd_fields, "liệt kê các trường của một biểu mẫu"},
    {"template", cmd_template, "tạo tệp dữ liệu trống (yaml, csv hoặc sổ tính xlsx) để gửi đơn vị điền"},
    {"validate", cmd_validate, "kiểm tra một tệp dữ liệu"},
    {"render", cmd_render, "dựng báo cáo PDF (và DOCX) từ dữ liệu"},
    {"sign", cmd_sign, "ký số báo cáo (PDF: PAdES; DOCX: tệp .p7s)"},
    {"timestamp", cmd_timestamp, "đóng tem thời gian cho cả tài liệu đã ký (lưu trữ, PAdES B-LTA)"},
    {"verify", cmd_verify, "kiểm tra chữ ký số của báo cáo"},
    {"rollup", cmd_rollup, "tổng hợp số liệu của tỉnh từ số liệu các đơn vị (bản đồ tổng hợp)"},
    {"metadata", cmd_metadata, "in siêu dữ liệu của báo cáo (XMP, Nghị định 30 Phụ lục VI)"},
    {"tokens", cmd_tokens, "liệt kê USB token (PKCS#11), chứng thư và khóa trên đó"},
    {"batch", cmd_batch, "dựng báo cáo cho mọi đơn vị của một tỉnh, song song, có manifest"},
    {"manifest", cmd_manifest, "ghép manifest của các phần một lần chạy batch --shard"},
};

static void usage(FILE *out)
{
    fprintf(out, "Cách dùng: baocao LỆNH [TÙY CHỌN]   (baocao LỆNH --help để xem chi tiết)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n  --version  phiên bản\n\nMã thoát: 0 thành công, 2 dữ liệu/tham số sai, 1 lỗi khác.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("baocao %s\n", BAOCAO_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    const char *names[sizeof commands / sizeof *commands];
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        names[i] = commands[i].name;
    const char *near = bc_suggest(argv[1], names, sizeof names / sizeof *names);
    if (near)
        fprintf(stderr, "baocao: không có lệnh '%s' (có phải 'baocao %s'?)\n", argv[1], near);
    else
        fprintf(stderr, "baocao: không có lệnh '%s'; các lệnh:\n", argv[1]);
    if (!near)
        usage(stderr);
    return 2;
}
