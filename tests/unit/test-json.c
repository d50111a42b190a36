/*
 * Unit tests for the JSON reader and writer (qobject_from_json,
 * qobject_to_json, qobject_to_json_pretty).
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* Parses @in (which must succeed) and returns the compact JSON text. */
static char *reformat(const char *in)
{
    Error *err = NULL;
    g_autoptr(QObject) obj = qobject_from_json(in, &err);
    GString *out;

    if (!obj) {
        g_error("parsing %s failed: %s", in, error_get_pretty(err));
    }
    g_assert_null(err);
    out = qobject_to_json(obj);
    return g_string_free(out, false);
}

/* Parses @in, which must fail, and returns the error message. */
static char *parse_error_of(const char *in, size_t len)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json_len(in, len, &err);
    char *msg;

    if (obj) {
        g_autoptr(GString) s = qobject_to_json(obj);
        g_error("parsing '%s' unexpectedly gave %s", in, s->str);
    }
    g_assert_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

typedef struct {
    const char *in;
    const char *out;
} ValidCase;

static const ValidCase valid_cases[] = {
    /* scalars */
    { "null", "null" },
    { "true", "true" },
    { "false", "false" },
    { " \t\r\n 42 \n", "42" },
    { "-0", "0" },
    { "0", "0" },
    { "-17", "-17" },
    { "9223372036854775807", "9223372036854775807" },
    { "-9223372036854775808", "-9223372036854775808" },
    { "9223372036854775808", "9223372036854775808" },
    { "18446744073709551615", "18446744073709551615" },
    { "18446744073709551616", "1.8446744073709552e+19" },
    { "-9223372036854775809", "-9.2233720368547758e+18" },
    { "1.5", "1.5" },
    { "0.1", "0.10000000000000001" },
    { "1e2", "100" },
    { "1E+2", "100" },
    { "-2.5e-3", "-0.0025000000000000001" },
    { "0e0", "0" },
    { "1.7976931348623157e308", "1.7976931348623157e+308" },
    { "4.9406564584124654e-324", "4.9406564584124654e-324" },
    { "1e-400", "0" },
    /* strings */
    { "\"\"", "\"\"" },
    { "''", "\"\"" },
    { "\"abc\"", "\"abc\"" },
    { "'it\\'s'", "\"it's\"" },
    { "'say \"hi\"'", "\"say \\\"hi\\\"\"" },
    { "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\'\"",
      "\"\\\" \\\\ / \\b \\f \\n \\r \\t '\"" },
    { "\"\\u0041\\u00e9\\u20AC\"", "\"A\\u00E9\\u20AC\"" },
    { "\"\\u0001\\u001f\\u007f\"", "\"\\u0001\\u001F\\u007F\"" },
    { "\"\xc3\xa9\xe2\x82\xac\"", "\"\\u00E9\\u20AC\"" },
    { "\"\\ud83d\\ude00\"", "\"\\uD83D\\uDE00\"" },
    { "\"\xf0\x9f\x98\x80\"", "\"\\uD83D\\uDE00\"" },
    { "\"\xf4\x8f\xbf\xbf\"", "\"\\uDBFF\\uDFFF\"" },
    { "\"\xef\xbf\xbf\"", "\"\\uFFFF\"" },
    { "\"\x7f\"", "\"\\u007F\"" },
    /* containers */
    { "[]", "[]" },
    { "{}", "{}" },
    { "[ ]", "[]" },
    { "[1,2 , 3]", "[1, 2, 3]" },
    { "{\"a\":1,\"b\":[1,2]}", "{\"a\": 1, \"b\": [1, 2]}" },
    { "{'z': null, 'a': {'y': true, 'b': []}}",
      "{\"z\": null, \"a\": {\"y\": true, \"b\": []}}" },
    { "[[[[]]], {}, [{}]]", "[[[[]]], {}, [{}]]" },
    { "{\"\": \"\"}", "{\"\": \"\"}" },
    { "{\"execute\": \"qmp_capabilities\"}",
      "{\"execute\": \"qmp_capabilities\"}" },
};

static void test_valid(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(valid_cases); i++) {
        g_autofree char *out = reformat(valid_cases[i].in);

        if (strcmp(out, valid_cases[i].out)) {
            g_error("%s: got %s, expected %s", valid_cases[i].in, out,
                    valid_cases[i].out);
        }
    }
}

