/*
 * AioContext: an event loop for asynchronous I/O (QEMU 7.2 API).
 *
 * An AioContext owns file descriptor handlers, bottom halves (BHs: callbacks
 * scheduled to run soon, from any thread), timers, and coroutines scheduled
 * into it. aio_poll() waits for and runs them in the calling thread, the
 * context's "home thread". Every AioContext is also a GSource, so the GLib
 * main loop can run it: the main loop's context, qemu_get_aio_context(), is
 * attached to the default GMainContext by qemu_init_main_loop().
 *
 * Thread rules:
 * - qemu_bh_schedule(), aio_notify(), aio_co_schedule(), aio_co_wake(),
 *   timer_mod()/timer_del(), and aio_set_fd_handler() may be called from
 *   any thread: the home thread is woken as needed.
 * - aio_poll(), aio_bh_new(), qemu_bh_delete() belong to the home thread.
 * - aio_context_acquire()/release() is a recursive lock that code running
 *   in a context (BHs entering coroutines, synchronous waits) takes; it
 *   is not held by aio_poll() itself.
 */
#ifndef BLOCK_AIO_H
#define BLOCK_AIO_H

#include <glib.h>
#include "qemu/coroutine.h"
#include "qemu/event_notifier.h"
#include "qemu/thread.h"
#include "qemu/timer.h"

#ifndef stringify
#define tostring(s) #s
#define stringify(s) tostring(s)
#endif

typedef struct Error Error;
typedef struct BlockDriverState BlockDriverState;
typedef struct AioContext AioContext;
typedef struct AioHandler AioHandler;
typedef struct QEMUBH QEMUBH;
typedef struct ThreadPool ThreadPool;
typedef struct LinuxAioState LinuxAioState;

/* --- asynchronous request control blocks ---------------------------------- */

typedef struct BlockAIOCB BlockAIOCB;
typedef void BlockCompletionFunc(void *opaque, int ret);

typedef struct AIOCBInfo {
    /* Ask for cancellation; the callback still runs (with -ECANCELED). */
    void (*cancel_async)(BlockAIOCB *acb);
    AioContext *(*get_aio_context)(BlockAIOCB *acb);
    size_t aiocb_size;
} AIOCBInfo;

struct BlockAIOCB {
    const AIOCBInfo *aiocb_info;
    BlockDriverState *bs;
    BlockCompletionFunc *cb;
    void *opaque;
    int refcnt;
};

/* Allocate a request of aiocb_info->aiocb_size bytes (BlockAIOCB first). */
void *qemu_aio_get(const AIOCBInfo *aiocb_info, BlockDriverState *bs,
                   BlockCompletionFunc *cb, void *opaque);
void qemu_aio_unref(void *p);
void qemu_aio_ref(void *p);

/* --- handlers ---------------------------------------------------------------- */

typedef void QEMUBHFunc(void *opaque);
typedef bool AioPollFn(void *opaque);
typedef void IOHandler(void *opaque);

typedef struct BHListSlice BHListSlice;

struct AioContext {
    /* Must be first: the AioContext is a GSource. */
    GSource source;

    /* aio_context_acquire/release. */
    QemuRecMutex lock;

    /* fd handlers; walked without the lock, freed only when not walked. */
    QemuMutex list_lock;
    AioHandler *handlers;
    AioHandler *handlers_tail;
    unsigned int walking_handlers;
    bool handlers_deleted;

    /* BHs: every BH (for cleanup), the scheduled queue, nested poll slices. */
    QemuMutex bh_lock;
    QEMUBH *bh_all;
    QEMUBH *bh_queue_head;
    QEMUBH *bh_queue_tail;
    BHListSlice *bh_slices;

    /*
     * Wakeup protocol: pollers that may block add 2 (aio_poll) or set bit 0
     * (the GSource) here; aio_notify() writes the notifier only then.
     */
    unsigned int notify_me;
    EventNotifier notifier;

