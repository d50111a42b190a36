/*
 * Tests for the secret objects (crypto/secret*.c): every form of
 * -object secret / secret_keyring, the lookup API, and every creation
 * error with its message. The encrypted vectors were made independently
 * (AES-256-CBC, PKCS#7, key 00..1f, IV 00..0f).
 */
#include "qemu/osdep.h"
#include <sys/syscall.h>
#include <linux/keyctl.h>
#include <glib/gstdio.h>
#include "qom/object_interfaces.h"
#include "crypto/secret.h"
#include "crypto/secret_common.h"
#include "crypto/wipe.h"

#define MASTER_KEY_B64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define IV_B64 "AAECAwQFBgcICQoLDA0ODw=="

static char *tmpdir;

static void add(const char *str)
{
    g_assert_true(user_creatable_add_from_str(str, &error_abort));
}

static void del(const char *id)
{
    g_assert_true(user_creatable_del(id, &error_abort));
}

/* Creating from @str fails with @msg and leaves nothing behind. */
static void add_fails(const char *str, const char *id, const char *msg)
{
    Error *err = NULL;
    g_autofree char *missing = g_strdup_printf("No secret with id '%s'", id);

    g_assert_false(user_creatable_add_from_str(str, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
    err = NULL;
    g_assert_null(qcrypto_secret_lookup_as_utf8(id, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, missing);
    error_free(err);
}

static char *lookup_utf8(const char *id)
{
    return qcrypto_secret_lookup_as_utf8(id, &error_abort);
}

static void test_data_raw(void)
{
    g_autofree char *s = NULL;
    g_autofree char *b64 = NULL;
    uint8_t *data;
    size_t len;
    Object *obj;

    add("secret,id=s0,data=123456");
    s = lookup_utf8("s0");
    g_assert_cmpstr(s, ==, "123456");
    b64 = qcrypto_secret_lookup_as_base64("s0", &error_abort);
    g_assert_cmpstr(b64, ==, "MTIzNDU2");
    g_assert_cmpint(qcrypto_secret_lookup("s0", &data, &len, &error_abort), ==, 0);
    g_assert_cmpmem(data, len, "123456", 6);
    qcrypto_wipe_free(data, len);

    obj = object_resolve_path_component(object_get_objects_root(), "s0");
    g_assert_true(object_property_get_bool(obj, "loaded", &error_abort));
    /* the material cannot be read back through QOM */
    g_assert_null(object_property_get_str(obj, "data", NULL));
    g_assert_false(object_property_set_str(obj, "data", "changed", NULL));
    del("s0");
}

/* "data" set through QOM before completion: last value wins, exact errors. */
static void test_data_property(void)
{
    Object *obj = object_new(TYPE_QCRYPTO_SECRET);
    ObjectProperty *prop = object_property_find(obj, "data");
    Error *err = NULL;
    uint8_t *data;
    size_t len;

    g_assert_nonnull(prop);
    g_assert_cmpstr(prop->type, ==, "str");
    g_assert_null(prop->get);
    g_assert_true(object_property_set_str(obj, "data", "first", &error_abort));
    g_assert_true(object_property_set_str(obj, "data", "second",
                                          &error_abort));
    g_assert_nonnull(object_property_try_add_child(object_get_objects_root(),
                                                   "p0", obj, &error_abort));
    object_unref(obj);
    g_assert_true(user_creatable_complete(USER_CREATABLE(obj), &error_abort));
    g_assert_cmpint(qcrypto_secret_lookup("p0", &data, &len, &error_abort),
                    ==, 0);
    g_assert_cmpmem(data, len, "second", 6);
    qcrypto_wipe_free(data, len);
    g_assert_false(object_property_set_str(obj, "data", "third", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Property 'data' cannot be "
                    "changed after the secret is loaded");
    error_free(err);
    err = NULL;
    /* a wrong type is refused by the visitor, the secret is unchanged */
    g_assert_false(object_property_set_int(obj, "data", 7, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'data', expected: string");
    error_free(err);
    g_assert_cmpint(qcrypto_secret_lookup("p0", &data, &len, &error_abort),
                    ==, 0);
    g_assert_cmpmem(data, len, "second", 6);
    qcrypto_wipe_free(data, len);
    del("p0");
}

static void test_data_base64(void)
{
    g_autofree char *s = NULL;

    add("secret,id=s1,data=MTIzNDU2,format=base64");
    s = lookup_utf8("s1");
    g_assert_cmpstr(s, ==, "123456");
    del("s1");
}

static void test_file(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "pass.txt", NULL);
    g_autofree char *opt = g_strdup_printf("secret,id=f0,file=%s", path);
    g_autofree char *s = NULL;
    g_autofree char *bin_b64 = NULL;
    Error *err = NULL;

    /* the whole content, newline included */
    g_assert_true(g_file_set_contents(path, "letmein\n", -1, NULL));
    add(opt);
    s = lookup_utf8("f0");
    g_assert_cmpstr(s, ==, "letmein\n");
    del("f0");

    /* binary content: not UTF-8, fine as bytes and base64 */
    g_assert_true(g_file_set_contents(path, "\x00\x01\xfe\xff", 4, NULL));
    add(opt);
    g_assert_null(qcrypto_secret_lookup_as_utf8("f0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Data from secret f0 is not valid UTF-8");
    error_free(err);
    bin_b64 = qcrypto_secret_lookup_as_base64("f0", &error_abort);
    g_assert_cmpstr(bin_b64, ==, "AAH+/w==");
    del("f0");

    /* a large file, past the read buffer's first size */
    {
        g_autofree char *big = g_strnfill(100000, 'k');
        g_autofree char *got = NULL;

        g_assert_true(g_file_set_contents(path, big, -1, NULL));
        add(opt);
        got = lookup_utf8("f0");
        g_assert_cmpstr(got, ==, big);
        del("f0");
    }
    g_unlink(path);
}

static void test_keyid(void)
{
    g_autofree char *s = NULL;
    g_autofree char *s16 = NULL;

    add("secret,id=master,data=" MASTER_KEY_B64 ",format=base64");
    add("secret,id=e0,data=ZAETodKTx4svTYAmaIyeXg==,format=base64,"
        "keyid=master,iv=" IV_B64);
    s = lookup_utf8("e0");
    g_assert_cmpstr(s, ==, "123456");
    /* a whole block of plaintext gets a whole block of padding */
    add("secret,id=e1,data=4j/AuRx71kQlxVlzbpsMWEhewdanHmFZMjJdZQbsNwA=,"
        "format=base64,keyid=master,iv=" IV_B64);
    s16 = lookup_utf8("e1");
    g_assert_cmpstr(s16, ==, "0123456789abcdef");
    del("e0");
    del("e1");
    del("master");
}

static void test_errors(void)
{
    g_autofree char *missing = g_build_filename(tmpdir, "nope", NULL);
    g_autofree char *opt_missing = g_strdup_printf("secret,id=x,file=%s",
                                                   missing);
    g_autofree char *msg_missing = g_strdup_printf(
        "Unable to read %s: Failed to open file \u201c%s\u201d: No such file or "
        "directory", missing, missing);
    g_autofree char *opt_dir = g_strdup_printf("secret,id=x,file=%s", tmpdir);
    g_autofree char *msg_dir = g_strdup_printf(
        "Unable to read %s: Error reading file \u201c%s\u201d: Is a directory",
        tmpdir, tmpdir);
    g_autofree char *opt_both = g_strdup_printf("secret,id=x,data=a,file=%s",
                                                missing);

    add_fails(opt_missing, "x", msg_missing);
    add_fails(opt_dir, "x", msg_dir);
    add_fails(opt_both, "x", "'data' and 'file' are mutually exclusive");
    add_fails("secret,id=x", "x", "Either 'file' or 'data' must be provided");
    add_fails("secret,id=x,data=%%%%,format=base64", "x",
              "Invalid base64 data in secret 'x': Base64 data contains "
              "invalid characters");
    add_fails("secret,id=x,data=ZAETodKTx4svTYAmaIyeXg==,format=base64,"
              "keyid=nokey,iv=" IV_B64, "x", "No secret with id 'nokey'");

    add("secret,id=short,data=hello");
    add_fails("secret,id=x,data=ZAETodKTx4svTYAmaIyeXg==,format=base64,"
              "keyid=short,iv=" IV_B64, "x",
              "Key from secret 'short' should be 32 bytes in length not 5");
    del("short");

    add("secret,id=master,data=" MASTER_KEY_B64 ",format=base64");
    add_fails("secret,id=x,data=ZAETodKTx4svTYAmaIyeXg==,format=base64,"
              "keyid=master,iv=AAAA", "x",
              "IV should be 16 bytes in length not 3");
    add_fails("secret,id=x,data=ZAETodKTx4svTYAmaIyeXg==,format=base64,"
              "keyid=master", "x", "IV is required to decrypt secret 'x'");
    add_fails("secret,id=x,data=ZAETodKTx4svTYAmaIyeXg==,format=base64,"
              "keyid=master,iv=!!!!", "x",
              "Invalid IV of secret 'x': Base64 data contains invalid "
              "characters");
    /* encrypted under another key: the padding does not check out */
    add_fails("secret,id=x,data=JbT8KCBeIHVHRUs4mp3NXw==,format=base64,"
              "keyid=master,iv=" IV_B64, "x",
              "Incorrect padding found on decrypted data of secret 'x': "
              "wrong key in secret 'master' or corrupted data");
    add_fails("secret,id=x,data=aGVsbG8=,format=base64,keyid=master,iv="
              IV_B64, "x",
              "Encrypted data of secret 'x' is 5 bytes, not a non-zero "
              "multiple of 16");
    del("master");
}

static void test_lookup_errors(void)
{
    Error *err = NULL;
    uint8_t *data;
    size_t len;

    g_assert_cmpint(qcrypto_secret_lookup("ghost", &data, &len, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "No secret with id 'ghost'");
    error_free(err);
    err = NULL;
    g_assert_null(qcrypto_secret_lookup_as_base64("ghost", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "No secret with id 'ghost'");
    error_free(err);
}

static long add_user_key(const char *desc, const void *payload, size_t len)
{
    return syscall(SYS_add_key, "user", desc, payload, len,
                   KEY_SPEC_PROCESS_KEYRING);
}

static void test_keyring(void)
{
    long serial = add_user_key("qemu-test-secret", "keyring-pass", 12);
    g_autofree char *opt = NULL;
    g_autofree char *s = NULL;
    Error *err = NULL;

    if (serial < 0) {
        g_test_skip("the kernel keyring is not available here");
        return;
    }
    opt = g_strdup_printf("secret_keyring,id=k0,serial=%ld", serial);
    add(opt);
    s = lookup_utf8("k0");
    g_assert_cmpstr(s, ==, "keyring-pass");
    del("k0");

    /* with base64 and keyid like the plain secret */
    serial = add_user_key("qemu-test-enc", "ZAETodKTx4svTYAmaIyeXg==", 24);
    g_assert_cmpint(serial, >, 0);
    add("secret,id=master,data=" MASTER_KEY_B64 ",format=base64");
    g_free(opt);
    opt = g_strdup_printf("secret_keyring,id=k1,serial=%ld,format=base64,"
                          "keyid=master,iv=" IV_B64, serial);
    add(opt);
    g_free(s);
    s = lookup_utf8("k1");
    g_assert_cmpstr(s, ==, "123456");
    del("k1");
    del("master");

    g_assert_false(user_creatable_add_from_str("secret_keyring,id=k2,serial=1",
                                               &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err),
                                   "Unable to read serial key 00000001: "));
    error_free(err);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tmpdir = g_dir_make_tmp("qemu-secret-XXXXXX", NULL);
    g_test_add_func("/crypto/secret/data/raw", test_data_raw);
    g_test_add_func("/crypto/secret/data/base64", test_data_base64);
    g_test_add_func("/crypto/secret/data/property", test_data_property);
    g_test_add_func("/crypto/secret/file", test_file);
    g_test_add_func("/crypto/secret/keyid", test_keyid);
    g_test_add_func("/crypto/secret/errors", test_errors);
    g_test_add_func("/crypto/secret/lookup-errors", test_lookup_errors);
    g_test_add_func("/crypto/secret/keyring", test_keyring);
    ret = g_test_run();
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
