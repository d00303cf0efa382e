/* pdfupdate.c — see pdfupdate.h. */
#include "pdf/pdfupdate.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/text.h"

bc_status bc_pdf_update_begin(bc_pdf_update *u, bc_pdf *doc, bc_buf *out, bc_err *err)
{
    memset(u, 0, sizeof *u);
    u->doc = doc;
    u->out = out;
    u->next_num = doc->size;
    bc_buf_append(out, doc->data, doc->len);
    /* An update must start on a new line; adding one is an append, not a rewrite. */
    if (doc->len && doc->data[doc->len - 1] != '\n' && doc->data[doc->len - 1] != '\r')
        bc_buf_putc(out, '\n');
    return out->oom ? bc_err_oom(err, NULL) : BC_OK;
}

int bc_pdf_update_alloc(bc_pdf_update *u)
{
    return u->next_num++;
}

void bc_pdf_update_obj_begin(bc_pdf_update *u, int num, int gen)
{
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 16;
        bc_pdf_upd_entry *no = realloc(u->objs, cap * sizeof *no);
        if (!no) {
            u->out->oom = 1;
            return;
        }
        u->objs = no;
        u->cap = cap;
    }
    u->objs[u->n++] = (bc_pdf_upd_entry){num, gen, u->out->len};
    bc_buf_printf(u->out, "%d %d obj\n", num, gen);
}

void bc_pdf_update_obj_end(bc_pdf_update *u)
{
    bc_buf_puts(u->out, "\nendobj\n");
}

bc_status bc_pdf_update_stream(bc_pdf_update *u, int num, const char *dict_entries,
                               const void *data, size_t len, int compress, bc_err *err)
{
    unsigned char *z = NULL;
    uLongf zlen = 0;
    if (compress) {
        zlen = compressBound((uLong)len);
        z = malloc(zlen ? zlen : 1);
        if (!z || compress2(z, &zlen, data, (uLong)len, Z_DEFAULT_COMPRESSION) != Z_OK) {
            free(z);
            return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không nén được luồng dữ liệu PDF");
        }
        data = z;
        len = zlen;
    }
    bc_pdf_update_obj_begin(u, num, 0);
    bc_buf_printf(u->out, "<<%s%s /Length %zu>>\nstream\n", dict_entries,
                  compress ? " /Filter /FlateDecode" : "", len);
    bc_buf_append(u->out, data, len);
    bc_buf_puts(u->out, "\nendstream");
    bc_pdf_update_obj_end(u);
    free(z);
    return u->out->oom ? bc_err_oom(err, NULL) : BC_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    const bc_pdf_upd_entry *x = a, *y = b;
    return (x->num > y->num) - (x->num < y->num);
}

/* Writes /Root /Info /ID from the newest trailer (what readers need to open the update). */
static void write_kept_trailer_keys(bc_pdf_update *u)
{
    static const char *const keep[] = {"Root", "Info", "ID"};
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        bc_pdf_obj *v = bc_pdf_dget_raw(u->doc->trailer, keep[i]);
        if (v) {
            bc_buf_printf(u->out, " /%s ", keep[i]);
            bc_pdf_write(u->out, v);
        }
    }
}

static int size_after(const bc_pdf_update *u)
{
    int size = u->doc->size;
    for (size_t i = 0; i < u->n; i++)
        if (u->objs[i].num + 1 > size)
            size = u->objs[i].num + 1;
    return size;
}

static void write_table(bc_pdf_update *u)
{
    size_t xref_at = u->out->len;
    bc_buf_puts(u->out, "xref\n");
    for (size_t i = 0; i < u->n;) {
        size_t j = i + 1;
        while (j < u->n && u->objs[j].num == u->objs[j - 1].num + 1)
            j++;
        bc_buf_printf(u->out, "%d %zu\n", u->objs[i].num, j - i);
        for (size_t k = i; k < j; k++)
            bc_buf_printf(u->out, "%010zu %05d n\r\n", u->objs[k].off, u->objs[k].gen);
        i = j;
    }
    bc_buf_printf(u->out, "trailer\n<< /Size %d", size_after(u));
    write_kept_trailer_keys(u);
    bc_buf_printf(u->out, " /Prev %lld >>\nstartxref\n%zu\n%%%%EOF\n", u->doc->startxref,
                  xref_at);
}

