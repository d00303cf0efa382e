/* changes.c — see changes.h.
 *
 * The signed revision is read with bc_pdf_get_at (objects as they were when the file ended at
 * `end`), the current one with bc_pdf_get. Changed objects are judged first, by the role they
 * had in the signed revision (a page, its /Annots array, the catalog, the AcroForm, its /Fields,
 * an unsigned signature field); judging them marks the new objects they bring in that a signer
 * may add. New objects left unmarked at the end are reported.
 */
#include "sign/changes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WALK 64
#define MAX_PAGES 100000
#define MAX_LISTED 8
/* Nodes of the page tree visited: a tree whose /Kids repeat a node would otherwise be walked
 * exponentially often. */
#define MAX_PAGE_NODES (4 * MAX_PAGES)

enum {
    OLD = 0,       /* existed in the signed revision (or untouched) */
    NEW_PENDING,   /* new, not (yet) explained */
    NEW_OK,        /* new, part of a signature */
    NEW_REPORTED,  /* new, already reported as part of a change */
};

typedef struct page_info {
    int num;      /* the page object */
    int annots;   /* its /Annots when indirect, else 0 */
    int *contents; /* its content stream objects (and an indirect /Contents array) */
    size_t ncontents;
} page_info;

typedef struct judge {
    bc_pdf *doc;
    size_t end;
    int n;                 /* object numbers below n are tracked in state */
    unsigned char *state;
    page_info *pages;      /* of the signed revision, in order */
    size_t npages;
    int root, acroform, fields; /* object numbers in the signed revision (0: none/direct) */
    bc_change_fn fn;
    void *ctx;
    int bad;
    size_t page_nodes;     /* visited by collect_pages, against MAX_PAGE_NODES */
    struct page_key *keys; /* what each object was for the pages, sorted (page_lookup) */
    size_t nkeys;
} judge;

/* The object `num` was page `page`'s page object, /Annots array or content stream. */
typedef struct page_key {
    int role, num, page;
} page_key;
enum { ROLE_PAGE, ROLE_ANNOTS, ROLE_CONTENT };

static void bad(judge *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(judge *j, const char *fmt, ...)
{
    char what[512], line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(line, sizeof line, "sau khi ký, tệp đã bị sửa: %s", what);
    j->fn(j->ctx, line);
    j->bad++;
}

/* ---- the signed revision ---------------------------------------------------------------- */

static bc_pdf_obj *old_get(judge *j, int num)
{
    return bc_pdf_get_at(j->doc, num, j->end);
}

static bc_pdf_obj *old_resolve(judge *j, bc_pdf_obj *o)
{
    return o && o->kind == BC_PDF_REF ? old_get(j, o->ref.num) : o;
}

static bc_pdf_obj *old_dget(judge *j, const bc_pdf_obj *d, const char *key)
{
    return old_resolve(j, bc_pdf_dget_raw(d, key));
}

static int ref_num(const bc_pdf_obj *o)
{
    return o && o->kind == BC_PDF_REF ? o->ref.num : 0;
}

static int add_num(int **list, size_t *n, int num)
{
    int *nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl)
        return 0;
    nl[(*n)++] = num;
    *list = nl;
    return 1;
}

static void collect_pages(judge *j, bc_pdf_obj *node_ref, int depth)
{
    if (++j->page_nodes > MAX_PAGE_NODES)
        return;
    bc_pdf_obj *node = old_resolve(j, node_ref);
    if (!node || depth > MAX_WALK || j->npages >= MAX_PAGES)
        return;
    if (bc_pdf_is_name(bc_pdf_dget_raw(node, "Type"), "Page")) {
        page_info *np = realloc(j->pages, (j->npages + 1) * sizeof *np);
        if (!np)
            return;
        j->pages = np;
        page_info *p = &np[j->npages++];
        memset(p, 0, sizeof *p);
        p->num = ref_num(node_ref);
        p->annots = ref_num(bc_pdf_dget_raw(node, "Annots"));
        bc_pdf_obj *c = bc_pdf_dget_raw(node, "Contents");
        if (ref_num(c))
            add_num(&p->contents, &p->ncontents, c->ref.num);
        c = old_resolve(j, c);
        if (c && c->kind == BC_PDF_ARRAY)
            for (size_t i = 0; i < c->arr.n; i++)
                if (ref_num(c->arr.items[i]))
                    add_num(&p->contents, &p->ncontents, c->arr.items[i]->ref.num);
        return;
    }
    bc_pdf_obj *kids = old_dget(j, node, "Kids");
    if (kids && kids->kind == BC_PDF_ARRAY)
        for (size_t i = 0; i < kids->arr.n; i++)
            collect_pages(j, kids->arr.items[i], depth + 1);
}

