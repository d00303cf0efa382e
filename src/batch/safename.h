/* safename.h — file names from unit codes.
 *
 * Unit codes and names come from data files that anyone may have typed: "Xã Hòa Xuân Tây",
 * "../../etc", "a/b", quotes. A file name built from them must stay inside the output folder and
 * mean the same on every file system an archive copies it to, so it is reduced to lowercase ASCII
 * letters, digits, '-' and '_', with Vietnamese letters folded to their base letter (đ → d).
 */
#ifndef BC_BATCH_SAFENAME_H
#define BC_BATCH_SAFENAME_H

#include <stddef.h>

/* Writes a safe name for `s` into `out` (at most `size` - 1 bytes, never empty: "unit" when
 * nothing is left). Returns `out`. */
char *bc_safe_name(const char *s, char *out, size_t size);

#endif
