/*
 * Unit tests for coroutines: enter/yield, nesting, the stack pool, many
 * coroutines, CoMutex, CoQueue, CoRwlock, misuse detection.
 *
 * No AioContext exists here: wakeups from coroutine context are queued on
 * the waker and run when it yields, outside they enter directly.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine.h"
#include "qemu/lockable.h"

/* --- basics --- */

static void coroutine_fn set_and_yield(void *opaque)
{
    int *step = opaque;

    g_assert_true(qemu_in_coroutine());
    *step = 1;
    qemu_coroutine_yield();
    *step = 2;
    qemu_coroutine_yield();
    *step = 3;
}

static void test_enter_yield(void)
{
    int step = 0;
    Coroutine *co = qemu_coroutine_create(set_and_yield, &step);

    g_assert_false(qemu_in_coroutine());
    g_assert_cmpint(step, ==, 0);          /* creating does not run it */
    qemu_coroutine_enter(co);
    g_assert_cmpint(step, ==, 1);
    g_assert_false(qemu_coroutine_entered(co));
    qemu_coroutine_enter(co);
    g_assert_cmpint(step, ==, 2);
    qemu_coroutine_enter(co);              /* runs to the end */
    g_assert_cmpint(step, ==, 3);
    g_assert_false(qemu_in_coroutine());
}

static void coroutine_fn record_self(void *opaque)
{
    Coroutine **self = opaque;

    *self = qemu_coroutine_self();
    g_assert_true(qemu_coroutine_entered(*self));
}

static void test_self(void)
{
    Coroutine *seen = NULL;
    Coroutine *co = qemu_coroutine_create(record_self, &seen);

    qemu_coroutine_enter(co);
    g_assert_true(seen == co);
    /* Outside coroutines, self is the thread's own "leader". */
    g_assert_nonnull(qemu_coroutine_self());
    g_assert_true(qemu_coroutine_self() != co);
}

/* --- nesting --- */

typedef struct {
    int depth;
    int max;
    GString *trace;
} NestData;

static void coroutine_fn nest(void *opaque)
{
    NestData *d = opaque;
    int my_depth = ++d->depth;

    g_string_append_printf(d->trace, "in%d ", my_depth);
    if (d->depth < d->max) {
        Coroutine *child = qemu_coroutine_create(nest, d);

        qemu_coroutine_enter(child);
    }
    g_string_append_printf(d->trace, "out%d ", my_depth);
}

static void test_nesting(void)
{
    NestData d = { .max = 5, .trace = g_string_new("") };

    qemu_coroutine_enter(qemu_coroutine_create(nest, &d));
    g_assert_cmpstr(d.trace->str, ==,
                    "in1 in2 in3 in4 in5 out5 out4 out3 out2 out1 ");
    g_string_free(d.trace, true);
}

/* A nested coroutine's yield goes back to its parent coroutine. */
static void coroutine_fn child_yields(void *opaque)
{
    GString *trace = opaque;

    g_string_append(trace, "c1 ");
    qemu_coroutine_yield();
    g_string_append(trace, "c2 ");
}

static void coroutine_fn parent_of_yielder(void *opaque)
{
    GString *trace = opaque;
    Coroutine *child = qemu_coroutine_create(child_yields, trace);

    g_string_append(trace, "p1 ");
    qemu_coroutine_enter(child);
    g_string_append(trace, "p2 ");
    qemu_coroutine_yield();
    g_string_append(trace, "p3 ");
    qemu_coroutine_enter(child);
    g_string_append(trace, "p4 ");
}

static void test_nested_yield(void)
{
    GString *trace = g_string_new("");
    Coroutine *co = qemu_coroutine_create(parent_of_yielder, trace);

    qemu_coroutine_enter(co);
    g_string_append(trace, "m1 ");
    qemu_coroutine_enter(co);
    g_assert_cmpstr(trace->str, ==, "p1 c1 p2 m1 p3 c2 p4 ");
    g_string_free(trace, true);
}

/* --- deep stack use works (1 MiB stacks) --- */

static int coroutine_fn recurse(int n)
{
    volatile char pad[256];

    pad[0] = (char)n;
    if (n == 0) {
        return pad[0];
    }
    return recurse(n - 1) + 1 + pad[0] - (char)n;
}

static void coroutine_fn deep(void *opaque)
{
    *(int *)opaque = recurse(1000);
}

static void test_deep_stack(void)
{
    int result = 0;

    qemu_coroutine_enter(qemu_coroutine_create(deep, &result));
    g_assert_cmpint(result, ==, 1000);
}

/* --- the pool --- */

static void coroutine_fn noop(void *opaque)
{
    if (opaque) {
        (*(int *)opaque)++;
    }
}

