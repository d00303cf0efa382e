/* verifyall.c — see verifyall.h. Workers send each file's result as one JSON line (the object of
 * --json's "reports"); the parent reads them back with util/jsonread for the other reports, so
 * every report says the same thing. */
#include "cli/verifyall.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/pool.h"
#include "cli/common.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/json.h"
#include "util/jsonread.h"
#include "util/text.h"

typedef struct files {
    char **v;
    int n, cap;
} files;

typedef struct run {
    const bc_verify_all_opts *o;
    files f;
    char **lines; /* per file, its result line */
} run;

static bc_status add(files *f, const char *path, bc_err *err)
{
    if (f->n >= BC_VERIFY_MAX_FILES)
        return bc_err_add(err, BC_BADINPUT, path, 0, 0,
                          "quá nhiều tệp (tối đa %d một lần kiểm tra)", BC_VERIFY_MAX_FILES);
    if (f->n == f->cap) {
        int cap = f->cap ? f->cap * 2 : 256;
        char **v = realloc(f->v, sizeof *v * (size_t)cap);
        if (!v)
            return bc_err_oom(err, path);
        f->v = v;
        f->cap = cap;
    }
    if (!(f->v[f->n] = strdup(path)))
        return bc_err_oom(err, path);
    f->n++;
    return BC_OK;
}

/* A file of a folder that carries signatures: a PDF, a DOCX (unsigned when its .p7s is
 * missing: worth saying), or anything with a detached FILE.p7s beside it. */
static int signed_kind(const char *path)
{
    if (bc_ends_with_nocase(path, ".pdf") || bc_ends_with_nocase(path, ".docx"))
        return 1;
    if (bc_ends_with_nocase(path, ".p7s"))
        return 0;
    char *sig = bc_strfmt("%s.p7s", path);
    int yes = sig && access(sig, F_OK) == 0;
    free(sig);
    return yes;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bc_status walk(files *f, const char *dir, int depth, bc_err *err);

static bc_status walk_entry(files *f, const char *path, int depth, bc_err *err)
{
    struct stat ls, st;
    if (lstat(path, &ls) != 0)
        return BC_OK; /* gone meanwhile */
    if (S_ISDIR(ls.st_mode))
        return depth < BC_VERIFY_MAX_DEPTH
                   ? walk(f, path, depth + 1, err)
                   : bc_err_add(err, BC_BADINPUT, path, 0, 0, "thư mục lồng quá sâu (tối đa %d)",
                                BC_VERIFY_MAX_DEPTH);
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && signed_kind(path))
        return add(f, path, err);
    return BC_OK;
}

/* The folder's entries in name order, so that a report lists files the same way every time. */
static bc_status walk(files *f, const char *dir, int depth, bc_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return bc_err_add(err, BC_BADINPUT, dir, 0, 0, "không mở được thư mục");
    files names = {0};
    bc_status s = BC_OK;
    for (struct dirent *de; s == BC_OK && (de = readdir(d));)
        if (de->d_name[0] != '.')
            s = add(&names, de->d_name, err);
    closedir(d);
    if (names.n)
        qsort(names.v, (size_t)names.n, sizeof *names.v, by_name);
    size_t dl = strlen(dir);
    int slash = dl > 0 && dir[dl - 1] == '/';
    for (int i = 0; i < names.n && s == BC_OK; i++) {
        char *path = bc_strfmt("%s%s%s", dir, slash ? "" : "/", names.v[i]);
        s = path ? walk_entry(f, path, depth, err) : bc_err_oom(err, dir);
        free(path);
    }
    for (int i = 0; i < names.n; i++)
        free(names.v[i]);
    free(names.v);
    return s;
}

static bc_status list_files(const bc_verify_all_opts *o, files *f, bc_err *err)
{
    bc_status s = BC_OK;
    for (int i = 0; i < o->npaths && s == BC_OK; i++) {
        struct stat st;
        if (stat(o->paths[i], &st) != 0)
            s = bc_err_add(err, BC_BADINPUT, o->paths[i], 0, 0, "không có tệp hay thư mục này");
        else
            s = S_ISDIR(st.st_mode) ? walk(f, o->paths[i], 0, err) : add(f, o->paths[i], err);
    }
    if (s == BC_OK && f->n == 0)
        s = bc_err_add(err, BC_BADINPUT, o->paths[0], 0, 0,
                       "không có tệp nào để kiểm tra (tệp .pdf, .docx, hay tệp có .p7s bên cạnh)");
    return s;
}

