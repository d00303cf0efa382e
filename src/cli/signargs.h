/* signargs.h — the signing options, shared by `sign`, `render --sign` and `batch --sign`:
 * where the key comes from, which trust anchors to check it against, and how the signature looks
 * on the PDF. One parser, one set of checks, one message for each mistake, whichever command.
 *
 * Passphrases are never taken from the command line (anyone can read the process list): only
 * from --pass-file, an environment variable, or a prompt on the terminal.
 */
#ifndef BC_CLI_SIGNARGS_H
#define BC_CLI_SIGNARGS_H

#include "sign/keys.h"
#include "sign/pdfsign.h"
#include "util/arena.h"
#include "util/err.h"

#define BC_MAX_TRUST 16

typedef struct bc_sign_args {
    bc_key_source keys;
    const char *trust[BC_MAX_TRUST];
    size_t ntrust;
    bc_sign_opts pdf;
    const char *seal_mm; /* as given; parsed by bc_sign_args_finish */
    bc_sign_image signature, seal; /* prepared by bc_sign_args_signer */
} bc_sign_args;

/* The usage text of the signing options, for a command's --help. */
extern const char BC_SIGN_ARGS_HELP[];

/* The value of option argv[*i] when it is `name` ("--name VALUE" or "--name=VALUE"), advancing
 * *i past a separate value; NULL when argv[*i] is another option. *missing is set when the
 * option is there but its value is not. */
const char *bc_opt_value(int argc, char **argv, int *i, const char *name, int *missing);

/* Takes argv[*i] if it is a signing option: 1 taken, 0 not a signing option, -1 error. */
int bc_sign_args_take(int argc, char **argv, int *i, bc_sign_args *a, bc_err *err);

/* After all options: parses --seal-size-mm, checks and normalises the texts. */
bc_status bc_sign_args_finish(bc_sign_args *a, bc_arena *arena, bc_err *err);

/* Checks the options of a PDF signature for the role (images, number) against Nghị định 30. */
bc_status bc_sign_args_check_pdf(const bc_sign_args *a, bc_err *err);

/* Loads the key and certificate and checks them (validity, key usage, chain to the trust
 * anchors, key matching the certificate), and prepares the signature images once for every
 * signature to come — all before anything is rendered or written. */
bc_status bc_sign_args_signer(bc_sign_args *a, bc_signer *signer, bc_err *err);

/* Frees what bc_sign_args_signer prepared. */
void bc_sign_args_free(bc_sign_args *a);

#endif
