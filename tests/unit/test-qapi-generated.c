/*
 * Tests of the code qapi-gen.py generates from tests/unit/qapi-schema-test.json
 * (prefix "test-"): C types and enum tables, visitors (round trips and
 * strict input errors), command marshalers through qmp_dispatch(), event
 * senders, and the introspection data.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qapi/clone-visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/qmp/dispatch.h"
#include "qapi/qmp/qlit.h"
#include "test-qapi-types.h"
#include "test-qapi-visit.h"
#include "test-qapi-commands.h"
#include "test-qapi-events.h"
#include "test-qapi-emit-events.h"
#include "test-qapi-init-commands.h"
#include "test-qapi-introspect.h"
#include "qapi/qapi-introspect.h"
#include "qapi/qapi-visit-introspect.h"

/* ------------------------------------------------------------------ */
/* helpers */

static QObject *from_json(const char *json)
{
    QObject *obj = qobject_from_json(json, &error_abort);

    g_assert_nonnull(obj);
    return obj;
}

static char *to_json(const QObject *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

/* Assert that @actual equals the JSON text @expected (as values). */
static void assert_json(const QObject *actual, const char *expected)
{
    QObject *exp = from_json(expected);

    if (!qobject_is_equal(actual, exp)) {
        g_autofree char *text = to_json(actual);

        g_test_message("got %s, expected %s", text, expected);
        g_assert_not_reached();
    }
    qobject_unref(exp);
}

/*
 * Visit @json into a new Type, check @check on it, visit it back out and
 * compare with the input; free everything.
 */
#define ROUND_TRIP(Type, json, check)                                   \
    do {                                                                \
        QObject *in_ = from_json(json);                                 \
        Visitor *v_ = qobject_input_visitor_new(in_);                   \
        Type *obj = NULL;                                               \
        QObject *out_ = NULL;                                           \
        g_assert_true(visit_type_##Type(v_, NULL, &obj, &error_abort)); \
        visit_free(v_);                                                 \
        g_assert_nonnull(obj);                                          \
        check;                                                          \
        v_ = qobject_output_visitor_new(&out_);                         \
        g_assert_true(visit_type_##Type(v_, NULL, &obj, &error_abort)); \
        visit_complete(v_, &out_);                                      \
        visit_free(v_);                                                 \
        assert_json(out_, json);                                        \
        qobject_unref(out_);                                            \
        qobject_unref(in_);                                             \
        qapi_free_##Type(obj);                                          \
    } while (0)

/*
 * Visit @json into a Type, which must fail with message @msg and leave
 * no value behind.
 */
#define INPUT_ERROR(Type, json, msg)                                    \
    do {                                                                \
        QObject *in_ = from_json(json);                                 \
        Visitor *v_ = qobject_input_visitor_new(in_);                   \
        Type *obj_ = NULL;                                              \
        Error *err_ = NULL;                                             \
        g_assert_false(visit_type_##Type(v_, NULL, &obj_, &err_));      \
        g_assert_null(obj_);                                            \
        g_assert_nonnull(err_);                                         \
        g_assert_cmpstr(error_get_pretty(err_), ==, (msg));             \
        error_free(err_);                                               \
        visit_free(v_);                                                 \
        qobject_unref(in_);                                             \
    } while (0)

/* ------------------------------------------------------------------ */
/* types and enums */

static void test_enums(void)
{
    g_assert_cmpint(ENUM_ONE_VALUE1, ==, 0);
    g_assert_cmpint(ENUM_ONE_VALUE3, ==, 2);
    /* value4 is conditional on TEST_UNDEFINED: left out */
    g_assert_cmpint(ENUM_ONE_VALUE5, ==, 3);
    g_assert_cmpint(ENUM_ONE__MAX, ==, 4);
    g_assert_cmpint(EnumOne_lookup.size, ==, 4);
    g_assert_cmpstr(EnumOne_str(ENUM_ONE_VALUE2), ==, "value2");
    g_assert_cmpstr(EnumOne_str(ENUM_ONE_VALUE5), ==, "value5");
    g_assert_nonnull(EnumOne_lookup.special_features);
    g_assert_cmpint(EnumOne_lookup.special_features[ENUM_ONE_VALUE5], ==,
                    1u << QAPI_DEPRECATED);
    g_assert_cmpint(EnumOne_lookup.special_features[ENUM_ONE_VALUE1], ==, 0);

    /* 'prefix' */
    g_assert_cmpint(QENUM_TWO_VALUE_B, ==, 1);
    g_assert_cmpstr(QEnumTwo_str(QENUM_TWO_VALUE_A), ==, "value-a");
    g_assert_null(QEnumTwo_lookup.special_features);

    /* mangled names */
    g_assert_cmpstr(MangledNames_str(MANGLED_NAMES_A_B), ==, "a-b");
    g_assert_cmpstr(MangledNames_str(MANGLED_NAMES_1ST), ==, "1st");
    g_assert_cmpstr(MangledNames_str(MANGLED_NAMES_INT), ==, "int");

    /* the built-in QType, and the sub-module's enum */
    g_assert_cmpstr(QType_str(QTYPE_QDICT), ==, "qdict");
    g_assert_cmpstr(SubEnum_str(SUB_ENUM_BETA), ==, "beta");

    /* enum parsing through the lookup table */
    g_assert_cmpint(qapi_enum_parse(&EnumOne_lookup, "value3", -1, NULL),
                    ==, ENUM_ONE_VALUE3);
    g_assert_cmpint(qapi_enum_parse(&EnumOne_lookup, "value4", -1, NULL),
                    ==, -1);
}

static void test_struct_layout(void)
{
    g_autoptr(UserDefOne) one = g_new0(UserDefOne, 1);
    UserDefZero *zero;
    CondMembers cm = { 0 };
    Shape shape = { 0 };

    /* base members first, so that the upcast is a cast */
    one->integer = 7;
    one->string = g_strdup("seven");
    one->has_enum1 = true;
    one->enum1 = ENUM_ONE_VALUE3;
    zero = qapi_UserDefOne_base(one);
    g_assert_cmpint(zero->integer, ==, 7);

    /* conditional members: 'b' left out, 'c' and 'd' present */
    cm.a = 1;
    cm.c = NULL;
    cm.has_d = true;
    cm.d = 4;
    cm.has_CamelMember = true;
    cm.has_q_case = false;
    cm.has_a_b = true;
    cm.a_b = 5;
    g_assert_cmpint(cm.d + cm.a_b, ==, 9);

    /* union: base members, then the branches in 'u' */
    shape.type = SHAPE_TYPE_RECT;
    shape.u.rect.width = 3;
    shape.u.circle.radius = 9;
    g_assert_cmpint(shape.u.rect.width, ==, 9);

    /* freeing NULL is fine */
    qapi_free_UserDefOne(NULL);
    qapi_free_UserDefOneList(NULL);
    qapi_free_Shape(NULL);
    qapi_free_AltStrObj(NULL);
}

/* ------------------------------------------------------------------ */
/* visitors: round trips */

static void test_round_trip_struct(void)
{
    ROUND_TRIP(UserDefOne, "{'integer': 42, 'string': 'forty-two'}", {
        g_assert_cmpint(obj->integer, ==, 42);
        g_assert_cmpstr(obj->string, ==, "forty-two");
        g_assert_false(obj->has_enum1);
    });
    ROUND_TRIP(UserDefOne,
               "{'integer': -1, 'string': '', 'enum1': 'value5'}", {
        g_assert_true(obj->has_enum1);
        g_assert_cmpint(obj->enum1, ==, ENUM_ONE_VALUE5);
    });
    ROUND_TRIP(UserDefTwo,
               "{'string0': 'a', 'dict1': {'string1': 'b', 'dict2': "
               "{'userdef': {'integer': 1, 'string': 'c'}, 'string': 'd'}, "
               "'dict3': {'userdef': {'integer': 2, 'string': 'e'}, "
               "'string': 'f'}}}", {
        g_assert_cmpstr(obj->dict1->dict2->userdef->string, ==, "c");
        g_assert_true(obj->dict1->has_dict3);
        g_assert_cmpint(obj->dict1->dict3->userdef->integer, ==, 2);
    });
    ROUND_TRIP(Empty1, "{}", {});
    ROUND_TRIP(SubStruct, "{'name': 'n', 'value': 'beta', "
               "'list': ['alpha', 'beta', 'beta']}", {
        g_assert_cmpint(obj->value, ==, SUB_ENUM_BETA);
        g_assert_cmpint(QAPI_LIST_LENGTH(obj->list), ==, 3);
        g_assert_cmpint(obj->list->value, ==, SUB_ENUM_ALPHA);
    });
}

static void test_round_trip_scalars(void)
{
    ROUND_TRIP(Scalars,
               "{'i': -9223372036854775808, 'i8': -128, 'i16': 32767, "
               "'i32': -2147483648, 'i64': 9223372036854775807, 'u8': 255, "
               "'u16': 65535, 'u32': 4294967295, "
               "'u64': 18446744073709551615, 'sz': 4096, 'b': true, "
               "'n': 1.5, 's': 'x\\u00e9y', 'a': {'any': [1, 'two', null]}, "
               "'z': null, 'qt': 'qlist'}", {
        g_assert_cmpint(obj->i8, ==, -128);
        g_assert_cmpuint(obj->u64, ==, UINT64_MAX);
        g_assert_cmpfloat(obj->n, ==, 1.5);
        g_assert_cmpstr(obj->s, ==, "x\xc3\xa9y");
        g_assert_cmpint(qobject_type(obj->a), ==, QTYPE_QDICT);
        g_assert_true(obj->has_z);
        g_assert_cmpint(obj->qt, ==, QTYPE_QLIST);
    });
}

static void test_round_trip_lists(void)
{
    ROUND_TRIP(UserDefLists,
               "{'ints': [1, 2, 3], 'strs': [], 'u8s': [0, 255], "
               "'enums': ['value1', 'value3'], "
               "'objs': [{'integer': 1, 'string': 'a'}, "
               "{'integer': 2, 'string': 'b', 'enum1': 'value2'}], "
               "'sizes': [0, 18446744073709551615], 'bools': [true, false], "
               "'numbers': [0.25, -2.5], 'anys': [null, {}, [1]], "
               "'subs': [{'name': 's', 'value': 'alpha'}]}", {
        g_assert_cmpint(QAPI_LIST_LENGTH(obj->ints), ==, 3);
        g_assert_cmpint(obj->ints->next->next->value, ==, 3);
        g_assert_null(obj->strs);
        g_assert_cmpint(obj->enums->next->value, ==, ENUM_ONE_VALUE3);
        g_assert_cmpstr(obj->objs->next->value->string, ==, "b");
        g_assert_cmpfloat(obj->numbers->next->value, ==, -2.5);
        g_assert_cmpstr(obj->subs->value->name, ==, "s");
    });
}

static void test_round_trip_union(void)
{
    ROUND_TRIP(Shape, "{'type': 'circle', 'name': 'c', 'radius': 5}", {
        g_assert_cmpint(obj->type, ==, SHAPE_TYPE_CIRCLE);
        g_assert_cmpint(obj->u.circle.radius, ==, 5);
    });
    ROUND_TRIP(Shape, "{'type': 'rect', 'name': 'r', 'width': 2, "
               "'height': 3}", {
        g_assert_cmpint(obj->u.rect.height, ==, 3);
    });
    /* a value without a branch: no extra members */
    ROUND_TRIP(Shape, "{'type': 'point', 'name': 'p'}", {
        g_assert_cmpint(obj->type, ==, SHAPE_TYPE_POINT);
    });
    ROUND_TRIP(Shape2, "{'kind': 'circle', 'label': 'l', 'radius': 1}", {
        g_assert_true(obj->has_label);
        g_assert_cmpint(obj->u.circle.radius, ==, 1);
    });
    /* 'rect' is conditional on TEST_UNDEFINED: it has no members here */
    ROUND_TRIP(Shape2, "{'kind': 'rect'}", {
        g_assert_cmpint(obj->kind, ==, SHAPE_TYPE_RECT);
    });
}

static void test_round_trip_alternate(void)
{
    ROUND_TRIP(AltStrObj, "'text'", {
        g_assert_cmpint(obj->type, ==, QTYPE_QSTRING);
        g_assert_cmpstr(obj->u.s, ==, "text");
    });
    ROUND_TRIP(AltStrObj, "{'radius': 3}", {
        g_assert_cmpint(obj->type, ==, QTYPE_QDICT);
        g_assert_cmpint(obj->u.o.radius, ==, 3);
    });
    ROUND_TRIP(AltNumBoolNull, "2.5", {
        g_assert_cmpint(obj->type, ==, QTYPE_QNUM);
        g_assert_cmpfloat(obj->u.n, ==, 2.5);
    });
    ROUND_TRIP(AltNumBoolNull, "false", {
        g_assert_cmpint(obj->type, ==, QTYPE_QBOOL);
        g_assert_false(obj->u.b);
    });
    ROUND_TRIP(AltNumBoolNull, "null", {
        g_assert_cmpint(obj->type, ==, QTYPE_QNULL);
    });
    ROUND_TRIP(AltEnumIntArr, "'value2'", {
        g_assert_cmpint(obj->u.e, ==, ENUM_ONE_VALUE2);
    });
    ROUND_TRIP(AltEnumIntArr, "-7", {
        g_assert_cmpint(obj->u.i, ==, -7);
    });
    ROUND_TRIP(AltEnumIntArr, "[4, 5]", {
        g_assert_cmpint(obj->type, ==, QTYPE_QLIST);
        g_assert_cmpint(obj->u.l->next->value, ==, 5);
    });
    ROUND_TRIP(WithAlternates,
               "{'alt1': {'radius': 1}, 'alt2': [1], 'alt3': true}", {
        g_assert_cmpint(obj->alt1->type, ==, QTYPE_QDICT);
        g_assert_true(obj->has_alt3);
    });
}

static void test_round_trip_recursive(void)
{
    ROUND_TRIP(TreeNode, "{'name': 'root', 'children': [{'name': 'a'}, "
               "{'name': 'b', 'children': [{'name': 'c', 'extra': "
               "{'value': 1, 'parent': {'name': 'p'}}}]}]}", {
        g_assert_cmpstr(obj->children->next->value->children->value->name,
                        ==, "c");
        g_assert_cmpint(obj->children->next->value->children->value
                        ->extra->value, ==, 1);
    });
}

static void test_round_trip_cond(void)
{
    ROUND_TRIP(CondMembers, "{'a': 1, 'c': 'c', 'd': 4, 'e': 5, "
               "'CamelMember': true, 'case': 'k', 'a-b': 6}", {
        g_assert_true(obj->has_d);
        g_assert_cmpint(obj->d, ==, 4);
        g_assert_cmpstr(obj->q_case, ==, "k");
        g_assert_cmpint(obj->a_b, ==, 6);
        g_assert_true(obj->CamelMember);
    });
}

/* ------------------------------------------------------------------ */
/* visitors: strict input */

static void test_input_errors(void)
{
    INPUT_ERROR(UserDefOne, "{'integer': 1}", "Parameter 'string' is missing");
    INPUT_ERROR(UserDefOne, "{'string': 'x'}",
                "Parameter 'integer' is missing");
    INPUT_ERROR(UserDefOne, "{'integer': 1, 'string': 'x', 'bogus': 2}",
                "Parameter 'bogus' is unexpected");
    INPUT_ERROR(UserDefOne, "{'integer': 'one', 'string': 'x'}",
                "Invalid parameter type for 'integer', expected: integer");
    INPUT_ERROR(UserDefOne, "{'integer': 1, 'string': 'x', 'enum1': 'no'}",
                "Parameter 'enum1' does not accept value 'no'");
    /* a conditional value that is compiled out is unknown */
    INPUT_ERROR(UserDefOne,
                "{'integer': 1, 'string': 'x', 'enum1': 'value4'}",
                "Parameter 'enum1' does not accept value 'value4'");
    INPUT_ERROR(UserDefOne, "[]",
                "Invalid parameter type for '<anonymous>', expected: object");
    /* nested members are named by their path */
    INPUT_ERROR(UserDefTwo, "{'string0': 'a', 'dict1': {'string1': 'b', "
                "'dict2': {'userdef': {'integer': 1}, 'string': 'd'}}}",
                "Parameter 'dict1.dict2.userdef.string' is missing");
    INPUT_ERROR(UserDefLists, "{'ints': [1, 'x'], 'strs': [], 'enums': [], "
                "'objs': []}",
                "Invalid parameter type for 'ints[1]', expected: integer");
    INPUT_ERROR(Scalars, "{'i': 0, 'i8': 128, 'i16': 0, 'i32': 0, 'i64': 0, "
                "'u8': 0, 'u16': 0, 'u32': 0, 'u64': 0, 'sz': 0, 'b': true, "
                "'n': 0, 's': '', 'a': 0}",
                "Parameter 'i8' expects int8_t");
    /* the conditional member 'b' does not exist */
    INPUT_ERROR(CondMembers, "{'a': 1, 'b': 2, 'c': 'c'}",
                "Parameter 'b' is unexpected");
}

static void test_input_errors_union(void)
{
    INPUT_ERROR(Shape, "{'name': 'n', 'radius': 1}",
                "Parameter 'type' is missing");
    INPUT_ERROR(Shape, "{'type': 'hexagon', 'name': 'n'}",
                "Parameter 'type' does not accept value 'hexagon'");
    INPUT_ERROR(Shape, "{'type': 'circle', 'name': 'n'}",
                "Parameter 'radius' is missing");
    /* members of another branch are unexpected */
    INPUT_ERROR(Shape, "{'type': 'circle', 'name': 'n', 'radius': 1, "
                "'width': 2}",
                "Parameter 'width' is unexpected");
    INPUT_ERROR(Shape, "{'type': 'point', 'name': 'n', 'radius': 1}",
                "Parameter 'radius' is unexpected");
}

static void test_input_errors_alternate(void)
{
    INPUT_ERROR(AltStrObj, "1",
                "Invalid parameter type for 'null', expected: AltStrObj");
    INPUT_ERROR(AltStrObj, "{'radius': 'x'}",
                "Invalid parameter type for 'radius', expected: integer");
    INPUT_ERROR(AltStrObj, "{'radius': 1, 'x': 1}",
                "Parameter 'x' is unexpected");
    INPUT_ERROR(AltEnumIntArr, "'value9'",
                "Parameter '<anonymous>' does not accept value 'value9'");
    INPUT_ERROR(WithAlternates, "{'alt1': [1]}",
                "Invalid parameter type for 'alt1', expected: AltStrObj");
    INPUT_ERROR(WithAlternates, "{'alt1': 's', 'alt3': 'x'}",
                "Invalid parameter type for 'alt3', expected: "
                "AltNumBoolNull");
}

/* Random JSON values must give an error or a value, never a crash. */
static void test_input_garbage(void)
{
    static const char *const inputs[] = {
        "null", "1", "-1.5e300", "'s'", "true", "[]", "[[[]]]", "{}",
        "{'integer': {}}", "{'integer': 1, 'string': null}",
        "{'type': 'circle'}", "{'type': 1}", "{'alt1': null}",
        "{'ints': {}, 'strs': 1}", "{'string0': 'a', 'dict1': 1}",
        "{'kind': [], 'radius': 1}", "{'a': {'b': {'c': [1, [2]]}}}",
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(inputs); i++) {
        QObject *in = from_json(inputs[i]);
        Visitor *v;
        UserDefTwo *two = NULL;
        UserDefLists *lists = NULL;
        Shape *shape = NULL;
        Shape2 *shape2 = NULL;
        WithAlternates *alts = NULL;
        AltEnumIntArr *alt = NULL;

#define TRY(Type, var)                                          \
        v = qobject_input_visitor_new(in);                      \
        if (visit_type_##Type(v, NULL, &var, NULL)) {           \
            qapi_free_##Type(var);                              \
        } else {                                                \
            g_assert_null(var);                                 \
        }                                                       \
        visit_free(v);
        TRY(UserDefTwo, two)
        TRY(UserDefLists, lists)
        TRY(Shape, shape)
        TRY(Shape2, shape2)
        TRY(WithAlternates, alts)
        TRY(AltEnumIntArr, alt)
#undef TRY
        qobject_unref(in);
    }
}

static void test_clone(void)
{
    g_autoptr(UserDefOne) one = g_new0(UserDefOne, 1);
    g_autoptr(UserDefOne) copy = NULL;

    one->integer = 3;
    one->string = g_strdup("three");
    copy = QAPI_CLONE(UserDefOne, one);
    g_assert_true(copy != one);
    g_assert_true(copy->string != one->string);
    g_assert_cmpstr(copy->string, ==, "three");
}

/* ------------------------------------------------------------------ */
/* commands: hand-written handlers for the generated marshalers */

static int oob_calls;
static int no_resp_calls;

static void *seen_mon;

void qmp_user_def_cmd(Error **errp)
{
    seen_mon = qmp_dispatch_cur_mon();
}

void qmp_user_def_cmd1(UserDefOne *ud1a, Error **errp)
{
    if (ud1a->integer < 0) {
        error_setg(errp, "integer %" PRId64 " is negative", ud1a->integer);
    }
}

UserDefTwo *qmp_user_def_cmd2(UserDefOne *ud1a, bool has_ud1b,
                              UserDefOne *ud1b, Error **errp)
{
    UserDefTwo *ret = g_new0(UserDefTwo, 1);

    ret->string0 = g_strdup("blah1");
    ret->dict1 = g_new0(UserDefTwoDict, 1);
    ret->dict1->string1 = g_strdup("blah2");
    ret->dict1->dict2 = g_new0(UserDefTwoDictDict, 1);
    ret->dict1->dict2->userdef = QAPI_CLONE(UserDefOne, ud1a);
    ret->dict1->dict2->string = g_strdup("blah3");
    if (has_ud1b) {
        ret->dict1->has_dict3 = true;
        ret->dict1->dict3 = g_new0(UserDefTwoDictDict, 1);
        ret->dict1->dict3->userdef = QAPI_CLONE(UserDefOne, ud1b);
        ret->dict1->dict3->string = g_strdup("blah4");
    }
    return ret;
}

int64_t qmp_cmd_add(int64_t a, bool has_b, int64_t b, Error **errp)
{
    return a + (has_b ? b : 100);
}

void qmp_cmd_boxed_struct(UserDefZero *arg, Error **errp)
{
    if (arg->integer != 5) {
        error_setg(errp, "integer must be 5, not %" PRId64, arg->integer);
    }
}

Shape *qmp_cmd_boxed_union(Shape *arg, Error **errp)
{
    Shape *ret = QAPI_CLONE(Shape, arg);

    if (ret->type == SHAPE_TYPE_CIRCLE) {
        ret->u.circle.radius *= 2;
    }
    return ret;
}

UserDefOneList *qmp_cmd_list(intList *ints, bool has_strs, strList *strs,
                             Error **errp)
{
    UserDefOneList *head = NULL, **tail = &head;

    for (; ints; ints = ints->next) {
        UserDefOne *one = g_new0(UserDefOne, 1);

        one->integer = ints->value;
        one->string = g_strdup(has_strs && strs ? strs->value : "none");
        if (strs) {
            strs = strs->next;
        }
        QAPI_LIST_APPEND(tail, one);
    }
    return head;
}

WithAlternates *qmp_cmd_alt(AltStrObj *a, bool has_b, AltEnumIntArr *b,
                            Error **errp)
{
    WithAlternates *ret = g_new0(WithAlternates, 1);

    ret->alt1 = QAPI_CLONE(AltStrObj, a);
    if (has_b) {
        ret->has_alt2 = true;
        ret->alt2 = QAPI_CLONE(AltEnumIntArr, b);
    }
    return ret;
}

void qmp_cmd_no_resp(Error **errp)
{
    no_resp_calls++;
}

void qmp_cmd_oob(Error **errp)
{
    oob_calls++;
}

void qmp_cmd_features(bool has_a, int64_t a, Error **errp)
{
}

void qmp_cmd_fail(const char *msg, Error **errp)
{
    error_setg(errp, "%s", msg);
}

SubStruct *qmp_sub_cmd(const char *name, SubEnum value, bool has_list,
                       SubEnumList *list, Error **errp)
{
    SubStruct *ret = g_new0(SubStruct, 1);

    ret->name = g_strdup_printf("%s!", name);
    ret->value = value == SUB_ENUM_ALPHA ? SUB_ENUM_BETA : SUB_ENUM_ALPHA;
    return ret;
}

static QmpCommandList test_commands;

/* Dispatch @request (JSON) and compare the response with @expected. */
static void dispatch_check(const char *request, const char *expected)
{
    QObject *req = from_json(request);
    QDict *rsp = qmp_dispatch(&test_commands, req, false, NULL);

    if (expected) {
        g_assert_nonnull(rsp);
        assert_json(QOBJECT(rsp), expected);
    } else {
        g_assert_null(rsp);
    }
    qobject_unref(rsp);
    qobject_unref(req);
}

static void setup_commands(void)
{
    if (!test_commands.first) {
        test_qmp_init_marshal(&test_commands);
    }
}

static void test_dispatch_success(void)
{
    setup_commands();
    dispatch_check("{'execute': 'user-def-cmd'}", "{'return': {}}");
    dispatch_check("{'execute': 'user-def-cmd', 'arguments': {}, 'id': 7}",
                   "{'return': {}, 'id': 7}");
    dispatch_check("{'execute': 'user-def-cmd1', 'arguments': "
                   "{'ud1a': {'integer': 1, 'string': 's'}}, "
                   "'id': ['any', {'json': 1}]}",
                   "{'return': {}, 'id': ['any', {'json': 1}]}");
    dispatch_check("{'execute': 'user-def-cmd2', 'arguments': "
                   "{'ud1a': {'integer': 1, 'string': 'a'}, "
                   "'ud1b': {'integer': 2, 'string': 'b', 'enum1': 'value1'}}}",
                   "{'return': {'string0': 'blah1', 'dict1': "
                   "{'string1': 'blah2', 'dict2': {'userdef': "
                   "{'integer': 1, 'string': 'a'}, 'string': 'blah3'}, "
                   "'dict3': {'userdef': {'integer': 2, 'string': 'b', "
                   "'enum1': 'value1'}, 'string': 'blah4'}}}}");
    dispatch_check("{'execute': 'cmd-add', 'arguments': {'a': 1, 'b': 2}}",
                   "{'return': 3}");
    dispatch_check("{'execute': 'cmd-add', 'arguments': {'a': 1}}",
                   "{'return': 101}");
    dispatch_check("{'execute': 'cmd-boxed-struct', "
                   "'arguments': {'integer': 5}}", "{'return': {}}");
    dispatch_check("{'execute': 'cmd-boxed-union', 'arguments': "
                   "{'type': 'circle', 'name': 'c', 'radius': 4}}",
                   "{'return': {'type': 'circle', 'name': 'c', "
                   "'radius': 8}}");
    dispatch_check("{'execute': 'cmd-list', 'arguments': "
                   "{'ints': [1, 2], 'strs': ['x']}}",
                   "{'return': [{'integer': 1, 'string': 'x'}, "
                   "{'integer': 2, 'string': 'none'}]}");
    dispatch_check("{'execute': 'cmd-list', 'arguments': {'ints': []}}",
                   "{'return': []}");
    dispatch_check("{'execute': 'cmd-alt', 'arguments': "
                   "{'a': 'str', 'b': 'value3'}}",
                   "{'return': {'alt1': 'str', 'alt2': 'value3'}}");
    dispatch_check("{'execute': 'sub-cmd', 'arguments': "
                   "{'name': 'n', 'value': 'alpha'}}",
                   "{'return': {'name': 'n!', 'value': 'beta'}}");
    dispatch_check("{'execute': 'cmd-features', 'arguments': {'a': 1}}",
                   "{'return': {}}");
}

static void test_dispatch_options(void)
{
    const QmpCommand *cmd;
    QObject *req;
    QDict *rsp;

    setup_commands();
    /* 'success-response': false: no response at all */
    no_resp_calls = 0;
    dispatch_check("{'execute': 'cmd-no-resp', 'id': 1}", NULL);
    g_assert_cmpint(no_resp_calls, ==, 1);

    cmd = qmp_find_command(&test_commands, "cmd-no-resp");
    g_assert_false(qmp_has_success_response(cmd));
    cmd = qmp_find_command(&test_commands, "cmd-oob");
    g_assert_cmpint(cmd->options, ==,
                    QCO_ALLOW_OOB | QCO_ALLOW_PRECONFIG | QCO_COROUTINE);
    cmd = qmp_find_command(&test_commands, "cmd-features");
    g_assert_cmpint(cmd->special_features, ==, 1u << QAPI_UNSTABLE);
    g_assert_true(qmp_command_is_enabled(cmd));
    g_assert_cmpstr(qmp_command_name(cmd), ==, "cmd-features");
    /* not generated: 'gen': false and a false condition */
    g_assert_null(qmp_find_command(&test_commands, "cmd-nogen"));
    g_assert_null(qmp_find_command(&test_commands, "cmd-cond"));

    /* out-of-band execution, when the monitor allows it */
    oob_calls = 0;
    req = from_json("{'exec-oob': 'cmd-oob', 'id': 'o'}");
    g_assert_true(qmp_is_oob(qobject_to(QDict, req)));
    rsp = qmp_dispatch(&test_commands, req, true, NULL);
    assert_json(QOBJECT(rsp), "{'return': {}, 'id': 'o'}");
    g_assert_cmpint(oob_calls, ==, 1);
    qobject_unref(rsp);
    rsp = qmp_dispatch(&test_commands, req, false, NULL);
    assert_json(QOBJECT(rsp), "{'error': {'class': 'GenericError', "
                "'desc': \"QMP input member 'exec-oob' is unexpected\"}, "
                "'id': 'o'}");
    qobject_unref(rsp);
    qobject_unref(req);

    req = from_json("{'execute': 'cmd-oob', 'exec-oob': 'cmd-oob'}");
    rsp = qmp_dispatch(&test_commands, req, true, NULL);
    assert_json(QOBJECT(rsp), "{'error': {'class': 'GenericError', 'desc': "
                "\"QMP input member 'exec-oob' clashes with 'execute'\"}}");
    qobject_unref(rsp);
    qobject_unref(req);

    req = from_json("{'exec-oob': 'user-def-cmd'}");
    rsp = qmp_dispatch(&test_commands, req, true, NULL);
    assert_json(QOBJECT(rsp), "{'error': {'class': 'GenericError', "
                "'desc': 'The command user-def-cmd does not support OOB'}}");
    qobject_unref(rsp);
    qobject_unref(req);

    /* disabling */
    qmp_disable_command(&test_commands, "user-def-cmd", "for a test");
    dispatch_check("{'execute': 'user-def-cmd'}",
                   "{'error': {'class': 'CommandNotFound', 'desc': "
                   "'Command user-def-cmd has been disabled: for a test'}}");
    qmp_enable_command(&test_commands, "user-def-cmd");
    dispatch_check("{'execute': 'user-def-cmd'}", "{'return': {}}");
}

static void test_dispatch_cur_mon(void)
{
    int monitor;
    QObject *req = from_json("{'execute': 'user-def-cmd'}");
    QDict *rsp;

    setup_commands();
    seen_mon = NULL;
    rsp = qmp_dispatch(&test_commands, req, false, &monitor);
    assert_json(QOBJECT(rsp), "{'return': {}}");
    g_assert_true(seen_mon == &monitor);
    g_assert_null(qmp_dispatch_cur_mon());
    qobject_unref(rsp);
    qobject_unref(req);
}

static int count_commands_cb_count;

static void count_commands_cb(const QmpCommand *cmd, void *opaque)
{
    GString *names = opaque;

    count_commands_cb_count++;
    g_string_append_printf(names, "%s ", qmp_command_name(cmd));
}

static void test_dispatch_registry(void)
{
    g_autoptr(GString) names = g_string_new("");
    QmpCommandList cmds = { 0 };

    setup_commands();
    count_commands_cb_count = 0;
    qmp_for_each_command(&test_commands, count_commands_cb, names);
    /* module by module (the main file first), in schema order */
    g_assert_cmpstr(names->str, ==,
                    "user-def-cmd user-def-cmd1 user-def-cmd2 "
                    "cmd-add cmd-boxed-struct cmd-boxed-union cmd-list "
                    "cmd-alt cmd-no-resp cmd-oob cmd-features cmd-fail "
                    "sub-cmd ");
    g_assert_cmpint(count_commands_cb_count, ==, 13);

    test_qmp_init_marshal(&cmds);
    g_assert_true(qmp_unregister_command(&cmds, "cmd-fail"));
    g_assert_false(qmp_unregister_command(&cmds, "cmd-fail"));
    g_assert_null(qmp_find_command(&cmds, "cmd-fail"));
    g_assert_nonnull(qmp_find_command(&cmds, "cmd-features"));
    qmp_command_list_clear(&cmds);
    g_assert_null(qmp_find_command(&cmds, "sub-cmd"));
}

static void test_dispatch_errors(void)
{
    setup_commands();
    dispatch_check("[]", "{'error': {'class': 'GenericError', "
                   "'desc': 'QMP input must be a JSON object'}}");
    dispatch_check("'execute'", "{'error': {'class': 'GenericError', "
                   "'desc': 'QMP input must be a JSON object'}}");
    dispatch_check("{'id': 3}", "{'error': {'class': 'GenericError', "
                   "'desc': \"QMP input lacks member 'execute'\"}, 'id': 3}");
    dispatch_check("{'execute': 1}", "{'error': {'class': 'GenericError', "
                   "'desc': \"QMP input member 'execute' must be a string\"}}");
    dispatch_check("{'execute': 'user-def-cmd', 'arguments': []}",
                   "{'error': {'class': 'GenericError', 'desc': "
                   "\"QMP input member 'arguments' must be an object\"}}");
    dispatch_check("{'execute': 'user-def-cmd', 'extra': 1}",
                   "{'error': {'class': 'GenericError', 'desc': "
                   "\"QMP input member 'extra' is unexpected\"}}");
    dispatch_check("{'execute': 'no-such-command', 'id': 'x'}",
                   "{'error': {'class': 'CommandNotFound', 'desc': "
                   "'The command no-such-command has not been found'}, "
                   "'id': 'x'}");
    dispatch_check("{'execute': 'cmd-nogen'}",
                   "{'error': {'class': 'CommandNotFound', 'desc': "
                   "'The command cmd-nogen has not been found'}}");
    /* argument errors come from the strict input visitor */
    dispatch_check("{'execute': 'user-def-cmd', 'arguments': {'a': 1}}",
                   "{'error': {'class': 'GenericError', "
                   "'desc': \"Parameter 'a' is unexpected\"}}");
    dispatch_check("{'execute': 'cmd-add', 'arguments': {}}",
                   "{'error': {'class': 'GenericError', "
                   "'desc': \"Parameter 'a' is missing\"}}");
    dispatch_check("{'execute': 'cmd-add', 'arguments': {'a': 'x'}}",
                   "{'error': {'class': 'GenericError', 'desc': "
                   "\"Invalid parameter type for 'a', expected: integer\"}}");
    dispatch_check("{'execute': 'user-def-cmd1', 'arguments': "
                   "{'ud1a': {'integer': 1, 'string': 's', 'x': 0}}}",
                   "{'error': {'class': 'GenericError', "
                   "'desc': \"Parameter 'ud1a.x' is unexpected\"}}");
    dispatch_check("{'execute': 'cmd-boxed-union', 'arguments': "
                   "{'type': 'rect', 'name': 'r', 'width': 1}}",
                   "{'error': {'class': 'GenericError', "
                   "'desc': \"Parameter 'height' is missing\"}}");
    /* handler errors */
    dispatch_check("{'execute': 'cmd-fail', 'arguments': {'msg': 'it broke'},"
                   " 'id': 1}",
                   "{'error': {'class': 'GenericError', 'desc': 'it broke'},"
                   " 'id': 1}");
    dispatch_check("{'execute': 'user-def-cmd1', 'arguments': "
                   "{'ud1a': {'integer': -4, 'string': 's'}}}",
                   "{'error': {'class': 'GenericError', "
                   "'desc': 'integer -4 is negative'}}");
    dispatch_check("{'execute': 'cmd-boxed-struct', "
                   "'arguments': {'integer': 6}}",
                   "{'error': {'class': 'GenericError', "
                   "'desc': 'integer must be 5, not 6'}}");
}

static bool refuse_preconfig(const QmpCommand *cmd, Error **errp)
{
    if (!(cmd->options & QCO_ALLOW_PRECONFIG)) {
        error_setg(errp, "The command '%s' is permitted only after machine "
                   "initialization has completed", cmd->name);
        return false;
    }
    return true;
}

static void test_dispatch_available_hook(void)
{
    setup_commands();
    qmp_set_command_available_hook(refuse_preconfig);
    dispatch_check("{'execute': 'user-def-cmd'}",
                   "{'error': {'class': 'GenericError', 'desc': "
                   "\"The command 'user-def-cmd' is permitted only after "
                   "machine initialization has completed\"}}");
    dispatch_check("{'execute': 'cmd-oob'}", "{'return': {}}");
    qmp_set_command_available_hook(NULL);
    dispatch_check("{'execute': 'user-def-cmd'}", "{'return': {}}");
}

/* ------------------------------------------------------------------ */
/* events */

static test_QAPIEvent last_event = TEST_QAPI_EVENT__MAX;
static QDict *last_event_dict;

/* The generated senders call this (the prefixed qapi_event_emit). */
void test_qapi_event_emit(test_QAPIEvent event, QDict *qdict)
{
    last_event = event;
    qobject_unref(last_event_dict);
    last_event_dict = qobject_ref(qdict);
}

/* Check the last event; the timestamp is checked, then dropped. */
static void check_event(test_QAPIEvent event, const char *expected)
{
    QDict *ts;

    g_assert_cmpint(last_event, ==, event);
    g_assert_nonnull(last_event_dict);
    ts = qdict_get_qdict(last_event_dict, "timestamp");
    g_assert_nonnull(ts);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), >, 1500000000);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), <, 1000000);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), >=, 0);
    qdict_del(last_event_dict, "timestamp");
    assert_json(QOBJECT(last_event_dict), expected);
    qobject_unref(last_event_dict);
    last_event_dict = NULL;
    last_event = TEST_QAPI_EVENT__MAX;
}

