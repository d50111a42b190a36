/*
 * Unit tests for AioContext: bottom halves, fd handlers, event notifiers,
 * timers, aio_poll (blocking and not, nested), coroutine scheduling across
 * threads, AIO_WAIT_WHILE, the GSource and the main loop.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/coroutine.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "block/aio.h"
#include "block/aio-wait.h"

#include <sys/socket.h>

static AioContext *ctx;

/* Run non-blocking polls until nothing more happens. */
static void drain(void)
{
    while (aio_poll(ctx, false)) {
        /* keep going */
    }
}

/* --- bottom halves --- */

typedef struct {
    QEMUBH *bh;
    int n;
    int max;
    GString *trace;
    const char *tag;
} BHData;

static void bh_count(void *opaque)
{
    BHData *d = opaque;

    d->n++;
    if (d->trace) {
        g_string_append_printf(d->trace, "%s ", d->tag);
    }
    if (d->n < d->max) {
        qemu_bh_schedule(d->bh);
    }
}

static void test_bh_schedule(void)
{
    BHData d = { .max = 1 };

    d.bh = aio_bh_new(ctx, bh_count, &d);
    g_assert_false(aio_poll(ctx, false));   /* nothing scheduled */
    qemu_bh_schedule(d.bh);
    qemu_bh_schedule(d.bh);                 /* twice = once */
    g_assert_cmpint(d.n, ==, 0);            /* not run before polling */
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
    qemu_bh_delete(d.bh);
}

static void test_bh_order(void)
{
    GString *trace = g_string_new("");
    BHData a = { .max = 1, .trace = trace, .tag = "a" };
    BHData b = { .max = 1, .trace = trace, .tag = "b" };
    BHData c = { .max = 1, .trace = trace, .tag = "c" };

    a.bh = aio_bh_new(ctx, bh_count, &a);
    b.bh = aio_bh_new(ctx, bh_count, &b);
    c.bh = aio_bh_new(ctx, bh_count, &c);
    qemu_bh_schedule(b.bh);
    qemu_bh_schedule(c.bh);
    qemu_bh_schedule(a.bh);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpstr(trace->str, ==, "b c a ");
    qemu_bh_delete(a.bh);
    qemu_bh_delete(b.bh);
    qemu_bh_delete(c.bh);
    g_string_free(trace, true);
}

static void test_bh_reschedule_self(void)
{
    BHData d = { .max = 3 };

    d.bh = aio_bh_new(ctx, bh_count, &d);
    qemu_bh_schedule(d.bh);
    /* A BH that re-schedules itself runs once per poll, not in a loop. */
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 2);
    drain();
    g_assert_cmpint(d.n, ==, 3);
    qemu_bh_delete(d.bh);
}

static void test_bh_cancel(void)
{
    BHData d = { .max = 1 };

    d.bh = aio_bh_new(ctx, bh_count, &d);
    qemu_bh_schedule(d.bh);
    qemu_bh_cancel(d.bh);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 0);
    /* Can be scheduled again after a cancel. */
    qemu_bh_schedule(d.bh);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
    /* Deleting a scheduled BH means it never runs. */
    qemu_bh_schedule(d.bh);
    qemu_bh_delete(d.bh);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
}

static void bh_delete_self(void *opaque)
{
    BHData *d = opaque;

    d->n++;
    qemu_bh_delete(d->bh);
}

static void test_bh_delete_from_callback(void)
{
    BHData d = { 0 };

    d.bh = aio_bh_new(ctx, bh_delete_self, &d);
    qemu_bh_schedule(d.bh);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
    g_assert_false(aio_poll(ctx, false));
}

static void bh_inc(void *opaque)
{
    (*(int *)opaque)++;
}

static void test_bh_oneshot(void)
{
    int n = 0;

    aio_bh_schedule_oneshot(ctx, bh_inc, &n);
    aio_bh_schedule_oneshot(ctx, bh_inc, &n);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(n, ==, 2);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(n, ==, 2);
}

typedef struct {
    QEMUBH *bh;
    int delay_ms;
} ThreadKick;

static void *schedule_from_thread(void *opaque)
{
    ThreadKick *k = opaque;

    g_usleep(k->delay_ms * 1000);
    qemu_bh_schedule(k->bh);
    return NULL;
}

