/* tokenagent.c — see tokenagent.h. */
#include "sign/tokenagent.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sign/p11uri.h"
#include "sign/pkcs11.h"
#include "util/buf.h"

#define MSG_MAX (256 * 1024)
#define SIG_MAX 1024
#define OP_SIGN 1

typedef struct agent {
    int fd;      /* the shared request socket */
    pid_t pid;   /* the agent */
    pid_t owner; /* the process that started it, the only one that waits for it */
    size_t cap;  /* the largest signature value for the certificate's key */
} agent;

/* ---- wire: u32 status, then the payload (DER items or NUL-ended messages) ---- */

static void put_u32(bc_buf *b, uint32_t v)
{
    bc_buf_append(b, &v, sizeof v);
}

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The messages of err, each NUL-ended, after the status. */
static void put_errors(bc_buf *b, bc_status st, const bc_err *err)
{
    put_u32(b, (uint32_t)(st == BC_OK ? BC_FAIL : st));
    for (size_t i = 0; i < err->n; i++)
        bc_buf_append(b, err->items[i].msg, strlen(err->items[i].msg) + 1);
}

static void take_errors(const unsigned char *p, size_t n, bc_status st, bc_err *err)
{
    size_t i = 0;
    while (i < n) {
        const char *m = (const char *)p + i;
        size_t len = strnlen(m, n - i);
        bc_err_add(err, st, NULL, 0, 0, "%.*s", (int)len, m);
        i += len + 1;
    }
    if (!n)
        bc_err_add(err, st, NULL, 0, 0, "token: lỗi không rõ");
}

static void put_cert(bc_buf *b, X509 *x)
{
    unsigned char *der = NULL;
    int n = i2d_X509(x, &der);
    if (n <= 0) {
        b->oom = 1;
        return;
    }
    put_u32(b, (uint32_t)n);
    bc_buf_append(b, der, (size_t)n);
    OPENSSL_free(der);
}

/* ---- the agent process ---- */

static void serve_one(bc_p11_key *key, const unsigned char *req, size_t n, int reply)
{
    bc_buf out = BC_BUF_INIT;
    bc_err err = BC_ERR_INIT;
    unsigned char sig[SIG_MAX];
    size_t siglen = 0;
    bc_status st = n >= 4 && get_u32(req) == OP_SIGN
                       ? bc_p11_key_sign(key, req + 4, n - 4, sig, sizeof sig, &siglen, &err)
                       : bc_err_add(&err, BC_FAIL, NULL, 0, 0, "token: yêu cầu không hợp lệ");
    if (st == BC_OK) {
        put_u32(&out, BC_OK);
        bc_buf_append(&out, sig, siglen);
    } else
        put_errors(&out, st, &err);
    if (!out.oom)
        send(reply, out.data, out.len, MSG_NOSIGNAL);
    bc_buf_free(&out);
    bc_err_free(&err);
}

/* Receives one request and the reply socket that comes with it. 0 at end, -1 on error. */
static ssize_t recv_request(int fd, unsigned char *buf, size_t cap, int *reply)
{
    struct iovec iov = {buf, cap};
    union {
        char b[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
                        .msg_controllen = sizeof ctl.b};
    ssize_t n;
    do
        n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    *reply = -1;
    struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&mh) : NULL;
    if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        memcpy(reply, CMSG_DATA(c), sizeof(int));
    return n;
}

static void serve(int fd, bc_p11_key *key)
{
    unsigned char *req = malloc(MSG_MAX);
    for (;;) {
        int reply;
        ssize_t n = req ? recv_request(fd, req, MSG_MAX, &reply) : 0;
        if (n <= 0)
            break;
        if (reply >= 0) {
            serve_one(key, req, (size_t)n, reply);
            close(reply);
        }
    }
    free(req);
}

