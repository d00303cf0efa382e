/* harudeflate.c — see harudeflate.h. */
#include "pdf/harudeflate.h"

#include <stdlib.h>
#include <zlib.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_streams.h>

#include "pdf/harupin.h"

/* Level 6 (zlib's default) against 1 … 9 on the benchmark's units: see bench/RESULTS.md,
 * "deflate level". */
#define BC_DEFLATE_DEFAULT 6

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
    if (!zs) {
        zs = calloc(1, sizeof *zs);
        if (!zs)
            return NULL;
    }
    if (!zs->ready) {
        if (deflateInit(&zs->z, bc_deflate_level()) != Z_OK)
            return NULL;
        zs->ready = 1;
    } else if (deflateReset(&zs->z) != Z_OK) {
        return NULL;
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

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
                                                 HPDF_Encrypt e)
{
    HPDF_STATUS ret = HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET);
    if (ret != HPDF_OK)
        return ret;
    zstate *s = zstate_get();
    if (!s)
        return zfail(src, Z_MEM_ERROR);
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
