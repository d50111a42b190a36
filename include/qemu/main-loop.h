/*
 * The main loop (QEMU 7.2 API): the default GLib main context, with the
 * block layer's AioContext (qemu_get_aio_context()) and the AioContext of
 * ordinary fd handlers (iohandler_get_aio_context()) attached as GSources,
 * plus the main loop's own timers (timer_new_*).
 *
 * The iothread lock (the "big QEMU lock", BQL) serializes the vCPU threads
 * with the main loop; main_loop_wait() drops it while it sleeps if the
 * calling thread holds it. Tools (qemu-img, qemu-io) never take it.
 */
#ifndef QEMU_MAIN_LOOP_H
#define QEMU_MAIN_LOOP_H

#include <glib.h>
#include "block/aio.h"
#include "qemu/event_notifier.h"

/*
 * Create the main loop's contexts and attach them to the default
 * GMainContext; the calling thread becomes the main loop thread
 * (qemu_get_current_aio_context() returns the main context there).
 * Returns 0, or a negative errno with @errp set. A second call does nothing.
 */
int qemu_init_main_loop(Error **errp);

/*
 * One iteration: wait (unless @nonblocking) until an fd is ready, a BH
 * is scheduled, a timer is due or qemu_notify_event() is called; then run
 * what is ready.
 */
void main_loop_wait(int nonblocking);

/* The AioContext of the main loop (block layer I/O in the main thread). */
AioContext *qemu_get_aio_context(void);

/*
 * The AioContext for qemu_set_fd_handler() (chardevs, monitors...). It
 * is only run by main_loop_wait(), never by aio_poll() of the block
 * layer's context, so synchronous block waits do not re-enter them.
 */
AioContext *iohandler_get_aio_context(void);
GSource *iohandler_get_g_source(void);

/* Wake the main loop (from any thread). */
void qemu_notify_event(void);

/* Watch @fd in the main loop (NULL handlers remove it). */
void qemu_set_fd_handler(int fd, IOHandler *fd_read, IOHandler *fd_write,
                         void *opaque);
void event_notifier_set_handler(EventNotifier *e,
                                EventNotifierHandler *handler);

/* A BH in the main loop's AioContext. */
QEMUBH *qemu_bh_new_full(QEMUBHFunc *cb, void *opaque, const char *name);
#define qemu_bh_new(cb, opaque) \
    qemu_bh_new_full((cb), (opaque), (stringify(cb)))

/* --- the iothread lock --- */

bool qemu_mutex_iothread_locked(void);
void qemu_mutex_lock_iothread_impl(const char *file, int line);
void qemu_mutex_unlock_iothread(void);
#define qemu_mutex_lock_iothread() \
    qemu_mutex_lock_iothread_impl(__FILE__, __LINE__)

/* Wait on @cond with the iothread lock as its mutex. */
void qemu_cond_wait_iothread(QemuCond *cond);
/* Returns false on timeout. */
bool qemu_cond_timedwait_iothread(QemuCond *cond, int ms);

typedef struct IOThreadLockAuto IOThreadLockAuto;

static inline IOThreadLockAuto *qemu_iothread_auto_lock(const char *file,
                                                        int line)
{
    if (qemu_mutex_iothread_locked()) {
        return NULL;
    }
    qemu_mutex_lock_iothread_impl(file, line);
    /* Anything non-NULL will do: the pointer is only a flag. */
    return (IOThreadLockAuto *)(uintptr_t)1;
}

static inline void qemu_iothread_auto_unlock(IOThreadLockAuto *l)
{
    qemu_mutex_unlock_iothread();
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(IOThreadLockAuto, qemu_iothread_auto_unlock)

/* Take the iothread lock (if not already held) until the end of the block. */
#define QEMU_IOTHREAD_LOCK_GUARD() \
    g_autoptr(IOThreadLockAuto) iothread_lock_auto_ G_GNUC_UNUSED = \
        qemu_iothread_auto_lock(__FILE__, __LINE__)

#endif