static void test_number_kinds(void)
{
    static const struct {
        const char *in;
        QNumKind kind;
    } cases[] = {
        { "0", QNUM_I64 },
        { "-9223372036854775808", QNUM_I64 },
        { "9223372036854775807", QNUM_I64 },
        { "9223372036854775808", QNUM_U64 },
        { "18446744073709551615", QNUM_U64 },
        { "18446744073709551616", QNUM_DOUBLE },
        { "-9223372036854775809", QNUM_DOUBLE },
        { "1.0", QNUM_DOUBLE },
        { "1e0", QNUM_DOUBLE },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(QObject) obj = qobject_from_json(cases[i].in, &error_abort);
        QNum *qn = qobject_to(QNum, obj);

        g_assert_nonnull(qn);
        g_assert_cmpint(qn->kind, ==, cases[i].kind);
    }
}

static void test_values(void)
{
    g_autoptr(QObject) obj = qobject_from_json(
        "{'i': -5, 'u': 18446744073709551615, 'd': 0.5, 's': '\\u00e9',"
        " 'b': false, 'n': null, 'l': [1, 'x']}", &error_abort);
    QDict *d = qobject_to(QDict, obj);
    QList *l;
    int64_t i;

    g_assert_nonnull(d);
    g_assert_cmpint(qdict_get_int(d, "i"), ==, -5);
    g_assert_cmpuint(qnum_get_uint(qobject_to(QNum, qdict_get(d, "u"))), ==,
                     UINT64_MAX);
    g_assert_false(qnum_get_try_int(qobject_to(QNum, qdict_get(d, "u")), &i));
    g_assert_cmpfloat(qdict_get_double(d, "d"), ==, 0.5);
    g_assert_cmpstr(qdict_get_str(d, "s"), ==, "\xc3\xa9");
    g_assert_false(qdict_get_bool(d, "b"));
    g_assert_true(qdict_get(d, "n") == QOBJECT(&qnull_));
    l = qdict_get_qlist(d, "l");
    g_assert_cmpuint(qlist_size(l), ==, 2);
    /* insertion order is kept */
    g_assert_cmpstr(qdict_entry_key(qdict_first(d)), ==, "i");
}

typedef struct {
    const char *in;
    const char *err;
} ErrorCase;

