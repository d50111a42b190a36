/*
 * Clocks, timer lists and timers.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qemu/thread.h"
#include "qemu/main-loop.h"

#include <poll.h>
#include <time.h>

typedef struct QEMUClock {
    QEMUClockType type;
    bool enabled;
    /* All timer lists of this clock, for the *_all queries. */
    QemuMutex lists_lock;
    GSList *lists;
} QEMUClock;

struct QEMUTimerList {
    QEMUClock *clock;
    QemuMutex active_timers_lock;
    QEMUTimer *active_timers;        /* sorted by expire_time */
    QEMUTimerListNotifyCB *notify_cb;
    void *notify_opaque;
};

static QEMUClock qemu_clocks[QEMU_CLOCK_MAX];
QEMUTimerListGroup main_loop_tlg;

/* The virtual clock: host monotonic time minus the time spent stopped. */
static struct {
    QemuSpin lock;
    bool ticking;
    int64_t offset;         /* virtual = get_clock() + offset while ticking */
    int64_t frozen_value;   /* virtual time while stopped */
} vclock;

int64_t get_clock(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

int64_t get_clock_realtime(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * NANOSECONDS_PER_SECOND + ts.tv_nsec;
}

static int64_t virtual_clock_get(void)
{
    int64_t value;

    qemu_spin_lock(&vclock.lock);
    value = vclock.ticking ? get_clock() + vclock.offset : vclock.frozen_value;
    qemu_spin_unlock(&vclock.lock);
    return value;
}

void cpu_disable_ticks(void)
{
    qemu_spin_lock(&vclock.lock);
    if (vclock.ticking) {
        vclock.frozen_value = get_clock() + vclock.offset;
        vclock.ticking = false;
    }
    qemu_spin_unlock(&vclock.lock);
}

void cpu_enable_ticks(void)
{
    qemu_spin_lock(&vclock.lock);
    if (!vclock.ticking) {
        vclock.offset = vclock.frozen_value - get_clock();
        vclock.ticking = true;
    }
    qemu_spin_unlock(&vclock.lock);
    /* Virtual timers may be due now. */
    qemu_notify_event();
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return get_clock();
    case QEMU_CLOCK_HOST:
        return get_clock_realtime();
    case QEMU_CLOCK_VIRTUAL:
    case QEMU_CLOCK_VIRTUAL_RT:
        return virtual_clock_get();
    default:
        fprintf(stderr, "qemu: qemu_clock_get_ns: bad clock type %d\n", type);
        abort();
    }
}

static void qemu_timer_notify_cb(void *opaque, QEMUClockType type)
{
    qemu_notify_event();
}

static void __attribute__((constructor)) init_clocks(void)
{
    QEMUClockType type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        qemu_clocks[type].type = type;
        qemu_clocks[type].enabled = true;
        qemu_mutex_init(&qemu_clocks[type].lists_lock);
    }
    qemu_spin_init(&vclock.lock);
    vclock.ticking = true;
    vclock.offset = -get_clock();
    timerlistgroup_init(&main_loop_tlg, qemu_timer_notify_cb, NULL);
}

/* --- timer lists -------------------------------------------------------- */

QEMUTimerList *timerlist_new(QEMUClockType type, QEMUTimerListNotifyCB *cb,
                             void *opaque)
{
    QEMUClock *clock = &qemu_clocks[type];
    QEMUTimerList *tl = g_new0(QEMUTimerList, 1);

    tl->clock = clock;
    tl->notify_cb = cb;
    tl->notify_opaque = opaque;
    qemu_mutex_init(&tl->active_timers_lock);
    qemu_mutex_lock(&clock->lists_lock);
    clock->lists = g_slist_prepend(clock->lists, tl);
    qemu_mutex_unlock(&clock->lists_lock);
    return tl;
}

void timerlist_free(QEMUTimerList *timer_list)
{
    QEMUClock *clock = timer_list->clock;

    if (timer_list->active_timers) {
        fprintf(stderr, "qemu: timerlist_free of a list with pending timers\n");
        abort();
    }
    qemu_mutex_lock(&clock->lists_lock);
    clock->lists = g_slist_remove(clock->lists, timer_list);
    qemu_mutex_unlock(&clock->lists_lock);
    qemu_mutex_destroy(&timer_list->active_timers_lock);
    g_free(timer_list);
}

bool timerlist_has_timers(QEMUTimerList *timer_list)
{
    return qatomic_read(&timer_list->active_timers) != NULL;
}

static int64_t timerlist_first_expiry(QEMUTimerList *timer_list)
{
    int64_t expire = -1;

    qemu_mutex_lock(&timer_list->active_timers_lock);
    if (timer_list->active_timers) {
        expire = timer_list->active_timers->expire_time;
    }
    qemu_mutex_unlock(&timer_list->active_timers_lock);
    return expire;
}

bool timerlist_expired(QEMUTimerList *timer_list)
{
    int64_t expire;

    if (!timerlist_has_timers(timer_list)) {
        return false;
    }
    expire = timerlist_first_expiry(timer_list);
    return expire >= 0 &&
           expire <= qemu_clock_get_ns(timer_list->clock->type);
}

