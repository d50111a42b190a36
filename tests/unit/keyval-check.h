/*
 * Invariants of a successful keyval_parse() result, shared by
 * tests/unit/test-keyval.c and tests/fuzz/fuzz-keyval.c.
 *
 * keyval_check_result() returns NULL if @d is well formed, else a
 * g_malloc'd description of what is wrong:
 *  - dict keys are names of the keyval grammar, shorter than 128;
 *  - leaves are QStrings, lists are non-empty, nested dicts non-empty;
 *  - printing @d back in keyval syntax and parsing that gives an equal
 *    QDict.
 */
#ifndef TESTS_KEYVAL_CHECK_H
#define TESTS_KEYVAL_CHECK_H

#include "qemu/keyval.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

/* Written independently of util/keyval.c on purpose: a second opinion. */
static bool kvc_valid_name(const char *key)
{
    static GRegex *re;

    if (!re) {
        re = g_regex_new("^(__[A-Za-z0-9.-]*_)?[A-Za-z][A-Za-z0-9_-]*$",
                         G_REGEX_OPTIMIZE, 0, NULL);
    }
    return strlen(key) < 128 && g_regex_match(re, key, 0, NULL);
}

static char *kvc_check_obj(const QObject *obj, const char *path, bool top);

static char *kvc_check_dict(const QDict *d, const char *path, bool top)
{
    const QDictEntry *e;

    if (!top && qdict_size(d) == 0) {
        return g_strdup_printf("empty dict at '%s'", path);
    }
    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        g_autofree char *sub = NULL;
        char *err;

        if (!kvc_valid_name(qdict_entry_key(e))) {
            return g_strdup_printf("bad key '%s' at '%s'",
                                   qdict_entry_key(e), path);
        }
        sub = top ? g_strdup(qdict_entry_key(e))
                  : g_strdup_printf("%s.%s", path, qdict_entry_key(e));
        err = kvc_check_obj(qdict_entry_value(e), sub, false);
        if (err) {
            return err;
        }
    }
    return NULL;
}

static char *kvc_check_obj(const QObject *obj, const char *path, bool top)
{
    switch (qobject_type(obj)) {
    case QTYPE_QSTRING:
        return NULL;
    case QTYPE_QDICT:
        return kvc_check_dict(qobject_to(QDict, obj), path, top);
    case QTYPE_QLIST: {
        const QListEntry *e;
        int i = 0;

        if (qlist_empty(qobject_to(QList, obj))) {
            return g_strdup_printf("empty list at '%s'", path);
        }
        for (e = qlist_first(qobject_to(QList, obj)); e; e = qlist_next(e)) {
            g_autofree char *sub = g_strdup_printf("%s.%d", path, i++);
            char *err = kvc_check_obj(qlist_entry_obj(e), sub, false);

            if (err) {
                return err;
            }
        }
        return NULL;
    }
    default:
        return g_strdup_printf("value of type %s at '%s'",
                               qtype_name(qobject_type(obj)), path);
    }
}

/* Append @obj at @path in keyval syntax to @out. */
static void kvc_print(GString *out, const QObject *obj, const char *path)
{
    const QDictEntry *de;
    const QListEntry *le;
    int i = 0;

    switch (qobject_type(obj)) {
    case QTYPE_QSTRING:
        if (out->len) {
            g_string_append_c(out, ',');
        }
        g_string_append_printf(out, "%s=", path);
        for (const char *p = qstring_get_str(qobject_to(QString, obj)); *p;
             p++) {
            g_string_append(out, *p == ',' ? ",," : (char[]){ *p, 0 });
        }
        break;
    case QTYPE_QDICT:
        for (de = qdict_first(qobject_to(QDict, obj)); de;
             de = qdict_next(qobject_to(QDict, obj), de)) {
            g_autofree char *sub = *path
                ? g_strdup_printf("%s.%s", path, qdict_entry_key(de))
                : g_strdup(qdict_entry_key(de));
            kvc_print(out, qdict_entry_value(de), sub);
        }
        break;
    case QTYPE_QLIST:
        for (le = qlist_first(qobject_to(QList, obj)); le;
             le = qlist_next(le)) {
            g_autofree char *sub = g_strdup_printf("%s.%d", path, i++);
            kvc_print(out, qlist_entry_obj(le), sub);
        }
        break;
    default:
        break;
    }
}

static G_GNUC_UNUSED char *keyval_check_result(const QDict *d)
{
    g_autoptr(GString) text = g_string_new(NULL);
    Error *err = NULL;
    QDict *again;
    char *problem = kvc_check_obj(QOBJECT(d), "", true);

    if (problem) {
        return problem;
    }
    kvc_print(text, QOBJECT(d), "");
    again = keyval_parse(text->str, NULL, NULL, &err);
    if (!again) {
        problem = g_strdup_printf("reprinted '%s' fails: %s", text->str,
                                  error_get_pretty(err));
        error_free(err);
        return problem;
    }
    if (!qobject_is_equal(QOBJECT(again), QOBJECT(d))) {
        problem = g_strdup_printf("reprinted '%s' parses differently",
                                  text->str);
    }
    qobject_unref(again);
    return problem;
}

#endif
