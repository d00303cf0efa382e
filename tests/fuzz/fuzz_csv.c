/* fuzz_csv.c — a one-row CSV data file (header of keys, one row of values) checked against a real
 * form (tt06-pl1), as `baocao validate --data X.csv` does: the CSV reader, the `choices` cell
 * splitting and every check behind them. */
#include "form/data.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const bc_layout *l = fuzz_layout("tt06-pl1");
    const char *path = fuzz_scratch(".csv");
    fuzz_put(path, data, size);
    bc_err e = BC_ERR_INIT;
    bc_data *d = NULL;
    bc_status st = bc_data_load(l, path, &d, &e);
    if ((st == BC_OK) != (d != NULL) || (st != BC_OK && e.n == 0))
        abort();
    bc_data_free(d);
    bc_err_free(&e);
    return 0;
}
