/*
 * User-creatable objects: creation from keyval and JSON QDicts, exact
 * errors, atomicity (a failed creation leaves /objects unchanged and
 * leaks no object), deletion and help.
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "qom/object_interfaces.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"

#define TYPE_TEST_UC "test-uc"
#define TYPE_TEST_UC_SUB "test-uc-sub"
#define TYPE_TEST_UC_ABSTRACT "test-uc-abstract"
#define TYPE_TEST_PLAIN "test-plain"

OBJECT_DECLARE_SIMPLE_TYPE(TestUC, TEST_UC)

struct TestUC {
    Object parent_obj;
    char *data;
    bool fail;
    bool busy;
    int mode;
    uint64_t size;
    Object *peer;
    int completed;
    bool sub_completed;
};

static const char *const test_mode_names[] = { "fast", "safe" };
static const QEnumLookup test_mode_lookup = {
    .array = test_mode_names,
    .size = 2,
};

/* Objects of the test types alive now: every test ends where it began. */
static int live_objects;

static char *uc_get_data(Object *obj, Error **errp)
{
    return g_strdup(TEST_UC(obj)->data);
}

static void uc_set_data(Object *obj, const char *value, Error **errp)
{
    TestUC *uc = TEST_UC(obj);

    if (!*value) {
        error_setg(errp, "Property 'data' must not be empty");
        return;
    }
    g_free(uc->data);
    uc->data = g_strdup(value);
}

static bool uc_get_fail(Object *obj, Error **errp)
{
    return TEST_UC(obj)->fail;
}

static void uc_set_fail(Object *obj, bool value, Error **errp)
{
    TEST_UC(obj)->fail = value;
}

static bool uc_get_busy(Object *obj, Error **errp)
{
    return TEST_UC(obj)->busy;
}

static void uc_set_busy(Object *obj, bool value, Error **errp)
{
    TEST_UC(obj)->busy = value;
}

static int uc_get_mode(Object *obj, Error **errp)
{
    return TEST_UC(obj)->mode;
}

static void uc_set_mode(Object *obj, int value, Error **errp)
{
    TEST_UC(obj)->mode = value;
}

static char *uc_get_kind(Object *obj, Error **errp)
{
    return g_strdup("fixed");
}

static void uc_complete(UserCreatable *ucobj, Error **errp)
{
    TestUC *uc = TEST_UC(ucobj);
    g_autofree char *id = object_get_canonical_path_component(OBJECT(uc));

    if (uc->fail) {
        error_setg(errp, "cannot complete '%s': asked to fail",
                   id ? id : "(anonymous)");
        return;
    }
    uc->completed++;
}

static bool uc_can_be_deleted(UserCreatable *ucobj)
{
    return !TEST_UC(ucobj)->busy;
}

static void uc_init(Object *obj)
{
    TestUC *uc = TEST_UC(obj);

    live_objects++;
    object_property_add_uint64_ptr(obj, "size", &uc->size,
                                   OBJ_PROP_FLAG_READWRITE);
}

static void uc_finalize(Object *obj)
{
    TestUC *uc = TEST_UC(obj);

    live_objects--;
    g_free(uc->data);
}

static void uc_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = uc_complete;
    ucc->can_be_deleted = uc_can_be_deleted;
    object_class_property_add_str(oc, "data", uc_get_data, uc_set_data);
    object_class_property_set_description(oc, "data", "The payload");
    object_class_property_add_bool(oc, "fail", uc_get_fail, uc_set_fail);
    object_class_property_add_bool(oc, "busy", uc_get_busy, uc_set_busy);
    object_class_property_add_enum(oc, "mode", "TestMode", &test_mode_lookup,
                                   uc_get_mode, uc_set_mode);
    object_class_property_add_str(oc, "kind", uc_get_kind, NULL);
    object_class_property_add_link(oc, "peer", TYPE_TEST_UC,
                                   offsetof(TestUC, peer),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
}