static void test_events(void)
{
    UserDefOne one = { .integer = 9, .string = (char *)"nine" };
    SubEnumList beta = { .next = NULL, .value = SUB_ENUM_BETA };

    g_assert_cmpstr(test_QAPIEvent_str(TEST_QAPI_EVENT_EVENT_B), ==,
                    "EVENT_B");

    qapi_event_send_event_a();
    check_event(TEST_QAPI_EVENT_EVENT_A, "{'event': 'EVENT_A'}");

    qapi_event_send_event_b(1, true, "text", false, ENUM_ONE_VALUE1);
    check_event(TEST_QAPI_EVENT_EVENT_B,
                "{'event': 'EVENT_B', 'data': {'a': 1, 'b': 'text'}}");
    qapi_event_send_event_b(-1, false, NULL, true, ENUM_ONE_VALUE3);
    check_event(TEST_QAPI_EVENT_EVENT_B,
                "{'event': 'EVENT_B', 'data': {'a': -1, 'e': 'value3'}}");

    qapi_event_send_event_c(&one);
    check_event(TEST_QAPI_EVENT_EVENT_C, "{'event': 'EVENT_C', "
                "'data': {'integer': 9, 'string': 'nine'}}");

    /* all members optional and absent: no "data" */
    qapi_event_send_event_opt(false, 0);
    check_event(TEST_QAPI_EVENT_EVENT_OPT, "{'event': 'EVENT_OPT'}");
    qapi_event_send_event_opt(true, 0);
    check_event(TEST_QAPI_EVENT_EVENT_OPT,
                "{'event': 'EVENT_OPT', 'data': {'x': 0}}");

    qapi_event_send_sub_event("s", SUB_ENUM_ALPHA, true, &beta);
    check_event(TEST_QAPI_EVENT_SUB_EVENT, "{'event': 'SUB_EVENT', "
                "'data': {'name': 's', 'value': 'alpha', 'list': ['beta']}}");
}

