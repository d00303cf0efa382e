/* tree.c — see tree.h. The default styles follow Nghị định 30/2020, Phụ lục I: body 13–14 pt,
 * paragraph spacing at least 6 pt, line spacing single to 1.5, page numbers 13–14 pt. */
#include "doc/tree.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/buf.h"

static void set_style(bc_style *s, const char *id, const char *name, double size, int bold,
                      int italic, bc_align align, double before, double after)
{
    s->id = id;
    s->name = name;
    s->size_pt = size;
    s->bold = bold;
    s->italic = italic;
    s->align = align;
    s->space_before_pt = before;
    s->space_after_pt = after;
    s->line_spacing = 1.0; /* "single": 1.15 em for Times New Roman, as word processors do */
}

static void default_styles(bc_style *st, double body)
{
    set_style(&st[BC_STYLE_TITLE], "BcTitle", "Tiêu đề biểu mẫu", body, 1, 0, BC_ALIGN_CENTER, 0, 6);
    set_style(&st[BC_STYLE_SUBTITLE], "BcSubtitle", "Căn cứ ban hành", body, 0, 1, BC_ALIGN_CENTER,
              0, 12);
    set_style(&st[BC_STYLE_SECTION], "BcSection", "Mục", body, 1, 0, BC_ALIGN_JUSTIFY, 12, 6);
    st[BC_STYLE_SECTION].keep_with_next = 1;
    st[BC_STYLE_TITLE].keep_with_next = st[BC_STYLE_SUBTITLE].keep_with_next = 1;
    set_style(&st[BC_STYLE_ITEM], "BcItem", "Mục con", body, 0, 0, BC_ALIGN_JUSTIFY, 0, 6);
    set_style(&st[BC_STYLE_BODY], "BcBody", "Văn bản", body, 0, 0, BC_ALIGN_JUSTIFY, 0, 6);
    set_style(&st[BC_STYLE_TABLE_HEAD], "BcTableHead", "Tiêu đề bảng", body - 1, 1, 0,
              BC_ALIGN_CENTER, 2, 2);
    set_style(&st[BC_STYLE_TABLE], "BcTable", "Ô bảng", body - 1, 0, 0, BC_ALIGN_LEFT, 2, 2);
    st[BC_STYLE_TABLE_HEAD].line_spacing = st[BC_STYLE_TABLE].line_spacing = 1.0;
    set_style(&st[BC_STYLE_SIGN_PLACE], "BcSignPlace", "Địa danh, ngày tháng", body, 0, 1,
              BC_ALIGN_CENTER, 12, 0);
    set_style(&st[BC_STYLE_SIGN_TITLE], "BcSignTitle", "Chức vụ người ký", body, 1, 0,
              BC_ALIGN_CENTER, 0, 0);
    set_style(&st[BC_STYLE_SIGN_NOTE], "BcSignNote", "Hướng dẫn ký", body, 0, 1, BC_ALIGN_CENTER,
              0, 0);
    set_style(&st[BC_STYLE_SIGN_NAME], "BcSignName", "Họ tên người ký", body, 1, 0,
              BC_ALIGN_CENTER, 0, 0);
    set_style(&st[BC_STYLE_FOOTNOTE], "BcFootnote", "Chú thích", 10, 0, 0, BC_ALIGN_JUSTIFY, 0, 2);
    st[BC_STYLE_FOOTNOTE].line_spacing = 1.0;
    set_style(&st[BC_STYLE_HEADER], "BcHeader", "Số trang", body, 0, 0, BC_ALIGN_CENTER, 0, 0);
}

bc_doc *bc_doc_new(double font_size_pt)
{
    bc_arena a = BC_ARENA_INIT;
    bc_doc *doc = BC_NEW(&a, bc_doc);
    if (!doc)
        return NULL;
    doc->arena = a;
    /* A4; margins of Nghị định 30: top 20–25, bottom 20–25, left 30–35, right 15–20 mm. */
    doc->page = (bc_page_setup){210, 297, 20, 20, 30, 15, 0, 2};
    default_styles(doc->styles, font_size_pt > 0 ? font_size_pt : 13);
    doc->meta.lang = "vi-VN";
    doc->note_start = 1;
    return doc;
}

