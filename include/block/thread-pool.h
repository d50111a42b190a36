/*
 * A pool of worker threads for blocking work (QEMU 7.2 API, plus the
 * shorter forms of later QEMU versions).
 *
 * Each AioContext has its own pool (aio_get_thread_pool(ctx)). Work is
 * submitted from the context's home thread; a worker runs @func(@arg);
 * the completion callback runs back in the context (via a BH), in
 * submission order among the requests that are done.
 *
 * Workers are started on demand up to the context's maximum (default 64,
 * aio_context_set_thread_pool_params()), and idle ones above the minimum
 * exit after 10 seconds.
 *
 * Both argument forms are accepted (the pool argument may be left out;
 * then the current AioContext's pool is used):
 *     thread_pool_submit_aio(pool, func, arg, cb, opaque)
 *     thread_pool_submit_aio(func, arg, cb, opaque)
 *     thread_pool_submit_co(pool, func, arg)     / (func, arg)
 *     thread_pool_submit(pool, func, arg)        / (func, arg)
 */
#ifndef BLOCK_THREAD_POOL_H
#define BLOCK_THREAD_POOL_H

#include "block/aio.h"

#define THREAD_POOL_MAX_THREADS_DEFAULT 64

/* Runs in a worker thread; its return value reaches the callback. */
typedef int ThreadPoolFunc(void *opaque);

typedef struct ThreadPool ThreadPool;

ThreadPool *thread_pool_new(AioContext *ctx);
/* Waits for running work; queued work is dropped without callbacks. */
void thread_pool_free(ThreadPool *pool);
/* Re-read min/max threads from @ctx. */
void thread_pool_update_params(ThreadPool *pool, AioContext *ctx);

/*
 * Queue @func(@arg); @cb(@opaque, ret) runs in the pool's context once
 * done. The returned AIOCB can be cancelled with its cancel_async hook
 * (cb then gets -ECANCELED if the work had not started).
 */
BlockAIOCB *thread_pool_submit_aio_in(ThreadPool *pool, ThreadPoolFunc *func,
                                      void *arg, BlockCompletionFunc *cb,
                                      void *opaque);
/* Coroutine: submit and yield until done; returns @func's result. */
int coroutine_fn thread_pool_submit_co_in(ThreadPool *pool,
                                          ThreadPoolFunc *func, void *arg);
/* Fire and forget. */
void thread_pool_submit_in(ThreadPool *pool, ThreadPoolFunc *func, void *arg);

/* The current AioContext's pool (aborts outside any AioContext). */
ThreadPool *thread_pool_current(void);

#define THREAD_POOL_NARGS_(_1, _2, _3, _4, _5, n, ...) n
#define THREAD_POOL_NARGS(...) \
    THREAD_POOL_NARGS_(__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define THREAD_POOL_GLUE_(a, b) a##b
#define THREAD_POOL_GLUE(a, b) THREAD_POOL_GLUE_(a, b)

#define thread_pool_submit_aio_5_(pool, func, arg, cb, opaque) \
    thread_pool_submit_aio_in(pool, func, arg, cb, opaque)
#define thread_pool_submit_aio_4_(func, arg, cb, opaque) \
    thread_pool_submit_aio_in(thread_pool_current(), func, arg, cb, opaque)
#define thread_pool_submit_aio(...) \
    THREAD_POOL_GLUE(thread_pool_submit_aio_, \
                     THREAD_POOL_GLUE(THREAD_POOL_NARGS(__VA_ARGS__), _))(__VA_ARGS__)

#define thread_pool_submit_co_3_(pool, func, arg) \
    thread_pool_submit_co_in(pool, func, arg)
#define thread_pool_submit_co_2_(func, arg) \
    thread_pool_submit_co_in(thread_pool_current(), func, arg)
#define thread_pool_submit_co(...) \
    THREAD_POOL_GLUE(thread_pool_submit_co_, \
                     THREAD_POOL_GLUE(THREAD_POOL_NARGS(__VA_ARGS__), _))(__VA_ARGS__)

#define thread_pool_submit_3_(pool, func, arg) \
    thread_pool_submit_in(pool, func, arg)
#define thread_pool_submit_2_(func, arg) \
    thread_pool_submit_in(thread_pool_current(), func, arg)
#define thread_pool_submit(...) \
    THREAD_POOL_GLUE(thread_pool_submit_, \
                     THREAD_POOL_GLUE(THREAD_POOL_NARGS(__VA_ARGS__), _))(__VA_ARGS__)

#endif
