/* p11uri.c — see p11uri.h. */
#include "sign/p11uri.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Percent-decodes s[0..n) into a new NUL-terminated buffer; its length (which may hold NULs, for
 * an id) in *len. NULL on a bad escape. */
static unsigned char *pct_decode(const char *s, size_t n, size_t *len)
{
    unsigned char *out = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; out && i < n; i++) {
        if (s[i] != '%') {
            out[k++] = (unsigned char)s[i];
            continue;
        }
        if (i + 2 >= n) {
            free(out);
            return NULL;
        }
        int a = bc_hex_digit(s[i + 1]), b = a < 0 ? -1 : bc_hex_digit(s[i + 2]);
        if (b < 0) {
            free(out);
            return NULL;
        }
        out[k++] = (unsigned char)(a * 16 + b);
        i += 2;
    }
    if (out)
        out[k] = 0;
    *len = k;
    return out;
}

typedef struct attr_slot {
    const char *name;
    char **text; /* a text attribute, or NULL for the special ones */
} attr_slot;

static bc_status set_type(bc_p11_uri *u, const char *v, bc_err *err)
{
    static const char *const names[] = {"cert", "private", "public", "secret-key", "data"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(v, names[i])) {
            u->type = (bc_p11_type)(i + 1);
            return BC_OK;
        }
    return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                      "URI PKCS#11: type=%s không hợp lệ (cert, private, public, secret-key, "
                      "data)", v);
}

static bc_status set_slot_id(bc_p11_uri *u, const char *v, bc_err *err)
{
    char *end;
    unsigned long id = strtoul(v, &end, 10);
    if (!*v || *end)
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "URI PKCS#11: slot-id=%s phải là một số", v);
    u->slot_id = id;
    u->has_slot_id = 1;
    return BC_OK;
}

/* One "name=value" of the path (query = 0) or the query (query = 1). Takes `v`. */
static bc_status set_attr(bc_p11_uri *u, const char *name, unsigned char *v, size_t vlen,
                          int query, bc_err *err)
{
    const attr_slot path[] = {
        {"token", &u->token}, {"manufacturer", &u->manufacturer}, {"serial", &u->serial},
        {"model", &u->model}, {"library-manufacturer", &u->lib_manufacturer},
        {"library-description", &u->lib_description}, {"object", &u->object},
    };
    const attr_slot q[] = {{"module-path", &u->module_path}, {"pin-source", &u->pin_source}};
    const attr_slot *t = query ? q : path;
    size_t n = query ? sizeof q / sizeof *q : sizeof path / sizeof *path;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, t[i].name)) {
            if (*t[i].text) {
                free(v);
                return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                                  "URI PKCS#11: thuộc tính '%s' lặp lại", name);
            }
            if (strlen((char *)v) != vlen) {
                free(v);
                return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                                  "URI PKCS#11: '%s' chứa ký tự NUL (%%00)", name);
            }
            *t[i].text = (char *)v;
            return BC_OK;
        }
    bc_status st = BC_OK;
    if (!query && !strcmp(name, "id") && !u->id) {
        u->id = v, u->id_len = vlen;
        return BC_OK;
    }
    if (!query && !strcmp(name, "type") && !u->type)
        st = set_type(u, (char *)v, err);
    else if (!query && !strcmp(name, "slot-id") && !u->has_slot_id)
        st = set_slot_id(u, (char *)v, err);
    else if (!query && !strcmp(name, "library-version"))
        st = BC_OK; /* which version of the module is loaded is not ours to refuse */
    else if (query && !strcmp(name, "pin-value"))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "URI PKCS#11 không được chứa mã PIN (pin-value): ai cũng đọc được dòng "
                        "lệnh; dùng --pin-file TỆP, biến môi trường BAOCAO_PIN, hoặc nhập khi "
                        "được hỏi");
    else if (query && !strcmp(name, "module-name"))
        st = BC_OK; /* a hint for p11-kit's own loader; the module is chosen by path here */
    else if (!strcmp(name, "id") || !strcmp(name, "type") || !strcmp(name, "slot-id"))
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0, "URI PKCS#11: thuộc tính '%s' lặp lại",
                        name);
    else
        st = bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                        "URI PKCS#11: không biết thuộc tính '%s' (RFC 7512: token, "
                        "manufacturer, serial, model, object, id, type, …)", name);
    free(v);
    return st;
}

/* Splits s[0..n) at `sep` and parses each "name=value". */
static bc_status parse_part(bc_p11_uri *u, const char *s, size_t n, char sep, int query,
                            bc_err *err)
{
    size_t i = 0;
    while (i < n) {
        const char *a = s + i;
        const char *e = memchr(a, sep, n - i);
        size_t alen = e ? (size_t)(e - a) : n - i;
        i += alen + 1;
        if (!alen)
            continue;
        const char *eq = memchr(a, '=', alen);
        if (!eq || eq == a)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "URI PKCS#11: '%.*s' không có dạng tên=giá-trị", (int)alen, a);
        char name[32];
        size_t nlen = (size_t)(eq - a);
        if (nlen >= sizeof name)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "URI PKCS#11: không biết thuộc tính '%.*s'", (int)nlen, a);
        memcpy(name, a, nlen);
        name[nlen] = 0;
        size_t vlen;
        unsigned char *v = pct_decode(eq + 1, alen - nlen - 1, &vlen);
        if (!v)
            return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                              "URI PKCS#11: '%s' có mã %%XX sai", name);
        if (set_attr(u, name, v, vlen, query, err) != BC_OK)
            return BC_BADINPUT;
    }
    return BC_OK;
}

bc_status bc_p11_uri_parse(const char *text, bc_p11_uri *u, bc_err *err)
{
    memset(u, 0, sizeof *u);
    if (strncasecmp(text, "pkcs11:", 7))
        return bc_err_add(err, BC_BADINPUT, NULL, 0, 0,
                          "--pkcs11 '%s' không phải URI PKCS#11 (RFC 7512), ví dụ "
                          "'pkcs11:token=VGCA;object=Nguyen%%20Van%%20A'", text);
    const char *p = text + 7, *q = strchr(p, '?');
    size_t plen = q ? (size_t)(q - p) : strlen(p);
    bc_status st = parse_part(u, p, plen, ';', 0, err);
    if (st == BC_OK && q)
        st = parse_part(u, q + 1, strlen(q + 1), '&', 1, err);
    if (st != BC_OK)
        bc_p11_uri_free(u);
    return st;
}

void bc_p11_uri_free(bc_p11_uri *u)
{
    char *all[] = {u->token, u->manufacturer, u->serial, u->model, u->lib_manufacturer,
                   u->lib_description, u->object, (char *)u->id, u->module_path, u->pin_source};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        free(all[i]);
    memset(u, 0, sizeof *u);
}

void bc_p11_field(const unsigned char *field, size_t n, char *out, size_t cap)
{
    while (n > 0 && (field[n - 1] == ' ' || field[n - 1] == 0))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, field, n);
    out[n] = 0;
}

void bc_p11_pct(const unsigned char *bytes, size_t n, int all, char *out, size_t cap)
{
    static const char unreserved[] = "-._~";
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 <= cap; i++) {
        unsigned char c = bytes[i];
        int keep = !all && c < 0x80 &&
                   ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    strchr(unreserved, c));
        if (keep)
            out[k++] = (char)c;
        else
            k += (size_t)snprintf(out + k, cap - k, "%%%02X", c);
    }
    out[k < cap ? k : cap - 1] = 0;
}
