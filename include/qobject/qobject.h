/*
 * QObject: the reference-counted, dynamically typed values of QEMU
 * (QNull, QNum, QString, QDict, QList, QBool).
 *
 * Ownership rules:
 * - Every QObject starts with a reference count of 1, owned by its creator.
 * - qobject_ref() takes another reference, qobject_unref() drops one; the
 *   object (and everything it owns) is freed when the count reaches zero.
 * - Functions that "take" a value (qdict_put_obj, qlist_append_obj) steal the
 *   caller's reference; getters (qdict_get, qlist_peek) return a borrowed
 *   pointer that stays valid as long as the container holds it.
 * - Reference counting is atomic, so values may be shared between threads;
 *   mutating a container is not thread-safe.
 *
 * Every concrete type has "struct QObjectBase_ base" as its first member, so
 * QOBJECT(x) converts any of them (and QObject itself) to QObject *, and
 * qobject_to(Type, obj) is the checked downcast.
 */
#ifndef QOBJECT_QOBJECT_H
#define QOBJECT_QOBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#include "qemu/compiler.h"

/*
 * The type tag. The values and their order are those of QEMU's QType (the
 * QAPI schema's builtin enum); the QAPI generator must not emit a second
 * definition of it.
 */
#ifndef QEMU_QTYPE_DEFINED
#define QEMU_QTYPE_DEFINED
typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;
#endif

typedef struct QObject QObject;
typedef struct QNull QNull;
typedef struct QNum QNum;
typedef struct QString QString;
typedef struct QDict QDict;
typedef struct QList QList;
typedef struct QBool QBool;

struct QObjectBase_ {
    QType type;
    size_t refcnt;
};

struct QObject {
    struct QObjectBase_ base;
};

/* The lower-case QAPI name of @type: "qnull", "qnum", ..., "none". */
const char *qtype_name(QType type);

/*
 * QOBJECT(x): a pointer to any QObject subtype (or to QObject itself, const
 * or not, possibly NULL) as a QObject *. A plain void * is accepted too,
 * so that qobject_unref(NULL) compiles; other pointer types do not. Works with incomplete types: "base" is the first member of
 * every subtype (checked at build time in each type's .c file).
 */
#define QOBJECT(obj) ((QObject *)_Generic((obj),                      \
    QObject *: (obj), const QObject *: (obj),                         \
    QNull *: (obj), const QNull *: (obj),                             \
    QNum *: (obj), const QNum *: (obj),                               \
    QString *: (obj), const QString *: (obj),                         \
    QDict *: (obj), const QDict *: (obj),                             \
    QList *: (obj), const QList *: (obj),                             \
    QBool *: (obj), const QBool *: (obj),                             \
    void *: (obj)))

/* Internal: the out-of-line halves of the macros below. */
void qobject_ref_impl(QObject *obj);
void qobject_unref_impl(QObject *obj);
QObject *qobject_check_type(const QObject *obj, QType type);

/*
 * qobject_ref(obj): take a reference on @obj (any QObject subtype, may be
 * NULL) and return @obj with its own type, so that
 * "QDict *d = qobject_ref(other);" needs no cast.
 */
#define qobject_ref(obj) ({                                          \
    typeof(obj) qref_ = (obj);                                       \
    qobject_ref_impl(QOBJECT(qref_));                                \
    qref_;                                                           \
})

/* qobject_unref(obj): drop a reference on @obj (any subtype, may be NULL). */
#define qobject_unref(obj) qobject_unref_impl(QOBJECT(obj))

/* The type of @obj, QTYPE_NONE for NULL. */
static inline QType qobject_type(const QObject *obj)
{
    return obj ? obj->base.type : QTYPE_NONE;
}

#define QTYPE_CAST_TO_QNull   QTYPE_QNULL
#define QTYPE_CAST_TO_QNum    QTYPE_QNUM
#define QTYPE_CAST_TO_QString QTYPE_QSTRING
#define QTYPE_CAST_TO_QDict   QTYPE_QDICT
#define QTYPE_CAST_TO_QList   QTYPE_QLIST
#define QTYPE_CAST_TO_QBool   QTYPE_QBOOL

/*
 * qobject_to(Type, obj): @obj as a Type *, or NULL when @obj is NULL or of
 * another type. Borrowed: no reference is taken.
 */
#define qobject_to(type, obj) \
    ((type *)qobject_check_type(QOBJECT(obj), QTYPE_CAST_TO_##type))

/*
 * Deep equality. Numbers compare by value across kinds (int 1 == uint 1;
 * a double equals an integer only when it holds exactly that value; NaN is
 * equal to nothing). Dicts compare as sets of key/value pairs (order does
 * not matter), lists element by element. Two NULLs are equal.
 */
bool qobject_is_equal(const QObject *x, const QObject *y);

/*
 * Internal: called when the count of @obj reaches zero (type dispatch).
 */
void qobject_destroy(QObject *obj);

static inline void qobject_unref_cleanup(QObject *obj)
{
    qobject_unref_impl(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QObject, qobject_unref_cleanup)

#endif
