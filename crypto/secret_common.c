/*
 * The abstract "secret_common" type: load once, decrypt/decode, look up.
 * See include/crypto/secret_common.h.
 */
#include "qemu/osdep.h"
#include "qemu/base64.h"
#include "qemu/module.h"
#include "qom/object_interfaces.h"
#include "crypto/cipher.h"
#include "crypto/secret.h"
#include "crypto/secret_common.h"
#include "crypto/secret_keyring.h"
#include "crypto/wipe.h"

#define SECRET_MASTER_KEY_LEN 32
#define SECRET_IV_LEN 16
#define SECRET_BLOCK_LEN 16

static char *secret_id(QCryptoSecretCommon *secret)
{
    char *id = object_get_canonical_path_component(OBJECT(secret));

    return id ? id : g_strdup("(anonymous)");
}

/* AES-256-CBC with PKCS#7 padding, keyed by the secret named by keyid. */
static bool secret_decrypt(QCryptoSecretCommon *secret,
                           const uint8_t *input, size_t inputlen,
                           uint8_t **output, size_t *outputlen, Error **errp)
{
    g_autofree char *id = secret_id(secret);
    g_autofree uint8_t *iv = NULL;
    g_autoptr(QCryptoCipher) aes = NULL;
    uint8_t *key = NULL;
    uint8_t *plain = NULL;
    size_t keylen = 0, ivlen = 0, pad;
    bool ok = false;

    /* QEMU's order: the key first, then the IV. */
    if (qcrypto_secret_lookup(secret->keyid, &key, &keylen, errp) < 0) {
        return false;
    }
    if (keylen != SECRET_MASTER_KEY_LEN) {
        error_setg(errp, "Key from secret '%s' should be %d bytes in length "
                   "not %zu", secret->keyid, SECRET_MASTER_KEY_LEN, keylen);
        goto out;
    }
    if (!secret->iv) {
        error_setg(errp, "IV is required to decrypt secret '%s'", id);
        goto out;
    }
    iv = qbase64_decode(secret->iv, strlen(secret->iv), &ivlen, errp);
    if (!iv) {
        error_prepend(errp, "Invalid IV of secret '%s': ", id);
        goto out;
    }
    if (ivlen != SECRET_IV_LEN) {
        error_setg(errp, "IV should be %d bytes in length not %zu",
                   SECRET_IV_LEN, ivlen);
        goto out;
    }
    if (inputlen == 0 || inputlen % SECRET_BLOCK_LEN) {
        error_setg(errp, "Encrypted data of secret '%s' is %zu bytes, not a "
                   "non-zero multiple of %d", id, inputlen, SECRET_BLOCK_LEN);
        goto out;
    }
    aes = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_256,
                             QCRYPTO_CIPHER_MODE_CBC, key, keylen, errp);
    if (!aes || qcrypto_cipher_setiv(aes, iv, ivlen, errp) < 0) {
        goto out;
    }
    plain = g_malloc0(inputlen + 1);
    if (qcrypto_cipher_decrypt(aes, input, plain, inputlen, errp) < 0) {
        goto out;
    }
    /* PKCS#7: n bytes of value n, 1 <= n <= 16; a wrong key breaks it */
    pad = plain[inputlen - 1];
    for (size_t i = 0; i < pad && pad <= SECRET_BLOCK_LEN; i++) {
        if (plain[inputlen - 1 - i] != pad) {
            pad = 0;
        }
    }
    if (pad == 0 || pad > SECRET_BLOCK_LEN) {
        error_setg(errp, "Incorrect padding found on decrypted data of secret "
                   "'%s': wrong key in secret '%s' or corrupted data",
                   id, secret->keyid);
        goto out;
    }
    *outputlen = inputlen - pad;
    memset(plain + *outputlen, 0, pad);
    *output = plain;
    plain = NULL;
    ok = true;
out:
    qcrypto_wipe_free(key, keylen);
    qcrypto_wipe_free(plain, inputlen + 1);
    return ok;
}

