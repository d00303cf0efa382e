/* package.c — see package.h. libzip writes into a memory source that is read back whole. */
#include "docx/package.h"

#include <string.h>
#include <zip.h>

#include "docx/zpart.h"
#include "util/xmlw.h"

static const char CT_NAME[] = "[Content_Types].xml";

bc_status bc_pkg_add(bc_pkg *p, const char *name, const char *content_type, bc_buf *data,
                     bc_err *err)
{
    for (int i = 0; i < p->n; i++)
        if (!strcmp(p->parts[i].name, name))
            return bc_err_add(err, BC_FAIL, NULL, 0, 0, "DOCX: part %s added twice", name);
    if (p->n == BC_PKG_MAX_PARTS || !strcmp(name, CT_NAME))
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "DOCX: cannot add part %s", name);
    if (data->oom)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "DOCX: %s: out of memory", name);
    p->parts[p->n++] = (bc_pkg_part){name, content_type, *data};
    *data = (bc_buf)BC_BUF_INIT;
    return BC_OK;
}

void bc_pkg_free(bc_pkg *p)
{
    for (int i = 0; i < p->n; i++)
        bc_buf_free(&p->parts[i].data);
    p->n = 0;
}

static bc_status content_types(const bc_pkg *p, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_xw_start(&x, "Types");
    bc_xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    bc_xw_start(&x, "Default");
    bc_xw_attr(&x, "Extension", "rels");
    bc_xw_attr(&x, "ContentType", "application/vnd.openxmlformats-package.relationships+xml");
    bc_xw_end(&x);
    bc_xw_start(&x, "Default");
    bc_xw_attr(&x, "Extension", "xml");
    bc_xw_attr(&x, "ContentType", "application/xml");
    bc_xw_end(&x);
    for (int i = 0; i < p->n; i++) {
        if (!p->parts[i].content_type)
            continue;
        char name[256];
        snprintf(name, sizeof name, "/%s", p->parts[i].name);
        bc_xw_start(&x, "Override");
        bc_xw_attr(&x, "PartName", name);
        bc_xw_attr(&x, "ContentType", p->parts[i].content_type);
        bc_xw_end(&x);
    }
    bc_xw_end(&x);
    return bc_xw_finish(&x, CT_NAME, out, err);
}

/* DOS date and time of `when` in UTC — never local time, so the bytes do not depend on TZ. */
static void dos_time(time_t when, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    struct tm tm;
    gmtime_r(&when, &tm);
    if (tm.tm_year < 80 || when < 0)
        tm = (struct tm){.tm_year = 80, .tm_mday = 1};
    if (tm.tm_year > 207)
        tm = (struct tm){.tm_year = 207, .tm_mon = 11, .tm_mday = 31, .tm_hour = 23,
                         .tm_min = 59, .tm_sec = 58};
    *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
    *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static bc_status zip_fail(bc_err *err, const char *what, zip_error_t *ze)
{
    bc_status st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "DOCX: zip: %s: %s", what,
                              ze ? zip_error_strerror(ze) : "failed");
    return st;
}

/* Adds one entry, deflated (or taken from this thread's cache, docx/zpart.h); the deflated
 * bytes stay in the cache until zip_close(). */
static int add_entry(zip_t *za, const char *name, const bc_buf *data, zip_uint16_t dtime,
                     zip_uint16_t ddate)
{
    const bc_zpart *z = bc_zpart_get(name, data->data, data->len);
    zip_source_t *s = z ? bc_zpart_source(za, z) : NULL;
    if (!s)
        return -1;
    /* Without ZIP_FL_OVERWRITE a repeated name fails here too: a second guard. */
    zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s);
        return -1;
    }
    return zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) < 0 ? -1 : 0;
}

static bc_status read_back(zip_source_t *src, bc_buf *out, bc_err *err)
{
    zip_stat_t st;
    if (zip_source_open(src) < 0)
        return zip_fail(err, "reopen", zip_source_error(src));
    zip_stat_init(&st);
    bc_status rc = BC_OK;
    if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
        rc = zip_fail(err, "size", zip_source_error(src));
    } else {
        size_t before = out->len;
        char chunk[16384];
        zip_int64_t n;
        while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
            bc_buf_append(out, chunk, (size_t)n);
        if (n < 0 || out->oom || out->len - before != st.size)
            rc = zip_fail(err, "read back", zip_source_error(src));
    }
    zip_source_close(src);
    return rc;
}

bc_status bc_pkg_write(const bc_pkg *p, time_t when, bc_buf *out, bc_err *err)
{
    bc_buf ct = BC_BUF_INIT;
    if (content_types(p, &ct, err) != BC_OK) {
        bc_buf_free(&ct);
        return BC_FAIL;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) {
        bc_buf_free(&ct);
        return zip_fail(err, "memory source", &ze);
    }
    zip_source_keep(src); /* survives zip_close() so the result can be read back */
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_source_free(src);
        zip_source_free(src);
        bc_buf_free(&ct);
        return zip_fail(err, "open", &ze);
    }
    zip_uint16_t dtime, ddate;
    dos_time(when, &dtime, &ddate);
    int bad = add_entry(za, CT_NAME, &ct, dtime, ddate);
    for (int i = 0; i < p->n && !bad; i++)
        bad = add_entry(za, p->parts[i].name, &p->parts[i].data, dtime, ddate);
    bc_status rc = BC_OK;
    if (bad) {
        rc = zip_fail(err, "add entry", zip_get_error(za));
        zip_discard(za);
    } else if (zip_close(za) < 0) {
        rc = zip_fail(err, "close", zip_get_error(za));
        zip_discard(za);
    } else {
        rc = read_back(src, out, err);
    }
    zip_source_free(src);
    bc_buf_free(&ct);
    return rc;
}
