/* secret.c — see secret.h. */
#include "util/secret.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util/fileio.h"

/* volatile: the compiler may not drop the wipe of memory about to be freed. */
static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

bc_status bc_secret_from_file(const char *path, char *out, size_t cap, bc_err *err)
{
    char *data = NULL;
    size_t len = 0;
    if (bc_file_read(path, &data, &len, err) != BC_OK)
        return BC_BADINPUT;
    size_t n = strcspn(data, "\r\n");
    int fits = n < cap;
    if (fits) {
        memcpy(out, data, n);
        out[n] = 0;
    }
    wipe(data, len);
    free(data);
    return fits ? BC_OK : bc_err_add(err, BC_BADINPUT, path, 0, 0, "mã PIN quá dài");
}

int bc_secret_prompt(const char *prompt, char *out, size_t cap)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    FILE *tty = fdopen(fd, "r+");
    if (!tty) {
        close(fd);
        return 0;
    }
    struct termios old, quiet;
    int have = tcgetattr(fd, &old) == 0;
    if (have) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    fputs(prompt, tty);
    fflush(tty);
    int ok = fgets(out, (int)cap, tty) != NULL;
    if (have)
        tcsetattr(fd, TCSAFLUSH, &old);
    fputs("\n", tty);
    fclose(tty);
    if (ok)
        out[strcspn(out, "\r\n")] = 0;
    return ok;
}