static void test_bh_from_thread_wakes_poll(void)
{
    BHData d = { .max = 1 };
    ThreadKick k = { .delay_ms = 20 };
    QemuThread t;

    d.bh = k.bh = aio_bh_new(ctx, bh_count, &d);
    qemu_thread_create(&t, "bh-kick", schedule_from_thread, &k,
                       QEMU_THREAD_JOINABLE);
    /* Blocks (no timers, no fds) until the other thread's BH arrives. */
    while (d.n == 0) {
        aio_poll(ctx, true);
    }
    qemu_thread_join(&t);
    g_assert_cmpint(d.n, ==, 1);
    qemu_bh_delete(d.bh);
}

/* Many threads scheduling one-shot BHs while the home thread sleeps. */
#define STRESS_THREADS 4
#define STRESS_BHS 2000

static int stress_count;

static void stress_bh(void *opaque)
{
    stress_count++;     /* home thread only */
}

static void *stress_thread(void *opaque)
{
    int i;

    for (i = 0; i < STRESS_BHS; i++) {
        aio_bh_schedule_oneshot(ctx, stress_bh, NULL);
        if (i % 64 == 0) {
            g_usleep(50);   /* let the home thread go back to sleep */
        }
    }
    return NULL;
}

static void test_bh_stress_threads(void)
{
    QemuThread threads[STRESS_THREADS];
    int i;

    stress_count = 0;
    for (i = 0; i < STRESS_THREADS; i++) {
        qemu_thread_create(&threads[i], "bh-stress", stress_thread, NULL,
                           QEMU_THREAD_JOINABLE);
    }
    /* A lost wakeup would hang here (and the test would time out). */
    while (stress_count < STRESS_THREADS * STRESS_BHS) {
        aio_poll(ctx, true);
    }
    for (i = 0; i < STRESS_THREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(stress_count, ==, STRESS_THREADS * STRESS_BHS);
}

static void test_main_loop_wakeup_from_thread(void)
{
    BHData d = { .max = 1 };
    ThreadKick k = { .delay_ms = 20 };
    QemuThread t;

    /* The main loop sleeps in GLib's poll; the BH must wake it. */
    d.bh = k.bh = qemu_bh_new(bh_count, &d);
    qemu_thread_create(&t, "bh-kick", schedule_from_thread, &k,
                       QEMU_THREAD_JOINABLE);
    while (d.n == 0) {
        main_loop_wait(false);
    }
    qemu_thread_join(&t);
    qemu_bh_delete(d.bh);
}

/* --- fd handlers and event notifiers --- */

typedef struct {
    int fd;
    int reads;
    int writes;
    char last;
} FdData;

static void fd_read_cb(void *opaque)
{
    FdData *d = opaque;
    char c;

    if (read(d->fd, &c, 1) == 1) {
        d->last = c;
        d->reads++;
    }
}

static void fd_write_cb(void *opaque)
{
    FdData *d = opaque;

    d->writes++;
}

static void test_fd_read(void)
{
    int fds[2];
    FdData d = { 0 };

    g_assert_cmpint(pipe(fds), ==, 0);
    d.fd = fds[0];
    aio_set_fd_handler(ctx, fds[0], false, fd_read_cb, NULL, NULL, NULL, &d);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(d.reads, ==, 0);

    g_assert_cmpint(write(fds[1], "x", 1), ==, 1);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.reads, ==, 1);
    g_assert_cmpint(d.last, ==, 'x');

    /* Blocking poll returns once data arrives (already there). */
    g_assert_cmpint(write(fds[1], "y", 1), ==, 1);
    g_assert_true(aio_poll(ctx, true));
    g_assert_cmpint(d.last, ==, 'y');

    /* Removed: data stays unread. */
    aio_set_fd_handler(ctx, fds[0], false, NULL, NULL, NULL, NULL, NULL);
    g_assert_cmpint(write(fds[1], "z", 1), ==, 1);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(d.reads, ==, 2);
    close(fds[0]);
    close(fds[1]);
}

static void test_fd_write_and_replace(void)
{
    int fds[2];
    FdData d = { 0 };

    g_assert_cmpint(pipe(fds), ==, 0);
    d.fd = fds[0];
    aio_set_fd_handler(ctx, fds[1], false, NULL, fd_write_cb, NULL, NULL, &d);
    g_assert_true(aio_poll(ctx, false));        /* an empty pipe is writable */
    g_assert_cmpint(d.writes, ==, 1);
    /* Setting a handler for the same fd replaces the old one. */
    aio_set_fd_handler(ctx, fds[1], false, NULL, NULL, NULL, NULL, NULL);
    aio_set_fd_handler(ctx, fds[0], false, fd_read_cb, NULL, NULL, NULL, &d);
    aio_set_fd_handler(ctx, fds[0], false, fd_read_cb, NULL, NULL, NULL, &d);
    g_assert_cmpint(write(fds[1], "a", 1), ==, 1);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.reads, ==, 1);
    aio_set_fd_handler(ctx, fds[0], false, NULL, NULL, NULL, NULL, NULL);
    close(fds[0]);
    close(fds[1]);
}

