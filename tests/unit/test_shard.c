/* test_shard.c — batch/shard.h: K/N parsed and checked, every code in exactly one shard, the
 * shares even, and the jump hash moving a code only to the new shard when N grows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "batch/shard.h"

static void test_parse(void **state)
{
    (void)state;
    bc_shard s = {9, 9};
    bc_err e = BC_ERR_INIT;
    assert_int_equal(bc_shard_parse("0/4", &s, "--shard", &e), BC_OK);
    assert_int_equal(s.index, 0);
    assert_int_equal(s.count, 4);
    assert_int_equal(bc_shard_parse("99999/100000", &s, "--shard", &e), BC_OK);
    assert_int_equal(s.index, 99999);
    static const char *const bad[] = {"4/4", "/4", "1/", "a/4", "1/0", "-1/4", "1/4x", "1 /4",
                                      "1/100001", "", "3", "0/1/2", "0000001/2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bc_err f = BC_ERR_INIT;
        assert_int_equal(bc_shard_parse(bad[i], &s, "--shard", &f), BC_BADINPUT);
        assert_int_equal(f.n, 1);
        assert_non_null(strstr(f.items[0].msg, "--shard"));
        bc_err_free(&f);
    }
    assert_int_equal(s.index, 99999); /* untouched by a refused value */
    bc_err_free(&e);
}

/* For N = 1 … 12 and 5,000 codes: each code in one shard, each shard holding about 1/N. */
static void test_partition_even(void **state)
{
    (void)state;
    for (int n = 1; n <= 12; n++) {
        int count[12] = {0};
        for (int c = 0; c < 5000; c++) {
            char code[16];
            snprintf(code, sizeof code, "%d", 10000 + c);
            int k = bc_shard_of(code, n), mine = 0;
            assert_true(k >= 0 && k < n);
            count[k]++;
            for (int j = 0; j < n; j++) {
                bc_shard s = {j, n};
                mine += bc_shard_mine(&s, code);
            }
            assert_int_equal(mine, 1);
        }
        for (int k = 0; k < n; k++)
            assert_true(count[k] > 5000 / n * 8 / 10 && count[k] < 5000 / n * 12 / 10 + 1);
    }
}

/* From N to N+1 shards a code stays where it was or goes to the new shard N, never elsewhere,
 * and about 1/(N+1) of them move. */
static void test_growing_moves_little(void **state)
{
    (void)state;
    for (int n = 1; n < 16; n++) {
        int moved = 0;
        for (int c = 0; c < 4000; c++) {
            char code[24];
            snprintf(code, sizeof code, "Xã %d", c);
            int a = bc_shard_of(code, n), b = bc_shard_of(code, n + 1);
            assert_true(a == b || b == n);
            moved += a != b;
        }
        assert_true(moved > 4000 / (n + 1) * 7 / 10 && moved < 4000 / (n + 1) * 13 / 10);
    }
}

/* The same code, the same shard: a function of the code's bytes alone. */
static void test_stable(void **state)
{
    (void)state;
    assert_int_equal(bc_shard_of("22015", 4), bc_shard_of("22015", 4));
    char a[] = "Phường Đông Hòa", b[sizeof a];
    memcpy(b, a, sizeof a);
    assert_int_equal(bc_shard_of(a, 7), bc_shard_of(b, 7));
    bc_shard whole = {0, 0};
    assert_true(bc_shard_mine(&whole, "anything"));
    char suffix[48];
    bc_shard_suffix(&whole, suffix, sizeof suffix);
    assert_string_equal(suffix, "");
    bc_shard s = {2, 8};
    bc_shard_suffix(&s, suffix, sizeof suffix);
    assert_string_equal(suffix, ".shard-2-of-8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_partition_even),
        cmocka_unit_test(test_growing_moves_little),
        cmocka_unit_test(test_stable),
    };
    return cmocka_run_group_tests_name("shard", tests, NULL, NULL);
}
