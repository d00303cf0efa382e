/* harudeflate.h — the deflate level of every stream baocao writes, and libharu's stream
 * compressor replaced by one that uses it.
 *
 * libharu 2.3.0 compresses each stream of a PDF at zlib's default level through a fresh
 * z_stream (deflateInit_ allocates and clears about 270 KB each time, for every page, font and
 * map). harudeflate.c defines HPDF_Stream_WriteToStreamWithDeflate, which libharu calls through
 * its PLT, so that ours replaces it for the whole process: the same output format (one zlib
 * stream, the bytes encrypted when the document is), at bc_deflate_level(), with one z_stream
 * per thread reset between streams.
 */
#ifndef BC_PDF_HARUDEFLATE_H
#define BC_PDF_HARUDEFLATE_H

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_streams.h>

/* The level chosen by measurement (bench/run.sh measures every level, bytes and CPU per unit):
 * see BC_DEFLATE_DEFAULT in harudeflate.c. BAOCAO_DEFLATE_LEVEL (0–9) overrides it, read once;
 * the benchmark uses it to measure the levels against each other. */
int bc_deflate_level(void);

/* Says that the bytes `s` holds now are deflated already (a font program compressed once for
 * a whole batch): the next time libharu writes `s` with FlateDecode, they are written as they
 * are. Only when `s` still holds exactly those bytes (size and Adler-32 compared), so a stream
 * changed since, or another one later made at the same address, is compressed as usual. At most
 * 16 streams are marked at once (the oldest mark goes); 0 when `s` cannot be read. */
int bc_deflate_mark_done(HPDF_Stream s);

/* libharu's (hpdf_streams.c declares it privately): src deflated onto dst, encrypted by e when
 * not NULL. */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
                                                 HPDF_Encrypt e);

#endif
