/*
 * The crypto options as generated QAPI types (qapi/crypto.json,
 * qapi/qom.json): -object / object-add go keyval or JSON -> ObjectOptions
 * -> user_creatable_add_qapi(); the LUKS -o options go QDict ->
 * QCryptoBlockCreateOptions / QCryptoBlockAmendOptions. Error texts are
 * those real QEMU 7.2 prints (checked with its qemu-img --object).
 */
#include "qemu/osdep.h"
#include "qemu/keyval.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/qapi-visit-qom.h"
#include "qapi/qapi-visit-crypto.h"
#include "qom/object_interfaces.h"
#include "crypto/secret.h"
#include "crypto/secret_common.h"
#include "crypto/secret_keyring.h"
#include "block/block_int.h"

/* ---- helpers ---- */

static ObjectOptions *options_from_keyval(const char *str, Error **errp)
{
    g_autoptr(QDict) dict = keyval_parse(str, "qom-type", NULL, errp);
    ObjectOptions *options = NULL;
    Visitor *v;

    if (!dict) {
        return NULL;
    }
    v = qobject_input_visitor_new_keyval(QOBJECT(dict));
    visit_type_ObjectOptions(v, NULL, &options, errp);
    visit_free(v);
    return options;
}

static ObjectOptions *options_from_json(const char *json, Error **errp)
{
    g_autoptr(QObject) obj = qobject_from_json(json, &error_abort);
    ObjectOptions *options = NULL;
    Visitor *v = qobject_input_visitor_new(obj);

    visit_type_ObjectOptions(v, NULL, &options, errp);
    visit_free(v);
    return options;
}

/* The JSON text of @options (the output visitor's member order). */
static char *options_to_json(ObjectOptions *options)
{
    QObject *obj = NULL;
    Visitor *v = qobject_output_visitor_new(&obj);
    GString *json;

    visit_type_ObjectOptions(v, NULL, &options, &error_abort);
    visit_complete(v, &obj);
    visit_free(v);
    json = qobject_to_json(obj);
    qobject_unref(obj);
    return g_string_free(json, false);
}

static void assert_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static Object *objects_get(const char *id)
{
    return object_resolve_path_component(object_get_objects_root(), id);
}

/* ---- the enums are the generated ones ---- */

static void test_enums(void)
{
    g_assert_cmpint(QCryptoCipherAlgorithm_lookup.size, ==,
                    QCRYPTO_CIPHER_ALG__MAX);
    g_assert_cmpstr(QCryptoCipherAlgorithm_str(QCRYPTO_CIPHER_ALG_AES_256),
                    ==, "aes-256");
    g_assert_cmpstr(qcrypto_cipher_alg_str(QCRYPTO_CIPHER_ALG_TWOFISH_256),
                    ==, "twofish-256");
    g_assert_cmpstr(qcrypto_cipher_mode_str(QCRYPTO_CIPHER_MODE_XTS), ==,
                    QCryptoCipherMode_str(QCRYPTO_CIPHER_MODE_XTS));
    g_assert_cmpstr(qcrypto_hash_alg_str(QCRYPTO_HASH_ALG_RIPEMD160), ==,
                    "ripemd160");
    g_assert_cmpstr(qcrypto_ivgen_alg_str(QCRYPTO_IVGEN_ALG_PLAIN64), ==,
                    "plain64");
    g_assert_cmpstr(qcrypto_block_format_str(QCRYPTO_BLOCK_FORMAT_LUKS), ==,
                    "luks");
    g_assert_cmpstr(QCryptoSecretFormat_str(QCRYPTO_SECRET_FORMAT_BASE64),
                    ==, "base64");
    g_assert_cmpstr(QCryptoBlockLUKSKeyslotState_str(
                        QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_INACTIVE), ==,
                    "inactive");
    /* out of range: NULL, not an abort */
    g_assert_null(qcrypto_cipher_alg_str(QCRYPTO_CIPHER_ALG__MAX));
    g_assert_null(qcrypto_hash_alg_str(-1));
    g_assert_cmpint(qcrypto_ivgen_alg_parse("essiv", &error_abort), ==,
                    QCRYPTO_IVGEN_ALG_ESSIV);
}

