/*
 * Unit tests for the QObject input visitor (JSON-typed input).
 */
#include "qemu/osdep.h"
#include "qapi/qobject-input-visitor.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "visitor-test-types.h"

/* A visitor over the JSON text @json (the visitor holds the only ref). */
static Visitor *json_visitor(const char *json)
{
    g_autoptr(QObject) obj = qobject_from_json(json, &error_abort);

    return qobject_input_visitor_new(obj);
}

/* The members every TestOuter needs. */
#define REQ "'name': 'n', 'kind': 'value1', 'inner': {'integer': 1}, " \
            "'items': [], 'nums': []"

/* Scalars ------------------------------------------------------------------ */

/*
 * Visit member "v" of the object @json with @fn; return the error text or
 * NULL. The value slot is pre-set to a canary to check it is kept on error.
 */
typedef bool (*ScalarFn)(Visitor *v, void *slot, Error **errp);

static char *visit_member(const char *json, ScalarFn fn, void *slot)
{
    Visitor *v = json_visitor(json);
    Error *err = NULL;
    char *msg = NULL;
    bool ok;

    g_assert_true(visit_start_struct(v, NULL, NULL, 0, &error_abort));
    ok = fn(v, slot, &err);
    g_assert_cmpint(ok, ==, err == NULL);
    if (err) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    } else {
        g_assert_true(visit_check_struct(v, &error_abort));
    }
    visit_end_struct(v, NULL);
    visit_free(v);
    return msg;
}

#define SCALAR_FN(type, ctype)                                          \
static bool fn_##type(Visitor *v, void *slot, Error **errp)             \
{                                                                       \
    return visit_type_##type(v, "v", (ctype *)slot, errp);              \
}

SCALAR_FN(int, int64_t)
SCALAR_FN(int8, int8_t)
SCALAR_FN(int16, int16_t)
SCALAR_FN(int32, int32_t)
SCALAR_FN(int64, int64_t)
SCALAR_FN(uint8, uint8_t)
SCALAR_FN(uint16, uint16_t)
SCALAR_FN(uint32, uint32_t)
SCALAR_FN(uint64, uint64_t)
SCALAR_FN(size, uint64_t)
SCALAR_FN(bool, bool)
SCALAR_FN(number, double)

typedef struct IntCase {
    const char *json;           /* the value of member "v" */
    const char *error;          /* NULL: must succeed with @value */
    int64_t value;
} IntCase;

static void check_signed(ScalarFn fn, int width, const IntCase *cases)
{
    for (const IntCase *c = cases; c->json; c++) {
        g_autofree char *json = g_strdup_printf("{'v': %s}", c->json);
        int64_t slot = 0x5a5a5a5a5a5a5a5a;
        int64_t got;
        g_autofree char *msg = visit_member(json, fn, &slot);

        g_test_message("%s", json);
        g_assert_cmpstr(msg, ==, c->error);
        switch (width) {
        case 8:
            got = *(int8_t *)&slot;
            break;
        case 16:
            got = *(int16_t *)&slot;
            break;
        case 32:
            got = *(int32_t *)&slot;
            break;
        default:
            got = slot;
        }
        if (!c->error) {
            g_assert_cmpint(got, ==, c->value);
        } else {
            /* the canary survives a failed visit */
            g_assert_cmpint(slot, ==, 0x5a5a5a5a5a5a5a5a);
        }
    }
}

static void check_unsigned(ScalarFn fn, int width, const IntCase *cases)
{
    for (const IntCase *c = cases; c->json; c++) {
        g_autofree char *json = g_strdup_printf("{'v': %s}", c->json);
        uint64_t slot = 0xa5a5a5a5a5a5a5a5;
        uint64_t got;
        g_autofree char *msg = visit_member(json, fn, &slot);

        g_test_message("%s", json);
        g_assert_cmpstr(msg, ==, c->error);
        switch (width) {
        case 8:
            got = *(uint8_t *)&slot;
            break;
        case 16:
            got = *(uint16_t *)&slot;
            break;
        case 32:
            got = *(uint32_t *)&slot;
            break;
        default:
            got = slot;
        }
        if (!c->error) {
            g_assert_cmpuint(got, ==, (uint64_t)c->value);
        } else {
            g_assert_cmpuint(slot, ==, 0xa5a5a5a5a5a5a5a5);
        }
    }
}

