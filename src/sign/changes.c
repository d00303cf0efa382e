/* changes.c — see changes.h.
 *
 * The signed revision is read from the signed bytes opened as a document of their own (their own
 * startxref and /Prev chain), the current one with bc_pdf_get; the chain check makes sure the
 * current chain really continues that revision. Changed objects are judged first, by the role they
 * had in the signed revision (a page, its /Annots array, the catalog, the AcroForm, its /Fields,
 * an unsigned signature field); judging them marks the new objects they bring in that a signer
 * may add. New objects left unmarked at the end are reported.
 */
#include "sign/changes.h"

#include <math.h>
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
    bc_pdf *sdoc;          /* the signed bytes, opened on their own */
    size_t end;
    int n;                 /* object numbers below n are tracked in state */
    unsigned char *state;
    page_info *pages;      /* of the signed revision, in order */
    size_t npages;
    int root, acroform, fields, info; /* object numbers in the signed revision (0: none/direct) */
    int *cur_fields;       /* objects reachable from the current /Fields (sorted; lazily) */
    size_t ncur_fields;
    int have_cur_fields;
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
    return bc_pdf_get(j->sdoc, num);
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

static void learn_old(judge *j)
{
    j->info = ref_num(bc_pdf_dget_raw(j->sdoc->trailer, "Info"));
    bc_pdf_obj *rootref = bc_pdf_dget_raw(j->sdoc->trailer, "Root");
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
    else if (num == j->info)
        snprintf(out, cap, "thông tin tài liệu (/Info: tiêu đề, tác giả…)");
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

/* ---- signature fields: signed in their own update, or showing nothing ------------------- */

size_t bc_sig_byterange_end(bc_pdf *doc, const bc_pdf_obj *sig, size_t len)
{
    bc_pdf_obj *br = bc_pdf_dget(doc, sig, "ByteRange");
    if (!br || br->kind != BC_PDF_ARRAY || br->arr.n != 4)
        return 0;
    long long r[4];
    for (int i = 0; i < 4; i++) {
        bc_pdf_obj *v = bc_pdf_resolve(doc, br->arr.items[i]);
        if (!v || v->kind != BC_PDF_INT || v->i < 0 || (unsigned long long)v->i > len)
            return 0;
        r[i] = v->i;
    }
    return r[3] <= (long long)len - r[2] ? (size_t)(r[2] + r[3]) : 0;
}

/* The field that holds the value of field-or-widget `o` (object `num`): itself, or the /Parent
 * of a widget that has no /V of its own. */
static bc_pdf_obj *value_holder(bc_pdf *doc, bc_pdf_obj *o, int num, int *holder)
{
    bc_pdf_obj *p = bc_pdf_dget_raw(o, "Parent");
    *holder = num;
    if (bc_pdf_dget_raw(o, "V") || !p)
        return o;
    *holder = ref_num(p);
    return bc_pdf_resolve(doc, p);
}

static int same_at(judge *j, int num, const bc_pdf_obj *cur, size_t e)
{
    return num > 0 && bc_pdf_equal(bc_pdf_get_at(j->doc, num, e), cur, NULL);
}

/* True when field-or-widget `num` (now `cur`) is what it is because it was signed: its value is
 * a signature dictionary whose signed bytes run past the signed revision and already hold the
 * widget, its field and the dictionary as they are now. Signing a pre-made empty field gives it
 * /V, /AP and /Rect in the very update that the new signature covers (sign/pdfsign.c); a copy
 * of another field's signature, or an appearance added after that signature, is not that. */
static int signed_in_update(judge *j, int num, bc_pdf_obj *cur)
{
    int holder;
    bc_pdf_obj *field = value_holder(j->doc, cur, num, &holder);
    bc_pdf_obj *v = bc_pdf_dget_raw(field, "V");
    bc_pdf_obj *sig = bc_pdf_resolve(j->doc, v);
    if (!is_sig_dict(sig))
        return 0;
    size_t e = bc_sig_byterange_end(j->doc, sig, j->doc->len);
    if (e <= j->end)
        return 0;
    return same_at(j, num, cur, e) && (holder == num || same_at(j, holder, field, e)) &&
           (!ref_num(v) || same_at(j, ref_num(v), sig, e));
}

/* Whether an appearance stream draws anything (an unreadable one is assumed to). */
static int draws(bc_pdf *doc, const bc_pdf_obj *s)
{
    if (!s || s->kind != BC_PDF_STREAM)
        return 0;
    bc_buf b = BC_BUF_INIT;
    int any = bc_pdf_stream_decode(doc, s, &b, NULL) != BC_OK;
    for (size_t i = 0; !any && i < b.len; i++)
        any = !strchr(" \t\r\n\f", b.data[i]);
    bc_buf_free(&b);
    return any;
}

int bc_sig_widget_visible(bc_pdf *doc, const bc_pdf_obj *w)
{
    if (!w || w->kind != BC_PDF_DICT)
        return 0;
    bc_pdf_obj *rect = bc_pdf_dget(doc, w, "Rect");
    if (!rect || rect->kind != BC_PDF_ARRAY || rect->arr.n != 4)
        return 0;
    double r[4];
    for (int i = 0; i < 4; i++)
        r[i] = bc_pdf_num(bc_pdf_resolve(doc, rect->arr.items[i]), 0);
    if (!(fabs(r[2] - r[0]) > 0) || !(fabs(r[3] - r[1]) > 0))
        return 0;
    bc_pdf_obj *f = bc_pdf_dget(doc, w, "F");
    if (f && f->kind == BC_PDF_INT && (f->i & (2 | 32))) /* Hidden, NoView */
        return 0;
    bc_pdf_obj *mk = bc_pdf_dget(doc, w, "MK");
    if (mk && mk->kind == BC_PDF_DICT && mk->dict.n > 0)
        return 1;
    /* The normal appearance, and those shown while the pointer is over it or pressing it. */
    static const char *const kinds[] = {"N", "R", "D", NULL};
    bc_pdf_obj *ap = bc_pdf_dget(doc, w, "AP"), *as = bc_pdf_dget(doc, w, "AS");
    for (const char *const *k = kinds; *k; k++) {
        bc_pdf_obj *n = bc_pdf_dget(doc, ap, *k);
        if (n && n->kind == BC_PDF_DICT) { /* appearance states: the one shown, else any */
            if (as && as->kind == BC_PDF_NAME) {
                if (draws(doc, bc_pdf_dget(doc, n, as->name)))
                    return 1;
                continue;
            }
            for (size_t i = 0; i < n->dict.n && i < 64; i++)
                if (draws(doc, bc_pdf_resolve(doc, n->dict.vals[i])))
                    return 1;
        } else if (draws(doc, n))
            return 1;
    }
    return 0;
}

/* `"name" ` of a field or widget (its /T or its parent's), printable ASCII only, for messages;
 * "" when it has none. */
static void field_label(bc_pdf *doc, const bc_pdf_obj *o, char *out, size_t cap)
{
    bc_pdf_obj *t = bc_pdf_dget(doc, o, "T");
    if (!t)
        t = bc_pdf_dget(doc, bc_pdf_dget(doc, o, "Parent"), "T");
    out[0] = 0;
    if (!t || t->kind != BC_PDF_STRING || cap < 8)
        return;
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < t->str.len && n + 3 < cap && i < 60; i++)
        out[n++] = t->str.s[i] >= 0x20 && t->str.s[i] < 0x7f ? t->str.s[i] : '?';
    out[n++] = '"';
    out[n++] = ' ';
    out[n] = 0;
}

