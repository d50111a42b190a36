/*
 * Threads and synchronization primitives over pthreads and futexes.
 */
#include "qemu/osdep.h"
#include "qemu/thread.h"

#include <linux/futex.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>

static bool name_threads = true;

/* A pthread call failed on an object we own: the program is broken. */
static QEMU_NORETURN void error_exit(int err, const char *what,
                                     const char *file, int line)
{
    fprintf(stderr, "qemu: %s failed at %s:%d: %s\n",
            what, file ? file : "?", line, strerror(err));
    abort();
}

#define CHECK(call, what, file, line) do {      \
        int err_ = (call);                      \
        if (err_) {                             \
            error_exit(err_, what, file, line); \
        }                                       \
    } while (0)

static void assert_initialized(bool initialized, const char *what,
                               const char *file, int line)
{
    if (!initialized) {
        fprintf(stderr, "qemu: %s on an uninitialized object at %s:%d\n",
                what, file ? file : "?", line);
        abort();
    }
}

/* --- QemuMutex ---------------------------------------------------------- */

void qemu_mutex_init(QemuMutex *mutex)
{
    pthread_mutexattr_t attr;

    CHECK(pthread_mutexattr_init(&attr), "pthread_mutexattr_init", NULL, 0);
    /* Error checking would catch misuse, but costs; keep the default. */
    CHECK(pthread_mutex_init(&mutex->lock, &attr), "pthread_mutex_init", NULL, 0);
    pthread_mutexattr_destroy(&attr);
    mutex->initialized = true;
}

void qemu_mutex_destroy(QemuMutex *mutex)
{
    assert_initialized(mutex->initialized, "qemu_mutex_destroy", NULL, 0);
    mutex->initialized = false;
    CHECK(pthread_mutex_destroy(&mutex->lock), "pthread_mutex_destroy", NULL, 0);
}

void qemu_mutex_lock_impl(QemuMutex *mutex, const char *file, int line)
{
    assert_initialized(mutex->initialized, "qemu_mutex_lock", file, line);
    CHECK(pthread_mutex_lock(&mutex->lock), "pthread_mutex_lock", file, line);
}

int qemu_mutex_trylock_impl(QemuMutex *mutex, const char *file, int line)
{
    int err;

    assert_initialized(mutex->initialized, "qemu_mutex_trylock", file, line);
    err = pthread_mutex_trylock(&mutex->lock);
    if (err == 0) {
        return 0;
    }
    if (err != EBUSY) {
        error_exit(err, "pthread_mutex_trylock", file, line);
    }
    return -EBUSY;
}

void qemu_mutex_unlock_impl(QemuMutex *mutex, const char *file, int line)
{
    assert_initialized(mutex->initialized, "qemu_mutex_unlock", file, line);
    CHECK(pthread_mutex_unlock(&mutex->lock), "pthread_mutex_unlock", file, line);
}

/* --- QemuRecMutex ------------------------------------------------------- */

void qemu_rec_mutex_init(QemuRecMutex *mutex)
{
    pthread_mutexattr_t attr;

    CHECK(pthread_mutexattr_init(&attr), "pthread_mutexattr_init", NULL, 0);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    CHECK(pthread_mutex_init(&mutex->lock, &attr), "pthread_mutex_init", NULL, 0);
    pthread_mutexattr_destroy(&attr);
    mutex->initialized = true;
}

void qemu_rec_mutex_destroy(QemuRecMutex *mutex)
{
    assert_initialized(mutex->initialized, "qemu_rec_mutex_destroy", NULL, 0);
    mutex->initialized = false;
    CHECK(pthread_mutex_destroy(&mutex->lock), "pthread_mutex_destroy", NULL, 0);
}

void qemu_rec_mutex_lock_impl(QemuRecMutex *mutex, const char *file, int line)
{
    assert_initialized(mutex->initialized, "qemu_rec_mutex_lock", file, line);
    CHECK(pthread_mutex_lock(&mutex->lock), "pthread_mutex_lock", file, line);
}

int qemu_rec_mutex_trylock_impl(QemuRecMutex *mutex, const char *file, int line)
{
    int err;

    assert_initialized(mutex->initialized, "qemu_rec_mutex_trylock", file, line);
    err = pthread_mutex_trylock(&mutex->lock);
    if (err == 0) {
        return 0;
    }
    if (err != EBUSY) {
        error_exit(err, "pthread_mutex_trylock", file, line);
    }
    return -EBUSY;
}

