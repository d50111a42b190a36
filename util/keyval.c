/*
 * The keyval parser: "key=val,a.b=val,l.0=x" -> nested QDict/QList of
 * QStrings.  Grammar and semantics in include/qemu/keyval.h; messages are
 * those of QEMU so that scripts matching them keep working.
 *
 * Parsing is two passes: keyval_parse_one() puts each key-val into a tree
 * of QDicts (creating intermediate dicts on the way), then
 * keyval_listify() turns every dict whose keys are all indexes into a
 * QList.  Index fragments are stored in canonical decimal form ("007" as
 * "7") so that equal indexes are equal keys and the last one wins.
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "qemu/cutils.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

/* Longest key fragment, plus one (QEMU's limit). */
#define FRAGMENT_MAX 128

/*
 * Length of the name at @s (see the grammar), or 0 if there is none.
 * Stops at the first character that cannot continue the name.
 */
static size_t name_len(const char *s)
{
    const char *p = s;

    if (*p == '_') {
        /* Downstream extension prefix: __RFQDN_ */
        if (p[1] != '_') {
            return 0;
        }
        p += 2;
        while (g_ascii_isalnum(*p) || *p == '-' || *p == '.') {
            p++;
        }
        if (*p != '_') {
            return 0;
        }
        p++;
    }
    if (!g_ascii_isalpha(*p)) {
        return 0;
    }
    p++;
    while (g_ascii_isalnum(*p) || *p == '-' || *p == '_') {
        p++;
    }
    return p - s;
}

/* Length of the run of digits at @s. */
static size_t index_len(const char *s)
{
    size_t n = 0;

    while (g_ascii_isdigit(s[n])) {
        n++;
    }
    return n;
}

/*
 * The list index a dict key stands for, or -1 if it is not an index.
 * Indexes too big for an int count as INT_MAX (they can never be
 * contiguous anyway).
 */
static int key_to_index(const char *key)
{
    unsigned long long v;
    int ret;

    if (!g_ascii_isdigit(*key)) {
        return -1;
    }
    ret = parse_uint_full(key, &v, 10);
    if (ret == -ERANGE) {
        return INT_MAX;
    }
    if (ret < 0) {
        return -1;
    }
    return v > INT_MAX ? INT_MAX : (int)v;
}

/*
 * Put @value (or, if NULL, an empty dict unless one exists) at @key_in_cur
 * of @cur.  @key..@key_end is the full key so far, for the message when a
 * key is used both as a value and as a dict.  Returns the dict stored (for
 * @value NULL), @cur (for a value), or NULL on error.  Takes @value.
 */
static QDict *keyval_parse_put(QDict *cur, const char *key_in_cur,
                               QString *value, const char *key,
                               const char *key_end, Error **errp)
{
    QObject *old = qdict_get(cur, key_in_cur);
    QDict *sub;

    if (old && qobject_type(old) != (value ? QTYPE_QSTRING : QTYPE_QDICT)) {
        error_setg(errp, "Parameters '%.*s.*' used inconsistently",
                   (int)(key_end - key), key);
        qobject_unref(value);
        return NULL;
    }
    if (value) {
        qdict_put(cur, key_in_cur, value);
        return cur;
    }
    if (old) {
        return qobject_to(QDict, old);
    }
    sub = qdict_new();
    qdict_put(cur, key_in_cur, sub);
    return sub;
}

/* Is the key-val at @s a bare "help" or "?"?  Returns its length or 0. */
static size_t help_len(const char *s, size_t len)
{
    if ((len == 4 && !strncmp(s, "help", 4)) || (len == 1 && *s == '?')) {
        return len;
    }
    return 0;
}

/*
 * Walk the dotted fragments of @key..@key_end, creating the dicts on the
 * way in @qdict.  Returns the dict the last fragment belongs in, with
 * that fragment (indexes in canonical form) in @key_in_cur, or NULL with
 * an error.
 */
