/* fuzz_xlsx.c — a workbook's sheet XML (and, before a line "==> strings", nothing; after it, a
 * shared strings part) read by the sheet parser, then matched against a real form (quy-3a) by
 * key and checked as `validate --data X.xlsx` does: form/xlsx.c's cell reader (references,
 * types, inline and shared strings, merged ranges and their bound, XML depth, DTDs and entities
 * refused) and form/xlsxmap.c's key matching behind it. The zip container itself is libzip's. */
#include <string.h>

#include "form/data.h"
#include "form/xlsx.h"
#include "form/xlsxmap.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const bc_layout *l = fuzz_layout("quy-3a");
    static const char mark[] = "\n==> strings\n";
    const char *in = (const char *)data, *strings = NULL;
    size_t sheet_len = size, strings_len = 0;
    for (size_t i = 0; i + sizeof mark - 1 <= size; i++)
        if (!memcmp(in + i, mark, sizeof mark - 1)) {
            sheet_len = i;
            strings = in + i + sizeof mark - 1;
            strings_len = size - i - (sizeof mark - 1);
            break;
        }
    bc_xbook book = {BC_ARENA_INIT, NULL, 0, 0};
    bc_err e = BC_ERR_INIT;
    const char **ss = NULL;
    size_t nss = 0, left = BC_XLSX_MAX_CELLS;
    static const unsigned char styles[] = {0, 1, 2}; /* plain, date, percent */
    bc_xsheet sheet = {"Số liệu", 0, NULL, 0};
    bc_status st = strings ? bc_xlsx_parse_strings(&book.arena, "f.xlsx", strings, strings_len,
                                                   &ss, &nss, &e)
                           : BC_OK;
    if (st == BC_OK)
        st = bc_xlsx_parse_sheet(&book.arena, "f.xlsx", in, sheet_len, ss, nss, styles,
                                 sizeof styles, &left, &sheet, &e);
    for (size_t i = 1; st == BC_OK && i < sheet.ncells; i++) /* sorted, no repeats */
        if (sheet.cells[i - 1].row > sheet.cells[i].row ||
            (sheet.cells[i - 1].row == sheet.cells[i].row &&
             sheet.cells[i - 1].col >= sheet.cells[i].col))
            abort();
    if (st == BC_OK) {
        book.sheets = &sheet;
        book.nsheets = 1;
        bc_arena a = BC_ARENA_INIT;
        bc_ynode *root = NULL;
        bc_data *d = NULL;
        if (bc_xlsx_tree(&a, l, "f.xlsx", &book, &root, &e) == BC_OK) {
            st = bc_data_load_tree(l, "f.xlsx", root, &d, &e);
            if ((st == BC_OK) != (d != NULL))
                abort();
            bc_data_free(d);
        }
        bc_arena_free(&a);
    } else if (e.n == 0) {
        abort(); /* refused without saying why */
    }
    bc_arena_free(&book.arena);
    bc_err_free(&e);
    return 0;
}
