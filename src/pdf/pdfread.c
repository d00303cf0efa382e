/* pdfread.c — see pdfread.h.
 *
 * The parser is a recursive-descent reader over a byte range. It is lenient where real files
 * are sloppy (xref entries that are 19 or 21 bytes, a wrong /Length) and strict where a wrong
 * guess would make a signature check lie (unknown filters, encryption, broken xref chains).
 */
#include "pdf/pdfread.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_DEPTH 64
#define MAX_OBJNUM 8388607

typedef struct parser {
    const char *d;
    size_t n, pos;
    bc_pdf *doc;
    int depth;
} parser;

static int is_ws(int c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(int c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static void skip_ws(parser *p)
{
    while (p->pos < p->n) {
        int c = (unsigned char)p->d[p->pos];
        if (is_ws(c))
            p->pos++;
        else if (c == '%') {
            while (p->pos < p->n && p->d[p->pos] != '\n' && p->d[p->pos] != '\r')
                p->pos++;
        } else
            break;
    }
}

/* True when the bytes at pos are keyword `kw` followed by a delimiter, whitespace or end. */
static int at_keyword(const parser *p, const char *kw)
{
    size_t k = strlen(kw);
    if (p->pos + k > p->n || memcmp(p->d + p->pos, kw, k) != 0)
        return 0;
    if (p->pos + k == p->n)
        return 1;
    int c = (unsigned char)p->d[p->pos + k];
    return is_ws(c) || is_delim(c);
}

static bc_pdf_obj *new_obj(parser *p, bc_pdf_kind kind)
{
    bc_pdf_obj *o = BC_NEW(&p->doc->arena, bc_pdf_obj);
    if (o)
        o->kind = kind;
    return o;
}

/* Reads an unsigned integer token; returns 0 when there is none. */
static int read_uint(parser *p, long long *v)
{
    size_t s = p->pos;
    long long x = 0;
    while (p->pos < p->n && isdigit((unsigned char)p->d[p->pos]) && x < (1LL << 50))
        x = x * 10 + (p->d[p->pos++] - '0');
    if (p->pos == s)
        return 0;
    *v = x;
    return 1;
}

static bc_pdf_obj *parse_obj(parser *p);
static int int_param(const bc_pdf_obj *o, int lo, int hi, int dflt, int *out);

static bc_pdf_obj *parse_number(parser *p)
{
    size_t s = p->pos;
    int real = 0;
    if (p->pos < p->n && (p->d[p->pos] == '+' || p->d[p->pos] == '-'))
        p->pos++;
    while (p->pos < p->n && (isdigit((unsigned char)p->d[p->pos]) || p->d[p->pos] == '.')) {
        real |= p->d[p->pos] == '.';
        p->pos++;
    }
    char tmp[64];
    size_t k = p->pos - s;
    if (k == 0 || k >= sizeof tmp)
        return NULL;
    memcpy(tmp, p->d + s, k);
    tmp[k] = 0;
    if (real) {
        bc_pdf_obj *o = new_obj(p, BC_PDF_REAL);
        if (o)
            o->r = strtod(tmp, NULL);
        return o;
    }
    long long v = strtoll(tmp, NULL, 10);
    /* "N G R" is a reference: look ahead without consuming when it is not. */
    if (tmp[0] != '+' && tmp[0] != '-') {
        size_t save = p->pos;
        skip_ws(p);
        long long gen;
        if (read_uint(p, &gen)) {
            skip_ws(p);
            if (at_keyword(p, "R") && v <= MAX_OBJNUM && gen <= 65535) {
                p->pos++;
                bc_pdf_obj *o = new_obj(p, BC_PDF_REF);
                if (o) {
                    o->ref.num = (int)v;
                    o->ref.gen = (int)gen;
                }
                return o;
            }
        }
        p->pos = save;
    }
    bc_pdf_obj *o = new_obj(p, BC_PDF_INT);
    if (o)
        o->i = v;
    return o;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bc_pdf_obj *parse_literal_string(parser *p)
{
    p->pos++; /* ( */
    bc_buf b = BC_BUF_INIT;
    int nest = 1;
    while (p->pos < p->n) {
        char c = p->d[p->pos++];
        if (c == '(')
            nest++;
        else if (c == ')' && --nest == 0)
            break;
        if (c == '\\' && p->pos < p->n) {
            c = p->d[p->pos++];
            switch (c) {
            case 'n': bc_buf_putc(&b, '\n'); break;
            case 'r': bc_buf_putc(&b, '\r'); break;
            case 't': bc_buf_putc(&b, '\t'); break;
            case 'b': bc_buf_putc(&b, '\b'); break;
            case 'f': bc_buf_putc(&b, '\f'); break;
            case '\r':
                if (p->pos < p->n && p->d[p->pos] == '\n')
                    p->pos++;
                break;
            case '\n': break;
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0';
                    for (int k = 0; k < 2 && p->pos < p->n && p->d[p->pos] >= '0' &&
                                    p->d[p->pos] <= '7';
                         k++)
                        v = v * 8 + (p->d[p->pos++] - '0');
                    bc_buf_putc(&b, (char)v);
                } else
                    bc_buf_putc(&b, c);
            }
            continue;
        }
        bc_buf_putc(&b, c);
    }
    bc_pdf_obj *o = nest == 0 && !b.oom ? new_obj(p, BC_PDF_STRING) : NULL;
    if (o) {
        /* Copied with memcpy, not strndup: strings may hold NUL bytes. */
        o->str.len = b.len;
        o->str.s = bc_arena_alloc(&p->doc->arena, b.len + 1);
        if (o->str.s && b.len)
            memcpy(o->str.s, b.data, b.len);
        if (!o->str.s)
            o = NULL;
    }
    bc_buf_free(&b);
    return o;
}

static bc_pdf_obj *parse_hex_string(parser *p)
{
    p->pos++; /* < */
    size_t s = p->pos;
    while (p->pos < p->n && p->d[p->pos] != '>')
        p->pos++;
    if (p->pos >= p->n)
        return NULL;
    size_t e = p->pos++;
    bc_pdf_obj *o = new_obj(p, BC_PDF_STRING);
    char *out = o ? bc_arena_alloc(&p->doc->arena, (e - s) / 2 + 2) : NULL;
    if (!out)
        return NULL;
    size_t n = 0;
    int hi = -1;
    for (size_t i = s; i < e; i++) {
        int v = hexval((unsigned char)p->d[i]);
        if (v < 0) {
            if (is_ws((unsigned char)p->d[i]))
                continue;
            return NULL;
        }
        if (hi < 0)
            hi = v;
        else {
            out[n++] = (char)(hi * 16 + v);
            hi = -1;
        }
    }
    if (hi >= 0)
        out[n++] = (char)(hi * 16);
    o->str.s = out;
    o->str.len = n;
    return o;
}

static char *parse_name_text(parser *p)
{
    p->pos++; /* / */
    bc_buf b = BC_BUF_INIT;
    while (p->pos < p->n) {
        int c = (unsigned char)p->d[p->pos];
        if (is_ws(c) || is_delim(c))
            break;
        if (c == '#' && p->pos + 2 < p->n && hexval((unsigned char)p->d[p->pos + 1]) >= 0 &&
            hexval((unsigned char)p->d[p->pos + 2]) >= 0) {
            bc_buf_putc(&b, (char)(hexval((unsigned char)p->d[p->pos + 1]) * 16 +
                                   hexval((unsigned char)p->d[p->pos + 2])));
            p->pos += 3;
            continue;
        }
        bc_buf_putc(&b, (char)c);
        p->pos++;
    }
    char *s = bc_arena_strdup(&p->doc->arena, b.data ? b.data : "");
    bc_buf_free(&b);
    return s;
}

static bc_pdf_obj *parse_array(parser *p)
{
    p->pos++; /* [ */
    bc_pdf_obj **items = NULL;
    size_t n = 0, cap = 0;
    bc_pdf_obj *o = NULL;
    for (;;) {
        skip_ws(p);
        if (p->pos >= p->n)
            goto done;
        if (p->d[p->pos] == ']') {
            p->pos++;
            break;
        }
        bc_pdf_obj *it = parse_obj(p);
        if (!it)
            goto done;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            bc_pdf_obj **ni = realloc(items, cap * sizeof *ni);
            if (!ni)
                goto done;
            items = ni;
        }
        items[n++] = it;
    }
    o = new_obj(p, BC_PDF_ARRAY);
    if (o) {
        o->arr.n = n;
        o->arr.items = BC_NEW_N(&p->doc->arena, bc_pdf_obj *, n ? n : 1);
        if (!o->arr.items)
            o = NULL;
        else if (n)
            memcpy(o->arr.items, items, n * sizeof *items);
    }
done:
    free(items);
    return o;
}

static bc_pdf_obj *finish_stream(parser *p, bc_pdf_obj *dict);

static bc_pdf_obj *parse_dict(parser *p)
{
    p->pos += 2; /* << */
    char **keys = NULL;
    bc_pdf_obj **vals = NULL;
    size_t n = 0, cap = 0;
    bc_pdf_obj *o = NULL;
    for (;;) {
        skip_ws(p);
        if (p->pos + 1 < p->n && p->d[p->pos] == '>' && p->d[p->pos + 1] == '>') {
            p->pos += 2;
            break;
        }
        if (p->pos >= p->n || p->d[p->pos] != '/')
            goto done;
        char *k = parse_name_text(p);
        skip_ws(p);
        bc_pdf_obj *v = parse_obj(p);
        if (!k || !v)
            goto done;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            char **nk = realloc(keys, cap * sizeof *nk);
            if (nk)
                keys = nk;
            bc_pdf_obj **nv = realloc(vals, cap * sizeof *nv);
            if (nv)
                vals = nv;
            if (!nk || !nv)
                goto done;
        }
        keys[n] = k;
        vals[n++] = v;
    }
    o = new_obj(p, BC_PDF_DICT);
    if (o) {
        o->dict.n = n;
        o->dict.keys = BC_NEW_N(&p->doc->arena, char *, n ? n : 1);
        o->dict.vals = BC_NEW_N(&p->doc->arena, bc_pdf_obj *, n ? n : 1);
        if (!o->dict.keys || !o->dict.vals)
            o = NULL;
        else if (n) {
            memcpy(o->dict.keys, keys, n * sizeof *keys);
            memcpy(o->dict.vals, vals, n * sizeof *vals);
        }
    }
done:
    free(keys);
    free(vals);
    if (o) {
        size_t save = p->pos;
        skip_ws(p);
        if (at_keyword(p, "stream"))
            return finish_stream(p, o);
        p->pos = save;
    }
    return o;
}