static QDict *keyval_parse_key(QDict *qdict, const char *key,
                               const char *key_end,
                               char key_in_cur[FRAGMENT_MAX], Error **errp)
{
    QDict *cur = qdict;
    const char *s = key;

    for (;;) {
        bool is_index = s != key && g_ascii_isdigit(*s);
        size_t len = is_index ? index_len(s) : name_len(s);

        if (s + len > key_end) {
            len = key_end - s;  /* name_len() may not look past the key */
        }
        if (!len || (s + len < key_end && s[len] != '.')) {
            error_setg(errp, "Invalid parameter '%.*s'",
                       (int)(key_end - key), key);
            return NULL;
        }
        if (len >= FRAGMENT_MAX) {
            error_setg(errp, "Parameter%s '%.*s' is too long",
                       s != key || s + len != key_end ? " fragment" : "",
                       (int)len, s);
            return NULL;
        }
        if (s != key) {
            /* the previous fragment names a dict */
            cur = keyval_parse_put(cur, key_in_cur, NULL, key, s - 1, errp);
            if (!cur) {
                return NULL;
            }
        }
        if (is_index) {
            /* Canonical form: no leading zeros (but keep a lone "0"). */
            size_t skip = 0;

            while (skip + 1 < len && s[skip] == '0') {
                skip++;
            }
            memcpy(key_in_cur, s + skip, len - skip);
            key_in_cur[len - skip] = '\0';
        } else {
            memcpy(key_in_cur, s, len);
            key_in_cur[len] = '\0';
        }
        s += len;
        if (s >= key_end) {
            return cur;
        }
        s++;    /* the '.' */
    }
}

/* The value at @s, ",," unescaped, up to a lone ','; *@end past it. */
static GString *keyval_parse_value(const char *s, const char **end)
{
    /*
     * Sized for the rest of the input, so it never grows: a reallocation
     * would leave a copy of the value (maybe a secret's data=) in freed
     * memory. The QString that takes it over wipes it when freed.
     */
    GString *val = g_string_sized_new(strlen(s) + 1);

    while (*s) {
        if (*s == ',') {
            s++;
            if (*s != ',') {
                break;
            }
        }
        g_string_append_c(val, *s++);
    }
    *end = s;
    return val;
}

/*
 * Parse one key-val at @params into @qdict.  Returns where the next one
 * starts, or NULL with an error.
 */
static const char *keyval_parse_one(QDict *qdict, const char *params,
                                    const char *implied_key, bool *help,
                                    Error **errp)
{
    const char *key, *key_end, *s;
    size_t len, implied_len = 0;
    char key_in_cur[FRAGMENT_MAX];
    QDict *cur;
    GString *val;

    key = params;
    len = strcspn(params, "=,");
    if (len && key[len] != '=') {
        if (help_len(key, len)) {
            *help = true;
            s = key + len;
            return *s == ',' ? s + 1 : s;
        }
        if (implied_key) {
            implied_len = len;
            key = implied_key;
            len = strlen(implied_key);
        }
    }
    key_end = key + len;

    cur = keyval_parse_key(qdict, key, key_end, key_in_cur, errp);
    if (!cur) {
        return NULL;
    }

    if (key == implied_key) {
        /*
         * The whole key-val is the value.  It ends at the first ',' (no
         * ',,' escape here), as in QEMU: "val-no-key = [^=,]+".
         */
        val = g_string_new_len(params, implied_len);
        s = params + implied_len;
        if (*s == ',') {
            s++;
        }
    } else if (*key_end != '=') {
        error_setg(errp, "Expected '=' after parameter '%.*s'",
                   (int)(key_end - key), key);
        return NULL;
    } else {
        val = keyval_parse_value(key_end + 1, &s);
    }

    if (!keyval_parse_put(cur, key_in_cur, qstring_from_gstring(val),
                          key, key_end, errp)) {
        return NULL;
    }
    return s;
}

/* "a.b." for the path a -> b, for messages. */
static char *reassemble_key(GSList *key_of_cur)
{
    GString *s = g_string_new(NULL);

    /* The list runs from the innermost key outwards. */
    for (GSList *p = key_of_cur; p; p = p->next) {
        g_string_prepend_c(s, '.');
        g_string_prepend(s, p->data);
    }
    return g_string_free(s, FALSE);
}

/* Turn @cur (all of whose keys are indexes) into a QList. */
static QList *keyval_dict_to_list(QDict *cur, GSList *key_of_cur,
                                  Error **errp)
{
    /* One extra slot stays NULL: any index >= size means a gap. */
    size_t nelt = qdict_size(cur) + 1;
    g_autofree QObject **elt = g_new0(QObject *, nelt);
    const QDictEntry *ent;
    int max_index = -1;
    QList *list;

    for (ent = qdict_first(cur); ent; ent = qdict_next(cur, ent)) {
        int index = key_to_index(qdict_entry_key(ent));

        max_index = MAX(max_index, index);
        if ((size_t)index < nelt - 1) {
            elt[index] = qdict_entry_value(ent);
        }
    }
    list = qlist_new();
    for (int i = 0; i <= max_index && (size_t)i < nelt; i++) {
        if (!elt[i]) {
            g_autofree char *key = reassemble_key(key_of_cur);

            error_setg(errp, "Parameter '%s%d' missing", key, i);
            qobject_unref(list);
            return NULL;
        }
        qlist_append_obj(list, qobject_ref(elt[i]));
    }
    return list;
}

