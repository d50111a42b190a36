/*
 * Symmetric ciphers: AES-128/192/256, DES, 3DES, CAST5-128,
 * Serpent-128/192/256, Twofish-128/192/256 in ECB, CBC, CTR and XTS modes.
 *
 * Each (algorithm, mode) pair is served by the fastest correct backend:
 * gnutls for AES-XTS and AES-CBC (AES-NI accelerated, whole data units at
 * once), nettle for everything else.
 *
 * Modes:
 * - ECB: no IV.
 * - CBC: the IV set by qcrypto_cipher_setiv() chains across calls.
 * - CTR: the IV is the big-endian counter block; it advances across calls
 *   by whole blocks (lengths other than a block multiple end the stream).
 * - XTS: the key is the concatenation of the data key and the tweak key
 *   (twice the algorithm's key length); the IV is the tweak of one data
 *   unit. Each encrypt/decrypt call processes exactly one data unit (e.g.
 *   one disk sector), so set a new IV before every call.
 *
 * A QCryptoCipher holds chaining state: use it from one thread at a time.
 */
#ifndef CRYPTO_CIPHER_H
#define CRYPTO_CIPHER_H

#include "qemu/error.h"
#include "crypto/crypto-types.h"

typedef struct QCryptoCipher QCryptoCipher;
typedef struct QCryptoCipherDriver QCryptoCipherDriver;

struct QCryptoCipher {
    QCryptoCipherAlgorithm alg;
    QCryptoCipherMode mode;
    const QCryptoCipherDriver *driver;
};

typedef enum QCryptoCipherBackend {
    QCRYPTO_CIPHER_BACKEND_AUTO,    /* the fastest that supports the pair */
    QCRYPTO_CIPHER_BACKEND_NETTLE,
    QCRYPTO_CIPHER_BACKEND_GNUTLS,
} QCryptoCipherBackend;

/* Whether @alg in @mode is available at all. */
bool qcrypto_cipher_supports(QCryptoCipherAlgorithm alg, QCryptoCipherMode mode);

/* Block size of @alg in bytes (16 for AES), 0 for an invalid value. */
size_t qcrypto_cipher_get_block_len(QCryptoCipherAlgorithm alg);

/* Key size of @alg in bytes (one key; XTS takes twice this), 0 if invalid. */
size_t qcrypto_cipher_get_key_len(QCryptoCipherAlgorithm alg);

/* IV size for @alg in @mode: 0 for ECB, else the block size. */
size_t qcrypto_cipher_get_iv_len(QCryptoCipherAlgorithm alg,
                                 QCryptoCipherMode mode);

/*
 * Create a cipher keyed with @key (@nkey bytes: the algorithm's key length,
 * twice that for XTS). Returns NULL with @errp set for an unsupported pair
 * or a wrong key length.
 */
QCryptoCipher *qcrypto_cipher_new(QCryptoCipherAlgorithm alg,
                                  QCryptoCipherMode mode,
                                  const uint8_t *key, size_t nkey,
                                  Error **errp);

/* As qcrypto_cipher_new() but on a given backend (tests, benchmarks). */
QCryptoCipher *qcrypto_cipher_new_backend(QCryptoCipherBackend backend,
                                          QCryptoCipherAlgorithm alg,
                                          QCryptoCipherMode mode,
                                          const uint8_t *key, size_t nkey,
                                          Error **errp);

/* "nettle" or "gnutls": which backend serves @cipher. */
const char *qcrypto_cipher_backend_name(const QCryptoCipher *cipher);

/* Frees @cipher, wiping its key schedule. NULL is allowed. */
void qcrypto_cipher_free(QCryptoCipher *cipher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QCryptoCipher, qcrypto_cipher_free)

/*
 * Encrypt/decrypt @len bytes from @in to @out (which may be the same
 * buffer). @len must be a multiple of the block size except in CTR mode.
 * Return 0, or -1 with @errp set.
 */
int qcrypto_cipher_encrypt(QCryptoCipher *cipher, const void *in, void *out,
                           size_t len, Error **errp);
int qcrypto_cipher_decrypt(QCryptoCipher *cipher, const void *in, void *out,
                           size_t len, Error **errp);

/* Set the IV (@niv must equal qcrypto_cipher_get_iv_len()). 0 or -1. */
int qcrypto_cipher_setiv(QCryptoCipher *cipher, const uint8_t *iv, size_t niv,
                         Error **errp);

#endif
