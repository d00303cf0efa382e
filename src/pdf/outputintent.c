/* outputintent.c — see outputintent.h. */
#include "pdf/outputintent.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"

#define ICC_MAX (1u << 20)
#define CONDITION "sRGB IEC61966-2.1"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The header fields a reader relies on (ICC.1, 7.2): size, version, colour space, signature. */
static const char *icc_problem(const unsigned char *d, size_t n)
{
    if (n < 132 || memcmp(d + 36, "acsp", 4) != 0)
        return "không phải hồ sơ màu ICC";
    if (be32(d) != n)
        return "kích thước ghi trong hồ sơ màu khác kích thước tệp";
    if (memcmp(d + 16, "RGB ", 4) != 0)
        return "hồ sơ màu không phải RGB";
    if (d[8] < 2 || d[8] > 4)
        return "phiên bản hồ sơ màu không được hỗ trợ (cần 2–4)";
    return NULL;
}

static HPDF_Dict profile_stream(HPDF_Doc pdf, const char *data, size_t len)
{
    HPDF_Dict icc = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!icc)
        return NULL;
    icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (HPDF_Dict_AddNumber(icc, "N", 3) != HPDF_OK ||
        HPDF_Stream_Write(icc->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    return icc;
}

static HPDF_STATUS add_text(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *value)
{
    HPDF_String s = HPDF_String_New(pdf->mmgr, value, NULL);
    return s ? HPDF_Dict_Add(d, key, s) : HPDF_FAILD_TO_ALLOC_MEM;
}

static bc_status add_intent(HPDF_Doc pdf, HPDF_Dict icc, const char *path, bc_err *err)
{
    HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array list = HPDF_Array_New(pdf->mmgr);
    HPDF_STATUS st = !oi || !list;
    if (!st) {
        st |= HPDF_Dict_AddName(oi, "Type", "OutputIntent");
        st |= HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
        st |= add_text(pdf, oi, "OutputConditionIdentifier", CONDITION);
        st |= add_text(pdf, oi, "Info", CONDITION);
        st |= add_text(pdf, oi, "RegistryName", "http://www.color.org");
        st |= HPDF_Dict_Add(oi, "DestOutputProfile", icc);
        st |= HPDF_Array_Add(list, oi);
        st |= HPDF_Dict_Add(pdf->catalog, "OutputIntents", list);
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return bc_err_add(err, BC_FAIL, path, 0, 0, "libharu: không thêm được OutputIntent");
    }
    return BC_OK;
}

bc_status bc_pdf_add_output_intent(HPDF_Doc pdf, const char *icc_path, bc_err *err)
{
    const char *env = getenv("BAOCAO_ICC_PROFILE");
    const char *path = icc_path ? icc_path : env && *env ? env : BC_SRGB_DEFAULT;
    char *data = NULL;
    size_t len = 0;
    bc_status s = bc_file_read_max(path, ICC_MAX, &data, &len, err);
    if (s != BC_OK)
        return s;
    const char *why = icc_problem((const unsigned char *)data, len);
    if (why) {
        free(data);
        return bc_err_add(err, BC_FAIL, path, 0, 0, "%s (PDF/A cần hồ sơ màu sRGB, gói "
                          "icc-profiles-free)", why);
    }
    HPDF_Dict icc = profile_stream(pdf, data, len);
    free(data);
    if (!icc) {
        HPDF_ResetError(pdf);
        return bc_err_add(err, BC_FAIL, path, 0, 0, "libharu: không nhúng được hồ sơ màu");
    }
    return add_intent(pdf, icc, path, err);
}
