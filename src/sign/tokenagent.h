/* tokenagent.h — a signer whose private key stays on a PKCS#11 token, usable from every process
 * of a batch.
 *
 * PKCS#11 state does not survive fork(): a session opened before a fork is not usable in the
 * child, and a module initialised in both is undefined behaviour for most modules. And a batch
 * must log in once (a head of agency types the PIN once, and a token counts every login). So the
 * session lives in one process of its own, the token agent, forked before the module is even
 * loaded: it loads the module, selects the token and the key (sign/pkcs11.h), logs in once, sends
 * the certificate and the token's chain back, and then serves signatures until every holder of
 * its socket has gone. The process that asked for the signer — and every batch worker forked
 * from it later — has no PKCS#11 state at all, only the socket.
 *
 * Sharing is serialisation: the agent signs one request at a time, in arrival order (a USB token
 * performs one operation at a time anyway). A request is one SOCK_SEQPACKET message on the shared
 * socket (atomic, so concurrent workers cannot interleave) carrying the DER to be signed and, as
 * SCM_RIGHTS, one end of a fresh socket pair on which that requester alone gets its answer. Only
 * the requester's process tree holds the shared socket: no other process on the machine can ask
 * the token for a signature. A worker that dies mid-request costs nothing; the agent ends when
 * the last holder closes the socket, and with its parent (PR_SET_PDEATHSIG); after the login it
 * ignores the terminal's SIGINT, so workers let finish their unit after a Ctrl-C can still sign.
 *
 * The signer it fills (sign/keys.h) has the certificate's public key as `key` and signs through
 * the agent; bc_signer_free ends the agent. The whole of a signature costs one round trip: see
 * bench/ (make bench) for the figures.
 */
#ifndef BC_SIGN_TOKENAGENT_H
#define BC_SIGN_TOKENAGENT_H

#include "sign/keys.h"
#include "util/err.h"

typedef struct bc_token_opts {
    const char *uri;      /* RFC 7512 */
    const char *module;   /* NULL: the URI's module-path, else p11-kit's proxy */
    const char *pin_file; /* NULL: pin-source, $BAOCAO_PIN or the terminal */
    const char *chain;    /* PEM file of more CA certificates, or NULL */
    int pss;              /* RSA-PSS */
    int no_prompt;
} bc_token_opts;

/* Starts the agent and waits for its login; fills `s`. On failure no agent is left running and
 * the agent's messages (wrong PIN, no token, …) are in err. */
bc_status bc_token_signer_open(const bc_token_opts *o, bc_signer *s, bc_err *err);

#endif
