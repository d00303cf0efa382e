/* overview.h — tong-hop.xlsx: a province's units in one table (one row per unit).
 *
 * Contract: OUT/tong-hop.xlsx (a shard's: tong-hop.shard-K-of-N.xlsx), written atomically after
 * the manifest: the unit's code, name,
 * status ("đạt" or "lỗi"), its first problem, its input, then every top-level figure of the form
 * (integer, decimal and percent fields, in form order, each headed by its label) read again from
 * the unit's data — an official sorts and filters one table rather than opening thousands of
 * PDFs. The header row is frozen and carries an autofilter. A unit that failed has no figures.
 * Each unit's data is loaded once more here (linear in the batch), by `workers` processes of
 * batch/pool.h, as the units were.
 */
#ifndef BC_BATCH_OVERVIEW_H
#define BC_BATCH_OVERVIEW_H

#include "batch/record.h"
#include "batch/unit.h"

#define BC_OVERVIEW_NAME "tong-hop" /* + suffix + ".xlsx" */

/* `suffix` is a shard's (".shard-K-of-N", batch/shard.h: a shard's own overview of its units,
 * tong-hop.shard-K-of-N.xlsx), "" for a whole run. */
bc_status bc_overview_write(const char *out_dir, const char *suffix, const bc_layout *l,
                            const bc_unit *units, const bc_record *recs, int n, int workers,
                            bc_err *err);

#endif
