/* signargs.h — the signing options, shared by `sign`, `render --sign` and `batch --sign`:
 * where the key comes from, which trust anchors to check it against, and how the signature looks
 * on the PDF. One parser, one set of checks, one message for each mistake, whichever command.
 *
 * Passphrases and PINs are never taken from the command line (anyone can read the process
 * list): only from --pass-file / --pin-file, an environment variable (BAOCAO_PASS, BAOCAO_PIN),
 * or a prompt on the terminal. The key is one of: --p12, --key + --cert, or --pkcs11 (a token).
 */
#ifndef BC_CLI_SIGNARGS_H
#define BC_CLI_SIGNARGS_H

#include "cli/options.h"
#include "sign/keys.h"
#include "sign/pdfsign.h"
#include "sign/tokenagent.h"
#include "util/arena.h"
#include "util/err.h"

#define BC_MAX_TRUST 16

/* The trust anchors named by --trust (repeatable). */
typedef struct bc_trust_list {
    const char *paths[BC_MAX_TRUST];
    size_t n;
} bc_trust_list;

typedef struct bc_sign_args {
    bc_key_source keys;
    bc_token_opts token; /* --pkcs11 URI: the key is on a token (sign/tokenagent.h) */
    int pss;             /* --rsa-pss */
    bc_trust_list trust;
    bc_trust_list tsa_trust;  /* --tsa-trust; empty: the TSA chains to --trust */
    const char *level;        /* --level as given; parsed by bc_sign_args_finish */
    bc_tsa tsa;               /* --tsa URL; its store made by bc_sign_args_signer */
    X509_STORE *trust_store;  /* kept for B-LT: revocation answers are checked against it */
    bc_sign_opts pdf;
    const char *seal_mm; /* as given; parsed by bc_sign_args_finish */
    bc_sign_image signature, seal; /* prepared by bc_sign_args_signer */
} bc_sign_args;

/* How many options bc_sign_args_options describes. */
#define BC_SIGN_NOPTS 21

/* The signing options as a group for bc_cli_parse (cli/options.h), storing into `a`; `opts`
 * must have room for BC_SIGN_NOPTS entries and live as long as the group. */
bc_option_group bc_sign_args_options(bc_sign_args *a, bc_option *opts);

/* bc_cli_parse for a command that signs: the command's own options (spec's groups) followed by
 * the signing options, stored into `a`. */
int bc_sign_args_parse(bc_cli_spec spec, bc_sign_args *a, int argc, char **argv);

/* A setter for a repeatable --trust: appends to a bc_trust_list. */
bc_status bc_opt_add_trust(void *dest /* bc_trust_list * */, const char *v, const char *opt,
                           bc_err *err);

/* After all options: parses --seal-size-mm and --level (B-B, B-T, B-LT, B-LTA; --tsa alone
 * means B-T, and B-T and above need --tsa), checks and normalises the texts. */
bc_status bc_sign_args_finish(bc_sign_args *a, bc_arena *arena, bc_err *err);

/* Checks the options of a PDF signature for the role (images, number) against Nghị định 30. */
bc_status bc_sign_args_check_pdf(const bc_sign_args *a, bc_err *err);

/* Loads the key and certificate and checks them (validity, key usage, chain to the trust
 * anchors, key matching the certificate), and prepares the signature images once for every
 * signature to come — all before anything is rendered or written. With a TSA, also the store
 * its certificate must chain to. */
bc_status bc_sign_args_signer(bc_sign_args *a, bc_signer *signer, bc_err *err);

/* Frees what bc_sign_args_signer prepared (images, trust stores). */
void bc_sign_args_free(bc_sign_args *a);

#endif
