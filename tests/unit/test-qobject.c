/*
 * Unit tests for the QObject types: QNull, QBool, QNum, QString, QList,
 * QDict, reference counting, equality and the option-dict helpers.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qobject.h"
#include "qobject/qstring.h"

static void test_qnull(void)
{
    QNull *a = qnull();
    QNull *b = qnull();
    size_t before;

    g_assert_true(a == b);
    g_assert_true(a == &qnull_);
    g_assert_cmpint(qobject_type(QOBJECT(a)), ==, QTYPE_QNULL);
    before = qnull_.base.refcnt;
    qobject_unref(a);
    g_assert_cmpuint(qnull_.base.refcnt, ==, before - 1);
    qobject_unref(b);
    g_assert_true(qobject_is_equal(QOBJECT(&qnull_), QOBJECT(&qnull_)));
}

static void test_qbool(void)
{
    g_autoptr(QBool) t = qbool_from_bool(true);
    g_autoptr(QBool) f = qbool_from_bool(false);
    g_autoptr(QBool) t2 = qbool_from_bool(true);

    g_assert_true(qbool_get_bool(t));
    g_assert_false(qbool_get_bool(f));
    g_assert_true(qobject_is_equal(QOBJECT(t), QOBJECT(t2)));
    g_assert_false(qobject_is_equal(QOBJECT(t), QOBJECT(f)));
    g_assert_cmpint(qobject_type(QOBJECT(t)), ==, QTYPE_QBOOL);
}

static void test_qnum_int(void)
{
    g_autoptr(QNum) n = qnum_from_int(-42);
    int64_t i = 0;
    uint64_t u = 7;
    g_autofree char *s = qnum_to_string(n);

    g_assert_cmpint(n->kind, ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(n, &i));
    g_assert_cmpint(i, ==, -42);
    g_assert_false(qnum_get_try_uint(n, &u));
    g_assert_cmpuint(u, ==, 7);
    g_assert_cmpint(qnum_get_int(n), ==, -42);
    g_assert_cmpfloat(qnum_get_double(n), ==, -42.0);
    g_assert_cmpstr(s, ==, "-42");
}

static void test_qnum_uint(void)
{
    g_autoptr(QNum) big = qnum_from_uint(UINT64_MAX);
    g_autoptr(QNum) small = qnum_from_uint(5);
    int64_t i = 3;
    uint64_t u = 0;
    g_autofree char *s = qnum_to_string(big);

    g_assert_cmpint(big->kind, ==, QNUM_U64);
    g_assert_false(qnum_get_try_int(big, &i));
    g_assert_cmpint(i, ==, 3);
    g_assert_true(qnum_get_try_uint(big, &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpuint(qnum_get_uint(big), ==, UINT64_MAX);
    g_assert_cmpstr(s, ==, "18446744073709551615");
    g_assert_cmpfloat(qnum_get_double(big), ==, 18446744073709551615.0);

    g_assert_cmpint(small->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(small), ==, 5);
    g_assert_cmpuint(qnum_get_uint(small), ==, 5);
}

static void test_qnum_double(void)
{
    g_autoptr(QNum) d = qnum_from_double(0.1);
    g_autoptr(QNum) one = qnum_from_double(1.0);
    g_autoptr(QNum) neg = qnum_from_double(-2.5e-300);
    int64_t i = 9;
    uint64_t u = 9;
    g_autofree char *s = qnum_to_string(d);
    g_autofree char *s1 = qnum_to_string(one);
    g_autofree char *s2 = qnum_to_string(neg);

    g_assert_cmpint(d->kind, ==, QNUM_DOUBLE);
    g_assert_false(qnum_get_try_int(one, &i));
    g_assert_false(qnum_get_try_uint(one, &u));
    g_assert_cmpint(i, ==, 9);
    g_assert_cmpfloat(qnum_get_double(d), ==, 0.1);
    g_assert_cmpstr(s, ==, "0.10000000000000001");
    g_assert_cmpstr(s1, ==, "1");
    g_assert_cmpstr(s2, ==, "-2.5e-300");
    g_assert_cmpfloat(g_ascii_strtod(s, NULL), ==, 0.1);
}

static void test_qnum_equal(void)
{
    g_autoptr(QNum) i1 = qnum_from_int(1);
    g_autoptr(QNum) u1 = qnum_from_uint(1);
    g_autoptr(QNum) d1 = qnum_from_double(1.0);
    g_autoptr(QNum) d15 = qnum_from_double(1.5);
    g_autoptr(QNum) umax = qnum_from_uint(UINT64_MAX);
    g_autoptr(QNum) dumax = qnum_from_double(18446744073709551616.0);
    g_autoptr(QNum) imin = qnum_from_int(INT64_MIN);
    g_autoptr(QNum) dimin = qnum_from_double(-9223372036854775808.0);
    g_autoptr(QNum) nan1 = qnum_from_double(NAN);
    g_autoptr(QNum) neg = qnum_from_int(-1);

    g_assert_true(qobject_is_equal(QOBJECT(i1), QOBJECT(u1)));
    g_assert_true(qobject_is_equal(QOBJECT(i1), QOBJECT(d1)));
    g_assert_true(qobject_is_equal(QOBJECT(d1), QOBJECT(u1)));
    g_assert_false(qobject_is_equal(QOBJECT(i1), QOBJECT(d15)));
    /* 2^64 as a double is not UINT64_MAX */
    g_assert_false(qobject_is_equal(QOBJECT(umax), QOBJECT(dumax)));
    g_assert_true(qobject_is_equal(QOBJECT(imin), QOBJECT(dimin)));
    g_assert_false(qobject_is_equal(QOBJECT(nan1), QOBJECT(nan1)));
    g_assert_false(qobject_is_equal(QOBJECT(neg), QOBJECT(umax)));
}