static void test_fd_external(void)
{
    int fds[2];
    FdData d = { 0 };

    g_assert_cmpint(pipe(fds), ==, 0);
    d.fd = fds[0];
    aio_set_fd_handler(ctx, fds[0], true, fd_read_cb, NULL, NULL, NULL, &d);
    g_assert_cmpint(write(fds[1], "e", 1), ==, 1);
    aio_disable_external(ctx);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(d.reads, ==, 0);
    aio_enable_external(ctx);
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.reads, ==, 1);
    aio_set_fd_handler(ctx, fds[0], true, NULL, NULL, NULL, NULL, NULL);
    close(fds[0]);
    close(fds[1]);
}

typedef struct {
    EventNotifier e;
    int n;
} NotifierData;

static void notifier_cb(EventNotifier *e)
{
    NotifierData *d = container_of(e, NotifierData, e);

    g_assert_cmpint(event_notifier_test_and_clear(e), ==, 1);
    d->n++;
}

static void test_event_notifier(void)
{
    NotifierData d = { .n = 0 };

    g_assert_cmpint(event_notifier_init(&d.e, false), ==, 0);
    aio_set_event_notifier(ctx, &d.e, false, notifier_cb, NULL, NULL);
    g_assert_false(aio_poll(ctx, false));
    event_notifier_set(&d.e);
    event_notifier_set(&d.e);       /* coalesced */
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.n, ==, 1);
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(event_notifier_test_and_clear(&d.e), ==, 0);
    aio_set_event_notifier(ctx, &d.e, false, NULL, NULL, NULL);
    event_notifier_cleanup(&d.e);

    /* Initialized active: readable at once. */
    g_assert_cmpint(event_notifier_init(&d.e, true), ==, 0);
    g_assert_cmpint(event_notifier_test_and_clear(&d.e), ==, 1);
    event_notifier_cleanup(&d.e);
}

/* --- timers --- */

typedef struct {
    GString *trace;
    const char *tag;
    int n;
} TimerData;

static void timer_cb(void *opaque)
{
    TimerData *d = opaque;

    d->n++;
    g_string_append_printf(d->trace, "%s ", d->tag);
}

static void test_timer_order(void)
{
    GString *trace = g_string_new("");
    TimerData a = { trace, "a" }, b = { trace, "b" }, c = { trace, "c" },
              d = { trace, "d" };
    QEMUTimer ta, tb, tc, td;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

    aio_timer_init(ctx, &ta, QEMU_CLOCK_REALTIME, SCALE_NS, timer_cb, &a);
    aio_timer_init(ctx, &tb, QEMU_CLOCK_REALTIME, SCALE_NS, timer_cb, &b);
    aio_timer_init(ctx, &tc, QEMU_CLOCK_REALTIME, SCALE_NS, timer_cb, &c);
    aio_timer_init(ctx, &td, QEMU_CLOCK_REALTIME, SCALE_NS, timer_cb, &d);
    timer_mod_ns(&ta, now + 6 * SCALE_MS);
    timer_mod_ns(&tb, now + 2 * SCALE_MS);
    timer_mod_ns(&tc, now + 4 * SCALE_MS);
    timer_mod_ns(&td, now + 4 * SCALE_MS);    /* same time as c: after c */
    g_assert_true(timer_pending(&ta));
    g_assert_cmpuint(timer_expire_time_ns(&tb), ==, now + 2 * SCALE_MS);

    while (trace->len < strlen("b c d a ")) {
        aio_poll(ctx, true);
    }
    g_assert_cmpstr(trace->str, ==, "b c d a ");
    g_assert_false(timer_pending(&ta));
    g_assert_cmpuint(timer_expire_time_ns(&ta), ==, UINT64_MAX);
    /* Each fired exactly once. */
    g_assert_cmpint(a.n + b.n + c.n + d.n, ==, 4);
    timer_deinit(&ta);
    timer_deinit(&tb);
    timer_deinit(&tc);
    timer_deinit(&td);
    g_string_free(trace, true);
}

