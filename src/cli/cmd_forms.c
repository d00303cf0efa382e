/* cmd_forms.c — `baocao forms`: the forms in the layouts folder, one per line, sorted by id:
 * ID<TAB>TITLE<TAB>SOURCE. A layout that does not load is reported on stderr (and the exit
 * code is 2) but does not hide the others. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "util/paths.h"

typedef struct entry {
    char *line; /* "id\ttitle\tsource" */
    char *id;
} entry;

static void help(FILE *out)
{
    fprintf(out, "Cách dùng: baocao forms\n\n"
                 "Liệt kê các biểu mẫu trong thư mục layouts (hoặc $BAOCAO_LAYOUTS), mỗi dòng:\n"
                 "id<TAB>tiêu đề<TAB>nguồn, sắp theo id.\n\n"
                 "  -h, --help   trợ giúp này\n");
}

static int by_id(const void *x, const void *y)
{
    return strcmp(((const entry *)x)->id, ((const entry *)y)->id);
}

/* Loads one layout file; adds its line to `list` or prints its errors. Returns 0 or 2. */
static int add_layout(const char *path, entry **list, size_t *n)
{
    bc_err err = BC_ERR_INIT;
    bc_layout *l = NULL;
    if (bc_layout_load(path, &l, &err) != BC_OK) {
        bc_err_print(&err, stderr);
        bc_err_free(&err);
        return 2;
    }
    entry *grown = realloc(*list, (*n + 1) * sizeof **list);
    int rc = 0;
    if (grown) {
        *list = grown;
        size_t len = strlen(bc_layout_id(l)) + strlen(bc_layout_title(l)) +
                     strlen(bc_layout_source(l)) + 3;
        entry *e = &grown[(*n)++];
        e->line = malloc(len);
        e->id = strdup(bc_layout_id(l));
        if (e->line)
            snprintf(e->line, len, "%s\t%s\t%s", bc_layout_id(l), bc_layout_title(l),
                     bc_layout_source(l));
    } else {
        rc = 1;
    }
    bc_layout_free(l);
    return rc;
}

static int list_forms(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "baocao forms: không mở được thư mục biểu mẫu %s\n", dir);
        return 1;
    }
    entry *list = NULL;
    size_t n = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".yaml"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        int r = add_layout(path, &list, &n);
        if (r > rc)
            rc = r;
    }
    closedir(d);
    qsort(list, n, sizeof *list, by_id);
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(list[i].id, list[i - 1].id)) {
            fprintf(stderr, "baocao forms: id \"%s\" có ở hơn một tệp\n", list[i].id);
            rc = 2;
        }
        if (list[i].line)
            puts(list[i].line);
    }
    /* Freed only now: each entry's id is compared with the next one's above. */
    for (size_t i = 0; i < n; i++) {
        free(list[i].line);
        free(list[i].id);
    }
    free(list);
    return rc;
}

int cmd_forms(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h') {
            help(stdout);
            return 0;
        }
        return bc_cli_usage_error("forms", "tùy chọn không hợp lệ");
    }
    if (optind < argc)
        return bc_cli_usage_error("forms", "thừa tham số");
    char *dir = bc_resource_dir("layouts");
    int rc = dir ? list_forms(dir) : 1;
    free(dir);
    return rc;
}
