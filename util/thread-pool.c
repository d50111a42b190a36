/*
 * Worker thread pool bound to an AioContext.
 *
 * Requests are on two lists: the pool's list of all unfinished requests
 * in submission order (home thread only), and the queue of requests not
 * yet picked up by a worker (under pool->lock). A worker that finishes a
 * request marks it done (an atomic store, no lock) and schedules the
 * completion BH, which runs the callbacks in the home thread.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine.h"
#include "block/thread-pool.h"

#define IDLE_TIMEOUT_MS 10000

typedef enum {
    THREAD_QUEUED,
    THREAD_ACTIVE,
    THREAD_DONE,
} ThreadState;

typedef struct ThreadPoolElement {
    BlockAIOCB common;
    ThreadPool *pool;
    ThreadPoolFunc *func;
    void *arg;

    /*
     * QUEUED -> ACTIVE under pool->lock; -> DONE by a store-release
     * (read with load-acquire by the completion BH, which then reads ret).
     */
    ThreadState state;
    int ret;

    struct ThreadPoolElement *all_next;     /* home thread */
    struct ThreadPoolElement *all_prev;
    struct ThreadPoolElement *queue_next;   /* under pool->lock */
} ThreadPoolElement;

struct ThreadPool {
    AioContext *ctx;
    QEMUBH *completion_bh;

    ThreadPoolElement *all_head;
    ThreadPoolElement *all_tail;

    QemuMutex lock;
    QemuCond request_cond;      /* work queued, or stopping */
    QemuCond worker_stopped;
    ThreadPoolElement *queue_head;
    ThreadPoolElement *queue_tail;
    int cur_threads;
    int idle_threads;
    int min_threads;
    int max_threads;
    bool stopping;
};

/* --- workers ------------------------------------------------------------ */

static ThreadPoolElement *queue_pop_locked(ThreadPool *pool)
{
    ThreadPoolElement *req = pool->queue_head;

    if (req) {
        pool->queue_head = req->queue_next;
        if (!pool->queue_head) {
            pool->queue_tail = NULL;
        }
        req->queue_next = NULL;
    }
    return req;
}

static void *worker_thread(void *opaque)
{
    ThreadPool *pool = opaque;

    qemu_mutex_lock(&pool->lock);
    while (!pool->stopping && pool->cur_threads <= pool->max_threads) {
        ThreadPoolElement *req;
        int ret;

        if (!pool->queue_head) {
            bool signalled;

            pool->idle_threads++;
            signalled = qemu_cond_timedwait(&pool->request_cond, &pool->lock,
                                            IDLE_TIMEOUT_MS);
            pool->idle_threads--;
            if (!signalled && !pool->queue_head &&
                pool->cur_threads > pool->min_threads) {
                break;  /* idle too long: one thread fewer */
            }
            continue;
        }
        req = queue_pop_locked(pool);
        req->state = THREAD_ACTIVE;
        qemu_mutex_unlock(&pool->lock);

        ret = req->func(req->arg);

        /*
         * Publish the result without pool->lock: the home thread scans
         * for DONE lock-free, and scheduling the BH outside the lock keeps
         * the home thread, woken by it, from blocking on a lock this
         * worker still holds (a second context switch per request).
         */
        req->ret = ret;
        qatomic_store_release(&req->state, THREAD_DONE);
        qemu_bh_schedule(pool->completion_bh);

        qemu_mutex_lock(&pool->lock);
    }
    pool->cur_threads--;
    qemu_cond_signal(&pool->worker_stopped);
    qemu_mutex_unlock(&pool->lock);
    return NULL;
}

static void spawn_thread_locked(ThreadPool *pool)
{
    QemuThread thread;

    pool->cur_threads++;
    qemu_thread_create(&thread, "worker", worker_thread, pool,
                       QEMU_THREAD_DETACHED);
}

/* --- completion (home thread) --------------------------------------------- */

