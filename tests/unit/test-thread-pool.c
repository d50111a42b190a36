/*
 * Unit tests for the thread pool: callbacks, many jobs, the coroutine
 * variant, cancellation, min/max threads.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/coroutine.h"
#include "qemu/main-loop.h"
#include "block/aio.h"
#include "block/aio-wait.h"
#include "block/thread-pool.h"

#include <fcntl.h>

static AioContext *ctx;
static ThreadPool *pool;

typedef struct {
    int n;
    int ret;
    int result;     /* set by the worker */
    bool in_worker_thread;
    QemuThread main_thread;
} Job;

static int job_square(void *opaque)
{
    Job *j = opaque;

    j->in_worker_thread = !qemu_thread_is_self(&j->main_thread);
    j->result = j->n * j->n;
    return j->n + 1;
}

static int done_count;

static void job_done(void *opaque, int ret)
{
    Job *j = opaque;

    j->ret = ret;
    done_count++;
}

static void test_submit_one(void)
{
    Job j = { .n = 7, .ret = -1 };

    qemu_thread_get_self(&j.main_thread);
    done_count = 0;
    thread_pool_submit_aio(pool, job_square, &j, job_done, &j);
    AIO_WAIT_WHILE(ctx, done_count < 1);
    g_assert_cmpint(j.result, ==, 49);
    g_assert_cmpint(j.ret, ==, 8);
    g_assert_true(j.in_worker_thread);
}

static void test_submit_many(void)
{
    enum { N = 1000 };
    Job *jobs = g_new0(Job, N);
    int i;

    done_count = 0;
    for (i = 0; i < N; i++) {
        jobs[i].n = i;
        jobs[i].ret = -1;
        qemu_thread_get_self(&jobs[i].main_thread);
        /* Both argument forms: with the pool, and the current context's. */
        if (i % 2) {
            thread_pool_submit_aio(pool, job_square, &jobs[i], job_done,
                                   &jobs[i]);
        } else {
            thread_pool_submit_aio(job_square, &jobs[i], job_done, &jobs[i]);
        }
    }
    AIO_WAIT_WHILE(ctx, done_count < N);
    g_assert_cmpint(done_count, ==, N);
    for (i = 0; i < N; i++) {
        g_assert_cmpint(jobs[i].result, ==, i * i);
        g_assert_cmpint(jobs[i].ret, ==, i + 1);
    }
    g_free(jobs);
}

static void test_submit_fire_and_forget(void)
{
    Job j = { .n = 3 };

    qemu_thread_get_self(&j.main_thread);
    thread_pool_submit(pool, job_square, &j);
    AIO_WAIT_WHILE(ctx, qatomic_read(&j.result) != 9);
    g_assert_cmpint(j.result, ==, 9);
    /* Let the completion BH free the request. */
    while (aio_poll(ctx, false)) {
        /* drain */
    }
}

/*
 * Completions that resubmit, as a queue-depth benchmark does: a lost
 * completion (a race between a worker finishing and the completion BH
 * going idle) leaves the loop waiting forever, so this would time out.
 */
#define CHAIN_LANES 16
#define CHAIN_TOTAL 20000

typedef struct {
    int submitted;
    int completed;
} Chain;

static int job_identity(void *opaque)
{
    return 1;
}

static void chain_done(void *opaque, int ret)
{
    Chain *c = opaque;

    g_assert_cmpint(ret, ==, 1);
    c->completed++;
    if (c->submitted < CHAIN_TOTAL) {
        c->submitted++;
        thread_pool_submit_aio(pool, job_identity, NULL, chain_done, c);
    }
}

static void test_chained_completions(void)
{
    Chain c = { 0 };
    int i;

    for (i = 0; i < CHAIN_LANES; i++) {
        c.submitted++;
        thread_pool_submit_aio(pool, job_identity, NULL, chain_done, &c);
    }
    AIO_WAIT_WHILE(ctx, c.completed < CHAIN_TOTAL);
    g_assert_cmpint(c.completed, ==, CHAIN_TOTAL);
}

/* --- coroutine variant --- */

typedef struct {
    int sum;
    int finished;
} CoJobs;

static int job_sleep_and_return(void *opaque)
{
    int n = GPOINTER_TO_INT(opaque);

    g_usleep(1000);
    return n;
}

static void coroutine_fn co_submitter(void *opaque)
{
    CoJobs *c = opaque;
    int i;

    for (i = 1; i <= 10; i++) {
        /* Blocking work in a worker; this coroutine waits without blocking. */
        int ret = (i % 2) ? thread_pool_submit_co(pool, job_sleep_and_return,
                                                  GINT_TO_POINTER(i))
                          : thread_pool_submit_co(job_sleep_and_return,
                                                  GINT_TO_POINTER(i));
        c->sum += ret;
    }
    c->finished++;
    aio_wait_kick();
}

static void test_submit_co(void)
{
    CoJobs c = { 0 };
    int i;

    /* Four coroutines in flight at once. */
    for (i = 0; i < 4; i++) {
        qemu_coroutine_enter(qemu_coroutine_create(co_submitter, &c));
    }
    g_assert_cmpint(c.finished, ==, 0);
    AIO_WAIT_WHILE(ctx, c.finished < 4);
    g_assert_cmpint(c.sum, ==, 4 * 55);
}

/* --- a pread on a file, the use the block layer makes of it --- */

typedef struct {
    int fd;
    void *buf;
    size_t len;
    off_t offset;
} PreadJob;

static int do_pread(void *opaque)
{
    PreadJob *p = opaque;
    ssize_t n = pread(p->fd, p->buf, p->len, p->offset);

    return n < 0 ? -errno : (int)n;
}

