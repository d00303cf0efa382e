/* styles.c — see styles.h. Children of w:style, w:pPr and w:rPr are written in schema order
 * (CT_Style: name basedOn next … qFormat pPr rPr); Word rejects any other. */
#include "docx/styles.h"

#include "docx/content.h"
#include "docx/units.h"
#include "util/xmlw.h"

static void fonts(bc_xw *x, const char *font)
{
    bc_xw_start(x, "w:rFonts");
    bc_xw_attr(x, "w:ascii", font);
    bc_xw_attr(x, "w:hAnsi", font);
    bc_xw_attr(x, "w:eastAsia", font);
    bc_xw_attr(x, "w:cs", font);
    bc_xw_end(x);
}

static void size(bc_xw *x, double pt)
{
    bc_xw_val_int(x, "w:sz", bc_halfpt(pt));
    bc_xw_val_int(x, "w:szCs", bc_halfpt(pt));
}

static void lang(bc_xw *x, const char *tag)
{
    bc_xw_start(x, "w:lang");
    bc_xw_attr(x, "w:val", tag);
    bc_xw_attr(x, "w:eastAsia", tag);
    bc_xw_attr(x, "w:bidi", "ar-SA");
    bc_xw_end(x);
}

static void doc_defaults(bc_xw *x, const bc_doc *doc)
{
    bc_xw_start(x, "w:docDefaults");
    bc_xw_start(x, "w:rPrDefault");
    bc_xw_start(x, "w:rPr");
    fonts(x, BC_DOCX_FONT);
    size(x, doc->styles[BC_STYLE_BODY].size_pt);
    lang(x, doc->meta.lang ? doc->meta.lang : "vi-VN");
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_start(x, "w:pPrDefault");
    bc_xw_start(x, "w:pPr");
    bc_docx_spacing(x, -1, 0, 240, "auto");
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
}

/* A default style of its type, one Word knows by name, or one of ours (w:customStyle). */
typedef enum { STYLE_DEFAULT, STYLE_BUILTIN, STYLE_CUSTOM } style_kind;

/* Opens <w:style> with its name; the caller writes the rest and closes it. */
static void style_start(bc_xw *x, const char *type, const char *id, const char *name,
                        style_kind kind)
{
    bc_xw_start(x, "w:style");
    bc_xw_attr(x, "w:type", type);
    if (kind == STYLE_DEFAULT)
        bc_xw_attr(x, "w:default", "1");
    else if (kind == STYLE_CUSTOM)
        bc_xw_attr(x, "w:customStyle", "1");
    bc_xw_attr(x, "w:styleId", id);
    bc_xw_val(x, "w:name", name);
}

static void builtin_defaults(bc_xw *x)
{
    style_start(x, "paragraph", "Normal", "Normal", STYLE_DEFAULT);
    bc_xw_empty(x, "w:qFormat");
    bc_xw_end(x);

    style_start(x, "character", "DefaultParagraphFont", "Default Paragraph Font", STYLE_DEFAULT);
    bc_xw_val_int(x, "w:uiPriority", 1);
    bc_xw_empty(x, "w:semiHidden");
    bc_xw_empty(x, "w:unhideWhenUsed");
    bc_xw_end(x);

    style_start(x, "table", "TableNormal", "Normal Table", STYLE_DEFAULT);
    bc_xw_val_int(x, "w:uiPriority", 99);
    bc_xw_empty(x, "w:semiHidden");
    bc_xw_empty(x, "w:unhideWhenUsed");
    bc_xw_start(x, "w:tblPr");
    bc_xw_start(x, "w:tblInd");
    bc_xw_attr_int(x, "w:w", 0);
    bc_xw_attr(x, "w:type", "dxa");
    bc_xw_end(x);
    bc_xw_start(x, "w:tblCellMar");
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right"};
    for (int i = 0; i < 4; i++) {
        bc_xw_start(x, sides[i]);
        bc_xw_attr_int(x, "w:w", i % 2 ? 108 : 0);
        bc_xw_attr(x, "w:type", "dxa");
        bc_xw_end(x);
    }
    bc_xw_end(x);
    bc_xw_end(x);
    bc_xw_end(x);
}

static void para_style(bc_xw *x, const bc_style *s)
{
    style_start(x, "paragraph", s->id, s->name ? s->name : s->id, STYLE_CUSTOM);
    bc_xw_val(x, "w:basedOn", "Normal");
    bc_xw_empty(x, "w:qFormat");
    bc_xw_start(x, "w:pPr");
    if (s->keep_with_next)
        bc_xw_empty(x, "w:keepNext");
    /* Line spacing as a multiple of single: 240ths of a line with lineRule auto. */
    bc_docx_spacing(x, bc_twips_pt(s->space_before_pt), bc_twips_pt(s->space_after_pt),
                    lround(240.0 * (s->line_spacing > 0 ? s->line_spacing : 1.0)), "auto");
    if (s->first_indent_mm > 0) {
        bc_xw_start(x, "w:ind");
        bc_xw_attr_int(x, "w:firstLine", bc_twips_mm(s->first_indent_mm));
        bc_xw_end(x);
    }
    bc_xw_val(x, "w:jc", bc_docx_jc(s->align));
    bc_xw_end(x);
    bc_xw_start(x, "w:rPr");
    if (s->bold) {
        bc_xw_empty(x, "w:b");
        bc_xw_empty(x, "w:bCs");
    }
    if (s->italic) {
        bc_xw_empty(x, "w:i");
        bc_xw_empty(x, "w:iCs");
    }
    size(x, s->size_pt);
    bc_xw_end(x);
    bc_xw_end(x);
}

static void char_style(bc_xw *x, style_kind kind, const char *id, const char *name,
                       const char *font, int superscript)
{
    style_start(x, "character", id, name, kind);
    bc_xw_val(x, "w:basedOn", "DefaultParagraphFont");
    if (font || superscript) {
        bc_xw_start(x, "w:rPr");
        if (font)
            fonts(x, font);
        if (superscript)
            bc_xw_val(x, "w:vertAlign", "superscript");
        bc_xw_end(x);
    }
    bc_xw_end(x);
}

bc_status bc_docx_styles(const bc_doc *doc, bc_buf *out, bc_err *err)
{
    bc_xw x;
    bc_xw_open(&x);
    bc_docx_root(&x, "w:styles");
    doc_defaults(&x, doc);
    builtin_defaults(&x);
    for (int i = 0; i < BC_STYLE_COUNT; i++)
        para_style(&x, &doc->styles[i]);
    char_style(&x, STYLE_CUSTOM, BC_CSTYLE_VALUE, "Giá trị đã điền", NULL, 0);
    char_style(&x, STYLE_CUSTOM, BC_CSTYLE_BLANK, "Chỗ để điền", NULL, 0);
    char_style(&x, STYLE_CUSTOM, BC_CSTYLE_CHECKBOX, "Ô đánh dấu", BC_CHECKBOX_FONT, 0);
    /* Word's own footnote mark style, so Word and LibreOffice treat the marks as theirs. */
    char_style(&x, STYLE_BUILTIN, BC_CSTYLE_NOTEREF, "footnote reference", NULL, 1);
    bc_xw_end(&x);
    return bc_xw_finish(&x, "word/styles.xml", out, err);
}