/* The data of a stream starts after "stream" and one EOL; its /Length may be an indirect
 * object. When /Length is missing or wrong, "endstream" is searched for instead. */
static bc_pdf_obj *finish_stream(parser *p, bc_pdf_obj *dict)
{
    p->pos += 6;
    if (p->pos < p->n && p->d[p->pos] == '\r')
        p->pos++;
    if (p->pos < p->n && p->d[p->pos] == '\n')
        p->pos++;
    size_t start = p->pos;
    long long len = -1;
    bc_pdf_obj *lo = bc_pdf_dget_raw(dict, "Length");
    if (lo && lo->kind == BC_PDF_REF && p->doc->depth < MAX_DEPTH)
        lo = bc_pdf_resolve(p->doc, lo);
    if (lo && lo->kind == BC_PDF_INT)
        len = lo->i;
    int good = 0;
    if (len >= 0 && (size_t)len <= p->n - start) {
        parser q = *p;
        q.pos = start + (size_t)len;
        skip_ws(&q);
        good = at_keyword(&q, "endstream");
    }
    if (!good) {
        const char *e = NULL;
        for (size_t i = start; i + 9 <= p->n; i++)
            if (p->d[i] == 'e' && !memcmp(p->d + i, "endstream", 9)) {
                e = p->d + i;
                break;
            }
        if (!e)
            return NULL;
        len = e - (p->d + start);
        while (len > 0 && (p->d[start + len - 1] == '\n' || p->d[start + len - 1] == '\r'))
            len--;
    }
    dict->kind = BC_PDF_STREAM;
    dict->sdata = p->d + start;
    dict->slen = (size_t)len;
    dict->soff = start;
    p->pos = start + (size_t)len;
    skip_ws(p);
    if (at_keyword(p, "endstream"))
        p->pos += 9;
    return dict;
}

