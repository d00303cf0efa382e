/* yaml.c — see yaml.h. libyaml's event parser feeds a recursive builder; the builder, not
 * libyaml, enforces unique keys, a non-empty file and the bounds of yaml.h. Repeated keys and
 * anchors are found through hash maps, so a mapping of many keys costs linear time. */
#include "form/yaml.h"
#include "form/yaml_msg.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/fileio.h"
#include "util/strmap.h"
#include "util/text.h"

typedef struct builder {
    bc_arena *a;
    yaml_parser_t parser;
    const char *file;
    bc_err *err;
    unsigned flags;
    bc_strmap anchors;  /* anchor name → index in `anchored` (a later anchor of the same name wins) */
    bc_ynode **anchored;
    size_t nanchored, cap_anchored;
    int depth;          /* collections open around the node being built */
    size_t aliased;     /* nodes reached through aliases so far */
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
    if (*n >= BC_YAML_MAX_BAD)
        return; /* the file is refused anyway; the list, and the time spent on it, stay bounded */
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
    char *key = bc_arena_strdup(b->a, (const char *)name);
    if (!key || !push(b, &b->anchored, &b->nanchored, &b->cap_anchored, node) ||
        bc_strmap_set(&b->anchors, key, b->nanchored - 1) < 0) {
        b->failed = 1;
        bc_err_oom(b->err, b->file);
    }
}

static bc_ynode *build_node(builder *b, yaml_event_t *ev);

/* An alias stands for its anchored node; what it adds is counted, so that aliases of aliases
 * (a "billion laughs" file) are refused instead of making every later check walk a huge tree. */
static bc_ynode *build_alias(builder *b, yaml_event_t *ev)
{
    size_t i;
    if (!bc_strmap_get(&b->anchors, (const char *)ev->data.alias.anchor, &i)) {
        bc_err_add(b->err, BC_BADINPUT, b->file, (int)ev->start_mark.line + 1,
                   (int)ev->start_mark.column + 1, "không có neo (anchor) \"%s\"",
                   (const char *)ev->data.alias.anchor);
        b->failed = 1;
        return NULL;
    }
    bc_ynode *n = b->anchored[i];
    if (!n->weight) { /* inside the node it names: the tree would be a cycle */
        bc_err_add(b->err, BC_BADINPUT, b->file, (int)ev->start_mark.line + 1,
                   (int)ev->start_mark.column + 1,
                   "bí danh (alias) \"%s\" nằm trong chính nút mà nó thay thế",
                   (const char *)ev->data.alias.anchor);
        b->failed = 1;
        return NULL;
    }
    b->aliased += n->weight;
    if (b->aliased > BC_YAML_MAX_ALIASED) {
        bc_err_add(b->err, BC_BADINPUT, b->file, (int)ev->start_mark.line + 1,
                   (int)ev->start_mark.column + 1,
                   "các bí danh (alias) thay cho quá nhiều nút (tối đa %d)", BC_YAML_MAX_ALIASED);
        b->failed = 1;
        return NULL;
    }
    return n;
}

/* Marks every key of map `node` that repeats an earlier one (`dup`), reporting it unless the
 * caller asked to do so itself. */
static int mark_repeats(builder *b, bc_ynode *node)
{
    bc_strmap seen = BC_STRMAP_INIT;
    int ok = 1;
    for (size_t i = 0; ok && i < node->n; i++) {
        bc_ynode *k = BC_YKEY(node, i);
        size_t first;
        int added = k->kind == BC_Y_SCALAR ? bc_strmap_add(&seen, k->str, i, &first) : 1;
        if (added < 0) {
            bc_err_oom(b->err, b->file);
            b->failed = 1;
            ok = 0;
        } else if (added == 0) {
            k->dup = BC_YKEY(node, first);
            b->dups = 1;
            if (!(b->flags & BC_YAML_REPEATS_UNREPORTED))
                bc_err_add(b->err, BC_BADINPUT, b->file, k->line, k->col,
                           "khóa \"%s\" lặp lại (đã có ở dòng %d)", k->str, k->dup->line);
        }
    }
    bc_strmap_free(&seen);
    return ok;
}

static int too_many(builder *b, const bc_ynode *node)
{
    bc_err_add(b->err, BC_BADINPUT, b->file, node->line, node->col, "%s có quá nhiều %s (tối đa %d)",
               node->kind == BC_Y_MAP ? "bảng khóa–giá trị" : "danh sách",
               node->kind == BC_Y_MAP ? "khóa" : "mục", BC_YAML_MAX_ITEMS);
    b->failed = 1;
    return 0;
}

/* Reads events up to the closing one of a sequence or mapping. */
static int build_children(builder *b, bc_ynode *node, yaml_event_type_t end)
{
    size_t cap = 0, max = node->kind == BC_Y_MAP ? 2 * BC_YAML_MAX_ITEMS : BC_YAML_MAX_ITEMS;
    if (++b->depth > BC_YAML_MAX_DEPTH) {
        bc_err_add(b->err, BC_BADINPUT, b->file, node->line, node->col,
                   "lồng nhau quá sâu (tối đa %d mức danh sách/bảng lồng nhau)", BC_YAML_MAX_DEPTH);
        b->failed = 1;
        return 0;
    }
    size_t weight = 1; /* set on the node when it is whole: 0 marks one still open */
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
        if (node->n == max) {
            yaml_event_delete(&ev);
            return too_many(b, node);
        }
        bc_ynode *child = build_node(b, &ev);
        yaml_event_delete(&ev);
        if (!child || !push(b, &node->items, &node->n, &cap, child))
            return 0;
        weight += child->weight;
    }
    b->depth--;
    node->weight = weight;
    if (node->kind == BC_Y_MAP) {
        node->n /= 2;
        return mark_repeats(b, node);
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
        n->weight = 1;
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
    return bc_yaml_parse_ex(a, file, data, len, 0, root, err);
}

bc_status bc_yaml_parse_ex(bc_arena *a, const char *file, const char *data, size_t len,
                           unsigned flags, bc_ynode **root, bc_err *err)
{
    builder b = {a, {0}, file, err, flags, BC_STRMAP_INIT, NULL, 0, 0, 0, 0, 0, 0, data, len};
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
    bc_strmap_free(&b.anchors);
    if (b.failed || !node)
        return err->status != BC_OK ? err->status : BC_BADINPUT;
    if (node->kind == BC_Y_SCALAR && bc_ynode_is_null(node))
        return bc_err_add(err, BC_BADINPUT, file, node->line, node->col,
                          "tệp rỗng: tài liệu YAML không có giá trị nào");
    *root = node;
    return b.dups && !(flags & BC_YAML_REPEATS_UNREPORTED) ? BC_BADINPUT : BC_OK;
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
    bc_status st = bc_file_read_max(path, BC_YAML_MAX_BYTES, &data, &len, err);
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
