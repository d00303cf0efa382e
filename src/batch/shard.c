/* shard.c — see shard.h. */
#include "batch/shard.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

static int parse_number(const char *s, size_t n, long *out)
{
    if (n == 0 || n > 6)
        return 0;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

bc_status bc_shard_parse(const char *text, bc_shard *s, const char *opt, bc_err *err)
{
    const char *slash = strchr(text, '/');
    long k = -1, n = 0;
    if (slash && slash == text)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "%s '%s': thiếu K trước '/' — biến môi trường của hệ thống chạy "
                          "($SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX) chưa được đặt?", opt,
                          text);
    if (!slash || !parse_number(text, (size_t)(slash - text), &k) ||
        !parse_number(slash + 1, strlen(slash + 1), &n) || n < 1 || n > BC_SHARD_MAX || k >= n)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "%s cần K/N: N phần (1 đến %d), K là số thứ tự của phần này, đánh số "
                          "từ 0 đến N-1 (như $JOB_COMPLETION_INDEX; với 4 phần: 0/4, 1/4, 2/4, "
                          "3/4); không nhận '%s'", opt, BC_SHARD_MAX, text);
    s->index = (int)k;
    s->count = (int)n;
    return BC_OK;
}

/* A jump consistent hash (Lamping and Veach, 2014): a key's bucket among n, such that growing n
 * by one moves a key only to the new bucket, and only with probability 1/(n+1). */
static int jump_bucket(uint64_t key, int n)
{
    int64_t b = -1, j = 0;
    while (j < n) {
        b = j;
        key = key * 2862933555777941757ULL + 1;
        j = (int64_t)((double)(b + 1) * ((double)(1LL << 31) / (double)((key >> 33) + 1)));
    }
    return (int)b;
}

int bc_shard_of(const char *code, int count)
{
    bc_sha256 h;
    bc_sha256_bytes(code, strlen(code), &h);
    char first[17];
    memcpy(first, h.hex, 16);
    first[16] = '\0';
    return jump_bucket(strtoull(first, NULL, 16), count);
}

int bc_shard_mine(const bc_shard *s, const char *code)
{
    return s->count <= 1 || bc_shard_of(code, s->count) == s->index;
}

void bc_shard_suffix(const bc_shard *s, char *buf, size_t cap)
{
    if (s->count)
        snprintf(buf, cap, ".shard-%d-of-%d", s->index, s->count);
    else if (cap)
        buf[0] = '\0';
}

/* The number of shards a journal's name says (0: a whole run's), or -1 for a file that is not a
 * journal (a temporary file, anything else). */
static int journal_shards(const char *name)
{
    static const char J[] = ".baocao-journal";
    if (strncmp(name, J, sizeof J - 1) || strstr(name, ".tmp-"))
        return -1;
    const char *rest = name + sizeof J - 1;
    int k, n, used = 0;
    if (!*rest)
        return 0;
    if (sscanf(rest, ".shard-%d-of-%d%n", &k, &n, &used) == 2 && !rest[used] && n > 0)
        return n;
    return -1;
}

bc_status bc_shard_check_folder(const char *out_dir, const bc_shard *s, bc_err *err)
{
    DIR *d = opendir(out_dir);
    if (!d)
        return BC_OK; /* a new folder: nothing ran there */
    int other = -1;
    for (struct dirent *de; other < 0 && (de = readdir(d));) {
        int n = journal_shards(de->d_name);
        if (n >= 0 && n != s->count)
            other = n;
    }
    closedir(d);
    if (other < 0)
        return BC_OK;
    static const char WHAT[] = "Mọi lần chạy vào một thư mục phải cùng một cách chia; dùng "
                               "--out THƯ_MỤC_KHÁC cho cách chia mới";
    if (other == 0)
        return bc_err_add(err, BC_BADINPUT, out_dir, 0, 0,
                          "thư mục này là kết quả của một lần chạy không chia phần "
                          "(.baocao-journal), lần chạy này --shard %d/%d. %s, hoặc chạy lại "
                          "không có --shard.", s->index, s->count, WHAT);
    if (s->count == 0)
        return bc_err_add(err, BC_BADINPUT, out_dir, 0, 0,
                          "thư mục này là kết quả của một lần chạy chia %d phần "
                          "(.baocao-journal.shard-K-of-%d), lần chạy này không có --shard. %s, "
                          "hoặc chạy lại từng phần với --shard K/%d (rồi baocao manifest merge).",
                          other, other, WHAT, other);
    return bc_err_add(err, BC_BADINPUT, out_dir, 0, 0,
                      "thư mục này là kết quả của một lần chạy chia %d phần, lần chạy này "
                      "--shard %d/%d. %s, hoặc dùng --shard K/%d.", other, s->index, s->count,
                      WHAT, other);
}
