/* csv.c — see csv.h. */
#include "form/csv.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/strmap.h"

static void advance(bc_csv_reader *r)
{
    if (*r->p == '\n') {
        r->line++;
        r->col = 1;
    } else if (((unsigned char)*r->p & 0xC0) != 0x80) {
        r->col++;
    }
    r->p++;
}

static int at_row_end(const bc_csv_reader *r)
{
    return r->p >= r->end || *r->p == '\n' ||
           (*r->p == '\r' && (r->p + 1 >= r->end || r->p[1] == '\n'));
}

/* Reads one cell; a quoted cell may span lines. */
static bc_ynode *read_cell(bc_arena *a, bc_csv_reader *r, int *end_of_row)
{
    bc_ynode *n = BC_NEW(a, bc_ynode);
    if (!n)
        return NULL;
    n->kind = BC_Y_SCALAR;
    n->line = r->line;
    n->col = r->col;
    n->file = r->file;
    bc_buf b = BC_BUF_INIT;
    int quoted = r->p < r->end && *r->p == '"';
    if (quoted) {
        advance(r);
        while (r->p < r->end && !(*r->p == '"' && !(r->p + 1 < r->end && r->p[1] == '"'))) {
            if (*r->p == '"')
                advance(r); /* "" stands for one quote */
            if (*r->p != '\r')
                bc_buf_putc(&b, *r->p);
            advance(r);
        }
        if (r->p < r->end)
            advance(r);
    }
    while (!at_row_end(r) && *r->p != r->sep) {
        bc_buf_putc(&b, *r->p); /* text after a closing quote is kept, as spreadsheets do */
        advance(r);
    }
    n->plain = !quoted;
    n->str = bc_arena_strdup(a, b.data ? b.data : "");
    bc_buf_free(&b);
    if (!n->str)
        return NULL;
    n->end_line = r->line;
    n->end_col = r->col;
    *end_of_row = at_row_end(r);
    if (!*end_of_row)
        advance(r); /* the separator */
    return n;
}

static void skip_row_end(bc_csv_reader *r)
{
    if (r->p < r->end && *r->p == '\r')
        r->p++;
    if (r->p < r->end && *r->p == '\n')
        advance(r);
}

static int blank_row(const bc_csv_reader *r)
{
    const char *q = r->p;
    while (q < r->end && (*q == ' ' || *q == '\t' || *q == r->sep))
        q++;
    return q >= r->end || *q == '\n' || *q == '\r';
}

static char pick_separator(const char *p, const char *end)
{
    int commas = 0, semis = 0;
    for (; p < end && *p != '\n'; p++)
        commas += *p == ',', semis += *p == ';';
    return semis > commas ? ';' : ',';
}

int bc_csv_more(bc_csv_reader *r)
{
    while (r->p < r->end && blank_row(r)) {
        while (r->p < r->end && *r->p != '\n')
            r->p++;
        if (r->p < r->end)
            advance(r);
    }
    return r->p < r->end;
}

int bc_csv_begin(bc_csv_reader *r, const char *node_file, const char *data, size_t len)
{
    *r = (bc_csv_reader){data, data + len, 1, 1, ',', node_file};
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        r->p += 3;
    /* Which rows are blank depends on the separator, which the first row that is not blank
     * decides: ";;;;" is blank once ';' is known to separate. So skip, pick, and skip again
     * until the row the separator was picked from is not blank under it. */
    for (;;) {
        bc_csv_more(r);
        if (r->p >= r->end)
            return 0;
        r->sep = pick_separator(r->p, r->end);
        if (!blank_row(r))
            return 1;
    }
}

int bc_csv_next_row(bc_arena *a, bc_csv_reader *r, bc_ynode ***cells, size_t *n)
{
    *cells = NULL;
    *n = 0;
    if (!bc_csv_more(r))
        return 0;
    /* Cells are gathered in a growing array and then copied to the arena, so that a wide row
     * costs the arena only its final size. */
    size_t cap = 16, count = 0;
    bc_ynode **v = malloc(cap * sizeof *v);
    int end = 0, line = r->line;
    while (v && !end) {
        if (count == BC_CSV_MAX_COLUMNS) {
            free(v);
            r->line = line;
            return -2;
        }
        bc_ynode *c = read_cell(a, r, &end);
        if (!c)
            break;
        c->cell = (int)count + 1;
        if (count == cap) {
            bc_ynode **w = realloc(v, 2 * cap * sizeof *v);
            if (!w)
                break;
            v = w;
            cap *= 2;
        }
        v[count++] = c;
    }
    bc_ynode **out = v && end ? BC_NEW_N(a, bc_ynode *, count) : NULL;
    if (out)
        memcpy(out, v, count * sizeof *v);
    free(v);
    if (!out)
        return -1;
    skip_row_end(r);
    *cells = out;
    *n = count;
    return 1;
}

