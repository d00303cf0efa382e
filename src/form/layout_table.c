/* layout_table.c — the loader's grid blocks: tables (cells placed on a full grid with their
 * spans and `merge: up`, each row checked to cover exactly the columns of `widths`) and
 * signature columns. See layout_load.h and layouts/README.md, "Tables" and "Signatures".
 */
#include <stdlib.h>
#include <string.h>

#include "form/layout_load.h"
#include "util/buf.h"

/* ---- tables ---- */

/* `diagonal: [TOP_RIGHT, BOTTOM_LEFT]` ("Trình độ / Đối tượng"): the two labels of a cell
 * split by a rule from its top-left to its bottom-right corner; instead of `text`. */
static void parse_diagonal(loader *ld, bc_lcell *c, const bc_ynode *dg, const bc_ynode *text,
                           const bc_field *list)
{
    if (!ld_is_seq(ld, dg, "diagonal"))
        return;
    if (dg->n != 2) {
        NERR(ld, dg, "diagonal có đúng hai nhãn [trên phải, dưới trái], ở đây có %zu", dg->n);
        return;
    }
    if (text)
        NERR(ld, text, "ô có diagonal không có text (hai nhãn của nó là nội dung)");
    c->text = ld_parse_text(ld, dg->items[0], list, 1);
    c->diag = BC_NEW(ld->a, bc_text);
    if (c->diag)
        *c->diag = ld_parse_text(ld, dg->items[1], list, 1);
}

static void parse_cell(loader *ld, bc_lcell *c, const bc_ynode *n, const bc_field *list)
{
    static const char *const keys[] = {"text", "colspan", "rowspan", "merge", "align",
                                       "diagonal", NULL};
    c->rowspan = c->colspan = 1;
    c->line = n->line;
    c->col = n->col;
    if (n->kind != BC_Y_MAP) {
        c->text = ld_parse_text(ld, n, list, 1);
        return;
    }
    ld_check_keys(ld, n, keys, "ô bảng");
    const bc_ynode *t = bc_ymap_get(n, "text"), *m = bc_ymap_get(n, "merge");
    const bc_ynode *al = bc_ymap_get(n, "align"), *dg = bc_ymap_get(n, "diagonal");
    if (t)
        c->text = ld_parse_text(ld, t, list, 1);
    if (al)
        c->has_align = ld_align(ld, al, &c->align);
    if (dg)
        parse_diagonal(ld, c, dg, t, list);
    double v;
    static const char *const spans[] = {"colspan", "rowspan"};
    int *dst[] = {&c->colspan, &c->rowspan};
    for (int i = 0; i < 2; i++) {
        const bc_ynode *s = bc_ymap_get(n, spans[i]);
        if (s && ld_number(ld, s, spans[i], &v)) {
            if (v < 1 || v != (int)v)
                NERR(ld, s, "%s phải là số nguyên ≥ 1", spans[i]);
            else
                *dst[i] = (int)v;
        }
    }
    if (m) {
        const char *ms = ld_scalar(ld, m, "merge");
        if (ms && strcmp(ms, "up"))
            NERR(ld, m, "merge chỉ có giá trị \"up\"");
        c->merge_up = 1;
    }
}

static void parse_row(loader *ld, bc_lrow *r, const bc_ynode *n, const bc_field *list,
                      int allow_group);

/* The list field named by `list:` (reported and NULL when it is not a list). */
static const bc_field *list_field(loader *ld, const bc_ynode *ln)
{
    const char *key = ld_scalar(ld, ln, "list");
    const bc_field *f = key ? bc_layout_find(ld->l, key) : NULL;
    if (key && (!f || f->type != BC_FT_LIST)) {
        NERR(ld, ln, "list: \"%s\" không phải một trường kiểu list", key);
        f = NULL;
    }
    return f;
}

/* `{list: KEY, row: [...]}` (in `rows`, or the table's own `list:` and `row:`): the pattern of
 * one row per item; its placeholders name the list's columns. */
static void parse_list_row(loader *ld, bc_lrow *r, const bc_ynode *map)
{
    const bc_ynode *ln = bc_ymap_get(map, "list"), *rn = bc_ymap_get(map, "row");
    r->line = map->line;
    r->col = map->col;
    if (!ln || !rn) {
        NERR(ld, ln ? ln : rn ? rn : map, "một danh sách trong bảng cần cả list: và row:");
        r->broken = 1;
        return;
    }
    r->list = list_field(ld, ln);
    if (r->list)
        parse_row(ld, r, rn, r->list, 0);
    else
        r->broken = 1; /* its placeholders would all look unknown: say the one real problem */
}

