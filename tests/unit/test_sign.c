/* test_sign.c — keys, CMS, PDF signing and verification, end to end in memory.
 *
 * With no arguments it runs the cmocka tests (they need the test PKI: `make certs`; without it
 * they are skipped). With arguments it is a stand-in for `baocao` while the full binary cannot
 * link yet, used by tests/e2e/40-sign.t:
 *   test_sign mkpdf OUT.pdf [--org]    writes a test form with unsigned fields
 *   test_sign sign|verify ARGS...      runs the subcommand
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <openssl/sha.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "sign/cms.h"
#include "sign/keys.h"
#include "sign/pdfsign.h"
#include "sign/verify.h"
#include "pdf/pdfread.h"
#include "testpdf.h"
#include "util/fileio.h"
#include "util/paths.h"

#include "pki_fixture.h"

static bc_status load(const fixture *f, const char *name, bc_signer *s, bc_err *err)
{
    char rel[128];
    snprintf(rel, sizeof rel, PKI "/%s.p12", name);
    char *p12 = path_in(f->root, rel), *pass = path_in(f->root, PKI "/pass.txt");
    bc_key_source src = {0};
    src.p12 = p12;
    src.pass_file = pass;
    src.no_prompt = 1;
    bc_status st = bc_signer_load(&src, s, err);
    free(p12);
    free(pass);
    return st;
}

#define NEED_PKI(f)                                                                            \
    do {                                                                                       \
        if (!(f)->trust)                                                                       \
            skip();                                                                            \
    } while (0)

static void test_broken_certificates_refused(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    const char *bad[] = {"expired", "notyet", "nokeyusage", "untrusted"};
    for (size_t i = 0; i < 4; i++) {
        bc_signer s;
        bc_err err = BC_ERR_INIT;
        assert_int_equal(load(f, bad[i], &s, &err), BC_OK);
        assert_int_equal(bc_signer_check(&s, f->trust, time(NULL), &err), BC_BADINPUT);
        assert_true(err.n >= 1);
        bc_signer_free(&s);
        bc_err_free(&err);
    }
    bc_signer s;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(load(f, "thu-truong", &s, &err), BC_OK);
    assert_int_equal(bc_signer_check(&s, f->trust, time(NULL), &err), BC_OK);
    bc_signer_free(&s);
}

static void test_wrong_passphrase(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    char *p12 = path_in(f->root, PKI "/thu-truong.p12");
    setenv("BAOCAO_TEST_WRONG", "sai-mat-khau", 1);
    bc_key_source src = {0};
    src.p12 = p12;
    src.pass_env = "BAOCAO_TEST_WRONG";
    src.no_prompt = 1;
    bc_signer s;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_signer_load(&src, &s, &err), BC_BADINPUT);
    assert_non_null(strstr(err.items[0].msg, "sai mật khẩu"));
    bc_err_free(&err);
    free(p12);
}

/* The PAdES CMS carries content-type, message-digest, signing-certificate-v2 — no signingTime —
 * and fits the computed bound. */
static void test_pades_attributes(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    const char *keys[] = {"thu-truong", "thu-truong-ec"};
    for (int k = 0; k < 2; k++) {
        bc_signer s;
        bc_err err = BC_ERR_INIT;
        assert_int_equal(load(f, keys[k], &s, &err), BC_OK);
        unsigned char md[32];
        SHA256((const unsigned char *)"abc", 3, md);
        size_t bound;
        bc_buf der = BC_BUF_INIT;
        assert_int_equal(bc_cms_pades_size_bound(&s, &bound, &err), BC_OK);
        assert_int_equal(bc_cms_sign_pades(&s, md, &der, &err), BC_OK);
        assert_true(der.len <= bound);
        const unsigned char *p = (const unsigned char *)der.data;
        CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)der.len);
        assert_non_null(cms);
        CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
        assert_int_equal(CMS_signed_get_attr_count(si), 3);
        assert_true(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) < 0);
        assert_true(CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0);
        STACK_OF(X509) *certs = CMS_get1_certs(cms);
        assert_int_equal(sk_X509_num(certs), 3); /* signer, issuing CA, root */
        sk_X509_pop_free(certs, X509_free);
        BIO *content = BIO_new_mem_buf("abc", 3);
        /* CMS_verify checks the digest the signed attributes carry against "abc". */
        assert_int_equal(CMS_verify(cms, NULL, f->trust, content, NULL, CMS_BINARY), 1);
        BIO_free(content);
        CMS_ContentInfo_free(cms);
        bc_buf_free(&der);
        bc_signer_free(&s);
    }
}

