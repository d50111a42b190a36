/*
 * AioContext life cycle, bottom halves, the GSource glue, coroutine
 * scheduling between contexts, and AIOCB allocation.
 *
 * fd handlers and aio_poll() itself are in aio-posix.c.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/coroutine_int.h"
#include "qemu/main-loop.h"
#include "block/aio.h"
#include "block/thread-pool.h"
#include "block/raw-aio.h"
#include "aio-posix.h"

/* --- AIOCBs --------------------------------------------------------------- */

void *qemu_aio_get(const AIOCBInfo *aiocb_info, BlockDriverState *bs,
                   BlockCompletionFunc *cb, void *opaque)
{
    BlockAIOCB *acb = g_malloc0(aiocb_info->aiocb_size);

    acb->aiocb_info = aiocb_info;
    acb->bs = bs;
    acb->cb = cb;
    acb->opaque = opaque;
    acb->refcnt = 1;
    return acb;
}

void qemu_aio_ref(void *p)
{
    BlockAIOCB *acb = p;

    acb->refcnt++;
}

void qemu_aio_unref(void *p)
{
    BlockAIOCB *acb = p;

    if (--acb->refcnt == 0) {
        g_free(acb);
    }
}

/* --- bottom halves ---------------------------------------------------------- */

enum {
    BH_SCHEDULED = 1 << 0,  /* the callback should run */
    BH_QUEUED    = 1 << 1,  /* linked in the queue or a poll slice */
    BH_ONESHOT   = 1 << 2,  /* free after running */
    BH_DELETED   = 1 << 3,  /* free when unlinked */
    BH_IDLE      = 1 << 4,  /* not progress; may wait */
};

struct QEMUBH {
    AioContext *ctx;
    const char *name;
    QEMUBHFunc *cb;
    void *opaque;
    unsigned int flags;     /* under ctx->bh_lock */
    QEMUBH *queue_next;
    QEMUBH *all_next;
    QEMUBH *all_prev;
};

/*
 * A batch of BHs taken from the queue by one aio_bh_poll(). Nested
 * aio_bh_poll() calls (a BH that polls) also run BHs of the outer slices,
 * oldest first, so a synchronous wait inside a BH cannot starve the BHs
 * it waits for.
 */
struct BHListSlice {
    QEMUBH *head;
    QEMUBH *tail;
    BHListSlice *next;
    BHListSlice *prev;
};

static void bh_unlink_all_locked(AioContext *ctx, QEMUBH *bh)
{
    if (bh->all_prev) {
        bh->all_prev->all_next = bh->all_next;
    } else {
        ctx->bh_all = bh->all_next;
    }
    if (bh->all_next) {
        bh->all_next->all_prev = bh->all_prev;
    }
    bh->all_next = bh->all_prev = NULL;
}

static void bh_enqueue_locked(AioContext *ctx, QEMUBH *bh, unsigned int flags)
{
    bh->flags |= BH_SCHEDULED | flags;
    if (!(bh->flags & BH_QUEUED)) {
        bh->flags |= BH_QUEUED;
        bh->queue_next = NULL;
        if (ctx->bh_queue_tail) {
            ctx->bh_queue_tail->queue_next = bh;
        } else {
            ctx->bh_queue_head = bh;
        }
        ctx->bh_queue_tail = bh;
    }
}

static QEMUBH *bh_new_locked(AioContext *ctx, QEMUBHFunc *cb, void *opaque,
                             const char *name, unsigned int flags)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    bh->ctx = ctx;
    bh->cb = cb;
    bh->opaque = opaque;
    bh->name = name;
    bh->flags = flags;
    bh->all_next = ctx->bh_all;
    if (ctx->bh_all) {
        ctx->bh_all->all_prev = bh;
    }
    ctx->bh_all = bh;
    return bh;
}

void aio_bh_schedule_oneshot_full(AioContext *ctx, QEMUBHFunc *cb,
                                  void *opaque, const char *name)
{
    QEMUBH *bh;

    qemu_mutex_lock(&ctx->bh_lock);
    bh = bh_new_locked(ctx, cb, opaque, name, BH_ONESHOT);
    bh_enqueue_locked(ctx, bh, 0);
    qemu_mutex_unlock(&ctx->bh_lock);
    aio_notify(ctx);
}

