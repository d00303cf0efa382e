/* fuzz_common.h — what the form harnesses share: a scratch file per process and the layout the
 * data is checked against, both made once.
 *
 * The loaders read files (that is what `validate` and `batch` do), so each input is written to a
 * scratch file in /dev/shm (memory; /tmp when there is none) and loaded from there. The layout is
 * found through FUZZ_ROOT, the checkout the harness was built in (set by the Makefile), so a
 * harness runs from any directory. Harness state is static on purpose: libFuzzer calls
 * LLVMFuzzerTestOneInput millions of times in one process, and setting up once is the point.
 */
#ifndef BC_FUZZ_COMMON_H
#define BC_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form/layout.h"
#include "util/err.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline const char *fuzz_scratch_dir(void)
{
    return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

/* A fresh scratch path ending in `suffix`, made once per process; it is removed at exit. */
static char *fuzz_path_made;
static inline void fuzz_remove_scratch(void)
{
    if (fuzz_path_made)
        unlink(fuzz_path_made);
}

static inline const char *fuzz_scratch(const char *suffix)
{
    if (fuzz_path_made)
        return fuzz_path_made;
    static char path[256];
    snprintf(path, sizeof path, "%s/bc-fuzz-XXXXXX%s", fuzz_scratch_dir(), suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0) {
        perror("fuzz: scratch file");
        abort();
    }
    close(fd);
    fuzz_path_made = path;
    atexit(fuzz_remove_scratch);
    return path;
}

/* A scratch folder "bc-fuzz-NAME-…", made once per process, for harnesses that read several files. */
static inline const char *fuzz_scratch_folder(const char *name)
{
    static char dir[256];
    if (!*dir) {
        snprintf(dir, sizeof dir, "%s/bc-fuzz-%s-XXXXXX", fuzz_scratch_dir(), name);
        if (!mkdtemp(dir)) {
            perror("fuzz: scratch folder");
            abort();
        }
    }
    return dir;
}

/* Writes the input to `path`; aborts when it cannot (the harness, not the code, is broken). */
static inline void fuzz_put(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* The layout `layouts/NAME.yaml` of the checkout, loaded once. */
static inline const bc_layout *fuzz_layout(const char *name)
{
    static bc_layout *l;
    if (l)
        return l;
    char path[1024];
    snprintf(path, sizeof path, "%s/layouts/%s.yaml", FUZZ_ROOT, name);
    bc_err e = BC_ERR_INIT;
    if (bc_layout_load(path, &l, &e) != BC_OK) {
        bc_err_print(&e, stderr);
        abort();
    }
    bc_err_free(&e);
    return l;
}

#endif
