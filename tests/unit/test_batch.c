/* test_batch.c — safe file names, record lines, the worker pool (including a worker that dies). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/pool.h"
#include "batch/record.h"
#include "batch/safename.h"

static void test_safe_names(void **state)
{
    (void)state;
    char b[96];
    assert_string_equal(bc_safe_name("22015", b, sizeof b), "22015");
    assert_string_equal(bc_safe_name("Xã Hòa Xuân Tây", b, sizeof b), "xa-hoa-xuan-tay");
    assert_string_equal(bc_safe_name("Phường Đông Hòa", b, sizeof b), "phuong-dong-hoa");
    assert_string_equal(bc_safe_name("../../etc/passwd", b, sizeof b), "etc-passwd");
    assert_string_equal(bc_safe_name("a/b\\c", b, sizeof b), "a-b-c");
    assert_string_equal(bc_safe_name("\"quoted\" 'name'", b, sizeof b), "quoted-name");
    assert_string_equal(bc_safe_name("..", b, sizeof b), "unit");
    assert_string_equal(bc_safe_name("", b, sizeof b), "unit");
    char small[6];
    assert_string_equal(bc_safe_name("abcdefghij", small, sizeof small), "abcde");
}

static void test_record_round_trip(void **state)
{
    (void)state;
    bc_record r = {0};
    r.code = "22015";
    r.name = "Xã Hòa\tXuân \\ Tây";
    r.input = "samples/batch/22015.yaml";
    strcpy(r.input_sha256, "aa");
    strcpy(r.options_sha256, "bb");
    r.status = BC_UNIT_FAILED;
    r.pages = 7;
    r.signer = "Trần Quốc Khánh";
    r.signing_time = "2026-11-22T09:15:04+07:00";
    r.ms = 12.5;
    r.peak_kb = 30000;
    r.error = "a.yaml:3:1: lỗi một\na.yaml:4:1: lỗi hai";
    r.nout = 2;
    r.out[0] = (bc_output){"22015/quy-3a-22015.pdf", "cc", 1234};
    r.out[1] = (bc_output){"22015/quy-3a-22015.docx", "dd", 99};
    bc_buf line = BC_BUF_INIT;
    bc_record_write(&r, &line);
    assert_null(strchr(line.data, '\n'));
    bc_record back;
    assert_true(bc_record_read(line.data, &back));
    assert_string_equal(back.name, r.name);
    assert_string_equal(back.error, r.error);
    assert_int_equal(back.status, BC_UNIT_FAILED);
    assert_int_equal(back.pages, 7);
    assert_int_equal(back.nout, 2);
    assert_string_equal(back.out[1].path, "22015/quy-3a-22015.docx");
    assert_int_equal(back.out[0].size, 1234);
    bc_record_free(&back);
    /* A line cut short (a crash while writing) is refused. */
    line.data[line.len - 2] = '\0';
    assert_false(bc_record_read(line.data, &back));
    bc_buf_free(&line);
}

typedef struct pool_test {
    int seen[64];
    int crashed;
} pool_test;

static void square(void *ctx, int index, bc_buf *line)
{
    (void)ctx;
    if (index == 13)
        raise(SIGKILL); /* a unit that kills its worker */
    bc_buf_printf(line, "%d %d", index, index * index);
}

static void collect(void *ctx, int index, const char *line)
{
    pool_test *t = ctx;
    if (!line) {
        t->crashed++;
        t->seen[index] = -1;
        return;
    }
    int i, sq;
    assert_int_equal(sscanf(line, "%d %d", &i, &sq), 2);
    assert_int_equal(i, index);
    t->seen[index] = sq;
}

static void test_pool_runs_every_job_once(void **state)
{
    (void)state;
    pool_test t = {0};
    bc_err err = BC_ERR_INIT;
    int stopped = -1;
    assert_int_equal(bc_pool_run(3, 40, square, collect, &t, NULL, &stopped, &err), BC_OK);
    for (int i = 0; i < 40; i++)
        assert_int_equal(t.seen[i], i == 13 ? -1 : i * i);
    assert_int_equal(t.crashed, 1);
    assert_int_equal(stopped, 0);
    bc_err_free(&err);
}

/* Job 5 asks the parent to stop (as Ctrl-C would): it is finished and reported, no job is
 * handed out after the request, and the signal mask is as it was. */
static void square_then_stop(void *ctx, int index, bc_buf *line)
{
    (void)ctx;
    if (index == 5) {
        kill(getppid(), SIGTERM);
        usleep(100 * 1000); /* the request is in before this job's result */
    }
    bc_buf_printf(line, "%d %d", index, index * index);
}

static void test_pool_stops_on_request(void **state)
{
    (void)state;
    pool_test t;
    memset(t.seen, 0xff, sizeof t.seen); /* -1: not reported */
    t.crashed = 0;
    bc_err err = BC_ERR_INIT;
    bc_stop stop = {.heard = NULL};
    assert_int_equal(bc_stop_open(&stop, &err), BC_OK);
    int stopped = 0;
    assert_int_equal(bc_pool_run(1, 40, square_then_stop, collect, &t, &stop, &stopped, &err),
                     BC_OK);
    bc_stop_close(&stop);
    assert_int_equal(stopped, 1);
    /* One worker: jobs 0..5 done in order, 5 finished after the request, none after it. */
    for (int i = 0; i < 40; i++)
        assert_int_equal(t.seen[i], i <= 5 ? i * i : -1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    assert_false(sigismember(&now, SIGTERM));
    bc_err_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_names),
        cmocka_unit_test(test_record_round_trip),
        cmocka_unit_test(test_pool_runs_every_job_once),
        cmocka_unit_test(test_pool_stops_on_request),
    };
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
