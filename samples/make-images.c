/* make-images.c — draws the sample signature and seal images as one-page PDFs with libharu;
 * make-images.sh rasterises them to PNG with a transparent background (mutool draw -c rgba).
 *
 * They are made by the project, so they may be shipped and used in tests and demos: a blue
 * handwritten-looking signature for the head of agency and one for the preparer, and a round red
 * seal (36 mm) with the organisation's name around it. All of them are fictitious.
 *
 * Usage: make-images FONTS_DIR OUT_DIR   (writes chu-ky.pdf, chu-ky-nguoi-khai.pdf, con-dau.pdf)
 */
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    fprintf(stderr, "libharu error %#lx %lu\n", (unsigned long)e, (unsigned long)d);
}

static HPDF_Doc new_doc(void)
{
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    return pdf;
}

/* Strokes a path of cubic Bézier segments: x0 y0, then (c1 c2 end) triples. */
static void stroke(HPDF_Page page, const double *p, int segs, double width)
{
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
    HPDF_Page_MoveTo(page, (HPDF_REAL)p[0], (HPDF_REAL)p[1]);
    for (int i = 0; i < segs; i++) {
        const double *q = p + 2 + 6 * i;
        HPDF_Page_CurveTo(page, (HPDF_REAL)q[0], (HPDF_REAL)q[1], (HPDF_REAL)q[2],
                          (HPDF_REAL)q[3], (HPDF_REAL)q[4], (HPDF_REAL)q[5]);
    }
    HPDF_Page_Stroke(page);
}

static int signature(const char *path, int variant)
{
    HPDF_Doc pdf = new_doc();
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetWidth(page, 200);
    HPDF_Page_SetHeight(page, 80);
    HPDF_Page_SetRGBStroke(page, 0.05f, 0.15f, 0.65f);
    HPDF_Page_SetLineCap(page, HPDF_ROUND_END);
    HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
    if (variant == 0) {
        /* A tall initial loop, a run of small waves, a long underline flourish. */
        static const double a[] = {20, 25, 35, 75, 60, 75, 45, 30,
                                   40, 15, 25, 40, 50, 45, 62, 52, 70, 30, 78, 28,
                                   86, 26, 88, 50, 96, 48, 104, 46, 106, 28, 114, 28,
                                   122, 28, 124, 48, 132, 47, 140, 46, 145, 30, 152, 30};
        static const double b[] = {15, 18, 70, 5, 140, 10, 188, 30};
        static const double c[] = {150, 55, 160, 62, 170, 58, 176, 50};
        stroke(page, a, 7, 2.4);
        stroke(page, b, 1, 1.8);
        stroke(page, c, 1, 1.6);
    } else {
        static const double a[] = {30, 30, 40, 70, 55, 70, 55, 40,
                                   55, 15, 80, 20, 80, 40, 80, 58, 95, 58, 100, 40,
                                   105, 22, 120, 25, 125, 42, 130, 60, 150, 55, 160, 35};
        static const double b[] = {25, 22, 80, 12, 130, 18, 175, 28};
        stroke(page, a, 5, 2.2);
        stroke(page, b, 1, 1.6);
    }
    HPDF_STATUS st = HPDF_SaveToFile(pdf, path);
    HPDF_Free(pdf);
    return st == HPDF_OK ? 0 : 1;
}

/* Byte length of the UTF-8 sequence that starts with `c`. */
static int u8len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* Writes `text` along a circle of radius r around (cx, cy): on the top, clockwise with the
 * glyphs' tops outwards; on the bottom, anticlockwise with the tops inwards, so both read from
 * left to right. */
