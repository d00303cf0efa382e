/* test_yaml.c — the YAML reader: positions, strictness, scrubbing of bad bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "form/yaml.h"
#include "form_fixtures.h"

static bc_status parse(bc_arena *a, const char *text, bc_ynode **root, bc_err *e)
{
    return bc_yaml_parse(a, "x.yaml", text, strlen(text), root, e);
}

static void test_tree_and_positions(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_ynode *root;
    const char *text = "id: mini\nlist:\n  - a\n  - {b: 'x y'}\nempty:\n";
    assert_int_equal(parse(&a, text, &root, &e), BC_OK);
    assert_int_equal(root->kind, BC_Y_MAP);
    assert_int_equal(root->n, 3);
    const bc_ynode *list = bc_ymap_get(root, "list");
    assert_non_null(list);
    assert_int_equal(list->kind, BC_Y_SEQ);
    assert_int_equal(list->n, 2);
    assert_int_equal(list->items[0]->line, 3);
    assert_int_equal(list->items[0]->col, 5);
    const bc_ynode *b = bc_ymap_get(list->items[1], "b");
    assert_string_equal(b->str, "x y");
    assert_false(b->plain);
    assert_int_equal(b->line, 4);
    assert_int_equal(b->col, 9);
    assert_true(bc_ynode_is_null(bc_ymap_get(root, "empty")));
    assert_null(bc_ymap_get(root, "nope"));
    bc_arena_free(&a);
}

static void test_syntax_error_position(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_ynode *root;
    assert_int_equal(parse(&a, "a: 1\nb: [1, 2\nc: 3\n", &root, &e), BC_BADINPUT);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].file, "x.yaml");
    assert_true(e.items[0].line >= 2);
    assert_true(e.items[0].col > 0);
    assert_non_null(strstr(e.items[0].msg, "lỗi cú pháp YAML"));
    bc_err_free(&e);
    bc_arena_free(&a);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_ynode *root;
    assert_int_equal(parse(&a, "a: 1\nb: 2\n  \na: 3\n", &root, &e), BC_BADINPUT);
    assert_true(has_diag(&e, 4, 1, "khóa \"a\" lặp lại (đã có ở dòng 1)"));
    bc_err_free(&e);
    bc_arena_free(&a);
}

static void test_empty_file(void **state)
{
    (void)state;
    const char *empties[] = {"", "   \n\n", "# chỉ có chú thích\n", "---\n"};
    for (size_t i = 0; i < 4; i++) {
        bc_arena a = BC_ARENA_INIT;
        bc_err e = BC_ERR_INIT;
        bc_ynode *root;
        assert_int_equal(parse(&a, empties[i], &root, &e), BC_BADINPUT);
        assert_int_equal(e.n, 1);
        assert_non_null(strstr(e.items[0].msg, "tệp rỗng"));
        bc_err_free(&e);
        bc_arena_free(&a);
    }
}

static void test_alias(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_ynode *root;
    assert_int_equal(parse(&a, "a: &x {k: v}\nb: *x\n", &root, &e), BC_OK);
    assert_string_equal(bc_ymap_get(bc_ymap_get(root, "b"), "k")->str, "v");
    bc_arena_free(&a);
}

static void test_scrub(void **state)
{
    (void)state;
    bc_arena a = BC_ARENA_INIT;
    char text[] = "a: \"\xe1\xbb\x9f ok\"\nb: x\xffy\x07z\n";
    size_t n;
    bc_ybad *bad = bc_yaml_scrub(&a, text, strlen(text), &n);
    assert_int_equal(n, 2);
    assert_int_equal(bad[0].line, 2);
    assert_int_equal(bad[0].col, 5);
    assert_false(bad[0].illegal);
    assert_int_equal(bad[0].code, 0xFF);
    assert_int_equal(bad[1].line, 2);
    assert_int_equal(bad[1].col, 7);
    assert_true(bad[1].illegal);
    assert_int_equal(bad[1].code, 7);
    assert_string_equal(text, "a: \"\xe1\xbb\x9f ok\"\nb: x?y?z\n");
    bc_arena_free(&a);
}

static void test_load_reports_bad_bytes(void **state)
{
    (void)state;
    char *p = write_tmp("a: 1\nb: \"x\xc3(\"\n");
    bc_arena a = BC_ARENA_INIT;
    bc_err e = BC_ERR_INIT;
    bc_ynode *root;
    assert_int_equal(bc_yaml_load(&a, p, &root, &e), BC_BADINPUT);
    assert_true(has_diag(&e, 2, 6, "không phải UTF-8 hợp lệ (byte 0xC3)"));
    bc_err_free(&e);
    bc_arena_free(&a);
    drop_tmp(p);
}

/* A file of nothing but bad bytes: every byte replaced, at most BC_YAML_MAX_BAD listed. */
static void test_scrub_is_bounded(void **state)
{
    (void)state;
    size_t n = 3u << 20, nbad = 0;
    char *data = malloc(n);
    assert_non_null(data);
    memset(data, 0xFF, n);
    bc_arena a = BC_ARENA_INIT;
    bc_ybad *bad = bc_yaml_scrub(&a, data, n, &nbad);
    assert_non_null(bad);
    assert_int_equal(nbad, BC_YAML_MAX_BAD);
    assert_int_equal(bad[0].line, 1);
    assert_int_equal(bad[0].col, 1);
    assert_null(memchr(data, 0xFF, n));
    bc_arena_free(&a);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_and_positions), cmocka_unit_test(test_syntax_error_position),
        cmocka_unit_test(test_duplicate_key),      cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_alias),              cmocka_unit_test(test_scrub),
        cmocka_unit_test(test_load_reports_bad_bytes), cmocka_unit_test(test_scrub_is_bounded),
    };
    return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
