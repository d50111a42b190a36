/*
 * Coroutine sleeping: a timer in the current AioContext wakes the
 * coroutine. While asleep, the coroutine is marked as scheduled, so any
 * other attempt to enter it is caught as a programming error.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine_int.h"
#include "block/aio.h"

static const char *const sleep_tag = "qemu_co_sleep_ns";

void qemu_co_sleep_wake(QemuCoSleep *w)
{
    Coroutine *co = w->to_wake;

    if (co) {
        w->to_wake = NULL;
        /* Clear the mark that stopped anyone else from entering it. */
        qatomic_set(&co->scheduled, NULL);
        aio_co_wake(co);
    }
}

static void co_sleep_cb(void *opaque)
{
    qemu_co_sleep_wake(opaque);
}

void coroutine_fn qemu_co_sleep(QemuCoSleep *w)
{
    Coroutine *co = qemu_coroutine_self();
    const char *scheduled = qatomic_cmpxchg(&co->scheduled, NULL, sleep_tag);

    if (scheduled) {
        fprintf(stderr, "qemu: %s: Co-routine was already scheduled in '%s'\n",
                __func__, scheduled);
        abort();
    }
    w->to_wake = co;
    qemu_coroutine_yield();
    /* Only qemu_co_sleep_wake() may resume us, and it clears to_wake. */
}

void coroutine_fn qemu_co_sleep_ns_wakeable(QemuCoSleep *w,
                                            QEMUClockType type, int64_t ns)
{
    AioContext *ctx = qemu_get_current_aio_context();
    QEMUTimer ts;

    if (!ctx) {
        fprintf(stderr, "qemu: qemu_co_sleep_ns outside any AioContext\n");
        abort();
    }
    aio_timer_init(ctx, &ts, type, SCALE_NS, co_sleep_cb, w);
    timer_mod(&ts, qemu_clock_get_ns(type) + ns);
    qemu_co_sleep(w);
    timer_del(&ts);
}

void coroutine_fn qemu_co_sleep_ns(QEMUClockType type, int64_t ns)
{
    QemuCoSleep w = { 0 };

    qemu_co_sleep_ns_wakeable(&w, type, ns);
}