static bc_status sign_with(const fixture *f, bc_signer *signer, time_t when, const char *role,
                           const bc_buf *in, bc_buf *out);

static bc_status sign_as(const fixture *f, const char *who, const char *role, const bc_buf *in,
                         bc_buf *out)
{
    bc_signer s;
    bc_err err = BC_ERR_INIT;
    bc_status st = load(f, who, &s, &err);
    if (st != BC_OK) {
        bc_err_print(&err, stderr);
        bc_err_free(&err);
        return st;
    }
    st = sign_with(f, &s, 0, role, in, out);
    bc_signer_free(&s);
    return st;
}

/* Signs as `signer` (owned by the caller) at `when` (0: now), without the checks of `baocao
 * sign`: verification must stand on its own against files signed anyhow. */
static bc_status sign_with(const fixture *f, bc_signer *signer, time_t when, const char *role,
                           const bc_buf *in, bc_buf *out)
{
    bc_err err = BC_ERR_INIT;
    bc_status st = BC_OK;
    char *sig = path_in(f->root, !strcmp(role, "thu-truong") ? "samples/chu-ky.png"
                                                              : "samples/chu-ky-nguoi-khai.png");
    char *seal = path_in(f->root, "samples/con-dau.png");
    bc_sign_opts o = {0};
    o.signer = signer;
    o.when = when;
    o.role = role;
    o.signature_image = strcmp(role, "to-chuc") ? sig : NULL;
    o.seal_image = !strcmp(role, "thu-truong") ? seal : NULL;
    o.reason = "Phê duyệt báo cáo";
    o.location = "Hà Nội";
    o.number = "15/BC-STTTT";
    o.fonts_dir = f->fonts;
    if (st == BC_OK)
        st = bc_sign_pdf(in, "in.pdf", &o, out, &err);
    if (st != BC_OK)
        bc_err_print(&err, stderr);
    bc_err_free(&err);
    free(sig);
    free(seal);
    return st;
}

static void verify_all(const fixture *f, const bc_buf *pdf, bc_verify_report *r)
{
    bc_err err = BC_ERR_INIT;
    assert_int_equal(bc_verify_pdf(pdf->data, pdf->len, "x.pdf", f->trust, r, &err), BC_OK);
}

/* Preparer, head of agency, organisation: three signatures, each still valid afterwards. */
static void test_sign_three_times(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    bc_buf b0 = BC_BUF_INIT, b1 = BC_BUF_INIT, b2 = BC_BUF_INIT, b3 = BC_BUF_INIT;
    assert_int_equal(testpdf_make(f->fonts, 1, &b0), 0);
    assert_int_equal(sign_as(f, "nguoi-khai", "nguoi-khai", &b0, &b1), BC_OK);
    assert_int_equal(sign_as(f, "thu-truong-ec", "thu-truong", &b1, &b2), BC_OK);
    assert_int_equal(sign_as(f, "thu-truong", "to-chuc", &b2, &b3), BC_OK);
    assert_memory_equal(b3.data, b2.data, b2.len);
    bc_verify_report r;
    verify_all(f, &b3, &r);
    assert_int_equal(r.n, 3);
    for (size_t i = 0; i < r.n; i++) {
        if (!r.sigs[i].valid)
            bc_verify_print(&r, 1, stderr);
        assert_true(r.sigs[i].valid);
    }
    assert_true(r.all_valid);
    assert_false(r.sigs[0].covers_whole);
    assert_true(r.sigs[2].covers_whole);
    assert_string_equal(r.sigs[1].signer_cn, "Trần Quốc Khánh");
    bc_verify_report_free(&r);
    /* Signing a field twice is refused. */
    bc_buf again = BC_BUF_INIT;
    assert_int_equal(sign_as(f, "nguoi-khai", "nguoi-khai", &b3, &again), BC_BADINPUT);
    assert_int_equal(again.len, 0);
    bc_buf_free(&b0);
    bc_buf_free(&b1);
    bc_buf_free(&b2);
    bc_buf_free(&b3);
}

