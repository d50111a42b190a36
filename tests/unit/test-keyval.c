/*
 * Unit tests for util/keyval.c.  Results are compared as compact
 * JSON-like text ({"a": "1", "l": ["x"]}, keys in insertion order).
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "keyval-check.h"

static void render(GString *out, const QObject *obj)
{
    const QDictEntry *de;
    const QListEntry *le;
    const char *sep = "";

    switch (qobject_type(obj)) {
    case QTYPE_QSTRING:
        g_string_append_printf(out, "\"%s\"",
                               qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QDICT:
        g_string_append_c(out, '{');
        for (de = qdict_first(qobject_to(QDict, obj)); de;
             de = qdict_next(qobject_to(QDict, obj), de)) {
            g_string_append_printf(out, "%s\"%s\": ", sep, qdict_entry_key(de));
            render(out, qdict_entry_value(de));
            sep = ", ";
        }
        g_string_append_c(out, '}');
        break;
    case QTYPE_QLIST:
        g_string_append_c(out, '[');
        for (le = qlist_first(qobject_to(QList, obj)); le;
             le = qlist_next(le)) {
            g_string_append(out, sep);
            render(out, qlist_entry_obj(le));
            sep = ", ";
        }
        g_string_append_c(out, ']');
        break;
    default:
        g_string_append_printf(out, "<%s>", qtype_name(qobject_type(obj)));
    }
}

static char *to_text(const QDict *d)
{
    GString *out = g_string_new(NULL);

    render(out, QOBJECT(d));
    return g_string_free(out, FALSE);
}

typedef struct {
    const char *params;
    const char *implied;
    const char *result;     /* NULL: expect @error */
    const char *error;
} KeyvalCase;

