/* journal.c — see journal.h. */
#include "batch/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/syserr.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/text.h"

/* OUT/.baocao-journal, malloc'ed (an output folder's path has no length limit); NULL after
 * reporting that memory ran out. */
static char *journal_path(const char *dir, const char *suffix, bc_err *err)
{
    char *path = bc_strfmt("%s/.baocao-journal%s", dir, suffix);
    if (!path)
        bc_err_oom(err, dir);
    return path;
}

bc_status bc_journal_load(const char *out_dir, const char *suffix, bc_record **recs, int *n,
                          bc_err *err)
{
    *recs = NULL;
    *n = 0;
    char *path = journal_path(out_dir, suffix, err);
    if (!path)
        return BC_FAIL;
    FILE *f = fopen(path, "r");
    if (!f) {
        bc_status s = errno == ENOENT ? BC_OK
                                      : bc_err_add(err, BC_FAIL, path, 0, 0, "không đọc được: %s",
                                                   bc_syserr(errno));
        free(path);
        return s;
    }
    free(path);
    char *line = NULL;
    size_t cap = 0;
    int have = 0;
    while (getline(&line, &cap, f) > 0) {
        bc_record r;
        if (!bc_record_read(line, &r))
            continue;
        int i;
        for (i = 0; i < *n; i++)
            if (!strcmp((*recs)[i].code, r.code))
                break;
        if (i < *n) {
            bc_record_free(&(*recs)[i]);
            (*recs)[i] = r;
            continue;
        }
        if (*n == have) {
            have = have ? have * 2 : 256;
            bc_record *v = realloc(*recs, sizeof *v * (size_t)have);
            if (!v) {
                bc_record_free(&r);
                break;
            }
            *recs = v;
        }
        (*recs)[(*n)++] = r;
    }
    free(line);
    fclose(f);
    return BC_OK;
}

bc_status bc_journal_open(const char *out_dir, const char *suffix, bc_journal *j, bc_err *err)
{
    char *path = journal_path(out_dir, suffix, err);
    if (!path)
        return BC_FAIL;
    j->fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (j->fd < 0) {
        bc_status s = bc_err_add(err, BC_FAIL, path, 0, 0, "không ghi được: %s", bc_syserr(errno));
        free(path);
        return s;
    }
    free(path);
    /* Two runs of one shard (or two whole runs) into one output folder would remove each other's
     * files in progress and interleave their journals: the second is refused while the first
     * holds the lock. Shards have a journal, and so a lock, each. */
    if (flock(j->fd, LOCK_EX | LOCK_NB) != 0) {
        close(j->fd);
        j->fd = -1;
        return bc_err_add(err, BC_BADINPUT, out_dir, 0, 0,
                          *suffix ? "một lần chạy khác của cùng phần này (%s) đang ghi vào thư "
                                    "mục này"
                                  : "một lần chạy khác đang ghi vào thư mục này%s",
                          suffix);
    }
    return BC_OK;
}

void bc_journal_append(bc_journal *j, const bc_record *r)
{
    bc_buf b = BC_BUF_INIT;
    bc_record_write(r, &b);
    bc_buf_putc(&b, '\n');
    /* One write per line: O_APPEND keeps lines whole; a kill between writes loses at most the
     * unit in flight, whose files were never renamed into place anyway. */
    if (!b.oom && write(j->fd, b.data, b.len) < 0)
        perror("journal");
    bc_buf_free(&b);
}

void bc_journal_close(bc_journal *j)
{
    if (j->fd >= 0)
        close(j->fd);
    j->fd = -1;
}

bc_status bc_journal_rewrite(const char *out_dir, const char *suffix, const bc_record *recs, int n,
                             bc_err *err)
{
    char *path = journal_path(out_dir, suffix, err);
    if (!path)
        return BC_FAIL;
    bc_buf b = BC_BUF_INIT;
    for (int i = 0; i < n; i++) {
        bc_record_write(&recs[i], &b);
        bc_buf_putc(&b, '\n');
    }
    bc_status s = b.oom ? bc_err_oom(err, path)
                        : bc_file_write_atomic(path, b.data ? b.data : "", b.len, err);
    bc_buf_free(&b);
    free(path);
    return s;
}
