/* fuzz_xmp.c — the XMP metadata reader (pdf/xmpread.h) as `baocao metadata` and the batch
 * manifest use it (the project's fuzz convention: corpus/xmp/ seeds, regress/xmp/ every crash,
 * timeout and oom found, minimised; xmp.dict).
 *
 * An input that starts with "%PDF-" is read as a PDF (our reader finds /Metadata, then the
 * packet is parsed); any other input is parsed as a packet itself. Whatever is read is then
 * written as the JSON object the manifest holds. Nothing may crash, hang or grow past the bounds
 * of xmpread.h; a failure must come with a message, a success with every value within
 * BC_XMP_MAX_VALUE bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/xmpread.h"
#include "util/buf.h"

static void check_bounds(const bc_xmp_meta *m)
{
    for (int i = 0; i < BC_XM_COUNT; i++)
        if (m->std[i] && strlen(m->std[i]) > BC_XMP_MAX_VALUE)
            abort();
    for (int i = 0; i < BC_AM_COUNT; i++)
        if (m->archive[i] && strlen(m->archive[i]) > BC_XMP_MAX_VALUE)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bc_err e = BC_ERR_INIT;
    bc_xmp_meta m;
    bc_status st;
    int found = 0;
    if (size >= 5 && !memcmp(data, "%PDF-", 5))
        st = bc_xmp_from_pdf((const char *)data, size, "fuzz.pdf", &m, &found, &e);
    else
        st = bc_xmp_parse((const char *)data, size, "fuzz.xmp", &m, &e);
    if (st != BC_OK && e.n == 0)
        abort();
    if (st == BC_OK) {
        check_bounds(&m);
        bc_buf b = BC_BUF_INIT;
        bc_xmp_meta_json(&b, &m);
        bc_buf_free(&b);
    }
    bc_xmp_meta_free(&m);
    bc_err_free(&e);
    return 0;
}
