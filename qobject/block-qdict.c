/*
 * Option-dict helpers: flatten/crumple between nested dicts and dotted
 * keys, array splitting, defaults and renames.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qbool.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

void qdict_copy_default(QDict *dst, QDict *src, const char *key)
{
    QObject *val;

    if (qdict_haskey(dst, key)) {
        return;
    }
    val = qdict_get(src, key);
    if (val) {
        qdict_put_obj(dst, key, qobject_ref(val));
    }
}

void qdict_set_default_str(QDict *dst, const char *key, const char *val)
{
    if (!qdict_haskey(dst, key)) {
        qdict_put_str(dst, key, val);
    }
}

void qdict_join(QDict *dest, QDict *src, bool overwrite)
{
    const QDictEntry *e, *next;

    for (e = qdict_first(src); e; e = next) {
        next = qdict_next(src, e);
        if (overwrite || !qdict_haskey(dest, e->key)) {
            qdict_put_obj(dest, e->key, qobject_ref(e->value));
            qdict_del(src, e->key);
        }
    }
}

/* Moves the contents of @from into @to (whose old contents are dropped). */
static void qdict_replace_contents(QDict *to, QDict *from)
{
    QDict tmp = *to;

    to->size = from->size;
    to->first = from->first;
    to->last = from->last;
    to->table = from->table;
    from->size = tmp.size;
    from->first = tmp.first;
    from->last = tmp.last;
    from->table = tmp.table;
    qobject_unref(from);
}

static void flatten_into(QDict *target, const char *prefix, QObject *value);

static void flatten_qdict(QDict *target, const char *prefix, const QDict *d)
{
    const QDictEntry *e;

    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        g_autofree char *key = prefix ? g_strdup_printf("%s.%s", prefix, e->key)
                                      : g_strdup(e->key);
        flatten_into(target, key, e->value);
    }
}

static void flatten_qlist(QDict *target, const char *prefix, const QList *l)
{
    const QListEntry *e;
    size_t i = 0;

    for (e = qlist_first(l); e; e = qlist_next(e), i++) {
        g_autofree char *key = g_strdup_printf("%s.%zu", prefix, i);
        flatten_into(target, key, e->value);
    }
}

static void flatten_into(QDict *target, const char *key, QObject *value)
{
    QDict *d = qobject_to(QDict, value);
    QList *l = qobject_to(QList, value);

    /* Empty containers have no keys to carry them: keep them as values. */
    if (d && qdict_size(d)) {
        flatten_qdict(target, key, d);
    } else if (l && !qlist_empty(l)) {
        flatten_qlist(target, key, l);
    } else {
        qdict_put_obj(target, key, qobject_ref(value));
    }
}

void qdict_flatten(QDict *qdict)
{
    QDict *flat = qdict_new();

    flatten_qdict(flat, NULL, qdict);
    qdict_replace_contents(qdict, flat);
}

void qdict_extract_subqdict(QDict *src, QDict **dst, const char *start)
{
    const QDictEntry *e, *next;
    size_t len = strlen(start);

    *dst = qdict_new();
    for (e = qdict_first(src); e; e = next) {
        next = qdict_next(src, e);
        if (strncmp(e->key, start, len) == 0) {
            qdict_put_obj(*dst, e->key + len, qobject_ref(e->value));
            qdict_del(src, e->key);
        }
    }
}

static bool qdict_has_prefixed_entries(const QDict *src, const char *prefix)
{
    const QDictEntry *e;
    size_t len = strlen(prefix);

    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        if (strncmp(e->key, prefix, len) == 0) {
            return true;
        }
    }
    return false;
}

void qdict_array_split(QDict *src, QList **dst)
{
    unsigned i;

    *dst = qlist_new();
    for (i = 0; i < UINT_MAX; i++) {
        g_autofree char *key = g_strdup_printf("%u", i);
        g_autofree char *prefix = g_strdup_printf("%u.", i);
        QObject *obj = qdict_get(src, key);

        if (obj) {
            qlist_append_obj(*dst, qobject_ref(obj));
            qdict_del(src, key);
        } else if (qdict_has_prefixed_entries(src, prefix)) {
            QDict *sub;

            qdict_extract_subqdict(src, &sub, prefix);
            qlist_append(*dst, sub);
        } else {
            break;
        }
    }
}

/*
 * Parses a canonical decimal index ("0", "17", not "01" or "+1") at the
 * start of @s; returns the number of digits or 0.
 */
