/* xlsx.c — see xlsx.h. The package is read with libzip from memory, each part with libxml2's
 * streaming reader (xmlTextReader), so memory follows the values kept, not the XML's size. */
#include "form/xlsx.h"

#include <libxml/xmlreader.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "util/buf.h"
#include "util/fileio.h"

/* ---- XML: a streaming reader that refuses DTDs, entities and deep nesting ---- */

typedef struct xr {
    xmlTextReaderPtr r;
    const char *file, *part;
    bc_err *err;
    int failed;
} xr;

static void on_xml_error(void *arg, const char *msg, xmlParserSeverities sev,
                         xmlTextReaderLocatorPtr loc)
{
    xr *x = arg;
    if (sev == XML_PARSER_SEVERITY_WARNING || sev == XML_PARSER_SEVERITY_VALIDITY_WARNING ||
        x->failed)
        return;
    x->failed = 1;
    char line[256], at[32] = "";
    snprintf(line, sizeof line, "%s", msg ? msg : "");
    line[strcspn(line, "\n")] = '\0';
    int n = xmlTextReaderLocatorLineNumber(loc);
    if (n > 0)
        snprintf(at, sizeof at, " (dòng %d)", n);
    bc_err_add(x->err, BC_BADINPUT, x->file, 0, 0, "phần %s của sổ tính không phải XML hợp lệ%s: "
               "%s", x->part, at, line);
}

/* Whether `pat` (which starts with '<') occurs in the n bytes at s: one pass, from '<' to '<'. */
static int has_markup(const char *s, size_t n, const char *pat)
{
    size_t k = strlen(pat);
    for (const char *p = s, *end = s + n; (p = memchr(p, '<', (size_t)(end - p))); p++)
        if ((size_t)(end - p) >= k && !memcmp(p, pat, k))
            return 1;
    return 0;
}

static int xr_open(xr *x, const char *file, const char *part, const char *xml, size_t len,
                   bc_err *err)
{
    *x = (xr){NULL, file, part, err, 0};
    /* Refused before libxml2 sees it: a part of a workbook never needs a DTD. */
    if (has_markup(xml, len, "<!DOCTYPE") || has_markup(xml, len, "<!ENTITY")) {
        bc_err_add(err, BC_BADINPUT, file, 0, 0, "phần %s của sổ tính có khai báo DTD hoặc thực "
                   "thể (entity), không được phép trong sổ tính", part);
        return 0;
    }
    /* No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD, no HUGE; NONET: nothing is
     * fetched. A DTD or an entity reference is refused by xr_next besides. */
    x->r = len <= BC_XLSX_MAX_PART ? xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET)
                                   : NULL;
    if (!x->r) {
        bc_err_add(err, BC_BADINPUT, file, 0, 0, "phần %s của sổ tính không đọc được", part);
        return 0;
    }
    xmlTextReaderSetErrorHandler(x->r, on_xml_error, x);
    return 1;
}

static void xr_close(xr *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
}

static int xr_fail(xr *x, const char *why)
{
    if (!x->failed)
        bc_err_add(x->err, BC_BADINPUT, x->file, 0, 0, "phần %s của sổ tính: %s", x->part, why);
    x->failed = 1;
    return -1;
}

/* Room for item n of a growing array (*pv of `size`-byte items, capacity *cap, doubled as needed)
 * within `max` items: 1; 0 when over the bound or out of memory (reported: `too_many`). */
static int xr_room(xr *x, void *pv, size_t *cap, size_t n, size_t size, size_t max,
                   const char *too_many)
{
    void **v = pv;
    if (n < *cap)
        return 1;
    if (n >= max)
        return xr_fail(x, too_many) + 1;
    size_t c = *cap ? 2 * *cap : 16;
    void *w = realloc(*v, (c < max ? c : max) * size);
    if (!w)
        return xr_fail(x, "hết bộ nhớ") + 1;
    *v = w;
    *cap = c < max ? c : max;
    return 1;
}