static const ErrorCase error_cases[] = {
    /* empty input and trailing garbage */
    { "", "JSON parse error, empty input" },
    { "   \n\t ", "JSON parse error, empty input" },
    { "1 2", "JSON parse error, expecting at most one JSON value" },
    { "{} []", "JSON parse error, expecting at most one JSON value" },
    { "[1] ]", "JSON parse error, expecting value, found ']'" },
    { "1 @", "JSON parse error, stray '@'" },
    { "true false", "JSON parse error, expecting at most one JSON value" },
    /* unexpected tokens */
    { "]", "JSON parse error, expecting value, found ']'" },
    { "}", "JSON parse error, expecting value, found '}'" },
    { ":", "JSON parse error, expecting value, found ':'" },
    { ",", "JSON parse error, expecting value, found ','" },
    { "[1,]", "JSON parse error, expecting value, found ']'" },
    { "[,1]", "JSON parse error, expecting value, found ','" },
    { "[1 2]", "JSON parse error, expected separator in list, found a number" },
    { "[1:2]", "JSON parse error, expected separator in list, found ':'" },
    { "[1}", "JSON parse error, mismatched '}' in list" },
    { "{\"a\":1]", "JSON parse error, mismatched ']' in dict" },
    { "{\"a\":1 \"b\":2}",
      "JSON parse error, expected separator in dict, found a string" },
    { "{\"a\" 1}", "JSON parse error, missing : in object pair" },
    { "{\"a\"}", "JSON parse error, missing : in object pair" },
    { "{\"a\":}", "JSON parse error, expecting value, found '}'" },
    { "{1:2}", "JSON parse error, key is not a string in object" },
    { "{null:2}", "JSON parse error, key is not a string in object" },
    { "{[]:2}", "JSON parse error, key is not a string in object" },
    { "{,}", "JSON parse error, expecting key, found ','" },
    { "{\"a\":1,}", "JSON parse error, expecting key, found '}'" },
    { "{\"a\":1,\"a\":2}", "JSON parse error, duplicate key 'a' in object" },
    /* premature end */
    { "[", "JSON parse error, premature end of input" },
    { "{\"a\":", "JSON parse error, premature end of input" },
    { "[[1, 2], [3", "JSON parse error, premature end of input" },
    /* stray characters */
    { "@", "JSON parse error, stray '@'" },
    { "[1, #]", "JSON parse error, stray '#'" },
    { "\x80", "JSON parse error, stray byte 0x80" },
    { "\xff", "JSON parse error, stray byte 0xFF" },
    { "\x01", "JSON parse error, stray byte 0x01" },
    { "\f1", "JSON parse error, stray byte 0x0C" },
    { "+1", "JSON parse error, stray '+'" },
    { ".5", "JSON parse error, stray '.'" },
    /* keywords */
    { "tru", "JSON parse error, invalid keyword 'tru'" },
    { "True", "JSON parse error, invalid keyword 'True'" },
    { "nulls", "JSON parse error, invalid keyword 'nulls'" },
    { "NaN", "JSON parse error, invalid keyword 'NaN'" },
    { "Infinity", "JSON parse error, invalid keyword 'Infinity'" },
    { "[truefalse]", "JSON parse error, invalid keyword 'truefalse'" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "JSON parse error, invalid keyword 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'" },
    /* numbers */
    { "-", "JSON parse error, invalid number '-'" },
    { "-a", "JSON parse error, invalid number '-a'" },
    { "01", "JSON parse error, invalid number '01'" },
    { "-01", "JSON parse error, invalid number '-01'" },
    { "1.", "JSON parse error, invalid number '1.'" },
    { "1.e5", "JSON parse error, invalid number '1.e'" },
    { "1e", "JSON parse error, invalid number '1e'" },
    { "1e+", "JSON parse error, invalid number '1e+'" },
    { "1x", "JSON parse error, invalid number '1x'" },
    { "1.2.3", "JSON parse error, invalid number '1.2.'" },
    { "0x10", "JSON parse error, invalid number '0x'" },
    { "1e999", "JSON parse error, number '1e999' is out of range" },
    { "-1e999", "JSON parse error, number '-1e999' is out of range" },
    /* strings */
    { "\"abc", "JSON parse error, unterminated string" },
    { "'abc\"", "JSON parse error, unterminated string" },
    { "\"abc\\", "JSON parse error, unterminated string" },
    { "\"\\u12", "JSON parse error, unterminated string" },
    { "[\"a\n\"]",
      "JSON parse error, control character 0x0A in string "
      "(write it as an escape)" },
    { "\"\t\"",
      "JSON parse error, control character 0x09 in string "
      "(write it as an escape)" },
    { "\"\\x41\"", "JSON parse error, invalid escape sequence '\\x' in string" },
    { "\"\\U0041\"", "JSON parse error, invalid escape sequence '\\U' in string" },
    { "\"\\\x80\"", "JSON parse error, invalid escape sequence in string" },
    { "\"\\u12G4\"",
      "JSON parse error, \\u must be followed by 4 hex digits in string" },
    { "\"\\u0000\"", "JSON parse error, \\u0000 is not allowed in strings" },
    { "\"\\ud800\"",
      "JSON parse error, \\uD800 is not a valid Unicode character "
      "(high surrogate not followed by a low one)" },
    { "\"\\ud800\\n\"",
      "JSON parse error, \\uD800 is not a valid Unicode character "
      "(high surrogate not followed by a low one)" },
    { "\"\\ud800\\u0041\"",
      "JSON parse error, \\uD800 is not a valid Unicode character "
      "(high surrogate not followed by a low one)" },
    { "\"\\udc00\"",
      "JSON parse error, \\uDC00 is not a valid Unicode character "
      "(low surrogate without a high one)" },
    /* invalid UTF-8 */
    { "\"\x80\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xc3\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xc0\x80\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xc1\xbf\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xe0\x80\x80\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xed\xa0\x80\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xf0\x80\x80\x80\"",
      "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xf4\x90\x80\x80\"",
      "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xf5\x80\x80\x80\"",
      "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xfe\"", "JSON parse error, invalid UTF-8 sequence in string" },
    { "\"\xe2\x82\"", "JSON parse error, invalid UTF-8 sequence in string" },
};

