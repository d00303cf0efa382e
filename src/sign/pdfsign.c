/* pdfsign.c — see pdfsign.h. */
#include "sign/pdfsign.h"

#include "sign/sigslot.h"
#include "sign/signercheck.h"
#include "util/encoding.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "pdf/pdfupdate.h"
#include "sign/appearance.h"
#include "sign/cms.h"
#include "sign/ltv.h"
#include "util/paths.h"

/* Room left in /Contents beyond the computed bound. The bound is the CMS with a signature value
 * of the key's largest size (cms.h), so the signature itself always fits: an ECDSA value shorter
 * than its maximum, or a token's, only leaves some zeros. The slack is insurance against a DER
 * length a few bytes longer than predicted, unused hex zeros are bytes in every file. */
#define CONTENTS_SLACK 256
/* A B-T signature carries the TSA's token, whose size only the TSA knows: with the TSA's
 * certificate and a chain of two or three (RSA-3072) it is 5–8 KB; room as it always was. */
#define TIMESTAMP_MARGIN (16384 + 6144)
typedef struct field_ref {
    int field, field_gen;   /* the field dictionary */
    int widget, widget_gen; /* its widget (the same object when merged) */
    bc_pdf_obj *fobj, *wobj;
} field_ref;

static int text_is(const bc_pdf_obj *o, const char *s)
{
    return o && o->kind == BC_PDF_STRING && o->str.len == strlen(s) &&
           !memcmp(o->str.s, s, o->str.len);
}

/* Looks for the field named `role` among /Fields and their /Kids. */
static int find_field(bc_pdf *doc, bc_pdf_obj *arr, const char *role, field_ref *f, int depth)
{
    if (!arr || arr->kind != BC_PDF_ARRAY || depth > 8)
        return 0;
    for (size_t i = 0; i < arr->arr.n; i++) {
        bc_pdf_obj *r = arr->arr.items[i];
        bc_pdf_obj *o = bc_pdf_resolve(doc, r);
        if (!o || r->kind != BC_PDF_REF)
            continue;
        if (text_is(bc_pdf_dget(doc, o, "T"), role)) {
            f->field = r->ref.num;
            f->field_gen = r->ref.gen;
            f->fobj = o;
            return 1;
        }
        if (find_field(doc, bc_pdf_dget(doc, o, "Kids"), role, f, depth + 1))
            return 1;
    }
    return 0;
}

static bc_status locate(bc_pdf *doc, const char *name, const char *role, bc_pdf_obj **catalog,
                        field_ref *f, bc_err *err)
{
    *catalog = bc_pdf_dget(doc, doc->trailer, "Root");
    bc_pdf_obj *form = bc_pdf_dget(doc, *catalog, "AcroForm");
    if (!find_field(doc, bc_pdf_dget(doc, form, "Fields"), role, f, 0))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "không có ô chữ ký '%s' trong tệp PDF (biểu mẫu này không có chỗ ký "
                          "cho vai trò đó)", role);
    if (!bc_pdf_is_name(bc_pdf_dget(doc, f->fobj, "FT"), "Sig"))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "trường '%s' không phải ô chữ ký", role);
    if (bc_pdf_dget_raw(f->fobj, "V"))
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "ô chữ ký '%s' đã được ký rồi", role);
    if (bc_pdf_is_name(bc_pdf_dget(doc, f->fobj, "Subtype"), "Widget")) {
        f->widget = f->field;
        f->widget_gen = f->field_gen;
        f->wobj = f->fobj;
    } else {
        bc_pdf_obj *kids = bc_pdf_dget(doc, f->fobj, "Kids");
        bc_pdf_obj *k =
            kids && kids->kind == BC_PDF_ARRAY && kids->arr.n ? kids->arr.items[0] : NULL;
        if (!k || k->kind != BC_PDF_REF || !(f->wobj = bc_pdf_resolve(doc, k)))
            return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                              "ô chữ ký '%s' không có vùng hiển thị (widget)", role);
        f->widget = k->ref.num;
        f->widget_gen = k->ref.gen;
    }
    return BC_OK;
}