/* ------------------------------------------------------------------ */
/* introspection */

static QDict *schema_entry(QList *schema, const char *name)
{
    const QListEntry *e;

    for (e = qlist_first(schema); e; e = qlist_next(e)) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        g_assert_nonnull(d);
        if (strcmp(qdict_get_str(d, "name"), name) == 0) {
            return d;
        }
    }
    return NULL;
}

static void test_introspection(void)
{
    QObject *obj = qobject_from_qlit(&test_qmp_schema_qlit);
    QList *schema = qobject_to(QList, obj);
    QDict *cmd, *args, *ret, *ev, *member, *e;
    QList *members;
    const char *arg_name;

    g_assert_nonnull(schema);
    g_assert_true(qlit_equal_qobject(&test_qmp_schema_qlit, obj));

    cmd = schema_entry(schema, "user-def-cmd2");
    g_assert_nonnull(cmd);
    g_assert_cmpstr(qdict_get_str(cmd, "meta-type"), ==, "command");
    g_assert_false(qdict_haskey(cmd, "allow-oob"));

    /* the argument type: masked name, members in order, optional marked */
    arg_name = qdict_get_str(cmd, "arg-type");
    g_assert_true(g_ascii_isdigit(arg_name[0]));
    args = schema_entry(schema, arg_name);
    g_assert_nonnull(args);
    g_assert_cmpstr(qdict_get_str(args, "meta-type"), ==, "object");
    members = qdict_get_qlist(args, "members");
    g_assert_cmpint(qlist_size(members), ==, 2);
    member = qobject_to(QDict, qlist_entry_obj(qlist_first(members)));
    g_assert_cmpstr(qdict_get_str(member, "name"), ==, "ud1a");
    g_assert_false(qdict_haskey(member, "default"));
    member = qobject_to(QDict, qlist_entry_obj(
                            qlist_next(qlist_first(members))));
    g_assert_cmpstr(qdict_get_str(member, "name"), ==, "ud1b");
    g_assert_cmpint(qobject_type(qdict_get(member, "default")), ==,
                    QTYPE_QNULL);

    /* the struct type of the members: base members flattened */
    ret = schema_entry(schema, qdict_get_str(member, "type"));
    g_assert_nonnull(ret);
    members = qdict_get_qlist(ret, "members");
    g_assert_cmpint(qlist_size(members), ==, 3);
    assert_json(qlist_entry_obj(qlist_first(members)),
                "{'name': 'integer', 'type': 'int'}");
    member = qobject_to(QDict, qlist_entry_obj(
                            qlist_next(qlist_next(qlist_first(members)))));
    g_assert_cmpstr(qdict_get_str(member, "name"), ==, "enum1");
    e = schema_entry(schema, qdict_get_str(member, "type"));
    g_assert_cmpstr(qdict_get_str(e, "meta-type"), ==, "enum");
    assert_json(qdict_get(ret, "features"), "['my-feature']");

    cmd = schema_entry(schema, "cmd-oob");
    g_assert_true(qdict_get_bool(cmd, "allow-oob"));
    cmd = schema_entry(schema, "cmd-features");
    assert_json(qdict_get(cmd, "features"), "['unstable']");
    /* 'gen': false commands are part of the interface */
    g_assert_nonnull(schema_entry(schema, "cmd-nogen"));
    /* compiled out */
    g_assert_null(schema_entry(schema, "cmd-cond"));
    g_assert_null(schema_entry(schema, "EVENT_COND"));

    ev = schema_entry(schema, "EVENT_B");
    g_assert_cmpstr(qdict_get_str(ev, "meta-type"), ==, "event");

    /* built-in types appear under their own names; int types as 'int' */
    e = schema_entry(schema, "int");
    assert_json(QOBJECT(e), "{'name': 'int', 'meta-type': 'builtin', "
                "'json-type': 'int'}");
    g_assert_null(schema_entry(schema, "int8"));
    g_assert_nonnull(schema_entry(schema, "[int]"));
    g_assert_nonnull(schema_entry(schema, "str"));

    qobject_unref(obj);
}