static bc_pdf_obj *parse_obj(parser *p)
{
    if (++p->depth > MAX_DEPTH) {
        p->depth--;
        return NULL;
    }
    skip_ws(p);
    bc_pdf_obj *o = NULL;
    if (p->pos < p->n) {
        int c = (unsigned char)p->d[p->pos];
        if (c == '/') {
            char *name = parse_name_text(p);
            o = name ? new_obj(p, BC_PDF_NAME) : NULL;
            if (o)
                o->name = name;
        } else if (c == '(')
            o = parse_literal_string(p);
        else if (c == '<' && p->pos + 1 < p->n && p->d[p->pos + 1] == '<')
            o = parse_dict(p);
        else if (c == '<')
            o = parse_hex_string(p);
        else if (c == '[')
            o = parse_array(p);
        else if (isdigit(c) || c == '+' || c == '-' || c == '.')
            o = parse_number(p);
        else if (at_keyword(p, "true") || at_keyword(p, "false")) {
            o = new_obj(p, BC_PDF_BOOL);
            if (o)
                o->b = c == 't';
            p->pos += c == 't' ? 4 : 5;
        } else if (at_keyword(p, "null")) {
            o = new_obj(p, BC_PDF_NULL);
            p->pos += 4;
        }
    }
    p->depth--;
    return o;
}

/* ---- objects ---------------------------------------------------------------------------- */

bc_pdf_obj *bc_pdf_dget_raw(const bc_pdf_obj *dict, const char *key)
{
    if (!dict || (dict->kind != BC_PDF_DICT && dict->kind != BC_PDF_STREAM))
        return NULL;
    for (size_t i = 0; i < dict->dict.n; i++)
        if (!strcmp(dict->dict.keys[i], key))
            return dict->dict.vals[i];
    return NULL;
}

bc_pdf_obj *bc_pdf_dget(bc_pdf *doc, const bc_pdf_obj *dict, const char *key)
{
    return bc_pdf_resolve(doc, bc_pdf_dget_raw(dict, key));
}

int bc_pdf_is_name(const bc_pdf_obj *o, const char *name)
{
    return o && o->kind == BC_PDF_NAME && !strcmp(o->name, name);
}

double bc_pdf_num(const bc_pdf_obj *o, double dflt)
{
    if (o && o->kind == BC_PDF_INT)
        return (double)o->i;
    if (o && o->kind == BC_PDF_REAL)
        return o->r;
    return dflt;
}