/* The next node: 1, 0 at the end, -1 on an error (reported). */
static int xr_next(xr *x)
{
    if (x->failed)
        return -1;
    int rc = xmlTextReaderRead(x->r);
    if (rc < 0 || x->failed)
        return xr_fail(x, "XML hỏng");
    if (rc == 0)
        return 0;
    int t = xmlTextReaderNodeType(x->r);
    if (t == XML_READER_TYPE_DOCUMENT_TYPE || t == XML_READER_TYPE_ENTITY_REFERENCE ||
        t == XML_READER_TYPE_ENTITY)
        return xr_fail(x, "có khai báo DTD hoặc thực thể (entity), không được phép trong sổ tính");
    if (xmlTextReaderDepth(x->r) > BC_XLSX_MAX_DEPTH)
        return xr_fail(x, "các phần tử XML lồng nhau quá sâu");
    return 1;
}

static int xr_is(xr *x, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->r);
    return n && !strcmp((const char *)n, local);
}

static int xr_element(xr *x)
{
    return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT;
}

static int xr_end_at(xr *x, int depth)
{
    return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT &&
           xmlTextReaderDepth(x->r) == depth;
}

/* An attribute by local name, whatever its prefix ("r:id"), into the arena; NULL when absent. */
static char *xr_attr(xr *x, bc_arena *a, const char *local)
{
    char *v = NULL;
    if (xmlTextReaderMoveToFirstAttribute(x->r) != 1)
        return NULL;
    do {
        const xmlChar *n = xmlTextReaderConstLocalName(x->r);
        if (n && !strcmp((const char *)n, local)) {
            const xmlChar *val = xmlTextReaderConstValue(x->r);
            v = bc_arena_strdup(a, val ? (const char *)val : "");
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
    xmlTextReaderMoveToElement(x->r);
    return v;
}

/* Appends the text inside the current element to b (its end tag consumed); 0 on an error. */
static int xr_text(xr *x, bc_buf *b)
{
    if (xmlTextReaderIsEmptyElement(x->r))
        return 1;
    int depth = xmlTextReaderDepth(x->r), rc;
    while ((rc = xr_next(x)) == 1 && !xr_end_at(x, depth)) {
        int t = xmlTextReaderNodeType(x->r);
        if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
            t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE) {
            const xmlChar *v = xmlTextReaderConstValue(x->r);
            if (v)
                bc_buf_puts(b, (const char *)v);
            if (b->len > BC_XLSX_MAX_TEXT)
                return xr_fail(x, "một ô có văn bản quá dài (tối đa 32767 byte)") + 1;
        }
    }
    return rc == 1;
}

/* Skips the current element's content. */
static int xr_skip(xr *x)
{
    if (xmlTextReaderIsEmptyElement(x->r))
        return 1;
    int depth = xmlTextReaderDepth(x->r), rc;
    while ((rc = xr_next(x)) == 1 && !xr_end_at(x, depth))
        ;
    return rc == 1;
}

/* The text of a rich string (<si> or <is>): every <t> but those of phonetic runs (<rPh>). */
static int xr_rich_text(xr *x, bc_buf *b)
{
    if (xmlTextReaderIsEmptyElement(x->r))
        return 1;
    int depth = xmlTextReaderDepth(x->r), rc;
    while ((rc = xr_next(x)) == 1 && !xr_end_at(x, depth)) {
        if (!xr_element(x))
            continue;
        if (xr_is(x, "rPh") && !xr_skip(x))
            return 0;
        if (xr_is(x, "t") && !xr_text(x, b))
            return 0;
    }
    return rc == 1;
}

/* ---- cell references ---- */

void bc_xlsx_ref(unsigned row, unsigned col, char *out)
{
    char rev[8];
    int k = 0;
    for (unsigned n = col; n > 0 && k < 7; n = (n - 1) / 26)
        rev[k++] = (char)('A' + (n - 1) % 26);
    for (int i = 0; i < k; i++)
        out[i] = rev[k - 1 - i];
    snprintf(out + k, 12, "%u", row);
}

/* "D7" (or "$D$7") → row, col; *end past it. 0 when not a reference inside the grid. */
static int parse_ref(const char *s, unsigned *row, unsigned *col, const char **end)
{
    unsigned c = 0, r = 0;
    if (*s == '$')
        s++;
    for (; *s >= 'A' && *s <= 'Z'; s++) {
        c = c * 26 + (unsigned)(*s - 'A' + 1);
        if (c > BC_XLSX_MAX_COL)
            return 0;
    }
    if (*s == '$')
        s++;
    for (; *s >= '0' && *s <= '9'; s++) {
        r = r * 10 + (unsigned)(*s - '0');
        if (r > BC_XLSX_MAX_ROW)
            return 0;
    }
    if (!c || !r)
        return 0;
    *row = r, *col = c;
    if (end)
        *end = s;
    return 1;
}

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

/* The relationships of a part (*out malloc'ed), targets resolved against base_dir. */
static bc_status read_rels(pkg *p, bc_arena *a, const char *name, const char *base_dir,
                           rel **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char *xml;
    size_t len;
    bc_status st = read_part(p, name, 0, &xml, &len);
    if (st != BC_OK || !xml)
        return st;
    xr x;
    size_t cap = 0;
    if (xr_open(&x, p->file, name, xml, len, p->err)) {
        while (xr_next(&x) == 1) {
            if (!xr_element(&x) || !xr_is(&x, "Relationship"))
                continue;
            if (!xr_room(&x, out, &cap, *n, sizeof **out, BC_XLSX_MAX_ENTRIES,
                         "quá nhiều quan hệ (relationship)"))
                break;
            char *id = xr_attr(&x, a, "Id"), *type = xr_attr(&x, a, "Type"),
                 *target = xr_attr(&x, a, "Target");
            if (id && target)
                (*out)[(*n)++] = (rel){id, type ? type : "", resolve(a, base_dir, target)};
        }
    }
    int failed = x.failed || !x.r;
    xr_close(&x);
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
    size_t len;
    bc_status st = read_part(p, name, 0, &xml, &len);
    if (st != BC_OK || !xml)
        return st;
    xr x;
    fmt fmts[256];
    size_t nfmts = 0, cap = 0;
    long *ids = NULL;
    int in_xfs = -1;
    if (xr_open(&x, p->file, name, xml, len, p->err)) {
        while (xr_next(&x) == 1) {
            if (in_xfs >= 0 && xr_end_at(&x, in_xfs))
                in_xfs = -1;
            if (!xr_element(&x))
                continue;
            if (xr_is(&x, "numFmt") && nfmts < sizeof fmts / sizeof *fmts) {
                char *id = xr_attr(&x, a, "numFmtId"), *code = xr_attr(&x, a, "formatCode");
                if (id && code)
                    fmts[nfmts++] = (fmt){strtol(id, NULL, 10), code_kind(code)};
            } else if (xr_is(&x, "cellXfs") && !xmlTextReaderIsEmptyElement(x.r)) {
                in_xfs = xmlTextReaderDepth(x.r);
            } else if (in_xfs >= 0 && xr_is(&x, "xf")) {
                if (!xr_room(&x, &ids, &cap, *n, sizeof *ids, 65536, "quá nhiều định dạng ô"))
                    break;
                char *id = xr_attr(&x, a, "numFmtId");
                ids[(*n)++] = id ? strtol(id, NULL, 10) : 0;
            }
        }
    }
    int failed = x.failed || !x.r;
    xr_close(&x);
    free(xml);
    *kinds = BC_NEW_N(a, unsigned char, *n ? *n : 1);
    for (size_t i = 0; *kinds && i < *n; i++)
        (*kinds)[i] = (unsigned char)format_kind(fmts, nfmts, ids[i]);
    free(ids);
    if (!*kinds)
        return bc_err_oom(p->err, p->file);
    return failed ? BC_BADINPUT : BC_OK;
}

/* ---- shared strings ---- */

bc_status bc_xlsx_parse_strings(bc_arena *a, const char *name, const char *xml, size_t len,
                                const char ***strings, size_t *n, bc_err *err)
{
    *strings = NULL;
    *n = 0;
    xr x;
    if (!xr_open(&x, name, "xl/sharedStrings.xml", xml, len, err))
        return BC_BADINPUT;
    size_t cap = 0;
    const char **v = NULL;
    bc_status st = BC_OK;
    while (xr_next(&x) == 1) {
        if (!xr_element(&x) || !xr_is(&x, "si"))
            continue;
        if (!xr_room(&x, &v, &cap, *n, sizeof *v, BC_XLSX_MAX_STRINGS,
                     "quá nhiều chuỗi dùng chung (tối đa 1.000.000)"))
            break;
        bc_buf b = BC_BUF_INIT;
        int ok = xr_rich_text(&x, &b);
        v[*n] = bc_arena_strdup(a, b.data ? b.data : "");
        bc_buf_free(&b);
        if (!ok)
            break;
        if (!v[(*n)++]) {
            st = bc_err_oom(err, name);
            break;
        }
    }
    if (x.failed && st == BC_OK)
        st = BC_BADINPUT;
    xr_close(&x);
    if (st == BC_OK && *n) {
        *strings = BC_NEW_N(a, const char *, *n);
        if (*strings)
            memcpy(*strings, v, *n * sizeof *v);
        else
            st = bc_err_oom(err, name);
    }
    free(v);
    return st;
}

/* ---- worksheets ---- */

typedef struct sheet_ctx {
    xr x;
    bc_arena *a;
    const char *const *strings;
    size_t nstrings;
    const unsigned char *styles;
    size_t nstyles;
    bc_xcell *cells;
    size_t n, cap;
    size_t *cells_left;
    unsigned row, next_col;
    unsigned (*merges)[4];
    size_t nmerges, mcap;
} sheet_ctx;

static int push_cell(sheet_ctx *c, const bc_xcell *cell)
{
    if (*c->cells_left == 0)
        return xr_fail(&c->x, "sổ tính có quá nhiều ô (tối đa 1.000.000)") + 1;
    if (!xr_room(&c->x, &c->cells, &c->cap, c->n, sizeof *c->cells, (size_t)-1 / sizeof *c->cells,
                 "hết bộ nhớ"))
        return 0;
    c->cells[c->n++] = *cell;
    (*c->cells_left)--;
    return 1;
}

/* Gives a cell its value from what its XML said. */
static int settle_cell(sheet_ctx *c, bc_xcell *cell, const char *t, const char *s, bc_buf *v,
                       int have_v)
{
    const char *val = v->data ? v->data : "";
    cell->text = "";
    if (t && !strcmp(t, "inlineStr")) {
        cell->kind = BC_XC_TEXT;
        cell->text = bc_arena_strdup(c->a, val);
    } else if (cell->formula && !*val && (!t || !strcmp(t, "n"))) {
        cell->kind = BC_XC_ERROR; /* saved by a program that does not compute formulas */
        cell->text = "(công thức chưa được tính: mở và lưu lại tệp bằng Excel hoặc LibreOffice)";
    } else if (!have_v || (!*val && (!t || !strcmp(t, "n")))) {
        return 0; /* a styled cell with no value */
    } else if (t && !strcmp(t, "s")) {
        char *end;
        unsigned long i = strtoul(val, &end, 10);
        if (end == val || *end || i >= c->nstrings)
            return xr_fail(&c->x, "ô trỏ tới một chuỗi dùng chung không có") + 1;
        cell->kind = BC_XC_TEXT;
        cell->text = c->strings[i];
    } else if (t && (!strcmp(t, "str") || !strcmp(t, "d"))) {
        cell->kind = BC_XC_TEXT; /* a formula's text, or an ISO date written as text */
        cell->text = bc_arena_strdup(c->a, val);
    } else if (t && !strcmp(t, "b")) {
        cell->kind = BC_XC_BOOL;
        cell->num = strcmp(val, "0") != 0;
    } else if (t && !strcmp(t, "e")) {
        cell->kind = BC_XC_ERROR;
        cell->text = bc_arena_strdup(c->a, val);
    } else {
        char *end;
        cell->kind = BC_XC_NUMBER;
        cell->num = strtod(val, &end);
        if (end == val || *end || !isfinite(cell->num))
            return xr_fail(&c->x, "ô số có giá trị không phải số") + 1;
        unsigned long si = s ? strtoul(s, NULL, 10) : 0;
        int kind = si < c->nstyles ? c->styles[si] : 0;
        cell->date = kind == 1;
        cell->percent = kind == 2;
    }
    return cell->text ? 1 : xr_fail(&c->x, "hết bộ nhớ") + 1;
}

static int read_cell(sheet_ctx *c)
{
    xr *x = &c->x;
    char *r = xr_attr(x, c->a, "r"), *t = xr_attr(x, c->a, "t"), *s = xr_attr(x, c->a, "s");
    bc_xcell cell = {0};
    cell.row = c->row;
    cell.col = c->next_col;
    if (r && !parse_ref(r, &cell.row, &cell.col, NULL))
        return xr_fail(x, "ô có địa chỉ không hợp lệ") + 1;
    if (!cell.row || cell.row > BC_XLSX_MAX_ROW || cell.col > BC_XLSX_MAX_COL)
        return xr_fail(x, "ô nằm ngoài lưới của sổ tính") + 1;
    c->next_col = cell.col + 1;
    bc_buf v = BC_BUF_INIT;
    int have_v = 0, ok = 1;
    if (!xmlTextReaderIsEmptyElement(x->r)) {
        int depth = xmlTextReaderDepth(x->r), rc;
        while (ok && (rc = xr_next(x)) == 1 && !xr_end_at(x, depth)) {
            if (!xr_element(x))
                continue;
            if (xr_is(x, "v")) {
                have_v = 1;
                ok = xr_text(x, &v);
            } else if (xr_is(x, "is")) {
                ok = xr_rich_text(x, &v);
            } else if (xr_is(x, "f")) {
                cell.formula = 1;
                ok = xr_skip(x);
            }
        }
        ok = ok && rc == 1;
    }
    if (ok && v.oom)
        ok = xr_fail(x, "hết bộ nhớ") + 1;
    int got = ok ? settle_cell(c, &cell, t, s, &v, have_v) : 0;
    bc_buf_free(&v);
    if (!ok || got < 0 || x->failed)
        return 0;
    return got ? push_cell(c, &cell) : 1;
}

static int read_merge(sheet_ctx *c)
{
    char *ref = xr_attr(&c->x, c->a, "ref");
    unsigned r1, c1, r2, c2;
    const char *end;
    if (!ref || !parse_ref(ref, &r1, &c1, &end))
        return 1; /* a range we cannot read merges nothing we read */
    if (*end != ':' || !parse_ref(end + 1, &r2, &c2, NULL))
        r2 = r1, c2 = c1;
    if (!xr_room(&c->x, &c->merges, &c->mcap, c->nmerges, sizeof *c->merges, 100000,
                 "quá nhiều vùng gộp ô (tối đa 100.000)"))
        return 0;
    unsigned *m = c->merges[c->nmerges++];
    m[0] = r1 < r2 ? r1 : r2, m[1] = c1 < c2 ? c1 : c2, m[2] = r1 < r2 ? r2 : r1,
    m[3] = c1 < c2 ? c2 : c1;
    return 1;
}

static int cell_cmp(const void *x, const void *y)
{
    const bc_xcell *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->merged - b->merged; /* the cell's own value first */
}

/* Sorts and drops repeats of one position (the first, or the cell's own value, is kept). */
static void sort_cells(sheet_ctx *c)
{
    if (c->n > 1)
        qsort(c->cells, c->n, sizeof *c->cells, cell_cmp);
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!w || c->cells[w - 1].row != c->cells[i].row || c->cells[w - 1].col != c->cells[i].col)
            c->cells[w++] = c->cells[i];
    c->n = w;
}