static size_t parse_index(const char *s, unsigned long *index)
{
    size_t n = 0;
    unsigned long v = 0;

    if (s[0] == '0' && g_ascii_isdigit(s[1])) {
        return 0;
    }
    while (g_ascii_isdigit(s[n])) {
        if (v > (INT_MAX - 9) / 10) {
            return 0;
        }
        v = v * 10 + (s[n] - '0');
        n++;
    }
    *index = v;
    return n;
}

int qdict_array_entries(QDict *src, const char *subqdict)
{
    size_t plen = strlen(subqdict);
    g_autofree unsigned char *seen = NULL;   /* bit 0: plain, bit 1: dotted */
    unsigned long count = 0, i;
    const QDictEntry *e;

    /* Pass 1: highest index + 1 (each key must be an element or foreign). */
    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        const char *rest;
        unsigned long idx;
        size_t n;

        if (strncmp(e->key, subqdict, plen) != 0) {
            continue;
        }
        rest = e->key + plen;
        n = parse_index(rest, &idx);
        if (!n || (rest[n] != '\0' && rest[n] != '.')) {
            return -EINVAL;
        }
        count = MAX(count, idx + 1);
    }
    if (count > qdict_size(src)) {
        return -EINVAL;     /* indexes cannot all be present */
    }
    seen = g_malloc0(count ? count : 1);
    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        const char *rest;
        unsigned long idx;
        size_t n;

        if (strncmp(e->key, subqdict, plen) != 0) {
            continue;
        }
        rest = e->key + plen;
        n = parse_index(rest, &idx);
        seen[idx] |= rest[n] == '.' ? 2 : 1;
    }
    for (i = 0; i < count; i++) {
        if (seen[i] == 0 || seen[i] == 3) {
            return -EINVAL;
        }
    }
    return (int)count;
}

/*
 * Splits @key at its first unescaped '.': *prefix is the part before it
 * with ".." unescaped, *suffix what follows (still escaped) or NULL.
 */
static void split_flat_key(const char *key, char **prefix, const char **suffix)
{
    GString *p = g_string_new(NULL);
    const char *s = key;

    *suffix = NULL;
    while (*s) {
        if (s[0] == '.' && s[1] == '.') {
            g_string_append_c(p, '.');
            s += 2;
        } else if (s[0] == '.') {
            *suffix = s + 1;
            break;
        } else {
            g_string_append_c(p, *s);
            s++;
        }
    }
    *prefix = g_string_free(p, false);
}

static char *join_path(const char *path, const char *key)
{
    return *path ? g_strdup_printf("%s.%s", path, key) : g_strdup(key);
}

static char *describe_level(const char *path)
{
    return *path ? g_strdup_printf("under '%s'", path)
                 : g_strdup("at the top level");
}

/*
 * Keys come from users (command lines, QMP): bound the recursion that
 * their dots cause, as the JSON parser bounds nesting.
 */
#define CRUMPLE_MAX_DEPTH 1024

static QObject *crumple_level(const QDict *src, const char *path, int depth,
                              Error **errp);

/* Step 1: group {"a.b": x, "a.c": y, "d": z} into {"a": {"b","c"}, "d": z}. */
static QDict *crumple_group(const QDict *src, const char *path, Error **errp)
{
    g_autoptr(QDict) grouped = qdict_new();
    g_autoptr(GHashTable) nested = g_hash_table_new_full(g_str_hash,
                                                         g_str_equal,
                                                         g_free, NULL);
    const QDictEntry *e;

    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        QDict *d = qobject_to(QDict, e->value);
        QList *l = qobject_to(QList, e->value);
        g_autofree char *prefix = NULL;
        const char *suffix;
        bool is_nested;

        if ((d && qdict_size(d)) || (l && !qlist_empty(l))) {
            g_autofree char *full = join_path(path, e->key);
            error_setg(errp, "Value '%s' is not flat", full);
            return NULL;
        }
        split_flat_key(e->key, &prefix, &suffix);
        is_nested = g_hash_table_contains(nested, prefix);
        if (qdict_haskey(grouped, prefix) && (!is_nested || !suffix)) {
            g_autofree char *full = join_path(path, prefix);
            error_setg(errp, "Key '%s' is used both as a value and as a "
                       "prefix of other keys", full);
            return NULL;
        }
        if (suffix) {
            QDict *child = qdict_get_qdict(grouped, prefix);

            if (!is_nested) {
                child = qdict_new();
                qdict_put(grouped, prefix, child);
                g_hash_table_add(nested, g_strdup(prefix));
            }
            qdict_put_obj(child, suffix, qobject_ref(e->value));
        } else {
            qdict_put_obj(grouped, prefix, qobject_ref(e->value));
        }
    }
    return g_steal_pointer(&grouped);
}

