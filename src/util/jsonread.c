/* jsonread.c — see jsonread.h. A recursive descent over the text, one node per value. */
#include "util/jsonread.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/buf.h"

typedef struct parser {
    const char *s;
    size_t len, pos;
    const char *name;
    bc_arena *arena;
    bc_err *err;
    const char *why; /* the first problem; parsing stops there */
    size_t at;
    size_t nodes;
} parser;

static int fail(parser *P, const char *why)
{
    if (!P->why) {
        P->why = why;
        P->at = P->pos;
    }
    return 0;
}

static void skip_ws(parser *P)
{
    while (P->pos < P->len && strchr(" \t\r\n", P->s[P->pos]) && P->s[P->pos])
        P->pos++;
}

static int literal(parser *P, const char *word, bc_json_node *n, bc_json_type t)
{
    size_t k = strlen(word);
    if (P->len - P->pos < k || memcmp(P->s + P->pos, word, k))
        return fail(P, "giá trị không hợp lệ");
    P->pos += k;
    n->type = t;
    return 1;
}

static int hex4(parser *P, unsigned *out)
{
    if (P->len - P->pos < 4)
        return fail(P, "\\u cần 4 chữ số hex");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = P->s[P->pos++];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return fail(P, "\\u cần 4 chữ số hex");
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return 1;
}

static void put_utf8(bc_buf *b, unsigned cp)
{
    char u[4];
    int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n == 1)
        u[0] = (char)cp;
    else {
        for (int i = n - 1; i > 0; i--, cp >>= 6)
            u[i] = (char)(0x80 | (cp & 0x3f));
        u[0] = (char)((n == 2 ? 0xc0 : n == 3 ? 0xe0 : 0xf0) | cp);
    }
    bc_buf_append(b, u, (size_t)n);
}

/* \uXXXX, with a surrogate pair as one character; a lone surrogate or U+0000 is refused. */
static int unicode_escape(parser *P, bc_buf *b)
{
    unsigned cp, lo;
    if (!hex4(P, &cp))
        return 0;
    if (cp >= 0xdc00 && cp <= 0xdfff)
        return fail(P, "nửa sau của cặp surrogate đứng một mình");
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (P->len - P->pos < 2 || P->s[P->pos] != '\\' || P->s[P->pos + 1] != 'u')
            return fail(P, "nửa đầu của cặp surrogate đứng một mình");
        P->pos += 2;
        if (!hex4(P, &lo))
            return 0;
        if (lo < 0xdc00 || lo > 0xdfff)
            return fail(P, "nửa đầu của cặp surrogate đứng một mình");
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    if (cp == 0)
        return fail(P, "\\u0000 không được nhận");
    put_utf8(b, cp);
    return 1;
}

static int escape(parser *P, bc_buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    char c = P->s[P->pos];
    const char *k = c ? strchr(from, c) : NULL;
    if (!k && c != 'u')
        return fail(P, "ký tự thoát (\\) không hợp lệ");
    P->pos++;
    if (c == 'u')
        return unicode_escape(P, b);
    bc_buf_putc(b, to[k - from]);
    return 1;
}

