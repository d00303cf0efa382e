/* hash.h — SHA-256 as lowercase hex, for manifests and for telling changed inputs from unchanged. */
#ifndef BC_HASH_H
#define BC_HASH_H

#include <stddef.h>

#include "util/err.h"

typedef struct bc_sha256 {
    char hex[65];
} bc_sha256;

void bc_sha256_bytes(const void *data, size_t len, bc_sha256 *out);
bc_status bc_sha256_file(const char *path, bc_sha256 *out, bc_err *err);

#endif
