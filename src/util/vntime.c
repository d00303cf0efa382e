/* vntime.c — see vntime.h. */
#include "util/vntime.h"

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
