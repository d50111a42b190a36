/*
 * Clocks and timers (QEMU 7.2 API).
 *
 * Clocks:
 * - QEMU_CLOCK_REALTIME: monotonic host time; runs while the VM is stopped.
 *   Use it for things that are not guest visible (UI, throttling, tests).
 * - QEMU_CLOCK_VIRTUAL: guest time. Monotonic, but stands still between
 *   cpu_disable_ticks() and cpu_enable_ticks() (the system emulator stops
 *   it while the VM is paused). It runs from process start by default, so
 *   tools and tests can use it without a machine.
 * - QEMU_CLOCK_HOST: the host's wall clock (may jump).
 * - QEMU_CLOCK_VIRTUAL_RT: like VIRTUAL (there is no icount here).
 *
 * Timers belong to a QEMUTimerList (one list per clock per AioContext, a
 * "timer list group"). timer_new_*() use the main loop's group, run by
 * main_loop_wait(); aio_timer_new() in "block/aio.h" attaches a timer to an
 * AioContext, run by aio_poll() of that context. A timer's callback runs
 * in the thread that runs its list. timer_mod/timer_del may be called from
 * any thread; the list's owner is woken if the next deadline moved earlier.
 * Timers with equal expiry times fire in the order they were armed.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#define NANOSECONDS_PER_SECOND 1000000000LL

#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

/* Timer attributes, QEMU's values. */
#define QEMU_TIMER_ATTR_EXTERNAL ((int)(1u << 0))
#define QEMU_TIMER_ATTR_ALL      0xffffffff

typedef enum {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_VIRTUAL_RT = 3,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef struct QEMUTimer QEMUTimer;
typedef struct QEMUTimerList QEMUTimerList;
typedef void QEMUTimerCB(void *opaque);
/* Called (from any thread) when a list's earliest deadline moved earlier. */
typedef void QEMUTimerListNotifyCB(void *opaque, QEMUClockType type);

typedef struct QEMUTimerListGroup {
    QEMUTimerList *tl[QEMU_CLOCK_MAX];
} QEMUTimerListGroup;

struct QEMUTimer {
    int64_t expire_time;        /* in nanoseconds; -1 while not pending */
    QEMUTimerList *timer_list;
    QEMUTimerCB *cb;
    void *opaque;
    QEMUTimer *next;
    int attributes;
    int scale;
};

/* The main loop's timers (timer_new_*), run by main_loop_wait(). */
extern QEMUTimerListGroup main_loop_tlg;

/* --- clocks --- */

int64_t qemu_clock_get_ns(QEMUClockType type);

static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}

/* Monotonic host time in ns, and the wall clock in ns. */
int64_t get_clock(void);
int64_t get_clock_realtime(void);

/*
 * Stop/restart the virtual clock (the VM is paused/resumed). These do not
 * nest: calling either twice in a row has no extra effect.
 */
void cpu_disable_ticks(void);
void cpu_enable_ticks(void);

/*
 * A disabled clock's timers do not fire and do not count for deadlines,
 * but can still be armed.
 */
void qemu_clock_enable(QEMUClockType type, bool enabled);
bool qemu_clock_has_timers(QEMUClockType type);
bool qemu_clock_expired(QEMUClockType type);
/*
 * Nearest deadline (ns from now, >= 0) over all lists of @type, counting
 * only timers whose attributes are all in @attr_mask (QEMU_TIMER_ATTR_ALL:
 * every timer; 0: timers without attributes); -1: none.
 */
int64_t qemu_clock_deadline_ns_all(QEMUClockType type, int attr_mask);
/* Run the expired timers of @type in the main loop's group. */
bool qemu_clock_run_timers(QEMUClockType type);
bool qemu_clock_run_all_timers(void);

/* --- timer lists --- */

QEMUTimerList *timerlist_new(QEMUClockType type, QEMUTimerListNotifyCB *cb,
                             void *opaque);
/* The list must hold no pending timers. */
void timerlist_free(QEMUTimerList *timer_list);
bool timerlist_has_timers(QEMUTimerList *timer_list);
bool timerlist_expired(QEMUTimerList *timer_list);
/* ns until the first timer fires (0 if overdue), or -1 if none. */
int64_t timerlist_deadline_ns(QEMUTimerList *timer_list);
QEMUClockType timerlist_get_clock(QEMUTimerList *timer_list);
/* Run expired timers; true if any ran. */
bool timerlist_run_timers(QEMUTimerList *timer_list);
void timerlist_notify(QEMUTimerList *timer_list);

void timerlistgroup_init(QEMUTimerListGroup *tlg, QEMUTimerListNotifyCB *cb,
                         void *opaque);
void timerlistgroup_deinit(QEMUTimerListGroup *tlg);
bool timerlistgroup_run_timers(QEMUTimerListGroup *tlg);
int64_t timerlistgroup_deadline_ns(QEMUTimerListGroup *tlg);

/* Smallest of two timeouts where -1 means "infinite". */
static inline int64_t qemu_soonest_timeout(int64_t timeout1, int64_t timeout2)
{
    return ((uint64_t)timeout1 < (uint64_t)timeout2) ? timeout1 : timeout2;
}

/* ns timeout (-1 infinite) to a poll() ms timeout, rounding up. */
int qemu_timeout_ns_to_ms(int64_t ns);

/*
 * poll() with a nanosecond timeout (-1: wait forever). Returns what
 * ppoll returns (EINTR is retried).
 */
int qemu_poll_ns(GPollFD *fds, guint nfds, int64_t timeout);

/* --- timers --- */

void timer_init_full(QEMUTimer *ts, QEMUTimerListGroup *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque);

static inline void timer_init(QEMUTimer *ts, QEMUClockType type, int scale,
                              QEMUTimerCB *cb, void *opaque)
{
    timer_init_full(ts, NULL, type, scale, 0, cb, opaque);
}

static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_NS, cb, opaque);
}

static inline void timer_init_us(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_US, cb, opaque);
}

static inline void timer_init_ms(QEMUTimer *ts, QEMUClockType type,
                                 QEMUTimerCB *cb, void *opaque)
{
    timer_init(ts, type, SCALE_MS, cb, opaque);
}

/* A new timer in @timer_list_group (NULL: the main loop's group). */
QEMUTimer *timer_new_full(QEMUTimerListGroup *timer_list_group,
                          QEMUClockType type, int scale, int attributes,
                          QEMUTimerCB *cb, void *opaque);

static inline QEMUTimer *timer_new(QEMUClockType type, int scale,
                                   QEMUTimerCB *cb, void *opaque)
{
    return timer_new_full(NULL, type, scale, 0, cb, opaque);
}

static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}

static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}

static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb,
                                      void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}

/* Disarm; the timer may be re-initialized or its memory released. */
void timer_deinit(QEMUTimer *ts);
/* Disarm and g_free a timer from timer_new*(). NULL is ignored. */
void timer_free(QEMUTimer *ts);
void timer_del(QEMUTimer *ts);
/* Arm to fire at @expire_time ns of its clock (re-arms if pending). */
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time);
/* Arm to fire at @expire_time in the timer's scale units. */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
/* Like timer_mod, but only ever moves a pending timer earlier. */
void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time);
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);
bool timer_pending(QEMUTimer *ts);
/* True if the timer is pending and due at @current_time (ns scale units). */
bool timer_expired(QEMUTimer *timer_head, int64_t current_time);
/* Expiry time in ns, or -1 if not pending. */
uint64_t timer_expire_time_ns(QEMUTimer *ts);

#endif