/* Everything the agent does between fork and _exit. */
static int agent_main(int fd, const bc_token_opts *o, const bc_p11_uri *u)
{
    signal(SIGPIPE, SIG_IGN);
    bc_err err = BC_ERR_INIT;
    bc_p11 *m = NULL;
    bc_p11_key *key = NULL;
    X509 *cert = NULL;
    STACK_OF(X509) *chain = NULL;
    bc_pin_source pin = {o->pin_file, o->no_prompt};
    bc_status st = bc_p11_load(o->module ? o->module : u->module_path, &m, &err);
    if (st == BC_OK)
        st = bc_p11_key_open(m, u, &pin, o->pss, &key, &cert, &chain, &err);
    bc_buf hello = BC_BUF_INIT;
    if (st == BC_OK) {
        put_u32(&hello, BC_OK);
        put_cert(&hello, cert);
        for (int i = 0; i < sk_X509_num(chain); i++)
            put_cert(&hello, sk_X509_value(chain, i));
    } else
        put_errors(&hello, st, &err);
    int sent = !hello.oom && hello.len <= MSG_MAX &&
               send(fd, hello.data, hello.len, MSG_NOSIGNAL) == (ssize_t)hello.len;
    bc_buf_free(&hello);
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
    /* From here on the agent ends when the last holder of its socket does (or with its parent),
     * not on the terminal's Ctrl-C: a batch that lets busy workers finish their unit on the
     * first Ctrl-C needs the token for them. */
    if (st == BC_OK && sent) {
        signal(SIGINT, SIG_IGN);
        serve(fd, key);
    }
    bc_p11_key_close(key);
    bc_p11_unload(m);
    bc_err_free(&err);
    return st == BC_OK ? 0 : (int)st;
}

/* ---- the signer's side ---- */

static bc_status agent_sign(void *ctx, const unsigned char *tbs, size_t len, unsigned char *sig,
                            size_t *siglen, bc_err *err)
{
    agent *a = ctx;
    int rp[2];
    if (len + 4 > MSG_MAX || socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, rp) != 0)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "token: không tạo được kênh: %s",
                          strerror(errno));
    bc_buf req = BC_BUF_INIT;
    put_u32(&req, OP_SIGN);
    bc_buf_append(&req, tbs, len);
    struct iovec iov = {req.data, req.len};
    union {
        char b[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
                        .msg_controllen = sizeof ctl.b};
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &rp[1], sizeof(int));
    ssize_t k = req.oom ? -1 : sendmsg(a->fd, &mh, MSG_NOSIGNAL);
    bc_buf_free(&req);
    close(rp[1]);
    unsigned char ans[4096];
    ssize_t n = -1;
    if (k > 0)
        do
            n = recv(rp[0], ans, sizeof ans, 0);
        while (n < 0 && errno == EINTR);
    close(rp[0]);
    if (n < 4)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0,
                          "token: tiến trình giữ phiên làm việc với token đã dừng; không ký được");
    bc_status st = (bc_status)get_u32(ans);
    if (st != BC_OK) {
        take_errors(ans + 4, (size_t)n - 4, st, err);
        return st;
    }
    if ((size_t)n - 4 > a->cap)
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "token trả về chữ ký quá dài");
    memcpy(sig, ans + 4, (size_t)n - 4);
    *siglen = (size_t)n - 4;
    return BC_OK;
}

static void agent_free(void *ctx)
{
    agent *a = ctx;
    if (!a)
        return;
    close(a->fd);
    /* A batch worker has a copy of the signer; only the process that started the agent waits. */
    if (getpid() == a->owner)
        while (waitpid(a->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    free(a);
}

static pid_t start(const bc_token_opts *o, const bc_p11_uri *u, int *fd, bc_err *err)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        bc_err_add(err, BC_FAIL, NULL, 0, 0, "token: không tạo được kênh: %s", strerror(errno));
        return -1;
    }
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(1);
        _exit(agent_main(sv[1], o, u));
    }
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        bc_err_add(err, BC_FAIL, NULL, 0, 0, "token: không tạo được tiến trình: %s",
                   strerror(errno));
        return -1;
    }
    *fd = sv[0];
    return pid;
}

