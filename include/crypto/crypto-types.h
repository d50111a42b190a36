/*
 * The algorithm enums of the crypto subsystem.
 *
 * Names, values and order follow the enums of real QEMU's qapi/crypto.json
 * (QCryptoCipherAlgorithm, QCryptoCipherMode, QCryptoHashAlgorithm,
 * QCryptoIVGenAlgorithm, QCryptoBlockFormat), so that once the schema is
 * generated this header can simply include the generated types instead.
 * The string names are the QAPI wire names ("aes-256", "xts", "plain64").
 */
#ifndef CRYPTO_CRYPTO_TYPES_H
#define CRYPTO_CRYPTO_TYPES_H

#include "qemu/error.h"

typedef enum QCryptoCipherAlgorithm {
    QCRYPTO_CIPHER_ALG_AES_128,
    QCRYPTO_CIPHER_ALG_AES_192,
    QCRYPTO_CIPHER_ALG_AES_256,
    QCRYPTO_CIPHER_ALG_DES,
    QCRYPTO_CIPHER_ALG_3DES,
    QCRYPTO_CIPHER_ALG_CAST5_128,
    QCRYPTO_CIPHER_ALG_SERPENT_128,
    QCRYPTO_CIPHER_ALG_SERPENT_192,
    QCRYPTO_CIPHER_ALG_SERPENT_256,
    QCRYPTO_CIPHER_ALG_TWOFISH_128,
    QCRYPTO_CIPHER_ALG_TWOFISH_192,
    QCRYPTO_CIPHER_ALG_TWOFISH_256,
    QCRYPTO_CIPHER_ALG__MAX,
} QCryptoCipherAlgorithm;

typedef enum QCryptoCipherMode {
    QCRYPTO_CIPHER_MODE_ECB,
    QCRYPTO_CIPHER_MODE_CBC,
    QCRYPTO_CIPHER_MODE_XTS,
    QCRYPTO_CIPHER_MODE_CTR,
    QCRYPTO_CIPHER_MODE__MAX,
} QCryptoCipherMode;

typedef enum QCryptoHashAlgorithm {
    QCRYPTO_HASH_ALG_MD5,
    QCRYPTO_HASH_ALG_SHA1,
    QCRYPTO_HASH_ALG_SHA224,
    QCRYPTO_HASH_ALG_SHA256,
    QCRYPTO_HASH_ALG_SHA384,
    QCRYPTO_HASH_ALG_SHA512,
    QCRYPTO_HASH_ALG_RIPEMD160,
    QCRYPTO_HASH_ALG__MAX,
} QCryptoHashAlgorithm;

typedef enum QCryptoIVGenAlgorithm {
    QCRYPTO_IVGEN_ALG_PLAIN,
    QCRYPTO_IVGEN_ALG_PLAIN64,
    QCRYPTO_IVGEN_ALG_ESSIV,
    QCRYPTO_IVGEN_ALG__MAX,
} QCryptoIVGenAlgorithm;

typedef enum QCryptoBlockFormat {
    QCRYPTO_BLOCK_FORMAT_QCOW,
    QCRYPTO_BLOCK_FORMAT_LUKS,
    QCRYPTO_BLOCK_FORMAT__MAX,
} QCryptoBlockFormat;

/*
 * Wire names and parsing. The *_str() functions return NULL for an
 * out-of-range value; the *_parse() functions set an error naming the
 * rejected string and return -1 when @name is unknown.
 */
const char *qcrypto_cipher_alg_str(QCryptoCipherAlgorithm alg);
const char *qcrypto_cipher_mode_str(QCryptoCipherMode mode);
const char *qcrypto_hash_alg_str(QCryptoHashAlgorithm alg);
const char *qcrypto_ivgen_alg_str(QCryptoIVGenAlgorithm alg);
const char *qcrypto_block_format_str(QCryptoBlockFormat format);

int qcrypto_cipher_alg_parse(const char *name, Error **errp);
int qcrypto_cipher_mode_parse(const char *name, Error **errp);
int qcrypto_hash_alg_parse(const char *name, Error **errp);
int qcrypto_ivgen_alg_parse(const char *name, Error **errp);
int qcrypto_block_format_parse(const char *name, Error **errp);

#endif
