/* archmeta.c — see archmeta.h. */
#include "form/archmeta.h"

#include <string.h>

const bc_am_prop bc_am_props[BC_AM_COUNT] = {
    [BC_AM_ORGAN_ID] = {"organ_id", "organId", BC_AM_TEXT, "Mã định danh cơ quan, tổ chức"},
    [BC_AM_FILE_CODE] = {"file_code", "fileCode", BC_AM_TEXT, "Mã hồ sơ"},
    [BC_AM_ORDINAL] = {"ordinal", "ordinal", BC_AM_INTEGER, "Số thứ tự văn bản trong hồ sơ"},
    [BC_AM_TYPE_NAME] = {"type_name", "typeName", BC_AM_TEXT, "Tên loại văn bản"},
    [BC_AM_NUMBER] = {"number", "number", BC_AM_TEXT, "Số của văn bản"},
    [BC_AM_NOTATION] = {"notation", "notation", BC_AM_TEXT, "Ký hiệu của văn bản"},
    [BC_AM_ISSUED_DATE] = {"issued_date", "issuedDate", BC_AM_DATE, "Ngày, tháng, năm văn bản"},
    [BC_AM_ORGAN_NAME] = {"organ_name", "organName", BC_AM_TEXT,
                          "Tên cơ quan, tổ chức ban hành văn bản"},
    [BC_AM_SUBJECT] = {NULL, "subject", BC_AM_TEXT, "Trích yếu nội dung"},
    [BC_AM_LANGUAGE] = {NULL, "language", BC_AM_TEXT, "Ngôn ngữ"},
    [BC_AM_PAGE_COUNT] = {NULL, "pageCount", BC_AM_INTEGER, "Số trang của văn bản"},
    [BC_AM_NOTE] = {"note", "note", BC_AM_TEXT, "Ghi chú"},
    [BC_AM_SIGNER_POSITION] = {"signer_position", "signerPosition", BC_AM_TEXT,
                               "Chức vụ người ký"},
    [BC_AM_SIGNER_NAME] = {"signer_name", "signerName", BC_AM_TEXT, "Họ tên người ký"},
    [BC_AM_RECIPIENT] = {"recipient", "recipient", BC_AM_TEXT, "Nơi nhận"},
    [BC_AM_PRIORITY] = {"priority", "priority", BC_AM_TEXT, "Độ khẩn"},
    [BC_AM_ISSUED_AMOUNT] = {"issued_amount", "issuedAmount", BC_AM_INTEGER,
                             "Số lượng bản phát hành"},
    [BC_AM_DUE_DATE] = {"due_date", "dueDate", BC_AM_DATE, "Hạn xử lý"},
};

const char *bc_am_type_name(bc_am_type t)
{
    return t == BC_AM_INTEGER ? "Integer" : t == BC_AM_DATE ? "Date" : "Text";
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int bc_am_valid(bc_am_type t, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0)
        return 0;
    if (t == BC_AM_INTEGER)
        return n <= 9 && digits(s, n);
    if (t == BC_AM_DATE)
        return n == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
               digits(s + 8, 2);
    return 1;
}
