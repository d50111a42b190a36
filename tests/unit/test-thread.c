/*
 * Unit tests for threads, locks, condition variables, semaphores, events,
 * spinlocks, lock guards and atomics.
 */
#include "qemu/osdep.h"
#include "qemu/thread.h"
#include "qemu/atomic.h"
#include "qemu/lockable.h"

#define NTHREADS 4
#define NITER 20000

/* --- mutex: counted increments under the lock from several threads --- */

typedef struct {
    QemuMutex lock;
    long counter;
} MutexData;

static void *mutex_worker(void *opaque)
{
    MutexData *d = opaque;
    int i;

    for (i = 0; i < NITER; i++) {
        qemu_mutex_lock(&d->lock);
        d->counter++;
        qemu_mutex_unlock(&d->lock);
    }
    return NULL;
}

static void test_mutex_counter(void)
{
    MutexData d = { 0 };
    QemuThread threads[NTHREADS];
    int i;

    qemu_mutex_init(&d.lock);
    for (i = 0; i < NTHREADS; i++) {
        qemu_thread_create(&threads[i], "mutex-test", mutex_worker, &d,
                           QEMU_THREAD_JOINABLE);
    }
    for (i = 0; i < NTHREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(d.counter, ==, NTHREADS * NITER);
    qemu_mutex_destroy(&d.lock);
}

static void *trylock_worker(void *opaque)
{
    QemuMutex *m = opaque;

    return GINT_TO_POINTER(qemu_mutex_trylock(m));
}

static void test_mutex_trylock(void)
{
    QemuMutex m;
    QemuThread t;

    qemu_mutex_init(&m);
    g_assert_cmpint(qemu_mutex_trylock(&m), ==, 0);
    /* Held by us: another thread must fail with -EBUSY. */
    qemu_thread_create(&t, "trylock", trylock_worker, &m, QEMU_THREAD_JOINABLE);
    g_assert_cmpint(GPOINTER_TO_INT(qemu_thread_join(&t)), ==, -EBUSY);
    qemu_mutex_unlock(&m);
    /* Free: the other thread gets it (and returns without unlocking). */
    qemu_thread_create(&t, "trylock", trylock_worker, &m, QEMU_THREAD_JOINABLE);
    g_assert_cmpint(GPOINTER_TO_INT(qemu_thread_join(&t)), ==, 0);
}

static void test_rec_mutex(void)
{
    QemuRecMutex m;

    qemu_rec_mutex_init(&m);
    qemu_rec_mutex_lock(&m);
    qemu_rec_mutex_lock(&m);
    g_assert_cmpint(qemu_rec_mutex_trylock(&m), ==, 0);
    qemu_rec_mutex_unlock(&m);
    qemu_rec_mutex_unlock(&m);
    qemu_rec_mutex_unlock(&m);
    qemu_rec_mutex_destroy(&m);
}

/* --- condition variable: a bounded producer/consumer queue --- */

#define QUEUE_LEN 8
#define NITEMS 5000

typedef struct {
    QemuMutex lock;
    QemuCond not_empty;
    QemuCond not_full;
    int items[QUEUE_LEN];
    int head, count;
    long sum;
} CondQueue;

static void *producer(void *opaque)
{
    CondQueue *q = opaque;
    int i;

    for (i = 1; i <= NITEMS; i++) {
        qemu_mutex_lock(&q->lock);
        while (q->count == QUEUE_LEN) {
            qemu_cond_wait(&q->not_full, &q->lock);
        }
        q->items[(q->head + q->count) % QUEUE_LEN] = i;
        q->count++;
        qemu_cond_signal(&q->not_empty);
        qemu_mutex_unlock(&q->lock);
    }
    return NULL;
}

static void *consumer(void *opaque)
{
    CondQueue *q = opaque;
    int i;

    for (i = 0; i < NITEMS; i++) {
        qemu_mutex_lock(&q->lock);
        while (q->count == 0) {
            qemu_cond_wait(&q->not_empty, &q->lock);
        }
        q->sum += q->items[q->head];
        q->head = (q->head + 1) % QUEUE_LEN;
        q->count--;
        qemu_cond_signal(&q->not_full);
        qemu_mutex_unlock(&q->lock);
    }
    return NULL;
}

static void test_cond_queue(void)
{
    CondQueue q = { 0 };
    QemuThread p, c;

    qemu_mutex_init(&q.lock);
    qemu_cond_init(&q.not_empty);
    qemu_cond_init(&q.not_full);
    qemu_thread_create(&c, "consumer", consumer, &q, QEMU_THREAD_JOINABLE);
    qemu_thread_create(&p, "producer", producer, &q, QEMU_THREAD_JOINABLE);
    qemu_thread_join(&p);
    qemu_thread_join(&c);
    g_assert_cmpint(q.sum, ==, (long)NITEMS * (NITEMS + 1) / 2);
    g_assert_cmpint(q.count, ==, 0);
    qemu_cond_destroy(&q.not_empty);
    qemu_cond_destroy(&q.not_full);
    qemu_mutex_destroy(&q.lock);
}

static void test_cond_timedwait(void)
{
    QemuMutex m;
    QemuCond c;
    gint64 start;

    qemu_mutex_init(&m);
    qemu_cond_init(&c);
    qemu_mutex_lock(&m);
    start = g_get_monotonic_time();
    g_assert_false(qemu_cond_timedwait(&c, &m, 20));
    g_assert_cmpint(g_get_monotonic_time() - start, >=, 19000);
    qemu_mutex_unlock(&m);
    qemu_cond_destroy(&c);
    qemu_mutex_destroy(&m);
}

/* --- semaphore --- */

typedef struct {
    QemuSemaphore go;
    QemuSemaphore done;
    int value;
} SemData;

static void *sem_worker(void *opaque)
{
    SemData *d = opaque;
    int i;

    for (i = 0; i < 100; i++) {
        qemu_sem_wait(&d->go);
        qatomic_inc(&d->value);
        qemu_sem_post(&d->done);
    }
    return NULL;
}

static void test_semaphore(void)
{
    SemData d = { .value = 0 };
    QemuThread t;
    int i;

    qemu_sem_init(&d.go, 0);
    qemu_sem_init(&d.done, 0);
    qemu_thread_create(&t, "sem", sem_worker, &d, QEMU_THREAD_JOINABLE);
    for (i = 0; i < 100; i++) {
        qemu_sem_post(&d.go);
        qemu_sem_wait(&d.done);
        /* Lock-step: the worker did exactly one step per post. */
        g_assert_cmpint(qatomic_read(&d.value), ==, i + 1);
    }
    qemu_thread_join(&t);
    qemu_sem_destroy(&d.go);
    qemu_sem_destroy(&d.done);
}

static void test_semaphore_timedwait(void)
{
    QemuSemaphore sem;

    qemu_sem_init(&sem, 2);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 0), ==, 0);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 0), ==, 0);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 10), ==, -1);
    qemu_sem_post(&sem);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 10), ==, 0);
    qemu_sem_destroy(&sem);
}