/* Parses "num gen obj <object> endobj" at `off` in `d`; checks that the header names `num`. */
static bc_pdf_obj *parse_indirect_at(bc_pdf *doc, const char *d, size_t n, size_t off, int num)
{
    if (off >= n)
        return NULL;
    parser p = {d, n, off, doc, 0};
    skip_ws(&p);
    long long onum, ogen;
    if (!read_uint(&p, &onum) || onum != num)
        return NULL;
    skip_ws(&p);
    if (!read_uint(&p, &ogen))
        return NULL;
    skip_ws(&p);
    if (!at_keyword(&p, "obj"))
        return NULL;
    p.pos += 3;
    return parse_obj(&p);
}

static const bc_pdf_xentry *find_entry(const bc_pdf *doc, int num, size_t end)
{
    for (size_t s = 0; s < doc->nsections; s++) {
        const bc_pdf_section *sec = &doc->sections[s];
        if (end && (size_t)sec->off >= end)
            continue;
        for (size_t i = 0; i < sec->n; i++)
            if (sec->e[i].num == num)
                return &sec->e[i];
    }
    return NULL;
}

static bc_pdf_obj *load_entry(bc_pdf *doc, const bc_pdf_xentry *e, size_t end);

/* Object `idx` of object stream `stm`: the stream starts with pairs "num offset", then the
 * objects from /First on. */
static bc_pdf_obj *load_compressed(bc_pdf *doc, const bc_pdf_xentry *e, size_t end)
{
    const bc_pdf_xentry *se = find_entry(doc, e->stm, end);
    bc_pdf_obj *stm = se && se->type == 'n' ? load_entry(doc, se, end) : NULL;
    if (!stm || stm->kind != BC_PDF_STREAM)
        return NULL;
    bc_buf data = BC_BUF_INIT;
    if (bc_pdf_stream_decode(doc, stm, &data, NULL) != BC_OK) {
        bc_buf_free(&data);
        return NULL;
    }
    /* The decoded bytes must outlive this call: objects point into them. */
    char *copy = bc_arena_alloc(&doc->arena, data.len + 1);
    if (copy && data.len)
        memcpy(copy, data.data, data.len);
    size_t n = data.len;
    bc_buf_free(&data);
    int first = -1, count = -1;
    if (!int_param(bc_pdf_dget(doc, stm, "First"), 0, INT_MAX, -1, &first) ||
        !int_param(bc_pdf_dget(doc, stm, "N"), 0, MAX_OBJNUM, -1, &count))
        return NULL;
    if (!copy || first < 0 || (size_t)first > n || e->idx < 0 || e->idx >= count)
        return NULL;
    parser p = {copy, n, 0, doc, 0};
    long long onum = -1, ooff = -1;
    for (int i = 0; i <= e->idx; i++) {
        skip_ws(&p);
        if (!read_uint(&p, &onum))
            return NULL;
        skip_ws(&p);
        if (!read_uint(&p, &ooff))
            return NULL;
    }
    if (onum != e->num)
        return NULL;
    p.pos = (size_t)first + (size_t)ooff;
    return p.pos < n ? parse_obj(&p) : NULL;
}

static bc_pdf_obj *load_entry(bc_pdf *doc, const bc_pdf_xentry *e, size_t end)
{
    if (doc->depth >= MAX_DEPTH)
        return NULL;
    doc->depth++;
    bc_pdf_obj *o = NULL;
    if (e->type == 'n')
        o = parse_indirect_at(doc, doc->data, end ? end : doc->len, (size_t)e->off, e->num);
    else if (e->type == 'c')
        o = load_compressed(doc, e, end);
    doc->depth--;
    return o;
}

bc_pdf_obj *bc_pdf_get(bc_pdf *doc, int num)
{
    if (num <= 0 || num > MAX_OBJNUM)
        return NULL;
    if (num < doc->cache_n && doc->cache[num])
        return doc->cache[num];
    const bc_pdf_xentry *e = find_entry(doc, num, 0);
    bc_pdf_obj *o = e ? load_entry(doc, e, 0) : NULL;
    if (o && num < doc->cache_n)
        doc->cache[num] = o;
    return o;
}

const bc_pdf_xentry *bc_pdf_entry_at(const bc_pdf *doc, int num, size_t end)
{
    return find_entry(doc, num, end);
}

bc_pdf_obj *bc_pdf_get_at(bc_pdf *doc, int num, size_t end)
{
    const bc_pdf_xentry *e = find_entry(doc, num, end);
    return e ? load_entry(doc, e, end) : NULL;
}

bc_pdf_obj *bc_pdf_resolve(bc_pdf *doc, bc_pdf_obj *o)
{
    if (o && o->kind == BC_PDF_REF)
        return bc_pdf_get(doc, o->ref.num);
    return o;
}

bc_pdf_obj *bc_pdf_parse_text(bc_pdf *doc, const char *text, size_t len)
{
    parser p = {text, len, 0, doc, 0};
    return parse_obj(&p);
}

/* ---- streams ---------------------------------------------------------------------------- */

