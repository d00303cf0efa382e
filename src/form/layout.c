/* layout.c — loads and checks a layout (language: layouts/README.md).
 *
 * Loading is one pass over the YAML tree that both builds the model and reports every problem
 * of the layout with its line and column; a layout with any problem is refused as a whole, so
 * the data checks and the build step may trust what they get. While walking the body in order,
 * each field is bound to the first place it appears: the section and item numbers give its
 * `where`, the wording in front of it its default label.
 */
#include "form/layout_load.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/suggest.h"
#include "util/text.h"

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
    size_t i;
    if (l->by_key.cap) /* made once the fields are read; until then, a scan */
        return bc_strmap_get(&l->by_key, key, &i) ? &l->fields[i] : NULL;
    for (i = 0; i < l->nfields; i++)
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

/* ---- fields ---- */

static const char *const field_props[] = {"type", "required", "label", "min", "max", "options",
                                          "compute", "decimals", "blank_mm", "columns",
                                          "min_rows", "parts", "parts_sum", "lines", "box",
                                          "required_if", "forbidden_if", NULL};

static void parse_options(loader *ld, bc_field *f, const bc_ynode *n)
{
    if (!ld_is_seq(ld, n, "options"))
        return;
    f->options = BC_NEW_N(ld->a, const char *, n->n ? n->n : 1);
    f->option_text = BC_NEW_N(ld->a, const char *, n->n ? n->n : 1);
    bc_strmap seen = BC_STRMAP_INIT;
    for (size_t i = 0; f->options && f->option_text && i < n->n; i++) {
        const char *o = ld_scalar(ld, n->items[i], "một lựa chọn");
        if (!o)
            continue;
        if (!ld_is_key(o))
            NERR(ld, n->items[i], "lựa chọn \"%s\" phải là một khóa ASCII (chữ, số, _ hoặc -)", o);
        if (bc_strmap_add(&seen, o, i, NULL) == 0)
            NERR(ld, n->items[i], "lựa chọn \"%s\" lặp lại", o);
        f->options[f->noptions++] = o;
    }
    bc_strmap_free(&seen);
    if (!n->n)
        NERR(ld, n, "options không được rỗng");
}

static bc_expr *parse_expr(loader *ld, const bc_ynode *n, const char *what, const char **src)
{
    const char *s = ld_scalar(ld, n, what);
    if (!s)
        return NULL;
    const char *msg;
    size_t pos;
    bc_expr *e = bc_expr_parse(ld->a, s, &msg, &pos);
    if (!e)
        ld_lerr(ld, n->line, ld_col_at(n, pos), "biểu thức %s \"%s\" sai: %s", what, s,
             msg ? msg : "hết bộ nhớ");
    *src = s;
    return e;
}

static void parse_field(loader *ld, bc_field *f, const bc_ynode *key, const bc_ynode *def,
                        int in_list);

