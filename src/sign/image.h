/* image.h — a signature or seal image, prepared once for any number of signatures.
 *
 * Nghị định 30 wants the signature blue and the seal red on a transparent background, so a PNG
 * with an alpha channel is required; it becomes an RGB image and its alpha a soft mask, both
 * deflated. Decoding and deflating cost far more than the signature itself (about 1.8 MB of
 * pixels for the sample images), so a batch prepares the images once and every unit's signature
 * copies the compressed bytes.
 */
#ifndef BC_SIGN_IMAGE_H
#define BC_SIGN_IMAGE_H

#include <stddef.h>

#include "util/err.h"

typedef struct bc_sign_image {
    unsigned width, height;
    unsigned char *rgb_z, *alpha_z; /* zlib streams of the RGB samples and of the alpha */
    size_t rgb_zlen, alpha_zlen;
} bc_sign_image;

/* Reads a PNG: refused (BC_BADINPUT, naming the file) when unreadable, of an unreasonable size,
 * or without transparency. */
bc_status bc_sign_image_load(const char *path, bc_sign_image *img, bc_err *err);
void bc_sign_image_free(bc_sign_image *img);

#endif
