/* test_report.c — the file names a report's -o gives (report/report.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "report/report.h"

/* The names `output` gives for the formats, "-" where a file is not made. */
static void names_are(const char *output, int pdf, int docx, const char *want_pdf,
                      const char *want_docx, const char *want_p7s)
{
    bc_report_names n;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_report_names_from_output(output, pdf, docx, &n, &err), BC_OK);
    assert_string_equal(n.pdf ? n.pdf : "-", want_pdf);
    assert_string_equal(n.docx ? n.docx : "-", want_docx);
    assert_string_equal(n.p7s ? n.p7s : "-", want_p7s);
    bc_report_names_free(&n);
    bc_err_free(&err);
}

static void test_names_from_output(void **state)
{
    (void)state;
    /* One format, named with its extension: to the letter, whatever the case. */
    names_are("out/y.pdf", 1, 0, "out/y.pdf", "-", "-");
    names_are("out/Y.PDF", 1, 0, "out/Y.PDF", "-", "-");
    names_are("out/y.docx", 0, 1, "-", "out/y.docx", "out/y.docx.p7s");
    /* The other format's extension is the base: y.pdf --format docx → y.docx. */
    names_are("out/y.pdf", 0, 1, "-", "out/y.docx", "out/y.docx.p7s");
    names_are("out/y.docx", 1, 0, "out/y.pdf", "-", "-");
    /* Two formats: the base, with or without an extension. */
    names_are("out/bc", 1, 1, "out/bc.pdf", "out/bc.docx", "out/bc.docx.p7s");
    names_are("out/bc.pdf", 1, 1, "out/bc.pdf", "out/bc.docx", "out/bc.docx.p7s");
    names_are("out/bc.DOCX", 1, 1, "out/bc.pdf", "out/bc.docx", "out/bc.docx.p7s");
    /* No known extension: the format's is added (a dot in the name is kept). */
    names_are("out/bao-cao.q3", 1, 0, "out/bao-cao.q3.pdf", "-", "-");
}

static void test_names_from_base(void **state)
{
    (void)state;
    bc_report_names n;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_report_names_from_base("o/22015/quy-3a-22015", 1, 0, &n, &err), BC_OK);
    assert_string_equal(n.pdf, "o/22015/quy-3a-22015.pdf");
    assert_null(n.docx);
    assert_null(n.p7s);
    bc_report_names_free(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_from_output),
        cmocka_unit_test(test_names_from_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
