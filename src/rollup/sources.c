/* sources.c — see sources.h. */
#include "rollup/sources.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch/units.h"
#include "form/csv.h"
#include "form/xlsx.h"
#include "form/xlsxmap.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/text.h"

#define ERROR_LINES 3 /* messages kept per failed unit */

static char *first_messages(const bc_err *e)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = 0; i < e->n && i < ERROR_LINES; i++) {
        const bc_diag *d = &e->items[i];
        bc_buf_printf(&b, "%s%s%s%s", i ? "\n" : "", d->file ? d->file : "", d->file ? ": " : "",
                      d->msg ? d->msg : "");
    }
    if (bc_err_count(e) > ERROR_LINES)
        bc_buf_printf(&b, "\n… và %zu lỗi khác", bc_err_count(e) - ERROR_LINES);
    return b.data ? b.data : strdup("không đọc được");
}

/* The form a workbook's template was made for ("" when it does not say). */
static char *workbook_form(const char *path)
{
    bc_xbook *b = NULL;
    bc_err ignored = BC_ERR_INIT;
    char *id = NULL;
    if (bc_xlsx_load(path, &b, &ignored) == BC_OK) {
        const bc_xsheet *meta = bc_xbook_sheet(b, BC_XLSX_META);
        const bc_xcell *c = meta ? bc_xsheet_cell(meta, 1, 2) : NULL;
        id = strdup(c && c->kind == BC_XC_TEXT ? c->text : "");
    }
    bc_xlsx_free(b);
    bc_err_free(&ignored);
    return id;
}

static bc_status load_unit(const bc_layout *from, bc_runit *u, const bc_ynode *tree, bc_err *err)
{
    if (bc_ends_with_nocase(u->input, ".xlsx")) {
        char *id = workbook_form(u->input);
        int other = id && *id && strcmp(id, from->id);
        bc_status st = other ? bc_err_add(err, BC_BADINPUT, u->input, 0, 0, "sổ tính là mẫu của "
                                          "biểu mẫu \"%s\", không phải \"%s\": không tổng hợp lẫn "
                                          "hai biểu mẫu", id, from->id)
                             : BC_OK;
        free(id);
        if (st != BC_OK)
            return st;
    }
    bc_err e = BC_ERR_INIT;
    bc_status st = tree ? bc_data_load_tree(from, tree->file, tree, &u->data, &e)
                        : bc_data_load(from, u->input, &u->data, &e);
    if (st != BC_OK)
        u->error = first_messages(&e);
    bc_err_free(&e);
    return BC_OK;
}

static int data_file(const char *name)
{
    return name[0] != '.' && strncmp(name, "~$", 2) &&
           (bc_ends_with(name, ".yaml") || bc_ends_with(name, ".yml") ||
            bc_ends_with_nocase(name, ".csv") || bc_ends_with_nocase(name, ".xlsx"));
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const bc_runit *)a)->code, ((const bc_runit *)b)->code);
}

static bc_status from_folder(const bc_layout *from, const char *dir, bc_runit **units, size_t *n,
                             bc_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không mở được thư mục dữ liệu");
    size_t cap = 0;
    bc_status st = BC_OK;
    for (struct dirent *de; st == BC_OK && (de = readdir(d));) {
        if (!data_file(de->d_name))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            bc_runit *w = realloc(*units, cap * sizeof *w);
            if (!w) {
                st = bc_err_oom(err, dir);
                break;
            }
            *units = w;
        }
        bc_runit *u = &(*units)[(*n)++];
        memset(u, 0, sizeof *u);
        u->code = strndup(de->d_name, strrchr(de->d_name, '.') - de->d_name);
        u->input = bc_strfmt("%s/%s", dir, de->d_name);
        st = u->code && u->input ? BC_OK : bc_err_oom(err, dir);
    }
    closedir(d);
    if (st == BC_OK && *n == 0)
        st = bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không có tệp dữ liệu nào (.yaml, .csv, "
                        ".xlsx)");
    if (*n > 1)
        qsort(*units, *n, sizeof **units, by_code);
    for (size_t i = 0; st == BC_OK && i < *n; i++)
        st = load_unit(from, &(*units)[i], NULL, err);
    return st;
}

/* ---- a batch's output folder ---- */

/* The value of "form" in manifest.json (its first member, as batch/manifest.c writes it). */
static char *manifest_form(const char *dir, bc_err *err)
{
    char *path = bc_strfmt("%s/manifest.json", dir), *data = NULL, *id = NULL;
    size_t len;
    if (path && bc_file_read_max(path, 256u << 20, &data, &len, err) == BC_OK) {
        const char *p = strstr(data, "\"form\": \"");
        if (p) {
            p += 9;
            id = strndup(p, strcspn(p, "\""));
        }
    }
    free(path);
    free(data);
    return id;
}

typedef struct mcols {
    int code, input, status, error;
} mcols;

static const char *cell(bc_ynode **cells, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? cells[i]->str : "";
}

/* A unit of a units table ("units.csv:12"): its tree, from the table (loaded once). NULL, with
 * *why set, when there is none. */
