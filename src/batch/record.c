/* record.c — see record.h. */
#include "batch/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NFIELDS = 14 }; /* data fields; an "end" marker follows */

static void put_escaped(bc_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\t')
            bc_buf_puts(b, "\\t");
        else if (*s == '\n')
            bc_buf_puts(b, "\\n");
        else if (*s == '\\')
            bc_buf_puts(b, "\\\\");
        else
            bc_buf_putc(b, *s);
    }
}

static char *unescape(const char *s, size_t n)
{
    char *d = malloc(n + 1), *o = d;
    if (!d)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            *o++ = c == 't' ? '\t' : c == 'n' ? '\n' : c;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return d;
}

void bc_record_write(const bc_record *r, bc_buf *b)
{
    const char *text[] = {r->code, r->name, r->input, r->input_sha256, r->options_sha256};
    for (size_t i = 0; i < 5; i++) {
        put_escaped(b, text[i]);
        bc_buf_putc(b, '\t');
    }
    bc_buf_printf(b, "%d\t%d\t%d\t", (int)r->status, r->reused, r->pages);
    put_escaped(b, r->signer);
    bc_buf_putc(b, '\t');
    put_escaped(b, r->signing_time);
    bc_buf_printf(b, "\t%.3f\t%ld\t", r->ms, r->peak_kb);
    put_escaped(b, r->error);
    bc_buf_putc(b, '\t');
    for (int i = 0; i < r->nout; i++) {
        if (i)
            bc_buf_putc(b, ';');
        /* '|' and ';' never occur in output paths: they are built from safe names. */
        put_escaped(b, r->out[i].path);
        bc_buf_printf(b, "|%s|%lld", r->out[i].sha256, r->out[i].size);
    }
    bc_buf_puts(b, "\tend"); /* a line cut short by a crash lacks this and is ignored */
}

static void copy_hex(char *dst, const char *src)
{
    snprintf(dst, 65, "%s", src ? src : "");
}

static int parse_outputs(char *s, bc_record *r)
{
    char *save = NULL;
    for (char *item = strtok_r(s, ";", &save); item && r->nout < BC_MAX_OUTPUTS;
         item = strtok_r(NULL, ";", &save)) {
        char *bar1 = strchr(item, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
        if (!bar2)
            return 0;
        *bar1 = *bar2 = '\0';
        bc_output *o = &r->out[r->nout++];
        o->path = strdup(item);
        copy_hex(o->sha256, bar1 + 1);
        o->size = atoll(bar2 + 1);
    }
    return 1;
}

int bc_record_read(const char *line, bc_record *r)
{
    memset(r, 0, sizeof *r);
    char *f[NFIELDS + 1] = {0};
    int n = 0;
    const char *start = line;
    for (const char *p = line;; p++) {
        if (*p == '\t' || *p == '\0' || *p == '\n') {
            if (n <= NFIELDS)
                f[n] = unescape(start, (size_t)(p - start));
            n++;
            if (*p != '\t')
                break;
            start = p + 1;
        }
    }
    int ok = n == NFIELDS + 1 && f[NFIELDS] && !strcmp(f[NFIELDS], "end");
    if (ok) {
        r->code = f[0], r->name = f[1], r->input = f[2];
        copy_hex(r->input_sha256, f[3]);
        copy_hex(r->options_sha256, f[4]);
        r->status = (bc_unit_status)atoi(f[5]);
        r->reused = atoi(f[6]);
        r->pages = atoi(f[7]);
        r->signer = f[8], r->signing_time = f[9];
        r->ms = atof(f[10]);
        r->peak_kb = atol(f[11]);
        r->error = f[12];
        ok = parse_outputs(f[13], r);
        f[0] = f[1] = f[2] = f[8] = f[9] = f[12] = NULL; /* now owned by r */
    }
    for (int i = 0; i <= NFIELDS; i++)
        free(f[i]);
    if (!ok)
        bc_record_free(r);
    return ok;
}

void bc_record_free(bc_record *r)
{
    free(r->code);
    free(r->name);
    free(r->input);
    free(r->signer);
    free(r->signing_time);
    free(r->error);
    for (int i = 0; i < r->nout; i++)
        free(r->out[i].path);
    memset(r, 0, sizeof *r);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void bc_record_copy(bc_record *dst, const bc_record *src)
{
    *dst = *src;
    dst->code = dup_or_null(src->code);
    dst->name = dup_or_null(src->name);
    dst->input = dup_or_null(src->input);
    dst->signer = dup_or_null(src->signer);
    dst->signing_time = dup_or_null(src->signing_time);
    dst->error = dup_or_null(src->error);
    for (int i = 0; i < src->nout; i++)
        dst->out[i].path = dup_or_null(src->out[i].path);
}