static bc_status write_stream(bc_pdf_update *u, bc_err *err)
{
    int self = bc_pdf_update_alloc(u);
    size_t xref_at = u->out->len;
    /* The xref stream's own entry must be in it; its offset is where it starts. */
    bc_pdf_upd_entry me = {self, 0, xref_at};
    bc_buf rows = BC_BUF_INIT, index = BC_BUF_INIT;
    bc_pdf_upd_entry *all = malloc((u->n + 1) * sizeof *all);
    if (!all)
        return bc_err_oom(err, NULL);
    memcpy(all, u->objs, u->n * sizeof *all);
    all[u->n] = me;
    size_t n = u->n + 1;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && all[j].num == all[j - 1].num + 1)
            j++;
        bc_buf_printf(&index, "%s%d %zu", i ? " " : "", all[i].num, j - i);
        for (size_t k = i; k < j; k++) {
            size_t off = all[k].off;
            unsigned char r[7] = {1, (unsigned char)(off >> 24), (unsigned char)(off >> 16),
                                  (unsigned char)(off >> 8), (unsigned char)off,
                                  (unsigned char)(all[k].gen >> 8), (unsigned char)all[k].gen};
            bc_buf_append(&rows, r, sizeof r);
        }
        i = j;
    }
    bc_buf dict = BC_BUF_INIT;
    bc_buf_printf(&dict, " /Type /XRef /Size %d /W [1 4 2] /Index [%s]", self + 1, index.data);
    bc_buf *saved = u->out;
    u->out = &dict;
    write_kept_trailer_keys(u);
    u->out = saved;
    bc_buf_printf(&dict, " /Prev %lld", u->doc->startxref);
    free(all);
    bc_status st = dict.oom || rows.oom || xref_at > 0xffffffffu
                       ? bc_err_add(err, BC_FAIL, NULL, 0, 0, "tệp PDF quá lớn cho bảng xref")
                       : bc_pdf_update_stream(u, self, dict.data, rows.data, rows.len, 0, err);
    bc_buf_free(&dict);
    bc_buf_free(&rows);
    bc_buf_free(&index);
    if (st == BC_OK)
        bc_buf_printf(u->out, "startxref\n%zu\n%%%%EOF\n", xref_at);
    return st;
}

bc_status bc_pdf_update_finish(bc_pdf_update *u, bc_err *err)
{
    qsort(u->objs, u->n, sizeof *u->objs, cmp_entry);
    for (size_t i = 1; i < u->n; i++)
        if (u->objs[i].num == u->objs[i - 1].num)
            return bc_err_add(err, BC_FAIL, NULL, 0, 0,
                              "lỗi nội bộ: đối tượng PDF %d được ghi hai lần", u->objs[i].num);
    bc_status st = BC_OK;
    if (u->doc->sections[0].is_stream)
        st = write_stream(u, err);
    else
        write_table(u);
    if (st == BC_OK && u->out->oom)
        st = bc_err_oom(err, NULL);
    return st;
}

void bc_pdf_update_free(bc_pdf_update *u)
{
    free(u->objs);
    u->objs = NULL;
    u->n = u->cap = 0;
}

/* ---- serialisation ---------------------------------------------------------------------- */

void bc_pdf_write_real(bc_buf *b, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.4f", v);
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *e = tmp + strlen(tmp) - 1;
        while (e > dot && *e == '0')
            *e-- = 0;
        if (e == dot)
            *e = 0;
    }
    if (!strcmp(tmp, "-0"))
        strcpy(tmp, "0");
    bc_buf_puts(b, tmp);
}

/* A real read from a file, written back so that it reads as the same number: the fewest
 * decimals that give back the same double (595.27557 stays 595.27557). bc_pdf_write_real's four
 * decimals would change a copied /MediaBox, and an earlier signature's verification compares the
 * page as it was signed with the page as it is. No exponent: PDF has none. */
static void write_real_exact(bc_buf *b, double v)
{
    char tmp[400];
    for (int prec = 0; prec <= 40; prec++) {
        snprintf(tmp, sizeof tmp, "%.*f", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    if (!strcmp(tmp, "-0"))
        strcpy(tmp, "0");
    bc_buf_puts(b, tmp);
}

static void write_name(bc_buf *b, const char *name)
{
    bc_buf_putc(b, '/');
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x21 || *p > 0x7e || strchr("()<>[]{}/%#", *p))
            bc_buf_printf(b, "#%02X", *p);
        else
            bc_buf_putc(b, (char)*p);
    }
}

