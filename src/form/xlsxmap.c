/* xlsxmap.c — see xlsxmap.h. Cost: each sheet's cells are walked a fixed number of times per
 * list (the key row search) and once for scalars; every lookup is a binary search. */
#include "form/xlsxmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"
#include "util/suggest.h"

typedef struct mapper {
    bc_arena *a;
    const bc_layout *l;
    const char *file;
    const bc_xbook *b;
    bc_err *err;
    bc_ynode **items; /* root pairs, key then value */
    size_t n, cap;
    bc_strmap seen;
} mapper;

static const char *cell_name(mapper *m, const bc_xsheet *s, unsigned row, unsigned col)
{
    char ref[24];
    bc_xlsx_ref(row, col, ref);
    return bc_arena_printf(m->a, "%s!%s!%s", m->file, s->name, ref);
}

/* A number as one text reading: no thousands dots, a decimal comma. */
static char *number_text(bc_arena *a, double x)
{
    if (x == floor(x) && fabs(x) < 1e15)
        return bc_arena_printf(a, "%.0f", x);
    char *s = bc_arena_printf(a, "%.15g", x);
    char *dot = s ? strchr(s, '.') : NULL;
    if (dot)
        *dot = ',';
    return s;
}

static char *trimmed(bc_arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return bc_arena_strndup(a, s, n);
}

/* The text a cell stands for (see xlsxmap.h); NULL when out of memory. */
static char *cell_text(mapper *m, const bc_xcell *c)
{
    if (!c)
        return bc_arena_strdup(m->a, "");
    int y, mo, d;
    switch (c->kind) {
    case BC_XC_TEXT:
        return trimmed(m->a, c->text);
    case BC_XC_BOOL:
        return bc_arena_strdup(m->a, c->num ? "có" : "không");
    case BC_XC_ERROR:
        return bc_arena_strdup(m->a, c->text);
    case BC_XC_NUMBER:
        if (c->date && bc_xlsx_date(c->num, m->b->date1904, &y, &mo, &d))
            return bc_arena_printf(m->a, "%04d-%02d-%02d", y, mo, d);
        return number_text(m->a, c->percent ? c->num * 100 : c->num);
    }
    return NULL;
}

static bc_ynode *node_at(mapper *m, const bc_xsheet *s, unsigned row, unsigned col,
                         const bc_xcell *c, const char *text)
{
    bc_ynode *n = BC_NEW(m->a, bc_ynode);
    if (!n)
        return NULL;
    n->kind = BC_Y_SCALAR;
    n->file = cell_name(m, s, row, col);
    n->str = text ? text : cell_text(m, c);
    if (!n->file || !n->str)
        return NULL;
    n->plain = !*n->str; /* an empty cell is a value left blank */
    if (c && c->kind == BC_XC_ERROR)
        n->cell_error = n->str;
    return n;
}

static int push_pair(mapper *m, bc_ynode *k, bc_ynode *v)
{
    if (!k || !v)
        return 0;
    if (m->n + 2 > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        bc_ynode **w = BC_NEW_N(m->a, bc_ynode *, cap);
        if (!w)
            return 0;
        if (m->n)
            memcpy(w, m->items, m->n * sizeof *w);
        m->items = w;
        m->cap = cap;
    }
    size_t first;
    int added = bc_strmap_add(&m->seen, k->str, m->n / 2, &first);
    if (added < 0)
        return 0;
    if (!added)
        k->dup = m->items[2 * first]; /* data.c names the field given twice */
    m->items[m->n++] = k;
    m->items[m->n++] = v;
    return 1;
}

static int is_text(const bc_xcell *c, const char *s)
{
    return c && c->kind == BC_XC_TEXT && !strcmp(c->text, s);
}

/* ---- scalar fields ---- */

static const bc_field *scalar_key(const bc_layout *l, const bc_xcell *c)
{
    const bc_field *f = c->kind == BC_XC_TEXT ? bc_layout_find(l, c->text) : NULL;
    return f && f->type != BC_FT_LIST ? f : NULL;
}