static void test_timer_blocking_wait(void)
{
    GString *trace = g_string_new("");
    TimerData a = { trace, "a" };
    QEMUTimer *t = aio_timer_new(ctx, QEMU_CLOCK_REALTIME, SCALE_MS,
                                 timer_cb, &a);
    int64_t start = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 15);
    /* One blocking poll sleeps until the timer is due, then runs it. */
    while (!a.n) {
        aio_poll(ctx, true);
    }
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - start, >=,
                    14 * SCALE_MS);
    g_assert_cmpint(a.n, ==, 1);
    timer_free(t);
    g_string_free(trace, true);
}

static void test_timer_del_and_rearm(void)
{
    GString *trace = g_string_new("");
    TimerData a = { trace, "a" };
    QEMUTimer *t = aio_timer_new(ctx, QEMU_CLOCK_REALTIME, SCALE_NS,
                                 timer_cb, &a);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

    timer_mod_ns(t, now - 1);         /* already due */
    timer_del(t);
    g_assert_false(timer_pending(t));
    g_assert_false(aio_poll(ctx, false));
    g_assert_cmpint(a.n, ==, 0);

    timer_mod_ns(t, now + 3600 * NANOSECONDS_PER_SECOND);
    timer_mod_anticipate_ns(t, now + 7200 * NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(timer_expire_time_ns(t), ==,
                     now + 3600 * NANOSECONDS_PER_SECOND);  /* not later */
    timer_mod_anticipate_ns(t, now - 1);                    /* earlier: yes */
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(a.n, ==, 1);
    timer_free(t);
    g_string_free(trace, true);
}

static void test_deadline_all(void)
{
    GString *trace = g_string_new("");
    TimerData a = { trace, "a" };
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    QEMUTimer *plain = timer_new_ns(QEMU_CLOCK_VIRTUAL, timer_cb, &a);
    QEMUTimer *ext = aio_timer_new_with_attrs(ctx, QEMU_CLOCK_VIRTUAL,
                                              SCALE_NS,
                                              QEMU_TIMER_ATTR_EXTERNAL,
                                              timer_cb, &a);
    int64_t d;

    g_assert_cmpint(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL,
                                               QEMU_TIMER_ATTR_ALL), ==, -1);
    timer_mod_ns(ext, now + 1000 * SCALE_MS);
    timer_mod_ns(plain, now + 2000 * SCALE_MS);
    /* Everything: the external one is first. */
    d = qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, QEMU_TIMER_ATTR_ALL);
    g_assert_cmpint(d, <=, 1000 * SCALE_MS);
    g_assert_cmpint(d, >, 500 * SCALE_MS);
    /* Without external timers: only the plain one counts. */
    d = qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL, 0);
    g_assert_cmpint(d, <=, 2000 * SCALE_MS);
    g_assert_cmpint(d, >, 1500 * SCALE_MS);
    g_assert_true(qemu_clock_has_timers(QEMU_CLOCK_VIRTUAL));
    g_assert_false(qemu_clock_expired(QEMU_CLOCK_VIRTUAL));
    timer_free(plain);
    timer_free(ext);
    g_assert_false(qemu_clock_has_timers(QEMU_CLOCK_VIRTUAL));
    g_assert_cmpint(a.n, ==, 0);
    g_string_free(trace, true);
}

static void test_clock_values(void)
{
    int64_t r1 = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
    int64_t v1 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t h = qemu_clock_get_ns(QEMU_CLOCK_HOST);
    int64_t v2;

    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_REALTIME), >=, r1);
    g_assert_cmpint(v1, >=, 0);
    /* The host clock is the wall clock. */
    g_assert_cmpint(llabs(h / NANOSECONDS_PER_SECOND - (int64_t)time(NULL)),
                    <=, 1);
    /* The virtual clock stands still while ticks are disabled. */
    cpu_disable_ticks();
    v1 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(2000);
    v2 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(v1, ==, v2);
    cpu_enable_ticks();
    g_usleep(2000);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), >=,
                    v2 + 2 * SCALE_MS);
    g_assert_cmpint(qemu_timeout_ns_to_ms(-1), ==, -1);
    g_assert_cmpint(qemu_timeout_ns_to_ms(0), ==, 0);
    g_assert_cmpint(qemu_timeout_ns_to_ms(1), ==, 1);
    g_assert_cmpint(qemu_timeout_ns_to_ms(2 * SCALE_MS), ==, 2);
    g_assert_cmpint(qemu_soonest_timeout(-1, 5), ==, 5);
    g_assert_cmpint(qemu_soonest_timeout(7, 5), ==, 5);
}

/* --- coroutines in a context --- */

typedef struct {
    bool done;
    int step;
    AioContext *seen_ctx;
    AioContext *other;
} CoData;

