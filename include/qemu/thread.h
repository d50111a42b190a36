/*
 * Threads and thread synchronization (QEMU 7.2 API), POSIX implementation.
 *
 * All objects must be initialized with their *_init function before use
 * and destroyed with *_destroy. A failing pthread call on a valid object
 * is a programming error: it prints the reason and aborts.
 *
 * Lock guards (QEMU_LOCK_GUARD, WITH_QEMU_LOCK_GUARD) are in
 * "qemu/lockable.h", which this header includes.
 */
#ifndef QEMU_THREAD_H
#define QEMU_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include "qemu/atomic.h"

typedef struct QemuMutex {
    pthread_mutex_t lock;
    bool initialized;
} QemuMutex;

/* A mutex the same thread may lock several times. */
typedef struct QemuRecMutex {
    pthread_mutex_t lock;
    bool initialized;
} QemuRecMutex;

typedef struct QemuCond {
    pthread_cond_t cond;
    bool initialized;
} QemuCond;

/* A counting semaphore. */
typedef struct QemuSemaphore {
    QemuMutex mutex;
    QemuCond cond;
    unsigned int count;
} QemuSemaphore;

/*
 * A manual-reset event: qemu_event_wait() returns at once while the event
 * is set; qemu_event_reset() clears it. Futex based.
 */
typedef struct QemuEvent {
    unsigned value;
    bool initialized;
} QemuEvent;

typedef struct QemuThread {
    pthread_t thread;
} QemuThread;

#define QEMU_THREAD_JOINABLE 0
#define QEMU_THREAD_DETACHED 1

void qemu_mutex_init(QemuMutex *mutex);
void qemu_mutex_destroy(QemuMutex *mutex);
void qemu_mutex_lock_impl(QemuMutex *mutex, const char *file, int line);
/* Returns 0 when the lock was taken, -EBUSY when another thread holds it. */
int qemu_mutex_trylock_impl(QemuMutex *mutex, const char *file, int line);
void qemu_mutex_unlock_impl(QemuMutex *mutex, const char *file, int line);

#define qemu_mutex_lock(m)    qemu_mutex_lock_impl(m, __FILE__, __LINE__)
#define qemu_mutex_trylock(m) qemu_mutex_trylock_impl(m, __FILE__, __LINE__)
#define qemu_mutex_unlock(m)  qemu_mutex_unlock_impl(m, __FILE__, __LINE__)

void qemu_rec_mutex_init(QemuRecMutex *mutex);
void qemu_rec_mutex_destroy(QemuRecMutex *mutex);
void qemu_rec_mutex_lock_impl(QemuRecMutex *mutex, const char *file, int line);
int qemu_rec_mutex_trylock_impl(QemuRecMutex *mutex, const char *file, int line);
void qemu_rec_mutex_unlock_impl(QemuRecMutex *mutex, const char *file, int line);

#define qemu_rec_mutex_lock(m)    qemu_rec_mutex_lock_impl(m, __FILE__, __LINE__)
#define qemu_rec_mutex_trylock(m) qemu_rec_mutex_trylock_impl(m, __FILE__, __LINE__)
#define qemu_rec_mutex_unlock(m)  qemu_rec_mutex_unlock_impl(m, __FILE__, __LINE__)

void qemu_cond_init(QemuCond *cond);
void qemu_cond_destroy(QemuCond *cond);
void qemu_cond_signal(QemuCond *cond);
void qemu_cond_broadcast(QemuCond *cond);
void qemu_cond_wait_impl(QemuCond *cond, QemuMutex *mutex,
                         const char *file, int line);
/* Returns false if @ms milliseconds passed without a signal. */
bool qemu_cond_timedwait_impl(QemuCond *cond, QemuMutex *mutex, int ms,
                              const char *file, int line);

#define qemu_cond_wait(c, m) qemu_cond_wait_impl(c, m, __FILE__, __LINE__)
#define qemu_cond_timedwait(c, m, ms) \
    qemu_cond_timedwait_impl(c, m, ms, __FILE__, __LINE__)

void qemu_sem_init(QemuSemaphore *sem, int init);
void qemu_sem_destroy(QemuSemaphore *sem);
void qemu_sem_post(QemuSemaphore *sem);
void qemu_sem_wait(QemuSemaphore *sem);
/* Returns 0 after a successful wait, -1 after @ms milliseconds without. */
int qemu_sem_timedwait(QemuSemaphore *sem, int ms);

void qemu_event_init(QemuEvent *ev, bool init);
void qemu_event_destroy(QemuEvent *ev);
void qemu_event_set(QemuEvent *ev);
void qemu_event_reset(QemuEvent *ev);
void qemu_event_wait(QemuEvent *ev);

/*
 * Start @start_routine(@arg) in a new thread named @name (the name shows in
 * debuggers and /proc when naming is enabled, which it is by default).
 * @mode is QEMU_THREAD_JOINABLE or QEMU_THREAD_DETACHED. All signals are
 * blocked in the new thread: signals are handled by the main thread.
 */
void qemu_thread_create(QemuThread *thread, const char *name,
                        void *(*start_routine)(void *),
                        void *arg, int mode);
void *qemu_thread_join(QemuThread *thread);
void qemu_thread_get_self(QemuThread *thread);
bool qemu_thread_is_self(const QemuThread *thread);
QEMU_NORETURN void qemu_thread_exit(void *retval);
void qemu_thread_naming(bool enable);

#if defined(__x86_64__) || defined(__i386__)
#define qemu_cpu_relax() __builtin_ia32_pause()
#else
#define qemu_cpu_relax() barrier()
#endif

/* A busy-waiting lock for very short critical sections. */
typedef struct QemuSpin {
    int value;
} QemuSpin;

static inline void qemu_spin_init(QemuSpin *spin)
{
    qatomic_set(&spin->value, 0);
}

static inline void qemu_spin_destroy(QemuSpin *spin)
{
}

static inline void qemu_spin_lock(QemuSpin *spin)
{
    while (unlikely(qatomic_xchg(&spin->value, 1))) {
        while (qatomic_read(&spin->value)) {
            qemu_cpu_relax();
        }
    }
}

/* As in QEMU: returns true if the lock was BUSY (not taken). */
static inline bool qemu_spin_trylock(QemuSpin *spin)
{
    return qatomic_xchg(&spin->value, 1);
}

static inline bool qemu_spin_locked(QemuSpin *spin)
{
    return qatomic_read(&spin->value);
}

static inline void qemu_spin_unlock(QemuSpin *spin)
{
    qatomic_store_release(&spin->value, 0);
}

#include "qemu/lockable.h"

#endif
