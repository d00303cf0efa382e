/* fuzz_layout.c — a layout file, as `baocao fields/render --form X.yaml` loads it: the YAML
 * builder, the layout language (fields, expressions, body blocks, placeholders, footnotes) and
 * its cross-checks. A layout that loads is also built as a blank form and written as templates,
 * since those walk everything the loader accepted. */
#include "doc/build.h"
#include "form/form.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    const char *path = fuzz_scratch(".yaml");
    fuzz_put(path, data, size);
    bc_err e = BC_ERR_INIT;
    bc_layout *l = NULL;
    bc_status st = bc_layout_load(path, &l, &e);
    if ((st == BC_OK) != (l != NULL) || (st != BC_OK && e.n == 0))
        abort();
    if (l) {
        bc_doc *doc = NULL;
        if (bc_build(l, NULL, &doc, &e) == BC_OK)
            bc_doc_free(doc);
        bc_template_write(l, "yaml", sink, &e);
        bc_template_write(l, "csv", sink, &e);
    }
    bc_layout_free(l);
    bc_err_free(&e);
    return 0;
}
