/* test_haru.c — our replacements of libharu 2.3.0 internals (pdf/harumem.c, harudeflate.c) keep
 * libharu's contracts: HPDF_MemCpy and HPDF_MemSet give the bytes and the return value of
 * libharu's own (reached with RTLD_NEXT), overlapping copies included; the stream compressor
 * writes one zlib stream that inflates to the source, for sources of every size around its
 * buffer, and a stream marked as deflated already as it is, unless it changed since. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include "pdf/harudeflate.h"

typedef HPDF_BYTE *(*memcpy_fn)(HPDF_BYTE *, const HPDF_BYTE *, HPDF_UINT);
typedef void *(*memset_fn)(void *, HPDF_BYTE, HPDF_UINT);

static void fill(HPDF_BYTE *b, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (HPDF_BYTE)((seed = seed * 1103515245u + 12345u) >> 16);
}

static void test_memcpy_memset_as_libharu(void **state)
{
    (void)state;
    memcpy_fn cpy = (memcpy_fn)dlsym(RTLD_NEXT, "HPDF_MemCpy");
    memset_fn set = (memset_fn)dlsym(RTLD_NEXT, "HPDF_MemSet");
    assert_non_null(cpy);
    assert_non_null(set);
    assert_true(cpy != HPDF_MemCpy && set != HPDF_MemSet); /* ours is a different function */
    static const HPDF_UINT sizes[] = {0, 1, 2, 3, 7, 64, 4096, 65537};
    HPDF_BYTE *a = malloc(70000), *b = malloc(70000);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        HPDF_UINT n = sizes[k];
        fill(a, 70000, 7);
        memcpy(b, a, 70000);
        /* a copy into the bytes just below its source, as a byte loop allows */
        assert_ptr_equal(HPDF_MemCpy(a + 1, a + 3, n), a + 1 + n);
        assert_ptr_equal(cpy(b + 1, b + 3, n), b + 1 + n);
        assert_memory_equal(a, b, 70000);
        assert_ptr_equal(HPDF_MemSet(a + 5, 0xA5, n), set(b + 5, 0xA5, n) - (b - a));
        assert_memory_equal(a, b, 70000);
    }
    free(a);
    free(b);
}

static void test_deflate_round_trip(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_non_null(pdf);
    static const size_t sizes[] = {1, 4095, 4096, 65535, 65536, 65537, 300000};
    unsigned char *src = malloc(300000), *back = malloc(300000);
    assert_non_null(src);
    assert_non_null(back);
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        fill(src, n, (unsigned)n);
        memset(src, 'x', n / 2); /* half compressible, half not */
        HPDF_Stream in = HPDF_MemStream_New(pdf->mmgr, 4096);
        HPDF_Stream out = HPDF_MemStream_New(pdf->mmgr, 4096);
        assert_int_equal(HPDF_Stream_Write(in, src, (HPDF_UINT)n), HPDF_OK);
        assert_int_equal(HPDF_Stream_WriteToStreamWithDeflate(in, out, NULL), HPDF_OK);
        HPDF_UINT zn = HPDF_Stream_Size(out);
        unsigned char *z = malloc(zn);
        assert_non_null(z);
        HPDF_Stream_Seek(out, 0, HPDF_SEEK_SET);
        HPDF_UINT got = zn;
        HPDF_Stream_Read(out, z, &got);
        assert_int_equal(got, zn);
        uLongf bn = 300000;
        assert_int_equal(uncompress(back, &bn, z, zn), Z_OK); /* one whole zlib stream */
        assert_int_equal(bn, n);
        assert_memory_equal(back, src, n);
        free(z);
        HPDF_Stream_Free(in);
        HPDF_Stream_Free(out);
    }
    free(src);
    free(back);
    HPDF_Free(pdf);
}

/* Writes `len` bytes through the compressor and returns what came out (size in *out_len). */
static unsigned char *through(HPDF_Doc pdf, const unsigned char *data, size_t len, int mark,
                              int change, HPDF_UINT *out_len)
{
    HPDF_Stream in = HPDF_MemStream_New(pdf->mmgr, 4096);
    HPDF_Stream out = HPDF_MemStream_New(pdf->mmgr, 4096);
    HPDF_Stream_Write(in, data, (HPDF_UINT)len);
    if (mark)
        assert_true(bc_deflate_mark_done(in));
    if (change)
        HPDF_Stream_Write(in, (const HPDF_BYTE *)"x", 1); /* no longer the bytes marked */
    assert_int_equal(HPDF_Stream_WriteToStreamWithDeflate(in, out, NULL), HPDF_OK);
    *out_len = HPDF_Stream_Size(out);
    unsigned char *z = malloc(*out_len + 1);
    HPDF_Stream_Seek(out, 0, HPDF_SEEK_SET);
    HPDF_UINT got = *out_len;
    HPDF_Stream_Read(out, z, &got);
    HPDF_Stream_Free(in);
    HPDF_Stream_Free(out);
    return z;
}

static void test_marked_streams_written_as_they_are(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    unsigned char text[5000];
    memset(text, 'a', sizeof text);
    uLongf zn = compressBound(sizeof text);
    unsigned char *z = malloc(zn);
    assert_int_equal(compress2(z, &zn, text, sizeof text, 9), Z_OK);
    HPDF_UINT n;
    unsigned char *out = through(pdf, z, zn, 1, 0, &n); /* marked: copied */
    assert_int_equal(n, zn);
    assert_memory_equal(out, z, zn);
    free(out);
    out = through(pdf, z, zn, 0, 0, &n); /* not marked: deflated again */
    uLongf bn = zn;
    unsigned char *back = malloc(zn + 1);
    assert_int_equal(uncompress(back, &bn, out, n), Z_OK);
    assert_int_equal(bn, zn);
    free(out);
    out = through(pdf, z, zn, 1, 1, &n); /* marked, then changed: deflated */
    bn = zn + 1;
    assert_int_equal(uncompress(back, &bn, out, n), Z_OK);
    assert_int_equal(bn, zn + 1);
    free(out);
    free(back);
    free(z);
    HPDF_Free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_memcpy_memset_as_libharu),
                                       cmocka_unit_test(test_deflate_round_trip),
                                       cmocka_unit_test(test_marked_streams_written_as_they_are)};
    return cmocka_run_group_tests_name("haru", tests, NULL, NULL);
}
