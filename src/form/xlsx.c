/* xlsx.c — see xlsx.h: the package (libzip, from memory), its relations, the workbook part, the
 * styles (which formats are dates or percents) and date serials; each part is read with the
 * guarded streaming reader of xlsxxml.h, the sheets by xlsxsheet.c. */
#include "form/xlsx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "form/xlsxxml.h"
#include "util/buf.h"
#include "util/fileio.h"

/* ---- dates ---- */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int bc_xlsx_date(double serial, int date1904, int *y, int *m, int *d)
{
    if (!(serial >= (date1904 ? 0 : 1)) || serial > 2958465.0) /* 9999-12-31 */
        return 0;
    long day = (long)floor(serial);
    if (!date1904 && day == 60)
        return 0; /* 29/02/1900, which Excel counts and the calendar does not have */
    /* 1900 system: serial 1 is 1900-01-01, and past the phantom leap day one day is counted
     * too many. 1904 system: serial 0 is 1904-01-01. */
    long base = date1904 ? days_from_civil(1904, 1, 1) : days_from_civil(1899, 12, day < 60 ? 31 : 30);
    civil_from_days(base + day, y, m, d);
    return *y <= 9999;
}

double bc_xlsx_serial(int y, int m, int d)
{
    long day = days_from_civil(y, (unsigned)m, (unsigned)d) - days_from_civil(1899, 12, 30);
    return (double)(day < 61 ? day - 1 : day);
}

/* ---- the package ---- */

typedef struct pkg {
    zip_t *z;
    const char *file;
    size_t total;
    bc_err *err;
} pkg;

/* Reads one part whole, bounded: the sizes in the zip directory are not trusted. *data is NULL
 * (and BC_OK) when the part does not exist and `required` is 0. */
static bc_status read_part(pkg *p, const char *name, int required, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    zip_int64_t i = zip_name_locate(p->z, name, 0);
    if (i < 0)
        return required ? bc_err_add(p->err, BC_BADINPUT, p->file, 0, 0, "sổ tính thiếu phần %s "
                                     "(tệp có đúng là .xlsx?)", name)
                        : BC_OK;
    zip_file_t *f = zip_fopen_index(p->z, (zip_uint64_t)i, 0);
    if (!f)
        return bc_err_add(p->err, BC_BADINPUT, p->file, 0, 0, "phần %s của sổ tính không giải nén "
                          "được (%s)", name, zip_strerror(p->z));
    bc_buf b = BC_BUF_INIT;
    char chunk[65536];
    zip_int64_t got;
    bc_status st = BC_OK;
    while ((got = zip_fread(f, chunk, sizeof chunk)) > 0) {
        bc_buf_append(&b, chunk, (size_t)got);
        p->total += (size_t)got;
        if (b.len > BC_XLSX_MAX_PART || p->total > BC_XLSX_MAX_TOTAL) {
            st = bc_err_add(p->err, BC_BADINPUT, p->file, 0, 0, "phần %s của sổ tính giải nén ra "
                            "quá lớn (tối đa %u MiB một phần, %u MiB cả sổ)", name,
                            BC_XLSX_MAX_PART >> 20, BC_XLSX_MAX_TOTAL >> 20);
            break;
        }
    }
    if (st == BC_OK && got < 0)
        st = bc_err_add(p->err, BC_BADINPUT, p->file, 0, 0, "phần %s của sổ tính hỏng (%s)", name,
                        zip_file_strerror(f));
    zip_fclose(f);
    if (st == BC_OK && b.oom)
        st = bc_err_oom(p->err, p->file);
    if (st != BC_OK) {
        bc_buf_free(&b);
        return st;
    }
    *data = b.data ? b.data : calloc(1, 1);
    *len = b.len;
    return *data ? BC_OK : bc_err_oom(p->err, p->file);
}

/* A relationship target against the folder of the part that names it ("xl/"). */
static char *resolve(bc_arena *a, const char *base_dir, const char *target)
{
    if (*target == '/')
        return bc_arena_strdup(a, target + 1);
    size_t blen = strlen(base_dir);
    while (!strncmp(target, "../", 3)) {
        target += 3;
        while (blen && base_dir[blen - 1] == '/')
            blen--;
        while (blen && base_dir[blen - 1] != '/')
            blen--;
    }
    return bc_arena_printf(a, "%.*s%s", (int)blen, base_dir, target);
}

typedef struct rel {
    const char *id, *type, *target;
} rel;