/* The signed revision's trailer: the newest section that starts before `end`. */
static bc_pdf_obj *old_trailer(judge *j)
{
    for (size_t i = 0; i < j->doc->nsections; i++)
        if ((size_t)j->doc->sections[i].off < j->end)
            return j->doc->sections[i].trailer;
    return NULL;
}

static void learn_old(judge *j)
{
    bc_pdf_obj *rootref = bc_pdf_dget_raw(old_trailer(j), "Root");
    j->root = ref_num(rootref);
    bc_pdf_obj *root = old_resolve(j, rootref);
    collect_pages(j, bc_pdf_dget_raw(root, "Pages"), 0);
    bc_pdf_obj *af = bc_pdf_dget_raw(root, "AcroForm");
    j->acroform = ref_num(af);
    j->fields = ref_num(bc_pdf_dget_raw(old_resolve(j, af), "Fields"));
}

static int cmp_page_key(const void *a, const void *b)
{
    const page_key *x = a, *y = b;
    if (x->role != y->role)
        return x->role - y->role;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return x->page - y->page;
}

/* Sorts what each object was for the pages once, so that page_lookup is a binary search (a
 * search of every page per changed object would be quadratic). */
static void index_pages(judge *j)
{
    size_t n = 0;
    for (size_t i = 0; i < j->npages; i++)
        n += 2 + j->pages[i].ncontents;
    j->keys = malloc((n ? n : 1) * sizeof *j->keys);
    if (!j->keys)
        return;
    for (size_t i = 0; i < j->npages; i++) {
        const page_info *p = &j->pages[i];
        j->keys[j->nkeys++] = (page_key){ROLE_PAGE, p->num, (int)i + 1};
        j->keys[j->nkeys++] = (page_key){ROLE_ANNOTS, p->annots, (int)i + 1};
        for (size_t k = 0; k < p->ncontents; k++)
            j->keys[j->nkeys++] = (page_key){ROLE_CONTENT, p->contents[k], (int)i + 1};
    }
    qsort(j->keys, j->nkeys, sizeof *j->keys, cmp_page_key);
}

/* The first page (1-based) for which `num` had `role`, 0 when none. */
static int page_lookup(const judge *j, int role, int num)
{
    size_t lo = 0, hi = j->nkeys;
    page_key want = {role, num, 0};
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_page_key(&j->keys[mid], &want) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return num && lo < j->nkeys && j->keys[lo].role == role && j->keys[lo].num == num
               ? j->keys[lo].page
               : 0;
}

static int page_of(const judge *j, int num)
{
    return page_lookup(j, ROLE_PAGE, num);
}

static int page_of_annots(const judge *j, int num)
{
    return page_lookup(j, ROLE_ANNOTS, num);
}

static int page_of_content(const judge *j, int num)
{
    return page_lookup(j, ROLE_CONTENT, num);
}

