/* layout.c — loads and checks a layout (language: layouts/README.md).
 *
 * Loading is one pass over the YAML tree that both builds the model and reports every problem
 * of the layout with its line and column; a layout with any problem is refused as a whole, so
 * the data checks and the build step may trust what they get. While walking the body in order,
 * each field is bound to the first place it appears: the section and item numbers give its
 * `where`, the wording in front of it its default label.
 */
#include "form/layout.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "form/yaml.h"
#include "util/buf.h"
#include "util/text.h"

typedef struct loader {
    bc_layout *l;
    bc_arena *a;
    const char *file;
    bc_err *err;
    const char *section;   /* "mục 3" of the current section, or NULL */
    const char *item;      /* "1." of the current item, or NULL */
    const char *numbered;  /* the last numbered item ("1.2."), parent of "a)" items */
    const char *context;   /* wording of the current item or section: a last-resort label */
    const bc_field **order; /* fields in order of first appearance */
    size_t norder, order_cap;
    const char **roles;
    size_t nroles;
} loader;

static void lerr(loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void lerr(loader *ld, int line, int col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bc_err_add(ld->err, BC_BADINPUT, ld->file, line, col, "%s", msg);
}

#define NERR(ld, n, ...) lerr((ld), (n)->line, (n)->col, __VA_ARGS__)

static const char *const type_names[BC_FT_COUNT] = {
    "text", "integer", "decimal", "percent", "year", "date", "phone", "email", "url", "choice",
    "choices", "list"};

const char *bc_ftype_name(bc_ftype t)
{
    return t < BC_FT_COUNT ? type_names[t] : "?";
}

int bc_ftype_numeric(bc_ftype t)
{
    return t == BC_FT_INTEGER || t == BC_FT_DECIMAL || t == BC_FT_PERCENT || t == BC_FT_YEAR;
}

const bc_field *bc_layout_find(const bc_layout *l, const char *key)
{
    for (size_t i = 0; i < l->nfields; i++)
        if (!strcmp(l->fields[i].key, key))
            return &l->fields[i];
    return NULL;
}

const bc_field *bc_field_column(const bc_field *list, const char *key)
{
    for (size_t i = 0; list && i < list->ncolumns; i++)
        if (!strcmp(list->columns[i].key, key))
            return &list->columns[i];
    return NULL;
}

const bc_lnote *bc_layout_note(const bc_layout *l, const char *id)
{
    for (size_t i = 0; i < l->nnotes; i++)
        if (!strcmp(l->notes[i].id, id))
            return &l->notes[i];
    return NULL;
}

/* ---- small helpers over YAML nodes ---- */

static const char *scalar(loader *ld, const bc_ynode *n, const char *what)
{
    if (n && n->kind == BC_Y_SCALAR)
        return n->str;
    if (n)
        NERR(ld, n, "%s phải là một giá trị, không phải %s", what, bc_ynode_kind_name(n));
    return NULL;
}

static int number(loader *ld, const bc_ynode *n, const char *what, double *v)
{
    const char *s = scalar(ld, n, what);
    if (!s)
        return 0;
    char *end;
    *v = strtod(s, &end);
    if (!*s || *end) {
        NERR(ld, n, "%s phải là một số, nhận được \"%s\"", what, s);
        return 0;
    }
    return 1;
}

static int boolean(loader *ld, const bc_ynode *n, const char *what, int *v)
{
    const char *s = scalar(ld, n, what);
    if (!s)
        return 0;
    if (!strcmp(s, "true") || !strcmp(s, "yes")) {
        *v = 1;
        return 1;
    }
    if (!strcmp(s, "false") || !strcmp(s, "no")) {
        *v = 0;
        return 1;
    }
    NERR(ld, n, "%s phải là true hoặc false, nhận được \"%s\"", what, s);
    return 0;
}

/* Reports keys of a mapping that are not among `known` (NULL-terminated). */
static void check_keys(loader *ld, const bc_ynode *map, const char *const *known,
                       const char *what)
{
    for (size_t i = 0; i < map->n; i++) {
        const bc_ynode *k = BC_YKEY(map, i);
        int ok = 0;
        for (const char *const *p = known; *p && !ok; p++)
            ok = k->kind == BC_Y_SCALAR && !strcmp(k->str, *p);
        if (!ok) {
            bc_buf b = BC_BUF_INIT;
            for (const char *const *p = known; *p; p++)
                bc_buf_printf(&b, "%s%s", p == known ? "" : ", ", *p);
            NERR(ld, k, "khóa không biết trong %s: \"%s\" (chỉ có: %s)", what,
                 k->kind == BC_Y_SCALAR ? k->str : "?", b.data ? b.data : "");
            bc_buf_free(&b);
        }
    }
}

static int is_map(loader *ld, const bc_ynode *n, const char *what)
{
    if (n && n->kind == BC_Y_MAP)
        return 1;
    if (n)
        NERR(ld, n, "%s phải là một bảng khóa–giá trị, không phải %s", what,
             bc_ynode_kind_name(n));
    return 0;
}

static int is_seq(loader *ld, const bc_ynode *n, const char *what)
{
    if (n && n->kind == BC_Y_SEQ)
        return 1;
    if (n)
        NERR(ld, n, "%s phải là một danh sách, không phải %s", what, bc_ynode_kind_name(n));
    return 0;
}

static int is_key(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

/* Trims what cannot end or start a label: the ':' before a blank, the '(' before a figure, the
 * separator after the previous placeholder ("%; băng thông", ", ngày"). */
static void trim_label(char *s)
{
    size_t n = strlen(s);
    while (n && strchr(" :,;(/-\t\n", s[n - 1]))
        s[--n] = '\0';
    size_t lead = strspn(s, " \t\n,;.%)/:-");
    memmove(s, s + lead, n - lead + 1);
}

/* Whether `s` holds a letter (not just "1.", "/" or spaces): only such wording makes a label. */
static int has_letter(const char *s)
{
    while (*s) {
        uint32_t cp = bc_utf8_next(&s);
        utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
            return 1;
    }
    return 0;
}

static char *lower(bc_arena *a, const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD);
    char *r = n >= 0 ? bc_arena_strdup(a, (const char *)out) : bc_arena_strdup(a, s);
    free(out);
    return r;
}

/* ---- wording: markup into segments ---- */

typedef struct segs {
    bc_seg *v;
    size_t n, cap;
} segs;

static bc_seg *seg_push(loader *ld, segs *s, bc_seg_kind kind, int bold)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        bc_seg *v = BC_NEW_N(ld->a, bc_seg, cap);
        if (!v)
            return NULL;
        if (s->n)
            memcpy(v, s->v, sizeof *v * s->n);
        s->v = v;
        s->cap = cap;
    }
    bc_seg *g = &s->v[s->n++];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->bold = bold;
    return g;
}

/* Column of byte `off` of a scalar, when the scalar is on one line (else its start). */
static int col_at(const bc_ynode *n, size_t off)
{
    if (n->end_line != n->line)
        return n->col;
    size_t chars = 0;
    for (size_t i = 0; i < off && n->str[i]; i++)
        if (((unsigned char)n->str[i] & 0xC0) != 0x80)
            chars++;
    return n->col + (n->plain ? 0 : 1) + (int)chars;
}

