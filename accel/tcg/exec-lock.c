/*
 * The exec lock: every thread holds it (shared) while it may run or look
 * up generated code; tb_flush takes it exclusively before it throws the
 * code away.
 *
 * Shared holders are many and frequent (each guest syscall leaves and
 * re-enters cpu_exec), flushes are rare.  So a holder only sets a flag
 * of its own, on its own cache line, and checks that no flush is
 * pending; nothing is written that another thread reads on its fast path
 * (a reader-writer lock's shared counter bounced between the vCPUs of a
 * threaded guest on every syscall).  The flusher announces itself, then
 * waits for every flag to clear.  Store-then-load on both sides needs a
 * full barrier on both; with membarrier(2) the flusher issues it for
 * everybody and the holders need none.
 */
#include "qemu/osdep.h"
#include <linux/membarrier.h>
#include <pthread.h>
#include <sys/syscall.h>
#include "internal.h"

typedef struct ExecFlag {
    int busy;                   /* this thread holds the exec lock */
    bool free;                  /* its thread exited: reusable */
    struct ExecFlag *next;
} __attribute__((aligned(64))) ExecFlag;

static ExecFlag *exec_flags;    /* every thread's; reused, never freed */
static GMutex exec_flags_mutex; /* the list, and one flusher at a time */
static int flush_pending;
static bool have_membarrier;
static pthread_key_t exec_flag_key;
static pthread_once_t exec_lock_once = PTHREAD_ONCE_INIT;
static __thread ExecFlag *my_flag;
static __thread int depth;

static void exec_flag_release(void *opaque)
{
    ExecFlag *f = opaque;

    __atomic_store_n(&f->busy, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&f->free, true, __ATOMIC_RELEASE);
}

static void exec_lock_init(void)
{
    pthread_key_create(&exec_flag_key, exec_flag_release);
    have_membarrier =
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED,
                0, 0) == 0;
}

static ExecFlag *exec_flag_get(void)
{
    ExecFlag *f;

    if (my_flag) {
        return my_flag;
    }
    pthread_once(&exec_lock_once, exec_lock_init);
    g_mutex_lock(&exec_flags_mutex);
    for (f = exec_flags; f && !f->free; f = f->next) {
    }
    if (!f) {
        f = g_aligned_alloc0(1, sizeof(ExecFlag), _Alignof(ExecFlag));
        f->next = exec_flags;
        exec_flags = f;
    }
    f->free = false;
    g_mutex_unlock(&exec_flags_mutex);
    pthread_setspecific(exec_flag_key, f);
    my_flag = f;
    return f;
}

/* the full barrier between a store and a load on the holder's side */
static inline void holder_barrier(void)
{
    if (have_membarrier) {
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    } else {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}

void tb_exec_lock(void)
{
    ExecFlag *f;

    if (depth++ > 0) {
        return;
    }
    f = exec_flag_get();
    for (;;) {
        __atomic_store_n(&f->busy, 1, __ATOMIC_RELAXED);
        holder_barrier();
        if (!__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE)) {
            return;
        }
        /* a flush is waiting for us: step aside until it is done */
        __atomic_store_n(&f->busy, 0, __ATOMIC_RELEASE);
        while (__atomic_load_n(&flush_pending, __ATOMIC_ACQUIRE)) {
            g_usleep(10);
        }
    }
}

void tb_exec_unlock(void)
{
    if (--depth == 0) {
        __atomic_store_n(&my_flag->busy, 0, __ATOMIC_RELEASE);
    }
}

void tb_exec_lock_reset(void)
{
    if (depth > 0) {
        depth = 1;
        tb_exec_unlock();
    }
}

int tb_exec_lock_depth(void)
{
    return depth;
}

void tb_exec_lock_exclusive(void)
{
    /* the caller holds no share itself (tb_exec_lock_reset) */
    g_mutex_lock(&exec_flags_mutex);
    __atomic_store_n(&flush_pending, 1, __ATOMIC_SEQ_CST);
    if (have_membarrier) {
        syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
    } else {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    for (ExecFlag *f = exec_flags; f; f = f->next) {
        while (__atomic_load_n(&f->busy, __ATOMIC_ACQUIRE)) {
            g_usleep(10);
        }
    }
}

void tb_exec_unlock_exclusive(void)
{
    __atomic_store_n(&flush_pending, 0, __ATOMIC_RELEASE);
    g_mutex_unlock(&exec_flags_mutex);
}

void tb_exec_lock_fork_child(void)
{
    /* the other threads are gone: their flags are free for reuse */
    g_mutex_init(&exec_flags_mutex);
    for (ExecFlag *f = exec_flags; f; f = f->next) {
        if (f != my_flag) {
            f->busy = 0;
            f->free = true;
        }
    }
    __atomic_store_n(&flush_pending, 0, __ATOMIC_RELEASE);
}
