/*
 * QObject: reference counting, type dispatch and deep equality.
 */
#include "qemu/osdep.h"
#include "qobject/qobject.h"
#include "qobject/qnull.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qobject/qlist.h"
#include "qobject/qdict.h"

static const char *const qtype_names[QTYPE__MAX] = {
    [QTYPE_NONE] = "none",
    [QTYPE_QNULL] = "qnull",
    [QTYPE_QNUM] = "qnum",
    [QTYPE_QSTRING] = "qstring",
    [QTYPE_QDICT] = "qdict",
    [QTYPE_QLIST] = "qlist",
    [QTYPE_QBOOL] = "qbool",
};

const char *qtype_name(QType type)
{
    if (type < 0 || type >= QTYPE__MAX) {
        return "invalid";
    }
    return qtype_names[type];
}

void qobject_ref_impl(QObject *obj)
{
    if (obj) {
        __atomic_fetch_add(&obj->base.refcnt, 1, __ATOMIC_RELAXED);
    }
}

void qobject_unref_impl(QObject *obj)
{
    if (!obj) {
        return;
    }
    assert(obj->base.refcnt > 0);
    if (__atomic_sub_fetch(&obj->base.refcnt, 1, __ATOMIC_ACQ_REL) == 0) {
        qobject_destroy(obj);
    }
}

QObject *qobject_check_type(const QObject *obj, QType type)
{
    if (obj && obj->base.type == type) {
        return (QObject *)obj;
    }
    return NULL;
}

/* One destructor per type, indexed by QType. */
static void (*const qobject_destroy_fns[QTYPE__MAX])(QObject *) = {
    [QTYPE_QNULL] = NULL,           /* the singleton is never freed */
    [QTYPE_QNUM] = qnum_destroy_obj,
    [QTYPE_QSTRING] = qstring_destroy_obj,
    [QTYPE_QDICT] = qdict_destroy_obj,
    [QTYPE_QLIST] = qlist_destroy_obj,
    [QTYPE_QBOOL] = qbool_destroy_obj,
};

void qobject_destroy(QObject *obj)
{
    QType type = obj->base.type;

    assert(type > QTYPE_NONE && type < QTYPE__MAX);
    if (qobject_destroy_fns[type]) {
        qobject_destroy_fns[type](obj);
    }
}

static bool qnull_is_equal(const QObject *x, const QObject *y)
{
    return true;
}

static bool (*const qobject_is_equal_fns[QTYPE__MAX])(const QObject *,
                                                     const QObject *) = {
    [QTYPE_QNULL] = qnull_is_equal,
    [QTYPE_QNUM] = qnum_is_equal,
    [QTYPE_QSTRING] = qstring_is_equal,
    [QTYPE_QDICT] = qdict_is_equal,
    [QTYPE_QLIST] = qlist_is_equal,
    [QTYPE_QBOOL] = qbool_is_equal,
};

bool qobject_is_equal(const QObject *x, const QObject *y)
{
    /* No x == y shortcut: a NaN is not equal to itself. */
    if (!x && !y) {
        return true;
    }
    if (!x || !y || x->base.type != y->base.type) {
        return false;
    }
    assert(x->base.type > QTYPE_NONE && x->base.type < QTYPE__MAX);
    return qobject_is_equal_fns[x->base.type](x, y);
}