/* --- event --- */

typedef struct {
    QemuEvent ev;
    QemuEvent ack;
    int stage;
} EventData;

static void *event_waiter(void *opaque)
{
    EventData *d = opaque;

    qemu_event_wait(&d->ev);
    qatomic_set(&d->stage, 1);
    qemu_event_set(&d->ack);
    return NULL;
}

static void test_event(void)
{
    EventData d = { .stage = 0 };
    QemuThread threads[NTHREADS];
    int i;

    qemu_event_init(&d.ev, false);
    qemu_event_init(&d.ack, false);
    for (i = 0; i < NTHREADS; i++) {
        qemu_thread_create(&threads[i], "event", event_waiter, &d,
                           QEMU_THREAD_JOINABLE);
    }
    g_usleep(10000);
    /* Nobody may pass an unset event. */
    g_assert_cmpint(qatomic_read(&d.stage), ==, 0);
    qemu_event_set(&d.ev);
    qemu_event_wait(&d.ack);
    for (i = 0; i < NTHREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(d.stage, ==, 1);

    /* A set event lets waiters through at once; reset closes it again. */
    qemu_event_wait(&d.ev);
    qemu_event_reset(&d.ev);
    qemu_event_set(&d.ev);
    qemu_event_wait(&d.ev);
    qemu_event_destroy(&d.ev);
    qemu_event_destroy(&d.ack);
}

/* --- thread identity, naming, detached threads, exit value --- */

static void *self_worker(void *opaque)
{
    QemuThread *main_thread = opaque;
    QemuThread me;
    char name[16] = "";

    qemu_thread_get_self(&me);
    g_assert_true(qemu_thread_is_self(&me));
    g_assert_false(qemu_thread_is_self(main_thread));
    pthread_getname_np(pthread_self(), name, sizeof(name));
    g_assert_cmpstr(name, ==, "a-long-thread-n");   /* 15 characters kept */
    qemu_thread_exit(GINT_TO_POINTER(42));
}

static void test_thread_self(void)
{
    QemuThread main_thread, t;

    qemu_thread_get_self(&main_thread);
    g_assert_true(qemu_thread_is_self(&main_thread));
    qemu_thread_create(&t, "a-long-thread-name", self_worker, &main_thread,
                       QEMU_THREAD_JOINABLE);
    g_assert_cmpint(GPOINTER_TO_INT(qemu_thread_join(&t)), ==, 42);
}

static void *detached_worker(void *opaque)
{
    qemu_sem_post(opaque);
    return NULL;
}

static void test_thread_detached(void)
{
    QemuSemaphore sem;
    QemuThread t;

    qemu_sem_init(&sem, 0);
    qemu_thread_create(&t, "detached", detached_worker, &sem,
                       QEMU_THREAD_DETACHED);
    g_assert_cmpint(qemu_sem_timedwait(&sem, 5000), ==, 0);
    qemu_sem_destroy(&sem);
}

/* --- spinlock and atomics --- */

typedef struct {
    QemuSpin spin;
    long counter;
    long atomic_counter;
} SpinData;

static void *spin_worker(void *opaque)
{
    SpinData *d = opaque;
    int i;

    for (i = 0; i < NITER; i++) {
        qemu_spin_lock(&d->spin);
        d->counter++;
        qemu_spin_unlock(&d->spin);
        qatomic_inc(&d->atomic_counter);
    }
    return NULL;
}

static void test_spin_and_atomics(void)
{
    SpinData d = { .counter = 0 };
    QemuThread threads[NTHREADS];
    int i;

    qemu_spin_init(&d.spin);
    g_assert_false(qemu_spin_trylock(&d.spin));     /* taken */
    g_assert_true(qemu_spin_locked(&d.spin));
    g_assert_true(qemu_spin_trylock(&d.spin));      /* busy */
    qemu_spin_unlock(&d.spin);
    g_assert_false(qemu_spin_locked(&d.spin));

    for (i = 0; i < NTHREADS; i++) {
        qemu_thread_create(&threads[i], "spin", spin_worker, &d,
                           QEMU_THREAD_JOINABLE);
    }
    for (i = 0; i < NTHREADS; i++) {
        qemu_thread_join(&threads[i]);
    }
    g_assert_cmpint(d.counter, ==, NTHREADS * NITER);
    g_assert_cmpint(qatomic_read(&d.atomic_counter), ==, NTHREADS * NITER);
}

static void test_atomic_ops(void)
{
    int x = 5;
    unsigned u = 0xf0;
    void *p = NULL;

    g_assert_cmpint(qatomic_xchg(&x, 7), ==, 5);
    g_assert_cmpint(x, ==, 7);
    g_assert_cmpint(qatomic_cmpxchg(&x, 1, 9), ==, 7);     /* fails */
    g_assert_cmpint(x, ==, 7);
    g_assert_cmpint(qatomic_cmpxchg(&x, 7, 9), ==, 7);     /* succeeds */
    g_assert_cmpint(x, ==, 9);
    g_assert_cmpint(qatomic_fetch_add(&x, 3), ==, 9);
    g_assert_cmpint(qatomic_add_fetch(&x, 3), ==, 15);
    g_assert_cmpint(qatomic_fetch_sub(&x, 5), ==, 15);
    g_assert_cmpint(qatomic_dec_fetch(&x), ==, 9);
    g_assert_cmpuint(qatomic_fetch_and(&u, 0x3c), ==, 0xf0);
    g_assert_cmpuint(u, ==, 0x30);
    g_assert_cmpuint(qatomic_fetch_or(&u, 0x01), ==, 0x30);
    g_assert_cmpuint(qatomic_fetch_xor(&u, 0x31), ==, 0x31);
    g_assert_cmpuint(u, ==, 0);
    qatomic_set(&p, &x);
    g_assert_true(qatomic_read(&p) == &x);
    qatomic_store_release(&x, 11);
    g_assert_cmpint(qatomic_load_acquire(&x), ==, 11);
    smp_mb();
    smp_rmb();
    smp_wmb();
}

/* --- lock guards --- */

static int guarded_return(QemuMutex *m, bool early)
{
    QEMU_LOCK_GUARD(m);
    g_assert_cmpint(qemu_mutex_trylock(m), ==, -EBUSY);     /* non-recursive */
    if (early) {
        return 1;
    }
    return 2;
}

static void *check_unlocked(void *opaque)
{
    int ret = qemu_mutex_trylock(opaque);

    if (ret == 0) {
        qemu_mutex_unlock(opaque);
    }
    return GINT_TO_POINTER(ret);
}

static int trylock_from_other_thread(QemuMutex *m)
{
    QemuThread t;

    qemu_thread_create(&t, "guard", check_unlocked, m, QEMU_THREAD_JOINABLE);
    return GPOINTER_TO_INT(qemu_thread_join(&t));
}

static void test_lock_guard(void)
{
    QemuMutex m;
    QemuRecMutex rm;
    int i;

    qemu_mutex_init(&m);
    g_assert_cmpint(guarded_return(&m, true), ==, 1);
    g_assert_cmpint(trylock_from_other_thread(&m), ==, 0);
    g_assert_cmpint(guarded_return(&m, false), ==, 2);
    g_assert_cmpint(trylock_from_other_thread(&m), ==, 0);

    WITH_QEMU_LOCK_GUARD(&m) {
        g_assert_cmpint(trylock_from_other_thread(&m), ==, -EBUSY);
    }
    g_assert_cmpint(trylock_from_other_thread(&m), ==, 0);

    /* "break" leaves the guarded block and unlocks. */
    for (i = 0; i < 3; i++) {
        WITH_QEMU_LOCK_GUARD(&m) {
            if (i == 1) {
                break;
            }
        }
        g_assert_cmpint(trylock_from_other_thread(&m), ==, 0);
    }

    qemu_rec_mutex_init(&rm);
    WITH_QEMU_LOCK_GUARD(&rm) {
        QEMU_LOCK_GUARD(&rm);       /* recursive: fine */
    }
    qemu_rec_mutex_destroy(&rm);
    qemu_mutex_destroy(&m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/thread/mutex/counter", test_mutex_counter);
    g_test_add_func("/thread/mutex/trylock", test_mutex_trylock);
    g_test_add_func("/thread/rec-mutex", test_rec_mutex);
    g_test_add_func("/thread/cond/queue", test_cond_queue);
    g_test_add_func("/thread/cond/timedwait", test_cond_timedwait);
    g_test_add_func("/thread/semaphore/lockstep", test_semaphore);
    g_test_add_func("/thread/semaphore/timedwait", test_semaphore_timedwait);
    g_test_add_func("/thread/event", test_event);
    g_test_add_func("/thread/self", test_thread_self);
    g_test_add_func("/thread/detached", test_thread_detached);
    g_test_add_func("/thread/spin-atomics", test_spin_and_atomics);
    g_test_add_func("/thread/atomic-ops", test_atomic_ops);
    g_test_add_func("/thread/lock-guard", test_lock_guard);
    return g_test_run();
}
