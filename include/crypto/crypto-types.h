/*
 * The algorithm enums of the crypto subsystem.
 *
 * The enums themselves (QCryptoCipherAlgorithm, QCryptoCipherMode,
 * QCryptoHashAlgorithm, QCryptoIVGenAlgorithm, QCryptoBlockFormat, and the
 * option structs of the encrypted block formats) are generated from
 * qapi/crypto.json; their wire names ("aes-256", "xts", "plain64") are the
 * generated <Enum>_lookup tables. This header adds the short helpers the
 * crypto code and its error messages use.
 */
#ifndef CRYPTO_CRYPTO_TYPES_H
#define CRYPTO_CRYPTO_TYPES_H

#include "qemu/error.h"
#include "qapi/qapi-types-crypto.h"

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
