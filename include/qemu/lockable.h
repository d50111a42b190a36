/*
 * QemuLockable: one handle over the different kinds of lock (QemuMutex,
 * QemuRecMutex, QemuSpin, CoMutex), and scope-based lock guards.
 *
 *     QEMU_LOCK_GUARD(&s->lock);            // held until end of the block
 *     WITH_QEMU_LOCK_GUARD(&s->lock) {      // held inside the braces;
 *         ...                               // "break" and "return" unlock
 *     }
 *
 * A CoMutex guard may only be used in coroutine context.
 */
#ifndef QEMU_LOCKABLE_H
#define QEMU_LOCKABLE_H

#include <glib.h>
#include "qemu/thread.h"

typedef struct CoMutex CoMutex;
void qemu_co_mutex_lock(CoMutex *mutex);
void qemu_co_mutex_unlock(CoMutex *mutex);

typedef void QemuLockUnlockFunc(void *);

typedef struct QemuLockable {
    void *object;
    QemuLockUnlockFunc *lock;
    QemuLockUnlockFunc *unlock;
} QemuLockable;

static inline void qemu_lockable_mutex_lock(void *m)
{
    qemu_mutex_lock((QemuMutex *)m);
}

static inline void qemu_lockable_mutex_unlock(void *m)
{
    qemu_mutex_unlock((QemuMutex *)m);
}

static inline void qemu_lockable_rec_mutex_lock(void *m)
{
    qemu_rec_mutex_lock((QemuRecMutex *)m);
}

static inline void qemu_lockable_rec_mutex_unlock(void *m)
{
    qemu_rec_mutex_unlock((QemuRecMutex *)m);
}

static inline void qemu_lockable_spin_lock(void *s)
{
    qemu_spin_lock((QemuSpin *)s);
}

static inline void qemu_lockable_spin_unlock(void *s)
{
    qemu_spin_unlock((QemuSpin *)s);
}

static inline void qemu_lockable_co_mutex_lock(void *m)
{
    qemu_co_mutex_lock((CoMutex *)m);
}

static inline void qemu_lockable_co_mutex_unlock(void *m)
{
    qemu_co_mutex_unlock((CoMutex *)m);
}

/* The lock/unlock function for the type of @x (NULL for other types). */
#define QEMU_LOCKABLE_FUNC_(x, what) _Generic((x),                       \
        QemuMutex *: qemu_lockable_mutex_##what,                        \
        QemuRecMutex *: qemu_lockable_rec_mutex_##what,                 \
        QemuSpin *: qemu_lockable_spin_##what,                          \
        CoMutex *: qemu_lockable_co_mutex_##what,                       \
        default: (QemuLockUnlockFunc *)0)

#define QEMU_MAKE_LOCKABLE_NONNULL(x)                                   \
    (&(QemuLockable){ (void *)(x), QEMU_LOCKABLE_FUNC_((x), lock),      \
                      QEMU_LOCKABLE_FUNC_((x), unlock) })

/* A function, not "?:", so that "&s->lock" draws no always-true warning. */
static inline QemuLockable *qemu_make_lockable(void *x, QemuLockable *lockable)
{
    return x ? lockable : NULL;
}

/*
 * A QemuLockable for lock @x, living until the end of the enclosing block.
 * @x may also be NULL (gives NULL) or already a QemuLockable pointer.
 */
#define QEMU_MAKE_LOCKABLE(x) _Generic((x),                             \
        QemuLockable *: (QemuLockable *)(x),                            \
        void *: (QemuLockable *)NULL,                                   \
        default: qemu_make_lockable((x), QEMU_MAKE_LOCKABLE_NONNULL(x)))

static inline void qemu_lockable_lock(QemuLockable *x)
{
    x->lock(x->object);
}

static inline void qemu_lockable_unlock(QemuLockable *x)
{
    x->unlock(x->object);
}

static inline QemuLockable *qemu_lockable_auto_lock(QemuLockable *x)
{
    qemu_lockable_lock(x);
    return x;
}

static inline void qemu_lockable_auto_unlock(QemuLockable *x)
{
    if (x) {
        qemu_lockable_unlock(x);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuLockable, qemu_lockable_auto_unlock)

#define QEMU_LOCK_GUARD_GLUE_(a, b) a##b
#define QEMU_LOCK_GUARD_NAME_(n) QEMU_LOCK_GUARD_GLUE_(qemu_lockable_auto, n)

#define WITH_QEMU_LOCK_GUARD_(x, var)                                   \
    for (g_autoptr(QemuLockable) var =                                  \
             qemu_lockable_auto_lock(QEMU_MAKE_LOCKABLE_NONNULL((x)));  \
         var;                                                           \
         qemu_lockable_auto_unlock(var), var = NULL)

#define WITH_QEMU_LOCK_GUARD(x) \
    WITH_QEMU_LOCK_GUARD_((x), QEMU_LOCK_GUARD_NAME_(__COUNTER__))

#define QEMU_LOCK_GUARD(x)                                              \
    g_autoptr(QemuLockable) QEMU_LOCK_GUARD_NAME_(__COUNTER__)          \
        G_GNUC_UNUSED =                                                 \
        qemu_lockable_auto_lock(QEMU_MAKE_LOCKABLE_NONNULL((x)))

#endif