/* Every empty cell of a merged range gets the top-left value; the merged area is bounded. */
static int fill_merges(sheet_ctx *c, size_t *budget)
{
    sort_cells(c);
    size_t own = c->n;
    for (size_t i = 0; i < c->nmerges; i++) {
        unsigned *m = c->merges[i];
        bc_xsheet probe = {NULL, 0, c->cells, own};
        const bc_xcell *top = bc_xsheet_cell(&probe, m[0], m[1]);
        if (!top)
            continue;
        double area = ((double)m[2] - m[0] + 1) * ((double)m[3] - m[1] + 1) - 1;
        if (area > (double)*budget)
            return xr_fail(&c->x, "vùng gộp ô quá lớn (tối đa 1.000.000 ô được điền từ vùng gộp)") + 1;
        *budget -= (size_t)area;
        bc_xcell copy = *top;
        copy.merged = 1;
        for (unsigned r = m[0]; r <= m[2]; r++)
            for (unsigned col = m[1]; col <= m[3]; col++)
                if ((r != m[0] || col != m[1]) && !bc_xsheet_cell(&probe, r, col)) {
                    copy.row = r, copy.col = col;
                    (*c->cells_left)++; /* merged copies have their own budget */
                    if (!push_cell(c, &copy))
                        return 0;
                    probe.cells = c->cells; /* push_cell may have moved the array */
                }
    }
    sort_cells(c);
    return 1;
}

