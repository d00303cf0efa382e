/* verify_print.c — the verify report for a person and for machines (see verify.h).
 *
 * The person who reads it is a head of agency, an archivist or the clerk who received a file.
 * Three verdicts, not two: a signature that is intact but whose certificate chains to a root the
 * verifier was not told to trust is not "KHÔNG HỢP LỆ" as a forgery is; the report says the file
 * is intact and how to trust the government root. Byte offsets are for experts: --verbose and
 * --json only. A valid signature whose certificates' revocation could not be checked is not
 * told as plainly valid: its verdict says so, and so does --json ("revocation": "unchecked"). */
#include <stdlib.h>
#include <string.h>

#include "sign/verify.h"
#include "util/buf.h"
#include "util/json.h"

int bc_sig_only_root_unknown(const bc_sig_report *s)
{
    if (!s->integrity || !s->later_ok || s->trusted || !s->root_unknown)
        return 0;
    for (size_t k = 0; k < s->n_problems; k++)
        if (strcmp(s->problem_codes[k], "root-not-trusted"))
            return 0;
    return 1;
}

static const char HOW_TO_TRUST[] =
    "chữ ký còn nguyên vẹn, nhưng chứng thư của người ký dẫn tới một CA gốc không nằm trong "
    "danh sách tin cậy. Với chứng thư số chuyên dùng Chính phủ (Ban Cơ yếu Chính phủ), lấy "
    "chứng thư gốc \"RootCA chuyên dùng Chính phủ G2\" (tệp .pem hoặc .cer từ trang của Ban Cơ "
    "yếu Chính phủ hoặc bộ phận CNTT của cơ quan) rồi chạy lại: baocao verify TỆP --trust "
    "ROOTCA.pem";

/* Where the revocation status of the signature's certificates came from, for machines. */
static const char *revocation_code(const bc_sig_report *s)
{
    if (s->doc_timestamp)
        return NULL;
    if (!s->rev_checked || s->rev_unchecked)
        return "unchecked";
    if (s->rev_dss && s->rev_online)
        return "dss+online";
    return s->rev_online ? "online" : s->rev_dss ? "dss" : s->rev_unpublished ? "not-published" : "none";
}

static int revocation_unchecked(const bc_sig_report *s)
{
    const char *c = revocation_code(s);
    return c && !strcmp(c, "unchecked");
}

static const char *revocation_words(const bc_sig_report *s)
{
    const char *c = revocation_code(s);
    return !c                            ? NULL
           : !strcmp(c, "unchecked")     ? "KHÔNG kiểm tra được (xem các ghi chú)"
           : !strcmp(c, "dss+online")    ? "từ /DSS trong tệp và kiểm tra trực tuyến (OCSP/CRL)"
           : !strcmp(c, "online")        ? "kiểm tra trực tuyến (OCSP/CRL)"
           : !strcmp(c, "dss")           ? "từ /DSS trong tệp (không cần mạng)"
           : !strcmp(c, "not-published") ? "chứng thư không nêu nơi kiểm tra (không có OCSP, CRL)"
                                         : "không có chứng thư nào cần kiểm tra";
}

/* A signature's verdict as a stable code (see bc_verdict_words). */
static const char *sig_verdict(const bc_sig_report *s)
{
    return s->valid && revocation_unchecked(s) ? "valid-revocation-unchecked"
           : s->valid                          ? "valid"
           : bc_sig_only_root_unknown(s)       ? "intact-root-not-trusted"
                                               : "invalid";
}

static const char *verdict(const bc_sig_report *s)
{
    return bc_verdict_words(sig_verdict(s));
}

