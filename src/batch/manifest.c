/* manifest.c — see manifest.h. */
#include "batch/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/unitmeta.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/text.h"
#include "util/json.h"

static const char *status_text(const bc_record *r)
{
    return r->stale ? "stale" : r->status == BC_UNIT_OK ? "ok" : "failed";
}

/* Everything of the unit's object but its closing brace. */
static void json_record_open(bc_buf *b, const bc_record *r, int compact)
{
    const char *nl = compact ? " " : "\n     ";
    bc_buf_puts(b, "{\"code\": ");
    bc_json_str(b, r->code);
    bc_buf_puts(b, ", \"name\": ");
    bc_json_str(b, r->name);
    bc_buf_printf(b, ",%s\"input\": ", nl);
    bc_json_str(b, r->input);
    bc_buf_printf(b, ", \"input_sha256\": \"%s\",%s\"status\": \"%s\", \"reused\": %s, "
                     "\"pages\": %d, \"ms\": %.1f, \"peak_kb\": %ld,%s\"signer\": ",
                  r->input_sha256, nl, status_text(r), r->reused ? "true" : "false", r->pages, r->ms, r->peak_kb, nl);
    bc_json_str(b, r->signer);
    bc_buf_puts(b, ", \"signing_time\": ");
    bc_json_str(b, r->signing_time);
    bc_buf_printf(b, ",%s\"outputs\": [", nl);
    for (int i = 0; i < r->nout; i++) {
        bc_buf_puts(b, i ? ", {\"path\": " : "{\"path\": ");
        bc_json_str(b, r->out[i].path);
        bc_buf_printf(b, ", \"sha256\": \"%s\", \"size\": %lld}", r->out[i].sha256, r->out[i].size);
    }
    bc_buf_printf(b, "],%s\"error\": ", nl);
    if (r->error && *r->error)
        bc_json_str(b, r->error);
    else
        bc_buf_puts(b, "null");
}

void bc_manifest_json_record(bc_buf *b, const bc_record *r, int compact)
{
    json_record_open(b, r, compact);
    bc_buf_puts(b, "}");
}

/* ---- the archive's field group: each unit's document metadata (batch/unitmeta.h) ---- */

/* Each unit's metadata, read once for both the JSON and the CSV (a read of the unit's PDF). */
typedef struct unit_meta {
    bc_xmp_meta m;
    int found;
} unit_meta;

static void json_metadata(bc_buf *b, const unit_meta *um)
{
    bc_buf_puts(b, ",\n     \"metadata\": ");
    if (um->found)
        bc_xmp_meta_json(b, &um->m);
    else
        bc_buf_puts(b, "null");
}

static void csv_field(bc_buf *b, const char *s);

static void csv_metadata(bc_buf *b, const unit_meta *um)
{
    for (int i = 0; i < BC_AM_COUNT; i++) {
        bc_buf_putc(b, ',');
        csv_field(b, um->found ? um->m.archive[i] : NULL);
    }
}

static void csv_field(bc_buf *b, const char *s)
{
    bc_buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            bc_buf_putc(b, '"');
        bc_buf_putc(b, *s);
    }
    bc_buf_putc(b, '"');
}

/* The output of a record whose path ends with `ext`, or NULL. */
static const bc_output *output_of(const bc_record *r, const char *ext)
{
    for (int i = 0; i < r->nout; i++)
        if (bc_ends_with(r->out[i].path, ext))
            return &r->out[i];
    return NULL;
}

static void csv_record(bc_buf *b, const bc_record *r)
{
    csv_field(b, r->code);
    bc_buf_putc(b, ',');
    csv_field(b, r->name);
    bc_buf_putc(b, ',');
    csv_field(b, r->input);
    bc_buf_printf(b, ",%s,%s,%d,", r->input_sha256, status_text(r), r->pages);
    csv_field(b, r->signer);
    bc_buf_putc(b, ',');
    csv_field(b, r->signing_time);
    const char *exts[] = {".pdf", ".docx", ".docx.p7s"};
    for (size_t i = 0; i < 3; i++) {
        const bc_output *o = output_of(r, exts[i]);
        bc_buf_putc(b, ',');
        csv_field(b, o ? o->path : "");
        if (o)
            bc_buf_printf(b, ",%s,%lld", o->sha256, o->size);
        else
            bc_buf_puts(b, ",,");
    }
    bc_buf_putc(b, ',');
    csv_field(b, r->error);
}

/* After "error", the metadata group: the Phụ lục VI elements under their XMP names, in the
 * order of form/archmeta.h (csv_metadata). */
const char BC_MANIFEST_CSV_HEAD[] =
    "code,name,input,input_sha256,status,pages,signer,signing_time,pdf,pdf_sha256,pdf_size,docx,"
    "docx_sha256,docx_size,p7s,p7s_sha256,p7s_size,error,"
    "vbdi:organId,vbdi:fileCode,vbdi:ordinal,vbdi:typeName,vbdi:number,vbdi:notation,"
    "vbdi:issuedDate,vbdi:organName,vbdi:subject,vbdi:language,vbdi:pageCount,vbdi:note,"
    "vbdi:signerPosition,vbdi:signerName,vbdi:recipient,vbdi:priority,vbdi:issuedAmount,"
    "vbdi:dueDate\r\n";