static void all_unlink(ThreadPool *pool, ThreadPoolElement *req)
{
    if (req->all_prev) {
        req->all_prev->all_next = req->all_next;
    } else {
        pool->all_head = req->all_next;
    }
    if (req->all_next) {
        req->all_next->all_prev = req->all_prev;
    } else {
        pool->all_tail = req->all_prev;
    }
    req->all_next = req->all_prev = NULL;
}

static ThreadPoolElement *first_done(ThreadPool *pool)
{
    ThreadPoolElement *req;

    /* The all list is the home thread's; only state crosses threads. */
    for (req = pool->all_head; req; req = req->all_next) {
        if (qatomic_load_acquire(&req->state) == THREAD_DONE) {
            break;
        }
    }
    return req;
}

static void thread_pool_completion_bh(void *opaque)
{
    ThreadPool *pool = opaque;
    ThreadPoolElement *req;

    while ((req = first_done(pool))) {
        all_unlink(pool, req);
        if (req->common.cb) {
            /*
             * The callback may poll (nested aio_poll): keep the BH
             * scheduled so the remaining completions are not stuck.
             */
            qemu_bh_schedule(pool->completion_bh);
            req->common.cb(req->common.opaque, req->ret);
            /*
             * Safe to cancel now, even if a worker scheduled it meanwhile:
             * the next first_done() scan sees everything marked done so
             * far. (Cancelling after the last scan would lose a completion
             * that arrived in between.)
             */
            qemu_bh_cancel(pool->completion_bh);
        }
        qemu_aio_unref(req);
    }
}

static void thread_pool_cancel(BlockAIOCB *acb)
{
    ThreadPoolElement *req = container_of(acb, ThreadPoolElement, common);
    ThreadPool *pool = req->pool;
    ThreadPoolElement **pp;

    qemu_mutex_lock(&pool->lock);
    if (req->state == THREAD_QUEUED) {
        for (pp = &pool->queue_head; *pp; pp = &(*pp)->queue_next) {
            if (*pp == req) {
                *pp = req->queue_next;
                break;
            }
        }
        /* Recompute the tail: the removed one may have been it. */
        pool->queue_tail = NULL;
        for (pp = &pool->queue_head; *pp; pp = &(*pp)->queue_next) {
            pool->queue_tail = *pp;
        }
        req->queue_next = NULL;
        req->ret = -ECANCELED;
        qatomic_store_release(&req->state, THREAD_DONE);
        qemu_bh_schedule(pool->completion_bh);
    }
    /* Running work cannot be interrupted; it completes normally. */
    qemu_mutex_unlock(&pool->lock);
}

static AioContext *thread_pool_get_aio_context(BlockAIOCB *acb)
{
    ThreadPoolElement *req = container_of(acb, ThreadPoolElement, common);

    return req->pool->ctx;
}

static const AIOCBInfo thread_pool_aiocb_info = {
    .aiocb_size = sizeof(ThreadPoolElement),
    .cancel_async = thread_pool_cancel,
    .get_aio_context = thread_pool_get_aio_context,
};

/* --- submission --------------------------------------------------------------- */

BlockAIOCB *thread_pool_submit_aio_in(ThreadPool *pool, ThreadPoolFunc *func,
                                      void *arg, BlockCompletionFunc *cb,
                                      void *opaque)
{
    ThreadPoolElement *req;

    req = qemu_aio_get(&thread_pool_aiocb_info, NULL, cb, opaque);
    req->func = func;
    req->arg = arg;
    req->state = THREAD_QUEUED;
    req->pool = pool;

    req->all_prev = pool->all_tail;
    if (pool->all_tail) {
        pool->all_tail->all_next = req;
    } else {
        pool->all_head = req;
    }
    pool->all_tail = req;

    qemu_mutex_lock(&pool->lock);
    if (pool->idle_threads == 0 && pool->cur_threads < pool->max_threads) {
        spawn_thread_locked(pool);
    }
    if (pool->queue_tail) {
        pool->queue_tail->queue_next = req;
    } else {
        pool->queue_head = req;
    }
    pool->queue_tail = req;
    qemu_mutex_unlock(&pool->lock);
    /*
     * Wake a worker after unlocking, so it does not wake up only to block
     * on the lock we still hold. A worker whose timed wait ends meanwhile
     * rechecks the queue under the lock and finds this request.
     */
    qemu_cond_signal(&pool->request_cond);
    return &req->common;
}

