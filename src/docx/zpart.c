/* zpart.c — see zpart.h. */
#include "docx/zpart.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* More slots than a package has parts (BC_PKG_MAX_PARTS + the content types), so the least
 * recently used slot never belongs to the package being written. */
enum { SLOTS = 32 };

typedef struct slot {
    const char *name; /* NULL: free */
    unsigned long used; /* when last asked for, for eviction */
    unsigned char *raw, *z;
    size_t rawcap, zcap;
    bc_zpart part;
} slot;

/* One cache and one z_stream per thread: batch workers are processes, but the library renders
 * from threads too (tests/unit/test_docx.c). Like the PDF's z_stream (pdf/harudeflate.c) they
 * live as long as the thread. */
static _Thread_local slot cache[SLOTS];
static _Thread_local unsigned long clock_now;
static _Thread_local z_stream zs;
static _Thread_local int zs_level; /* 0: not initialised */

static slot *find(const char *name)
{
    slot *victim = &cache[0];
    for (int i = 0; i < SLOTS; i++) {
        if (cache[i].name && !strcmp(cache[i].name, name))
            return &cache[i];
        if (cache[i].used < victim->used)
            victim = &cache[i];
    }
    victim->name = NULL;
    return victim;
}

/* Grows *p to at least n bytes. */
static int reserve(unsigned char **p, size_t *cap, size_t n)
{
    if (n <= *cap && *p)
        return 1;
    unsigned char *q = realloc(*p, n ? n : 1);
    if (!q)
        return 0;
    *p = q;
    *cap = n ? n : 1;
    return 1;
}

static int stream_ready(int level)
{
    if (zs_level == level)
        return deflateReset(&zs) == Z_OK;
    if (zs_level)
        deflateEnd(&zs);
    zs_level = 0;
    memset(&zs, 0, sizeof zs);
    /* Raw deflate (no zlib header), as a zip entry holds it. */
    if (deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    zs_level = level;
    return 1;
}

/* Deflates `len` bytes into s->z in one call. */
static int deflate_into(slot *s, const void *data, size_t len, int level)
{
    if (!stream_ready(level))
        return 0;
    uLong bound = deflateBound(&zs, (uLong)len);
    if (bound >= 0xFFFFFFFFu || !reserve(&s->z, &s->zcap, bound))
        return 0;
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)len;
    zs.next_out = s->z;
    zs.avail_out = (uInt)bound;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
        return 0;
    s->part = (bc_zpart){s->z, (size_t)zs.total_out, len,
                         (uint32_t)crc32_z(0, (const Bytef *)data, len), level};
    return 1;
}

const bc_zpart *bc_zpart_get(const char *name, const void *data, size_t len)
{
    if (len >= 0xFFFFFFFFu || !name)
        return NULL;
    int level = BC_ZPART_LEVEL;
    slot *s = find(name);
    s->used = ++clock_now;
    if (s->name && s->part.len == len && s->part.level == level &&
        (len == 0 || !memcmp(s->raw, data, len)))
        return &s->part;
    s->name = NULL; /* until both copies are made */
    if (!reserve(&s->raw, &s->rawcap, len) || !deflate_into(s, data, len, level))
        return NULL;
    if (len)
        memcpy(s->raw, data, len);
    s->name = name;
    return &s->part;
}

/* ---- the libzip source ---- */

typedef struct zsrc {
    const bc_zpart *p;
    size_t off;
    zip_error_t error;
} zsrc;

/* General purpose bits 1–2 of a deflated entry: how hard the compressor tried (APPNOTE 4.4.4),
 * with libzip's bounds, so `unzip -v` says what it would for an entry libzip deflated. */
static zip_uint16_t level_bits(int level)
{
    if (level < 3)
        return 2 << 1;
    return level > 7 ? 1 << 1 : 0;
}

static zip_int64_t stat_of(zsrc *s, void *data, zip_uint64_t len)
{
    if (len < sizeof(zip_stat_t)) {
        zip_error_set(&s->error, ZIP_ER_INVAL, 0);
        return -1;
    }
    zip_stat_t *st = data;
    zip_stat_init(st);
    st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                ZIP_STAT_ENCRYPTION_METHOD;
    st->size = s->p->len;
    st->comp_size = s->p->zlen;
    st->comp_method = ZIP_CM_DEFLATE;
    st->encryption_method = ZIP_EM_NONE;
    st->crc = s->p->crc;
    return sizeof *st;
}

static zip_int64_t attributes_of(zsrc *s, void *data, zip_uint64_t len)
{
    if (len < sizeof(zip_file_attributes_t)) {
        zip_error_set(&s->error, ZIP_ER_INVAL, 0);
        return -1;
    }
    zip_file_attributes_t *a = data;
    a->valid |= ZIP_FILE_ATTRIBUTES_VERSION_NEEDED | ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
    a->version_needed = 20; /* deflate */
    a->general_purpose_bit_mask = 3 << 1;
    a->general_purpose_bit_flags = level_bits(s->p->level);
    return sizeof *a;
}

static zip_int64_t zsrc_read(zsrc *s, void *data, zip_uint64_t len)
{
    size_t n = s->p->zlen - s->off;
    if (len < n)
        n = (size_t)len;
    memcpy(data, s->p->z + s->off, n);
    s->off += n;
    return (zip_int64_t)n;
}

static zip_int64_t zsrc_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    zsrc *s = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        s->off = 0;
        return 0;
    case ZIP_SOURCE_READ:
        return zsrc_read(s, data, len);
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT:
        return stat_of(s, data, len);
    case ZIP_SOURCE_GET_FILE_ATTRIBUTES:
        return attributes_of(s, data, len);
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->error, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&s->error);
        free(s);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
    default:
        zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

zip_source_t *bc_zpart_source(zip_t *za, const bc_zpart *p)
{
    zsrc *s = calloc(1, sizeof *s);
    if (!s) {
        zip_error_set(zip_get_error(za), ZIP_ER_MEMORY, 0);
        return NULL;
    }
    s->p = p;
    zip_error_init(&s->error);
    zip_source_t *src = zip_source_function(za, zsrc_cb, s);
    if (!src) {
        zip_error_fini(&s->error);
        free(s);
    }
    return src;
}
