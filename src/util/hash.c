/* hash.c — see hash.h. */
#include "util/hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/fileio.h"

static void to_hex(const unsigned char *d, unsigned n, bc_sha256 *out)
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n && i < 32; i++) {
        out->hex[2 * i] = digits[d[i] >> 4];
        out->hex[2 * i + 1] = digits[d[i] & 15];
    }
    out->hex[64] = '\0';
}

void bc_sha256_bytes(const void *data, size_t len, bc_sha256 *out)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data, len, d, &n, EVP_sha256(), NULL);
    to_hex(d, n, out);
}

bc_status bc_sha256_file(const char *path, bc_sha256 *out, bc_err *err)
{
    char *data;
    size_t len;
    bc_status s = bc_file_read(path, &data, &len, err);
    if (s != BC_OK)
        return s;
    bc_sha256_bytes(data, len, out);
    free(data);
    return BC_OK;
}
