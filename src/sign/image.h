/* image.h — a signature or seal image, prepared once for any number of signatures.
 *
 * Nghị định 30 wants the signature blue and the seal red on a transparent background, so a PNG
 * with an alpha channel is required; it becomes a colour image and its alpha a soft mask, both
 * deflated. Decoding and deflating cost far more than the signature itself (about 1.8 MB of
 * pixels for the sample images), so a batch prepares the images once and every unit's signature
 * copies the compressed bytes.
 *
 * Every signed file carries these bytes, so they are made as small as lossless coding allows:
 * an image of at most 256 colours (scanned ink is: the samples have 84 and 90) becomes an
 * /Indexed image, one byte a pixel and the colours in a palette, else RGB; each plane is
 * deflated plainly and after the PNG filters (PDF /Predictor 15, a filter chosen per row), with
 * zlib's default and its run-length strategy, and the smallest of the four is kept. Decoded,
 * the planes give back exactly the PNG's pixels.
 */
#ifndef BC_SIGN_IMAGE_H
#define BC_SIGN_IMAGE_H

#include <stddef.h>

#include "util/err.h"

/* One plane of samples, 8 bits each, deflated (a zlib stream). */
typedef struct bc_sign_plane {
    unsigned char *z;
    size_t zlen;
    unsigned colors; /* samples per pixel: 1 (index or alpha) or 3 (RGB) */
    int predicted;   /* each row begins with its PNG filter type: /Predictor 15 */
} bc_sign_plane;

typedef struct bc_sign_image {
    unsigned width, height;
    unsigned ncolors;                /* 1–256: `color` holds indices into `palette`; 0: RGB */
    unsigned char palette[3 * 256];  /* ncolors RGB triples */
    bc_sign_plane color, alpha;
} bc_sign_image;

/* Reads a PNG: refused (BC_BADINPUT, naming the file) when unreadable, of an unreasonable size,
 * or without transparency. */
bc_status bc_sign_image_load(const char *path, bc_sign_image *img, bc_err *err);
void bc_sign_image_free(bc_sign_image *img);

#endif
