/* yaml.c — see yaml.h. libyaml's event parser feeds a recursive builder; the builder, not
 * libyaml, enforces unique keys and a non-empty file. */
#include "form/yaml.h"
#include "form/yaml_msg.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/fileio.h"
#include "util/text.h"

typedef struct anchor {
    const char *name;
    bc_ynode *node;
    struct anchor *next;
} anchor;

typedef struct builder {
    bc_arena *a;
    yaml_parser_t parser;
    const char *file;
    bc_err *err;
    anchor *anchors;
    int failed; /* the tree is incomplete */
    int dups;   /* the tree is complete but repeats a key */
    const char *data; /* the text parsed, to say what stands where libyaml stopped */
    size_t len;
} builder;

static int utf8_seq_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 0;
}

static void add_bad(bc_arena *a, bc_ybad **list, size_t *n, size_t *cap, bc_ybad bad)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        bc_ybad *l = BC_NEW_N(a, bc_ybad, ncap);
        if (!l)
            return;
        if (*n)
            memcpy(l, *list, sizeof *l * *n);
        *list = l;
        *cap = ncap;
    }
    (*list)[(*n)++] = bad;
}

bc_ybad *bc_yaml_scrub(bc_arena *a, char *data, size_t len, size_t *nbad)
{
    bc_ybad *list = NULL;
    size_t n = 0, cap = 0;
    int line = 1, col = 1;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
            line++, col = 1, i++;
            continue;
        }
        int k = utf8_seq_len(c);
        size_t off = 0;
        /* Ask the checker about this one character only, so each bad spot is reported once. */
        bc_text_check chk = k && i + (size_t)k <= len
                                ? bc_text_check_utf8(data + i, (size_t)k, &off)
                                : BC_TEXT_BAD_UTF8;
        if (chk == BC_TEXT_OK) {
            i += (size_t)k;
            col++;
            continue;
        }
        bc_ybad bad = {line, col, chk == BC_TEXT_XML_ILLEGAL, c};
        if (chk == BC_TEXT_XML_ILLEGAL) {
            const char *p = data + i;
            bad.code = bc_utf8_next(&p);
            memset(data + i, '?', (size_t)k); /* k '?' for one character: columns shift by k-1 */
            i += (size_t)k;
            col += k;
        } else {
            data[i++] = '?';
            col++;
        }
        add_bad(a, &list, &n, &cap, bad);
    }
    *nbad = n;
    return list;
}

static bc_ynode *new_node(builder *b, bc_ynode_kind kind, const yaml_event_t *ev)
{
    bc_ynode *n = BC_NEW(b->a, bc_ynode);
    if (!n) {
        b->failed = 1;
        bc_err_oom(b->err, b->file);
        return NULL;
    }
    n->kind = kind;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    n->end_line = (int)ev->end_mark.line + 1;
    n->end_col = (int)ev->end_mark.column + 1;
    return n;
}

static int next_event(builder *b, yaml_event_t *ev)
{
    if (yaml_parser_parse(&b->parser, ev))
        return 1;
    const yaml_parser_t *p = &b->parser;
    bc_err_add(b->err, BC_BADINPUT, b->file, (int)p->problem_mark.line + 1,
               (int)p->problem_mark.column + 1, "lỗi cú pháp YAML: %s",
               bc_yaml_problem_vi(p->problem, b->data, b->len, p->problem_mark.index));
    b->failed = 1;
    return 0;
}

/* Appends to a growing array of node pointers kept in the arena. */
static int push(builder *b, bc_ynode ***arr, size_t *n, size_t *cap, bc_ynode *x)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        bc_ynode **l = BC_NEW_N(b->a, bc_ynode *, ncap);
        if (!l) {
            b->failed = 1;
            return 0;
        }
        if (*n)
            memcpy(l, *arr, sizeof *l * *n);
        *arr = l;
        *cap = ncap;
    }
    (*arr)[(*n)++] = x;
    return 1;
}

static void remember_anchor(builder *b, const yaml_char_t *name, bc_ynode *node)
{
    if (!name || !node)
        return;
    anchor *an = BC_NEW(b->a, anchor);
    if (!an)
        return;
    an->name = bc_arena_strdup(b->a, (const char *)name);
    an->node = node;
    an->next = b->anchors;
    b->anchors = an;
}