/* The subclass overrides one hook: complete. */
static void uc_sub_complete(UserCreatable *ucobj, Error **errp)
{
    TEST_UC(ucobj)->sub_completed = true;
}

static void uc_sub_class_init(ObjectClass *oc, void *data)
{
    USER_CREATABLE_CLASS(oc)->complete = uc_sub_complete;
}

static void plain_init(Object *obj)
{
    live_objects++;
}

static void plain_finalize(Object *obj)
{
    live_objects--;
}

static const TypeInfo test_uc_types[] = {
    {
        .name = TYPE_TEST_UC_ABSTRACT,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .interfaces = (InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { }
        },
    }, {
        .name = TYPE_TEST_UC,
        .parent = TYPE_TEST_UC_ABSTRACT,
        .instance_size = sizeof(TestUC),
        .instance_init = uc_init,
        .instance_finalize = uc_finalize,
        .class_init = uc_class_init,
    }, {
        .name = TYPE_TEST_UC_SUB,
        .parent = TYPE_TEST_UC,
        .class_init = uc_sub_class_init,
    }, {
        .name = TYPE_TEST_PLAIN,
        .parent = TYPE_OBJECT,
        .instance_init = plain_init,
        .instance_finalize = plain_finalize,
    },
};

DEFINE_TYPES(test_uc_types)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids under /objects, sorted: "a,b,c". */
static char *objects_snapshot(void)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GString *s = g_string_new(NULL);
    guint i;

    object_property_iter_init(&iter, object_get_objects_root());
    while ((prop = object_property_iter_next(&iter)) != NULL) {
        if (object_property_is_child(prop)) {
            g_ptr_array_add(names, prop->name);
        }
    }
    g_ptr_array_sort(names, cmp_str_ptr);
    for (i = 0; i < names->len; i++) {
        g_string_append_printf(s, "%s%s", i ? "," : "",
                               (char *)g_ptr_array_index(names, i));
    }
    return g_string_free(s, false);
}

static Object *add_keyval(const char *params, Error **errp)
{
    g_autoptr(QDict) dict = keyval_parse(params, "qom-type", NULL,
                                         &error_abort);

    return user_creatable_add_dict(dict, true, errp);
}

static Object *add_json(const char *json, Error **errp)
{
    g_autoptr(QObject) obj = qobject_from_json(json, &error_abort);

    return user_creatable_add_dict(qobject_to(QDict, obj), false, errp);
}

static Object *objects_get(const char *id)
{
    return object_resolve_path_component(object_get_objects_root(), id);
}

/* ------------------------------------------------------------------ */
/* Success                                                             */

static void test_add_keyval(void)
{
    Object *obj, *peer;
    TestUC *uc;
    g_autofree char *path = NULL;
    int live = live_objects;

    peer = add_keyval("test-uc,id=kv-peer", &error_abort);
    obj = add_keyval("test-uc,id=kv0,data=hello,fail=off,mode=safe,"
                     "size=0x1000,peer=kv-peer", &error_abort);
    g_assert_nonnull(obj);
    g_assert_true(objects_get("kv0") == obj);
    path = object_get_canonical_path(obj);
    g_assert_cmpstr(path, ==, "/objects/kv0");
    g_assert_cmpuint(obj->ref, ==, 1);
    uc = TEST_UC(obj);
    g_assert_cmpstr(uc->data, ==, "hello");
    g_assert_false(uc->fail);
    g_assert_cmpint(uc->mode, ==, 1);
    g_assert_cmpuint(uc->size, ==, 4096);
    g_assert_true(uc->peer == peer);
    g_assert_cmpuint(peer->ref, ==, 2);     /* strong link */
    g_assert_cmpint(uc->completed, ==, 1);
    g_assert_cmpint(live_objects, ==, live + 2);

    g_assert_true(user_creatable_del("kv0", &error_abort));
    g_assert_null(objects_get("kv0"));
    g_assert_cmpuint(peer->ref, ==, 1);
    g_assert_true(user_creatable_del("kv-peer", &error_abort));
    g_assert_cmpint(live_objects, ==, live);
}

