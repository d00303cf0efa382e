/* appearance.c — see appearance.h. */
#include "sign/appearance.h"

#include "pdf/fonts.h"
#include "util/typeset.h"

#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)
#define TEXT_SIZE 10.0

/* The dictionary entries of one plane's image XObject: size, colour space, the deflated
 * samples' filter and, when its rows carry PNG filter types, the predictor that undoes them. */
static void image_dict(bc_buf *d, const bc_sign_image *img, const bc_sign_plane *p,
                       const char *colorspace)
{
    bc_buf_printf(d, " /Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace %s"
                     " /BitsPerComponent 8 /Filter /FlateDecode",
                  img->width, img->height, colorspace);
    if (p->predicted)
        bc_buf_printf(d, " /DecodeParms << /Predictor 15 /Colors %u /BitsPerComponent 8"
                         " /Columns %u >>",
                      p->colors, img->width);
}

/* "[/Indexed /DeviceRGB hival <palette>]", or /DeviceRGB for an image of RGB samples. */
static void colorspace_of(bc_buf *cs, const bc_sign_image *img)
{
    if (!img->ncolors) {
        bc_buf_puts(cs, "/DeviceRGB");
        return;
    }
    bc_buf_printf(cs, "[/Indexed /DeviceRGB %u <", img->ncolors - 1);
    for (unsigned i = 0; i < 3 * img->ncolors; i++)
        bc_buf_printf(cs, "%02X", img->palette[i]);
    bc_buf_puts(cs, ">]");
}

/* An image XObject and its soft mask from a prepared image (already deflated). */
static bc_status write_image(bc_pdf_update *u, const bc_sign_image *img, int *num, double *w,
                             double *h, bc_err *err)
{
    bc_buf d = BC_BUF_INIT, cs = BC_BUF_INIT;
    int mask = bc_pdf_update_alloc(u);
    *num = bc_pdf_update_alloc(u);
    image_dict(&d, img, &img->alpha, "/DeviceGray");
    bc_status st = d.oom ? bc_err_oom(err, NULL)
                         : bc_pdf_update_stream(u, mask, d.data, img->alpha.z, img->alpha.zlen,
                                                0, err);
    d.len = 0;
    colorspace_of(&cs, img);
    image_dict(&d, img, &img->color, cs.oom ? "" : cs.data);
    bc_buf_printf(&d, " /SMask %d 0 R", mask);
    if (st == BC_OK)
        st = d.oom || cs.oom ? bc_err_oom(err, NULL)
                             : bc_pdf_update_stream(u, *num, d.data, img->color.z,
                                                    img->color.zlen, 0, err);
    bc_buf_free(&d);
    bc_buf_free(&cs);
    *w = img->width;
    *h = img->height;
    return st;
}

static void put_real(bc_buf *b, double v)
{
    bc_pdf_write_real(b, v);
    bc_buf_putc(b, ' ');
}

/* "q w 0 0 h x y cm /Name Do Q" */
static void draw_image(bc_buf *c, const char *name, double x, double y, double w, double h)
{
    bc_buf_puts(c, "q ");
    put_real(c, w);
    bc_buf_puts(c, "0 0 ");
    put_real(c, h);
    put_real(c, x);
    put_real(c, y);
    bc_buf_printf(c, "cm /%s Do Q\n", name);
}

static bc_status write_form(bc_pdf_update *u, int num, double w, double h, const char *resources,
                            const bc_buf *content, bc_err *err)
{
    bc_buf d = BC_BUF_INIT;
    bc_buf_puts(&d, " /Type /XObject /Subtype /Form /BBox [0 0 ");
    put_real(&d, w);
    bc_pdf_write_real(&d, h);
    bc_buf_printf(&d, "] /Resources %s", resources);
    bc_status st = d.oom ? bc_err_oom(err, NULL)
                         : bc_pdf_update_stream(u, num, d.data, content->data, content->len, 1,
                                                err);
    bc_buf_free(&d);
    return st;
}

/* The seal is centred on the signing space, which the rendered form sized for a seal of some
 * diameter (render --seal-size-mm, 36 mm by default) with a clear gap above and below: a taller
 * seal would be stamped over the title lines or the name, so it is refused before anything is
 * written, saying how to render the form with room for it. */
static bc_status seal_fits(const bc_appearance *a, bc_err *err)
{
    if (!a->seal || !a->seal->width)
        return BC_OK;
    double d = a->seal_size_mm > 0 ? a->seal_size_mm : BC_SEAL_DEFAULT_MM;
    double tall = d * a->seal->height / a->seal->width;
    double room = (a->rect[3] - a->rect[1]) / PT_PER_MM - 2 * BC_SEAL_CLEAR_MM;
    if (tall <= room + 0.05) /* the form's own rounding */
        return BC_OK;
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "dấu cao %.1f mm nhưng ô ký của %s chỉ chừa chỗ cho dấu %.1f mm: dấu sẽ đè "
                      "lên chức vụ hoặc họ tên; dựng lại báo cáo với --seal-size-mm %g rồi ký",
                      tall, a->role, room, d);
}

