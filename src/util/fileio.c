/* fileio.c — see fileio.h. */
#include "util/fileio.h"
#include "util/syserr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bc_status bc_file_read(const char *path, char **data, size_t *len, bc_err *err)
{
    return bc_file_read_max(path, (size_t)-1, data, len, err);
}

/* "4 MiB", "512 KiB", "100 byte": a limit as people read it. */
static void say_size(size_t n, char *out, size_t cap)
{
    if (n >= (1u << 20) && n % (1u << 20) == 0)
        snprintf(out, cap, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(out, cap, "%zu KiB", n >> 10);
    else
        snprintf(out, cap, "%zu byte", n);
}

static bc_status too_big(const char *path, size_t max, bc_err *err)
{
    char lim[32];
    say_size(max, lim, sizeof lim);
    return bc_err_add(err, BC_BADINPUT, path, 0, 0, "tệp quá lớn (tối đa %s)", lim);
}

bc_status bc_file_read_max(const char *path, size_t max, char **data, size_t *len, bc_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return bc_err_add(err, errno == ENOENT || errno == EACCES ? BC_BADINPUT : BC_FAIL, path,
                          0, 0, "không mở được tệp: %s", bc_syserr(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
        fclose(f);
        return bc_err_add(err, BC_BADINPUT, path, 0, 0, "không phải một tệp (là thư mục?)");
    }
    if (st.st_size >= 0 && (unsigned long long)st.st_size > max) { /* refused before reading */
        fclose(f);
        return too_big(path, max, err);
    }
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (n > max) { /* the file grew, or is not what stat said (a pipe) */
            fclose(f);
            free(buf);
            return too_big(path, max, err);
        }
        if (n < cap)
            break;
        cap *= 2;
        char *nb = realloc(buf, cap + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
        }
        buf = nb;
    }
    int failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        free(buf);
        return bc_err_add(err, BC_FAIL, path, 0, 0, "không đọc được tệp");
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return BC_OK;
}

/* Writes `len` bytes to a new temporary file beside `path` (NAME.tmp-PID-N, the first N free),
 * flushed to disk; *tmp is its malloc'ed name. */
static bc_status write_temp(const char *path, const void *data, size_t len, char **tmp,
                            bc_err *err)
{
    size_t cap = strlen(path) + 48;
    *tmp = malloc(cap);
    if (!*tmp)
        return bc_err_oom(err, path);
    int fd = -1;
    for (unsigned n = 0; fd < 0 && n < 1000; n++) {
        snprintf(*tmp, cap, "%s.tmp-%ld-%u", path, (long)getpid(), n);
        fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        bc_status st = bc_err_add(err, BC_FAIL, path, 0, 0, "không ghi được tệp: %s",
                                  bc_syserr(errno));
        free(*tmp);
        *tmp = NULL;
        return st;
    }
    const char *p = data;
    size_t left = len;
    int ok = 1, saved = 0;
    while (ok && left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            ok = 0;
            saved = errno;
            break;
        }
        p += k;
        left -= (size_t)k;
    }
    if (ok && fsync(fd) != 0) {
        ok = 0;
        saved = errno;
    }
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlink(*tmp);
        free(*tmp);
        *tmp = NULL;
        return bc_err_add(err, BC_FAIL, path, 0, 0, "không ghi được tệp: %s", bc_syserr(saved));
    }
    return BC_OK;
}

bc_status bc_file_write_set(const char *const *paths, const void *const *data,
                            const size_t *lens, int n, bc_err *err)
{
    char **tmp = calloc((size_t)(n > 0 ? n : 1), sizeof *tmp);
    if (!tmp)
        return bc_err_oom(err, NULL);
    bc_status st = BC_OK;
    /* A rename can still fail where the name is taken by a folder; found before any rename, so
     * the set stays whole. */
    for (int i = 0; i < n && st == BC_OK; i++) {
        struct stat sb;
        if (lstat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            st = bc_err_add(err, BC_FAIL, paths[i], 0, 0, "không ghi được tệp: đã có thư mục "
                                                          "trùng tên");
    }
    for (int i = 0; i < n && st == BC_OK; i++)
        st = write_temp(paths[i], data[i], lens[i], &tmp[i], err);
    /* Renamed only once every file is complete: a failure leaves none of the set behind. */
    for (int i = 0; i < n && st == BC_OK; i++)
        if (rename(tmp[i], paths[i]) != 0)
            st = bc_err_add(err, BC_FAIL, paths[i], 0, 0, "không ghi được tệp: %s",
                            bc_syserr(errno));
    for (int i = 0; i < n; i++) {
        if (tmp[i] && st != BC_OK)
            unlink(tmp[i]);
        free(tmp[i]);
    }
    free(tmp);
    return st;
}

bc_status bc_file_write_atomic(const char *path, const void *data, size_t len, bc_err *err)
{
    return bc_file_write_set(&path, &data, &len, 1, err);
}

bc_status bc_file_make_parents(const char *path, bc_err *err)
{
    char *p = strdup(path);
    if (!p)
        return bc_err_oom(err, path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            bc_status st = bc_err_add(err, BC_FAIL, p, 0, 0, "không tạo được thư mục: %s",
                                      bc_syserr(errno));
            free(p);
            return st;
        }
        *s = '/';
    }
    free(p);
    return BC_OK;
}
