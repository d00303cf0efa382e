/* sigfield.c — see sigfield.h. libharu 2.3.0 has no API for form fields, so the dictionaries are
 * built with its exported object API. */
#include "pdf/sigfield.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>

/* An indirect array stored under `key` in `dict`, created on first use. Indirect, because a later
 * incremental update (signing) appends to it by rewriting just that object. */
static HPDF_Array indirect_array(HPDF_Doc pdf, HPDF_Dict dict, const char *key)
{
    HPDF_Array arr = HPDF_Dict_GetItem(dict, key, HPDF_OCLASS_ARRAY);
    if (arr)
        return arr;
    arr = HPDF_Array_New(pdf->mmgr);
    if (!arr || HPDF_Xref_Add(pdf->xref, arr) != HPDF_OK || HPDF_Dict_Add(dict, key, arr) != HPDF_OK)
        return NULL;
    return arr;
}

static HPDF_Dict acroform(HPDF_Doc pdf)
{
    HPDF_Dict form = HPDF_Dict_GetItem(pdf->catalog, "AcroForm", HPDF_OCLASS_DICT);
    if (form)
        return form;
    form = HPDF_Dict_New(pdf->mmgr);
    if (!form || HPDF_Xref_Add(pdf->xref, form) != HPDF_OK ||
        HPDF_Dict_Add(pdf->catalog, "AcroForm", form) != HPDF_OK)
        return NULL;
    return form;
}

bc_status bc_pdf_add_sig_field(HPDF_Doc pdf, HPDF_Page page, const char *role, double x0,
                               double y0, double x1, double y1, bc_err *err)
{
    HPDF_Dict form = acroform(pdf);
    HPDF_Array fields = form ? indirect_array(pdf, form, "Fields") : NULL;
    HPDF_Array annots = indirect_array(pdf, page, "Annots");
    HPDF_Dict w = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array rect = HPDF_Array_New(pdf->mmgr);
    if (!fields || !annots || !w || !rect || HPDF_Xref_Add(pdf->xref, w) != HPDF_OK)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không tạo được ô chữ ký \"%s\"", role);
    HPDF_Array_AddReal(rect, (HPDF_REAL)x0);
    HPDF_Array_AddReal(rect, (HPDF_REAL)y0);
    HPDF_Array_AddReal(rect, (HPDF_REAL)x1);
    HPDF_Array_AddReal(rect, (HPDF_REAL)y1);
    HPDF_Dict_AddName(w, "Type", "Annot");
    HPDF_Dict_AddName(w, "Subtype", "Widget");
    HPDF_Dict_AddName(w, "FT", "Sig");
    HPDF_Dict_Add(w, "T", HPDF_String_New(pdf->mmgr, role, NULL));
    HPDF_Dict_AddNumber(w, "F", 132); /* Print + Locked */
    HPDF_Dict_Add(w, "Rect", rect);
    HPDF_Dict_Add(w, "P", page);
    if (HPDF_Array_Add(annots, w) != HPDF_OK || HPDF_Array_Add(fields, w) != HPDF_OK)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "không tạo được ô chữ ký \"%s\"", role);
    return BC_OK;
}
