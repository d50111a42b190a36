/*
 * QList: an ordered sequence of QObjects (the JSON array).
 *
 * Iterate with
 *     QListEntry *e;
 *     QLIST_FOREACH_ENTRY(list, e) {
 *         QObject *v = qlist_entry_obj(e);
 *     }
 */
#ifndef QOBJECT_QLIST_H
#define QOBJECT_QLIST_H

#include <stdint.h>
#include "qobject/qobject.h"

typedef struct QListEntry QListEntry;

struct QListEntry {
    QObject *value;
    QListEntry *next;
};

struct QList {
    struct QObjectBase_ base;
    QListEntry *head;
    QListEntry *tail;
    size_t size;
};

#define QLIST_FOREACH_ENTRY(qlist, var) \
    for ((var) = (qlist)->head; (var); (var) = (var)->next)

static inline QObject *qlist_entry_obj(const QListEntry *entry)
{
    return entry->value;
}

QList *qlist_new(void);

/* Appends @obj, taking over the caller's reference. */
void qlist_append_obj(QList *qlist, QObject *obj);
/* qlist_append(list, x): as qlist_append_obj for any QObject subtype. */
#define qlist_append(qlist, obj) qlist_append_obj(qlist, QOBJECT(obj))

void qlist_append_int(QList *qlist, int64_t value);
void qlist_append_bool(QList *qlist, bool value);
void qlist_append_str(QList *qlist, const char *value);
void qlist_append_null(QList *qlist);

/* Removes the first element and returns it (the caller owns it); NULL if empty. */
QObject *qlist_pop(QList *qlist);
/* The first element, borrowed; NULL if empty. */
QObject *qlist_peek(QList *qlist);

size_t qlist_size(const QList *qlist);
bool qlist_empty(const QList *qlist);

const QListEntry *qlist_first(const QList *qlist);
const QListEntry *qlist_next(const QListEntry *entry);

/* A new list holding new references to the same elements (shallow copy). */
QList *qlist_copy(QList *src);

/* Internal, for qobject_is_equal() and qobject_destroy(). */
bool qlist_is_equal(const QObject *x, const QObject *y);
void qlist_destroy_obj(QObject *obj);

static inline void qlist_unref(QList *q)
{
    qobject_unref(q);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qlist_unref)

#endif
