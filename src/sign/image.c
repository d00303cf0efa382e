/* image.c — see image.h. */
#include "sign/image.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_IMAGE_SIDE 6000

static int deflate_into(const unsigned char *data, size_t len, unsigned char **z, size_t *zlen)
{
    uLongf n = compressBound((uLong)len);
    *z = malloc(n ? n : 1);
    if (!*z || compress2(*z, &n, data, (uLong)len, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(*z);
        *z = NULL;
        return 0;
    }
    *zlen = n;
    return 1;
}

/* Splits RGBA into RGB and alpha; 0 when every pixel is opaque. */
static int split(const unsigned char *rgba, size_t px, unsigned char *rgb, unsigned char *alpha)
{
    int opaque = 1;
    for (size_t i = 0; i < px; i++) {
        memcpy(rgb + 3 * i, rgba + 4 * i, 3);
        alpha[i] = rgba[4 * i + 3];
        opaque &= alpha[i] == 255;
    }
    return !opaque;
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
    unsigned char *rgba = malloc(px * 4), *rgb = malloc(px * 3), *alpha = malloc(px);
    bc_status st = BC_OK;
    if (!rgba || !rgb || !alpha) {
        png_image_free(&img);
        st = bc_err_oom(err, path);
    } else if (!png_image_finish_read(&img, NULL, rgba, 0, NULL)) {
        st = bc_err_add(err, BC_BADINPUT, path, 0, 0, "ảnh PNG hỏng: %s", img.message);
    } else if (!split(rgba, px, rgb, alpha)) {
        st = bc_err_add(err, BC_BADINPUT, path, 0, 0,
                        "ảnh chữ ký/con dấu phải có nền trong suốt (PNG có kênh alpha)");
    } else if (!deflate_into(rgb, px * 3, &out->rgb_z, &out->rgb_zlen) ||
               !deflate_into(alpha, px, &out->alpha_z, &out->alpha_zlen)) {
        st = bc_err_add(err, BC_FAIL, path, 0, 0, "không nén được ảnh");
    }
    out->width = img.width;
    out->height = img.height;
    free(rgba);
    free(rgb);
    free(alpha);
    if (st != BC_OK)
        bc_sign_image_free(out);
    return st;
}

void bc_sign_image_free(bc_sign_image *img)
{
    free(img->rgb_z);
    free(img->alpha_z);
    memset(img, 0, sizeof *img);
}
