/* fuzz_csvunits.c — a batch's units table, and the list tables next to it, for the batch form
 * quy-3a, as `baocao batch --data units.csv` reads them; then each unit's tree is checked as a
 * data file, as the batch's workers do.
 *
 * One input holds several tables: the units table first, then any number of sections that each
 * start with a line "==> KEY.csv" (KEY: letters, digits, '_') and hold that list table. A
 * scratch folder per process keeps them; the list tables of one input are removed before the next.
 */
#include <sys/stat.h>

#include "form/csvunits.h"
#include "form/data.h"
#include "fuzz_common.h"
#include "util/arena.h"

#define MAX_TABLES 8

/* The list key after "==> " up to ".csv\n", copied to key[]; 0 if the marker is not well formed. */
static int marker(const uint8_t *p, const uint8_t *end, char *key, size_t cap)
{
    static const char head[] = "==> ";
    if ((size_t)(end - p) < sizeof head - 1 || memcmp(p, head, sizeof head - 1))
        return 0;
    p += sizeof head - 1;
    size_t n = 0;
    while (p + n < end && n + 1 < cap &&
           ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_'))
        n++;
    if (!n || (size_t)(end - (p + n)) < 5 || memcmp(p + n, ".csv\n", 5))
        return 0;
    memcpy(key, p, n);
    key[n] = '\0';
    return (int)(n + sizeof head - 1 + 5);
}

static void check_units(const bc_layout *l, const char *units)
{
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_csv_unit *u = NULL;
    int n = 0;
    bc_status st = bc_csv_units_load(l, units, &a, &u, &n, &e);
    if (st != BC_OK && e.n == 0)
        abort();
    for (int i = 0; st == BC_OK && i < n; i++) {
        bc_err ue = BC_ERR_INIT;
        bc_data *d = NULL;
        bc_status s = bc_data_load_tree(l, units, u[i].tree, &d, &ue);
        if ((s == BC_OK) != (d != NULL) || (s != BC_OK && ue.n == 0))
            abort();
        bc_data_free(d);
        bc_err_free(&ue);
    }
    bc_err_free(&e);
    bc_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const bc_layout *l = fuzz_layout("quy-3a");
    char path[MAX_TABLES + 1][400], key[48];
    int files = 0;
    const uint8_t *start = data, *end = data + size, *p = data;
    const char *dir = fuzz_scratch_folder("units");
    snprintf(path[0], sizeof path[0], "%s/units.csv", dir);
    /* Cut the input at each marker at the start of a line. */
    for (;;) {
        const uint8_t *cut = p;
        int m = 0;
        while (cut < end && !((cut == data || cut[-1] == '\n') && (m = marker(cut, end, key, sizeof key))))
            cut++;
        if (files == MAX_TABLES && cut < end)
            cut = end, m = 0;
        fuzz_put(path[files], start, (size_t)(cut - start));
        if (cut >= end || !m)
            break;
        files++;
        snprintf(path[files], sizeof path[files], "%s/%s.csv", dir, key);
        start = p = cut + m;
    }
    check_units(l, path[0]);
    for (int i = 1; i <= files; i++)
        unlink(path[i]);
    return 0;
}