static bc_status inflate_all(const char *in, size_t n, bc_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return BC_FAIL;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    char chunk[16384];
    int r;
    do {
        z.next_out = (Bytef *)chunk;
        z.avail_out = sizeof chunk;
        r = inflate(&z, Z_NO_FLUSH);
        bc_buf_append(out, chunk, sizeof chunk - z.avail_out);
        if (r == Z_BUF_ERROR && z.avail_in == 0)
            break; /* truncated but usable, as many viewers accept */
    } while (r == Z_OK);
    inflateEnd(&z);
    return (r == Z_STREAM_END || r == Z_BUF_ERROR) && !out->oom ? BC_OK : BC_FAIL;
}

/* PNG predictors (10–15) as used by xref streams: each row starts with its filter type. The
 * parameters come from the file and were range-checked by the caller (see predictor_parms), so
 * none of the sizes below can be zero or overflow. */
static bc_status unpredict(bc_buf *b, int colors, int bpc, int columns)
{
    size_t bpp = ((size_t)colors * (size_t)bpc + 7) / 8,
           row = ((size_t)colors * (size_t)bpc * (size_t)columns + 7) / 8;
    if (row == 0 || b->len % (row + 1))
        return BC_FAIL;
    size_t rows = b->len / (row + 1);
    unsigned char *prev = calloc(row, 1), *o = (unsigned char *)b->data;
    if (!prev)
        return BC_FAIL;
    for (size_t r = 0; r < rows; r++) {
        const unsigned char *in = (unsigned char *)b->data + r * (row + 1);
        int type = in[0];
        in++;
        unsigned char *cur = o + r * row;
        for (size_t i = 0; i < row; i++) {
            int a = i >= bpp ? cur[i - bpp] : 0, up = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
            int v = in[i];
            switch (type) {
            case 1: v += a; break;
            case 2: v += up; break;
            case 3: v += (a + up) / 2; break;
            case 4: {
                int pa = abs(up - c), pb = abs(a - c), pc = abs(a + up - 2 * c);
                v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
                break;
            }
            default: break;
            }
            cur[i] = (unsigned char)v;
        }
        memcpy(prev, cur, row);
    }
    free(prev);
    b->len = rows * row;
    b->data[b->len] = 0;
    return BC_OK;
}

/* A number from the file as an int in [lo, hi]; `dflt` when absent. Checked as a double first:
 * converting an out-of-range double to int is undefined, and these numbers reach sizes. */
static int int_param(const bc_pdf_obj *o, int lo, int hi, int dflt, int *out)
{
    if (!o) {
        *out = dflt;
        return 1;
    }
    if (o->kind != BC_PDF_INT && o->kind != BC_PDF_REAL)
        return 0;
    double v = bc_pdf_num(o, 0);
    if (!(v >= lo && v <= hi) || v != (double)(int)v)
        return 0;
    *out = (int)v;
    return 1;
}

/* /Colors, /BitsPerComponent, /Columns of a PNG predictor, in the ranges ISO 32000 allows
 * (Columns capped at 65536: no xref or image row is wider), so that row sizes are never zero. */
static int predictor_parms(bc_pdf *doc, const bc_pdf_obj *parms, int pp[3])
{
    if (!int_param(bc_pdf_dget(doc, parms, "Colors"), 1, 32, 1, &pp[0]) ||
        !int_param(bc_pdf_dget(doc, parms, "BitsPerComponent"), 1, 16, 8, &pp[1]) ||
        !int_param(bc_pdf_dget(doc, parms, "Columns"), 1, 65536, 1, &pp[2]))
        return 0;
    return pp[1] == 1 || pp[1] == 2 || pp[1] == 4 || pp[1] == 8 || pp[1] == 16;
}

/* How a message names a stream: its /Type and where its data is in the file. */
typedef struct label {
    char s[96];
} label;

static label stream_label(bc_pdf *doc, const bc_pdf_obj *s)
{
    label l;
    bc_pdf_obj *t = bc_pdf_dget(doc, s, "Type");
    if (t && t->kind == BC_PDF_NAME)
        snprintf(l.s, sizeof l.s, "/%.40s (dữ liệu ở byte %zu)", t->name, s->soff);
    else
        snprintf(l.s, sizeof l.s, "(dữ liệu ở byte %zu)", s->soff);
    return l;
}