typedef struct {
    int fd;
    char buf[6];
    int ret;
    int bad_ret;
    bool done;
} PreadCo;

static void coroutine_fn co_pread(void *opaque)
{
    PreadCo *c = opaque;
    PreadJob job = { c->fd, c->buf, sizeof(c->buf), 5 };
    PreadJob bad = { -1, c->buf, 1, 0 };

    c->ret = thread_pool_submit_co(pool, do_pread, &job);
    c->bad_ret = thread_pool_submit_co(pool, do_pread, &bad);
    c->done = true;
}

static void test_pread_co(void)
{
    g_autofree char *dir = g_dir_make_tmp("test-thread-pool-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "file", NULL);
    PreadCo c = { .ret = -1 };

    g_assert_nonnull(dir);
    g_assert_true(g_file_set_contents(path, "hello, world!", -1, NULL));
    c.fd = open(path, O_RDONLY);
    g_assert_cmpint(c.fd, >=, 0);
    qemu_coroutine_enter(qemu_coroutine_create(co_pread, &c));
    AIO_WAIT_WHILE(ctx, !c.done);
    g_assert_cmpint(c.ret, ==, 6);
    g_assert_cmpmem(c.buf, 6, ", worl", 6);
    g_assert_cmpint(c.bad_ret, ==, -EBADF);
    close(c.fd);
    unlink(path);
    rmdir(dir);
}

/* --- cancellation --- */

typedef struct {
    QemuSemaphore gate;
    QemuSemaphore started;
} Gate;

static int job_wait_gate(void *opaque)
{
    Gate *g = opaque;

    qemu_sem_post(&g->started);
    qemu_sem_wait(&g->gate);
    return 0;
}

static void test_cancel(void)
{
    enum { N = 5 };
    AioContext *c = aio_context_new(&error_abort);
    ThreadPool *p;
    Gate g;
    Job jobs[N];
    BlockAIOCB *acbs[N];
    int i;

    /* One worker: the first job blocks it, so the others stay queued. */
    aio_context_set_thread_pool_params(c, 0, 1, &error_abort);
    p = thread_pool_new(c);
    qemu_sem_init(&g.gate, 0);
    qemu_sem_init(&g.started, 0);
    done_count = 0;
    thread_pool_submit_aio(p, job_wait_gate, &g, job_done, &jobs[0]);
    qemu_sem_wait(&g.started);
    for (i = 1; i < N; i++) {
        jobs[i].ret = 1;
        acbs[i] = thread_pool_submit_aio(p, job_wait_gate, &g, job_done,
                                         &jobs[i]);
    }
    /* Cancel 2 and 4 before any worker picks them up. */
    acbs[2]->aiocb_info->cancel_async(acbs[2]);
    acbs[4]->aiocb_info->cancel_async(acbs[4]);
    for (i = 0; i < N - 2; i++) {
        qemu_sem_post(&g.gate);
    }
    while (done_count < N) {
        aio_poll(c, true);
    }
    g_assert_cmpint(jobs[0].ret, ==, 0);
    g_assert_cmpint(jobs[1].ret, ==, 0);
    g_assert_cmpint(jobs[2].ret, ==, -ECANCELED);
    g_assert_cmpint(jobs[3].ret, ==, 0);
    g_assert_cmpint(jobs[4].ret, ==, -ECANCELED);
    thread_pool_free(p);
    aio_context_unref(c);
    qemu_sem_destroy(&g.gate);
    qemu_sem_destroy(&g.started);
}

/* --- concurrency limits --- */

typedef struct {
    int running;
    int max_running;
    QemuMutex lock;
} Concurrency;

static int job_measure(void *opaque)
{
    Concurrency *c = opaque;

    qemu_mutex_lock(&c->lock);
    c->running++;
    c->max_running = MAX(c->max_running, c->running);
    qemu_mutex_unlock(&c->lock);
    g_usleep(2000);
    qemu_mutex_lock(&c->lock);
    c->running--;
    qemu_mutex_unlock(&c->lock);
    return 0;
}

static void test_max_threads(void)
{
    AioContext *c = aio_context_new(&error_abort);
    Concurrency conc = { 0 };
    Job dummy[20];
    int i;

    qemu_mutex_init(&conc.lock);
    aio_context_set_thread_pool_params(c, 0, 2, &error_abort);
    done_count = 0;
    for (i = 0; i < 20; i++) {
        thread_pool_submit_aio(aio_get_thread_pool(c), job_measure, &conc,
                               job_done, &dummy[i]);
    }
    while (done_count < 20) {
        aio_poll(c, true);
    }
    g_assert_cmpint(conc.max_running, >=, 1);
    g_assert_cmpint(conc.max_running, <=, 2);
    /* The pool is freed with its context. */
    aio_context_unref(c);
    qemu_mutex_destroy(&conc.lock);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    ctx = qemu_get_aio_context();
    pool = aio_get_thread_pool(ctx);

    g_test_add_func("/thread-pool/submit-one", test_submit_one);
    g_test_add_func("/thread-pool/submit-many", test_submit_many);
    g_test_add_func("/thread-pool/fire-and-forget", test_submit_fire_and_forget);
    g_test_add_func("/thread-pool/chained", test_chained_completions);
    g_test_add_func("/thread-pool/submit-co", test_submit_co);
    g_test_add_func("/thread-pool/pread-co", test_pread_co);
    g_test_add_func("/thread-pool/cancel", test_cancel);
    g_test_add_func("/thread-pool/max-threads", test_max_threads);
    return g_test_run();
}
