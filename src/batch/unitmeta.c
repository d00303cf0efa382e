/* unitmeta.c — see unitmeta.h. */
#include "batch/unitmeta.h"

#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "util/fileio.h"
#include "util/text.h"

int bc_unit_metadata(const char *out_dir, const bc_record *r, bc_xmp_meta *m)
{
    memset(m, 0, sizeof *m);
    const char *pdf = NULL;
    for (int i = 0; i < r->nout && !pdf; i++)
        if (bc_ends_with(r->out[i].path, ".pdf"))
            pdf = r->out[i].path;
    char *path = pdf ? bc_strfmt("%s/%s", out_dir, pdf) : NULL;
    char *data = NULL;
    size_t len = 0;
    int found = 0;
    bc_err err = BC_ERR_INIT; /* a unit's unreadable metadata is left out, not reported */
    if (path && bc_file_read_max(path, BC_PDF_MAX_FILE_BYTES, &data, &len, &err) == BC_OK &&
        bc_xmp_from_pdf(data, len, path, m, &found, &err) != BC_OK)
        found = 0;
    bc_err_free(&err);
    free(data);
    free(path);
    return found;
}