static void parse_row(loader *ld, bc_lrow *r, const bc_ynode *n, const bc_field *list,
                      int allow_group)
{
    static const char *const keys[] = {"cells", "group", NULL};
    static const char *const list_keys[] = {"list", "row", NULL};
    r->line = n->line;
    r->col = n->col;
    const bc_ynode *cells = n;
    if (n->kind == BC_Y_MAP && allow_group && bc_ymap_get(n, "list")) {
        ld_check_keys(ld, n, list_keys, "danh sách trong bảng");
        parse_list_row(ld, r, n);
        return;
    }
    if (n->kind == BC_Y_MAP && allow_group) {
        ld_check_keys(ld, n, keys, "dòng bảng");
        const bc_ynode *g = bc_ymap_get(n, "group");
        if (g)
            ld_boolean(ld, g, "group", &r->group);
        cells = bc_ymap_get(n, "cells");
        if (!cells) {
            NERR(ld, n, "dòng bảng thiếu cells");
            return;
        }
    }
    if (!ld_is_seq(ld, cells, "dòng bảng"))
        return;
    r->cells = BC_NEW_N(ld->a, bc_lcell, cells->n ? cells->n : 1);
    for (size_t i = 0; r->cells && i < cells->n; i++)
        parse_cell(ld, &r->cells[r->n++], cells->items[i], list);
}

/* A row with more cells than free slots. When a rowspan from a row above takes slots of this
 * one, that rowspan is the cause: it is reported once, at the cell that declares it, and not at
 * each row it covers. */
static void overflow(loader *ld, bc_lcell **owner, size_t r, int ncols, const bc_lcell *cell,
                     size_t ncells)
{
    bc_lcell *from_above = NULL;
    int taken = 0;
    for (int k = 0; k < ncols; k++) {
        bc_lcell *o = owner[r * ncols + k];
        if (o && o->grow < (int)r) {
            taken++;
            if (!from_above)
                from_above = o;
        }
    }
    if (!from_above) {
        ld_lerr(ld, cell->line, cell->col, "ô này vượt quá %d cột của bảng (widths)", ncols);
        return;
    }
    if (from_above->overflow_told)
        return;
    from_above->overflow_told = 1;
    ld_lerr(ld, from_above->line, from_above->col,
            "rowspan %d của ô này phủ %d dòng bên dưới, nhưng dòng %d vẫn ghi %zu ô cho %d "
            "cột: ở mỗi dòng bị phủ bỏ %d ô, hoặc giảm rowspan",
            from_above->rowspan, from_above->rowspan - 1, cell->line, ncells, ncols, taken);
}

/* Places the cells of consecutive rows on the grid, resolving spans and `merge: up`, and checks
 * that every row covers exactly `ncols` slots. `owner` remembers which cell holds each slot. */
static void place_rows(loader *ld, bc_lrow *rows, size_t nrows, int ncols)
{
    size_t slots = nrows * (size_t)ncols;
    bc_lcell **owner = calloc(slots ? slots : 1, sizeof *owner);
    if (!owner)
        return;
    for (size_t r = 0; r < nrows; r++) {
        bc_lrow *row = &rows[r];
        int c = 0, bad = 0;
        for (size_t i = 0; i < row->n && !bad; i++) {
            bc_lcell *cell = &row->cells[i];
            while (c < ncols && owner[r * ncols + c])
                c++;
            if (c >= ncols) {
                overflow(ld, owner, r, ncols, cell, row->n);
                bad = 1;
                break;
            }
            bc_lcell *origin = cell;
            if (cell->merge_up) {
                origin = r ? owner[(r - 1) * ncols + c] : NULL;
                if (!origin || origin->grow + origin->rowspan != (int)r || origin->gcol != c) {
                    ld_lerr(ld, cell->line, cell->col,
                            "merge: up nhưng không có ô nào ngay phía trên để nối");
                    bad = 1;
                    break;
                }
                origin->rowspan++;
                cell->grow = (int)r;
                cell->gcol = c;
                cell->colspan = origin->colspan;
                cell->rowspan = 1;
            } else {
                cell->grow = (int)r;
                cell->gcol = c;
                if (c + cell->colspan > ncols || r + (size_t)cell->rowspan > nrows) {
                    ld_lerr(ld, cell->line, cell->col, "ô có colspan/rowspan vượt ra ngoài bảng");
                    bad = 1;
                    break;
                }
            }
            int span_rows = cell->merge_up ? 1 : cell->rowspan;
            for (int dr = 0; dr < span_rows; dr++)
                for (int dc = 0; dc < origin->colspan; dc++) {
                    bc_lcell **slot = &owner[(r + (size_t)dr) * ncols + (size_t)(c + dc)];
                    if (*slot) {
                        ld_lerr(ld, cell->line, cell->col, "ô này chồng lên một ô đã gộp");
                        bad = 1;
                    }
                    *slot = origin;
                }
            c += origin->colspan;
        }
        int covered = 0;
        for (int k = 0; k < ncols; k++)
            covered += owner[r * ncols + k] != NULL;
        if (!bad && covered != ncols)
            ld_lerr(ld, row->line, row->col, "dòng bảng phủ %d cột, bảng có %d cột (widths)",
                    covered, ncols);
    }
    free(owner);
}