/* A text string of the file as UTF-8: UTF-16BE when it has the byte order mark, else as it is. */
static char *text_of(const bc_pdf_obj *o)
{
    if (!o || o->kind != BC_PDF_STRING)
        return NULL;
    const unsigned char *d = (const unsigned char *)o->str.s;
    size_t n = 0, bad = 0;
    if (o->str.len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        return bc_utf16_to_utf8(d + 2, o->str.len - 2, 1, &n, &bad);
    return strndup(o->str.s, o->str.len);
}

/* What the form printed for this box (pdf/sigfield.h), compared with the certificate. */
static void check_block(bc_pdf *doc, const field_ref *f, const bc_sign_opts *o)
{
    if (!o->notes)
        return;
    bc_pdf_obj *info = bc_pdf_dget(doc, f->fobj, "BaocaoBlock");
    bc_pdf_obj *undated = bc_pdf_dget(doc, info, "Undated");
    char *printed = text_of(bc_pdf_dget(doc, info, "Signer"));
    bc_signer_check_block(o->role, printed, undated && undated->kind == BC_PDF_BOOL && undated->b,
                          o->signer->cert, o->notes);
    free(printed);
}

static bc_status widget_rect(bc_pdf *doc, const field_ref *f, const char *name, double r[4],
                             bc_err *err)
{
    bc_pdf_obj *rect = bc_pdf_dget(doc, f->wobj, "Rect");
    if (!rect || rect->kind != BC_PDF_ARRAY || rect->arr.n != 4)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "ô chữ ký thiếu /Rect");
    for (int i = 0; i < 4; i++)
        r[i] = bc_pdf_num(bc_pdf_resolve(doc, rect->arr.items[i]), 0);
    /* A rectangle may be given by any two opposite corners. */
    for (int i = 0; i < 2; i++)
        if (r[i] > r[i + 2]) {
            double t = r[i];
            r[i] = r[i + 2];
            r[i + 2] = t;
        }
    if (r[2] - r[0] < 1 || r[3] - r[1] < 1)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0, "vùng ký (/Rect) của ô chữ ký rỗng");
    return BC_OK;
}

static void put_rect(bc_buf *b, const double r[4])
{
    bc_buf_puts(b, " /Rect [");
    for (int i = 0; i < 4; i++) {
        if (i)
            bc_buf_putc(b, ' ');
        bc_pdf_write_real(b, r[i]);
    }
    bc_buf_putc(b, ']');
}

/* The field (and widget) with /V and the appearance. */
static void write_field(bc_pdf_update *u, const field_ref *f, int sig, int ap, const double r[4])
{
    static const char *const widget_skip[] = {"V", "AP", "Rect", "AS", NULL};
    bc_pdf_update_obj_begin(u, f->widget, f->widget_gen);
    bc_buf_puts(u->out, "<<");
    bc_pdf_write_entries(u->out, f->wobj, widget_skip);
    put_rect(u->out, r);
    bc_buf_printf(u->out, " /AP << /N %d 0 R >>", ap);
    if (f->field == f->widget)
        bc_buf_printf(u->out, " /V %d 0 R", sig);
    bc_buf_puts(u->out, " >>");
    bc_pdf_update_obj_end(u);
    if (f->field != f->widget) {
        static const char *const field_skip[] = {"V", NULL};
        bc_pdf_update_obj_begin(u, f->field, f->field_gen);
        bc_buf_puts(u->out, "<<");
        bc_pdf_write_entries(u->out, f->fobj, field_skip);
        bc_buf_printf(u->out, " /V %d 0 R >>", sig);
        bc_pdf_update_obj_end(u);
    }
}

/* /SigFlags 3 (signatures exist, append only) in the AcroForm, keeping /Fields and /DR. When
 * the AcroForm is direct, the catalog itself is rewritten. */
static void write_acroform(bc_pdf_update *u, bc_pdf *doc, bc_pdf_obj *catalog)
{
    static const char *const skip[] = {"SigFlags", "NeedAppearances", NULL};
    bc_pdf_obj *raw = bc_pdf_dget_raw(catalog, "AcroForm");
    bc_pdf_obj *form = bc_pdf_resolve(doc, raw);
    if (raw->kind == BC_PDF_REF) {
        bc_pdf_update_obj_begin(u, raw->ref.num, raw->ref.gen);
        bc_buf_puts(u->out, "<<");
        bc_pdf_write_entries(u->out, form, skip);
        bc_buf_puts(u->out, " /SigFlags 3 >>");
        bc_pdf_update_obj_end(u);
        return;
    }
    static const char *const cat_skip[] = {"AcroForm", NULL};
    bc_pdf_obj *root = bc_pdf_dget_raw(doc->trailer, "Root");
    bc_pdf_update_obj_begin(u, root->ref.num, root->ref.gen);
    bc_buf_puts(u->out, "<<");
    bc_pdf_write_entries(u->out, catalog, cat_skip);
    bc_buf_puts(u->out, " /AcroForm <<");
    bc_pdf_write_entries(u->out, form, skip);
    bc_buf_puts(u->out, " /SigFlags 3 >> >>");
    bc_pdf_update_obj_end(u);
}