static const bc_field *resolve_key(const bc_layout *l, const bc_field *list, const char *key)
{
    const bc_field *f = list ? bc_field_column(list, key) : NULL;
    return f ? f : bc_layout_find(l, key);
}

static void add_literal(loader *ld, segs *s, bc_buf *lit, int bold)
{
    if (!lit->len)
        return;
    bc_seg *g = seg_push(ld, s, BC_SEG_TEXT, bold);
    if (g)
        g->text = bc_arena_strndup(ld->a, lit->data, lit->len);
    lit->len = 0;
}

static void placeholder(loader *ld, const bc_ynode *n, size_t off, const char *inner,
                        const bc_field *list, segs *s, int bold)
{
    int col = col_at(n, off);
    if (!strcmp(inner, "#")) {
        if (!list)
            lerr(ld, n->line, col, "{#} chỉ dùng được trong dòng mẫu (row:) của một bảng danh sách");
        seg_push(ld, s, BC_SEG_ROWNUM, bold);
        return;
    }
    char *key = bc_arena_strdup(ld->a, inner);
    char *opt = strchr(key, ':'), *part = strchr(key, '.');
    if (opt)
        *opt++ = '\0';
    else if (part)
        *part++ = '\0';
    const bc_field *f = resolve_key(ld->l, list, key);
    if (!f) {
        lerr(ld, n->line, col, "chỗ điền {%s} không ứng với trường nào trong fields", inner);
        return;
    }
    if (f->type == BC_FT_LIST) {
        lerr(ld, n->line, col, "{%s} là một danh sách: hãy dùng nó trong bảng (table: list:)", key);
        return;
    }
    bc_seg *g = seg_push(ld, s, opt ? BC_SEG_CHECK : BC_SEG_FIELD, bold);
    if (!g)
        return;
    g->field = f;
    if (opt) {
        g->option = opt;
        int found = 0;
        for (size_t i = 0; i < f->noptions && !found; i++)
            found = !strcmp(f->options[i], opt);
        if (f->type != BC_FT_CHOICE && f->type != BC_FT_CHOICES)
            lerr(ld, n->line, col, "{%s:%s}: ô đánh dấu cần trường kiểu choice hoặc choices, "
                 "\"%s\" là %s", key, opt, key, bc_ftype_name(f->type));
        else if (!found)
            lerr(ld, n->line, col, "{%s:%s}: \"%s\" không có trong options của \"%s\"", key, opt,
                 opt, key);
    } else if (part) {
        static const char *const parts[] = {"day", "month", "year"};
        for (int i = 0; i < 3; i++)
            if (!strcmp(part, parts[i]))
                g->part = (bc_part)(BC_PART_DAY + i);
        if (g->part == BC_PART_ALL)
            lerr(ld, n->line, col, "{%s.%s}: chỉ có .day, .month, .year", key, part);
        else if (f->type != BC_FT_DATE)
            lerr(ld, n->line, col, "{%s.%s}: \"%s\" không phải kiểu date", key, part, key);
    }
}

static int footnote_ref(loader *ld, const bc_ynode *n, const char *p, size_t off, segs *s,
                        int bold, int allow_notes)
{
    const char *end = strchr(p + 2, ']');
    if (!end)
        return 0;
    char *id = bc_arena_strndup(ld->a, p + 2, (size_t)(end - p - 2));
    bc_lnote *note = (bc_lnote *)bc_layout_note(ld->l, id);
    if (!allow_notes)
        lerr(ld, n->line, col_at(n, off), "chú thích [^%s] không được đặt ở đây", id);
    else if (!note)
        lerr(ld, n->line, col_at(n, off), "chú thích [^%s] chưa được định nghĩa trong footnotes",
             id);
    else
        note->used = 1;
    bc_seg *g = seg_push(ld, s, BC_SEG_NOTE, bold);
    if (g)
        g->note = id;
    return (int)(end - p) + 1;
}

/* Splits wording into segments. `list` is the list whose row the wording lays out (or NULL);
 * `allow_notes` is 0 where a footnote mark cannot print (footnote texts, metadata). */
static bc_text parse_text(loader *ld, const bc_ynode *n, const bc_field *list, int allow_notes)
{
    bc_text t = {NULL, 0, ""};
    const char *src = scalar(ld, n, "nội dung");
    if (!src)
        return t;
    t.src = src;
    segs s = {0};
    bc_buf lit = BC_BUF_INIT;
    int bold = 0;
    const char *p = src;
    while (*p) {
        size_t off = (size_t)(p - src);
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            bc_buf_putc(&lit, p[0]);
            p += 2;
        } else if (p[0] == '*' && p[1] == '*') {
            add_literal(ld, &s, &lit, bold);
            bold = !bold;
            p += 2;
        } else if (p[0] == '[' && p[1] == '^' && strchr(p, ']')) {
            add_literal(ld, &s, &lit, bold);
            p += footnote_ref(ld, n, p, off, &s, bold, allow_notes);
        } else if (p[0] == '{') {
            const char *end = strchr(p, '}');
            if (!end) {
                lerr(ld, n->line, col_at(n, off), "thiếu dấu '}' đóng chỗ điền (viết {{ cho dấu { thường)");
                break;
            }
            add_literal(ld, &s, &lit, bold);
            char *inner = bc_arena_strndup(ld->a, p + 1, (size_t)(end - p - 1));
            placeholder(ld, n, off, inner, list, &s, bold);
            p = end + 1;
        } else {
            if (p[0] == '}')
                lerr(ld, n->line, col_at(n, off), "dấu '}' lẻ (viết }} cho dấu } thường)");
            bc_buf_putc(&lit, *p++);
        }
    }
    add_literal(ld, &s, &lit, bold);
    bc_buf_free(&lit);
    if (bold)
        NERR(ld, n, "thiếu ** đóng chữ đậm");
    t.segs = s.v;
    t.n = s.n;
    return t;
}

/* The wording of segments [from, to) without markup. */
static char *plain_range(loader *ld, const bc_text *t, size_t from, size_t to)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = from; i < to && i < t->n; i++)
        if (t->segs[i].kind == BC_SEG_TEXT)
            bc_buf_puts(&b, t->segs[i].text);
    char *r = bc_arena_strdup(ld->a, b.data ? b.data : "");
    bc_buf_free(&b);
    trim_label(r);
    return r;
}

static int is_fill(const bc_seg *g)
{
    return g->kind == BC_SEG_FIELD || g->kind == BC_SEG_CHECK || g->kind == BC_SEG_ROWNUM;
}

/* Default label of the placeholder at segment i: the wording since the previous placeholder,
 * else the wording before the first one, else NULL (the caller knows a better fallback). */
static const char *label_before(loader *ld, const bc_text *t, size_t i)
{
    size_t prev = i;
    while (prev > 0 && !is_fill(&t->segs[prev - 1]))
        prev--;
    char *s = plain_range(ld, t, prev, i);
    if (has_letter(s))
        return s;
    size_t first = 0;
    while (first < t->n && !is_fill(&t->segs[first]))
        first++;
    s = plain_range(ld, t, 0, first);
    return has_letter(s) ? s : NULL;
}

