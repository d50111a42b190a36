/*
 * The main loop: GLib's default main context running the main AioContext
 * and the iohandler AioContext as GSources, plus the main loop timers;
 * and the iothread lock.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

static AioContext *qemu_aio_context;
static AioContext *iohandler_ctx;

/* --- the iothread lock ------------------------------------------------------ */

static QemuMutex qemu_global_mutex;
static __thread bool iothread_locked;

static void __attribute__((constructor)) qemu_global_mutex_init(void)
{
    qemu_mutex_init(&qemu_global_mutex);
}

/* Not inlined: a coroutine may resume in another thread. */
static __attribute__((noinline)) bool get_iothread_locked(void)
{
    return iothread_locked;
}

static __attribute__((noinline)) void set_iothread_locked(bool locked)
{
    iothread_locked = locked;
}

bool qemu_mutex_iothread_locked(void)
{
    return get_iothread_locked();
}

void qemu_mutex_lock_iothread_impl(const char *file, int line)
{
    if (get_iothread_locked()) {
        fprintf(stderr, "qemu: %s:%d: iothread lock taken twice\n", file, line);
        abort();
    }
    qemu_mutex_lock_impl(&qemu_global_mutex, file, line);
    set_iothread_locked(true);
}

void qemu_mutex_unlock_iothread(void)
{
    if (!get_iothread_locked()) {
        fprintf(stderr, "qemu: iothread lock released but not held\n");
        abort();
    }
    set_iothread_locked(false);
    qemu_mutex_unlock(&qemu_global_mutex);
}

void qemu_cond_wait_iothread(QemuCond *cond)
{
    set_iothread_locked(false);
    qemu_cond_wait(cond, &qemu_global_mutex);
    set_iothread_locked(true);
}

bool qemu_cond_timedwait_iothread(QemuCond *cond, int ms)
{
    bool ret;

    set_iothread_locked(false);
    ret = qemu_cond_timedwait(cond, &qemu_global_mutex, ms);
    set_iothread_locked(true);
    return ret;
}

/* --- contexts --------------------------------------------------------------- */

AioContext *qemu_get_aio_context(void)
{
    return qemu_aio_context;
}

static void iohandler_init(void)
{
    if (!iohandler_ctx) {
        iohandler_ctx = aio_context_new(&error_abort);
    }
}

AioContext *iohandler_get_aio_context(void)
{
    iohandler_init();
    return iohandler_ctx;
}

GSource *iohandler_get_g_source(void)
{
    iohandler_init();
    return aio_get_g_source(iohandler_ctx);
}

static void attach_to_default_context(GSource *src, const char *name)
{
    g_source_set_name(src, name);
    g_source_attach(src, NULL);
    g_source_unref(src);
}

int qemu_init_main_loop(Error **errp)
{
    AioContext *ctx;

    if (qemu_aio_context) {
        return 0;
    }
    ctx = aio_context_new(errp);
    if (!ctx) {
        return -EMFILE;
    }
    qemu_aio_context = ctx;
    qemu_set_current_aio_context(ctx);
    attach_to_default_context(aio_get_g_source(ctx), "aio-context");
    attach_to_default_context(iohandler_get_g_source(), "io-handler");
    return 0;
}

void qemu_notify_event(void)
{
    if (qemu_aio_context) {
        aio_notify(qemu_aio_context);
    }
}

void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque)
{
    aio_set_fd_handler(iohandler_get_aio_context(), fd, false,
                       fd_read, fd_write, NULL, NULL, opaque);
}

void event_notifier_set_handler(EventNotifier *e,
                                EventNotifierHandler *handler)
{
    aio_set_event_notifier(iohandler_get_aio_context(), e, false,
                           handler, NULL, NULL);
}

QEMUBH *qemu_bh_new_full(QEMUBHFunc *cb, void *opaque, const char *name)
{
    if (!qemu_aio_context) {
        fprintf(stderr, "qemu: qemu_bh_new before qemu_init_main_loop\n");
        abort();
    }
    return aio_bh_new_full(qemu_aio_context, cb, opaque, name);
}

/* --- one iteration ------------------------------------------------------------ */

void main_loop_wait(int nonblocking)
{
    GMainContext *context = g_main_context_default();
    static GPollFD *fds;        /* main loop thread only */
    static gint n_alloc;
    gint max_priority, timeout_ms, n;
    int64_t timeout_ns;
    bool drop_lock;

    if (!g_main_context_acquire(context)) {
        fprintf(stderr, "qemu: main_loop_wait: the GLib main context is "
                "owned by another thread\n");
        abort();
    }
    g_main_context_prepare(context, &max_priority);
    while ((n = g_main_context_query(context, max_priority, &timeout_ms,
                                     fds, n_alloc)) > n_alloc) {
        n_alloc = n;
        fds = g_renew(GPollFD, fds, n_alloc);
    }

    if (nonblocking) {
        timeout_ns = 0;
    } else {
        timeout_ns = timeout_ms < 0 ? -1 : (int64_t)timeout_ms * SCALE_MS;
        timeout_ns = qemu_soonest_timeout(timeout_ns,
                                          timerlistgroup_deadline_ns(&main_loop_tlg));
    }

    /* vCPU threads may run while we poll (even briefly: no starvation). */
    drop_lock = qemu_mutex_iothread_locked();
    if (drop_lock) {
        qemu_mutex_unlock_iothread();
    }
    qemu_poll_ns(fds, n, timeout_ns);
    if (drop_lock) {
        qemu_mutex_lock_iothread();
    }

    if (g_main_context_check(context, max_priority, fds, n)) {
        g_main_context_dispatch(context);
    }
    g_main_context_release(context);

    qemu_clock_run_all_timers();
}
