/*
 * Unit tests for the QObject output visitor, and input/output round trips.
 */
#include "qemu/osdep.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "visitor-test-types.h"

static char *outer_to_json(TestOuter *o)
{
    QObject *obj = (QObject *)&obj;  /* canary: the constructor clears it */
    Visitor *v = qobject_output_visitor_new(&obj);
    char *json;

    g_assert_null(obj);
    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_complete(v, &obj);
    visit_free(v);
    json = test_to_json(obj);
    qobject_unref(obj);
    return json;
}

static void test_outer(void)
{
    g_autoptr(TestOuter) o = test_outer_sample();
    g_autofree char *json = outer_to_json(o);

    g_assert_cmpstr(json, ==,
        "{\"name\": \"outer \\\"one\\\"\", \"kind\": \"value2\", "
        "\"inner\": {\"integer\": -42, \"label\": \"in\"}, "
        "\"items\": [{\"integer\": 1, \"label\": \"first\"}, {\"integer\": 2}], "
        "\"nums\": [0, 9223372036854775807, -9223372036854775808], "
        "\"i8\": -128, \"u16\": 65535, \"sz\": 18446744073709551615, "
        "\"flag\": true, \"num\": 3.25, "
        "\"alt\": {\"integer\": 7, \"label\": \"alt\"}, "
        "\"anything\": {\"x\": [1, \"two\", null]}, \"nothing\": null, "
        "\"strs\": [\"a\", \"b\"]}");
}

static void test_round_trip(void)
{
    g_autoptr(TestOuter) o = test_outer_sample();
    g_autoptr(TestOuter) back = NULL;
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);

    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_complete(v, &obj);
    visit_free(v);

    v = qobject_input_visitor_new(obj);
    g_assert_true(visit_type_TestOuter(v, NULL, &back, &error_abort));
    visit_free(v);
    qobject_unref(obj);
    test_outer_assert_equal(o, back);
    /* the 'any' member is shared by reference, not copied */
    g_assert_true(qobject_is_equal(o->anything, back->anything));
}

static void test_alternate_branches(void)
{
    TestAlt alts[3] = {
        { .type = QTYPE_QNUM, .u.i = -3 },
        { .type = QTYPE_QSTRING, .u.s = (char *)"s" },
        { .type = QTYPE_QBOOL, .u.b = false },
    };
    static const char *const expected[] = { "-3", "\"s\"", "false" };

    for (int i = 0; i < 3; i++) {
        TestAlt *alt = &alts[i];
        QObject *obj;
        Visitor *v = qobject_output_visitor_new(&obj);
        g_autofree char *json = NULL;

        g_assert_true(visit_type_TestAlt(v, NULL, &alt, &error_abort));
        visit_complete(v, &obj);
        visit_free(v);
        json = test_to_json(obj);
        g_assert_cmpstr(json, ==, expected[i]);
        qobject_unref(obj);
    }
}

static void test_scalars(void)
{
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);
    int8_t i8 = INT8_MIN;
    int16_t i16 = INT16_MAX;
    int32_t i32 = INT32_MIN;
    int64_t i64 = INT64_MIN;
    uint8_t u8 = UINT8_MAX;
    uint16_t u16 = UINT16_MAX;
    uint32_t u32 = UINT32_MAX;
    uint64_t u64 = UINT64_MAX, sz = 1ull << 40;
    bool b = false;
    double d = -0.125;
    char *s = NULL;
    QNull *n = NULL;
    QObject *any = QOBJECT(qnum_from_int(5));
    int e = TEST_ENUM_VALUE3;
    g_autofree char *json = NULL;

    g_assert_true(visit_start_struct(v, NULL, (void **)&v, 0, &error_abort));
    g_assert_true(visit_type_int8(v, "i8", &i8, &error_abort));
    g_assert_true(visit_type_int16(v, "i16", &i16, &error_abort));
    g_assert_true(visit_type_int32(v, "i32", &i32, &error_abort));
    g_assert_true(visit_type_int64(v, "i64", &i64, &error_abort));
    g_assert_true(visit_type_uint8(v, "u8", &u8, &error_abort));
    g_assert_true(visit_type_uint16(v, "u16", &u16, &error_abort));
    g_assert_true(visit_type_uint32(v, "u32", &u32, &error_abort));
    g_assert_true(visit_type_uint64(v, "u64", &u64, &error_abort));
    g_assert_true(visit_type_size(v, "sz", &sz, &error_abort));
    g_assert_true(visit_type_bool(v, "b", &b, &error_abort));
    g_assert_true(visit_type_number(v, "d", &d, &error_abort));
    /* a NULL string is written as "" */
    g_assert_true(visit_type_str(v, "s", &s, &error_abort));
    g_assert_true(visit_type_null(v, "n", &n, &error_abort));
    g_assert_true(visit_type_any(v, "any", &any, &error_abort));
    g_assert_true(visit_type_enum(v, "e", &e, &TestEnum_lookup, &error_abort));
    g_assert_true(visit_check_struct(v, &error_abort));
    visit_end_struct(v, (void **)&v);
    visit_complete(v, &obj);
    visit_free(v);
    json = test_to_json(obj);
    g_assert_cmpstr(json, ==,
        "{\"i8\": -128, \"i16\": 32767, \"i32\": -2147483648, "
        "\"i64\": -9223372036854775808, \"u8\": 255, \"u16\": 65535, "
        "\"u32\": 4294967295, \"u64\": 18446744073709551615, "
        "\"sz\": 1099511627776, \"b\": false, \"d\": -0.125, \"s\": \"\", "
        "\"n\": null, \"any\": 5, \"e\": \"value3\"}");
    /* the output took its own reference to 'any' */
    g_assert_cmpuint(any->base.refcnt, ==, 2);
    qobject_unref(obj);
    g_assert_cmpuint(any->base.refcnt, ==, 1);
    qobject_unref(any);
}

