/* cmd_metadata.c — `baocao metadata FILE.pdf`: the document's metadata as an archive reads it,
 * from the XMP packet of the PDF (pdf/xmpread.h: our PDF reader and libxml2, bounded), so a
 * document-management system can import a report without opening it. Human output: one line per
 * property present, "Label (xmp:Name): value"; --json: {"command","ok","file","metadata":{…}}. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "pdf/pdfread.h"
#include "pdf/xmpread.h"
#include "util/fileio.h"
#include "util/json.h"

static const char USAGE[] =
    "Cách dùng: baocao metadata TỆP.pdf [--json]\n\n"
    "In siêu dữ liệu của tài liệu (XMP của PDF/A): tiêu đề, cơ quan, ngày, PDF/A, và các\n"
    "thông tin đầu ra của văn bản đi theo Nghị định 30/2020/NĐ-CP, Phụ lục VI (tên loại, số,\n"
    "ký hiệu, ngày văn bản, trích yếu, ngôn ngữ, số trang, người ký, chức vụ, …). Thông tin\n"
    "tài liệu không có thì không in.\n\n";

static const char FOOTER[] =
    "Mã thoát: 0 đọc được, 2 tệp không đọc được hoặc không có siêu dữ liệu XMP, 1 lỗi khác.\n";

static void print_human(const bc_xmp_meta *m)
{
    for (int i = 0; i < BC_XM_COUNT; i++)
        if (m->std[i])
            printf("%s (%s): %s\n", bc_xm_labels[i], bc_xm_names[i], m->std[i]);
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (m->archive[i])
            printf("%s (%s:%s): %s\n", bc_am_props[i].label, BC_AM_PREFIX, bc_am_props[i].xmp,
                   m->archive[i]);
}

static bc_status read_metadata(const char *file, bc_xmp_meta *m, bc_err *err)
{
    memset(m, 0, sizeof *m);
    /* Refused before it is read: the file is held in memory whole. */
    struct stat sb;
    if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode) &&
        (unsigned long long)sb.st_size > BC_PDF_MAX_FILE_BYTES)
        return bc_err_add(err, BC_BADINPUT, file, 0, 0, "tệp vượt giới hạn %zu MiB",
                          BC_PDF_MAX_FILE_BYTES >> 20);
    char *data = NULL;
    size_t len = 0;
    if (bc_file_read(file, &data, &len, err) != BC_OK)
        return BC_BADINPUT; /* a file that cannot be read is bad input, whatever errno said */
    int found = 0;
    bc_status s = bc_xmp_from_pdf(data, len, file, m, &found, err);
    free(data);
    if (s == BC_OK && !found)
        s = bc_err_add(err, BC_BADINPUT, file, 0, 0,
                       "tài liệu không có siêu dữ liệu XMP (/Metadata): không phải PDF/A "
                       "(baocao render viết PDF/A-2b, trừ khi có --no-pdfa)");
    return s;
}

int cmd_metadata(int argc, char **argv)
{
    int json = 0;
    const char *file = NULL;
    const bc_option opts[] = {{"json", 0, NULL, "kết quả dạng JSON", &json, NULL}};
    const bc_cli_spec spec = {"metadata", USAGE, FOOTER, {{NULL, opts, 1}}, 1, &file,
                              "tệp PDF"};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    if (!file)
        return bc_cli_usage_error("metadata", "thiếu tệp PDF");
    bc_err err = BC_ERR_INIT;
    bc_xmp_meta m;
    bc_status s = read_metadata(file, &m, &err);
    if (!json) {
        if (s == BC_OK)
            print_human(&m);
        bc_xmp_meta_free(&m);
        return bc_cli_finish("metadata", &err);
    }
    bc_buf extra = BC_BUF_INIT;
    bc_buf_puts(&extra, "\"file\":");
    bc_json_str(&extra, file);
    if (s == BC_OK) {
        bc_buf_puts(&extra, ",\"metadata\":");
        bc_xmp_meta_json(&extra, &m);
    }
    bc_xmp_meta_free(&m);
    rc = bc_cli_finish_json("metadata", &err, extra.data);
    bc_buf_free(&extra);
    return rc;
}
