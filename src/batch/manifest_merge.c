/* manifest_merge.c — see manifest_merge.h. */
#include "batch/manifest_merge.h"

#include <stdlib.h>
#include <string.h>

#include "batch/manifest.h"
#include "batch/shard.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/jsonread.h"
#include "util/text.h"

typedef struct shard_in {
    const char *path;
    char *csv_path;
    char *json, *csv;
    size_t json_len, csv_len;
    bc_json_doc doc;
    const bc_json_node *head, *results, *stale;
    int index, count;
    size_t csv_head; /* the CSV's header row's length */
} shard_in;

/* One unit of the merged manifest: its JSON object and its CSV row, from its shard. */
typedef struct item {
    const char *code;
    const bc_json_node *node;
    const shard_in *from;
    const char *row;
    size_t row_len;
    int stale;
} item;

static bc_status bad(bc_err *err, const char *file, const char *what)
{
    return bc_err_add(err, BC_BADINPUT, file, 0, 0, "%s", what);
}

static int int_member(const bc_json_node *o, const char *key, int *out)
{
    const bc_json_node *m = bc_json_member(o, key);
    if (!m || m->type != BC_JSON_NUMBER || m->num < 0 || m->num > BC_SHARD_MAX ||
        m->num != (double)(int)m->num)
        return 0;
    *out = (int)m->num;
    return 1;
}

static bc_status read_head(shard_in *s, bc_err *err)
{
    const bc_json_node *h = s->doc.root, *sh = bc_json_member(h, "shard");
    static const char *const need[] = {"form", "baocao", "options_sha256", "data_sha256",
                                       "started", "finished"};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!bc_json_string(h, need[i]))
            return bc_err_add(err, BC_BADINPUT, s->path, 0, 0,
                              "không phải manifest của baocao batch (thiếu \"%s\")", need[i]);
    s->head = h;
    s->results = bc_json_member(h, "results");
    s->stale = bc_json_member(h, "stale");
    if (!s->results || s->results->type != BC_JSON_ARRAY || !s->stale ||
        s->stale->type != BC_JSON_ARRAY)
        return bad(err, s->path, "không phải manifest của baocao batch (thiếu \"results\" hoặc "
                                 "\"stale\")");
    if (!sh || sh->type == BC_JSON_NULL)
        return bad(err, s->path, "manifest của một lần chạy không chia phần (\"shard\": null): "
                                 "chỉ ghép được manifest.shard-K-of-N.json của batch --shard");
    if (!int_member(sh, "index", &s->index) || !int_member(sh, "count", &s->count) ||
        s->count < 1 || s->index >= s->count)
        return bad(err, s->path, "\"shard\" phải là {\"index\": K, \"count\": N}, 0 ≤ K < N");
    const bc_json_node *stopped = bc_json_member(h, "stopped");
    if (!stopped || stopped->type != BC_JSON_FALSE)
        return bc_err_add(err, BC_BADINPUT, s->path, 0, 0,
                          "phần %d/%d chưa chạy xong (\"stopped\" không phải false): chạy lại "
                          "đúng lệnh của phần đó cho xong rồi ghép",
                          s->index, s->count);
    return BC_OK;
}

/* The length of the CSV row at `p` (with its line end); quoted fields may hold line breaks. */
static size_t csv_row(const char *p, size_t left)
{
    int quoted = 0;
    for (size_t i = 0; i < left; i++) {
        if (p[i] == '"')
            quoted = !quoted;
        else if (p[i] == '\n' && !quoted)
            return i + 1;
    }
    return left;
}

/* The first field of a row written by manifest.c: a quoted code, "" doubled. */
static int row_code_is(const char *row, size_t len, const char *code)
{
    if (len < 2 || row[0] != '"')
        return 0;
    size_t i = 1;
    for (; *code; code++) {
        if (i >= len || row[i] != *code)
            return 0;
        i += *code == '"' ? 2 : 1;
    }
    return i + 1 < len && row[i] == '"' && row[i + 1] != '"';
}

static bc_status load(shard_in *s, bc_err *err)
{
    size_t n = strlen(s->path);
    if (!bc_ends_with(s->path, ".json"))
        return bad(err, s->path, "cần tệp manifest .json (manifest.shard-K-of-N.json)");
    s->csv_path = malloc(n + 1);
    if (!s->csv_path)
        return bc_err_oom(err, s->path);
    memcpy(s->csv_path, s->path, n - 5);
    strcpy(s->csv_path + n - 5, ".csv");
    bc_status st = bc_file_read_max(s->path, BC_MANIFEST_MAX_BYTES, &s->json, &s->json_len, err);
    if (st == BC_OK)
        st = bc_file_read_max(s->csv_path, BC_MANIFEST_MAX_BYTES, &s->csv, &s->csv_len, err);
    if (st == BC_OK)
        st = bc_json_parse(s->json, s->json_len, s->path, &s->doc, err);
    if (st == BC_OK)
        st = read_head(s, err);
    if (st == BC_OK) {
        s->csv_head = csv_row(s->csv, s->csv_len);
        if (!s->csv_head || s->csv[s->csv_head - 1] != '\n')
            st = bad(err, s->csv_path, "manifest CSV không có dòng tiêu đề");
    }
    return st == BC_BADINPUT || st == BC_OK ? st : BC_BADINPUT;
}