#define MAX_FIELDS 100000

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Object numbers of the current form's fields and their kids (capped, so that a /Kids cycle
 * cannot run away). */
static void collect_fields(judge *j, const bc_pdf_obj *arr, int depth)
{
    for (size_t i = 0; arr && arr->kind == BC_PDF_ARRAY && depth <= 8 && i < arr->arr.n; i++) {
        bc_pdf_obj *it = arr->arr.items[i];
        if (!ref_num(it) || j->ncur_fields >= MAX_FIELDS ||
            !add_num(&j->cur_fields, &j->ncur_fields, it->ref.num))
            continue;
        collect_fields(j, bc_pdf_dget(j->doc, bc_pdf_resolve(j->doc, it), "Kids"), depth + 1);
    }
}

static int in_cur_fields(judge *j, int num)
{
    if (!j->have_cur_fields) {
        j->have_cur_fields = 1;
        bc_pdf_obj *root = bc_pdf_dget(j->doc, j->doc->trailer, "Root");
        collect_fields(j, bc_pdf_dget(j->doc, bc_pdf_dget(j->doc, root, "AcroForm"), "Fields"),
                       0);
        if (j->ncur_fields)
            qsort(j->cur_fields, j->ncur_fields, sizeof *j->cur_fields, cmp_int);
    }
    return num > 0 && j->ncur_fields &&
           bsearch(&num, j->cur_fields, j->ncur_fields, sizeof num, cmp_int) != NULL;
}