static void test_pool_reuse(void)
{
    Coroutine *first, *second;
    unsigned int before;

    /* Make sure the pool has something, then see it reused. */
    qemu_coroutine_enter(qemu_coroutine_create(noop, NULL));
    before = qemu_coroutine_pool_size();
    g_assert_cmpuint(before, >=, 1);

    first = qemu_coroutine_create(noop, NULL);
    g_assert_cmpuint(qemu_coroutine_pool_size(), ==, before - 1);
    qemu_coroutine_enter(first);
    g_assert_cmpuint(qemu_coroutine_pool_size(), ==, before);
    second = qemu_coroutine_create(noop, NULL);
    g_assert_true(first == second);       /* the same coroutine came back */
    qemu_coroutine_enter(second);
}

static void test_many_sequential(void)
{
    int count = 0;
    int i;

    for (i = 0; i < 10000; i++) {
        qemu_coroutine_enter(qemu_coroutine_create(noop, &count));
    }
    g_assert_cmpint(count, ==, 10000);
    /* All went back to the pool, which stays bounded. */
    g_assert_cmpuint(qemu_coroutine_pool_size(), <=, 64);
}

static void coroutine_fn yield_once(void *opaque)
{
    int *count = opaque;

    qemu_coroutine_yield();
    (*count)++;
}

static void test_many_alive(void)
{
    enum { N = 2000 };
    Coroutine **cos = g_new(Coroutine *, N);
    int count = 0;
    int i;

    /* All suspended at the same time: each needs its own stack. */
    for (i = 0; i < N; i++) {
        cos[i] = qemu_coroutine_create(yield_once, &count);
        qemu_coroutine_enter(cos[i]);
    }
    g_assert_cmpint(count, ==, 0);
    for (i = 0; i < N; i++) {
        qemu_coroutine_enter(cos[i]);
    }
    g_assert_cmpint(count, ==, N);
    g_free(cos);
}

/* --- CoMutex --- */

typedef struct {
    CoMutex mutex;
    GString *trace;
    int inside;
} MutexTest;

typedef struct {
    MutexTest *t;
    int id;
} MutexArg;

static void coroutine_fn mutex_user(void *opaque)
{
    MutexArg *a = opaque;

    qemu_co_mutex_lock(&a->t->mutex);
    g_assert_cmpint(a->t->inside, ==, 0);   /* mutual exclusion */
    a->t->inside++;
    qemu_co_mutex_assert_locked(&a->t->mutex);
    g_string_append_printf(a->t->trace, "L%d ", a->id);
    qemu_coroutine_yield();                 /* hold it across a yield */
    a->t->inside--;
    g_string_append_printf(a->t->trace, "U%d ", a->id);
    qemu_co_mutex_unlock(&a->t->mutex);
}

static void test_co_mutex_fairness(void)
{
    MutexTest t = { .trace = g_string_new("") };
    MutexArg args[4];
    Coroutine *cos[4];
    int i;

    qemu_co_mutex_init(&t.mutex);
    for (i = 0; i < 4; i++) {
        args[i] = (MutexArg) { &t, i };
        cos[i] = qemu_coroutine_create(mutex_user, &args[i]);
    }
    /* 0 takes the lock; 3, 1, 2 queue in that order. */
    qemu_coroutine_enter(cos[0]);
    qemu_coroutine_enter(cos[3]);
    qemu_coroutine_enter(cos[1]);
    qemu_coroutine_enter(cos[2]);
    g_assert_cmpstr(t.trace->str, ==, "L0 ");

    /* Releasing hands the lock to the first waiter (3), who then yields. */
    qemu_coroutine_enter(cos[0]);
    g_assert_cmpstr(t.trace->str, ==, "L0 U0 L3 ");
    qemu_coroutine_enter(cos[3]);
    qemu_coroutine_enter(cos[1]);
    qemu_coroutine_enter(cos[2]);
    g_assert_cmpstr(t.trace->str, ==, "L0 U0 L3 U3 L1 U1 L2 U2 ");
    g_assert_false(t.mutex.locked);
    g_string_free(t.trace, true);
}

static void coroutine_fn guard_user(void *opaque)
{
    MutexTest *t = opaque;

    WITH_QEMU_LOCK_GUARD(&t->mutex) {
        t->inside++;
        qemu_coroutine_yield();
    }
    t->inside--;
}

static void test_co_mutex_guard(void)
{
    MutexTest t = { .trace = NULL };
    Coroutine *a = qemu_coroutine_create(guard_user, &t);
    Coroutine *b = qemu_coroutine_create(guard_user, &t);

    qemu_co_mutex_init(&t.mutex);
    qemu_coroutine_enter(a);
    qemu_coroutine_enter(b);            /* waits for the mutex */
    g_assert_cmpint(t.inside, ==, 1);
    qemu_coroutine_enter(a);            /* a unlocks: b gets it and yields */
    g_assert_cmpint(t.inside, ==, 1);
    g_assert_true(t.mutex.locked);
    qemu_coroutine_enter(b);
    g_assert_cmpint(t.inside, ==, 0);
    g_assert_false(t.mutex.locked);
}

