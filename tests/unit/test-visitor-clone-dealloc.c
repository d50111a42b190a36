/*
 * Unit tests for the clone and dealloc visitors (run them under ASan: a
 * leak or double free is the failure these tests look for, beside the
 * asserted values).
 */
#include "qemu/osdep.h"
#include "qapi/clone-visitor.h"
#include "qapi/dealloc-visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "visitor-test-types.h"

static void assert_inner_distinct(const TestInner *a, const TestInner *b)
{
    g_assert_true(a != b);
    if (a->label) {
        g_assert_true(a->label != b->label);
    }
}

static void test_clone_outer(void)
{
    g_autoptr(TestOuter) src = test_outer_sample();
    g_autoptr(TestOuter) dst = QAPI_CLONE(TestOuter, src);
    const TestInnerList *ia, *ib;
    const intList *na, *nb;
    const strList *sa, *sb;

    g_assert_nonnull(dst);
    g_assert_true(dst != src);
    test_outer_assert_equal(src, dst);
    /* nothing is shared but the reference-counted 'any' value */
    g_assert_true(dst->name != src->name);
    assert_inner_distinct(src->inner, dst->inner);
    for (ia = src->items, ib = dst->items; ia; ia = ia->next, ib = ib->next) {
        g_assert_true(ia != ib);
        assert_inner_distinct(ia->value, ib->value);
    }
    for (na = src->nums, nb = dst->nums; na; na = na->next, nb = nb->next) {
        g_assert_true(na != nb);
    }
    for (sa = src->strs, sb = dst->strs; sa; sa = sa->next, sb = sb->next) {
        g_assert_true(sa != sb && sa->value != sb->value);
    }
    g_assert_true(src->alt != dst->alt);
    g_assert_true(src->alt->u.d.label != dst->alt->u.d.label);
    g_assert_true(src->anything == dst->anything);
    g_assert_cmpuint(src->anything->base.refcnt, ==, 2);

    /* changing the copy leaves the original alone */
    dst->inner->label[0] = 'X';
    dst->items->value->integer = 1000;
    g_assert_cmpstr(src->inner->label, ==, "in");
    g_assert_cmpint(src->items->value->integer, ==, 1);
}

static void test_clone_null_and_empty(void)
{
    g_autoptr(TestOuter) empty = g_new0(TestOuter, 1);
    g_autoptr(TestOuter) copy = NULL;
    TestOuter *none = NULL;

    g_assert_null(QAPI_CLONE(TestOuter, none));
    /* a struct with NULL members: a NULL str becomes "" as on output */
    empty->inner = g_new0(TestInner, 1);
    copy = QAPI_CLONE(TestOuter, empty);
    g_assert_cmpstr(copy->name, ==, "");
    g_assert_null(copy->items);
    g_assert_null(copy->nums);
    g_assert_cmpint(copy->inner->integer, ==, 0);
}

static void test_clone_alternate(void)
{
    TestAlt alts[] = {
        { .type = QTYPE_QNUM, .u.i = -9 },
        { .type = QTYPE_QSTRING, .u.s = (char *)"s" },
        { .type = QTYPE_QBOOL, .u.b = true },
        { .type = QTYPE_QDICT, .u.d = { .integer = 3, .has_label = true,
                                        .label = (char *)"lab" } },
    };

    for (size_t i = 0; i < ARRAY_SIZE(alts); i++) {
        TestAlt *copy = QAPI_CLONE(TestAlt, &alts[i]);

        g_assert_true(copy != &alts[i]);
        g_assert_cmpint(copy->type, ==, alts[i].type);
        switch (copy->type) {
        case QTYPE_QNUM:
            g_assert_cmpint(copy->u.i, ==, -9);
            break;
        case QTYPE_QSTRING:
            g_assert_cmpstr(copy->u.s, ==, "s");
            g_assert_true(copy->u.s != alts[i].u.s);
            break;
        case QTYPE_QBOOL:
            g_assert_true(copy->u.b);
            break;
        default:
            g_assert_cmpint(copy->u.d.integer, ==, 3);
            g_assert_cmpstr(copy->u.d.label, ==, "lab");
            g_assert_true(copy->u.d.label != alts[i].u.d.label);
        }
        qapi_free_TestAlt(copy);
    }
}

static void test_clone_members(void)
{
    TestInner src = { .integer = 5, .has_label = true, .label = (char *)"m" };
    TestInner dst;

    QAPI_CLONE_MEMBERS(TestInner, &dst, &src);
    g_assert_cmpint(dst.integer, ==, 5);
    g_assert_true(dst.has_label);
    g_assert_cmpstr(dst.label, ==, "m");
    g_assert_true(dst.label != src.label);
    g_free(dst.label);
}

static void test_clone_list(void)
{
    intList *list = NULL, *copy, *a, *b;

    for (int i = 0; i < 100; i++) {
        QAPI_LIST_PREPEND(list, i);
    }
    copy = QAPI_CLONE(intList, list);
    for (a = list, b = copy; a && b; a = a->next, b = b->next) {
        g_assert_true(a != b);
        g_assert_cmpint(a->value, ==, b->value);
    }
    g_assert_true(!a && !b);
    g_assert_cmpuint(QAPI_LIST_LENGTH(copy), ==, 100);
    qapi_free_intList(list);
    qapi_free_intList(copy);
}