static X509 *take_cert(const unsigned char **p, const unsigned char *end)
{
    if (end - *p < 4)
        return NULL;
    uint32_t n = get_u32(*p);
    *p += 4;
    if ((size_t)(end - *p) < n)
        return NULL;
    const unsigned char *q = *p;
    X509 *x = d2i_X509(NULL, &q, (long)n);
    *p += n;
    return x;
}

/* The agent's first message: the certificate and chain, or why it could not log in. */
static bc_status read_hello(int fd, bc_signer *s, bc_err *err)
{
    unsigned char *buf = malloc(MSG_MAX);
    ssize_t n = -1;
    if (buf)
        do
            n = recv(fd, buf, MSG_MAX, 0);
        while (n < 0 && errno == EINTR);
    bc_status st = BC_OK;
    if (n < 4)
        st = bc_err_add(err, BC_FAIL, NULL, 0, 0,
                        "token: tiến trình giữ phiên làm việc với token dừng bất ngờ (mô-đun "
                        "PKCS#11 bị lỗi?)");
    else if ((st = (bc_status)get_u32(buf)) != BC_OK)
        take_errors(buf + 4, (size_t)n - 4, st, err);
    else {
        const unsigned char *p = buf + 4, *end = buf + n;
        s->cert = take_cert(&p, end);
        s->chain = sk_X509_new_null();
        while (s->cert && s->chain && p < end) {
            X509 *x = take_cert(&p, end);
            if (!x || !sk_X509_push(s->chain, x)) {
                X509_free(x);
                break;
            }
        }
        if (!s->cert || !s->chain || p != end)
            st = bc_err_add(err, BC_FAIL, NULL, 0, 0, "token: trả lời không hợp lệ");
    }
    free(buf);
    return st;
}

/* --chain adds CA certificates the token does not hold. */
static bc_status add_chain_file(const char *path, STACK_OF(X509) *chain, bc_err *err)
{
    BIO *b = BIO_new_file(path, "rb");
    if (!b)
        return bc_err_add(err, BC_BADINPUT, path, 0, 0, "không mở được tệp");
    X509 *x;
    int n = 0;
    while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
        int dup = 0;
        for (int i = 0; i < sk_X509_num(chain); i++)
            dup |= !X509_cmp(sk_X509_value(chain, i), x);
        n++;
        if (dup || !sk_X509_push(chain, x))
            X509_free(x);
    }
    BIO_free(b);
    ERR_clear_error();
    return n ? BC_OK : bc_err_add(err, BC_BADINPUT, path, 0, 0, "không có chứng thư PEM nào");
}

bc_status bc_token_signer_open(const bc_token_opts *o, bc_signer *s, bc_err *err)
{
    memset(s, 0, sizeof *s);
    bc_p11_uri u;
    if (bc_p11_uri_parse(o->uri, &u, err) != BC_OK)
        return BC_BADINPUT;
    /* Nothing of the signer's side is allocated before the fork: the agent's copy of memory
     * holds only what it uses. */
    int fd = -1;
    pid_t pid = start(o, &u, &fd, err);
    bc_p11_uri_free(&u);
    if (pid < 0)
        return BC_FAIL;
    agent *a = calloc(1, sizeof *a);
    if (!a) {
        close(fd);
        waitpid(pid, NULL, 0);
        return bc_err_add(err, BC_FAIL, NULL, 0, 0, "hết bộ nhớ");
    }
    a->owner = getpid();
    a->pid = pid;
    a->fd = fd;
    s->sign = agent_sign;
    s->sign_ctx = a;
    s->sign_free = agent_free;
    s->pss = o->pss;
    bc_status st = read_hello(a->fd, s, err);
    if (st == BC_OK && !(s->key = X509_get_pubkey(s->cert)))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "không đọc được khóa công khai trong chứng thư");
    if (st == BC_OK && o->chain)
        st = add_chain_file(o->chain, s->chain, err);
    if (st == BC_OK)
        a->cap = (size_t)EVP_PKEY_get_size(s->key);
    if (st != BC_OK)
        bc_signer_free(s);
    return st;
}