/* The widget must be in its page's /Annots to be seen; the renderer puts it there, files
 * from elsewhere may not. */
static bc_status ensure_in_annots(bc_pdf_update *u, bc_pdf *doc, const field_ref *f,
                                  const char *name, bc_err *err)
{
    bc_pdf_obj *pref = bc_pdf_dget_raw(f->wobj, "P");
    bc_pdf_obj *page = bc_pdf_resolve(doc, pref);
    if (!pref || pref->kind != BC_PDF_REF || !page)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "ô chữ ký không cho biết nó ở trang nào (/P)");
    bc_pdf_obj *raw = bc_pdf_dget_raw(page, "Annots");
    bc_pdf_obj *annots = bc_pdf_resolve(doc, raw);
    if (annots && annots->kind == BC_PDF_ARRAY)
        for (size_t i = 0; i < annots->arr.n; i++)
            if (annots->arr.items[i]->kind == BC_PDF_REF &&
                annots->arr.items[i]->ref.num == f->widget)
                return BC_OK;
    if (raw && raw->kind == BC_PDF_REF && annots && annots->kind == BC_PDF_ARRAY) {
        bc_pdf_update_obj_begin(u, raw->ref.num, raw->ref.gen);
        bc_pdf_write(u->out, annots);
        u->out->len--; /* reopen the array: drop ']' */
        bc_buf_printf(u->out, " %d %d R]", f->widget, f->widget_gen);
    } else {
        static const char *const skip[] = {"Annots", NULL};
        bc_pdf_update_obj_begin(u, pref->ref.num, pref->ref.gen);
        bc_buf_puts(u->out, "<<");
        bc_pdf_write_entries(u->out, page, skip);
        bc_buf_puts(u->out, " /Annots [");
        if (annots && annots->kind == BC_PDF_ARRAY)
            for (size_t i = 0; i < annots->arr.n; i++) {
                bc_pdf_write(u->out, annots->arr.items[i]);
                bc_buf_putc(u->out, ' ');
            }
        bc_buf_printf(u->out, "%d %d R] >>", f->widget, f->widget_gen);
    }
    bc_pdf_update_obj_end(u);
    return BC_OK;
}


static void write_sig_dict(bc_pdf_update *u, int num, const bc_sign_opts *o,
                           const char *pdf_date, const char *signer_name, size_t hexlen,
                           bc_sig_slot *ph)
{
    bc_pdf_update_obj_begin(u, num, 0);
    bc_buf_printf(u->out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached"
                          " /M (%s)", pdf_date);
    static const char *const keys[] = {"Name", "Reason", "Location"};
    const char *vals[] = {signer_name, o->reason, o->location};
    for (int i = 0; i < 3; i++)
        if (vals[i] && *vals[i]) {
            bc_buf_printf(u->out, " /%s ", keys[i]);
            bc_pdf_write_text(u->out, vals[i]);
        }
    bc_buf_putc(u->out, '\n');
    bc_sig_slot_write(u->out, hexlen, ph);
    bc_buf_puts(u->out, " >>");
    bc_pdf_update_obj_end(u);
}

/* Fills /ByteRange, hashes the two ranges, signs, and writes the CMS into /Contents. */
static bc_status seal(bc_buf *out, const bc_sig_slot *ph, const bc_sign_opts *o, bc_err *err)
{
    const bc_signer *s = o->signer;
    size_t r[3];
    if (bc_sig_slot_close(out, ph, r, err) != BC_OK)
        return BC_FAIL;
    size_t a = r[0], b = r[1], c = r[2];

    unsigned char md[BC_SHA256_LEN];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
             EVP_DigestUpdate(ctx, out->data, a) && EVP_DigestUpdate(ctx, out->data + b, c) &&
             EVP_DigestFinal_ex(ctx, md, &mdlen);
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "OpenSSL: không tính được SHA-256");
    bc_buf der = BC_BUF_INIT;
    bc_status st = bc_cms_sign_pades(s, md, &der, err);
    if (st == BC_OK && o->level >= BC_LEVEL_BT)
        st = bc_tsa_stamp_cms(o->tsa, &der, err);
    if (st == BC_OK && !bc_sig_slot_put(out, ph, &der))
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0,
                        "lỗi nội bộ: chữ ký (%zu byte) lớn hơn chỗ dành sẵn (%zu byte)", der.len,
                        ph->hexlen / 2);
    bc_buf_free(&der);
    return st;
}

