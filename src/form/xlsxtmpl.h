/* xlsxtmpl.h — the template workbook a province sends to its units (libxlsxwriter).
 *
 * Contract: writes `path` atomically (a temporary name in the same folder, renamed when whole):
 *   - "Hướng dẫn": how to fill it in, in Vietnamese;
 *   - "Số liệu": one row per top-level field that is not a list, in form order: the item
 *     number, the form's label, the unit, the value cell, the rule in words, and a hidden column
 *     of keys (form/xlsxmap.h reads by those keys, not by position);
 *   - one sheet per list, headed by the form's column labels, over a hidden row of keys
 *     "LIST[].COLUMN"; the rows below are the list's rows;
 *   - the hidden sheet BC_XLSX_META: the form's id, the sheet of each list, the options' wording
 *     that drop-down lists show.
 * Value cells carry data validation from the layout's rules (whole number ≥ 0 and the constant
 * bounds, decimal places, percent 0–100, years, dates, the options' wording as a drop-down);
 * everything else is locked (sheet protection without a password: it guards against slips, not
 * people). Computed figures are not asked for: their value cell says baocao computes them, and
 * their row has no key, so what is typed there is not read. With `prefill`, value cells hold its
 * values (last period's figures), computed figures excepted.
 */
#ifndef BC_FORM_XLSXTMPL_H
#define BC_FORM_XLSXTMPL_H

#include "form/data.h"

bc_status bc_xlsx_template(const bc_layout *l, const bc_data *prefill, const char *path,
                           bc_err *err);

#endif
