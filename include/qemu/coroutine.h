/*
 * Coroutines (QEMU 7.2 API): cooperative threads of execution with their
 * own stack, so asynchronous code reads like straight-line code.
 *
 * A coroutine runs from qemu_coroutine_enter() until it calls
 * qemu_coroutine_yield() (control returns to whoever entered it) or its
 * entry function returns (it terminates and its stack goes back to a pool).
 * It can later be re-entered where it yielded. A coroutine is bound to no
 * thread: aio_co_schedule()/aio_co_wake() resume it in an AioContext.
 *
 * Rules:
 * - Functions that may yield are marked coroutine_fn and may only be
 *   called in coroutine context (qemu_in_coroutine() is true).
 * - Entering a coroutine that is already running, or that is scheduled to
 *   run via aio_co_schedule(), is a programming error and aborts.
 * - Wake a yielded coroutine with exactly one mechanism (CoQueue,
 *   aio_co_wake, a timer...), once per yield.
 */
#ifndef QEMU_COROUTINE_H
#define QEMU_COROUTINE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>
#include "qemu/thread.h"
#include "qemu/timer.h"

/* Marks functions that must run in coroutine context (documentation only). */
#ifndef coroutine_fn
#define coroutine_fn
#endif
/* Callable from both coroutine and non-coroutine context. */
#ifndef coroutine_mixed_fn
#define coroutine_mixed_fn
#endif

typedef struct Coroutine Coroutine;
typedef struct AioContext AioContext;

typedef void coroutine_fn CoroutineEntry(void *opaque);

/* A new coroutine that will run @entry(@opaque) when entered. */
Coroutine *qemu_coroutine_create(CoroutineEntry *entry, void *opaque);

/* Run @co until it yields or terminates; it is bound to the current context. */
void qemu_coroutine_enter(Coroutine *co);
/* Same, recording @ctx as the context @co runs in. */
void qemu_aio_coroutine_enter(AioContext *ctx, Coroutine *co);
/* Enter @co only if it is not currently running (entered). */
void qemu_coroutine_enter_if_inactive(Coroutine *co);

/* Give control back to the caller of qemu_coroutine_enter(). */
void coroutine_fn qemu_coroutine_yield(void);

/* The AioContext @co was last entered in. */
AioContext *qemu_coroutine_get_aio_context(Coroutine *co);

/* The running coroutine (outside coroutines: the thread's own "leader"). */
Coroutine *qemu_coroutine_self(void);
bool qemu_in_coroutine(void);
/* True while @co is running or has entered a nested coroutine. */
bool qemu_coroutine_entered(Coroutine *co);

/* Tuning of the per-thread pool of free coroutines (kept for API parity). */
void qemu_coroutine_increase_pool_batch_size(unsigned int additional_pool_size);
void qemu_coroutine_decrease_pool_batch_size(unsigned int additional_pool_size);
/* Number of coroutines currently in the calling thread's free pool. */
unsigned int qemu_coroutine_pool_size(void);

/*
 * CoMutex: a mutex for coroutines. A coroutine that finds it locked
 * yields until its turn comes; waiters get the lock in FIFO order (the
 * unlocker hands it over directly). Coroutines in different threads may
 * share one CoMutex. Not recursive.
 */
typedef struct CoMutex {
    QemuSpin spin;          /* protects the fields below */
    bool locked;
    Coroutine *holder;
    Coroutine *waiters_head;
    Coroutine *waiters_tail;
} CoMutex;

void qemu_co_mutex_init(CoMutex *mutex);
void coroutine_fn qemu_co_mutex_lock(CoMutex *mutex);
void coroutine_fn qemu_co_mutex_unlock(CoMutex *mutex);
/* Abort unless the calling coroutine holds @mutex. */
void coroutine_fn qemu_co_mutex_assert_locked(CoMutex *mutex);

/*
 * CoQueue: coroutines waiting for a condition, woken in FIFO order. The
 * queue itself is not thread-safe: protect it with the lock passed to
 * qemu_co_queue_wait() (or keep all users in one AioContext).
 */
typedef struct CoQueue {
    Coroutine *head;
    Coroutine *tail;
} CoQueue;

void qemu_co_queue_init(CoQueue *queue);

/*
 * Wait in @queue; @lock (a QemuMutex/CoMutex/... pointer, or NULL) is
 * released while waiting and taken again before returning.
 */