/* The run's identity: what every shard must share with the first. */
static bc_status same_run(const shard_in *a, const shard_in *b, bc_err *err)
{
    static const char *const keys[] = {"form", "baocao", "options_sha256", "data_sha256"};
    static const char *const words[] = {"biểu mẫu", "phiên bản baocao",
                                        "tùy chọn (định dạng, bố cục, người ký; options_sha256)",
                                        "dữ liệu (data_sha256)"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(bc_json_string(a->head, keys[i]), bc_json_string(b->head, keys[i])))
            return bc_err_add(err, BC_BADINPUT, b->path, 0, 0,
                              "không cùng một lần chạy với %s: khác %s (\"%s\" và \"%s\")",
                              a->path, words[i], bc_json_string(a->head, keys[i]),
                              bc_json_string(b->head, keys[i]));
    if (a->count != b->count)
        return bc_err_add(err, BC_BADINPUT, b->path, 0, 0,
                          "là phần của %d phần, %s là phần của %d phần", b->count, a->path,
                          a->count);
    if (b->csv_head != a->csv_head || memcmp(a->csv, b->csv, a->csv_head))
        return bc_err_add(err, BC_BADINPUT, b->csv_path, 0, 0,
                          "dòng tiêu đề khác dòng tiêu đề của %s", a->csv_path);
    return BC_OK;
}

static bc_status all_there(shard_in *s, int n, bc_err *err)
{
    int count = s[0].count;
    const shard_in **seen = calloc((size_t)count, sizeof *seen);
    if (!seen)
        return bc_err_oom(err, NULL);
    for (int i = 0; i < n; i++) {
        if (seen[s[i].index]) {
            bc_status st = bc_err_add(err, BC_BADINPUT, s[i].path, 0, 0,
                                      "phần %d/%d có hai lần: %s và %s", s[i].index, count,
                                      seen[s[i].index]->path, s[i].path);
            free(seen);
            return st;
        }
        seen[s[i].index] = &s[i];
    }
    bc_buf missing = BC_BUF_INIT;
    int nmissing = 0;
    for (int k = 0; k < count; k++)
        if (!seen[k] && nmissing++ < 20)
            bc_buf_printf(&missing, "%s%d/%d", nmissing > 1 ? ", " : "", k, count);
    free(seen);
    bc_status st = BC_OK;
    if (nmissing)
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "thiếu %d trong %d phần: %s%s — ghép khi mọi phần đã chạy xong", nmissing,
                        count, missing.data ? missing.data : "", nmissing > 20 ? ", …" : "");
    bc_buf_free(&missing);
    return st;
}

/* Every unit of one shard, results then stale, paired with its CSV row (the shard wrote both in
 * that one order). */
static bc_status collect(const shard_in *s, item *v, int *nv, bc_err *err)
{
    size_t pos = s->csv_head;
    for (int stale = 0; stale < 2; stale++)
        for (const bc_json_node *u = (stale ? s->stale : s->results)->first; u; u = u->next) {
            const char *code = bc_json_string(u, "code");
            if (!code || !bc_json_member(u, "status"))
                return bad(err, s->path, "một đơn vị thiếu \"code\" hoặc \"status\"");
            if (bc_shard_of(code, s->count) != s->index)
                return bc_err_add(err, BC_BADINPUT, s->path, 0, 0,
                                  "đơn vị \"%s\" không thuộc phần %d/%d", code, s->index, s->count);
            size_t len = csv_row(s->csv + pos, s->csv_len - pos);
            if (!row_code_is(s->csv + pos, len, code))
                return bc_err_add(err, BC_BADINPUT, s->csv_path, 0, 0,
                                  "không khớp %s: thiếu dòng của đơn vị \"%s\" ở chỗ của nó",
                                  s->path, code);
            v[*nv] = (item){code, u, s, s->csv + pos, len, stale};
            (*nv)++;
            pos += len;
        }
    if (pos != s->csv_len)
        return bc_err_add(err, BC_BADINPUT, s->csv_path, 0, 0, "có dòng thừa, không có trong %s",
                          s->path);
    return BC_OK;
}

static int by_place(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->stale != y->stale)
        return x->stale - y->stale;
    return strcmp(x->code, y->code);
}

