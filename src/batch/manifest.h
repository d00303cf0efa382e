/* manifest.h — the record of a batch that an archive keeps: manifest.json and manifest.csv (every
 * unit: code, name, input and its SHA-256, every output with SHA-256 and size, pages, signer,
 * signing time, status, error) and errors.txt (the messages of the units that failed, with file
 * and line). All three are written atomically.
 *
 * A separate field group, for document-management systems: each unit's document metadata as its
 * PDF's XMP says (batch/unitmeta.h) — manifest.json "metadata" (the object `baocao metadata
 * --json` prints, or null), manifest.csv one column per Phụ lục VI element after "error". The
 * one-line records of `batch --json` do not carry it.
 */
#ifndef BC_BATCH_MANIFEST_H
#define BC_BATCH_MANIFEST_H

#include "batch/record.h"
#include "util/buf.h"
#include "util/err.h"

typedef struct bc_manifest_info {
    const char *form_id;
    const char *version;
    const char *started;  /* ISO 8601, +07:00 */
    const char *finished;
    int stopped;          /* the run was stopped on request: units not reached are listed as
                           * failed, "chưa làm" */
} bc_manifest_info;

/* One unit as a JSON object; `compact` puts it on one line (for `batch --json`). */
void bc_manifest_json_record(bc_buf *b, const bc_record *r, int compact);

/* Writes the three files. Stale records (a unit of an earlier run no longer in the data, whose
 * bundle is still in the folder) are listed apart: manifest.json "stale", status "stale" in
 * manifest.csv; they are not counted as units. */
bc_status bc_manifest_write(const char *out_dir, const bc_manifest_info *info,
                            const bc_record *recs, int n, bc_err *err);

#endif
