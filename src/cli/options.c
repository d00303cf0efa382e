/* options.c — see options.h. */
#include "cli/options.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/suggest.h"
#include "util/text.h"

#define MAX_OPTS 64

int bc_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "baocao %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (xem baocao %s --help)\n", cmd);
    va_end(ap);
    return BC_BADINPUT;
}

/* ---- help ---- */

static void print_option(const bc_option *o, FILE *out)
{
    char head[96];
    int n = o->letter ? snprintf(head, sizeof head, "  -%c, --%s", o->letter, o->name)
                      : snprintf(head, sizeof head, "      --%s", o->name);
    if (o->value && n > 0 && (size_t)n < sizeof head)
        snprintf(head + n, sizeof head - (size_t)n, " %s", o->value);
    /* Help lines align on column 29 (counted in characters: the value names are Vietnamese). */
    size_t w = bc_utf8_len(head);
    fputs(head, out);
    const char *h = o->help ? o->help : "";
    if (w >= 28)
        fputs("\n", out), w = 0;
    for (int first = 1; *h || first; first = 0) {
        const char *nl = strchr(h, '\n');
        size_t len = nl ? (size_t)(nl - h) : strlen(h);
        fprintf(out, "%*s%.*s\n", (int)(29 - (first ? w : 0)), "", (int)len, h);
        h += len + (nl != NULL);
        if (!nl)
            break;
    }
}

void bc_cli_help(const bc_cli_spec *spec, FILE *out)
{
    fputs(spec->usage, out);
    for (size_t g = 0; g < spec->ngroups; g++) {
        const bc_option_group *grp = &spec->groups[g];
        if (grp->title)
            fprintf(out, "\n%s\n", grp->title);
        for (size_t i = 0; i < grp->n; i++)
            print_option(&grp->opts[i], out);
    }
    fputs("  -h, --help                 trợ giúp này\n", out);
    if (spec->footer)
        fprintf(out, "\n%s", spec->footer);
}

/* ---- lookup ---- */

static const bc_option *find_long(const bc_cli_spec *spec, const char *name, size_t len)
{
    for (size_t g = 0; g < spec->ngroups; g++)
        for (size_t i = 0; i < spec->groups[g].n; i++) {
            const bc_option *o = &spec->groups[g].opts[i];
            if (strlen(o->name) == len && !strncmp(o->name, name, len))
                return o;
        }
    return NULL;
}

static const bc_option *find_short(const bc_cli_spec *spec, char c)
{
    for (size_t g = 0; g < spec->ngroups; g++)
        for (size_t i = 0; i < spec->groups[g].n; i++)
            if (spec->groups[g].opts[i].letter == c)
                return &spec->groups[g].opts[i];
    return NULL;
}

/* "--pass …", "--password", "--pin": a secret on the command line is refused, whatever the
 * command, with the ways it may be given instead. */
static int is_secret_option(const char *name, size_t len)
{
    static const char *const secret[] = {"pass", "password", "passphrase", "pin", "pwd", "mat-khau"};
    for (size_t i = 0; i < sizeof secret / sizeof *secret; i++)
        if (strlen(secret[i]) == len && !strncmp(secret[i], name, len))
            return 1;
    return 0;
}

static int unknown_option(const bc_cli_spec *spec, const char *arg, const char *name, size_t len)
{
    if (is_secret_option(name, len))
        return bc_cli_usage_error(spec->cmd,
                                  "không nhận mật khẩu/PIN trên dòng lệnh (ai cũng đọc được danh "
                                  "sách tiến trình): dùng --pass-file TỆP hoặc biến môi trường "
                                  "BAOCAO_PASS, hoặc để trống và nhập khi được hỏi");
    const char *names[MAX_OPTS + 1];
    size_t n = 0;
    for (size_t g = 0; g < spec->ngroups; g++)
        for (size_t i = 0; i < spec->groups[g].n && n < MAX_OPTS; i++)
            names[n++] = spec->groups[g].opts[i].name;
    names[n++] = "help";
    char word[80];
    snprintf(word, sizeof word, "%.*s", (int)(len < 79 ? len : 79), name);
    const char *near = bc_suggest(word, names, n);
    if (near)
        return bc_cli_usage_error(spec->cmd, "không có tùy chọn '%s' (có phải '--%s'?)", arg, near);
    return bc_cli_usage_error(spec->cmd, "không có tùy chọn '%s'", arg);
}

/* ---- values ---- */

static int take(const bc_cli_spec *spec, const bc_option *o, const char *value)
{
    bc_err err = BC_ERR_INIT;
    char opt[80];
    snprintf(opt, sizeof opt, "--%s", o->name);
    bc_status st = BC_OK;
    if (o->set)
        st = o->set(o->dest, value, opt, &err);
    else if (!o->value)
        *(int *)o->dest = 1;
    else if (*(const char **)o->dest)
        st = bc_err_add(&err, BC_BADINPUT, NULL, 0, 0, "%s chỉ được cho một lần", opt);
    else
        *(const char **)o->dest = value;
    if (st == BC_OK)
        return BC_CLI_GO_ON;
    bc_cli_usage_error(spec->cmd, "%s", err.n ? err.items[0].msg : opt);
    bc_err_free(&err);
    return BC_BADINPUT;
}

