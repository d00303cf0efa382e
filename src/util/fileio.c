/* fileio.c — see fileio.h. */
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bc_status bc_file_read(const char *path, char **data, size_t *len, bc_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return bc_err_add(err, errno == ENOENT ? BC_BADINPUT : BC_FAIL, path, 0, 0,
                          "không mở được tệp: %s", strerror(errno));
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
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

bc_status bc_file_write_atomic(const char *path, const void *data, size_t len, bc_err *err)
{
    static const char suffix[] = ".tmp-";
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof suffix + 32);
    if (!tmp)
        return bc_err_add(err, BC_FAIL, path, 0, 0, "hết bộ nhớ");
    /* The counter keeps two writers in one process (batch threads) off each other's file. */
    static _Atomic unsigned counter;
    snprintf(tmp, plen + sizeof suffix + 32, "%s%s%ld-%u", path, suffix, (long)getpid(),
             counter++);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        bc_status st = bc_err_add(err, BC_FAIL, path, 0, 0, "không ghi được tệp: %s",
                                  strerror(errno));
        free(tmp);
        return st;
    }
    const char *p = data;
    size_t left = len;
    int ok = 1;
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            ok = 0;
            break;
        }
        p += k;
        left -= (size_t)k;
    }
    int saved = errno;
    if (ok && fsync(fd) != 0) {
        ok = 0;
        saved = errno;
    }
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
        free(tmp);
        return bc_err_add(err, BC_FAIL, path, 0, 0, "không ghi được tệp: %s", strerror(saved));
    }
    free(tmp);
    return BC_OK;
}

bc_status bc_file_make_parents(const char *path, bc_err *err)
{
    char *p = strdup(path);
    if (!p)
        return bc_err_add(err, BC_FAIL, path, 0, 0, "hết bộ nhớ");
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            bc_status st = bc_err_add(err, BC_FAIL, p, 0, 0, "không tạo được thư mục: %s",
                                      strerror(errno));
            free(p);
            return st;
        }
        *s = '/';
    }
    free(p);
    return BC_OK;
}