static void coroutine_fn co_yield_then_finish(void *opaque)
{
    CoData *d = opaque;

    d->step = 1;
    qemu_coroutine_yield();
    d->seen_ctx = qemu_get_current_aio_context();
    d->step = 2;
    d->done = true;
}

static void test_co_schedule(void)
{
    CoData d = { 0 };
    Coroutine *co = qemu_coroutine_create(co_yield_then_finish, &d);

    aio_co_schedule(ctx, co);
    g_assert_cmpint(d.step, ==, 0);       /* runs from a BH, not now */
    g_assert_true(aio_poll(ctx, false));
    g_assert_cmpint(d.step, ==, 1);
    g_assert_true(qemu_coroutine_get_aio_context(co) == ctx);
    aio_co_wake(co);                      /* same context: entered now */
    g_assert_cmpint(d.step, ==, 2);
    g_assert_true(d.seen_ctx == ctx);
}

static void *wake_from_thread(void *opaque)
{
    Coroutine *co = opaque;

    g_usleep(10000);
    aio_co_wake(co);        /* another thread: scheduled into its context */
    return NULL;
}

static void test_co_wake_from_thread(void)
{
    CoData d = { 0 };
    Coroutine *co = qemu_coroutine_create(co_yield_then_finish, &d);
    QemuThread t;

    qemu_coroutine_enter(co);
    g_assert_cmpint(d.step, ==, 1);
    qemu_thread_create(&t, "waker", wake_from_thread, co, QEMU_THREAD_JOINABLE);
    AIO_WAIT_WHILE(ctx, !d.done);
    qemu_thread_join(&t);
    g_assert_cmpint(d.step, ==, 2);
}

static void coroutine_fn co_sleeper(void *opaque)
{
    CoData *d = opaque;

    qemu_co_sleep_ns(QEMU_CLOCK_REALTIME, 10 * SCALE_MS);
    d->done = true;
}

static void test_co_sleep(void)
{
    CoData d = { 0 };
    int64_t start = qemu_clock_get_ns(QEMU_CLOCK_REALTIME);

    qemu_coroutine_enter(qemu_coroutine_create(co_sleeper, &d));
    g_assert_false(d.done);
    AIO_WAIT_WHILE(ctx, !d.done);
    g_assert_cmpint(qemu_clock_get_ns(QEMU_CLOCK_REALTIME) - start, >=,
                    10 * SCALE_MS);
}

typedef struct {
    QemuCoSleep w;
    bool done;
} WakeableData;

static void coroutine_fn co_long_sleeper(void *opaque)
{
    WakeableData *d = opaque;

    qemu_co_sleep_ns_wakeable(&d->w, QEMU_CLOCK_REALTIME,
                              3600 * NANOSECONDS_PER_SECOND);
    d->done = true;
}

static void test_co_sleep_wake(void)
{
    WakeableData d = { .done = false };

    qemu_coroutine_enter(qemu_coroutine_create(co_long_sleeper, &d));
    g_assert_false(d.done);
    qemu_co_sleep_wake(&d.w);             /* cut short */
    g_assert_true(d.done);
    g_assert_false(aio_poll(ctx, false)); /* its timer is gone */
}

/* --- coroutine socket I/O --- */

typedef struct {
    int fd;
    unsigned char *buf;
    size_t len;
    ssize_t ret;
    bool done;
} SockCo;

static void coroutine_fn co_sender(void *opaque)
{
    SockCo *c = opaque;

    c->ret = qemu_co_send(c->fd, c->buf, c->len);
    c->done = true;
    aio_wait_kick();
}

static void coroutine_fn co_receiver(void *opaque)
{
    SockCo *c = opaque;
    struct iovec iov[2] = {
        { c->buf, 1000 },
        { c->buf + 1000, c->len - 1000 },
    };

    c->ret = qemu_co_recvv(c->fd, iov, 2, 0, c->len);
    c->done = true;
    aio_wait_kick();
}

