/* text.h — Unicode text as baocao needs it: valid UTF-8, NFC, nothing XML forbids.
 *
 * libharu has no shaping, so a decomposed "ệ" (e + U+0323 + U+0302) draws its marks in the wrong
 * place; every string that reaches a renderer is therefore NFC. DOCX parts are XML 1.0, which
 * forbids most C0 controls and U+FFFE/U+FFFF; such text is refused at validation, not dropped.
 */
#ifndef BC_TEXT_H
#define BC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef enum {
    BC_TEXT_OK = 0,
    BC_TEXT_BAD_UTF8,    /* not well-formed UTF-8 */
    BC_TEXT_XML_ILLEGAL, /* a code point XML 1.0 forbids (C0 controls but TAB LF CR, FFFE, FFFF) */
} bc_text_check;

/* Checks `s` (length n); on failure *offset is the byte offset of the first bad byte. */
bc_text_check bc_text_check_utf8(const char *s, size_t n, size_t *offset);

/* Returns an NFC copy of valid UTF-8 `s` in the arena (NULL only on out-of-memory). */
char *bc_text_nfc(bc_arena *a, const char *s);

/* 1 when `s` is already NFC. */
int bc_text_is_nfc(const char *s);

/* Decodes one code point at *p (valid UTF-8 assumed) and advances *p. */
uint32_t bc_utf8_next(const char **p);

/* Number of code points. */
size_t bc_utf8_len(const char *s);

/* The first `max_chars` code points of `s`, cut at a word boundary and followed by "…" when `s`
 * is longer; `s` itself (copied) otherwise. Used to quote a form's label in a message. */
char *bc_text_ellipsize(bc_arena *a, const char *s, size_t max_chars);

/* 1 when `s` ends with `suffix` and has something before it ("a.pdf", not ".pdf"); the _nocase
 * form ignores ASCII case, for extensions a user types (".PDF", ".Csv"). */
int bc_ends_with(const char *s, const char *suffix);
int bc_ends_with_nocase(const char *s, const char *suffix);

/* A malloc'ed, printf-formatted string of any length (a path: never cut short), or NULL when
 * out of memory. */
char *bc_strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Formats numbers the Vietnamese way: "." between thousands, "," before decimals.
 * bc_fmt_int(12345) → "12.345"; bc_fmt_dec(87.5, 2) → "87,50". */
char *bc_fmt_int(bc_arena *a, long long v);
char *bc_fmt_dec(bc_arena *a, double v, int decimals);

/* The value of hexadecimal digit c (0–15), -1 for any other character. */
int bc_hex_digit(int c);

#endif
