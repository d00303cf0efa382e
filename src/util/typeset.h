/* typeset.h — the paragraph styles and alignments of a form: the words a layout (form/) uses to
 * say how a piece of wording looks, which the document tree (doc/tree.h) carries and every
 * renderer maps to real fonts and styles. Here, below both, so that form/ needs nothing of doc/
 * and the folders depend on each other one way only (doc → form → util).
 */
#ifndef BC_UTIL_TYPESET_H
#define BC_UTIL_TYPESET_H

typedef enum { BC_ALIGN_LEFT, BC_ALIGN_CENTER, BC_ALIGN_RIGHT, BC_ALIGN_JUSTIFY } bc_align;

/* Paragraph styles. Renderers map them to real styles (DOCX styles.xml) or to fonts and
 * spacing (PDF); the build step never sets a font directly. */
typedef enum {
    BC_STYLE_TITLE,      /* "PHỤ LỤC I" and the form's title: centred, bold */
    BC_STYLE_SUBTITLE,   /* "(Ban hành kèm theo …)": centred, italic */
    BC_STYLE_SECTION,    /* "MỤC 1. THÔNG TIN CHUNG": bold */
    BC_STYLE_ITEM,       /* numbered items and their sub-items: justified */
    BC_STYLE_BODY,       /* other paragraphs ("Trong đó:", options of a check box group) */
    BC_STYLE_TABLE_HEAD, /* header cells: centred, bold */
    BC_STYLE_TABLE,      /* body cells */
    BC_STYLE_SIGN_PLACE, /* "……, ngày … tháng … năm …": centred, italic */
    BC_STYLE_SIGN_TITLE, /* "Thủ trưởng cơ quan": centred, bold */
    BC_STYLE_SIGN_NOTE,  /* "(Ký tên, đóng dấu)": centred, italic */
    BC_STYLE_SIGN_NAME,  /* the signer's name: centred, bold */
    BC_STYLE_FOOTNOTE,   /* footnote text at the foot of the page */
    BC_STYLE_HEADER,     /* page numbers in the top margin */
    BC_STYLE_COUNT
} bc_style_id;

/* The head of agency stamps the organisation's seal over a third of the signature (Nghị định 30,
 * Phụ lục I): the signature field of this role carries the seal, real size, 36 mm unless the
 * signer says otherwise; the rendered form leaves room for it with a clear gap above and below,
 * so the seal touches neither the title lines nor the name. */
#define BC_SEAL_ROLE "thu-truong"
#define BC_SEAL_DEFAULT_MM 36.0
#define BC_SEAL_CLEAR_MM 3.0

#endif