static void test_co_socket_io(void)
{
    const size_t len = 4 * 1024 * 1024;     /* more than socket buffers */
    g_autofree unsigned char *out = g_malloc(len);
    g_autofree unsigned char *in = g_malloc0(len);
    SockCo tx = { .buf = out, .len = len }, rx = { .buf = in, .len = len };
    int sv[2];
    size_t i;

    for (i = 0; i < len; i++) {
        out[i] = (unsigned char)(i * 13 + (i >> 12));
    }
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
                    ==, 0);
    tx.fd = sv[0];
    rx.fd = sv[1];
    qemu_coroutine_enter(qemu_coroutine_create(co_sender, &tx));
    g_assert_false(tx.done);                /* the socket filled up */
    qemu_coroutine_enter(qemu_coroutine_create(co_receiver, &rx));
    AIO_WAIT_WHILE(ctx, !tx.done || !rx.done);
    g_assert_cmpint(tx.ret, ==, len);
    g_assert_cmpint(rx.ret, ==, len);
    g_assert_cmpmem(in, len, out, len);

    /* End of file: a short count. */
    close(sv[0]);
    rx.done = false;
    rx.len = 2000;
    qemu_coroutine_enter(qemu_coroutine_create(co_receiver, &rx));
    AIO_WAIT_WHILE(ctx, !rx.done);
    g_assert_cmpint(rx.ret, ==, 0);
    close(sv[1]);

    /* An error before any byte: -errno. */
    tx.fd = -1;
    tx.done = false;
    qemu_coroutine_enter(qemu_coroutine_create(co_sender, &tx));
    g_assert_true(tx.done);
    g_assert_cmpint(tx.ret, ==, -EBADF);
}

/* --- nested polling and AIO_WAIT_WHILE --- */

typedef struct {
    bool second_ran;
    bool first_done;
} NestedData;

static void second_bh(void *opaque)
{
    NestedData *d = opaque;

    d->second_ran = true;
}

static void first_bh(void *opaque)
{
    NestedData *d = opaque;

    /* The second BH was scheduled before this one ran: a nested wait must
     * still be able to run it. */
    AIO_WAIT_WHILE(ctx, !d->second_ran);
    d->first_done = true;
}

static void test_nested_poll(void)
{
    NestedData d = { 0 };

    aio_bh_schedule_oneshot(ctx, first_bh, &d);
    aio_bh_schedule_oneshot(ctx, second_bh, &d);
    g_assert_true(aio_poll(ctx, false));
    g_assert_true(d.first_done);
    g_assert_true(d.second_ran);
    g_assert_false(aio_poll(ctx, false));
}

/* A synchronous wrapper around a coroutine, as bdrv_pread will be. */
typedef struct {
    int in;
    int out;
    bool done;
} SyncCall;

static void coroutine_fn sync_call_entry(void *opaque)
{
    SyncCall *c = opaque;

    qemu_co_sleep_ns(QEMU_CLOCK_REALTIME, 1 * SCALE_MS);
    c->out = c->in * 2;
    c->done = true;
    aio_wait_kick();
}

static int sync_double(int x)
{
    SyncCall c = { .in = x };

    if (qemu_in_coroutine()) {
        sync_call_entry(&c);
    } else {
        Coroutine *co = qemu_coroutine_create(sync_call_entry, &c);

        aio_co_enter(ctx, co);
        AIO_WAIT_WHILE(ctx, !c.done);
    }
    return c.out;
}

static void coroutine_fn caller_in_coroutine(void *opaque)
{
    *(int *)opaque = sync_double(21);
}

static void test_sync_wrapper(void)
{
    int r = 0;

    aio_context_acquire(ctx);
    g_assert_cmpint(sync_double(5), ==, 10);
    qemu_coroutine_enter(qemu_coroutine_create(caller_in_coroutine, &r));
    AIO_WAIT_WHILE(ctx, r == 0);
    g_assert_cmpint(r, ==, 42);
    aio_context_release(ctx);
}

/* --- an IOThread-like second context in its own thread --- */

typedef struct {
    AioContext *ctx;
    QemuThread thread;
    bool stopping;
    QemuEvent started;
} TestIOThread;

static void iothread_stop_bh(void *opaque)
{
    TestIOThread *io = opaque;

    io->stopping = true;
}

static void *iothread_run(void *opaque)
{
    TestIOThread *io = opaque;

    qemu_set_current_aio_context(io->ctx);
    qemu_event_set(&io->started);
    while (!io->stopping) {
        aio_poll(io->ctx, true);
    }
    return NULL;
}

static void iothread_start(TestIOThread *io)
{
    io->ctx = aio_context_new(&error_abort);
    io->stopping = false;
    qemu_event_init(&io->started, false);
    qemu_thread_create(&io->thread, "iothread", iothread_run, io,
                       QEMU_THREAD_JOINABLE);
    qemu_event_wait(&io->started);
}

static void iothread_stop(TestIOThread *io)
{
    aio_bh_schedule_oneshot(io->ctx, iothread_stop_bh, io);
    qemu_thread_join(&io->thread);
    qemu_event_destroy(&io->started);
    aio_context_unref(io->ctx);
}

typedef struct {
    AioContext *home;
    AioContext *other;
    AioContext *seen[3];
    bool done;
} HopData;