QEMUBH *aio_bh_new_full(AioContext *ctx, QEMUBHFunc *cb, void *opaque,
                        const char *name)
{
    QEMUBH *bh;

    qemu_mutex_lock(&ctx->bh_lock);
    bh = bh_new_locked(ctx, cb, opaque, name, 0);
    qemu_mutex_unlock(&ctx->bh_lock);
    return bh;
}

static void bh_schedule(QEMUBH *bh, unsigned int flags)
{
    AioContext *ctx = bh->ctx;

    qemu_mutex_lock(&ctx->bh_lock);
    bh->flags &= ~BH_IDLE;
    bh_enqueue_locked(ctx, bh, flags);
    qemu_mutex_unlock(&ctx->bh_lock);
    aio_notify(ctx);
}

void qemu_bh_schedule(QEMUBH *bh)
{
    bh_schedule(bh, 0);
}

void qemu_bh_schedule_idle(QEMUBH *bh)
{
    bh_schedule(bh, BH_IDLE);
}

void qemu_bh_cancel(QEMUBH *bh)
{
    AioContext *ctx = bh->ctx;

    qemu_mutex_lock(&ctx->bh_lock);
    bh->flags &= ~(BH_SCHEDULED | BH_IDLE);
    qemu_mutex_unlock(&ctx->bh_lock);
}

void qemu_bh_delete(QEMUBH *bh)
{
    AioContext *ctx;

    if (!bh) {
        return;
    }
    ctx = bh->ctx;
    qemu_mutex_lock(&ctx->bh_lock);
    if (bh->flags & BH_QUEUED) {
        /* Whoever holds the queue or slice frees it when popping it. */
        bh->flags = (bh->flags & ~BH_SCHEDULED) | BH_DELETED;
        qemu_mutex_unlock(&ctx->bh_lock);
        return;
    }
    bh_unlink_all_locked(ctx, bh);
    qemu_mutex_unlock(&ctx->bh_lock);
    g_free(bh);
}

void aio_bh_call(QEMUBH *bh)
{
    bh->cb(bh->opaque);
}

/* Pop the oldest BH of any active slice; caller holds bh_lock. */
static QEMUBH *bh_slices_pop_locked(AioContext *ctx)
{
    BHListSlice *s;

    for (s = ctx->bh_slices; s; s = s->next) {
        QEMUBH *bh = s->head;

        if (bh) {
            s->head = bh->queue_next;
            if (!s->head) {
                s->tail = NULL;
            }
            bh->queue_next = NULL;
            return bh;
        }
    }
    return NULL;
}

int aio_bh_poll(AioContext *ctx)
{
    BHListSlice slice = { 0 };
    BHListSlice **pp;
    int ret = 0;

    qemu_mutex_lock(&ctx->bh_lock);
    /* Take what is queued now; BHs scheduled from callbacks wait a round. */
    slice.head = ctx->bh_queue_head;
    slice.tail = ctx->bh_queue_tail;
    ctx->bh_queue_head = ctx->bh_queue_tail = NULL;
    for (pp = &ctx->bh_slices; *pp; pp = &(*pp)->next) {
        slice.prev = *pp;
    }
    *pp = &slice;

    for (;;) {
        QEMUBH *bh = bh_slices_pop_locked(ctx);
        unsigned int flags;

        if (!bh) {
            break;
        }
        flags = bh->flags;
        bh->flags &= ~(BH_QUEUED | BH_SCHEDULED | BH_IDLE);
        if ((flags & BH_DELETED) ||
            ((flags & BH_ONESHOT) && !(flags & BH_SCHEDULED))) {
            bh_unlink_all_locked(ctx, bh);
            g_free(bh);
            continue;
        }
        if (!(flags & BH_SCHEDULED)) {
            continue;   /* cancelled */
        }
        qemu_mutex_unlock(&ctx->bh_lock);

        if (!(flags & BH_IDLE)) {
            ret = 1;
        }
        aio_bh_call(bh);

        qemu_mutex_lock(&ctx->bh_lock);
        if (flags & BH_ONESHOT) {
            bh_unlink_all_locked(ctx, bh);
            g_free(bh);
        }
    }

    /* Unlink our slice (it may not be last if a nested poll is active). */
    if (slice.prev) {
        slice.prev->next = slice.next;
    } else {
        ctx->bh_slices = slice.next;
    }
    if (slice.next) {
        slice.next->prev = slice.prev;
    }
    qemu_mutex_unlock(&ctx->bh_lock);
    return ret;
}

