/*
 * QLitObject: a QObject written as a C constant initializer (used by the
 * generated introspection data), and its conversion to a real QObject.
 *
 *   static const QLitObject x = QLIT_QDICT(((QLitDictEntry[]) {
 *       { "name", QLIT_QSTR("a") },
 *       { "list", QLIT_QLIST(((QLitObject[]) { QLIT_QNUM(1), {} })) },
 *       {}
 *   }));
 *
 * Dict entry arrays end with an entry whose key is NULL, list arrays with
 * an element of type QTYPE_NONE ({}).
 */
#ifndef QAPI_QMP_QLIT_H
#define QAPI_QMP_QLIT_H

#include <stdbool.h>
#include <stdint.h>
#include "qobject/qobject.h"

typedef struct QLitDictEntry QLitDictEntry;
typedef struct QLitObject QLitObject;

struct QLitObject {
    QType type;
    union {
        bool qbool;
        int64_t qnum;
        const char *qstr;
        QLitDictEntry *qdict;
        QLitObject *qlist;
    } value;
};

struct QLitDictEntry {
    const char *key;
    QLitObject value;
};

#define QLIT_QNULL { .type = QTYPE_QNULL }
#define QLIT_QBOOL(val) { .type = QTYPE_QBOOL, .value.qbool = (val) }
#define QLIT_QNUM(val) { .type = QTYPE_QNUM, .value.qnum = (val) }
#define QLIT_QSTR(val) { .type = QTYPE_QSTRING, .value.qstr = (val) }
#define QLIT_QDICT(val) { .type = QTYPE_QDICT, .value.qdict = (val) }
#define QLIT_QLIST(val) { .type = QTYPE_QLIST, .value.qlist = (val) }

/* A new QObject equal to @qlit. */
QObject *qobject_from_qlit(const QLitObject *qlit);

/* Whether @rhs equals @lhs (dicts compare as sets of members). */
bool qlit_equal_qobject(const QLitObject *lhs, const QObject *rhs);

#endif
