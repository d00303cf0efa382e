/* layout_text.c — the loader's wording: YAML helpers, markup into segments, and binding each
 * field to the place it first appears (its `where` and default label). See layout_load.h and the
 * text rules in layouts/README.md.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "form/layout_load.h"
#include "util/buf.h"
#include "util/text.h"

/* A warning the layout still loads with, "FILE:LINE:COL: message", kept in order. */
static void add_warning(loader *ld, int line, int col, const char *msg)
{
    bc_layout *l = ld->l;
    const char **v = BC_NEW_N(ld->a, const char *, l->nwarnings + 1);
    if (!v)
        return;
    if (l->nwarnings)
        memcpy(v, l->warnings, sizeof *v * l->nwarnings);
    v[l->nwarnings] = bc_arena_printf(ld->a, "%s:%d:%d: %s", ld->file, line, col, msg);
    if (v[l->nwarnings]) {
        l->warnings = v;
        l->nwarnings++;
    }
}

static void vreport(loader *ld, int warn, int line, int col, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (warn)
        add_warning(ld, line, col, msg);
    else
        bc_err_add(ld->err, BC_BADINPUT, ld->file, line, col, "%s", msg);
}

void ld_lerr(loader *ld, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ld, 0, line, col, fmt, ap);
    va_end(ap);
}

void ld_warn(loader *ld, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(ld, 1, line, col, fmt, ap);
    va_end(ap);
}

/* ---- small helpers over YAML nodes ---- */

const char *ld_scalar(loader *ld, const bc_ynode *n, const char *what)
{
    if (n && n->kind == BC_Y_SCALAR)
        return n->str;
    if (n)
        NERR(ld, n, "%s phải là một giá trị, không phải %s", what, bc_ynode_kind_name(n));
    return NULL;
}

