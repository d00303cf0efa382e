/* document.c — see document.h. */
#include "docx/document.h"

#include "docx/section.h"
#include "docx/table.h"

static int is_table(const bc_block *b)
{
    return b && (b->kind == BC_BLK_TABLE || b->kind == BC_BLK_SIGNATURES);
}

/* The block just before the signature block: it keeps with it. */
static int closes_body(const bc_block *b)
{
    return b->next && b->next->kind == BC_BLK_SIGNATURES;
}

/* The body's state while blocks are written. */
typedef struct body {
    bc_xw *x;
    bc_docx_ctx *ctx;
    bc_docx_section sect;
    int has_content;   /* something written since the section began */
    const bc_block *prev;
} body;

static void end_section(body *b, int sect_written)
{
    if (!sect_written)
        bc_docx_tiny_para(b->x, b->ctx, &b->sect);
    b->sect.first = 0;
    b->has_content = 0;
}

static void write_block(body *b, const bc_block *blk)
{
    const bc_doc *doc = b->ctx->doc;
    long width = bc_docx_text_width(doc, b->sect.landscape);
    switch (blk->kind) {
    case BC_BLK_PARA: {
        /* The paragraph before a page break carries the section's properties itself. */
        int ends = blk->next && blk->next->kind == BC_BLK_PAGE;
        /* Headings and labels keep with what they introduce, the body's last paragraph with
         * the signature block (the rules of pdf/render.c, as Word and LibreOffice apply them). */
        bc_para_opts opt = {.sect = ends ? &b->sect : NULL,
                            .keep_next = bc_block_keeps_with_next(doc, blk) || closes_body(blk),
                            .fill_twips = width};
        bc_docx_para(b->x, b->ctx, blk->u.para, BC_STYLE_BODY, &opt);
        if (ends)
            end_section(b, 1);
        else
            b->has_content = 1;
        break;
    }
    case BC_BLK_TABLE:
    case BC_BLK_SIGNATURES:
        if (is_table(b->prev) && b->has_content)
            bc_docx_para(b->x, b->ctx, NULL, BC_STYLE_BODY, NULL);
        if (blk->kind == BC_BLK_TABLE)
            bc_docx_table(b->x, b->ctx, blk->u.table, width, closes_body(blk));
        else
            bc_docx_signatures(b->x, b->ctx, blk->u.sig, width);
        b->has_content = 1;
        break;
    case BC_BLK_PAGE:
        if (b->has_content)
            end_section(b, 0);
        b->sect.landscape = blk->u.landscape;
        break;
    }
    b->prev = blk;
}

bc_status bc_docx_document(bc_docx_ctx *ctx, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_docx_root(&x, "w:document");
    bc_xw_start(&x, "w:body");
    body b = {&x, ctx, {ctx->doc->page.landscape, 1}, 0, NULL};
    for (const bc_block *blk = ctx->doc->first; blk; blk = blk->next)
        write_block(&b, blk);
    if (is_table(b.prev) && b.has_content)
        bc_docx_tiny_para(&x, ctx, NULL);
    bc_docx_sectpr(&x, ctx->doc, &b.sect);
    bc_xw_end(&x);
    bc_xw_end(&x);
    return bc_xw_finish(&x, "word/document.xml", out, err);
}
