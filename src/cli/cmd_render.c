/* cmd_render.c — `baocao render`: data + form → PDF (and DOCX).
 *
 * Every requested format is rendered in memory first and written only when all succeeded, each
 * file atomically: bad data or a failure leaves no output file at all. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "doc/build.h"
#include "docx/render.h"
#include "pdf/render.h"
#include "util/fileio.h"
#include "util/paths.h"

static const char USAGE[] =
    "Cách dùng: baocao render --form BIỂU_MẪU (--data TỆP.yaml | --blank) -o ĐẦU_RA\n"
    "                         [--format pdf[,docx]]\n\n"
    "Dựng báo cáo theo đúng biểu mẫu chính thức.\n\n"
    "  --form F      id biểu mẫu (baocao forms) hoặc đường dẫn tệp bố cục .yaml\n"
    "  --data F      tệp dữ liệu YAML của đơn vị\n"
    "  --blank       biểu mẫu trống, để in và điền tay\n"
    "  -o, --output  tệp đầu ra; với nhiều định dạng là tên gốc (out/bc → out/bc.pdf, out/bc.docx)\n"
    "  --format      pdf (mặc định), docx, hoặc pdf,docx\n\n"
    "Mã thoát: 0 thành công, 2 dữ liệu/biểu mẫu/tham số sai (không ghi tệp nào), 1 lỗi khác.\n";

typedef struct render_opts {
    const char *form, *data, *output;
    int blank, want_pdf, want_docx;
} render_opts;

static int parse_formats(const char *s, render_opts *o)
{
    o->want_pdf = o->want_docx = 0;
    char *copy = strdup(s), *save = NULL;
    int ok = copy != NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "pdf"))
            o->want_pdf = 1;
        else if (!strcmp(t, "docx"))
            o->want_docx = 1;
        else
            ok = 0;
    }
    free(copy);
    return ok && (o->want_pdf || o->want_docx);
}

static int parse_args(int argc, char **argv, render_opts *o)
{
    static const struct option longopts[] = {
        {"form", required_argument, NULL, 'f'},  {"data", required_argument, NULL, 'd'},
        {"blank", no_argument, NULL, 'b'},       {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->want_pdf = 1;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': o->form = optarg; break;
        case 'd': o->data = optarg; break;
        case 'b': o->blank = 1; break;
        case 'o': o->output = optarg; break;
        case 'F':
            if (!parse_formats(optarg, o))
                return bc_cli_usage_error("render", "--format nhận pdf, docx hoặc pdf,docx");
            break;
        case 'h': fputs(USAGE, stdout); return -1;
        default: return bc_cli_usage_error("render", "tùy chọn không hợp lệ");
        }
    }
    if (optind < argc)
        return bc_cli_usage_error("render", "thừa tham số");
    if (!o->form)
        return bc_cli_usage_error("render", "thiếu --form");
    if (!o->output)
        return bc_cli_usage_error("render", "thiếu -o ĐẦU_RA");
    if (!o->data == !o->blank)
        return bc_cli_usage_error("render", "cần đúng một trong --data hoặc --blank");
    return 0;
}

/* "out/x.pdf" is taken as it is when it is the only format; otherwise "out/x" + ".pdf". */
static char *output_path(const char *output, const char *ext, int several)
{
    size_t n = strlen(output), e = strlen(ext);
    int has_ext = n > e && !strcmp(output + n - e, ext);
    char *p = malloc(n + e + 1);
    if (p)
        snprintf(p, n + e + 1, "%s%s", output, has_ext && !several ? "" : ext);
    return p;
}

static int strip_ext_if_several(render_opts *o, char **base)
{
    *base = strdup(o->output);
    if (!*base)
        return 0;
    size_t n = strlen(*base);
    if (o->want_pdf && o->want_docx) {
        if (n > 4 && !strcmp(*base + n - 4, ".pdf"))
            (*base)[n - 4] = '\0';
        else if (n > 5 && !strcmp(*base + n - 5, ".docx"))
            (*base)[n - 5] = '\0';
    }
    return 1;
}

typedef struct rendered {
    bc_buf pdf, docx;
} rendered;

static bc_status write_one(const char *base, const char *ext, int several, const bc_buf *b,
                           bc_err *err)
{
    char *path = output_path(base, ext, several);
    if (!path)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    bc_status s = bc_file_write_atomic(path, b->data, b->len, err);
    free(path);
    return s;
}

static bc_status write_outputs(render_opts *o, const rendered *r, bc_err *err)
{
    char *base = NULL;
    if (!strip_ext_if_several(o, &base))
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    int several = o->want_pdf + o->want_docx > 1;
    bc_status s = bc_file_make_parents(base, err);
    if (s == BC_OK && o->want_pdf)
        s = write_one(base, ".pdf", several, &r->pdf, err);
    if (s == BC_OK && o->want_docx)
        s = write_one(base, ".docx", several, &r->docx, err);
    free(base);
    return s;
}

static bc_status render_all(const render_opts *o, const bc_doc *doc, rendered *r, bc_err *err)
{
    bc_status s = BC_OK;
    if (o->want_pdf) {
        char *fonts = bc_resource_dir("fonts");
        bc_pdf_options po = {fonts};
        s = bc_pdf_render(doc, &po, &r->pdf, NULL, err);
        free(fonts);
    }
    if (s == BC_OK && o->want_docx)
        s = bc_docx_render(doc, &r->docx, err);
    return s;
}

int cmd_render(int argc, char **argv)
{
    render_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    bc_err err = BC_ERR_INIT;
    bc_layout *layout = NULL;
    bc_data *data = NULL;
    bc_doc *doc = NULL;
    rendered r = {BC_BUF_INIT, BC_BUF_INIT};
    bc_status s = bc_cli_load_layout(o.form, &layout, &err);
    if (s == BC_OK && o.data)
        s = bc_data_load(layout, o.data, &data, &err);
    if (s == BC_OK)
        s = bc_build(layout, data, &doc, &err);
    if (s == BC_OK)
        s = render_all(&o, doc, &r, &err);
    if (s == BC_OK)
        s = write_outputs(&o, &r, &err);
    bc_buf_free(&r.pdf);
    bc_buf_free(&r.docx);
    bc_doc_free(doc);
    bc_data_free(data);
    bc_layout_free(layout);
    return bc_cli_finish("render", &err);
}