bc_status bc_pdf_stream_decode(bc_pdf *doc, const bc_pdf_obj *s, bc_buf *out, bc_err *err)
{
    bc_pdf_obj *f = bc_pdf_dget(doc, s, "Filter");
    bc_pdf_obj *parms = bc_pdf_dget(doc, s, "DecodeParms");
    if (f && f->kind == BC_PDF_ARRAY) {
        if (f->arr.n > 1)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "luồng dữ liệu PDF dùng nhiều bộ lọc nối tiếp (chưa hỗ trợ)");
        f = f->arr.n ? bc_pdf_resolve(doc, f->arr.items[0]) : NULL;
        if (parms && parms->kind == BC_PDF_ARRAY)
            parms = parms->arr.n ? bc_pdf_resolve(doc, parms->arr.items[0]) : NULL;
    }
    if (!f) {
        bc_buf_append(out, s->sdata, s->slen);
        return out->oom ? BC_FAIL : BC_OK;
    }
    if (!bc_pdf_is_name(f, "FlateDecode"))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "luồng dữ liệu PDF dùng bộ lọc /%s (chỉ hỗ trợ /FlateDecode)",
                          f->kind == BC_PDF_NAME ? f->name : "?");
    bc_buf tmp = BC_BUF_INIT;
    if (inflate_all(s->sdata, s->slen, &tmp) != BC_OK) {
        bc_buf_free(&tmp);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "luồng dữ liệu PDF nén hỏng");
    }
    int pred = 1, pp[3];
    if (!int_param(bc_pdf_dget(doc, parms, "Predictor"), 1, 15, 1, &pred)) {
        bc_buf_free(&tmp);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "luồng PDF %s có /Predictor không hợp lệ", stream_label(doc, s).s);
    }
    if (pred >= 10 && !predictor_parms(doc, parms, pp)) {
        bc_buf_free(&tmp);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "luồng PDF %s có /DecodeParms không hợp lệ (cần /Colors 1–32, "
                          "/BitsPerComponent 1, 2, 4, 8 hoặc 16, /Columns 1–65536)",
                          stream_label(doc, s).s);
    }
    if (pred >= 10 && tmp.data && unpredict(&tmp, pp[0], pp[1], pp[2]) != BC_OK) {
        bc_buf_free(&tmp);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "bộ dự đoán PNG của luồng PDF %s hỏng",
                          stream_label(doc, s).s);
    } else if (pred > 1 && pred < 10) {
        bc_buf_free(&tmp);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "bộ dự đoán TIFF chưa được hỗ trợ");
    }
    bc_buf_append(out, tmp.data ? tmp.data : "", tmp.len);
    bc_buf_free(&tmp);
    return out->oom ? BC_FAIL : BC_OK;
}

/* ---- cross-reference sections ----------------------------------------------------------- */

static int add_entry(bc_pdf_xentry **e, size_t *n, size_t *cap, bc_pdf_xentry x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        bc_pdf_xentry *ne = realloc(*e, *cap * sizeof *ne);
        if (!ne)
            return 0;
        *e = ne;
    }
    (*e)[(*n)++] = x;
    return 1;
}

/* Keeps a section's entries in the arena (the realloc'ed scratch array is freed). */
static int keep_entries(bc_pdf *doc, bc_pdf_section *sec, bc_pdf_xentry *e, size_t n)
{
    sec->e = BC_NEW_N(&doc->arena, bc_pdf_xentry, n ? n : 1);
    if (!sec->e)
        return 0;
    if (n)
        memcpy(sec->e, e, n * sizeof *e);
    sec->n = n;
    return 1;
}

static int parse_xref_table(bc_pdf *doc, parser *p, bc_pdf_section *sec)
{
    p->pos += 4; /* xref */
    bc_pdf_xentry *e = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        skip_ws(p);
        if (at_keyword(p, "trailer"))
            break;
        long long first, count;
        if (!read_uint(p, &first))
            goto bad;
        skip_ws(p);
        if (!read_uint(p, &count) || first + count > MAX_OBJNUM)
            goto bad;
        for (long long i = 0; i < count; i++) {
            long long off, gen;
            skip_ws(p);
            if (!read_uint(p, &off))
                goto bad;
            skip_ws(p);
            if (!read_uint(p, &gen))
                goto bad;
            skip_ws(p);
            if (p->pos >= p->n || (p->d[p->pos] != 'n' && p->d[p->pos] != 'f'))
                goto bad;
            bc_pdf_xentry x = {(int)(first + i), p->d[p->pos] == 'n' ? 'n' : 'f', (int)gen, off,
                               0, 0};
            p->pos++;
            if (!add_entry(&e, &n, &cap, x))
                goto bad;
        }
    }
    p->pos += 7;
    skip_ws(p);
    sec->trailer = parse_obj(p);
    if (!sec->trailer || sec->trailer->kind != BC_PDF_DICT || !keep_entries(doc, sec, e, n))
        goto bad;
    free(e);
    return 1;
bad:
    free(e);
    return 0;
}

static long long be_field(const unsigned char *b, int w, long long dflt)
{
    if (w == 0)
        return dflt;
    long long v = 0;
    for (int i = 0; i < w; i++)
        v = v * 256 + b[i];
    return v;
}