#define NOT_INT "Invalid parameter type for 'v', expected: integer"

static void test_int(void)
{
    static const IntCase cases[] = {
        { "0", NULL, 0 },
        { "-1", NULL, -1 },
        { "9223372036854775807", NULL, INT64_MAX },
        { "-9223372036854775808", NULL, INT64_MIN },
        { "9223372036854775808", NOT_INT },
        { "18446744073709551615", NOT_INT },
        { "1.0", NOT_INT },
        { "1e3", NOT_INT },
        { "'1'", NOT_INT },
        { "true", NOT_INT },
        { "null", NOT_INT },
        { "[]", NOT_INT },
        { "{}", NOT_INT },
        { NULL }
    };

    check_signed(fn_int, 64, cases);
    check_signed(fn_int64, 64, cases);
}

static void test_int8_16_32(void)
{
    static const IntCase c8[] = {
        { "-128", NULL, -128 },
        { "127", NULL, 127 },
        { "128", "Parameter 'v' expects int8_t" },
        { "-129", "Parameter 'v' expects int8_t" },
        { "9223372036854775807", "Parameter 'v' expects int8_t" },
        { "'x'", NOT_INT },
        { NULL }
    };
    static const IntCase c16[] = {
        { "-32768", NULL, INT16_MIN },
        { "32767", NULL, INT16_MAX },
        { "32768", "Parameter 'v' expects int16_t" },
        { "-32769", "Parameter 'v' expects int16_t" },
        { "2.5", NOT_INT },
        { NULL }
    };
    static const IntCase c32[] = {
        { "-2147483648", NULL, INT32_MIN },
        { "2147483647", NULL, INT32_MAX },
        { "2147483648", "Parameter 'v' expects int32_t" },
        { "-2147483649", "Parameter 'v' expects int32_t" },
        { "18446744073709551615", NOT_INT },
        { NULL }
    };

    check_signed(fn_int8, 8, c8);
    check_signed(fn_int16, 16, c16);
    check_signed(fn_int32, 32, c32);
}

#define NOT_U64 "Parameter 'v' expects uint64"

static void test_uint(void)
{
    static const IntCase c8[] = {
        { "0", NULL, 0 },
        { "255", NULL, 255 },
        { "256", "Parameter 'v' expects uint8_t" },
        /* negative numbers wrap to 2^64 - n first (QEMU compatibility) */
        { "-1", "Parameter 'v' expects uint8_t" },
        { "'1'", NOT_U64 },
        { NULL }
    };
    static const IntCase c16[] = {
        { "65535", NULL, 65535 },
        { "65536", "Parameter 'v' expects uint16_t" },
        { "1.5", NOT_U64 },
        { NULL }
    };
    static const IntCase c32[] = {
        { "4294967295", NULL, UINT32_MAX },
        { "4294967296", "Parameter 'v' expects uint32_t" },
        { "null", NOT_U64 },
        { NULL }
    };
    static const IntCase c64[] = {
        { "0", NULL, 0 },
        { "18446744073709551615", NULL, (int64_t)UINT64_MAX },
        { "9223372036854775808", NULL, INT64_MIN },
        { "-1", NULL, -1 },
        { "-9223372036854775808", NULL, INT64_MIN },
        { "18446744073709551616", NOT_U64 },
        { "1.0", NOT_U64 },
        { "'1'", NOT_U64 },
        { "false", NOT_U64 },
        { "{}", NOT_U64 },
        { NULL }
    };

    check_unsigned(fn_uint8, 8, c8);
    check_unsigned(fn_uint16, 16, c16);
    check_unsigned(fn_uint32, 32, c32);
    check_unsigned(fn_uint64, 64, c64);
    /* size takes JSON numbers only, exactly like uint64 */
    check_unsigned(fn_size, 64, c64);
}