bc_status bc_xlsx_parse_sheet(bc_arena *a, const char *name, const char *xml, size_t len,
                              const char *const *strings, size_t nstrings,
                              const unsigned char *styles, size_t nstyles, size_t *cells_left,
                              bc_xsheet *sheet, bc_err *err)
{
    sheet_ctx c = {.a = a, .strings = strings, .nstrings = nstrings, .styles = styles,
                   .nstyles = nstyles, .cells_left = cells_left};
    sheet->cells = NULL;
    sheet->ncells = 0;
    if (!xr_open(&c.x, name, sheet->name ? sheet->name : "worksheet", xml, len, err))
        return BC_BADINPUT;
    int ok = 1;
    while (ok && xr_next(&c.x) == 1) {
        if (!xr_element(&c.x))
            continue;
        if (xr_is(&c.x, "row")) {
            char *r = xr_attr(&c.x, a, "r");
            unsigned long rn = r ? strtoul(r, NULL, 10) : c.row + 1;
            if (!rn || rn > BC_XLSX_MAX_ROW)
                ok = xr_fail(&c.x, "dòng nằm ngoài lưới của sổ tính") + 1;
            c.row = (unsigned)rn;
            c.next_col = 1;
        } else if (xr_is(&c.x, "c")) {
            if (!c.row)
                c.row = 1;
            ok = read_cell(&c);
        } else if (xr_is(&c.x, "mergeCell")) {
            ok = read_merge(&c);
        }
    }
    size_t budget = BC_XLSX_MAX_MERGED;
    if (!c.x.failed)
        fill_merges(&c, &budget);
    int failed = c.x.failed;
    xr_close(&c.x);
    free(c.merges);
    if (!failed && c.n) {
        sheet->cells = BC_NEW_N(a, bc_xcell, c.n);
        if (sheet->cells) {
            memcpy(sheet->cells, c.cells, c.n * sizeof *c.cells);
            sheet->ncells = c.n;
        }
    }
    free(c.cells);
    if (failed)
        return BC_BADINPUT;
    return !c.n || sheet->cells ? BC_OK : bc_err_oom(err, name);
}

