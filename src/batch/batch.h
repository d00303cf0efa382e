/* batch.h — every unit of a province in one command: the same pipeline as `render`, over many
 * data files, in parallel worker processes, resumable, with a manifest for the archive.
 *
 * Output: OUT/CODE/FORM-CODE.pdf (and .docx, .docx.p7s) per unit, signed when a signer is given
 * (the key is loaded once, before the workers start, and never written anywhere), with CODE made a safe file name;
 * OUT/manifest.json, OUT/manifest.csv, OUT/errors.txt (a shard's: manifest.shard-K-of-N.json, …,
 * shard.h). One unit's bad data never stops the others.
 * Running the same command again redoes only the units whose input or options changed, or whose
 * outputs are missing or altered; files left half-written by a killed run are removed first.
 *
 * Ctrl-C or SIGTERM stops a run (stop.h, pool.h): no new unit is started, the units in progress
 * finish (a second request drops them, leaving no partial file), the finished ones stay in the
 * journal and the manifest (the others marked not done), and the same command resumes.
 * A run that would make less than the folder's earlier runs made (no --sign where they signed, a
 * format fewer) is refused, BC_BADINPUT, naming the option; with `force` it runs, and each unit's
 * files the new options no longer make (a DOCX, a .docx.p7s) are removed as the unit is redone.
 */
#ifndef BC_BATCH_H
#define BC_BATCH_H

#include <openssl/x509.h>

#include "batch/progress.h"
#include "batch/shard.h"
#include "sign/pdfsign.h"
#include "util/err.h"

typedef struct bc_batch_opts {
    const char *form;     /* id or layout path */
    const char *data;     /* folder of YAML files, one per unit, or a units table (.csv) */
    const char *out_dir;
    const char *version;  /* baocao's, recorded in the manifest and in the options hash */
    int want_pdf, want_docx;
    int plain_pdf; /* --no-pdfa */
    int jobs;             /* worker processes; 0 = number of cores */
    bc_progress_mode progress;
    const bc_signer *signer; /* loaded and checked by the caller; NULL: no signatures */
    bc_sign_opts sign;       /* how the PDFs are signed (role, images, …) */
    X509_STORE *trust;       /* to verify the signed outputs of an earlier run */
    int force;               /* run even if it makes less than the folder holds (see below) */
    bc_shard shard;          /* --shard K/N: only this share of the units (shard.h) */
} bc_batch_opts;

/* Runs the batch. BC_OK when every unit succeeded; BC_FAIL when some failed (their errors are in
 * the manifest and errors.txt) or the run was stopped; BC_BADINPUT when the run could not start
 * (no form, no data, options that would replace signed or other outputs). */
bc_status bc_batch_run(const bc_batch_opts *o, bc_err *err);

#endif