static void test_dealloc_null(void)
{
    Visitor *v = qapi_dealloc_visitor_new();
    TestOuter *o = NULL;
    TestAlt *alt = NULL;
    intList *list = NULL;
    char *s = NULL;
    QObject *any = NULL;
    QNull *null = NULL;

    g_assert_true(visit_is_dealloc(v));
    g_assert_false(visit_is_input(v));
    /* NULL everywhere is fine */
    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    g_assert_true(visit_type_TestAlt(v, NULL, &alt, &error_abort));
    g_assert_true(visit_type_intList(v, NULL, &list, &error_abort));
    g_assert_true(visit_type_str(v, NULL, &s, &error_abort));
    g_assert_true(visit_type_any(v, NULL, &any, &error_abort));
    g_assert_true(visit_type_null(v, NULL, &null, &error_abort));
    visit_free(v);
    qapi_free_TestOuter(NULL);
    qapi_free_strList(NULL);
}

static void test_dealloc_partial(void)
{
    /* what an input visitor can leave behind: holes anywhere */
    TestOuter *o = g_new0(TestOuter, 1);

    o->name = g_strdup("partial");
    o->inner = NULL;
    o->items = g_new0(TestInnerList, 1);
    o->items->next = g_new0(TestInnerList, 1);
    o->items->next->value = g_new0(TestInner, 1);
    o->items->next->value->has_label = true;
    o->items->next->value->label = g_strdup("l");
    o->has_alt = true;
    o->alt = NULL;
    o->has_anything = true;
    o->anything = QOBJECT(qdict_new());
    o->has_strs = true;
    o->strs = g_new0(strList, 1);
    qapi_free_TestOuter(o);
}

/*
 * Break each member of a valid input in turn: every failure must leave
 * *obj NULL with everything built so far freed (ASan checks the latter).
 */
static void test_input_failure_frees(void)
{
    g_autoptr(TestOuter) sample = test_outer_sample();
    QObject *valid;
    Visitor *v = qobject_output_visitor_new(&valid);
    QDict *dict;
    int failures = 0;

    visit_type_TestOuter(v, NULL, &sample, &error_abort);
    visit_complete(v, &valid);
    visit_free(v);
    dict = qobject_to(QDict, valid);

    for (const QDictEntry *e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        const char *key = qdict_entry_key(e);
        /* values of the wrong type for (nearly) every member */
        QList *null_list = qlist_new();
        QObject *wrong[] = {
            QOBJECT(null_list),
            QOBJECT(qstring_from_str("value9")),
        };

        qlist_append_null(null_list);

        for (size_t w = 0; w < ARRAY_SIZE(wrong); w++) {
            g_autoptr(QDict) broken = qdict_clone_shallow(dict);
            TestOuter *o = NULL;
            Error *err = NULL;
            bool ok;

            qdict_put_obj(broken, key, wrong[w]);
            v = qobject_input_visitor_new(QOBJECT(broken));
            ok = visit_type_TestOuter(v, NULL, &o, &err);
            visit_free(v);
            g_assert_cmpint(ok, ==, o != NULL);
            g_test_message("%s/%zu: %s", key, w,
                           err ? error_get_pretty(err) : "ok");
            if (!strcmp(key, "anything") ||
                (w == 1 && (!strcmp(key, "alt") || !strcmp(key, "name")))) {
                /* 'any' takes anything; 'name' and 'alt' take strings */
                g_assert_true(ok);
            } else {
                g_assert_false(ok);
                failures++;
            }
            error_free(err);
            qapi_free_TestOuter(o);
        }
    }
    g_assert_cmpint(failures, ==, 2 * qdict_size(dict) - 4);

    /* break the last element of the items list */
    {
        g_autoptr(QDict) broken = qdict_clone_shallow(dict);
        QList *items = qlist_new();
        TestOuter *o = NULL;

        qlist_append_obj(items, QOBJECT(qdict_new()));
        qdict_put_int(qobject_to(QDict, qlist_peek(items)), "integer", 1);
        qdict_put_str(qobject_to(QDict, qlist_peek(items)), "label", "ok");
        qlist_append_int(items, 5);
        qdict_put_obj(broken, "items", QOBJECT(items));
        v = qobject_input_visitor_new(QOBJECT(broken));
        g_assert_false(visit_type_TestOuter(v, NULL, &o, NULL));
        g_assert_null(o);
        visit_free(v);
    }
    qobject_unref(valid);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/visitor/clone/outer", test_clone_outer);
    g_test_add_func("/visitor/clone/null-and-empty", test_clone_null_and_empty);
    g_test_add_func("/visitor/clone/alternate", test_clone_alternate);
    g_test_add_func("/visitor/clone/members", test_clone_members);
    g_test_add_func("/visitor/clone/list", test_clone_list);
    g_test_add_func("/visitor/dealloc/null", test_dealloc_null);
    g_test_add_func("/visitor/dealloc/partial", test_dealloc_partial);
    g_test_add_func("/visitor/dealloc/input-failure-frees",
                    test_input_failure_frees);
    return g_test_run();
}