static int missing_value(const bc_cli_spec *spec, const bc_option *o)
{
    return bc_cli_usage_error(spec->cmd, "--%s cần một giá trị (%s)", o->name, o->value);
}

/* "--name", "--name=VALUE" or "--name VALUE". */
static int parse_long(const bc_cli_spec *spec, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    if (len == 4 && !strncmp(name, "help", 4))
        return bc_cli_help(spec, stdout), 0;
    const bc_option *o = find_long(spec, name, len);
    if (!o)
        return unknown_option(spec, arg, name, len);
    if (!o->value) {
        if (eq)
            return bc_cli_usage_error(spec->cmd, "--%s không nhận giá trị", o->name);
        return take(spec, o, NULL);
    }
    if (eq)
        return take(spec, o, eq + 1);
    if (*i + 1 >= argc)
        return missing_value(spec, o);
    return take(spec, o, argv[++*i]);
}

/* "-x", "-xVALUE", "-x VALUE", or flags together ("-qj4" is not supported: one letter each). */
static int parse_short(const bc_cli_spec *spec, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    if (arg[1] == 'h' && !arg[2])
        return bc_cli_help(spec, stdout), 0;
    const bc_option *o = find_short(spec, arg[1]);
    if (!o)
        return unknown_option(spec, arg, arg + 1, strlen(arg + 1));
    if (!o->value)
        return arg[2] ? unknown_option(spec, arg, arg + 1, strlen(arg + 1)) : take(spec, o, NULL);
    if (arg[2])
        return take(spec, o, arg + 2);
    if (*i + 1 >= argc)
        return missing_value(spec, o);
    return take(spec, o, argv[++*i]);
}

static int operand(const bc_cli_spec *spec, const char *arg)
{
    if (spec->operands) {
        spec->operands[(*spec->n_operands)++] = arg;
        return BC_CLI_GO_ON;
    }
    if (!spec->operand)
        return bc_cli_usage_error(spec->cmd, "thừa tham số '%s'", arg);
    if (*spec->operand)
        return bc_cli_usage_error(spec->cmd, "chỉ nhận một %s, thừa '%s'",
                                  spec->operand_name ? spec->operand_name : "tệp", arg);
    *spec->operand = arg;
    return BC_CLI_GO_ON;
}

/* "thiếu --form" for the first required option not given. */
static int check_required(const bc_cli_spec *spec)
{
    for (size_t g = 0; g < spec->ngroups; g++)
        for (size_t i = 0; i < spec->groups[g].n; i++) {
            const bc_option *o = &spec->groups[g].opts[i];
            if (o->required && o->value && !o->set && !*(const char **)o->dest)
                return bc_cli_usage_error(spec->cmd, "thiếu --%s %s", o->name, o->value);
        }
    return BC_CLI_GO_ON;
}

int bc_cli_parse(const bc_cli_spec *spec, int argc, char **argv)
{
    int only_operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (only_operands || arg[0] != '-' || !arg[1])
            rc = operand(spec, arg);
        else if (!strcmp(arg, "--")) {
            only_operands = 1;
            continue;
        } else if (arg[1] == '-')
            rc = parse_long(spec, argc, argv, &i);
        else
            rc = parse_short(spec, argc, argv, &i);
        if (rc != BC_CLI_GO_ON)
            return rc;
    }
    return check_required(spec);
}

/* ---- setters ---- */

bc_status bc_opt_set_formats(void *dest, const char *v, const char *opt, bc_err *err)
{
    bc_formats *f = dest;
    f->pdf = f->docx = 0;
    f->given = 1;
    int ok = 1;
    const char *p = v;
    while (ok && *p) {
        size_t n = strcspn(p, ",");
        if (n == 3 && !strncmp(p, "pdf", 3))
            f->pdf = 1;
        else if (n == 4 && !strncmp(p, "docx", 4))
            f->docx = 1;
        else
            ok = 0;
        p += n + (p[n] == ',');
    }
    if (ok && (f->pdf || f->docx))
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s nhận pdf, docx hoặc pdf,docx, không nhận '%s'",
                      opt, v);
}

bc_status bc_opt_set_jobs(void *dest, const char *v, const char *opt, bc_err *err)
{
    char *end;
    long jobs = strtol(v, &end, 10);
    if (end == v || *end || jobs < 1 || jobs > 256)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s cần một số từ 1 đến 256, không nhận '%s'",
                          opt, v);
    *(int *)dest = (int)jobs;
    return BC_OK;
}
