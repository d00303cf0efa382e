/* pki_fixture.h — the cmocka fixture of the tests that sign and verify with the test PKI of
 * `make certs`: the checkout's root (the folder holding certs/ next to the build folder), the
 * installed fonts, and a trust store of certs/test/root.pem (NULL when the PKI was not made, so
 * a test can skip). Header-only, like testpdf.h. */
#ifndef BC_TEST_PKI_FIXTURE_H
#define BC_TEST_PKI_FIXTURE_H

#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sign/keys.h"
#include "util/paths.h"

#define PKI "certs/test"

typedef struct fixture {
    char *root; /* the source checkout (parent of certs/) */
    char *fonts;
    X509_STORE *trust;
} fixture;

static inline char *path_in(const char *root, const char *rel)
{
    char *p = malloc(strlen(root) + strlen(rel) + 2);
    sprintf(p, "%s/%s", root, rel);
    return p;
}

static inline int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->fonts = bc_resource_dir("fonts");
    char *certs = bc_resource_dir("certs");
    f->root = certs;
    char *slash = strrchr(f->root, '/');
    if (slash)
        *slash = 0;
    else
        strcpy(f->root, ".");
    char *root_pem = path_in(f->root, PKI "/root.pem");
    struct stat st;
    if (stat(root_pem, &st) == 0) {
        const char *files[] = {root_pem};
        f->trust = bc_trust_store(files, 1, NULL);
    }
    free(root_pem);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    fixture *f = *state;
    X509_STORE_free(f->trust);
    free(f->fonts);
    free(f->root);
    free(f);
    return 0;
}

#endif