static bc_status build_map(bc_arena *a, const char *file, bc_ynode **keys, size_t nkeys,
                           bc_ynode **vals, size_t nvals, bc_ynode **root, bc_err *err)
{
    bc_ynode *map = BC_NEW(a, bc_ynode);
    bc_ynode **items = BC_NEW_N(a, bc_ynode *, 2 * nkeys + 2);
    if (!map || !items)
        return bc_err_oom(err, file);
    map->kind = BC_Y_MAP;
    map->line = map->col = 1;
    map->items = items;
    bc_strmap seen = BC_STRMAP_INIT;
    for (size_t i = 0; i < nkeys; i++) {
        if (!*keys[i]->str)
            continue; /* an unnamed column (a spreadsheet's trailing separator) holds nothing */
        size_t first;
        int added = bc_strmap_add(&seen, keys[i]->str, map->n, &first);
        if (added < 0) {
            bc_strmap_free(&seen);
            return bc_err_oom(err, file);
        }
        if (!added)
            keys[i]->dup = items[2 * first];
        items[2 * map->n] = keys[i];
        if (i < nvals) {
            items[2 * map->n + 1] = vals[i];
        } else { /* a short row: the missing cells are empty */
            bc_ynode *empty = BC_NEW(a, bc_ynode);
            if (!empty) {
                bc_strmap_free(&seen);
                return bc_err_oom(err, file);
            }
            *empty = (bc_ynode){BC_Y_SCALAR, keys[i]->line + 1, 1, keys[i]->line + 1, 1, "", 1};
            items[2 * map->n + 1] = empty;
        }
        map->n++;
    }
    bc_strmap_free(&seen);
    *root = map;
    return BC_OK;
}

static bc_status row_error(const char *file, int got, const bc_csv_reader *r, bc_err *err)
{
    if (got == -2)
        return bc_err_add(err, BC_BADINPUT, file, r->line, 1, "dòng có quá nhiều ô (tối đa %d cột)",
                          BC_CSV_MAX_COLUMNS);
    return bc_err_oom(err, file);
}

bc_status bc_csv_parse(bc_arena *a, const char *file, const char *data, size_t len,
                       bc_ynode **root, bc_err *err)
{
    bc_csv_reader r;
    *root = NULL;
    if (!bc_csv_begin(&r, NULL, data, len))
        return bc_err_add(err, BC_BADINPUT, file, 0, 0, "tệp rỗng: không có dòng tiêu đề CSV nào");
    bc_ynode **keys, **vals;
    size_t nkeys, nvals;
    int got = bc_csv_next_row(a, &r, &keys, &nkeys);
    if (got < 0)
        return row_error(file, got, &r, err);
    if (got == 0) /* cannot happen after bc_csv_begin said there is a row; refused all the same */
        return bc_err_add(err, BC_BADINPUT, file, 0, 0, "tệp rỗng: không có dòng tiêu đề CSV nào");
    got = bc_csv_next_row(a, &r, &vals, &nvals);
    if (got < 0)
        return row_error(file, got, &r, err);
    if (got == 0)
        return bc_err_add(err, BC_BADINPUT, file, r.line, 0,
                          "tệp CSV chỉ có dòng tiêu đề, chưa có dòng giá trị nào");
    bc_status st = BC_OK;
    if (nvals > nkeys)
        st = bc_err_add(err, BC_BADINPUT, file, vals[0]->line, 0,
                        "dòng giá trị có %zu ô, dòng tiêu đề chỉ có %zu khóa", nvals, nkeys);
    if (bc_csv_more(&r))
        st = bc_err_add(
            err, BC_BADINPUT, file, r.line, 1,
            "tệp CSV chỉ được có một dòng giá trị (một báo cáo); dòng %d là dòng thứ hai", r.line);
    bc_status st2 = build_map(a, file, keys, nkeys, vals, nvals < nkeys ? nvals : nkeys, root, err);
    return st != BC_OK ? st : st2;
}