void bc_manifest_json_head(bc_buf *j, const bc_manifest_info *info, int units, int ok, int failed)
{
    bc_buf_puts(j, "{\n  \"form\": ");
    bc_json_str(j, info->form_id);
    bc_buf_puts(j, ", \"baocao\": ");
    bc_json_str(j, info->version);
    bc_buf_puts(j, ",\n  \"options_sha256\": ");
    bc_json_str(j, info->options_sha256);
    bc_buf_puts(j, ",\n  \"data_sha256\": ");
    bc_json_str(j, info->data_sha256);
    if (info->shard.count)
        bc_buf_printf(j, ",\n  \"shard\": {\"index\": %d, \"count\": %d}", info->shard.index,
                      info->shard.count);
    else
        bc_buf_puts(j, ",\n  \"shard\": null");
    bc_buf_puts(j, ",\n  \"started\": ");
    bc_json_str(j, info->started);
    bc_buf_puts(j, ", \"finished\": ");
    bc_json_str(j, info->finished);
    bc_buf_printf(j, ",\n  \"stopped\": %s, \"units\": %d, \"ok\": %d, \"failed\": %d,\n"
                     "  \"results\": [", info->stopped ? "true" : "false", units, ok, failed);
}

void bc_manifest_json_item(bc_buf *j, int i)
{
    bc_buf_puts(j, i ? ",\n    " : "\n    ");
}

void bc_manifest_json_close(bc_buf *j, int n, int results)
{
    bc_buf_puts(j, n ? "\n  ]" : "]");
    bc_buf_puts(j, results ? ",\n  \"stale\": [" : "\n}\n");
}

void bc_manifest_error_entry(bc_buf *e, const char *code, const char *input, const char *error)
{
    bc_buf_printf(e, "== %s (%s)\n%s\n\n", code, input, error ? error : "lỗi không rõ");
}

/* NAME.json → NAME.csv; NULL when out of memory. */
static char *csv_path(const char *json)
{
    size_t n = strlen(json);
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, json, n + 1);
        if (bc_ends_with(p, ".json"))
            strcpy(p + n - 5, ".csv");
    }
    return p;
}

bc_status bc_manifest_write_set(const char *json, const char *errors, bc_buf *j, bc_buf *c,
                                bc_buf *e, bc_err *err)
{
    char *csv = csv_path(json);
    bc_status s;
    if (!csv || j->oom || c->oom || e->oom) {
        s = bc_err_oom(err, json);
    } else {
        const char *paths[3] = {json, csv, errors};
        const void *data[3] = {j->data ? j->data : "", c->data ? c->data : "",
                               e->data ? e->data : ""};
        size_t lens[3] = {j->len, c->len, e->len};
        s = bc_file_write_set(paths, data, lens, 3, err);
    }
    free(csv);
    bc_buf_free(j);
    bc_buf_free(c);
    bc_buf_free(e);
    return s;
}

/* The JSON list of the records that are (or are not) stale, each with its metadata. */
static void json_records(bc_buf *j, const unit_meta *meta, const bc_record *recs, int n,
                         int stale)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (recs[i].stale != stale)
            continue;
        bc_manifest_json_item(j, k++);
        json_record_open(j, &recs[i], 0);
        json_metadata(j, &meta[i]);
        bc_buf_putc(j, '}');
    }
    bc_manifest_json_close(j, k, !stale);
}

bc_status bc_manifest_write(const char *out_dir, const bc_manifest_info *info,
                            const bc_record *recs, int n, bc_err *err)
{
    unit_meta *meta = calloc((size_t)(n > 0 ? n : 1), sizeof *meta);
    if (!meta)
        return bc_err_oom(err, out_dir);
    bc_buf j = BC_BUF_INIT, c = BC_BUF_INIT, e = BC_BUF_INIT;
    int failed = 0, stale = 0;
    for (int i = 0; i < n; i++) {
        stale += recs[i].stale;
        failed += !recs[i].stale && recs[i].status != BC_UNIT_OK;
        meta[i].found = bc_unit_metadata(out_dir, &recs[i], &meta[i].m);
    }
    bc_manifest_json_head(&j, info, n - stale, n - stale - failed, failed);
    json_records(&j, meta, recs, n, 0);
    json_records(&j, meta, recs, n, 1);
    bc_buf_puts(&c, BC_MANIFEST_CSV_HEAD);
    for (int i = 0; i < n; i++) {
        csv_record(&c, &recs[i]);
        csv_metadata(&c, &meta[i]);
        bc_buf_puts(&c, "\r\n");
        if (!recs[i].stale && recs[i].status != BC_UNIT_OK)
            bc_manifest_error_entry(&e, recs[i].code, recs[i].input, recs[i].error);
    }
    char suffix[48];
    bc_shard_suffix(&info->shard, suffix, sizeof suffix);
    char *json = bc_strfmt("%s/manifest%s.json", out_dir, suffix);
    char *errors = bc_strfmt("%s/errors%s.txt", out_dir, suffix);
    bc_status s = json && errors ? bc_manifest_write_set(json, errors, &j, &c, &e, err)
                                 : bc_err_oom(err, out_dir);
    bc_buf_free(&j);
    bc_buf_free(&c);
    bc_buf_free(&e);
    free(json);
    free(errors);
    for (int i = 0; i < n; i++)
        bc_xmp_meta_free(&meta[i].m);
    free(meta);
    return s;
}