/* An optional part, read and opened: 1 with *x ready (free *xml after bc_xr_close); 0 when the
 * part is absent (*st BC_OK) or could not be read (*st says why). */
static int open_part(pkg *p, const char *name, char **xml, bc_xr *x, bc_status *st)
{
    size_t len;
    *st = read_part(p, name, 0, xml, &len);
    if (*st != BC_OK || !*xml)
        return 0;
    if (bc_xr_open(x, p->file, name, *xml, len, p->err))
        return 1;
    free(*xml);
    *st = BC_BADINPUT;
    return 0;
}

/* The relationships of a part (*out malloc'ed), targets resolved against base_dir. */
static bc_status read_rels(pkg *p, bc_arena *a, const char *name, const char *base_dir,
                           rel **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char *xml;
    bc_xr x;
    size_t cap = 0;
    bc_status st;
    if (!open_part(p, name, &xml, &x, &st))
        return st;
    while (bc_xr_next(&x) == 1) {
        if (!bc_xr_element(&x) || !bc_xr_is(&x, "Relationship"))
            continue;
        if (!bc_xr_room(&x, out, &cap, *n, sizeof **out, BC_XLSX_MAX_ENTRIES,
                     "quá nhiều quan hệ (relationship)"))
            break;
        char *id = bc_xr_attr(&x, a, "Id"), *type = bc_xr_attr(&x, a, "Type"),
             *target = bc_xr_attr(&x, a, "Target");
        if (id && target)
            (*out)[(*n)++] = (rel){id, type ? type : "", resolve(a, base_dir, target)};
    }
    int failed = x.failed || !x.r;
    bc_xr_close(&x);
    free(xml);
    return failed ? BC_BADINPUT : BC_OK;
}

static const rel *rel_by(const rel *r, size_t n, const char *id, const char *type_suffix)
{
    for (size_t i = 0; i < n; i++) {
        if (id && !strcmp(r[i].id, id))
            return &r[i];
        if (type_suffix && strlen(r[i].type) >= strlen(type_suffix) &&
            !strcmp(r[i].type + strlen(r[i].type) - strlen(type_suffix), type_suffix))
            return &r[i];
    }
    return NULL;
}

/* ---- styles: which cell formats show dates or percents ---- */

/* A number format code shows a date when, outside quoted text, [..] and escaped characters, it
 * uses a day, month or year letter. */
static int code_kind(const char *code)
{
    int date = 0, percent = 0;
    for (const char *s = code; *s; s++) {
        if (*s == '"') {
            while (s[1] && s[1] != '"')
                s++;
            if (s[1])
                s++;
        } else if (*s == '[') {
            while (s[1] && s[1] != ']')
                s++;
        } else if (*s == '\\' && s[1]) {
            s++;
        } else if (strchr("dDmMyY", *s)) {
            date = 1;
        } else if (*s == '%') {
            percent = 1;
        }
    }
    if (!strcasecmp(code, "General"))
        return 0;
    return date ? 1 : percent ? 2 : 0;
}

static int builtin_kind(long id)
{
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
        (id >= 50 && id <= 58))
        return 1;
    return id == 9 || id == 10 ? 2 : 0;
}

typedef struct fmt {
    long id;
    int kind;
} fmt;

static int format_kind(const fmt *f, size_t n, long id)
{
    for (size_t i = 0; i < n; i++)
        if (f[i].id == id)
            return f[i].kind;
    return builtin_kind(id);
}

/* Per cellXfs entry: 0, 1 (date) or 2 (percent). Custom formats are few (a workbook has dozens),
 * so they are searched linearly; the xf list may be long and is an array. */