static void test_add_json(void)
{
    Object *obj;
    int live = live_objects;

    obj = add_json("{'qom-type': 'test-uc', 'id': 'js0', 'size': 42, "
                   "'fail': false, 'data': 'x', 'mode': 'fast'}",
                   &error_abort);
    g_assert_nonnull(obj);
    g_assert_cmpuint(TEST_UC(obj)->size, ==, 42);
    g_assert_cmpstr(TEST_UC(obj)->data, ==, "x");
    g_assert_true(user_creatable_del("js0", &error_abort));
    g_assert_cmpint(live_objects, ==, live);
}

static void test_add_subclass(void)
{
    Object *obj = add_keyval("test-uc-sub,id=sub0,data=d", &error_abort);

    /* The overridden hook ran instead of the parent's. */
    g_assert_true(TEST_UC(obj)->sub_completed);
    g_assert_cmpint(TEST_UC(obj)->completed, ==, 0);
    g_assert_cmpstr(TEST_UC(obj)->data, ==, "d");
    g_assert_true(user_creatable_del("sub0", &error_abort));
}

static void test_add_dict_unmodified(void)
{
    g_autoptr(QDict) dict = keyval_parse("test-uc,id=um0,data=z", "qom-type",
                                         NULL, &error_abort);
    g_autoptr(GString) before = qobject_to_json(QOBJECT(dict));
    g_autoptr(GString) after = NULL;

    g_assert_nonnull(user_creatable_add_dict(dict, true, &error_abort));
    after = qobject_to_json(QOBJECT(dict));
    g_assert_cmpstr(before->str, ==, after->str);
    g_assert_true(user_creatable_del("um0", &error_abort));
}

/* ------------------------------------------------------------------ */
/* Failures are exact and leave nothing behind                         */

typedef struct FailCase {
    const char *input;
    const char *error;
} FailCase;

static const FailCase keyval_failures[] = {
    { "id=x", "Parameter 'qom-type' is missing" },
    { "test-uc", "Parameter 'id' is missing" },
    { "test-uc,id=1x", "Parameter 'id' expects an identifier" },
    { "test-uc,id=a/b", "Parameter 'id' expects an identifier" },
    { "test-uc,id=", "Parameter 'id' expects an identifier" },
    { "nosuch,id=x", "Parameter 'qom-type' does not accept value 'nosuch'" },
    { "nosuch", "Parameter 'qom-type' does not accept value 'nosuch'" },
    { "nosuch,id=1x", "Parameter 'qom-type' does not accept value 'nosuch'" },
    { "test-uc-abstract,id=x",
      "Parameter 'qom-type' does not accept value 'test-uc-abstract'" },
    { "test-plain,id=x",
      "Parameter 'qom-type' does not accept value 'test-plain'" },
    { "container,id=x",
      "Parameter 'qom-type' does not accept value 'container'" },
    { "test-uc,id=keep", "object 'keep' already exists" },
    { "test-uc,id=x,nope=1", "Parameter 'nope' is unexpected" },
    { "test-uc,id=x,size=big", "Parameter 'size' expects integer" },
    { "test-uc,id=x,fail=maybe", "Parameter 'fail' expects 'on' or 'off'" },
    { "test-uc,id=x,mode=slow",
      "Parameter 'mode' does not accept value 'slow'" },
    { "test-uc,id=x,kind=k", "Property 'test-uc.kind' is not writable" },
    { "test-uc,id=x,data=", "Property 'data' must not be empty" },
    { "test-uc,id=x,data.a=1", "Parameters 'data.*' are unexpected" },
    { "test-uc,id=x,peer=/objects/none", "Device '/objects/none' not found" },
    { "test-uc,id=x,peer=/objects", "Invalid parameter type for 'peer', "
      "expected: test-uc" },
    /* A bad value is reported before an unknown key, as QEMU does. */
    { "test-uc,id=x,nope=2,size=big", "Parameter 'size' expects integer" },
    { "test-uc,id=x,fail=on", "cannot complete 'x': asked to fail" },
    { "test-uc,id=x,peer=keep,fail=on",
      "cannot complete 'x': asked to fail" },
};

