/*
 * Coroutine life cycle: creation from a per-thread pool of free
 * coroutines (their stacks are reused), entering, yielding, termination.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine_int.h"
#include "block/aio.h"

/* Free coroutines kept per thread; more than this are really freed. */
#define POOL_DEFAULT_MAX 64

typedef struct CoroutinePool {
    Coroutine *head;
    unsigned int size;
} CoroutinePool;

static unsigned int pool_max = POOL_DEFAULT_MAX;

static void pool_destroy(gpointer opaque)
{
    CoroutinePool *pool = opaque;
    Coroutine *co;

    while ((co = pool->head)) {
        pool->head = co->pool_next;
        qemu_coroutine_delete(co);
    }
    g_free(pool);
}

/* GPrivate only to free the pool when its thread exits. */
static GPrivate pool_private = G_PRIVATE_INIT(pool_destroy);
static __thread CoroutinePool *thread_pool;

/* Not inlined: a coroutine may resume in another thread (see backend). */
static __attribute__((noinline)) CoroutinePool *get_pool(void)
{
    if (!thread_pool) {
        thread_pool = g_new0(CoroutinePool, 1);
        g_private_set(&pool_private, thread_pool);
    }
    return thread_pool;
}

static void coroutine_pool_put(Coroutine *co)
{
    CoroutinePool *pool = get_pool();

    if (pool->size >= qatomic_read(&pool_max)) {
        qemu_coroutine_delete(co);
        return;
    }
    co->pool_next = pool->head;
    pool->head = co;
    pool->size++;
}

static Coroutine *coroutine_pool_get(void)
{
    CoroutinePool *pool = get_pool();
    Coroutine *co = pool->head;

    if (co) {
        pool->head = co->pool_next;
        co->pool_next = NULL;
        pool->size--;
    }
    return co;
}

unsigned int qemu_coroutine_pool_size(void)
{
    return get_pool()->size;
}

void qemu_coroutine_increase_pool_batch_size(unsigned int additional_pool_size)
{
    qatomic_add(&pool_max, additional_pool_size);
}

void qemu_coroutine_decrease_pool_batch_size(unsigned int removing_pool_size)
{
    qatomic_sub(&pool_max, removing_pool_size);
}

Coroutine *qemu_coroutine_create(CoroutineEntry *entry, void *opaque)
{
    Coroutine *co = coroutine_pool_get();

    if (!co) {
        co = qemu_coroutine_new();
    }
    co->entry = entry;
    co->entry_arg = opaque;
    co->caller = NULL;
    co->locks_held = 0;
    co->scheduled = NULL;
    co->co_queue_next = NULL;
    co->wakeup_head = co->wakeup_tail = NULL;
    co->co_scheduled_next = NULL;
    co->ctx = NULL;
    return co;
}

static QEMU_NORETURN void coroutine_misuse(const char *what, const char *extra)
{
    fprintf(stderr, "qemu: %s%s%s\n", what, extra ? extra : "",
            extra ? "'" : "");
    abort();
}

static void coroutine_terminated(Coroutine *co)
{
    if (co->locks_held) {
        coroutine_misuse("coroutine terminated while holding a CoMutex", NULL);
    }
    coroutine_pool_put(co);
}

void qemu_aio_coroutine_enter(AioContext *ctx, Coroutine *co)
{
    Coroutine *self = qemu_coroutine_self();
    Coroutine *pending_head = NULL, *pending_tail = NULL;
    Coroutine *to;

    coroutine_queue_push(&pending_head, &pending_tail, co);
    while ((to = coroutine_queue_pop(&pending_head, &pending_tail))) {
        const char *scheduled = qatomic_read(&to->scheduled);
        CoroutineAction ret;

        if (scheduled) {
            coroutine_misuse("Co-routine was already scheduled in '", scheduled);
        }
        if (to->caller) {
            coroutine_misuse("Co-routine re-entered recursively", NULL);
        }
        to->caller = self;
        qatomic_set(&to->ctx, ctx);
        /* Whatever we wrote for it is visible if it moves to another thread. */
        smp_wmb();
        ret = qemu_coroutine_switch(self, to, COROUTINE_ENTER);

        /* Coroutines it woke run now, before the ones queued earlier. */
        if (to->wakeup_head) {
            to->wakeup_tail->co_queue_next = pending_head;
            if (!pending_head) {
                pending_tail = to->wakeup_tail;
            }
            pending_head = to->wakeup_head;
            to->wakeup_head = to->wakeup_tail = NULL;
        }
        if (ret == COROUTINE_TERMINATE) {
            coroutine_terminated(to);
        } else if (ret != COROUTINE_YIELD) {
            coroutine_misuse("coroutine switch returned a bad action", NULL);
        }
    }
}

void qemu_coroutine_enter(Coroutine *co)
{
    qemu_aio_coroutine_enter(qemu_get_current_aio_context(), co);
}

void qemu_coroutine_enter_if_inactive(Coroutine *co)
{
    if (!qemu_coroutine_entered(co)) {
        qemu_coroutine_enter(co);
    }
}

void coroutine_fn qemu_coroutine_yield(void)
{
    Coroutine *self = qemu_coroutine_self();
    Coroutine *to = self->caller;

    if (!to) {
        coroutine_misuse("Co-routine is yielding to no one", NULL);
    }
    self->caller = NULL;
    qemu_coroutine_switch(self, to, COROUTINE_YIELD);
}

bool qemu_coroutine_entered(Coroutine *co)
{
    return co->caller != NULL;
}

AioContext *qemu_coroutine_get_aio_context(Coroutine *co)
{
    return qatomic_read(&co->ctx);
}