/* ---- ObjectOptions ---- */

/* Every type -object can create has its ObjectType (and so its schema). */
static void test_object_types_complete(void)
{
    GSList *list = object_class_get_list(TYPE_USER_CREATABLE, false);
    int n = 0;

    for (GSList *l = list; l; l = l->next) {
        const char *name = object_class_get_name(l->data);

        g_assert_cmpint(qapi_enum_parse(&ObjectType_lookup, name, -1, NULL),
                        >=, 0);
        n++;
    }
    g_slist_free(list);
    g_assert_cmpint(n, ==, ObjectType_lookup.size);
    g_assert_nonnull(object_class_by_name(TYPE_QCRYPTO_SECRET));
    g_assert_nonnull(object_class_by_name(TYPE_QCRYPTO_SECRET_KEYRING));
}

/* The same object from a keyval string and from a JSON object-add. */
static void test_keyval_equals_json(void)
{
    g_autoptr(ObjectOptions) kv = options_from_keyval(
        "secret,id=s0,data=aHVudGVyMg==,format=base64", &error_abort);
    g_autoptr(ObjectOptions) js = options_from_json(
        "{'qom-type': 'secret', 'id': 's0', 'data': 'aHVudGVyMg==', "
        "'format': 'base64'}", &error_abort);
    g_autofree char *kv_json = options_to_json(kv);
    g_autofree char *js_json = options_to_json(js);
    g_autofree char *s0 = NULL, *s1 = NULL;
    Object *obj;

    /* the struct the code consumes */
    g_assert_cmpint(kv->qom_type, ==, OBJECT_TYPE_SECRET);
    g_assert_cmpstr(kv->id, ==, "s0");
    g_assert_true(kv->u.secret.has_data);
    g_assert_cmpstr(kv->u.secret.data, ==, "aHVudGVyMg==");
    g_assert_true(kv->u.secret.has_format);
    g_assert_cmpint(kv->u.secret.format, ==, QCRYPTO_SECRET_FORMAT_BASE64);
    g_assert_false(kv->u.secret.has_file);
    g_assert_false(kv->u.secret.has_keyid);
    g_assert_cmpstr(kv_json, ==, js_json);

    /* both create the same object */
    obj = user_creatable_add_qapi(kv, &error_abort);
    g_assert_true(objects_get("s0") == obj);
    s0 = qcrypto_secret_lookup_as_utf8("s0", &error_abort);
    g_free(js->id);
    js->id = g_strdup("s1");
    g_assert_nonnull(user_creatable_add_qapi(js, &error_abort));
    s1 = qcrypto_secret_lookup_as_utf8("s1", &error_abort);
    g_assert_cmpstr(s0, ==, "hunter2");
    g_assert_cmpstr(s1, ==, s0);
    g_assert_cmpint(object_property_get_enum(obj, "format",
                                             "QCryptoSecretFormat",
                                             &error_abort), ==,
                    QCRYPTO_SECRET_FORMAT_BASE64);
    g_assert_true(user_creatable_del("s0", &error_abort));
    g_assert_true(user_creatable_del("s1", &error_abort));
}

