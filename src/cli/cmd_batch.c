/* cmd_batch.c — `baocao batch`: every unit of a province in one command (see batch/batch.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "cli/commands.h"
#include "cli/common.h"

static const char USAGE[] =
    "Cách dùng: baocao batch --form BIỂU_MẪU --data THƯ_MỤC|BẢNG.csv --out THƯ_MỤC_RA\n"
    "                        [--format pdf[,docx]] [--jobs N] [--quiet | --json]\n\n"
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
    "  --quiet    không in tiến độ;  --json  mỗi đơn vị một dòng JSON trên stdout\n\n"
    "Chạy lại cùng lệnh: đơn vị nào có dữ liệu (với bảng đơn vị: dòng của nó và các dòng danh\n"
    "sách của nó) và tùy chọn không đổi, tệp kết quả còn nguyên thì được giữ, còn lại làm lại.\n"
    "Lỗi dữ liệu của một đơn vị không dừng các đơn vị khác.\n"
    "Mã thoát: 0 mọi đơn vị thành công, 1 có đơn vị lỗi, 2 không chạy được (tham số, biểu mẫu,\n"
    "bảng dữ liệu).\n";

static int parse_formats(const char *s, bc_batch_opts *o)
{
    o->want_pdf = strstr(s, "pdf") != NULL;
    o->want_docx = strstr(s, "docx") != NULL;
    return (o->want_pdf || o->want_docx) && strspn(s, "pdfocx,") == strlen(s);
}

int cmd_batch(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"form", required_argument, NULL, 'f'}, {"data", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'F'},
        {"jobs", required_argument, NULL, 'j'}, {"quiet", no_argument, NULL, 'q'},
        {"json", no_argument, NULL, 'J'},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    bc_batch_opts o = {0};
    o.want_pdf = 1;
    o.version = BAOCAO_VERSION;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': o.form = optarg; break;
        case 'd': o.data = optarg; break;
        case 'o': o.out_dir = optarg; break;
        case 'F':
            if (!parse_formats(optarg, &o))
                return bc_cli_usage_error("batch", "--format nhận pdf, docx hoặc pdf,docx");
            break;
        case 'j':
            o.jobs = atoi(optarg);
            if (o.jobs < 1)
                return bc_cli_usage_error("batch", "--jobs cần một số ≥ 1");
            break;
        case 'q': o.progress = BC_PROGRESS_QUIET; break;
        case 'J': o.progress = BC_PROGRESS_JSON; break;
        case 'h': fputs(USAGE, stdout); return 0;
        default: return bc_cli_usage_error("batch", "tùy chọn không hợp lệ");
        }
    }
    if (!o.form || !o.data || !o.out_dir)
        return bc_cli_usage_error("batch", "cần --form, --data và --out");
    bc_err err = BC_ERR_INIT;
    bc_status s = bc_batch_run(&o, &err);
    int code = bc_cli_finish("batch", &err);
    /* Units that failed are in the manifest, not in `err`: the status says so. */
    return code ? code : (int)s;
}