static void parse_columns(loader *ld, bc_field *f, const bc_ynode *n)
{
    if (!ld_is_map(ld, n, "columns"))
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
    const char *t = ld_scalar(ld, n, "type");
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
    if ((n = bc_ymap_get(def, "decimals")) && ld_number(ld, n, "decimals", &v)) {
        if (v < 0 || v > 6 || v != (int)v)
            NERR(ld, n, "decimals phải là số nguyên từ 0 đến 6");
        f->decimals = (int)v;
    }
    if ((n = bc_ymap_get(def, "blank_mm")) && ld_number(ld, n, "blank_mm", &v)) {
        if (v <= 0 || v > 200)
            NERR(ld, n, "blank_mm phải lớn hơn 0 và không quá 200");
        f->blank_mm = v;
    }
    if ((n = bc_ymap_get(def, "lines")) && ld_number(ld, n, "lines", &v)) {
        if (v < 1 || v > BC_MAX_ANSWER_LINES || v != (int)v)
            NERR(ld, n, "lines phải là số nguyên từ 1 đến %d", BC_MAX_ANSWER_LINES);
        else if (f->type != BC_FT_TEXT)
            NERR(ld, n, "lines chỉ dùng cho kiểu text (một vùng trả lời nhiều dòng)");
        f->lines = (int)v;
    }
    if ((n = bc_ymap_get(def, "box")) && ld_boolean(ld, n, "box", &f->boxed) && f->boxed &&
        (f->type == BC_FT_CHOICE || f->type == BC_FT_CHOICES || f->type == BC_FT_LIST))
        NERR(ld, n, "box không dùng cho kiểu %s", bc_ftype_name(f->type));
    if ((n = bc_ymap_get(def, "min_rows")) && ld_number(ld, n, "min_rows", &v)) {
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
    static const char *const numeric_only[] = {"min", "max", "compute", "parts", "parts_sum",
                                               NULL};
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
    if (!ld_is_key(f->key))
        NERR(ld, key, "khóa trường \"%s\" chỉ được có chữ ASCII, số, _ và -", f->key);
    if (!ld_is_map(ld, def, "định nghĩa trường"))
        return;
    ld_check_keys(ld, def, field_props, "định nghĩa trường");
    const bc_ynode *n;
    if ((n = bc_ymap_get(def, "type")))
        parse_type(ld, f, n);
    if ((n = bc_ymap_get(def, "required")))
        ld_boolean(ld, n, "required", &f->required);
    if ((n = bc_ymap_get(def, "label")) && (f->label = ld_scalar(ld, n, "label"))) {
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
    int line = kc->node->line, col = ld_col_at(kc->node, pos);
    if (!list) {
        const bc_field *f = ld_resolve_key(l, kc->list, name);
        if (!f)
            ld_lerr(kc->ld, line, col, "biểu thức nhắc đến \"%s\", không có trường nào như vậy",
                    name);
        else if (!bc_ftype_numeric(f->type))
            ld_lerr(kc->ld, line, col, "biểu thức dùng \"%s\" kiểu %s, cần một trường kiểu số",
                    name, bc_ftype_name(f->type));
        return 0;
    }
    const bc_field *lf = bc_layout_find(l, list);
    if (!lf || lf->type != BC_FT_LIST) {
        ld_lerr(kc->ld, line, col, "\"%s\" không phải một trường kiểu list", list);
        return 0;
    }
    const bc_field *c = name ? bc_field_column(lf, name) : NULL;
    if (name && (!c || !bc_ftype_numeric(c->type)))
        ld_lerr(kc->ld, line, col, "danh sách \"%s\" không có cột số \"%s\"", list, name);
    return 0;
}

/* ---- parts of a total ("Trong đó") ---- */

static void parse_parts_sum(loader *ld, bc_field *f, const bc_ynode *def)
{
    const bc_ynode *n = bc_ymap_get(def, "parts_sum");
    if (!n)
        return;
    if (!bc_ymap_get(def, "parts"))
        NERR(ld, n, "parts_sum cần parts (danh sách các trường cộng lại không quá tổng)");
    const char *s = ld_scalar(ld, n, "parts_sum");
    if (s && !strcmp(s, "exactly"))
        f->parts_exact = 1;
    else if (s && strcmp(s, "at_most"))
        NERR(ld, n, "parts_sum chỉ có at_most (các phần cộng lại không quá tổng) hoặc exactly "
             "(đúng bằng tổng), nhận được \"%s\"", s);
}

/* One entry of `parts`: a numeric field of the same scope, not the total, not twice. */
static const bc_field *resolve_part(loader *ld, const bc_field *f, const bc_ynode *item)
{
    const char *key = ld_scalar(ld, item, "một trường trong parts");
    if (!key)
        return NULL;
    const bc_field *p = ld_resolve_key(ld->l, f->list, key);
    if (!p) {
        const char **keys = BC_NEW_N(ld->a, const char *, ld->l->nfields + 1);
        for (size_t i = 0; keys && i < ld->l->nfields; i++)
            keys[i] = ld->l->fields[i].key;
        const char *near = keys ? bc_suggest(key, keys, ld->l->nfields) : NULL;
        NERR(ld, item, "parts nhắc đến \"%s\", không có trường nào như vậy%s%s%s", key,
             near ? " (có phải \"" : "", near ? near : "", near ? "\"?)" : "");
        return NULL;
    }
    if (!bc_ftype_numeric(p->type) || p->type == BC_FT_YEAR) {
        NERR(ld, item, "parts: \"%s\" kiểu %s, một phần của tổng phải là trường kiểu số "
             "(integer, decimal)", key, bc_ftype_name(p->type));
        return NULL;
    }
    if (p == f) {
        NERR(ld, item, "parts: \"%s\" là chính trường tổng", key);
        return NULL;
    }
    if (f->list && p->list != f->list) {
        NERR(ld, item, "parts: \"%s\" không phải một cột của cùng dòng", key);
        return NULL;
    }
    for (size_t i = 0; i < f->nparts; i++)
        if (f->parts[i] == p) {
            NERR(ld, item, "parts: \"%s\" có hai lần", key);
            return NULL;
        }
    return p;
}

static void resolve_parts(loader *ld, bc_field *f, const bc_ynode *def)
{
    parse_parts_sum(ld, f, def);
    const bc_ynode *n = bc_ymap_get(def, "parts");
    if (!n || !bc_ftype_numeric(f->type) || !ld_is_seq(ld, n, "parts"))
        return;
    if (n->n < 2) {
        NERR(ld, n, "parts cần ít nhất hai trường (một phần thì dùng max)");
        return;
    }
    f->parts = BC_NEW_N(ld->a, const bc_field *, n->n);
    for (size_t i = 0; f->parts && i < n->n; i++) {
        const bc_field *p = resolve_part(ld, f, n->items[i]);
        if (p)
            f->parts[f->nparts++] = p;
    }
}

/* `required_if: {field: KEY, is: OPTION}` (or `forbidden_if`): KEY must be a top-level choice
 * field and OPTION one of its options. */
static void resolve_condition(loader *ld, bc_field *f, const bc_ynode *def)
{
    static const char *const names[] = {"required_if", "forbidden_if"};
    static const char *const keys[] = {"field", "is", NULL};
    for (int k = 0; k < 2; k++) {
        const bc_ynode *c = bc_ymap_get(def, names[k]);
        if (!c || !ld_is_map(ld, c, names[k]))
            continue;
        ld_check_keys(ld, c, keys, names[k]);
        const bc_ynode *fn = bc_ymap_get(c, "field"), *on = bc_ymap_get(c, "is");
        if (!fn || !on) {
            NERR(ld, c, "%s cần cả field: và is:", names[k]);
            continue;
        }
        const char *key = ld_scalar(ld, fn, "field"), *opt = ld_scalar(ld, on, "is");
        const bc_field *q = key ? bc_layout_find(ld->l, key) : NULL;
        if (f->list)
            NERR(ld, c, "%s chỉ dùng cho trường ngoài danh sách", names[k]);
        else if (f->cond)
            NERR(ld, c, "một trường chỉ có một trong required_if, forbidden_if");
        else if (key && (!q || (q->type != BC_FT_CHOICE && q->type != BC_FT_CHOICES)))
            NERR(ld, fn, "%s: \"%s\" không phải một trường kiểu choice hoặc choices", names[k],
                 key);
        else if (q == f)
            NERR(ld, fn, "%s: trường không thể phụ thuộc vào chính nó", names[k]);
        else if (q && opt) {
            size_t i = 0;
            while (i < q->noptions && strcmp(q->options[i], opt))
                i++;
            if (i == q->noptions)
                NERR(ld, on, "%s: \"%s\" không có trong options của \"%s\"", names[k], opt,
                     key);
            f->cond = q;
            f->cond_option = opt;
            f->cond_forbids = k == 1;
        }
    }
}

static void check_field_exprs(loader *ld, bc_field *f, const bc_ynode *def)
{
    if (!def || def->kind != BC_Y_MAP)
        return;
    resolve_parts(ld, f, def);
    resolve_condition(ld, f, def);
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
        ld_lerr(ld, 1, 1, "biểu mẫu thiếu khóa fields");
        return;
    }
    if (!ld_is_map(ld, n, "fields"))
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
    /* The index keeps the first of a repeated key, as the scan did (the repeat is an error). */
    for (size_t i = 0; i < l->nfields; i++)
        if (bc_strmap_add(&l->by_key, l->fields[i].key, i, NULL) < 0) {
            bc_strmap_free(&l->by_key);
            ld_lerr(ld, 1, 1, "hết bộ nhớ");
            break;
        }
    /* Expressions may name any field, so they are checked once all are declared. */
    for (size_t i = 0; i < l->nfields; i++)
        check_field_exprs(ld, &l->fields[i], BC_YVAL(n, i));
}

/* ---- body ---- */

static const char *const block_names[] = {"title", "subtitle", "section", "item", "para",
                                          "table", "signatures", "page", NULL};

/* A section's own number, ending in '.' or ')': digits ("3."), a Roman numeral ("IV."), or one
 * capital letter ("A." … "H.", "Đ."). */
static int is_section_label(const char *w)
{
    size_t n = strlen(w);
    if (n < 2 || (w[n - 1] != '.' && w[n - 1] != ')'))
        return 0;
    if (strspn(w, "0123456789IVXLC") == n - 1)
        return 1;
    return (n == 2 && w[0] >= 'A' && w[0] <= 'Z') || (n == 3 && !strncmp(w, "Đ", 2));
}

/* A lettered item: one small letter and '.' or ')' ("a.", "đ)"), named under its numbered item. */
static int is_letter_item(const char *num)
{
    size_t n = strlen(num);
    if (n < 2 || (num[n - 1] != '.' && num[n - 1] != ')'))
        return 0;
    return (n == 2 && num[0] >= 'a' && num[0] <= 'z') || (n == 3 && !strncmp(num, "đ", 2));
}

/* "MỤC 3. HẠ TẦNG …" → "mục 3"; "I. THÔNG TIN" → "mục I"; "B. …", "MỤC B." → "mục B";
 * "Bảng 3A.1: …" → "bảng 3A.1". */
static const char *section_number(loader *ld, const char *text)
{
    char w1[64] = "", w2[64] = "";
    if (sscanf(text, "%63s %63s", w1, w2) < 1)
        return NULL;
    size_t n1 = strlen(w1);
    if (is_section_label(w1))
        return bc_arena_printf(ld->a, "mục %.*s", (int)n1 - 1, w1);
    if (!*w2 || !(isdigit((unsigned char)w2[0]) || is_section_label(w2)))
        return NULL;
    size_t n2 = strlen(w2);
    while (n2 && (w2[n2 - 1] == '.' || w2[n2 - 1] == ':'))
        w2[--n2] = '\0';
    return bc_arena_printf(ld->a, "%s %s", ld_lower(ld->a, w1), w2);
}

/* Indent of an item from its number: "1." 0; "1.1.", "1.1.1.", "a)" 1; "-", "+" 2. */
static int item_level(const char *num)
{
    if (!strcmp(num, "-") || !strcmp(num, "+") || !strcmp(num, "•"))
        return 2;
    size_t n = strlen(num);
    if ((n && num[n - 1] == ')') || is_letter_item(num))
        return 1;
    int dots = 0;
    for (const char *p = num; *p; p++)
        dots += *p == '.';
    return dots >= 2 || (dots == 1 && num[n - 1] != '.') ? 1 : 0;
}

/* `tabs_mm: [10, 60, 115]`: ascending stops inside the text width, at most 8. */
static void parse_tabs(loader *ld, bc_lblock *b, const bc_ynode *n)
{
    if (!ld_is_seq(ld, n, "tabs_mm"))
        return;
    if (n->n > 8 || n->n == 0)
        NERR(ld, n, "tabs_mm có từ 1 đến 8 điểm dừng, ở đây có %zu", n->n);
    double prev = -1, v;
    for (size_t i = 0; i < n->n && i < 8; i++) {
        if (!ld_number(ld, n->items[i], "điểm dừng tab", &v))
            continue;
        if (v <= prev || v < 0 || v > 280)
            NERR(ld, n->items[i], "điểm dừng tab phải tăng dần, từ 0 đến 280 mm");
        b->tabs_mm[b->ntabs++] = prev = v;
    }
}

static void block_options(loader *ld, bc_lblock *b, const bc_ynode *n)
{
    static const char *const styles[] = {"title", "subtitle", "section", "item", "body", NULL};
    static const bc_style_id ids[] = {BC_STYLE_TITLE, BC_STYLE_SUBTITLE, BC_STYLE_SECTION,
                                      BC_STYLE_ITEM, BC_STYLE_BODY};
    const bc_ynode *x;
    double v;
    if ((x = bc_ymap_get(n, "level")) && ld_number(ld, x, "level", &v)) {
        if (v < 0 || v > 6 || v != (int)v)
            NERR(ld, x, "level phải là số nguyên từ 0 đến 6");
        b->level = (int)v;
    }
    if ((x = bc_ymap_get(n, "tabs_mm")))
        parse_tabs(ld, b, x);
    if ((x = bc_ymap_get(n, "style"))) {
        const char *s = ld_scalar(ld, x, "style");
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
    int sub = number[n - 1] == ')' || is_letter_item(number);
    if (sub && ld->numbered)
        ld->item = bc_arena_printf(ld->a, "%s %s", ld->numbered, number);
    else
        ld->item = number;
    if (!sub)
        ld->numbered = number;
}

/* Bytes of the first `chars` characters of `s` (all of it when shorter), whole characters. */
static size_t utf8_prefix(const char *s, size_t chars)
{
    const char *p = s;
    while (*p && chars--)
        bc_utf8_next(&p);
    return (size_t)(p - s);
}

/* Official forms repeat an item number inside a section now and then: a warning, and the item's
 * `where` adds the start of its wording so that a message still names one line. */
static void check_repeated_item(loader *ld, const bc_ynode *n, const char *plain)
{
    const char *item = ld->item;
    if (!item)
        return;
    if (bc_strmap_add(&ld->items_seen, item, 0, NULL) != 0)
        return; /* first time (or out of memory: then no warning) */
    char head[64];
    size_t k = utf8_prefix(plain, 40);
    snprintf(head, sizeof head, "%.*s%s", (int)k, plain, plain[k] ? "…" : "");
    ld_warn(ld, n->line, n->col, "số mục \"%s\" lặp lại trong %s; thông báo sẽ ghi thêm lời của "
            "dòng (\"%s\")", item, ld->section ? ld->section : "biểu mẫu", head);
    ld->item = bc_arena_printf(ld->a, "%s (\"%s\")", item, head);
}

static void parse_wording_block(loader *ld, bc_lblock *b, const bc_ynode *n, const bc_ynode *v)
{
    static const bc_style_id defaults[] = {BC_STYLE_TITLE, BC_STYLE_SUBTITLE, BC_STYLE_SECTION,
                                           BC_STYLE_ITEM, BC_STYLE_BODY};
    b->style = defaults[b->kind];
    if (b->kind == BC_LB_ITEM) {
        b->number = ld_scalar(ld, v, "số thứ tự của item");
        b->level = b->number ? item_level(b->number) : 0;
        v = bc_ymap_get(n, "text");
        if (!v) {
            NERR(ld, n, "item thiếu text");
            return;
        }
    }
    block_options(ld, b, n);
    b->text = ld_parse_text(ld, v, NULL, 1);
    char *plain = ld_plain_range(ld, &b->text, 0, b->text.n);
    /* A numbered title ("BẢNG 3A.2: …") opens a part of its own, as a section does; so does any
     * title after the signature block, whose fields are otherwise not "phần ký". */
    int opens_part = b->kind == BC_LB_TITLE && (section_number(ld, plain) || ld->in_signatures);
    if (b->kind == BC_LB_SECTION || opens_part) {
        ld->section = section_number(ld, plain);
        ld->in_signatures = 0;
        ld->item = ld->numbered = NULL;
        ld->context = plain;
        bc_strmap_free(&ld->items_seen);
    } else if (b->kind == BC_LB_ITEM) {
        set_item(ld, b->number);
        if (b->number && item_level(b->number) != 2)
            check_repeated_item(ld, n, plain);
        size_t first = 0;
        while (first < b->text.n && !ld_is_fill(&b->text.segs[first]))
            first++;
        const char *q = ld_plain_range(ld, &b->text, 0, first);
        ld->context = ld_has_letter(q) ? q : plain;
    }
    ld_bind_text(ld, &b->text, ld->context);
}

static void parse_page(loader *ld, bc_lblock *b, const bc_ynode *v)
{
    const char *s = ld_scalar(ld, v, "page");
    if (s && !strcmp(s, "landscape"))
        b->landscape = 1;
    else if (s && strcmp(s, "portrait"))
        NERR(ld, v, "page: chỉ có landscape hoặc portrait, nhận được \"%s\"", s);
}

/* `at: left|center|right` beside `signatures:`: a block standing at one side. */
static void parse_sig_at(loader *ld, bc_lblock *b, const bc_ynode *x)
{
    static const char *const names[] = {"left", "center", "right"};
    b->sig_at = BC_ALIGN_JUSTIFY;
    const char *s = x ? ld_scalar(ld, x, "at") : NULL;
    if (!s)
        return;
    for (int k = 0; k < 3; k++)
        if (!strcmp(s, names[k]))
            b->sig_at = (bc_align)k;
    if (b->sig_at == BC_ALIGN_JUSTIFY)
        NERR(ld, x, "at chỉ có left, center, right; nhận được \"%s\"", s);
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
                                               "style", "tabs_mm", NULL};
    static const char *const item_opts[] = {"item", "text", "level", "style", "tabs_mm", NULL};
    static const char *const sig_opts[] = {"signatures", "at", NULL};
    if (!ld_is_map(ld, n, "khối trong body"))
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
        ld_check_keys(ld, n, b->kind == BC_LB_SIGNATURES ? sig_opts : only, block_names[kind]);
        if (b->kind == BC_LB_SIGNATURES)
            parse_sig_at(ld, b, bc_ymap_get(n, "at"));
        if (b->kind == BC_LB_TABLE)
            b->table = ld_parse_table(ld, v);
        else if (b->kind == BC_LB_PAGE)
            parse_page(ld, b, v);
        else {
            ld_parse_signatures(ld, b, v);
            if (b->sig_at != BC_ALIGN_JUSTIFY && b->nsigs != 1)
                NERR(ld, n, "at: chỉ dùng cho khối một cột chữ ký, ở đây có %zu cột", b->nsigs);
        }
        break;
    }
    case BC_LB_ITEM:
        ld_check_keys(ld, n, item_opts, "item");
        parse_wording_block(ld, b, n, v);
        break;
    default:
        ld_check_keys(ld, n, wording_opts, block_names[kind]);
        parse_wording_block(ld, b, n, v);
    }
}

