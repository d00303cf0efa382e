/* cmd_render.c — `baocao render`: data + form → PDF (and DOCX).
 *
 * Every requested format is rendered in memory first and written only when all succeeded, each
 * file atomically: bad data or a failure leaves no output file at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"
#include "doc/build.h"
#include "docx/render.h"
#include "pdf/render.h"
#include "sign/cms.h"
#include "util/fileio.h"
#include "util/paths.h"
#include "util/text.h"

static const char USAGE[] =
    "Cách dùng: baocao render --form BIỂU_MẪU (--data TỆP.yaml | --blank) -o ĐẦU_RA\n"
    "                         [--format pdf[,docx]] [--sign …]\n\n"
    "Dựng báo cáo theo đúng biểu mẫu chính thức.\n\n";

static const char EXIT_CODES[] =
    "Mã thoát: 0 thành công, 2 dữ liệu/biểu mẫu/chứng thư/tham số sai (không ghi tệp nào),\n"
    "1 lỗi khác.\n";

typedef struct render_opts {
    const char *form, *data, *output;
    int blank, want_pdf, want_docx, sign;
    bc_sign_args sa;
} render_opts;

/* Returns BC_CLI_GO_ON when the render should run, otherwise the exit code (help: 0). */
static int parse_args(int argc, char **argv, render_opts *o, bc_arena *arena, bc_err *err)
{
    memset(o, 0, sizeof *o);
    bc_formats fmt = {1, 0, 0};
    const bc_option opts[] = {
        {"form", 'f', "F", "id biểu mẫu (baocao forms) hoặc đường dẫn tệp bố cục .yaml", &o->form,
         NULL},
        {"data", 'd', "F", "tệp dữ liệu YAML (hoặc CSV) của đơn vị", &o->data, NULL},
        {"blank", 0, NULL, "biểu mẫu trống, để in và điền tay", &o->blank, NULL},
        {"output", 'o', "ĐẦU_RA",
         "tệp đầu ra; với nhiều định dạng là tên gốc (out/bc → out/bc.pdf, out/bc.docx)",
         &o->output, NULL},
        {"format", 0, "pdf[,docx]", "pdf (mặc định), docx, hoặc pdf,docx", &fmt, bc_opt_set_formats},
        {"sign", 0, NULL,
         "ký ngay khi dựng: PDF ký PAdES vào ô của --role, DOCX ký tách rời (.p7s);\n"
         "cần các tùy chọn ký dưới đây",
         &o->sign, NULL},
    };
    bc_option sign_opts[BC_SIGN_NOPTS];
    bc_cli_spec spec = {"render", USAGE, EXIT_CODES,
                        {{NULL, opts, sizeof opts / sizeof *opts},
                         bc_sign_args_options(&o->sa, sign_opts)},
                        2, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    o->want_pdf = fmt.pdf;
    o->want_docx = fmt.docx;
    if (!o->form)
        return bc_cli_usage_error("render", "thiếu --form");
    if (!o->output)
        return bc_cli_usage_error("render", "thiếu -o ĐẦU_RA");
    struct stat out_st;
    size_t olen = strlen(o->output);
    if ((olen && o->output[olen - 1] == '/') ||
        (stat(o->output, &out_st) == 0 && S_ISDIR(out_st.st_mode)))
        return bc_cli_usage_error("render", "-o là tên tệp ra (out/bao-cao.pdf), không phải thư mục");
    if (!o->data == !o->blank)
        return bc_cli_usage_error("render", "cần đúng một trong --data hoặc --blank");
    bc_status st = bc_sign_args_finish(&o->sa, arena, err);
    if (st == BC_OK && o->sign && o->want_pdf)
        st = bc_sign_args_check_pdf(&o->sa, err);
    return st == BC_OK ? BC_CLI_GO_ON : (int)st;
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
        if (bc_ends_with(*base, ".pdf"))
            (*base)[n - 4] = '\0';
        else if (bc_ends_with(*base, ".docx"))
            (*base)[n - 5] = '\0';
    }
    return 1;
}

typedef struct rendered {
    bc_buf pdf, docx, p7s;
} rendered;

typedef struct file_set {
    const char *paths[3];
    const void *data[3];
    size_t lens[3];
    int n;
} file_set;

static void set_add(file_set *set, const char *path, const bc_buf *b)
{
    set->paths[set->n] = path;
    set->data[set->n] = b->data;
    set->lens[set->n++] = b->len;
}

/* Writes the report's files as one set (none unless all), and removes a signature left by an
 * earlier signed render of the same DOCX: it no longer matches the new bytes. */
