/* test_zpart.c — the DOCX parts deflated once per thread (docx/zpart.h): what the cache gives
 * inflates (with zlib, independently) to the part's bytes with the part's CRC-32, a cache hit
 * gives what a miss gives, and a zip built from the source reads back with libzip (which checks
 * each entry's CRC as it inflates). */
#include <setjmp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>
#include <zlib.h>

#include "docx/zpart.h"

/* Some XML of a realistic size and repetitiveness; `seed` makes it differ. */
static char *sample(int seed, size_t *len)
{
    size_t cap = 64 * 1024, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int i = 0; n + 200 < cap; i++)
        n += (size_t)snprintf(s + n, cap - n, "<w:p><w:r><w:t>Dòng %d của đơn vị %d</w:t></w:r></w:p>",
                              i, seed);
    *len = n;
    return s;
}

static void assert_inflates_to(const bc_zpart *z, const char *data, size_t len)
{
    assert_int_equal(z->len, len);
    assert_int_equal(z->crc, (uint32_t)crc32(0, (const Bytef *)data, (uInt)len));
    z_stream s = {0};
    assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
    char *out = malloc(len + 1);
    s.next_in = (Bytef *)z->z;
    s.avail_in = (uInt)z->zlen;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)len + 1;
    assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
    assert_int_equal(s.total_out, len);
    assert_memory_equal(out, data, len);
    inflateEnd(&s);
    free(out);
    if (len > 1000)
        assert_true(z->zlen < len / 4); /* it did deflate */
}

static void test_hit_miss_and_change(void **state)
{
    (void)state;
    size_t la, lb;
    char *a = sample(1, &la), *b = sample(2, &lb);
    const bc_zpart *z = bc_zpart_get("word/document.xml", a, la);
    assert_non_null(z);
    assert_inflates_to(z, a, la);
    unsigned char *first = malloc(z->zlen);
    size_t first_len = z->zlen;
    memcpy(first, z->z, z->zlen);
    /* The same bytes from another buffer: a hit, the same deflated bytes. */
    char *a2 = malloc(la);
    memcpy(a2, a, la);
    z = bc_zpart_get("word/document.xml", a2, la);
    assert_int_equal(z->zlen, first_len);
    assert_memory_equal(z->z, first, first_len);
    /* One byte changed, same length: not taken for the cached part. */
    a2[la / 2] ^= 1;
    z = bc_zpart_get("word/document.xml", a2, la);
    assert_inflates_to(z, a2, la);
    /* Another name keeps its own entry; the first name's part changes. */
    assert_inflates_to(bc_zpart_get("word/styles.xml", b, lb), b, lb);
    assert_inflates_to(bc_zpart_get("word/document.xml", a, la), a, la);
    assert_inflates_to(bc_zpart_get("empty.xml", "", 0), "", 0);
    free(first);
    free(a);
    free(a2);
    free(b);
}

/* Many names in one thread: eviction keeps whatever is asked for correct. */
static void test_eviction(void **state)
{
    (void)state;
    static char names[80][16];
    size_t len;
    char *a = sample(3, &len);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 80; i++) {
            snprintf(names[i], sizeof names[i], "part%d.xml", i);
            a[0] = (char)('a' + i % 20);
            assert_inflates_to(bc_zpart_get(names[i], a, len), a, len);
        }
    free(a);
}

/* A zip of two deflated parts, read back by libzip. */
static void zip_of(const char *data, size_t len, char **zip, size_t *zlen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    const char *names[] = {"a.xml", "b.xml"};
    for (int i = 0; i < 2; i++) {
        const bc_zpart *z = bc_zpart_get(names[i], data, len);
        zip_source_t *s = bc_zpart_source(za, z);
        assert_non_null(s);
        assert_true(zip_file_add(za, names[i], s, 0) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_stat(src, &st), 0);
    *zip = malloc(st.size);
    assert_int_equal(zip_source_read(src, *zip, st.size), (zip_int64_t)st.size);
    *zlen = st.size;
    zip_source_close(src);
    zip_source_free(src);
}

static void test_zip_reads_back(void **state)
{
    (void)state;
    size_t len, zlen;
    char *a = sample(4, &len), *zip;
    zip_of(a, len, &zip, &zlen);
    zip_error_t ze;
    zip_source_t *src = zip_source_buffer_create(zip, zlen, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(za);
    assert_int_equal(zip_get_num_entries(za, 0), 2);
    for (int i = 0; i < 2; i++) {
        zip_stat_t st;
        assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
        assert_int_equal(st.size, len);
        char *out = malloc(len + 1);
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
        assert_non_null(f);
        assert_int_equal(zip_fread(f, out, len + 1), (zip_int64_t)len); /* CRC checked at EOF */
        assert_int_equal(zip_fclose(f), 0);
        assert_memory_equal(out, a, len);
        free(out);
    }
    zip_close(za);
    free(zip);
    free(a);
}

typedef struct job {
    char *zip;
    size_t len;
} job;

static void *cold_zip(void *arg)
{
    job *j = arg;
    size_t len;
    char *a = sample(5, &len);
    zip_of(a, len, &j->zip, &j->len);
    free(a);
    return NULL;
}

/* A zip made with a warm cache (this thread, twice) equals one made cold in a new thread. */
static void test_hit_gives_the_bytes_of_a_miss(void **state)
{
    (void)state;
    job warm1, warm2, cold;
    cold_zip(&warm1);
    cold_zip(&warm2);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, cold_zip, &cold), 0);
    pthread_join(t, NULL);
    assert_int_equal(warm2.len, cold.len);
    assert_memory_equal(warm2.zip, cold.zip, cold.len);
    assert_memory_equal(warm1.zip, cold.zip, cold.len);
    free(warm1.zip);
    free(warm2.zip);
    free(cold.zip);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_miss_and_change),
        cmocka_unit_test(test_eviction),
        cmocka_unit_test(test_zip_reads_back),
        cmocka_unit_test(test_hit_gives_the_bytes_of_a_miss),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
