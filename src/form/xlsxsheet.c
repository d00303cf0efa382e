/* xlsxsheet.c — a workbook's worksheet and shared strings parts as cells (see xlsx.h:
 * bc_xlsx_parse_sheet, bc_xlsx_parse_strings, bc_xsheet_cell, bc_xlsx_ref). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "form/xlsx.h"
#include "form/xlsxxml.h"

/* ---- cell references ---- */

void bc_xlsx_ref(unsigned row, unsigned col, char *out)
{
    char rev[8];
    int k = 0;
    for (unsigned n = col; n > 0 && k < 7; n = (n - 1) / 26)
        rev[k++] = (char)('A' + (n - 1) % 26);
    for (int i = 0; i < k; i++)
        out[i] = rev[k - 1 - i];
    snprintf(out + k, 12, "%u", row);
}

/* "D7" (or "$D$7") → row, col; *end past it. 0 when not a reference inside the grid. */
static int parse_ref(const char *s, unsigned *row, unsigned *col, const char **end)
{
    unsigned c = 0, r = 0;
    if (*s == '$')
        s++;
    for (; *s >= 'A' && *s <= 'Z'; s++) {
        c = c * 26 + (unsigned)(*s - 'A' + 1);
        if (c > BC_XLSX_MAX_COL)
            return 0;
    }
    if (*s == '$')
        s++;
    for (; *s >= '0' && *s <= '9'; s++) {
        r = r * 10 + (unsigned)(*s - '0');
        if (r > BC_XLSX_MAX_ROW)
            return 0;
    }
    if (!c || !r)
        return 0;
    *row = r, *col = c;
    if (end)
        *end = s;
    return 1;
}

/* ---- shared strings ---- */

bc_status bc_xlsx_parse_strings(bc_arena *a, const char *name, const char *xml, size_t len,
                                const char ***strings, size_t *n, bc_err *err)
{
    *strings = NULL;
    *n = 0;
    bc_xr x;
    if (!bc_xr_open(&x, name, "xl/sharedStrings.xml", xml, len, err))
        return BC_BADINPUT;
    size_t cap = 0;
    const char **v = NULL;
    bc_status st = BC_OK;
    while (bc_xr_next(&x) == 1) {
        if (!bc_xr_element(&x) || !bc_xr_is(&x, "si"))
            continue;
        if (!bc_xr_room(&x, &v, &cap, *n, sizeof *v, BC_XLSX_MAX_STRINGS,
                     "quá nhiều chuỗi dùng chung (tối đa 1.000.000)"))
            break;
        bc_buf b = BC_BUF_INIT;
        int ok = bc_xr_rich_text(&x, &b);
        v[*n] = bc_arena_strdup(a, b.data ? b.data : "");
        bc_buf_free(&b);
        if (!ok)
            break;
        if (!v[(*n)++]) {
            st = bc_err_oom(err, name);
            break;
        }
    }
    if (x.failed && st == BC_OK)
        st = BC_BADINPUT;
    bc_xr_close(&x);
    if (st == BC_OK && *n) {
        *strings = BC_NEW_N(a, const char *, *n);
        if (*strings)
            memcpy(*strings, v, *n * sizeof *v);
        else
            st = bc_err_oom(err, name);
    }
    free(v);
    return st;
}

/* ---- worksheets ---- */

typedef struct sheet_ctx {
    bc_xr x;
    bc_arena *a;
    const char *const *strings;
    size_t nstrings;
    const unsigned char *styles;
    size_t nstyles;
    bc_xcell *cells;
    size_t n, cap;
    size_t *cells_left;
    unsigned row, next_col;
    unsigned (*merges)[4];
    size_t nmerges, mcap;
} sheet_ctx;

static int push_cell(sheet_ctx *c, const bc_xcell *cell)
{
    if (*c->cells_left == 0)
        return bc_xr_fail(&c->x, "sổ tính có quá nhiều ô (tối đa 1.000.000)") + 1;
    if (!bc_xr_room(&c->x, &c->cells, &c->cap, c->n, sizeof *c->cells, (size_t)-1 / sizeof *c->cells,
                 "hết bộ nhớ"))
        return 0;
    c->cells[c->n++] = *cell;
    (*c->cells_left)--;
    return 1;
}

