/*
 * nettle descriptors for the hash algorithms, shared by hash, HMAC, PBKDF2.
 */
#ifndef CRYPTO_HASH_PRIV_H
#define CRYPTO_HASH_PRIV_H

#include <nettle/nettle-meta.h>
#include "crypto/hash.h"

/* The nettle descriptor of @alg, or NULL with @errp set if invalid. */
const struct nettle_hash *qcrypto_hash_nettle(QCryptoHashAlgorithm alg,
                                              Error **errp);

/* @len bytes as lower-case hex, NUL terminated (digest output of both). */
char *qcrypto_hash_bytes_to_hex(const uint8_t *buf, size_t len);

#endif