static void remember_order(loader *ld, const bc_field *f)
{
    if (ld->norder == ld->order_cap) {
        size_t cap = ld->order_cap ? ld->order_cap * 2 : 32;
        const bc_field **v = BC_NEW_N(ld->a, const bc_field *, cap);
        if (!v)
            return;
        if (ld->norder)
            memcpy(v, ld->order, sizeof *v * ld->norder);
        ld->order = v;
        ld->order_cap = cap;
    }
    ld->order[ld->norder++] = f;
}

static const char *current_where(loader *ld)
{
    if (ld->section && ld->item)
        return bc_arena_printf(ld->a, "%s, %s", ld->section, ld->item);
    return ld->section ? ld->section : ld->item ? ld->item : "";
}

static void place_field(loader *ld, bc_field *f, const char *label)
{
    if (f->placed)
        return;
    f->placed = 1;
    f->where = current_where(ld);
    if (!f->label_given && label && *label)
        f->label = label;
    if (!f->list) /* columns are listed right after their list */
        remember_order(ld, f);
}

/* Binds the fields of wording to this place; `fallback` is the label when the wording has none
 * in front of a placeholder (a table column's header, the item's question). */
static void bind_text(loader *ld, const bc_text *t, const char *fallback)
{
    for (size_t i = 0; i < t->n; i++) {
        const bc_seg *g = &t->segs[i];
        if ((g->kind != BC_SEG_FIELD && g->kind != BC_SEG_CHECK) || g->field->placed)
            continue;
        /* A check box's own wording names the option, not the question; the wording before a
         * day of a date is "ngày", which the caller's fallback beats. */
        int own = g->kind == BC_SEG_FIELD && (g->part == BC_PART_ALL || !fallback);
        const char *label = own ? label_before(ld, t, i) : NULL;
        place_field(ld, (bc_field *)g->field, label ? label : fallback ? fallback : ld->context);
    }
}

/* ---- fields ---- */

static const char *const field_props[] = {"type", "required", "label", "min", "max", "options",
                                          "compute", "decimals", "blank_mm", "columns",
                                          "min_rows", NULL};

static void parse_options(loader *ld, bc_field *f, const bc_ynode *n)
{
    if (!is_seq(ld, n, "options"))
        return;
    f->options = BC_NEW_N(ld->a, const char *, n->n ? n->n : 1);
    for (size_t i = 0; f->options && i < n->n; i++) {
        const char *o = scalar(ld, n->items[i], "một lựa chọn");
        if (!o)
            continue;
        if (!is_key(o))
            NERR(ld, n->items[i], "lựa chọn \"%s\" phải là một khóa ASCII (chữ, số, _ hoặc -)", o);
        for (size_t j = 0; j < f->noptions; j++)
            if (!strcmp(f->options[j], o))
                NERR(ld, n->items[i], "lựa chọn \"%s\" lặp lại", o);
        f->options[f->noptions++] = o;
    }
    if (!n->n)
        NERR(ld, n, "options không được rỗng");
}

static bc_expr *parse_expr(loader *ld, const bc_ynode *n, const char *what, const char **src)
{
    const char *s = scalar(ld, n, what);
    if (!s)
        return NULL;
    const char *msg;
    size_t pos;
    bc_expr *e = bc_expr_parse(ld->a, s, &msg, &pos);
    if (!e)
        lerr(ld, n->line, col_at(n, pos), "biểu thức %s \"%s\" sai: %s", what, s,
             msg ? msg : "hết bộ nhớ");
    *src = s;
    return e;
}

static void parse_field(loader *ld, bc_field *f, const bc_ynode *key, const bc_ynode *def,
                        int in_list);

static void parse_columns(loader *ld, bc_field *f, const bc_ynode *n)
{
    if (!is_map(ld, n, "columns"))
        return;
    f->columns = BC_NEW_N(ld->a, bc_field, n->n ? n->n : 1);
    for (size_t i = 0; f->columns && i < n->n; i++) {
        bc_field *c = &f->columns[f->ncolumns];
        c->list = f;
        c->index = f->ncolumns++;
        parse_field(ld, c, BC_YKEY(n, i), BC_YVAL(n, i), 1);
    }
    if (!n->n)
        NERR(ld, n, "columns không được rỗng");
}

static void parse_type(loader *ld, bc_field *f, const bc_ynode *n)
{
    const char *t = scalar(ld, n, "type");
    if (!t)
        return;
    for (int i = 0; i < BC_FT_COUNT; i++)
        if (!strcmp(t, type_names[i])) {
            f->type = (bc_ftype)i;
            return;
        }
    NERR(ld, n, "kiểu không biết: \"%s\" (chỉ có: text, integer, decimal, percent, year, date, "
         "phone, email, url, choice, choices, list)", t);
}

static void parse_number_props(loader *ld, bc_field *f, const bc_ynode *def)
{
    double v;
    const bc_ynode *n;
    if ((n = bc_ymap_get(def, "decimals")) && number(ld, n, "decimals", &v)) {
        if (v < 0 || v > 6 || v != (int)v)
            NERR(ld, n, "decimals phải là số nguyên từ 0 đến 6");
        f->decimals = (int)v;
    }
    if ((n = bc_ymap_get(def, "blank_mm")) && number(ld, n, "blank_mm", &v)) {
        if (v <= 0 || v > 200)
            NERR(ld, n, "blank_mm phải lớn hơn 0 và không quá 200");
        f->blank_mm = v;
    }
    if ((n = bc_ymap_get(def, "min_rows")) && number(ld, n, "min_rows", &v)) {
        if (f->type != BC_FT_LIST)
            NERR(ld, n, "min_rows chỉ dùng cho kiểu list");
        f->min_rows = v < 0 ? 0 : (int)v;
    }
}

/* Checks that a property fits the field's type. */
static void check_prop_types(loader *ld, bc_field *f, const bc_ynode *def)
{
    int numeric = bc_ftype_numeric(f->type), choice = f->type == BC_FT_CHOICE ||
                                                      f->type == BC_FT_CHOICES;
    const bc_ynode *n;
    if ((n = bc_ymap_get(def, "options")) && !choice)
        NERR(ld, n, "options chỉ dùng cho kiểu choice hoặc choices");
    if (choice && !bc_ymap_get(def, "options"))
        NERR(ld, def, "trường \"%s\" kiểu %s cần options", f->key, bc_ftype_name(f->type));
    if ((n = bc_ymap_get(def, "columns")) && f->type != BC_FT_LIST)
        NERR(ld, n, "columns chỉ dùng cho kiểu list");
    if (f->type == BC_FT_LIST && !bc_ymap_get(def, "columns"))
        NERR(ld, def, "trường \"%s\" kiểu list cần columns", f->key);
    static const char *const numeric_only[] = {"min", "max", "compute", NULL};
    for (const char *const *p = numeric_only; *p; p++)
        if ((n = bc_ymap_get(def, *p)) && !numeric)
            NERR(ld, n, "%s chỉ dùng cho kiểu số (integer, decimal, percent, year)", *p);
}

