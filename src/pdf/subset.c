/* subset.c — see subset.h. */
#include "pdf/subset.h"

#include <hb-subset.h>
#include <hb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* A subset made before: the documents of a batch, made from one form, mostly draw the same
 * glyphs of a face, and a subset costs more than all the rest of a face's embedding. */
#define KEPT_SUBSETS 4

typedef struct kept_subset {
    uint8_t *used;     /* the glyphs asked for (nglyphs flags, 0 or 1) */
    hb_blob_t *blob, *zblob;
    uint16_t *new_gid;
} kept_subset;

/* One font file, parsed and prepared once per process. */
typedef struct face_entry {
    char *path;
    hb_face_t *face;
    hb_set_t *drop;    /* every table of the file a CIDFontType2 does not need */
    unsigned nglyphs;
    kept_subset kept[KEPT_SUBSETS];
    int next;          /* the slot the next new subset takes */
} face_entry;

static face_entry faces[BC_SUBSET_FACES];
static int nfaces;
static pthread_mutex_t faces_lock = PTHREAD_MUTEX_INITIALIZER;

/* Without cvt, fpgm and prep: the subset carries no hinting (make_input). */
static const char *const KEEP[] = {"glyf", "loca", "head", "hhea", "hmtx", "maxp"};

static int kept_table(hb_tag_t tag)
{
    for (size_t i = 0; i < sizeof KEEP / sizeof *KEEP; i++)
        if (tag == hb_tag_from_string(KEEP[i], 4))
            return 1;
    return 0;
}

/* The tables of `face` to drop: all but KEEP. */
static hb_set_t *drop_set(hb_face_t *face)
{
    hb_set_t *drop = hb_set_create();
    hb_tag_t tags[64];
    unsigned start = 0, n;
    do {
        n = sizeof tags / sizeof *tags;
        unsigned total = hb_face_get_table_tags(face, start, &n, tags);
        for (unsigned i = 0; i < n; i++)
            if (!kept_table(tags[i]))
                hb_set_add(drop, tags[i]);
        start += n;
        if (start >= total)
            break;
    } while (n > 0);
    return drop;
}

static face_entry *open_face(const char *path, bc_err *err)
{
    for (int i = 0; i < nfaces; i++)
        if (strcmp(faces[i].path, path) == 0)
            return &faces[i];
    if (nfaces == BC_SUBSET_FACES) {
        bc_err_add(err, BC_FAIL, path, 0, 0, "quá nhiều tệp phông chữ (tối đa %d)",
                   BC_SUBSET_FACES);
        return NULL;
    }
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        bc_err_add(err, BC_FAIL, path, 0, 0, "không đọc được tệp phông chữ");
        return NULL;
    }
    /* Not hb_subset_preprocess'ed: preparing a face costs more than the few subsets a batch
     * makes of it (the rest are reused), twice a whole render's time for one report. */
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    face_entry e = {strdup(path), face, drop_set(face), hb_face_get_glyph_count(face)};
    if (!e.path || face == hb_face_get_empty() || e.nglyphs == 0) {
        free(e.path);
        hb_face_destroy(face);
        hb_set_destroy(e.drop);
        bc_err_add(err, BC_FAIL, path, 0, 0, "tệp phông chữ không phải phông TrueType dùng được");
        return NULL;
    }
    faces[nfaces] = e;
    return &faces[nfaces++];
}

static hb_subset_input_t *make_input(const face_entry *fe, const uint8_t *used, unsigned n)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    hb_set_add(glyphs, 0);
    for (unsigned g = 1; g < n; g++)
        if (used[g])
            hb_set_add(glyphs, g);
    hb_set_union(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), fe->drop);
    /* The .notdef outline stays (a viewer may draw it). The hinting goes, the glyphs'
     * instructions with its tables: it was 60 % of every subset of Liberation Serif (29,452 of
     * the Regular's bytes → 10,780; 25 KB deflated per quy-3a unit). Poppler, MuPDF and cairo
     * draw outlines unhinted, so their pages are the same pixels either way (pdftoppm at 50,
     * 100 and 300 dpi, mutool and pdftocairo at 100); a viewer that runs TrueType instructions
     * may place small text on screen a pixel apart. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_HINTING);
    return in;
}

/* Fills out->new_gid from the plan's map of old glyph ids to new ones. */
static int fill_map(hb_subset_plan_t *plan, bc_subset *out)
{
    out->new_gid = calloc(out->nglyphs, sizeof *out->new_gid);
    if (!out->new_gid)
        return 0;
    const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (unsigned g = 0; g < out->nglyphs; g++) {
        hb_codepoint_t v = hb_map_get(map, g); /* HB_MAP_VALUE_INVALID when dropped */
        if (v <= 0xFFFF)
            out->new_gid[g] = (uint16_t)v;
    }
    return 1;
}

/* The font program deflated at the best level: it is made once and sent with every document
 * that draws the same glyphs. */
