/*
 * Wire names of the crypto enums (see include/crypto/crypto-types.h): thin
 * wrappers over the lookup tables generated from qapi/crypto.json, with
 * the wording the crypto code's errors use.
 */
#include "qemu/osdep.h"
#include "crypto/crypto-types.h"

/* NULL rather than qapi_enum_lookup()'s abort for an out-of-range value. */
static const char *lookup(const QEnumLookup *table, int value)
{
    if (value < 0 || value >= table->size) {
        return NULL;
    }
    return table->array[value];
}

static int parse(const QEnumLookup *table, const char *what,
                 const char *name, Error **errp)
{
    for (int i = 0; i < table->size; i++) {
        if (name && strcmp(table->array[i], name) == 0) {
            return i;
        }
    }
    error_setg(errp, "Unknown %s '%s'", what, name ? name : "");
    return -1;
}

const char *qcrypto_cipher_alg_str(QCryptoCipherAlgorithm alg)
{
    return lookup(&QCryptoCipherAlgorithm_lookup, alg);
}

const char *qcrypto_cipher_mode_str(QCryptoCipherMode mode)
{
    return lookup(&QCryptoCipherMode_lookup, mode);
}

const char *qcrypto_hash_alg_str(QCryptoHashAlgorithm alg)
{
    return lookup(&QCryptoHashAlgorithm_lookup, alg);
}

const char *qcrypto_ivgen_alg_str(QCryptoIVGenAlgorithm alg)
{
    return lookup(&QCryptoIVGenAlgorithm_lookup, alg);
}

const char *qcrypto_block_format_str(QCryptoBlockFormat format)
{
    return lookup(&QCryptoBlockFormat_lookup, format);
}

int qcrypto_cipher_alg_parse(const char *name, Error **errp)
{
    return parse(&QCryptoCipherAlgorithm_lookup, "cipher algorithm", name,
                 errp);
}

int qcrypto_cipher_mode_parse(const char *name, Error **errp)
{
    return parse(&QCryptoCipherMode_lookup, "cipher mode", name, errp);
}

int qcrypto_hash_alg_parse(const char *name, Error **errp)
{
    return parse(&QCryptoHashAlgorithm_lookup, "hash algorithm", name, errp);
}

int qcrypto_ivgen_alg_parse(const char *name, Error **errp)
{
    return parse(&QCryptoIVGenAlgorithm_lookup, "IV generator", name, errp);
}

int qcrypto_block_format_parse(const char *name, Error **errp)
{
    return parse(&QCryptoBlockFormat_lookup, "encryption format", name, errp);
}
