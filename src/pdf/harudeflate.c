/* harudeflate.c — see harudeflate.h. */
#include "pdf/harudeflate.h"

#include <stdlib.h>
#include <zlib.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_streams.h>

#include "pdf/harupin.h"

/* Measured on the benchmark's signed quy-3a units (50, one worker, font programs deflated once
 * per batch apart, pdf/subset.h): level 3 ≈ 45 ms CPU and 201 KB per unit, level 6 (zlib's
 * default, libharu's) ≈ 50 ms and 194 KB, level 1 ≈ 45 ms and 207 KB. bench/run.sh measures the
 * levels again in every run ("deflate level" in bench/RESULTS.md). */
#define BC_DEFLATE_DEFAULT 3

#define CHUNK (64 * 1024)

int bc_deflate_level(void)
{
    static int level = -1;
    if (level < 0) {
        const char *e = getenv("BAOCAO_DEFLATE_LEVEL");
        level = BC_DEFLATE_DEFAULT;
        if (e && e[0] >= '0' && e[0] <= '9' && e[1] == '\0')
            level = e[0] - '0';
    }
    return level;
}

/* One z_stream per thread, kept between streams: deflateReset costs a clear of the hash head,
 * deflateInit an allocation of it and the window on top. */
typedef struct zstate {
    z_stream z;
    int ready;
    Bytef in[CHUNK], out[CHUNK], enc[CHUNK];
} zstate;

static _Thread_local zstate *zs;

static zstate *zstate_get(void)
{
    if (!zs)
        zs = calloc(1, sizeof *zs);
    if (zs && !zs->ready) {
        if (deflateInit(&zs->z, bc_deflate_level()) != Z_OK)
            return NULL;
        zs->ready = 1;
    }
    return zs;
}

/* Writes what the compressor produced so far; encrypted first when the document is. */
static HPDF_STATUS flush_out(zstate *s, HPDF_Stream dst, HPDF_Encrypt e)
{
    HPDF_UINT n = (HPDF_UINT)(CHUNK - s->z.avail_out);
    HPDF_STATUS ret = HPDF_OK;
    if (n) {
        if (e) {
            HPDF_Encrypt_CryptBuf(e, s->out, s->enc, n);
            ret = HPDF_Stream_Write(dst, s->enc, n);
        } else {
            ret = HPDF_Stream_Write(dst, s->out, n);
        }
    }
    s->z.next_out = s->out;
    s->z.avail_out = CHUNK;
    return ret;
}

static HPDF_STATUS zfail(HPDF_Stream src, int code)
{
    return HPDF_SetError(src->error, HPDF_ZLIB_ERROR, (HPDF_STATUS)code);
}

/* ---- streams deflated already ---- */

#define MAX_DONE 16

typedef struct done_mark {
    HPDF_Stream s;
    HPDF_UINT32 size;
    uLong adler;
} done_mark;

static _Thread_local done_mark done[MAX_DONE];
static _Thread_local int done_next;

/* Adler-32 of everything `s` holds; 0 with *ok = 0 when it cannot be read. */
static uLong content_adler(HPDF_Stream s, Bytef *buf, int *ok)
{
    uLong a = adler32(0, Z_NULL, 0);
    *ok = HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) == HPDF_OK;
    for (int eof = 0; *ok && !eof;) {
        HPDF_UINT size = CHUNK;
        HPDF_STATUS r = HPDF_Stream_Read(s, buf, &size);
        eof = r == HPDF_STREAM_EOF;
        *ok = r == HPDF_OK || eof;
        a = adler32(a, buf, size);
    }
    return a;
}

int bc_deflate_mark_done(HPDF_Stream s)
{
    zstate *z = zstate_get();
    int ok = 0;
    uLong a = z ? content_adler(s, z->in, &ok) : 0;
    if (!ok)
        return 0;
    done[done_next] = (done_mark){s, HPDF_Stream_Size(s), a};
    done_next = (done_next + 1) % MAX_DONE;
    return 1;
}

/* The mark of `src` if it still holds the bytes marked; the mark is used up. */
static int take_mark(HPDF_Stream src, zstate *z)
{
    for (int i = 0; i < MAX_DONE; i++) {
        if (done[i].s != src)
            continue;
        done_mark m = done[i];
        done[i] = (done_mark){0};
        int ok;
        return m.size == HPDF_Stream_Size(src) && content_adler(src, z->in, &ok) == m.adler && ok;
    }
    return 0;
}

/* Writes src as it is (encrypted when the document is). */
static HPDF_STATUS copy_raw(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e, zstate *z)
{
    HPDF_STATUS ret = HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET);
    for (int eof = 0; ret == HPDF_OK && !eof;) {
        HPDF_UINT size = CHUNK;
        ret = HPDF_Stream_Read(src, z->in, &size);
        eof = ret == HPDF_STREAM_EOF;
        if (ret != HPDF_OK && !eof)
            return ret;
        if (e)
            HPDF_Encrypt_CryptBuf(e, z->in, z->enc, size);
        ret = size ? HPDF_Stream_Write(dst, e ? z->enc : z->in, size) : HPDF_OK;
    }
    return ret;
}

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
                                                 HPDF_Encrypt e)
{
    zstate *s = zstate_get();
    if (!s || deflateReset(&s->z) != Z_OK)
        return zfail(src, Z_MEM_ERROR);
    if (take_mark(src, s))
        return copy_raw(src, dst, e, s);
    HPDF_STATUS ret = HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET);
    if (ret != HPDF_OK)
        return ret;
    s->z.next_out = s->out;
    s->z.avail_out = CHUNK;
    int eof = 0;
    while (!eof) {
        HPDF_UINT size = CHUNK;
        ret = HPDF_Stream_Read(src, s->in, &size);
        if (ret == HPDF_STREAM_EOF)
            eof = 1;
        else if (ret != HPDF_OK)
            return ret;
        s->z.next_in = s->in;
        s->z.avail_in = size;
        while (s->z.avail_in > 0) {
            int zr = deflate(&s->z, Z_NO_FLUSH);
            if (zr != Z_OK)
                return zfail(src, zr);
            if (s->z.avail_out == 0 && (ret = flush_out(s, dst, e)) != HPDF_OK)
                return zfail(src, (int)ret);
        }
    }
    for (;;) {
        int zr = deflate(&s->z, Z_FINISH);
        if (zr != Z_OK && zr != Z_STREAM_END)
            return zfail(src, zr);
        if ((ret = flush_out(s, dst, e)) != HPDF_OK)
            return zfail(src, (int)ret);
        if (zr == Z_STREAM_END)
            return HPDF_OK;
    }
}