/* 0 if a BH is due now, 10ms for idle BHs only, -1 if none. */
static int64_t aio_bh_timeout(AioContext *ctx)
{
    int64_t timeout = -1;
    BHListSlice *s;
    QEMUBH *bh;

    qemu_mutex_lock(&ctx->bh_lock);
    for (bh = ctx->bh_queue_head; bh; bh = bh->queue_next) {
        if (bh->flags & BH_SCHEDULED) {
            if (!(bh->flags & BH_IDLE)) {
                timeout = 0;
                goto out;
            }
            timeout = 10 * SCALE_MS;
        }
    }
    for (s = ctx->bh_slices; s; s = s->next) {
        for (bh = s->head; bh; bh = bh->queue_next) {
            if (bh->flags & BH_SCHEDULED) {
                timeout = 0;
                goto out;
            }
        }
    }
out:
    qemu_mutex_unlock(&ctx->bh_lock);
    return timeout;
}

int64_t aio_compute_timeout(AioContext *ctx)
{
    int64_t timeout = aio_bh_timeout(ctx);

    if (timeout == 0) {
        return 0;
    }
    return qemu_soonest_timeout(timeout, timerlistgroup_deadline_ns(&ctx->tlg));
}

/* --- notification ----------------------------------------------------------- */

void aio_notify(AioContext *ctx)
{
    /* Order the caller's writes (a BH queued...) before reading notify_me. */
    smp_mb();
    if (qatomic_read(&ctx->notify_me)) {
        event_notifier_set(&ctx->notifier);
    }
}

void aio_notify_accept(AioContext *ctx)
{
    event_notifier_test_and_clear(&ctx->notifier);
}

static void aio_context_notifier_cb(EventNotifier *e)
{
    event_notifier_test_and_clear(e);
}

static void aio_timerlist_notify(void *opaque, QEMUClockType type)
{
    aio_notify(opaque);
}

/* --- the GSource --------------------------------------------------------------- */

static gboolean aio_ctx_prepare(GSource *source, gint *timeout)
{
    AioContext *ctx = (AioContext *)source;

    qatomic_or(&ctx->notify_me, 1);
    smp_mb();
    *timeout = qemu_timeout_ns_to_ms(aio_compute_timeout(ctx));
    return *timeout == 0;
}

static gboolean aio_ctx_check(GSource *source)
{
    AioContext *ctx = (AioContext *)source;

    qatomic_and(&ctx->notify_me, ~1u);
    return aio_pending(ctx) || aio_compute_timeout(ctx) == 0;
}

static gboolean aio_ctx_dispatch(GSource *source, GSourceFunc callback,
                                 gpointer user_data)
{
    aio_dispatch((AioContext *)source);
    return G_SOURCE_CONTINUE;
}

static void aio_ctx_finalize(GSource *source)
{
    AioContext *ctx = (AioContext *)source;
    QEMUBH *bh;

    if (ctx->thread_pool) {
        thread_pool_free(ctx->thread_pool);
        ctx->thread_pool = NULL;
    }
    if (ctx->linux_aio) {
        laio_detach_aio_context(ctx->linux_aio, ctx);
        laio_cleanup(ctx->linux_aio);
        ctx->linux_aio = NULL;
    }

    /* BHs the users forgot to delete (and unrun one-shots) go with us. */
    qemu_mutex_lock(&ctx->bh_lock);
    while ((bh = ctx->bh_all)) {
        bh_unlink_all_locked(ctx, bh);
        g_free(bh);
    }
    ctx->bh_queue_head = ctx->bh_queue_tail = NULL;
    qemu_mutex_unlock(&ctx->bh_lock);

    aio_set_event_notifier(ctx, &ctx->notifier, false, NULL, NULL, NULL);
    aio_context_free_handlers(ctx);
    event_notifier_cleanup(&ctx->notifier);
    timerlistgroup_deinit(&ctx->tlg);
    qemu_mutex_destroy(&ctx->bh_lock);
    qemu_mutex_destroy(&ctx->list_lock);
    qemu_rec_mutex_destroy(&ctx->lock);
}

