/*
 * Unit tests for the string input and string output visitors.
 */
#include "qemu/osdep.h"
#include "qapi/string-input-visitor.h"
#include "qapi/string-output-visitor.h"
#include "qobject/qnull.h"
#include "visitor-test-types.h"

/* Input ---------------------------------------------------------------------- */

typedef bool (*InFn)(Visitor *v, void *slot, Error **errp);

/* Visit @str as member "v" with @fn; return the error text or NULL. */
static char *parse_as(const char *str, InFn fn, void *slot)
{
    Visitor *v = string_input_visitor_new(str);
    Error *err = NULL;
    bool ok = fn(v, slot, &err);
    char *msg = NULL;

    g_assert_cmpint(ok, ==, err == NULL);
    if (err) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    visit_free(v);
    return msg;
}

#define IN_FN(type, ctype)                                              \
static bool in_##type(Visitor *v, void *slot, Error **errp)             \
{                                                                       \
    return visit_type_##type(v, "v", (ctype *)slot, errp);              \
}

IN_FN(int, int64_t)
IN_FN(int8, int8_t)
IN_FN(uint32, uint32_t)
IN_FN(uint64, uint64_t)
IN_FN(size, uint64_t)
IN_FN(bool, bool)
IN_FN(number, double)
IN_FN(str, char *)
IN_FN(TestEnum, TestEnum)
IN_FN(null, QNull *)
IN_FN(TestInner, TestInner *)
IN_FN(intList, intList *)
IN_FN(strList, strList *)
IN_FN(uint8List, uint8List *)

static void test_in_int(void)
{
    static const struct {
        const char *str;
        int64_t value;
    } ok[] = {
        { "42", 42 }, { "-0x10", -16 }, { "010", 8 }, { "0", 0 },
        { "9223372036854775807", INT64_MAX },
        { "-9223372036854775808", INT64_MIN },
    };
    static const char *const bad[] = {
        "x", "", "1 ", "1.5", "9223372036854775808", "1k", "1-2",
    };

    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        int64_t val = 0;
        g_autofree char *msg = parse_as(ok[i].str, in_int, &val);

        g_assert_null(msg);
        g_assert_cmpint(val, ==, ok[i].value);
    }
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        int64_t val = 99;
        g_autofree char *msg = parse_as(bad[i], in_int, &val);

        g_assert_cmpstr(msg, ==, "Parameter 'v' expects int64");
        g_assert_cmpint(val, ==, 99);
    }
}

static void test_in_narrow_and_unsigned(void)
{
    int8_t i8 = 0;
    uint32_t u32 = 0;
    uint64_t u64 = 0;
    g_autofree char *m1 = parse_as("-128", in_int8, &i8);
    g_autofree char *m2 = parse_as("128", in_int8, &i8);
    g_autofree char *m3 = parse_as("4294967295", in_uint32, &u32);
    g_autofree char *m4 = parse_as("4294967296", in_uint32, &u32);
    g_autofree char *m5 = parse_as("18446744073709551615", in_uint64, &u64);
    g_autofree char *m6 = parse_as("y", in_uint64, &u64);

    g_assert_null(m1);
    g_assert_cmpint(i8, ==, -128);
    g_assert_cmpstr(m2, ==, "Parameter 'v' expects int8_t");
    g_assert_cmpint(i8, ==, -128);
    g_assert_null(m3);
    g_assert_cmpuint(u32, ==, UINT32_MAX);
    g_assert_cmpstr(m4, ==, "Parameter 'v' expects uint32_t");
    g_assert_null(m5);
    g_assert_cmpuint(u64, ==, UINT64_MAX);
    g_assert_cmpstr(m6, ==, "Parameter 'v' expects uint64");
}

