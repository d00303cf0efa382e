/* cmd_forms.c — `baocao forms`: the forms in the layouts folder, one per line, sorted by id:
 * ID<TAB>TITLE<TAB>SOURCE. A layout that does not load is reported on stderr (and the exit
 * code is 2) but does not hide the others. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "util/json.h"
#include "util/paths.h"
#include "util/text.h"

typedef struct entry {
    char *line; /* "id\ttitle\tsource" */
    char *id;
} entry;

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
        entry *e = &grown[(*n)++];
        e->line = bc_strfmt("%s\t%s\t%s", bc_layout_id(l), bc_layout_title(l),
                            bc_layout_source(l));
        e->id = strdup(bc_layout_id(l));
    } else {
        rc = 1;
    }
    bc_layout_free(l);
    return rc;
}

/* One form as {"id","title","source"}, from its "id\ttitle\tsource" line. */
static void forms_json_entry(bc_buf *b, const char *line, int first)
{
    const char *names[3] = {"id", "title", "source"};
    bc_buf_puts(b, first ? "{" : ",{");
    for (int k = 0; k < 3; k++) {
        size_t n = strcspn(line, "\t");
        char *part = strndup(line, n);
        bc_buf_printf(b, "%s\"%s\":", k ? "," : "", names[k]);
        bc_json_str(b, part);
        free(part);
        line += n + (line[n] == '\t');
    }
    bc_buf_puts(b, "}");
}

static int list_forms(const char *dir, int json)
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
        char *path = bc_strfmt("%s/%s", dir, de->d_name);
        int r = path ? add_layout(path, &list, &n) : 1;
        if (!path)
            fprintf(stderr, "baocao forms: %s/%s: hết bộ nhớ\n", dir, de->d_name);
        free(path);
        if (r > rc)
            rc = r;
    }
    closedir(d);
    qsort(list, n, sizeof *list, by_id);
    bc_buf b = BC_BUF_INIT;
    bc_buf_puts(&b, "{\"command\":\"forms\",\"forms\":[");
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(list[i].id, list[i - 1].id)) {
            fprintf(stderr, "baocao forms: id \"%s\" có ở hơn một tệp\n", list[i].id);
            rc = 2;
        }
        if (list[i].line && json)
            forms_json_entry(&b, list[i].line, i == 0);
        else if (list[i].line)
            puts(list[i].line);
    }
    /* Freed after the loop: each entry is compared with the one before it. */
    for (size_t i = 0; i < n; i++) {
        free(list[i].line);
        free(list[i].id);
    }
    free(list);
    bc_buf_printf(&b, "],\"ok\":%s}\n", rc ? "false" : "true");
    if (json && b.data)
        fwrite(b.data, 1, b.len, stdout);
    bc_buf_free(&b);
    return rc;
}

int cmd_forms(int argc, char **argv)
{
    int json = 0;
    const bc_option opts[] = {{"json", 0, NULL, "kết quả dạng JSON", &json, NULL}};
    const bc_cli_spec spec = {
        "forms",
        "Cách dùng: baocao forms [--json]\n\n"
        "Liệt kê các biểu mẫu trong thư mục layouts (hoặc $BAOCAO_LAYOUTS), mỗi dòng:\n"
        "id<TAB>tiêu đề<TAB>nguồn, sắp theo id.\n\n",
        NULL, {{NULL, opts, 1}}, 1, NULL, NULL};
    int rc = bc_cli_parse(&spec, argc, argv);
    if (rc != BC_CLI_GO_ON)
        return rc;
    char *dir = bc_resource_dir("layouts");
    rc = dir ? list_forms(dir, json) : 1;
    free(dir);
    return rc;
}
