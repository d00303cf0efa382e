/* testpdf.h — builds a small one-page form with libharu for the signing tests, the way the
 * renderer will: Vietnamese text in embedded Liberation Serif, compression on, and one unsigned
 * signature field per role made with bc_pdf_add_sig_field. Header-only so that every test
 * binary can include it. */
#ifndef BC_TEST_TESTPDF_H
#define BC_TEST_TESTPDF_H

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/sigfield.h"
#include "util/buf.h"

static void testpdf_on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    fprintf(stderr, "libharu error %#lx %lu\n", (unsigned long)e, (unsigned long)d);
}

/* Signing spaces of the two columns of the test form (points). */
#define TESTPDF_NK_RECT 100, 230, 260, 300
#define TESTPDF_TT_RECT 330, 180, 530, 305 /* room for a 36 mm seal and its 3 mm clearances */
#define TESTPDF_TC_RECT 400, 795, 570, 830

/* `fonts` is the fonts/ folder; `with_org` adds the attachment's "to-chuc" field. */
static int testpdf_make(const char *fonts, int with_org, bc_buf *out)
{
    HPDF_Doc pdf = HPDF_New(testpdf_on_error, NULL);
    if (!pdf)
        return -1;
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    char path[1024], bold[1024];
    snprintf(path, sizeof path, "%s/LiberationSerif-Regular.ttf", fonts);
    snprintf(bold, sizeof bold, "%s/LiberationSerif-Bold.ttf", fonts);
    const char *fn = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    const char *fb = HPDF_LoadTTFontFromFile(pdf, bold, HPDF_TRUE);
    if (!fn || !fb) {
        HPDF_Free(pdf);
        return -1;
    }
    HPDF_Font font = HPDF_GetFont(pdf, fn, "UTF-8"), fbold = HPDF_GetFont(pdf, fb, "UTF-8");
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    static const struct { double x, y, size; int bold; const char *text; } lines[] = {
        {185, 780, 13, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
        {225, 762, 13, 1, "Độc lập - Tự do - Hạnh phúc"},
        {120, 700, 14, 1, "BÁO CÁO TÌNH HÌNH ỨNG DỤNG CÔNG NGHỆ THÔNG TIN"},
        {85, 660, 13, 0, "1. Tổng số cán bộ, công chức: 42 người; có máy tính: 40 (95,24%)."},
        {85, 640, 13, 0, "2. Hệ thống quản lý văn bản và điều hành: đã triển khai."},
        {120, 320, 13, 1, "NGƯỜI LẬP BIỂU"},
        {125, 305, 11, 0, "(Ký, ghi rõ họ tên)"},
        {130, 215, 13, 1, "Nguyễn Thị Thu Hương"},
        {380, 320, 13, 1, "THỦ TRƯỞNG CƠ QUAN"},
        {380, 305, 11, 0, "(Ký tên, đóng dấu)"},
        {385, 215, 13, 1, "Trần Quốc Khánh"},
    };
    HPDF_Page_BeginText(page);
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        HPDF_Page_SetFontAndSize(page, lines[i].bold ? fbold : font, (HPDF_REAL)lines[i].size);
        HPDF_Page_TextOut(page, (HPDF_REAL)lines[i].x, (HPDF_REAL)lines[i].y, lines[i].text);
    }
    HPDF_Page_EndText(page);
    bc_err err = BC_ERR_INIT;
    int bad = bc_pdf_add_sig_field(pdf, page, "nguoi-khai", TESTPDF_NK_RECT, NULL, 0, &err) != BC_OK ||
              bc_pdf_add_sig_field(pdf, page, "thu-truong", TESTPDF_TT_RECT, NULL, 0, &err) != BC_OK ||
              (with_org &&
               bc_pdf_add_sig_field(pdf, page, "to-chuc", TESTPDF_TC_RECT, NULL, 0, &err) != BC_OK);
    if (bad)
        bc_err_print(&err, stderr);
    bc_err_free(&err);
    if (!bad && HPDF_SaveToStream(pdf) == HPDF_OK) {
        HPDF_ResetStream(pdf);
        for (;;) {
            HPDF_BYTE chunk[8192];
            HPDF_UINT32 n = sizeof chunk;
            HPDF_ReadFromStream(pdf, chunk, &n);
            if (n == 0)
                break;
            bc_buf_append(out, chunk, n);
        }
    } else
        bad = 1;
    HPDF_Free(pdf);
    return bad || out->oom ? -1 : 0;
}

#endif
