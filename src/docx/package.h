/* package.h — an OPC package (the zip container of a DOCX) built in memory.
 *
 * Parts are added with their content type; bc_pkg_write() then writes `[Content_Types].xml`
 * first — a Default for .rels and .xml and an Override for every part, so the list can never
 * miss one — followed by the parts in the order they were added. Every entry gets the same
 * DOS timestamp and is deflated at BC_ZPART_LEVEL (a part the thread deflated before is copied
 * from its cache, docx/zpart.h), so the same parts give byte-identical zips. A part name
 * added twice is refused: repeated zip entries make Word call the file unreadable.
 */
#ifndef BC_DOCX_PACKAGE_H
#define BC_DOCX_PACKAGE_H

#include <time.h>

#include "util/buf.h"
#include "util/err.h"

enum { BC_PKG_MAX_PARTS = 24 };

typedef struct bc_pkg_part {
    const char *name;         /* zip entry name, no leading slash: "word/document.xml" */
    const char *content_type; /* NULL for relationship parts (covered by the Default) */
    bc_buf data;
} bc_pkg_part;

typedef struct bc_pkg {
    bc_pkg_part parts[BC_PKG_MAX_PARTS];
    int n;
} bc_pkg;

#define BC_PKG_INIT {{{0}}, 0}

/* Takes ownership of `data` (it is reset to empty). `name` and `content_type` must outlive the
 * package (string literals). */
bc_status bc_pkg_add(bc_pkg *p, const char *name, const char *content_type, bc_buf *data,
                     bc_err *err);

/* Zips the package into `out`; every entry is stamped with `when` (UTC, clamped to the DOS
 * range 1980–2107). */
bc_status bc_pkg_write(const bc_pkg *p, time_t when, bc_buf *out, bc_err *err);

void bc_pkg_free(bc_pkg *p);

#endif
