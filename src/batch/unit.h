/* unit.h — one unit of a batch: where its data is, and the pipeline that turns it into its bundle
 * (load and validate, then report/report.h: build → render PDF/DOCX → sign → write the bundle as
 * one set).
 */
#ifndef BC_BATCH_UNIT_H
#define BC_BATCH_UNIT_H

#include <openssl/x509.h>

#include "batch/record.h"
#include "form/form.h"
#include "form/yaml.h"
#include "sign/pdfsign.h"
#include "util/arena.h"
#include "util/err.h"

typedef struct bc_unit {
    char *code;       /* as the data gives it: the administrative code, or the file's name */
    char safe[96];    /* `code` as a safe file name */
    char *input;      /* the data file; for a units table, "TABLE.csv:LINE" (its row) */
    char input_sha256[65];
    const bc_ynode *tree; /* units table: the unit's data, already parsed (NULL: read `input`);
                           * every node names its file. Read-only, in `trees`. */
    char *name;           /* units table: the unit's name when the table gives one, else NULL */
    bc_arena *trees;      /* units table: the arena of every unit's tree, the same for all */
} bc_unit;

/* What every unit of a run shares, read-only. */
typedef struct bc_batch_ctx {
    const bc_layout *layout;
    const char *form_id;
    const char *out_dir;
    const char *fonts_dir;
    int want_pdf, want_docx;
    int plain_pdf; /* --no-pdfa */
    char options_sha256[65]; /* everything besides the input that shapes the outputs */
    bc_unit *units;
    int nunits;
    const bc_record **prev;  /* per unit, the record of an earlier run, or NULL */
    const bc_signer *signer; /* NULL: the outputs are not signed */
    bc_sign_opts sign;       /* the PDF signature (role, images, …); signer set when signing */
    X509_STORE *trust;       /* anchors to verify earlier signed outputs against */
} bc_batch_ctx;

/* Runs the pipeline for `u` and fills `r` (status, outputs with their hashes, errors). When an
 * earlier run's outputs for the same input and options are intact (same hashes) and, if signed,
 * still verify, they are kept and `r` is their record with `reused` set. Never leaves a partial
 * file under a final name. */
void bc_unit_process(const bc_batch_ctx *ctx, const bc_unit *u, bc_record *r);

#endif