static const bc_ynode *table_tree(const bc_layout *from, bc_rsources *S, const char *input,
                                  const char *code, const char **why)
{
    const char *colon = strrchr(input, ':');
    size_t plen = colon ? (size_t)(colon - input) : 0;
    *why = NULL;
    if (plen < 5 || strncasecmp(input + plen - 4, ".csv", 4))
        return NULL;
    if (!S->table_path) {
        bc_err e = BC_ERR_INIT;
        S->table_path = strndup(input, plen);
        if (S->table_path)
            bc_units_from_csv(from, S->table_path, &S->table, &S->ntable, &e);
        bc_err_free(&e);
    }
    if (!S->table_path || strncmp(S->table_path, input, plen) || S->table_path[plen]) {
        *why = "dữ liệu ở một bảng đơn vị khác với các đơn vị trước (mỗi lần tổng hợp một bảng)";
        return NULL;
    }
    for (int i = 0; i < S->ntable; i++)
        if (!strcmp(S->table[i].code, code))
            return S->table[i].tree;
    *why = "không đọc được dòng của đơn vị trong bảng đơn vị";
    return NULL;
}

static void manifest_columns(bc_ynode **h, size_t n, mcols *c)
{
    *c = (mcols){-1, -1, -1, -1};
    for (size_t i = 0; i < n; i++) {
        const char *k = h[i]->str;
        int *slot = !strcmp(k, "code") ? &c->code : !strcmp(k, "input") ? &c->input
                    : !strcmp(k, "status") ? &c->status : !strcmp(k, "error") ? &c->error : NULL;
        if (slot)
            *slot = (int)i;
    }
}

static bc_status manifest_unit(const bc_layout *from, bc_rsources *S, bc_ynode **cells, size_t nc,
                               const mcols *c, bc_err *err)
{
    bc_runit *u = &S->units[S->n++];
    memset(u, 0, sizeof *u);
    u->code = strdup(cell(cells, nc, c->code));
    u->input = strdup(cell(cells, nc, c->input));
    if (!u->code || !u->input)
        return bc_err_oom(err, NULL);
    if (strcmp(cell(cells, nc, c->status), "ok")) {
        const char *e = cell(cells, nc, c->error);
        u->error = strdup(*e ? e : "đơn vị không làm xong trong lần chạy batch");
        return BC_OK;
    }
    const char *why = NULL;
    const bc_ynode *tree = table_tree(from, S, u->input, u->code, &why);
    if (why) {
        u->error = strdup(why);
        return BC_OK;
    }
    return load_unit(from, u, tree, err);
}

static bc_status from_manifest(const bc_layout *from, const char *dir, const char *manifest,
                               bc_rsources *S, bc_err *err)
{
    char *form = manifest_form(dir, err);
    if (form && strcmp(form, from->id)) {
        bc_status st = bc_err_add(err, BC_BADINPUT, manifest, 0, 0, "đây là kết quả batch của "
                                  "biểu mẫu \"%s\", bản đồ tổng hợp từ \"%s\": không tổng hợp lẫn "
                                  "hai biểu mẫu", form, from->id);
        free(form);
        return st;
    }
    free(form);
    char *data;
    size_t len;
    bc_status st = bc_file_read_max(manifest, BC_CSV_MAX_BYTES, &data, &len, err);
    if (st != BC_OK)
        return st;
    bc_arena a = BC_ARENA_INIT;
    bc_csv_reader r;
    bc_ynode **cells;
    size_t nc, cap = 0;
    mcols c;
    if (!bc_csv_begin(&r, manifest, data, len) || bc_csv_next_row(&a, &r, &cells, &nc) != 1)
        st = bc_err_add(err, BC_BADINPUT, manifest, 0, 0, "manifest.csv rỗng");
    else
        manifest_columns(cells, nc, &c);
    while (st == BC_OK && bc_csv_next_row(&a, &r, &cells, &nc) == 1) {
        if (S->n == cap) {
            cap = cap ? 2 * cap : 64;
            bc_runit *w = realloc(S->units, cap * sizeof *w);
            if (!w) {
                st = bc_err_oom(err, manifest);
                break;
            }
            S->units = w;
        }
        st = manifest_unit(from, S, cells, nc, &c, err);
    }
    bc_arena_free(&a);
    free(data);
    if (S->n > 1)
        qsort(S->units, S->n, sizeof *S->units, by_code);
    return st;
}

bc_status bc_rollup_sources(const bc_layout *from, const char *dir, bc_rsources *S, bc_err *err)
{
    memset(S, 0, sizeof *S);
    char *manifest = bc_strfmt("%s/manifest.csv", dir);
    if (!manifest)
        return bc_err_oom(err, dir);
    struct stat st;
    bc_status s = stat(manifest, &st) == 0 ? from_manifest(from, dir, manifest, S, err)
                                           : from_folder(from, dir, &S->units, &S->n, err);
    free(manifest);
    return s;
}

void bc_rollup_sources_free(bc_rsources *S)
{
    for (size_t i = 0; i < S->n; i++) {
        bc_data_free(S->units[i].data);
        free(S->units[i].code);
        free(S->units[i].input);
        free(S->units[i].error);
    }
    free(S->units);
    bc_units_free(S->table, S->ntable);
    free(S->table_path);
    memset(S, 0, sizeof *S);
}
