/* vntime.h — times as the reports write them: Vietnam time, UTC+7 (no daylight saving since
 * 1975), as a PDF date ("D:20261122091504+07'00'") and as ISO 8601 ("2026-11-22T09:15:04+07:00"),
 * the form Nghị định 30 asks for on a signed attachment. */
#ifndef BC_VNTIME_H
#define BC_VNTIME_H

#include <time.h>

void bc_vn_time(time_t t, char pdf_date[32], char iso[32]);

/* The time a reproducible build says (SOURCE_DATE_EPOCH, reproducible-builds.org, when it holds
 * a non-negative number of seconds), else `fallback`. */
time_t bc_source_date(time_t fallback);

#endif
