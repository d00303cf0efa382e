/* xlsxout.c — see xlsxout.h. */
#include "util/xlsxout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/text.h"

bc_status bc_xlsxout_open(bc_xlsxout *o, const char *path, bc_err *err)
{
    static unsigned seq;
    o->path = path;
    o->wb = NULL;
    o->tmp = bc_strfmt("%s.tmp-%ld-%u", path, (long)getpid(), __atomic_fetch_add(&seq, 1, 0));
    if (!o->tmp)
        return bc_err_oom(err, path);
    lxw_workbook_options opts = {0};
    o->wb = workbook_new_opt(o->tmp, &opts);
    if (!o->wb) {
        free(o->tmp);
        o->tmp = NULL;
        return bc_err_add(err, BC_FAIL, path, 0, 0, "không tạo được sổ tính");
    }
    return BC_OK;
}

bc_status bc_xlsxout_close(bc_xlsxout *o, bc_status st, bc_err *err)
{
    if (!o->wb)
        return st;
    lxw_error e = workbook_close(o->wb);
    o->wb = NULL;
    if (st == BC_OK && e != LXW_NO_ERROR)
        st = bc_err_add(err, BC_FAIL, o->path, 0, 0, "không ghi được sổ tính: %s", lxw_strerror(e));
    int fd = st == BC_OK ? open(o->tmp, O_RDONLY) : -1;
    if (fd >= 0) { /* on disk before it takes the final name, as util/fileio does */
        fsync(fd);
        close(fd);
    }
    if (st == BC_OK && rename(o->tmp, o->path) != 0)
        st = bc_err_add(err, BC_FAIL, o->path, 0, 0, "không ghi được tệp: %s", strerror(errno));
    if (st != BC_OK)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return st;
}