static void parse_rows(loader *ld, const bc_ynode *n, bc_lrow **rows, size_t *nrows,
                       const char *what, int allow_group)
{
    if (!ld_is_seq(ld, n, what))
        return;
    /* one slot more: the table's own `list:` and `row:` come after its rows */
    *rows = BC_NEW_N(ld->a, bc_lrow, n->n + 1);
    for (size_t i = 0; *rows && i < n->n; i++)
        parse_row(ld, &(*rows)[(*nrows)++], n->items[i], NULL, allow_group);
}

static void parse_widths(loader *ld, bc_ltable *t, const bc_ynode *n, const bc_ynode *table)
{
    if (!n) {
        NERR(ld, table, "bảng thiếu widths (độ rộng tương đối của các cột)");
        return;
    }
    if (!ld_is_seq(ld, n, "widths"))
        return;
    t->ncols = (int)n->n;
    t->widths = BC_NEW_N(ld->a, double, n->n ? n->n : 1);
    for (size_t i = 0; t->widths && i < n->n; i++)
        if (ld_number(ld, n->items[i], "độ rộng cột", &t->widths[i]) && t->widths[i] <= 0)
            NERR(ld, n->items[i], "độ rộng cột phải lớn hơn 0");
    if (!n->n)
        NERR(ld, n, "widths không được rỗng");
}

int ld_align(loader *ld, const bc_ynode *n, bc_align *out)
{
    static const char *const names[] = {"left", "center", "right", "justify"};
    const char *s = ld_scalar(ld, n, "align");
    for (int k = 0; s && k < 4; k++)
        if (!strcmp(s, names[k])) {
            *out = (bc_align)k;
            return 1;
        }
    if (s)
        NERR(ld, n, "align chỉ có left, center, right, justify; nhận được \"%s\"", s);
    return 0;
}

static void parse_align(loader *ld, bc_ltable *t, const bc_ynode *n)
{
    t->align = BC_NEW_N(ld->a, bc_align, t->ncols ? t->ncols : 1);
    if (!t->align || !n)
        return;
    if (!ld_is_seq(ld, n, "align"))
        return;
    t->has_align = 1;
    if ((int)n->n != t->ncols)
        NERR(ld, n, "align có %zu giá trị, bảng có %d cột (widths)", n->n, t->ncols);
    for (size_t i = 0; i < n->n && (int)i < t->ncols; i++)
        ld_align(ld, n->items[i], &t->align[i]);
}

/* The header wording over column `c` (lowest header row first): a column's label. For a check
 * box the lowest header is its option ("Có"), so `group` asks for a header spanning several
 * columns ("Kết nối") when there is one. */
static const char *column_header(loader *ld, const bc_ltable *t, int c, int group)
{
    for (int pass = group ? 0 : 1; pass < 2; pass++)
    for (size_t r = t->nheader; r-- > 0;) {
        const bc_lrow *row = &t->header[r];
        for (size_t i = 0; i < row->n; i++) {
            const bc_lcell *cell = &row->cells[i];
            if (cell->merge_up || c < cell->gcol || c >= cell->gcol + cell->colspan ||
                (pass == 0 && cell->colspan < 2))
                continue;
            char *s = ld_plain_range(ld, &cell->text, 0, cell->text.n);
            if (ld_has_letter(s))
                return s;
        }
    }
    return NULL;
}

static int has_fill(const bc_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (ld_is_fill(&t->segs[i]))
            return 1;
    return 0;
}

/* Binds the fields of a row: a placeholder's label is the wording before it in its cell, else
 * the row's header — the wording of its earlier cells that hold no placeholder ("Tin tức, sự
 * kiện"; a unit after another figure, "… máy", is not a header) — with, when the row has several
 * figures, the column's header ("Cán bộ chuyên trách (Thạc sĩ)"); else the column's header. */