/* ---- one file, in a worker ---- */

static void failure_line(bc_buf *line, const char *file, bc_status st, const bc_err *e)
{
    bc_buf_puts(line, "{\"file\": ");
    bc_json_str(line, file);
    bc_buf_printf(line, ", \"verdict\": \"%s\", \"errors\": ",
                  st == BC_BADINPUT ? "unreadable" : "failed");
    bc_cli_diags_json(line, e);
    bc_buf_putc(line, '}');
}

static void work(void *ctx, int index, bc_buf *line)
{
    run *R = ctx;
    const char *file = R->f.v[index];
    bc_verify_report rep;
    memset(&rep, 0, sizeof rep);
    bc_err e = BC_ERR_INIT;
    bc_status st = R->o->verify(R->o->ctx, file, &rep, &e);
    if (st == BC_OK) {
        bc_buf_puts(line, "{\"file\": ");
        bc_json_str(line, file);
        bc_buf_printf(line, ", \"verdict\": \"%s\", \"report\": ", bc_verify_file_verdict(&rep));
        bc_verify_json(line, &rep, 1);
        bc_buf_putc(line, '}');
    } else {
        if (!e.n)
            bc_err_add(&e, st, file, 0, 0, "không kiểm tra được");
        failure_line(line, file, st, &e);
    }
    bc_verify_report_free(&rep);
    bc_err_free(&e);
}

static void done(void *ctx, int index, const char *line)
{
    run *R = ctx;
    if (line) {
        R->lines[index] = strdup(line);
        return;
    }
    bc_err e = BC_ERR_INIT;
    bc_err_add(&e, BC_FAIL, R->f.v[index], 0, 0, "tiến trình kiểm tra tệp này dừng bất thường");
    bc_buf b = BC_BUF_INIT;
    failure_line(&b, R->f.v[index], BC_FAIL, &e);
    R->lines[index] = b.data;
    bc_err_free(&e);
}

/* ---- the reports, in the parent ---- */

enum { V_VALID, V_UNCHECKED, V_INTACT, V_INVALID, V_UNSIGNED, V_UNREADABLE, V_FAILED, V_KINDS };
static const char *const VERDICTS[V_KINDS] = {"valid",    "valid-revocation-unchecked",
                                              "intact-root-not-trusted",
                                              "invalid",  "unsigned",
                                              "unreadable", "failed"};

static int verdict_kind(const char *v)
{
    for (int k = 0; k < V_KINDS; k++)
        if (v && !strcmp(v, VERDICTS[k]))
            return k;
    return V_FAILED;
}

/* The problems of a signature, or the errors of a file, as one line of text. */
static void problems_text(bc_buf *b, const bc_json_node *list)
{
    int k = 0;
    for (const bc_json_node *p = list ? list->first : NULL; p; p = p->next) {
        const char *m = bc_json_string(p, "message");
        const char *file = bc_json_string(p, "file");
        if (!m)
            continue;
        bc_buf_puts(b, k++ ? "; " : "");
        if (file) /* an error names its file: the one checked, or its .p7s */
            bc_buf_printf(b, "%s: ", file);
        bc_buf_puts(b, m);
    }
}

static void csv_cell(bc_buf *b, const char *s, int last)
{
    bc_buf_putc(b, '"');
    if (s && *s && strchr("=+-@\t\r", *s))
        bc_buf_putc(b, '\'');
    for (; s && *s; s++) {
        if (*s == '"')
            bc_buf_putc(b, '"');
        bc_buf_putc(b, *s);
    }
    bc_buf_puts(b, last ? "\"\r\n" : "\",");
}

