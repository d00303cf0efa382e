/* cmd_render.c — `baocao render`: data + form → PDF (and DOCX).
 *
 * The report is made by report/report.c: every requested format in memory first, then written
 * as one set only when all succeeded, so bad data or a failure leaves no output file at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signargs.h"
#include "report/report.h"

static const char USAGE[] =
    "Cách dùng: baocao render --form BIỂU_MẪU (--data TỆP.yaml | --blank) -o ĐẦU_RA\n"
    "                         [--format pdf[,docx]] [--sign …]\n\n"
    "Dựng báo cáo theo đúng biểu mẫu chính thức.\n\n";

static const char EXIT_CODES[] =
    "Mã thoát: 0 thành công, 2 dữ liệu/biểu mẫu/chứng thư/tham số sai (không ghi tệp nào),\n"
    "1 lỗi khác.\n";

typedef struct render_opts {
    const char *form, *data, *output;
    int blank, want_pdf, want_docx, sign, no_pdfa;
    bc_sign_args sa;
} render_opts;

/* Returns BC_CLI_GO_ON when the render should run, otherwise the exit code (help: 0). */
static int parse_args(int argc, char **argv, render_opts *o, bc_arena *arena, bc_err *err)
{
    memset(o, 0, sizeof *o);
    bc_formats fmt = {1, 0, 0};
    const bc_option opts[] = {
        {"form", 'f', "F", "id biểu mẫu (baocao forms) hoặc đường dẫn tệp bố cục .yaml", &o->form,
         NULL, 1},
        {"data", 'd', "F", "tệp dữ liệu YAML (hoặc CSV) của đơn vị", &o->data, NULL},
        {"blank", 0, NULL, "biểu mẫu trống, để in và điền tay", &o->blank, NULL},
        {"output", 'o', "ĐẦU_RA",
         "tệp đầu ra; với nhiều định dạng là tên gốc (out/bc → out/bc.pdf, out/bc.docx)",
         &o->output, NULL, 1},
        {"format", 0, "pdf[,docx]", "pdf (mặc định), docx, hoặc pdf,docx", &fmt, bc_opt_set_formats},
        {"no-pdfa", 0, NULL, "PDF thường, không theo PDF/A-2b (mặc định là PDF/A-2b)",
         &o->no_pdfa, NULL},
        {"sign", 0, NULL,
         "ký ngay khi dựng: PDF ký PAdES vào ô của --role, DOCX ký tách rời (.p7s);\n"
         "cần các tùy chọn ký dưới đây",
         &o->sign, NULL},
    };
    const bc_cli_spec spec = {"render", USAGE, EXIT_CODES,
                        {{NULL, opts, sizeof opts / sizeof *opts}},
                        1, NULL, NULL};
    int rc = bc_sign_args_parse(spec, &o->sa, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    o->want_pdf = fmt.pdf;
    o->want_docx = fmt.docx;
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

/* The pipeline is report/report.h's, shared with batch; this only names the files. */
static bc_status make_report(render_opts *o, const bc_layout *layout, const bc_data *data,
                             const bc_signer *signer, bc_err *err)
{
    bc_report_names names;
    bc_status s = bc_report_names_from_output(o->output, o->want_pdf, o->want_docx, &names, err);
    bc_report_opts ro = {.want_pdf = o->want_pdf, .want_docx = o->want_docx,
                         .plain_pdf = o->no_pdfa, .signer = signer,
                         .sign = &o->sa.pdf, .source = o->output};
    if (s == BC_OK)
        s = bc_report_make(layout, data, &ro, &names, NULL, err);
    bc_report_names_free(&names);
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
    bc_signer signer = {0};
    /* The certificate is checked first: a refused signer costs no rendering. */
    bc_status s = o.sign ? bc_sign_args_signer(&o.sa, &signer, &err) : BC_OK;
    bc_err notes = BC_ERR_INIT;
    o.sa.pdf.notes = &notes;
    if (s == BC_OK)
        s = bc_cli_load_layout(o.form, &layout, &err);
    if (s == BC_OK && o.data)
        s = bc_data_load(layout, o.data, &data, &err);
    if (s == BC_OK)
        s = make_report(&o, layout, data, o.sign ? &signer : NULL, &err);
    bc_cli_print_notes("render", &notes);
    bc_signer_free(&signer);
    bc_sign_args_free(&o.sa);
    bc_data_free(data);
    bc_layout_free(layout);
    bc_arena_free(&arena);
    return bc_cli_finish("render", &err);
}
