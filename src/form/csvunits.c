/* csvunits.c — see csvunits.h. */
#include "form/csvunits.h"

#include "form/data_check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form/csv.h"
#include "form/data.h"
#include "form/layout.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/hash.h"
#include "util/encoding.h"
#include "util/strmap.h"
#include "util/text.h"

typedef struct trow {
    bc_ynode **cells;
    size_t n;
} trow;

/* One CSV table, read whole. */
typedef struct table {
    const char *path;
    bc_ynode **head;
    size_t nhead;
    trow *rows;
    size_t nrows;
    int code_col, name_col; /* -1 when absent */
} table;

static bc_status no_memory(const char *path, bc_err *err)
{
    return bc_err_oom(err, path);
}

/* Bad bytes are refused for the whole table rather than blamed on a unit: a table that is not
 * UTF-8 was saved in another encoding, and then every cell is suspect. */
static bc_status scrub(bc_arena *a, const char *path, char *raw, size_t len, bc_err *err)
{
    return bc_yaml_scrub_report(a, path, raw, len, "; hãy lưu tệp CSV dạng UTF-8", err);
}

static bc_status row_error(const char *path, int got, const bc_csv_reader *r, bc_err *err)
{
    if (got == -2)
        return bc_err_add(err, BC_BADINPUT, path, r->line, 1, "dòng có quá nhiều ô (tối đa %d cột)",
                          BC_CSV_MAX_COLUMNS);
    return no_memory(path, err);
}

static bc_status parse_rows(bc_arena *a, table *t, char *raw, size_t len, bc_err *err)
{
    bc_csv_reader r;
    if (!bc_csv_begin(&r, t->path, raw, len))
        return bc_err_add(err, BC_BADINPUT, t->path, 0, 0,
                          "tệp rỗng: không có dòng tiêu đề CSV nào");
    int got = bc_csv_next_row(a, &r, &t->head, &t->nhead);
    if (got < 0)
        return row_error(t->path, got, &r, err);
    if (got == 0) /* cannot happen after bc_csv_begin; the checks below need a header */
        return bc_err_add(err, BC_BADINPUT, t->path, 0, 0, "tệp rỗng: không có dòng tiêu đề CSV nào");
    size_t cap = 0;
    for (;;) {
        bc_ynode **cells;
        size_t n;
        got = bc_csv_next_row(a, &r, &cells, &n);
        if (got == 0)
            return BC_OK;
        if (got < 0)
            return row_error(t->path, got, &r, err);
        if (t->nrows == BC_CSV_MAX_ROWS)
            return bc_err_add(err, BC_BADINPUT, t->path, cells[0]->line, 1,
                              "bảng có quá nhiều dòng (tối đa %d)", BC_CSV_MAX_ROWS);
        if (t->nrows == cap) {
            cap = cap ? 2 * cap : 64;
            trow *v = BC_NEW_N(a, trow, cap); /* the arena keeps the old array; rows are few */
            if (!v)
                return no_memory(t->path, err);
            if (t->nrows)
                memcpy(v, t->rows, t->nrows * sizeof *v);
            t->rows = v;
        }
        t->rows[t->nrows++] = (trow){cells, n};
    }
}

/* Header checks shared by both kinds of table: keys unique, the code column present. */
static bc_status check_header(table *t, bc_err *err)
{
    bc_status st = BC_OK;
    t->code_col = t->name_col = -1;
    bc_strmap seen = BC_STRMAP_INIT; /* a hash, not a scan per key: headers may be wide */
    for (size_t i = 0; i < t->nhead; i++) {
        const char *k = t->head[i]->str;
        if (!*k)
            continue; /* an unnamed column (a spreadsheet's trailing separator) holds nothing */
        size_t j;
        int added = bc_strmap_add(&seen, k, i, &j);
        if (added < 0) {
            bc_strmap_free(&seen);
            return no_memory(t->path, err);
        }
        if (!added) {
            char first[8];
            dc_column_name(t->head[j]->cell, first);
            st = bc_err_add(err, BC_BADINPUT, t->path, t->head[i]->line, t->head[i]->cell,
                            "khóa \"%s\" lặp lại (đã có ở cột %s)", k, first);
        }
        if (!strcmp(k, BC_UNIT_CODE_COLUMN))
            t->code_col = (int)i;
        else if (!strcmp(k, BC_UNIT_NAME_COLUMN))
            t->name_col = (int)i;
    }
    bc_strmap_free(&seen);
    if (t->code_col < 0)
        st = bc_err_add(err, BC_BADINPUT, t->path, t->head[0]->line, 1,
                        "thiếu cột \"%s\" (mã đơn vị) trong dòng tiêu đề", BC_UNIT_CODE_COLUMN);
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].n > t->nhead) {
            const bc_ynode *c = t->rows[r].cells[t->nhead];
            st = bc_err_add(err, BC_BADINPUT, t->path, c->line, c->cell,
                            "dòng có %zu ô, dòng tiêu đề chỉ có %zu khóa", t->rows[r].n, t->nhead);
        }
    return st;
}