static void parse_body(loader *ld, const bc_ynode *n)
{
    if (!n) {
        ld_lerr(ld, 1, 1, "biểu mẫu thiếu khóa body");
        return;
    }
    if (!ld_is_seq(ld, n, "body"))
        return;
    bc_layout *l = ld->l;
    l->blocks = BC_NEW_N(ld->a, bc_lblock, n->n ? n->n : 1);
    for (size_t i = 0; l->blocks && i < n->n; i++)
        parse_block(ld, &l->blocks[l->nblocks++], n->items[i]);
}

/* ---- the rest of the file: identity, page, meta, footnotes ---- */

static void parse_footnotes(loader *ld, const bc_ynode *n)
{
    if (!n || !ld_is_map(ld, n, "footnotes"))
        return;
    bc_layout *l = ld->l;
    l->notes = BC_NEW_N(ld->a, bc_lnote, n->n ? n->n : 1);
    for (size_t i = 0; l->notes && i < n->n; i++) {
        bc_lnote *note = &l->notes[l->nnotes++];
        note->id = BC_YKEY(n, i)->kind == BC_Y_SCALAR ? BC_YKEY(n, i)->str : "?";
    }
    /* Texts after all ids are known; a footnote cannot hold a footnote mark. */
    for (size_t i = 0; l->notes && i < n->n; i++)
        l->notes[i].text = ld_parse_text(ld, BC_YVAL(n, i), NULL, 0);
}

