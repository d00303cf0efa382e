/* build.h — from a layout and its data to the document tree.
 *
 * The only place that knows both the layout language and the tree. With `data` NULL the blank
 * form is built: every field a dotted blank, every box empty, and each list table gets three
 * empty rows after its header and fixed rows, so the printed form can be filled in by hand.
 * The tree owns copies of everything it needs; the layout and data may be freed afterwards.
 */
#ifndef BC_DOC_BUILD_H
#define BC_DOC_BUILD_H

#include "doc/tree.h"
#include "form/form.h"
#include "util/err.h"

bc_status bc_build(const bc_layout *layout, const bc_data *data, bc_doc **out, bc_err *err);

#endif