static void test_tampering_detected(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    bc_buf b0 = BC_BUF_INIT, b1 = BC_BUF_INIT;
    assert_int_equal(testpdf_make(f->fonts, 0, &b0), 0);
    assert_int_equal(sign_as(f, "thu-truong", "thu-truong", &b0, &b1), BC_OK);
    bc_verify_report r;
    /* A byte inside the first signed range (the original page content area). */
    b1.data[b0.len / 2] ^= 0x01;
    verify_all(f, &b1, &r);
    assert_false(r.all_valid);
    assert_false(r.sigs[0].integrity);
    bc_verify_report_free(&r);
    b1.data[b0.len / 2] ^= 0x01;
    /* Truncated: the xref is gone, or the ByteRange runs past the end. */
    bc_err err = BC_ERR_INIT;
    bc_status st = bc_verify_pdf(b1.data, b1.len - 10, "t.pdf", f->trust, &r, &err);
    assert_true(st != BC_OK || !r.all_valid);
    bc_verify_report_free(&r);
    bc_err_free(&err);
    /* No --trust anchor that fits: untrusted but intact. */
    X509_STORE *empty = X509_STORE_new();
    assert_int_equal(bc_verify_pdf(b1.data, b1.len, "t.pdf", empty, &r, &err), BC_OK);
    assert_true(r.sigs[0].integrity);
    assert_false(r.sigs[0].trusted);
    assert_false(r.all_valid);
    bc_verify_report_free(&r);
    X509_STORE_free(empty);
    bc_buf_free(&b0);
    bc_buf_free(&b1);
}

/* A hand-written PDF as other tools make them: the AcroForm inside the catalog and the page's
 * /Annots direct, or missing the widget altogether. Signing must rewrite the catalog and page. */
static void hand_pdf(bc_buf *b, int widget_in_annots)
{
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /DA (/Helv 0 Tf 0 g) >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        widget_in_annots ? "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
                           " /Annots [4 0 R] >>"
                         : "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                           " /Contents 5 0 R >>",
        "<< /FT /Sig /T (thu-truong) /Type /Annot /Subtype /Widget /Rect [500 320 300 190]"
        " /P 3 0 R /F 132 >>",
        "<< /Length 36 >>\nstream\nBT /F1 12 Tf 72 700 Td (Hello) Tj ET\nendstream",
    };
    size_t off[5];
    bc_buf_puts(b, "%PDF-1.7\n");
    for (int i = 0; i < 5; i++) {
        off[i] = b->len;
        bc_buf_printf(b, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = b->len;
    bc_buf_puts(b, "xref\n0 6\n0000000000 65535 f\r\n");
    for (int i = 0; i < 5; i++)
        bc_buf_printf(b, "%010zu 00000 n\r\n", off[i]);
    bc_buf_printf(b, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
}

static void test_direct_acroform_and_annots(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    for (int in_annots = 0; in_annots < 2; in_annots++) {
        bc_buf b0 = BC_BUF_INIT, b1 = BC_BUF_INIT;
        hand_pdf(&b0, in_annots);
        assert_int_equal(sign_as(f, "thu-truong", "thu-truong", &b0, &b1), BC_OK);
        bc_verify_report r;
        verify_all(f, &b1, &r);
        if (!r.all_valid)
            bc_verify_print(&r, 1, stderr);
        assert_true(r.all_valid);
        bc_verify_report_free(&r);
        bc_pdf doc;
        bc_err err = BC_ERR_INIT;
        assert_int_equal(bc_pdf_open(&doc, b1.data, b1.len, "h.pdf", &err), BC_OK);
        bc_pdf_obj *form = bc_pdf_dget(&doc, bc_pdf_dget(&doc, doc.trailer, "Root"), "AcroForm");
        assert_int_equal(bc_pdf_dget(&doc, form, "SigFlags")->i, 3);
        assert_non_null(bc_pdf_dget_raw(form, "DA")); /* kept */
        bc_pdf_obj *annots = bc_pdf_dget(&doc, bc_pdf_get(&doc, 3), "Annots");
        assert_int_equal(annots->arr.n, 1);
        assert_int_equal(annots->arr.items[0]->ref.num, 4);
        bc_pdf_close(&doc);
        bc_buf_free(&b0);
        bc_buf_free(&b1);
    }
}

static int has_line(char **lines, size_t n, const char *part)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(lines[i], part))
            return 1;
    return 0;
}

/* /M is the signer's own claim: a certificate valid only in the future is trusted at a /M
 * placed there, and the report says that the time is unattested and the certificate is not
 * valid now — but a signing time in the future is itself a failure. */