static bc_ynode *build_node(builder *b, yaml_event_t *ev);

static bc_ynode *build_alias(builder *b, yaml_event_t *ev)
{
    for (anchor *an = b->anchors; an; an = an->next)
        if (!strcmp(an->name, (const char *)ev->data.alias.anchor))
            return an->node;
    bc_err_add(b->err, BC_BADINPUT, b->file, (int)ev->start_mark.line + 1,
               (int)ev->start_mark.column + 1, "không có neo (anchor) \"%s\"",
               (const char *)ev->data.alias.anchor);
    b->failed = 1;
    return NULL;
}

static int same_key(const bc_ynode *x, const bc_ynode *y)
{
    return x->kind == BC_Y_SCALAR && y->kind == BC_Y_SCALAR && !strcmp(x->str, y->str);
}

/* Reads events up to the closing one of a sequence or mapping. */
static int build_children(builder *b, bc_ynode *node, yaml_event_type_t end)
{
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (!next_event(b, &ev))
            return 0;
        if (ev.type == end) {
            node->end_line = (int)ev.end_mark.line + 1;
            node->end_col = (int)ev.end_mark.column + 1;
            yaml_event_delete(&ev);
            break;
        }
        bc_ynode *child = build_node(b, &ev);
        yaml_event_delete(&ev);
        if (!child || !push(b, &node->items, &node->n, &cap, child))
            return 0;
    }
    if (node->kind == BC_Y_MAP) {
        node->n /= 2;
        for (size_t i = 0; i < node->n; i++)
            for (size_t j = 0; j < i; j++)
                if (same_key(BC_YKEY(node, i), BC_YKEY(node, j))) {
                    const bc_ynode *k = BC_YKEY(node, i);
                    bc_err_add(b->err, BC_BADINPUT, b->file, k->line, k->col,
                               "khóa \"%s\" lặp lại (đã có ở dòng %d)", k->str,
                               BC_YKEY(node, j)->line);
                    b->dups = 1;
                }
    }
    return 1;
}

static bc_ynode *build_node(builder *b, yaml_event_t *ev)
{
    bc_ynode *n = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        n = new_node(b, BC_Y_SCALAR, ev);
        if (!n)
            return NULL;
        n->str = bc_arena_strndup(b->a, (const char *)ev->data.scalar.value,
                                  ev->data.scalar.length);
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        remember_anchor(b, ev->data.scalar.anchor, n);
        return n;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        int seq = ev->type == YAML_SEQUENCE_START_EVENT;
        n = new_node(b, seq ? BC_Y_SEQ : BC_Y_MAP, ev);
        if (!n)
            return NULL;
        remember_anchor(b, seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor, n);
        if (!build_children(b, n, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT))
            return NULL;
        return n;
    }
    case YAML_ALIAS_EVENT:
        return build_alias(b, ev);
    default:
        bc_err_add(b->err, BC_FAIL, b->file, (int)ev->start_mark.line + 1,
                   (int)ev->start_mark.column + 1, "sự kiện YAML không mong đợi");
        b->failed = 1;
        return NULL;
    }
}

/* Skips to the first document; returns 0 (with a message) when there is none. */
static int open_document(builder *b)
{
    for (;;) {
        yaml_event_t ev;
        if (!next_event(b, &ev))
            return 0;
        yaml_event_type_t t = ev.type;
        yaml_event_delete(&ev);
        if (t == YAML_DOCUMENT_START_EVENT)
            return 1;
        if (t == YAML_STREAM_END_EVENT) {
            bc_err_add(b->err, BC_BADINPUT, b->file, 0, 0,
                       "tệp rỗng: không có nội dung YAML nào (chỉ có khoảng trắng hoặc chú thích)");
            return 0;
        }
    }
}