    /* Coroutines scheduled by aio_co_schedule(), entered by a BH. */
    QEMUBH *co_schedule_bh;
    Coroutine *scheduled_head;
    Coroutine *scheduled_tail;

    QEMUTimerListGroup tlg;

    int external_disable_cnt;

    ThreadPool *thread_pool;
    int thread_pool_min;
    int thread_pool_max;

    LinuxAioState *linux_aio;
    int64_t aio_max_batch;

    int64_t poll_max_ns;
    int64_t poll_grow;
    int64_t poll_shrink;
};

/* A new context (refcount 1), or NULL with @errp set. */
AioContext *aio_context_new(Error **errp);
void aio_context_ref(AioContext *ctx);
void aio_context_unref(AioContext *ctx);

void aio_context_acquire(AioContext *ctx);
void aio_context_release(AioContext *ctx);

/* --- bottom halves --- */

/* Run @cb(@opaque) once, soon, in @ctx; the BH frees itself. */
void aio_bh_schedule_oneshot_full(AioContext *ctx, QEMUBHFunc *cb,
                                  void *opaque, const char *name);
#define aio_bh_schedule_oneshot(ctx, cb, opaque) \
    aio_bh_schedule_oneshot_full((ctx), (cb), (opaque), (stringify(cb)))

QEMUBH *aio_bh_new_full(AioContext *ctx, QEMUBHFunc *cb, void *opaque,
                        const char *name);
#define aio_bh_new(ctx, cb, opaque) \
    aio_bh_new_full((ctx), (cb), (opaque), (stringify(cb)))

/*
 * Schedule @bh to run once in its context (any thread). Scheduling an
 * already scheduled BH has no effect. BHs run in the order scheduled.
 */
void qemu_bh_schedule(QEMUBH *bh);
/* Like qemu_bh_schedule, but does not count as progress and may wait ~10ms. */
void qemu_bh_schedule_idle(QEMUBH *bh);
/* Unschedule; the callback will not run unless scheduled again. */
void qemu_bh_cancel(QEMUBH *bh);
/* Unschedule and free (home thread; also from its own callback). */
void qemu_bh_delete(QEMUBH *bh);
/* Run @bh's callback now. */
void aio_bh_call(QEMUBH *bh);
/* Run scheduled BHs; returns 1 if any non-idle BH ran. */
int aio_bh_poll(AioContext *ctx);

/* --- waiting --- */

/* Wake the home thread if it is blocked in aio_poll or the GLib loop. */
void aio_notify(AioContext *ctx);
void aio_notify_accept(AioContext *ctx);

/*
 * Run what is ready: fd handlers, BHs, expired timers. If @blocking,
 * first wait until something is ready (or aio_notify()). Returns true if
 * any handler, non-idle BH or timer ran ("progress").
 */
bool aio_poll(AioContext *ctx, bool blocking);

/* GSource-style steps, for custom loops. */
bool aio_prepare(AioContext *ctx);
bool aio_pending(AioContext *ctx);
void aio_dispatch(AioContext *ctx);

/* ns until something is due (0: now), -1 if nothing is. */
int64_t aio_compute_timeout(AioContext *ctx);

/*
 * Watch @fd: @io_read runs when readable (or hung up/in error), @io_write
 * when writable. All NULL removes the handler; calling again for the same
 * fd replaces it. @is_external handlers (guest-triggered I/O) are skipped
 * between aio_disable_external() and aio_enable_external(). @io_poll and
 * @io_poll_ready are accepted for API compatibility; busy-polling is not
 * implemented, so a handler needs @io_read or @io_write to ever run.
 */
void aio_set_fd_handler(AioContext *ctx, int fd, bool is_external,
                        IOHandler *io_read, IOHandler *io_write,
                        AioPollFn *io_poll, IOHandler *io_poll_ready,
                        void *opaque);