static void test_qstring(void)
{
    g_autoptr(QString) e = qstring_new();
    g_autoptr(QString) s = qstring_from_str("hello");
    g_autoptr(QString) sub = qstring_from_substr("abcdef", 1, 4);
    g_autoptr(QString) g = qstring_from_gstring(g_string_new("gs"));
    g_autoptr(QString) s2 = qstring_from_str("hello");

    g_assert_cmpstr(qstring_get_str(e), ==, "");
    g_assert_cmpstr(qstring_get_str(s), ==, "hello");
    g_assert_cmpuint(qstring_get_length(s), ==, 5);
    g_assert_cmpstr(qstring_get_str(sub), ==, "bcd");
    g_assert_cmpstr(qstring_get_str(g), ==, "gs");
    g_assert_cmpstr(qobject_get_try_str(QOBJECT(s)), ==, "hello");
    g_assert_null(qobject_get_try_str(QOBJECT(&qnull_)));
    g_assert_cmpstr(qstring_get_try_str(s), ==, "hello");
    g_assert_null(qstring_get_try_str(NULL));
    g_assert_true(qobject_is_equal(QOBJECT(s), QOBJECT(s2)));
    g_assert_false(qobject_is_equal(QOBJECT(s), QOBJECT(e)));
}

static void test_refcount(void)
{
    QString *s = qstring_from_str("x");
    QString *same;
    QObject *obj = QOBJECT(s);

    g_assert_cmpuint(s->base.refcnt, ==, 1);
    same = qobject_ref(s);      /* typed result, no cast needed */
    g_assert_true(same == s);
    g_assert_cmpuint(s->base.refcnt, ==, 2);
    qobject_ref(obj);
    g_assert_cmpuint(obj->base.refcnt, ==, 3);
    qobject_unref(obj);
    qobject_unref(same);
    g_assert_cmpuint(s->base.refcnt, ==, 1);
    qobject_unref(s);

    /* NULL is accepted everywhere */
    obj = NULL;
    qobject_ref(obj);
    qobject_unref(obj);
    qobject_unref(NULL);
    g_assert_null(QOBJECT(NULL));
    g_assert_cmpint(qobject_type(NULL), ==, QTYPE_NONE);
}

static void test_qobject_to(void)
{
    g_autoptr(QObject) obj = QOBJECT(qdict_new());

    g_assert_nonnull(qobject_to(QDict, obj));
    g_assert_null(qobject_to(QList, obj));
    g_assert_null(qobject_to(QString, obj));
    g_assert_null(qobject_to(QNum, obj));
    g_assert_null(qobject_to(QBool, obj));
    g_assert_null(qobject_to(QNull, obj));
    g_assert_null(qobject_to(QDict, (QObject *)NULL));
    g_assert_cmpstr(qtype_name(QTYPE_QDICT), ==, "qdict");
    g_assert_cmpstr(qtype_name(QTYPE_NONE), ==, "none");
    g_assert_cmpstr(qtype_name(QTYPE__MAX), ==, "invalid");
}