static void test_signing_time_is_a_claim(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    bc_signer s;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(load(f, "notyet", &s, &err), BC_OK);
    struct tm tm;
    assert_true(ASN1_TIME_to_tm(X509_get0_notBefore(s.cert), &tm));
    time_t claimed = timegm(&tm) + 30 * 86400;
    bc_buf b0 = BC_BUF_INIT, b1 = BC_BUF_INIT;
    assert_int_equal(testpdf_make(f->fonts, 0, &b0), 0);
    assert_int_equal(sign_with(f, &s, claimed, "thu-truong", &b0, &b1), BC_OK);
    bc_verify_report r;
    verify_all(f, &b1, &r);
    bc_sig_report *g = &r.sigs[0];
    assert_true(g->integrity);
    assert_true(g->trusted);
    assert_false(g->valid);
    assert_int_equal(g->n_problems, 1);
    assert_true(has_line(g->problems, g->n_problems, "nằm ở tương lai"));
    assert_true(has_line(g->notes, g->n_notes, "tự ghi"));
    assert_true(has_line(g->notes, g->n_notes, "hiện chưa có hiệu lực"));
    bc_verify_report_free(&r);
    bc_signer_free(&s);
    bc_buf_free(&b0);
    bc_buf_free(&b1);
}

/* An RSA-1024 signer certified by the test CA: the chain is fine, the key is not. */
static void test_weak_key_refused(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    char *ca_key_path = path_in(f->root, PKI "/ca.key"), *ca_pem = path_in(f->root, PKI "/ca.pem");
    FILE *fk = fopen(ca_key_path, "r"), *fc = fopen(ca_pem, "r");
    assert_non_null(fk);
    assert_non_null(fc);
    EVP_PKEY *ca_key = PEM_read_PrivateKey(fk, NULL, NULL, NULL);
    X509 *ca = PEM_read_X509(fc, NULL, NULL, NULL);
    fclose(fk);
    fclose(fc);
    free(ca_key_path);
    free(ca_pem);
    assert_non_null(ca_key);
    assert_non_null(ca);
    bc_signer s = {0};
    s.key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    assert_non_null(s.key);
    s.cert = X509_new();
    X509_set_version(s.cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(s.cert), 1024);
    X509_gmtime_adj(X509_getm_notBefore(s.cert), -86400);
    X509_gmtime_adj(X509_getm_notAfter(s.cert), 86400 * 30);
    X509_NAME *name = X509_get_subject_name(s.cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)"Khóa Yếu", -1,
                               -1, 0);
    X509_set_issuer_name(s.cert, X509_get_subject_name(ca));
    X509_set_pubkey(s.cert, s.key);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, ca, s.cert, NULL, NULL, 0);
    X509_EXTENSION *ku = X509V3_EXT_conf_nid(NULL, &ctx, NID_key_usage,
                                              "critical,digitalSignature,nonRepudiation");
    X509_add_ext(s.cert, ku, -1);
    X509_EXTENSION_free(ku);
    assert_true(X509_sign(s.cert, ca_key, EVP_sha256()) > 0);
    s.chain = sk_X509_new_null();
    sk_X509_push(s.chain, ca);
    bc_buf b0 = BC_BUF_INIT, b1 = BC_BUF_INIT;
    assert_int_equal(testpdf_make(f->fonts, 0, &b0), 0);
    assert_int_equal(sign_with(f, &s, 0, "thu-truong", &b0, &b1), BC_OK);
    bc_verify_report r;
    verify_all(f, &b1, &r);
    bc_sig_report *g = &r.sigs[0];
    assert_true(g->integrity);
    assert_false(g->trusted);
    assert_false(g->valid);
    assert_true(has_line(g->problems, g->n_problems, "khóa RSA 1024 bit"));
    bc_verify_report_free(&r);
    bc_signer_free(&s);
    EVP_PKEY_free(ca_key);
    bc_buf_free(&b0);
    bc_buf_free(&b1);
}

/* Extended key usage and the CA's digest, for signing and for verifying alike. */
static void test_certificate_profile(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    const char *names[] = {"thu-truong", "serverauth", "sha1", "nokeyusage"};
    const char *why[] = {NULL, "serverAuth", "SHA1", "digitalSignature"};
    for (int i = 0; i < 4; i++) {
        bc_signer s;
        bc_err err = BC_ERR_INIT;
        assert_int_equal(load(f, names[i], &s, &err), BC_OK);
        bc_status st = bc_cert_usage_check(s.cert, "X", &err);
        assert_int_equal(st, why[i] ? BC_BADINPUT : BC_OK);
        if (why[i]) {
            assert_true(err.n >= 1);
            assert_non_null(strstr(err.items[0].msg, why[i]));
            assert_int_equal(bc_signer_check(&s, f->trust, time(NULL), &err), BC_BADINPUT);
        }
        bc_err_free(&err);
        bc_signer_free(&s);
    }
}

