/* version.h — baocao's version, in one place: `baocao --version`, the Creator of every PDF and
 * DOCX, the batch manifest, and the batch's options hash (a new version redoes every unit). */
#ifndef BC_UTIL_VERSION_H
#define BC_UTIL_VERSION_H

#define BAOCAO_VERSION "0.1.0"

#endif