static void coroutine_fn hopper(void *opaque)
{
    HopData *d = opaque;

    d->seen[0] = qemu_get_current_aio_context();
    aio_co_reschedule_self(d->other);
    d->seen[1] = qemu_get_current_aio_context();
    aio_co_reschedule_self(d->home);
    d->seen[2] = qemu_get_current_aio_context();
    d->done = true;
}

static void test_co_reschedule_between_threads(void)
{
    TestIOThread io;
    HopData d = { .home = ctx };

    iothread_start(&io);
    d.other = io.ctx;
    qemu_coroutine_enter(qemu_coroutine_create(hopper, &d));
    AIO_WAIT_WHILE(ctx, !d.done);
    g_assert_true(d.seen[0] == ctx);
    g_assert_true(d.seen[1] == io.ctx);
    g_assert_true(d.seen[2] == ctx);
    iothread_stop(&io);
}

typedef struct {
    CoMutex mutex;
    int counter;
    int inside;
    int running;
} SharedMutex;

static void coroutine_fn mutex_hammer(void *opaque)
{
    SharedMutex *s = opaque;
    int i;

    for (i = 0; i < 200; i++) {
        qemu_co_mutex_lock(&s->mutex);
        g_assert_cmpint(qatomic_fetch_inc(&s->inside), ==, 0);
        s->counter++;
        if (i % 7 == 0) {
            /* Yield while holding it: others must queue. */
            aio_co_schedule(qemu_get_current_aio_context(),
                            qemu_coroutine_self());
            qemu_coroutine_yield();
        }
        qatomic_dec(&s->inside);
        qemu_co_mutex_unlock(&s->mutex);
    }
    qatomic_dec(&s->running);
    aio_wait_kick();
}

static void test_co_mutex_across_threads(void)
{
    TestIOThread io;
    SharedMutex s = { .counter = 0 };
    int i;

    qemu_co_mutex_init(&s.mutex);
    iothread_start(&io);
    s.running = 8;
    for (i = 0; i < 4; i++) {
        aio_co_schedule(ctx, qemu_coroutine_create(mutex_hammer, &s));
        aio_co_schedule(io.ctx, qemu_coroutine_create(mutex_hammer, &s));
    }
    AIO_WAIT_WHILE(ctx, qatomic_read(&s.running) > 0);
    g_assert_cmpint(s.counter, ==, 8 * 200);
    g_assert_false(s.mutex.locked);
    iothread_stop(&io);
}

static void test_aio_wait_bh_oneshot(void)
{
    TestIOThread io;
    int n = 0;

    iothread_start(&io);
    aio_context_acquire(io.ctx);
    aio_wait_bh_oneshot(io.ctx, bh_inc, &n);
    aio_context_release(io.ctx);
    g_assert_cmpint(n, ==, 1);
    iothread_stop(&io);
}

/* --- GSource and main loop --- */

static void test_gsource(void)
{
    GMainContext *gctx = g_main_context_new();
    AioContext *other = aio_context_new(&error_abort);
    GSource *src = aio_get_g_source(other);
    int n = 0;

    g_source_attach(src, gctx);
    g_source_unref(src);
    aio_bh_schedule_oneshot(other, bh_inc, &n);
    while (n == 0) {
        g_main_context_iteration(gctx, true);
    }
    g_assert_cmpint(n, ==, 1);
    g_source_destroy(src);
    aio_context_unref(other);
    g_main_context_unref(gctx);
}

static void main_timer_cb(void *opaque)
{
    (*(int *)opaque)++;
}

static void test_main_loop(void)
{
    int fds[2];
    FdData d = { 0 };
    int ticks = 0, bhs = 0;
    QEMUTimer *t;
    QEMUBH *bh;

    g_assert_true(qemu_get_current_aio_context() == qemu_get_aio_context());
    g_assert_true(iohandler_get_aio_context() != qemu_get_aio_context());

    /* qemu_set_fd_handler: run by main_loop_wait, not by block polling. */
    drain();    /* e.g. kicks left over by earlier AIO_WAIT_WHILE users */
    g_assert_cmpint(pipe(fds), ==, 0);
    d.fd = fds[0];
    qemu_set_fd_handler(fds[0], fd_read_cb, NULL, &d);
    g_assert_cmpint(write(fds[1], "m", 1), ==, 1);
    g_assert_false(aio_poll(qemu_get_aio_context(), false));
    g_assert_cmpint(d.reads, ==, 0);
    main_loop_wait(false);
    g_assert_cmpint(d.reads, ==, 1);
    qemu_set_fd_handler(fds[0], NULL, NULL, NULL);

    /* Main loop timers and BHs. */
    t = timer_new_ms(QEMU_CLOCK_REALTIME, main_timer_cb, &ticks);
    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 5);
    while (ticks == 0) {
        main_loop_wait(false);
    }
    g_assert_cmpint(ticks, ==, 1);
    timer_free(t);

    bh = qemu_bh_new(bh_inc, &bhs);
    qemu_bh_schedule(bh);
    main_loop_wait(false);
    g_assert_cmpint(bhs, ==, 1);
    qemu_bh_delete(bh);
    main_loop_wait(true);   /* nothing to do: returns at once */

    close(fds[0]);
    close(fds[1]);
}

