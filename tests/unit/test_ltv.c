/* test_ltv.c — trusted time and long-term validation in memory: the signature timestamp as an
 * unsigned attribute leaves the signature valid, a token that is not one is refused, the
 * --level/--tsa rules, and a DSS needs a signature. The exchanges with a real TSA, OCSP
 * responder and CRL server are tested end to end (tests/e2e/48-timestamp.t). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/cms.h>
#include <openssl/sha.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/signargs.h"
#include "sign/cms.h"
#include "sign/keys.h"
#include "sign/ltv.h"
#include "sign/revocation.h"
#include "sign/verify.h"
#include "sign/tsa.h"
#include "testpdf.h"
#include "util/arena.h"
#include "util/paths.h"

#include "pki_fixture.h"

static int has(const bc_err *e, const char *needle)
{
    for (size_t i = 0; i < e->n; i++)
        if (strstr(e->items[i].msg, needle))
            return 1;
    return 0;
}

/* Adding the token touches neither the signed attributes nor the signature. */
static void test_timestamp_attribute(void **state)
{
    fixture *f = *state;
    if (!f->trust)
        skip();
    char *p12 = path_in(f->root, "certs/test/thu-truong.p12");
    char *pass = path_in(f->root, "certs/test/pass.txt");
    bc_key_source src = {0};
    src.p12 = p12;
    src.pass_file = pass;
    src.no_prompt = 1;
    bc_signer s;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_signer_load(&src, &s, &err), BC_OK);
    unsigned char md[32];
    SHA256((const unsigned char *)"abc", 3, md);
    bc_buf der = BC_BUF_INIT, value = BC_BUF_INIT, stamped = BC_BUF_INIT, got = BC_BUF_INIT;
    assert_int_equal(bc_cms_sign_pades(&s, md, &der, &err), BC_OK);
    assert_int_equal(bc_cms_signature_value(&der, &value, &err), BC_OK);
    assert_int_equal(value.len, 384); /* RSA-3072 */
    static const unsigned char token[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    assert_int_equal(bc_cms_add_timestamp(&der, token, sizeof token, &stamped, &err), BC_OK);
    assert_true(stamped.len > der.len + sizeof token); /* the attribute: OID, SET, the token */

    const unsigned char *p = (const unsigned char *)stamped.data;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)stamped.len);
    assert_non_null(cms);
    BIO *content = BIO_new_mem_buf("abc", 3);
    assert_int_equal(CMS_verify(cms, NULL, f->trust, content, NULL, CMS_BINARY), 1);
    BIO_free(content);
    CMS_ContentInfo_free(cms);

    STACK_OF(X509) *certs = NULL;
    assert_int_equal(bc_cms_certs_and_timestamp(stamped.data, stamped.len, &certs, &got, &err), BC_OK);
    assert_int_equal(got.len, sizeof token);
    assert_memory_equal(got.data, token, sizeof token);
    assert_int_equal(sk_X509_num(certs), 3);
    sk_X509_pop_free(certs, X509_free);
    bc_buf plain = BC_BUF_INIT;
    assert_int_equal(bc_cms_certs_and_timestamp(der.data, der.len, &certs, &plain, &err), BC_OK);
    assert_int_equal(plain.len, 0);
    sk_X509_pop_free(certs, X509_free);
    bc_buf_free(&der);
    bc_buf_free(&value);
    bc_buf_free(&stamped);
    bc_buf_free(&got);
    bc_signer_free(&s);
    free(p12);
    free(pass);
}

static void test_not_a_token(void **state)
{
    (void)state;
    X509_STORE *store = X509_STORE_new();
    bc_err err = BC_ERR_INIT;
    const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    int integrity = 1;
    assert_int_equal(bc_tsa_check_token(junk, sizeof junk, "x", 1, store, "chữ ký", NULL, NULL,
                                        &integrity, &err),
                     BC_BADINPUT);
    assert_true(has(&err, "không phải TimeStampToken RFC 3161"));
    assert_int_equal(integrity, 0);
    assert_int_equal(bc_tsa_token_time(junk, sizeof junk), 0);
    bc_err_free(&err);
    X509_STORE_free(store);
}

