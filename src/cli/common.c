/* common.c — see common.h. */
#include "cli/common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pdf/pdfread.h"
#include "util/json.h"
#include "util/paths.h"

bc_status bc_cli_load_layout(const char *form_arg, bc_layout **out, bc_err *err)
{
    *out = NULL;
    if (!form_arg)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "thiếu --form (id biểu mẫu, xem `baocao forms`, hoặc đường dẫn tệp .yaml)");
    char *dir = bc_resource_dir("layouts"), *path = NULL;
    bc_status s = bc_layout_resolve(form_arg, dir, &path, err);
    free(dir);
    if (s == BC_OK)
        s = bc_layout_load(path, out, err);
    free(path);
    return s;
}

int bc_cli_finish(const char *prog, bc_err *err)
{
    fflush(stdout);
    for (size_t i = 0; i < err->n && i < BC_ERR_SHOWN; i++) {
        if (!err->items[i].file)
            fprintf(stderr, "baocao %s: ", prog);
        bc_diag_print(&err->items[i], stderr);
    }
    char more[96];
    if (bc_err_more(err, more, sizeof more))
        fprintf(stderr, "baocao %s: %s\n", prog, more);
    int code = (int)err->status;
    bc_err_free(err);
    return code;
}

void bc_cli_print_notes(const char *prog, bc_err *notes)
{
    for (size_t i = 0; i < notes->n; i++)
        fprintf(stderr, "baocao %s: chú ý: %s\n", prog, notes->items[i].msg);
    bc_err_free(notes);
}

void bc_cli_diags_json(bc_buf *b, const bc_err *err)
{
    bc_buf_puts(b, "[");
    for (size_t i = 0; i < err->n; i++) {
        const bc_diag *d = &err->items[i];
        bc_buf_puts(b, i ? ",{\"file\":" : "{\"file\":");
        bc_json_str(b, d->file);
        bc_buf_printf(b, ",\"line\":%d,\"column\":%d,\"message\":", d->line, d->col);
        bc_json_str(b, d->msg);
        bc_buf_puts(b, "}");
    }
    bc_buf_puts(b, "]");
}

int bc_cli_finish_json(const char *prog, bc_err *err, const char *extra)
{
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"command\":");
    bc_json_str(&b, prog);
    bc_buf_printf(&b, ",\"ok\":%s,", err->status == BC_OK ? "true" : "false");
    if (extra && *extra)
        bc_buf_printf(&b, "%s,", extra);
    bc_buf_puts(&b, "\"errors\":");
    bc_cli_diags_json(&b, err);
    bc_buf_puts(&b, "}\n");
    if (b.data)
        fwrite(b.data, 1, b.len, stdout);
    bc_buf_free(&b);
    fflush(stdout);
    int code = (int)err->status;
    bc_err_free(err);
    return code;
}

bc_status bc_cli_check_size(const char *prog, const char *path, bc_err *err)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        (unsigned long long)sb.st_size > BC_PDF_MAX_FILE_BYTES)
        return bc_err_add(err, BC_BADINPUT, path, 0, 0,
                          "tệp dài %lld byte, vượt giới hạn %zu MiB mà baocao %s nhận "
                          "(BC_PDF_MAX_FILE_BYTES)", (long long)sb.st_size,
                          BC_PDF_MAX_FILE_BYTES >> 20, prog);
    return BC_OK;
}