/* Are all keys list indexes (1), all names (0), or mixed (-1)? */
static int crumple_is_list(const QDict *d)
{
    const QDictEntry *e;
    int is_list = -2;

    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        unsigned long idx;
        size_t n = parse_index(e->key, &idx);
        int this_is_list = n && e->key[n] == '\0';

        if (is_list == -2) {
            is_list = this_is_list;
        } else if (is_list != this_is_list) {
            return -1;
        }
    }
    return is_list == 1;
}

static QObject *crumple_level(const QDict *src, const char *path, int depth,
                              Error **errp)
{
    g_autoptr(QDict) grouped = NULL;
    g_autoptr(QDict) result = NULL;
    const QDictEntry *e;
    QList *list;
    int is_list;
    size_t i;

    if (depth > CRUMPLE_MAX_DEPTH) {
        g_autofree char *p = g_strndup(path, 63);
        error_setg(errp, "Key '%s%s' has more than %d levels of nesting", p,
                   strlen(path) > 63 ? "..." : "", CRUMPLE_MAX_DEPTH);
        return NULL;
    }
    grouped = crumple_group(src, path, errp);
    if (!grouped) {
        return NULL;
    }
    /* Step 2: crumple each nested group recursively. */
    result = qdict_new();
    for (e = qdict_first(grouped); e; e = qdict_next(grouped, e)) {
        QDict *d = qobject_to(QDict, e->value);
        QObject *child;

        if (d && qdict_size(d)) {
            g_autofree char *child_path = join_path(path, e->key);
            child = crumple_level(d, child_path, depth + 1, errp);
            if (!child) {
                return NULL;
            }
        } else {
            child = qobject_ref(e->value);
        }
        qdict_put_obj(result, e->key, child);
    }

    /* Step 3: a level keyed 0..n-1 is a list. */
    is_list = crumple_is_list(result);
    if (is_list < 0) {
        g_autofree char *where = describe_level(path);
        error_setg(errp, "Cannot mix list and non-list keys %s", where);
        return NULL;
    }
    if (!is_list) {
        return QOBJECT(g_steal_pointer(&result));
    }
    list = qlist_new();
    for (i = 0; i < qdict_size(result); i++) {
        g_autofree char *key = g_strdup_printf("%zu", i);
        QObject *child = qdict_get(result, key);

        if (!child) {
            g_autofree char *where = describe_level(path);
            error_setg(errp, "Missing list index %zu %s", i, where);
            qobject_unref(list);
            return NULL;
        }
        qlist_append_obj(list, qobject_ref(child));
    }
    return QOBJECT(list);
}

QObject *qdict_crumple(const QDict *src, Error **errp)
{
    return crumple_level(src, "", 0, errp);
}

QObject *qdict_crumple_for_keyval_qiv(QDict *src, Error **errp)
{
    g_autoptr(QDict) strings = qdict_new();
    const QDictEntry *e;

    for (e = qdict_first(src); e; e = qdict_next(src, e)) {
        QObject *v = e->value;
        char *s;

        switch (qobject_type(v)) {
        case QTYPE_QNUM:
            s = qnum_to_string(qobject_to(QNum, v));
            qdict_put(strings, e->key, qstring_from_str(s));
            g_free(s);
            break;
        case QTYPE_QBOOL:
            qdict_put_str(strings, e->key,
                          qbool_get_bool(qobject_to(QBool, v)) ? "on" : "off");
            break;
        default:
            qdict_put_obj(strings, e->key, qobject_ref(v));
            break;
        }
    }
    return qdict_crumple(strings, errp);
}

bool qdict_rename_keys(QDict *qdict, const QDictRenames *renames, Error **errp)
{
    for (; renames->from; renames++) {
        QObject *v = qdict_get(qdict, renames->from);

        if (!v) {
            continue;
        }
        if (qdict_haskey(qdict, renames->to)) {
            error_setg(errp, "'%s' and its alias '%s' can't be used at the "
                       "same time", renames->to, renames->from);
            return false;
        }
        qdict_put_obj(qdict, renames->to, qobject_ref(v));
        qdict_del(qdict, renames->from);
    }
    return true;
}