static bool secret_decode(QCryptoSecretCommon *secret,
                          const uint8_t *input, size_t inputlen,
                          uint8_t **output, size_t *outputlen, Error **errp)
{
    uint8_t *out = qbase64_decode((const char *)input, inputlen, outputlen,
                                  errp);

    if (!out) {
        g_autofree char *id = secret_id(secret);

        error_prepend(errp, "Invalid base64 data in secret '%s': ", id);
        return false;
    }
    /* callers get a NUL after the material, as for the other forms */
    *output = g_malloc0(*outputlen + 1);
    memcpy(*output, out, *outputlen);
    qcrypto_wipe_free(out, *outputlen);
    return true;
}

static bool secret_load(QCryptoSecretCommon *secret, Error **errp)
{
    QCryptoSecretCommonClass *sc = QCRYPTO_SECRET_COMMON_GET_CLASS(secret);
    uint8_t *input = NULL, *output = NULL, *decoded = NULL;
    size_t inputlen = 0, outputlen = 0, decodedlen = 0;
    bool ok = false;

    if (!sc->load_data) {
        error_setg(errp, "Secret type '%s' cannot load material",
                   object_get_typename(OBJECT(secret)));
        return false;
    }
    if (!sc->load_data(secret, &input, &inputlen, errp)) {
        return false;
    }
    /* format applies to what is stored: the ciphertext when keyid is set */
    if (secret->format == QCRYPTO_SECRET_FORMAT_BASE64) {
        if (!secret_decode(secret, input, inputlen, &decoded, &decodedlen,
                           errp)) {
            goto out;
        }
    } else {
        decoded = input;
        decodedlen = inputlen;
        input = NULL;
    }
    if (secret->keyid) {
        if (!secret_decrypt(secret, decoded, decodedlen, &output, &outputlen,
                            errp)) {
            goto out;
        }
    } else {
        output = decoded;
        outputlen = decodedlen;
        decoded = NULL;
    }
    secret->rawdata = output;
    secret->rawlen = outputlen;
    ok = true;
out:
    qcrypto_wipe_free(input, inputlen);
    qcrypto_wipe_free(decoded, decodedlen);
    return ok;
}

static bool secret_check_unloaded(QCryptoSecretCommon *secret,
                                  const char *prop, Error **errp)
{
    if (secret->rawdata) {
        error_setg(errp, "Property '%s' cannot be changed after the secret is "
                   "loaded", prop);
        return false;
    }
    return true;
}

static bool secret_get_loaded(Object *obj, Error **errp)
{
    return QCRYPTO_SECRET_COMMON(obj)->rawdata != NULL;
}

static int secret_get_format(Object *obj, Error **errp)
{
    return QCRYPTO_SECRET_COMMON(obj)->format;
}

static void secret_set_format(Object *obj, int value, Error **errp)
{
    QCryptoSecretCommon *secret = QCRYPTO_SECRET_COMMON(obj);

    if (secret_check_unloaded(secret, "format", errp)) {
        secret->format = value;
    }
}

static char *secret_get_keyid(Object *obj, Error **errp)
{
    return g_strdup(QCRYPTO_SECRET_COMMON(obj)->keyid);
}

static void secret_set_keyid(Object *obj, const char *value, Error **errp)
{
    QCryptoSecretCommon *secret = QCRYPTO_SECRET_COMMON(obj);

    if (secret_check_unloaded(secret, "keyid", errp)) {
        g_free(secret->keyid);
        secret->keyid = g_strdup(value);
    }
}

static char *secret_get_iv(Object *obj, Error **errp)
{
    return g_strdup(QCRYPTO_SECRET_COMMON(obj)->iv);
}

static void secret_set_iv(Object *obj, const char *value, Error **errp)
{
    QCryptoSecretCommon *secret = QCRYPTO_SECRET_COMMON(obj);

    if (secret_check_unloaded(secret, "iv", errp)) {
        g_free(secret->iv);
        secret->iv = g_strdup(value);
    }
}

