/* archmeta.h — the metadata an archive keeps for an outgoing document (Nghị định 30/2020/NĐ-CP,
 * Phụ lục VI), as one table that the layout loader, the document builder, the XMP writer and
 * `baocao metadata` all read, so an element is named in one place.
 *
 * Each element has: the key a layout's `meta:` gives it under (NULL when the renderer knows it
 * itself: the language, the page count, the subject which is `meta.subject`), its property
 * name in baocao's XMP extension schema, the XMP value type (Text, Integer or Date; an Integer
 * is decimal digits, a Date is YYYY-MM-DD), and the Vietnamese name of Phụ lục VI that
 * `baocao metadata` prints. An element the data does not give is omitted from the file, never
 * filled with a guess.
 */
#ifndef BC_FORM_ARCHMETA_H
#define BC_FORM_ARCHMETA_H

typedef enum { BC_AM_TEXT, BC_AM_INTEGER, BC_AM_DATE } bc_am_type;

typedef enum {
    BC_AM_ORGAN_ID,        /* mã định danh của cơ quan, tổ chức ban hành */
    BC_AM_FILE_CODE,       /* mã hồ sơ */
    BC_AM_ORDINAL,         /* số thứ tự văn bản trong hồ sơ */
    BC_AM_TYPE_NAME,       /* tên loại văn bản */
    BC_AM_NUMBER,          /* số của văn bản */
    BC_AM_NOTATION,        /* ký hiệu của văn bản */
    BC_AM_ISSUED_DATE,     /* ngày, tháng, năm văn bản */
    BC_AM_ORGAN_NAME,      /* tên cơ quan, tổ chức ban hành văn bản */
    BC_AM_SUBJECT,         /* trích yếu nội dung (meta.subject) */
    BC_AM_LANGUAGE,        /* ngôn ngữ (the renderer's: vi) */
    BC_AM_PAGE_COUNT,      /* số trang (the renderer's) */
    BC_AM_NOTE,            /* ghi chú */
    BC_AM_SIGNER_POSITION, /* chức vụ người ký */
    BC_AM_SIGNER_NAME,     /* họ tên người ký */
    BC_AM_RECIPIENT,       /* nơi nhận */
    BC_AM_PRIORITY,        /* độ khẩn */
    BC_AM_ISSUED_AMOUNT,   /* số lượng bản phát hành */
    BC_AM_DUE_DATE,        /* hạn xử lý */
    BC_AM_COUNT
} bc_am_id;

typedef struct bc_am_prop {
    const char *key;   /* in a layout's meta:, or NULL */
    const char *xmp;   /* property name in the extension schema */
    bc_am_type type;
    const char *label; /* Phụ lục VI's name */
} bc_am_prop;

extern const bc_am_prop bc_am_props[BC_AM_COUNT];

/* The extension schema: its namespace, preferred prefix and name (ISO 19005-2, 6.6.2.3.2). */
#define BC_AM_NS "urn:baocao:ns:nd30-phuluc6:1.0/"
#define BC_AM_PREFIX "vbdi"
#define BC_AM_SCHEMA "Thông tin đầu ra của văn bản đi (Nghị định 30/2020/NĐ-CP, Phụ lục VI)"

/* The XMP value type's name: "Text", "Integer", "Date". */
const char *bc_am_type_name(bc_am_type t);

/* Whether `s` is a valid value of type `t` (Integer: 1–9 digits; Date: YYYY-MM-DD). */
int bc_am_valid(bc_am_type t, const char *s);

#endif
