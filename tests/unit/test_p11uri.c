/* test_p11uri.c — RFC 7512 PKCS#11 URIs: what is parsed, what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sign/p11uri.h"

static void test_token_and_object(void **state)
{
    (void)state;
    bc_p11_uri u;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_p11_uri_parse("pkcs11:token=VGCA;object=Nguyen%20Van%20A", &u, &err), BC_OK);
    assert_string_equal(u.token, "VGCA");
    assert_string_equal(u.object, "Nguyen Van A");
    assert_null(u.id);
    assert_null(u.serial);
    assert_int_equal(u.type, BC_P11_ANY);
    bc_p11_uri_free(&u);
}

static void test_all_attributes(void **state)
{
    (void)state;
    bc_p11_uri u;
    bc_err err = BC_ERR_INIT;
    const char *s = "PKCS11:token=A%3bB;manufacturer=Ban%20C%C6%A1%20y%E1%BA%BFu;serial=0042;"
                    "model=Token%20v2;id=%00%01%FF;type=private;slot-id=7;library-version=2.1;"
                    "library-manufacturer=SoftHSM%20project"
                    "?module-path=/usr/lib/x.so&pin-source=file:/run/pin";
    assert_int_equal(bc_p11_uri_parse(s, &u, &err), BC_OK);
    assert_string_equal(u.token, "A;B");
    assert_string_equal(u.manufacturer, "Ban Cơ yếu");
    assert_string_equal(u.serial, "0042");
    assert_string_equal(u.model, "Token v2");
    assert_int_equal(u.id_len, 3);
    assert_memory_equal(u.id, "\x00\x01\xff", 3);
    assert_int_equal(u.type, BC_P11_PRIVATE);
    assert_true(u.has_slot_id);
    assert_int_equal(u.slot_id, 7);
    assert_string_equal(u.lib_manufacturer, "SoftHSM project");
    assert_string_equal(u.module_path, "/usr/lib/x.so");
    assert_string_equal(u.pin_source, "file:/run/pin");
    bc_p11_uri_free(&u);
}

/* Each of these must be refused, with a message naming what is wrong. */
static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *uri, *says;
    } bad[] = {
        {"token=VGCA", "không phải URI PKCS#11"},
        {"pkcs11:token=VGCA?pin-value=1234", "pin-value"},
        {"pkcs11:token=VGCA;objekt=A", "'objekt'"},
        {"pkcs11:token=A;token=B", "lặp lại"},
        {"pkcs11:id=%01;id=%02", "lặp lại"},
        {"pkcs11:object=a%2", "%XX"},
        {"pkcs11:object=a%zz", "%XX"},
        {"pkcs11:object=a%00b", "NUL"},
        {"pkcs11:type=key", "type=key"},
        {"pkcs11:slot-id=x", "slot-id"},
        {"pkcs11:token", "tên=giá-trị"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bc_p11_uri u;
        bc_err err = BC_ERR_INIT;
        assert_int_equal(bc_p11_uri_parse(bad[i].uri, &u, &err), BC_BADINPUT);
        assert_true(err.n >= 1);
        if (!strstr(err.items[0].msg, bad[i].says))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].uri, err.items[0].msg, bad[i].says);
        assert_null(u.token);
        bc_err_free(&err);
    }
}

static void test_fields_and_encoding(void **state)
{
    (void)state;
    char out[128];
    bc_p11_field((const unsigned char *)"VGCA                            ", 32, out, sizeof out);
    assert_string_equal(out, "VGCA");
    bc_p11_pct((const unsigned char *)"Nguyen Van A", 12, 0, out, sizeof out);
    assert_string_equal(out, "Nguyen%20Van%20A");
    bc_p11_pct((const unsigned char *)"\x01\xab", 2, 1, out, sizeof out);
    assert_string_equal(out, "%01%AB");
    /* What bc_p11_pct writes parses back to the same label. */
    bc_p11_uri u;
    bc_err err = BC_ERR_INIT;
    char uri[160];
    bc_p11_pct((const unsigned char *)"Nguyễn Thị Thu Hương;x=y", strlen("Nguyễn Thị Thu Hương;x=y"), 0, out, sizeof out);
    snprintf(uri, sizeof uri, "pkcs11:object=%s", out);
    assert_int_equal(bc_p11_uri_parse(uri, &u, &err), BC_OK);
    assert_string_equal(u.object, "Nguyễn Thị Thu Hương;x=y");
    bc_p11_uri_free(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_and_object),
        cmocka_unit_test(test_all_attributes),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_fields_and_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