static GSourceFuncs aio_source_funcs = {
    .prepare = aio_ctx_prepare,
    .check = aio_ctx_check,
    .dispatch = aio_ctx_dispatch,
    .finalize = aio_ctx_finalize,
};

/* --- coroutine scheduling ------------------------------------------------------- */

static void co_schedule_bh_cb(void *opaque)
{
    AioContext *ctx = opaque;
    Coroutine *head, *co;

    qemu_mutex_lock(&ctx->bh_lock);
    head = ctx->scheduled_head;
    ctx->scheduled_head = ctx->scheduled_tail = NULL;
    qemu_mutex_unlock(&ctx->bh_lock);

    while ((co = head)) {
        head = co->co_scheduled_next;
        co->co_scheduled_next = NULL;
        /* Clear the mark before entering: the coroutine may reschedule. */
        qatomic_set(&co->scheduled, NULL);
        aio_context_acquire(ctx);
        qemu_aio_coroutine_enter(ctx, co);
        aio_context_release(ctx);
        aio_context_unref(ctx);
    }
}

void aio_co_schedule(AioContext *ctx, Coroutine *co)
{
    const char *scheduled = qatomic_cmpxchg(&co->scheduled, NULL, __func__);

    if (scheduled) {
        fprintf(stderr, "qemu: %s: Co-routine was already scheduled in '%s'\n",
                __func__, scheduled);
        abort();
    }
    /* The context must outlive the scheduled entry. */
    aio_context_ref(ctx);
    qemu_mutex_lock(&ctx->bh_lock);
    co->co_scheduled_next = NULL;
    if (ctx->scheduled_tail) {
        ctx->scheduled_tail->co_scheduled_next = co;
    } else {
        ctx->scheduled_head = co;
    }
    ctx->scheduled_tail = co;
    qemu_mutex_unlock(&ctx->bh_lock);
    qemu_bh_schedule(ctx->co_schedule_bh);
}

typedef struct AioCoRescheduleSelf {
    Coroutine *co;
    AioContext *new_ctx;
} AioCoRescheduleSelf;

static void aio_co_reschedule_self_bh(void *opaque)
{
    AioCoRescheduleSelf *data = opaque;

    aio_co_schedule(data->new_ctx, data->co);
}

void coroutine_fn aio_co_reschedule_self(AioContext *new_ctx)
{
    AioContext *old_ctx = qemu_get_current_aio_context();

    if (old_ctx == new_ctx) {
        return;
    }
    if (!old_ctx) {
        fprintf(stderr, "qemu: aio_co_reschedule_self outside any AioContext\n");
        abort();
    }
    /*
     * Scheduling ourselves directly could let @new_ctx's thread enter us
     * before we yield; a BH in the old context does it after the yield.
     */
    AioCoRescheduleSelf data = {
        .co = qemu_coroutine_self(),
        .new_ctx = new_ctx,
    };
    aio_bh_schedule_oneshot(old_ctx, aio_co_reschedule_self_bh, &data);
    qemu_coroutine_yield();
}

void aio_co_enter(AioContext *ctx, Coroutine *co)
{
    if (ctx != qemu_get_current_aio_context()) {
        aio_co_schedule(ctx, co);
        return;
    }
    if (qemu_in_coroutine()) {
        Coroutine *self = qemu_coroutine_self();

        if (self == co) {
            fprintf(stderr, "qemu: a coroutine cannot wake itself\n");
            abort();
        }
        /* Runs as soon as the current coroutine yields or ends. */
        coroutine_queue_push(&self->wakeup_head, &self->wakeup_tail, co);
        return;
    }
    if (ctx) {
        aio_context_acquire(ctx);
    }
    qemu_aio_coroutine_enter(ctx, co);
    if (ctx) {
        aio_context_release(ctx);
    }
}

void aio_co_wake(Coroutine *co)
{
    AioContext *ctx;

    /* Pairs with the smp_wmb in qemu_aio_coroutine_enter. */
    smp_rmb();
    ctx = qatomic_read(&co->ctx);
    aio_co_enter(ctx, co);
}

/* --- the current context ----------------------------------------------------------- */

static __thread AioContext *my_aiocontext;

/* Not inlined: coroutines may resume in another thread. */
static __attribute__((noinline)) AioContext *get_my_aiocontext(void)
{
    return my_aiocontext;
}

