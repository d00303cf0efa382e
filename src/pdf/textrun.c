/* textrun.c — see textrun.h. */
#include "pdf/textrun.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <hpdf_fontdef.h>
#include <hpdf_pages.h>

#include "pdf/harupin.h"
#include "util/text.h"

#define WIDE_GAP_EM 0.6

static void flush(bc_textrun *t)
{
    if (t->n > 0) {
        HPDF_PageAttr attr = (HPDF_PageAttr)t->page->attr;
        HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)t->buf, (HPDF_UINT)t->n);
        t->n = 0;
    }
}

/* Room for `need` more bytes in the buffer (every caller asks for less than its size). */
static char *room(bc_textrun *t, size_t need)
{
    if (t->n + need > sizeof t->buf)
        flush(t);
    return t->buf + t->n;
}

static void put(bc_textrun *t, const char *s)
{
    size_t len = strlen(s);
    memcpy(room(t, len), s, len);
    t->n += len;
}

/* A number with at most `decimals` (≤ 5) decimals, trailing zeros dropped ("12.5", "-250",
 * "0"), written by hand: snprintf's %f was a tenth of the time of a page. Page coordinates and
 * gaps are far below the clamp (10⁹). */
static void put_num(bc_textrun *t, double v, int decimals)
{
    static const long long scale[] = {1, 10, 100, 1000, 10000, 100000};
    double a = fabs(v) > 1e9 ? 1e9 : fabs(v);
    long long q = llround(a * (double)scale[decimals]);
    long long ip = q / scale[decimals], fp = q % scale[decimals];
    char num[40], *o = num + sizeof num;
    int d = decimals;
    while (d > 0 && fp % 10 == 0) { /* trailing zeros of the fraction go */
        fp /= 10;
        d--;
    }
    if (d > 0) {
        for (int i = 0; i < d; i++, fp /= 10)
            *--o = (char)('0' + fp % 10);
        *--o = '.';
    }
    do {
        *--o = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0);
    if (v < 0 && q != 0)
        *--o = '-';
    size_t len = (size_t)(num + sizeof num - o);
    memcpy(room(t, len), o, len);
    t->n += len;
}

void bc_textrun_begin(bc_textrun *t, HPDF_Page page)
{
    memset(t, 0, sizeof *t);
    t->page = page;
    HPDF_Page_BeginText(page);
}

static void close_array(bc_textrun *t)
{
    if (t->open)
        put(t, "] TJ\n");
    t->open = 0;
}

/* Starts a new array at (x, y): the font when it changed, then the text line moved there. */
static void open_at(bc_textrun *t, HPDF_Font font, HPDF_FontDef def, double size, double x,
                    double y)
{
    close_array(t);
    if (font != t->font || size != t->size) {
        flush(t); /* libharu writes Tf itself, after what is buffered */
        HPDF_Page_SetFontAndSize(t->page, font, (HPDF_REAL)size);
        t->font = font;
        t->def = def;
        t->size = size;
    }
    put_num(t, x - t->lx, 5);
    put(t, " ");
    put_num(t, y - t->ly, 5);
    put(t, " Td\n[");
    t->lx = t->pen = x;
    t->ly = y;
    t->open = 1;
}

/* `<hex codes>` of the string; returns its advance in thousandths of an em. */
static long put_codes(bc_textrun *t, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *p = s, *end = s + len;
    long w = 0;
    put(t, "<");
    while (p < end) {
        uint32_t c = bc_utf8_next(&p);
        if (c > 0xFFFF)
            c = 0xFFFD; /* never: fonts.c refuses what the 2-byte encoding cannot carry */
        w += HPDF_TTFontDef_GetCharWidth(t->def, (HPDF_UNICODE)c);
        char *o = room(t, 4);
        o[0] = hex[c >> 12 & 0xF];
        o[1] = hex[c >> 8 & 0xF];
        o[2] = hex[c >> 4 & 0xF];
        o[3] = hex[c & 0xF];
        t->n += 4;
    }
    put(t, ">");
    return w;
}

double bc_textrun_show(bc_textrun *t, HPDF_Font font, HPDF_FontDef def, double size, double x,
                       double y, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    /* A gap wider than a stretched space (a tab, the gap between two fields) gets its own Td,
     * as text extractors read a wide TJ shift differently from a move (poppler splits the
     * line into blocks). */
    if (!t->open || font != t->font || size != t->size || y != t->ly ||
        x - t->pen > WIDE_GAP_EM * size)
        open_at(t, font, def, size, x, y);
    else if (fabs(x - t->pen) > 1e-4) {
        put(t, " ");
        put_num(t, -(x - t->pen) * 1000.0 / size, 3);
        put(t, " ");
    }
    double adv = (double)put_codes(t, s, len) * size / 1000.0;
    t->pen = x + adv;
    return adv;
}

void bc_textrun_end(bc_textrun *t)
{
    close_array(t);
    flush(t);
    HPDF_Page_EndText(t->page);
}