static void check_notes_used(loader *ld, const bc_ynode *n)
{
    for (size_t i = 0; n && n->kind == BC_Y_MAP && i < ld->l->nnotes; i++)
        if (!ld->l->notes[i].used)
            NERR(ld, BC_YKEY(n, i),
                 "chú thích \"%s\" được định nghĩa nhưng không được dùng ([^%s])",
                 ld->l->notes[i].id, ld->l->notes[i].id);
}

static void parse_margins(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"top", "bottom", "left", "right", NULL};
    bc_layout *l = ld->l;
    double *dst[] = {&l->margin_top, &l->margin_bottom, &l->margin_left, &l->margin_right};
    if (!ld_is_map(ld, n, "margins_mm"))
        return;
    ld_check_keys(ld, n, keys, "margins_mm");
    for (int i = 0; i < 4; i++) {
        const bc_ynode *x = bc_ymap_get(n, keys[i]);
        if (x && ld_number(ld, x, keys[i], dst[i]) && (*dst[i] < 5 || *dst[i] > 60))
            NERR(ld, x, "lề %s phải từ 5 đến 60 mm", keys[i]);
    }
}

static void parse_page_setup(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"orientation", "margins_mm", "font_size", NULL};
    bc_layout *l = ld->l;
    l->margin_top = 20, l->margin_bottom = 20, l->margin_left = 30, l->margin_right = 15;
    l->font_size = 13;
    if (!n || !ld_is_map(ld, n, "page"))
        return;
    ld_check_keys(ld, n, keys, "page");
    const bc_ynode *x;
    if ((x = bc_ymap_get(n, "orientation"))) {
        const char *s = ld_scalar(ld, x, "orientation");
        if (s && !strcmp(s, "landscape"))
            l->landscape = 1;
        else if (s && strcmp(s, "portrait"))
            NERR(ld, x, "orientation chỉ có portrait hoặc landscape, nhận được \"%s\"", s);
    }
    if ((x = bc_ymap_get(n, "margins_mm")))
        parse_margins(ld, x);
    if ((x = bc_ymap_get(n, "font_size")) && ld_number(ld, x, "font_size", &l->font_size) &&
        (l->font_size < 8 || l->font_size > 20))
        NERR(ld, x, "font_size phải từ 8 đến 20");
}

