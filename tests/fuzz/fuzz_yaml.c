/* fuzz_yaml.c — a YAML data file checked against a real form (tt06-pl1, the widest: every field
 * type, lists, choices, rules and computed figures), as `baocao validate` does. Whatever the bytes,
 * loading must end in BC_OK or a message, never a crash, a hang or unbounded memory. */
#include "form/data.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const bc_layout *l = fuzz_layout("tt06-pl1");
    const char *path = fuzz_scratch(".yaml");
    fuzz_put(path, data, size);
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    bc_status st = bc_data_load(l, path, &d, &e);
    if ((st == BC_OK) != (d != NULL) || (st != BC_OK && e.n == 0))
        abort(); /* the contract: data exactly on success, a message on every failure */
    bc_data_free(d);
    bc_err_free(&e);
    return 0;
}