static void parse_field(loader *ld, bc_field *f, const bc_ynode *key, const bc_ynode *def,
                        int in_list)
{
    f->key = key->kind == BC_Y_SCALAR ? key->str : "?";
    f->line = key->line;
    f->col = key->col;
    f->decimals = -1;
    f->blank_mm = 30;
    f->label = f->key;
    f->where = "";
    if (!is_key(f->key))
        NERR(ld, key, "khóa trường \"%s\" chỉ được có chữ ASCII, số, _ và -", f->key);
    if (!is_map(ld, def, "định nghĩa trường"))
        return;
    check_keys(ld, def, field_props, "định nghĩa trường");
    const bc_ynode *n;
    if ((n = bc_ymap_get(def, "type")))
        parse_type(ld, f, n);
    if ((n = bc_ymap_get(def, "required")))
        boolean(ld, n, "required", &f->required);
    if ((n = bc_ymap_get(def, "label")) && (f->label = scalar(ld, n, "label"))) {
        f->label = bc_text_nfc(ld->a, f->label);
        f->label_given = 1;
    }
    if (!f->label)
        f->label = f->key;
    check_prop_types(ld, f, def);
    if ((n = bc_ymap_get(def, "options")))
        parse_options(ld, f, n);
    if ((n = bc_ymap_get(def, "min")))
        f->min = parse_expr(ld, n, "min", &f->min_src);
    if ((n = bc_ymap_get(def, "max")))
        f->max = parse_expr(ld, n, "max", &f->max_src);
    if ((n = bc_ymap_get(def, "compute")))
        f->compute = parse_expr(ld, n, "compute", &f->compute_src);
    parse_number_props(ld, f, def);
    if (f->decimals < 0)
        f->decimals = f->type == BC_FT_INTEGER || f->type == BC_FT_YEAR ? 0 : 2;
    if ((n = bc_ymap_get(def, "columns"))) {
        if (in_list)
            NERR(ld, n, "một cột không thể là danh sách lồng nhau");
        else
            parse_columns(ld, f, n);
    }
}

/* Checks that an expression names numeric fields that exist (`list` gives row context). */
typedef struct key_check {
    loader *ld;
    const bc_ynode *node;
    const bc_field *list;
} key_check;

static int check_expr_key(void *ctx, const char *list, const char *name, size_t pos)
{
    key_check *kc = ctx;
    const bc_layout *l = kc->ld->l;
    int line = kc->node->line, col = col_at(kc->node, pos);
    if (!list) {
        const bc_field *f = resolve_key(l, kc->list, name);
        if (!f)
            lerr(kc->ld, line, col, "biểu thức nhắc đến \"%s\", không có trường nào như vậy", name);
        else if (!bc_ftype_numeric(f->type))
            lerr(kc->ld, line, col, "biểu thức dùng \"%s\" kiểu %s, cần một trường kiểu số", name,
                 bc_ftype_name(f->type));
        return 0;
    }
    const bc_field *lf = bc_layout_find(l, list);
    if (!lf || lf->type != BC_FT_LIST) {
        lerr(kc->ld, line, col, "\"%s\" không phải một trường kiểu list", list);
        return 0;
    }
    const bc_field *c = name ? bc_field_column(lf, name) : NULL;
    if (name && (!c || !bc_ftype_numeric(c->type)))
        lerr(kc->ld, line, col, "danh sách \"%s\" không có cột số \"%s\"", list, name);
    return 0;
}

static void check_field_exprs(loader *ld, const bc_field *f, const bc_ynode *def)
{
    if (!def || def->kind != BC_Y_MAP)
        return;
    static const char *const props[] = {"min", "max", "compute"};
    const bc_expr *es[] = {f->min, f->max, f->compute};
    for (int i = 0; i < 3; i++) {
        key_check kc = {ld, bc_ymap_get(def, props[i]), f->list};
        if (es[i])
            bc_expr_keys(es[i], check_expr_key, &kc);
    }
    const bc_ynode *cols = bc_ymap_get(def, "columns");
    for (size_t i = 0; cols && cols->kind == BC_Y_MAP && i < f->ncolumns; i++)
        check_field_exprs(ld, &f->columns[i], BC_YVAL(cols, i));
}

static void parse_fields(loader *ld, const bc_ynode *n)
{
    if (!n) {
        lerr(ld, 1, 1, "biểu mẫu thiếu khóa fields");
        return;
    }
    if (!is_map(ld, n, "fields"))
        return;
    bc_layout *l = ld->l;
    l->fields = BC_NEW_N(ld->a, bc_field, n->n ? n->n : 1);
    if (!l->fields)
        return;
    for (size_t i = 0; i < n->n; i++) {
        bc_field *f = &l->fields[l->nfields];
        f->index = l->nfields++;
        parse_field(ld, f, BC_YKEY(n, i), BC_YVAL(n, i), 0);
    }
    /* Expressions may name any field, so they are checked once all are declared. */
    for (size_t i = 0; i < l->nfields; i++)
        check_field_exprs(ld, &l->fields[i], BC_YVAL(n, i));
}

/* ---- tables ---- */

static void parse_cell(loader *ld, bc_lcell *c, const bc_ynode *n, const bc_field *list)
{
    static const char *const keys[] = {"text", "colspan", "rowspan", "merge", NULL};
    c->rowspan = c->colspan = 1;
    c->line = n->line;
    c->col = n->col;
    if (n->kind != BC_Y_MAP) {
        c->text = parse_text(ld, n, list, 1);
        return;
    }
    check_keys(ld, n, keys, "ô bảng");
    const bc_ynode *t = bc_ymap_get(n, "text"), *m = bc_ymap_get(n, "merge");
    if (t)
        c->text = parse_text(ld, t, list, 1);
    double v;
    static const char *const spans[] = {"colspan", "rowspan"};
    int *dst[] = {&c->colspan, &c->rowspan};
    for (int i = 0; i < 2; i++) {
        const bc_ynode *s = bc_ymap_get(n, spans[i]);
        if (s && number(ld, s, spans[i], &v)) {
            if (v < 1 || v != (int)v)
                NERR(ld, s, "%s phải là số nguyên ≥ 1", spans[i]);
            else
                *dst[i] = (int)v;
        }
    }
    if (m) {
        const char *ms = scalar(ld, m, "merge");
        if (ms && strcmp(ms, "up"))
            NERR(ld, m, "merge chỉ có giá trị \"up\"");
        c->merge_up = 1;
    }
}

static void parse_row(loader *ld, bc_lrow *r, const bc_ynode *n, const bc_field *list,
                      int allow_group)
{
    static const char *const keys[] = {"cells", "group", NULL};
    r->line = n->line;
    r->col = n->col;
    const bc_ynode *cells = n;
    if (n->kind == BC_Y_MAP && allow_group) {
        check_keys(ld, n, keys, "dòng bảng");
        const bc_ynode *g = bc_ymap_get(n, "group");
        if (g)
            boolean(ld, g, "group", &r->group);
        cells = bc_ymap_get(n, "cells");
        if (!cells) {
            NERR(ld, n, "dòng bảng thiếu cells");
            return;
        }
    }
    if (!is_seq(ld, cells, "dòng bảng"))
        return;
    r->cells = BC_NEW_N(ld->a, bc_lcell, cells->n ? cells->n : 1);
    for (size_t i = 0; r->cells && i < cells->n; i++)
        parse_cell(ld, &r->cells[r->n++], cells->items[i], list);
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
                lerr(ld, cell->line, cell->col, "ô này vượt quá %d cột của bảng (widths)", ncols);
                bad = 1;
                break;
            }
            bc_lcell *origin = cell;
            if (cell->merge_up) {
                origin = r ? owner[(r - 1) * ncols + c] : NULL;
                if (!origin || origin->grow + origin->rowspan != (int)r || origin->gcol != c) {
                    lerr(ld, cell->line, cell->col, "merge: up nhưng không có ô nào ngay phía trên để nối");
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
                    lerr(ld, cell->line, cell->col, "ô có colspan/rowspan vượt ra ngoài bảng");
                    bad = 1;
                    break;
                }
            }
            int span_rows = cell->merge_up ? 1 : cell->rowspan;
            for (int dr = 0; dr < span_rows; dr++)
                for (int dc = 0; dc < origin->colspan; dc++) {
                    bc_lcell **slot = &owner[(r + (size_t)dr) * ncols + (size_t)(c + dc)];
                    if (*slot) {
                        lerr(ld, cell->line, cell->col, "ô này chồng lên một ô đã gộp");
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
            lerr(ld, row->line, row->col, "dòng bảng phủ %d cột, bảng có %d cột (widths)", covered,
                 ncols);
    }
    free(owner);
}