/* The entry points all come down to ObjectOptions. */
static void test_entry_points(void)
{
    ObjectOptions opts = {
        .qom_type = OBJECT_TYPE_SECRET,
        .id = (char *)"c0",
        .u.secret = { .has_data = true, .data = (char *)"from C" },
    };
    g_autoptr(QObject) json = qobject_from_json(
        "{'qom-type': 'secret', 'id': 'j0', 'data': 'from JSON'}",
        &error_abort);
    g_autofree char *c0 = NULL, *j0 = NULL, *k0 = NULL;

    g_assert_nonnull(user_creatable_add_qapi(&opts, &error_abort));
    g_assert_nonnull(user_creatable_add_dict(qobject_to(QDict, json), false,
                                             &error_abort));
    g_assert_true(user_creatable_add_from_str("secret,id=k0,data=from keyval",
                                              &error_abort));
    /* --object takes JSON too, as real qemu-img 7.2 does */
    g_assert_true(user_creatable_add_from_str(
                      "{\"qom-type\": \"secret\", \"id\": \"o0\", "
                      "\"data\": \"from --object JSON\"}", &error_abort));
    g_assert_true(user_creatable_del("o0", &error_abort));
    c0 = qcrypto_secret_lookup_as_utf8("c0", &error_abort);
    j0 = qcrypto_secret_lookup_as_utf8("j0", &error_abort);
    k0 = qcrypto_secret_lookup_as_utf8("k0", &error_abort);
    g_assert_cmpstr(c0, ==, "from C");
    g_assert_cmpstr(j0, ==, "from JSON");
    g_assert_cmpstr(k0, ==, "from keyval");
    g_assert_true(user_creatable_del("c0", &error_abort));
    g_assert_true(user_creatable_del("j0", &error_abort));
    g_assert_true(user_creatable_del("k0", &error_abort));
}

typedef struct ErrorCase {
    const char *input;      /* keyval, or JSON when it starts with '{' */
    const char *error;
} ErrorCase;

/* Each as real qemu-img 7.2 --object prints it. */
static const ErrorCase object_errors[] = {
    { "secret,id=s", "Either 'file' or 'data' must be provided" },
    { "secret,data=x", "Parameter 'id' is missing" },
    { "id=x", "Parameter 'qom-type' is missing" },
    { "nope,id=s", "Parameter 'qom-type' does not accept value 'nope'" },
    { "secret_common,id=x",
      "Parameter 'qom-type' does not accept value 'secret_common'" },
    { "secret,id=s,data=x,bogus=1", "Parameter 'bogus' is unexpected" },
    { "secret,id=s,data=x,format=hex",
      "Parameter 'format' does not accept value 'hex'" },
    { "secret,id=s,data=x,format=",
      "Parameter 'format' does not accept value ''" },
    { "secret,id=s,data=x,loaded=maybe",
      "Parameter 'loaded' expects 'on' or 'off'" },
    { "secret,id=s,data=x,loaded=on",
      "Property 'secret.loaded' is not writable" },
    { "secret,id=s,data.x=1", "Parameters 'data.*' are unexpected" },
    { "secret,id=1bad,data=x", "Parameter 'id' expects an identifier" },
    { "secret,id=s,data=x,keyid=", "No secret with id ''" },
    { "secret,id=s,file=", "Unable to read : Failed to open file \u201c\u201d: "
      "No such file or directory" },
    { "secret_keyring,id=k", "Parameter 'serial' is missing" },
    { "secret_keyring,id=k,serial=abc", "Parameter 'serial' expects integer" },
    { "secret_keyring,id=k,serial=99999999999",
      "Parameter 'serial' expects int32_t" },
    { "secret_keyring,id=k,serial=1,data=x", "Parameter 'data' is unexpected" },
    { "{'qom-type': 'secret', 'id': 's', 'data': 1}",
      "Invalid parameter type for 'data', expected: string" },
    { "{'qom-type': 'secret', 'id': 's', 'data': 'x', 'bogus': 1}",
      "Parameter 'bogus' is unexpected" },
    { "{'qom-type': 'secret_keyring', 'id': 's', 'serial': '1'}",
      "Invalid parameter type for 'serial', expected: integer" },
    { "{'qom-type': 'secret', 'id': 's', 'data': 'x', 'loaded': 'on'}",
      "Invalid parameter type for 'loaded', expected: boolean" },
    { "{'qom-type': 1, 'id': 's'}",
      "Invalid parameter type for 'qom-type', expected: string" },
};

