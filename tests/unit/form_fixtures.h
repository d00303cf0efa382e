/* form_fixtures.h — helpers shared by the form-layer unit tests: where the fixtures are, temporary
 * files with given bytes, and looking for one exact diagnostic in a bc_err. */
#ifndef BC_TEST_FORM_FIXTURES_H
#define BC_TEST_FORM_FIXTURES_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form/form.h"
#include "util/err.h"

/* tests/fixtures/form/NAME, found from the test binary (build/tests/X, or one build folder
 * deeper: build/asan/tests/X) so any cwd works: the nearest folder above it that has them. */
static inline char *fixture(const char *name)
{
    char exe[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[k > 0 ? k : 0] = '\0';
    char *path = malloc(strlen(exe) + strlen(name) + 32);
    for (int up = 0; path && up < 4; up++) {
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        sprintf(path, "%s/tests/fixtures/form", exe);
        if (up >= 2 && access(path, F_OK) == 0)
            break;
    }
    if (path)
        sprintf(path, "%s/tests/fixtures/form/%s", exe, name);
    return path;
}

/* Loads tests/fixtures/form/NAME as a layout, printing its problems if it does not load. */
static inline bc_layout *fixture_layout(const char *name)
{
    char *p = fixture(name);
    bc_err e = BC_ERR_INIT;
    bc_layout *l = NULL;
    if (bc_layout_load(p, &l, &e) != BC_OK)
        bc_err_print(&e, stderr);
    bc_err_free(&e);
    free(p);
    return l;
}

/* A temporary .yaml file holding `text`; the caller unlinks and frees it. */
static inline char *write_tmp(const char *text)
{
    char *path = strdup("/tmp/bc-form-test-XXXXXX.yaml");
    int fd = mkstemps(path, 5);
    if (fd < 0)
        return path;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n)
        path[0] = '\0';
    close(fd);
    return path;
}

static inline void drop_tmp(char *path)
{
    unlink(path);
    free(path);
}

/* 1 when `e` holds a diagnostic at line:col whose message is exactly `msg`. */
static inline int has_diag(const bc_err *e, int line, int col, const char *msg)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->items[i].line == line && e->items[i].col == col && e->items[i].msg &&
            !strcmp(e->items[i].msg, msg))
            return 1;
    return 0;
}

/* 1 when some diagnostic's message contains `part` (at line:col unless line is -1). */
static inline int has_diag_part(const bc_err *e, int line, int col, const char *part)
{
    for (size_t i = 0; i < e->n; i++)
        if ((line < 0 || (e->items[i].line == line && e->items[i].col == col)) &&
            e->items[i].msg && strstr(e->items[i].msg, part))
            return 1;
    return 0;
}

/* Prints the diagnostics, to make a failing assertion readable. */
static inline void show_diags(const bc_err *e)
{
    bc_err_print(e, stderr);
}

/* The layout most form tests share, tests/fixtures/form/mini.yaml (a list ung_dung of ten,
 * so_don_vi, ket_noi among its fields), loaded once per test group by mini_setup. */
static bc_layout *layout __attribute__((unused));

static inline int mini_setup(void **state)
{
    (void)state;
    layout = fixture_layout("mini.yaml");
    return layout ? 0 : -1;
}

static inline int mini_teardown(void **state)
{
    (void)state;
    bc_layout_free(layout);
    return 0;
}

#endif
