/* unitmeta.h — the archive metadata of one unit of a batch, for the manifest: the XMP of the
 * unit's PDF as it is on disk, read with pdf/xmpread.h, the same reader as `baocao metadata`, so
 * the manifest says what the file says (also for a bundle kept from an earlier run).
 *
 * The manifest is written once per run by the parent; each unit costs one read of its PDF (a few
 * hundred KB) and of its cross-reference, a few milliseconds. A unit without a PDF, or whose PDF
 * has no XMP (--no-pdfa) or cannot be read, has no metadata (null in manifest.json, empty cells
 * in manifest.csv): the manifest never fails for it.
 */
#ifndef BC_BATCH_UNITMETA_H
#define BC_BATCH_UNITMETA_H

#include "batch/record.h"
#include "pdf/xmpread.h"

/* Fills `m` from the unit's PDF under `out_dir`; 0 (and `m` empty) when it has none. */
int bc_unit_metadata(const char *out_dir, const bc_record *r, bc_xmp_meta *m);

#endif