void bc_doc_free(bc_doc *doc)
{
    if (!doc)
        return;
    bc_arena a = doc->arena; /* the document lives in its own arena */
    bc_arena_free(&a);
}

bc_para *bc_para_new(bc_doc *doc, bc_style_id style, int level)
{
    bc_para *p = BC_NEW(&doc->arena, bc_para);
    if (p) {
        p->style = style;
        p->level = level;
    }
    return p;
}

bc_run *bc_para_add(bc_doc *doc, bc_para *p, bc_run_kind kind, const char *text)
{
    bc_run *r = BC_NEW(&doc->arena, bc_run);
    if (!r)
        return NULL;
    r->kind = kind;
    r->text = text ? bc_arena_strdup(&doc->arena, text) : NULL;
    if (p->last)
        p->last->next = r;
    else
        p->runs = r;
    p->last = r;
    return r;
}

static bc_block *add_block(bc_doc *doc, bc_block_kind kind)
{
    bc_block *b = BC_NEW(&doc->arena, bc_block);
    if (!b)
        return NULL;
    b->kind = kind;
    if (doc->last)
        doc->last->next = b;
    else
        doc->first = b;
    doc->last = b;
    return b;
}

bc_block *bc_doc_add_para(bc_doc *doc, bc_para *p)
{
    bc_block *b = add_block(doc, BC_BLK_PARA);
    if (b)
        b->u.para = p;
    return b;
}

bc_table *bc_table_new(bc_doc *doc, int ncols, int nrows)
{
    bc_table *t = BC_NEW(&doc->arena, bc_table);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->nrows = nrows;
    t->widths = BC_NEW_N(&doc->arena, double, ncols);
    t->rows = BC_NEW_N(&doc->arena, bc_row, nrows);
    if (!t->widths || !t->rows)
        return NULL;
    for (int c = 0; c < ncols; c++)
        t->widths[c] = 1.0 / ncols;
    for (int r = 0; r < nrows; r++) {
        t->rows[r].cells = BC_NEW_N(&doc->arena, bc_cell, ncols);
        if (!t->rows[r].cells)
            return NULL;
        for (int c = 0; c < ncols; c++) {
            bc_cell *cell = &t->rows[r].cells[c];
            cell->colspan = cell->rowspan = 1;
            cell->origin_row = r;
            cell->origin_col = c;
            cell->para = bc_para_new(doc, BC_STYLE_TABLE, 0);
            if (!cell->para)
                return NULL;
        }
    }
    return t;
}

bc_block *bc_doc_add_table(bc_doc *doc, bc_table *t)
{
    bc_block *b = add_block(doc, BC_BLK_TABLE);
    if (b)
        b->u.table = t;
    return b;
}

void bc_table_merge(bc_table *t, int r, int c, int rowspan, int colspan)
{
    if (r + rowspan > t->nrows)
        rowspan = t->nrows - r;
    if (c + colspan > t->ncols)
        colspan = t->ncols - c;
    for (int i = r; i < r + rowspan; i++)
        for (int j = c; j < c + colspan; j++) {
            bc_cell *cell = &t->rows[i].cells[j];
            cell->covered = !(i == r && j == c);
            cell->origin_row = r;
            cell->origin_col = c;
            cell->rowspan = cell->colspan = 1;
        }
    t->rows[r].cells[c].rowspan = rowspan;
    t->rows[r].cells[c].colspan = colspan;
}

bc_sigblock *bc_sigblock_new(bc_doc *doc, int ncols)
{
    bc_sigblock *s = BC_NEW(&doc->arena, bc_sigblock);
    if (!s)
        return NULL;
    s->ncols = ncols;
    s->at = BC_ALIGN_JUSTIFY;
    s->cols = BC_NEW_N(&doc->arena, bc_sigcol, ncols);
    return s->cols ? s : NULL;
}

bc_block *bc_doc_add_signatures(bc_doc *doc, bc_sigblock *s)
{
    bc_block *b = add_block(doc, BC_BLK_SIGNATURES);
    if (b)
        b->u.sig = s;
    return b;
}

bc_block *bc_doc_add_page(bc_doc *doc, int landscape)
{
    bc_block *b = add_block(doc, BC_BLK_PAGE);
    if (b)
        b->u.landscape = landscape;
    return b;
}

