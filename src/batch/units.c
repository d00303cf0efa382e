/* units.c — see units.h. */
#include "batch/units.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/safename.h"
#include "util/hash.h"

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n > k && !strcmp(s + n - k, suf);
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const bc_unit *)a)->code, ((const bc_unit *)b)->code);
}

bc_status bc_units_from_dir(const char *dir, bc_unit **units, int *n, bc_err *err)
{
    *units = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không mở được thư mục dữ liệu");
    int cap = 0;
    bc_status s = BC_OK;
    for (struct dirent *de; s == BC_OK && (de = readdir(d));) {
        const char *name = de->d_name;
        size_t ext = has_suffix(name, ".yaml") ? 5 : has_suffix(name, ".yml") ? 4 : 0;
        if (!ext || name[0] == '.')
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            bc_unit *v = realloc(*units, sizeof *v * (size_t)cap);
            if (!v) {
                s = bc_err_add(err, BC_FAIL, dir, 0, 0, "hết bộ nhớ");
                break;
            }
            *units = v;
        }
        bc_unit *u = &(*units)[(*n)++];
        memset(u, 0, sizeof *u);
        u->code = strndup(name, strlen(name) - ext);
        size_t plen = strlen(dir) + strlen(name) + 2;
        u->input = malloc(plen);
        if (!u->code || !u->input) {
            s = bc_err_add(err, BC_FAIL, dir, 0, 0, "hết bộ nhớ");
            break;
        }
        snprintf(u->input, plen, "%s/%s", dir, name);
        bc_safe_name(u->code, u->safe, sizeof u->safe);
        bc_sha256 h;
        s = bc_sha256_file(u->input, &h, err);
        memcpy(u->input_sha256, h.hex, sizeof u->input_sha256);
    }
    closedir(d);
    if (s == BC_OK && *n == 0)
        s = bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không có tệp dữ liệu .yaml nào");
    if (s == BC_OK) {
        qsort(*units, (size_t)*n, sizeof **units, by_code);
        for (int i = 1; i < *n; i++)
            if (!strcmp((*units)[i].safe, (*units)[i - 1].safe))
                s = bc_err_add(err, BC_BADINPUT, (*units)[i].input, 0, 0,
                               "mã đơn vị \"%s\" trùng tên tệp \"%s\" với \"%s\"", (*units)[i].code,
                               (*units)[i].safe, (*units)[i - 1].input);
    }
    if (s != BC_OK) {
        bc_units_free(*units, *n);
        *units = NULL;
        *n = 0;
    }
    return s;
}

void bc_units_free(bc_unit *units, int n)
{
    for (int i = 0; i < n; i++) {
        free(units[i].code);
        free(units[i].input);
    }
    free(units);
}