static void test_in_size(void)
{
    static const struct {
        const char *str;
        uint64_t value;
    } ok[] = {
        { "0", 0 }, { "512", 512 }, { "1k", 1024 }, { "1.5K", 1536 },
        { "1G", 1ull << 30 }, { "0x1000", 4096 }, { "2T", 2ull << 40 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        uint64_t val = 0;
        g_autofree char *msg = parse_as(ok[i].str, in_size, &val);

        g_assert_null(msg);
        g_assert_cmpuint(val, ==, ok[i].value);
    }
    for (const char *const *bad = (const char *const[]) {
             "x", "", "-1", "1Q", "16E", "1,2", NULL }; *bad; bad++) {
        uint64_t val = 7;
        g_autofree char *msg = parse_as(*bad, in_size, &val);

        g_assert_cmpstr(msg, ==, "Parameter 'v' expects size");
        g_assert_cmpuint(val, ==, 7);
    }
}

static void test_in_bool_number_str(void)
{
    bool b = false;
    double d = 0;
    char *s = NULL;
    g_autofree char *m1 = parse_as("yes", in_bool, &b);
    g_autofree char *m2 = parse_as("maybe", in_bool, &b);
    g_autofree char *m3 = parse_as("-1.25e2", in_number, &d);
    g_autofree char *m4 = parse_as("inf", in_number, &d);
    g_autofree char *m5 = parse_as("1,5", in_number, &d);
    g_autofree char *m6 = parse_as("a, b=c", in_str, &s);

    g_assert_null(m1);
    g_assert_true(b);
    g_assert_cmpstr(m2, ==, "Parameter 'v' expects 'on' or 'off'");
    g_assert_null(m3);
    g_assert_cmpfloat(d, ==, -125);
    g_assert_cmpstr(m4, ==, "Parameter 'v' expects number");
    g_assert_cmpstr(m5, ==, "Parameter 'v' expects number");
    g_assert_cmpfloat(d, ==, -125);
    g_assert_null(m6);
    g_assert_cmpstr(s, ==, "a, b=c");
    g_free(s);
}

static void test_in_enum_null(void)
{
    TestEnum e = TEST_ENUM_VALUE1;
    QNull *n = NULL;
    g_autofree char *m1 = parse_as("value2", in_TestEnum, &e);
    g_autofree char *m2 = parse_as("value4", in_TestEnum, &e);
    g_autofree char *m3 = parse_as("", in_null, &n);
    g_autofree char *m4 = NULL;

    g_assert_null(m1);
    g_assert_cmpint(e, ==, TEST_ENUM_VALUE2);
    g_assert_cmpstr(m2, ==, "Parameter 'v' does not accept value 'value4'");
    g_assert_cmpint(e, ==, TEST_ENUM_VALUE2);
    g_assert_null(m3);
    g_assert_true(n == &qnull_);
    qobject_unref(n);
    m4 = parse_as("null", in_null, &n);
    g_assert_cmpstr(m4, ==, "Parameter 'v' expects null");
    g_assert_null(n);
}

static void check_int_list(const char *str, const int64_t *expected, int n)
{
    intList *list = NULL, *l;
    g_autofree char *msg = parse_as(str, in_intList, &list);
    int i = 0;

    g_test_message("%s", str);
    g_assert_null(msg);
    for (l = list; l; l = l->next, i++) {
        g_assert_cmpint(i, <, n);
        g_assert_cmpint(l->value, ==, expected[i]);
    }
    g_assert_cmpint(i, ==, n);
    qapi_free_intList(list);
}

static void test_in_int_list(void)
{
    check_int_list("1-3,5", (const int64_t[]) { 1, 2, 3, 5 }, 4);
    check_int_list("5,1-2", (const int64_t[]) { 5, 1, 2 }, 3);
    check_int_list("-3--1,0x10", (const int64_t[]) { -3, -2, -1, 16 }, 4);
    check_int_list("7", (const int64_t[]) { 7 }, 1);
    check_int_list("4-4", (const int64_t[]) { 4 }, 1);
    check_int_list("", NULL, 0);
    check_int_list("9223372036854775806-9223372036854775807",
                   (const int64_t[]) { INT64_MAX - 1, INT64_MAX }, 2);
}

static void test_in_int_list_long_range(void)
{
    intList *list = NULL, *l;
    g_autofree char *msg = parse_as("0-65535", in_intList, &list);
    int64_t n = 0;

    g_assert_null(msg);
    for (l = list; l; l = l->next) {
        g_assert_cmpint(l->value, ==, n);
        n++;
    }
    g_assert_cmpint(n, ==, 65536);
    qapi_free_intList(list);
}

static void test_in_int_list_errors(void)
{
    static const char *const bad[] = {
        "1-", "3-1", "1,,2", "1,", ",1", "a", "1-a", "1;2", "0-65536",
        "1-3-5", "-9223372036854775808-9223372036854775807", "1 -2",
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        intList *list = (intList *)&bad;     /* canary */
        g_autofree char *msg = NULL;
        Visitor *v = string_input_visitor_new(bad[i]);
        Error *err = NULL;

        g_test_message("%s", bad[i]);
        g_assert_false(visit_type_intList(v, "nums", &list, &err));
        g_assert_null(list);
        g_assert_cmpstr(error_get_pretty(err), ==,
                        "Parameter 'nums' expects list of int64 values or ranges");
        error_free(err);
        visit_free(v);
    }
}

static void test_in_narrow_list(void)
{
    uint8List *list = NULL;
    Visitor *v = string_input_visitor_new("250-256");
    Error *err = NULL;

    /* elements are named after the list in errors */
    g_assert_false(visit_type_uint8List(v, "bytes", &list, &err));
    g_assert_null(list);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'bytes' expects uint8_t");
    error_free(err);
    visit_free(v);

    v = string_input_visitor_new("254-255,0");
    g_assert_true(visit_type_uint8List(v, "bytes", &list, &error_abort));
    g_assert_cmpuint(list->value, ==, 254);
    g_assert_cmpuint(list->next->value, ==, 255);
    g_assert_cmpuint(list->next->next->value, ==, 0);
    g_assert_null(list->next->next->next);
    qapi_free_uint8List(list);
    visit_free(v);
}

static void test_in_unsupported(void)
{
    TestInner *in = (TestInner *)&in;
    strList *strs = NULL;
    g_autofree char *m1 = parse_as("x", in_TestInner, &in);
    g_autofree char *m2 = parse_as("a,b", in_strList, &strs);

    g_assert_cmpstr(m1, ==,
                    "Parameter 'v' cannot be visited as an object by this visitor");
    g_assert_null(in);
    g_assert_cmpstr(m2, ==, "Parameter 'v' expects list of integers");
    g_assert_null(strs);
}

static void test_in_check_list(void)
{
    Visitor *v = string_input_visitor_new("1-3");
    intList *list = NULL;
    Error *err = NULL;

    g_assert_true(visit_start_list(v, "l", (GenericList **)&list,
                                   sizeof(*list), &error_abort));
    g_assert_true(visit_type_int(v, NULL, &list->value, &error_abort));
    g_assert_false(visit_check_list(v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Fewer list elements expected");
    error_free(err);
    visit_end_list(v, (void **)&list);
    qapi_free_intList(list);
    visit_free(v);
}

/* Garbage: random text as every type; never a crash or a leak. */
static void test_in_garbage(void)
{
    static const char alphabet[] = "0123456789-,xkKGe.+ \t";
    g_autoptr(GRand) rand = g_rand_new_with_seed(42);

    for (int i = 0; i < 2000; i++) {
        char buf[16];
        int len = g_rand_int_range(rand, 0, sizeof(buf));
        InFn fns[] = { in_int, in_int8, in_uint64, in_size, in_number,
                       in_bool, in_intList, in_uint8List };
        union {
            int64_t i;
            uint64_t u;
            double d;
            bool b;
            intList *l;
            uint8List *l8;
        } slot = { 0 };
        int which = g_rand_int_range(rand, 0, ARRAY_SIZE(fns));
        g_autofree char *msg = NULL;

        for (int j = 0; j < len; j++) {
            buf[j] = alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
        }
        buf[len] = '\0';
        msg = parse_as(buf, fns[which], &slot);
        if (which == 6) {
            g_assert_true(!msg || !slot.l);
            qapi_free_intList(slot.l);
        } else if (which == 7) {
            g_assert_true(!msg || !slot.l8);
            qapi_free_uint8List(slot.l8);
        }
    }
}

/* Output --------------------------------------------------------------------- */

typedef bool (*OutFn)(Visitor *v, void *slot, Error **errp);

static char *print_as(bool human, OutFn fn, void *slot)
{
    char *str = NULL;
    Visitor *v = string_output_visitor_new(human, &str);

    g_assert_true(fn(v, slot, &error_abort));
    visit_complete(v, &str);
    visit_free(v);
    return str;
}

#define OUT_FN(type, ctype)                                             \
static bool out_##type(Visitor *v, void *slot, Error **errp)            \
{                                                                       \
    return visit_type_##type(v, "v", (ctype *)slot, errp);              \
}

OUT_FN(int, int64_t)
OUT_FN(uint16, uint16_t)
OUT_FN(uint64, uint64_t)
OUT_FN(size, uint64_t)
OUT_FN(bool, bool)
OUT_FN(number, double)
OUT_FN(str, char *)
OUT_FN(TestEnum, TestEnum)
OUT_FN(null, QNull *)
OUT_FN(intList, intList *)
OUT_FN(strList, strList *)

#define CHECK_PRINT(human, fn, value, ctype, expected) do {             \
    ctype val_ = (value);                                               \
    g_autofree char *str_ = print_as(human, fn, &val_);                 \
    g_assert_cmpstr(str_, ==, expected);                                \
} while (0)

static void test_out_scalars(void)
{
    CHECK_PRINT(false, out_int, 42, int64_t, "42");
    CHECK_PRINT(true, out_int, 42, int64_t, "42 (0x2a)");
    CHECK_PRINT(false, out_int, INT64_MIN, int64_t, "-9223372036854775808");
    CHECK_PRINT(true, out_int, -1, int64_t, "-1 (0xffffffffffffffff)");
    CHECK_PRINT(false, out_uint16, 65535, uint16_t, "65535");
    CHECK_PRINT(true, out_uint16, 16, uint16_t, "16 (0x10)");
    CHECK_PRINT(false, out_uint64, UINT64_MAX, uint64_t, "18446744073709551615");
    CHECK_PRINT(false, out_size, 1048576, uint64_t, "1048576");
    CHECK_PRINT(true, out_size, 1048576, uint64_t, "1048576 (1 MiB)");
    CHECK_PRINT(true, out_size, 1536, uint64_t, "1536 (1.5 KiB)");
    CHECK_PRINT(true, out_size, 0, uint64_t, "0 (0 B)");
    CHECK_PRINT(false, out_bool, true, bool, "true");
    CHECK_PRINT(true, out_bool, false, bool, "false");
    CHECK_PRINT(false, out_number, 1.5, double, "1.5");
    CHECK_PRINT(false, out_number, 0.1, double, "0.10000000000000001");
    CHECK_PRINT(false, out_number, -1e300, double, "-1.0000000000000001e+300");
    CHECK_PRINT(false, out_str, "a b", char *, "a b");
    CHECK_PRINT(true, out_str, "a b", char *, "\"a b\"");
    CHECK_PRINT(false, out_str, NULL, char *, "");
    CHECK_PRINT(true, out_str, NULL, char *, "\"\"");
    CHECK_PRINT(false, out_TestEnum, TEST_ENUM_VALUE3, TestEnum, "value3");
    CHECK_PRINT(true, out_TestEnum, TEST_ENUM_VALUE1, TestEnum, "\"value1\"");
    CHECK_PRINT(false, out_null, NULL, QNull *, "");
    CHECK_PRINT(true, out_null, NULL, QNull *, "<null>");
}

static intList *int_list(const int64_t *vals, int n)
{
    intList *head = NULL, **tail = &head;

    for (int i = 0; i < n; i++) {
        QAPI_LIST_APPEND(tail, vals[i]);
    }
    return head;
}

static void check_list_print(const int64_t *vals, int n, const char *plain,
                             const char *human)
{
    g_autoptr(intList) list = int_list(vals, n);
    g_autofree char *p = print_as(false, out_intList, &list);
    g_autofree char *h = print_as(true, out_intList, &list);

    g_assert_cmpstr(p, ==, plain);
    g_assert_cmpstr(h, ==, human);
}

static void test_out_int_list(void)
{
    check_list_print((const int64_t[]) { 1, 2, 3, 5 }, 4,
                     "1-3,5", "1-3,5 (0x1-0x3,0x5)");
    check_list_print((const int64_t[]) { 5, 1, 2 }, 3,
                     "5,1-2", "5,1-2 (0x5,0x1-0x2)");
    check_list_print((const int64_t[]) { -2, -1, 0 }, 3,
                     "-2-0", "-2-0 (0xfffffffffffffffe-0x0)");
    check_list_print((const int64_t[]) { INT64_MAX, INT64_MIN }, 2,
                     "9223372036854775807,-9223372036854775808",
                     "9223372036854775807,-9223372036854775808 "
                     "(0x7fffffffffffffff,0x8000000000000000)");
    check_list_print((const int64_t[]) { 7 }, 1, "7", "7 (0x7)");
    check_list_print(NULL, 0, "", "");
}

static void test_out_str_list(void)
{
    strList *list = NULL;
    g_autofree char *p = NULL, *h = NULL;

    QAPI_LIST_PREPEND(list, g_strdup("b"));
    QAPI_LIST_PREPEND(list, g_strdup("a"));
    p = print_as(false, out_strList, &list);
    h = print_as(true, out_strList, &list);
    g_assert_cmpstr(p, ==, "a,b");
    g_assert_cmpstr(h, ==, "\"a\",\"b\"");
    qapi_free_strList(list);
}

static void test_round_trip_list(void)
{
    g_autoptr(intList) list = int_list(
        (const int64_t[]) { 9, 10, 11, -4, 0, 1, 100 }, 7);
    g_autofree char *str = print_as(false, out_intList, &list);
    g_autoptr(intList) back = NULL;
    g_autofree char *msg = parse_as(str, in_intList, &back);
    intList *a, *b;

    g_assert_cmpstr(str, ==, "9-11,-4,0-1,100");
    g_assert_null(msg);
    for (a = list, b = back; a && b; a = a->next, b = b->next) {
        g_assert_cmpint(a->value, ==, b->value);
    }
    g_assert_true(!a && !b);
}

static void test_out_unsupported(void)
{
    char *str = NULL;
    Visitor *v = string_output_visitor_new(false, &str);
    g_autoptr(TestInner) in = g_new0(TestInner, 1);
    Error *err = NULL;

    g_assert_false(visit_type_TestInner(v, "v", &in, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'v' cannot be visited as an object by this visitor");
    error_free(err);
    visit_free(v);
    g_assert_null(str);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/visitor/string/in/int", test_in_int);
    g_test_add_func("/visitor/string/in/narrow-and-unsigned",
                    test_in_narrow_and_unsigned);
    g_test_add_func("/visitor/string/in/size", test_in_size);
    g_test_add_func("/visitor/string/in/bool-number-str",
                    test_in_bool_number_str);
    g_test_add_func("/visitor/string/in/enum-null", test_in_enum_null);
    g_test_add_func("/visitor/string/in/int-list", test_in_int_list);
    g_test_add_func("/visitor/string/in/int-list-long-range",
                    test_in_int_list_long_range);
    g_test_add_func("/visitor/string/in/int-list-errors",
                    test_in_int_list_errors);
    g_test_add_func("/visitor/string/in/narrow-list", test_in_narrow_list);
    g_test_add_func("/visitor/string/in/unsupported", test_in_unsupported);
    g_test_add_func("/visitor/string/in/check-list", test_in_check_list);
    g_test_add_func("/visitor/string/in/garbage", test_in_garbage);
    g_test_add_func("/visitor/string/out/scalars", test_out_scalars);
    g_test_add_func("/visitor/string/out/int-list", test_out_int_list);
    g_test_add_func("/visitor/string/out/str-list", test_out_str_list);
    g_test_add_func("/visitor/string/out/round-trip-list",
                    test_round_trip_list);
    g_test_add_func("/visitor/string/out/unsupported", test_out_unsupported);
    return g_test_run();
}
