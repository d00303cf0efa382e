/* http.c — see http.h. */
#include "sign/http.h"

#include <curl/curl.h>
#include <string.h>

#define HTTP_MAX_ANSWER (4u << 20)

typedef struct sink {
    bc_buf *b;
    int too_big;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    sink *s = ctx;
    size_t len = size * n;
    if (s->b->len + len > HTTP_MAX_ANSWER) {
        s->too_big = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    bc_buf_append(s->b, p, len);
    return s->b->oom ? 0 : len;
}

/* The usual failures in words; libcurl's own (English) text for the rest. */
static const char *failure_text(CURLcode rc, const char *detail)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT: return "máy chủ không nhận kết nối (chưa chạy, hoặc bị tường lửa chặn)";
    case CURLE_COULDNT_RESOLVE_HOST: return "không tìm thấy tên máy chủ (DNS)";
    case CURLE_COULDNT_RESOLVE_PROXY: return "không tìm thấy máy chủ proxy";
    case CURLE_OPERATION_TIMEDOUT: return "quá thời gian chờ";
    case CURLE_UNSUPPORTED_PROTOCOL: return "chỉ dùng được http:// hoặc https://";
    default: return *detail ? detail : curl_easy_strerror(rc);
    }
}

static bc_status perform(CURL *c, const char *url, const char *what, bc_buf *resp, bc_err *err)
{
    sink s = {resp, 0};
    char detail[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* no SIGALRM in a threaded batch */
    curl_easy_setopt(c, CURLOPT_USERAGENT, "baocao");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, detail);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (s.too_big)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "%s %s trả lời quá lớn (hơn %u byte)", what, url, HTTP_MAX_ANSWER);
    if (resp->oom)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    if (rc != CURLE_OK)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "không kết nối được %s %s: %s", what,
                          url, failure_text(rc, detail));
    if (code != 200)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "%s %s trả lời mã HTTP %ld (cần 200)",
                          what, url, code);
    return BC_OK;
}

bc_status bc_http_post(const char *url, const char *content_type, const void *body, size_t len,
                       const char *what, bc_buf *resp, bc_err *err)
{
    CURL *c = curl_easy_init();
    if (!c)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libcurl: không khởi tạo được");
    char header[128];
    snprintf(header, sizeof header, "Content-Type: %s", content_type);
    struct curl_slist *h = curl_slist_append(NULL, header);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    bc_status st = h ? perform(c, url, what, resp, err)
                     : bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return st;
}

bc_status bc_http_get(const char *url, const char *what, bc_buf *resp, bc_err *err)
{
    CURL *c = curl_easy_init();
    if (!c)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "libcurl: không khởi tạo được");
    bc_status st = perform(c, url, what, resp, err);
    curl_easy_cleanup(c);
    return st;
}
