/* p11speed.c — the raw cost of one signature on a PKCS#11 token, without baocao around it: load
 * the module, log in once, then C_SignInit + C_Sign N times on the SHA-256 DigestInfo of a
 * 32-byte hash with CKM_RSA_PKCS (RSA) or on the hash with CKM_ECDSA (EC), as baocao's token
 * agent does. Built and run by bench/token.sh:
 *   p11speed MODULE.so TOKEN-LABEL KEY-LABEL PIN-FILE N   → "ms_per_signature"
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <p11-kit/pkcs11.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int fail(const char *what, CK_RV rv)
{
    fprintf(stderr, "p11speed: %s: 0x%lx\n", what, (unsigned long)rv);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 6)
        return fprintf(stderr, "usage: p11speed MODULE TOKEN KEY PIN-FILE N\n"), 2;
    void *dl = dlopen(argv[1], RTLD_NOW);
    CK_C_GetFunctionList get = dl ? (CK_C_GetFunctionList)dlsym(dl, "C_GetFunctionList") : NULL;
    CK_FUNCTION_LIST_PTR f;
    if (!get || get(&f) != CKR_OK || f->C_Initialize(NULL) != CKR_OK)
        return fail("load", 0);
    char pin[256] = "";
    FILE *pf = fopen(argv[4], "r");
    if (!pf || !fgets(pin, sizeof pin, pf))
        return fail("pin file", 0);
    fclose(pf);
    pin[strcspn(pin, "\r\n")] = 0;
    CK_SLOT_ID slots[32];
    CK_ULONG ns = 32;
    f->C_GetSlotList(CK_TRUE, slots, &ns);
    CK_SESSION_HANDLE s = 0;
    for (CK_ULONG i = 0; i < ns && !s; i++) {
        CK_TOKEN_INFO ti;
        if (f->C_GetTokenInfo(slots[i], &ti) == CKR_OK && !strncmp((char *)ti.label, argv[2], strlen(argv[2])))
            f->C_OpenSession(slots[i], CKF_SERIAL_SESSION, NULL, NULL, &s);
    }
    CK_RV rv;
    if (!s || (rv = f->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin, strlen(pin))) != CKR_OK)
        return fail("login", 0);
    CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE t[2] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_LABEL, argv[3], strlen(argv[3])}};
    CK_OBJECT_HANDLE key;
    CK_ULONG got = 0;
    f->C_FindObjectsInit(s, t, 2);
    f->C_FindObjects(s, &key, 1, &got);
    f->C_FindObjectsFinal(s);
    if (!got)
        return fail("no key", 0);
    CK_KEY_TYPE kt;
    CK_ATTRIBUTE a = {CKA_KEY_TYPE, &kt, sizeof kt};
    f->C_GetAttributeValue(s, key, &a, 1);
    unsigned char data[51] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                              0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    CK_MECHANISM m = {kt == CKK_EC ? CKM_ECDSA : CKM_RSA_PKCS, NULL, 0};
    unsigned char *in = kt == CKK_EC ? data + 19 : data;
    CK_ULONG inlen = kt == CKK_EC ? 32 : 51;
    int n = atoi(argv[5]);
    double t0 = now();
    for (int i = 0; i < n; i++) {
        unsigned char sig[1024];
        CK_ULONG len = sizeof sig;
        data[19 + i % 32] ^= 1;
        if ((rv = f->C_SignInit(s, &m, key)) != CKR_OK || (rv = f->C_Sign(s, in, inlen, sig, &len)) != CKR_OK)
            return fail("sign", rv);
    }
    printf("%.3f\n", (now() - t0) * 1000 / n);
    f->C_Logout(s);
    f->C_CloseSession(s);
    f->C_Finalize(NULL);
    return 0;
}