static bc_text *meta_text(loader *ld, const bc_ynode *meta, const char *key)
{
    const bc_ynode *x = bc_ymap_get(meta, key);
    bc_text *t = x ? BC_NEW(ld->a, bc_text) : NULL;
    if (t)
        *t = ld_parse_text(ld, x, NULL, 0);
    return t;
}

/* An Integer or Date element of Phụ lục VI must be what the XMP type allows whatever the data:
 * one placeholder of an integer (or date) field, or a literal value of that type. */
static void check_typed_meta(loader *ld, const bc_ynode *x, const bc_text *t, const bc_am_prop *p)
{
    if (p->type == BC_AM_TEXT || !t)
        return;
    bc_ftype want = p->type == BC_AM_DATE ? BC_FT_DATE : BC_FT_INTEGER;
    if (t->n == 1 && t->segs[0].kind == BC_SEG_FIELD && t->segs[0].part == BC_PART_ALL &&
        t->segs[0].field->type == want)
        return;
    if (t->n == 1 && t->segs[0].kind == BC_SEG_TEXT && bc_am_valid(p->type, t->segs[0].text))
        return;
    NERR(ld, x, "meta.%s phải là một ô %s ({khóa}) hoặc một giá trị %s", p->key,
         want == BC_FT_DATE ? "kiểu date" : "kiểu integer",
         want == BC_FT_DATE ? "ngày dạng YYYY-MM-DD" : "số nguyên");
}

