/*
 * Secrets: user-creatable objects that hold key material (passwords,
 * passphrases, keys), looked up by id by whoever needs one.
 *
 * The abstract type "secret_common" does the common work when the object
 * is completed: fetch the stored form from its subclass (the load_data
 * hook: inline data, a file, a kernel keyring key), optionally decrypt it
 * (keyid= names another secret holding a 32-byte AES-256 key, iv= is the
 * base64 16-byte IV, the input is AES-256-CBC with PKCS#7 padding) and
 * optionally base64-decode it (format=base64). The material is loaded
 * exactly once and wiped when the object is freed. It never appears in a
 * property value, a log or an error message.
 *
 * Properties: format (raw|base64, default raw), keyid, iv, loaded
 * (read-only in practice: true once the material is loaded).
 */
#ifndef CRYPTO_SECRET_COMMON_H
#define CRYPTO_SECRET_COMMON_H

#include "qom/object.h"
#include "qapi/util.h"
#include "qapi/qapi-types-crypto.h"     /* QCryptoSecretFormat */

#define TYPE_QCRYPTO_SECRET_COMMON "secret_common"

typedef struct QCryptoSecretCommon QCryptoSecretCommon;
typedef struct QCryptoSecretCommonClass QCryptoSecretCommonClass;
DECLARE_OBJ_CHECKERS(QCryptoSecretCommon, QCryptoSecretCommonClass,
                     QCRYPTO_SECRET_COMMON, TYPE_QCRYPTO_SECRET_COMMON)

struct QCryptoSecretCommon {
    Object parent_obj;
    uint8_t *rawdata;           /* the material, NULL until loaded */
    size_t rawlen;
    QCryptoSecretFormat format;
    char *keyid;
    char *iv;
};

struct QCryptoSecretCommonClass {
    ObjectClass parent_class;
    /*
     * Fetch the stored form of the material into a new buffer (*output,
     * *outputlen). The one hook a subclass provides.
     */
    bool (*load_data)(QCryptoSecretCommon *secret, uint8_t **output,
                      size_t *outputlen, Error **errp);
};

/*
 * The material of secret @secretid: a copy in *data (*datalen bytes, plus
 * a NUL that is not counted). Free it with qcrypto_wipe_free(*data,
 * *datalen). Returns 0, or -1 with @errp set ("No secret with id 'x'",
 * "Object with id 'x' is not a secret", "Secret with id 'x' has no
 * material").
 */
int qcrypto_secret_lookup(const char *secretid, uint8_t **data,
                          size_t *datalen, Error **errp);

/* The material as a NUL-terminated string; it must be valid UTF-8. */
char *qcrypto_secret_lookup_as_utf8(const char *secretid, Error **errp);

/* The material, base64-encoded. */
char *qcrypto_secret_lookup_as_base64(const char *secretid, Error **errp);

#endif