static int parse_xref_stream(bc_pdf *doc, parser *p, bc_pdf_section *sec)
{
    long long num, gen;
    if (!read_uint(p, &num))
        return 0;
    skip_ws(p);
    if (!read_uint(p, &gen))
        return 0;
    skip_ws(p);
    if (!at_keyword(p, "obj"))
        return 0;
    p->pos += 3;
    bc_pdf_obj *s = parse_obj(p);
    if (!s || s->kind != BC_PDF_STREAM || !bc_pdf_is_name(bc_pdf_dget(doc, s, "Type"), "XRef"))
        return 0;
    sec->is_stream = 1;
    sec->trailer = s;
    bc_pdf_obj *w = bc_pdf_dget(doc, s, "W");
    bc_pdf_obj *index = bc_pdf_dget(doc, s, "Index");
    int size = -1;
    if (!w || w->kind != BC_PDF_ARRAY || w->arr.n != 3 ||
        !int_param(bc_pdf_dget(doc, s, "Size"), 0, MAX_OBJNUM, -1, &size) || size < 0)
        return 0;
    int ws[3];
    for (int i = 0; i < 3; i++)
        if (!int_param(w->arr.items[i], 0, 8, -1, &ws[i]) || ws[i] < 0)
            return 0;
    size_t rec = (size_t)(ws[0] + ws[1] + ws[2]);
    bc_buf data = BC_BUF_INIT;
    if (rec == 0 || bc_pdf_stream_decode(doc, s, &data, NULL) != BC_OK) {
        bc_buf_free(&data);
        return 0;
    }
    bc_pdf_xentry *e = NULL;
    size_t n = 0, cap = 0, at = 0;
    int ok = 1;
    if (index && index->kind != BC_PDF_ARRAY)
        ok = 0; /* not the pairs it must be: its items must not be read */
    size_t nsub = index && index->kind == BC_PDF_ARRAY ? index->arr.n / 2 : 1;
    for (size_t k = 0; k < nsub && ok; k++) {
        int first = 0, count = size;
        if (index && !(int_param(index->arr.items[2 * k], 0, MAX_OBJNUM, -1, &first) &&
                       int_param(index->arr.items[2 * k + 1], 0, MAX_OBJNUM, -1, &count)))
            ok = 0;
        if (first < 0 || count < 0 || (long long)first + count > MAX_OBJNUM)
            ok = 0;
        for (long long i = 0; ok && i < count; i++, at += rec) {
            if (at + rec > data.len) {
                ok = 0;
                break;
            }
            const unsigned char *b = (unsigned char *)data.data + at;
            long long t = be_field(b, ws[0], 1), f2 = be_field(b + ws[0], ws[1], 0),
                      f3 = be_field(b + ws[0] + ws[1], ws[2], 0);
            bc_pdf_xentry x = {(int)(first + i), 'f', 0, 0, 0, 0};
            if (t == 1) {
                x.type = 'n';
                x.off = f2;
                x.gen = (int)f3;
            } else if (t == 2) {
                x.type = 'c';
                x.stm = (int)f2;
                x.idx = (int)f3;
            }
            ok = add_entry(&e, &n, &cap, x);
        }
    }
    bc_buf_free(&data);
    ok = ok && keep_entries(doc, sec, e, n);
    free(e);
    return ok;
}

static int add_section(bc_pdf *doc, size_t *cap, bc_pdf_section sec)
{
    if (doc->nsections == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        bc_pdf_section *ns = realloc(doc->sections, *cap * sizeof *ns);
        if (!ns)
            return 0;
        doc->sections = ns;
    }
    doc->sections[doc->nsections++] = sec;
    return 1;
}

static int read_section(bc_pdf *doc, long long off, bc_pdf_section *sec)
{
    memset(sec, 0, sizeof *sec);
    sec->off = off;
    if (off < 0 || (size_t)off >= doc->len)
        return 0;
    parser p = {doc->data, doc->len, (size_t)off, doc, 0};
    skip_ws(&p);
    if (at_keyword(&p, "xref"))
        return parse_xref_table(doc, &p, sec);
    return parse_xref_stream(doc, &p, sec);
}

/* The offset after the last "startxref" in the final 2 KB (a few bytes of trailing junk or
 * line ends after %%EOF are common); -1 when there is none. */
static long long find_startxref(const char *d, size_t n)
{
    static const char kw[] = "startxref";
    const size_t k = sizeof kw - 1;
    size_t from = n > 2048 ? n - 2048 : 0;
    for (size_t i = n - k + 1; i-- > from;) {
        if (memcmp(d + i, kw, k) != 0)
            continue;
        size_t j = i + k;
        while (j < n && is_ws((unsigned char)d[j]))
            j++;
        long long v = 0;
        size_t s = j;
        while (j < n && isdigit((unsigned char)d[j]) && v < (1LL << 50))
            v = v * 10 + (d[j++] - '0');
        return j > s ? v : -1;
    }
    return -1;
}

