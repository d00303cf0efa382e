/* test_jsonread.c — util/jsonread.h: what RFC 8259 allows is read (escapes, surrogate pairs,
 * numbers, nesting, spans that copy a value out exactly); what it does not is refused with line
 * and column; the limits hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonread.h"

static bc_status parse(const char *text, bc_json_doc *d, bc_err *e)
{
    return bc_json_parse(text, strlen(text), "t.json", d, e);
}

static void test_values(void **state)
{
    (void)state;
    const char *text = " {\"a\": [1, -2.5e+3, true, false, null],\n \"s\": \"\\u00e9\\ud83d\\ude00"
                       "\\n\\\"\\/\\u000d\", \"o\": {\"k\": {}}, \"a\": 7} ";
    bc_json_doc d;
    bc_err e = BC_ERR_INIT;
    assert_int_equal(parse(text, &d, &e), BC_OK);
    assert_int_equal(d.root->type, BC_JSON_OBJECT);
    assert_int_equal(d.root->count, 4);
    const bc_json_node *a = d.root->first;
    assert_int_equal(a->type, BC_JSON_ARRAY);
    assert_int_equal(a->count, 5);
    assert_true(a->first->next->num == -2500.0);
    assert_int_equal(a->first->next->next->type, BC_JSON_TRUE);
    assert_string_equal(bc_json_string(d.root, "s"), "é😀\n\"/\r");
    /* The span of a value is its bytes, as written. */
    const bc_json_node *o = bc_json_member(d.root, "o");
    assert_int_equal(o->end - o->start, strlen("{\"k\": {}}"));
    assert_memory_equal(text + o->start, "{\"k\": {}}", o->end - o->start);
    /* A member given twice: the last, as most readers do. */
    assert_true(bc_json_member(d.root, "a")->num == 7.0);
    assert_null(bc_json_member(d.root, "missing"));
    assert_null(bc_json_string(d.root, "a"));
    bc_json_doc_free(&d);
    bc_err_free(&e);
}

/* Each refused with one message naming the file, the line and the column of the fault. */
static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line, col;
        const char *why;
    } bad[] = {
        {"", 1, 1, "thiếu giá trị"},
        {"{\"a\": 1,}", 1, 9, "cần tên"},
        {"[1 2]", 1, 4, "cần ','"},
        {"{\"a\" 1}", 1, 6, "cần ':'"},
        {"\"abc", 1, 5, "không được đóng"},
        {"\"a\tb\"", 1, 3, "ký tự điều khiển"},
        {"\"\\x\"", 1, 3, "ký tự thoát"},
        {"\"\\ud800\"", 1, 8, "surrogate"},
        {"\"\\udc00x\"", 1, 8, "surrogate"},
        {"\"\\u0000\"", 1, 8, "\\u0000"},
        {"\"\xc3\x28\"", 1, 5, "UTF-8"},
        {"[01]", 1, 3, "cần ','"},
        {"[1.]", 1, 4, "sau dấu chấm"},
        {"[1e]", 1, 4, "số mũ"},
        {"{}\n  x", 2, 3, "thừa dữ liệu"},
        {"[tru]", 1, 2, "giá trị không hợp lệ"},
        {"[NaN]", 1, 2, "giá trị không hợp lệ"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bc_json_doc d;
        bc_err e = BC_ERR_INIT;
        assert_int_equal(parse(bad[i].text, &d, &e), BC_BADINPUT);
        assert_null(d.root);
        assert_int_equal(e.n, 1);
        assert_string_equal(e.items[0].file, "t.json");
        if (e.items[0].line != bad[i].line || e.items[0].col != bad[i].col ||
            !strstr(e.items[0].msg, bad[i].why))
            fail_msg("%s: %d:%d %s", bad[i].text, e.items[0].line, e.items[0].col,
                     e.items[0].msg);
        bc_err_free(&e);
    }
}

/* Nesting beyond BC_JSON_MAX_DEPTH is refused rather than recursed into. */
static void test_depth(void **state)
{
    (void)state;
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    bc_json_doc d;
    bc_err e = BC_ERR_INIT;
    assert_int_equal(parse(deep, &d, &e), BC_BADINPUT);
    assert_non_null(strstr(e.items[0].msg, "lồng quá sâu"));
    bc_err_free(&e);
    deep[BC_JSON_MAX_DEPTH] = '\0';
    memset(deep, '[', BC_JSON_MAX_DEPTH / 2);
    memset(deep + BC_JSON_MAX_DEPTH / 2, ']', BC_JSON_MAX_DEPTH / 2);
    assert_int_equal(parse(deep, &d, &e), BC_OK);
    bc_json_doc_free(&d);
    free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_depth),
    };
    return cmocka_run_group_tests_name("jsonread", tests, NULL, NULL);
}