static const KeyvalCase parse_cases[] = {
    /* basics */
    { "", NULL, "{}", NULL },
    { "a=1", NULL, "{\"a\": \"1\"}", NULL },
    { "a=", NULL, "{\"a\": \"\"}", NULL },
    { "a=1,", NULL, "{\"a\": \"1\"}", NULL },
    { "a=1,b=2", NULL, "{\"a\": \"1\", \"b\": \"2\"}", NULL },
    { "a=x=y", NULL, "{\"a\": \"x=y\"}", NULL },
    { "a-b_c9=1,Z=2", NULL, "{\"a-b_c9\": \"1\", \"Z\": \"2\"}", NULL },
    { "__com.redhat_x-y=1", NULL, "{\"__com.redhat_x-y\": \"1\"}", NULL },
    { "a=?,b=help", NULL, "{\"a\": \"?\", \"b\": \"help\"}", NULL },
    { "a= b ", NULL, "{\"a\": \" b \"}", NULL },
    /* last one wins */
    { "a=1,b=2,,x,a=3", NULL, "{\"a\": \"3\", \"b\": \"2,x\"}", NULL },
    /* comma escapes */
    { "a=1,,", NULL, "{\"a\": \"1,\"}", NULL },
    { "a=,,,", NULL, "{\"a\": \",\"}", NULL },
    { "a=,,,,", NULL, "{\"a\": \",,\"}", NULL },
    { "a=x,,y,,,b=2", NULL, "{\"a\": \"x,y,\", \"b\": \"2\"}", NULL },
    /* nesting */
    { "file.filename=x", NULL, "{\"file\": {\"filename\": \"x\"}}", NULL },
    { "driver=qcow2,file.driver=file,file.filename=a.qcow2", NULL,
      "{\"driver\": \"qcow2\", \"file\": {\"driver\": \"file\", "
      "\"filename\": \"a.qcow2\"}}", NULL },
    { "a.b.c=1,a.b.d=2,a.e=3", NULL,
      "{\"a\": {\"b\": {\"c\": \"1\", \"d\": \"2\"}, \"e\": \"3\"}}", NULL },
    { "__org.x_a.__org.x_b=1", NULL,
      "{\"__org.x_a\": {\"__org.x_b\": \"1\"}}", NULL },
    /* implied key */
    { "secret,id=s0", "qom-type",
      "{\"qom-type\": \"secret\", \"id\": \"s0\"}", NULL },
    /* an implied value ends at the first comma: no ",," escape */
    { "secret,,x,id=s0", "qom-type", NULL, "Invalid parameter ''" },
    { "secret,", "qom-type", "{\"qom-type\": \"secret\"}", NULL },
    { "id=s0", "qom-type", "{\"id\": \"s0\"}", NULL },
    { "a b", "qom-type", "{\"qom-type\": \"a b\"}", NULL },
    { "x,y=1", "driver", "{\"driver\": \"x\", \"y\": \"1\"}", NULL },
    { "x,y", "driver", NULL, "Expected '=' after parameter 'y'" },
    { ",a=1", "driver", NULL, "Invalid parameter ''" },
    { "a.b", "file.driver", "{\"file\": {\"driver\": \"a.b\"}}", NULL },
    /* lists */
    { "l.0=a,l.1=b", NULL, "{\"l\": [\"a\", \"b\"]}", NULL },
    { "l.1=b,l.0=a", NULL, "{\"l\": [\"a\", \"b\"]}", NULL },
    { "l.0=a", NULL, "{\"l\": [\"a\"]}", NULL },
    { "l.0.x=1,l.1.x=2,l.0.y=3", NULL,
      "{\"l\": [{\"x\": \"1\", \"y\": \"3\"}, {\"x\": \"2\"}]}", NULL },
    { "l.0.0=a,l.0.1=b,l.1.0=c", NULL, "{\"l\": [[\"a\", \"b\"], [\"c\"]]}",
      NULL },
    { "l.00=a,l.01=b", NULL, "{\"l\": [\"a\", \"b\"]}", NULL },
    { "l.0=a,l.00=b", NULL, "{\"l\": [\"b\"]}", NULL },
    { "a.l.0=x,a.m=y", NULL, "{\"a\": {\"l\": [\"x\"], \"m\": \"y\"}}",
      NULL },
    /* bad keys */
    { "=", NULL, NULL, "Invalid parameter ''" },
    { "=x", NULL, NULL, "Invalid parameter ''" },
    { ",", NULL, NULL, "Invalid parameter ''" },
    { ",a=1", NULL, NULL, "Invalid parameter ''" },
    { "a=1,,,=2", NULL, NULL, "Invalid parameter ''" },
    { "0=1", NULL, NULL, "Invalid parameter '0'" },
    { "a..b=1", NULL, NULL, "Invalid parameter 'a..b'" },
    { "a.=1", NULL, NULL, "Invalid parameter 'a.'" },
    { ".a=1", NULL, NULL, "Invalid parameter '.a'" },
    { "a b=1", NULL, NULL, "Invalid parameter 'a b'" },
    { "_a=1", NULL, NULL, "Invalid parameter '_a'" },
    { "__a=1", NULL, NULL, "Invalid parameter '__a'" },
    { "-a=1", NULL, NULL, "Invalid parameter '-a'" },
    { "a.-b=1", NULL, NULL, "Invalid parameter 'a.-b'" },
    { "a.0x1=1", NULL, NULL, "Invalid parameter 'a.0x1'" },
    { "a.1b=1", NULL, NULL, "Invalid parameter 'a.1b'" },
    { "a\xc3\xa9=1", NULL, NULL, "Invalid parameter 'a\xc3\xa9'" },
    { "a", NULL, NULL, "Expected '=' after parameter 'a'" },
    { "a.b", NULL, NULL, "Expected '=' after parameter 'a.b'" },
    { "a=1,b", NULL, NULL, "Expected '=' after parameter 'b'" },
    { "secret,id=s0", NULL, NULL, "Expected '=' after parameter 'secret'" },
    /* a key used both as value and as dict */
    { "a.b=1,a=2", NULL, NULL, "Parameters 'a.*' used inconsistently" },
    { "a=1,a.b=2", NULL, NULL, "Parameters 'a.*' used inconsistently" },
    { "a.b.c=1,a.b=2", NULL, NULL, "Parameters 'a.b.*' used inconsistently" },
    { "a.b=2,a.b.c=1", NULL, NULL, "Parameters 'a.b.*' used inconsistently" },
    { "l.0=x,l.b=y", NULL, NULL, "Parameters 'l.*' used inconsistently" },
    { "a.l.b=y,a.l.0=x", NULL, NULL,
      "Parameters 'a.l.*' used inconsistently" },
    /* list gaps */
    { "l.0=a,l.2=b", NULL, NULL, "Parameter 'l.1' missing" },
    { "l.1=a", NULL, NULL, "Parameter 'l.0' missing" },
    { "x.l.0=a,x.l.3=b,x.l.1=c", NULL, NULL, "Parameter 'x.l.2' missing" },
    { "l.99999999999=1", NULL, NULL, "Parameter 'l.0' missing" },
    { "l.0=a,l.99999999999999999999999=1", NULL, NULL,
      "Parameter 'l.1' missing" },
    { "l.0.1=a", NULL, NULL, "Parameter 'l.0.0' missing" },
    /* help without p_help */
    { "help", NULL, NULL, "Help is not available for this option" },
    { "a=1,?", NULL, NULL, "Help is not available for this option" },
    { "help=1", NULL, "{\"help\": \"1\"}", NULL },
};