#define qemu_co_queue_wait(queue, lock) \
    qemu_co_queue_wait_impl(queue, QEMU_MAKE_LOCKABLE(lock))
void coroutine_fn qemu_co_queue_wait_impl(CoQueue *queue, QemuLockable *lock);

/* Wake the first waiter (it runs after the caller yields). False if none. */
bool coroutine_fn qemu_co_queue_next(CoQueue *queue);
/* Wake all waiters. */
void coroutine_fn qemu_co_queue_restart_all(CoQueue *queue);

/*
 * From outside coroutine context: enter the first/all waiter(s) now.
 * @lock, if not NULL, is held by the caller and released around the entry.
 */
#define qemu_co_enter_next(queue, lock) \
    qemu_co_enter_next_impl(queue, QEMU_MAKE_LOCKABLE(lock))
bool qemu_co_enter_next_impl(CoQueue *queue, QemuLockable *lock);
#define qemu_co_enter_all(queue, lock) \
    qemu_co_enter_all_impl(queue, QEMU_MAKE_LOCKABLE(lock))
void qemu_co_enter_all_impl(CoQueue *queue, QemuLockable *lock);

bool qemu_co_queue_empty(CoQueue *queue);

/*
 * CoRwlock: many readers or one writer. Waiting writers block new
 * readers, so a stream of readers cannot starve a writer.
 */
typedef struct CoRwlock {
    CoMutex mutex;
    CoQueue queue;
    int owners;             /* > 0: readers, -1: a writer, 0: free */
    int writers_waiting;
} CoRwlock;

void qemu_co_rwlock_init(CoRwlock *lock);
void coroutine_fn qemu_co_rwlock_rdlock(CoRwlock *lock);
void coroutine_fn qemu_co_rwlock_wrlock(CoRwlock *lock);
/* Turn a held read lock into a write lock (waits for other readers). */
void coroutine_fn qemu_co_rwlock_upgrade(CoRwlock *lock);
/* Turn a held write lock into a read lock. */
void coroutine_fn qemu_co_rwlock_downgrade(CoRwlock *lock);
void coroutine_fn qemu_co_rwlock_unlock(CoRwlock *lock);

/*
 * Sleeping. qemu_co_sleep_ns() yields for @ns nanoseconds of @type; the
 * timer runs in the current AioContext. The wakeable variant can be cut
 * short by qemu_co_sleep_wake(); qemu_co_sleep() waits for that alone.
 */
typedef struct QemuCoSleep {
    Coroutine *to_wake;
} QemuCoSleep;

void coroutine_fn qemu_co_sleep_ns_wakeable(QemuCoSleep *w,
                                            QEMUClockType type, int64_t ns);
void coroutine_fn qemu_co_sleep(QemuCoSleep *w);
void qemu_co_sleep_wake(QemuCoSleep *w);
void coroutine_fn qemu_co_sleep_ns(QEMUClockType type, int64_t ns);

/* Yield until @fd is readable (in the current AioContext). */
void coroutine_fn yield_until_fd_readable(int fd);
/* Yield until @fd is writable (in the current AioContext). */
void coroutine_fn yield_until_fd_writable(int fd);

/*
 * Socket I/O from a coroutine: transfer @bytes of @iov from @offset over
 * @sockfd (non-blocking), yielding while the socket is not ready. Returns
 * the number of bytes transferred (less than @bytes only at end of file
 * or after an error), or -errno if an error came before any byte.
 */
ssize_t coroutine_fn qemu_co_sendv_recvv(int sockfd, struct iovec *iov,
                                         unsigned iov_cnt, size_t offset,
                                         size_t bytes, bool do_send);
#define qemu_co_recvv(sockfd, iov, iov_cnt, offset, bytes) \
    qemu_co_sendv_recvv(sockfd, iov, iov_cnt, offset, bytes, false)
#define qemu_co_sendv(sockfd, iov, iov_cnt, offset, bytes) \
    qemu_co_sendv_recvv(sockfd, iov, iov_cnt, offset, bytes, true)
ssize_t coroutine_fn qemu_co_send_recv(int sockfd, void *buf, size_t bytes,
                                       bool do_send);
#define qemu_co_recv(sockfd, buf, bytes) \
    qemu_co_send_recv(sockfd, buf, bytes, false)
#define qemu_co_send(sockfd, buf, bytes) \
    qemu_co_send_recv(sockfd, buf, bytes, true)

#include "qemu/lockable.h"

#endif