static bc_status write_outputs(render_opts *o, const rendered *r, bc_err *err)
{
    char *base = NULL;
    if (!strip_ext_if_several(o, &base))
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    int several = o->want_pdf + o->want_docx > 1;
    file_set set = {0};
    bc_status s = bc_file_make_parents(base, err);
    char *pdf = o->want_pdf ? output_path(base, ".pdf", several) : NULL;
    char *docx = o->want_docx ? output_path(base, ".docx", several) : NULL;
    char *p7s = docx ? output_path(docx, ".p7s", 1) : NULL; /* FILE.docx → FILE.docx.p7s */
    if ((o->want_pdf && !pdf) || (o->want_docx && (!docx || !p7s)))
        s = bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    if (pdf)
        set_add(&set, pdf, &r->pdf);
    if (docx)
        set_add(&set, docx, &r->docx);
    if (r->p7s.len)
        set_add(&set, p7s, &r->p7s);
    if (s == BC_OK)
        s = bc_file_write_set(set.paths, set.data, set.lens, set.n, err);
    /* An earlier signed render left a signature that no longer fits the new DOCX. */
    if (s == BC_OK && docx && !r->p7s.len)
        unlink(p7s);
    free(pdf);
    free(docx);
    free(p7s);
    free(base);
    return s;
}

/* Renders every requested format, and signs them when asked: all in memory, so that nothing is
 * written unless everything succeeded, and no unsigned file ever stands where a signed one was
 * asked for. */
static bc_status render_all(render_opts *o, const bc_doc *doc, const bc_signer *signer,
                            rendered *r, bc_err *err)
{
    bc_status s = BC_OK;
    char *fonts = bc_resource_dir("fonts");
    if (o->want_pdf) {
        bc_pdf_options po = {fonts};
        s = bc_pdf_render(doc, &po, &r->pdf, NULL, err);
    }
    if (s == BC_OK && o->want_pdf && signer) {
        bc_buf signed_pdf = BC_BUF_INIT;
        o->sa.pdf.signer = signer;
        o->sa.pdf.fonts_dir = fonts;
        s = bc_sign_pdf(&r->pdf, o->output, &o->sa.pdf, &signed_pdf, err);
        bc_buf_free(&r->pdf);
        r->pdf = signed_pdf;
    }
    if (s == BC_OK && o->want_docx)
        s = bc_docx_render(doc, &r->docx, err);
    if (s == BC_OK && o->want_docx && signer)
        s = bc_cms_sign_detached(signer, r->docx.data, r->docx.len, &r->p7s, err);
    if (s == BC_OK && o->want_docx && signer && o->sa.pdf.level >= BC_LEVEL_BT)
        s = bc_tsa_stamp_cms(o->sa.pdf.tsa, &r->p7s, err);
    free(fonts);
    return s;
}

int cmd_render(int argc, char **argv)
{
    render_opts o;
    bc_err err = BC_ERR_INIT;
    bc_arena arena = BC_ARENA_INIT;
    int rc = parse_args(argc, argv, &o, &arena, &err);
    if (rc != BC_CLI_GO_ON) {
        bc_arena_free(&arena);
        return err.n ? bc_cli_finish("render", &err) : rc;
    }
    bc_layout *layout = NULL;
    bc_data *data = NULL;
    bc_doc *doc = NULL;
    bc_signer signer = {0};
    rendered r = {BC_BUF_INIT, BC_BUF_INIT, BC_BUF_INIT};
    /* The certificate is checked first: a refused signer costs no rendering. */
    bc_status s = o.sign ? bc_sign_args_signer(&o.sa, &signer, &err) : BC_OK;
    if (s == BC_OK)
        s = bc_cli_load_layout(o.form, &layout, &err);
    if (s == BC_OK && o.data)
        s = bc_data_load(layout, o.data, &data, &err);
    if (s == BC_OK)
        s = bc_build(layout, data, &doc, &err);
    bc_err notes = BC_ERR_INIT;
    o.sa.pdf.notes = &notes;
    if (s == BC_OK)
        s = render_all(&o, doc, o.sign ? &signer : NULL, &r, &err);
    bc_cli_print_notes("render", &notes);
    if (s == BC_OK)
        s = write_outputs(&o, &r, &err);
    bc_buf_free(&r.pdf);
    bc_buf_free(&r.docx);
    bc_buf_free(&r.p7s);
    bc_signer_free(&signer);
    bc_sign_args_free(&o.sa);
    bc_doc_free(doc);
    bc_data_free(data);
    bc_layout_free(layout);
    bc_arena_free(&arena);
    return bc_cli_finish("render", &err);
}