/* Find the enum EnumOne through the args of EVENT_B and check it. */
static void test_introspection_enum(void)
{
    QObject *obj = qobject_from_qlit(&test_qmp_schema_qlit);
    QList *schema = qobject_to(QList, obj);
    QDict *ev = schema_entry(schema, "EVENT_B");
    QDict *args = schema_entry(schema, qdict_get_str(ev, "arg-type"));
    QList *members = qdict_get_qlist(args, "members");
    const QListEntry *e;
    QDict *enum_one = NULL;

    for (e = qlist_first(members); e; e = qlist_next(e)) {
        QDict *m = qobject_to(QDict, qlist_entry_obj(e));

        if (strcmp(qdict_get_str(m, "name"), "e") == 0) {
            enum_one = schema_entry(schema, qdict_get_str(m, "type"));
        }
    }
    g_assert_nonnull(enum_one);
    g_assert_cmpstr(qdict_get_str(enum_one, "meta-type"), ==, "enum");
    /* value4 is compiled out; value5 is deprecated */
    assert_json(qdict_get(enum_one, "values"),
                "['value1', 'value2', 'value3', 'value5']");
    assert_json(qdict_get(enum_one, "members"),
                "[{'name': 'value1'}, {'name': 'value2'}, "
                "{'name': 'value3'}, "
                "{'name': 'value5', 'features': ['deprecated']}]");
    qobject_unref(obj);
}