/* Gives a cell its value from what its XML said. */
static int settle_cell(sheet_ctx *c, bc_xcell *cell, const char *t, const char *s, bc_buf *v,
                       int have_v)
{
    const char *val = v->data ? v->data : "";
    cell->text = "";
    if (t && !strcmp(t, "inlineStr")) {
        cell->kind = BC_XC_TEXT;
        cell->text = bc_arena_strdup(c->a, val);
    } else if (cell->formula && !*val && (!t || !strcmp(t, "n"))) {
        cell->kind = BC_XC_ERROR; /* saved by a program that does not compute formulas */
        cell->text = "(công thức chưa được tính: mở và lưu lại tệp bằng Excel hoặc LibreOffice)";
    } else if (!have_v || (!*val && (!t || !strcmp(t, "n")))) {
        return 0; /* a styled cell with no value */
    } else if (t && !strcmp(t, "s")) {
        char *end;
        unsigned long i = strtoul(val, &end, 10);
        if (end == val || *end || i >= c->nstrings)
            return bc_xr_fail(&c->x, "ô trỏ tới một chuỗi dùng chung không có") + 1;
        cell->kind = BC_XC_TEXT;
        cell->text = c->strings[i];
    } else if (t && (!strcmp(t, "str") || !strcmp(t, "d"))) {
        cell->kind = BC_XC_TEXT; /* a formula's text, or an ISO date written as text */
        cell->text = bc_arena_strdup(c->a, val);
    } else if (t && !strcmp(t, "b")) {
        cell->kind = BC_XC_BOOL;
        cell->num = strcmp(val, "0") != 0;
    } else if (t && !strcmp(t, "e")) {
        cell->kind = BC_XC_ERROR;
        cell->text = bc_arena_strdup(c->a, val);
    } else {
        char *end;
        cell->kind = BC_XC_NUMBER;
        cell->num = strtod(val, &end);
        if (end == val || *end || !isfinite(cell->num))
            return bc_xr_fail(&c->x, "ô số có giá trị không phải số") + 1;
        unsigned long si = s ? strtoul(s, NULL, 10) : 0;
        int kind = si < c->nstyles ? c->styles[si] : 0;
        cell->date = kind == 1;
        cell->percent = kind == 2;
    }
    return cell->text ? 1 : bc_xr_fail(&c->x, "hết bộ nhớ") + 1;
}

static int read_cell(sheet_ctx *c)
{
    bc_xr *x = &c->x;
    char *r = bc_xr_attr(x, c->a, "r"), *t = bc_xr_attr(x, c->a, "t"), *s = bc_xr_attr(x, c->a, "s");
    bc_xcell cell = {0};
    cell.row = c->row;
    cell.col = c->next_col;
    if (r && !parse_ref(r, &cell.row, &cell.col, NULL))
        return bc_xr_fail(x, "ô có địa chỉ không hợp lệ") + 1;
    if (!cell.row || cell.row > BC_XLSX_MAX_ROW || cell.col > BC_XLSX_MAX_COL)
        return bc_xr_fail(x, "ô nằm ngoài lưới của sổ tính") + 1;
    c->next_col = cell.col + 1;
    bc_buf v = BC_BUF_INIT;
    int have_v = 0, ok = 1;
    if (!xmlTextReaderIsEmptyElement(x->r)) {
        int depth = xmlTextReaderDepth(x->r), rc;
        while (ok && (rc = bc_xr_next(x)) == 1 && !bc_xr_end_at(x, depth)) {
            if (!bc_xr_element(x))
                continue;
            if (bc_xr_is(x, "v")) {
                have_v = 1;
                ok = bc_xr_text(x, &v);
            } else if (bc_xr_is(x, "is")) {
                ok = bc_xr_rich_text(x, &v);
            } else if (bc_xr_is(x, "f")) {
                cell.formula = 1;
                ok = bc_xr_skip(x);
            }
        }
        ok = ok && rc == 1;
    }
    if (ok && v.oom)
        ok = bc_xr_fail(x, "hết bộ nhớ") + 1;
    int got = ok ? settle_cell(c, &cell, t, s, &v, have_v) : 0;
    bc_buf_free(&v);
    if (!ok || got < 0 || x->failed)
        return 0;
    return got ? push_cell(c, &cell) : 1;
}

static int read_merge(sheet_ctx *c)
{
    char *ref = bc_xr_attr(&c->x, c->a, "ref");
    unsigned r1, c1, r2, c2;
    const char *end;
    if (!ref || !parse_ref(ref, &r1, &c1, &end))
        return 1; /* a range we cannot read merges nothing we read */
    if (*end != ':' || !parse_ref(end + 1, &r2, &c2, NULL))
        r2 = r1, c2 = c1;
    if (!bc_xr_room(&c->x, &c->merges, &c->mcap, c->nmerges, sizeof *c->merges, 100000,
                 "quá nhiều vùng gộp ô (tối đa 100.000)"))
        return 0;
    unsigned *m = c->merges[c->nmerges++];
    m[0] = r1 < r2 ? r1 : r2, m[1] = c1 < c2 ? c1 : c2, m[2] = r1 < r2 ? r2 : r1,
    m[3] = c1 < c2 ? c2 : c1;
    return 1;
}