/* Marks a new object and what it brings in as already reported. */
static void mark_reported(judge *j, bc_pdf_obj *o)
{
    int num = ref_num(o);
    if (!num)
        walk(j, o, NEW_REPORTED, 0); /* a direct dictionary: what it refers to */
    else if (is_new(j, num) && j->state[num] == NEW_PENDING) {
        j->state[num] = NEW_REPORTED;
        walk(j, bc_pdf_get(j->doc, num), NEW_REPORTED, 0);
    }
}

/* A new signature field or widget that is not signed in its own update may only be an empty
 * place for a later signature: no value, nothing shown. Returns 0 when it was reported. */
static int new_unsigned_field_ok(judge *j, bc_pdf_obj *ref, bc_pdf_obj *o)
{
    int num = ref_num(ref), holder;
    if (is_new(j, num) && j->state[num] == NEW_REPORTED)
        return 0; /* listed in /Fields and in /Annots: told once */
    if (!is_new(j, num) || signed_in_update(j, num, o))
        return 1;
    char name[80];
    field_label(j->doc, o, name, sizeof name);
    if (bc_pdf_dget_raw(value_holder(j->doc, o, num, &holder), "V"))
        bad(j, "ô chữ ký mới %s(đối tượng %d) mang /V là một chữ ký không ký lần cập nhật thêm "
               "ô đó (chữ ký chép lại từ nơi khác không phải một chữ ký mới)", name, num);
    else if (bc_sig_widget_visible(j->doc, o))
        bad(j, "ô chữ ký mới %s(đối tượng %d) chưa được ký nhưng có hình hiển thị trên trang "
               "(/AP hoặc /MK, vùng /Rect khác rỗng): hình đó không phải chữ ký và có thể che "
               "hoặc giả nội dung đã ký", name, num);
    else
        return 1;
    mark_reported(j, ref);
    return 0;
}

/* A key given twice in a dictionary: readers differ on which one counts (the first, the last),
 * so a verifier and a viewer could see two different values. Dictionaries of more than 64
 * keys are not searched (none of those judged here has that many: "…" is returned). */
