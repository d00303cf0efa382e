/* manifest_merge.h — `baocao manifest merge`: the manifests of the N shards of one batch
 * (batch --shard K/N, shard.h) joined into the one a whole run writes: manifest.json with every
 * unit in code order, manifest.csv with the same rows, errors.txt.
 *
 * Each unit's JSON object and CSV row is copied as its shard wrote it, so the result is, byte
 * for byte, what one run would have written but for what differs between any two runs (times,
 * durations, memory, signing times and so the signed files' hashes). The shards must be of one
 * run: the same form, baocao version, options and data (manifest.h), each shard exactly once,
 * none missing, none stopped, no unit in two of them; otherwise nothing is written and the
 * message says which file and why (BC_BADINPUT). Each input is at most BC_MANIFEST_MAX_BYTES
 * (JSON and CSV each) and is read as hostile (util/jsonread.h).
 */
#ifndef BC_BATCH_MANIFEST_MERGE_H
#define BC_BATCH_MANIFEST_MERGE_H

#include "util/err.h"

#define BC_MANIFEST_MAX_BYTES ((size_t)256 << 20)

/* Joins the shards' manifest JSON files `in` (each with its .csv beside it) into `out` (a name
 * ending in .json), its .csv, and `errors`. */
bc_status bc_manifest_merge(const char *const *in, int n, const char *out, const char *errors,
                            bc_err *err);

#endif
