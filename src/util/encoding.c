/* encoding.c — see encoding.h. */
#include "util/encoding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Windows-1258, 0x80–0xFF (0 where the code page defines nothing). From 0xA0 on it is Latin-1
 * except for the Vietnamese letters and the five combining tone marks. */
static const uint16_t CP1258[128] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80 */
    0x02C6, 0x2030, 0,      0x2039, 0x0152, 0,      0,      0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90 */
    0x02DC, 0x2122, 0,      0x203A, 0x0153, 0,      0,      0x0178,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, /* A0 */
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, /* B0 */
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7, /* C0 */
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
    0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7, /* D0 */
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7, /* E0 */
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
    0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7, /* F0 */
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};

/* Bytes that only Windows-1258 gives a Vietnamese meaning: ă Ă đ Đ ơ Ơ ư Ư and the tone marks. */
static int cp1258_specific(unsigned char c)
{
    static const unsigned char set[] = {0xC3, 0xE3, 0xD0, 0xF0, 0xD5, 0xF5, 0xDD,
                                        0xFD, 0xCC, 0xEC, 0xD2, 0xDE, 0xF2};
    return memchr(set, c, sizeof set) != NULL;
}

/* The length of the valid UTF-8 sequence at p (at most n bytes), 0 when it is not one. */
static size_t utf8_valid_len(const unsigned char *p, size_t n)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate(p, n > 4 ? 4 : (utf8proc_ssize_t)n, &c);
    return k > 0 ? (size_t)k : 0;
}

/* Offset of the first byte that is not valid UTF-8, and how many such places there are (counting
 * stops at 2: all the caller needs to know is "none", "one" or "more"). */
static size_t invalid_utf8(const unsigned char *d, size_t len, size_t *first)
{
    size_t n = 0;
    *first = len;
    for (size_t i = 0; i < len && n < 2;) {
        size_t k = d[i] < 0x80 ? 1 : utf8_valid_len(d + i, len - i);
        if (k) {
            i += k;
            continue;
        }
        if (!n++)
            *first = i;
        i++;
    }
    return n;
}

bc_encoding bc_encoding_guess(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        return BC_ENC_UTF8;
    if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
        return BC_ENC_UTF16LE;
    if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        return BC_ENC_UTF16BE;
    size_t nul = 0, first;
    for (size_t i = 0; i < len; i++)
        nul += d[i] == 0;
    /* Text in UTF-16 has a zero in every other byte wherever it is ASCII (keys, digits). */
    if (len >= 4 && nul >= len / 4)
        return BC_ENC_UTF16_NOBOM;
    if (invalid_utf8(d, len, &first) <= 1)
        return BC_ENC_UTF8;
    size_t high = 0, tcvn = 0, vn1258 = 0;
    for (size_t i = 0; i < len; i++) {
        if (d[i] < 0x80)
            continue;
        high++;
        /* TCVN3 puts the lower-case Vietnamese letters at 0xA1–0xBF, symbols in Windows-1258. */
        tcvn += d[i] >= 0xA1 && d[i] <= 0xBF;
        vn1258 += cp1258_specific(d[i]);
    }
    if (tcvn * 2 > high)
        return BC_ENC_TCVN3;
    return vn1258 ? BC_ENC_CP1258 : BC_ENC_8BIT;
}

/* ---- UTF-16 ---- */