static bc_status read_table(bc_arena *a, const char *path, table *t, bc_err *err)
{
    memset(t, 0, sizeof *t);
    t->code_col = t->name_col = -1;
    t->path = bc_arena_strdup(a, path);
    if (!t->path)
        return no_memory(path, err);
    char *raw;
    size_t len;
    bc_status st = bc_file_read_max(path, BC_CSV_MAX_BYTES, &raw, &len, err);
    if (st != BC_OK)
        return st;
    st = bc_encoding_to_utf8(t->path, "CSV", &raw, &len, err);
    if (st == BC_OK)
        st = scrub(a, t->path, raw, len, err);
    if (st == BC_OK)
        st = parse_rows(a, t, raw, len, err);
    free(raw);
    if (st == BC_OK)
        st = check_header(t, err);
    return st;
}

/* The cell of column `c` in row `r`, NULL when the row is short. */
static const bc_ynode *cell(const table *t, size_t r, int c)
{
    return c >= 0 && (size_t)c < t->rows[r].n ? t->rows[r].cells[c] : NULL;
}

static bc_ynode *new_node(bc_arena *a, bc_ynode_kind kind, const char *file, int line, size_t cap)
{
    bc_ynode *n = BC_NEW(a, bc_ynode);
    if (!n)
        return NULL;
    n->kind = kind;
    n->file = file;
    n->line = n->end_line = line;
    n->col = n->end_col = 1;
    if (cap && !(n->items = BC_NEW_N(a, bc_ynode *, cap)))
        return NULL;
    return n;
}

/* A row as a MAP of its header's keys to its cells, leaving out the columns that name the unit
 * unless the form itself has such a field (`keep` says which columns to keep). */
static bc_ynode *row_map(bc_arena *a, const table *t, size_t r, const char *keep)
{
    bc_ynode *m = new_node(a, BC_Y_MAP, t->path, t->rows[r].cells[0]->line, 2 * t->nhead);
    if (!m)
        return NULL;
    for (size_t i = 0; i < t->nhead && i < t->rows[r].n; i++) {
        if (!keep[i])
            continue;
        m->items[2 * m->n] = t->head[i];
        m->items[2 * m->n + 1] = t->rows[r].cells[i];
        m->n++;
    }
    return m;
}

/* Which columns of `t` belong in the tree: the named ones, except the unit's code and name when
 * the form has no field (units table) or the list no column (list table, `list` set) of that
 * key. The code and name say whose data a row is, not what the form reports; the name may be
 * repeated in a list table only to make it readable. */
static char *columns_kept(bc_arena *a, const table *t, const bc_layout *l, const bc_field *list)
{
    char *keep = BC_NEW_N(a, char, t->nhead + 1);
    for (size_t i = 0; keep && i < t->nhead; i++) {
        const char *k = t->head[i]->str;
        int is_field = list ? bc_field_column(list, k) != NULL : bc_layout_find(l, k) != NULL;
        if (!*k)
            keep[i] = 0;
        else if ((int)i == t->code_col)
            keep[i] = !list && is_field; /* in a list table it only says whose row it is */
        else if ((int)i == t->name_col)
            keep[i] = is_field;
        else
            keep[i] = 1;
    }
    return keep;
}

