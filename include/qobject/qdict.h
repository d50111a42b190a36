/*
 * QDict: a string-keyed map of QObjects (the JSON object).
 *
 * Unlike QEMU's, this QDict keeps insertion order: qdict_first/qdict_next
 * and the JSON writer visit keys in the order they were first put. Putting
 * an existing key replaces its value in place (the position is kept).
 *
 * Iterate with
 *     const QDictEntry *e;
 *     for (e = qdict_first(d); e; e = qdict_next(d, e)) {
 *         ... qdict_entry_key(e), qdict_entry_value(e) ...
 *     }
 * Deleting the current entry is allowed if qdict_next() was called first.
 */
#ifndef QOBJECT_QDICT_H
#define QOBJECT_QDICT_H

#include <stdint.h>
#include "qobject/qobject.h"
#include "qemu/error.h"

typedef struct QDictEntry QDictEntry;

struct QDictEntry {
    char *key;
    QObject *value;
    QDictEntry *prev;
    QDictEntry *next;
};

struct QDict {
    struct QObjectBase_ base;
    size_t size;
    QDictEntry *first;
    QDictEntry *last;
    GHashTable *table;     /* key -> QDictEntry *, keys owned by entries */
};

QDict *qdict_new(void);

/* Puts @value (taking over the caller's reference) under @key. */
void qdict_put_obj(QDict *qdict, const char *key, QObject *value);
/* qdict_put(d, key, x): as qdict_put_obj for any QObject subtype. */
#define qdict_put(qdict, key, obj) qdict_put_obj(qdict, key, QOBJECT(obj))

void qdict_put_int(QDict *qdict, const char *key, int64_t value);
void qdict_put_bool(QDict *qdict, const char *key, bool value);
void qdict_put_str(QDict *qdict, const char *key, const char *value);
void qdict_put_null(QDict *qdict, const char *key);

/* The value under @key, borrowed; NULL if absent. */
QObject *qdict_get(const QDict *qdict, const char *key);
bool qdict_haskey(const QDict *qdict, const char *key);
/* Removes @key (and drops its value); no-op if absent. */
void qdict_del(QDict *qdict, const char *key);
size_t qdict_size(const QDict *qdict);

const QDictEntry *qdict_first(const QDict *qdict);
const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry);
const char *qdict_entry_key(const QDictEntry *entry);
QObject *qdict_entry_value(const QDictEntry *entry);

/*
 * Typed getters for values the caller knows are there with the right type
 * (a programming error otherwise: int/bool/double assert; the pointer
 * getters return NULL). For user input use the try_ variants or
 * qobject_to() with your own error message.
 */
int64_t qdict_get_int(const QDict *qdict, const char *key);
bool qdict_get_bool(const QDict *qdict, const char *key);
double qdict_get_double(const QDict *qdict, const char *key);
const char *qdict_get_str(const QDict *qdict, const char *key);
QList *qdict_get_qlist(const QDict *qdict, const char *key);
QDict *qdict_get_qdict(const QDict *qdict, const char *key);

/* The value if present with the right type (and range), else @def_value. */
int64_t qdict_get_try_int(const QDict *qdict, const char *key, int64_t def_value);
bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value);
/* The string if present and a QString, else NULL. */
const char *qdict_get_try_str(const QDict *qdict, const char *key);

/* A new dict with new references to the same values (shallow copy). */
QDict *qdict_clone_shallow(const QDict *src);

/*
 * Helpers for option dicts (QEMU's block-qdict API). Flat option dicts use
 * dotted keys: "file.filename" is key "filename" of the dict under "file",
 * "server.0.host" is key "host" of element 0 of the list under "server".
 */

/* Copies @key from @src to @dst (new reference) unless @dst has it already. */
void qdict_copy_default(QDict *dst, QDict *src, const char *key);
/* Puts the string @val under @key unless @dst has @key already. */
void qdict_set_default_str(QDict *dst, const char *key, const char *val);
/*
 * Moves every entry of @src into @dest. With @overwrite, entries of @src
 * replace those of @dest; without, clashing entries stay in @src.
 */
void qdict_join(QDict *dest, QDict *src, bool overwrite);

/*
 * Flattens nested dicts and lists in place: {"a": {"b": 1}, "l": [2]}
 * becomes {"a.b": 1, "l.0": 2}. Empty nested dicts and lists are kept as
 * values. Keys are not escaped.
 */
void qdict_flatten(QDict *qdict);

/*
 * Moves every entry of @src whose key starts with @start into a new dict
 * *@dst, with the prefix removed. *@dst is set even when nothing matched.
 */
void qdict_extract_subqdict(QDict *src, QDict **dst, const char *start);

/*
 * Splits the entries "0", "1", ... (scalars) or "0.*", "1.*", ... (moved
 * into a dict each, prefix removed) of @src into a new list *@dst, stopping
 * at the first missing index. If an index has both a plain key and dotted
 * keys, the plain key is taken and the dotted keys stay in @src.
 */
void qdict_array_split(QDict *src, QList **dst);

/*
 * Counts the array elements "<subqdict>0", "<subqdict>1", ... (each either
 * a plain key or a prefix of dotted keys). Returns -EINVAL if @src has
 * other keys starting with @subqdict or an index is missing.
 */
int qdict_array_entries(QDict *src, const char *subqdict);

/*
 * Turns a flat dict with dotted keys into nested dicts; a level whose keys
 * are exactly 0, 1, ..., n-1 becomes a list. ".." in a key is an escaped
 * literal dot. Values must be scalars or empty dicts/lists. Returns the
 * new QDict or QList, or NULL with an error: "Value <key> is not flat",
 * "Key '<prefix>' is used both as a value and as a dict or list prefix",
 * "Cannot mix list and non-list keys under '<prefix>'",
 * "Missing list index <n> under '<prefix>'" (prefix "" at top level).
 */
QObject *qdict_crumple(const QDict *src, Error **errp);

/*
 * As qdict_crumple(), but first converts every scalar to its string form
 * (numbers via qnum_to_string, bools "on"/"off"), as the keyval-based
 * QAPI input visitor expects.
 */
QObject *qdict_crumple_for_keyval_qiv(QDict *src, Error **errp);

typedef struct QDictRenames {
    const char *from;
    const char *to;
} QDictRenames;

/*
 * Renames keys per @renames (terminated by {NULL, NULL}). Fails, leaving
 * the dict partly renamed, if a target key already exists.
 */
bool qdict_rename_keys(QDict *qdict, const QDictRenames *renames, Error **errp);

/* Internal, for qobject_is_equal() and qobject_destroy(). */
bool qdict_is_equal(const QObject *x, const QObject *y);
void qdict_destroy_obj(QObject *obj);

static inline void qdict_unref(QDict *q)
{
    qobject_unref(q);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qdict_unref)

#endif
