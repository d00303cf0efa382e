/* http.h — the few HTTP exchanges of trusted time and long-term validation, through libcurl.
 *
 * A POST of a DER request (RFC 3161 timestamp query, RFC 6960 OCSP request) and a GET (a CRL
 * from a distribution point). Only http:// and https:// are followed, no redirects, bounded time
 * (10 s to connect, 30 s in all) and a bounded answer (4 MiB): a TSA or responder that misbehaves
 * costs a message, never a hang. Any status but 200 is an error naming the URL and the status.
 * The proxy variables (http_proxy, https_proxy, no_proxy) are honoured, as libcurl does: an
 * agency's network often reaches the TSA only through one. libcurl 7.88 initialises itself
 * thread-safely on first use, so workers of a batch may call these at once; each call has its
 * own handle and shares nothing.
 */
#ifndef BC_SIGN_HTTP_H
#define BC_SIGN_HTTP_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* POSTs `body` as `content_type`; the answer's body into `resp` (empty on entry). `what` names
 * the server in messages ("máy chủ tem thời gian"). */
bc_status bc_http_post(const char *url, const char *content_type, const void *body, size_t len,
                       const char *what, bc_buf *resp, bc_err *err);

/* GETs `url` into `resp` (empty on entry). */
bc_status bc_http_get(const char *url, const char *what, bc_buf *resp, bc_err *err);

#endif