static void secret_complete(UserCreatable *uc, Error **errp)
{
    secret_load(QCRYPTO_SECRET_COMMON(uc), errp);
}

static void secret_finalize(Object *obj)
{
    QCryptoSecretCommon *secret = QCRYPTO_SECRET_COMMON(obj);

    /* +1: the material is followed by a NUL */
    qcrypto_wipe_free(secret->rawdata, secret->rawlen + 1);
    g_free(secret->keyid);
    g_free(secret->iv);
}

static void secret_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = secret_complete;
    /*
     * Read-only, as in QEMU 7.2: the material is loaded by complete(), so
     * "loaded=on" in -object is refused by the property, not obeyed.
     */
    object_class_property_add_bool(oc, "loaded", secret_get_loaded, NULL);
    object_class_property_add_enum(oc, "format", "QCryptoSecretFormat",
                                   &QCryptoSecretFormat_lookup,
                                   secret_get_format, secret_set_format);
    object_class_property_add_str(oc, "keyid", secret_get_keyid,
                                  secret_set_keyid);
    object_class_property_add_str(oc, "iv", secret_get_iv, secret_set_iv);
}

static QCryptoSecretCommon *secret_find(const char *secretid, Error **errp)
{
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                secretid);
    QCryptoSecretCommon *secret;

    if (!obj) {
        error_setg(errp, "No secret with id '%s'", secretid);
        return NULL;
    }
    secret = (QCryptoSecretCommon *)object_dynamic_cast(obj,
                                                        TYPE_QCRYPTO_SECRET_COMMON);
    if (!secret) {
        error_setg(errp, "Object with id '%s' is not a secret", secretid);
        return NULL;
    }
    if (!secret->rawdata) {
        error_setg(errp, "Secret with id '%s' has no material", secretid);
        return NULL;
    }
    return secret;
}

int qcrypto_secret_lookup(const char *secretid, uint8_t **data,
                          size_t *datalen, Error **errp)
{
    QCryptoSecretCommon *secret = secret_find(secretid, errp);

    if (!secret) {
        return -1;
    }
    *data = g_malloc0(secret->rawlen + 1);
    memcpy(*data, secret->rawdata, secret->rawlen);
    *datalen = secret->rawlen;
    return 0;
}

char *qcrypto_secret_lookup_as_utf8(const char *secretid, Error **errp)
{
    uint8_t *data;
    size_t datalen;

    if (qcrypto_secret_lookup(secretid, &data, &datalen, errp) < 0) {
        return NULL;
    }
    if (memchr(data, '\0', datalen) ||
        !g_utf8_validate((const char *)data, datalen, NULL)) {
        error_setg(errp, "Data from secret %s is not valid UTF-8", secretid);
        qcrypto_wipe_free(data, datalen);
        return NULL;
    }
    return (char *)data;
}

char *qcrypto_secret_lookup_as_base64(const char *secretid, Error **errp)
{
    uint8_t *data;
    size_t datalen;
    char *ret;

    if (qcrypto_secret_lookup(secretid, &data, &datalen, errp) < 0) {
        return NULL;
    }
    ret = qbase64_encode(data, datalen);
    qcrypto_wipe_free(data, datalen);
    return ret;
}

static const TypeInfo secret_common_info = {
    .name = TYPE_QCRYPTO_SECRET_COMMON,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(QCryptoSecretCommon),
    .instance_finalize = secret_finalize,
    .class_size = sizeof(QCryptoSecretCommonClass),
    .class_init = secret_class_init,
    .abstract = true,
    .interfaces = (InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { }
    },
};

extern const TypeInfo qcrypto_secret_info;
extern const TypeInfo qcrypto_secret_keyring_info;

/*
 * All secret types are registered here: this file is linked whenever
 * anything looks a secret up, and referencing the subclasses' TypeInfos
 * pulls their files out of the static library along with it.
 */
static void secret_register_types(void)
{
    type_register_static(&secret_common_info);
    type_register_static(&qcrypto_secret_info);
    type_register_static(&qcrypto_secret_keyring_info);
}

type_init(secret_register_types)
