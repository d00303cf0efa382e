/* rollup.h — a province's data file from its units' data, by a roll-up map (rollup/map.h).
 *
 * Contract: checks that the units that loaded share the map's period fields (a roll-up never
 * mixes periods: BC_BADINPUT naming each period and its units), then writes a YAML data file for
 * the target form, atomically: every figure the map derives, each under a comment saying how
 * (the operation and source fields), how many units contributed, and which units gave no value
 * or failed (their data did not load, so none of their figures count); then every figure it
 * cannot derive, left empty for the user under the reason. Sums are exact sums of the units'
 * figures; a ratio is the ratio of the sums, rounded to the target's decimals (and said so); a
 * figure no unit gives is left. Cost: one pass over the units per figure.
 */
#ifndef BC_ROLLUP_ROLLUP_H
#define BC_ROLLUP_ROLLUP_H

#include "rollup/map.h"
#include "rollup/sources.h"

typedef struct bc_rollup_result {
    size_t units, failed, derived, left;
} bc_rollup_result;

bc_status bc_rollup_write(const bc_rmap *m, const bc_rsources *S, const char *from_dir,
                          const char *out, bc_rollup_result *res, bc_err *err);

#endif