static bc_status person(bc_pdf_update *u, const bc_appearance *a, int *form, double r[4],
                        bc_err *err)
{
    if (!a->signature)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "cần ảnh chữ ký (--signature-image TỆP.png) cho vai trò %s", a->role);
    bc_status st = seal_fits(a, err);
    if (st != BC_OK)
        return st;
    int sig_num, seal_num = 0;
    double iw, ih, sw, sh;
    st = write_image(u, a->signature, &sig_num, &iw, &ih, err);
    if (st == BC_OK && a->seal)
        st = write_image(u, a->seal, &seal_num, &sw, &sh, err);
    if (st != BC_OK)
        return st;
    /* Signature: as large as fits the signing space with a small margin, centred. */
    double W = a->rect[2] - a->rect[0], H = a->rect[3] - a->rect[1];
    double scale = (W * 0.9) / iw < (H * 0.9) / ih ? (W * 0.9) / iw : (H * 0.9) / ih;
    double gw = iw * scale, gh = ih * scale;
    double gx = a->rect[0] + (W - gw) / 2, gy = a->rect[1] + (H - gh) / 2;
    double bx0 = a->rect[0], by0 = a->rect[1], bx1 = a->rect[2], by1 = a->rect[3];
    double kx = 0, ky = 0, kd = 0;
    if (seal_num) {
        /* Real size; its right edge a third of the way into the signature, same centre line. */
        kd = (a->seal_size_mm > 0 ? a->seal_size_mm : BC_SEAL_DEFAULT_MM) * PT_PER_MM;
        double kh = kd * sh / sw;
        kx = gx + gw / 3 - kd;
        ky = gy + gh / 2 - kh / 2;
        bx0 = kx < bx0 ? kx : bx0;
        by0 = ky < by0 ? ky : by0;
        bx1 = kx + kd > bx1 ? kx + kd : bx1;
        by1 = ky + kh > by1 ? ky + kh : by1;
    }
    bc_buf c = BC_BUF_INIT;
    draw_image(&c, "Sig", gx - bx0, gy - by0, gw, gh);
    if (seal_num)
        draw_image(&c, "Seal", kx - bx0, ky - by0, kd, kd * sh / sw);
    char res[160];
    if (seal_num)
        snprintf(res, sizeof res, "<< /XObject << /Sig %d 0 R /Seal %d 0 R >> >>", sig_num,
                 seal_num);
    else
        snprintf(res, sizeof res, "<< /XObject << /Sig %d 0 R >> >>", sig_num);
    *form = bc_pdf_update_alloc(u);
    st = write_form(u, *form, bx1 - bx0, by1 - by0, res, &c, err);
    bc_buf_free(&c);
    r[0] = bx0;
    r[1] = by0;
    r[2] = bx1;
    r[3] = by1;
    return st;
}

/* ---- the organisation's text, laid out by libharu and copied in --------------------------- */

static void ignore_haru_error(HPDF_STATUS e, HPDF_STATUS d, void *user)
{
    (void)e;
    (void)d;
    (void)user; /* failures are seen through return values */
}

static bc_status text_pdf(const bc_appearance *a, double w, double h, bc_buf *out, bc_err *err)
{
    HPDF_Doc pdf = HPDF_New(ignore_haru_error, NULL);
    if (!pdf)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu: hết bộ nhớ");
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    /* The renderer's font set: the same embedded subset font with a correct ToUnicode map, so
     * that the signature's text extracts as it reads, like the rest of the report. */
    bc_fontset fs;
    if (bc_fontset_load(pdf, a->fonts_dir ? a->fonts_dir : "fonts", &fs, err) != BC_OK) {
        HPDF_Free(pdf);
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "không nạp được phông chữ cho chữ ký của tổ chức");
    }
    HPDF_Font font = fs.font[BC_FACE_REGULAR];
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetWidth(page, (HPDF_REAL)w);
    HPDF_Page_SetHeight(page, (HPDF_REAL)h);
    const char *lines[2] = {a->number && *a->number ? a->number : NULL, a->iso_time};
    double y = h - TEXT_SIZE - 1;
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)TEXT_SIZE);
    HPDF_Page_SetRGBFill(page, 0, 0, 0);
    for (int i = 0; i < 2; i++) {
        if (!lines[i])
            continue;
        double tw = HPDF_Page_TextWidth(page, lines[i]);
        double x = w - tw - 1 > 0 ? w - tw - 1 : 0;
        HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, lines[i]);
        y -= TEXT_SIZE * 1.2;
    }
    HPDF_Page_EndText(page);
    bc_status st = bc_fontset_finish(&fs, err);
    if (st == BC_OK && HPDF_SaveToStream(pdf) != HPDF_OK)
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu: không dựng được chữ ký của tổ chức");
    HPDF_ResetStream(pdf);
    for (HPDF_UINT32 n = 1; st == BC_OK && n;) {
        HPDF_BYTE chunk[16384];
        n = sizeof chunk;
        HPDF_ReadFromStream(pdf, chunk, &n);
        bc_buf_append(out, chunk, n);
    }
    HPDF_Free(pdf);
    return st;
}