static void test_qlist(void)
{
    g_autoptr(QList) l = qlist_new();
    g_autoptr(QList) copy = NULL;
    QListEntry *e;
    QObject *o;
    int n = 0;

    g_assert_true(qlist_empty(l));
    g_assert_null(qlist_peek(l));
    g_assert_null(qlist_pop(l));
    qlist_append_int(l, 1);
    qlist_append_str(l, "two");
    qlist_append_bool(l, true);
    qlist_append_null(l);
    qlist_append(l, qlist_new());
    g_assert_cmpuint(qlist_size(l), ==, 5);
    g_assert_false(qlist_empty(l));

    QLIST_FOREACH_ENTRY(l, e) {
        static const QType types[] = {
            QTYPE_QNUM, QTYPE_QSTRING, QTYPE_QBOOL, QTYPE_QNULL, QTYPE_QLIST,
        };
        g_assert_cmpint(qobject_type(qlist_entry_obj(e)), ==, types[n]);
        n++;
    }
    g_assert_cmpint(n, ==, 5);

    copy = qlist_copy(l);
    g_assert_true(qobject_is_equal(QOBJECT(l), QOBJECT(copy)));
    g_assert_true(qlist_peek(l) == qlist_peek(copy));   /* shallow */

    o = qlist_pop(l);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, o)), ==, 1);
    qobject_unref(o);
    g_assert_cmpuint(qlist_size(l), ==, 4);
    g_assert_cmpstr(qobject_get_try_str(qlist_peek(l)), ==, "two");
    g_assert_false(qobject_is_equal(QOBJECT(l), QOBJECT(copy)));
    while ((o = qlist_pop(l))) {
        qobject_unref(o);
    }
    g_assert_true(qlist_empty(l));
    qlist_append_int(l, 9);     /* tail is reset after emptying */
    g_assert_cmpuint(qlist_size(l), ==, 1);
}

static void test_qdict_basic(void)
{
    g_autoptr(QDict) d = qdict_new();
    QDict *sub = qdict_new();
    QList *lst = qlist_new();

    qdict_put_int(d, "i", -5);
    qdict_put_bool(d, "b", true);
    qdict_put_str(d, "s", "str");
    qdict_put_null(d, "n");
    qdict_put(d, "d", sub);
    qdict_put(d, "l", lst);
    qdict_put(d, "f", qnum_from_double(2.5));
    g_assert_cmpuint(qdict_size(d), ==, 7);

    g_assert_cmpint(qdict_get_int(d, "i"), ==, -5);
    g_assert_true(qdict_get_bool(d, "b"));
    g_assert_cmpstr(qdict_get_str(d, "s"), ==, "str");
    g_assert_cmpfloat(qdict_get_double(d, "f"), ==, 2.5);
    g_assert_cmpfloat(qdict_get_double(d, "i"), ==, -5.0);
    g_assert_true(qdict_get_qdict(d, "d") == sub);
    g_assert_true(qdict_get_qlist(d, "l") == lst);
    g_assert_null(qdict_get_qdict(d, "l"));
    g_assert_null(qdict_get_str(d, "i"));
    g_assert_cmpint(qobject_type(qdict_get(d, "n")), ==, QTYPE_QNULL);

    g_assert_cmpint(qdict_get_try_int(d, "i", 1), ==, -5);
    g_assert_cmpint(qdict_get_try_int(d, "s", 1), ==, 1);
    g_assert_cmpint(qdict_get_try_int(d, "f", 1), ==, 1);
    g_assert_cmpint(qdict_get_try_int(d, "none", 77), ==, 77);
    g_assert_true(qdict_get_try_bool(d, "b", false));
    g_assert_false(qdict_get_try_bool(d, "s", false));
    g_assert_cmpstr(qdict_get_try_str(d, "s"), ==, "str");
    g_assert_null(qdict_get_try_str(d, "b"));
    g_assert_null(qdict_get_try_str(d, "none"));

    g_assert_true(qdict_haskey(d, "n"));
    g_assert_false(qdict_haskey(d, "N"));
    qdict_del(d, "n");
    qdict_del(d, "n");
    g_assert_false(qdict_haskey(d, "n"));
    g_assert_null(qdict_get(d, "n"));
    g_assert_cmpuint(qdict_size(d), ==, 6);
}

