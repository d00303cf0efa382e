/* yaml_msg.c — see yaml_msg.h. */
#include "form/yaml_msg.h"

#include <string.h>

static const char TAB[] =
    "có ký tự Tab: YAML chỉ cho phép thụt lề bằng dấu cách — thay mỗi Tab bằng dấu cách "
    "(các khóa cùng cấp thẳng hàng nhau)";

static const struct {
    const char *problem; /* libyaml's text, or its beginning */
    const char *vi;
} MESSAGES[] = {
    {"found character that cannot start any token",
     "có ký tự không thể đứng đầu một giá trị (như ` @ % hoặc Tab): đặt giá trị trong dấu nháy "
     "\"…\""},
    {"mapping values are not allowed",
     "dấu ':' không được phép ở đây: một giá trị có chứa \": \" phải đặt trong dấu nháy \"…\"; "
     "hoặc dòng này thụt lề sai"},
    {"could not find expected ':'", "thiếu dấu ':' sau khóa (mỗi dòng viết: khóa: giá trị)"},
    {"did not find expected key",
     "thụt lề không khớp: các khóa cùng cấp phải thẳng hàng nhau (cùng số dấu cách ở đầu dòng)"},
    {"did not find expected '-' indicator",
     "thụt lề không khớp trong danh sách: mỗi dòng của danh sách bắt đầu bằng \"- \" thẳng hàng"},
    {"block sequence entries are not allowed",
     "dòng \"- \" của danh sách không được phép ở đây: danh sách phải nằm dưới khóa của nó, thụt "
     "vào"},
    {"found unexpected end of stream",
     "tệp kết thúc khi dấu nháy hoặc ngoặc chưa đóng: kiểm tra cặp \"…\", '…', […], {…}"},
    {"did not find expected node content", "thiếu giá trị ở đây"},
    {"did not find expected ',' or ']'", "thiếu dấu ',' giữa các giá trị hoặc ngoặc đóng ']'"},
    {"did not find expected ',' or '}'", "thiếu dấu ',' giữa các cặp hoặc ngoặc đóng '}'"},
    {"did not find expected comment or line break",
     "thừa ký tự sau giá trị trên cùng dòng (thường là sau dấu nháy đóng)"},
    {"found unknown escape character",
     "trong chuỗi \"…\", dấu \\ đứng trước một ký tự không hợp lệ: viết \\\\ cho dấu \\, hoặc dùng "
     "nháy đơn '…'"},
    {"found undefined alias", "bí danh (*tên) chưa được định nghĩa trước đó bằng &tên"},
    {"found unexpected ':'", "dấu ':' không đúng chỗ: đặt giá trị trong dấu nháy \"…\""},
    {"found unexpected document indicator",
     "dòng \"---\" hoặc \"...\" chia tệp thành nhiều tài liệu: mỗi tệp chỉ một báo cáo"},
    {"found duplicate anchor", "bí danh &tên được định nghĩa hai lần"},
    {"control characters are not allowed", "có ký tự điều khiển không được phép"},
    {"while parsing", "cấu trúc YAML không đúng ở đây"},
};

/* Whether a tab stands at the place libyaml stopped, or before it on the same line. */
static int tab_near(const char *data, size_t len, size_t offset)
{
    if (!data || offset > len)
        return 0;
    size_t start = offset;
    while (start > 0 && data[start - 1] != '\n')
        start--;
    for (size_t i = start; i < len && i <= offset; i++)
        if (data[i] == '\t')
            return 1;
    return 0;
}

const char *bc_yaml_problem_vi(const char *problem, const char *data, size_t len, size_t offset)
{
    if (problem && (strstr(problem, "tab character") ||
                    (!strncmp(problem, "found character that cannot start", 33) &&
                     tab_near(data, len, offset))))
        return TAB;
    for (size_t i = 0; problem && i < sizeof MESSAGES / sizeof *MESSAGES; i++)
        if (!strncmp(problem, MESSAGES[i].problem, strlen(MESSAGES[i].problem)))
            return MESSAGES[i].vi;
    return "cấu trúc YAML không đúng ở đây: kiểm tra thụt lề (chỉ dấu cách), dấu ':' sau mỗi khóa "
           "và các cặp dấu nháy";
}