/* What object `num` was in the signed revision, for messages. */
static void describe_old(judge *j, int num, const bc_pdf_obj *o, char *out, size_t cap)
{
    int k;
    bc_pdf_obj *type = bc_pdf_dget_raw(o, "Type"), *sub = bc_pdf_dget_raw(o, "Subtype");
    if ((k = page_of_content(j, num)))
        snprintf(out, cap, "nội dung trang %d", k);
    else if ((k = page_of(j, num)))
        snprintf(out, cap, "trang %d", k);
    else if ((k = page_of_annots(j, num)))
        snprintf(out, cap, "danh sách chú thích của trang %d", k);
    else if (num == j->root)
        snprintf(out, cap, "danh mục gốc (catalog)");
    else if (num == j->acroform)
        snprintf(out, cap, "biểu mẫu (AcroForm)");
    else if (num == j->fields)
        snprintf(out, cap, "danh sách ô của biểu mẫu");
    else if (bc_pdf_is_name(type, "Pages"))
        snprintf(out, cap, "danh sách trang (/Pages)");
    else if (bc_pdf_is_name(type, "Sig") || bc_pdf_is_name(type, "DocTimeStamp"))
        snprintf(out, cap, "từ điển của một chữ ký đã có");
    else if (bc_pdf_is_name(type, "ObjStm"))
        snprintf(out, cap, "một luồng đối tượng (/ObjStm) của bản đã ký");
    else if (bc_pdf_dget_raw(o, "FT"))
        snprintf(out, cap, "một ô biểu mẫu");
    else if (bc_pdf_is_name(type, "Annot") || (sub && sub->kind == BC_PDF_NAME &&
                                                bc_pdf_dget_raw(o, "Rect")))
        snprintf(out, cap, "chú thích /%s", sub && sub->kind == BC_PDF_NAME ? sub->name : "?");
    else if (o && o->kind == BC_PDF_STREAM)
        snprintf(out, cap, "một luồng dữ liệu (ảnh, phông chữ hoặc nội dung)");
    else
        snprintf(out, cap, "một đối tượng của tài liệu");
}

/* ---- marking what a signer adds --------------------------------------------------------- */

static int is_new(const judge *j, int num)
{
    return num > 0 && num < j->n && j->state[num] != OLD;
}

/* Types an appearance (or /DR, /DSS) may not bring in: they would be document structure. */
static int structural(const bc_pdf_obj *o)
{
    static const char *const types[] = {"Page", "Pages", "Catalog", "Annot", "Sig",
                                        "DocTimeStamp", NULL};
    for (const char *const *t = types; *t; t++)
        if (bc_pdf_is_name(bc_pdf_dget_raw(o, "Type"), *t))
            return 1;
    return bc_pdf_is_name(bc_pdf_dget_raw(o, "Subtype"), "Widget") ||
           bc_pdf_dget_raw(o, "FT") != NULL;
}

/* Marks the new objects reachable from `o` (not through objects of the signed revision, which
 * are judged on their own) as `mark`. */
static void walk(judge *j, bc_pdf_obj *o, unsigned char mark, int depth)
{
    if (!o || depth > MAX_WALK)
        return;
    if (o->kind == BC_PDF_REF) {
        int num = o->ref.num;
        if (!is_new(j, num) || j->state[num] != NEW_PENDING)
            return;
        bc_pdf_obj *t = bc_pdf_get(j->doc, num);
        if (!t || (mark == NEW_OK && structural(t)))
            return;
        j->state[num] = mark;
        walk(j, t, mark, depth + 1);
        return;
    }
    if (o->kind == BC_PDF_ARRAY)
        for (size_t i = 0; i < o->arr.n; i++)
            walk(j, o->arr.items[i], mark, depth + 1);
    if (o->kind == BC_PDF_DICT || o->kind == BC_PDF_STREAM)
        for (size_t i = 0; i < o->dict.n; i++)
            walk(j, o->dict.vals[i], mark, depth + 1);
}

static void mark_ok(judge *j, const bc_pdf_obj *ref)
{
    int num = ref_num(ref);
    if (is_new(j, num) && j->state[num] == NEW_PENDING)
        j->state[num] = NEW_OK;
}

static int is_sig_dict(const bc_pdf_obj *o)
{
    return bc_pdf_is_name(bc_pdf_dget_raw(o, "Type"), "Sig") ||
           bc_pdf_is_name(bc_pdf_dget_raw(o, "Type"), "DocTimeStamp");
}

/* A signature field's /V and a widget's /AP: what signing adds to them. */
static void accept_value_and_appearance(judge *j, bc_pdf_obj *f)
{
    bc_pdf_obj *v = bc_pdf_dget_raw(f, "V");
    if (is_sig_dict(bc_pdf_resolve(j->doc, v)))
        mark_ok(j, v);
    bc_pdf_obj *ap = bc_pdf_dget_raw(f, "AP");
    mark_ok(j, ap);
    walk(j, bc_pdf_resolve(j->doc, ap), NEW_OK, 0);
}

static int is_sig_field(bc_pdf *doc, const bc_pdf_obj *o)
{
    return o && o->kind == BC_PDF_DICT && bc_pdf_is_name(bc_pdf_dget(doc, o, "FT"), "Sig");
}

