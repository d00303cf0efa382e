/* agentspeed.c — a signature through baocao's token agent (sign/tokenagent.h) against the same
 * signature made in-process on the same session (sign/pkcs11.h): what the agent's round trip
 * costs. Linked against build/libbaocao.a by bench/token.sh:
 *   agentspeed MODULE.so URI PIN-FILE N   → "agent_ms direct_ms"
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sign/keys.h"
#include "sign/pkcs11.h"
#include "sign/tokenagent.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return fprintf(stderr, "usage: agentspeed MODULE URI PIN-FILE N\n"), 2;
    int n = atoi(argv[4]);
    unsigned char tbs[200] = {0x31}, sig[1024];
    size_t len;
    bc_err err = BC_ERR_INIT;
    bc_signer s;
    bc_token_opts o = {argv[2], argv[1], argv[3], NULL, 0, 1};
    if (bc_token_signer_open(&o, &s, &err) != BC_OK)
        return bc_err_print(&err, stderr), 1;
    bc_p11 *m;
    bc_p11_uri u;
    bc_p11_key *k;
    X509 *cert;
    STACK_OF(X509) *chain;
    bc_pin_source pin = {argv[3], 1};
    if (bc_p11_uri_parse(argv[2], &u, &err) != BC_OK || bc_p11_load(argv[1], &m, &err) != BC_OK ||
        bc_p11_key_open(m, &u, &pin, 0, &k, &cert, &chain, &err) != BC_OK)
        return bc_err_print(&err, stderr), 1;
    /* Blocks of each in turn, so a change in the machine's load falls on both alike; the best
     * block of each is reported. */
    double best_agent = 1e9, best_direct = 1e9;
    int block = n / 10 > 0 ? n / 10 : 1;
    for (int r = 0; r < 10; r++) {
        double t0 = now();
        for (int i = 0; i < block; i++) {
            tbs[1 + i % 100]++;
            if (s.sign(s.sign_ctx, tbs, sizeof tbs, sig, &len, &err) != BC_OK)
                return bc_err_print(&err, stderr), 1;
        }
        double a = (now() - t0) * 1000 / block;
        t0 = now();
        for (int i = 0; i < block; i++) {
            tbs[1 + i % 100]++;
            if (bc_p11_key_sign(k, tbs, sizeof tbs, sig, sizeof sig, &len, &err) != BC_OK)
                return bc_err_print(&err, stderr), 1;
        }
        double d = (now() - t0) * 1000 / block;
        best_agent = a < best_agent ? a : best_agent;
        best_direct = d < best_direct ? d : best_direct;
    }
    printf("%.3f %.3f\n", best_agent, best_direct);
    bc_p11_key_close(k);
    bc_signer_free(&s);
    return 0;
}