static X509 *cert_with_title(const char *title)
{
    X509 *c = X509_new();
    X509_NAME *name = X509_get_subject_name(c);
    if (title)
        X509_NAME_add_entry_by_txt(name, "title", MBSTRING_UTF8, (const unsigned char *)title, -1,
                                   -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)"A", -1, -1, 0);
    return c;
}

/* The head's field takes a leading title in any case and for a deputy too. */
static void test_role_titles(void **state)
{
    (void)state;
    const struct {
        const char *title, *role;
        bc_role_fit fit;
    } cases[] = {
        {"Giám đốc", "thu-truong", BC_ROLE_FITS},
        {"PHÓ CHỦ TỊCH", "thu-truong", BC_ROLE_FITS},
        {"Cục trưởng", "thu-truong", BC_ROLE_FITS},
        {"KT. Giám đốc - Phó Giám đốc", "thu-truong", BC_ROLE_FITS},
        {"Chuyên viên", "thu-truong", BC_ROLE_MISMATCH},
        {NULL, "thu-truong", BC_ROLE_UNKNOWN},
        {"Chuyên viên", "nguoi-khai", BC_ROLE_FITS},
        {"Giám đốc", "to-chuc", BC_ROLE_FITS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        X509 *c = cert_with_title(cases[i].title);
        char t[64];
        assert_int_equal(bc_cert_role_fit(c, cases[i].role, t, sizeof t), cases[i].fit);
        assert_string_equal(t, cases[i].title ? cases[i].title : "");
        X509_free(c);
    }
}

static void test_detached(void **state)
{
    fixture *f = *state;
    NEED_PKI(f);
    bc_signer s;
    bc_err err = BC_ERR_INIT;
    assert_int_equal(load(f, "thu-truong", &s, &err), BC_OK);
    const char data[] = "PK\3\4 pretend this is a docx";
    bc_buf der = BC_BUF_INIT;
    assert_int_equal(bc_cms_sign_detached(&s, data, sizeof data - 1, &der, &err), BC_OK);
    bc_verify_report r;
    assert_int_equal(bc_verify_detached(data, sizeof data - 1, "x.docx", der.data, der.len,
                                        "x.docx.p7s", f->trust, &r, &err),
                     BC_OK);
    assert_true(r.all_valid);
    assert_true(r.sigs[0].time_iso[0] != 0);
    bc_verify_report_free(&r);
    assert_int_equal(bc_verify_detached(data, sizeof data - 2, "x.docx", der.data, der.len,
                                        "x.docx.p7s", f->trust, &r, &err),
                     BC_OK);
    assert_false(r.all_valid);
    bc_verify_report_free(&r);
    bc_buf_free(&der);
    bc_signer_free(&s);
}

static void test_vn_time(void **state)
{
    (void)state;
    char pdf[32], iso[32];
    bc_vn_time(1795313704, pdf, iso); /* 2026-11-22T02:15:04Z */
    assert_string_equal(pdf, "D:20261122091504+07'00'");
    assert_string_equal(iso, "2026-11-22T09:15:04+07:00");
}

static int tool(int argc, char **argv)
{
    if (!strcmp(argv[1], "sign"))
        return cmd_sign(argc - 1, argv + 1);
    if (!strcmp(argv[1], "verify"))
        return cmd_verify(argc - 1, argv + 1);
    if (!strcmp(argv[1], "mkpdf") && argc >= 3) {
        char *fonts = bc_resource_dir("fonts");
        bc_buf pdf = BC_BUF_INIT;
        bc_err err = BC_ERR_INIT;
        int bad = testpdf_make(fonts, argc > 3 && !strcmp(argv[3], "--org"), &pdf) ||
                  bc_file_write_atomic(argv[2], pdf.data, pdf.len, &err) != BC_OK;
        bc_err_print(&err, stderr);
        bc_err_free(&err);
        bc_buf_free(&pdf);
        free(fonts);
        return bad;
    }
    fprintf(stderr, "usage: test_sign [mkpdf OUT.pdf [--org] | sign ARGS | verify ARGS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return tool(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vn_time),
        cmocka_unit_test(test_broken_certificates_refused),
        cmocka_unit_test(test_wrong_passphrase),
        cmocka_unit_test(test_pades_attributes),
        cmocka_unit_test(test_sign_three_times),
        cmocka_unit_test(test_tampering_detected),
        cmocka_unit_test(test_direct_acroform_and_annots),
        cmocka_unit_test(test_detached),
        cmocka_unit_test(test_signing_time_is_a_claim),
        cmocka_unit_test(test_weak_key_refused),
        cmocka_unit_test(test_certificate_profile),
        cmocka_unit_test(test_role_titles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