/* A header key that is neither a field (`list` NULL) or a column of `list`, nor the unit's code or
 * name. Told here, once, rather than by the checker once per unit and row: a typo in a header
 * would fail every unit with the same message. */
static bc_status unknown_columns(const table *t, const bc_layout *l, const bc_field *list,
                                 bc_err *err)
{
    bc_status st = BC_OK;
    size_t unknown = 0;
    for (size_t i = 0; i < t->nhead; i++) {
        const bc_ynode *k = t->head[i];
        if (!*k->str || (int)i == t->code_col || (int)i == t->name_col ||
            (list ? bc_field_column(list, k->str) : bc_layout_find(l, k->str)))
            continue;
        /* A suggestion costs a search through the form: only the first few get one. */
        const char *near = ++unknown > BC_DATA_SUGGEST ? NULL
                           : list ? bc_data_nearest_key(list->columns, list->ncolumns, k->str)
                                  : bc_data_nearest_key(l->fields, l->nfields, k->str);
        const char *where = list ? list->where : "";
        char cname[8];
        dc_column_name(k->cell, cname);
        st = bc_err_add(err, BC_BADINPUT, t->path, k->line, k->cell,
                        "cột %s: %s%skhóa không có trong biểu mẫu: \"%s\"%s%s%s", cname, where,
                        *where ? ": " : "", k->str, near ? " (có phải \"" : "", near ? near : "",
                        near ? "\"?)" : "");
    }
    if (unknown > BC_DATA_SUGGEST)
        bc_err_add(err, BC_BADINPUT, t->path, t->head[0]->line, 1,
                   "có %zu cột không có trong biểu mẫu; chỉ %d cột đầu được gợi ý tên gần đúng",
                   unknown, BC_DATA_SUGGEST);
    return st;
}

/* ---- the units table ---- */

typedef struct loader {
    const bc_layout *l;
    bc_arena *a;
    bc_err *err;
    table units;
    bc_csv_unit *out;
    bc_ynode **roots;  /* per unit, its MAP (being filled) */
    int *by_code;      /* unit numbers sorted by code, for finding a list row's unit */
    int n;
    int ready;         /* the units are made: list rows can be attached */
} loader;

/* Unit numbers by their units' codes. qsort would need the units in a global (qsort_r is neither
 * C11 nor POSIX), so a small merge sort, stable, so that a code given twice is found next to its
 * first appearance. */
