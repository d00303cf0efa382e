/* manifest.h — the record of a batch that an archive keeps: manifest.json and manifest.csv (every
 * unit: code, name, input and its SHA-256, every output with SHA-256 and size, pages, signer,
 * signing time, status, error) and errors.txt (the messages of the units that failed, with file
 * and line). All three are written as one set (util/fileio.h), a shard's with its suffix
 * (manifest.shard-K-of-N.json, shard.h). The JSON's head says which run it is — form, baocao's
 * version, the options' and the whole data's SHA-256, the shard — so that `baocao manifest
 * merge` (manifest_merge.h) can join the shards of one run, and refuse those of different runs,
 * into exactly what one whole run writes: it builds the files with the same functions below.
 *
 * A separate field group, for document-management systems: each unit's document metadata as its
 * PDF's XMP says (batch/unitmeta.h) — manifest.json "metadata" (the object `baocao metadata
 * --json` prints, or null), manifest.csv one column per Phụ lục VI element after "error"
 * (manifest merge keeps both as the shards wrote them). The one-line records of `batch --json`
 * do not carry it.
 */
#ifndef BC_BATCH_MANIFEST_H
#define BC_BATCH_MANIFEST_H

#include "batch/record.h"
#include "batch/shard.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_manifest_info {
    const char *form_id;
    const char *version;
    const char *started;  /* ISO 8601, +07:00 */
    const char *finished;
    int stopped;          /* the run was stopped on request: units not reached are listed as
                           * failed, "chưa làm" */
    const char *options_sha256; /* everything besides the data that shapes the outputs */
    const char *data_sha256;    /* every unit's code and input hash, of all shards */
    bc_shard shard;             /* count 0: a whole run */
} bc_manifest_info;

/* The CSV's header row. */
extern const char BC_MANIFEST_CSV_HEAD[];

/* manifest.json up to the opening of "results": the run and its counts. */
void bc_manifest_json_head(bc_buf *j, const bc_manifest_info *info, int units, int ok, int failed);
/* What goes before item `i` of the results or stale list, and what closes the list after `n`
 * items (then, for results, the opening of "stale"; for stale, the end of the file). */
void bc_manifest_json_item(bc_buf *j, int i);
void bc_manifest_json_close(bc_buf *j, int n, int results);
/* A failed unit's entry in errors.txt. */
void bc_manifest_error_entry(bc_buf *e, const char *code, const char *input, const char *error);
/* Writes the three texts as one set to `json`, the same name with .csv, and `errors` (frees
 * the buffers). */
bc_status bc_manifest_write_set(const char *json, const char *errors, bc_buf *j, bc_buf *c,
                                bc_buf *e, bc_err *err);

/* One unit as a JSON object; `compact` puts it on one line (for `batch --json`). */
void bc_manifest_json_record(bc_buf *b, const bc_record *r, int compact);

/* Writes the three files. Stale records (a unit of an earlier run no longer in the data, whose
 * bundle is still in the folder) are listed apart: manifest.json "stale", status "stale" in
 * manifest.csv; they are not counted as units. */
bc_status bc_manifest_write(const char *out_dir, const bc_manifest_info *info,
                            const bc_record *recs, int n, bc_err *err);

#endif