static bc_status read_styles(pkg *p, bc_arena *a, const char *name, unsigned char **kinds,
                             size_t *n)
{
    *kinds = NULL;
    *n = 0;
    char *xml;
    bc_xr x;
    fmt fmts[256];
    size_t nfmts = 0, cap = 0;
    long *ids = NULL;
    int in_xfs = -1;
    bc_status st;
    if (!open_part(p, name, &xml, &x, &st))
        return st;
    while (bc_xr_next(&x) == 1) {
        if (in_xfs >= 0 && bc_xr_end_at(&x, in_xfs))
            in_xfs = -1;
        if (!bc_xr_element(&x))
            continue;
        if (bc_xr_is(&x, "numFmt") && nfmts < sizeof fmts / sizeof *fmts) {
            char *id = bc_xr_attr(&x, a, "numFmtId"), *code = bc_xr_attr(&x, a, "formatCode");
            if (id && code)
                fmts[nfmts++] = (fmt){strtol(id, NULL, 10), code_kind(code)};
        } else if (bc_xr_is(&x, "cellXfs") && !xmlTextReaderIsEmptyElement(x.r)) {
            in_xfs = xmlTextReaderDepth(x.r);
        } else if (in_xfs >= 0 && bc_xr_is(&x, "xf")) {
            if (!bc_xr_room(&x, &ids, &cap, *n, sizeof *ids, 65536, "quá nhiều định dạng ô"))
                break;
            char *id = bc_xr_attr(&x, a, "numFmtId");
            ids[(*n)++] = id ? strtol(id, NULL, 10) : 0;
        }
    }
    int failed = x.failed || !x.r;
    bc_xr_close(&x);
    free(xml);
    *kinds = BC_NEW_N(a, unsigned char, *n ? *n : 1);
    for (size_t i = 0; *kinds && i < *n; i++)
        (*kinds)[i] = (unsigned char)format_kind(fmts, nfmts, ids[i]);
    free(ids);
    if (!*kinds)
        return bc_err_oom(p->err, p->file);
    return failed ? BC_BADINPUT : BC_OK;
}

const bc_xsheet *bc_xbook_sheet(const bc_xbook *b, const char *name)
{
    for (size_t i = 0; i < b->nsheets; i++)
        if (!strcmp(b->sheets[i].name, name))
            return &b->sheets[i];
    return NULL;
}

/* ---- the workbook ---- */

typedef struct sheet_ref {
    const char *name, *rid;
    int hidden;
} sheet_ref;

static bc_status read_workbook(pkg *p, bc_arena *a, const char *name, bc_xbook *book,
                               sheet_ref **refs, size_t *n)
{
    char *xml;
    size_t len;
    *refs = NULL;
    *n = 0;
    bc_status st = read_part(p, name, 1, &xml, &len);
    if (st != BC_OK)
        return st;
    bc_xr x;
    *refs = BC_NEW_N(a, sheet_ref, BC_XLSX_MAX_SHEETS);
    if (*refs && bc_xr_open(&x, p->file, name, xml, len, p->err)) {
        while (bc_xr_next(&x) == 1) {
            if (!bc_xr_element(&x))
                continue;
            if (bc_xr_is(&x, "workbookPr")) {
                char *d = bc_xr_attr(&x, a, "date1904");
                book->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
            } else if (bc_xr_is(&x, "sheet")) {
                if (*n == BC_XLSX_MAX_SHEETS) {
                    bc_xr_fail(&x, "quá nhiều trang tính (tối đa 256)");
                    break;
                }
                char *nm = bc_xr_attr(&x, a, "name"), *rid = bc_xr_attr(&x, a, "id"),
                     *state = bc_xr_attr(&x, a, "state");
                if (nm && rid)
                    (*refs)[(*n)++] = (sheet_ref){nm, rid, state && strcmp(state, "visible")};
            }
        }
        st = x.failed ? BC_BADINPUT : BC_OK;
        bc_xr_close(&x);
    } else {
        st = *refs ? BC_BADINPUT : bc_err_oom(p->err, p->file);
    }
    free(xml);
    return st;
}

/* The workbook part, from the package's relationships (xl/workbook.xml when they do not say). */
static const char *workbook_part(pkg *p, bc_arena *a, bc_status *st)
{
    rel *rels;
    size_t n;
    *st = read_rels(p, a, "_rels/.rels", "", &rels, &n);
    const rel *r = rel_by(rels, n, NULL, "/officeDocument");
    const char *part = r ? r->target : "xl/workbook.xml"; /* the string is in the arena */
    free(rels);
    return part;
}

static char *dir_of(bc_arena *a, const char *part)
{
    const char *slash = strrchr(part, '/');
    return bc_arena_strndup(a, part, slash ? (size_t)(slash - part + 1) : 0);
}