static hb_blob_t *deflated(const char *data, unsigned len)
{
    uLongf n = compressBound(len);
    Bytef *z = malloc(n);
    if (!z || compress2(z, &n, (const Bytef *)data, len, Z_BEST_COMPRESSION) != Z_OK) {
        free(z);
        return NULL;
    }
    return hb_blob_create((const char *)z, (unsigned)n, HB_MEMORY_MODE_READONLY, z, free);
}

static void set_data(bc_subset *out, hb_blob_t *blob, hb_blob_t *zblob)
{
    unsigned len, zlen;
    out->data = (const uint8_t *)hb_blob_get_data(blob, &len);
    out->zdata = (const uint8_t *)hb_blob_get_data(zblob, &zlen);
    out->len = len;
    out->zlen = zlen;
    out->blob_ = blob;
    out->zblob_ = zblob;
}

static bc_status subset_face(face_entry *fe, const char *path, const uint8_t *used,
                             unsigned nglyphs, bc_subset *out, bc_err *err)
{
    if (nglyphs != fe->nglyphs)
        return bc_err_add(err, BC_FAIL, path, 0, 0,
                          "số glyph của phông chữ không khớp (%u, HarfBuzz đọc %u)", nglyphs,
                          fe->nglyphs);
    hb_subset_input_t *in = make_input(fe, used, nglyphs);
    hb_subset_plan_t *plan = in ? hb_subset_plan_create_or_fail(fe->face, in) : NULL;
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    hb_blob_t *blob = sub ? hb_face_reference_blob(sub) : NULL;
    unsigned len = 0;
    const char *data = blob ? hb_blob_get_data(blob, &len) : NULL;
    out->nglyphs = nglyphs;
    hb_blob_t *zblob = data && len > 0 ? deflated(data, len) : NULL;
    int ok = zblob && fill_map(plan, out);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    if (!ok) {
        hb_blob_destroy(blob);
        hb_blob_destroy(zblob);
        free(out->new_gid);
        memset(out, 0, sizeof *out);
        return bc_err_add(err, BC_FAIL, path, 0, 0, "HarfBuzz không tạo được phông chữ con");
    }
    set_data(out, blob, zblob);
    return BC_OK;
}

static int same_glyphs(const uint8_t *kept, const uint8_t *used, unsigned n)
{
    for (unsigned g = 0; g < n; g++)
        if (kept[g] != (used[g] != 0))
            return 0;
    return 1;
}

/* The caller's subset as a copy of a kept one: the blob shared, the map copied. */
static int lend(const kept_subset *k, unsigned nglyphs, bc_subset *out)
{
    out->new_gid = malloc(nglyphs * sizeof *out->new_gid);
    if (!out->new_gid)
        return 0;
    memcpy(out->new_gid, k->new_gid, nglyphs * sizeof *out->new_gid);
    out->nglyphs = nglyphs;
    set_data(out, hb_blob_reference(k->blob), hb_blob_reference(k->zblob));
    return 1;
}

/* Keeps a copy of a new subset in the face's next slot (the oldest goes). Best effort. */
static void keep(face_entry *fe, const uint8_t *used, const bc_subset *sub)
{
    kept_subset *k = &fe->kept[fe->next];
    uint8_t *u = malloc(fe->nglyphs);
    uint16_t *map = malloc(fe->nglyphs * sizeof *map);
    if (!u || !map) {
        free(u);
        free(map);
        return;
    }
    free(k->used);
    free(k->new_gid);
    hb_blob_destroy(k->blob);
    hb_blob_destroy(k->zblob);
    for (unsigned g = 0; g < fe->nglyphs; g++)
        u[g] = used[g] != 0;
    memcpy(map, sub->new_gid, fe->nglyphs * sizeof *map);
    *k = (kept_subset){u, hb_blob_reference(sub->blob_), hb_blob_reference(sub->zblob_), map};
    fe->next = (fe->next + 1) % KEPT_SUBSETS;
}

static bc_status subset_or_reuse(face_entry *fe, const char *path, const uint8_t *used,
                                 unsigned nglyphs, bc_subset *out, bc_err *err)
{
    if (nglyphs == fe->nglyphs)
        for (int i = 0; i < KEPT_SUBSETS; i++)
            if (fe->kept[i].used && same_glyphs(fe->kept[i].used, used, nglyphs))
                return lend(&fe->kept[i], nglyphs, out) ? BC_OK : bc_err_oom(err, path);
    bc_status s = subset_face(fe, path, used, nglyphs, out, err);
    if (s == BC_OK)
        keep(fe, used, out);
    return s;
}

bc_status bc_subset_make(const char *path, const uint8_t *used, unsigned nglyphs, bc_subset *out,
                         bc_err *err)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&faces_lock);
    face_entry *fe = open_face(path, err);
    bc_status s = fe ? subset_or_reuse(fe, path, used, nglyphs, out, err) : BC_FAIL;
    pthread_mutex_unlock(&faces_lock);
    return s;
}

void bc_subset_free(bc_subset *s)
{
    hb_blob_destroy(s->blob_);
    hb_blob_destroy(s->zblob_);
    free(s->new_gid);
    memset(s, 0, sizeof *s);
}
