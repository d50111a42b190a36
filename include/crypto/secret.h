/*
 * The "secret" object: material given inline (data=) or read from a file
 * (file=, the whole raw content, no newline stripping). Exactly one of
 * the two. See crypto/secret_common.h for format=, keyid=, iv=.
 *
 *   -object secret,id=sec0,data=letmein
 *   -object secret,id=sec0,file=/path/to/passphrase
 *   -object secret,id=sec0,data=<base64 ciphertext>,format=base64,
 *           keyid=master0,iv=<base64 IV>
 */
#ifndef CRYPTO_SECRET_H
#define CRYPTO_SECRET_H

#include "crypto/secret_common.h"

#define TYPE_QCRYPTO_SECRET "secret"

typedef struct QCryptoSecret QCryptoSecret;
DECLARE_INSTANCE_CHECKER(QCryptoSecret, QCRYPTO_SECRET, TYPE_QCRYPTO_SECRET)

struct QCryptoSecret {
    QCryptoSecretCommon parent_obj;
    char *data;     /* write-only property: never readable back */
    char *file;
};

#endif