static void test_iothread_lock(void)
{
    g_assert_false(qemu_mutex_iothread_locked());
    qemu_mutex_lock_iothread();
    g_assert_true(qemu_mutex_iothread_locked());
    {
        QEMU_IOTHREAD_LOCK_GUARD();     /* already held: no-op */
        g_assert_true(qemu_mutex_iothread_locked());
    }
    g_assert_true(qemu_mutex_iothread_locked());
    /* main_loop_wait drops it while sleeping and takes it back. */
    main_loop_wait(true);
    g_assert_true(qemu_mutex_iothread_locked());
    qemu_mutex_unlock_iothread();
    g_assert_false(qemu_mutex_iothread_locked());
    {
        QEMU_IOTHREAD_LOCK_GUARD();
        g_assert_true(qemu_mutex_iothread_locked());
    }
    g_assert_false(qemu_mutex_iothread_locked());
}

static void test_bad_thread_pool_params(void)
{
    Error *err = NULL;

    aio_context_set_thread_pool_params(ctx, 5, 2, &err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "bad thread pool values: min 5, max 2 "
                    "(need 0 <= min <= max, 0 < max)");
    error_free(err);
}

/* Every test starts from an idle context (earlier tests may leave kicks). */
static void run_drained(gconstpointer fn)
{
    drain();
    ((void (*)(void))fn)();
}

static void add_test(const char *path, void (*fn)(void))
{
    g_test_add_data_func(path, (gconstpointer)fn, run_drained);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    ctx = qemu_get_aio_context();

    add_test("/aio/bh/schedule", test_bh_schedule);
    add_test("/aio/bh/order", test_bh_order);
    add_test("/aio/bh/reschedule-self", test_bh_reschedule_self);
    add_test("/aio/bh/cancel-delete", test_bh_cancel);
    add_test("/aio/bh/delete-from-callback", test_bh_delete_from_callback);
    add_test("/aio/bh/oneshot", test_bh_oneshot);
    add_test("/aio/bh/from-thread", test_bh_from_thread_wakes_poll);
    add_test("/aio/bh/stress-threads", test_bh_stress_threads);
    add_test("/aio/bh/main-loop-wakeup", test_main_loop_wakeup_from_thread);
    add_test("/aio/fd/read", test_fd_read);
    add_test("/aio/fd/write-replace", test_fd_write_and_replace);
    add_test("/aio/fd/external", test_fd_external);
    add_test("/aio/event-notifier", test_event_notifier);
    add_test("/aio/timer/order", test_timer_order);
    add_test("/aio/timer/blocking-wait", test_timer_blocking_wait);
    add_test("/aio/timer/del-rearm", test_timer_del_and_rearm);
    add_test("/aio/timer/clocks", test_clock_values);
    add_test("/aio/timer/deadline-all", test_deadline_all);
    add_test("/aio/co/schedule", test_co_schedule);
    add_test("/aio/co/wake-from-thread", test_co_wake_from_thread);
    add_test("/aio/co/sleep", test_co_sleep);
    add_test("/aio/co/sleep-wake", test_co_sleep_wake);
    add_test("/aio/co/socket-io", test_co_socket_io);
    add_test("/aio/nested-poll", test_nested_poll);
    add_test("/aio/sync-wrapper", test_sync_wrapper);
    add_test("/aio/iothread/co-reschedule", test_co_reschedule_between_threads);
    add_test("/aio/iothread/co-mutex", test_co_mutex_across_threads);
    add_test("/aio/iothread/wait-bh-oneshot", test_aio_wait_bh_oneshot);
    add_test("/aio/gsource", test_gsource);
    add_test("/aio/main-loop", test_main_loop);
    add_test("/aio/iothread-lock", test_iothread_lock);
    add_test("/aio/bad-thread-pool-params", test_bad_thread_pool_params);
    return g_test_run();
}
