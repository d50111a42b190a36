/*
 * Message digests: md5, sha1, sha224, sha256, sha384, sha512, ripemd160.
 *
 * Result convention (as real QEMU): if *resultlen is 0 on entry, *result
 * is allocated (g_free it) and *resultlen set; otherwise *resultlen must be
 * the digest length and the digest is written to the caller's *result.
 */
#ifndef CRYPTO_HASH_H
#define CRYPTO_HASH_H

#include <sys/uio.h>
#include "qemu/error.h"
#include "crypto/crypto-types.h"

#define QCRYPTO_HASH_MAX_DIGEST_LEN 64

bool qcrypto_hash_supports(QCryptoHashAlgorithm alg);

/* Digest length in bytes, 0 for an invalid algorithm. */
size_t qcrypto_hash_digest_len(QCryptoHashAlgorithm alg);

int qcrypto_hash_bytesv(QCryptoHashAlgorithm alg, const struct iovec *iov,
                        size_t niov, uint8_t **result, size_t *resultlen,
                        Error **errp);
int qcrypto_hash_bytes(QCryptoHashAlgorithm alg, const char *buf, size_t len,
                       uint8_t **result, size_t *resultlen, Error **errp);

/* The digest as lower-case hex in a new string (*digest, g_free it). */
int qcrypto_hash_digestv(QCryptoHashAlgorithm alg, const struct iovec *iov,
                         size_t niov, char **digest, Error **errp);
int qcrypto_hash_digest(QCryptoHashAlgorithm alg, const char *buf, size_t len,
                        char **digest, Error **errp);

/* The digest as base64 in a new string (*base64, g_free it). */
int qcrypto_hash_base64v(QCryptoHashAlgorithm alg, const struct iovec *iov,
                         size_t niov, char **base64, Error **errp);
int qcrypto_hash_base64(QCryptoHashAlgorithm alg, const char *buf, size_t len,
                        char **base64, Error **errp);

#endif
