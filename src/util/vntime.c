/* vntime.c — see vntime.h. */
#include "util/vntime.h"

#include <errno.h>
#include <stdlib.h>

void bc_vn_time(time_t t, char pdf_date[32], char iso[32])
{
    time_t local = t + 7 * 3600;
    struct tm tm;
    gmtime_r(&local, &tm);
    if (pdf_date)
        strftime(pdf_date, 32, "D:%Y%m%d%H%M%S+07'00'", &tm);
    if (iso)
        strftime(iso, 32, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
}

time_t bc_source_date(time_t fallback)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    if (env && *env) {
        char *end;
        errno = 0;
        long long v = strtoll(env, &end, 10);
        if (!*end && !errno && v >= 0)
            return (time_t)v;
    }
    return fallback;
}