static void assert_keys(const QDict *d, const char *const *keys)
{
    const QDictEntry *e;
    size_t i = 0;

    for (e = qdict_first(d); e; e = qdict_next(d, e), i++) {
        g_assert_nonnull(keys[i]);
        g_assert_cmpstr(qdict_entry_key(e), ==, keys[i]);
        g_assert_nonnull(qdict_entry_value(e));
    }
    g_assert_null(keys[i]);
}

static void test_qdict_order(void)
{
    g_autoptr(QDict) d = qdict_new();
    const QDictEntry *e, *next;
    static const char *const k1[] = { "z", "a", "m", "b", NULL };
    static const char *const k2[] = { "z", "m", "b", NULL };
    static const char *const k3[] = { "z", "m", "b", "a", NULL };

    qdict_put_int(d, "z", 1);
    qdict_put_int(d, "a", 2);
    qdict_put_int(d, "m", 3);
    qdict_put_int(d, "b", 4);
    assert_keys(d, k1);
    /* replacing keeps the position */
    qdict_put_str(d, "m", "three");
    assert_keys(d, k1);
    g_assert_cmpstr(qdict_get_str(d, "m"), ==, "three");
    qdict_del(d, "a");
    assert_keys(d, k2);
    qdict_put_int(d, "a", 5);
    assert_keys(d, k3);

    /* deleting while iterating */
    for (e = qdict_first(d); e; e = next) {
        next = qdict_next(d, e);
        qdict_del(d, qdict_entry_key(e));
    }
    g_assert_cmpuint(qdict_size(d), ==, 0);
    g_assert_null(qdict_first(d));
}

static void test_qdict_many(void)
{
    g_autoptr(QDict) d = qdict_new();
    int i;

    for (i = 0; i < 5000; i++) {
        g_autofree char *k = g_strdup_printf("key%d", i);
        qdict_put_int(d, k, i);
    }
    for (i = 0; i < 5000; i += 2) {
        g_autofree char *k = g_strdup_printf("key%d", i);
        qdict_del(d, k);
    }
    g_assert_cmpuint(qdict_size(d), ==, 2500);
    g_assert_cmpint(qdict_get_int(d, "key4999"), ==, 4999);
    g_assert_false(qdict_haskey(d, "key4998"));
    g_assert_cmpstr(qdict_entry_key(qdict_first(d)), ==, "key1");
}

static void test_qdict_equal_clone(void)
{
    g_autoptr(QDict) a = qdict_new();
    g_autoptr(QDict) b = qdict_new();
    g_autoptr(QDict) c = NULL;
    QList *l = qlist_new();

    qdict_put_int(a, "x", 1);
    qdict_put_str(a, "y", "s");
    qlist_append_int(l, 3);
    qdict_put(a, "l", l);
    /* different insertion order, same contents */
    qdict_put(b, "l", qlist_copy(l));
    qdict_put_str(b, "y", "s");
    qdict_put(b, "x", qnum_from_double(1.0));
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qdict_put_int(b, "extra", 0);
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qdict_del(b, "extra");
    qdict_put_str(b, "y", "t");
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));

    c = qdict_clone_shallow(a);
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(c)));
    g_assert_true(qdict_get(c, "l") == qdict_get(a, "l"));
    g_assert_cmpuint(l->base.refcnt, ==, 2);

    g_assert_false(qobject_is_equal(QOBJECT(a), NULL));
    g_assert_true(qobject_is_equal(NULL, NULL));
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(l)));
}

/* Test helpers: JSON in, JSON out (insertion order is visible). */
static QDict *dict_from(const char *json)
{
    QDict *d = qobject_to(QDict, qobject_from_json(json, &error_abort));

    g_assert_nonnull(d);
    return d;
}