static void bind_row(loader *ld, const bc_ltable *t, const bc_lrow *row, size_t from)
{
    bc_buf before = BC_BUF_INIT;
    int fills = 0;
    for (size_t i = 0; i < row->n; i++)
        fills += has_fill(&row->cells[i].text);
    for (size_t i = from; i < row->n; i++) {
        const bc_lcell *cell = &row->cells[i];
        int box = cell->text.n == 1 && cell->text.segs[0].kind == BC_SEG_CHECK;
        const char *column = column_header(ld, t, cell->gcol, box), *fallback = column;
        if (before.len && column && fills > 1 && !box)
            fallback = bc_arena_printf(ld->a, "%s (%s)", before.data, column);
        else if (before.len)
            fallback = bc_arena_strdup(ld->a, before.data);
        ld_bind_text(ld, &cell->text, fallback);
        if (box)
            ld_name_options(ld, &cell->text, column_header(ld, t, cell->gcol, 0));
        char *s = ld_plain_range(ld, &cell->text, 0, cell->text.n);
        if (ld_has_letter(s) && !has_fill(&cell->text))
            bc_buf_printf(&before, "%s%s", before.len ? " " : "", s);
    }
    bc_buf_free(&before);
}

/* The table's own `list:` and `row:`: a list after the fixed rows. */
static void parse_table_list(loader *ld, bc_ltable *t, const bc_ynode *tn)
{
    if (!bc_ymap_get(tn, "list") && !bc_ymap_get(tn, "row"))
        return;
    if (!t->rows)
        t->rows = BC_NEW(ld->a, bc_lrow);
    if (t->rows)
        parse_list_row(ld, &t->rows[t->nrows++], tn);
}

/* Places the body: each run of fixed rows on its own grid (a rowspan cannot reach across a
 * list, whose length is the data's), each list pattern as a single row. */
static void place_body(loader *ld, bc_ltable *t)
{
    size_t i = 0;
    while (i < t->nrows) {
        if (t->rows[i].broken) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (!t->rows[i].list && j < t->nrows && !t->rows[j].list && !t->rows[j].broken)
            j++;
        place_rows(ld, &t->rows[i], j - i, t->ncols);
        i = j;
    }
}

/* The longest wording of a row ("CẤP TỈNH" of the group row "A | CẤP TỈNH"): its title, not
 * its letter. */
static const char *row_title(loader *ld, const bc_lrow *row)
{
    const char *best = NULL;
    for (size_t i = 0; i < row->n; i++) {
        char *s = ld_plain_range(ld, &row->cells[i].text, 0, row->cells[i].text.n);
        if (ld_has_letter(s) && (!best || strlen(s) > strlen(best)))
            best = s;
    }
    return best;
}

/* Binds the fields of the body in order; a list is bound where its pattern stands, labelled by
 * the group row just above it when there is one. */
/* The number a fixed row starts with, in a cell of its own: "1", "10", "IV", or a letter ("a",
 * "đ") that numbers a sub-row of the numbered row above. NULL for any other first cell. */
static const char *row_number(loader *ld, const bc_lrow *row)
{
    if (row->list || !row->n || has_fill(&row->cells[0].text))
        return NULL;
    char *s = ld_plain_range(ld, &row->cells[0].text, 0, row->cells[0].text.n);
    size_t n = strlen(s);
    while (n && (s[n - 1] == '.' || s[n - 1] == ')'))
        s[--n] = '\0';
    int digits = n && n <= 3 && strspn(s, "0123456789") == n;
    int roman = n && n <= 5 && strspn(s, "IVXLC") == n;
    int letter = (n == 1 && s[0] >= 'a' && s[0] <= 'z') || !strcmp(s, "đ");
    return digits || roman || letter ? s : NULL;
}

/* Binds the fields of the body in order; a list is bound where its pattern stands, labelled by
 * the group row just above it when there is one. A fixed row that starts with its own number is
 * named by it in messages ("mục 2, 2., dòng 4 đ") and the number is not part of the label. */
static void bind_body(loader *ld, const bc_ltable *t)
{
    const char *item = ld->item, *numbered = NULL;
    for (size_t i = 0; i < t->nrows; i++) {
        if (t->rows[i].list) {
            const char *label =
                i > 0 && t->rows[i - 1].group ? row_title(ld, &t->rows[i - 1]) : NULL;
            ld_place_field(ld, (bc_field *)t->rows[i].list, label ? label : ld->context);
        }
        const char *num = row_number(ld, &t->rows[i]);
        int sub = num && ((num[0] >= 'a' && num[0] <= 'z') || !strcmp(num, "đ"));
        if (sub && numbered)
            num = bc_arena_printf(ld->a, "%s %s", numbered, num);
        else if (num && !sub)
            numbered = num;
        if (num)
            ld->item = bc_arena_printf(ld->a, "%s%sdòng %s", item ? item : "", item ? ", " : "",
                                       num);
        bind_row(ld, t, &t->rows[i], num ? 1 : 0);
        ld->item = item;
    }
}