void qemu_rec_mutex_unlock_impl(QemuRecMutex *mutex, const char *file, int line)
{
    assert_initialized(mutex->initialized, "qemu_rec_mutex_unlock", file, line);
    CHECK(pthread_mutex_unlock(&mutex->lock), "pthread_mutex_unlock", file, line);
}

/* --- QemuCond ----------------------------------------------------------- */

void qemu_cond_init(QemuCond *cond)
{
    pthread_condattr_t attr;

    CHECK(pthread_condattr_init(&attr), "pthread_condattr_init", NULL, 0);
    /* Timed waits measure a duration: immune to wall clock changes. */
    CHECK(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC),
          "pthread_condattr_setclock", NULL, 0);
    CHECK(pthread_cond_init(&cond->cond, &attr), "pthread_cond_init", NULL, 0);
    pthread_condattr_destroy(&attr);
    cond->initialized = true;
}

void qemu_cond_destroy(QemuCond *cond)
{
    assert_initialized(cond->initialized, "qemu_cond_destroy", NULL, 0);
    cond->initialized = false;
    CHECK(pthread_cond_destroy(&cond->cond), "pthread_cond_destroy", NULL, 0);
}

void qemu_cond_signal(QemuCond *cond)
{
    assert_initialized(cond->initialized, "qemu_cond_signal", NULL, 0);
    CHECK(pthread_cond_signal(&cond->cond), "pthread_cond_signal", NULL, 0);
}

void qemu_cond_broadcast(QemuCond *cond)
{
    assert_initialized(cond->initialized, "qemu_cond_broadcast", NULL, 0);
    CHECK(pthread_cond_broadcast(&cond->cond), "pthread_cond_broadcast", NULL, 0);
}

void qemu_cond_wait_impl(QemuCond *cond, QemuMutex *mutex,
                         const char *file, int line)
{
    assert_initialized(cond->initialized, "qemu_cond_wait", file, line);
    CHECK(pthread_cond_wait(&cond->cond, &mutex->lock), "pthread_cond_wait",
          file, line);
}