static void sort_by_code(int *v, int *tmp, int n, const bc_csv_unit *u)
{
    if (n < 2)
        return;
    int h = n / 2;
    sort_by_code(v, tmp, h, u);
    sort_by_code(v + h, tmp, n - h, u);
    int i = 0, j = h, k = 0;
    while (i < h || j < n)
        tmp[k++] = j >= n || (i < h && strcmp(u[v[i]].code, u[v[j]].code) <= 0) ? v[i++] : v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

static int find_code(const loader *L, const char *code)
{
    int lo = 0, hi = L->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(L->out[L->by_code[mid]].code, code);
        if (!c)
            return L->by_code[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static size_t count_lists(const bc_layout *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->nfields; i++)
        n += l->fields[i].type == BC_FT_LIST;
    return n;
}

static bc_status load_units(loader *L, const char *path)
{
    table *t = &L->units;
    bc_status st = read_table(L->a, path, t, L->err);
    if (!t->head)
        return st; /* not even a header: nothing more to tell */
    if (unknown_columns(t, L->l, NULL, L->err) != BC_OK)
        st = BC_BADINPUT;
    for (size_t i = 0; i < t->nhead; i++) {
        const bc_field *f = bc_layout_find(L->l, t->head[i]->str);
        if (f && f->type == BC_FT_LIST)
            st = bc_err_add(L->err, BC_BADINPUT, t->path, t->head[i]->line, t->head[i]->cell,
                            "cột \"%s\" là một danh sách: các dòng của nó ghi trong tệp %s.csv "
                            "cùng thư mục, mỗi dòng kèm cột %s",
                            f->key, f->key, BC_UNIT_CODE_COLUMN);
    }
    if (t->nrows == 0)
        return bc_err_add(L->err, BC_BADINPUT, t->path, t->head[0]->line, 0,
                          "bảng đơn vị chỉ có dòng tiêu đề, chưa có đơn vị nào");
    if (t->code_col < 0 || st == BC_FAIL)
        return st;
    /* The units are made even when the header has problems, so that the list tables are
     * checked too and every problem is told in one run. */
    L->n = (int)t->nrows;
    L->out = BC_NEW_N(L->a, bc_csv_unit, t->nrows);
    L->roots = BC_NEW_N(L->a, bc_ynode *, t->nrows);
    L->by_code = BC_NEW_N(L->a, int, t->nrows);
    int *tmp = BC_NEW_N(L->a, int, t->nrows);
    char *keep = columns_kept(L->a, t, L->l, NULL);
    if (!L->out || !L->roots || !L->by_code || !tmp || !keep)
        return no_memory(path, L->err);
    size_t nlists = count_lists(L->l);
    for (int r = 0; r < L->n; r++) {
        bc_csv_unit *u = &L->out[r];
        const bc_ynode *code = cell(t, (size_t)r, t->code_col), *name = cell(t, (size_t)r, t->name_col);
        u->line = t->rows[r].cells[0]->line;
        u->code = code ? bc_text_nfc(L->a, code->str) : "";
        u->name = name && *name->str ? bc_text_nfc(L->a, name->str) : NULL;
        if (!*u->code)
            st = bc_err_add(L->err, BC_BADINPUT, t->path, u->line, code ? code->cell : 0,
                            "thiếu mã đơn vị (cột \"%s\")", BC_UNIT_CODE_COLUMN);
        bc_ynode *m = row_map(L->a, t, (size_t)r, keep);
        bc_ynode **items = m ? BC_NEW_N(L->a, bc_ynode *, 2 * (m->n + nlists) + 1) : NULL;
        if (!items)
            return no_memory(path, L->err);
        memcpy(items, m->items, 2 * m->n * sizeof *items);
        m->items = items; /* room for the lists */
        L->roots[r] = m;
        u->tree = m;
        L->by_code[r] = r;
    }
    sort_by_code(L->by_code, tmp, L->n, L->out);
    for (int i = 1; i < L->n; i++) {
        const bc_csv_unit *a = &L->out[L->by_code[i - 1]], *b = &L->out[L->by_code[i]];
        if (*b->code && !strcmp(a->code, b->code)) {
            const bc_csv_unit *later = a->line > b->line ? a : b, *first = later == a ? b : a;
            st = bc_err_add(L->err, BC_BADINPUT, t->path, later->line,
                            cell(t, (size_t)(later - L->out), t->code_col)->cell,
                            "mã đơn vị \"%s\" lặp lại (đã có ở dòng %d)", later->code,
                            first->line);
        }
    }
    L->ready = 1;
    return st;
}

/* ---- list tables ---- */

static char *list_path(bc_arena *a, const char *units_csv, const char *key)
{
    const char *slash = strrchr(units_csv, '/');
    if (!slash)
        return bc_arena_printf(a, "%s.csv", key);
    return bc_arena_printf(a, "%.*s/%s.csv", (int)(slash - units_csv), units_csv, key);
}

/* Attaches the rows of list table `t` (for list field `f`) to their units, in file order. */
static bc_status attach_list(loader *L, const bc_field *f, const table *t)
{
    bc_status st = BC_OK;
    int *owner = BC_NEW_N(L->a, int, t->nrows + 1), *count = BC_NEW_N(L->a, int, L->n);
    char *keep = columns_kept(L->a, t, L->l, f);
    if (!owner || !count || !keep)
        return no_memory(t->path, L->err);
    for (size_t r = 0; r < t->nrows; r++) {
        const bc_ynode *code = cell(t, r, t->code_col);
        const char *c = code ? bc_text_nfc(L->a, code->str) : "";
        owner[r] = *c ? find_code(L, c) : -1;
        if (owner[r] >= 0)
            count[owner[r]]++;
        else if (!*c)
            st = bc_err_add(L->err, BC_BADINPUT, t->path, t->rows[r].cells[0]->line,
                            code ? code->cell : 0, "thiếu mã đơn vị (cột \"%s\")",
                            BC_UNIT_CODE_COLUMN);
        else
            st = bc_err_add(L->err, BC_BADINPUT, t->path, code->line, code->cell,
                            "mã đơn vị \"%s\" không có trong bảng đơn vị %s", c, L->units.path);
    }
    if (st != BC_OK)
        return st;
    bc_ynode *key = new_node(L->a, BC_Y_SCALAR, t->path, t->head[0]->line, 0);
    bc_ynode **seqs = BC_NEW_N(L->a, bc_ynode *, L->n);
    if (!key || !seqs)
        return no_memory(t->path, L->err);
    key->str = f->key;
    key->plain = 1;
    for (size_t r = 0; r < t->nrows; r++) {
        int u = owner[r];
        if (!seqs[u]) {
            seqs[u] = new_node(L->a, BC_Y_SEQ, t->path, t->rows[r].cells[0]->line,
                               (size_t)count[u]);
            bc_ynode *root = L->roots[u];
            if (!seqs[u])
                return no_memory(t->path, L->err);
            root->items[2 * root->n] = key;
            root->items[2 * root->n + 1] = seqs[u];
            root->n++;
        }
        bc_ynode *m = row_map(L->a, t, r, keep);
        if (!m)
            return no_memory(t->path, L->err);
        seqs[u]->items[seqs[u]->n++] = m;
    }
    return BC_OK;
}

static bc_status load_lists(loader *L, const char *units_csv)
{
    bc_status st = BC_OK;
    for (size_t i = 0; i < L->l->nfields; i++) {
        const bc_field *f = &L->l->fields[i];
        if (f->type != BC_FT_LIST)
            continue;
        char *path = list_path(L->a, units_csv, f->key);
        if (!path)
            return no_memory(units_csv, L->err);
        if (access(path, F_OK) != 0)
            continue; /* no table: no unit has rows in this list */
        table t;
        bc_status s = read_table(L->a, path, &t, L->err);
        if (t.head && unknown_columns(&t, L->l, f, L->err) != BC_OK)
            s = BC_BADINPUT;
        if (s == BC_OK)
            s = attach_list(L, f, &t);
        if (s != BC_OK)
            st = s; /* go on: every table's problems are told in one run */
    }
    return st;
}

/* ---- hashes ---- */

static void hash_map(bc_buf *b, const bc_ynode *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const bc_ynode *v = BC_YVAL(m, i);
        bc_buf_printf(b, "%s", BC_YKEY(m, i)->str);
        bc_buf_putc(b, '\0');
        if (v->kind == BC_Y_SCALAR) {
            bc_buf_printf(b, "%s", v->str);
            bc_buf_putc(b, '\0');
            continue;
        }
        for (size_t r = 0; r < v->n; r++) { /* a list: its rows */
            bc_buf_putc(b, '\n');
            hash_map(b, v->items[r]);
        }
        bc_buf_putc(b, '\f');
    }
}

/* The unit's code and name are hashed too: both are in its manifest record and its bundle. */
static void hash_units(loader *L)
{
    for (int r = 0; r < L->n; r++) {
        bc_csv_unit *u = &L->out[r];
        bc_buf b = BC_BUF_INIT;
        bc_buf_printf(&b, "%s", u->code);
        bc_buf_putc(&b, '\0');
        bc_buf_printf(&b, "%s", u->name ? u->name : "");
        bc_buf_putc(&b, '\0');
        hash_map(&b, u->tree);
        bc_sha256 h;
        bc_sha256_bytes(b.data ? b.data : "", b.len, &h);
        bc_buf_free(&b);
        memcpy(u->sha256, h.hex, sizeof u->sha256);
    }
}

bc_status bc_csv_units_load(const bc_layout *l, const char *units_csv, bc_arena *a,
                            bc_csv_unit **units, int *n, bc_err *err)
{
    *units = NULL;
    *n = 0;
    loader L = {l, a, err};
    bc_status st = load_units(&L, units_csv);
    if (L.ready) {
        bc_status s = load_lists(&L, units_csv);
        if (st == BC_OK)
            st = s;
    }
    if (st != BC_OK)
        return st;
    hash_units(&L);
    *units = L.out;
    *n = L.n;
    return BC_OK;
}