static void test_bool(void)
{
    bool b = false;
    g_autofree char *m1 = visit_member("{'v': true}", fn_bool, &b);
    g_autofree char *m2 = NULL, *m3 = NULL;

    g_assert_null(m1);
    g_assert_true(b);
    m2 = visit_member("{'v': 'on'}", fn_bool, &b);
    g_assert_cmpstr(m2, ==, "Invalid parameter type for 'v', expected: boolean");
    g_assert_true(b);
    m3 = visit_member("{'v': 0}", fn_bool, &b);
    g_assert_cmpstr(m3, ==, "Invalid parameter type for 'v', expected: boolean");
}

static void test_number(void)
{
    static const struct {
        const char *json;
        double value;
    } ok[] = {
        { "1.5", 1.5 },
        { "-0.25", -0.25 },
        { "3", 3.0 },
        { "-9223372036854775808", -9223372036854775808.0 },
        { "18446744073709551615", 18446744073709551615.0 },
        { "1e308", 1e308 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        g_autofree char *json = g_strdup_printf("{'v': %s}", ok[i].json);
        double d = 0;
        g_autofree char *msg = visit_member(json, fn_number, &d);

        g_assert_null(msg);
        g_assert_cmpfloat(d, ==, ok[i].value);
    }
    for (const char *const *bad = (const char *const[]) {
             "'1.5'", "true", "null", "[1]", NULL }; *bad; bad++) {
        g_autofree char *json = g_strdup_printf("{'v': %s}", *bad);
        double d = 7;
        g_autofree char *msg = visit_member(json, fn_number, &d);

        g_assert_cmpstr(msg, ==,
                        "Invalid parameter type for 'v', expected: number");
        g_assert_cmpfloat(d, ==, 7);
    }
}

static void test_str(void)
{
    Visitor *v = json_visitor("{'a': 'x\\u00e9y', 'b': '', 'c': 1, 'd': null}");
    Error *err = NULL;
    char *s = NULL;

    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    g_assert_true(visit_type_str(v, "a", &s, &error_abort));
    g_assert_cmpstr(s, ==, "x\xc3\xa9y");
    g_free(s);
    g_assert_true(visit_type_str(v, "b", &s, &error_abort));
    g_assert_cmpstr(s, ==, "");
    g_free(s);
    s = (char *)"canary";
    g_assert_false(visit_type_str(v, "c", &s, &err));
    g_assert_null(s);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'c', expected: string");
    g_clear_pointer(&err, error_free);
    g_assert_false(visit_type_str(v, "d", &s, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'd', expected: string");
    g_clear_pointer(&err, error_free);
    g_assert_false(visit_type_str(v, "e", &s, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'e' is missing");
    g_clear_pointer(&err, error_free);
    visit_end_struct(v, NULL);
    visit_free(v);
}

static void test_any_null(void)
{
    g_autoptr(QObject) root = qobject_from_json(
        "{'a': {'x': [1, 2]}, 'n': null, 'i': 0}", &error_abort);
    Visitor *v = qobject_input_visitor_new(root);
    Error *err = NULL;
    QObject *any = NULL;
    QNull *null = NULL;

    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    g_assert_true(visit_type_any(v, "a", &any, &error_abort));
    /* the same object, with a new reference */
    g_assert_true(any == qdict_get(qobject_to(QDict, root), "a"));
    g_assert_cmpuint(any->base.refcnt, ==, 2);
    qobject_unref(any);
    g_assert_true(visit_type_null(v, "n", &null, &error_abort));
    g_assert_true(null == &qnull_);
    qobject_unref(null);
    g_assert_false(visit_type_null(v, "i", &null, &err));
    g_assert_null(null);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'i', expected: null");
    g_clear_pointer(&err, error_free);
    g_assert_false(visit_type_any(v, "zz", &any, &err));
    g_assert_null(any);
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'zz' is missing");
    g_clear_pointer(&err, error_free);
    g_assert_true(visit_check_struct(v, &error_abort));
    visit_end_struct(v, NULL);
    visit_free(v);
    /* the visitor dropped its own reference */
    g_assert_cmpuint(root->base.refcnt, ==, 1);
}

static void test_enum(void)
{
    TestEnum e = TEST_ENUM_VALUE1;
    Error *err = NULL;
    Visitor *v = json_visitor("{'a': 'value3', 'b': 'VALUE1', 'c': 2}");

    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    g_assert_true(visit_type_TestEnum(v, "a", &e, &error_abort));
    g_assert_cmpint(e, ==, TEST_ENUM_VALUE3);
    g_assert_false(visit_type_TestEnum(v, "b", &e, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'b' does not accept value 'VALUE1'");
    g_assert_cmpint(e, ==, TEST_ENUM_VALUE3);
    g_clear_pointer(&err, error_free);
    g_assert_false(visit_type_TestEnum(v, "c", &e, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'c', expected: string");
    g_clear_pointer(&err, error_free);
    visit_end_struct(v, NULL);
    visit_free(v);
}

/* Structs, lists, alternates ------------------------------------------------ */

static void test_struct_full(void)
{
    Visitor *v = json_visitor(
        "{'name': 'outer', 'kind': 'value2',"
        " 'inner': {'integer': -5, 'label': 'L'},"
        " 'items': [{'integer': 1}, {'integer': 2, 'label': 'two'}],"
        " 'nums': [3, -4, 9223372036854775807],"
        " 'i8': -128, 'u16': 65535, 'sz': 18446744073709551615,"
        " 'flag': false, 'num': 0.5, 'alt': 'text',"
        " 'anything': [1, {'k': null}], 'nothing': null,"
        " 'strs': ['p', 'q', '']}");
    g_autoptr(TestOuter) o = NULL;

    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_free(v);
    g_assert_cmpstr(o->name, ==, "outer");
    g_assert_cmpint(o->kind, ==, TEST_ENUM_VALUE2);
    g_assert_cmpint(o->inner->integer, ==, -5);
    g_assert_true(o->inner->has_label);
    g_assert_cmpstr(o->inner->label, ==, "L");
    g_assert_cmpint(o->items->value->integer, ==, 1);
    g_assert_false(o->items->value->has_label);
    g_assert_null(o->items->value->label);
    g_assert_cmpstr(o->items->next->value->label, ==, "two");
    g_assert_null(o->items->next->next);
    g_assert_cmpint(o->nums->value, ==, 3);
    g_assert_cmpint(o->nums->next->value, ==, -4);
    g_assert_cmpint(o->nums->next->next->value, ==, INT64_MAX);
    g_assert_null(o->nums->next->next->next);
    g_assert_cmpint(o->i8, ==, -128);
    g_assert_cmpuint(o->u16, ==, 65535);
    g_assert_cmpuint(o->sz, ==, UINT64_MAX);
    g_assert_true(o->has_flag);
    g_assert_false(o->flag);
    g_assert_cmpfloat(o->num, ==, 0.5);
    g_assert_cmpint(o->alt->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(o->alt->u.s, ==, "text");
    g_assert_cmpint(qobject_type(o->anything), ==, QTYPE_QLIST);
    g_assert_true(o->has_nothing);
    g_assert_true(o->nothing == &qnull_);
    g_assert_cmpstr(o->strs->next->next->value, ==, "");
}

static void test_struct_optional_absent(void)
{
    Visitor *v = json_visitor("{" REQ "}");
    g_autoptr(TestOuter) o = NULL;

    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_free(v);
    g_assert_false(o->has_i8 || o->has_u16 || o->has_sz || o->has_flag ||
                   o->has_num || o->has_alt || o->has_anything ||
                   o->has_nothing || o->has_strs);
    g_assert_false(o->inner->has_label);
    /* empty lists are NULL */
    g_assert_null(o->items);
    g_assert_null(o->nums);
}

static void test_alternate(void)
{
    static const struct {
        const char *json;
        QType type;
    } cases[] = {
        { "{'a': 42}", QTYPE_QNUM },
        { "{'a': 'str'}", QTYPE_QSTRING },
        { "{'a': true}", QTYPE_QBOOL },
        { "{'a': {'integer': 9, 'label': 'x'}}", QTYPE_QDICT },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        Visitor *v = json_visitor(cases[i].json);
        TestAlt *alt = NULL;

        visit_start_struct(v, NULL, NULL, 0, &error_abort);
        g_assert_true(visit_type_TestAlt(v, "a", &alt, &error_abort));
        g_assert_true(visit_check_struct(v, &error_abort));
        visit_end_struct(v, NULL);
        visit_free(v);
        g_assert_cmpint(alt->type, ==, cases[i].type);
        switch (alt->type) {
        case QTYPE_QNUM:
            g_assert_cmpint(alt->u.i, ==, 42);
            break;
        case QTYPE_QSTRING:
            g_assert_cmpstr(alt->u.s, ==, "str");
            break;
        case QTYPE_QBOOL:
            g_assert_true(alt->u.b);
            break;
        default:
            g_assert_cmpint(alt->u.d.integer, ==, 9);
            g_assert_cmpstr(alt->u.d.label, ==, "x");
        }
        qapi_free_TestAlt(alt);
    }
}

/* Every error message, with its path ------------------------------------------ */

typedef struct ErrorCase {
    const char *json;
    const char *error;
} ErrorCase;

static const ErrorCase outer_errors[] = {
    { "{'kind': 'value1', 'inner': {'integer': 1}, 'items': [], 'nums': []}",
      "Parameter 'name' is missing" },
    { "{'name': 'n', 'kind': 'value1', 'items': [], 'nums': []}",
      "Parameter 'inner' is missing" },
    { "{'name': 'n', 'kind': 'bogus', 'inner': {'integer': 1},"
      " 'items': [], 'nums': []}",
      "Parameter 'kind' does not accept value 'bogus'" },
    { "{'name': 'n', 'kind': 1, 'inner': {'integer': 1},"
      " 'items': [], 'nums': []}",
      "Invalid parameter type for 'kind', expected: string" },
    { "{'name': ['n'], 'kind': 'value1'}",
      "Invalid parameter type for 'name', expected: string" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {}, 'items': [], 'nums': []}",
      "Parameter 'inner.integer' is missing" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1, 'x': 2},"
      " 'items': [], 'nums': []}",
      "Parameter 'inner.x' is unexpected" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': '1'}}",
      "Invalid parameter type for 'inner.integer', expected: integer" },
    { "{'name': 'n', 'kind': 'value1', 'inner': []}",
      "Invalid parameter type for 'inner', expected: object" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1},"
      " 'items': [{'integer': 1}, {'integer': 2, 'label': 3}], 'nums': []}",
      "Invalid parameter type for 'items[1].label', expected: string" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1},"
      " 'items': [{'integer': 1}, 5], 'nums': []}",
      "Invalid parameter type for 'items[1]', expected: object" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1},"
      " 'items': [{}], 'nums': []}",
      "Parameter 'items[0].integer' is missing" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1},"
      " 'items': [{'integer': 1}, {'integer': 1, 'q': 1}], 'nums': []}",
      "Parameter 'items[1].q' is unexpected" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1},"
      " 'items': {}, 'nums': []}",
      "Invalid parameter type for 'items', expected: array" },
    { "{'name': 'n', 'kind': 'value1', 'inner': {'integer': 1},"
      " 'items': [], 'nums': [1, 2, 'x']}",
      "Invalid parameter type for 'nums[2]', expected: integer" },
    { "{" REQ ", 'zzz': 1}", "Parameter 'zzz' is unexpected" },
    /* the first unexpected member in input order is named */
    { "{'b2': 1, " REQ ", 'a1': 1}", "Parameter 'b2' is unexpected" },
    { "{" REQ ", 'i8': 200}", "Parameter 'i8' expects int8_t" },
    { "{" REQ ", 'i8': -129}", "Parameter 'i8' expects int8_t" },
    { "{" REQ ", 'u16': 65536}", "Parameter 'u16' expects uint16_t" },
    { "{" REQ ", 'u16': -1}", "Parameter 'u16' expects uint16_t" },
    { "{" REQ ", 'sz': '1G'}", "Parameter 'sz' expects uint64" },
    { "{" REQ ", 'flag': 'on'}",
      "Invalid parameter type for 'flag', expected: boolean" },
    { "{" REQ ", 'num': '1'}",
      "Invalid parameter type for 'num', expected: number" },
    { "{" REQ ", 'alt': []}",
      "Invalid parameter type for 'alt', expected: TestAlt" },
    { "{" REQ ", 'alt': null}",
      "Invalid parameter type for 'alt', expected: TestAlt" },
    { "{" REQ ", 'alt': {'integer': 'x'}}",
      "Invalid parameter type for 'alt.integer', expected: integer" },
    { "{" REQ ", 'alt': {'integer': 1, 'y': 1}}",
      "Parameter 'alt.y' is unexpected" },
    { "{" REQ ", 'nothing': 0}",
      "Invalid parameter type for 'nothing', expected: null" },
    { "{" REQ ", 'strs': ['a', 1]}",
      "Invalid parameter type for 'strs[1]', expected: string" },
    { "{" REQ ", 'strs': 'a'}",
      "Invalid parameter type for 'strs', expected: array" },
    { "[]", "Invalid parameter type for '<anonymous>', expected: object" },
    { "null", "Invalid parameter type for '<anonymous>', expected: object" },
};

static void test_errors(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(outer_errors); i++) {
        Visitor *v = json_visitor(outer_errors[i].json);
        TestOuter *o = (TestOuter *)&v;  /* a canary that must become NULL */
        Error *err = NULL;

        g_test_message("%s", outer_errors[i].json);
        g_assert_false(visit_type_TestOuter(v, NULL, &o, &err));
        g_assert_null(o);
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==, outer_errors[i].error);
        error_free(err);
        visit_free(v);
    }
}

static void test_errors_null_errp(void)
{
    /* errp NULL: still fails cleanly, nothing leaks */
    for (size_t i = 0; i < ARRAY_SIZE(outer_errors); i++) {
        Visitor *v = json_visitor(outer_errors[i].json);
        TestOuter *o = NULL;

        g_assert_false(visit_type_TestOuter(v, NULL, &o, NULL));
        g_assert_null(o);
        visit_free(v);
    }
}

static void test_list_paths(void)
{
    static const ErrorCase cases[] = {
        { "[1, 256]", "Parameter '[1]' expects uint8_t" },
        { "[1, -1]", "Parameter '[1]' expects uint8_t" },
        { "[1, 'x']", "Parameter '[1]' expects uint64" },
        { "{'bytes': [0, 255, 300]}", "Parameter 'bytes[2]' expects uint8_t" },
        { "{'deep': {'bytes': [[1]]}}",
          "Parameter 'deep.bytes[0]' expects uint64" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        Visitor *v = json_visitor(cases[i].json);
        uint8List *list = NULL;
        Error *err = NULL;
        bool in_struct = cases[i].json[0] == '{';
        bool deep = strstr(cases[i].json, "deep") != NULL;

        g_test_message("%s", cases[i].json);
        if (in_struct) {
            visit_start_struct(v, NULL, NULL, 0, &error_abort);
        }
        if (deep) {
            visit_start_struct(v, "deep", NULL, 0, &error_abort);
        }
        g_assert_false(visit_type_uint8List(v, in_struct ? "bytes" : NULL,
                                            &list, &err));
        g_assert_null(list);
        g_assert_cmpstr(error_get_pretty(err), ==, cases[i].error);
        error_free(err);
        if (deep) {
            visit_end_struct(v, NULL);
        }
        if (in_struct) {
            visit_end_struct(v, NULL);
        }
        visit_free(v);
    }
}

static void test_nested_list_path(void)
{
    /* a list of structs inside a list element inside a struct */
    Visitor *v = json_visitor("{'a': [{'items': [{'integer': 1}, {}]}]}");
    Error *err = NULL;
    GenericList *outer = NULL;
    TestInnerList *items = NULL;

    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    visit_start_list(v, "a", &outer, sizeof(GenericList) + sizeof(void *),
                     &error_abort);
    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    g_assert_false(visit_type_TestInnerList(v, "items", &items, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'a[0].items[1].integer' is missing");
    error_free(err);
    visit_end_struct(v, NULL);
    visit_end_list(v, (void **)&outer);
    g_free(outer);
    visit_end_struct(v, NULL);
    visit_free(v);
}

static void test_check_list(void)
{
    Visitor *v = json_visitor("{'nums': [1, 2, 3]}");
    Error *err = NULL;
    intList *list = NULL;

    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    g_assert_true(visit_start_list(v, "nums", (GenericList **)&list,
                                   sizeof(*list), &error_abort));
    g_assert_nonnull(list);
    g_assert_true(visit_type_int(v, NULL, &list->value, &error_abort));
    g_assert_cmpint(list->value, ==, 1);
    /* stop after one element */
    g_assert_false(visit_check_list(v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Only 1 list elements expected in nums");
    error_free(err);
    visit_end_list(v, (void **)&list);
    qapi_free_intList(list);
    visit_end_struct(v, NULL);
    visit_free(v);
}

static void test_virtual_walk(void)
{
    /* NULL obj: walk and check the input without building anything */
    Visitor *v = json_visitor("{'s': {'x': 1}, 'l': [1, 2], 'extra': 0}");
    Error *err = NULL;
    int64_t x;

    g_assert_true(visit_start_struct(v, NULL, NULL, 0, &error_abort));
    g_assert_true(visit_start_struct(v, "s", NULL, 0, &error_abort));
    g_assert_true(visit_type_int(v, "x", &x, &error_abort));
    g_assert_true(visit_check_struct(v, &error_abort));
    visit_end_struct(v, NULL);
    g_assert_true(visit_start_list(v, "l", NULL, 0, &error_abort));
    g_assert_true(visit_type_int(v, NULL, &x, &error_abort));
    g_assert_cmpint(x, ==, 1);
    g_assert_true(visit_type_int(v, NULL, &x, &error_abort));
    g_assert_cmpint(x, ==, 2);
    g_assert_true(visit_check_list(v, &error_abort));
    visit_end_list(v, NULL);
    g_assert_false(visit_check_struct(v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'extra' is unexpected");
    error_free(err);
    visit_end_struct(v, NULL);
    visit_free(v);
}

static void test_top_level_scalar(void)
{
    g_autoptr(QObject) obj = QOBJECT(qnum_from_int(300));
    Visitor *v = qobject_input_visitor_new(obj);
    Error *err = NULL;
    uint8_t u8 = 1;
    int64_t i = 0;

    g_assert_true(visit_type_int(v, NULL, &i, &error_abort));
    g_assert_cmpint(i, ==, 300);
    g_assert_false(visit_type_uint8(v, NULL, &u8, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter '<anonymous>' expects uint8_t");
    g_assert_cmpuint(u8, ==, 1);
    error_free(err);
    visit_free(v);

    /* a NULL root is missing, not a crash */
    v = qobject_input_visitor_new(NULL);
    err = NULL;
    g_assert_false(visit_type_int(v, "top", &i, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'top' is missing");
    error_free(err);
    visit_free(v);
}

static void test_policy(void)
{
    Visitor *v = json_visitor("{}");

    /* no policy: nothing is rejected or skipped */
    g_assert_false(visit_policy_reject(v, "m", 1u << QAPI_DEPRECATED,
                                       &error_abort));
    g_assert_false(visit_policy_skip(v, "m", 1u << QAPI_UNSTABLE));
    g_assert_true(visit_deprecated_accept(v, "m", &error_abort));
    g_assert_true(visit_deprecated(v, "m"));
    g_assert_true(visit_is_input(v));
    g_assert_false(visit_is_dealloc(v));
    visit_free(v);
}

/* Garbage ------------------------------------------------------------------- */

static const char *const garbage_keys[] = {
    "name", "kind", "inner", "items", "nums", "integer", "label", "i8", "u16",
    "sz", "flag", "num", "alt", "anything", "nothing", "strs", "x", "",
};

static QObject *random_qobject(GRand *rand, int depth)
{
    int kind = g_rand_int_range(rand, 0, depth > 0 ? 9 : 7);

    switch (kind) {
    case 0:
        return QOBJECT(qnull());
    case 1:
        return QOBJECT(qbool_from_bool(g_rand_boolean(rand)));
    case 2:
        return QOBJECT(qnum_from_int((int64_t)g_rand_int(rand) - 0x80000000ll));
    case 3:
        return QOBJECT(qnum_from_uint(G_MAXUINT64 - g_rand_int(rand)));
    case 4:
        return QOBJECT(qnum_from_double(g_rand_double_range(rand, -1e6, 1e6)));
    case 5:
        return QOBJECT(qstring_from_str(
            (const char *const[]) { "value1", "value3", "", "x", "1" }
            [g_rand_int_range(rand, 0, 5)]));
    case 6:
        return QOBJECT(qnum_from_int(g_rand_int_range(rand, -300, 300)));
    case 7: {
        QList *l = qlist_new();
        int n = g_rand_int_range(rand, 0, 4);

        for (int i = 0; i < n; i++) {
            qlist_append_obj(l, random_qobject(rand, depth - 1));
        }
        return QOBJECT(l);
    }
    default: {
        QDict *d = qdict_new();
        int n = g_rand_int_range(rand, 0, 7);

        for (int i = 0; i < n; i++) {
            qdict_put_obj(d, garbage_keys[g_rand_int_range(
                              rand, 0, ARRAY_SIZE(garbage_keys))],
                          random_qobject(rand, depth - 1));
        }
        return QOBJECT(d);
    }
    }
}

/* Replace member @key of a valid input with garbage, or add garbage. */
static void test_garbage(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(0x5eed);
    int accepted = 0;

    for (int i = 0; i < 3000; i++) {
        g_autoptr(QObject) root = NULL;
        TestOuter *o = NULL;
        Error *err = NULL;
        Visitor *v;
        bool ok;

        if (i % 2) {
            root = random_qobject(rand, 4);
        } else {
            QDict *d = qobject_to(QDict, qobject_from_json(
                "{" REQ ", 'alt': 1, 'strs': ['a']}", &error_abort));
            const char *key = garbage_keys[g_rand_int_range(
                rand, 0, ARRAY_SIZE(garbage_keys))];

            qdict_put_obj(d, key, random_qobject(rand, 3));
            root = QOBJECT(d);
        }
        v = qobject_input_visitor_new(root);
        ok = visit_type_TestOuter(v, NULL, &o, &err);
        g_assert_cmpint(ok, ==, o != NULL);
        g_assert_cmpint(ok, ==, err == NULL);
        if (err) {
            /* every message names a parameter */
            g_assert_nonnull(strstr(error_get_pretty(err), "'"));
        }
        accepted += ok;
        error_free(err);
        qapi_free_TestOuter(o);
        visit_free(v);
    }
    /* some mutations keep the input valid (e.g. 'x' replaced by garbage) */
    g_test_message("accepted %d of 3000", accepted);
    g_assert_cmpint(accepted, >, 0);
    g_assert_cmpint(accepted, <, 3000);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/visitor/input/int", test_int);
    g_test_add_func("/visitor/input/int8-16-32", test_int8_16_32);
    g_test_add_func("/visitor/input/uint", test_uint);
    g_test_add_func("/visitor/input/bool", test_bool);
    g_test_add_func("/visitor/input/number", test_number);
    g_test_add_func("/visitor/input/str", test_str);
    g_test_add_func("/visitor/input/any-null", test_any_null);
    g_test_add_func("/visitor/input/enum", test_enum);
    g_test_add_func("/visitor/input/struct-full", test_struct_full);
    g_test_add_func("/visitor/input/struct-optional-absent",
                    test_struct_optional_absent);
    g_test_add_func("/visitor/input/alternate", test_alternate);
    g_test_add_func("/visitor/input/errors", test_errors);
    g_test_add_func("/visitor/input/errors-null-errp", test_errors_null_errp);
    g_test_add_func("/visitor/input/list-paths", test_list_paths);
    g_test_add_func("/visitor/input/nested-list-path", test_nested_list_path);
    g_test_add_func("/visitor/input/check-list", test_check_list);
    g_test_add_func("/visitor/input/virtual-walk", test_virtual_walk);
    g_test_add_func("/visitor/input/top-level-scalar", test_top_level_scalar);
    g_test_add_func("/visitor/input/policy", test_policy);
    g_test_add_func("/visitor/input/garbage", test_garbage);
    return g_test_run();
}