/* Renumbering of objects copied from the scratch PDF into the update. */
typedef struct copier {
    bc_pdf_update *u;
    int *map; /* scratch number → new number, 0 = not yet */
    int *queue, nq, n;
} copier;

static int map_ref(void *ctx, int num)
{
    copier *c = ctx;
    if (num <= 0 || num >= c->n)
        return 0;
    if (!c->map[num]) {
        c->map[num] = bc_pdf_update_alloc(c->u);
        c->queue[c->nq++] = num;
    }
    return c->map[num];
}

/* Writes every object reachable from those queued so far. Streams keep their encoded bytes. */
static bc_status copy_queued(copier *c, bc_pdf *src, bc_err *err)
{
    static const char *const no_length[] = {"Length", NULL};
    bc_status st = BC_OK;
    for (int i = 0; i < c->nq && st == BC_OK; i++) {
        bc_pdf_obj *o = bc_pdf_get(src, c->queue[i]);
        if (!o)
            return bc_err_add(err, BC_FAIL, NULL, 0, 0, "lỗi nội bộ: thiếu đối tượng phông chữ");
        bc_buf b = BC_BUF_INIT;
        int num = c->map[c->queue[i]];
        if (o->kind == BC_PDF_STREAM) {
            bc_pdf_write_entries_mapped(&b, o, no_length, map_ref, c);
            st = bc_pdf_update_stream(c->u, num, b.data ? b.data : "", o->sdata, o->slen, 0, err);
        } else {
            bc_pdf_update_obj_begin(c->u, num, 0);
            bc_pdf_write_mapped(c->u->out, o, map_ref, c);
            bc_pdf_update_obj_end(c->u);
        }
        bc_buf_free(&b);
    }
    return st;
}

static bc_status organisation(bc_pdf_update *u, const bc_appearance *a, int *form,
                              double r[4], bc_err *err)
{
    double w = a->rect[2] - a->rect[0], h = a->rect[3] - a->rect[1];
    bc_buf scratch = BC_BUF_INIT, content = BC_BUF_INIT, res = BC_BUF_INIT;
    bc_pdf src;
    memset(&src, 0, sizeof src);
    bc_status st = text_pdf(a, w, h, &scratch, err);
    if (st == BC_OK)
        st = bc_pdf_open(&src, scratch.data, scratch.len, "chữ ký tổ chức", err);
    bc_pdf_obj *pages = NULL, *kids = NULL, *page = NULL, *contents = NULL, *resources = NULL;
    if (st == BC_OK) {
        pages = bc_pdf_dget(&src, bc_pdf_dget(&src, src.trailer, "Root"), "Pages");
        kids = bc_pdf_dget(&src, pages, "Kids");
        page = kids && kids->kind == BC_PDF_ARRAY && kids->arr.n
                   ? bc_pdf_resolve(&src, kids->arr.items[0])
                   : NULL;
        contents = bc_pdf_dget(&src, page, "Contents");
        resources = bc_pdf_dget(&src, page, "Resources");
        if (!contents || contents->kind != BC_PDF_STREAM || !resources)
            st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "lỗi nội bộ: trang chữ ký tổ chức lạ");
    }
    if (st == BC_OK)
        st = bc_pdf_stream_decode(&src, contents, &content, err);
    copier c = {u, calloc((size_t)src.size + 1, sizeof(int)),
                calloc((size_t)src.size + 1, sizeof(int)), 0, src.size};
    if (st == BC_OK && (!c.map || !c.queue))
        st = bc_err_oom(err, NULL);
    if (st == BC_OK) {
        bc_buf_puts(&res, "<<");
        bc_pdf_write_entries_mapped(&res, resources, NULL, map_ref, &c);
        bc_buf_puts(&res, " >>");
        st = copy_queued(&c, &src, err);
    }
    if (st == BC_OK) {
        *form = bc_pdf_update_alloc(u);
        st = write_form(u, *form, w, h, res.data, &content, err);
    }
    free(c.map);
    free(c.queue);
    bc_pdf_close(&src);
    bc_buf_free(&scratch);
    bc_buf_free(&content);
    bc_buf_free(&res);
    memcpy(r, a->rect, 4 * sizeof *r);
    return st;
}

bc_status bc_appearance_write(bc_pdf_update *u, const bc_appearance *a, int *form_num,
                              double rect[4], bc_err *err)
{
    if (!strcmp(a->role, "to-chuc"))
        return organisation(u, a, form_num, rect, err);
    return person(u, a, form_num, rect, err);
}