static void test_object_errors(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(object_errors); i++) {
        const ErrorCase *c = &object_errors[i];
        Error *err = NULL;

        if (c->input[0] == '{') {
            g_autoptr(QObject) obj = qobject_from_json(c->input, &error_abort);

            g_assert_null(user_creatable_add_dict(qobject_to(QDict, obj),
                                                  false, &err));
            assert_error(err, c->error);
            err = NULL;
        }
        /* keyval, or JSON through --object's string */
        g_assert_false(user_creatable_add_from_str(c->input, &err));
        if (!err || strcmp(error_get_pretty(err), c->error)) {
            g_test_message("input: %s", c->input);
        }
        assert_error(err, c->error);
        /* nothing left behind */
        g_assert_null(objects_get("s"));
        g_assert_null(objects_get("k"));
        g_assert_null(objects_get("x"));
    }
}

/* ---- LUKS create / amend options ---- */

/* A flat dict of strings with dotted keys, as -o gives the drivers. */
static QDict *dict_of(const char *opts)
{
    g_auto(GStrv) pairs = g_strsplit(opts, ",", -1);
    QDict *d = qdict_new();

    for (char **p = pairs; *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        qdict_put_str(d, kv[0], kv[1]);
    }
    return d;
}

static void test_luks_create_opts(void)
{
    g_autoptr(QDict) d = dict_of("size=1M,key-secret=sec0,cipher-alg=aes-128,"
                                 "cipher-mode=cbc,ivgen-alg=essiv,"
                                 "ivgen-hash-alg=sha1,hash-alg=sha512,"
                                 "iter-time=0x10,preallocation=off");
    g_autoptr(QDict) q = dict_of("encrypt.format=luks,encrypt.key-secret=s1,"
                                 "encrypt.iter-time=10,cipher-alg=bogus");
    g_autoptr(QCryptoBlockCreateOptions) co = NULL;
    QCryptoBlockCreateOptionsLUKS *l;

    co = block_crypto_create_opts_init(d, "", &error_abort);
    g_assert_cmpint(co->format, ==, QCRYPTO_BLOCK_FORMAT_LUKS);
    l = &co->u.luks;
    g_assert_true(l->has_key_secret);
    g_assert_cmpstr(l->key_secret, ==, "sec0");
    g_assert_true(l->has_cipher_alg);
    g_assert_cmpint(l->cipher_alg, ==, QCRYPTO_CIPHER_ALG_AES_128);
    g_assert_cmpint(l->cipher_mode, ==, QCRYPTO_CIPHER_MODE_CBC);
    g_assert_cmpint(l->ivgen_alg, ==, QCRYPTO_IVGEN_ALG_ESSIV);
    g_assert_cmpint(l->ivgen_hash_alg, ==, QCRYPTO_HASH_ALG_SHA1);
    g_assert_cmpint(l->hash_alg, ==, QCRYPTO_HASH_ALG_SHA512);
    g_assert_true(l->has_iter_time);
    g_assert_cmpint(l->iter_time, ==, 16);
    qapi_free_QCryptoBlockCreateOptions(g_steal_pointer(&co));

    /* qcow2's encrypt.*: only the prefixed keys count */
    co = block_crypto_create_opts_init(q, "encrypt.", &error_abort);
    l = &co->u.luks;
    g_assert_cmpstr(l->key_secret, ==, "s1");
    g_assert_false(l->has_cipher_alg);
    g_assert_false(l->has_hash_alg);
    g_assert_cmpint(l->iter_time, ==, 10);
}

static const struct {
    const char *opts, *prefix, *error;
} luks_create_errors[] = {
    { "cipher-alg=aes-999", "",
      "Parameter 'cipher-alg' does not accept value 'aes-999'" },
    { "cipher-mode=gcm", "", "Parameter 'cipher-mode' does not accept value "
      "'gcm'" },
    { "ivgen-alg=foo", "", "Parameter 'ivgen-alg' does not accept value "
      "'foo'" },
    { "ivgen-hash-alg=md9", "", "Parameter 'ivgen-hash-alg' does not accept "
      "value 'md9'" },
    { "hash-alg=md9", "", "Parameter 'hash-alg' does not accept value 'md9'" },
    { "iter-time=abc", "", "Parameter 'iter-time' expects a number" },
    /* qcow2: numbers by their full name, the rest bare (as QEMU) */
    { "encrypt.iter-time=abc", "encrypt.",
      "Parameter 'encrypt.iter-time' expects a number" },
    { "encrypt.cipher-alg=foo", "encrypt.",
      "Parameter 'cipher-alg' does not accept value 'foo'" },
    /* numbers are checked before the rest, as QemuOpts does first */
    { "cipher-alg=foo,iter-time=x", "",
      "Parameter 'iter-time' expects a number" },
};