static unsigned unit16(const unsigned char *p, int be)
{
    return be ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

char *bc_utf16_to_utf8(const unsigned char *d, size_t len, int be, size_t *out_len,
                           size_t *bad_at)
{
    *bad_at = 0;
    if (len % 2) {
        *bad_at = len / 2 + 1;
        return NULL;
    }
    /* At most 3 UTF-8 bytes per UTF-16 unit (a pair of 2 units gives 4 bytes). */
    if (len / 2 > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(len / 2 * 3 + 1);
    size_t o = 0, ch = 0;
    for (size_t i = 0; out && i < len; i += 2) {
        unsigned u = unit16(d + i, be);
        utf8proc_int32_t c = (utf8proc_int32_t)u;
        ch++;
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
            unsigned lo = unit16(d + i + 2, be);
            if (lo < 0xDC00 || lo > 0xDFFF)
                c = -1;
            else {
                c = 0x10000 + (((utf8proc_int32_t)u - 0xD800) << 10) + ((utf8proc_int32_t)lo - 0xDC00);
                i += 2;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF)
            c = -1;
        if (c < 0) {
            *bad_at = ch;
            free(out);
            return NULL;
        }
        o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
    }
    if (out)
        out[o] = '\0';
    *out_len = o;
    return out;
}

/* ---- the one message ---- */

static void line_col(const unsigned char *d, size_t off, int *line, int *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (d[i] == '\n')
            (*line)++, *col = 1;
        else if ((d[i] & 0xC0) != 0x80)
            (*col)++;
    }
}

/* The line holding `off`, read as Windows-1258 and composed (NFC), at most 60 characters. */
static char *line_as_cp1258(const unsigned char *d, size_t len, size_t off)
{
    size_t start = off, end = off;
    while (start > 0 && d[start - 1] != '\n')
        start--;
    while (end < len && d[end] != '\n' && d[end] != '\r')
        end++;
    utf8proc_uint8_t buf[4 * 60 + 1];
    size_t o = 0;
    for (size_t i = start, n = 0; i < end && n < 60; i++, n++) {
        utf8proc_int32_t c = d[i] < 0x80 ? d[i] : CP1258[d[i] - 0x80];
        if (c == 0 || (c < 0x20 && c != '\t'))
            c = '?';
        o += (size_t)utf8proc_encode_char(c, buf + o);
    }
    buf[o] = '\0';
    return (char *)utf8proc_NFC(buf);
}

static const char *advice(const char *kind)
{
    if (!strcmp(kind, "CSV"))
        return "Trong Excel: Tệp > Lưu thành (File > Save As), chọn kiểu «CSV UTF-8 (Comma "
               "delimited)»; hoặc mở bằng Notepad, Lưu thành, ô Mã hóa (Encoding) chọn UTF-8";
    return "Mở tệp bằng Notepad, chọn Tệp > Lưu thành (File > Save As), ô Mã hóa (Encoding) chọn "
           "UTF-8, lưu rồi chạy lại";
}

static bc_status refuse(const char *path, const char *kind, bc_encoding enc, const char *data,
                        size_t len, bc_err *err)
{
    const unsigned char *d = (const unsigned char *)data;
    size_t first = 0;
    int line = 1, col = 1;
    if (enc != BC_ENC_UTF16_NOBOM) {
        invalid_utf8(d, len, &first);
        line_col(d, first, &line, &col);
    }
    if (enc == BC_ENC_UTF16_NOBOM)
        return bc_err_add(err, BC_BADINPUT, path, 0, 0,
                          "tệp không phải UTF-8: có vẻ là UTF-16 không có dấu BOM. %s", advice(kind));
    if (enc == BC_ENC_TCVN3)
        return bc_err_add(err, BC_BADINPUT, path, line, col,
                          "tệp không phải UTF-8: có vẻ được gõ bằng bảng mã TCVN3 (ABC). Chuyển sang "
                          "Unicode trước (Unikey: Công cụ chuyển mã, nguồn TCVN3 (ABC), đích Unicode), "
                          "rồi lưu dạng UTF-8. %s", advice(kind));
    char *shown = line_as_cp1258(d, len, first);
    bc_status st = bc_err_add(
        err, BC_BADINPUT, path, line, col,
        "tệp không phải UTF-8: có vẻ được lưu bằng bảng mã %s (dòng %d đọc theo bảng mã đó: "
        "\"%s\"). %s",
        enc == BC_ENC_CP1258 ? "Windows-1258 (tiếng Việt của Windows)"
                             : "8-bit cũ của Windows (Windows-1258 hoặc Windows-1252)",
        line, shown ? shown : "?", advice(kind));
    free(shown);
    return st;
}

bc_status bc_encoding_to_utf8(const char *path, const char *kind, char **data, size_t *len,
                              bc_err *err)
{
    bc_encoding enc = bc_encoding_guess(*data, *len);
    if (enc == BC_ENC_UTF8)
        return BC_OK;
    if (enc != BC_ENC_UTF16LE && enc != BC_ENC_UTF16BE)
        return refuse(path, kind, enc, *data, *len, err);
    size_t out_len = 0, bad_at = 0;
    char *out = bc_utf16_to_utf8((const unsigned char *)*data + 2, *len - 2, enc == BC_ENC_UTF16BE,
                              &out_len, &bad_at);
    if (!out && !bad_at)
        return bc_err_oom(err, path);
    if (!out)
        return bc_err_add(err, BC_BADINPUT, path, 0, 0,
                          "tệp UTF-16 bị hỏng ở ký tự thứ %zu (một nửa cặp thay thế hoặc thiếu "
                          "byte cuối). %s",
                          bad_at, advice(kind));
    free(*data);
    *data = out;
    *len = out_len;
    return BC_OK;
}