static void text_on_circle(HPDF_Page page, HPDF_Font font, double size, double cx, double cy,
                           double r, const char *text, double span_deg, int top)
{
    HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
    double total = HPDF_Page_TextWidth(page, text);
    double span = span_deg * M_PI / 180, per_pt = span / total, s = top ? -1 : 1;
    double angle = (top ? M_PI / 2 : -M_PI / 2) - s * span / 2;
    for (const char *p = text; *p;) {
        char ch[8] = {0};
        int n = u8len((unsigned char)*p);
        memcpy(ch, p, (size_t)n);
        p += n;
        double w = HPDF_Page_TextWidth(page, ch);
        double mid = angle + s * w * per_pt / 2;
        double rot = mid + s * M_PI / 2; /* the baseline is tangent to the circle */
        double x = cx + r * cos(mid) - (w / 2) * cos(rot);
        double y = cy + r * sin(mid) - (w / 2) * sin(rot);
        HPDF_Page_BeginText(page);
        HPDF_Page_SetTextMatrix(page, (HPDF_REAL)cos(rot), (HPDF_REAL)sin(rot),
                                (HPDF_REAL)-sin(rot), (HPDF_REAL)cos(rot), (HPDF_REAL)x,
                                (HPDF_REAL)y);
        HPDF_Page_ShowText(page, ch);
        HPDF_Page_EndText(page);
        angle += s * w * per_pt;
    }
}

static void star(HPDF_Page page, double cx, double cy, double r)
{
    for (int i = 0; i < 10; i++) {
        double a = M_PI / 2 + i * M_PI / 5, rr = i % 2 ? r * 0.4 : r;
        double x = cx + rr * cos(a), y = cy + rr * sin(a);
        if (i == 0)
            HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
        else
            HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)y);
    }
    HPDF_Page_ClosePath(page);
    HPDF_Page_Fill(page);
}

static int seal(const char *fonts, const char *path)
{
    HPDF_Doc pdf = new_doc();
    char font_path[1024];
    snprintf(font_path, sizeof font_path, "%s/LiberationSerif-Bold.ttf", fonts);
    const char *fname = HPDF_LoadTTFontFromFile(pdf, font_path, HPDF_TRUE);
    if (!fname) {
        HPDF_Free(pdf);
        return 1;
    }
    HPDF_Font font = HPDF_GetFont(pdf, fname, "UTF-8");
    const double d = 36 / 25.4 * 72, c = d / 2; /* 36 mm */
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetWidth(page, (HPDF_REAL)d);
    HPDF_Page_SetHeight(page, (HPDF_REAL)d);
    HPDF_Page_SetRGBStroke(page, 0.86f, 0.08f, 0.10f);
    HPDF_Page_SetRGBFill(page, 0.86f, 0.08f, 0.10f);
    HPDF_Page_SetLineWidth(page, 2.6f);
    HPDF_Page_Circle(page, (HPDF_REAL)c, (HPDF_REAL)c, (HPDF_REAL)(c - 2));
    HPDF_Page_Stroke(page);
    HPDF_Page_SetLineWidth(page, 0.9f);
    HPDF_Page_Circle(page, (HPDF_REAL)c, (HPDF_REAL)c, (HPDF_REAL)(c - 15));
    HPDF_Page_Stroke(page);
    text_on_circle(page, font, 7.2, c, c, c - 12.5, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 230, 1);
    star(page, c, c + 11, 9);
    HPDF_Page_SetFontAndSize(page, font, 6.5f);
    const char *lines[] = {"THỬ NGHIỆM", "BAOCAO"};
    for (int i = 0; i < 2; i++) {
        double w = HPDF_Page_TextWidth(page, lines[i]);
        HPDF_Page_BeginText(page);
        HPDF_Page_TextOut(page, (HPDF_REAL)(c - w / 2), (HPDF_REAL)(c - 6 - 9 * i), lines[i]);
        HPDF_Page_EndText(page);
    }
    text_on_circle(page, font, 7.2, c, c, c - 6, "• HÀ NỘI •", 70, 0);
    HPDF_STATUS st = HPDF_SaveToFile(pdf, path);
    HPDF_Free(pdf);
    return st == HPDF_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make-images FONTS_DIR OUT_DIR\n");
        return 2;
    }
    char p[3][1024];
    snprintf(p[0], sizeof p[0], "%s/chu-ky.pdf", argv[2]);
    snprintf(p[1], sizeof p[1], "%s/chu-ky-nguoi-khai.pdf", argv[2]);
    snprintf(p[2], sizeof p[2], "%s/con-dau.pdf", argv[2]);
    return signature(p[0], 0) | signature(p[1], 1) | seal(argv[1], p[2]);
}
