/* harufont.c — libharu 2.3.0's HPDF_Type0Font_New, without its pass over the whole BMP for a
 * font that will be subset.
 *
 * For a TrueType font and the UTF-8 encoder, libharu's CIDFontType2_New looks up the glyph and
 * the width of every one of the 65,536 codes and writes a 128 KB CIDToGIDMap, each time a
 * document first uses the face: about a sixth of a report's PDF time in a batch. When the font
 * is to be subset (fonts.c sets bc_glyphmap_quiet around HPDF_GetFont), embed.c replaces that
 * map, /W and the ToUnicode CMap before the document is saved, so what libharu computes there is
 * thrown away. This definition (called through libharu's PLT, see harupin.h) then hands
 * libharu's own function a stand-in encoder that maps only the space, with the UTF-8 encoder's
 * name and character collection, so the pass finds one code; and gives the font the real
 * encoder back before anyone measures or shows text with it. Any other font goes to libharu's
 * function unchanged (RTLD_NEXT).
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <string.h>

#include <hpdf_encoder.h>
#include <hpdf_font.h>

#include "pdf/glyphid.h"
#include "pdf/harupin.h"

typedef HPDF_Font (*type0_fn)(HPDF_MMgr, HPDF_FontDef, HPDF_Encoder, HPDF_Xref);

static type0_fn libharu_own(void)
{
    static _Thread_local type0_fn own;
    if (!own)
        own = (type0_fn)dlsym(RTLD_NEXT, "HPDF_Type0Font_New");
    return own;
}

/* A CMap encoder like `real` (name, collection, writing mode) that maps the space alone. */
static HPDF_Encoder stand_in(HPDF_MMgr mmgr, HPDF_Encoder real)
{
    HPDF_Encoder e = HPDF_CMapEncoder_New(mmgr, real->name, NULL);
    if (!e)
        return NULL;
    if (HPDF_CMapEncoder_InitAttr(e) != HPDF_OK) {
        HPDF_Encoder_Free(e);
        return NULL;
    }
    HPDF_CMapEncoderAttr ea = (HPDF_CMapEncoderAttr)e->attr;
    const HPDF_CMapEncoderAttr ra = (HPDF_CMapEncoderAttr)real->attr;
    e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    e->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    ea->cid_map[0][' '] = ' ';
    ea->unicode_map[0][' '] = ' ';
    ea->writing_mode = ra->writing_mode;
    memcpy(ea->registry, ra->registry, sizeof ea->registry);
    memcpy(ea->ordering, ra->ordering, sizeof ea->ordering);
    ea->suppliment = ra->suppliment;
    return e;
}

HPDF_Font HPDF_Type0Font_New(HPDF_MMgr mmgr, HPDF_FontDef fontdef, HPDF_Encoder encoder,
                             HPDF_Xref xref)
{
    type0_fn own = libharu_own();
    if (!own)
        return NULL;
    HPDF_Encoder e = NULL;
    if (bc_glyphmap_is_quiet(fontdef) && encoder->type == HPDF_ENCODER_TYPE_DOUBLE_BYTE)
        e = stand_in(mmgr, encoder);
    if (!e)
        return own(mmgr, fontdef, encoder, xref);
    HPDF_Font font = own(mmgr, fontdef, e, xref);
    if (font)
        ((HPDF_FontAttr)font->attr)->encoder = encoder;
    HPDF_Encoder_Free(e);
    return font;
}