static bc_status finish(const char *tsa, const char *level, bc_sign_args *a, bc_err *err)
{
    memset(a, 0, sizeof *a);
    a->tsa.url = tsa;
    a->level = level;
    bc_arena arena = BC_ARENA_INIT;
    bc_status st = bc_sign_args_finish(a, &arena, err);
    bc_arena_free(&arena);
    return st;
}

static void test_level_rules(void **state)
{
    (void)state;
    bc_sign_args a;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(finish(NULL, NULL, &a, &err), BC_OK);
    assert_int_equal(a.pdf.level, BC_LEVEL_BB);
    assert_int_equal(finish("http://127.0.0.1:1/tsa", NULL, &a, &err), BC_OK);
    assert_int_equal(a.pdf.level, BC_LEVEL_BT); /* --tsa alone: B-T */
    assert_int_equal(finish("http://127.0.0.1:1/tsa", "b-lta", &a, &err), BC_OK);
    assert_int_equal(a.pdf.level, BC_LEVEL_BLTA);
    assert_int_equal(finish(NULL, "B-LT", &a, &err), BC_BADINPUT);
    assert_true(has(&err, "thêm --tsa URL"));
    bc_err_free(&err);
    assert_int_equal(finish("http://127.0.0.1:1/tsa", "B-B", &a, &err), BC_BADINPUT);
    assert_true(has(&err, "bỏ --tsa"));
    bc_err_free(&err);
    assert_int_equal(finish(NULL, "B-X", &a, &err), BC_BADINPUT);
    assert_true(has(&err, "B-B, B-T, B-LT hoặc B-LTA"));
    bc_err_free(&err);
}

/* Which answers speak for a signing time t (revocation.h, bc_rev_usable_at). */
static void test_revocation_speaks_for(void **state)
{
    (void)state;
    const time_t t = 1700000000;
    bc_rev r = BC_REV_INIT;
    r.status = BC_REV_GOOD;
    r.this_update = t + 3600; /* said an hour after signing: speaks for it */
    assert_true(bc_rev_usable_at(&r, t));
    r.this_update = t - BC_CLOCK_SKEW; /* within the clocks' tolerance */
    assert_true(bc_rev_usable_at(&r, t));
    r.this_update = t - 86400; /* said the day before, nothing promised after: silent on t */
    assert_false(bc_rev_usable_at(&r, t));
    r.next_update = t + 60; /* ... unless its issuer vouches for the span up to t */
    assert_true(bc_rev_usable_at(&r, t));
    r.next_update = t - 60;
    assert_false(bc_rev_usable_at(&r, t));
    r.status = BC_REV_REVOKED; /* a revocation always speaks: its time says the rest */
    assert_true(bc_rev_usable_at(&r, t));
    r.status = BC_REV_UNKNOWN;
    r.this_update = t + 3600;
    assert_false(bc_rev_usable_at(&r, t));
}

static void test_dss_needs_a_signature(void **state)
{
    (void)state;
    char *fonts = bc_resource_dir("fonts");
    bc_buf pdf = BC_BUF_INIT;
    assert_int_equal(testpdf_make(fonts, 0, &pdf), 0);
    size_t len = pdf.len;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_ltv_add_dss(&pdf, "x.pdf", NULL, NULL, &err), BC_BADINPUT);
    assert_true(has(&err, "chưa có chữ ký nào"));
    assert_int_equal(pdf.len, len); /* left as it was */
    bc_err_free(&err);
    bc_buf_free(&pdf);
    free(fonts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timestamp_attribute),
        cmocka_unit_test(test_not_a_token),
        cmocka_unit_test(test_level_rules),
        cmocka_unit_test(test_dss_needs_a_signature),
        cmocka_unit_test(test_revocation_speaks_for),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
