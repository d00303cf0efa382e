/* syserr.c — see syserr.h. */
#include "util/syserr.h"

#include <errno.h>

const char *bc_syserr(int e)
{
    switch (e) {
    case ENOENT:
        return "không có tệp hay thư mục này (kiểm tra tên và đường dẫn)";
    case EACCES:
    case EPERM:
        return "không có quyền truy cập (kiểm tra quyền của tệp hoặc thư mục)";
    case EISDIR:
        return "đây là một thư mục, không phải tệp";
    case ENOTDIR:
        return "một phần của đường dẫn không phải thư mục";
    case ENOSPC:
    case EDQUOT:
        return "hết chỗ trên đĩa (giải phóng bớt dung lượng rồi chạy lại)";
    case EROFS:
        return "ổ đĩa chỉ cho đọc, không ghi được";
    case EEXIST:
        return "đã có tệp hay thư mục cùng tên";
    case ENAMETOOLONG:
        return "tên tệp hoặc đường dẫn quá dài";
    case EMFILE:
    case ENFILE:
        return "mở quá nhiều tệp cùng lúc (giảm --jobs)";
    case ENOMEM:
        return "hết bộ nhớ";
    case EIO:
        return "lỗi đọc/ghi của thiết bị (ổ đĩa hoặc USB có thể bị hỏng)";
    case EBUSY:
        return "tệp hoặc thiết bị đang bận";
    case EXDEV:
        return "không chuyển được tệp sang ổ đĩa khác";
    case ELOOP:
        return "đường dẫn có vòng liên kết tượng trưng";
    case EFBIG:
        return "tệp quá lớn";
    case EINTR:
        return "bị ngắt giữa chừng";
    case EPIPE:
        return "đầu nhận đã đóng";
    default:
        return "lỗi hệ thống";
    }
}