static void parse_rows(loader *ld, const bc_ynode *n, bc_lrow **rows, size_t *nrows,
                       const char *what, int allow_group)
{
    if (!is_seq(ld, n, what))
        return;
    *rows = BC_NEW_N(ld->a, bc_lrow, n->n ? n->n : 1);
    for (size_t i = 0; *rows && i < n->n; i++)
        parse_row(ld, &(*rows)[(*nrows)++], n->items[i], NULL, allow_group);
}

static void parse_widths(loader *ld, bc_ltable *t, const bc_ynode *n, const bc_ynode *table)
{
    if (!n) {
        NERR(ld, table, "bảng thiếu widths (độ rộng tương đối của các cột)");
        return;
    }
    if (!is_seq(ld, n, "widths"))
        return;
    t->ncols = (int)n->n;
    t->widths = BC_NEW_N(ld->a, double, n->n ? n->n : 1);
    for (size_t i = 0; t->widths && i < n->n; i++)
        if (number(ld, n->items[i], "độ rộng cột", &t->widths[i]) && t->widths[i] <= 0)
            NERR(ld, n->items[i], "độ rộng cột phải lớn hơn 0");
    if (!n->n)
        NERR(ld, n, "widths không được rỗng");
}

static void parse_align(loader *ld, bc_ltable *t, const bc_ynode *n)
{
    static const char *const names[] = {"left", "center", "right", "justify"};
    t->align = BC_NEW_N(ld->a, bc_align, t->ncols ? t->ncols : 1);
    if (!t->align || !n)
        return;
    if (!is_seq(ld, n, "align"))
        return;
    if ((int)n->n != t->ncols)
        NERR(ld, n, "align có %zu giá trị, bảng có %d cột (widths)", n->n, t->ncols);
    for (size_t i = 0; i < n->n && (int)i < t->ncols; i++) {
        const char *s = scalar(ld, n->items[i], "align");
        int found = 0;
        for (int k = 0; s && k < 4; k++)
            if (!strcmp(s, names[k])) {
                t->align[i] = (bc_align)k;
                found = 1;
            }
        if (s && !found)
            NERR(ld, n->items[i], "align chỉ có left, center, right, justify; nhận được \"%s\"", s);
    }
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
            char *s = plain_range(ld, &cell->text, 0, cell->text.n);
            if (has_letter(s))
                return s;
        }
    }
    return NULL;
}

/* Binds the fields of a row: a placeholder's label is the wording before it in its cell, else
 * the wording of the row's earlier cells ("Tin tức, sự kiện"), else its column's header. */
static void bind_row(loader *ld, const bc_ltable *t, const bc_lrow *row)
{
    bc_buf before = BC_BUF_INIT;
    for (size_t i = 0; i < row->n; i++) {
        const bc_lcell *cell = &row->cells[i];
        const char *fallback = NULL;
        if (before.len)
            fallback = bc_arena_strdup(ld->a, before.data);
        int box = cell->text.n == 1 && cell->text.segs[0].kind == BC_SEG_CHECK;
        if (!fallback)
            fallback = column_header(ld, t, cell->gcol, box);
        bind_text(ld, &cell->text, fallback);
        char *s = plain_range(ld, &cell->text, 0, cell->text.n);
        if (has_letter(s))
            bc_buf_printf(&before, "%s%s", before.len ? " " : "", s);
    }
    bc_buf_free(&before);
}

static void parse_table_list(loader *ld, bc_ltable *t, const bc_ynode *tn)
{
    const bc_ynode *ln = bc_ymap_get(tn, "list"), *rn = bc_ymap_get(tn, "row");
    if (!ln && !rn)
        return;
    if (!ln || !rn) {
        NERR(ld, ln ? ln : rn, "bảng danh sách cần cả list: và row:");
        return;
    }
    const char *key = scalar(ld, ln, "list");
    const bc_field *f = key ? bc_layout_find(ld->l, key) : NULL;
    if (key && (!f || f->type != BC_FT_LIST)) {
        NERR(ld, ln, "list: \"%s\" không phải một trường kiểu list", key);
        f = NULL;
    }
    t->list = f;
    parse_row(ld, &t->row, rn, f, 0);
    if (f) {
        place_field(ld, (bc_field *)f, ld->context);
        place_rows(ld, &t->row, 1, t->ncols);
        bind_row(ld, t, &t->row);
    }
}

static bc_ltable *parse_table(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"widths", "header", "numbers", "align", "rows", "list",
                                       "row", NULL};
    bc_ltable *t = BC_NEW(ld->a, bc_ltable);
    if (!t || !is_map(ld, n, "table"))
        return t;
    check_keys(ld, n, keys, "table");
    parse_widths(ld, t, bc_ymap_get(n, "widths"), n);
    parse_align(ld, t, bc_ymap_get(n, "align"));
    const bc_ynode *x;
    if ((x = bc_ymap_get(n, "numbers")))
        boolean(ld, x, "numbers", &t->numbers);
    if ((x = bc_ymap_get(n, "header")))
        parse_rows(ld, x, &t->header, &t->nheader, "header", 0);
    if ((x = bc_ymap_get(n, "rows")))
        parse_rows(ld, x, &t->rows, &t->nrows, "rows", 1);
    if (t->ncols <= 0)
        return t;
    place_rows(ld, t->header, t->nheader, t->ncols);
    place_rows(ld, t->rows, t->nrows, t->ncols);
    for (size_t i = 0; i < t->nheader; i++)
        bind_row(ld, t, &t->header[i]);
    for (size_t i = 0; i < t->nrows; i++)
        bind_row(ld, t, &t->rows[i]);
    parse_table_list(ld, t, n);
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
        *t = parse_text(ld, x, NULL, 1);
        bind_text(ld, t, fallback);
    }
    return t;
}