/* The sheet's key column (most scalar keys) and the row of its first key; 0 when none. */
static unsigned key_column(const bc_layout *l, const bc_xsheet *s, unsigned *first_row)
{
    unsigned maxcol = 0;
    for (size_t i = 0; i < s->ncells; i++)
        if (s->cells[i].col > maxcol)
            maxcol = s->cells[i].col;
    size_t *hits = calloc((size_t)maxcol + 1, sizeof *hits);
    unsigned *first = calloc((size_t)maxcol + 1, sizeof *first);
    unsigned best = 0;
    for (size_t i = 0; hits && first && i < s->ncells; i++) {
        const bc_xcell *c = &s->cells[i];
        if (c->merged || !scalar_key(l, c))
            continue;
        if (!hits[c->col]++)
            first[c->col] = c->row;
        if (!best || hits[c->col] > hits[best])
            best = c->col;
    }
    *first_row = best ? first[best] : 0;
    free(hits);
    free(first);
    return best;
}

/* The column headed "Giá trị" in a row above `below`, nearest to it; 0 when none. */
static unsigned value_column(const bc_xsheet *s, unsigned below, unsigned *header_row)
{
    char want[32], got[64];
    bc_fold(BC_XLSX_VALUE_HEADER, want, sizeof want);
    unsigned col = 0;
    for (size_t i = 0; i < s->ncells && s->cells[i].row < below; i++) {
        const bc_xcell *c = &s->cells[i];
        if (c->kind == BC_XC_TEXT && !c->merged && bc_fold(c->text, got, sizeof got)) {
            char *t = got;
            while (*t == ' ')
                t++;
            if (!strncmp(t, want, strlen(want)) && (!t[strlen(want)] || t[strlen(want)] == ' '))
                col = c->col, *header_row = c->row;
        }
    }
    return col;
}

/* The pairs of one sheet's scalar rows; returns 1 when the sheet has a key column. */
static int sheet_scalars(mapper *m, const bc_xsheet *s, bc_status *st)
{
    unsigned first_row, header_row = 0;
    unsigned kc = key_column(m->l, s, &first_row);
    if (!kc)
        return 0;
    unsigned vc = value_column(s, first_row, &header_row);
    if (!vc) {
        char col[24];
        bc_xlsx_ref(1, kc, col);
        col[strcspn(col, "0123456789")] = '\0';
        *st = bc_err_add(m->err, BC_BADINPUT, cell_name(m, s, first_row, kc), 0, 0,
                         "trang tính có cột khóa (cột %s) nhưng không có ô tiêu đề \"%s\" phía "
                         "trên để biết số liệu ở cột nào", col, BC_XLSX_VALUE_HEADER);
        return 1;
    }
    for (size_t i = 0; i < s->ncells; i++) {
        const bc_xcell *k = &s->cells[i];
        if (k->col != kc || k->row <= header_row || k->merged)
            continue;
        char *key = cell_text(m, k);
        if (!key || !*key)
            continue;
        bc_ynode *kn = node_at(m, s, k->row, kc, k, key);
        const bc_xcell *v = bc_xsheet_cell(s, k->row, vc);
        if (!push_pair(m, kn, node_at(m, s, k->row, vc, v, NULL))) {
            *st = bc_err_oom(m->err, m->file);
            return 1;
        }
    }
    return 1;
}

/* ---- lists ---- */

/* The column of list `f` that cell text "LIST[].COL" names, or NULL. */
static const bc_field *list_key(const bc_field *f, const bc_xcell *c)
{
    size_t n = strlen(f->key);
    if (c->kind != BC_XC_TEXT || c->merged || strncmp(c->text, f->key, n) ||
        strncmp(c->text + n, "[].", 3))
        return NULL;
    return bc_field_column(f, c->text + n + 3);
}

typedef struct keyrow {
    const bc_xsheet *s;
    unsigned row;
    size_t hits;
    size_t first, end; /* the key row's cells: s->cells[first..end) */
} keyrow;

