/* units.c — see units.h. */
#include "batch/units.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "batch/safename.h"
#include "form/csvunits.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/text.h"

/* A file name is bytes; the code it gives goes into manifest.json and messages, which are UTF-8:
 * a byte that is not valid UTF-8 (or a control character) becomes '?'. */
static void valid_text(char *s)
{
    size_t off, n = s ? strlen(s) : 0;
    while (s && bc_text_check_utf8(s, n, &off) != BC_TEXT_OK)
        s[off] = '?';
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const bc_unit *)a)->code, ((const bc_unit *)b)->code);
}

static int by_safe(const void *a, const void *b)
{
    return strcmp(((const bc_unit *)a)->safe, ((const bc_unit *)b)->safe);
}

/* Refuses two units whose bundles would share a folder ("A" and "a", "Đong" and "Dong" give the
 * same safe name, however far apart their codes sort), then sorts by code, so that runs are
 * reproducible. */
static bc_status sort_and_check(bc_unit *units, int n, bc_err *err)
{
    qsort(units, (size_t)n, sizeof *units, by_safe);
    bc_status s = BC_OK;
    for (int i = 1; i < n; i++)
        if (!strcmp(units[i].safe, units[i - 1].safe))
            s = bc_err_add(err, BC_BADINPUT, units[i].input, 0, 0,
                           "mã đơn vị \"%s\" trùng tên tệp \"%s\" với \"%s\"", units[i].code,
                           units[i].safe, units[i - 1].input);
    qsort(units, (size_t)n, sizeof *units, by_code);
    return s;
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
        size_t ext = bc_ends_with(name, ".yaml") ? 5 : bc_ends_with(name, ".yml") ? 4
                     : bc_ends_with_nocase(name, ".xlsx") ? 5 : 0;
        /* "~$555.xlsx" is the lock file Excel keeps beside a workbook it has open */
        if (!ext || name[0] == '.' || !strncmp(name, "~$", 2))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            bc_unit *v = realloc(*units, sizeof *v * (size_t)cap);
            if (!v) {
                s = bc_err_oom(err, dir);
                break;
            }
            *units = v;
        }
        bc_unit *u = &(*units)[(*n)++];
        memset(u, 0, sizeof *u);
        u->code = strndup(name, strlen(name) - ext);
        valid_text(u->code);
        size_t plen = strlen(dir) + strlen(name) + 2;
        u->input = malloc(plen);
        if (!u->code || !u->input) {
            s = bc_err_oom(err, dir);
            break;
        }
        size_t dlen = strlen(dir);
        while (dlen > 1 && dir[dlen - 1] == '/') /* "samples/batch/" + "555.yaml" */
            dlen--;
        snprintf(u->input, plen, "%.*s/%s", (int)dlen, dir, name);
        bc_safe_name(u->code, u->safe, sizeof u->safe);
        /* A file that cannot be read is that unit's failure, reported when it is processed,
         * not the run's: one unit never stops the others. */
        bc_sha256 h;
        bc_err ignored = BC_ERR_INIT;
        if (bc_sha256_file(u->input, &h, &ignored) == BC_OK)
            memcpy(u->input_sha256, h.hex, sizeof u->input_sha256);
        bc_err_free(&ignored);
    }
    closedir(d);
    if (s == BC_OK && *n == 0)
        s = bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không có tệp dữ liệu .yaml hoặc .xlsx nào");
    if (s == BC_OK)
        s = sort_and_check(*units, *n, err);
    if (s != BC_OK) {
        bc_units_free(*units, *n);
        *units = NULL;
        *n = 0;
    }
    return s;
}

int bc_units_is_table(const char *data)
{
    struct stat st;
    return bc_ends_with_nocase(data, ".csv") && !(stat(data, &st) == 0 && S_ISDIR(st.st_mode));
}

/* "units.csv:12": the row a unit comes from, as the manifest names its input. */
static char *row_input(const char *path, int line)
{
    size_t n = strlen(path) + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s:%d", path, line);
    return s;
}

bc_status bc_units_from_csv(const bc_layout *l, const char *units_csv, bc_unit **units, int *n,
                            bc_err *err)
{
    *units = NULL;
    *n = 0;
    bc_arena *a = calloc(1, sizeof *a);
    bc_unit *v = NULL;
    bc_csv_unit *cu = NULL;
    int count = 0;
    bc_status s = a ? bc_csv_units_load(l, units_csv, a, &cu, &count, err)
                    : bc_err_oom(err, units_csv);
    if (s == BC_OK && !(v = calloc((size_t)count, sizeof *v)))
        s = bc_err_oom(err, units_csv);
    if (s != BC_OK) {
        if (a)
            bc_arena_free(a);
        free(a);
        return s;
    }
    for (int i = 0; i < count; i++) {
        bc_unit *u = &v[i];
        u->trees = a;
        u->code = strdup(cu[i].code);
        u->name = cu[i].name ? strdup(cu[i].name) : NULL;
        u->input = row_input(units_csv, cu[i].line);
        u->tree = cu[i].tree;
        if (!u->code || !u->input || (cu[i].name && !u->name))
            s = bc_err_oom(err, units_csv);
        else
            bc_safe_name(u->code, u->safe, sizeof u->safe);
        memcpy(u->input_sha256, cu[i].sha256, sizeof u->input_sha256);
    }
    *units = v;
    *n = count;
    if (s == BC_OK)
        s = sort_and_check(v, count, err);
    if (s != BC_OK) {
        bc_units_free(v, count);
        *units = NULL;
        *n = 0;
    }
    return s;
}

void bc_units_digest(const bc_unit *units, int n, char *hex)
{
    bc_buf b = BC_BUF_INIT;
    for (int i = 0; i < n; i++)
        bc_buf_printf(&b, "%s\t%s\n", units[i].code, units[i].input_sha256);
    bc_sha256 h;
    bc_sha256_bytes(b.data ? b.data : "", b.len, &h);
    bc_buf_free(&b);
    memcpy(hex, h.hex, 65);
}

void bc_units_shard(bc_unit *units, int *n, const bc_shard *s)
{
    bc_arena *trees = *n > 0 ? units[0].trees : NULL;
    int kept = 0;
    for (int i = 0; i < *n; i++) {
        if (bc_shard_mine(s, units[i].code)) {
            units[kept++] = units[i];
            continue;
        }
        free(units[i].code);
        free(units[i].input);
        free(units[i].name);
    }
    if (kept == 0 && trees) { /* no unit left to hold the table's arena */
        bc_arena_free(trees);
        free(trees);
    }
    *n = kept;
}

void bc_units_free(bc_unit *units, int n)
{
    for (int i = 0; i < n; i++) {
        free(units[i].code);
        free(units[i].input);
        free(units[i].name);
    }
    if (n > 0 && units[0].trees) { /* one arena, shared by every unit of a table */
        bc_arena_free(units[0].trees);
        free(units[0].trees);
    }
    free(units);
}