/* A widget of a signature field (merged with it, or a kid whose /Parent is one). */
static int is_sig_widget(bc_pdf *doc, const bc_pdf_obj *o)
{
    return o && o->kind == BC_PDF_DICT &&
           bc_pdf_is_name(bc_pdf_dget(doc, o, "Subtype"), "Widget") &&
           (is_sig_field(doc, o) || is_sig_field(doc, bc_pdf_dget(doc, o, "Parent")));
}

/* The keys a new signature field or widget may have: no actions (/A, /AA), nothing but what
 * shows and names a signature. */
static const char *unexpected_key(const bc_pdf_obj *o)
{
    static const char *const ok[] = {
        "Type", "Subtype", "FT", "T", "TU", "TM", "Ff", "V", "Lock", "SV", "Rect", "P", "F",
        "AP", "AS", "MK", "DA", "Border", "BS", "C", "Parent", "Kids", "StructParent", "NM",
        "M", NULL};
    for (size_t i = 0; o && (o->kind == BC_PDF_DICT) && i < o->dict.n; i++) {
        const char *const *k = ok;
        while (*k && strcmp(*k, o->dict.keys[i]))
            k++;
        if (!*k)
            return o->dict.keys[i];
    }
    return NULL;
}

/* A signature field or widget newly listed in /Fields or /Annots: it, its kids or parent, its
 * signature dictionary and its appearance. */
static void accept_sig_object(judge *j, bc_pdf_obj *ref, int depth)
{
    bc_pdf *doc = j->doc;
    bc_pdf_obj *o = bc_pdf_resolve(doc, ref);
    if (!o || depth > 4)
        return;
    const char *k = is_new(j, ref_num(ref)) ? unexpected_key(o) : NULL;
    if (k) {
        bad(j, "ô chữ ký mới (đối tượng %d) có khóa /%s", ref_num(ref), k);
        j->state[ref_num(ref)] = NEW_REPORTED;
        return;
    }
    mark_ok(j, ref);
    accept_value_and_appearance(j, o);
    bc_pdf_obj *parent = bc_pdf_dget_raw(o, "Parent");
    if (is_new(j, ref_num(parent)) && j->state[parent->ref.num] == NEW_PENDING &&
        is_sig_field(doc, bc_pdf_resolve(doc, parent)))
        accept_sig_object(j, parent, depth + 1);
    bc_pdf_obj *kids = bc_pdf_dget(doc, o, "Kids");
    if (kids && kids->kind == BC_PDF_ARRAY)
        for (size_t i = 0; i < kids->arr.n; i++)
            if (is_new(j, ref_num(kids->arr.items[i])) &&
                j->state[kids->arr.items[i]->ref.num] == NEW_PENDING &&
                is_sig_widget(doc, bc_pdf_resolve(doc, kids->arr.items[i])))
                accept_sig_object(j, kids->arr.items[i], depth + 1);
}

/* ---- judging changed objects ------------------------------------------------------------ */

/* The first top-level key whose value differs, `ignore` left out; NULL when none does. */
static const char *first_diff_key(const bc_pdf_obj *a, const bc_pdf_obj *b,
                                  const char *const *ignore)
{
    const bc_pdf_obj *pair[2] = {a, b};
    for (int side = 0; side < 2; side++) {
        const bc_pdf_obj *x = pair[side], *y = pair[1 - side];
        if (!x || (x->kind != BC_PDF_DICT && x->kind != BC_PDF_STREAM))
            continue;
        for (size_t i = 0; i < x->dict.n; i++) {
            int skip = 0;
            for (const char *const *ig = ignore; ig && *ig; ig++)
                skip |= !strcmp(*ig, x->dict.keys[i]);
            if (!skip && !bc_pdf_equal(x->dict.vals[i], bc_pdf_dget_raw(y, x->dict.keys[i]),
                                       NULL))
                return x->dict.keys[i];
        }
    }
    return NULL;
}

static int contains(const bc_pdf_obj *arr, const bc_pdf_obj *item)
{
    return bc_pdf_array_has(arr, item); /* O(log n): /Annots and /Fields may be long */
}

static const char *subtype_name(bc_pdf *doc, const bc_pdf_obj *o)
{
    bc_pdf_obj *s = bc_pdf_dget(doc, o, "Subtype");
    return s && s->kind == BC_PDF_NAME ? s->name : "?";
}