/*
 * Replace, depth first, every dict whose keys are all indexes by a list.
 * @key_of_cur is the path to @cur (innermost first).  Returns the new
 * value for @cur (itself or a new QList; the caller stores it), or NULL.
 */
static QObject *keyval_listify(QDict *cur, GSList *key_of_cur, Error **errp)
{
    GSList key_node = { .next = key_of_cur };
    bool has_index = false, has_member = false;
    const QDictEntry *ent;

    for (ent = qdict_first(cur); ent; ent = qdict_next(cur, ent)) {
        QDict *sub = qobject_to(QDict, qdict_entry_value(ent));
        QObject *val;

        if (key_to_index(qdict_entry_key(ent)) >= 0) {
            has_index = true;
        } else {
            has_member = true;
        }
        if (!sub) {
            continue;
        }
        key_node.data = (gpointer)qdict_entry_key(ent);
        val = keyval_listify(sub, &key_node, errp);
        if (!val) {
            return NULL;
        }
        if (val != QOBJECT(sub)) {
            /* Replaced in place: the iteration stays valid. */
            qdict_put_obj(cur, qdict_entry_key(ent), val);
        }
    }

    if (has_index && has_member) {
        g_autofree char *key = reassemble_key(key_of_cur);

        error_setg(errp, "Parameters '%s*' used inconsistently", key);
        return NULL;
    }
    if (!has_index) {
        return QOBJECT(cur);
    }
    return QOBJECT(keyval_dict_to_list(cur, key_of_cur, errp));
}

QDict *keyval_parse_into(QDict *qdict, const char *params,
                         const char *implied_key, bool *p_help,
                         Error **errp)
{
    const char *s = params;
    bool help = false;
    QObject *listified;

    while (*s) {
        s = keyval_parse_one(qdict, s, implied_key, &help, errp);
        if (!s) {
            return NULL;
        }
        implied_key = NULL;
    }

    if (p_help) {
        *p_help = help;
    } else if (help) {
        error_setg(errp, "Help is not available for this option");
        return NULL;
    }

    listified = keyval_listify(qdict, NULL, errp);
    if (!listified) {
        return NULL;
    }
    /* The top level always has names as keys, so it stays a dict. */
    assert(listified == QOBJECT(qdict));
    return qdict;
}

QDict *keyval_parse(const char *params, const char *implied_key,
                    bool *p_help, Error **errp)
{
    QDict *qdict = qdict_new();

    if (!keyval_parse_into(qdict, params, implied_key, p_help, errp)) {
        qobject_unref(qdict);
        return NULL;
    }
    return qdict;
}

static bool keyval_do_merge(QDict *dest, const QDict *merged, GString *path,
                            Error **errp)
{
    size_t save_len = path->len;
    const QDictEntry *ent;

    for (ent = qdict_first(merged); ent; ent = qdict_next(merged, ent)) {
        const char *key = qdict_entry_key(ent);
        QObject *value = qdict_entry_value(ent);
        QObject *old = qdict_get(dest, key);

        if (old && qobject_type(old) != qobject_type(value)) {
            error_setg(errp, "Parameter '%s%s' used inconsistently",
                       path->str, key);
            return false;
        }
        if (old && qobject_type(value) == QTYPE_QDICT) {
            bool ok;

            g_string_append(path, key);
            g_string_append_c(path, '.');
            ok = keyval_do_merge(qobject_to(QDict, old),
                                 qobject_to(QDict, value), path, errp);
            g_string_truncate(path, save_len);
            if (!ok) {
                return false;
            }
            continue;
        }
        if (old && qobject_type(value) == QTYPE_QLIST) {
            QList *old_list = qobject_to(QList, old);
            const QListEntry *item;

            for (item = qlist_first(qobject_to(QList, value)); item;
                 item = qlist_next(item)) {
                qlist_append_obj(old_list, qobject_ref(qlist_entry_obj(item)));
            }
            continue;
        }
        qdict_put_obj(dest, key, qobject_ref(value));
    }
    return true;
}

bool keyval_merge(QDict *dest, const QDict *merged, Error **errp)
{
    g_autoptr(GString) path = g_string_new(NULL);

    return keyval_do_merge(dest, merged, path, errp);
}
