/* fuzz_pdf.c — libFuzzer harness for the PDF reader and `verify` (the project's fuzz convention:
 * corpus/pdf/ seeds, regress/pdf/ every crash, timeout and oom found, minimised; pdf.dict).
 *
 * Each input is verified against an empty trust store (the whole path of `baocao verify`: the
 * xref chain, the signature fields, /ByteRange, CMS, the judgement of later revisions), then
 * opened again and walked the way other callers use the reader: every object of the current
 * revision and of each older one, every stream decoded, each object compared with itself and
 * looked up in arrays. Nothing here may crash, hang, or take more memory than the limits of
 * pdfread.h allow.
 */
#include <openssl/x509_vfy.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "sign/verify.h"

/* Objects walked per revision: enough to reach every object of the seeds, few enough that an
 * input claiming a million objects stays fast. */
#define WALK_MAX 4000

static void touch(bc_pdf *doc, bc_pdf_obj *o)
{
    if (!o)
        return;
    /* The hash shortcut of bc_pdf_equal (taken without an ignore list) never changes its
     * answer. (An object need not equal itself: a dictionary that gives a key twice with two
     * values equals nothing, on purpose.) */
    static const char *const none[] = {"(none)", NULL};
    if (bc_pdf_equal(o, o, NULL) != bc_pdf_equal(o, o, none))
        abort();
    if (o->kind == BC_PDF_STREAM) {
        bc_buf out = BC_BUF_INIT;
        bc_err err = BC_ERR_INIT;
        (void)bc_pdf_stream_decode(doc, o, &out, &err);
        bc_buf_free(&out);
        bc_err_free(&err);
    }
    if (o->kind == BC_PDF_ARRAY) /* the index finds what a linear search finds */
        for (size_t i = 0; i < o->arr.n && i < 64; i++) {
            int linear = 0;
            for (size_t k = 0; k < o->arr.n && !linear; k++)
                linear = bc_pdf_equal(o->arr.items[k], o->arr.items[i], NULL);
            if (bc_pdf_array_has(o, o->arr.items[i]) != linear)
                abort();
        }
    if (o->kind == BC_PDF_DICT || o->kind == BC_PDF_STREAM)
        for (size_t i = 0; i < o->dict.n && i < 64; i++)
            if (!bc_pdf_dget_raw(o, o->dict.keys[i]))
                abort(); /* every key is found in its own dictionary */
    (void)bc_pdf_dget(doc, o, "Length");
}

static void walk(const char *data, size_t size)
{
    bc_pdf doc;
    bc_err err = BC_ERR_INIT;
    if (bc_pdf_open(&doc, data, size, "fuzz.pdf", &err) == BC_OK) {
        int n = doc.size < WALK_MAX ? doc.size : WALK_MAX;
        for (int num = 1; num < n; num++)
            touch(&doc, bc_pdf_get(&doc, num));
        for (size_t s = 1; s < doc.nsections && s < 8; s++)
            for (int num = 1; num < n && num < 256; num++)
                touch(&doc, bc_pdf_get_at(&doc, num, (size_t)doc.sections[s].off + 1));
        int *nums = NULL;
        size_t k = bc_pdf_changed_since(&doc, 1, &nums);
        for (size_t i = 1; i < k; i++)
            if (nums[i - 1] >= nums[i])
                abort(); /* increasing, each once */
        free(nums);
    }
    bc_pdf_close(&doc);
    bc_err_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    X509_STORE *trust = X509_STORE_new();
    if (!trust)
        return 0;
    bc_verify_report rep;
    bc_err err = BC_ERR_INIT;
    (void)bc_verify_pdf((const char *)data, size, "fuzz.pdf", trust, &rep, &err);
    bc_verify_report_free(&rep);
    bc_err_free(&err);
    X509_STORE_free(trust);
    walk((const char *)data, size);
    return 0;
}