static const FailCase json_failures[] = {
    { "{'id': 'x'}", "Parameter 'qom-type' is missing" },
    { "{'qom-type': 1, 'id': 'x'}",
      "Invalid parameter type for 'qom-type', expected: string" },
    { "{'qom-type': 'test-uc', 'id': true}",
      "Invalid parameter type for 'id', expected: string" },
    { "{'qom-type': 'test-uc', 'id': 'x', 'size': 'big'}",
      "Parameter 'size' expects uint64" },
    { "{'qom-type': 'test-uc', 'id': 'x', 'size': 1.5}",
      "Parameter 'size' expects uint64" },
    { "{'qom-type': 'test-uc', 'id': 'x', 'fail': 'on'}",
      "Invalid parameter type for 'fail', expected: boolean" },
    { "{'qom-type': 'test-uc', 'id': 'x', 'fail': true}",
      "cannot complete 'x': asked to fail" },
};

static void check_failure(const FailCase *c, bool keyval)
{
    g_autofree char *before = objects_snapshot();
    g_autofree char *after = NULL;
    Object *keep = objects_get("keep");
    uint32_t keep_ref = keep->ref;
    int live = live_objects;
    Error *err = NULL;
    Object *obj;

    obj = keyval ? add_keyval(c->input, &err) : add_json(c->input, &err);
    if (obj || !err) {
        g_error("'%s' was accepted", c->input);
    }
    if (strcmp(error_get_pretty(err), c->error) != 0) {
        g_error("'%s' failed with \"%s\", expected \"%s\"", c->input,
                error_get_pretty(err), c->error);
    }
    error_free(err);
    after = objects_snapshot();
    g_assert_cmpstr(after, ==, before);
    g_assert_cmpint(live_objects, ==, live);     /* nothing leaked */
    g_assert_cmpuint(keep->ref, ==, keep_ref);   /* strong links undone */
    g_assert_true(objects_get("keep") == keep);
}

