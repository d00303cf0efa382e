/* paths.c — see paths.h. */
#include "util/paths.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *bc_resource_dir(const char *name)
{
    char env[64] = "BAOCAO_";
    size_t n = strlen(env);
    for (const char *p = name; *p && n + 1 < sizeof env; p++)
        env[n++] = (char)toupper((unsigned char)*p);
    env[n] = '\0';
    const char *v = getenv(env);
    if (v && *v)
        return strdup(v);

    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = '\0';
        /* /x/build/baocao → /x/NAME ; also /x/build/tests/t, and the same one build folder
         * deeper (/x/build/asan/tests/t, `make asan-test`) → /x/NAME */
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            char cand[PATH_MAX + 64];
            snprintf(cand, sizeof cand, "%s/%s", exe, name);
            if (is_dir(cand))
                return strdup(cand);
        }
    }
    char sys[256];
    snprintf(sys, sizeof sys, "/usr/share/baocao/%s", name);
    if (is_dir(sys))
        return strdup(sys);
    return strdup(name); /* relative to the working directory, the last resort */
}
