/*
 * Waiting for a condition by running event loops (QEMU 7.2 API).
 *
 * AIO_WAIT_WHILE(ctx, cond) runs event loop iterations until @cond is
 * false. It is what synchronous wrappers around coroutine code use: e.g.
 * a blocking read outside coroutine context creates a coroutine, enters
 * it, and waits with AIO_WAIT_WHILE(ctx, !done).
 *
 * - Called in @ctx's home thread: polls @ctx itself.
 * - Called from the main loop thread for another context (an IOThread):
 *   polls the main context, releasing @ctx's lock meanwhile; the code
 *   that makes @cond false in the other thread must call aio_wait_kick()
 *   afterwards to wake the waiter.
 * The caller holds @ctx's AioContext lock (AIO_WAIT_WHILE_UNLOCKED: not).
 * Returns true if it waited at all.
 */
#ifndef BLOCK_AIO_WAIT_H
#define BLOCK_AIO_WAIT_H

#include "block/aio.h"
#include "qemu/main-loop.h"

typedef struct {
    /* Number of waiting AIO_WAIT_WHILE() callers; read by aio_wait_kick. */
    unsigned num_waiters;
} AioWait;

extern AioWait global_aio_wait;

#define AIO_WAIT_WHILE_INTERNAL_(ctx, cond, unlock) ({                   \
    bool waited_ = false;                                                \
    AioWait *wait_ = &global_aio_wait;                                   \
    AioContext *ctx_ = (ctx);                                            \
    qatomic_inc(&wait_->num_waiters);                                    \
    smp_mb__after_rmw();                                                 \
    if (ctx_ && in_aio_context_home_thread(ctx_)) {                      \
        while ((cond)) {                                                 \
            aio_poll(ctx_, true);                                        \
            waited_ = true;                                              \
        }                                                                \
    } else {                                                             \
        aio_wait_check_main_thread_();                                   \
        while ((cond)) {                                                 \
            if ((unlock) && ctx_) {                                      \
                aio_context_release(ctx_);                               \
            }                                                            \
            aio_poll(qemu_get_aio_context(), true);                      \
            if ((unlock) && ctx_) {                                      \
                aio_context_acquire(ctx_);                               \
            }                                                            \
            waited_ = true;                                              \
        }                                                                \
    }                                                                    \
    qatomic_dec(&wait_->num_waiters);                                    \
    waited_; })

#define AIO_WAIT_WHILE(ctx, cond) AIO_WAIT_WHILE_INTERNAL_(ctx, cond, true)
#define AIO_WAIT_WHILE_UNLOCKED(ctx, cond) \
    AIO_WAIT_WHILE_INTERNAL_(ctx, cond, false)

/* Wake AIO_WAIT_WHILE() waiters in the main loop (from any thread). */
void aio_wait_kick(void);

/*
 * Run @cb(@opaque) in @ctx's home thread and wait until it has run.
 * Call from the main loop thread with @ctx's lock held.
 */
void aio_wait_bh_oneshot(AioContext *ctx, QEMUBHFunc *cb, void *opaque);

/* Abort unless called from the main loop thread (helper of the macro). */
void aio_wait_check_main_thread_(void);

#endif