static void test_errors(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(error_cases); i++) {
        g_autofree char *msg = parse_error_of(error_cases[i].in,
                                              strlen(error_cases[i].in));

        if (strcmp(msg, error_cases[i].err)) {
            g_error("'%s': got error '%s', expected '%s'", error_cases[i].in,
                    msg, error_cases[i].err);
        }
    }
}

static void test_embedded_nul(void)
{
    g_autofree char *m1 = parse_error_of("[1,\0 2]", 7);
    g_autofree char *m2 = parse_error_of("\"a\0b\"", 5);
    g_autoptr(QObject) ok = qobject_from_json_len("[1]xyz", 3, &error_abort);

    g_assert_cmpstr(m1, ==, "JSON parse error, stray byte 0x00");
    g_assert_cmpstr(m2, ==, "JSON parse error, control character 0x00 in "
                    "string (write it as an escape)");
    g_assert_cmpuint(qlist_size(qobject_to(QList, ok)), ==, 1);
}

static void test_null_errp(void)
{
    g_assert_null(qobject_from_json("[", NULL));
    g_assert_null(qobject_from_json("", NULL));
}

static char *nested(int depth, const char *open, const char *close)
{
    GString *s = g_string_new(NULL);
    int i;

    for (i = 0; i < depth; i++) {
        g_string_append(s, open);
    }
    g_string_append(s, "1");
    for (i = 0; i < depth; i++) {
        g_string_append(s, close);
    }
    return g_string_free(s, false);
}

static void test_nesting(void)
{
    g_autofree char *ok_list = nested(JSON_MAX_NESTING, "[", "]");
    g_autofree char *ok_dict = nested(JSON_MAX_NESTING, "{'a':", "}");
    g_autofree char *bad_list = nested(JSON_MAX_NESTING + 1, "[", "]");
    g_autofree char *bad_mixed = nested(JSON_MAX_NESTING / 2 + 1, "[{'k':",
                                        "}]");
    g_autofree char *huge = nested(100000, "[", "]");
    g_autoptr(QObject) a = qobject_from_json(ok_list, &error_abort);
    g_autoptr(QObject) b = qobject_from_json(ok_dict, &error_abort);
    g_autoptr(GString) out = qobject_to_json(a);
    g_autofree char *e1 = parse_error_of(bad_list, strlen(bad_list));
    g_autofree char *e2 = parse_error_of(bad_mixed, strlen(bad_mixed));
    g_autofree char *e3 = parse_error_of(huge, strlen(huge));

    g_assert_cmpstr(out->str, ==, ok_list);
    g_assert_nonnull(qobject_to(QDict, b));
    g_assert_cmpstr(e1, ==, "JSON parse error, nesting too deep (the limit is 1024)");
    g_assert_cmpstr(e2, ==, "JSON parse error, nesting too deep (the limit is 1024)");
    g_assert_cmpstr(e3, ==, "JSON parse error, nesting too deep (the limit is 1024)");
}

static void test_writer_compact(void)
{
    g_autoptr(QDict) d = qdict_new();
    g_autoptr(QList) l = qlist_new();
    g_autoptr(GString) s = NULL;
    g_autoptr(GString) sl = NULL;

    qdict_put_int(d, "a", 1);
    qdict_put(d, "b", qnum_from_double(-0.5));
    qdict_put(d, "u", qnum_from_uint(UINT64_MAX));
    qdict_put_str(d, "s", "q\"\\/\x01\x1f\x7f\xc3\xa9\xf0\x9f\x98\x80");
    qdict_put_null(d, "n");
    qdict_put_bool(d, "t", true);
    qdict_put(d, "e", qdict_new());
    qdict_put(d, "el", qlist_new());
    s = qobject_to_json(QOBJECT(d));
    g_assert_cmpstr(s->str, ==,
                    "{\"a\": 1, \"b\": -0.5, \"u\": 18446744073709551615, "
                    "\"s\": \"q\\\"\\\\/\\u0001\\u001F\\u007F\\u00E9"
                    "\\uD83D\\uDE00\", \"n\": null, \"t\": true, "
                    "\"e\": {}, \"el\": []}");

    qlist_append(l, qnum_from_double(INFINITY));
    qlist_append(l, qnum_from_double(NAN));
    qlist_append(l, qnum_from_double(1e300));
    qlist_append(l, qnum_from_double(-0.0));
    sl = qobject_to_json(QOBJECT(l));
    g_assert_cmpstr(sl->str, ==, "[null, null, 1.0000000000000001e+300, -0]");
}

