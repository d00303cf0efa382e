/* xlsxmap.h — a workbook's cells as a form's data tree, matched by the keys written in it.
 *
 * Contract: turns a workbook (form/xlsx.h) into the tree a YAML data file gives (a mapping from
 * key to scalar, a list key to a sequence of row mappings), so every check of data.c applies
 * unchanged. Cells are found by key, never by position, so moved rows, inserted columns, renamed
 * or reordered sheets and extra sheets do not matter:
 *   - scalar fields: in any sheet, the column holding the most of the form's top-level keys is
 *     that sheet's key column (hidden in the template); the value is in the same row, in the
 *     column headed "Giá trị" above the first key;
 *   - lists: a row of cells "LIST[].COLUMN" (hidden in the template) names the columns of list
 *     LIST; every row below it with a value is a row of the list;
 *   - the hidden sheet BC_XLSX_META (written by the template) names the form and the sheet of
 *     every list: a workbook of another form is refused, and a list whose key row has gone (its
 *     sheet deleted) is reported by the sheet's name.
 * Every node names its cell as `FILE!SHEET!D7` (its `file`; line and column 0), so messages read
 * `don-vi-555.xlsx!Bảng 3A.2, nhóm A!D7: …`. Number cells become unambiguous text (no thousands
 * dots, a decimal comma), date cells ISO dates (1900 or 1904 system), a percent-formatted cell its
 * percent (0,875 → 87,5), booleans "có"/"không", and a formula error is marked (`cell_error`) so
 * data.c refuses it whatever the field. Strings are copied into the caller's arena.
 */
#ifndef BC_FORM_XLSXMAP_H
#define BC_FORM_XLSXMAP_H

#include "form/layout.h"
#include "form/xlsx.h"
#include "form/yaml.h"

#define BC_XLSX_META "_baocao"        /* the template's hidden sheet */
#define BC_XLSX_VALUE_HEADER "Giá trị" /* the header of the value column */
#define BC_XLSX_KEY_HEADER "khóa"      /* the header of the (hidden) key column */
#define BC_XLSX_MAX_LIST_ROWS 10000

bc_status bc_xlsx_tree(bc_arena *a, const bc_layout *l, const char *file, const bc_xbook *b,
                       bc_ynode **root, bc_err *err);

#endif