static void csv_sig_row(bc_buf *c, const char *file, const char *fv, int i,
                        const bc_json_node *sig, const bc_json_node *errors)
{
    char num[16] = "";
    if (sig)
        snprintf(num, sizeof num, "%d", i + 1);
    bc_buf p = BC_BUF_INIT;
    problems_text(&p, sig ? bc_json_member(sig, "problems") : errors);
    const char *level = bc_json_string(sig, "level");
    const bc_json_node *dts = bc_json_member(sig, "document_timestamp");
    csv_cell(c, file, 0);
    csv_cell(c, bc_verdict_words(fv), 0);
    csv_cell(c, num, 0);
    csv_cell(c, bc_json_string(sig, "field"), 0);
    csv_cell(c, bc_json_string(sig, "signer"), 0);
    csv_cell(c, bc_json_string(sig, "organization"), 0);
    csv_cell(c, dts && dts->type == BC_JSON_TRUE ? "tem thời gian tài liệu" : level, 0);
    csv_cell(c, bc_json_string(sig, "time"), 0);
    csv_cell(c, sig ? bc_verdict_words(bc_json_string(sig, "verdict")) : "", 0);
    csv_cell(c, p.data, 1);
    bc_buf_free(&p);
}

/* One file into the person's report and the CSV. */
static void file_reports(const bc_json_node *r, bc_buf *h, bc_buf *c)
{
    const char *file = bc_json_string(r, "file"), *fv = bc_json_string(r, "verdict");
    const bc_json_node *rep = bc_json_member(r, "report"), *errors = bc_json_member(r, "errors");
    const bc_json_node *sigs = bc_json_member(rep, "signatures");
    bc_buf_printf(h, "%s: %s", bc_verdict_words(fv), file);
    int i = 0;
    for (const bc_json_node *s = sigs ? sigs->first : NULL; s; s = s->next, i++) {
        const char *who = bc_json_string(s, "signer"), *level = bc_json_string(s, "level");
        bc_buf_printf(h, "%s%s%s%s%s", i ? ", " : " — ", who ? who : "?", level ? " (" : "",
                      level ? level : "", level ? ")" : "");
        csv_sig_row(c, file, fv, i, s, NULL);
        /* A valid signature whose revocation was not checked has no problem to list. */
        if (strncmp(bc_json_string(s, "verdict") ? bc_json_string(s, "verdict") : "", "valid", 5)) {
            bc_buf p = BC_BUF_INIT;
            problems_text(&p, bc_json_member(s, "problems"));
            bc_buf_printf(h, "\n    ✗ chữ ký %d: %s", i + 1, p.data ? p.data : "");
            bc_buf_free(&p);
        }
    }
    if (!i)
        csv_sig_row(c, file, fv, 0, NULL, errors);
    if (errors) {
        bc_buf p = BC_BUF_INIT;
        problems_text(&p, errors);
        bc_buf_printf(h, "\n    ✗ %s", p.data ? p.data : "");
        bc_buf_free(&p);
    }
    bc_buf_putc(h, '\n');
}

static void summary(bc_buf *h, const int *count, int n, double secs, int jobs)
{
    bc_buf_printf(h,
                  "\nĐã kiểm tra %d tệp trong %.1f giây (%.1f tệp/giây, %d tiến trình): %d hợp "
                  "lệ, %d nguyên vẹn nhưng CA gốc chưa được tin cậy, %d không hợp lệ, %d chưa "
                  "ký, %d không đọc được, %d lỗi khi kiểm tra",
                  n, secs, secs > 0 ? n / secs : 0.0, jobs, count[V_VALID], count[V_INTACT],
                  count[V_INVALID], count[V_UNSIGNED], count[V_UNREADABLE], count[V_FAILED]);
    if (count[V_UNCHECKED])
        bc_buf_printf(h, "; thêm %d hợp lệ nhưng không kiểm tra được tình trạng thu hồi",
                      count[V_UNCHECKED]);
    bc_buf_puts(h, ".\n");
    bc_buf_puts(h, count[V_VALID] == n ? "Kết luận: mọi tệp đều đã ký và mọi chữ ký hợp lệ.\n"
                   : count[V_VALID] + count[V_UNCHECKED] == n
                       ? "Kết luận: mọi tệp đều đã ký và mọi chữ ký hợp lệ, nhưng có chứng thư "
                         "không kiểm tra được tình trạng thu hồi (xem trên): chưa chắc chắn.\n"
                   : count[V_VALID] + count[V_UNCHECKED] + count[V_INTACT] == n
                       ? "Kết luận: các tệp còn nguyên vẹn, nhưng chưa xác nhận được người ký vì "
                         "CA gốc chưa được tin cậy (--trust ROOTCA.pem).\n"
                       : "Kết luận: có tệp KHÔNG hợp lệ, chưa ký hoặc không đọc được (xem trên).\n");
}