static bc_status read_sheets(pkg *p, bc_xbook *book, const rel *rels, size_t nrels,
                             const sheet_ref *refs, size_t nrefs, const char *const *strings,
                             size_t nstrings, const unsigned char *styles, size_t nstyles)
{
    bc_arena *a = &book->arena;
    book->sheets = BC_NEW_N(a, bc_xsheet, nrefs ? nrefs : 1);
    if (!book->sheets)
        return bc_err_oom(p->err, p->file);
    size_t cells_left = BC_XLSX_MAX_CELLS;
    for (size_t i = 0; i < nrefs; i++) {
        const rel *r = rel_by(rels, nrels, refs[i].rid, NULL);
        if (!r)
            return bc_err_add(p->err, BC_BADINPUT, p->file, 0, 0, "trang tính \"%s\" không có "
                              "phần dữ liệu trong sổ tính", refs[i].name);
        if (!strstr(r->type, "/worksheet"))
            continue; /* a chart sheet or dialog sheet holds no cells */
        char *xml;
        size_t len;
        bc_status st = read_part(p, r->target, 1, &xml, &len);
        if (st != BC_OK)
            return st;
        bc_xsheet *s = &book->sheets[book->nsheets];
        *s = (bc_xsheet){refs[i].name, refs[i].hidden, NULL, 0};
        st = bc_xlsx_parse_sheet(a, p->file, xml, len, strings, nstrings, styles, nstyles,
                                 &cells_left, s, p->err);
        free(xml);
        if (st != BC_OK)
            return st;
        book->nsheets++;
    }
    return BC_OK;
}

static bc_status read_book(pkg *p, bc_xbook *book)
{
    bc_arena *a = &book->arena;
    bc_status st;
    const char *wb = workbook_part(p, a, &st);
    sheet_ref *refs = NULL;
    size_t nrefs = 0, nrels = 0, nstrings = 0, nstyles = 0;
    rel *rels = NULL;
    if (st == BC_OK)
        st = read_workbook(p, a, wb, book, &refs, &nrefs);
    const char *dir = dir_of(a, wb);
    if (st == BC_OK)
        st = read_rels(p, a, bc_arena_printf(a, "%s_rels/%s.rels", dir, wb + strlen(dir)), dir,
                       &rels, &nrels);
    const char **strings = NULL;
    unsigned char *styles = NULL;
    const rel *r = st == BC_OK ? rel_by(rels, nrels, NULL, "/sharedStrings") : NULL;
    if (r) {
        char *xml;
        size_t len;
        st = read_part(p, r->target, 0, &xml, &len);
        if (st == BC_OK && xml)
            st = bc_xlsx_parse_strings(a, p->file, xml, len, &strings, &nstrings, p->err);
        free(xml);
    }
    r = st == BC_OK ? rel_by(rels, nrels, NULL, "/styles") : NULL;
    if (r)
        st = read_styles(p, a, r->target, &styles, &nstyles);
    if (st == BC_OK)
        st = read_sheets(p, book, rels, nrels, refs, nrefs, strings, nstrings, styles, nstyles);
    free(rels);
    return st;
}

bc_status bc_xlsx_parse(const char *name, const void *data, size_t len, bc_xbook **out,
                        bc_err *err)
{
    *out = NULL;
    xmlInitParser(); /* once, under libxml2's own lock: batch workers read workbooks together */
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!z) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "không phải sổ tính .xlsx (không mở được "
                          "như tệp nén zip)");
    }
    zip_error_fini(&ze);
    bc_status st = BC_OK;
    if (zip_get_num_entries(z, 0) > BC_XLSX_MAX_ENTRIES)
        st = bc_err_add(err, BC_BADINPUT, name, 0, 0, "sổ tính có quá nhiều tệp bên trong (tối đa "
                        "%d)", BC_XLSX_MAX_ENTRIES);
    bc_arena a = BC_ARENA_INIT;
    bc_xbook *book = st == BC_OK ? BC_NEW(&a, bc_xbook) : NULL;
    if (st == BC_OK && !book)
        st = bc_err_oom(err, name);
    if (book) {
        book->arena = a;
        pkg p = {z, name, 0, err};
        st = read_book(&p, book);
    }
    zip_discard(z);
    if (st != BC_OK) {
        bc_xlsx_free(book);
        if (!book)
            bc_arena_free(&a);
        return st;
    }
    *out = book;
    return BC_OK;
}

bc_status bc_xlsx_load(const char *path, bc_xbook **out, bc_err *err)
{
    char *data;
    size_t len;
    *out = NULL;
    bc_status st = bc_file_read_max(path, BC_XLSX_MAX_FILE, &data, &len, err);
    if (st != BC_OK)
        return st;
    st = bc_xlsx_parse(path, data, len, out, err);
    free(data);
    return st;
}

void bc_xlsx_free(bc_xbook *b)
{
    if (!b)
        return;
    bc_arena a = b->arena; /* the book lives in its own arena */
    bc_arena_free(&a);
}
