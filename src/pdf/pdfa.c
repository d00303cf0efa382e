/* pdfa.c — see pdfa.h. */
#include "pdf/pdfa.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <time.h>

#include "pdf/hpdfstr.h"
#include "pdf/outputintent.h"
#include "pdf/xmp.h"
#include "util/buf.h"
#include "util/vntime.h"

/* Document information strings as UTF-16BE with a byte order mark, the only way a PDF string
 * carries Vietnamese outside PDFDocEncoding (libharu would write the UTF-8 bytes as they are). */
static HPDF_STATUS set_text(HPDF_Doc pdf, const char *key, const char *utf8)
{
    if (!utf8 || !*utf8)
        return HPDF_OK;
    HPDF_Binary b = bc_hpdf_text(pdf, utf8);
    return b ? HPDF_Dict_Add(pdf->info, key, b) : HPDF_FAILD_TO_ALLOC_MEM;
}

static HPDF_STATUS set_date(HPDF_Doc pdf, const char *key, const char *pdf_date)
{
    HPDF_String s = HPDF_String_New(pdf->mmgr, pdf_date, NULL);
    return s ? HPDF_Dict_Add(pdf->info, key, s) : HPDF_FAILD_TO_ALLOC_MEM;
}

static bc_status set_info(HPDF_Doc pdf, const bc_meta *m, const char *pdf_date, bc_err *err)
{
    if (!pdf->info)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "-"); /* creates the Info dictionary */
    HPDF_STATUS st = !pdf->info;
    if (!st) {
        st |= set_text(pdf, "Title", m->title);
        st |= set_text(pdf, "Author", m->author);
        st |= set_text(pdf, "Subject", m->subject);
        st |= set_text(pdf, "Keywords", m->keywords);
        st |= set_text(pdf, "Creator", m->creator);
        st |= set_text(pdf, "Producer", BC_PDF_PRODUCER);
        st |= set_date(pdf, "CreationDate", pdf_date);
        st |= set_date(pdf, "ModDate", pdf_date);
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu: không ghi được thông tin tài liệu");
    }
    return BC_OK;
}

static void xmp_info(const bc_meta *m, const bc_pdfa_opts *o, const char *iso, char *pages,
                     bc_xmp_info *x)
{
    *x = (bc_xmp_info){m->title, m->author, m->subject, m->keywords, m->creator,
                       BC_PDF_PRODUCER, "vi", iso, iso, {0}};
    for (int i = 0; i < BC_AM_COUNT; i++)
        x->archive[i] = m->archive[i];
    snprintf(pages, 16, "%d", o->pages);
    x->archive[BC_AM_SUBJECT] = m->subject;
    x->archive[BC_AM_LANGUAGE] = "vi";
    x->archive[BC_AM_PAGE_COUNT] = o->pages > 0 ? pages : NULL;
}

/* ISO 19005-2, 6.6.2.1: the catalog's /Metadata, an XMP stream without /Filter (a reader that
 * knows no PDF finds the packet by scanning the bytes). */
static bc_status add_metadata(HPDF_Doc pdf, const bc_buf *xmp, bc_err *err)
{
    HPDF_Dict md = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_STATUS st = !md;
    if (!st) {
        md->filter = HPDF_STREAM_FILTER_NONE;
        st |= HPDF_Dict_AddName(md, "Type", "Metadata");
        st |= HPDF_Dict_AddName(md, "Subtype", "XML");
        st |= HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)xmp->data, (HPDF_UINT)xmp->len);
        st |= HPDF_Dict_Add(pdf->catalog, "Metadata", md);
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libharu: không ghi được XMP");
    }
    return BC_OK;
}

bc_status bc_pdf_identify(HPDF_Doc pdf, const bc_doc *doc, const bc_pdfa_opts *o, bc_err *err)
{
    char pdf_date[32], iso[32], pages[16];
    bc_vn_time(bc_source_date(time(NULL)), pdf_date, iso);
    bc_status s = set_info(pdf, &doc->meta, pdf_date, err);
    if (s != BC_OK || o->plain)
        return s;
    pdf->pdf_version = HPDF_VER_17;
    bc_xmp_info x;
    xmp_info(&doc->meta, o, iso, pages, &x);
    bc_buf xmp = BC_BUF_INIT;
    s = bc_xmp_write(&x, &xmp, err);
    if (s == BC_OK)
        s = add_metadata(pdf, &xmp, err);
    bc_buf_free(&xmp);
    if (s == BC_OK)
        s = bc_pdf_add_output_intent(pdf, o->icc_path, err);
    return s;
}