static void parse_sig(loader *ld, bc_lsig *s, const bc_ynode *n)
{
    static const char *const keys[] = {"role", "place", "title", "note", "name", "space_mm", NULL};
    s->space_mm = 30;
    if (!is_map(ld, n, "cột chữ ký"))
        return;
    check_keys(ld, n, keys, "cột chữ ký");
    const bc_ynode *r = bc_ymap_get(n, "role");
    s->role = r ? scalar(ld, r, "role") : NULL;
    if (!r)
        NERR(ld, n, "cột chữ ký thiếu role (tên trường chữ ký, ví dụ thu-truong)");
    else if (s->role && !is_key(s->role))
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
    ld->item = ld->numbered = NULL;
    s->place = sig_text(ld, n, "place", bc_arena_printf(ld->a, "Địa danh, ngày ký (%s)", who));
    s->title = sig_text(ld, n, "title", who);
    s->note = sig_text(ld, n, "note", who);
    s->name = sig_text(ld, n, "name", bc_arena_printf(ld->a, "Họ và tên (%s)", who));
    double v;
    const bc_ynode *sp = bc_ymap_get(n, "space_mm");
    if (sp && number(ld, sp, "space_mm", &v)) {
        if (v < 5 || v > 150)
            NERR(ld, sp, "space_mm phải từ 5 đến 150");
        s->space_mm = v;
    }
}

/* ---- body ---- */

static const char *const block_names[] = {"title", "subtitle", "section", "item", "para",
                                          "table", "signatures", "page", NULL};

/* "MỤC 3. HẠ TẦNG …" → "mục 3"; "I. THÔNG TIN" → "mục I"; "Bảng 3A.1: …" → "bảng 3A.1". */
static const char *section_number(loader *ld, const char *text)
{
    char w1[64] = "", w2[64] = "";
    if (sscanf(text, "%63s %63s", w1, w2) < 1)
        return NULL;
    size_t n1 = strlen(w1);
    int roman_or_digit = n1 > 1 && (w1[n1 - 1] == '.' || w1[n1 - 1] == ')') &&
                         strspn(w1, "0123456789IVXLC") == n1 - 1;
    if (roman_or_digit)
        return bc_arena_printf(ld->a, "mục %.*s", (int)n1 - 1, w1);
    if (!*w2 || !isdigit((unsigned char)w2[0]))
        return NULL;
    size_t n2 = strlen(w2);
    while (n2 && (w2[n2 - 1] == '.' || w2[n2 - 1] == ':'))
        w2[--n2] = '\0';
    return bc_arena_printf(ld->a, "%s %s", lower(ld->a, w1), w2);
}

/* Indent of an item from its number: "1." 0; "1.1.", "1.1.1.", "a)" 1; "-", "+" 2. */
static int item_level(const char *num)
{
    if (!strcmp(num, "-") || !strcmp(num, "+") || !strcmp(num, "•"))
        return 2;
    size_t n = strlen(num);
    if (n && num[n - 1] == ')')
        return 1;
    int dots = 0;
    for (const char *p = num; *p; p++)
        dots += *p == '.';
    return dots >= 2 || (dots == 1 && num[n - 1] != '.') ? 1 : 0;
}

static void block_options(loader *ld, bc_lblock *b, const bc_ynode *n)
{
    static const char *const styles[] = {"title", "subtitle", "section", "item", "body", NULL};
    static const bc_style_id ids[] = {BC_STYLE_TITLE, BC_STYLE_SUBTITLE, BC_STYLE_SECTION,
                                      BC_STYLE_ITEM, BC_STYLE_BODY};
    const bc_ynode *x;
    double v;
    if ((x = bc_ymap_get(n, "level")) && number(ld, x, "level", &v)) {
        if (v < 0 || v > 6 || v != (int)v)
            NERR(ld, x, "level phải là số nguyên từ 0 đến 6");
        b->level = (int)v;
    }
    if ((x = bc_ymap_get(n, "style"))) {
        const char *s = scalar(ld, x, "style");
        int found = 0;
        for (int i = 0; s && styles[i]; i++)
            if (!strcmp(s, styles[i])) {
                b->style = ids[i];
                found = 1;
            }
        if (s && !found)
            NERR(ld, x, "style chỉ có title, subtitle, section, item, body; nhận được \"%s\"", s);
    }
}

/* The item part of `where`: "1.2." for a numbered item; "1.2. a)" for a lettered sub-item of
 * it; a dash item ("-") stays under the item before it, since a dash numbers nothing. */
static void set_item(loader *ld, const char *number)
{
    if (!number || !*number || item_level(number) == 2)
        return;
    size_t n = strlen(number);
    if (number[n - 1] == ')' && ld->numbered)
        ld->item = bc_arena_printf(ld->a, "%s %s", ld->numbered, number);
    else
        ld->item = number;
    if (number[n - 1] != ')')
        ld->numbered = number;
}

static void parse_wording_block(loader *ld, bc_lblock *b, const bc_ynode *n, const bc_ynode *v)
{
    static const bc_style_id defaults[] = {BC_STYLE_TITLE, BC_STYLE_SUBTITLE, BC_STYLE_SECTION,
                                           BC_STYLE_ITEM, BC_STYLE_BODY};
    b->style = defaults[b->kind];
    if (b->kind == BC_LB_ITEM) {
        b->number = scalar(ld, v, "số thứ tự của item");
        b->level = b->number ? item_level(b->number) : 0;
        v = bc_ymap_get(n, "text");
        if (!v) {
            NERR(ld, n, "item thiếu text");
            return;
        }
    }
    block_options(ld, b, n);
    b->text = parse_text(ld, v, NULL, 1);
    char *plain = plain_range(ld, &b->text, 0, b->text.n);
    if (b->kind == BC_LB_SECTION) {
        ld->section = section_number(ld, plain);
        ld->item = ld->numbered = NULL;
        ld->context = plain;
    } else if (b->kind == BC_LB_ITEM) {
        set_item(ld, b->number);
        size_t first = 0;
        while (first < b->text.n && !is_fill(&b->text.segs[first]))
            first++;
        const char *q = plain_range(ld, &b->text, 0, first);
        ld->context = has_letter(q) ? q : plain;
    }
    bind_text(ld, &b->text, ld->context);
}

static void parse_page(loader *ld, bc_lblock *b, const bc_ynode *v)
{
    const char *s = scalar(ld, v, "page");
    if (s && !strcmp(s, "landscape"))
        b->landscape = 1;
    else if (s && strcmp(s, "portrait"))
        NERR(ld, v, "page: chỉ có landscape hoặc portrait, nhận được \"%s\"", s);
}

static void parse_signatures(loader *ld, bc_lblock *b, const bc_ynode *v)
{
    if (!is_seq(ld, v, "signatures"))
        return;
    b->sigs = BC_NEW_N(ld->a, bc_lsig, v->n ? v->n : 1);
    for (size_t i = 0; b->sigs && i < v->n; i++)
        parse_sig(ld, &b->sigs[b->nsigs++], v->items[i]);
}

/* The block kind of a body element: the one key of `n` that names a block. */
static int block_kind(loader *ld, const bc_ynode *n)
{
    int kind = -1;
    for (size_t i = 0; i < n->n; i++) {
        const bc_ynode *k = BC_YKEY(n, i);
        for (int j = 0; block_names[j] && k->kind == BC_Y_SCALAR; j++)
            if (!strcmp(k->str, block_names[j])) {
                if (kind >= 0)
                    NERR(ld, k, "một khối chỉ có một loại, ở đây có cả %s và %s",
                         block_names[kind], block_names[j]);
                else
                    kind = j;
            }
    }
    if (kind < 0) {
        const bc_ynode *k = n->n ? BC_YKEY(n, 0) : n;
        NERR(ld, k, "khối không biết: \"%s\" (chỉ có title, subtitle, section, item, para, table, "
             "signatures, page)", k->kind == BC_Y_SCALAR ? k->str : "");
    }
    return kind;
}