/* The images of the visible signature: those the caller prepared, else read now from the paths
 * (into `own_*`, freed by the caller). */
static bc_status prepared_images(const bc_sign_opts *o, bc_sign_image *own_sig,
                                 bc_sign_image *own_seal, const bc_sign_image **sig,
                                 const bc_sign_image **seal, bc_err *err)
{
    *sig = o->signature;
    *seal = o->seal;
    bc_status st = BC_OK;
    if (!*sig && o->signature_image) {
        st = bc_sign_image_load(o->signature_image, own_sig, err);
        *sig = own_sig;
    }
    if (st == BC_OK && !*seal && o->seal_image) {
        st = bc_sign_image_load(o->seal_image, own_seal, err);
        *seal = own_seal;
    }
    return st;
}

bc_status bc_sign_pdf(const bc_buf *in, const char *name, const bc_sign_opts *o, bc_buf *out,
                      bc_err *err)
{
    bc_pdf doc;
    bc_status st = bc_pdf_open(&doc, in->data, in->len, name, err);
    bc_pdf_update u;
    memset(&u, 0, sizeof u);
    char *fonts = NULL, *cn = NULL;
    bc_pdf_obj *catalog = NULL;
    field_ref f = {0};
    bc_appearance ap = {0};
    bc_sign_image own_sig = {0}, own_seal = {0};
    if (st == BC_OK)
        st = locate(&doc, name, o->role, &catalog, &f, err);
    if (st == BC_OK) {
        check_block(&doc, &f, o);
        st = widget_rect(&doc, &f, name, ap.rect, err);
    }
    size_t bound = 0;
    if (st == BC_OK)
        st = bc_cms_pades_size_bound(o->signer, &bound, err);
    if (st == BC_OK)
        st = bc_pdf_update_begin(&u, &doc, out, err);
    char pdf_date[32], iso[32];
    bc_vn_time(o->when ? o->when : time(NULL), pdf_date, iso);
    int form = 0;
    double rect[4];
    if (st == BC_OK) {
        if (!o->fonts_dir)
            fonts = bc_resource_dir("fonts");
        ap.role = o->role;
        st = prepared_images(o, &own_sig, &own_seal, &ap.signature, &ap.seal, err);
    }
    if (st == BC_OK) {
        ap.seal_size_mm = o->seal_size_mm;
        ap.number = o->number;
        ap.iso_time = iso;
        ap.fonts_dir = o->fonts_dir ? o->fonts_dir : fonts;
        st = bc_appearance_write(&u, &ap, &form, rect, err);
    }
    bc_sig_slot ph = {0};
    if (st == BC_OK) {
        int sig = bc_pdf_update_alloc(&u);
        cn = bc_cert_subject_field(o->signer->cert, NID_commonName);
        size_t room = bound + CONTENTS_SLACK + (o->level >= BC_LEVEL_BT ? TIMESTAMP_MARGIN : 0);
        write_sig_dict(&u, sig, o, pdf_date, cn, 2 * room, &ph);
        write_field(&u, &f, sig, form, rect);
        write_acroform(&u, &doc, catalog);
        st = ensure_in_annots(&u, &doc, &f, name, err);
    }
    if (st == BC_OK)
        st = bc_pdf_update_finish(&u, err);
    if (st == BC_OK)
        st = seal(out, &ph, o, err);
    if (st == BC_OK && o->level >= BC_LEVEL_BLT)
        st = bc_ltv_extend(out, name, o->level == BC_LEVEL_BLTA, o->tsa, o->trust, err);
    if (st != BC_OK) {
        bc_buf_free(out);
        *out = (bc_buf)BC_BUF_INIT;
    }
    free(fonts);
    free(cn);
    bc_sign_image_free(&own_sig);
    bc_sign_image_free(&own_seal);
    bc_pdf_update_free(&u);
    bc_pdf_close(&doc);
    return st;
}
