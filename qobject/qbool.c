/*
 * QBool: boolean values.
 */
#include "qemu/osdep.h"
#include "qobject/qbool.h"

/* QOBJECT() casts: base must come first */
QEMU_BUILD_BUG_ON(offsetof(QBool, base) != 0);

QBool *qbool_from_bool(bool value)
{
    QBool *qb = g_new(QBool, 1);

    qb->base.type = QTYPE_QBOOL;
    qb->base.refcnt = 1;
    qb->value = value;
    return qb;
}

bool qbool_get_bool(const QBool *qb)
{
    return qb->value;
}

bool qbool_is_equal(const QObject *x, const QObject *y)
{
    return qobject_to(QBool, x)->value == qobject_to(QBool, y)->value;
}

void qbool_destroy_obj(QObject *obj)
{
    g_free(qobject_to(QBool, obj));
}