bc_ltable *ld_parse_table(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"widths", "header", "numbers", "align", "rows", "list",
                                       "row", NULL};
    bc_ltable *t = BC_NEW(ld->a, bc_ltable);
    if (!t || !ld_is_map(ld, n, "table"))
        return t;
    ld_check_keys(ld, n, keys, "table");
    parse_widths(ld, t, bc_ymap_get(n, "widths"), n);
    parse_align(ld, t, bc_ymap_get(n, "align"));
    const bc_ynode *x;
    if ((x = bc_ymap_get(n, "numbers")))
        ld_boolean(ld, x, "numbers", &t->numbers);
    if ((x = bc_ymap_get(n, "header")))
        parse_rows(ld, x, &t->header, &t->nheader, "header", 0);
    if ((x = bc_ymap_get(n, "rows")))
        parse_rows(ld, x, &t->rows, &t->nrows, "rows", 1);
    parse_table_list(ld, t, n);
    if (t->ncols <= 0)
        return t;
    place_rows(ld, t->header, t->nheader, t->ncols);
    place_body(ld, t);
    for (size_t i = 0; i < t->nheader; i++)
        bind_row(ld, t, &t->header[i], 0);
    bind_body(ld, t);
    return t;
}

/* ---- signatures ---- */

static bc_text *sig_text(loader *ld, const bc_ynode *n, const char *key, const char *fallback)
{
    const bc_ynode *x = bc_ymap_get(n, key);
    if (!x)
        return NULL;
    bc_text *t = BC_NEW(ld->a, bc_text);
    if (t) {
        *t = ld_parse_text(ld, x, NULL, 1);
        ld_bind_text(ld, t, fallback);
    }
    return t;
}

static void parse_sig(loader *ld, bc_lsig *s, const bc_ynode *n)
{
    static const char *const keys[] = {"role", "place", "title", "note", "name", "space_mm", NULL};
    s->space_mm = 30;
    if (!ld_is_map(ld, n, "cột chữ ký"))
        return;
    ld_check_keys(ld, n, keys, "cột chữ ký");
    const bc_ynode *r = bc_ymap_get(n, "role");
    s->role = r ? ld_scalar(ld, r, "role") : NULL;
    if (!r)
        NERR(ld, n, "cột chữ ký thiếu role (tên trường chữ ký, ví dụ thu-truong)");
    else if (s->role && !ld_is_key(s->role))
        NERR(ld, r, "role \"%s\" chỉ được có chữ ASCII, số, _ và -", s->role);
    for (size_t i = 0; s->role && i < ld->nroles; i++)
        if (!strcmp(ld->roles[i], s->role))
            NERR(ld, r, "role \"%s\" lặp lại", s->role);
    if (s->role && ld->nroles < 64)
        ld->roles[ld->nroles++] = s->role;
    /* A signer's name or date is best labelled by the signer's title ("Thủ trưởng cơ quan"). */
    const bc_ynode *tn = bc_ymap_get(n, "title");
    const char *who = tn && tn->kind == BC_Y_SCALAR ? tn->str : s->role;
    ld->section = "phần ký";
    ld->in_signatures = 1;
    ld->item = ld->numbered = NULL;
    s->place = sig_text(ld, n, "place", bc_arena_printf(ld->a, "Địa danh, ngày ký (%s)", who));
    s->title = sig_text(ld, n, "title", who);
    s->note = sig_text(ld, n, "note", who);
    s->name = sig_text(ld, n, "name", bc_arena_printf(ld->a, "Họ và tên (%s)", who));
    double v;
    const bc_ynode *sp = bc_ymap_get(n, "space_mm");
    if (sp && ld_number(ld, sp, "space_mm", &v)) {
        if (v < 5 || v > 150)
            NERR(ld, sp, "space_mm phải từ 5 đến 150");
        s->space_mm = v;
    }
}


void ld_parse_signatures(loader *ld, bc_lblock *b, const bc_ynode *v)
{
    if (!ld_is_seq(ld, v, "signatures"))
        return;
    b->sigs = BC_NEW_N(ld->a, bc_lsig, v->n ? v->n : 1);
    for (size_t i = 0; b->sigs && i < v->n; i++)
        parse_sig(ld, &b->sigs[b->nsigs++], v->items[i]);
}