bc_status bc_pdf_open(bc_pdf *doc, const char *data, size_t len, const char *name, bc_err *err)
{
    memset(doc, 0, sizeof *doc);
    doc->data = data;
    doc->len = len;
    if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "không phải tệp PDF");
    doc->startxref = find_startxref(data, len);
    if (doc->startxref < 0)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "tệp PDF bị cắt cụt hoặc hỏng: không thấy 'startxref' ở cuối tệp");
    size_t cap = 0;
    long long off = doc->startxref;
    while (off >= 0) {
        for (size_t i = 0; i < doc->nsections; i++)
            if (doc->sections[i].off == off)
                return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                                  "chuỗi bảng tham chiếu (xref /Prev) của PDF bị lặp vòng");
        bc_pdf_section sec;
        if (!read_section(doc, off, &sec) || !add_section(doc, &cap, sec))
            return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                              "bảng tham chiếu chéo (xref) ở vị trí %lld hỏng", off);
        bc_pdf_obj *xs = bc_pdf_dget_raw(sec.trailer, "XRefStm");
        if (xs && xs->kind == BC_PDF_INT) {
            /* Hybrid file: the stream's entries rank just after the table's. */
            bc_pdf_section hs;
            if (!read_section(doc, xs->i, &hs) || !add_section(doc, &cap, hs))
                return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                                  "luồng xref (/XRefStm %lld) hỏng", xs->i);
            doc->sections[doc->nsections - 1].off = sec.off;
        }
        bc_pdf_obj *prev = bc_pdf_dget_raw(sec.trailer, "Prev");
        off = prev ? (long long)bc_pdf_num(prev, -1) : -1;
        if (doc->nsections > 10000)
            return bc_err_add(err, BC_BADINPUT, name, 0, 0, "quá nhiều lần cập nhật PDF");
    }
    doc->trailer = doc->sections[0].trailer;
    if (bc_pdf_dget_raw(doc->trailer, "Encrypt"))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "tệp PDF được mã hóa (/Encrypt): baocao không hỗ trợ PDF mã hóa, "
                          "không ký và không kiểm tra được; hãy dùng bản không mã hóa");
    if (!int_param(bc_pdf_dget_raw(doc->trailer, "Size"), 1, MAX_OBJNUM, 0, &doc->size) ||
        doc->size <= 0)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "trailer PDF thiếu /Size hợp lệ");
    doc->cache_n = doc->size;
    doc->cache = calloc((size_t)doc->size, sizeof *doc->cache);
    if (!doc->cache)
        return bc_err_oom(err, name);
    if (!bc_pdf_dget(doc, doc->trailer, "Root"))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "không đọc được /Root (catalog) của PDF");
    return BC_OK;
}

void bc_pdf_close(bc_pdf *doc)
{
    free(doc->sections);
    free(doc->cache);
    bc_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

int bc_pdf_equal(const bc_pdf_obj *a, const bc_pdf_obj *b, const char *const *ignore)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind) {
        if ((a->kind == BC_PDF_INT || a->kind == BC_PDF_REAL) &&
            (b->kind == BC_PDF_INT || b->kind == BC_PDF_REAL))
            return bc_pdf_num(a, 0) == bc_pdf_num(b, 1);
        return 0;
    }
    switch (a->kind) {
    case BC_PDF_NULL: return 1;
    case BC_PDF_BOOL: return a->b == b->b;
    case BC_PDF_INT: return a->i == b->i;
    case BC_PDF_REAL: return a->r == b->r;
    case BC_PDF_STRING:
        return a->str.len == b->str.len && !memcmp(a->str.s, b->str.s, a->str.len);
    case BC_PDF_NAME: return !strcmp(a->name, b->name);
    case BC_PDF_REF: return a->ref.num == b->ref.num && a->ref.gen == b->ref.gen;
    case BC_PDF_ARRAY:
        if (a->arr.n != b->arr.n)
            return 0;
        for (size_t i = 0; i < a->arr.n; i++)
            if (!bc_pdf_equal(a->arr.items[i], b->arr.items[i], NULL))
                return 0;
        return 1;
    case BC_PDF_STREAM:
    case BC_PDF_DICT: {
        if (a->kind == BC_PDF_STREAM && (a->slen != b->slen || memcmp(a->sdata, b->sdata, a->slen)))
            return 0;
        const bc_pdf_obj *pair[2] = {a, b};
        for (int side = 0; side < 2; side++) {
            const bc_pdf_obj *x = pair[side], *y = pair[1 - side];
            for (size_t i = 0; i < x->dict.n; i++) {
                int skip = 0;
                for (const char *const *ig = ignore; ig && *ig; ig++)
                    skip |= !strcmp(*ig, x->dict.keys[i]);
                if (skip || (!strcmp(x->dict.keys[i], "Length") && x->kind == BC_PDF_STREAM))
                    continue;
                if (!bc_pdf_equal(x->dict.vals[i], bc_pdf_dget_raw(y, x->dict.keys[i]), NULL))
                    return 0;
            }
        }
        return 1;
    }
    }
    return 0;
}

size_t bc_pdf_changed_since(const bc_pdf *doc, size_t end, int **nums)
{
    size_t n = 0, cap = 0;
    *nums = NULL;
    for (size_t s = 0; s < doc->nsections; s++) {
        const bc_pdf_section *sec = &doc->sections[s];
        if ((size_t)sec->off < end)
            continue;
        for (size_t i = 0; i < sec->n; i++) {
            if (sec->e[i].num == 0)
                continue;
            int seen = 0;
            for (size_t k = 0; k < n && !seen; k++)
                seen = (*nums)[k] == sec->e[i].num;
            if (seen)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 32;
                int *nn = realloc(*nums, cap * sizeof *nn);
                if (!nn)
                    return n;
                *nums = nn;
            }
            (*nums)[n++] = sec->e[i].num;
        }
    }
    return n;
}