static void deadline_after_ms(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

bool qemu_cond_timedwait_impl(QemuCond *cond, QemuMutex *mutex, int ms,
                              const char *file, int line)
{
    struct timespec ts;
    int err;

    assert_initialized(cond->initialized, "qemu_cond_timedwait", file, line);
    deadline_after_ms(&ts, ms < 0 ? 0 : ms);
    err = pthread_cond_timedwait(&cond->cond, &mutex->lock, &ts);
    if (err && err != ETIMEDOUT) {
        error_exit(err, "pthread_cond_timedwait", file, line);
    }
    return err != ETIMEDOUT;
}

/* --- QemuSemaphore ------------------------------------------------------ */

void qemu_sem_init(QemuSemaphore *sem, int init)
{
    if (init < 0) {
        fprintf(stderr, "qemu: qemu_sem_init with negative count %d\n", init);
        abort();
    }
    qemu_mutex_init(&sem->mutex);
    qemu_cond_init(&sem->cond);
    sem->count = init;
}

void qemu_sem_destroy(QemuSemaphore *sem)
{
    qemu_cond_destroy(&sem->cond);
    qemu_mutex_destroy(&sem->mutex);
}

void qemu_sem_post(QemuSemaphore *sem)
{
    qemu_mutex_lock(&sem->mutex);
    if (sem->count == UINT_MAX) {
        fprintf(stderr, "qemu: semaphore count overflow\n");
        abort();
    }
    sem->count++;
    qemu_cond_signal(&sem->cond);
    qemu_mutex_unlock(&sem->mutex);
}

void qemu_sem_wait(QemuSemaphore *sem)
{
    qemu_mutex_lock(&sem->mutex);
    while (sem->count == 0) {
        qemu_cond_wait(&sem->cond, &sem->mutex);
    }
    sem->count--;
    qemu_mutex_unlock(&sem->mutex);
}

int qemu_sem_timedwait(QemuSemaphore *sem, int ms)
{
    struct timespec ts;
    int err = 0;

    deadline_after_ms(&ts, ms < 0 ? 0 : ms);
    qemu_mutex_lock(&sem->mutex);
    while (sem->count == 0) {
        err = pthread_cond_timedwait(&sem->cond.cond, &sem->mutex.lock, &ts);
        if (err == ETIMEDOUT) {
            break;
        }
        if (err) {
            error_exit(err, "pthread_cond_timedwait", __FILE__, __LINE__);
        }
    }
    if (sem->count > 0) {
        sem->count--;
        err = 0;
    }
    qemu_mutex_unlock(&sem->mutex);
    return err ? -1 : 0;
}

/* --- QemuEvent ---------------------------------------------------------- */

/*
 * The event word moves between three states. Waiters announce themselves
 * by moving FREE to BUSY, so qemu_event_set() only pays for a futex wake
 * when somebody may be sleeping.
 */
enum {
    EVENT_SET = 0,
    EVENT_FREE = 1,
    EVENT_BUSY = 2,
};

static void futex_wake_all(unsigned *addr)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void futex_wait(unsigned *addr, unsigned expected)
{
    /* EAGAIN (value changed) and EINTR are both "look again". */
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}

void qemu_event_init(QemuEvent *ev, bool init)
{
    ev->value = init ? EVENT_SET : EVENT_FREE;
    ev->initialized = true;
}

void qemu_event_destroy(QemuEvent *ev)
{
    assert_initialized(ev->initialized, "qemu_event_destroy", NULL, 0);
    ev->initialized = false;
}

void qemu_event_set(QemuEvent *ev)
{
    assert_initialized(ev->initialized, "qemu_event_set", NULL, 0);
    /* Publish the caller's writes before waiters can see SET. */
    smp_mb();
    if (qatomic_read(&ev->value) != EVENT_SET) {
        if (qatomic_xchg(&ev->value, EVENT_SET) == EVENT_BUSY) {
            futex_wake_all(&ev->value);
        }
    }
}

void qemu_event_reset(QemuEvent *ev)
{
    assert_initialized(ev->initialized, "qemu_event_reset", NULL, 0);
    /* Only SET -> FREE: never hide a BUSY announcement from set(). */
    qatomic_cmpxchg(&ev->value, EVENT_SET, EVENT_FREE);
    smp_mb();
}

void qemu_event_wait(QemuEvent *ev)
{
    unsigned value;

    assert_initialized(ev->initialized, "qemu_event_wait", NULL, 0);
    for (;;) {
        value = qatomic_load_acquire(&ev->value);
        if (value == EVENT_SET) {
            break;
        }
        if (value == EVENT_FREE &&
            qatomic_cmpxchg(&ev->value, EVENT_FREE, EVENT_BUSY) != EVENT_FREE) {
            continue;
        }
        futex_wait(&ev->value, EVENT_BUSY);
    }
    smp_mb();
}

/* --- QemuThread --------------------------------------------------------- */

typedef struct QemuThreadArgs {
    void *(*start_routine)(void *);
    void *arg;
    char *name;
} QemuThreadArgs;

static void *qemu_thread_start(void *opaque)
{
    QemuThreadArgs *args = opaque;
    void *(*start_routine)(void *) = args->start_routine;
    void *arg = args->arg;

    if (name_threads && args->name) {
        /* The kernel keeps at most 15 characters. */
        char shortname[16];

        g_strlcpy(shortname, args->name, sizeof(shortname));
        pthread_setname_np(pthread_self(), shortname);
    }
    g_free(args->name);
    g_free(args);
    return start_routine(arg);
}

void qemu_thread_create(QemuThread *thread, const char *name,
                        void *(*start_routine)(void *),
                        void *arg, int mode)
{
    sigset_t all, old;
    pthread_attr_t attr;
    QemuThreadArgs *args;
    int err;

    CHECK(pthread_attr_init(&attr), "pthread_attr_init", NULL, 0);
    if (mode == QEMU_THREAD_DETACHED) {
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    }

    args = g_new0(QemuThreadArgs, 1);
    args->start_routine = start_routine;
    args->arg = arg;
    args->name = g_strdup(name);

    /* The new thread inherits this mask: keep signals for the main thread. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    err = pthread_create(&thread->thread, &attr, qemu_thread_start, args);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err) {
        error_exit(err, "pthread_create", __FILE__, __LINE__);
    }
}

void *qemu_thread_join(QemuThread *thread)
{
    void *ret = NULL;

    CHECK(pthread_join(thread->thread, &ret), "pthread_join", NULL, 0);
    return ret;
}

void qemu_thread_get_self(QemuThread *thread)
{
    thread->thread = pthread_self();
}

bool qemu_thread_is_self(const QemuThread *thread)
{
    return pthread_equal(pthread_self(), thread->thread);
}

void qemu_thread_exit(void *retval)
{
    pthread_exit(retval);
}

void qemu_thread_naming(bool enable)
{
    name_threads = enable;
}
