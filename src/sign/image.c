/* image.c — see image.h. */
#include "sign/image.h"

#include <limits.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_IMAGE_SIDE 6000
#define PALETTE_MAX 256
/* Open addressing for the palette: a power of two, four times PALETTE_MAX, so probes stay short
 * and the table never fills. */
#define HASH_BITS 10
#define HASH_SLOTS (1u << HASH_BITS)

/* ---- one plane, deflated ------------------------------------------------------------------ */

static unsigned char *deflated(const unsigned char *data, size_t len, int strategy, size_t *zlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (len > UINT_MAX / 2 ||
        deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8, strategy) != Z_OK)
        return NULL;
    uLong bound = deflateBound(&z, (uLong)len);
    unsigned char *out = malloc(bound);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)bound;
    int r = out ? deflate(&z, Z_FINISH) : Z_MEM_ERROR;
    *zlen = z.total_out;
    deflateEnd(&z);
    if (r != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* PNG filter type f's prediction (0 None … 4 Paeth) from the byte to the left (a), above (b)
 * and above-left (c). */
static int predict(int f, int a, int b, int c)
{
    return f == 1 ? a : f == 2 ? b : f == 3 ? (a + b) / 2 : f == 4 ? paeth(a, b, c) : 0;
}

/* Byte i of row `cur` as filter type f leaves it (`prev` is the row above, zeros for the first
 * row; `bpp` bytes a pixel): the byte less f's prediction from its left, upper and upper-left
 * neighbours. */
static int filtered_byte(int f, const unsigned char *cur, const unsigned char *prev, size_t i,
                         unsigned bpp)
{
    int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
    return cur[i] - predict(f, a, b, c);
}

/* Row `cur` under PNG filter type f into `out`. */
static void filter_row(int f, const unsigned char *cur, const unsigned char *prev, size_t n,
                       unsigned bpp, unsigned char *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)filtered_byte(f, cur, prev, i, bpp);
}

/* A filtered byte as the distance of a signed number from 0. */
static unsigned magnitude(int v)
{
    unsigned char u = (unsigned char)v;
    return u < 128 ? u : 256u - u;
}

/* The filter type whose bytes, summed as signed numbers, are smallest: the usual guess of which
 * filter makes a row compress best (the PNG specification's heuristic). One pass for all five. */
static int cheapest_filter(const unsigned char *cur, const unsigned char *prev, size_t n,
                           unsigned bpp)
{
    unsigned long sum[5] = {0};
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < 5; f++)
            sum[f] += magnitude(filtered_byte(f, cur, prev, i, bpp));
    int best = 0;
    for (int f = 1; f < 5; f++)
        if (sum[f] < sum[best])
            best = f;
    return best;
}

/* h rows of `stride` bytes, each after the type byte of its cheapest filter: h * (stride + 1)
 * bytes, what /Predictor 15 decodes; NULL when out of memory. */
static unsigned char *png_filtered(const unsigned char *s, size_t stride, unsigned h, unsigned bpp)
{
    unsigned char *out = malloc(h * (stride + 1)), *zero = calloc(stride, 1);
    for (unsigned y = 0; out && zero && y < h; y++) {
        const unsigned char *cur = s + y * stride, *prev = y ? cur - stride : zero;
        unsigned char *dst = out + y * (stride + 1);
        dst[0] = (unsigned char)cheapest_filter(cur, prev, stride, bpp);
        filter_row(dst[0], cur, prev, stride, bpp, dst + 1);
    }
    if (!zero) {
        free(out);
        out = NULL;
    }
    free(zero);
    return out;
}

/* The smallest of the samples deflated as they are and after the PNG filters, each with zlib's
 * default strategy and with its run-length one (the better of the two for scanned ink, whose
 * noise defeats the longer matches the default looks for). */
static int encode_plane(const unsigned char *s, unsigned w, unsigned h, unsigned colors,
                        bc_sign_plane *p)
{
    static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_RLE};
    size_t stride = (size_t)w * colors;
    unsigned char *filtered = png_filtered(s, stride, h, colors);
    memset(p, 0, sizeof *p);
    p->colors = colors;
    for (int pred = 0; pred < 2; pred++)
        for (size_t k = 0; k < sizeof strategies / sizeof *strategies; k++) {
            if (pred && !filtered)
                continue;
            size_t zlen = 0;
            unsigned char *z = pred ? deflated(filtered, (stride + 1) * h, strategies[k], &zlen)
                                    : deflated(s, stride * h, strategies[k], &zlen);
            if (z && (!p->z || zlen < p->zlen)) {
                free(p->z);
                *p = (bc_sign_plane){z, zlen, colors, pred};
            } else
                free(z);
        }
    free(filtered);
    return p->z != NULL;
}

