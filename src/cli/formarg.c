/* formarg.c — see formarg.h. */
#include "cli/formarg.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/paths.h"

int bc_cli_load_layout(const char *cmd, const char *form, bc_layout **out)
{
    bc_err err = BC_ERR_INIT;
    char *dir = bc_resource_dir("layouts");
    char *path = NULL;
    *out = NULL;
    bc_status st = dir ? bc_layout_resolve(form, dir, &path, &err) : BC_FAIL;
    if (st == BC_OK)
        st = bc_layout_load(path, out, &err);
    if (st != BC_OK) {
        fprintf(stderr, "baocao %s: biểu mẫu \"%s\" có lỗi:\n", cmd, form);
        bc_err_print(&err, stderr);
    }
    bc_err_free(&err);
    free(path);
    free(dir);
    return st == BC_OK ? 0 : st == BC_BADINPUT ? 2 : 1;
}

int bc_cli_usage_error(const char *cmd, const char *message)
{
    fprintf(stderr, "baocao %s: %s\n(baocao %s --help để xem cách dùng)\n", cmd, message, cmd);
    return 2;
}