typedef struct ThreadPoolCo {
    Coroutine *co;
    int ret;
} ThreadPoolCo;

static void thread_pool_co_cb(void *opaque, int ret)
{
    ThreadPoolCo *tpc = opaque;

    tpc->ret = ret;
    aio_co_wake(tpc->co);
}

int coroutine_fn thread_pool_submit_co_in(ThreadPool *pool,
                                          ThreadPoolFunc *func, void *arg)
{
    ThreadPoolCo tpc = { .co = qemu_coroutine_self(), .ret = -EINPROGRESS };

    if (!qemu_in_coroutine()) {
        fprintf(stderr, "qemu: thread_pool_submit_co outside a coroutine\n");
        abort();
    }
    thread_pool_submit_aio_in(pool, func, arg, thread_pool_co_cb, &tpc);
    qemu_coroutine_yield();
    return tpc.ret;
}

void thread_pool_submit_in(ThreadPool *pool, ThreadPoolFunc *func, void *arg)
{
    thread_pool_submit_aio_in(pool, func, arg, NULL, NULL);
}

ThreadPool *thread_pool_current(void)
{
    AioContext *ctx = qemu_get_current_aio_context();

    if (!ctx) {
        fprintf(stderr, "qemu: thread pool used outside any AioContext\n");
        abort();
    }
    return aio_get_thread_pool(ctx);
}

/* --- life cycle ------------------------------------------------------------------ */

void thread_pool_update_params(ThreadPool *pool, AioContext *ctx)
{
    qemu_mutex_lock(&pool->lock);
    pool->min_threads = ctx->thread_pool_min;
    pool->max_threads = ctx->thread_pool_max;
    /* Extra threads notice cur_threads > max_threads once woken. */
    qemu_cond_broadcast(&pool->request_cond);
    while (pool->cur_threads < pool->min_threads) {
        spawn_thread_locked(pool);
    }
    qemu_mutex_unlock(&pool->lock);
}

ThreadPool *thread_pool_new(AioContext *ctx)
{
    ThreadPool *pool = g_new0(ThreadPool, 1);

    pool->ctx = ctx;
    pool->completion_bh = aio_bh_new(ctx, thread_pool_completion_bh, pool);
    qemu_mutex_init(&pool->lock);
    qemu_cond_init(&pool->request_cond);
    qemu_cond_init(&pool->worker_stopped);
    thread_pool_update_params(pool, ctx);
    return pool;
}

void thread_pool_free(ThreadPool *pool)
{
    ThreadPoolElement *req;

    if (!pool) {
        return;
    }
    qemu_mutex_lock(&pool->lock);
    /* Drop work no worker has started. */
    while ((req = queue_pop_locked(pool))) {
        req->state = THREAD_DONE;
        req->ret = -ECANCELED;
    }
    pool->stopping = true;
    qemu_cond_broadcast(&pool->request_cond);
    while (pool->cur_threads > 0) {
        qemu_cond_wait(&pool->worker_stopped, &pool->lock);
    }
    qemu_mutex_unlock(&pool->lock);

    while ((req = pool->all_head)) {
        all_unlink(pool, req);
        qemu_aio_unref(req);
    }
    qemu_bh_delete(pool->completion_bh);
    qemu_cond_destroy(&pool->worker_stopped);
    qemu_cond_destroy(&pool->request_cond);
    qemu_mutex_destroy(&pool->lock);
    g_free(pool);
}
