/* p11uri.h — RFC 7512 PKCS#11 URIs ("pkcs11:token=VGCA;object=Nguyen%20Van%20A").
 *
 * The path attributes that select a token (token, manufacturer, serial, model, the library's
 * library-manufacturer and library-description, and p11-kit's slot-id) and an object (object =
 * CKA_LABEL, id = CKA_ID as percent-encoded bytes, type = cert | private | public | secret-key |
 * data) are parsed and percent-decoded; the query attributes module-path and pin-source are kept.
 * library-version is accepted and not compared. pin-value is refused: a PIN in a URI is a PIN on
 * the command line, which every user of the machine can read. Anything else — an unknown or
 * repeated attribute, a bad %XX — is a BC_BADINPUT with the attribute named, since a URI that
 * silently matches more than the user wrote could pick another person's key.
 *
 * Matching is exact on the decoded values; a token's blank-padded PKCS#11 fields are compared
 * with their padding removed (bc_p11_field).
 */
#ifndef BC_SIGN_P11URI_H
#define BC_SIGN_P11URI_H

#include <stddef.h>

#include "util/err.h"

typedef enum {
    BC_P11_ANY = 0, BC_P11_CERT, BC_P11_PRIVATE, BC_P11_PUBLIC, BC_P11_SECRET, BC_P11_DATA
} bc_p11_type;

typedef struct bc_p11_uri {
    char *token, *manufacturer, *serial, *model;  /* token info; NULL: any */
    char *lib_manufacturer, *lib_description;     /* library info; NULL: any */
    int has_slot_id;
    unsigned long slot_id;
    char *object;                                 /* CKA_LABEL; NULL: any */
    unsigned char *id;                            /* CKA_ID; NULL: any */
    size_t id_len;
    bc_p11_type type;
    char *module_path; /* query: the module to load, when --pkcs11-module is not given */
    char *pin_source;  /* query: "file:PATH" or PATH */
} bc_p11_uri;

/* Parses `text` into `u` (zeroed first). On failure `u` holds nothing to free. */
bc_status bc_p11_uri_parse(const char *text, bc_p11_uri *u, bc_err *err);
void bc_p11_uri_free(bc_p11_uri *u);

/* A blank-padded fixed-width PKCS#11 text field as a C string in `out` (cap ≥ n + 1). */
void bc_p11_field(const unsigned char *field, size_t n, char *out, size_t cap);

/* Writes `bytes` as URI percent-encoding (every byte of an id; unreserved characters kept for a
 * label) into `out`. */
void bc_p11_pct(const unsigned char *bytes, size_t n, int all, char *out, size_t cap);

#endif
