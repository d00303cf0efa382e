/* form.h — the form layer: layouts, data files, validation, computed figures.
 *
 * A layout (a file in layouts/, language in layouts/README.md) is loaded once and may be shared,
 * read-only, by any number of threads. A data set is loaded against a layout: parsed, every
 * string checked as UTF-8 and normalised to NFC, every value checked against its field's type
 * and rules, computed figures filled in. Loading reports every problem at once, each with file,
 * line, column, the item's number and the form's own label, and then fails with BC_BADINPUT: a
 * caller never sees a half-valid data set.
 */
#ifndef BC_FORM_H
#define BC_FORM_H

#include <stdio.h>

#include "util/err.h"

typedef struct bc_layout bc_layout;
typedef struct bc_data bc_data;

/* One fill-in field as `baocao fields` lists it. Strings belong to the layout. */
typedef struct bc_field_info {
    const char *key;      /* "so_may_tinh"; a list column is "ung_dung[].ten" */
    const char *type;     /* "integer", "choice", … */
    const char *where;    /* "mục 3, 1." */
    const char *label;    /* the form's own words */
    int required;
    const char *rules;    /* human-readable: "≥ 0; ≤ so_can_bo", "một trong: co, khong", "= percent(a, b)" */
} bc_field_info;

/* Finds a layout by id (searched in `layouts_dir`) or takes `id_or_path` as a file path when it
 * names an existing file or ends in ".yaml". *path is malloc'ed. */
bc_status bc_layout_resolve(const char *id_or_path, const char *layouts_dir, char **path,
                            bc_err *err);

bc_status bc_layout_load(const char *path, bc_layout **out, bc_err *err);
void bc_layout_free(bc_layout *l);

const char *bc_layout_id(const bc_layout *l);
const char *bc_layout_title(const bc_layout *l);
const char *bc_layout_source(const bc_layout *l);
size_t bc_layout_nfields(const bc_layout *l);
const bc_field_info *bc_layout_field(const bc_layout *l, size_t i);
/* What the loader noticed but let be (a repeated item number): "FILE:LINE:COL: message". */
size_t bc_layout_nwarnings(const bc_layout *l);
const char *bc_layout_warning(const bc_layout *l, size_t i);

/* Loads, validates and completes a data file: YAML, CSV when its name ends in ".csv" (one
 * header row of keys and one row of values, as `template --format csv` gives; no lists; the
 * columns ma_don_vi and ten_don_vi, which name the unit, are let be), or a workbook when it ends
 * in ".xlsx" (form/xlsxmap.h: cells matched by the keys the template wrote). */
bc_status bc_data_load(const bc_layout *l, const char *path, bc_data **out, bc_err *err);

/* bc_data_load without requiring the required fields: a template is prefilled from what there is
 * (last period's figures, or only a unit's name). Everything given is checked all the same. */
bc_status bc_data_load_partial(const bc_layout *l, const char *path, bc_data **out, bc_err *err);

/* The same checks over a tree already parsed (a MAP of keys to values, as form/yaml.h builds),
 * such as one unit of a batch's units table (form/csvunits.h). Messages name `file`, or a node's
 * own file when it has one. The data set may point into the tree: the tree must outlive it. */
struct bc_ynode;
bc_status bc_data_load_tree(const bc_layout *l, const char *file, const struct bc_ynode *root,
                            bc_data **out, bc_err *err);
void bc_data_free(bc_data *d);

/* A blank data file for an agency to fill in: format "yaml" (every key, with the label and rules
 * as comments) or "csv" (one header row of the top-level keys). */
bc_status bc_template_write(const bc_layout *l, const char *format, FILE *out, bc_err *err);

#endif
