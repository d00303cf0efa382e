/* pdfread.c — see pdfread.h.
 *
 * The parser is a recursive-descent reader over a byte range. It is lenient where real files
 * are sloppy (xref entries that are 19 or 21 bytes, a wrong /Length) and strict where a wrong
 * guess would make a signature check lie (unknown filters, encryption, broken xref chains).
 *
 * Costs stay near-linear in the input whatever it holds: xref entries are sorted once and found
 * by binary search, objects are parsed once per revision and cached, an object stream is
 * decoded and its header read once, "endstream" is searched with an index of the file, and
 * large dictionaries and arrays carry a sorted index (keys, item hashes).
 */
#include "pdf/pdfread.h"
#include "util/text.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_DEPTH BC_PDF_MAX_DEPTH
/* Object numbers in references: PDF's own implementation limit (ISO 32000-1, Annex C). */
#define MAX_OBJNUM 8388607
/* Objects loaded within one another (a /Length, an object stream, its /Length...): two or three
 * honestly; the loads recurse into the parser, so this bounds the stack with MAX_DEPTH. */
#define MAX_LOADS 16
/* Arrays and dictionaries with at least this many items get a sorted index. */
#define INDEX_MIN 16

typedef struct parser {
    const char *d;
    size_t n, pos;
    bc_pdf *doc;
    int depth;
    int in_objstm; /* objects of an object stream are never streams (ISO 32000-1, 7.5.7) */
    size_t reach;  /* one past the furthest byte a lookahead examined (see load_entry) */
} parser;

/* A decoded object stream: its bytes and the header's pairs "number offset". */
typedef struct ostm {
    const char *data;
    size_t n, first, count;
    long long *nums, *offs;
} ostm;

enum { NOT_LOADED, LOADING, LOADED };

struct bc_pdf_ix {
    int num, sec;             /* object number; section index (0 is the newest) */
    size_t pos;               /* index of the entry in its section, for a stable order */
    const bc_pdf_xentry *e;
    bc_pdf_obj *obj;          /* cached parse, valid for `end` when state is LOADED */
    size_t end;
    size_t lim, reach;        /* 'n': the parse's bound, and how far it looked (load_entry) */
    unsigned char state, stm_state;
    ostm *stm;                /* this entry's object decoded as an object stream */
    const bc_pdf_obj *stm_src; /* the stream object `stm` was decoded from */
    const ostm *via;          /* 'c': the object stream `obj` was read from */
};

/* Records the first limit hit while reading objects; the caller learns it from bc_pdf_limit. */
static void hit_limit(bc_pdf *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hit_limit(bc_pdf *doc, const char *fmt, ...)
{
    if (!doc || doc->limit[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->limit, sizeof doc->limit, fmt, ap);
    va_end(ap);
}

const char *bc_pdf_limit(const bc_pdf *doc)
{
    return doc->limit[0] ? doc->limit : NULL;
}

/* Arena memory for parsed objects, within BC_PDF_MAX_PARSED_BYTES. */
static void *doc_alloc(bc_pdf *doc, size_t size)
{
    if (size > BC_PDF_MAX_PARSED_BYTES - doc->parsed_bytes) {
        hit_limit(doc, "các đối tượng đọc được cần quá %zu MiB bộ nhớ (giới hạn "
                       "BC_PDF_MAX_PARSED_BYTES)", BC_PDF_MAX_PARSED_BYTES >> 20);
        return NULL;
    }
    doc->parsed_bytes += size;
    return bc_arena_alloc(&doc->arena, size);
}

/* ---- structural hashes (bc_pdf_equal objects hash alike) -------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return mix(h, n);
}

/* Integers and reals compare by value in bc_pdf_equal, so both hash their double. */
static uint64_t hash_num(double v)
{
    if (v == 0)
        v = 0; /* -0.0 equals 0.0 */
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return mix(3, u);
}

static int is_ws(int c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(int c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

/* Notes that the parser looked at bytes up to `at` (exclusive) without consuming them. */
static void saw(parser *p, size_t at)
{
    if (at > p->reach)
        p->reach = at;
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
    saw(p, p->pos + 1);
}

/* True when the bytes at pos are keyword `kw` followed by a delimiter, whitespace or end. */
static int at_keyword(parser *p, const char *kw)
{
    size_t k = strlen(kw);
    saw(p, p->pos + k + 1);
    if (p->pos + k > p->n || memcmp(p->d + p->pos, kw, k) != 0)
        return 0;
    if (p->pos + k == p->n)
        return 1;
    int c = (unsigned char)p->d[p->pos + k];
    return is_ws(c) || is_delim(c);
}

static bc_pdf_obj *new_obj(parser *p, bc_pdf_kind kind)
{
    bc_pdf_obj *o = doc_alloc(p->doc, sizeof(bc_pdf_obj));
    if (o) {
        o->kind = kind;
        o->hash = mix(11, (uint64_t)kind);
    }
    return o;
}

/* Reads an unsigned integer token; returns 0 when there is none. Digits past 2^50 are left
 * unread (no file offset or count is that large), so the value never overflows. */
static int read_uint(parser *p, long long *v)
{
    size_t s = p->pos;
    long long x = 0;
    while (p->pos < p->n && isdigit((unsigned char)p->d[p->pos]) && x < (1LL << 50))
        x = x * 10 + (p->d[p->pos++] - '0');
    saw(p, p->pos + 1);
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
        if (o) {
            o->r = strtod(tmp, NULL);
            o->hash = hash_num(o->r);
        }
        return o;
    }
    long long v = strtoll(tmp, NULL, 10); /* clamped to LLONG_MIN/MAX when out of range */
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
                    o->hash = mix(mix(5, (uint64_t)v), (uint64_t)gen);
                }
                return o;
            }
        }
        p->pos = save;
    }
    bc_pdf_obj *o = new_obj(p, BC_PDF_INT);
    if (o) {
        o->i = v;
        o->hash = hash_num((double)v);
    }
    return o;
}

