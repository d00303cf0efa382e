/* p11shim.c — a PKCS#11 module for tests that forwards to a real one (SoftHSM) and fails the
 * way a real token does where SoftHSM cannot: a PIN locked after too many tries (SoftHSM never
 * locks), a token pulled out during signing. Built by the test itself:
 *   cc -shared -fPIC -I/usr/include/p11-kit-1 p11shim.c -o p11shim.so -ldl
 * P11SHIM_MODULE names the real module; P11SHIM_MODE is
 *   locked   C_Login answers CKR_PIN_LOCKED
 *   flagged  C_GetTokenInfo also reports CKF_USER_PIN_LOCKED
 *   removed  C_SignInit answers CKR_DEVICE_REMOVED
 *   absent   the slots are there but hold no token (a reader with the USB token pulled out):
 *            C_GetSlotList(tokenPresent) lists none, C_GetTokenInfo answers CKR_TOKEN_NOT_PRESENT
 * With P11SHIM_HIDE="0x1 0x40" the mechanisms named are left out of C_GetMechanismList (a token
 * that lacks them), and with P11SHIM_LOG set, appends "pid init", "pid login", "pid sign" lines to that file for
 * each C_Initialize, C_Login and C_Sign, so a test can count logins and see which processes
 * touched the token.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST shim;
static CK_FUNCTION_LIST_PTR real;

static int mode(const char *m)
{
    const char *v = getenv("P11SHIM_MODE");
    return v && !strcmp(v, m);
}

static void note(const char *what)
{
    const char *path = getenv("P11SHIM_LOG");
    FILE *f = path ? fopen(path, "a") : NULL;
    if (f) {
        fprintf(f, "%ld %s\n", (long)getpid(), what);
        fclose(f);
    }
}

static CK_RV shim_initialize(CK_VOID_PTR args)
{
    note("init");
    return real->C_Initialize(args);
}

static CK_RV shim_sign(CK_SESSION_HANDLE s, CK_BYTE_PTR d, CK_ULONG n, CK_BYTE_PTR sig,
                       CK_ULONG_PTR len)
{
    if (sig)
        note("sign");
    return real->C_Sign(s, d, n, sig, len);
}

static CK_RV shim_login(CK_SESSION_HANDLE s, CK_USER_TYPE u, CK_UTF8CHAR_PTR pin, CK_ULONG n)
{
    note("login");
    if (mode("locked") || mode("flagged"))
        return CKR_PIN_LOCKED;
    return real->C_Login(s, u, pin, n);
}

static CK_RV shim_slots(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR n)
{
    CK_RV rv = real->C_GetSlotList(present, list, n);
    if (rv == CKR_OK && present && mode("absent"))
        *n = 0;
    return rv;
}

static CK_RV shim_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info)
{
    if (mode("absent"))
        return CKR_TOKEN_NOT_PRESENT;
    CK_RV rv = real->C_GetTokenInfo(slot, info);
    if (rv == CKR_OK && mode("flagged"))
        info->flags |= CKF_USER_PIN_LOCKED;
    return rv;
}

static int hidden(CK_MECHANISM_TYPE m)
{
    const char *v = getenv("P11SHIM_HIDE");
    char *end;
    while (v && *v) {
        unsigned long h = strtoul(v, &end, 0);
        if (end == v)
            break;
        if (h == m)
            return 1;
        v = end;
    }
    return 0;
}

static CK_RV shim_mechanisms(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR n)
{
    CK_RV rv = real->C_GetMechanismList(slot, list, n);
    if (rv != CKR_OK || !list)
        return rv;
    CK_ULONG k = 0;
    for (CK_ULONG i = 0; i < *n; i++)
        if (!hidden(list[i]))
            list[k++] = list[i];
    *n = k;
    return rv;
}

static CK_RV shim_sign_init(CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k)
{
    char what[32];
    snprintf(what, sizeof what, "mech 0x%lx", (unsigned long)m->mechanism);
    note(what);
    return mode("removed") ? CKR_DEVICE_REMOVED : real->C_SignInit(s, m, k);
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out)
{
    if (!real) {
        const char *path = getenv("P11SHIM_MODULE");
        void *dl = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
        CK_C_GetFunctionList get = dl ? (CK_C_GetFunctionList)dlsym(dl, "C_GetFunctionList") : NULL;
        if (!get || get(&real) != CKR_OK)
            return CKR_GENERAL_ERROR;
        shim = *real;
        shim.C_Initialize = shim_initialize;
        shim.C_Sign = shim_sign;
        shim.C_Login = shim_login;
        shim.C_GetTokenInfo = shim_token_info;
        shim.C_GetSlotList = shim_slots;
        shim.C_SignInit = shim_sign_init;
        shim.C_GetMechanismList = shim_mechanisms;
    }
    *out = &shim;
    return CKR_OK;
}