static void test_luks_create_errors(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(luks_create_errors); i++) {
        g_autoptr(QDict) d = dict_of(luks_create_errors[i].opts);
        Error *err = NULL;

        g_assert_null(block_crypto_create_opts_init(
                          d, luks_create_errors[i].prefix, &err));
        assert_error(err, luks_create_errors[i].error);
    }
}

static void test_luks_amend_opts(void)
{
    g_autoptr(QDict) d = dict_of("encrypt.state=inactive,encrypt.keyslot=010,"
                                 "encrypt.old-secret=old,size=1");
    g_autoptr(QDict) add = dict_of("state=active,new-secret=new,"
                                   "iter-time=5");
    g_autoptr(QDict) bad = NULL;
    g_autoptr(QCryptoBlockAmendOptions) ao = NULL;
    Error *err = NULL;

    ao = block_crypto_amend_opts_init(d, "encrypt.", &error_abort);
    g_assert_cmpint(ao->format, ==, QCRYPTO_BLOCK_FORMAT_LUKS);
    g_assert_cmpint(ao->u.luks.state, ==,
                    QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_INACTIVE);
    g_assert_true(ao->u.luks.has_keyslot);
    g_assert_cmpint(ao->u.luks.keyslot, ==, 8);     /* octal, as QEMU */
    g_assert_cmpstr(ao->u.luks.old_secret, ==, "old");
    g_assert_false(ao->u.luks.has_new_secret);
    qapi_free_QCryptoBlockAmendOptions(g_steal_pointer(&ao));

    ao = block_crypto_amend_opts_init(add, "", &error_abort);
    g_assert_cmpint(ao->u.luks.state, ==,
                    QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_ACTIVE);
    g_assert_cmpstr(ao->u.luks.new_secret, ==, "new");
    g_assert_cmpint(ao->u.luks.iter_time, ==, 5);
    g_assert_false(ao->u.luks.has_keyslot);

    /* the errors real qemu-img amend prints, qcow2 and luks alike */
    bad = dict_of("encrypt.new-secret=s1");
    g_assert_null(block_crypto_amend_opts_init(bad, "encrypt.", &err));
    assert_error(err, "Parameter 'state' is missing");
    err = NULL;
    qobject_unref(bad);
    bad = dict_of("state=broken");
    g_assert_null(block_crypto_amend_opts_init(bad, "", &err));
    assert_error(err, "Parameter 'state' does not accept value 'broken'");
    err = NULL;
    qobject_unref(bad);
    bad = dict_of("encrypt.state=active,encrypt.keyslot=abc");
    g_assert_null(block_crypto_amend_opts_init(bad, "encrypt.", &err));
    assert_error(err, "Parameter 'encrypt.keyslot' expects a number");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/crypto/qapi/enums", test_enums);
    g_test_add_func("/crypto/qapi/object/types-complete",
                    test_object_types_complete);
    g_test_add_func("/crypto/qapi/object/keyval-equals-json",
                    test_keyval_equals_json);
    g_test_add_func("/crypto/qapi/object/entry-points", test_entry_points);
    g_test_add_func("/crypto/qapi/object/errors", test_object_errors);
    g_test_add_func("/crypto/qapi/luks/create-opts", test_luks_create_opts);
    g_test_add_func("/crypto/qapi/luks/create-errors",
                    test_luks_create_errors);
    g_test_add_func("/crypto/qapi/luks/amend-opts", test_luks_amend_opts);
    return g_test_run();
}
