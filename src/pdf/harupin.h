/* harupin.h — the libharu version our link-time replacements are written for.
 *
 * A few modules (glyphid.c, harufont.c, harumem.c, harudeflate.c) define functions libharu
 * 2.3.0 calls through its PLT, so that ours take the place of libharu's own for the whole process; the
 * Makefile's HARU_OVERRIDES names them all and tests/e2e/19-haru-overrides.t checks that each one
 * wins. They read libharu's private structures, whose layout is only known for 2.3.0: every one
 * includes this header, which stops the build on any other version rather than let a changed
 * structure be misread at run time. (The library itself is pinned by its soname,
 * libhpdf-2.3.0.so, so a binary built here cannot load another version.)
 */
#ifndef BC_PDF_HARUPIN_H
#define BC_PDF_HARUPIN_H

#include <hpdf_version.h>

#if !defined(HPDF_VERSION_ID) || HPDF_VERSION_ID != 20300
#error "baocao replaces internals of libharu 2.3.0 (src/pdf/harupin.h); this is another libharu version: review glyphid.c, harufont.c, harumem.c, harudeflate.c, harudoc.c, textrun.c, fonts.c against its source first"
#endif

#endif