int ld_number(loader *ld, const bc_ynode *n, const char *what, double *v)
{
    const char *s = ld_scalar(ld, n, what);
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

int ld_boolean(loader *ld, const bc_ynode *n, const char *what, int *v)
{
    const char *s = ld_scalar(ld, n, what);
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
void ld_check_keys(loader *ld, const bc_ynode *map, const char *const *known,
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

int ld_is_map(loader *ld, const bc_ynode *n, const char *what)
{
    if (n && n->kind == BC_Y_MAP)
        return 1;
    if (n)
        NERR(ld, n, "%s phải là một bảng khóa–giá trị, không phải %s", what,
             bc_ynode_kind_name(n));
    return 0;
}

int ld_is_seq(loader *ld, const bc_ynode *n, const char *what)
{
    if (n && n->kind == BC_Y_SEQ)
        return 1;
    if (n)
        NERR(ld, n, "%s phải là một danh sách, không phải %s", what, bc_ynode_kind_name(n));
    return 0;
}

int ld_is_key(const char *s)
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
int ld_has_letter(const char *s)
{
    while (*s) {
        uint32_t cp = bc_utf8_next(&s);
        utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO)
            return 1;
    }
    return 0;
}

char *ld_lower(bc_arena *a, const char *s)
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
int ld_col_at(const bc_ynode *n, size_t off)
{
    if (n->end_line != n->line)
        return n->col;
    size_t chars = 0;
    for (size_t i = 0; i < off && n->str[i]; i++)
        if (((unsigned char)n->str[i] & 0xC0) != 0x80)
            chars++;
    return n->col + (n->plain ? 0 : 1) + (int)chars;
}

const bc_field *ld_resolve_key(const bc_layout *l, const bc_field *list, const char *key)
{
    const bc_field *f = list ? bc_field_column(list, key) : NULL;
    return f ? f : bc_layout_find(l, key);
}

static void add_literal(loader *ld, segs *s, bc_buf *lit, int bold)
{
    if (!lit->len)
        return;
    bc_seg *g = seg_push(ld, s, BC_SEG_TEXT, bold);
    /* The tree promises NFC (libharu cannot place decomposed marks), whoever typed the layout. */
    if (g)
        g->text = bc_text_nfc(ld->a, bc_arena_strndup(ld->a, lit->data, lit->len));
    lit->len = 0;
}

/* Drops the spaces at the end of the pending literal (before a break or a tab). */
static void trim_space(bc_buf *lit)
{
    while (lit->len && lit->data[lit->len - 1] == ' ')
        lit->len--;
}

static void placeholder(loader *ld, const bc_ynode *n, size_t off, const char *inner,
                        const bc_field *list, segs *s, int bold)
{
    int col = ld_col_at(n, off);
    if (!strcmp(inner, "#")) {
        if (!list)
            ld_lerr(ld, n->line, col,
                    "{#} chỉ dùng được trong dòng mẫu (row:) của một bảng danh sách");
        seg_push(ld, s, BC_SEG_ROWNUM, bold);
        return;
    }
    char *key = bc_arena_strdup(ld->a, inner);
    char *opt = strchr(key, ':'), *part = strchr(key, '.');
    if (opt)
        *opt++ = '\0';
    else if (part)
        *part++ = '\0';
    const bc_field *f = ld_resolve_key(ld->l, list, key);
    if (!f) {
        ld_lerr(ld, n->line, col, "chỗ điền {%s} không ứng với trường nào trong fields", inner);
        return;
    }
    if (f->type == BC_FT_LIST) {
        ld_lerr(ld, n->line, col, "{%s} là một danh sách: hãy dùng nó trong bảng (table: list:)",
                key);
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
            ld_lerr(ld, n->line, col, "{%s:%s}: ô đánh dấu cần trường kiểu choice hoặc choices, "
                 "\"%s\" là %s", key, opt, key, bc_ftype_name(f->type));
        else if (!found)
            ld_lerr(ld, n->line, col, "{%s:%s}: \"%s\" không có trong options của \"%s\"", key, opt,
                 opt, key);
    } else if (part) {
        static const char *const parts[] = {"day", "month", "year"};
        for (int i = 0; i < 3; i++)
            if (!strcmp(part, parts[i]))
                g->part = (bc_part)(BC_PART_DAY + i);
        if (g->part == BC_PART_ALL)
            ld_lerr(ld, n->line, col, "{%s.%s}: chỉ có .day, .month, .year", key, part);
        else if (f->type != BC_FT_DATE)
            ld_lerr(ld, n->line, col, "{%s.%s}: \"%s\" không phải kiểu date", key, part, key);
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
        ld_lerr(ld, n->line, ld_col_at(n, off), "chú thích [^%s] không được đặt ở đây", id);
    else if (!note)
        ld_lerr(ld, n->line, ld_col_at(n, off),
                "chú thích [^%s] chưa được định nghĩa trong footnotes", id);
    else
        note->used = 1;
    bc_seg *g = seg_push(ld, s, BC_SEG_NOTE, bold);
    if (g)
        g->note = id;
    return (int)(end - p) + 1;
}

/* Splits wording into segments. `list` is the list whose row the wording lays out (or NULL);
 * `allow_notes` is 0 where a footnote mark cannot print (footnote texts, metadata). */
bc_text ld_parse_text(loader *ld, const bc_ynode *n, const bc_field *list, int allow_notes)
{
    bc_text t = {NULL, 0, ""};
    const char *src = ld_scalar(ld, n, "nội dung");
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
                ld_lerr(ld, n->line, ld_col_at(n, off),
                        "thiếu dấu '}' đóng chỗ điền (viết {{ cho dấu { thường)");
                break;
            }
            add_literal(ld, &s, &lit, bold);
            char *inner = bc_arena_strndup(ld->a, p + 1, (size_t)(end - p - 1));
            placeholder(ld, n, off, inner, list, &s, bold);
            p = end + 1;
        } else if (p[0] == '\n' || p[0] == '\t') {
            trim_space(&lit);
            add_literal(ld, &s, &lit, bold);
            seg_push(ld, &s, p[0] == '\n' ? BC_SEG_BREAK : BC_SEG_TAB, bold);
            p++;
            while (*p == ' ' || *p == '\r')
                p++; /* a break or a tab already separates: spaces after it are indentation */
        } else if (p[0] == ' ' || p[0] == '\r') {
            /* Runs of spaces print as one, in every renderer: the official wording's double
             * spaces are typing accidents; alignment is what tabs are for. */
            if (!lit.len || lit.data[lit.len - 1] != ' ')
                bc_buf_putc(&lit, ' ');
            p++;
        } else {
            if (p[0] == '}')
                ld_lerr(ld, n->line, ld_col_at(n, off), "dấu '}' lẻ (viết }} cho dấu } thường)");
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
char *ld_plain_range(loader *ld, const bc_text *t, size_t from, size_t to)
{
    bc_buf b = BC_BUF_INIT;
    for (size_t i = from; i < to && i < t->n; i++)
        if (t->segs[i].kind == BC_SEG_TEXT)
            bc_buf_puts(&b, t->segs[i].text);
        else if (t->segs[i].kind == BC_SEG_BREAK || t->segs[i].kind == BC_SEG_TAB)
            bc_buf_putc(&b, ' '); /* a label is one line */
    char *r = bc_arena_strdup(ld->a, b.data ? b.data : "");
    bc_buf_free(&b);
    trim_label(r);
    return r;
}

int ld_is_fill(const bc_seg *g)
{
    return g->kind == BC_SEG_FIELD || g->kind == BC_SEG_CHECK || g->kind == BC_SEG_ROWNUM;
}

/* Default label of the placeholder at segment i: the wording since the previous placeholder,
 * else the wording before the first one, else NULL (the caller knows a better fallback). */
static const char *label_before(loader *ld, const bc_text *t, size_t i)
{
    size_t prev = i;
    while (prev > 0 && !ld_is_fill(&t->segs[prev - 1]))
        prev--;
    char *s = ld_plain_range(ld, t, prev, i);
    if (ld_has_letter(s))
        return s;
    size_t first = 0;
    while (first < t->n && !ld_is_fill(&t->segs[first]))
        first++;
    s = ld_plain_range(ld, t, 0, first);
    return ld_has_letter(s) ? s : NULL;
}

void ld_remember_order(loader *ld, const bc_field *f)
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

void ld_place_field(loader *ld, bc_field *f, const char *label)
{
    if (f->placed)
        return;
    f->placed = 1;
    f->where = current_where(ld);
    if (!f->label_given && label && *label)
        f->label = label;
    if (!f->list) /* columns are listed right after their list */
        ld_remember_order(ld, f);
}

/* Binds the fields of wording to this place; `fallback` is the label when the wording has none
 * in front of a placeholder (a table column's header, the item's question). */
void ld_name_options(loader *ld, const bc_text *t, const char *header)
{
    for (size_t i = 0; i < t->n; i++) {
        const bc_seg *g = &t->segs[i];
        if (g->kind != BC_SEG_CHECK || !g->field->option_text)
            continue;
        size_t end = i + 1;
        while (end < t->n && !ld_is_fill(&t->segs[end]))
            end++;
        const char *s = ld_plain_range(ld, t, i + 1, end);
        if (!ld_has_letter(s) && !(header && ld_has_letter(header)))
            continue;
        bc_field *f = (bc_field *)g->field; /* the loader still builds it */
        for (size_t k = 0; k < f->noptions; k++)
            if (!strcmp(f->options[k], g->option) && !f->option_text[k])
                f->option_text[k] = bc_text_nfc(ld->a, ld_has_letter(s) ? s : header);
    }
}

void ld_bind_text(loader *ld, const bc_text *t, const char *fallback)
{
    ld_name_options(ld, t, NULL);
    for (size_t i = 0; i < t->n; i++) {
        const bc_seg *g = &t->segs[i];
        if ((g->kind != BC_SEG_FIELD && g->kind != BC_SEG_CHECK) || g->field->placed)
            continue;
        /* A check box's own wording names the option, not the question; the wording before a
         * day of a date is "ngày", which the caller's fallback beats. */
        int own = g->kind == BC_SEG_FIELD && (g->part == BC_PART_ALL || !fallback);
        const char *label = own ? label_before(ld, t, i) : NULL;
        ld_place_field(ld, (bc_field *)g->field, label ? label : fallback ? fallback : ld->context);
    }
}