const bc_xcell *bc_xsheet_cell(const bc_xsheet *s, unsigned row, unsigned col)
{
    size_t lo = 0, hi = s->ncells;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const bc_xcell *c = &s->cells[mid];
        if (c->row < row || (c->row == row && c->col < col))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->ncells && s->cells[lo].row == row && s->cells[lo].col == col ? &s->cells[lo]
                                                                                : NULL;
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
    xr x;
    *refs = BC_NEW_N(a, sheet_ref, BC_XLSX_MAX_SHEETS);
    if (*refs && xr_open(&x, p->file, name, xml, len, p->err)) {
        while (xr_next(&x) == 1) {
            if (!xr_element(&x))
                continue;
            if (xr_is(&x, "workbookPr")) {
                char *d = xr_attr(&x, a, "date1904");
                book->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
            } else if (xr_is(&x, "sheet")) {
                if (*n == BC_XLSX_MAX_SHEETS) {
                    xr_fail(&x, "quá nhiều trang tính (tối đa 256)");
                    break;
                }
                char *nm = xr_attr(&x, a, "name"), *rid = xr_attr(&x, a, "id"),
                     *state = xr_attr(&x, a, "state");
                if (nm && rid)
                    (*refs)[(*n)++] = (sheet_ref){nm, rid, state && strcmp(state, "visible")};
            }
        }
        st = x.failed ? BC_BADINPUT : BC_OK;
        xr_close(&x);
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