static void write_literal(bc_buf *b, const char *s, size_t n)
{
    bc_buf_putc(b, '(');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '(' || c == ')' || c == '\\')
            bc_buf_printf(b, "\\%c", c);
        else if (c < 0x20 || c > 0x7e)
            bc_buf_printf(b, "\\%03o", c);
        else
            bc_buf_putc(b, (char)c);
    }
    bc_buf_putc(b, ')');
}

typedef struct ref_map {
    int (*fn)(void *ctx, int num);
    void *ctx;
} ref_map;

static void write_obj(bc_buf *b, const bc_pdf_obj *o, const ref_map *m);

static void write_entries(bc_buf *b, const bc_pdf_obj *d, const char *const *skip,
                          const ref_map *m)
{
    for (size_t i = 0; i < d->dict.n; i++) {
        int drop = 0;
        for (const char *const *s = skip; s && *s; s++)
            drop |= !strcmp(*s, d->dict.keys[i]);
        if (drop)
            continue;
        bc_buf_putc(b, ' ');
        write_name(b, d->dict.keys[i]);
        bc_buf_putc(b, ' ');
        write_obj(b, d->dict.vals[i], m);
    }
}

static void write_obj(bc_buf *b, const bc_pdf_obj *o, const ref_map *m)
{
    if (!o) {
        bc_buf_puts(b, "null");
        return;
    }
    switch (o->kind) {
    case BC_PDF_NULL: bc_buf_puts(b, "null"); break;
    case BC_PDF_BOOL: bc_buf_puts(b, o->b ? "true" : "false"); break;
    case BC_PDF_INT: bc_buf_printf(b, "%lld", o->i); break;
    case BC_PDF_REAL: write_real_exact(b, o->r); break;
    case BC_PDF_STRING: write_literal(b, o->str.s, o->str.len); break;
    case BC_PDF_NAME: write_name(b, o->name); break;
    case BC_PDF_REF:
        if (m)
            bc_buf_printf(b, "%d 0 R", m->fn(m->ctx, o->ref.num));
        else
            bc_buf_printf(b, "%d %d R", o->ref.num, o->ref.gen);
        break;
    case BC_PDF_ARRAY:
        bc_buf_putc(b, '[');
        for (size_t i = 0; i < o->arr.n; i++) {
            if (i)
                bc_buf_putc(b, ' ');
            write_obj(b, o->arr.items[i], m);
        }
        bc_buf_putc(b, ']');
        break;
    case BC_PDF_DICT:
    case BC_PDF_STREAM: /* a stream is rewritten by its owner; here only its dictionary */
        bc_buf_puts(b, "<<");
        write_entries(b, o, NULL, m);
        bc_buf_puts(b, " >>");
        break;
    }
}

void bc_pdf_write_entries(bc_buf *b, const bc_pdf_obj *d, const char *const *skip)
{
    write_entries(b, d, skip, NULL);
}

void bc_pdf_write(bc_buf *b, const bc_pdf_obj *o)
{
    write_obj(b, o, NULL);
}

void bc_pdf_write_mapped(bc_buf *b, const bc_pdf_obj *o, int (*map)(void *ctx, int num),
                         void *ctx)
{
    ref_map m = {map, ctx};
    write_obj(b, o, &m);
}

void bc_pdf_write_entries_mapped(bc_buf *b, const bc_pdf_obj *d, const char *const *skip,
                                 int (*map)(void *ctx, int num), void *ctx)
{
    ref_map m = {map, ctx};
    write_entries(b, d, skip, &m);
}

void bc_pdf_write_text(bc_buf *b, const char *s)
{
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        ascii &= *p >= 0x20 && *p < 0x7f;
    if (ascii) {
        write_literal(b, s, strlen(s));
        return;
    }
    bc_buf_puts(b, "<FEFF");
    for (const char *p = s; *p;) {
        uint32_t cp = bc_utf8_next(&p);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            bc_buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
        } else
            bc_buf_printf(b, "%04X", cp);
    }
    bc_buf_putc(b, '>');
}