static void parse_meta(loader *ld, const bc_ynode *n)
{
    const char *keys[4 + BC_AM_COUNT] = {"author", "subject", "keywords"};
    size_t nk = 3;
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (bc_am_props[i].key)
            keys[nk++] = bc_am_props[i].key;
    keys[nk] = NULL;
    if (!n || !ld_is_map(ld, n, "meta"))
        return;
    ld_check_keys(ld, n, keys, "meta");
    ld->l->meta_author = meta_text(ld, n, "author");
    ld->l->meta_subject = meta_text(ld, n, "subject");
    ld->l->meta_keywords = meta_text(ld, n, "keywords");
    for (int i = 0; i < BC_AM_COUNT; i++) {
        const bc_am_prop *p = &bc_am_props[i];
        if (!p->key)
            continue;
        ld->l->meta_archive[i] = meta_text(ld, n, p->key);
        check_typed_meta(ld, bc_ymap_get(n, p->key), ld->l->meta_archive[i], p);
    }
}

static const char *required_string(loader *ld, const bc_ynode *root, const char *key)
{
    const bc_ynode *x = bc_ymap_get(root, key);
    if (!x) {
        ld_lerr(ld, root->line, root->col, "biểu mẫu thiếu khóa %s", key);
        return "";
    }
    const char *s = ld_scalar(ld, x, key);
    return s ? bc_text_nfc(ld->a, s) : "";
}