/* The row, in any sheet, with the most keys of list `f`. */
static keyrow find_key_row(mapper *m, const bc_field *f)
{
    keyrow best = {NULL, 0, 0, 0, 0};
    for (size_t si = 0; si < m->b->nsheets; si++) {
        const bc_xsheet *s = &m->b->sheets[si];
        size_t hits = 0, start = 0;
        unsigned row = 0;
        for (size_t i = 0; i <= s->ncells; i++) {
            if (i == s->ncells || s->cells[i].row != row) { /* a row ends */
                if (hits > best.hits)
                    best = (keyrow){s, row, hits, start, i};
                if (i == s->ncells)
                    break;
                row = s->cells[i].row;
                hits = 0;
                start = i;
            }
            hits += list_key(f, &s->cells[i]) != NULL;
        }
    }
    return best;
}

/* One list row: the pairs of the key columns that hold a value, or NULL when none does. */
static bc_ynode *list_row(mapper *m, const bc_field *f, keyrow kr, unsigned row, int *oom)
{
    const bc_xsheet *s = kr.s;
    bc_ynode *map = BC_NEW(m->a, bc_ynode);
    bc_ynode **items = BC_NEW_N(m->a, bc_ynode *, 2 * f->ncolumns + 2);
    if (!map || !items)
        return *oom = 1, NULL;
    map->kind = BC_Y_MAP;
    map->items = items;
    map->file = cell_name(m, s, row, 1);
    for (size_t i = kr.first; i < kr.end && map->n <= f->ncolumns; i++) {
        const bc_field *col = list_key(f, &s->cells[i]);
        const bc_xcell *v = col ? bc_xsheet_cell(s, row, s->cells[i].col) : NULL;
        if (!v)
            continue;
        bc_ynode *kn = node_at(m, s, kr.row, s->cells[i].col, &s->cells[i], col->key);
        bc_ynode *vn = node_at(m, s, row, s->cells[i].col, v, NULL);
        if (!kn || !vn)
            return *oom = 1, NULL;
        if (!*vn->str && !vn->cell_error)
            continue;
        for (size_t j = 0; j < map->n; j++)
            if (!strcmp(items[2 * j]->str, kn->str) && !kn->dup)
                kn->dup = items[2 * j];
        items[2 * map->n] = kn;
        items[2 * map->n + 1] = vn;
        map->n++;
    }
    return map->n ? map : NULL;
}

static bc_status sheet_list(mapper *m, const bc_field *f, keyrow kr)
{
    const bc_xsheet *s = kr.s;
    bc_ynode *seq = BC_NEW(m->a, bc_ynode);
    size_t cap = 16;
    bc_ynode **rows = BC_NEW_N(m->a, bc_ynode *, cap);
    if (!seq || !rows)
        return bc_err_oom(m->err, m->file);
    seq->kind = BC_Y_SEQ;
    seq->file = cell_name(m, s, kr.row, 1);
    unsigned last = kr.row;
    for (size_t i = 0; i < s->ncells; i++) {
        unsigned row = s->cells[i].row;
        if (row <= last)
            continue;
        last = row;
        int oom = 0;
        bc_ynode *r = list_row(m, f, kr, row, &oom);
        if (oom)
            return bc_err_oom(m->err, m->file);
        if (!r)
            continue;
        if (seq->n == BC_XLSX_MAX_LIST_ROWS)
            return bc_err_add(m->err, BC_BADINPUT, r->file, 0, 0, "danh sách \"%s\" có quá nhiều "
                              "dòng (tối đa %d)", f->label, BC_XLSX_MAX_LIST_ROWS);
        if (seq->n == cap) {
            bc_ynode **w = BC_NEW_N(m->a, bc_ynode *, 2 * cap);
            if (!w)
                return bc_err_oom(m->err, m->file);
            memcpy(w, rows, cap * sizeof *w);
            rows = w;
            cap *= 2;
        }
        rows[seq->n++] = r;
    }
    seq->items = rows;
    bc_ynode *k = node_at(m, s, kr.row, 1, NULL, f->key);
    return push_pair(m, k, seq) ? BC_OK : bc_err_oom(m->err, m->file);
}