const char *bc_verdict_words(const char *code)
{
    static const char *const words[][2] = {
        {"valid", "HỢP LỆ"},
        {"valid-revocation-unchecked", "HỢP LỆ NHƯNG KHÔNG KIỂM TRA ĐƯỢC TÌNH TRẠNG THU HỒI"},
        {"intact-root-not-trusted",
         "NGUYÊN VẸN, CHƯA XÁC NHẬN ĐƯỢC NGƯỜI KÝ (CA gốc chưa được tin cậy)"},
        {"invalid", "KHÔNG HỢP LỆ"},
        {"unsigned", "CHƯA KÝ"},
        {"unreadable", "KHÔNG ĐỌC ĐƯỢC"},
        {"failed", "LỖI KHI KIỂM TRA"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (code && !strcmp(code, words[i][0]))
            return words[i][1];
    return "KHÔNG HỢP LỆ";
}

/* How many signatures are invalid for more than an untrusted root. */
static size_t bad_sigs(const bc_verify_report *r, size_t root_only)
{
    size_t invalid = 0;
    for (size_t i = 0; i < r->n; i++)
        invalid += !r->sigs[i].valid;
    return invalid - root_only;
}

static const char *range_words(const bc_sig_report *s)
{
    return s->covers_whole ? "toàn bộ tệp" : "phần đầu tệp (có cập nhật sau khi ký)";
}

static void print_sig(const bc_sig_report *s, size_t i, int verbose, FILE *out)
{
    fprintf(out, s->has_range ? "\nChữ ký %zu — ô \"%s\"\n" : "\nChữ ký %zu — tệp %s\n", i + 1,
            s->field);
    fprintf(out, "  Người ký:      %s%s%s\n", s->signer_cn ? s->signer_cn : "?",
            s->signer_o ? " — " : "", s->signer_o ? s->signer_o : "");
    fprintf(out, "  Thời điểm ký:  %s%s\n", *s->time_iso ? s->time_iso : "(không rõ)",
            s->ts_time ? " (theo tem thời gian)" : "");
    if (*s->level || s->doc_timestamp)
        fprintf(out, "  Mức PAdES:     %s\n",
                s->doc_timestamp ? "tem thời gian cho tài liệu (lưu trữ)" : s->level);
    if (s->has_range && verbose)
        fprintf(out, "  Phạm vi ký:    [%lld %lld %lld %lld] — %s\n", s->range[0], s->range[1],
                s->range[2], s->range[3], range_words(s));
    else if (s->has_range)
        fprintf(out, "  Phạm vi ký:    %s\n", range_words(s));
    if (verbose && s->cert_subject)
        fprintf(out, "  Chứng thư:     %s\n                 do %s cấp, số hiệu %s, hiệu lực %s – %s\n",
                s->cert_subject, s->cert_issuer ? s->cert_issuer : "?",
                s->cert_serial ? s->cert_serial : "?", s->cert_not_before, s->cert_not_after);
    fprintf(out, "  Toàn vẹn:      %s\n", s->integrity ? "đúng" : "SAI");
    fprintf(out, "  Tin cậy:       %s\n", s->trusted        ? "tin cậy, còn hiệu lực lúc ký"
                                       : s->root_unknown ? "CA gốc chưa được tin cậy (--trust)"
                                                         : "KHÔNG tin cậy");
    if (revocation_words(s) && s->integrity && s->trusted)
        fprintf(out, "  Thu hồi:       %s\n", revocation_words(s));
    fprintf(out, "  Sau khi ký:    %s\n",
            !s->later_ok ? "tệp BỊ SỬA"
            : s->later_revisions ? "chỉ thêm chữ ký/ô ký"
                                 : "không thay đổi");
    if (bc_sig_only_root_unknown(s))
        fprintf(out, "  • %s\n", HOW_TO_TRUST);
    else
        for (size_t k = 0; k < s->n_problems; k++)
            fprintf(out, "  ✗ %s\n", s->problems[k]);
    for (size_t k = 0; k < s->n_notes; k++)
        fprintf(out, "  • %s\n", s->notes[k]);
    fprintf(out, "  => %s\n", verdict(s));
}

void bc_verify_print(const bc_verify_report *r, int verbose, FILE *out)
{
    fprintf(out, "Tệp: %s\n", r->file);
    if (r->n == 0)
        fprintf(out, "  Không có chữ ký nào.\n");
    for (size_t i = 0; i < r->n; i++)
        print_sig(&r->sigs[i], i, verbose, out);
    if (r->n_notes)
        fprintf(out, "\nVề tài liệu:\n");
    for (size_t k = 0; k < r->n_notes; k++)
        fprintf(out, "  • %s\n", r->notes[k]);
    const char *v = bc_verify_file_verdict(r);
    const char *end = !strcmp(v, "valid") ? "Kết luận: mọi chữ ký đều hợp lệ và tin cậy."
                      : !strcmp(v, "valid-revocation-unchecked")
                          ? "Kết luận: mọi chữ ký đều hợp lệ và tin cậy, nhưng không kiểm tra được "
                            "tình trạng thu hồi của chứng thư (xem từng chữ ký): chưa chắc chắn."
                      : !strcmp(v, "unsigned") ? "Kết luận: tệp chưa được ký."
                      : !strcmp(v, "intact-root-not-trusted")
                          ? "Kết luận: tệp còn nguyên vẹn như khi ký, nhưng chưa xác nhận được "
                            "người ký vì CA gốc chưa được tin cậy (xem hướng dẫn ở trên)."
                          : "Kết luận: có chữ ký KHÔNG hợp lệ.";
    fprintf(out, "\n%s\n", end);
}

/* ---- JSON ---- */

static void json_str(bc_buf *b, const char *key, const char *s)
{
    bc_buf_printf(b, ", \"%s\": ", key);
    bc_json_str(b, s);
}

static void json_list(bc_buf *b, const char *key, char **items, size_t n)
{
    bc_buf_printf(b, ", \"%s\": [", key);
    for (size_t k = 0; k < n; k++) {
        if (k)
            bc_buf_puts(b, ", ");
        bc_json_str(b, items[k]);
    }
    bc_buf_putc(b, ']');
}

static void json_problems(bc_buf *b, const bc_sig_report *s)
{
    bc_buf_puts(b, ", \"problems\": [");
    for (size_t k = 0; k < s->n_problems; k++) {
        bc_buf_puts(b, k ? ", {\"code\": " : "{\"code\": ");
        bc_json_str(b, s->problem_codes[k]);
        json_str(b, "message", s->problems[k]);
        bc_buf_putc(b, '}');
    }
    bc_buf_putc(b, ']');
}

static void json_cert(bc_buf *b, const bc_sig_report *s)
{
    if (!s->cert_subject) {
        bc_buf_puts(b, ", \"certificate\": null");
        return;
    }
    bc_buf_puts(b, ", \"certificate\": {\"subject\": ");
    bc_json_str(b, s->cert_subject);
    json_str(b, "issuer", s->cert_issuer);
    json_str(b, "serial", s->cert_serial);
    json_str(b, "not_before", *s->cert_not_before ? s->cert_not_before : NULL);
    json_str(b, "not_after", *s->cert_not_after ? s->cert_not_after : NULL);
    bc_buf_putc(b, '}');
}

static void json_sig(bc_buf *b, const bc_sig_report *s)
{
    bc_buf_puts(b, "{\"field\": ");
    bc_json_str(b, s->field);
    json_str(b, "signer", s->signer_cn);
    json_str(b, "organization", s->signer_o);
    json_str(b, "time", *s->time_iso ? s->time_iso : NULL);
    json_str(b, "level", *s->level ? s->level : NULL);
    bc_buf_printf(b, ", \"document_timestamp\": %s, \"timestamped\": %s",
                  s->doc_timestamp ? "true" : "false", s->ts_time ? "true" : "false");
    bc_buf_printf(b, ", \"byte_range\": [%lld, %lld, %lld, %lld]", s->range[0], s->range[1],
                  s->range[2], s->range[3]);
    bc_buf_printf(b,
                  ", \"covers_whole_file\": %s, \"integrity\": %s, \"trusted\": %s, "
                  "\"root_unknown\": %s, \"later_changes_allowed\": %s, \"later_revisions\": %d, "
                  "\"valid\": %s",
                  s->covers_whole ? "true" : "false", s->integrity ? "true" : "false",
                  s->trusted ? "true" : "false", s->root_unknown ? "true" : "false",
                  s->later_ok ? "true" : "false", s->later_revisions, s->valid ? "true" : "false");
    json_str(b, "revocation", revocation_code(s));
    bc_buf_printf(b, ", \"revocation_counts\": {\"dss\": %d, \"online\": %d, \"unchecked\": %d, "
                  "\"not_published\": %d}", s->rev_dss, s->rev_online, s->rev_unchecked,
                  s->rev_unpublished);
    json_str(b, "verdict", sig_verdict(s));
    json_cert(b, s);
    json_problems(b, s);
    json_list(b, "notes", s->notes, s->n_notes);
    bc_buf_putc(b, '}');
}

void bc_verify_json(bc_buf *b, const bc_verify_report *r, int compact)
{
    bc_buf_puts(b, "{\"file\": ");
    bc_json_str(b, r->file);
    bc_buf_printf(b, ", \"valid\": %s, \"signatures\": [", r->all_valid ? "true" : "false");
    for (size_t i = 0; i < r->n; i++) {
        bc_buf_puts(b, compact ? (i ? ", " : "") : i ? ",\n  " : "\n  ");
        json_sig(b, &r->sigs[i]);
    }
    bc_buf_putc(b, ']');
    json_list(b, "notes", r->notes, r->n_notes);
    bc_buf_putc(b, '}');
}

void bc_verify_print_json(const bc_verify_report *r, FILE *out)
{
    bc_buf b = BC_BUF_INIT;
    bc_verify_json(&b, r, 0);
    bc_buf_putc(&b, '\n');
    if (b.data)
        fwrite(b.data, 1, b.len, out);
    bc_buf_free(&b);
}

const char *bc_verify_file_verdict(const bc_verify_report *r)
{
    size_t root_only = 0, unchecked = 0;
    for (size_t i = 0; i < r->n; i++) {
        root_only += !r->sigs[i].valid && bc_sig_only_root_unknown(&r->sigs[i]);
        unchecked += revocation_unchecked(&r->sigs[i]);
    }
    return r->all_valid && unchecked ? "valid-revocation-unchecked"
           : r->all_valid ? "valid" : !r->n ? "unsigned" : root_only && !bad_sigs(r, root_only)
                                                         ? "intact-root-not-trusted"
                                                         : "invalid";
}