/* ---- fields as `baocao fields` lists them ---- */

/* How a decimal is written, in the format the report prints it: "tối đa 1 chữ số sau dấu phẩy,
 * như 1.234,5" (a percent: "87,5"), or "số nguyên, như 1.234" when the form prints none. */
static const char *number_example(bc_arena *a, const bc_field *f)
{
    const char *whole = f->type == BC_FT_PERCENT ? "87" : "1.234";
    if (f->decimals == 0)
        return bc_arena_printf(a, "không có phần thập phân, như %s", whole);
    return bc_arena_printf(a, "tối đa %d chữ số sau dấu phẩy, như %s,%.*s", f->decimals, whole,
                           f->decimals, "567890");
}

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
        bc_buf_puts(&b, "dd/mm/yyyy");
    if (f->type == BC_FT_DECIMAL || f->type == BC_FT_PERCENT)
        bc_buf_printf(&b, "%s%s", b.len ? "; " : "", number_example(a, f));
    if (f->min)
        bc_buf_printf(&b, "%s≥ %s", b.len ? "; " : "", f->min_src);
    if (f->max)
        bc_buf_printf(&b, "%s≤ %s", b.len ? "; " : "", f->max_src);
    for (size_t i = 0; i < f->noptions; i++) {
        bc_buf_printf(&b, "%s%s",
                      i       ? ", "
                      : b.len ? "; một trong: "
                              : "một trong: ",
                      f->options[i]);
        const char *t = f->option_text ? f->option_text[i] : NULL;
        if (t && strcmp(t, f->options[i]))
            bc_buf_printf(&b, " (%s)", bc_text_ellipsize(a, t, 50));
    }
    if (f->compute)
        bc_buf_printf(&b, "%s= %s", b.len ? "; " : "", f->compute_src);
    for (size_t i = 0; i < f->nparts; i++)
        bc_buf_printf(&b, "%s%s", i ? " + " : b.len ? (f->parts_exact ? "; = " : "; ≥ ")
                                                     : (f->parts_exact ? "= " : "≥ "),
                      f->parts[i]->key);
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
            ld_remember_order(ld, &l->fields[i]);
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

/* `notes: {at: foot|end, start: N}`: where the notes print (the foot of the page where they are
 * referred to, or together at the end of the document) and the number of the first. */