static void test_writer_invalid_utf8(void)
{
    /* Strings built in C may hold any bytes: each bad byte -> U+FFFD. */
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        { "a\x80z", "\"a\\uFFFDz\"" },
        { "\xc3", "\"\\uFFFD\"" },
        { "\xc3(", "\"\\uFFFD(\"" },
        { "\xc0\x80", "\"\\uFFFD\\uFFFD\"" },
        { "\xed\xa0\x80", "\"\\uFFFD\\uFFFD\\uFFFD\"" },
        { "\xf4\x90\x80\x80", "\"\\uFFFD\\uFFFD\\uFFFD\\uFFFD\"" },
        { "\xff\xfe", "\"\\uFFFD\\uFFFD\"" },
        { "\xe2\x82\xac\xe2\x82", "\"\\u20AC\\uFFFD\\uFFFD\"" },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(QString) qs = qstring_from_str(cases[i].in);
        g_autoptr(GString) out = qobject_to_json(QOBJECT(qs));
        g_autoptr(QObject) back = qobject_from_json(out->str, &error_abort);

        g_assert_cmpstr(out->str, ==, cases[i].out);
        g_assert_nonnull(qobject_to(QString, back));
    }
}

static void test_writer_pretty(void)
{
    g_autoptr(QObject) obj = qobject_from_json(
        "{'a': 1, 'b': [1, {'c': 'x'}], 'd': {}, 'e': []}", &error_abort);
    g_autoptr(QObject) empty = QOBJECT(qdict_new());
    g_autoptr(QObject) scalar = QOBJECT(qstring_from_str("s"));
    g_autoptr(GString) p = qobject_to_json_pretty(obj, true);
    g_autoptr(GString) c = qobject_to_json_pretty(obj, false);
    g_autoptr(GString) pe = qobject_to_json_pretty(empty, true);
    g_autoptr(GString) ps = qobject_to_json_pretty(scalar, true);

    g_assert_cmpstr(p->str, ==,
                    "{\n"
                    "    \"a\": 1,\n"
                    "    \"b\": [\n"
                    "        1,\n"
                    "        {\n"
                    "            \"c\": \"x\"\n"
                    "        }\n"
                    "    ],\n"
                    "    \"d\": {\n"
                    "    },\n"
                    "    \"e\": [\n"
                    "    ]\n"
                    "}");
    g_assert_cmpstr(c->str, ==,
                    "{\"a\": 1, \"b\": [1, {\"c\": \"x\"}], \"d\": {}, \"e\": []}");
    g_assert_cmpstr(pe->str, ==, "{\n}");
    g_assert_cmpstr(ps->str, ==, "\"s\"");
}

/* Parse, write, parse again: the two values must be equal. */
static void check_round_trip(const char *in)
{
    g_autoptr(QObject) a = qobject_from_json(in, &error_abort);
    g_autoptr(GString) s = qobject_to_json(a);
    g_autoptr(GString) p = qobject_to_json_pretty(a, true);
    g_autoptr(QObject) b = qobject_from_json(s->str, &error_abort);
    g_autoptr(QObject) c = qobject_from_json(p->str, &error_abort);
    g_autoptr(GString) s2 = qobject_to_json(b);

    g_assert_true(qobject_is_equal(a, b));
    g_assert_true(qobject_is_equal(a, c));
    g_assert_cmpstr(s->str, ==, s2->str);
}

static void test_round_trip(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(valid_cases); i++) {
        check_round_trip(valid_cases[i].in);
    }
    check_round_trip("[0.1, 0.2, 0.30000000000000004, 1e-300, 123456789.123456789,"
                     " 2.2250738585072014e-308, 5e-324, -1.5e300]");
}

