/*
 * Unit tests for the keyval flavour of the QObject input visitor and for
 * qobject_input_visitor_new_str() (keyval or JSON option strings).
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "qapi/qobject-input-visitor.h"
#include "qobject/qdict.h"
#include "visitor-test-types.h"

/* The members every TestOuter needs, as keyval. */
#define REQ "name=n,kind=value1,inner.integer=1,items.0.integer=2,nums.0=3"

static Visitor *keyval_visitor(const char *str)
{
    g_autoptr(QDict) args = keyval_parse(str, NULL, NULL, &error_abort);

    return qobject_input_visitor_new_keyval(QOBJECT(args));
}

/* Visit @str as TestOuter; return the error text or NULL (and *out). */
static char *visit_outer(const char *str, TestOuter **out)
{
    Visitor *v = keyval_visitor(str);
    TestOuter *o = NULL;
    Error *err = NULL;
    bool ok = visit_type_TestOuter(v, NULL, &o, &err);
    char *msg = NULL;

    visit_free(v);
    g_assert_cmpint(ok, ==, o != NULL);
    g_assert_cmpint(ok, ==, err == NULL);
    if (err) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    if (out) {
        *out = o;
    } else {
        qapi_free_TestOuter(o);
    }
    return msg;
}

static void test_full(void)
{
    TestOuter *o = NULL;
    g_autofree char *msg = visit_outer(
        "name=a,,b,kind=value2,inner.integer=0x10,inner.label=L,"
        "items.0.integer=1,items.1.integer=-2,items.1.label=x,"
        "nums.0=1,nums.1=-0x10,nums.2=010,"
        "i8=-128,u16=65535,sz=1.5G,flag=on,num=-2.5e3,alt=text,"
        "anything.k=v,strs.0=a,strs.1=", &o);

    g_assert_null(msg);
    g_assert_cmpstr(o->name, ==, "a,b");
    g_assert_cmpint(o->kind, ==, TEST_ENUM_VALUE2);
    g_assert_cmpint(o->inner->integer, ==, 16);
    g_assert_cmpstr(o->inner->label, ==, "L");
    g_assert_cmpint(o->items->value->integer, ==, 1);
    g_assert_false(o->items->value->has_label);
    g_assert_cmpint(o->items->next->value->integer, ==, -2);
    g_assert_cmpstr(o->items->next->value->label, ==, "x");
    g_assert_cmpint(o->nums->value, ==, 1);
    g_assert_cmpint(o->nums->next->value, ==, -16);
    g_assert_cmpint(o->nums->next->next->value, ==, 8);   /* octal */
    g_assert_cmpint(o->i8, ==, -128);
    g_assert_cmpuint(o->u16, ==, 65535);
    g_assert_cmpuint(o->sz, ==, 3ull << 29);
    g_assert_true(o->flag);
    g_assert_cmpfloat(o->num, ==, -2500);
    /* keyval scalars are strings: the alternate sees QTYPE_QSTRING */
    g_assert_cmpint(o->alt->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(o->alt->u.s, ==, "text");
    /* 'any' gets the keyval tree as it is */
    g_assert_cmpint(qobject_type(o->anything), ==, QTYPE_QDICT);
    g_assert_cmpstr(qdict_get_str(qobject_to(QDict, o->anything), "k"), ==,
                    "v");
    g_assert_cmpstr(o->strs->value, ==, "a");
    g_assert_cmpstr(o->strs->next->value, ==, "");
    qapi_free_TestOuter(o);
}

static void test_bools(void)
{
    static const struct {
        const char *word;
        bool value;
    } words[] = {
        { "on", true }, { "yes", true }, { "true", true }, { "y", true },
        { "off", false }, { "no", false }, { "false", false }, { "n", false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        g_autofree char *str = g_strdup_printf(REQ ",flag=%s", words[i].word);
        TestOuter *o = NULL;
        g_autofree char *msg = visit_outer(str, &o);

        g_assert_null(msg);
        g_assert_cmpint(o->flag, ==, words[i].value);
        qapi_free_TestOuter(o);
    }
}

static void test_alt_struct_branch(void)
{
    TestOuter *o = NULL;
    g_autofree char *msg = visit_outer(REQ ",alt.integer=5,alt.label=l", &o);

    g_assert_null(msg);
    g_assert_cmpint(o->alt->type, ==, QTYPE_QDICT);
    g_assert_cmpint(o->alt->u.d.integer, ==, 5);
    g_assert_cmpstr(o->alt->u.d.label, ==, "l");
    qapi_free_TestOuter(o);
}

typedef struct ErrorCase {
    const char *str;
    const char *error;
} ErrorCase;

static const ErrorCase errors[] = {
    { "kind=value1,inner.integer=1,items.0.integer=2,nums.0=3",
      "Parameter 'name' is missing" },
    { "name=n,kind=value1,inner.integer=x",
      "Parameter 'inner.integer' expects integer" },
    { "name=n,kind=value1,inner.integer=1.5",
      "Parameter 'inner.integer' expects integer" },
    { "name=n,kind=value1,inner.integer=99999999999999999999",
      "Parameter 'inner.integer' expects integer" },
    { "name=n,kind=value1,inner.integer=",
      "Parameter 'inner.integer' expects integer" },
    { "name=n,kind=value1,inner=5",
      "Invalid parameter type for 'inner', expected: object" },
    { "name=n,kind=value1,inner.integer=1,items.0.integer=1,items.1.label=a",
      "Parameter 'items.1.integer' is missing" },
    { "name=n,kind=value1,inner.integer=1,items.0.integer=1,"
      "items.0.label.x=a",
      "Parameters 'items.0.label.*' are unexpected" },
    { "name=n,kind=value1,inner.integer=1,items=a",
      "Invalid parameter type for 'items', expected: array" },
    { "name=n,kind=value1,inner.integer=1,items.0.integer=1,nums.0=1,nums.1=x",
      "Parameter 'nums.1' expects integer" },
    { "name.x=1", "Parameters 'name.*' are unexpected" },
    { "name=n,kind=bogus", "Parameter 'kind' does not accept value 'bogus'" },
    { "name=n,kind.a=b", "Parameters 'kind.*' are unexpected" },
    { REQ ",flag=maybe", "Parameter 'flag' expects 'on' or 'off'" },
    { REQ ",flag=ON", "Parameter 'flag' expects 'on' or 'off'" },
    { REQ ",sz=1x", "Parameter 'sz' expects size" },
    { REQ ",sz=-1", "Parameter 'sz' expects size" },
    { REQ ",sz=", "Parameter 'sz' expects size" },
    { REQ ",num=x", "Parameter 'num' expects number" },
    { REQ ",num=inf", "Parameter 'num' expects number" },
    { REQ ",num=nan", "Parameter 'num' expects number" },
    { REQ ",i8=128", "Parameter 'i8' expects int8_t" },
    { REQ ",i8=-0x81", "Parameter 'i8' expects int8_t" },
    { REQ ",u16=65536", "Parameter 'u16' expects uint16_t" },
    { REQ ",u16=x", "Parameter 'u16' expects integer" },
    { REQ ",zzz=1", "Parameter 'zzz' is unexpected" },
    { REQ ",x.y=1", "Parameter 'x' is unexpected" },
    { REQ ",inner.zz=1", "Parameter 'inner.zz' is unexpected" },
    { REQ ",items.0.zz=1", "Parameter 'items.0.zz' is unexpected" },
    { REQ ",alt.integer=x", "Parameter 'alt.integer' expects integer" },
    { REQ ",alt.integer=1,alt.q=1", "Parameter 'alt.q' is unexpected" },
    { REQ ",nothing=",
      "Invalid parameter type for 'nothing', expected: null" },
    { REQ ",strs.0=a,strs.1.x=b", "Parameters 'strs.1.*' are unexpected" },
};

static void test_errors(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(errors); i++) {
        g_autofree char *msg = NULL;

        g_test_message("%s", errors[i].str);
        msg = visit_outer(errors[i].str, NULL);
        g_assert_cmpstr(msg, ==, errors[i].error);
    }
}

static void test_uint64_and_size(void)
{
    Visitor *v = keyval_visitor(
        "a=18446744073709551615,b=-1,c=0x10,d=1k,e=16E,f=1.5,g=512");
    uint64_t u = 0;
    Error *err = NULL;

    visit_start_struct(v, NULL, NULL, 0, &error_abort);
    g_assert_true(visit_type_uint64(v, "a", &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    /* as qemu_strtou64 (and QEMU): "-1" wraps */
    g_assert_true(visit_type_uint64(v, "b", &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_true(visit_type_size(v, "c", &u, &error_abort));
    g_assert_cmpuint(u, ==, 16);
    g_assert_true(visit_type_size(v, "d", &u, &error_abort));
    g_assert_cmpuint(u, ==, 1024);
    g_assert_false(visit_type_size(v, "e", &u, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'e' expects size");
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(u, ==, 1024);
    g_assert_false(visit_type_uint64(v, "f", &u, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Parameter 'f' expects integer");
    g_clear_pointer(&err, error_free);
    g_assert_true(visit_type_size(v, "g", &u, &error_abort));
    g_assert_cmpuint(u, ==, 512);
    g_assert_true(visit_check_struct(v, &error_abort));
    visit_end_struct(v, NULL);
    visit_free(v);
}

static void test_new_str(void)
{
    Error *err = NULL;
    Visitor *v;
    TestOuter *o = NULL;

    /* keyval with an implied first key */
    v = qobject_input_visitor_new_str(
        "n1,kind=value3,inner.integer=1,items.0.integer=2,nums.0=3",
        "name", &error_abort);
    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_free(v);
    g_assert_cmpstr(o->name, ==, "n1");
    g_assert_cmpint(o->kind, ==, TEST_ENUM_VALUE3);
    g_clear_pointer(&o, qapi_free_TestOuter);

    /* JSON: typed values, no string parsing */
    v = qobject_input_visitor_new_str(
        "{\"name\": \"j\", \"kind\": \"value1\", \"inner\": {\"integer\": 7},"
        " \"items\": [], \"nums\": [1], \"flag\": true}", "name", &error_abort);
    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_free(v);
    g_assert_cmpstr(o->name, ==, "j");
    g_assert_cmpint(o->inner->integer, ==, 7);
    g_assert_true(o->flag);
    g_clear_pointer(&o, qapi_free_TestOuter);

    v = qobject_input_visitor_new_str(
        "{\"name\": \"j\", \"kind\": \"value1\", \"inner\": {\"integer\": \"7\"}}",
        NULL, &error_abort);
    g_assert_false(visit_type_TestOuter(v, NULL, &o, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'inner.integer', expected: integer");
    g_clear_pointer(&err, error_free);
    visit_free(v);

    /* unparsable input: no visitor, an error */
    g_assert_null(qobject_input_visitor_new_str("{\"a\": ", NULL, &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_null(qobject_input_visitor_new_str("a=1,a.b=2", NULL, &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_null(qobject_input_visitor_new_str("{} junk", NULL, &err));
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_null(qobject_input_visitor_new_str("=x", NULL, NULL));
}

static void test_flat_confused(void)
{
    g_autoptr(QDict) flat = qdict_new();
    g_autoptr(QDict) bad = qdict_new();
    TestOuter *o = NULL;
    Error *err = NULL;
    Visitor *v;

    /* a flat dict as the block layer has it: dotted keys, typed scalars */
    qdict_put_str(flat, "name", "f");
    qdict_put_str(flat, "kind", "value1");
    qdict_put_int(flat, "inner.integer", -7);
    qdict_put_int(flat, "items.0.integer", 1);
    qdict_put_int(flat, "nums.0", 5);
    qdict_put_int(flat, "nums.1", 6);
    qdict_put_bool(flat, "flag", true);
    qdict_put_int(flat, "sz", 4096);
    v = qobject_input_visitor_new_flat_confused(flat, &error_abort);
    g_assert_true(visit_type_TestOuter(v, NULL, &o, &error_abort));
    visit_free(v);
    g_assert_cmpint(o->inner->integer, ==, -7);
    g_assert_cmpint(o->nums->next->value, ==, 6);
    g_assert_true(o->flag);
    g_assert_cmpuint(o->sz, ==, 4096);
    qapi_free_TestOuter(o);
    /* the input dict is left alone */
    g_assert_cmpint(qdict_get_int(flat, "inner.integer"), ==, -7);

    qdict_put_str(bad, "a", "1");
    qdict_put_str(bad, "a.b", "2");
    g_assert_null(qobject_input_visitor_new_flat_confused(bad, &err));
    g_assert_nonnull(err);
    error_free(err);
}

/* Garbage: random option strings from plausible fragments. */
static void test_garbage(void)
{
    static const char *const frags[] = {
        "name=n", "kind=value1", "kind=x", "inner.integer=1", "inner.integer=x",
        "inner=1", "items.0.integer=1", "items.1.integer=2", "items.0=a",
        "nums.0=1", "nums.1=-1", "nums.x=1", "nums.0.a=1", "i8=127", "i8=999",
        "u16=0x10", "sz=1G", "sz=1Q", "flag=on", "flag=2", "num=1e9",
        "alt=1", "alt.integer=2", "alt.label=z", "anything.a.b=c", "nothing=",
        "strs.0=s", "strs.0.a=s", "zz=1", "inner.label.x=1", "items.0.label=",
    };
    g_autoptr(GRand) rand = g_rand_new_with_seed(0xbadc0de);
    int parsed = 0, accepted = 0;

    for (int i = 0; i < 3000; i++) {
        g_autoptr(GString) s = g_string_new(NULL);
        int n = g_rand_int_range(rand, 1, 10);
        g_autoptr(QDict) args = NULL;
        Visitor *v;
        TestOuter *o = NULL;
        Error *err = NULL;
        bool ok;

        if (i % 2) {
            /* a valid base that the fragments then override or extend */
            g_string_append(s, REQ);
        }
        for (int j = 0; j < n; j++) {
            g_string_append_printf(s, "%s%s", s->len ? "," : "",
                frags[g_rand_int_range(rand, 0, ARRAY_SIZE(frags))]);
        }
        args = keyval_parse(s->str, NULL, NULL, NULL);
        if (!args) {
            continue;       /* e.g. a key used twice */
        }
        parsed++;
        v = qobject_input_visitor_new_keyval(QOBJECT(args));
        ok = visit_type_TestOuter(v, NULL, &o, &err);
        g_assert_cmpint(ok, ==, o != NULL);
        g_assert_cmpint(ok, ==, err == NULL);
        accepted += ok;
        error_free(err);
        qapi_free_TestOuter(o);
        visit_free(v);
    }
    g_test_message("parsed %d, accepted %d", parsed, accepted);
    g_assert_cmpint(parsed, >, 0);
    g_assert_cmpint(accepted, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/visitor/keyval/full", test_full);
    g_test_add_func("/visitor/keyval/bools", test_bools);
    g_test_add_func("/visitor/keyval/alt-struct-branch",
                    test_alt_struct_branch);
    g_test_add_func("/visitor/keyval/errors", test_errors);
    g_test_add_func("/visitor/keyval/uint64-and-size", test_uint64_and_size);
    g_test_add_func("/visitor/keyval/new-str", test_new_str);
    g_test_add_func("/visitor/keyval/flat-confused", test_flat_confused);
    g_test_add_func("/visitor/keyval/garbage", test_garbage);
    return g_test_run();
}