/*
 * The introspection data must be valid SchemaInfoList (qapi/introspect.json):
 * the strict input visitor accepts it, and it visits back out unchanged.
 */
static void check_schema_info(const QLitObject *qlit)
{
    QObject *in = qobject_from_qlit(qlit);
    QObject *out = NULL;
    SchemaInfoList *list = NULL, *e;
    Visitor *v = qobject_input_visitor_new(in);
    size_t commands = 0;

    g_assert_true(visit_type_SchemaInfoList(v, NULL, &list, &error_abort));
    visit_free(v);
    for (e = list; e; e = e->next) {
        if (e->value->meta_type == SCHEMA_META_TYPE_COMMAND) {
            commands++;
            g_assert_nonnull(e->value->u.command.arg_type);
        }
    }
    g_assert_cmpuint(commands, >, 3);
    v = qobject_output_visitor_new(&out);
    g_assert_true(visit_type_SchemaInfoList(v, NULL, &list, &error_abort));
    visit_complete(v, &out);
    visit_free(v);
    g_assert_true(qobject_is_equal(in, out));
    qapi_free_SchemaInfoList(list);
    qobject_unref(in);
    qobject_unref(out);
}

static void test_introspection_schema_info(void)
{
    check_schema_info(&test_qmp_schema_qlit);
    /* the program's own schema, as query-qmp-schema returns it */
    check_schema_info(&qmp_schema_qlit);
}