int bc_doc_note_mark(const bc_doc *doc, int n)
{
    return n + (doc->note_start > 0 ? doc->note_start - 1 : 0);
}

int bc_doc_add_note(bc_doc *doc, bc_para *text)
{
    bc_para **notes = BC_NEW_N(&doc->arena, bc_para *, doc->nnotes + 1);
    if (!notes)
        return 0;
    if (doc->nnotes)
        memcpy(notes, doc->notes, sizeof *notes * (size_t)doc->nnotes);
    notes[doc->nnotes++] = text;
    doc->notes = notes;
    return doc->nnotes;
}

char *bc_para_text(bc_doc *doc, const bc_para *p)
{
    bc_buf b = BC_BUF_INIT;
    for (const bc_run *r = p->runs; r; r = r->next) {
        switch (r->kind) {
        case BC_RUN_TEXT:
        case BC_RUN_VALUE:
        case BC_RUN_NOTEREF:
            bc_buf_puts(&b, r->text ? r->text : "");
            break;
        case BC_RUN_BLANK:
            bc_buf_puts(&b, "……");
            break;
        case BC_RUN_CHECKBOX:
            bc_buf_puts(&b, r->checked ? "☒" : "☐");
            break;
        case BC_RUN_BREAK:
            bc_buf_putc(&b, '\n');
            break;
        case BC_RUN_TAB:
            bc_buf_putc(&b, '\t');
            break;
        }
    }
    char *s = bc_arena_strdup(&doc->arena, b.data ? b.data : "");
    bc_buf_free(&b);
    return s;
}

/* The paragraph's text ends with a colon: it introduces what follows. */
static int ends_with_colon(const bc_para *p)
{
    const bc_run *last = NULL;
    for (const bc_run *r = p->runs; r; r = r->next)
        last = r;
    if (!last || last->kind != BC_RUN_TEXT || !last->text)
        return 0;
    size_t n = strlen(last->text);
    while (n > 0 && last->text[n - 1] == ' ')
        n--;
    return n > 0 && last->text[n - 1] == ':';
}

int bc_block_keeps_with_next(const bc_doc *doc, const bc_block *b)
{
    const bc_block *next = b ? b->next : NULL;
    if (!next || b->kind != BC_BLK_PARA || next->kind == BC_BLK_PAGE ||
        next->kind == BC_BLK_SIGNATURES)
        return 0;
    const bc_para *p = b->u.para;
    if (next->kind == BC_BLK_TABLE || doc->styles[p->style].keep_with_next)
        return 1;
    return ends_with_colon(p) || (next->kind == BC_BLK_PARA && next->u.para->level > p->level);
}

double bc_sigblock_space_mm(const bc_doc *doc, const bc_sigblock *sb)
{
    double seal = doc->seal_mm > 0 ? doc->seal_mm : BC_SEAL_DEFAULT_MM, space = 0;
    for (int i = 0; i < sb->ncols; i++) {
        const bc_sigcol *c = &sb->cols[i];
        double need = c->space_mm;
        if (c->role && !strcmp(c->role, BC_SEAL_ROLE) && need < seal + 2 * BC_SEAL_CLEAR_MM)
            need = seal + 2 * BC_SEAL_CLEAR_MM;
        if (need > space)
            space = need;
    }
    return space;
}

long bc_run_field_gap(const bc_run *prev, const bc_run *r)
{
    if (!prev || (prev->kind != BC_RUN_VALUE && prev->kind != BC_RUN_BLANK) ||
        r->kind != BC_RUN_TEXT || !r->text || r->text[0] != ' ')
        return -1;
    const char *colon = strchr(r->text, ':');
    for (const char *p = r->text; colon && p < colon; p++) {
        if (*p != ' ')
            continue;
        const char *q = p + 1;
        utf8proc_int32_t cp = 0;
        if (utf8proc_iterate((const utf8proc_uint8_t *)q, -1, &cp) > 0 &&
            utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
            return p - r->text;
    }
    return -1;
}

int bc_run_is_short_value(const bc_run *r)
{
    return r && r->kind == BC_RUN_VALUE && r->text && *r->text &&
           strlen(r->text) <= BC_GLUE_VALUE_MAX && !strchr(r->text, ' ');
}
