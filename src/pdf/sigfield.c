/* sigfield.c — see sigfield.h. Uses libharu's exported low-level object API, because its public
 * annotation functions cannot make a /Sig field. */
#include "pdf/sigfield.h"

#include "pdf/hpdfstr.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <string.h>

/* Objects handed to HPDF_Xref_Add become indirect; HPDF_Dict_Add/HPDF_Array_Add of an indirect
 * object then store a reference instead of a copy. */
static int make_indirect(HPDF_Doc pdf, void *obj)
{
    return obj && HPDF_Xref_Add(pdf->xref, obj) == HPDF_OK;
}

static int is_indirect(void *obj)
{
    return (((HPDF_Obj_Header *)obj)->obj_id & HPDF_OTYPE_INDIRECT) != 0;
}

/* The page's /Annots as an indirect array. libharu creates a direct one for links; its
 * annotations (always indirect objects) are moved into a fresh indirect array, because a signer
 * must otherwise rewrite the whole page object to add to a direct array. */
static HPDF_Array page_annots(HPDF_Doc pdf, HPDF_Page page)
{
    HPDF_Array old = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (old && is_indirect(old))
        return old;
    HPDF_Array annots = HPDF_Array_New(pdf->mmgr);
    if (!make_indirect(pdf, annots))
        return NULL;
    if (old) {
        for (HPDF_UINT i = 0; i < old->list->count; i++) {
            HPDF_Obj_Header *h = HPDF_List_ItemAt(old->list, i);
            void *target = h->obj_class == HPDF_OCLASS_PROXY ? ((HPDF_Proxy)h)->obj : (void *)h;
            if (!is_indirect(target) || HPDF_Array_Add(annots, target) != HPDF_OK)
                return NULL;
        }
    }
    return HPDF_Dict_Add(page, "Annots", annots) == HPDF_OK ? annots : NULL;
}

static HPDF_Dict acroform(HPDF_Doc pdf)
{
    HPDF_Dict catalog = pdf->catalog;
    HPDF_Dict form = HPDF_Dict_GetItem(catalog, "AcroForm", HPDF_OCLASS_DICT);
    if (form)
        return form;
    form = HPDF_Dict_New(pdf->mmgr);
    if (!make_indirect(pdf, form))
        return NULL;
    HPDF_Array fields = HPDF_Array_New(pdf->mmgr);
    if (!fields || HPDF_Dict_Add(form, "Fields", fields) != HPDF_OK ||
        HPDF_Dict_Add(catalog, "AcroForm", form) != HPDF_OK)
        return NULL;
    return form;
}

/* << /Signer (name) /Undated true >> for the field, or HPDF_OK and nothing when neither applies. */
static HPDF_STATUS add_block_info(HPDF_Doc pdf, HPDF_Dict field, const char *signer, int undated)
{
    if ((!signer || !*signer) && !undated)
        return HPDF_OK;
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
    if (!info)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_OK;
    if (signer && *signer) {
        HPDF_Binary name = bc_hpdf_text(pdf, signer);
        st |= name ? HPDF_Dict_Add(info, "Signer", name) : HPDF_FAILD_TO_ALLOC_MEM;
    }
    if (undated)
        st |= HPDF_Dict_AddBoolean(info, "Undated", HPDF_TRUE);
    return st | HPDF_Dict_Add(field, "BaocaoBlock", info);
}

/* ISO 19005-2, 6.3.3: a widget with an area needs a normal appearance, even unsigned; an empty
 * form XObject the size of the field draws nothing. Signing replaces it with the signature's. */
static HPDF_STATUS add_empty_appearance(HPDF_Doc pdf, HPDF_Dict field, double w, double h)
{
    HPDF_Dict xo = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_Array bbox = HPDF_Array_New(pdf->mmgr);
    HPDF_Dict ap = HPDF_Dict_New(pdf->mmgr);
    if (!xo || !bbox || !ap)
        return HPDF_FAILD_TO_ALLOC_MEM;
    xo->filter = HPDF_STREAM_FILTER_NONE;
    HPDF_STATUS st = HPDF_Dict_AddName(xo, "Type", "XObject");
    st |= HPDF_Dict_AddName(xo, "Subtype", "Form");
    st |= HPDF_Array_AddReal(bbox, 0);
    st |= HPDF_Array_AddReal(bbox, 0);
    st |= HPDF_Array_AddReal(bbox, (HPDF_REAL)w);
    st |= HPDF_Array_AddReal(bbox, (HPDF_REAL)h);
    st |= HPDF_Dict_Add(xo, "BBox", bbox);
    st |= HPDF_Dict_Add(ap, "N", xo);
    return st | HPDF_Dict_Add(field, "AP", ap);
}

bc_status bc_pdf_add_sig_field(HPDF_Doc pdf, HPDF_Page page, const char *role, double x0,
                               double y0, double x1, double y1, const char *signer, int undated,
                               bc_err *err)
{
    if (!role || !*role || strlen(role) > 60)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "tên trường chữ ký không hợp lệ");
    if (x1 <= x0 || y1 <= y0)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0,
                          "vùng ký của '%s' rỗng (%.1f %.1f %.1f %.1f)", role, x0, y0, x1, y1);
    HPDF_Dict field = HPDF_Dict_New(pdf->mmgr);
    if (!make_indirect(pdf, field))
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu: không tạo được trường chữ ký");
    HPDF_Array rect = HPDF_Array_New(pdf->mmgr);
    HPDF_Array annots = page_annots(pdf, page);
    HPDF_Dict form = acroform(pdf);
    HPDF_Array fields = form ? HPDF_Dict_GetItem(form, "Fields", HPDF_OCLASS_ARRAY) : NULL;
    HPDF_STATUS st = !rect || !annots || !fields;
    if (!st) {
        st |= HPDF_Dict_AddName(field, "FT", "Sig");
        /* A role is ASCII by contract; no encoder means it is written as a literal string. */
        st |= HPDF_Dict_Add(field, "T", HPDF_String_New(pdf->mmgr, role, NULL));
        st |= HPDF_Dict_AddName(field, "Type", "Annot");
        st |= HPDF_Dict_AddName(field, "Subtype", "Widget");
        st |= HPDF_Dict_AddNumber(field, "F", 132);
        st |= HPDF_Array_AddReal(rect, (HPDF_REAL)x0);
        st |= HPDF_Array_AddReal(rect, (HPDF_REAL)y0);
        st |= HPDF_Array_AddReal(rect, (HPDF_REAL)x1);
        st |= HPDF_Array_AddReal(rect, (HPDF_REAL)y1);
        st |= HPDF_Dict_Add(field, "Rect", rect);
        st |= HPDF_Dict_Add(field, "P", page);
        st |= add_block_info(pdf, field, signer, undated);
        st |= add_empty_appearance(pdf, field, x1 - x0, y1 - y0);
        st |= HPDF_Array_Add(annots, field);
        st |= HPDF_Array_Add(fields, field);
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0,
                          "libharu: không thêm được trường chữ ký '%s'", role);
    }
    return BC_OK;
}
