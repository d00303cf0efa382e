/* fuzz_manifest.c — a shard's manifest as `baocao manifest merge` reads it: the JSON reader
 * (util/jsonread.h) on the bytes, then the merge of the manifest with its CSV into a whole one.
 *
 * One input holds both files: manifest.json, then optionally a line "==> csv" and the CSV. A
 * scratch folder per process keeps them and the merged output, rewritten for every input.
 */
#include "batch/manifest_merge.h"
#include "fuzz_common.h"
#include "util/jsonread.h"

/* Every value's span lies in the text and inside its parent's: what a merge copies out. */
static void check_spans(const bc_json_node *n, size_t lo, size_t hi)
{
    if (n->start < lo || n->end > hi || n->start >= n->end)
        abort();
    size_t count = 0;
    for (const bc_json_node *c = n->first; c; c = c->next, count++)
        check_spans(c, n->start, n->end);
    if (count != n->count || (n->type == BC_JSON_STRING) != (n->str != NULL))
        abort();
}

static void parse_alone(const uint8_t *data, size_t size)
{
    bc_json_doc d;
    bc_err e = BC_ERR_INIT;
    bc_status st = bc_json_parse((const char *)data, size, "x.json", &d, &e);
    if ((st == BC_OK) != (d.root != NULL) || (st != BC_OK && e.n != 1))
        abort();
    if (d.root)
        check_spans(d.root, 0, size);
    bc_json_doc_free(&d);
    bc_err_free(&e);
}

static const uint8_t *find(const uint8_t *data, size_t size, const char *s, size_t n)
{
    for (size_t i = 0; i + n <= size; i++)
        if (!memcmp(data + i, s, n))
            return data + i;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char mark[] = "\n==> csv\n";
    const uint8_t *cut = find(data, size, mark, sizeof mark - 1);
    size_t jlen = cut ? (size_t)(cut - data) : size;
    parse_alone(data, jlen);
    const char *dir = fuzz_scratch_folder("manifest");
    char json[300], csv[300], out[300], errors[300];
    snprintf(json, sizeof json, "%s/manifest.shard-0-of-1.json", dir);
    snprintf(csv, sizeof csv, "%s/manifest.shard-0-of-1.csv", dir);
    snprintf(out, sizeof out, "%s/manifest.json", dir);
    snprintf(errors, sizeof errors, "%s/errors.txt", dir);
    fuzz_put(json, data, jlen);
    if (cut)
        fuzz_put(csv, cut + sizeof mark - 1, size - jlen - (sizeof mark - 1));
    else
        unlink(csv);
    const char *in[1] = {json};
    bc_err e = BC_ERR_INIT;
    bc_status st = bc_manifest_merge(in, 1, out, errors, &e);
    if (st != BC_OK && e.n == 0)
        abort();
    bc_err_free(&e);
    unlink(out);
    return 0;
}