void aio_set_event_notifier(AioContext *ctx, EventNotifier *notifier,
                            bool is_external, EventNotifierHandler *io_read,
                            AioPollFn *io_poll,
                            EventNotifierHandler *io_poll_ready);

/* A new reference to @ctx's GSource (g_source_unref it). */
GSource *aio_get_g_source(AioContext *ctx);

/* The context's thread pool / Linux AIO state, created on first use. */
ThreadPool *aio_get_thread_pool(AioContext *ctx);
LinuxAioState *aio_setup_linux_aio(AioContext *ctx, Error **errp);
LinuxAioState *aio_get_linux_aio(AioContext *ctx);

static inline void aio_disable_external(AioContext *ctx)
{
    qatomic_inc(&ctx->external_disable_cnt);
}

static inline void aio_enable_external(AioContext *ctx)
{
    if (qatomic_fetch_dec(&ctx->external_disable_cnt) == 1) {
        aio_notify(ctx);
    }
}

static inline bool aio_external_disabled(AioContext *ctx)
{
    return qatomic_read(&ctx->external_disable_cnt) > 0;
}

static inline bool aio_node_check(AioContext *ctx, bool is_external)
{
    return !is_external || !aio_external_disabled(ctx);
}

/* --- timers in a context --- */

static inline QEMUTimer *aio_timer_new_with_attrs(AioContext *ctx,
                                                  QEMUClockType type,
                                                  int scale, int attributes,
                                                  QEMUTimerCB *cb,
                                                  void *opaque)
{
    return timer_new_full(&ctx->tlg, type, scale, attributes, cb, opaque);
}

static inline QEMUTimer *aio_timer_new(AioContext *ctx, QEMUClockType type,
                                       int scale, QEMUTimerCB *cb,
                                       void *opaque)
{
    return timer_new_full(&ctx->tlg, type, scale, 0, cb, opaque);
}

static inline void aio_timer_init_with_attrs(AioContext *ctx, QEMUTimer *ts,
                                             QEMUClockType type, int scale,
                                             int attributes, QEMUTimerCB *cb,
                                             void *opaque)
{
    timer_init_full(ts, &ctx->tlg, type, scale, attributes, cb, opaque);
}

static inline void aio_timer_init(AioContext *ctx, QEMUTimer *ts,
                                  QEMUClockType type, int scale,
                                  QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, &ctx->tlg, type, scale, 0, cb, opaque);
}

/* --- coroutines in a context --- */

/*
 * Enter @co in @ctx from @ctx's home thread, soon (via a BH). @co must
 * have yielded (or be new) and not be scheduled already.
 */
void aio_co_schedule(AioContext *ctx, Coroutine *co);
/* Move the calling coroutine to @new_ctx (it continues in that thread). */
void coroutine_fn aio_co_reschedule_self(AioContext *new_ctx);
/*
 * Resume @co in the context it last ran in: entered directly if that is
 * the current context (after the current coroutine yields, if called from
 * one), scheduled otherwise.
 */
void aio_co_wake(Coroutine *co);
void aio_co_enter(AioContext *ctx, Coroutine *co);

/*
 * The context of the calling thread: the one set by
 * qemu_set_current_aio_context(), else the main loop's if the thread
 * holds the iothread lock, else NULL.
 */
AioContext *qemu_get_current_aio_context(void);
void qemu_set_current_aio_context(AioContext *ctx);

static inline bool in_aio_context_home_thread(AioContext *ctx)
{
    return ctx == qemu_get_current_aio_context();
}

/* --- parameters (IOThread properties) --- */

void aio_context_set_poll_params(AioContext *ctx, int64_t max_ns,
                                 int64_t grow, int64_t shrink, Error **errp);
void aio_context_set_aio_params(AioContext *ctx, int64_t max_batch,
                                Error **errp);
void aio_context_set_thread_pool_params(AioContext *ctx, int64_t min,
                                        int64_t max, Error **errp);

#endif