static void parse_block(loader *ld, bc_lblock *b, const bc_ynode *n)
{
    static const char *const wording_opts[] = {"title", "subtitle", "section", "para", "level",
                                               "style", NULL};
    static const char *const item_opts[] = {"item", "text", "level", "style", NULL};
    if (!is_map(ld, n, "khối trong body"))
        return;
    int kind = block_kind(ld, n);
    if (kind < 0)
        return;
    b->kind = (bc_lblock_kind)kind;
    const bc_ynode *v = bc_ymap_get(n, block_names[kind]);
    switch (b->kind) {
    case BC_LB_TABLE:
    case BC_LB_SIGNATURES:
    case BC_LB_PAGE: {
        const char *only[] = {block_names[kind], NULL};
        check_keys(ld, n, only, block_names[kind]);
        if (b->kind == BC_LB_TABLE)
            b->table = parse_table(ld, v);
        else if (b->kind == BC_LB_PAGE)
            parse_page(ld, b, v);
        else
            parse_signatures(ld, b, v);
        break;
    }
    case BC_LB_ITEM:
        check_keys(ld, n, item_opts, "item");
        parse_wording_block(ld, b, n, v);
        break;
    default:
        check_keys(ld, n, wording_opts, block_names[kind]);
        parse_wording_block(ld, b, n, v);
    }
}

static void parse_body(loader *ld, const bc_ynode *n)
{
    if (!n) {
        lerr(ld, 1, 1, "biểu mẫu thiếu khóa body");
        return;
    }
    if (!is_seq(ld, n, "body"))
        return;
    bc_layout *l = ld->l;
    l->blocks = BC_NEW_N(ld->a, bc_lblock, n->n ? n->n : 1);
    for (size_t i = 0; l->blocks && i < n->n; i++)
        parse_block(ld, &l->blocks[l->nblocks++], n->items[i]);
}

/* ---- the rest of the file: identity, page, meta, footnotes ---- */

static void parse_footnotes(loader *ld, const bc_ynode *n)
{
    if (!n || !is_map(ld, n, "footnotes"))
        return;
    bc_layout *l = ld->l;
    l->notes = BC_NEW_N(ld->a, bc_lnote, n->n ? n->n : 1);
    for (size_t i = 0; l->notes && i < n->n; i++) {
        bc_lnote *note = &l->notes[l->nnotes++];
        note->id = BC_YKEY(n, i)->kind == BC_Y_SCALAR ? BC_YKEY(n, i)->str : "?";
    }
    /* Texts after all ids are known; a footnote cannot hold a footnote mark. */
    for (size_t i = 0; l->notes && i < n->n; i++)
        l->notes[i].text = parse_text(ld, BC_YVAL(n, i), NULL, 0);
}

static void check_notes_used(loader *ld, const bc_ynode *n)
{
    for (size_t i = 0; n && n->kind == BC_Y_MAP && i < ld->l->nnotes; i++)
        if (!ld->l->notes[i].used)
            NERR(ld, BC_YKEY(n, i), "chú thích \"%s\" được định nghĩa nhưng không được dùng ([^%s])",
                 ld->l->notes[i].id, ld->l->notes[i].id);
}

static void parse_margins(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"top", "bottom", "left", "right", NULL};
    bc_layout *l = ld->l;
    double *dst[] = {&l->margin_top, &l->margin_bottom, &l->margin_left, &l->margin_right};
    if (!is_map(ld, n, "margins_mm"))
        return;
    check_keys(ld, n, keys, "margins_mm");
    for (int i = 0; i < 4; i++) {
        const bc_ynode *x = bc_ymap_get(n, keys[i]);
        if (x && number(ld, x, keys[i], dst[i]) && (*dst[i] < 5 || *dst[i] > 60))
            NERR(ld, x, "lề %s phải từ 5 đến 60 mm", keys[i]);
    }
}

static void parse_page_setup(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"orientation", "margins_mm", "font_size", NULL};
    bc_layout *l = ld->l;
    l->margin_top = 20, l->margin_bottom = 20, l->margin_left = 30, l->margin_right = 15;
    l->font_size = 13;
    if (!n || !is_map(ld, n, "page"))
        return;
    check_keys(ld, n, keys, "page");
    const bc_ynode *x;
    if ((x = bc_ymap_get(n, "orientation"))) {
        const char *s = scalar(ld, x, "orientation");
        if (s && !strcmp(s, "landscape"))
            l->landscape = 1;
        else if (s && strcmp(s, "portrait"))
            NERR(ld, x, "orientation chỉ có portrait hoặc landscape, nhận được \"%s\"", s);
    }
    if ((x = bc_ymap_get(n, "margins_mm")))
        parse_margins(ld, x);
    if ((x = bc_ymap_get(n, "font_size")) && number(ld, x, "font_size", &l->font_size) &&
        (l->font_size < 8 || l->font_size > 20))
        NERR(ld, x, "font_size phải từ 8 đến 20");
}

static bc_text *meta_text(loader *ld, const bc_ynode *meta, const char *key)
{
    const bc_ynode *x = bc_ymap_get(meta, key);
    bc_text *t = x ? BC_NEW(ld->a, bc_text) : NULL;
    if (t)
        *t = parse_text(ld, x, NULL, 0);
    return t;
}

static void parse_meta(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"author", "subject", "keywords", NULL};
    if (!n || !is_map(ld, n, "meta"))
        return;
    check_keys(ld, n, keys, "meta");
    ld->l->meta_author = meta_text(ld, n, "author");
    ld->l->meta_subject = meta_text(ld, n, "subject");
    ld->l->meta_keywords = meta_text(ld, n, "keywords");
}

static const char *required_string(loader *ld, const bc_ynode *root, const char *key)
{
    const bc_ynode *x = bc_ymap_get(root, key);
    if (!x) {
        lerr(ld, root->line, root->col, "biểu mẫu thiếu khóa %s", key);
        return "";
    }
    const char *s = scalar(ld, x, key);
    return s ? bc_text_nfc(ld->a, s) : "";
}

/* ---- fields as `baocao fields` lists them ---- */

static const char *rules_text(bc_arena *a, const bc_field *f)
{
    bc_buf b = BC_BUF_INIT;
    double v;
    int implicit_min = f->type == BC_FT_INTEGER &&
                       !(f->min && bc_expr_constant(f->min, &v) && v < 0);
    if (implicit_min)
        bc_buf_puts(&b, "≥ 0");
    if (f->type == BC_FT_PERCENT)
        bc_buf_puts(&b, "0–100");
    if (f->type == BC_FT_YEAR)
        bc_buf_puts(&b, "1900–2100");
    if (f->type == BC_FT_DATE)
        bc_buf_puts(&b, "YYYY-MM-DD");
    if (f->min)
        bc_buf_printf(&b, "%s≥ %s", b.len ? "; " : "", f->min_src);
    if (f->max)
        bc_buf_printf(&b, "%s≤ %s", b.len ? "; " : "", f->max_src);
    for (size_t i = 0; i < f->noptions; i++)
        bc_buf_printf(&b, "%s%s", i ? ", " : b.len ? "; một trong: " : "một trong: ", f->options[i]);
    if (f->compute)
        bc_buf_printf(&b, "%s= %s", b.len ? "; " : "", f->compute_src);
    if (f->type == BC_FT_LIST)
        bc_buf_printf(&b, "%s≥ %d dòng", b.len ? "; " : "", f->min_rows);
    char *r = bc_arena_strdup(a, b.data ? b.data : "");
    bc_buf_free(&b);
    return r;
}