static void test_double_round_trip_random(void)
{
    int i;

    for (i = 0; i < 2000; i++) {
        union {
            uint64_t u;
            double d;
        } v;
        g_autoptr(QNum) qn = NULL;
        g_autoptr(GString) s = NULL;
        g_autoptr(QObject) back = NULL;

        v.u = ((uint64_t)g_test_rand_int() << 32) | (uint32_t)g_test_rand_int();
        if (!isfinite(v.d)) {
            continue;
        }
        qn = qnum_from_double(v.d);
        s = qobject_to_json(QOBJECT(qn));
        back = qobject_from_json(s->str, &error_abort);
        g_assert_cmpfloat(qnum_get_double(qobject_to(QNum, back)), ==, v.d);
    }
}

static const char *const fuzz_seeds[] = {
    "{\"execute\": \"blockdev-add\", \"arguments\": {\"driver\": \"qcow2\", "
    "\"node-name\": \"n0\", \"file\": {\"driver\": \"file\", "
    "\"filename\": \"a.qcow2\"}, \"encrypt\": {\"key-secret\": \"s0\"}}}",
    "[1, -2.5e+3, 18446744073709551615, true, false, null, 'x\\'y', "
    "\"\\u00e9\\ud83d\\ude00\", [], {}, [[{}]]]",
};

/* Every prefix of a valid document is parsed or rejected, never crashes. */
static void test_truncated_prefixes(void)
{
    size_t i, len;

    for (i = 0; i < G_N_ELEMENTS(fuzz_seeds); i++) {
        size_t full = strlen(fuzz_seeds[i]);

        for (len = 0; len < full; len++) {
            Error *err = NULL;
            QObject *obj = qobject_from_json_len(fuzz_seeds[i], len, &err);

            /* a proper prefix of an object or array is never complete */
            g_assert_null(obj);
            g_assert_nonnull(err);
            error_free(err);
        }
    }
}

/* Random bytes and random mutations of valid documents. */
static void test_random_garbage(void)
{
    static const char alphabet[] = "{}[]:,\"'\\u0123456789abcdefeEnulltrue-+. \n\x80\xc3\xff";
    int iter;

    for (iter = 0; iter < 20000; iter++) {
        char buf[64];
        size_t len = g_test_rand_int_range(0, sizeof(buf));
        size_t j;
        Error *err = NULL;
        QObject *obj;

        for (j = 0; j < len; j++) {
            buf[j] = iter % 2 ? (char)g_test_rand_int_range(0, 256)
                              : alphabet[g_test_rand_int_range(0, sizeof(alphabet) - 1)];
        }
        obj = qobject_from_json_len(buf, len, &err);
        g_assert_true((obj == NULL) != (err == NULL));
        if (obj) {
            /* whatever parsed must write and re-parse to the same value */
            g_autoptr(GString) s = qobject_to_json(obj);
            g_autoptr(QObject) back = qobject_from_json(s->str, &error_abort);
            g_assert_true(qobject_is_equal(obj, back));
            qobject_unref(obj);
        }
        error_free(err);
    }

    for (iter = 0; iter < 20000; iter++) {
        const char *seed = fuzz_seeds[iter % G_N_ELEMENTS(fuzz_seeds)];
        g_autofree char *buf = g_strdup(seed);
        size_t len = strlen(buf);
        Error *err = NULL;
        QObject *obj;
        int k;

        for (k = 0; k < 3; k++) {
            buf[g_test_rand_int_range(0, len)] = g_test_rand_int_range(0, 256);
        }
        obj = qobject_from_json_len(buf, len, &err);
        g_assert_true((obj == NULL) != (err == NULL));
        qobject_unref(obj);
        error_free(err);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/valid", test_valid);
    g_test_add_func("/json/number-kinds", test_number_kinds);
    g_test_add_func("/json/values", test_values);
    g_test_add_func("/json/errors", test_errors);
    g_test_add_func("/json/embedded-nul", test_embedded_nul);
    g_test_add_func("/json/null-errp", test_null_errp);
    g_test_add_func("/json/nesting", test_nesting);
    g_test_add_func("/json/writer/compact", test_writer_compact);
    g_test_add_func("/json/writer/invalid-utf8", test_writer_invalid_utf8);
    g_test_add_func("/json/writer/pretty", test_writer_pretty);
    g_test_add_func("/json/round-trip", test_round_trip);
    g_test_add_func("/json/round-trip-doubles", test_double_round_trip_random);
    g_test_add_func("/json/fuzz/truncated", test_truncated_prefixes);
    g_test_add_func("/json/fuzz/random", test_random_garbage);
    return g_test_run();
}
