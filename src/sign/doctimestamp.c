/* doctimestamp.c — see doctimestamp.h. */
#include "sign/doctimestamp.h"

#include "sign/sigslot.h"

#include <stdlib.h>
#include <string.h>

#include "pdf/pdfread.h"
#include "pdf/pdfupdate.h"

/* Room for the token: the TSA's certificate and chain (RSA-3072) with the TSTInfo are 5–8 KB. */
#define TOKEN_ROOM 16384

/* How many fields are called tem-thoi-gian-* already, so the new one gets a fresh name. */
static int stamps_before(bc_pdf *doc, bc_pdf_obj *fields)
{
    int n = 0;
    for (size_t i = 0; fields && fields->kind == BC_PDF_ARRAY && i < fields->arr.n; i++) {
        bc_pdf_obj *t = bc_pdf_dget(doc, bc_pdf_resolve(doc, fields->arr.items[i]), "T");
        n += t && t->kind == BC_PDF_STRING && t->str.len > 14 &&
             !memcmp(t->str.s, "tem-thoi-gian-", 14);
    }
    return n;
}

static void write_fields(bc_buf *b, bc_pdf_obj *fields, int field)
{
    bc_buf_puts(b, " /Fields [");
    for (size_t i = 0; fields && fields->kind == BC_PDF_ARRAY && i < fields->arr.n; i++) {
        bc_pdf_write(b, fields->arr.items[i]);
        bc_buf_putc(b, ' ');
    }
    bc_buf_printf(b, "%d 0 R]", field);
}

/* The AcroForm with the new field in /Fields and /SigFlags 3; the catalog when it is direct. */
static bc_status write_form(bc_pdf_update *u, bc_pdf *doc, int field, const char *name, bc_err *err)
{
    static const char *const skip[] = {"Fields", "SigFlags", NULL};
    bc_pdf_obj *catalog = bc_pdf_dget(doc, doc->trailer, "Root");
    bc_pdf_obj *root = bc_pdf_dget_raw(doc->trailer, "Root");
    bc_pdf_obj *raw = bc_pdf_dget_raw(catalog, "AcroForm");
    bc_pdf_obj *form = bc_pdf_resolve(doc, raw);
    if (!root || root->kind != BC_PDF_REF || !form || form->kind != BC_PDF_DICT)
        return bc_err_add(err, BC_BADINPUT, name, 0, 0,
                          "tệp PDF không có biểu mẫu (AcroForm): chưa được ký lần nào?");
    bc_pdf_obj *fields = bc_pdf_dget(doc, form, "Fields");
    if (raw->kind == BC_PDF_REF) {
        bc_pdf_update_obj_begin(u, raw->ref.num, raw->ref.gen);
        bc_buf_puts(u->out, "<<");
        bc_pdf_write_entries(u->out, form, skip);
        write_fields(u->out, fields, field);
        bc_buf_puts(u->out, " /SigFlags 3 >>");
    } else {
        static const char *const cat_skip[] = {"AcroForm", NULL};
        bc_pdf_update_obj_begin(u, root->ref.num, root->ref.gen);
        bc_buf_puts(u->out, "<<");
        bc_pdf_write_entries(u->out, catalog, cat_skip);
        bc_buf_puts(u->out, " /AcroForm <<");
        bc_pdf_write_entries(u->out, form, skip);
        write_fields(u->out, fields, field);
        bc_buf_puts(u->out, " /SigFlags 3 >> >>");
    }
    bc_pdf_update_obj_end(u);
    return BC_OK;
}


static bc_status write_update(bc_pdf *doc, const char *name, bc_buf *out, bc_sig_slot *sl,
                              bc_err *err)
{
    bc_pdf_update u;
    bc_status st = bc_pdf_update_begin(&u, doc, out, err);
    bc_pdf_obj *catalog = bc_pdf_dget(doc, doc->trailer, "Root");
    bc_pdf_obj *fields = bc_pdf_dget(doc, bc_pdf_dget(doc, catalog, "AcroForm"), "Fields");
    int sig = bc_pdf_update_alloc(&u), field = bc_pdf_update_alloc(&u);
    if (st == BC_OK) {
        bc_buf *b = u.out;
        bc_pdf_update_obj_begin(&u, sig, 0);
        bc_buf_puts(b, "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161"
                       "\n");
        bc_sig_slot_write(b, 2 * TOKEN_ROOM, sl);
        bc_buf_puts(b, " >>");
        bc_pdf_update_obj_end(&u);
        /* Invisible by its zero-sized /Rect; locked, and with the print flag and without the
         * hidden one, which PDF/A-2 (ISO 19005-2, 6.3.2) requires of every widget. */
        bc_pdf_update_obj_begin(&u, field, 0);
        bc_buf_printf(b, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (tem-thoi-gian-%d)"
                         " /F 132 /Rect [0 0 0 0] /V %d 0 R >>",
                      stamps_before(doc, fields) + 1, sig);
        bc_pdf_update_obj_end(&u);
        st = write_form(&u, doc, field, name, err);
    }
    if (st == BC_OK)
        st = bc_pdf_update_finish(&u, err);
    bc_pdf_update_free(&u);
    return st;
}

/* Fills /ByteRange, asks for the token over the two ranges and writes it into /Contents. */
static bc_status seal(bc_buf *out, const bc_sig_slot *sl, const bc_tsa *tsa, bc_err *err)
{
    size_t r[3];
    if (bc_sig_slot_close(out, sl, r, err) != BC_OK)
        return BC_FAIL;
    size_t a = r[0], b = r[1], c = r[2];
    bc_buf signed_bytes = BC_BUF_INIT, token = BC_BUF_INIT;
    bc_buf_append(&signed_bytes, out->data, a);
    bc_buf_append(&signed_bytes, out->data + b, c);
    bc_status st = signed_bytes.oom ? bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ")
                                    : bc_tsa_stamp(tsa, signed_bytes.data, signed_bytes.len,
                                                   &token, err);
    if (st == BC_OK && !bc_sig_slot_put(out, sl, &token))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "tem thời gian của máy chủ %s quá lớn (%zu byte, chỗ dành sẵn %zu byte)",
                        tsa->url, token.len, sl->hexlen / 2);
    bc_buf_free(&signed_bytes);
    bc_buf_free(&token);
    return st;
}

bc_status bc_doc_timestamp(bc_buf *pdf, const char *name, const bc_tsa *tsa, bc_err *err)
{
    if (!tsa || !tsa->url)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "tem thời gian cho tài liệu cần máy chủ tem thời gian (--tsa URL)");
    bc_pdf doc;
    bc_status st = bc_pdf_open(&doc, pdf->data, pdf->len, name, err);
    bc_buf out = BC_BUF_INIT;
    bc_sig_slot sl = {0};
    if (st == BC_OK)
        st = write_update(&doc, name, &out, &sl, err);
    bc_pdf_close(&doc);
    if (st == BC_OK)
        st = seal(&out, &sl, tsa, err);
    if (st == BC_OK) {
        bc_buf_free(pdf);
        *pdf = out;
    } else
        bc_buf_free(&out);
    return st;
}