/* --- CoQueue --- */

typedef struct {
    CoQueue queue;
    GString *trace;
} QueueTest;

typedef struct {
    QueueTest *t;
    int id;
} QueueArg;

static void coroutine_fn queue_waiter(void *opaque)
{
    QueueArg *a = opaque;

    g_string_append_printf(a->t->trace, "w%d ", a->id);
    qemu_co_queue_wait(&a->t->queue, NULL);
    g_string_append_printf(a->t->trace, "r%d ", a->id);
}

static void coroutine_fn queue_kicker(void *opaque)
{
    QueueTest *t = opaque;

    g_assert_true(qemu_co_queue_next(&t->queue));
    g_string_append(t->trace, "k1 ");   /* woken one runs after we yield */
    qemu_coroutine_yield();
    qemu_co_queue_restart_all(&t->queue);
    g_string_append(t->trace, "k2 ");
    g_assert_false(qemu_co_queue_next(&t->queue));
}

static void test_co_queue(void)
{
    QueueTest t = { .trace = g_string_new("") };
    QueueArg args[3];
    Coroutine *kicker;
    int i;

    qemu_co_queue_init(&t.queue);
    g_assert_true(qemu_co_queue_empty(&t.queue));
    for (i = 0; i < 3; i++) {
        args[i] = (QueueArg) { &t, i };
        qemu_coroutine_enter(qemu_coroutine_create(queue_waiter, &args[i]));
    }
    g_assert_false(qemu_co_queue_empty(&t.queue));
    kicker = qemu_coroutine_create(queue_kicker, &t);
    qemu_coroutine_enter(kicker);
    qemu_coroutine_enter(kicker);
    g_assert_cmpstr(t.trace->str, ==, "w0 w1 w2 k1 r0 k2 r1 r2 ");
    g_assert_true(qemu_co_queue_empty(&t.queue));
    g_string_free(t.trace, true);
}

static void test_co_enter_next(void)
{
    QueueTest t = { .trace = g_string_new("") };
    QueueArg args[2];
    int i;

    qemu_co_queue_init(&t.queue);
    for (i = 0; i < 2; i++) {
        args[i] = (QueueArg) { &t, i };
        qemu_coroutine_enter(qemu_coroutine_create(queue_waiter, &args[i]));
    }
    /* From outside any coroutine, waiters are entered right away. */
    g_assert_true(qemu_co_enter_next(&t.queue, NULL));
    g_assert_cmpstr(t.trace->str, ==, "w0 w1 r0 ");
    qemu_co_enter_all(&t.queue, NULL);
    g_assert_cmpstr(t.trace->str, ==, "w0 w1 r0 r1 ");
    g_assert_false(qemu_co_enter_next(&t.queue, NULL));
    g_string_free(t.trace, true);
}

/* --- CoRwlock --- */

typedef struct {
    CoRwlock lock;
    int readers;
    int writers;
    int max_readers;
    GString *trace;
} RwTest;

typedef struct {
    RwTest *t;
    char kind;      /* 'r' or 'w' */
    int id;
} RwArg;

static void coroutine_fn rw_user(void *opaque)
{
    RwArg *a = opaque;
    RwTest *t = a->t;

    if (a->kind == 'r') {
        qemu_co_rwlock_rdlock(&t->lock);
        g_assert_cmpint(t->writers, ==, 0);
        t->readers++;
        t->max_readers = MAX(t->max_readers, t->readers);
    } else {
        qemu_co_rwlock_wrlock(&t->lock);
        g_assert_cmpint(t->writers, ==, 0);
        g_assert_cmpint(t->readers, ==, 0);
        t->writers++;
    }
    g_string_append_printf(t->trace, "%c%d+ ", a->kind, a->id);
    qemu_coroutine_yield();
    g_string_append_printf(t->trace, "%c%d- ", a->kind, a->id);
    if (a->kind == 'r') {
        t->readers--;
    } else {
        t->writers--;
    }
    qemu_co_rwlock_unlock(&t->lock);
}