int64_t timerlist_deadline_ns(QEMUTimerList *timer_list)
{
    int64_t expire, delta;

    if (!qatomic_read(&timer_list->clock->enabled) ||
        !timerlist_has_timers(timer_list)) {
        return -1;
    }
    expire = timerlist_first_expiry(timer_list);
    if (expire < 0) {
        return -1;
    }
    delta = expire - qemu_clock_get_ns(timer_list->clock->type);
    return delta <= 0 ? 0 : delta;
}

QEMUClockType timerlist_get_clock(QEMUTimerList *timer_list)
{
    return timer_list->clock->type;
}

void timerlist_notify(QEMUTimerList *timer_list)
{
    if (timer_list->notify_cb) {
        timer_list->notify_cb(timer_list->notify_opaque,
                              timer_list->clock->type);
    } else {
        qemu_notify_event();
    }
}

bool timerlist_run_timers(QEMUTimerList *timer_list)
{
    bool progress = false;
    int64_t now;

    if (!qatomic_read(&timer_list->clock->enabled) ||
        !timerlist_has_timers(timer_list)) {
        return false;
    }
    now = qemu_clock_get_ns(timer_list->clock->type);
    for (;;) {
        QEMUTimer *ts;
        QEMUTimerCB *cb;
        void *opaque;

        qemu_mutex_lock(&timer_list->active_timers_lock);
        ts = timer_list->active_timers;
        if (!ts || ts->expire_time > now) {
            qemu_mutex_unlock(&timer_list->active_timers_lock);
            break;
        }
        /* Unlink before the callback, which may re-arm or free it. */
        timer_list->active_timers = ts->next;
        ts->next = NULL;
        ts->expire_time = -1;
        cb = ts->cb;
        opaque = ts->opaque;
        qemu_mutex_unlock(&timer_list->active_timers_lock);

        cb(opaque);
        progress = true;
    }
    return progress;
}

void timerlistgroup_init(QEMUTimerListGroup *tlg, QEMUTimerListNotifyCB *cb,
                         void *opaque)
{
    QEMUClockType type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        tlg->tl[type] = timerlist_new(type, cb, opaque);
    }
}

void timerlistgroup_deinit(QEMUTimerListGroup *tlg)
{
    QEMUClockType type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        if (tlg->tl[type]) {
            timerlist_free(tlg->tl[type]);
            tlg->tl[type] = NULL;
        }
    }
}

bool timerlistgroup_run_timers(QEMUTimerListGroup *tlg)
{
    bool progress = false;
    QEMUClockType type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        progress |= timerlist_run_timers(tlg->tl[type]);
    }
    return progress;
}

int64_t timerlistgroup_deadline_ns(QEMUTimerListGroup *tlg)
{
    int64_t deadline = -1;
    QEMUClockType type;

    for (type = 0; type < QEMU_CLOCK_MAX; type++) {
        deadline = qemu_soonest_timeout(deadline,
                                        timerlist_deadline_ns(tlg->tl[type]));
    }
    return deadline;
}