static void fill_info(bc_arena *a, bc_field_info *info, const bc_field *f)
{
    info->key = f->list ? bc_arena_printf(a, "%s[].%s", f->list->key, f->key) : f->key;
    info->type = bc_ftype_name(f->type);
    info->where = f->where;
    info->label = f->label;
    info->required = f->required;
    info->rules = rules_text(a, f);
}

static void build_infos(loader *ld)
{
    bc_layout *l = ld->l;
    /* Fields the body never shows (inputs of a formula, metadata) go last. */
    for (size_t i = 0; i < l->nfields; i++)
        if (!l->fields[i].placed)
            remember_order(ld, &l->fields[i]);
    size_t total = 0;
    for (size_t i = 0; i < ld->norder; i++)
        total += 1 + ld->order[i]->ncolumns;
    l->infos = BC_NEW_N(ld->a, bc_field_info, total ? total : 1);
    if (!l->infos)
        return;
    for (size_t i = 0; i < ld->norder; i++) {
        const bc_field *f = ld->order[i];
        fill_info(ld->a, &l->infos[l->ninfos++], f);
        for (size_t c = 0; c < f->ncolumns; c++) {
            bc_field *col = &f->columns[c];
            if (!col->placed)
                col->where = f->where;
            fill_info(ld->a, &l->infos[l->ninfos++], col);
        }
    }
}

static void parse_root(loader *ld, const bc_ynode *root)
{
    static const char *const keys[] = {"id", "title", "source", "page", "meta", "attachment",
                                       "fields", "footnotes", "body", NULL};
    bc_layout *l = ld->l;
    check_keys(ld, root, keys, "biểu mẫu");
    l->id = required_string(ld, root, "id");
    if (*l->id && !is_key(l->id))
        NERR(ld, bc_ymap_get(root, "id"), "id \"%s\" chỉ được có chữ ASCII, số, _ và -", l->id);
    l->title = required_string(ld, root, "title");
    l->source = required_string(ld, root, "source");
    parse_page_setup(ld, bc_ymap_get(root, "page"));
    const bc_ynode *x = bc_ymap_get(root, "attachment");
    if (x)
        boolean(ld, x, "attachment", &l->attachment);
    parse_fields(ld, bc_ymap_get(root, "fields"));
    parse_footnotes(ld, bc_ymap_get(root, "footnotes"));
    parse_meta(ld, bc_ymap_get(root, "meta"));
    parse_body(ld, bc_ymap_get(root, "body"));
    check_notes_used(ld, bc_ymap_get(root, "footnotes"));
    build_infos(ld);
}

bc_status bc_layout_load(const char *path, bc_layout **out, bc_err *err)
{
    *out = NULL;
    bc_arena a = BC_ARENA_INIT;
    bc_layout *l = BC_NEW(&a, bc_layout);
    if (!l)
        return bc_err_add(err, BC_FAIL, path, 0, 0, "hết bộ nhớ");
    bc_err mine = BC_ERR_INIT;
    bc_ynode *root = NULL;
    l->path = bc_arena_strdup(&a, path);
    bc_yaml_load(&a, path, &root, &mine);
    if (root) { /* a repeated key still leaves a whole tree: check the rest too */
        loader ld = {l, &a, path, &mine, NULL, NULL, NULL, "", NULL, 0, 0, NULL, 0};
        ld.roles = BC_NEW_N(&a, const char *, 64);
        if (root->kind != BC_Y_MAP)
            lerr(&ld, root->line, root->col, "biểu mẫu phải là một bảng khóa–giá trị (id, title, …)");
        else
            parse_root(&ld, root);
    }
    bc_status st = mine.n ? (mine.status ? mine.status : BC_BADINPUT) : BC_OK;
    bc_err_merge(err, &mine);
    l->arena = a;
    if (st != BC_OK) {
        bc_layout_free(l);
        return st;
    }
    *out = l;
    return BC_OK;
}

void bc_layout_free(bc_layout *l)
{
    if (!l)
        return;
    bc_arena a = l->arena; /* the layout lives in its own arena */
    bc_arena_free(&a);
}

const char *bc_layout_id(const bc_layout *l) { return l->id; }
const char *bc_layout_title(const bc_layout *l) { return l->title; }
const char *bc_layout_source(const bc_layout *l) { return l->source; }
size_t bc_layout_nfields(const bc_layout *l) { return l->ninfos; }

const bc_field_info *bc_layout_field(const bc_layout *l, size_t i)
{
    return i < l->ninfos ? &l->infos[i] : NULL;
}

/* ---- finding a layout by id ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* The `id:` of a layout file, read without checking the rest (NULL if none). */
static char *peek_id(const char *path)
{
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_ynode *root = NULL;
    char *id = NULL;
    if (bc_yaml_load(&a, path, &root, &e) == BC_OK) {
        const bc_ynode *x = bc_ymap_get(root, "id");
        if (x && x->kind == BC_Y_SCALAR)
            id = strdup(x->str);
    }
    bc_err_free(&e);
    bc_arena_free(&a);
    return id;
}

bc_status bc_layout_resolve(const char *id_or_path, const char *layouts_dir, char **path,
                            bc_err *err)
{
    struct stat st;
    *path = NULL;
    if (ends_with(id_or_path, ".yaml") || ends_with(id_or_path, ".yml") ||
        (strchr(id_or_path, '/') && stat(id_or_path, &st) == 0 && S_ISREG(st.st_mode))) {
        *path = strdup(id_or_path);
        return *path ? BC_OK : bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    }
    DIR *d = opendir(layouts_dir);
    if (!d)
        return bc_err_add(err, BC_BADINPUT, layouts_dir, 0, 0,
                          "không mở được thư mục biểu mẫu; đặt BAOCAO_LAYOUTS hoặc dùng --form TỆP.yaml");
    bc_buf known = BC_BUF_INIT;
    struct dirent *de;
    int dup = 0;
    while ((de = readdir(d))) {
        if (!ends_with(de->d_name, ".yaml"))
            continue;
        char *file = malloc(strlen(layouts_dir) + strlen(de->d_name) + 2);
        if (!file)
            break;
        sprintf(file, "%s/%s", layouts_dir, de->d_name);
        char *id = peek_id(file);
        if (id && !strcmp(id, id_or_path)) {
            if (*path) {
                bc_err_add(err, BC_BADINPUT, file, 0, 0, "id \"%s\" trùng với %s", id, *path);
                dup = 1;
            } else {
                *path = file;
                file = NULL;
            }
        }
        if (id)
            bc_buf_printf(&known, "%s%s", known.len ? ", " : "", id);
        free(id);
        free(file);
    }
    closedir(d);
    bc_status st2 = BC_OK;
    if (dup) {
        free(*path);
        *path = NULL;
        st2 = BC_BADINPUT;
    } else if (!*path) {
        st2 = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "không có biểu mẫu \"%s\" trong %s (có: %s)",
                         id_or_path, layouts_dir, known.data ? known.data : "không có");
    }
    bc_buf_free(&known);
    return st2;
}