static void test_parse_table(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(parse_cases); i++) {
        const KeyvalCase *c = &parse_cases[i];
        Error *err = NULL;
        QDict *d;

        g_test_message("keyval_parse(\"%s\", %s)", c->params,
                       c->implied ? c->implied : "NULL");
        d = keyval_parse(c->params, c->implied, NULL, &err);
        if (c->result) {
            g_autofree char *text = NULL;
            g_autofree char *problem = NULL;

            g_assert_null(err);
            g_assert_nonnull(d);
            text = to_text(d);
            g_assert_cmpstr(text, ==, c->result);
            problem = keyval_check_result(d);
            g_assert_cmpstr(problem, ==, NULL);
            qobject_unref(d);
        } else {
            g_assert_null(d);
            g_assert_nonnull(err);
            g_assert_cmpstr(error_get_pretty(err), ==, c->error);
            error_free(err);
        }
    }
}

static void test_length_limits(void)
{
    g_autofree char *k127 = g_strnfill(127, 'k');
    g_autofree char *k128 = g_strnfill(128, 'k');
    g_autofree char *p1 = g_strdup_printf("%s=1", k127);
    g_autofree char *p2 = g_strdup_printf("%s=1", k128);
    g_autofree char *p3 = g_strdup_printf("b.%s=1", k128);
    g_autofree char *p4 = g_strdup_printf("%s.b=1", k128);
    g_autofree char *e2 = g_strdup_printf("Parameter '%s' is too long", k128);
    g_autofree char *e3 = g_strdup_printf("Parameter fragment '%s' is too long",
                                          k128);
    g_autofree char *longval = g_strnfill(100000, 'v');
    g_autofree char *p5 = g_strdup_printf("a=%s", longval);
    Error *err = NULL;
    QDict *d;

    d = keyval_parse(p1, NULL, NULL, &error_abort);
    g_assert_cmpstr(qdict_get_str(d, k127), ==, "1");
    qobject_unref(d);

    g_assert_null(keyval_parse(p2, NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, e2);
    error_free(err);
    err = NULL;
    g_assert_null(keyval_parse(p3, NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, e3);
    error_free(err);
    err = NULL;
    g_assert_null(keyval_parse(p4, NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, e3);
    error_free(err);

    d = keyval_parse(p5, NULL, NULL, &error_abort);
    g_assert_cmpstr(qdict_get_str(d, "a"), ==, longval);
    qobject_unref(d);
}

static void test_help(void)
{
    static const struct {
        const char *params;
        const char *implied;
        bool help;
        const char *result;
    } cases[] = {
        { "help", NULL, true, "{}" },
        { "?", NULL, true, "{}" },
        { "a=1,help", NULL, true, "{\"a\": \"1\"}" },
        { "help,a=1", NULL, true, "{\"a\": \"1\"}" },
        { "a=1,?,b=2", NULL, true, "{\"a\": \"1\", \"b\": \"2\"}" },
        { "a=1", NULL, false, "{\"a\": \"1\"}" },
        { "a=help", NULL, false, "{\"a\": \"help\"}" },
        { "help=x", NULL, false, "{\"help\": \"x\"}" },
        { "help", "qom-type", true, "{}" },
        { "secret,help", "qom-type", true, "{\"qom-type\": \"secret\"}" },
        { "secret,id=s,?", "qom-type", true,
          "{\"qom-type\": \"secret\", \"id\": \"s\"}" },
        { "helpx", "qom-type", false, "{\"qom-type\": \"helpx\"}" },
        { "??", "qom-type", false, "{\"qom-type\": \"??\"}" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        bool help = !cases[i].help;
        QDict *d;
        g_autofree char *text = NULL;

        g_test_message("help case \"%s\"", cases[i].params);
        d = keyval_parse(cases[i].params, cases[i].implied, &help,
                         &error_abort);
        g_assert_cmpint(help, ==, cases[i].help);
        text = to_text(d);
        g_assert_cmpstr(text, ==, cases[i].result);
        qobject_unref(d);
    }
}

static void test_parse_into(void)
{
    QDict *d = qdict_new();
    Error *err = NULL;
    g_autofree char *text = NULL;

    g_assert_true(keyval_parse_into(d, "a=1,b.c=2", NULL, NULL, &error_abort)
                  == d);
    g_assert_true(keyval_parse_into(d, "b.d=3,a=4", NULL, NULL, &error_abort)
                  == d);
    text = to_text(d);
    g_assert_cmpstr(text, ==, "{\"a\": \"4\", \"b\": {\"c\": \"2\", \"d\": \"3\"}}");
    g_assert_null(keyval_parse_into(d, "b=5", NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameters 'b.*' used inconsistently");
    error_free(err);
    qobject_unref(d);
}

typedef struct {
    const char *dest;
    const char *merged;
    const char *result;
    const char *error;
} MergeCase;

static const MergeCase merge_cases[] = {
    { "a=1", "b=2", "{\"a\": \"1\", \"b\": \"2\"}", NULL },
    { "a=1,b.c=2,l.0=x", "a=3,b.d=4,l.0=y,l.1=z",
      "{\"a\": \"3\", \"b\": {\"c\": \"2\", \"d\": \"4\"}, "
      "\"l\": [\"x\", \"y\", \"z\"]}", NULL },
    { "b.c.d=1", "b.c.e=2,b.f=3",
      "{\"b\": {\"c\": {\"d\": \"1\", \"e\": \"2\"}, \"f\": \"3\"}}", NULL },
    { "", "a.l.0=1", "{\"a\": {\"l\": [\"1\"]}}", NULL },
    { "a=1", "a.b=2", NULL, "Parameter 'a' used inconsistently" },
    { "b.c=1", "b.c.d=2", NULL, "Parameter 'b.c' used inconsistently" },
    { "b.l.0=1", "b.l.x=2", NULL, "Parameter 'b.l' used inconsistently" },
    { "l.0=1", "l=2", NULL, "Parameter 'l' used inconsistently" },
};

static void test_merge(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(merge_cases); i++) {
        const MergeCase *c = &merge_cases[i];
        QDict *dest = keyval_parse(c->dest, NULL, NULL, &error_abort);
        QDict *merged = keyval_parse(c->merged, NULL, NULL, &error_abort);
        g_autofree char *merged_before = to_text(merged);
        g_autofree char *merged_after = NULL;
        Error *err = NULL;
        bool ok;

        g_test_message("merge \"%s\" + \"%s\"", c->dest, c->merged);
        ok = keyval_merge(dest, merged, &err);
        if (c->result) {
            g_autofree char *text = to_text(dest);

            g_assert_true(ok);
            g_assert_null(err);
            g_assert_cmpstr(text, ==, c->result);
        } else {
            g_assert_false(ok);
            g_assert_cmpstr(error_get_pretty(err), ==, c->error);
            error_free(err);
        }
        /* The merged-in dict is not modified. */
        merged_after = to_text(merged);
        g_assert_cmpstr(merged_after, ==, merged_before);
        qobject_unref(dest);
        qobject_unref(merged);
    }
}

/* Errors every garbage input may produce: the QEMU messages only. */
static bool known_error(const char *msg)
{
    static const char *const prefixes[] = {
        "Invalid parameter '", "Expected '=' after parameter '",
        "Parameters '", "Parameter '", "Parameter fragment '",
        "Help is not available for this option",
    };

    for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
        if (g_str_has_prefix(msg, prefixes[i])) {
            return true;
        }
    }
    return false;
}

static void test_garbage(void)
{
    static const char charset[] = "ab0019.....===,,,,,?help_-x \xff";
    GRand *r = g_rand_new_with_seed(2024);
    int ok_count = 0;

    for (int i = 0; i < 30000; i++) {
        char s[24];
        int n = g_rand_int_range(r, 0, sizeof(s));
        const char *implied = g_rand_boolean(r) ? "qom-type" : NULL;
        bool help;
        bool *p_help = g_rand_boolean(r) ? &help : NULL;
        Error *err = NULL;
        QDict *d;

        for (int j = 0; j < n; j++) {
            s[j] = charset[g_rand_int_range(r, 0, sizeof(charset) - 1)];
        }
        s[n] = '\0';
        d = keyval_parse(s, implied, p_help, &err);
        if (d) {
            g_autofree char *problem = keyval_check_result(d);

            if (problem) {
                g_test_message("input \"%s\": %s", s, problem);
            }
            g_assert_null(problem);
            g_assert_null(err);
            ok_count++;
            qobject_unref(d);
        } else {
            g_assert_nonnull(err);
            if (!known_error(error_get_pretty(err))) {
                g_test_message("input \"%s\": %s", s, error_get_pretty(err));
            }
            g_assert_true(known_error(error_get_pretty(err)));
            error_free(err);
        }
    }
    /* The charset is chosen so that both outcomes are common. */
    g_assert_cmpint(ok_count, >, 1000);
    g_assert_cmpint(ok_count, <, 29000);
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/parse/table", test_parse_table);
    g_test_add_func("/keyval/parse/length-limits", test_length_limits);
    g_test_add_func("/keyval/parse/help", test_help);
    g_test_add_func("/keyval/parse-into", test_parse_into);
    g_test_add_func("/keyval/merge", test_merge);
    g_test_add_func("/keyval/garbage", test_garbage);
    return g_test_run();
}
