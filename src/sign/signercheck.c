/* signercheck.c — see signercheck.h. */
#include "sign/signercheck.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sign/keys.h"
#include "util/suggest.h"

/* Folded and with runs of spaces made one, for comparing names. */
static int fold_name(const char *s, char *out, size_t n)
{
    char tmp[256];
    if (!s || !bc_fold(s, tmp, sizeof tmp))
        return 0;
    size_t o = 0;
    for (const char *p = tmp; *p && o + 1 < n; p++) {
        if (*p == ' ' && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = *p;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return 1;
}

static int same_name(const char *a, const char *b)
{
    char fa[256], fb[256];
    return fold_name(a, fa, sizeof fa) && fold_name(b, fb, sizeof fb) && !strcmp(fa, fb);
}

static int starts_with_nocase(const char *s, const char *prefix)
{
    return s && !strncasecmp(s, prefix, strlen(prefix));
}

int bc_cert_is_organisation(X509 *cert)
{
    char *cn = bc_cert_subject_field(cert, NID_commonName);
    char *o = bc_cert_subject_field(cert, NID_organizationName);
    char *uid = bc_cert_subject_field(cert, NID_userId);
    int org = (uid && (starts_with_nocase(uid, "MST") || starts_with_nocase(uid, "MNS"))) ||
              (cn && o && same_name(cn, o));
    free(cn);
    free(o);
    free(uid);
    return org;
}

int bc_signer_check_block(const char *role, const char *printed, int undated, X509 *cert,
                          bc_err *notes)
{
    int n = 0;
    char *cn = bc_cert_subject_field(cert, NID_commonName);
    if (!strcmp(role, "to-chuc")) {
        if (!bc_cert_is_organisation(cert))
            n++, bc_err_add(notes, BC_OK, NULL, 0, 0,
                            "chữ ký của tổ chức (--role to-chuc) đang dùng chứng thư của cá nhân "
                            "\"%s\": tổ chức ký bằng chứng thư của cơ quan (tên chứng thư là tên "
                            "cơ quan, mã số thuế hoặc mã ngân sách MST:/MNS:)",
                            cn ? cn : "?");
    } else if (printed && *printed && !same_name(printed, cn)) {
        n++, bc_err_add(notes, BC_OK, NULL, 0, 0,
                        "ô ký \"%s\" in tên \"%s\" nhưng chứng thư là của \"%s\": kiểm tra lại "
                        "USB token/tệp khóa, hoặc tên trong dữ liệu",
                        role, printed, cn ? cn : "?");
    }
    if (undated)
        n++, bc_err_add(notes, BC_OK, NULL, 0, 0,
                        "ô ký \"%s\": dòng \"…, ngày … tháng … năm …\" còn để trống; điền ngày "
                        "trong dữ liệu rồi dựng lại báo cáo trước khi ký",
                        role);
    free(cn);
    return n;
}