static void json_report(bc_buf *j, const run *R, const int *count)
{
    bc_buf_printf(j, "{\"files\": %d", R->f.n);
    for (int k = 0; k < V_KINDS; k++) {
        bc_buf_puts(j, ", ");
        bc_json_str(j, VERDICTS[k]);
        bc_buf_printf(j, ": %d", count[k]);
    }
    bc_buf_printf(j, ", \"all_valid\": %s, \"reports\": [",
                  count[V_VALID] + count[V_UNCHECKED] == R->f.n ? "true" : "false");
    for (int i = 0; i < R->f.n; i++)
        bc_buf_printf(j, "%s%s", i ? ",\n  " : "\n  ", R->lines[i]);
    bc_buf_puts(j, "]}\n");
}

static int exit_code(const int *count, int n)
{
    return count[V_UNREADABLE] ? BC_BADINPUT : count[V_VALID] + count[V_UNCHECKED] == n ? 0 : 1;
}

static int write_reports(run *R, double secs, int jobs)
{
    int count[V_KINDS] = {0};
    bc_buf h = BC_BUF_INIT, c = BC_BUF_INIT;
    bc_buf_puts(&c, "\xEF\xBB\xBF");
    csv_cell(&c, "Tệp", 0);
    static const char *const head[] = {"Kết luận tệp", "Chữ ký số", "Ô ký", "Người ký",
                                       "Cơ quan", "Mức PAdES", "Thời điểm ký",
                                       "Kết luận chữ ký", "Vấn đề"};
    for (size_t k = 0; k < 9; k++)
        csv_cell(&c, head[k], k == 8);
    bc_err err = BC_ERR_INIT;
    for (int i = 0; i < R->f.n; i++) {
        bc_json_doc d;
        const char *line = R->lines[i] ? R->lines[i] : "";
        if (bc_json_parse(line, strlen(line), R->f.v[i], &d, &err) != BC_OK) {
            count[V_FAILED]++; /* cannot happen unless memory ran out: our own line */
            continue;
        }
        count[verdict_kind(bc_json_string(d.root, "verdict"))]++;
        file_reports(d.root, &h, &c);
        bc_json_doc_free(&d);
    }
    summary(&h, count, R->f.n, secs, jobs);
    bc_buf out = BC_BUF_INIT;
    if (R->o->json)
        json_report(&out, R, count);
    const bc_buf *shown = R->o->json ? &out : &h;
    if (shown->data)
        fwrite(shown->data, 1, shown->len, stdout);
    int code = exit_code(count, R->f.n);
    if (R->o->csv && (c.oom ? bc_err_oom(&err, R->o->csv)
                            : bc_file_write_atomic(R->o->csv, c.data, c.len, &err)) != BC_OK)
        code = code ? code : 1;
    if (err.n)
        bc_cli_finish("verify", &err);
    bc_err_free(&err);
    bc_buf_free(&h);
    bc_buf_free(&c);
    bc_buf_free(&out);
    return code;
}

int bc_verify_all(const bc_verify_all_opts *o)
{
    run R = {o, {0}, NULL};
    bc_err err = BC_ERR_INIT;
    bc_status s = list_files(o, &R.f, &err);
    if (s == BC_OK && !(R.lines = calloc((size_t)R.f.n, sizeof *R.lines)))
        s = bc_err_oom(&err, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = o->jobs > 0 ? o->jobs : cores > 0 ? (int)cores : 1;
    jobs = jobs < R.f.n ? jobs : R.f.n;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int stopped = 0;
    if (s == BC_OK)
        s = bc_pool_run(jobs, R.f.n, work, done, &R, NULL, &stopped, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int code = s == BC_OK ? write_reports(&R, (double)(t1.tv_sec - t0.tv_sec) +
                                                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
                                          jobs)
                          : bc_cli_finish("verify", &err);
    bc_err_free(&err);
    for (int i = 0; i < R.f.n; i++) {
        free(R.f.v[i]);
        free(R.lines ? R.lines[i] : NULL);
    }
    free(R.f.v);
    free(R.lines);
    return code;
}
