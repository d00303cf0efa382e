/* csv.c — see csv.h. */
#include "form/csv.h"

#include <string.h>

#include "util/buf.h"

typedef struct reader {
    const char *p, *end;
    int line, col;
    char sep;
} reader;

typedef struct cell {
    bc_ynode *node;
    int end_of_row;
} cell;

static void advance(reader *r)
{
    if (*r->p == '\n') {
        r->line++;
        r->col = 1;
    } else if (((unsigned char)*r->p & 0xC0) != 0x80) {
        r->col++;
    }
    r->p++;
}

static int at_row_end(const reader *r)
{
    return r->p >= r->end || *r->p == '\n' ||
           (*r->p == '\r' && (r->p + 1 >= r->end || r->p[1] == '\n'));
}

/* Reads one cell; a quoted cell may span lines. */
static bc_ynode *read_cell(bc_arena *a, reader *r, int *end_of_row)
{
    bc_ynode *n = BC_NEW(a, bc_ynode);
    if (!n)
        return NULL;
    n->kind = BC_Y_SCALAR;
    n->line = r->line;
    n->col = r->col;
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
    n->end_line = r->line;
    n->end_col = r->col;
    *end_of_row = at_row_end(r);
    if (!*end_of_row)
        advance(r); /* the separator */
    return n;
}

static void skip_row_end(reader *r)
{
    if (r->p < r->end && *r->p == '\r')
        r->p++;
    if (r->p < r->end && *r->p == '\n')
        advance(r);
}

static int blank_row(const reader *r)
{
    const char *q = r->p;
    while (q < r->end && (*q == ' ' || *q == '\t' || *q == r->sep))
        q++;
    return q >= r->end || *q == '\n' || *q == '\r';
}

/* Reads a row into `cells` (at most `max`); returns how many. */
static size_t read_row(bc_arena *a, reader *r, bc_ynode **cells, size_t max, size_t *total)
{
    size_t n = 0;
    int end = 0;
    *total = 0;
    while (!end) {
        bc_ynode *c = read_cell(a, r, &end);
        if (!c)
            break;
        if (n < max)
            cells[n++] = c;
        (*total)++;
    }
    skip_row_end(r);
    return n;
}

static char pick_separator(const char *p, const char *end)
{
    int commas = 0, semis = 0;
    for (; p < end && *p != '\n'; p++)
        commas += *p == ',', semis += *p == ';';
    return semis > commas ? ';' : ',';
}

static void skip_blank_rows(reader *r)
{
    while (r->p < r->end && blank_row(r)) {
        while (r->p < r->end && *r->p != '\n')
            r->p++;
        if (r->p < r->end)
            advance(r);
    }
}

static bc_status build_map(bc_arena *a, const char *file, bc_ynode **keys, size_t nkeys,
                           bc_ynode **vals, size_t nvals, bc_ynode **root, bc_err *err)
{
    bc_ynode *map = BC_NEW(a, bc_ynode);
    bc_ynode **items = BC_NEW_N(a, bc_ynode *, 2 * nkeys + 2);
    if (!map || !items)
        return bc_err_add(err, BC_FAIL, file, 0, 0, "hết bộ nhớ");
    map->kind = BC_Y_MAP;
    map->line = map->col = 1;
    map->items = items;
    bc_status st = BC_OK;
    for (size_t i = 0; i < nkeys; i++) {
        if (!*keys[i]->str)
            continue; /* an unnamed column (a spreadsheet's trailing separator) holds nothing */
        for (size_t j = 0; j < map->n; j++)
            if (!strcmp(items[2 * j]->str, keys[i]->str))
                st = bc_err_add(err, BC_BADINPUT, file, keys[i]->line, keys[i]->col,
                                "khóa \"%s\" lặp lại (đã có ở cột %d)", keys[i]->str,
                                items[2 * j]->col);
        items[2 * map->n] = keys[i];
        if (i < nvals) {
            items[2 * map->n + 1] = vals[i];
        } else { /* a short row: the missing cells are empty */
            bc_ynode *empty = BC_NEW(a, bc_ynode);
            if (!empty)
                return bc_err_add(err, BC_FAIL, file, 0, 0, "hết bộ nhớ");
            *empty =
                (bc_ynode){BC_Y_SCALAR, keys[i]->line + 1, 1, keys[i]->line + 1, 1, "", 1, 0, NULL};
            items[2 * map->n + 1] = empty;
        }
        map->n++;
    }
    *root = map;
    return st;
}

bc_status bc_csv_parse(bc_arena *a, const char *file, const char *data, size_t len,
                       bc_ynode **root, bc_err *err)
{
    reader r = {data, data + len, 1, 1, ','};
    *root = NULL;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        r.p += 3;
    skip_blank_rows(&r);
    if (r.p >= r.end)
        return bc_err_add(err, BC_BADINPUT, file, 0, 0, "tệp rỗng: không có dòng tiêu đề CSV nào");
    r.sep = pick_separator(r.p, r.end);
    size_t max = 1;
    for (const char *q = r.p; q < r.end && *q != '\n'; q++)
        max += *q == r.sep;
    bc_ynode **keys = BC_NEW_N(a, bc_ynode *, max), **vals = BC_NEW_N(a, bc_ynode *, max);
    if (!keys || !vals)
        return bc_err_add(err, BC_FAIL, file, 0, 0, "hết bộ nhớ");
    size_t total, nkeys = read_row(a, &r, keys, max, &total), nvals = 0;
    skip_blank_rows(&r);
    if (r.p >= r.end)
        return bc_err_add(err, BC_BADINPUT, file, r.line, 0,
                          "tệp CSV chỉ có dòng tiêu đề, chưa có dòng giá trị nào");
    int value_line = r.line;
    nvals = read_row(a, &r, vals, max, &total);
    bc_status st = BC_OK;
    if (total > nkeys)
        st = bc_err_add(err, BC_BADINPUT, file, value_line, 0,
                        "dòng giá trị có %zu ô, dòng tiêu đề chỉ có %zu khóa", total, nkeys);
    skip_blank_rows(&r);
    if (r.p < r.end)
        st = bc_err_add(
            err, BC_BADINPUT, file, r.line, 1,
            "tệp CSV chỉ được có một dòng giá trị (một báo cáo); dòng %d là dòng thứ hai", r.line);
    bc_status st2 = build_map(a, file, keys, nkeys, vals, nvals, root, err);
    return st != BC_OK ? st : st2;
}
