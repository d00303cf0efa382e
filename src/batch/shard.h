/* shard.h — one share of a batch's units, so that one batch runs as N processes, on one machine
 * or on N machines, started by whatever engine a province already runs (GNU parallel, Slurm, a
 * Kubernetes Indexed Job): `batch --shard K/N`, K numbered from 0 to N-1 as $JOB_COMPLETION_INDEX
 * and a Slurm array `--array=0-(N-1)` number them.
 *
 * A unit belongs to exactly one shard, chosen from its code alone (the SHA-256 of the code, then
 * a jump consistent hash into N buckets): the N shards are a partition of the units whatever the
 * order or the machine, a unit added to the data moves no other unit, and going from N to N+1
 * shards moves only about 1/(N+1) of them.
 *
 * Each shard keeps its own journal, lock, manifest and errors file, named with ".shard-K-of-N",
 * so the N shards may write into one shared output folder (their unit folders are disjoint) or
 * each into its own. A folder is either run whole or in N shards: a run of another kind (no
 * --shard where shards ran, another N) is refused, since its journal would not see theirs.
 */
#ifndef BC_BATCH_SHARD_H
#define BC_BATCH_SHARD_H

#include <stddef.h>

#include "util/err.h"

#define BC_SHARD_MAX 100000

typedef struct bc_shard {
    int index; /* 0 … count-1 */
    int count; /* 0: the run is not sharded */
} bc_shard;

/* Parses "K/N" (the value of option `opt`). */
bc_status bc_shard_parse(const char *text, bc_shard *s, const char *opt, bc_err *err);

/* The shard (0 … count-1) that the unit with this code belongs to. */
int bc_shard_of(const char *code, int count);

/* Whether the unit with this code is this run's (always, when not sharded). */
int bc_shard_mine(const bc_shard *s, const char *code);

/* What the shard's own files carry in their names: "" when not sharded, else ".shard-K-of-N"
 * (manifest.shard-0-of-4.json, .baocao-journal.shard-0-of-4). */
void bc_shard_suffix(const bc_shard *s, char *buf, size_t cap);

/* Refuses (BC_BADINPUT, naming the folder and what to do) an output folder whose journals show
 * runs of another kind than `s`: whole where `s` is a shard, or in another number of shards. */
bc_status bc_shard_check_folder(const char *out_dir, const bc_shard *s, bc_err *err);

#endif