/* Whether the bytes are UTF-8 (any character, control characters included: JSON escapes them). */
static int valid_utf8(const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

static int string(parser *P, const char **out)
{
    *out = NULL;
    P->pos++; /* the opening quote */
    size_t run = P->pos;
    bc_buf b = BC_BUF_INIT;
    int ok = 1;
    for (;;) {
        if (P->pos >= P->len) {
            ok = fail(P, "chuỗi không được đóng (thiếu \")");
            break;
        }
        unsigned char c = (unsigned char)P->s[P->pos];
        if (c == '"' || c == '\\' || c < 0x20) {
            bc_buf_append(&b, P->s + run, P->pos - run);
            if (c < 0x20) {
                ok = fail(P, "ký tự điều khiển trong chuỗi");
                break;
            }
            P->pos++;
            if (c == '"')
                break;
            if (P->pos >= P->len || !(ok = escape(P, &b)))
                break;
            run = P->pos;
            continue;
        }
        P->pos++;
    }
    if (ok && !valid_utf8(b.data, b.len))
        ok = fail(P, "chuỗi không phải UTF-8");
    if (ok && b.oom)
        ok = fail(P, "hết bộ nhớ");
    if (ok)
        *out = bc_arena_strndup(P->arena, b.data ? b.data : "", b.len);
    bc_buf_free(&b);
    return ok && *out ? 1 : fail(P, "hết bộ nhớ");
}

static size_t digits(parser *P)
{
    size_t k = 0;
    while (P->pos < P->len && P->s[P->pos] >= '0' && P->s[P->pos] <= '9')
        P->pos++, k++;
    return k;
}

static int number(parser *P, bc_json_node *n)
{
    size_t start = P->pos;
    if (P->s[P->pos] == '-')
        P->pos++;
    if (P->pos < P->len && P->s[P->pos] == '0')
        P->pos++;
    else if (!digits(P))
        return fail(P, "giá trị không hợp lệ");
    if (P->pos < P->len && P->s[P->pos] == '.' && (P->pos++, !digits(P)))
        return fail(P, "số thiếu chữ số sau dấu chấm");
    if (P->pos < P->len && (P->s[P->pos] == 'e' || P->s[P->pos] == 'E')) {
        P->pos++;
        if (P->pos < P->len && (P->s[P->pos] == '+' || P->s[P->pos] == '-'))
            P->pos++;
        if (!digits(P))
            return fail(P, "số mũ thiếu chữ số");
    }
    char tmp[65];
    if (P->pos - start > 64)
        return fail(P, "số quá dài (tối đa 64 ký tự)");
    memcpy(tmp, P->s + start, P->pos - start);
    tmp[P->pos - start] = '\0';
    n->type = BC_JSON_NUMBER;
    n->num = strtod(tmp, NULL);
    return 1;
}

static int value(parser *P, bc_json_node *n, int depth);

/* The items of an array or the members of an object, up to `close`. */
static int items(parser *P, bc_json_node *n, int depth, char close)
{
    bc_json_node **tail = &n->first;
    P->pos++;
    skip_ws(P);
    if (P->pos < P->len && P->s[P->pos] == close) {
        P->pos++;
        return 1;
    }
    for (;;) {
        if (++P->nodes > BC_JSON_MAX_NODES)
            return fail(P, "quá nhiều giá trị (tối đa " BC_JSON_MAX_NODES_TEXT ")");
        bc_json_node *item = BC_NEW(P->arena, bc_json_node);
        if (!item)
            return fail(P, "hết bộ nhớ");
        skip_ws(P);
        if (close == '}') {
            if (P->pos >= P->len || P->s[P->pos] != '"')
                return fail(P, "cần tên thành phần trong \"…\"");
            if (!string(P, &item->key))
                return 0;
            skip_ws(P);
            if (P->pos >= P->len || P->s[P->pos] != ':')
                return fail(P, "cần ':' sau tên thành phần");
            P->pos++;
        }
        if (!value(P, item, depth + 1))
            return 0;
        *tail = item;
        tail = &item->next;
        n->count++;
        skip_ws(P);
        if (P->pos < P->len && P->s[P->pos] == ',') {
            P->pos++;
            continue;
        }
        if (P->pos < P->len && P->s[P->pos] == close) {
            P->pos++;
            return 1;
        }
        return fail(P, close == '}' ? "cần ',' hoặc '}'" : "cần ',' hoặc ']'");
    }
}

static int value(parser *P, bc_json_node *n, int depth)
{
    if (depth > BC_JSON_MAX_DEPTH)
        return fail(P, "lồng quá sâu");
    skip_ws(P);
    if (P->pos >= P->len)
        return fail(P, "thiếu giá trị");
    n->start = P->pos;
    char c = P->s[P->pos];
    int ok;
    if (c == '{' || c == '[') {
        n->type = c == '{' ? BC_JSON_OBJECT : BC_JSON_ARRAY;
        ok = items(P, n, depth, c == '{' ? '}' : ']');
    } else if (c == '"') {
        n->type = BC_JSON_STRING;
        ok = string(P, &n->str);
    } else if (c == 't')
        ok = literal(P, "true", n, BC_JSON_TRUE);
    else if (c == 'f')
        ok = literal(P, "false", n, BC_JSON_FALSE);
    else if (c == 'n')
        ok = literal(P, "null", n, BC_JSON_NULL);
    else if (c == '-' || (c >= '0' && c <= '9'))
        ok = number(P, n);
    else
        ok = fail(P, "giá trị không hợp lệ");
    n->end = P->pos;
    return ok;
}

/* 1-based line and column (in bytes) of an offset: computed once, for the message. */
static void line_col(const char *s, size_t at, int *line, int *col)
{
    *line = 1;
    size_t bol = 0;
    for (size_t i = 0; i < at; i++)
        if (s[i] == '\n')
            (*line)++, bol = i + 1;
    *col = (int)(at - bol) + 1;
}

bc_status bc_json_parse(const char *text, size_t len, const char *name, bc_json_doc *d,
                        bc_err *err)
{
    memset(d, 0, sizeof *d);
    parser P = {text, len, 0, name, &d->arena, err, NULL, 0, 0};
    bc_json_node *root = BC_NEW(&d->arena, bc_json_node);
    if (!root)
        return bc_err_oom(err, name);
    if (value(&P, root, 0)) {
        skip_ws(&P);
        if (P.pos < len)
            fail(&P, "thừa dữ liệu sau giá trị JSON");
    }
    if (!P.why) {
        d->root = root;
        return BC_OK;
    }
    int line, col;
    line_col(text, P.at, &line, &col);
    bc_err_add(err, BC_BADINPUT, name, line, col, "không phải JSON hợp lệ: %s", P.why);
    bc_json_doc_free(d);
    return BC_BADINPUT;
}

const bc_json_node *bc_json_member(const bc_json_node *obj, const char *key)
{
    const bc_json_node *found = NULL;
    if (obj && obj->type == BC_JSON_OBJECT)
        for (const bc_json_node *m = obj->first; m; m = m->next)
            if (!strcmp(m->key, key))
                found = m;
    return found;
}

const char *bc_json_string(const bc_json_node *obj, const char *key)
{
    const bc_json_node *m = bc_json_member(obj, key);
    return m && m->type == BC_JSON_STRING ? m->str : NULL;
}

void bc_json_doc_free(bc_json_doc *d)
{
    bc_arena_free(&d->arena);
    d->root = NULL;
}
