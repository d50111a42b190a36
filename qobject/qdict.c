/*
 * QDict: insertion-ordered string map (a hash table for lookup plus a
 * doubly linked list for order).
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qbool.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* QOBJECT() casts: base must come first */
QEMU_BUILD_BUG_ON(offsetof(QDict, base) != 0);

QDict *qdict_new(void)
{
    QDict *qdict = g_new0(QDict, 1);

    qdict->base.type = QTYPE_QDICT;
    qdict->base.refcnt = 1;
    qdict->table = g_hash_table_new(g_str_hash, g_str_equal);
    return qdict;
}

static QDictEntry *qdict_find(const QDict *qdict, const char *key)
{
    return g_hash_table_lookup(qdict->table, key);
}

void qdict_put_obj(QDict *qdict, const char *key, QObject *value)
{
    QDictEntry *entry = qdict_find(qdict, key);

    assert(value);
    if (entry) {
        /* Replace in place; keep the key's position. */
        qobject_unref(entry->value);
        entry->value = value;
        return;
    }
    entry = g_new(QDictEntry, 1);
    entry->key = g_strdup(key);
    entry->value = value;
    entry->next = NULL;
    entry->prev = qdict->last;
    if (qdict->last) {
        qdict->last->next = entry;
    } else {
        qdict->first = entry;
    }
    qdict->last = entry;
    qdict->size++;
    g_hash_table_insert(qdict->table, entry->key, entry);
}

void qdict_put_int(QDict *qdict, const char *key, int64_t value)
{
    qdict_put(qdict, key, qnum_from_int(value));
}

void qdict_put_bool(QDict *qdict, const char *key, bool value)
{
    qdict_put(qdict, key, qbool_from_bool(value));
}

void qdict_put_str(QDict *qdict, const char *key, const char *value)
{
    qdict_put(qdict, key, qstring_from_str(value));
}

void qdict_put_null(QDict *qdict, const char *key)
{
    qdict_put(qdict, key, qnull());
}

QObject *qdict_get(const QDict *qdict, const char *key)
{
    QDictEntry *entry = qdict_find(qdict, key);

    return entry ? entry->value : NULL;
}

bool qdict_haskey(const QDict *qdict, const char *key)
{
    return qdict_find(qdict, key) != NULL;
}

void qdict_del(QDict *qdict, const char *key)
{
    QDictEntry *entry = qdict_find(qdict, key);

    if (!entry) {
        return;
    }
    g_hash_table_remove(qdict->table, key);
    if (entry->prev) {
        entry->prev->next = entry->next;
    } else {
        qdict->first = entry->next;
    }
    if (entry->next) {
        entry->next->prev = entry->prev;
    } else {
        qdict->last = entry->prev;
    }
    qdict->size--;
    qobject_unref(entry->value);
    g_free(entry->key);
    g_free(entry);
}

size_t qdict_size(const QDict *qdict)
{
    return qdict->size;
}

const QDictEntry *qdict_first(const QDict *qdict)
{
    return qdict->first;
}

const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry)
{
    return entry->next;
}

const char *qdict_entry_key(const QDictEntry *entry)
{
    return entry->key;
}

QObject *qdict_entry_value(const QDictEntry *entry)
{
    return entry->value;
}

int64_t qdict_get_int(const QDict *qdict, const char *key)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));

    assert(qn);
    return qnum_get_int(qn);
}

bool qdict_get_bool(const QDict *qdict, const char *key)
{
    QBool *qb = qobject_to(QBool, qdict_get(qdict, key));

    assert(qb);
    return qbool_get_bool(qb);
}

double qdict_get_double(const QDict *qdict, const char *key)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));

    assert(qn);
    return qnum_get_double(qn);
}

const char *qdict_get_str(const QDict *qdict, const char *key)
{
    return qobject_get_try_str(qdict_get(qdict, key));
}

QList *qdict_get_qlist(const QDict *qdict, const char *key)
{
    return qobject_to(QList, qdict_get(qdict, key));
}

QDict *qdict_get_qdict(const QDict *qdict, const char *key)
{
    return qobject_to(QDict, qdict_get(qdict, key));
}

int64_t qdict_get_try_int(const QDict *qdict, const char *key,
                          int64_t def_value)
{
    QNum *qn = qobject_to(QNum, qdict_get(qdict, key));
    int64_t val;

    if (!qn || !qnum_get_try_int(qn, &val)) {
        return def_value;
    }
    return val;
}

bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value)
{
    QBool *qb = qobject_to(QBool, qdict_get(qdict, key));

    return qb ? qbool_get_bool(qb) : def_value;
}

const char *qdict_get_try_str(const QDict *qdict, const char *key)
{
    return qobject_get_try_str(qdict_get(qdict, key));
}

QDict *qdict_clone_shallow(const QDict *src)
{
    QDict *dst = qdict_new();
    const QDictEntry *e;

    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        qdict_put_obj(dst, e->key, qobject_ref(e->value));
    }
    return dst;
}

bool qdict_is_equal(const QObject *x, const QObject *y)
{
    const QDict *a = qobject_to(QDict, x);
    const QDict *b = qobject_to(QDict, y);
    const QDictEntry *e;

    if (a->size != b->size) {
        return false;
    }
    for (e = a->first; e; e = e->next) {
        if (!qobject_is_equal(e->value, qdict_get(b, e->key))) {
            return false;
        }
    }
    return true;
}

void qdict_destroy_obj(QObject *obj)
{
    QDict *qdict = qobject_to(QDict, obj);
    QDictEntry *entry, *next;

    g_hash_table_destroy(qdict->table);
    for (entry = qdict->first; entry; entry = next) {
        next = entry->next;
        qobject_unref(entry->value);
        g_free(entry->key);
        g_free(entry);
    }
    g_free(qdict);
}