int qemu_timeout_ns_to_ms(int64_t ns)
{
    int64_t ms;

    if (ns < 0) {
        return -1;
    }
    if (ns == 0) {
        return 0;
    }
    ms = DIV_ROUND_UP(ns, SCALE_MS);
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int qemu_poll_ns(GPollFD *fds, guint nfds, int64_t timeout)
{
    struct timespec ts, *pts = NULL;
    int ret;

    QEMU_BUILD_BUG_ON(sizeof(GPollFD) != sizeof(struct pollfd));
    if (timeout >= 0) {
        ts.tv_sec = timeout / NANOSECONDS_PER_SECOND;
        ts.tv_nsec = timeout % NANOSECONDS_PER_SECOND;
        pts = &ts;
    }
    do {
        ret = ppoll((struct pollfd *)fds, nfds, pts, NULL);
    } while (ret < 0 && errno == EINTR && timeout < 0);
    return ret;
}

/* --- clocks as a whole -------------------------------------------------- */

void qemu_clock_enable(QEMUClockType type, bool enabled)
{
    bool old = qatomic_xchg(&qemu_clocks[type].enabled, enabled);

    if (enabled && !old) {
        qemu_notify_event();
    }
}

bool qemu_clock_has_timers(QEMUClockType type)
{
    return timerlist_has_timers(main_loop_tlg.tl[type]);
}

bool qemu_clock_expired(QEMUClockType type)
{
    return timerlist_expired(main_loop_tlg.tl[type]);
}

int64_t qemu_clock_deadline_ns_all(QEMUClockType type, int attr_mask)
{
    QEMUClock *clock = &qemu_clocks[type];
    int64_t deadline = -1;
    int64_t now;
    GSList *l;

    if (!qatomic_read(&clock->enabled)) {
        return -1;
    }
    now = qemu_clock_get_ns(type);
    qemu_mutex_lock(&clock->lists_lock);
    for (l = clock->lists; l; l = l->next) {
        QEMUTimerList *tl = l->data;
        QEMUTimer *ts;

        qemu_mutex_lock(&tl->active_timers_lock);
        for (ts = tl->active_timers; ts; ts = ts->next) {
            /* Count timers all of whose attributes are in the mask. */
            if (!(ts->attributes & ~attr_mask)) {
                deadline = qemu_soonest_timeout(deadline,
                                                MAX(ts->expire_time - now, 0));
                break;
            }
        }
        qemu_mutex_unlock(&tl->active_timers_lock);
    }
    qemu_mutex_unlock(&clock->lists_lock);
    return deadline;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    return timerlist_run_timers(main_loop_tlg.tl[type]);
}

bool qemu_clock_run_all_timers(void)
{
    return timerlistgroup_run_timers(&main_loop_tlg);
}

/* --- timers ------------------------------------------------------------- */

void timer_init_full(QEMUTimer *ts, QEMUTimerListGroup *timer_list_group,
                     QEMUClockType type, int scale, int attributes,
                     QEMUTimerCB *cb, void *opaque)
{
    if (!timer_list_group) {
        timer_list_group = &main_loop_tlg;
    }
    ts->timer_list = timer_list_group->tl[type];
    ts->cb = cb;
    ts->opaque = opaque;
    ts->scale = scale;
    ts->attributes = attributes;
    ts->expire_time = -1;
    ts->next = NULL;
}

QEMUTimer *timer_new_full(QEMUTimerListGroup *timer_list_group,
                          QEMUClockType type, int scale, int attributes,
                          QEMUTimerCB *cb, void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    timer_init_full(ts, timer_list_group, type, scale, attributes, cb, opaque);
    return ts;
}

/* Unlink @ts if pending; caller holds the list lock. */
static void timer_unlink_locked(QEMUTimerList *tl, QEMUTimer *ts)
{
    QEMUTimer **pt;

    ts->expire_time = -1;
    for (pt = &tl->active_timers; *pt; pt = &(*pt)->next) {
        if (*pt == ts) {
            *pt = ts->next;
            ts->next = NULL;
            return;
        }
    }
}

/* Insert @ts sorted; caller holds the lock. True if it became the head. */
static bool timer_insert_locked(QEMUTimerList *tl, QEMUTimer *ts,
                                int64_t expire_time)
{
    QEMUTimer **pt = &tl->active_timers;

    /* After all timers with an equal expiry: they fire in arming order. */
    while (*pt && (*pt)->expire_time <= expire_time) {
        pt = &(*pt)->next;
    }
    ts->expire_time = expire_time;
    ts->next = *pt;
    *pt = ts;
    return pt == &tl->active_timers;
}

void timer_del(QEMUTimer *ts)
{
    QEMUTimerList *tl = ts->timer_list;

    if (!tl) {
        return;
    }
    qemu_mutex_lock(&tl->active_timers_lock);
    timer_unlink_locked(tl, ts);
    qemu_mutex_unlock(&tl->active_timers_lock);
}

void timer_deinit(QEMUTimer *ts)
{
    timer_del(ts);
    ts->timer_list = NULL;
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    bool rearm;

    qemu_mutex_lock(&tl->active_timers_lock);
    timer_unlink_locked(tl, ts);
    rearm = timer_insert_locked(tl, ts, MAX(expire_time, 0));
    qemu_mutex_unlock(&tl->active_timers_lock);
    if (rearm) {
        timerlist_notify(tl);
    }
}

void timer_mod_anticipate_ns(QEMUTimer *ts, int64_t expire_time)
{
    QEMUTimerList *tl = ts->timer_list;
    bool rearm = false;

    expire_time = MAX(expire_time, 0);
    qemu_mutex_lock(&tl->active_timers_lock);
    if (ts->expire_time == -1 || ts->expire_time > expire_time) {
        timer_unlink_locked(tl, ts);
        rearm = timer_insert_locked(tl, ts, expire_time);
    }
    qemu_mutex_unlock(&tl->active_timers_lock);
    if (rearm) {
        timerlist_notify(tl);
    }
}

static int64_t timer_scaled(QEMUTimer *ts, int64_t expire_time)
{
    /* Saturate rather than overflow on huge expiry times. */
    if (expire_time > INT64_MAX / ts->scale) {
        return INT64_MAX;
    }
    return expire_time * ts->scale;
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns(ts, timer_scaled(ts, expire_time));
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_anticipate_ns(ts, timer_scaled(ts, expire_time));
}

bool timer_pending(QEMUTimer *ts)
{
    return qatomic_read(&ts->expire_time) >= 0;
}

bool timer_expired(QEMUTimer *timer_head, int64_t current_time)
{
    int64_t expire = qatomic_read(&timer_head->expire_time);

    return expire >= 0 && expire <= timer_scaled(timer_head, current_time);
}

uint64_t timer_expire_time_ns(QEMUTimer *ts)
{
    return timer_pending(ts) ? (uint64_t)ts->expire_time : (uint64_t)-1;
}