/* ---- from RGBA to planes ------------------------------------------------------------------ */

/* Each pixel's index into a palette of the image's colours (in order of first appearance),
 * into idx; 0 when there are more than PALETTE_MAX. */
static int index_colors(const unsigned char *rgba, size_t px, bc_sign_image *img,
                        unsigned char *idx)
{
    uint32_t keys[HASH_SLOTS] = {0}; /* colour + 1; 0 is a free slot */
    unsigned char at[HASH_SLOTS];
    unsigned n = 0;
    for (size_t i = 0; i < px; i++) {
        const unsigned char *c = rgba + 4 * i;
        uint32_t key = ((uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2]) + 1;
        uint32_t h = (key * 2654435761u) >> (32 - HASH_BITS);
        while (keys[h] && keys[h] != key)
            h = (h + 1) & (HASH_SLOTS - 1);
        if (!keys[h]) {
            if (n == PALETTE_MAX)
                return 0;
            keys[h] = key;
            at[h] = (unsigned char)n;
            memcpy(img->palette + 3 * n++, c, 3);
        }
        idx[i] = at[h];
    }
    img->ncolors = n;
    return 1;
}

/* 0 when every pixel is opaque. */
static int has_alpha(const unsigned char *rgba, size_t px)
{
    for (size_t i = 0; i < px; i++)
        if (rgba[4 * i + 3] != 255)
            return 1;
    return 0;
}

static int encode_image(const unsigned char *rgba, bc_sign_image *img)
{
    size_t px = (size_t)img->width * img->height;
    unsigned char *color = malloc(px * 3), *alpha = malloc(px);
    int ok = color && alpha;
    unsigned colors = 1;
    if (ok && !index_colors(rgba, px, img, color)) {
        img->ncolors = 0;
        colors = 3;
        for (size_t i = 0; i < px; i++)
            memcpy(color + 3 * i, rgba + 4 * i, 3);
    }
    for (size_t i = 0; ok && i < px; i++)
        alpha[i] = rgba[4 * i + 3];
    ok = ok && encode_plane(color, img->width, img->height, colors, &img->color) &&
         encode_plane(alpha, img->width, img->height, 1, &img->alpha);
    free(color);
    free(alpha);
    return ok;
}

bc_status bc_sign_image_load(const char *path, bc_sign_image *out, bc_err *err)
{
    memset(out, 0, sizeof *out);
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        return bc_err_add(err, BC_BADINPUT, path, 0, 0, "không đọc được ảnh PNG: %s",
                          img.message);
    if (img.width == 0 || img.height == 0 || img.width > MAX_IMAGE_SIDE ||
        img.height > MAX_IMAGE_SIDE) {
        png_image_free(&img);
        return bc_err_add(err, BC_BADINPUT, path, 0, 0, "ảnh PNG có kích thước không hợp lệ");
    }
    img.format = PNG_FORMAT_RGBA;
    size_t px = (size_t)img.width * img.height;
    unsigned char *rgba = malloc(px * 4);
    out->width = img.width;
    out->height = img.height;
    bc_status st = BC_OK;
    if (!rgba) {
        png_image_free(&img);
        st = bc_err_oom(err, path);
    } else if (!png_image_finish_read(&img, NULL, rgba, 0, NULL)) {
        st = bc_err_add(err, BC_BADINPUT, path, 0, 0, "ảnh PNG hỏng: %s", img.message);
    } else if (!has_alpha(rgba, px)) {
        st = bc_err_add(err, BC_BADINPUT, path, 0, 0,
                        "ảnh chữ ký/con dấu phải có nền trong suốt (PNG có kênh alpha)");
    } else if (!encode_image(rgba, out)) {
        st = bc_err_add(err, BC_FAIL, path, 0, 0, "không nén được ảnh");
    }
    free(rgba);
    if (st != BC_OK)
        bc_sign_image_free(out);
    return st;
}

void bc_sign_image_free(bc_sign_image *img)
{
    free(img->color.z);
    free(img->alpha.z);
    memset(img, 0, sizeof *img);
}