static void test_co_rwlock(void)
{
    RwTest t = { .trace = g_string_new("") };
    RwArg args[] = { { &t, 'r', 0 }, { &t, 'r', 1 }, { &t, 'w', 2 },
                     { &t, 'r', 3 } };
    Coroutine *cos[4];
    int i;

    qemu_co_rwlock_init(&t.lock);
    for (i = 0; i < 4; i++) {
        cos[i] = qemu_coroutine_create(rw_user, &args[i]);
        qemu_coroutine_enter(cos[i]);
    }
    /* Two readers share it; the writer waits; reader 3 waits behind it. */
    g_assert_cmpstr(t.trace->str, ==, "r0+ r1+ ");
    g_assert_cmpint(t.max_readers, ==, 2);
    qemu_coroutine_enter(cos[0]);
    qemu_coroutine_enter(cos[1]);       /* last reader out: writer in */
    g_assert_cmpstr(t.trace->str, ==, "r0+ r1+ r0- r1- w2+ ");
    qemu_coroutine_enter(cos[2]);       /* writer out: reader 3 in */
    g_assert_cmpstr(t.trace->str, ==, "r0+ r1+ r0- r1- w2+ w2- r3+ ");
    qemu_coroutine_enter(cos[3]);
    g_assert_cmpint(t.readers + t.writers, ==, 0);
    g_string_free(t.trace, true);
}

static void coroutine_fn upgrade_user(void *opaque)
{
    RwTest *t = opaque;

    qemu_co_rwlock_rdlock(&t->lock);
    qemu_co_rwlock_upgrade(&t->lock);
    g_string_append(t->trace, "W ");
    qemu_coroutine_yield();
    qemu_co_rwlock_downgrade(&t->lock);
    g_string_append(t->trace, "R ");
    qemu_coroutine_yield();
    qemu_co_rwlock_unlock(&t->lock);
    g_string_append(t->trace, "U ");
}

static void coroutine_fn plain_reader(void *opaque)
{
    RwTest *t = opaque;

    qemu_co_rwlock_rdlock(&t->lock);
    g_string_append(t->trace, "r ");
    qemu_co_rwlock_unlock(&t->lock);
}

static void test_co_rwlock_upgrade(void)
{
    RwTest t = { .trace = g_string_new("") };
    Coroutine *up = qemu_coroutine_create(upgrade_user, &t);

    qemu_co_rwlock_init(&t.lock);
    qemu_coroutine_enter(up);
    g_assert_cmpstr(t.trace->str, ==, "W ");
    qemu_coroutine_enter(qemu_coroutine_create(plain_reader, &t));
    g_assert_cmpstr(t.trace->str, ==, "W ");      /* blocked by the writer */
    qemu_coroutine_enter(up);                      /* downgrade lets it in */
    g_assert_cmpstr(t.trace->str, ==, "W R r ");
    qemu_coroutine_enter(up);
    g_assert_cmpstr(t.trace->str, ==, "W R r U ");
    g_string_free(t.trace, true);
}

/* --- misuse is caught --- */

static void coroutine_fn reenter_self(void *opaque)
{
    qemu_coroutine_enter(qemu_coroutine_self());
}

static void test_reenter_aborts(void)
{
    if (g_test_subprocess()) {
        qemu_coroutine_enter(qemu_coroutine_create(reenter_self, NULL));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Co-routine re-entered recursively*");
}

static void coroutine_fn lock_and_end(void *opaque)
{
    qemu_co_mutex_lock(opaque);
}

static void test_end_with_lock_aborts(void)
{
    if (g_test_subprocess()) {
        CoMutex m;

        qemu_co_mutex_init(&m);
        qemu_coroutine_enter(qemu_coroutine_create(lock_and_end, &m));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*coroutine terminated while holding a CoMutex*");
}

static void test_yield_outside_aborts(void)
{
    if (g_test_subprocess()) {
        qemu_coroutine_yield();
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Co-routine is yielding to no one*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/coroutine/enter-yield", test_enter_yield);
    g_test_add_func("/coroutine/self", test_self);
    g_test_add_func("/coroutine/nesting", test_nesting);
    g_test_add_func("/coroutine/nested-yield", test_nested_yield);
    g_test_add_func("/coroutine/deep-stack", test_deep_stack);
    g_test_add_func("/coroutine/pool-reuse", test_pool_reuse);
    g_test_add_func("/coroutine/many-sequential", test_many_sequential);
    g_test_add_func("/coroutine/many-alive", test_many_alive);
    g_test_add_func("/coroutine/co-mutex/fairness", test_co_mutex_fairness);
    g_test_add_func("/coroutine/co-mutex/guard", test_co_mutex_guard);
    g_test_add_func("/coroutine/co-queue/next-restart", test_co_queue);
    g_test_add_func("/coroutine/co-queue/enter-next", test_co_enter_next);
    g_test_add_func("/coroutine/co-rwlock/basic", test_co_rwlock);
    g_test_add_func("/coroutine/co-rwlock/upgrade", test_co_rwlock_upgrade);
    g_test_add_func("/coroutine/misuse/reenter", test_reenter_aborts);
    g_test_add_func("/coroutine/misuse/end-with-lock", test_end_with_lock_aborts);
    g_test_add_func("/coroutine/misuse/yield-outside", test_yield_outside_aborts);
    return g_test_run();
}