static int only_one_document(builder *b)
{
    yaml_event_t ev;
    if (!next_event(b, &ev)) /* DOCUMENT-END */
        return 0;
    yaml_event_delete(&ev);
    if (!next_event(b, &ev))
        return 0;
    int ok = ev.type == YAML_STREAM_END_EVENT;
    if (!ok)
        bc_err_add(b->err, BC_BADINPUT, b->file, (int)ev.start_mark.line + 1,
                   (int)ev.start_mark.column + 1, "tệp chỉ được có một tài liệu YAML");
    yaml_event_delete(&ev);
    return ok;
}

bc_status bc_yaml_parse(bc_arena *a, const char *file, const char *data, size_t len,
                        bc_ynode **root, bc_err *err)
{
    builder b = {a, {0}, file, err, NULL, 0, 0, data, len};
    *root = NULL;
    if (!yaml_parser_initialize(&b.parser))
        return bc_err_add(err, BC_FAIL, file, 0, 0, "không khởi tạo được bộ đọc YAML");
    /* A byte order mark, as Windows Notepad saves UTF-8: skipped, since naming the encoding
     * (which keeps libyaml from guessing UTF-16) also stops libyaml from skipping it. Line and
     * column numbers are unaffected: the mark stands before the first character. */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    yaml_parser_set_input_string(&b.parser, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
    bc_ynode *node = NULL;
    if (open_document(&b)) {
        yaml_event_t ev;
        if (next_event(&b, &ev)) {
            node = build_node(&b, &ev);
            yaml_event_delete(&ev);
        }
        if (node && !b.failed && !only_one_document(&b))
            b.failed = 1;
    } else {
        b.failed = 1;
    }
    yaml_parser_delete(&b.parser);
    if (b.failed || !node)
        return err->status != BC_OK ? err->status : BC_BADINPUT;
    if (node->kind == BC_Y_SCALAR && bc_ynode_is_null(node))
        return bc_err_add(err, BC_BADINPUT, file, node->line, node->col,
                          "tệp rỗng: tài liệu YAML không có giá trị nào");
    *root = node;
    return b.dups ? BC_BADINPUT : BC_OK;
}

bc_status bc_yaml_scrub_report(bc_arena *a, const char *path, char *data, size_t len,
                               const char *hint, bc_err *err)
{
    size_t nbad = 0;
    bc_ybad *bad = bc_yaml_scrub(a, data, len, &nbad);
    for (size_t i = 0; i < nbad; i++) {
        if (bad[i].illegal)
            bc_err_add(err, BC_BADINPUT, path, bad[i].line, bad[i].col,
                       "ký tự điều khiển U+%04X không được phép", bad[i].code);
        else
            bc_err_add(err, BC_BADINPUT, path, bad[i].line, bad[i].col,
                       "không phải UTF-8 hợp lệ (byte 0x%02X)%s", bad[i].code, hint);
    }
    return nbad ? BC_BADINPUT : BC_OK;
}

bc_status bc_yaml_load(bc_arena *a, const char *path, bc_ynode **root, bc_err *err)
{
    char *data;
    size_t len;
    *root = NULL;
    bc_status st = bc_file_read(path, &data, &len, err);
    if (st != BC_OK)
        return st;
    st = bc_yaml_scrub_report(a, path, data, len, "", err);
    if (st == BC_OK)
        st = bc_yaml_parse(a, path, data, len, root, err);
    free(data);
    return st;
}

const bc_ynode *bc_ymap_get(const bc_ynode *map, const char *key)
{
    if (!map || map->kind != BC_Y_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (BC_YKEY(map, i)->kind == BC_Y_SCALAR && !strcmp(BC_YKEY(map, i)->str, key))
            return BC_YVAL(map, i);
    return NULL;
}

int bc_ynode_is_null(const bc_ynode *n)
{
    return n && n->kind == BC_Y_SCALAR && n->plain &&
           (!*n->str || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
            !strcmp(n->str, "Null") || !strcmp(n->str, "NULL"));
}

const char *bc_ynode_kind_name(const bc_ynode *n)
{
    switch (n->kind) {
    case BC_Y_SCALAR:
        return "một giá trị";
    case BC_Y_SEQ:
        return "một danh sách";
    case BC_Y_MAP:
        return "một bảng khóa–giá trị";
    }
    return "?";
}