static const QLitObject qlit_sample = QLIT_QDICT(((QLitDictEntry[]) {
    { "bool", QLIT_QBOOL(true) },
    { "num", QLIT_QNUM(-42) },
    { "null", QLIT_QNULL },
    { "list", QLIT_QLIST(((QLitObject[]) {
        QLIT_QSTR("a"),
        QLIT_QDICT(((QLitDictEntry[]) { {} })),
        {}
    })) },
    {}
}));

static void test_qlit(void)
{
    QObject *obj = qobject_from_qlit(&qlit_sample);
    QDict *dict = qobject_to(QDict, obj);
    QObject *other;

    assert_json(obj, "{'bool': true, 'num': -42, 'null': null, "
                "'list': ['a', {}]}");
    g_assert_true(qlit_equal_qobject(&qlit_sample, obj));

    /* one more member, one less, a changed value: all unequal */
    qdict_put_int(dict, "extra", 1);
    g_assert_false(qlit_equal_qobject(&qlit_sample, obj));
    qdict_del(dict, "extra");
    qdict_del(dict, "num");
    g_assert_false(qlit_equal_qobject(&qlit_sample, obj));
    qdict_put_int(dict, "num", 42);
    g_assert_false(qlit_equal_qobject(&qlit_sample, obj));
    qdict_put_int(dict, "num", -42);
    g_assert_true(qlit_equal_qobject(&qlit_sample, obj));

    other = from_json("{'bool': true, 'num': -42, 'null': null, "
                      "'list': ['a']}");
    g_assert_false(qlit_equal_qobject(&qlit_sample, other));
    qobject_unref(other);
    other = from_json("{'bool': true, 'num': -42, 'null': null, "
                      "'list': ['a', {}, 1]}");
    g_assert_false(qlit_equal_qobject(&qlit_sample, other));
    qobject_unref(other);
    other = from_json("{'bool': 1, 'num': -42, 'null': null, "
                      "'list': ['a', {}]}");
    g_assert_false(qlit_equal_qobject(&qlit_sample, other));
    qobject_unref(other);
    g_assert_false(qlit_equal_qobject(&qlit_sample, NULL));
    qobject_unref(obj);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi/types/enums", test_enums);
    g_test_add_func("/qapi/types/struct-layout", test_struct_layout);
    g_test_add_func("/qapi/visit/round-trip/struct", test_round_trip_struct);
    g_test_add_func("/qapi/visit/round-trip/scalars",
                    test_round_trip_scalars);
    g_test_add_func("/qapi/visit/round-trip/lists", test_round_trip_lists);
    g_test_add_func("/qapi/visit/round-trip/union", test_round_trip_union);
    g_test_add_func("/qapi/visit/round-trip/alternate",
                    test_round_trip_alternate);
    g_test_add_func("/qapi/visit/round-trip/cond", test_round_trip_cond);
    g_test_add_func("/qapi/visit/round-trip/recursive",
                    test_round_trip_recursive);
    g_test_add_func("/qapi/visit/errors/struct", test_input_errors);
    g_test_add_func("/qapi/visit/errors/union", test_input_errors_union);
    g_test_add_func("/qapi/visit/errors/alternate",
                    test_input_errors_alternate);
    g_test_add_func("/qapi/visit/garbage", test_input_garbage);
    g_test_add_func("/qapi/visit/clone", test_clone);
    g_test_add_func("/qapi/dispatch/success", test_dispatch_success);
    g_test_add_func("/qapi/dispatch/options", test_dispatch_options);
    g_test_add_func("/qapi/dispatch/registry", test_dispatch_registry);
    g_test_add_func("/qapi/dispatch/cur-mon", test_dispatch_cur_mon);
    g_test_add_func("/qapi/dispatch/errors", test_dispatch_errors);
    g_test_add_func("/qapi/dispatch/available-hook",
                    test_dispatch_available_hook);
    g_test_add_func("/qapi/events", test_events);
    g_test_add_func("/qapi/introspect/commands", test_introspection);
    g_test_add_func("/qapi/introspect/enum", test_introspection_enum);
    g_test_add_func("/qapi/introspect/schema-info",
                    test_introspection_schema_info);
    g_test_add_func("/qapi/qlit", test_qlit);
    ret = g_test_run();
    qmp_command_list_clear(&test_commands);
    return ret;
}