static char *json_of(const QObject *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

static void test_flatten(void)
{
    g_autoptr(QDict) d = dict_from(
        "{'a': 1, 'b': {'c': 'x', 'd': {'e': true}}, 'l': [10, {'f': null}, [7]],"
        " 'ed': {}, 'el': [], 'n': {'ed': {}}}");
    g_autofree char *out = NULL;

    qdict_flatten(d);
    out = json_of(QOBJECT(d));
    g_assert_cmpstr(out, ==,
                    "{\"a\": 1, \"b.c\": \"x\", \"b.d.e\": true, \"l.0\": 10, "
                    "\"l.1.f\": null, \"l.2.0\": 7, \"ed\": {}, \"el\": [], "
                    "\"n.ed\": {}}");
}

typedef struct {
    const char *in;
    const char *out;        /* NULL: expect error @err */
    const char *err;
} CrumpleCase;

static const CrumpleCase crumple_cases[] = {
    { "{}", "{}", NULL },
    { "{'a': 1, 'b.c': 2, 'b.d': 3}", "{\"a\": 1, \"b\": {\"c\": 2, \"d\": 3}}",
      NULL },
    { "{'x.y.z': 'v', 'x.y.w': 'u', 'x.k': 1}",
      "{\"x\": {\"y\": {\"z\": \"v\", \"w\": \"u\"}, \"k\": 1}}", NULL },
    { "{'l.1': 'b', 'l.0': 'a', 'l.2.k': 'c'}",
      "{\"l\": [\"a\", \"b\", {\"k\": \"c\"}]}", NULL },
    { "{'0': 'a', '1': 'b'}", "[\"a\", \"b\"]", NULL },
    { "{'a..b': 1, 'c.d..e': 2, 'f...g': 3}",
      "{\"a.b\": 1, \"c\": {\"d.e\": 2}, \"f.\": {\"g\": 3}}", NULL },
    { "{'e': {}, 'l': [], 'n.m': {}}",
      "{\"e\": {}, \"l\": [], \"n\": {\"m\": {}}}", NULL },
    { "{'a': {'b': 1}}", NULL, "Value 'a' is not flat" },
    { "{'a.b': [1]}", NULL, "Value 'a.b' is not flat" },
    { "{'a': 1, 'a.b': 2}", NULL,
      "Key 'a' is used both as a value and as a prefix of other keys" },
    { "{'a.b': 1, 'a': 2}", NULL,
      "Key 'a' is used both as a value and as a prefix of other keys" },
    { "{'x.a.b': 1, 'x.a': 2}", NULL,
      "Key 'x.a' is used both as a value and as a prefix of other keys" },
    { "{'e': {}, 'e.x': 1}", NULL,
      "Key 'e' is used both as a value and as a prefix of other keys" },
    { "{'l.0': 1, 'l.x': 2}", NULL,
      "Cannot mix list and non-list keys under 'l'" },
    { "{'0': 1, 'x': 2}", NULL, "Cannot mix list and non-list keys at the top level" },
    { "{'l.0': 1, 'l.2': 2}", NULL, "Missing list index 1 under 'l'" },
    { "{'a.l.1': 1}", NULL, "Missing list index 0 under 'a.l'" },
    { "{'l.00': 1, 'l.1': 2}", NULL,
      "Cannot mix list and non-list keys under 'l'" },
};

static void test_crumple(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(crumple_cases); i++) {
        const CrumpleCase *c = &crumple_cases[i];
        g_autoptr(QDict) in = dict_from(c->in);
        Error *err = NULL;
        g_autoptr(QObject) out = qdict_crumple(in, &err);

        if (c->out) {
            g_autofree char *s = NULL;

            if (!out) {
                g_error("%s: %s", c->in, error_get_pretty(err));
            }
            s = json_of(out);
            g_assert_cmpstr(s, ==, c->out);
        } else {
            g_assert_null(out);
            g_assert_nonnull(err);
            g_assert_cmpstr(error_get_pretty(err), ==, c->err);
            error_free(err);
        }
    }
}