/* A page's /Annots: every old entry kept, new ones only signature widgets. */
static void judge_annots(judge *j, int page, const bc_pdf_obj *old, const bc_pdf_obj *cur)
{
    if (cur && cur->kind != BC_PDF_ARRAY) {
        bad(j, "danh sách chú thích của trang %d bị hỏng", page);
        return;
    }
    for (size_t i = 0; old && old->kind == BC_PDF_ARRAY && i < old->arr.n; i++)
        if (!contains(cur, old->arr.items[i])) {
            bad(j, "xóa chú thích khỏi trang %d", page);
            break;
        }
    for (size_t i = 0; cur && i < cur->arr.n; i++) {
        bc_pdf_obj *it = cur->arr.items[i];
        if (contains(old, it))
            continue;
        bc_pdf_obj *a = bc_pdf_resolve(j->doc, it);
        if (is_sig_widget(j->doc, a)) {
            accept_sig_object(j, it, 0);
            continue;
        }
        bad(j, "thêm chú thích /%s trên trang %d", subtype_name(j->doc, a), page);
        if (is_new(j, ref_num(it)) && j->state[it->ref.num] == NEW_PENDING) {
            j->state[it->ref.num] = NEW_REPORTED;
            walk(j, a, NEW_REPORTED, 0);
        }
    }
}

static void judge_page(judge *j, int num, int page, const bc_pdf_obj *old, const bc_pdf_obj *cur)
{
    static const char *const ign[] = {"Annots", NULL};
    const char *k = first_diff_key(old, cur, ign);
    if (k && !strcmp(k, "Contents"))
        bad(j, "nội dung trang %d đã đổi (đối tượng %d)", page, num);
    else if (k)
        bad(j, "trang %d đã đổi ở khóa /%s (đối tượng %d)", page, k, num);
    bc_pdf_obj *ro = bc_pdf_dget_raw(old, "Annots"), *rc = bc_pdf_dget_raw(cur, "Annots");
    if (ref_num(ro) && ref_num(ro) == ref_num(rc))
        return; /* the array object is judged on its own */
    judge_annots(j, page, old_resolve(j, ro), bc_pdf_resolve(j->doc, rc));
}

/* /Fields: every old field kept, new ones only signature fields. */
static void judge_fields(judge *j, const bc_pdf_obj *old, const bc_pdf_obj *cur)
{
    if (!cur || cur->kind != BC_PDF_ARRAY) {
        bad(j, "danh sách ô của biểu mẫu bị xóa hoặc hỏng");
        return;
    }
    for (size_t i = 0; old && old->kind == BC_PDF_ARRAY && i < old->arr.n; i++)
        if (!contains(cur, old->arr.items[i])) {
            bad(j, "xóa ô khỏi biểu mẫu");
            break;
        }
    for (size_t i = 0; i < cur->arr.n; i++) {
        bc_pdf_obj *it = cur->arr.items[i];
        if (contains(old, it))
            continue;
        if (is_sig_field(j->doc, bc_pdf_resolve(j->doc, it)))
            accept_sig_object(j, it, 0);
        else
            bad(j, "thêm ô biểu mẫu không phải ô chữ ký (đối tượng %d)", ref_num(it));
    }
}

static void judge_acroform(judge *j, const bc_pdf_obj *old, const bc_pdf_obj *cur)
{
    static const char *const ign[] = {"Fields", "SigFlags", "DR", "NeedAppearances", NULL};
    if (!cur || cur->kind != BC_PDF_DICT) {
        bad(j, "biểu mẫu (AcroForm) bị xóa hoặc hỏng");
        return;
    }
    const char *k = first_diff_key(old, cur, ign);
    if (k)
        bad(j, "biểu mẫu (AcroForm) đã đổi ở khóa /%s", k);
    /* A signer drops /NeedAppearances (baocao does); setting it would let a viewer redraw the
     * other fields. */
    bc_pdf_obj *na = bc_pdf_dget_raw(cur, "NeedAppearances");
    if (na && !bc_pdf_equal(na, bc_pdf_dget_raw(old, "NeedAppearances"), NULL))
        bad(j, "biểu mẫu (AcroForm) đã đổi ở khóa /NeedAppearances");
    /* Default resources of fields are not drawn: what they bring is harmless. */
    walk(j, bc_pdf_dget_raw(cur, "DR"), NEW_OK, 0);
    bc_pdf_obj *ro = bc_pdf_dget_raw(old, "Fields"), *rc = bc_pdf_dget_raw(cur, "Fields");
    if (ref_num(ro) && ref_num(ro) == ref_num(rc))
        return;
    mark_ok(j, rc);
    judge_fields(j, old_resolve(j, ro), bc_pdf_resolve(j->doc, rc));
}

