/* paths.h — where baocao finds the files it ships (layouts/, fonts/).
 *
 * In order: the environment variable (BAOCAO_LAYOUTS, BAOCAO_FONTS), the folder next to the
 * executable's folder (build/baocao → ./layouts, the layout of a source checkout), then
 * /usr/share/baocao/NAME for an installed copy. The result is malloc'ed.
 */
#ifndef BC_PATHS_H
#define BC_PATHS_H

char *bc_resource_dir(const char *name);

#endif