static int cell_cmp(const void *x, const void *y)
{
    const bc_xcell *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->merged - b->merged; /* the cell's own value first */
}

/* Sorts and drops repeats of one position (the first, or the cell's own value, is kept). */
static void sort_cells(sheet_ctx *c)
{
    if (c->n > 1)
        qsort(c->cells, c->n, sizeof *c->cells, cell_cmp);
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!w || c->cells[w - 1].row != c->cells[i].row || c->cells[w - 1].col != c->cells[i].col)
            c->cells[w++] = c->cells[i];
    c->n = w;
}

/* Every empty cell of a merged range gets the top-left value; the merged area is bounded. */
static int fill_merges(sheet_ctx *c, size_t *budget)
{
    sort_cells(c);
    size_t own = c->n;
    for (size_t i = 0; i < c->nmerges; i++) {
        unsigned *m = c->merges[i];
        bc_xsheet probe = {NULL, 0, c->cells, own};
        const bc_xcell *top = bc_xsheet_cell(&probe, m[0], m[1]);
        if (!top)
            continue;
        double area = ((double)m[2] - m[0] + 1) * ((double)m[3] - m[1] + 1) - 1;
        if (area > (double)*budget)
            return bc_xr_fail(&c->x, "vùng gộp ô quá lớn (tối đa 1.000.000 ô được điền từ vùng gộp)") + 1;
        *budget -= (size_t)area;
        bc_xcell copy = *top;
        copy.merged = 1;
        for (unsigned r = m[0]; r <= m[2]; r++)
            for (unsigned col = m[1]; col <= m[3]; col++)
                if ((r != m[0] || col != m[1]) && !bc_xsheet_cell(&probe, r, col)) {
                    copy.row = r, copy.col = col;
                    (*c->cells_left)++; /* merged copies have their own budget */
                    if (!push_cell(c, &copy))
                        return 0;
                    probe.cells = c->cells; /* push_cell may have moved the array */
                }
    }
    sort_cells(c);
    return 1;
}

bc_status bc_xlsx_parse_sheet(bc_arena *a, const char *name, const char *xml, size_t len,
                              const char *const *strings, size_t nstrings,
                              const unsigned char *styles, size_t nstyles, size_t *cells_left,
                              bc_xsheet *sheet, bc_err *err)
{
    sheet_ctx c = {.a = a, .strings = strings, .nstrings = nstrings, .styles = styles,
                   .nstyles = nstyles, .cells_left = cells_left};
    sheet->cells = NULL;
    sheet->ncells = 0;
    if (!bc_xr_open(&c.x, name, sheet->name ? sheet->name : "worksheet", xml, len, err))
        return BC_BADINPUT;
    int ok = 1;
    while (ok && bc_xr_next(&c.x) == 1) {
        if (!bc_xr_element(&c.x))
            continue;
        if (bc_xr_is(&c.x, "row")) {
            char *r = bc_xr_attr(&c.x, a, "r");
            unsigned long rn = r ? strtoul(r, NULL, 10) : c.row + 1;
            if (!rn || rn > BC_XLSX_MAX_ROW)
                ok = bc_xr_fail(&c.x, "dòng nằm ngoài lưới của sổ tính") + 1;
            c.row = (unsigned)rn;
            c.next_col = 1;
        } else if (bc_xr_is(&c.x, "c")) {
            if (!c.row)
                c.row = 1;
            ok = read_cell(&c);
        } else if (bc_xr_is(&c.x, "mergeCell")) {
            ok = read_merge(&c);
        }
    }
    size_t budget = BC_XLSX_MAX_MERGED;
    if (!c.x.failed)
        fill_merges(&c, &budget);
    int failed = c.x.failed;
    bc_xr_close(&c.x);
    free(c.merges);
    if (!failed && c.n) {
        sheet->cells = BC_NEW_N(a, bc_xcell, c.n);
        if (sheet->cells) {
            memcpy(sheet->cells, c.cells, c.n * sizeof *c.cells);
            sheet->ncells = c.n;
        }
    }
    free(c.cells);
    if (failed)
        return BC_BADINPUT;
    return !c.n || sheet->cells ? BC_OK : bc_err_oom(err, name);
}

const bc_xcell *bc_xsheet_cell(const bc_xsheet *s, unsigned row, unsigned col)
{
    size_t lo = 0, hi = s->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const bc_xcell *c = &s->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->ncells && s->cells[lo].row == row && s->cells[lo].col == col ? &s->cells[lo]
                                                                                : NULL;
}
