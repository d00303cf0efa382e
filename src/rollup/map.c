/* map.c — see map.h. */
#include "rollup/map.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "form/yaml.h"
#include "util/text.h"

typedef struct mload {
    bc_rmap *m;
    bc_err *err;
    bc_rfig **by_target; /* per target top-level field: its figure once given */
} mload;

static void bad(mload *ld, const bc_ynode *n, const char *fmt, const char *a, const char *b)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, a, b ? b : "");
    bc_err_add(ld->err, BC_BADINPUT, ld->m->path, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

static const char *scalar(const bc_ynode *n)
{
    return n && n->kind == BC_Y_SCALAR ? n->str : NULL;
}

/* A source field by key, of the kind `numeric`/`list` asks (-1: any but a list). */
static const bc_field *source_field(mload *ld, const bc_ynode *n, int want_numeric, int want_list)
{
    const char *k = scalar(n);
    const bc_field *f = k ? bc_layout_find(ld->m->from, k) : NULL;
    if (!f) {
        bad(ld, n, "biểu mẫu nguồn %s không có trường \"%s\"", ld->m->from->id, k ? k : "?");
        return NULL;
    }
    if (want_list != (f->type == BC_FT_LIST) || (want_numeric && !bc_ftype_numeric(f->type))) {
        bad(ld, n, "trường \"%s\" của biểu mẫu nguồn không phải %s", k,
            want_list ? "danh sách" : want_numeric ? "số" : "một giá trị đơn");
        return NULL;
    }
    return f;
}

static int parse_count(mload *ld, const bc_ynode *spec, bc_rfig *g)
{
    const bc_ynode *is = bc_ymap_get(spec, "is");
    if (!is || (is->kind != BC_Y_SEQ && is->kind != BC_Y_SCALAR)) {
        bad(ld, spec, "count cần \"is\": giá trị (hoặc danh sách giá trị) được đếm", "", NULL);
        return 0;
    }
    size_t n = is->kind == BC_Y_SEQ ? is->n : 1;
    g->values = BC_NEW_N(&ld->m->arena, const char *, n ? n : 1);
    for (size_t i = 0; g->values && i < n; i++) {
        const char *v = scalar(is->kind == BC_Y_SEQ ? is->items[i] : is);
        if (!v)
            return bad(ld, is, "giá trị được đếm phải là văn bản", "", NULL), 0;
        g->values[g->nvalues++] = v;
    }
    return g->values != NULL;
}

static int parse_ratio(mload *ld, const bc_ynode *v, const bc_ynode *spec, bc_rfig *g)
{
    if (v->kind != BC_Y_SEQ || v->n != 2) {
        bad(ld, v, "ratio cần hai trường: [tử số, mẫu số]", "", NULL);
        return 0;
    }
    g->a = source_field(ld, v->items[0], 1, 0);
    g->b = source_field(ld, v->items[1], 1, 0);
    const char *t = scalar(bc_ymap_get(spec, "times"));
    g->times = t ? strtod(t, NULL) : 1;
    if (!g->times)
        bad(ld, spec, "times phải là một số khác 0", "", NULL);
    return g->a && g->b && g->times;
}

/* One column rule of a concat part: `columns` (from the source row), `set` (a constant) or
 * `unit` (a top-level field of the unit). */
static int parse_cols(mload *ld, const bc_field *tl, const bc_field *sl, const bc_ynode *part,
                      bc_rpart *p)
{
    static const char *const kinds[] = {"columns", "set", "unit"};
    size_t total = 0;
    for (int k = 0; k < 3; k++) {
        const bc_ynode *m = bc_ymap_get(part, kinds[k]);
        total += m && m->kind == BC_Y_MAP ? m->n : 0;
    }
    p->cols = BC_NEW_N(&ld->m->arena, bc_rcol, total ? total : 1);
    if (!p->cols)
        return 0;
    int ok = 1;
    for (int k = 0; k < 3; k++) {
        const bc_ynode *m = bc_ymap_get(part, kinds[k]);
        for (size_t i = 0; m && m->kind == BC_Y_MAP && i < m->n; i++) {
            const bc_ynode *kn = BC_YKEY(m, i), *vn = BC_YVAL(m, i);
            bc_rcol c = {bc_field_column(tl, scalar(kn) ? scalar(kn) : ""), NULL, NULL, NULL};
            if (!c.target) {
                bad(ld, kn, "danh sách \"%s\" của biểu mẫu đích không có cột \"%s\"", tl->key,
                    scalar(kn));
                ok = 0;
                continue;
            }
            const char *s = scalar(vn);
            if (k == 0 && !(c.source = s ? bc_field_column(sl, s) : NULL))
                bad(ld, vn, "danh sách nguồn \"%s\" không có cột \"%s\"", sl->key, s ? s : "?");
            if (k == 1 && !(c.constant = s))
                bad(ld, vn, "giá trị của cột \"%s\" phải là văn bản hoặc số", c.target->key, NULL);
            if (k == 2)
                c.unit = source_field(ld, vn, 0, 0);
            ok &= c.source || c.constant || c.unit;
            p->cols[p->ncols++] = c;
        }
    }
    return ok;
}

static int parse_concat(mload *ld, const bc_ynode *v, bc_rfig *g)
{
    if (g->target->type != BC_FT_LIST || v->kind != BC_Y_SEQ) {
        bad(ld, v, "concat chỉ dùng cho danh sách của biểu mẫu đích, với một danh sách các phần "
            "{from: DANH_SÁCH_NGUỒN, columns: …}", "", NULL);
        return 0;
    }
    g->parts = BC_NEW_N(&ld->m->arena, bc_rpart, v->n ? v->n : 1);
    int ok = g->parts != NULL;
    for (size_t i = 0; ok && i < v->n; i++) {
        const bc_ynode *part = v->items[i];
        bc_rpart *p = &g->parts[g->nparts++];
        p->list = part->kind == BC_Y_MAP ? source_field(ld, bc_ymap_get(part, "from"), 0, 1) : NULL;
        ok = p->list && parse_cols(ld, g->target, p->list, part, p);
    }
    return ok;
}

static const char *const op_names[] = {"sum", "count", "ratio", "same", "concat"};

/* The operation in words, for the provenance comment of the figure. */
static const char *describe(mload *ld, const bc_rfig *g)
{
    bc_arena *a = &ld->m->arena;
    const char *from = ld->m->from->id;
    switch (g->op) {
    case BC_R_SUM:
        return bc_arena_printf(a, "tổng %s (%s) của các đơn vị", g->a->key, from);
    case BC_R_COUNT: {
        const char *vals = "";
        for (size_t i = 0; i < g->nvalues; i++)
            vals = bc_arena_printf(a, "%s%s\"%s\"", vals, i ? " hoặc " : "", g->values[i]);
        return bc_arena_printf(a, "số đơn vị có %s (%s) là %s", g->a->key, from, vals);
    }
    case BC_R_RATIO:
        return bc_arena_printf(a, "tổng %s / tổng %s × %g (%s; tỉ số của các tổng, không phải "
                               "trung bình các tỉ lệ)", g->a->key, g->b->key, g->times, from);
    case BC_R_SAME:
        return bc_arena_printf(a, "giá trị chung của %s (%s) ở mọi đơn vị", g->a->key, from);
    default: {
        const char *lists = "";
        for (size_t i = 0; i < g->nparts; i++)
            lists = bc_arena_printf(a, "%s%s%s", lists, i ? ", " : "", g->parts[i].list->key);
        return bc_arena_printf(a, "nối các dòng của %s (%s), đơn vị này tiếp đơn vị kia", lists,
                               from);
    }
    }
}

static void parse_figure(mload *ld, const bc_ynode *key, const bc_ynode *spec)
{
    const char *k = scalar(key);
    const bc_field *t = k ? bc_layout_find(ld->m->to, k) : NULL;
    if (!t)
        return bad(ld, key, "biểu mẫu đích %s không có trường \"%s\"", ld->m->to->id, k ? k : "?");
    if (ld->by_target[t->index])
        return bad(ld, key, "chỉ tiêu \"%s\" được cho hai lần trong bản đồ", k, NULL);
    if (spec->kind != BC_Y_MAP)
        return bad(ld, spec, "cách tính của \"%s\" phải là {sum|count|ratio|same|concat: …}", k,
                   NULL);
    bc_rfig *g = BC_NEW(&ld->m->arena, bc_rfig);
    if (!g)
        return;
    g->target = t;
    int op = -1;
    for (int i = 0; i < 5; i++)
        if (bc_ymap_get(spec, op_names[i]))
            op = op < 0 ? i : 99;
    if (op < 0 || op == 99)
        return bad(ld, spec, "cách tính của \"%s\" phải có đúng một trong sum, count, ratio, "
                   "same, concat", k, NULL);
    const bc_ynode *v = bc_ymap_get(spec, op_names[op]);
    g->op = (bc_rop)op;
    int ok;
    switch (g->op) {
    case BC_R_SUM:
        ok = (g->a = source_field(ld, v, 1, 0)) != NULL;
        break;
    case BC_R_COUNT:
        ok = (g->a = source_field(ld, v, 0, 0)) && parse_count(ld, spec, g);
        break;
    case BC_R_RATIO:
        ok = parse_ratio(ld, v, spec, g);
        break;
    case BC_R_SAME:
        ok = (g->a = source_field(ld, v, 0, 0)) != NULL;
        break;
    default:
        ok = parse_concat(ld, v, g);
        break;
    }
    if ((g->op == BC_R_SUM || g->op == BC_R_COUNT || g->op == BC_R_RATIO) &&
        !bc_ftype_numeric(t->type)) {
        bad(ld, key, "chỉ tiêu \"%s\" của biểu mẫu đích không phải số: %s không dùng được", k,
            op_names[op]);
        ok = 0;
    }
    if (g->op != BC_R_CONCAT && t->type == BC_FT_LIST) {
        bad(ld, key, "chỉ tiêu \"%s\" là danh sách: chỉ dùng concat", k, NULL);
        ok = 0;
    }
    if (ok) {
        g->src = describe(ld, g);
        ld->by_target[t->index] = g;
    }
}

static void parse_left(mload *ld, const bc_ynode *left)
{
    for (size_t i = 0; left && left->kind == BC_Y_MAP && i < left->n; i++) {
        const bc_ynode *key = BC_YKEY(left, i);
        const bc_field *t = scalar(key) ? bc_layout_find(ld->m->to, key->str) : NULL;
        if (!t) {
            bad(ld, key, "biểu mẫu đích %s không có trường \"%s\"", ld->m->to->id,
                scalar(key) ? key->str : "?");
            continue;
        }
        if (ld->by_target[t->index]) {
            bad(ld, key, "chỉ tiêu \"%s\" vừa có cách tính vừa ở left", t->key, NULL);
            continue;
        }
        bc_rfig *g = BC_NEW(&ld->m->arena, bc_rfig);
        if (!g)
            return;
        g->target = t;
        g->op = BC_R_LEFT;
        g->reason = scalar(BC_YVAL(left, i)) ? BC_YVAL(left, i)->str : "";
        ld->by_target[t->index] = g;
    }
}

static void parse_period(mload *ld, const bc_ynode *p)
{
    if (!p)
        return;
    if (p->kind != BC_Y_SEQ)
        return bad(ld, p, "period phải là danh sách các trường của kỳ báo cáo", "", NULL);
    ld->m->period = BC_NEW_N(&ld->m->arena, const bc_field *, p->n ? p->n : 1);
    for (size_t i = 0; ld->m->period && i < p->n; i++) {
        const bc_field *f = source_field(ld, p->items[i], 0, 0);
        if (f)
            ld->m->period[ld->m->nperiod++] = f;
    }
}

/* Every top-level figure of the target in form order; one the map does not name is left, and a
 * figure the target form computes is not given at all (the form computes it from the rest). */
static int assemble(mload *ld)
{
    const bc_layout *to = ld->m->to;
    ld->m->figs = BC_NEW_N(&ld->m->arena, bc_rfig, to->nfields ? to->nfields : 1);
    if (!ld->m->figs)
        return 0;
    for (size_t i = 0; i < to->ninfos; i++) {
        const bc_field *t = bc_layout_find(to, to->infos[i].key);
        if (!t || t->compute)
            continue;
        bc_rfig *g = ld->by_target[t->index];
        if (g) {
            ld->m->figs[ld->m->nfigs++] = *g;
            continue;
        }
        ld->m->figs[ld->m->nfigs++] =
            (bc_rfig){.target = t, .op = BC_R_LEFT, .reason = "bản đồ không nói cách tính"};
    }
    return 1;
}

static bc_status load_layout(const char *id, const char *dir, bc_layout **out, bc_err *err)
{
    char *path = NULL;
    bc_status s = bc_layout_resolve(id, dir, &path, err);
    if (s == BC_OK)
        s = bc_layout_load(path, out, err);
    free(path);
    return s;
}

bc_status bc_rmap_load(const char *path, const char *layouts_dir, bc_layout **from,
                       bc_layout **to, bc_rmap **out, bc_err *err)
{
    *out = NULL;
    *from = *to = NULL;
    bc_arena a = BC_ARENA_INIT;
    bc_rmap *m = BC_NEW(&a, bc_rmap);
    bc_ynode *root = NULL;
    if (!m) {
        bc_arena_free(&a);
        return bc_err_oom(err, path);
    }
    m->arena = a;
    m->path = bc_arena_strdup(&m->arena, path);
    bc_status s = bc_yaml_load(&m->arena, path, &root, err);
    const char *fid = s == BC_OK ? scalar(bc_ymap_get(root, "from")) : NULL;
    const char *tid = s == BC_OK ? scalar(bc_ymap_get(root, "to")) : NULL;
    if (s == BC_OK && (!fid || !tid))
        s = bc_err_add(err, BC_BADINPUT, path, 1, 1, "bản đồ tổng hợp cần from: và to: (id "
                       "biểu mẫu)");
    if (s == BC_OK)
        s = load_layout(fid, layouts_dir, from, err);
    if (s == BC_OK)
        s = load_layout(tid, layouts_dir, to, err);
    if (s == BC_OK) {
        m->from = *from;
        m->to = *to;
        bc_err mine = BC_ERR_INIT;
        mload ld = {m, &mine, calloc((*to)->nfields + 1, sizeof(bc_rfig *))};
        const bc_ynode *figs = bc_ymap_get(root, "figures");
        for (size_t i = 0; ld.by_target && figs && figs->kind == BC_Y_MAP && i < figs->n; i++)
            parse_figure(&ld, BC_YKEY(figs, i), BC_YVAL(figs, i));
        parse_left(&ld, bc_ymap_get(root, "left"));
        parse_period(&ld, bc_ymap_get(root, "period"));
        if (!ld.by_target || !assemble(&ld))
            bc_err_oom(&mine, path);
        free(ld.by_target);
        s = mine.n ? BC_BADINPUT : BC_OK;
        bc_err_merge(err, &mine);
        bc_err_free(&mine);
    }
    if (s != BC_OK) {
        bc_rmap_free(m);
        return s;
    }
    *out = m;
    return BC_OK;
}

bc_status bc_rmap_find(const char *dir, const char *target, char **path, bc_err *err)
{
    *path = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không mở được thư mục bản đồ tổng hợp");
    int found = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (!bc_ends_with(de->d_name, ".yaml") || de->d_name[0] == '.')
            continue;
        char *p = bc_strfmt("%s/%s", dir, de->d_name);
        bc_arena a = BC_ARENA_INIT;
        bc_ynode *root = NULL;
        bc_err ignored = BC_ERR_INIT;
        if (p && bc_yaml_load(&a, p, &root, &ignored) == BC_OK &&
            scalar(bc_ymap_get(root, "to")) && !strcmp(scalar(bc_ymap_get(root, "to")), target)) {
            found++;
            free(*path);
            *path = p;
            p = NULL;
        }
        bc_err_free(&ignored);
        bc_arena_free(&a);
        free(p);
    }
    closedir(d);
    if (found == 1)
        return BC_OK;
    free(*path);
    *path = NULL;
    if (found)
        return bc_err_add(err, BC_BADINPUT, dir, 0, 0, "có %d bản đồ tổng hợp tới biểu mẫu \"%s\": "
                          "chọn một bằng --map", found, target);
    return bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không có bản đồ tổng hợp nào tới biểu mẫu "
                      "\"%s\" (to: %s)", target, target);
}

void bc_rmap_free(bc_rmap *m)
{
    if (!m)
        return;
    bc_arena a = m->arena;
    bc_arena_free(&a);
}
