/* test_xmlw.c — the XML writer (util/xmlw.h) against libxml2's xmlTextWriter, which it replaced:
 * random sequences of calls (elements, attributes with & < > " TAB LF CR, Vietnamese and
 * 4-byte characters, text, processing instructions, misplaced calls, invalid UTF-8) must give
 * the same bytes, or fail alike, in both modes (document and fragment). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/xmlwriter.h>

#include "util/text.h"
#include "util/xmlw.h"

/* ---- the reference: libxml2's writer, driven as util/xmlw.c drove it ---- */
typedef struct ref {
    xmlTextWriterPtr w;
    xmlBufferPtr buf;
    int failed;
} ref;

static void ref_rc(ref *r, int rc)
{
    if (rc < 0)
        r->failed = 1;
}

static int ref_ok(const char *s, size_t n)
{
    return bc_text_check_utf8(s, n, &(size_t){0}) == BC_TEXT_OK;
}

static void ref_open(ref *r, int fragment)
{
    r->failed = 0;
    r->buf = xmlBufferCreate();
    r->w = xmlNewTextWriterMemory(r->buf, 0);
    if (!fragment)
        ref_rc(r, xmlTextWriterStartDocument(r->w, "1.0", "UTF-8", "yes"));
}

/* ---- random calls ---- */
static unsigned long rng = 12345;
static unsigned next(unsigned n)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rng >> 33) % n);
}

static const char *const pieces[] = {
    "a", "Tuy An", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "Đường Trần Phú", "ệ", "☐",
    "\xF0\x9F\x98\x80", "87,50", " ", "]]>", "&amp;", "\xC3", "\x01", "\xEF\xBF\xBE"};

static void random_string(char *s, size_t cap, int allow_bad)
{
    size_t n = 0;
    s[0] = '\0';
    for (unsigned k = next(6); k > 0; k--) {
        const char *p = pieces[next(allow_bad ? 21 : 18)];
        if (n + strlen(p) + 1 >= cap)
            break;
        strcpy(s + n, p);
        n += strlen(p);
    }
}

static const char *const names[] = {"w:p", "w:r", "w:t", "Types", "rdf:li", "x"};

static void one_document(int fragment)
{
    bc_xw x;
    ref r;
    if (fragment)
        bc_xw_open_fragment(&x, "XMP");
    else
        bc_xw_open(&x);
    ref_open(&r, fragment);
    int depth = 0;
    char s[128];
    for (unsigned op = 0, nops = next(40); op < nops; op++) {
        unsigned kind = next(9);
        const char *name = names[next(6)];
        random_string(s, sizeof s, next(20) == 0);
        switch (kind) {
        case 0: case 1:
            bc_xw_start(&x, name);
            if (!r.failed)
                ref_rc(&r, xmlTextWriterStartElement(r.w, BAD_CAST name));
            depth++;
            break;
        case 2:
            bc_xw_end(&x);
            if (!r.failed)
                ref_rc(&r, xmlTextWriterEndElement(r.w));
            depth -= depth > 0;
            break;
        case 3: case 4:
            bc_xw_attr(&x, "w:val", s);
            if (!r.failed)
                ref_rc(&r, ref_ok(s, strlen(s))
                               ? xmlTextWriterWriteAttribute(r.w, BAD_CAST "w:val", BAD_CAST s)
                               : -1);
            break;
        case 5: {
            long v = (long)next(200000) - 100000;
            bc_xw_attr_int(&x, "w:w", v);
            char t[32];
            snprintf(t, sizeof t, "%ld", v);
            if (!r.failed)
                ref_rc(&r, xmlTextWriterWriteAttribute(r.w, BAD_CAST "w:w", BAD_CAST t));
            break;
        }
        case 6: case 7:
            if (depth == 0) /* libxml2 writes top-level text unescaped; never done */
                break;
            bc_xw_text(&x, s);
            if (!r.failed && *s)
                ref_rc(&r, ref_ok(s, strlen(s)) ? xmlTextWriterWriteString(r.w, BAD_CAST s) : -1);
            break;
        default:
            bc_xw_pi(&x, "xpacket", "end=\"r\"");
            if (!r.failed)
                ref_rc(&r, xmlTextWriterWritePI(r.w, BAD_CAST "xpacket", BAD_CAST "end=\"r\""));
        }
    }
    bc_buf out = BC_BUF_INIT;
    bc_err err = BC_ERR_INIT;
    bc_status st = bc_xw_finish(&x, "part", &out, &err);
    if (!r.failed)
        ref_rc(&r, xmlTextWriterEndDocument(r.w));
    xmlFreeTextWriter(r.w);
    assert_int_equal(st != BC_OK, r.failed);
    if (!r.failed) {
        if ((size_t)xmlBufferLength(r.buf) != out.len ||
            memcmp(xmlBufferContent(r.buf), out.data, out.len))
            fail_msg("fragment %d:\nlibxml2: %s\nours:    %s", fragment,
                     (const char *)xmlBufferContent(r.buf), out.data);
    }
    xmlBufferFree(r.buf);
    bc_buf_free(&out);
    bc_err_free(&err);
}

static void test_same_bytes_as_libxml2(void **state)
{
    (void)state;
    for (int i = 0; i < 3000; i++) {
        one_document(0);
        one_document(1);
    }
}

/* The cases the random walk must meet, written out: a fragment's attribute holds references. */
static void test_fragment_attribute_references(void **state)
{
    (void)state;
    bc_xw x;
    bc_xw_open_fragment(&x, "XMP");
    bc_xw_start(&x, "a");
    bc_xw_attr(&x, "v", "Đạ\xF0\x9F\x98\x80&\t");
    bc_xw_text(&x, "Đạ\t\"");
    bc_buf out = BC_BUF_INIT;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_xw_finish(&x, "p", &out, &err), BC_OK);
    assert_string_equal(out.data, "<a v=\"&#x110;&#x1EA1;&#x1F600;&amp;&#9;\">Đạ\t&quot;</a>\n");
    bc_buf_free(&out);
    bc_err_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_as_libxml2),
        cmocka_unit_test(test_fragment_attribute_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