void qemu_set_current_aio_context(AioContext *ctx)
{
    my_aiocontext = ctx;
}

AioContext *qemu_get_current_aio_context(void)
{
    AioContext *ctx = get_my_aiocontext();

    if (ctx) {
        return ctx;
    }
    if (qemu_mutex_iothread_locked()) {
        /* A vCPU thread: it acts on behalf of the main loop. */
        return qemu_get_aio_context();
    }
    return NULL;
}

/* --- life cycle ------------------------------------------------------------------- */

AioContext *aio_context_new(Error **errp)
{
    EventNotifier notifier;
    AioContext *ctx;
    int ret;

    ret = event_notifier_init(&notifier, false);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to initialize event notifier");
        return NULL;
    }
    ctx = (AioContext *)g_source_new(&aio_source_funcs, sizeof(AioContext));
    /* A dispatching context may run a nested main loop iteration. */
    g_source_set_can_recurse(&ctx->source, true);
    qemu_rec_mutex_init(&ctx->lock);
    qemu_mutex_init(&ctx->list_lock);
    qemu_mutex_init(&ctx->bh_lock);
    ctx->notifier = notifier;
    timerlistgroup_init(&ctx->tlg, aio_timerlist_notify, ctx);
    aio_set_event_notifier(ctx, &ctx->notifier, false,
                           aio_context_notifier_cb, NULL, NULL);
    aio_context_mark_notifier(ctx, &ctx->notifier);
    ctx->co_schedule_bh = aio_bh_new(ctx, co_schedule_bh_cb, ctx);
    ctx->thread_pool_min = 0;
    ctx->thread_pool_max = THREAD_POOL_MAX_THREADS_DEFAULT;
    return ctx;
}

void aio_context_ref(AioContext *ctx)
{
    g_source_ref(&ctx->source);
}

void aio_context_unref(AioContext *ctx)
{
    g_source_unref(&ctx->source);
}

void aio_context_acquire(AioContext *ctx)
{
    qemu_rec_mutex_lock(&ctx->lock);
}

void aio_context_release(AioContext *ctx)
{
    qemu_rec_mutex_unlock(&ctx->lock);
}

GSource *aio_get_g_source(AioContext *ctx)
{
    g_source_ref(&ctx->source);
    return &ctx->source;
}

ThreadPool *aio_get_thread_pool(AioContext *ctx)
{
    if (!ctx->thread_pool) {
        ctx->thread_pool = thread_pool_new(ctx);
    }
    return ctx->thread_pool;
}

LinuxAioState *aio_setup_linux_aio(AioContext *ctx, Error **errp)
{
    if (!ctx->linux_aio) {
        LinuxAioState *s = laio_init(errp);

        if (!s) {
            return NULL;
        }
        ctx->linux_aio = s;
        laio_attach_aio_context(s, ctx);
    }
    return ctx->linux_aio;
}

LinuxAioState *aio_get_linux_aio(AioContext *ctx)
{
    return ctx->linux_aio;
}

void aio_context_set_poll_params(AioContext *ctx, int64_t max_ns,
                                 int64_t grow, int64_t shrink, Error **errp)
{
    if (max_ns < 0 || grow < 0 || shrink < 0) {
        error_setg(errp, "poll parameters must not be negative");
        return;
    }
    /* Recorded for query-iothreads; busy polling is not implemented. */
    ctx->poll_max_ns = max_ns;
    ctx->poll_grow = grow;
    ctx->poll_shrink = shrink;
}

void aio_context_set_aio_params(AioContext *ctx, int64_t max_batch,
                                Error **errp)
{
    if (max_batch < 0) {
        error_setg(errp, "aio-max-batch must not be negative");
        return;
    }
    ctx->aio_max_batch = max_batch;
}

void aio_context_set_thread_pool_params(AioContext *ctx, int64_t min,
                                        int64_t max, Error **errp)
{
    if (min > max || max <= 0 || min < 0 || max > INT_MAX) {
        error_setg(errp, "bad thread pool values: min %" PRId64
                   ", max %" PRId64 " (need 0 <= min <= max, 0 < max)",
                   min, max);
        return;
    }
    ctx->thread_pool_min = min;
    ctx->thread_pool_max = max;
    if (ctx->thread_pool) {
        thread_pool_update_params(ctx->thread_pool, ctx);
    }
}
