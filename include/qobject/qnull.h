/*
 * QNull: the JSON null. There is exactly one instance; qnull() hands out
 * a new reference to it (drop it with qobject_unref as usual).
 */
#ifndef QOBJECT_QNULL_H
#define QOBJECT_QNULL_H

#include "qobject/qobject.h"

struct QNull {
    struct QObjectBase_ base;
};

extern QNull qnull_;

static inline QNull *qnull(void)
{
    return qobject_ref(&qnull_);
}

static inline void qnull_unref(QNull *q)
{
    qobject_unref(q);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNull, qnull_unref)

#endif