static void judge_catalog(judge *j, const bc_pdf_obj *old, const bc_pdf_obj *cur)
{
    static const char *const ign[] = {"AcroForm", "DSS", NULL};
    const char *k = first_diff_key(old, cur, ign);
    if (k && !strcmp(k, "Pages"))
        bad(j, "danh sách trang đã đổi");
    else if (k)
        bad(j, "danh mục gốc (catalog) đã đổi ở khóa /%s", k);
    /* Validation data (certificates, OCSP, CRLs) for long-term signatures: not drawn. */
    bc_pdf_obj *dss = bc_pdf_dget_raw(cur, "DSS");
    if (!bc_pdf_equal(bc_pdf_dget_raw(old, "DSS"), dss, NULL)) {
        mark_ok(j, dss);
        walk(j, bc_pdf_resolve(j->doc, dss), NEW_OK, 0);
    }
    bc_pdf_obj *ro = bc_pdf_dget_raw(old, "AcroForm"), *rc = bc_pdf_dget_raw(cur, "AcroForm");
    if (ref_num(ro) && ref_num(ro) == ref_num(rc))
        return;
    if (is_new(j, ref_num(rc)))
        mark_ok(j, rc);
    judge_acroform(j, old_resolve(j, ro), bc_pdf_resolve(j->doc, rc));
}

/* An unsigned signature field or its widget: signing gives it /V and an appearance, and may
 * place it (/Rect) and make it visible (/F, /AS); every other key must stay. */
static void judge_sig_field(judge *j, int num, const bc_pdf_obj *old, bc_pdf_obj *cur)
{
    static const char *const ign[] = {"V", "AP", "Rect", "F", "AS", NULL};
    /* Signed already (the value may sit on the widget's parent field): nothing may change. */
    if (bc_pdf_dget_raw(old, "V") || bc_pdf_dget_raw(old_dget(j, old, "Parent"), "V")) {
        bad(j, "ô chữ ký đã ký bị sửa (đối tượng %d)", num);
        return;
    }
    const char *k = first_diff_key(old, cur, ign);
    if (k) {
        bad(j, "ô chữ ký bị sửa ở khóa /%s (đối tượng %d)", k, num);
        return;
    }
    bc_pdf_obj *v = bc_pdf_dget_raw(cur, "V");
    if (v && !is_sig_dict(bc_pdf_resolve(j->doc, v)))
        bad(j, "ô chữ ký nhận giá trị không phải chữ ký (đối tượng %d)", num);
    accept_value_and_appearance(j, cur);
}

static int was_unsigned_sig_field(judge *j, const bc_pdf_obj *old)
{
    if (!old || old->kind != BC_PDF_DICT)
        return 0;
    if (bc_pdf_is_name(old_dget(j, old, "FT"), "Sig"))
        return 1;
    bc_pdf_obj *parent = old_dget(j, old, "Parent");
    return bc_pdf_is_name(old_dget(j, old, "Subtype"), "Widget") &&
           bc_pdf_is_name(old_dget(j, parent, "FT"), "Sig");
}

static void judge_changed(judge *j, int num, bc_pdf_obj *old, bc_pdf_obj *cur)
{
    int page;
    if (num == j->root)
        judge_catalog(j, old, cur);
    else if (num == j->acroform)
        judge_acroform(j, old, cur);
    else if (num == j->fields)
        judge_fields(j, old, cur);
    else if ((page = page_of_annots(j, num)))
        judge_annots(j, page, old, cur);
    else if ((page = page_of(j, num)))
        judge_page(j, num, page, old, cur);
    else if (was_unsigned_sig_field(j, old))
        judge_sig_field(j, num, old, cur);
    else {
        /* Object streams included: rewriting one of the signed revision would change the
         * objects it holds without listing them in the new xref. */
        char what[128];
        describe_old(j, num, old, what, sizeof what);
        bad(j, "%s đã đổi (đối tượng %d)", what, num);
    }
}