static void test_crumple_deep(void)
{
    g_autoptr(QDict) ok = qdict_new();
    g_autoptr(QDict) bad = qdict_new();
    g_autoptr(QObject) out = NULL;
    GString *key = g_string_new("k");
    Error *err = NULL;
    int i;

    for (i = 0; i < 1024; i++) {
        g_string_append(key, ".k");
    }
    qdict_put_int(ok, key->str, 1);
    out = qdict_crumple(ok, &error_abort);
    g_assert_nonnull(qobject_to(QDict, out));

    /* deeper is an error, not unbounded recursion on the C stack */
    for (i = 0; i < 2000; i++) {
        g_string_append(key, ".k");
    }
    qdict_put_int(bad, key->str, 1);
    g_assert_null(qdict_crumple(bad, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Key 'k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k."
                    "k.k.k.k.k...' has more than 1024 levels of nesting");
    error_free(err);
    g_string_free(key, true);
}

static void test_flatten_crumple_round_trip(void)
{
    static const char *const docs[] = {
        "{'a': {'b': {'c': 1}}, 'l': [[1, 2], {'x': 'y'}], 's': 'str'}",
        "{'driver': 'qcow2', 'file': {'driver': 'file', 'filename': 'a'},"
        " 'encrypt': {'format': 'luks', 'key-secret': 's0'}}",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(docs); i++) {
        g_autoptr(QDict) orig = dict_from(docs[i]);
        g_autoptr(QDict) flat = qdict_clone_shallow(orig);
        g_autoptr(QObject) back = NULL;

        qdict_flatten(flat);
        back = qdict_crumple(flat, &error_abort);
        g_assert_true(qobject_is_equal(QOBJECT(orig), back));
    }
}

static void test_crumple_for_keyval_qiv(void)
{
    g_autoptr(QDict) in = dict_from(
        "{'a.n': 5, 'a.b': true, 'a.f': false, 'd': 1.5, 's': 'x', 'z': null}");
    g_autoptr(QObject) out = qdict_crumple_for_keyval_qiv(in, &error_abort);
    g_autofree char *s = json_of(out);

    g_assert_cmpstr(s, ==, "{\"a\": {\"n\": \"5\", \"b\": \"on\", \"f\": \"off\"}, "
                    "\"d\": \"1.5\", \"s\": \"x\", \"z\": null}");
}

static void test_extract_subqdict(void)
{
    g_autoptr(QDict) src = dict_from(
        "{'file.driver': 'file', 'size': 1, 'file.filename': 'a', 'filex': 2}");
    g_autoptr(QDict) sub = NULL;
    g_autoptr(QDict) none = NULL;
    g_autofree char *s1 = NULL;
    g_autofree char *s2 = NULL;

    qdict_extract_subqdict(src, &sub, "file.");
    s1 = json_of(QOBJECT(src));
    s2 = json_of(QOBJECT(sub));
    g_assert_cmpstr(s1, ==, "{\"size\": 1, \"filex\": 2}");
    g_assert_cmpstr(s2, ==, "{\"driver\": \"file\", \"filename\": \"a\"}");
    qdict_extract_subqdict(src, &none, "nothing.");
    g_assert_nonnull(none);
    g_assert_cmpuint(qdict_size(none), ==, 0);
}

static void test_array_split(void)
{
    g_autoptr(QDict) src = dict_from(
        "{'0': 'a', '1.x': 1, '1.y': 2, '2': 'c', '4': 'gap', 'o': 'other'}");
    g_autoptr(QList) list = NULL;
    g_autofree char *s1 = NULL;
    g_autofree char *s2 = NULL;
    g_autoptr(QDict) both = dict_from("{'0': 'plain', '0.x': 'dotted'}");
    g_autoptr(QList) l2 = NULL;
    g_autofree char *s3 = NULL;
    g_autofree char *s4 = NULL;

    qdict_array_split(src, &list);
    s1 = json_of(QOBJECT(list));
    s2 = json_of(QOBJECT(src));
    g_assert_cmpstr(s1, ==, "[\"a\", {\"x\": 1, \"y\": 2}, \"c\"]");
    g_assert_cmpstr(s2, ==, "{\"4\": \"gap\", \"o\": \"other\"}");

    qdict_array_split(both, &l2);
    s3 = json_of(QOBJECT(l2));
    s4 = json_of(QOBJECT(both));
    g_assert_cmpstr(s3, ==, "[\"plain\"]");
    g_assert_cmpstr(s4, ==, "{\"0.x\": \"dotted\"}");
}

static void test_array_entries(void)
{
    static const struct {
        const char *in;
        const char *prefix;
        int ret;
    } cases[] = {
        { "{}", "s.", 0 },
        { "{'s.0': 1, 's.1.a': 2, 's.1.b': 3, 'other': 4}", "s.", 2 },
        { "{'s.0': 1, 's.2': 3}", "s.", -EINVAL },
        { "{'s.0': 1, 's.0.x': 2}", "s.", -EINVAL },
        { "{'s.0': 1, 's.x': 2}", "s.", -EINVAL },
        { "{'s.00': 1}", "s.", -EINVAL },
        { "{'s.99999999999999999999': 1}", "s.", -EINVAL },
        { "{'s.1000000': 1}", "s.", -EINVAL },
        { "{'0': 'a', '1': 'b'}", "", 2 },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(QDict) d = dict_from(cases[i].in);

        g_assert_cmpint(qdict_array_entries(d, cases[i].prefix), ==,
                        cases[i].ret);
    }
}

static void test_defaults_join_rename(void)
{
    g_autoptr(QDict) dst = dict_from("{'a': 1}");
    g_autoptr(QDict) src = dict_from("{'a': 2, 'b': 3, 'c': 4}");
    g_autoptr(QDict) r = dict_from("{'old': 1, 'keep': 2}");
    g_autoptr(QDict) clash = dict_from("{'old': 1, 'new': 2}");
    static const QDictRenames renames[] = {
        { "old", "new" },
        { "absent", "whatever" },
        { NULL, NULL },
    };
    Error *err = NULL;
    g_autofree char *s1 = NULL;
    g_autofree char *s2 = NULL;
    g_autofree char *s3 = NULL;

    qdict_copy_default(dst, src, "a");
    qdict_copy_default(dst, src, "b");
    qdict_copy_default(dst, src, "zz");
    qdict_set_default_str(dst, "a", "no");
    qdict_set_default_str(dst, "s", "yes");
    s1 = json_of(QOBJECT(dst));
    g_assert_cmpstr(s1, ==, "{\"a\": 1, \"b\": 3, \"s\": \"yes\"}");

    /* without overwrite, clashing 'a' and 'b' stay in src */
    qdict_join(dst, src, false);
    s2 = json_of(QOBJECT(src));
    g_assert_cmpstr(s2, ==, "{\"a\": 2, \"b\": 3}");
    g_assert_cmpint(qdict_get_int(dst, "c"), ==, 4);
    qdict_join(dst, src, true);
    g_assert_cmpuint(qdict_size(src), ==, 0);
    g_assert_cmpint(qdict_get_int(dst, "a"), ==, 2);

    g_assert_true(qdict_rename_keys(r, renames, &error_abort));
    s3 = json_of(QOBJECT(r));
    g_assert_cmpstr(s3, ==, "{\"keep\": 2, \"new\": 1}");
    g_assert_false(qdict_rename_keys(clash, renames, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'new' and its alias 'old' can't be used at the same time");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject/qnull", test_qnull);
    g_test_add_func("/qobject/qbool", test_qbool);
    g_test_add_func("/qobject/qnum/int", test_qnum_int);
    g_test_add_func("/qobject/qnum/uint", test_qnum_uint);
    g_test_add_func("/qobject/qnum/double", test_qnum_double);
    g_test_add_func("/qobject/qnum/equal", test_qnum_equal);
    g_test_add_func("/qobject/qstring", test_qstring);
    g_test_add_func("/qobject/refcount", test_refcount);
    g_test_add_func("/qobject/qobject_to", test_qobject_to);
    g_test_add_func("/qobject/qlist", test_qlist);
    g_test_add_func("/qobject/qdict/basic", test_qdict_basic);
    g_test_add_func("/qobject/qdict/order", test_qdict_order);
    g_test_add_func("/qobject/qdict/many", test_qdict_many);
    g_test_add_func("/qobject/qdict/equal-clone", test_qdict_equal_clone);
    g_test_add_func("/qobject/block-qdict/flatten", test_flatten);
    g_test_add_func("/qobject/block-qdict/crumple", test_crumple);
    g_test_add_func("/qobject/block-qdict/crumple-deep", test_crumple_deep);
    g_test_add_func("/qobject/block-qdict/flatten-crumple",
                    test_flatten_crumple_round_trip);
    g_test_add_func("/qobject/block-qdict/crumple-keyval-qiv",
                    test_crumple_for_keyval_qiv);
    g_test_add_func("/qobject/block-qdict/extract-subqdict",
                    test_extract_subqdict);
    g_test_add_func("/qobject/block-qdict/array-split", test_array_split);
    g_test_add_func("/qobject/block-qdict/array-entries", test_array_entries);
    g_test_add_func("/qobject/block-qdict/defaults-join-rename",
                    test_defaults_join_rename);
    return g_test_run();
}