static void parse_note_placing(loader *ld, const bc_ynode *n)
{
    static const char *const keys[] = {"at", "start", NULL};
    ld->l->note_start = 1;
    if (!n || !ld_is_map(ld, n, "notes"))
        return;
    ld_check_keys(ld, n, keys, "notes");
    const bc_ynode *x;
    if ((x = bc_ymap_get(n, "at"))) {
        const char *s = ld_scalar(ld, x, "at");
        if (s && !strcmp(s, "end"))
            ld->l->notes_at_end = 1;
        else if (s && strcmp(s, "foot"))
            NERR(ld, x, "notes: at chỉ có foot (chân trang) hoặc end (cuối văn bản), nhận được "
                 "\"%s\"", s);
    }
    double v;
    if ((x = bc_ymap_get(n, "start")) && ld_number(ld, x, "start", &v)) {
        if (v < 1 || v > 999 || v != (int)v)
            NERR(ld, x, "notes: start phải là số nguyên từ 1 đến 999");
        else
            ld->l->note_start = (int)v;
    }
}

static void parse_root(loader *ld, const bc_ynode *root)
{
    static const char *const keys[] = {"id", "title", "source", "page", "meta", "attachment",
                                       "fields", "footnotes", "notes", "body", NULL};
    bc_layout *l = ld->l;
    ld_check_keys(ld, root, keys, "biểu mẫu");
    l->id = required_string(ld, root, "id");
    if (*l->id && !ld_is_key(l->id))
        NERR(ld, bc_ymap_get(root, "id"), "id \"%s\" chỉ được có chữ ASCII, số, _ và -", l->id);
    l->title = required_string(ld, root, "title");
    l->source = required_string(ld, root, "source");
    parse_page_setup(ld, bc_ymap_get(root, "page"));
    const bc_ynode *x = bc_ymap_get(root, "attachment");
    if (x)
        ld_boolean(ld, x, "attachment", &l->attachment);
    parse_fields(ld, bc_ymap_get(root, "fields"));
    parse_footnotes(ld, bc_ymap_get(root, "footnotes"));
    parse_note_placing(ld, bc_ymap_get(root, "notes"));
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
        return bc_err_oom(err, path);
    bc_err mine = BC_ERR_INIT;
    bc_ynode *root = NULL;
    l->path = bc_arena_strdup(&a, path);
    bc_yaml_load(&a, path, &root, &mine);
    if (root) { /* a repeated key still leaves a whole tree: check the rest too */
        loader ld = {l, &a, path, &mine, NULL, NULL, NULL, "", NULL, 0, 0, NULL, 0, 0,
                     BC_STRMAP_INIT};
        ld.roles = BC_NEW_N(&a, const char *, 64);
        if (root->kind != BC_Y_MAP)
            ld_lerr(&ld, root->line, root->col,
                    "biểu mẫu phải là một bảng khóa–giá trị (id, title, …)");
        else
            parse_root(&ld, root);
        bc_strmap_free(&ld.items_seen);
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
    bc_strmap_free(&l->by_key);
    bc_arena a = l->arena; /* the layout lives in its own arena */
    bc_arena_free(&a);
}

const char *bc_layout_id(const bc_layout *l) { return l->id; }
const char *bc_layout_title(const bc_layout *l) { return l->title; }
const char *bc_layout_source(const bc_layout *l) { return l->source; }
size_t bc_layout_nfields(const bc_layout *l) { return l->ninfos; }

size_t bc_layout_nwarnings(const bc_layout *l) { return l->nwarnings; }
const char *bc_layout_warning(const bc_layout *l, size_t i)
{
    return i < l->nwarnings ? l->warnings[i] : NULL;
}

const bc_field_info *bc_layout_field(const bc_layout *l, size_t i)
{
    return i < l->ninfos ? &l->infos[i] : NULL;
}

/* ---- finding a layout by id ---- */

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
    if (bc_ends_with(id_or_path, ".yaml") || bc_ends_with(id_or_path, ".yml") ||
        (stat(id_or_path, &st) == 0 && S_ISREG(st.st_mode))) {
        *path = strdup(id_or_path);
        return *path ? BC_OK : bc_err_oom(err, NULL);
    }
    DIR *d = opendir(layouts_dir);
    if (!d)
        return bc_err_add(
            err, BC_BADINPUT, layouts_dir, 0, 0,
            "không mở được thư mục biểu mẫu; đặt BAOCAO_LAYOUTS hoặc dùng --form TỆP.yaml");
    bc_buf known = BC_BUF_INIT;
    struct dirent *de;
    int dup = 0;
    while ((de = readdir(d))) {
        if (!bc_ends_with(de->d_name, ".yaml"))
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