/* A string object holding a copy of `len` bytes (they may include NUL). */
static bc_pdf_obj *new_string(parser *p, const char *bytes, size_t len)
{
    bc_pdf_obj *o = new_obj(p, BC_PDF_STRING);
    char *s = o ? doc_alloc(p->doc, len + 1) : NULL;
    if (!s)
        return NULL;
    if (len)
        memcpy(s, bytes, len);
    o->str.s = s;
    o->str.len = len;
    o->hash = mix(7, hash_bytes(s, len));
    return o;
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
    bc_pdf_obj *o = nest == 0 && !b.oom ? new_string(p, b.data ? b.data : "", b.len) : NULL;
    bc_buf_free(&b);
    return o;
}

static bc_pdf_obj *parse_hex_string(parser *p)
{
    p->pos++; /* < */
    size_t s = p->pos;
    const char *gt = memchr(p->d + s, '>', p->n - s);
    if (!gt)
        return NULL;
    size_t e = (size_t)(gt - p->d);
    p->pos = e + 1;
    char *out = malloc((e - s) / 2 + 2);
    if (!out)
        return NULL;
    size_t n = 0;
    int hi = -1;
    for (size_t i = s; i < e; i++) {
        int v = bc_hex_digit((unsigned char)p->d[i]);
        if (v < 0) {
            if (is_ws((unsigned char)p->d[i]))
                continue;
            free(out);
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
    bc_pdf_obj *o = new_string(p, out, n);
    free(out);
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
        if (c == '#' && p->pos + 2 < p->n && bc_hex_digit((unsigned char)p->d[p->pos + 1]) >= 0 &&
            bc_hex_digit((unsigned char)p->d[p->pos + 2]) >= 0) {
            bc_buf_putc(&b, (char)(bc_hex_digit((unsigned char)p->d[p->pos + 1]) * 16 +
                                   bc_hex_digit((unsigned char)p->d[p->pos + 2])));
            p->pos += 3;
            continue;
        }
        bc_buf_putc(&b, (char)c);
        p->pos++;
    }
    /* A name is used as a C string: a #00 in it ends it. */
    size_t len = b.data && !b.oom ? strlen(b.data) : 0;
    char *s = b.oom ? NULL : doc_alloc(p->doc, len + 1);
    if (s && len)
        memcpy(s, b.data, len);
    bc_buf_free(&b);
    return s;
}

/* ---- indexes of long arrays and large dictionaries -------------------------------------- */

typedef struct hash_idx {
    uint64_t h;
    uint32_t i;
} hash_idx;

static int cmp_hash_idx(const void *a, const void *b)
{
    const hash_idx *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct key_idx {
    const char *k;
    uint32_t i;
} key_idx;

static int cmp_key_idx(const void *a, const void *b)
{
    const key_idx *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    if (c)
        return c;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Item indices sorted by hash (then position). A missing index only makes lookups linear. */
static void index_array(parser *p, bc_pdf_obj *o)
{
    size_t n = o->arr.n;
    if (n < INDEX_MIN || n > UINT32_MAX)
        return;
    hash_idx *t = malloc(n * sizeof *t);
    uint32_t *order = t ? doc_alloc(p->doc, n * sizeof *order) : NULL;
    if (order) {
        for (size_t i = 0; i < n; i++)
            t[i] = (hash_idx){o->arr.items[i]->hash, (uint32_t)i};
        qsort(t, n, sizeof *t, cmp_hash_idx);
        for (size_t i = 0; i < n; i++)
            order[i] = t[i].i;
        o->arr.order = order;
    }
    free(t);
}

/* Key indices sorted by key, then position, so that the first of equal keys comes first. */
static void index_dict(parser *p, bc_pdf_obj *o)
{
    size_t n = o->dict.n;
    if (n < INDEX_MIN || n > UINT32_MAX)
        return;
    key_idx *t = malloc(n * sizeof *t);
    uint32_t *order = t ? doc_alloc(p->doc, n * sizeof *order) : NULL;
    if (order) {
        for (size_t i = 0; i < n; i++)
            t[i] = (key_idx){o->dict.keys[i], (uint32_t)i};
        qsort(t, n, sizeof *t, cmp_key_idx);
        for (size_t i = 0; i < n; i++)
            order[i] = t[i].i;
        o->dict.order = order;
    }
    free(t);
}

/* Whether key `i` is the first with its name (the one lookups find). */
static int first_of_key(const bc_pdf_obj *o, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (!strcmp(o->dict.keys[j], o->dict.keys[i]))
            return 0;
    return 1;
}

/* The hash of a dictionary or stream: over each distinct key with its first value (what
 * bc_pdf_equal compares), independent of order; a stream's /Length left out, its bytes in. */
static void hash_dict(bc_pdf_obj *o)
{
    uint64_t sum = 0;
    const uint32_t *ord = o->dict.order;
    for (size_t k = 0; k < o->dict.n; k++) {
        size_t i = ord ? ord[k] : k;
        int first = ord ? k == 0 || strcmp(o->dict.keys[ord[k - 1]], o->dict.keys[i]) != 0
                        : first_of_key(o, i);
        if (!first || (o->kind == BC_PDF_STREAM && !strcmp(o->dict.keys[i], "Length")))
            continue;
        const char *key = o->dict.keys[i];
        sum += mix(hash_bytes(key, strlen(key)), o->dict.vals[i]->hash);
    }
    o->hash = mix(mix(11, (uint64_t)o->kind), sum);
    if (o->kind == BC_PDF_STREAM)
        o->hash = mix(o->hash, hash_bytes(o->sdata, o->slen));
}

/* ---- arrays, dictionaries, streams ------------------------------------------------------ */

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
        o->arr.items = doc_alloc(p->doc, (n ? n : 1) * sizeof *items);
        if (!o->arr.items)
            o = NULL;
        else {
            uint64_t h = 13;
            for (size_t i = 0; i < n; i++)
                h = mix(h, items[i]->hash);
            if (n)
                memcpy(o->arr.items, items, n * sizeof *items);
            o->hash = mix(h, n);
            index_array(p, o);
        }
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
        bc_pdf_obj *v = k ? parse_obj(p) : NULL;
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
        o->dict.keys = doc_alloc(p->doc, (n ? n : 1) * sizeof *keys);
        o->dict.vals = o->dict.keys ? doc_alloc(p->doc, (n ? n : 1) * sizeof *vals) : NULL;
        if (!o->dict.keys || !o->dict.vals)
            o = NULL;
        else {
            if (n) {
                memcpy(o->dict.keys, keys, n * sizeof *keys);
                memcpy(o->dict.vals, vals, n * sizeof *vals);
            }
            index_dict(p, o);
            hash_dict(o);
        }
    }
done:
    free(keys);
    free(vals);
    if (o && !p->in_objstm) {
        size_t save = p->pos;
        skip_ws(p);
        if (at_keyword(p, "stream"))
            return finish_stream(p, o);
        p->pos = save;
    }
    return o;
}

/* Every "endstream" of the file, found once: a stream whose /Length is wrong is ended at the
 * next one, and searching the rest of the file for each would be quadratic. */
static void find_endstreams(bc_pdf *doc)
{
    doc->endstreams_found = 1;
    size_t n = 0, cap = 0;
    const char *d = doc->data;
    if (doc->len > UINT32_MAX)
        return;
    for (size_t i = 0; d && i + 9 <= doc->len; i++) {
        const char *e = memchr(d + i, 'e', doc->len - 8 - i);
        if (!e)
            break;
        i = (size_t)(e - d);
        if (memcmp(e, "endstream", 9) != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            uint32_t *nv = realloc(doc->endstreams, cap * sizeof *nv);
            if (!nv)
                return; /* without the index, a stream with a wrong /Length is unreadable */
            doc->endstreams = nv;
        }
        doc->endstreams[n++] = (uint32_t)i; /* bc_pdf_open refused files past 4 GiB */
        doc->nendstreams = n;
    }
}

/* The first "endstream" at or after `from` that ends before p->n; SIZE_MAX when none. */
static size_t next_endstream(parser *p, size_t from)
{
    bc_pdf *doc = p->doc;
    if (p->d != doc->data) { /* text given to bc_pdf_parse_text: searched once, directly */
        for (size_t i = from; i + 9 <= p->n; i++)
            if (p->d[i] == 'e' && !memcmp(p->d + i, "endstream", 9))
                return i;
        return SIZE_MAX;
    }
    if (!doc->endstreams_found)
        find_endstreams(doc);
    size_t lo = 0, hi = doc->nendstreams;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->endstreams[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->nendstreams && doc->endstreams[lo] + 9 <= p->n ? doc->endstreams[lo]
                                                                     : SIZE_MAX;
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
    if (lo && lo->kind == BC_PDF_REF)
        lo = bc_pdf_resolve(p->doc, lo);
    if (lo && lo->kind == BC_PDF_INT)
        len = lo->i;
    int good = 0;
    if (len >= 0 && (unsigned long long)len <= p->n - start) {
        parser q = *p;
        q.pos = start + (size_t)len;
        skip_ws(&q);
        good = at_keyword(&q, "endstream");
        saw(p, q.reach);
    }
    if (!good) {
        size_t e = next_endstream(p, start);
        if (e == SIZE_MAX)
            return NULL;
        size_t l = e - start;
        while (l > 0 && (p->d[start + l - 1] == '\n' || p->d[start + l - 1] == '\r'))
            l--;
        len = (long long)l;
    }
    dict->kind = BC_PDF_STREAM;
    dict->sdata = p->d + start;
    dict->slen = (size_t)len;
    dict->soff = start;
    hash_dict(dict);
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
        hit_limit(p->doc, "đối tượng ở byte %zu lồng nhau quá %d mức mảng/từ điển (giới hạn "
                          "BC_PDF_MAX_DEPTH)", p->pos, MAX_DEPTH);
        return NULL;
    }
    skip_ws(p);
    bc_pdf_obj *o = NULL;
    if (p->pos < p->n) {
        int c = (unsigned char)p->d[p->pos];
        if (c == '/') {
            char *name = parse_name_text(p);
            o = name ? new_obj(p, BC_PDF_NAME) : NULL;
            if (o) {
                o->name = name;
                o->hash = mix(17, hash_bytes(name, strlen(name)));
            }
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
            if (o) {
                o->b = c == 't';
                o->hash = mix(19, (uint64_t)o->b);
            }
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
    if (dict->dict.order) { /* the first key of that name, as the linear search finds */
        size_t lo = 0, hi = dict->dict.n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(dict->dict.keys[dict->dict.order[mid]], key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < dict->dict.n && !strcmp(dict->dict.keys[dict->dict.order[lo]], key))
            return dict->dict.vals[dict->dict.order[lo]];
        return NULL;
    }
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

/* Parses "num gen obj <object>" at p->pos; checks that the header names `num`. */
static bc_pdf_obj *parse_indirect(parser *p, int num)
{
    skip_ws(p);
    long long onum, ogen;
    if (!read_uint(p, &onum) || onum != num)
        return NULL;
    skip_ws(p);
    if (!read_uint(p, &ogen))
        return NULL;
    skip_ws(p);
    if (!at_keyword(p, "obj"))
        return NULL;
    p->pos += 3;
    return parse_obj(p);
}

/* The object `num` at `off` in the first `n` bytes of `d`; *reach is one past the furthest byte
 * the parse looked at (consumed or by a lookahead). */
static bc_pdf_obj *parse_indirect_at(bc_pdf *doc, const char *d, size_t n, long long off, int num,
                                     size_t *reach)
{
    *reach = n;
    if (off < 0 || (unsigned long long)off >= n)
        return NULL;
    parser p = {d, n, (size_t)off, doc, 0, 0, 0};
    bc_pdf_obj *o = parse_indirect(&p, num);
    *reach = p.reach > p.pos ? p.reach : p.pos;
    return o;
}

/* The newest entry of `num` in a section that starts before `end` (any section when 0). The
 * index is sorted by number, then section newest first: a binary search, then a walk over the
 * sections that list `num` (at most one entry per section is indexed). */
static bc_pdf_ix *find_entry(const bc_pdf *doc, int num, size_t end)
{
    size_t lo = 0, hi = doc->nix;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->ixnum[mid] < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < doc->nix && doc->ix[k].num == num; k++)
        if (!end || (unsigned long long)doc->sections[doc->ix[k].sec].off < end)
            return &doc->ix[k];
    return NULL;
}

static bc_pdf_obj *load_entry(bc_pdf *doc, bc_pdf_ix *x, size_t end);


/* Decodes object stream `stm` once and reads its header: /N pairs "number offset" (as many as
 * are there), objects from /First on. */
static ostm *read_ostm(bc_pdf *doc, const bc_pdf_obj *stm)
{
    int first = -1, count = -1;
    if (!int_param(bc_pdf_dget(doc, stm, "First"), 0, INT_MAX, -1, &first) ||
        !int_param(bc_pdf_dget(doc, stm, "N"), 0, BC_PDF_MAX_OBJECTS, -1, &count) || first < 0 ||
        count < 0)
        return NULL;
    bc_buf data = BC_BUF_INIT;
    if (bc_pdf_stream_decode(doc, stm, &data, NULL) != BC_OK) {
        bc_buf_free(&data);
        return NULL;
    }
    /* The decoded bytes must outlive this call: objects point into them. */
    ostm *o = doc_alloc(doc, sizeof *o);
    char *copy = o ? bc_arena_alloc(&doc->arena, data.len + 1) : NULL;
    if (copy && data.len)
        memcpy(copy, data.data, data.len);
    size_t n = data.len;
    bc_buf_free(&data);
    if (!copy || (size_t)first > n)
        return NULL;
    /* Each pair takes at least 4 bytes, so no more than n/4 + 1 fit before /First. */
    size_t want = (size_t)count < n / 4 + 1 ? (size_t)count : n / 4 + 1;
    o->data = copy;
    o->n = n;
    o->first = (size_t)first;
    o->nums = doc_alloc(doc, (want ? want : 1) * sizeof *o->nums);
    o->offs = o->nums ? doc_alloc(doc, (want ? want : 1) * sizeof *o->offs) : NULL;
    if (!o->offs)
        return NULL;
    parser p = {copy, n, 0, doc, 0, 1};
    while (o->count < want) {
        long long num, off;
        skip_ws(&p);
        if (!read_uint(&p, &num))
            break;
        skip_ws(&p);
        if (!read_uint(&p, &off))
            break;
        o->nums[o->count] = num;
        o->offs[o->count++] = off;
    }
    return o;
}

/* Object `x` (in object stream x->e->stm) as of the revision ending at `end`: the stream as it
 * was then, decoded once per stream object; the object parsed once per decoded stream. */
static bc_pdf_obj *load_compressed(bc_pdf *doc, bc_pdf_ix *x, size_t end)
{
    const bc_pdf_xentry *e = x->e;
    bc_pdf_ix *sx = find_entry(doc, e->stm, end);
    if (!sx || sx->e->type != 'n')
        return NULL; /* an object stream is never itself compressed, nor its own container */
    if (sx->stm_state == LOADING)
        return NULL;
    sx->stm_state = LOADING;
    bc_pdf_obj *stm = load_entry(doc, sx, end);
    if (stm != sx->stm_src || !stm) {
        sx->stm = stm && stm->kind == BC_PDF_STREAM ? read_ostm(doc, stm) : NULL;
        sx->stm_src = stm;
    }
    sx->stm_state = LOADED;
    const ostm *o = sx->stm;
    if (!o || e->idx < 0 || (size_t)e->idx >= o->count || o->nums[e->idx] != e->num)
        return NULL;
    if (x->via == o)
        return x->obj;
    /* Offsets were read as at most 2^50 and first <= n: the sum cannot wrap. */
    size_t at = o->first + (size_t)o->offs[e->idx];
    if (at >= o->n)
        return NULL;
    parser p = {o->data, o->n, at, doc, 0, 1, 0};
    bc_pdf_obj *obj = parse_obj(&p);
    if (obj)
        x->via = o;
    return obj;
}

/* A parse of an 'n' entry bounded at x->lim is also the parse bounded at `lim` when it never
 * looked at either bound: revisions then share one parse of an unchanged object. */
static int reusable(const bc_pdf_ix *x, size_t lim)
{
    return x->obj && x->e->type == 'n' && x->reach < x->lim && x->reach < lim;
}

/* Parses the object of entry `x` as of the revision ending at `end`, once: the result (a
 * failure too) is kept, except a failure caused by a reference cycle or MAX_LOADS, which
 * depends on where the load started. */
static bc_pdf_obj *load_entry(bc_pdf *doc, bc_pdf_ix *x, size_t end)
{
    size_t lim = end && end < doc->len ? end : doc->len;
    if (x->state == LOADED && (x->end == end || reusable(x, lim)))
        return x->obj;
    if (x->state == LOADING || doc->depth >= MAX_LOADS) {
        doc->aborted++;
        return NULL; /* the object needs itself (a /Length, an object stream), or too deep */
    }
    unsigned char was = x->state;
    unsigned aborted = doc->aborted;
    x->state = LOADING;
    doc->depth++;
    bc_pdf_obj *o = NULL;
    size_t reach = lim;
    if (x->e->type == 'n')
        o = parse_indirect_at(doc, doc->data, lim, x->e->off, x->e->num, &reach);
    else if (x->e->type == 'c')
        o = load_compressed(doc, x, end);
    doc->depth--;
    if (o || aborted == doc->aborted) {
        x->state = LOADED;
        x->obj = o;
        x->end = end;
        x->lim = lim;
        x->reach = reach;
    } else
        x->state = was == LOADED ? NOT_LOADED : was;
    return o;
}

bc_pdf_obj *bc_pdf_get(bc_pdf *doc, int num)
{
    if (num <= 0 || num > MAX_OBJNUM)
        return NULL;
    bc_pdf_ix *x = find_entry(doc, num, 0);
    return x ? load_entry(doc, x, 0) : NULL;
}

const bc_pdf_xentry *bc_pdf_entry_at(const bc_pdf *doc, int num, size_t end)
{
    const bc_pdf_ix *x = find_entry(doc, num, end);
    return x ? x->e : NULL;
}

bc_pdf_obj *bc_pdf_get_at(bc_pdf *doc, int num, size_t end)
{
    if (num <= 0 || num > MAX_OBJNUM)
        return NULL;
    bc_pdf_ix *x = find_entry(doc, num, end);
    return x ? load_entry(doc, x, end) : NULL;
}

bc_pdf_obj *bc_pdf_resolve(bc_pdf *doc, bc_pdf_obj *o)
{
    if (o && o->kind == BC_PDF_REF)
        return bc_pdf_get(doc, o->ref.num);
    return o;
}

bc_pdf_obj *bc_pdf_parse_text(bc_pdf *doc, const char *text, size_t len)
{
    parser p = {text, len, 0, doc, 0, 0};
    return parse_obj(&p);
}

/* ---- streams ---------------------------------------------------------------------------- */

/* Inflates `in` into `out`, producing at most `cap` bytes: BC_OK, BC_FAIL for bad data, or
 * BC_LIMIT-like 1 through *over when the data holds more than `cap`. */
static bc_status inflate_capped(const char *in, size_t n, bc_buf *out, size_t cap, int *over)
{
    *over = 0;
    if (n > UINT_MAX)
        return BC_FAIL; /* cannot happen below BC_PDF_MAX_FILE_BYTES; zlib counts in uInt */
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
        size_t got = sizeof chunk - z.avail_out;
        if (got > cap - out->len) {
            *over = 1;
            break;
        }
        bc_buf_append(out, chunk, got);
        if (r == Z_BUF_ERROR && z.avail_in == 0)
            break; /* truncated but usable, as many viewers accept */
    } while (r == Z_OK && !out->oom);
    inflateEnd(&z);
    if (*over)
        return BC_FAIL;
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

/* Why inflating stopped at the cap: the message names the bound that was reached. */
static bc_status over_limit(bc_pdf *doc, const bc_pdf_obj *s, size_t cap, size_t need,
                            const char *need_what, bc_err *err)
{
    size_t left = BC_PDF_MAX_DECODED_BYTES - doc->decoded_bytes;
    char msg[256];
    if (cap == left && left < BC_PDF_MAX_STREAM_BYTES && left < need)
        snprintf(msg, sizeof msg, "dữ liệu giải nén của cả tệp vượt %zu MiB (giới hạn "
                 "BC_PDF_MAX_DECODED_BYTES; luồng %s): tệp có thể là một «bom nén»",
                 BC_PDF_MAX_DECODED_BYTES >> 20, stream_label(doc, s).s);
    else if (need_what && need < BC_PDF_MAX_STREAM_BYTES)
        snprintf(msg, sizeof msg, "luồng %s giải nén ra hơn %zu byte, nhiều hơn %s cần: tệp có "
                 "thể là một «bom nén»", stream_label(doc, s).s, need, need_what);
    else
        snprintf(msg, sizeof msg, "luồng %s giải nén ra hơn %zu MiB (giới hạn mỗi luồng "
                 "BC_PDF_MAX_STREAM_BYTES): tệp có thể là một «bom nén»",
                 stream_label(doc, s).s, BC_PDF_MAX_STREAM_BYTES >> 20);
    hit_limit(doc, "%s", msg);
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s", msg);
}

/* Decodes stream `s` into `out`, inflating at most `need` bytes (what its purpose can use,
 * described by `need_what`; SIZE_MAX and NULL when unknown), BC_PDF_MAX_STREAM_BYTES and what
 * is left of the file's BC_PDF_MAX_DECODED_BYTES. */
static bc_status decode_capped(bc_pdf *doc, const bc_pdf_obj *s, bc_buf *out, size_t need,
                               const char *need_what, bc_err *err)
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
    size_t cap = need, left = BC_PDF_MAX_DECODED_BYTES - doc->decoded_bytes;
    if (cap > BC_PDF_MAX_STREAM_BYTES)
        cap = BC_PDF_MAX_STREAM_BYTES;
    if (cap > left)
        cap = left;
    bc_buf tmp = BC_BUF_INIT;
    int over = 0;
    if (inflate_capped(s->sdata, s->slen, &tmp, cap, &over) != BC_OK) {
        bc_buf_free(&tmp);
        if (over)
            return over_limit(doc, s, cap, need, need_what, err);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "luồng dữ liệu PDF %s nén hỏng",
                          stream_label(doc, s).s);
    }
    doc->decoded_bytes += tmp.len;
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

bc_status bc_pdf_stream_decode(bc_pdf *doc, const bc_pdf_obj *s, bc_buf *out, bc_err *err)
{
    return decode_capped(doc, s, out, SIZE_MAX, NULL, err);
}

/* ---- cross-reference sections ----------------------------------------------------------- */

/* What went wrong with a section, for bc_pdf_open's message ("" for the generic one). */
typedef struct why {
    char s[256];
} why;

static int fail(why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(why *w, const char *fmt, ...)
{
    if (!w->s[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(w->s, sizeof w->s, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Appends an entry, counting it against BC_PDF_MAX_OBJECTS entries for the whole file. */
static int add_entry(bc_pdf *doc, bc_pdf_xentry **e, size_t *n, size_t *cap, bc_pdf_xentry x,
                     why *w)
{
    if (doc->nentries >= BC_PDF_MAX_OBJECTS)
        return fail(w, "các bảng xref có quá %d mục (giới hạn BC_PDF_MAX_OBJECTS)",
                    BC_PDF_MAX_OBJECTS);
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        bc_pdf_xentry *ne = realloc(*e, *cap * sizeof *ne);
        if (!ne)
            return fail(w, "hết bộ nhớ");
        *e = ne;
    }
    (*e)[(*n)++] = x;
    doc->nentries++;
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

static int parse_xref_table(bc_pdf *doc, parser *p, bc_pdf_section *sec, why *w)
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
        if (!read_uint(p, &count))
            goto bad;
        /* Both are below 2^51 (read_uint), so the sum is exact. */
        if (first + count > BC_PDF_MAX_OBJECTS) {
            fail(w, "bảng xref liệt kê đối tượng %lld–%lld, vượt giới hạn %d đối tượng "
                    "(BC_PDF_MAX_OBJECTS)", first, first + count - 1, BC_PDF_MAX_OBJECTS);
            goto bad;
        }
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
            if (gen > 65535) {
                fail(w, "số thế hệ %lld của đối tượng %lld vượt 65535", gen, first + i);
                goto bad;
            }
            bc_pdf_xentry x = {(int)(first + i), p->d[p->pos] == 'n' ? 'n' : 'f', (int)gen, off,
                               0, 0};
            p->pos++;
            if (!add_entry(doc, &e, &n, &cap, x, w))
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

/* A big-endian field of `w` <= 8 bytes, unsigned: 8 bytes of 0xff do not overflow. */
static unsigned long long be_field(const unsigned char *b, int w, unsigned long long dflt)
{
    if (w == 0)
        return dflt;
    unsigned long long v = 0;
    for (int i = 0; i < w; i++)
        v = v << 8 | b[i];
    return v;
}

/* One entry of an xref stream from its three fields; 0 (and *w) when a field is out of range. */
static int stream_entry(int num, unsigned long long t, unsigned long long f2,
                        unsigned long long f3, bc_pdf_xentry *x, why *w)
{
    *x = (bc_pdf_xentry){num, 'f', 0, 0, 0, 0};
    if (t == 1) {
        if (f3 > 65535)
            return fail(w, "số thế hệ %llu của đối tượng %d vượt 65535", f3, num);
        x->type = 'n';
        /* An offset past the file only makes the object unreadable, as in a table. */
        x->off = f2 > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)f2;
        x->gen = (int)f3;
    } else if (t == 2) {
        if (f2 > MAX_OBJNUM || f3 > INT_MAX)
            return fail(w, "đối tượng %d nằm trong luồng đối tượng %llu ở vị trí %llu: số "
                           "ngoài giới hạn", num, f2, f3);
        x->type = 'c';
        x->stm = (int)f2;
        x->idx = (int)f3;
    }
    return 1;
}

/* The subsections of an xref stream: /Index pairs (first, count), or (0, /Size); their total
 * count, within BC_PDF_MAX_OBJECTS, in *total. */
static int stream_subsections(bc_pdf *doc, const bc_pdf_obj *s, int size, int (*sub)[2],
                              size_t nsub, size_t *total, why *w)
{
    bc_pdf_obj *index = bc_pdf_dget(doc, s, "Index");
    *total = 0;
    for (size_t k = 0; k < nsub; k++) {
        int first = 0, count = size;
        if (index && !(int_param(index->arr.items[2 * k], 0, BC_PDF_MAX_OBJECTS, -1, &first) &&
                       int_param(index->arr.items[2 * k + 1], 0, BC_PDF_MAX_OBJECTS, -1, &count)))
            return fail(w, "/Index của luồng xref có số không hợp lệ (cần số nguyên 0–%d)",
                        BC_PDF_MAX_OBJECTS);
        if (first < 0 || count < 0 || (long long)first + count > BC_PDF_MAX_OBJECTS)
            return fail(w, "/Index của luồng xref liệt kê đối tượng ngoài giới hạn %d "
                           "(BC_PDF_MAX_OBJECTS)", BC_PDF_MAX_OBJECTS);
        *total += (size_t)count;
        if (*total > BC_PDF_MAX_OBJECTS)
            return fail(w, "luồng xref có quá %d mục (giới hạn BC_PDF_MAX_OBJECTS)",
                        BC_PDF_MAX_OBJECTS);
        sub[k][0] = first;
        sub[k][1] = count;
    }
    return 1;
}

static int parse_xref_stream(bc_pdf *doc, parser *p, bc_pdf_section *sec, why *w)
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
    bc_pdf_obj *wa = bc_pdf_dget(doc, s, "W");
    bc_pdf_obj *index = bc_pdf_dget(doc, s, "Index");
    bc_pdf_obj *so = bc_pdf_dget(doc, s, "Size");
    int size = -1;
    if (so && (so->kind == BC_PDF_INT || so->kind == BC_PDF_REAL) &&
        bc_pdf_num(so, 0) > BC_PDF_MAX_OBJECTS)
        return fail(w, "/Size %.0f của luồng xref vượt giới hạn %d đối tượng "
                       "(BC_PDF_MAX_OBJECTS)", bc_pdf_num(so, 0), BC_PDF_MAX_OBJECTS);
    if (!wa || wa->kind != BC_PDF_ARRAY || wa->arr.n != 3 ||
        !int_param(so, 0, BC_PDF_MAX_OBJECTS, -1, &size) || size < 0)
        return 0;
    int ws[3];
    for (int i = 0; i < 3; i++)
        if (!int_param(wa->arr.items[i], 0, 8, -1, &ws[i]) || ws[i] < 0)
            return fail(w, "/W của luồng xref phải là ba số nguyên 0–8");
    size_t rec = (size_t)(ws[0] + ws[1] + ws[2]);
    if (index && (index->kind != BC_PDF_ARRAY || index->arr.n % 2))
        return fail(w, "/Index của luồng xref phải là các cặp số (đầu, số lượng)");
    size_t nsub = index ? index->arr.n / 2 : 1, total = 0;
    int(*sub)[2] = malloc((nsub ? nsub : 1) * sizeof *sub);
    if (!sub || rec == 0 || !stream_subsections(doc, s, size, sub, nsub, &total, w)) {
        free(sub);
        return 0;
    }
    /* What the entries need (at most 24 MB), twice over for a PNG predictor's row tags. */
    size_t need = total * rec;
    bc_buf data = BC_BUF_INIT;
    char what[64];
    snprintf(what, sizeof what, "%zu mục xref", total);
    if (decode_capped(doc, s, &data, 2 * need + 64, what, NULL) != BC_OK) {
        bc_buf_free(&data);
        free(sub);
        return 0;
    }
    bc_pdf_xentry *e = NULL;
    size_t n = 0, cap = 0, at = 0;
    int ok = 1;
    for (size_t k = 0; k < nsub && ok; k++)
        for (int i = 0; ok && i < sub[k][1]; i++, at += rec) {
            if (at + rec > data.len) {
                ok = fail(w, "luồng xref ngắn hơn %zu mục nó khai", total);
                break;
            }
            const unsigned char *b = (unsigned char *)data.data + at;
            bc_pdf_xentry x;
            ok = stream_entry(sub[k][0] + i, be_field(b, ws[0], 1), be_field(b + ws[0], ws[1], 0),
                              be_field(b + ws[0] + ws[1], ws[2], 0), &x, w) &&
                 add_entry(doc, &e, &n, &cap, x, w);
        }
    bc_buf_free(&data);
    free(sub);
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

static int read_section(bc_pdf *doc, long long off, bc_pdf_section *sec, why *w)
{
    memset(sec, 0, sizeof *sec);
    sec->off = off;
    if (off < 0 || (unsigned long long)off >= doc->len)
        return fail(w, "vị trí này nằm ngoài tệp (dài %zu byte)", doc->len);
    parser p = {doc->data, doc->len, (size_t)off, doc, 0, 0};
    skip_ws(&p);
    if (at_keyword(&p, "xref"))
        return parse_xref_table(doc, &p, sec, w);
    return parse_xref_stream(doc, &p, sec, w);
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

static int cmp_ix(const void *a, const void *b)
{
    const bc_pdf_ix *x = a, *y = b;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    if (x->sec != y->sec)
        return x->sec < y->sec ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Sorts every section's entries by (number, section, position) once, keeping the first entry
 * of a number in each section (the one a linear search of the section would find). */
static int build_index(bc_pdf *doc)
{
    doc->ix = malloc((doc->nentries ? doc->nentries : 1) * sizeof *doc->ix);
    if (!doc->ix)
        return 0;
    size_t n = 0;
    for (size_t s = 0; s < doc->nsections; s++)
        for (size_t i = 0; i < doc->sections[s].n && n < doc->nentries; i++)
            doc->ix[n++] = (bc_pdf_ix){.num = doc->sections[s].e[i].num, .sec = (int)s,
                                       .pos = i, .e = &doc->sections[s].e[i]};
    qsort(doc->ix, n, sizeof *doc->ix, cmp_ix);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || doc->ix[k - 1].num != doc->ix[i].num || doc->ix[k - 1].sec != doc->ix[i].sec)
            doc->ix[k++] = doc->ix[i];
    doc->nix = k;
    doc->ixnum = malloc((k ? k : 1) * sizeof *doc->ixnum);
    if (!doc->ixnum)
        return 0;
    for (size_t i = 0; i < k; i++)
        doc->ixnum[i] = doc->ix[i].num;
    return 1;
}

/* Whether offset `off` was read already as a section (a /Prev loop, or two sections at one
 * place). Sections are few (BC_PDF_MAX_SECTIONS), so a scan is enough. */
static int seen_offset(const long long *seen, size_t n, long long off)
{
    for (size_t i = 0; i < n; i++)
        if (seen[i] == off)
            return 1;
    return 0;
}

/* Reads the xref chain from startxref back through every /Prev (and hybrid /XRefStm). */
static bc_status read_chain(bc_pdf *doc, const char *name, bc_err *err)
{
    size_t cap = 0, nseen = 0;
    long long seen[2 * BC_PDF_MAX_SECTIONS + 2];
    long long off = doc->startxref;
    why w = {""};
    while (off >= 0) {
        if (seen_offset(seen, nseen, off))
            return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                              "chuỗi bảng tham chiếu (xref /Prev) của PDF bị lặp vòng: vị trí "
                              "%lld được trỏ tới hai lần", off);
        if (doc->nsections >= BC_PDF_MAX_SECTIONS)
            return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                              "quá nhiều lần cập nhật PDF: hơn %d bảng tham chiếu chéo (giới hạn "
                              "BC_PDF_MAX_SECTIONS)", BC_PDF_MAX_SECTIONS);
        seen[nseen++] = off;
        bc_pdf_section sec;
        if (!read_section(doc, off, &sec, &w) || !add_section(doc, &cap, sec))
            goto bad;
        bc_pdf_obj *xs = bc_pdf_dget_raw(sec.trailer, "XRefStm");
        if (xs && xs->kind == BC_PDF_INT) {
            /* Hybrid file: the stream's entries rank just after the table's. */
            bc_pdf_section hs;
            if (seen_offset(seen, nseen, xs->i))
                return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                                  "/XRefStm %lld trỏ tới một bảng tham chiếu chéo đã đọc", xs->i);
            seen[nseen++] = xs->i;
            if (!read_section(doc, xs->i, &hs, &w) || !add_section(doc, &cap, hs))
                return bc_err_add(err, BC_BADINPUT, name, 0, 0, "luồng xref (/XRefStm %lld) hỏng%s%s",
                                  xs->i, w.s[0] ? ": " : "", w.s[0] ? w.s : doc->limit);
            doc->sections[doc->nsections - 1].off = sec.off;
        }
        bc_pdf_obj *prev = bc_pdf_dget_raw(sec.trailer, "Prev");
        if (prev && (prev->kind != BC_PDF_INT || prev->i < 0))
            return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                              "/Prev của bảng tham chiếu chéo ở vị trí %lld không phải một vị "
                              "trí trong tệp", off);
        off = prev ? prev->i : -1;
    }
    return BC_OK;
bad:
    if (!w.s[0] && doc->limit[0])
        snprintf(w.s, sizeof w.s, "%s", doc->limit);
    return bc_err_add(err, BC_BADINPUT, name, 0, 0, "bảng tham chiếu chéo (xref) ở vị trí %lld hỏng%s%s",
                      off, w.s[0] ? ": " : "", w.s);
}

bc_status bc_pdf_open(bc_pdf *doc, const char *data, size_t len, const char *name, bc_err *err)
{
    memset(doc, 0, sizeof *doc);
    doc->data = data;
    doc->len = len;
    if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "không phải tệp PDF");
    if (len > BC_PDF_MAX_FILE_BYTES)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "tệp PDF dài %zu byte, vượt giới hạn %zu MiB (BC_PDF_MAX_FILE_BYTES)",
                          len, BC_PDF_MAX_FILE_BYTES >> 20);
    doc->startxref = find_startxref(data, len);
    if (doc->startxref < 0)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "tệp PDF bị cắt cụt hoặc hỏng: không thấy 'startxref' ở cuối tệp");
    bc_status st = read_chain(doc, name, err);
    if (st != BC_OK)
        return st;
    /* Limits hit from here on are the caller's to report (bc_pdf_limit). */
    doc->limit[0] = 0;
    if (!build_index(doc))
        return bc_err_add(err, BC_FAIL, name, 0, 0, "hết bộ nhớ");
    doc->trailer = doc->sections[0].trailer;
    if (bc_pdf_dget_raw(doc->trailer, "Encrypt"))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "tệp PDF được mã hóa (/Encrypt): baocao không hỗ trợ PDF mã hóa, "
                          "không ký và không kiểm tra được; hãy dùng bản không mã hóa");
    bc_pdf_obj *size = bc_pdf_dget_raw(doc->trailer, "Size");
    if (bc_pdf_num(size, 0) > BC_PDF_MAX_OBJECTS)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "/Size %.0f của trailer PDF vượt giới hạn %d đối tượng "
                          "(BC_PDF_MAX_OBJECTS)", bc_pdf_num(size, 0), BC_PDF_MAX_OBJECTS);
    if (!int_param(size, 1, BC_PDF_MAX_OBJECTS, 0, &doc->size) || doc->size <= 0)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "trailer PDF thiếu /Size hợp lệ");
    if (!bc_pdf_dget(doc, doc->trailer, "Root"))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "không đọc được /Root (catalog) của PDF%s%s",
                          doc->limit[0] ? ": " : "", doc->limit);
    return BC_OK;
}

