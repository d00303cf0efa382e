/* json.h — a string as a JSON string literal (manifests, `--json` output): quotes, backslashes
 * and control characters escaped, bytes that are not UTF-8 as U+FFFD, everything else as it is;
 * NULL as null. */
#ifndef BC_JSON_H
#define BC_JSON_H

#include "util/buf.h"

void bc_json_str(bc_buf *b, const char *s);

#endif