static void test_failures(void)
{
    Object *keep = add_keyval("test-uc,id=keep,data=k", &error_abort);
    Error *err = NULL;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(keyval_failures); i++) {
        check_failure(&keyval_failures[i], true);
    }
    for (i = 0; i < G_N_ELEMENTS(json_failures); i++) {
        check_failure(&json_failures[i], false);
    }

    /* The bad-id error carries QEMU's hint. */
    g_assert_null(add_keyval("test-uc,id=_x", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'id' expects an identifier");
    error_free(err);

    /* The survivor is untouched. */
    g_assert_cmpstr(TEST_UC(keep)->data, ==, "k");
    g_assert_cmpint(TEST_UC(keep)->completed, ==, 1);
    g_assert_true(user_creatable_del("keep", &error_abort));
}

static void test_add_type(void)
{
    g_autoptr(QDict) props = qdict_new();
    g_autoptr(QDict) bad = qdict_new();
    g_autofree char *before = objects_snapshot();
    g_autofree char *after = NULL;
    int live = live_objects;
    Error *err = NULL;
    Visitor *v;
    Object *obj;

    qdict_put_str(props, "data", "t");
    qdict_put_int(props, "size", 7);

    /* QEMU's own texts on this path. */
    v = qobject_input_visitor_new(QOBJECT(props));
    g_assert_null(user_creatable_add_type("nosuch", "t0", props, v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "invalid object type: nosuch");
    error_free(err);
    err = NULL;
    g_assert_null(user_creatable_add_type(TYPE_TEST_PLAIN, "t0", props, v,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object type 'test-plain' isn't supported by object-add");
    error_free(err);
    err = NULL;
    g_assert_null(user_creatable_add_type(TYPE_TEST_UC_ABSTRACT, "t0", props,
                                          v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object type 'test-uc-abstract' is abstract");
    error_free(err);
    err = NULL;
    g_assert_null(user_creatable_add_type(TYPE_TEST_UC, "0", props, v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'id' expects an identifier");
    error_free(err);
    err = NULL;
    visit_free(v);

    qdict_put_str(bad, "nope", "1");
    v = qobject_input_visitor_new(QOBJECT(bad));
    g_assert_null(user_creatable_add_type(TYPE_TEST_UC, "t0", bad, v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'test-uc.nope' not found");
    error_free(err);
    visit_free(v);
    after = objects_snapshot();
    g_assert_cmpstr(after, ==, before);
    g_assert_cmpint(live_objects, ==, live);

    v = qobject_input_visitor_new(QOBJECT(props));
    obj = user_creatable_add_type(TYPE_TEST_UC, "t0", props, v, &error_abort);
    visit_free(v);
    g_assert_true(objects_get("t0") == obj);
    g_assert_cmpuint(TEST_UC(obj)->size, ==, 7);
    g_assert_true(user_creatable_del("t0", &error_abort));

    /* Without an id the caller owns the object; nothing enters the tree. */
    v = qobject_input_visitor_new(QOBJECT(props));
    obj = user_creatable_add_type(TYPE_TEST_UC, NULL, props, v, &error_abort);
    visit_free(v);
    g_assert_nonnull(obj);
    g_assert_null(obj->parent);
    g_assert_cmpint(TEST_UC(obj)->completed, ==, 1);
    object_unref(obj);
    g_assert_cmpint(live_objects, ==, live);
}

static void test_del(void)
{
    Object *obj = add_keyval("test-uc,id=busy0,busy=on", &error_abort);
    Error *err = NULL;

    g_assert_false(user_creatable_del("nosuch", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "object 'nosuch' not found");
    error_free(err);
    err = NULL;
    g_assert_false(user_creatable_del("busy0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object 'busy0' is in use, can not be deleted");
    error_free(err);
    g_assert_true(objects_get("busy0") == obj);
    TEST_UC(obj)->busy = false;
    g_assert_true(user_creatable_del("busy0", &error_abort));
    g_assert_null(objects_get("busy0"));
}

static void test_new_with_props(void)
{
    Object *root = object_get_objects_root();
    g_autofree char *before = objects_snapshot();
    g_autofree char *after = NULL;
    int live = live_objects;
    Error *err = NULL;
    Object *obj;

    g_assert_null(object_new_with_props(TYPE_TEST_UC, root, "nwp", &err,
                                        "data", "a", "fail", "on", NULL));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot complete 'nwp': asked to fail");
    error_free(err);
    after = objects_snapshot();
    g_assert_cmpstr(after, ==, before);
    g_assert_cmpint(live_objects, ==, live);

    obj = object_new_with_props(TYPE_TEST_UC, root, "nwp", &error_abort,
                                "data", "a", "size", "9", NULL);
    g_assert_cmpint(TEST_UC(obj)->completed, ==, 1);
    g_assert_cmpuint(TEST_UC(obj)->size, ==, 9);
    g_assert_true(user_creatable_del("nwp", &error_abort));
}

/* ------------------------------------------------------------------ */
/* Help                                                                */

static void test_help_text(void)
{
    g_autofree char *types = user_creatable_help_types();
    g_autofree char *props = user_creatable_help_props(TYPE_TEST_UC);

    g_assert_true(g_str_has_prefix(types, "List of user creatable objects:\n"));
    g_assert_nonnull(strstr(types, "\n  test-uc\n  test-uc-sub\n"));
    g_assert_null(strstr(types, "test-uc-abstract"));
    g_assert_null(strstr(types, "test-plain"));
    g_assert_null(strstr(types, "container"));

    /* Writable class properties only, sorted. */
    g_assert_cmpstr(props, ==,
                    "test-uc options:\n"
                    "  busy=<bool>\n"
                    "  data=<string>          - The payload\n"
                    "  fail=<bool>\n"
                    "  mode=<TestMode>\n"
                    "  peer=<link<test-uc>>\n");
    g_assert_null(user_creatable_help_props(TYPE_TEST_PLAIN));
    g_assert_null(user_creatable_help_props("nosuch"));
}

static void test_print_help(void)
{
    if (g_test_subprocess()) {
        g_autoptr(QDict) opts = qdict_new();

        g_assert_false(user_creatable_print_help(TYPE_TEST_UC, NULL));
        g_assert_false(user_creatable_print_help(TYPE_TEST_UC, opts));
        qdict_put_str(opts, "help", "");
        g_assert_true(user_creatable_print_help(TYPE_TEST_UC_SUB, opts));
        g_assert_true(user_creatable_print_help("help", NULL));
        g_assert_false(user_creatable_print_help("nosuch", opts));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("test-uc-sub options:\n  busy=<bool>\n*"
                              "List of user creatable objects:\n*");
}

/*
 * Garbage: random keyval strings built from the pieces that matter. Each
 * must either create an object (then deleted) or fail with an error,
 * leaving /objects and the live count unchanged.
 */
static void test_garbage(void)
{
    static const char *const pieces[] = {
        "test-uc", "test-uc-sub", "test-plain", "nosuch", "id=", "id=g",
        "id=1", "data=", "data=x", "size=", "size=-1", "size=0x",
        "size=99999999999999999999", "fail=on", "fail=off", "fail=",
        "mode=fast", "mode=", "peer=", "peer=/", "peer=/objects",
        "peer=/objects/g", "peer=g", "busy=on", "kind=", "a.b=1", ",,",
        "x", "=", "help", "data.x=1", "size.0=1", "qom-type=test-uc",
    };
    GRand *rand = g_rand_new_with_seed(20261122);
    g_autofree char *before = objects_snapshot();
    int live = live_objects;
    int i, created = 0;

    for (i = 0; i < 3000; i++) {
        GString *params = g_string_new(NULL);
        int n = g_rand_int_range(rand, 1, 6);
        g_autoptr(QDict) dict = NULL;
        Error *err = NULL;
        Object *obj;
        int j;

        for (j = 0; j < n; j++) {
            g_string_append_printf(params, "%s%s", j ? "," : "",
                pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))]);
        }
        dict = keyval_parse(params->str, "qom-type", NULL, &err);
        if (!dict) {
            error_free(err);
            g_string_free(params, true);
            continue;
        }
        obj = user_creatable_add_dict(dict, true, &err);
        if (obj) {
            g_autofree char *id = object_get_canonical_path_component(obj);

            g_assert_null(err);
            g_assert_nonnull(id);
            TEST_UC(obj)->busy = false;
            g_assert_true(user_creatable_del(id, &error_abort));
            created++;
        } else {
            g_assert_nonnull(err);
            g_assert_cmpstr(error_get_pretty(err), !=, "");
            error_free(err);
        }
        g_string_free(params, true);
    }
    g_assert_cmpint(created, >, 0);
    {
        g_autofree char *after = objects_snapshot();

        g_assert_cmpstr(after, ==, before);
    }
    g_assert_cmpint(live_objects, ==, live);
    g_rand_free(rand);
}

static void test_print_class_properties(void)
{
    if (g_test_subprocess()) {
        g_assert_true(type_print_class_properties(TYPE_TEST_PLAIN));
        g_assert_true(type_print_class_properties(TYPE_TEST_UC));
        g_assert_false(type_print_class_properties("nosuch"));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("There are no options for test-plain.\n"
                              "test-uc options:\n  busy=<bool>\n*");
}

static void test_add_from_str(void)
{
    Error *err = NULL;
    Object *obj;

    g_assert_true(user_creatable_add_from_str("test-uc,id=fs0,size=3",
                                              &error_abort));
    obj = objects_get("fs0");
    g_assert_nonnull(obj);
    g_assert_cmpuint(TEST_UC(obj)->size, ==, 3);
    g_assert_true(user_creatable_del("fs0", &error_abort));

    g_assert_false(user_creatable_add_from_str("test-uc,id=fs1,nope=1",
                                               &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'nope' is unexpected");
    error_free(err);
    err = NULL;
    /* keyval's own errors come through. */
    g_assert_false(user_creatable_add_from_str("test-uc,id=a,data=x,"
                                               "data.y=1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameters 'data.*' used inconsistently");
    error_free(err);
    g_assert_null(objects_get("fs1"));
    g_assert_null(objects_get("a"));
}

static void test_add_from_str_help(void)
{
    if (g_test_subprocess()) {
        Error *err = NULL;

        g_assert_false(user_creatable_add_from_str("test-uc,help", &err));
        g_assert_null(err);
        fputs("--\n", stdout);
        g_assert_false(user_creatable_add_from_str("help", &err));
        g_assert_null(err);
        fputs("--\n", stdout);
        g_assert_false(user_creatable_add_from_str("nosuch,help", &err));
        g_assert_null(err);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("test-uc options:\n  busy=<bool>\n*"
                              "--\nList of user creatable objects:\n*"
                              "--\nList of user creatable objects:\n*");
}

static void test_process_cmdline(void)
{
    if (g_test_subprocess()) {
        user_creatable_process_cmdline("test-uc,id=pc0");
        g_assert_nonnull(objects_get("pc0"));
        user_creatable_process_cmdline("test-uc,id=pc0");
        g_assert_not_reached();
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*object 'pc0' already exists*");
}

static void test_process_cmdline_help(void)
{
    if (g_test_subprocess()) {
        user_creatable_process_cmdline("help");
        g_assert_not_reached();
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("List of user creatable objects:\n*");
}

static void test_id_wellformed(void)
{
    g_assert_true(id_wellformed("a"));
    g_assert_true(id_wellformed("sec0.key-1_x"));
    g_assert_false(id_wellformed(""));
    g_assert_false(id_wellformed("0a"));
    g_assert_false(id_wellformed("-a"));
    g_assert_false(id_wellformed("a b"));
    g_assert_false(id_wellformed("a,b"));
    g_assert_false(id_wellformed("a\xc3\xa9"));
    g_assert_false(id_wellformed(NULL));
}

static void test_cleanup(void)
{
    add_keyval("test-uc,id=c0", &error_abort);
    add_keyval("test-uc,id=c1", &error_abort);
    g_assert_cmpint(live_objects, ==, 2);
    user_creatable_cleanup();
    g_assert_cmpint(live_objects, ==, 0);
    /* /objects comes back empty on demand. */
    g_assert_null(objects_get("c0"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/user-creatable/add-keyval", test_add_keyval);
    g_test_add_func("/qom/user-creatable/add-json", test_add_json);
    g_test_add_func("/qom/user-creatable/add-subclass", test_add_subclass);
    g_test_add_func("/qom/user-creatable/dict-unmodified",
                    test_add_dict_unmodified);
    g_test_add_func("/qom/user-creatable/failures", test_failures);
    g_test_add_func("/qom/user-creatable/add-type", test_add_type);
    g_test_add_func("/qom/user-creatable/del", test_del);
    g_test_add_func("/qom/user-creatable/new-with-props",
                    test_new_with_props);
    g_test_add_func("/qom/user-creatable/garbage", test_garbage);
    g_test_add_func("/qom/user-creatable/help-text", test_help_text);
    g_test_add_func("/qom/user-creatable/print-help", test_print_help);
    g_test_add_func("/qom/user-creatable/print-class-properties",
                    test_print_class_properties);
    g_test_add_func("/qom/user-creatable/add-from-str", test_add_from_str);
    g_test_add_func("/qom/user-creatable/add-from-str-help",
                    test_add_from_str_help);
    g_test_add_func("/qom/user-creatable/process-cmdline",
                    test_process_cmdline);
    g_test_add_func("/qom/user-creatable/process-cmdline-help",
                    test_process_cmdline_help);
    g_test_add_func("/qom/user-creatable/id-wellformed", test_id_wellformed);
    g_test_add_func("/qom/user-creatable/cleanup", test_cleanup);

    return g_test_run();
}