static bc_status no_unit_twice(const item *v, int n, bc_err *err)
{
    for (int i = 1; i < n; i++)
        if (!strcmp(v[i].code, v[i - 1].code))
            return bc_err_add(err, BC_BADINPUT, v[i].from->path, 0, 0,
                              "đơn vị \"%s\" có cả trong %s", v[i].code, v[i - 1].from->path);
    return BC_OK;
}

/* The earliest start and the latest finish of the shards: the run's. */
static void span(const shard_in *s, int n, const char **started, const char **finished)
{
    *started = bc_json_string(s[0].head, "started");
    *finished = bc_json_string(s[0].head, "finished");
    for (int i = 1; i < n; i++) {
        const char *a = bc_json_string(s[i].head, "started"), *b = bc_json_string(s[i].head, "finished");
        if (strcmp(a, *started) < 0)
            *started = a;
        if (strcmp(b, *finished) > 0)
            *finished = b;
    }
}

/* One unit into the three texts: its object and row as its shard wrote them. */
static void emit(const item *it, int k, bc_buf *j, bc_buf *c, bc_buf *e)
{
    bc_manifest_json_item(j, k);
    bc_buf_append(j, it->from->json + it->node->start, it->node->end - it->node->start);
    bc_buf_append(c, it->row, it->row_len);
    const char *status = bc_json_string(it->node, "status");
    if (!it->stale && (!status || strcmp(status, "ok")))
        bc_manifest_error_entry(e, it->code, bc_json_string(it->node, "input"),
                                bc_json_string(it->node, "error"));
}

/* `v` sorted: the results (not stale) first. */
static bc_status write_merged(const shard_in *s, int n, const item *v, int nv, const char *out,
                              const char *errors, bc_err *err)
{
    int units = 0, ok = 0;
    for (; units < nv && !v[units].stale; units++) {
        const char *status = bc_json_string(v[units].node, "status");
        ok += status && !strcmp(status, "ok");
    }
    bc_manifest_info info = {bc_json_string(s[0].head, "form"),
                             bc_json_string(s[0].head, "baocao"),
                             NULL,
                             NULL,
                             0,
                             bc_json_string(s[0].head, "options_sha256"),
                             bc_json_string(s[0].head, "data_sha256"),
                             {0, 0}};
    span(s, n, &info.started, &info.finished);
    bc_buf j = BC_BUF_INIT, c = BC_BUF_INIT, e = BC_BUF_INIT;
    bc_manifest_json_head(&j, &info, units, ok, units - ok);
    bc_buf_append(&c, s[0].csv, s[0].csv_head);
    for (int i = 0; i < units; i++)
        emit(&v[i], i, &j, &c, &e);
    bc_manifest_json_close(&j, units, 1);
    for (int i = units; i < nv; i++)
        emit(&v[i], i - units, &j, &c, &e);
    bc_manifest_json_close(&j, nv - units, 0);
    return bc_manifest_write_set(out, errors, &j, &c, &e, err);
}

static bc_status check_and_collect(shard_in *s, int n, item **v, int *nv, bc_err *err)
{
    bc_status st = BC_OK;
    size_t total = 0;
    for (int i = 0; i < n && st == BC_OK; i++) {
        st = load(&s[i], err);
        if (st == BC_OK && i > 0)
            st = same_run(&s[0], &s[i], err);
        if (st == BC_OK)
            total += s[i].results->count + s[i].stale->count;
    }
    if (st == BC_OK)
        st = all_there(s, n, err);
    if (st != BC_OK)
        return st;
    *v = calloc(total ? total : 1, sizeof **v);
    if (!*v)
        return bc_err_oom(err, NULL);
    for (int i = 0; i < n && st == BC_OK; i++)
        st = collect(&s[i], *v, nv, err);
    if (st == BC_OK) {
        qsort(*v, (size_t)*nv, sizeof **v, by_place);
        st = no_unit_twice(*v, *nv, err);
    }
    return st;
}

bc_status bc_manifest_merge(const char *const *in, int n, const char *out, const char *errors,
                            bc_err *err)
{
    if (!bc_ends_with(out, ".json"))
        return bad(err, out, "tệp ra phải có đuôi .json (tệp .csv cùng tên được ghi bên cạnh)");
    shard_in *s = calloc((size_t)(n > 0 ? n : 1), sizeof *s);
    if (!s)
        return bc_err_oom(err, NULL);
    for (int i = 0; i < n; i++)
        s[i].path = in[i];
    item *v = NULL;
    int nv = 0;
    bc_status st = check_and_collect(s, n, &v, &nv, err);
    if (st == BC_OK)
        st = write_merged(s, n, v, nv, out, errors, err);
    free(v);
    for (int i = 0; i < n; i++) {
        bc_json_doc_free(&s[i].doc);
        free(s[i].json);
        free(s[i].csv);
        free(s[i].csv_path);
    }
    free(s);
    return st;
}
