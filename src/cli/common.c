/* common.c — see common.h. */
#include "cli/common.h"

#include <stdlib.h>
#include <string.h>

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

int bc_cli_usage_error(const char *prog, const char *msg)
{
    fprintf(stderr, "baocao %s: %s (xem baocao %s --help)\n", prog, msg, prog);
    return BC_BADINPUT;
}

int bc_cli_parse_formats(const char *s, int *pdf, int *docx)
{
    *pdf = *docx = 0;
    char *copy = strdup(s), *save = NULL;
    int ok = copy != NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
        if (!strcmp(t, "pdf"))
            *pdf = 1;
        else if (!strcmp(t, "docx"))
            *docx = 1;
        else
            ok = 0;
    }
    free(copy);
    return ok && (*pdf || *docx);
}
