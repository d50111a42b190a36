/*
 * HMAC (RFC 2104) over the hash algorithms of crypto/hash.h.
 *
 * Each bytes/digest call computes the MAC of exactly the data given
 * to it; the key stays set, so one QCryptoHmac can MAC many messages.
 * Result convention as in crypto/hash.h.
 */
#ifndef CRYPTO_HMAC_H
#define CRYPTO_HMAC_H

#include <sys/uio.h>
#include "qemu/error.h"
#include "crypto/crypto-types.h"

typedef struct QCryptoHmac QCryptoHmac;

bool qcrypto_hmac_supports(QCryptoHashAlgorithm alg);

/* A MAC keyed with @key; NULL with @errp set for an invalid algorithm. */
QCryptoHmac *qcrypto_hmac_new(QCryptoHashAlgorithm alg, const uint8_t *key,
                              size_t nkey, Error **errp);

/* Frees @hmac and wipes its keyed state. NULL is allowed. */
void qcrypto_hmac_free(QCryptoHmac *hmac);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QCryptoHmac, qcrypto_hmac_free)

int qcrypto_hmac_bytesv(QCryptoHmac *hmac, const struct iovec *iov,
                        size_t niov, uint8_t **result, size_t *resultlen,
                        Error **errp);
int qcrypto_hmac_bytes(QCryptoHmac *hmac, const char *buf, size_t len,
                       uint8_t **result, size_t *resultlen, Error **errp);

/* The MAC as lower-case hex in a new string. */
int qcrypto_hmac_digestv(QCryptoHmac *hmac, const struct iovec *iov,
                         size_t niov, char **digest, Error **errp);
int qcrypto_hmac_digest(QCryptoHmac *hmac, const char *buf, size_t len,
                        char **digest, Error **errp);

#endif
