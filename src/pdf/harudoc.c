/* harudoc.c — see harudoc.h. */
#include "pdf/harudoc.h"

#include "pdf/harupin.h"

typedef struct haru_error {
    bc_err *err;
    int failed;
} haru_error;

static _Thread_local HPDF_Doc kept;
static _Thread_local haru_error he;

/* libharu reports errors through a callback and then returns an error code; the callback only
 * records, so that rendering unwinds normally and the caller gets one clear failure. */
static void on_haru_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    haru_error *h = user;
    if (!h->failed)
        bc_err_add(h->err, BC_FAIL, NULL, 0, 0, "lỗi libharu 0x%04X (chi tiết %u)",
                   (unsigned)error_no, (unsigned)detail_no);
    h->failed = 1;
}

/* A new libharu object with what every report needs registered once (a second
 * HPDF_UseUTFEncodings on one object is a duplicate registration). */
static HPDF_Doc make(void)
{
    HPDF_Doc pdf = HPDF_New(on_haru_error, &he);
    if (pdf && (HPDF_UseUTFEncodings(pdf) != HPDF_OK || he.failed)) {
        HPDF_Free(pdf);
        pdf = NULL;
    }
    return pdf;
}

HPDF_Doc bc_harudoc_open(bc_err *err)
{
    he = (haru_error){err, 0};
    HPDF_Doc pdf = kept;
    kept = NULL;
    if (pdf && HPDF_NewDoc(pdf) != HPDF_OK) {
        HPDF_Free(pdf);
        pdf = NULL;
    }
    if (!pdf)
        pdf = make();
    if (!pdf) {
        bc_err_add(err, BC_FAIL, NULL, 0, 0, "không khởi tạo được libharu");
        return NULL;
    }
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    if (he.failed) {
        HPDF_Free(pdf);
        return NULL;
    }
    return pdf;
}

int bc_harudoc_failed(void)
{
    return he.failed;
}

void bc_harudoc_close(HPDF_Doc pdf, int failed)
{
    if (!pdf)
        return;
    if (failed || he.failed || kept) {
        HPDF_Free(pdf);
        return;
    }
    kept = pdf;
}
