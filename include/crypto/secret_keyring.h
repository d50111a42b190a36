/*
 * The "secret_keyring" object: material read from a Linux kernel keyring
 * key (keyctl KEYCTL_READ) given by its serial number, which the calling
 * process must be allowed to read.
 *
 *   -object secret_keyring,id=sec0,serial=123456789
 */
#ifndef CRYPTO_SECRET_KEYRING_H
#define CRYPTO_SECRET_KEYRING_H

#include "crypto/secret_common.h"

#define TYPE_QCRYPTO_SECRET_KEYRING "secret_keyring"

typedef struct QCryptoSecretKeyring QCryptoSecretKeyring;
DECLARE_INSTANCE_CHECKER(QCryptoSecretKeyring, QCRYPTO_SECRET_KEYRING,
                         TYPE_QCRYPTO_SECRET_KEYRING)

struct QCryptoSecretKeyring {
    QCryptoSecretCommon parent_obj;
    int32_t serial;
};

#endif