void bc_pdf_close(bc_pdf *doc)
{
    free(doc->sections);
    free(doc->ix);
    free(doc->ixnum);
    free(doc->endstreams);
    bc_arena_free(&doc->arena);
    memset(doc, 0, sizeof *doc);
}

int bc_pdf_equal(const bc_pdf_obj *a, const bc_pdf_obj *b, const char *const *ignore)
{
    if (!a || !b)
        return a == b;
    if (!ignore && a->hash != b->hash)
        return 0; /* equal objects hash alike (hash_dict): most differences end here */
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

int bc_pdf_array_has(const bc_pdf_obj *arr, const bc_pdf_obj *item)
{
    if (!arr || arr->kind != BC_PDF_ARRAY || !item)
        return 0;
    if (!arr->arr.order) {
        for (size_t i = 0; i < arr->arr.n; i++)
            if (bc_pdf_equal(arr->arr.items[i], item, NULL))
                return 1;
        return 0;
    }
    const uint32_t *ord = arr->arr.order;
    size_t lo = 0, hi = arr->arr.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (arr->arr.items[ord[mid]]->hash < item->hash)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < arr->arr.n && arr->arr.items[ord[k]]->hash == item->hash; k++)
        if (bc_pdf_equal(arr->arr.items[ord[k]], item, NULL))
            return 1;
    return 0;
}

/* One pass over the index: a number is listed once, when any section newer than `end` has it. */
size_t bc_pdf_changed_since(bc_pdf *doc, size_t end, int **nums)
{
    size_t n = 0;
    *nums = malloc((doc->nix ? doc->nix : 1) * sizeof **nums);
    if (!*nums)
        return 0;
    for (size_t k = 0; k < doc->nix; k++) {
        const bc_pdf_ix *x = &doc->ix[k];
        if (x->num == 0 || (unsigned long long)doc->sections[x->sec].off < end)
            continue;
        if (n && (*nums)[n - 1] == x->num)
            continue;
        (*nums)[n++] = x->num;
    }
    if (n > BC_PDF_MAX_CHANGED - doc->changed) {
        hit_limit(doc, "các lần cập nhật sau các chữ ký thay đổi tổng cộng hơn %d đối tượng phải "
                       "xét (giới hạn BC_PDF_MAX_CHANGED)", BC_PDF_MAX_CHANGED);
        doc->changed = BC_PDF_MAX_CHANGED;
        return 0;
    }
    doc->changed += n;
    return n;
}
