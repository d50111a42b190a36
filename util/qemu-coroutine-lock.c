/*
 * Coroutine synchronization: CoQueue, CoMutex, CoRwlock.
 *
 * Waking always goes through aio_co_wake(): a coroutine woken from inside
 * another coroutine runs right after the waker yields; one woken from
 * another thread is scheduled into its own AioContext.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine_int.h"
#include "block/aio.h"

static QEMU_NORETURN void lock_misuse(const char *what)
{
    fprintf(stderr, "qemu: %s\n", what);
    abort();
}

/* --- CoQueue ------------------------------------------------------------ */

void qemu_co_queue_init(CoQueue *queue)
{
    queue->head = queue->tail = NULL;
}

void coroutine_fn qemu_co_queue_wait_impl(CoQueue *queue, QemuLockable *lock)
{
    Coroutine *self = qemu_coroutine_self();

    coroutine_queue_push(&queue->head, &queue->tail, self);
    if (lock) {
        qemu_lockable_unlock(lock);
    }
    qemu_coroutine_yield();
    if (lock) {
        qemu_lockable_lock(lock);
    }
}

bool coroutine_fn qemu_co_queue_next(CoQueue *queue)
{
    Coroutine *next = coroutine_queue_pop(&queue->head, &queue->tail);

    if (!next) {
        return false;
    }
    aio_co_wake(next);
    return true;
}

void coroutine_fn qemu_co_queue_restart_all(CoQueue *queue)
{
    while (qemu_co_queue_next(queue)) {
        /* each call wakes one */
    }
}

bool qemu_co_enter_next_impl(CoQueue *queue, QemuLockable *lock)
{
    Coroutine *next = coroutine_queue_pop(&queue->head, &queue->tail);

    if (!next) {
        return false;
    }
    if (lock) {
        qemu_lockable_unlock(lock);
    }
    aio_co_wake(next);
    if (lock) {
        qemu_lockable_lock(lock);
    }
    return true;
}

void qemu_co_enter_all_impl(CoQueue *queue, QemuLockable *lock)
{
    while (qemu_co_enter_next_impl(queue, lock)) {
        /* each call enters one */
    }
}

bool qemu_co_queue_empty(CoQueue *queue)
{
    return queue->head == NULL;
}

/* --- CoMutex ------------------------------------------------------------ */

void qemu_co_mutex_init(CoMutex *mutex)
{
    memset(mutex, 0, sizeof(*mutex));
    qemu_spin_init(&mutex->spin);
}

void coroutine_fn qemu_co_mutex_lock(CoMutex *mutex)
{
    Coroutine *self = qemu_coroutine_self();

    qemu_spin_lock(&mutex->spin);
    if (!mutex->locked) {
        mutex->locked = true;
        mutex->holder = self;
        qemu_spin_unlock(&mutex->spin);
        self->locks_held++;
        return;
    }
    if (mutex->holder == self) {
        lock_misuse("qemu_co_mutex_lock: coroutine already holds this CoMutex");
    }
    coroutine_queue_push(&mutex->waiters_head, &mutex->waiters_tail, self);
    qemu_spin_unlock(&mutex->spin);

    qemu_coroutine_yield();
    /* The unlocker handed the mutex to us: holder is already self. */
    self->locks_held++;
}

void coroutine_fn qemu_co_mutex_unlock(CoMutex *mutex)
{
    Coroutine *self = qemu_coroutine_self();
    Coroutine *next;

    qemu_spin_lock(&mutex->spin);
    if (!mutex->locked || mutex->holder != self) {
        qemu_spin_unlock(&mutex->spin);
        lock_misuse("qemu_co_mutex_unlock: CoMutex not held by this coroutine");
    }
    self->locks_held--;
    next = coroutine_queue_pop(&mutex->waiters_head, &mutex->waiters_tail);
    if (next) {
        /* Hand over directly: FIFO, and nobody can barge in between. */
        mutex->holder = next;
    } else {
        mutex->locked = false;
        mutex->holder = NULL;
    }
    qemu_spin_unlock(&mutex->spin);
    if (next) {
        aio_co_wake(next);
    }
}

void coroutine_fn qemu_co_mutex_assert_locked(CoMutex *mutex)
{
    bool ok;

    qemu_spin_lock(&mutex->spin);
    ok = mutex->locked && mutex->holder == qemu_coroutine_self();
    qemu_spin_unlock(&mutex->spin);
    if (!ok) {
        lock_misuse("CoMutex is not held by the current coroutine");
    }
}

/* --- CoRwlock ----------------------------------------------------------- */

void qemu_co_rwlock_init(CoRwlock *lock)
{
    memset(lock, 0, sizeof(*lock));
    qemu_co_mutex_init(&lock->mutex);
    qemu_co_queue_init(&lock->queue);
}

void coroutine_fn qemu_co_rwlock_rdlock(CoRwlock *lock)
{
    qemu_co_mutex_lock(&lock->mutex);
    while (lock->owners < 0 || lock->writers_waiting > 0) {
        qemu_co_queue_wait(&lock->queue, &lock->mutex);
    }
    lock->owners++;
    qemu_co_mutex_unlock(&lock->mutex);
}

void coroutine_fn qemu_co_rwlock_wrlock(CoRwlock *lock)
{
    qemu_co_mutex_lock(&lock->mutex);
    lock->writers_waiting++;
    while (lock->owners != 0) {
        qemu_co_queue_wait(&lock->queue, &lock->mutex);
    }
    lock->writers_waiting--;
    lock->owners = -1;
    qemu_co_mutex_unlock(&lock->mutex);
}

void coroutine_fn qemu_co_rwlock_upgrade(CoRwlock *lock)
{
    qemu_co_mutex_lock(&lock->mutex);
    if (lock->owners <= 0) {
        qemu_co_mutex_unlock(&lock->mutex);
        lock_misuse("qemu_co_rwlock_upgrade: read lock not held");
    }
    lock->owners--;
    lock->writers_waiting++;
    if (lock->owners == 0) {
        /* Other waiters may be writers that can now run; let them look. */
        qemu_co_queue_restart_all(&lock->queue);
    }
    while (lock->owners != 0) {
        qemu_co_queue_wait(&lock->queue, &lock->mutex);
    }
    lock->writers_waiting--;
    lock->owners = -1;
    qemu_co_mutex_unlock(&lock->mutex);
}

void coroutine_fn qemu_co_rwlock_downgrade(CoRwlock *lock)
{
    qemu_co_mutex_lock(&lock->mutex);
    if (lock->owners != -1) {
        qemu_co_mutex_unlock(&lock->mutex);
        lock_misuse("qemu_co_rwlock_downgrade: write lock not held");
    }
    lock->owners = 1;
    qemu_co_queue_restart_all(&lock->queue);
    qemu_co_mutex_unlock(&lock->mutex);
}

void coroutine_fn qemu_co_rwlock_unlock(CoRwlock *lock)
{
    qemu_co_mutex_lock(&lock->mutex);
    if (lock->owners == 0) {
        qemu_co_mutex_unlock(&lock->mutex);
        lock_misuse("qemu_co_rwlock_unlock: lock not held");
    }
    if (lock->owners < 0) {
        lock->owners = 0;
    } else {
        lock->owners--;
    }
    if (lock->owners == 0) {
        qemu_co_queue_restart_all(&lock->queue);
    }
    qemu_co_mutex_unlock(&lock->mutex);
}
