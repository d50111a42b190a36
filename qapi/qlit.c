/*
 * QLitObject: constant QObjects.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/qlit.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

QObject *qobject_from_qlit(const QLitObject *qlit)
{
    switch (qlit->type) {
    case QTYPE_QNULL:
        return QOBJECT(qnull());
    case QTYPE_QNUM:
        return QOBJECT(qnum_from_int(qlit->value.qnum));
    case QTYPE_QSTRING:
        return QOBJECT(qstring_from_str(qlit->value.qstr));
    case QTYPE_QBOOL:
        return QOBJECT(qbool_from_bool(qlit->value.qbool));
    case QTYPE_QDICT: {
        QDict *dict = qdict_new();
        const QLitDictEntry *e;

        for (e = qlit->value.qdict; e->key; e++) {
            qdict_put_obj(dict, e->key, qobject_from_qlit(&e->value));
        }
        return QOBJECT(dict);
    }
    case QTYPE_QLIST: {
        QList *list = qlist_new();
        const QLitObject *e;

        for (e = qlit->value.qlist; e->type != QTYPE_NONE; e++) {
            qlist_append_obj(list, qobject_from_qlit(e));
        }
        return QOBJECT(list);
    }
    default:
        /* a malformed constant is a bug in the program */
        abort();
    }
}

static bool qlit_equal_dict(const QLitDictEntry *lhs, const QDict *rhs)
{
    size_t count = 0;

    for (; lhs->key; lhs++, count++) {
        QObject *value = qdict_get(rhs, lhs->key);

        if (!value || !qlit_equal_qobject(&lhs->value, value)) {
            return false;
        }
    }
    return count == qdict_size(rhs);
}

static bool qlit_equal_list(const QLitObject *lhs, const QList *rhs)
{
    const QListEntry *e;

    for (e = qlist_first(rhs); e; e = qlist_next(e), lhs++) {
        if (lhs->type == QTYPE_NONE ||
            !qlit_equal_qobject(lhs, qlist_entry_obj(e))) {
            return false;
        }
    }
    return lhs->type == QTYPE_NONE;
}

bool qlit_equal_qobject(const QLitObject *lhs, const QObject *rhs)
{
    int64_t ival;

    if (!rhs || lhs->type != qobject_type(rhs)) {
        return false;
    }
    switch (lhs->type) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QBOOL:
        return lhs->value.qbool == qbool_get_bool(qobject_to(QBool, rhs));
    case QTYPE_QNUM:
        return qnum_get_try_int(qobject_to(QNum, rhs), &ival) &&
               ival == lhs->value.qnum;
    case QTYPE_QSTRING:
        return strcmp(lhs->value.qstr,
                      qstring_get_str(qobject_to(QString, rhs))) == 0;
    case QTYPE_QDICT:
        return qlit_equal_dict(lhs->value.qdict, qobject_to(QDict, rhs));
    case QTYPE_QLIST:
        return qlit_equal_list(lhs->value.qlist, qobject_to(QList, rhs));
    default:
        return false;
    }
}
