/* zpart.h — the parts of a DOCX deflated by us, once, and handed to libzip as they are.
 *
 * Most parts of the DOCX files of a batch are the same bytes for every unit (styles, settings,
 * font table, footnotes, headers, relationships, content types): only the document and the two
 * property parts change. libzip would deflate every part of every file again. Here each part is
 * deflated with zlib at BC_ZPART_LEVEL into a cache of the calling thread, keyed by part name;
 * a part whose bytes equal the cached ones (compared whole, not by checksum) reuses the deflated
 * bytes and their CRC-32. Deflating is a pure function of the bytes and the level, so a cache hit
 * gives the same zip as a miss: the files of a batch do not depend on which worker made them or
 * in which order.
 *
 * bc_zpart_source() wraps a deflated part as a libzip source that reports itself compressed
 * (method, sizes, CRC), so zip_close() copies the bytes without inflating or deflating them.
 */
#ifndef BC_DOCX_ZPART_H
#define BC_DOCX_ZPART_H

#include <stddef.h>
#include <stdint.h>

#include <zip.h>

/* Measured on 200 quy-3a units (`batch --format docx`, one worker, CPU per unit and mean
 * bytes per DOCX, the other parts cached): level 1 5.8 ms 21.4 KB, 2 5.7 ms 20.9 KB, 3 6.0 ms
 * 20.3 KB, 4 6.2 ms 19.3 KB, 6 6.8 ms 17.8 KB, 9 (libzip's before) 9.4 ms 17.3 KB. Level 3 has
 * the speed of 1 within the noise, a KB less, and is the level of the PDF's streams
 * (pdf/harudeflate.c). */
enum { BC_ZPART_LEVEL = 3 };

typedef struct bc_zpart {
    const unsigned char *z; /* the raw deflate stream */
    size_t zlen, len;       /* its length, and the part's */
    uint32_t crc;           /* CRC-32 of the part's bytes */
    int level;              /* the level it was deflated at */
} bc_zpart;

/* The deflated form of part `name` holding `len` bytes at `data`, from the calling thread's
 * cache or deflated now. The result stays valid until the thread asks for the same name again.
 * The cache keeps `name` itself, not a copy: it must live as long as the thread (the package's
 * part names are string literals, docx/package.h).
 * NULL when memory runs out or the part is too large for a zip without zip64 (4 GiB). */
const bc_zpart *bc_zpart_get(const char *name, const void *data, size_t len);

/* A source for zip_file_add() that gives libzip `p`'s deflated bytes (not copied: `p` must stay
 * valid until zip_close()). NULL with `za`'s error set on failure. */
zip_source_t *bc_zpart_source(zip_t *za, const bc_zpart *p);

#endif
