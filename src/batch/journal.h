/* journal.h — the batch's memory between runs: OUT/.baocao-journal (a shard's:
 * OUT/.baocao-journal.shard-K-of-N, `suffix` below, shard.h), one record line per unit as
 * it finishes. A run killed at any moment leaves every finished unit in it (a line cut short is
 * ignored), so the next run knows which bundles are complete and whose inputs they came from.
 */
#ifndef BC_BATCH_JOURNAL_H
#define BC_BATCH_JOURNAL_H

#include "batch/record.h"
#include "util/err.h"

typedef struct bc_journal {
    int fd;
} bc_journal;

/* The records of earlier runs, the last one per unit code winning. */
bc_status bc_journal_load(const char *out_dir, const char *suffix, bc_record **recs, int *n,
                          bc_err *err);

/* Opens the journal for appending and locks it: a second run of the same journal is refused. */
bc_status bc_journal_open(const char *out_dir, const char *suffix, bc_journal *j, bc_err *err);
void bc_journal_append(bc_journal *j, const bc_record *r);
void bc_journal_close(bc_journal *j);

/* Replaces the journal with exactly these records (at the end of a run, so it does not grow). */
bc_status bc_journal_rewrite(const char *out_dir, const char *suffix, const bc_record *recs, int n,
                             bc_err *err);

#endif
