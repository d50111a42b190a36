/*
 * The cipher backend interface: one vtable per backend, one constructor
 * per backend that returns NULL (without error) when it does not handle
 * the requested (algorithm, mode) pair.
 */
#ifndef CRYPTO_CIPHER_PRIV_H
#define CRYPTO_CIPHER_PRIV_H

#include "crypto/cipher.h"

struct QCryptoCipherDriver {
    const char *name;
    /* @len is already checked against the block size */
    int (*encrypt)(QCryptoCipher *cipher, const void *in, void *out,
                   size_t len, Error **errp);
    int (*decrypt)(QCryptoCipher *cipher, const void *in, void *out,
                   size_t len, Error **errp);
    /* @niv is already checked */
    int (*setiv)(QCryptoCipher *cipher, const uint8_t *iv, size_t niv,
                 Error **errp);
    void (*free)(QCryptoCipher *cipher);
};

/*
 * Constructors. @key/@nkey are already validated for the pair. They return
 * NULL without touching @errp if the backend lacks the pair, or NULL with
 * @errp set if it has the pair but keying failed.
 */
bool qcrypto_cipher_nettle_supports(QCryptoCipherAlgorithm alg,
                                    QCryptoCipherMode mode);
QCryptoCipher *qcrypto_cipher_nettle_new(QCryptoCipherAlgorithm alg,
                                         QCryptoCipherMode mode,
                                         const uint8_t *key, size_t nkey,
                                         Error **errp);
bool qcrypto_cipher_gnutls_supports(QCryptoCipherAlgorithm alg,
                                    QCryptoCipherMode mode);
QCryptoCipher *qcrypto_cipher_gnutls_new(QCryptoCipherAlgorithm alg,
                                         QCryptoCipherMode mode,
                                         const uint8_t *key, size_t nkey,
                                         Error **errp);

#endif