/* ---- the template's hidden sheet ---- */

/* The sheet the template put list `key` on, by the hidden sheet's "danh sách" rows. */
static const char *meta_list_sheet(const bc_xsheet *meta, const char *key)
{
    for (size_t i = 0; meta && i < meta->ncells; i++) {
        const bc_xcell *c = &meta->cells[i];
        if (c->col == 1 && is_text(c, "danh sách") && is_text(bc_xsheet_cell(meta, c->row, 2), key)) {
            const bc_xcell *s = bc_xsheet_cell(meta, c->row, 3);
            return s && s->kind == BC_XC_TEXT ? s->text : "";
        }
    }
    return NULL;
}

static bc_status check_meta(mapper *m, const bc_xsheet *meta)
{
    const bc_xcell *id = meta ? bc_xsheet_cell(meta, 1, 2) : NULL;
    if (!id || id->kind != BC_XC_TEXT || !strcmp(id->text, m->l->id))
        return BC_OK;
    return bc_err_add(m->err, BC_BADINPUT, m->file, 0, 0, "sổ tính này là mẫu của biểu mẫu \"%s\", "
                      "không phải \"%s\"; dùng --form %s, hoặc lấy mẫu đúng bằng baocao template "
                      "--form %s --format xlsx", id->text, m->l->id, id->text, m->l->id);
}

static bc_status lists(mapper *m, const bc_xsheet *meta)
{
    bc_status st = BC_OK;
    for (size_t i = 0; i < m->l->nfields && st != BC_FAIL; i++) {
        const bc_field *f = &m->l->fields[i];
        if (f->type != BC_FT_LIST)
            continue;
        keyrow kr = find_key_row(m, f);
        const char *want = meta_list_sheet(meta, f->key);
        if (kr.s) {
            bc_status s2 = sheet_list(m, f, kr);
            if (s2 != BC_OK)
                st = s2;
        } else if (want) {
            st = bc_err_add(m->err, BC_BADINPUT, m->file, 0, 0, "%s%s\"%s\": không còn trang tính "
                            "\"%s\" của danh sách này (không tìm thấy dòng khóa %s[].… ở trang tính "
                            "nào): trang tính đã bị xoá, hoặc dòng khóa ẩn đã bị sửa; lấy lại trang "
                            "từ mẫu", f->where, *f->where ? ": " : "", f->label, want, f->key);
        }
    }
    return st;
}

bc_status bc_xlsx_tree(bc_arena *a, const bc_layout *l, const char *file, const bc_xbook *b,
                       bc_ynode **root, bc_err *err)
{
    *root = NULL;
    mapper m = {a, l, file, b, err, NULL, 0, 0, BC_STRMAP_INIT};
    const bc_xsheet *meta = bc_xbook_sheet(b, BC_XLSX_META);
    bc_status st = check_meta(&m, meta);
    int found = 0;
    for (size_t i = 0; st == BC_OK && i < b->nsheets; i++)
        if (&b->sheets[i] != meta)
            found |= sheet_scalars(&m, &b->sheets[i], &st);
    if (st == BC_OK && !found)
        st = bc_err_add(err, BC_BADINPUT, file, 0, 0, "không tìm thấy cột khóa của biểu mẫu \"%s\" "
                        "ở trang tính nào (cột \"%s\", ẩn trong mẫu): sổ tính không phải mẫu của "
                        "biểu mẫu này, hoặc cột khóa đã bị xoá; lấy mẫu bằng baocao template "
                        "--form %s --format xlsx", l->id, BC_XLSX_KEY_HEADER, l->id);
    if (st == BC_OK)
        st = lists(&m, meta);
    bc_strmap_free(&m.seen);
    if (st != BC_OK)
        return st;
    bc_ynode *map = BC_NEW(a, bc_ynode);
    if (!map)
        return bc_err_oom(err, file);
    map->kind = BC_Y_MAP;
    map->items = m.items;
    map->n = m.n / 2;
    *root = map;
    return BC_OK;
}