static const char *dup_key(const bc_pdf_obj *o)
{
    if (!o || (o->kind != BC_PDF_DICT && o->kind != BC_PDF_STREAM))
        return NULL;
    if (o->dict.n > 64)
        return "…";
    for (size_t i = 0; i < o->dict.n; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(o->dict.keys[i], o->dict.keys[k]))
                return o->dict.keys[i];
    return NULL;
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
    const char *k = is_new(j, ref_num(ref)) ? dup_key(o) : NULL;
    if (k) {
        bad(j, "ô chữ ký mới (đối tượng %d) có khóa /%s hai lần (trình đọc khác nhau chọn giá "
               "trị khác nhau)", ref_num(ref), k);
        j->state[ref_num(ref)] = NEW_REPORTED;
        return;
    }
    k = is_new(j, ref_num(ref)) ? unexpected_key(o) : NULL;
    if (k) {
        bad(j, "ô chữ ký mới (đối tượng %d) có khóa /%s", ref_num(ref), k);
        j->state[ref_num(ref)] = NEW_REPORTED;
        return;
    }
    if (!new_unsigned_field_ok(j, ref, o))
        return;
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
        if (!ref_num(it)) {
            bad(j, "thêm vào trang %d một chú thích viết trực tiếp trong /Annots (chú thích phải "
                   "là đối tượng gián tiếp)", page);
            continue;
        }
        if (is_sig_widget(j->doc, a) && is_new(j, it->ref.num) &&
            !in_cur_fields(j, it->ref.num)) {
            char name[80];
            field_label(j->doc, a, name, sizeof name);
            bad(j, "thêm vào trang %d một widget ô chữ ký %s(đối tượng %d) không thuộc ô nào của "
                   "biểu mẫu (/Fields): một lớp phủ trông như ô chữ ký", page, name, it->ref.num);
            mark_reported(j, it);
            continue;
        }
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
        if (!ref_num(it))
            bad(j, "thêm vào biểu mẫu một ô viết trực tiếp trong /Fields (ô phải là đối tượng "
                   "gián tiếp)");
        else if (is_sig_field(j->doc, bc_pdf_resolve(j->doc, it)))
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
 * place it (/Rect), make it visible (/F, /AS) and style it (/MK) — but only in the update that
 * its new signature covers. Without that signature, the same changes would make an empty box
 * show a signature image and seal nobody signed (or cover the page): they are changes. Every
 * other key must stay. */
static void judge_sig_field(judge *j, int num, const bc_pdf_obj *old, bc_pdf_obj *cur)
{
    static const char *const ign[] = {"V", "AP", "Rect", "F", "AS", "MK", NULL};
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
    if (v && !is_sig_dict(bc_pdf_resolve(j->doc, v))) {
        bad(j, "ô chữ ký nhận giá trị không phải chữ ký (đối tượng %d)", num);
        return;
    }
    if (signed_in_update(j, num, cur)) {
        accept_value_and_appearance(j, cur);
        return;
    }
    char name[80];
    field_label(j->doc, cur, name, sizeof name);
    static const char *const shown[] = {"AP", "Rect", "MK", "F", "AS", NULL};
    char which[64] = "";
    for (const char *const *s = shown; *s; s++)
        if (!bc_pdf_equal(bc_pdf_dget_raw(old, *s), bc_pdf_dget_raw(cur, *s), NULL))
            snprintf(which + strlen(which), sizeof which - strlen(which), "%s/%s",
                     *which ? ", " : "", *s);
    if (v)
        bad(j, "ô chữ ký %s(đối tượng %d) nhận /V là một chữ ký không ký lần cập nhật đó (chữ "
               "ký chép lại từ nơi khác không phải một chữ ký mới)", name, num);
    else if (*which)
        bad(j, "ô chữ ký chưa ký %s(đối tượng %d) bị đổi %s sau khi ký mà không có chữ ký nào "
               "đi kèm: hình hiển thị hoặc vùng của một ô chưa ký không phải chữ ký", name, num,
            which);
    else
        return;
    mark_reported(j, bc_pdf_dget_raw(cur, "AP"));
    mark_reported(j, bc_pdf_dget_raw(cur, "MK"));
    mark_reported(j, v);
}

/* The document information dictionary: Title, Author, Subject… are shown by viewers and
 * archives. Signing tools may update /ModDate; nothing else may change. */
static void judge_info(judge *j, int num, const bc_pdf_obj *old, const bc_pdf_obj *cur)
{
    static const char *const ign[] = {"ModDate", NULL};
    const char *k = first_diff_key(old, cur, ign);
    if (k)
        bad(j, "thông tin tài liệu (/Info, đối tượng %d) đã đổi ở khóa /%s", num, k);
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
    else if (num == j->info)
        judge_info(j, num, old, cur);
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

/* ---- the /Prev chain and the trailers --------------------------------------------------- */

/* How many revisions (distinct section offsets: a hybrid file's /XRefStm shares its table's)
 * sections[0..k) of `d` hold. */
static int revisions_before(const bc_pdf *d, size_t k)
{
    int n = 0;
    for (size_t i = 0; i < k && i < d->nsections; i++)
        n += i == 0 || d->sections[i].off != d->sections[i - 1].off;
    return n;
}

static long long index_of_section(const bc_pdf *d, long long off)
{
    for (size_t i = 0; i < d->nsections; i++)
        if (d->sections[i].off == off)
            return (long long)i;
    return -1;
}

/* The current chain must be: the later sections, then exactly the signed revision's sections
 * (what the signed bytes' own startxref and /Prev chain say), in order. A chain that enters the
 * signed bytes anywhere else shows a revision that was not the one signed. */
static void check_chain(judge *j)
{
    const bc_pdf *d = j->doc, *s = j->sdoc;
    size_t k = 0;
    while (k < d->nsections && (size_t)d->sections[k].off >= j->end)
        k++;
    long long want = s->nsections ? s->sections[0].off : -1;
    if (k == d->nsections) {
        bad(j, "chuỗi bảng tham chiếu (xref /Prev) hiện tại không nối về phần được ký: lần cập "
               "nhật ở byte %lld không có /Prev trỏ về bảng xref cuối của phần được ký (byte "
               "%lld), nên trình xem đọc một tài liệu khác", k ? d->sections[k - 1].off : -1,
            want);
        return;
    }
    long long got = d->sections[k].off;
    if (got != want) {
        long long q = index_of_section(s, got);
        char how[200];
        if (q > 0)
            snprintf(how, sizeof how, "bỏ qua %d lần cập nhật cuối của bản đã ký, nên trình xem "
                     "hiển thị một phiên bản cũ hơn, khác với bản đã ký",
                     revisions_before(s, (size_t)q));
        else
            snprintf(how, sizeof how, "trỏ vào một bảng xref không thuộc chuỗi của bản đã ký");
        if (k == 0)
            bad(j, "startxref cuối tệp trỏ vào bảng xref ở byte %lld bên trong phần được ký, "
                   "không phải bảng xref cuối của phần được ký (byte %lld): %s", got, want, how);
        else
            bad(j, "lần cập nhật ở byte %lld có /Prev %lld, không phải bảng xref cuối của phần "
                   "được ký (byte %lld): %s", d->sections[k - 1].off, got, want, how);
        return;
    }
    size_t i = 0;
    for (; k + i < d->nsections && i < s->nsections; i++)
        if (d->sections[k + i].off != s->sections[i].off) {
            bad(j, "chuỗi bảng tham chiếu hiện tại khác chuỗi của phần được ký ở bảng xref byte "
                   "%lld (bản đã ký: byte %lld)", d->sections[k + i].off, s->sections[i].off);
            return;
        }
    if (i < s->nsections)
        bad(j, "chuỗi bảng tham chiếu hiện tại thiếu bảng xref ở byte %lld của phần được ký",
            s->sections[i].off);
    else if (k + i < d->nsections)
        bad(j, "chuỗi bảng tham chiếu hiện tại có thêm bảng xref ở byte %lld không thuộc phần "
               "được ký", d->sections[k + i].off);
}

/* Keys an update's trailer may set as it likes: the chain's own bookkeeping, and the keys of
 * an xref stream's dictionary. /Root, /ID and /Info are judged apart. */
static int free_trailer_key(const char *k, int is_stream)
{
    static const char *const any[] = {"Size", "Prev", "XRefStm", "Root", "ID", "Info", NULL};
    static const char *const stream[] = {"Type", "W", "Index", "Length", "Filter",
                                         "DecodeParms", NULL};
    for (const char *const *a = any; *a; a++)
        if (!strcmp(*a, k))
            return 1;
    for (const char *const *a = stream; is_stream && *a; a++)
        if (!strcmp(*a, k))
            return 1;
    return 0;
}

static const bc_pdf_obj *id_first(const bc_pdf_obj *id)
{
    return id && id->kind == BC_PDF_ARRAY && id->arr.n == 2 ? id->arr.items[0] : NULL;
}

static void judge_trailer(judge *j, const bc_pdf_section *sec, const bc_pdf_obj *old)
{
    const bc_pdf_obj *cur = sec->trailer;
    long long at = sec->off;
    /* No trailer needs more than a dozen keys; more would only make the comparison slow. */
    if (cur->dict.n > 64) {
        bad(j, "trailer của lần cập nhật ở byte %lld có %zu khóa (một trailer chỉ cần vài khóa)",
            at, cur->dict.n);
        return;
    }
    const char *dup = dup_key(cur);
    if (dup)
        bad(j, "trailer của lần cập nhật ở byte %lld có khóa /%s hai lần (trình đọc khác nhau "
               "chọn giá trị khác nhau)", at, dup);
    bc_pdf_obj *ro = bc_pdf_dget_raw(old, "Root"), *rc = bc_pdf_dget_raw(cur, "Root");
    if (!bc_pdf_equal(ro, rc, NULL))
        bad(j, "trailer của lần cập nhật ở byte %lld thay danh mục gốc /Root (đối tượng %d thay "
               "cho %d)", at, ref_num(rc), ref_num(ro));
    bc_pdf_obj *io = bc_pdf_dget_raw(old, "ID"), *ic = bc_pdf_dget_raw(cur, "ID");
    if (io && !bc_pdf_equal(id_first(io), id_first(ic), NULL))
        bad(j, "trailer của lần cập nhật ở byte %lld đổi phần đầu của /ID (định danh cố định của "
               "tệp, không được đổi khi cập nhật)", at);
    bc_pdf_obj *fo = bc_pdf_dget_raw(old, "Info"), *fc = bc_pdf_dget_raw(cur, "Info");
    if (fo && fc && fo->kind == BC_PDF_DICT && fc->kind == BC_PDF_DICT) {
        static const char *const ign[] = {"ModDate", NULL};
        const char *k = first_diff_key(fo, fc, ign);
        if (k)
            bad(j, "trailer của lần cập nhật ở byte %lld đổi thông tin tài liệu /Info ở khóa /%s",
                at, k);
    } else if (!bc_pdf_equal(fo, fc, NULL))
        bad(j, "trailer của lần cập nhật ở byte %lld %s thông tin tài liệu /Info (tiêu đề, tác "
               "giả…)%s", at, !fo ? "thêm" : !fc ? "bỏ" : "thay",
            fc && fc->kind == BC_PDF_DICT ? " bằng một từ điển viết trực tiếp trong trailer" : "");
    const bc_pdf_obj *pair[2] = {cur, old};
    for (int side = 0; side < 2; side++) {
        const bc_pdf_obj *x = pair[side], *y = pair[1 - side];
        int is_stream = x && x->kind == BC_PDF_STREAM;
        for (size_t i = 0; x && i < x->dict.n; i++) {
            const char *k = x->dict.keys[i];
            if (free_trailer_key(k, is_stream) ||
                bc_pdf_equal(x->dict.vals[i], bc_pdf_dget_raw(y, k), NULL))
                continue;
            if (side == 0)
                bad(j, "trailer của lần cập nhật ở byte %lld %s khóa /%s", at,
                    bc_pdf_dget_raw(y, k) ? "đổi" : "thêm", k);
            else if (!bc_pdf_dget_raw(y, k))
                bad(j, "trailer của lần cập nhật ở byte %lld bỏ khóa /%s", at, k);
        }
    }
}

/* Every later section's trailer against the signed revision's. The /XRefStm half of a hybrid
 * section (same offset as its table) is only an extension of the table's trailer. */
static void check_trailers(judge *j)
{
    const bc_pdf *d = j->doc;
    for (size_t i = 0; i < d->nsections && (size_t)d->sections[i].off >= j->end; i++)
        if (i == 0 || d->sections[i].off != d->sections[i - 1].off)
            judge_trailer(j, &d->sections[i], j->sdoc->trailer);
}

/* ---- entry point ------------------------------------------------------------------------ */

int bc_sig_changes_check(bc_pdf *doc, bc_pdf *signed_rev, size_t end, bc_change_fn fn,
                         void *ctx)
{
    judge j = {.doc = doc, .sdoc = signed_rev, .end = end, .n = doc->size, .fn = fn, .ctx = ctx};
    check_chain(&j);
    int later = 0;
    for (size_t i = 0; i < doc->nsections; i++)
        later |= (size_t)doc->sections[i].off >= end;
    if (!later)
        return j.bad; /* nothing after the signed revision: no need to learn what it held */
    int *nums = NULL;
    size_t n = bc_pdf_changed_since(doc, end, &nums);
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
    check_trailers(&j);

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
    free(j.cur_fields);
    free(j.keys);
    free(j.state);
    free(nums);
    return j.bad;
}