static void test_top_level_list(void)
{
    intList *list = NULL;
    QObject *obj;
    Visitor *v;
    g_autofree char *json = NULL;

    QAPI_LIST_PREPEND(list, 3);
    QAPI_LIST_PREPEND(list, 2);
    QAPI_LIST_PREPEND(list, 1);
    v = qobject_output_visitor_new(&obj);
    g_assert_true(visit_type_intList(v, NULL, &list, &error_abort));
    visit_complete(v, &obj);
    visit_free(v);
    json = test_to_json(obj);
    g_assert_cmpstr(json, ==, "[1, 2, 3]");
    qobject_unref(obj);
    qapi_free_intList(list);
}

static void test_empty_list(void)
{
    intList *list = NULL;
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);
    g_autofree char *json = NULL;

    g_assert_true(visit_type_intList(v, NULL, &list, &error_abort));
    visit_complete(v, &obj);
    visit_free(v);
    json = test_to_json(obj);
    g_assert_cmpstr(json, ==, "[]");
    qobject_unref(obj);
}

static void test_bad_values(void)
{
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);
    Error *err = NULL;
    TestOuter *o = NULL;
    TestEnum e = 17;
    QObject *any = NULL;

    /* a NULL struct cannot be written */
    g_assert_false(visit_type_TestOuter(v, "o", &o, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'o' has no value to output");
    g_clear_pointer(&err, error_free);
    g_assert_false(visit_type_TestEnum(v, "e", &e, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'e' holds invalid enum value 17");
    g_clear_pointer(&err, error_free);
    g_assert_false(visit_type_any(v, "a", &any, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'a' has no value to output");
    g_clear_pointer(&err, error_free);
    /* without visit_complete the visitor frees what it built */
    visit_free(v);
}

static void test_partial_free(void)
{
    g_autoptr(TestOuter) o = test_outer_sample();
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);

    /* stop in the middle: free must release the half-built tree */
    g_assert_true(visit_start_struct(v, NULL, (void **)&o, sizeof(*o),
                                     &error_abort));
    g_assert_true(visit_type_TestInner(v, "inner", &o->inner, &error_abort));
    g_assert_true(visit_start_list(v, "l", (GenericList **)&o->nums,
                                   sizeof(*o->nums), &error_abort));
    visit_free(v);
    g_assert_null(obj);
}

static void test_is_input(void)
{
    QObject *obj;
    Visitor *v = qobject_output_visitor_new(&obj);

    g_assert_false(visit_is_input(v));
    g_assert_false(visit_is_dealloc(v));
    visit_free(v);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/visitor/output/outer", test_outer);
    g_test_add_func("/visitor/output/round-trip", test_round_trip);
    g_test_add_func("/visitor/output/alternate-branches",
                    test_alternate_branches);
    g_test_add_func("/visitor/output/scalars", test_scalars);
    g_test_add_func("/visitor/output/top-level-list", test_top_level_list);
    g_test_add_func("/visitor/output/empty-list", test_empty_list);
    g_test_add_func("/visitor/output/bad-values", test_bad_values);
    g_test_add_func("/visitor/output/partial-free", test_partial_free);
    g_test_add_func("/visitor/output/is-input", test_is_input);
    return g_test_run();
}