/* ---- new objects ------------------------------------------------------------------------ */

/* Containers of the update itself: its xref stream (at a section's offset) and object streams,
 * whose contents are judged object by object. */
static int is_update_container(judge *j, int num, const bc_pdf_obj *o)
{
    if (bc_pdf_is_name(bc_pdf_dget_raw(o, "Type"), "ObjStm"))
        return 1;
    if (!bc_pdf_is_name(bc_pdf_dget_raw(o, "Type"), "XRef"))
        return 0;
    const bc_pdf_xentry *e = bc_pdf_entry_at(j->doc, num, 0);
    for (size_t i = 0; e && e->type == 'n' && i < j->doc->nsections; i++)
        if (j->doc->sections[i].off == e->off)
            return 1;
    return 0;
}

static void report_new(judge *j, const int *nums, size_t n)
{
    char list[160] = "";
    size_t shown = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        int num = nums[i];
        if (j->state[num] != NEW_PENDING)
            continue;
        bc_pdf_obj *o = bc_pdf_get(j->doc, num);
        if (is_sig_dict(o) || is_update_container(j, num, o))
            continue;
        total++;
        if (shown < MAX_LISTED) {
            size_t at = strlen(list);
            snprintf(list + at, sizeof list - at, "%s%d", shown ? ", " : "", num);
            shown++;
        }
    }
    if (total)
        bad(j, "thêm %zu đối tượng không thuộc chữ ký nào (đối tượng %s%s)", total, list,
            total > shown ? ", …" : "");
}

/* ---- entry point ------------------------------------------------------------------------ */

int bc_sig_changes_check(bc_pdf *doc, size_t end, bc_change_fn fn, void *ctx)
{
    int *nums = NULL;
    size_t n = bc_pdf_changed_since(doc, end, &nums);
    int later = 0;
    for (size_t i = 0; i < doc->nsections; i++)
        later |= (size_t)doc->sections[i].off >= end;
    if (!later) {
        free(nums);
        return 0; /* nothing after the signed revision: no need to learn what it held */
    }
    judge j = {doc, end, doc->size, NULL, NULL, 0, 0, 0, 0, fn, ctx, 0};
    for (size_t i = 0; i < n; i++)
        if (nums[i] >= j.n)
            j.n = nums[i] + 1;
    j.state = calloc((size_t)j.n + 1, 1);
    if (!j.state) {
        free(nums);
        return -1;
    }
    learn_old(&j);
    index_pages(&j);

    bc_pdf_obj *rootref = bc_pdf_dget_raw(doc->trailer, "Root");
    if (ref_num(rootref) != j.root)
        bad(&j, "danh mục gốc (/Root) được thay bằng đối tượng %d", ref_num(rootref));

    /* First pass: what each touched object was and is; new ones wait for the second pass. */
    for (size_t i = 0; i < n; i++) {
        int num = nums[i];
        const bc_pdf_xentry *e = bc_pdf_entry_at(doc, num, 0);
        bc_pdf_obj *old = old_get(&j, num), *cur = bc_pdf_get(doc, num);
        char what[128];
        if (!old && !cur) {
            if (e && e->type != 'f')
                bad(&j, "thêm đối tượng %d không đọc được", num);
        } else if (old && !cur) {
            describe_old(&j, num, old, what, sizeof what);
            if (e && e->type == 'f')
                bad(&j, "xóa đối tượng %d (%s)", num, what);
            else
                bad(&j, "đối tượng %d (%s) không còn đọc được", num, what);
        } else if (!old)
            j.state[num] = NEW_PENDING;
    }
    for (size_t i = 0; i < n; i++) {
        int num = nums[i];
        bc_pdf_obj *old = j.state[num] == OLD ? old_get(&j, num) : NULL;
        bc_pdf_obj *cur = old ? bc_pdf_get(doc, num) : NULL;
        if (old && cur && !bc_pdf_equal(old, cur, NULL))
            judge_changed(&j, num, old, cur);
    }
    report_new(&j, nums, n);

    for (size_t i = 0; i < j.npages; i++)
        free(j.pages[i].contents);
    free(j.pages);
    free(j.keys);
    free(j.state);
    free(nums);
    return j.bad;
}
