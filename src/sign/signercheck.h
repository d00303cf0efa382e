/* signercheck.h — is this the certificate the form expects in this signature box?
 *
 * A rendered form remembers, in each signature field, the name it printed under the box and
 * whether its date line was left blank (pdf/sigfield.h). Before a signature is made the signer
 * is compared with that: a certificate in someone else's name (a deputy's token, a colleague's
 * key), a date left blank, or an organisation's signature made with a person's certificate are
 * the mistakes an official makes and a recipient would reject. Each becomes a sentence for the
 * signer to read; signing goes on (the decision is the signer's: a deputy may sign "KT. THỦ
 * TRƯỞNG" legitimately).
 *
 * Names are compared folded (case and diacritics ignored, spaces collapsed), so "NGUYỄN VĂN AN"
 * on a certificate matches "Trần Quốc Khánh" on the form.
 */
#ifndef BC_SIGN_SIGNERCHECK_H
#define BC_SIGN_SIGNERCHECK_H

#include <openssl/x509.h>

#include "util/err.h"

/* Adds a sentence to `notes` for each mismatch between the certificate and what the form
 * printed for `role` (`printed` may be NULL: nothing printed). Returns how many it added. */
int bc_signer_check_block(const char *role, const char *printed, int undated, X509 *cert,
                          bc_err *notes);

/* Whether the certificate looks like an organisation's (its common name is the organisation's
 * name, or its UID is a tax or budget code, "MST:"/"MNS:") rather than a person's. */
int bc_cert_is_organisation(X509 *cert);

#endif
