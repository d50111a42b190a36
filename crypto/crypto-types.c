/*
 * Wire names of the crypto enums (see include/crypto/crypto-types.h).
 */
#include "qemu/osdep.h"
#include "crypto/crypto-types.h"

static const char *const cipher_alg_names[QCRYPTO_CIPHER_ALG__MAX] = {
    [QCRYPTO_CIPHER_ALG_AES_128] = "aes-128",
    [QCRYPTO_CIPHER_ALG_AES_192] = "aes-192",
    [QCRYPTO_CIPHER_ALG_AES_256] = "aes-256",
    [QCRYPTO_CIPHER_ALG_DES] = "des",
    [QCRYPTO_CIPHER_ALG_3DES] = "3des",
    [QCRYPTO_CIPHER_ALG_CAST5_128] = "cast5-128",
    [QCRYPTO_CIPHER_ALG_SERPENT_128] = "serpent-128",
    [QCRYPTO_CIPHER_ALG_SERPENT_192] = "serpent-192",
    [QCRYPTO_CIPHER_ALG_SERPENT_256] = "serpent-256",
    [QCRYPTO_CIPHER_ALG_TWOFISH_128] = "twofish-128",
    [QCRYPTO_CIPHER_ALG_TWOFISH_192] = "twofish-192",
    [QCRYPTO_CIPHER_ALG_TWOFISH_256] = "twofish-256",
};

static const char *const cipher_mode_names[QCRYPTO_CIPHER_MODE__MAX] = {
    [QCRYPTO_CIPHER_MODE_ECB] = "ecb",
    [QCRYPTO_CIPHER_MODE_CBC] = "cbc",
    [QCRYPTO_CIPHER_MODE_XTS] = "xts",
    [QCRYPTO_CIPHER_MODE_CTR] = "ctr",
};

static const char *const hash_alg_names[QCRYPTO_HASH_ALG__MAX] = {
    [QCRYPTO_HASH_ALG_MD5] = "md5",
    [QCRYPTO_HASH_ALG_SHA1] = "sha1",
    [QCRYPTO_HASH_ALG_SHA224] = "sha224",
    [QCRYPTO_HASH_ALG_SHA256] = "sha256",
    [QCRYPTO_HASH_ALG_SHA384] = "sha384",
    [QCRYPTO_HASH_ALG_SHA512] = "sha512",
    [QCRYPTO_HASH_ALG_RIPEMD160] = "ripemd160",
};

static const char *const ivgen_alg_names[QCRYPTO_IVGEN_ALG__MAX] = {
    [QCRYPTO_IVGEN_ALG_PLAIN] = "plain",
    [QCRYPTO_IVGEN_ALG_PLAIN64] = "plain64",
    [QCRYPTO_IVGEN_ALG_ESSIV] = "essiv",
};

static const char *const block_format_names[QCRYPTO_BLOCK_FORMAT__MAX] = {
    [QCRYPTO_BLOCK_FORMAT_QCOW] = "qcow",
    [QCRYPTO_BLOCK_FORMAT_LUKS] = "luks",
};

static const char *lookup(const char *const *names, int n, int value)
{
    if (value < 0 || value >= n) {
        return NULL;
    }
    return names[value];
}

static int parse(const char *const *names, int n, const char *what,
                 const char *name, Error **errp)
{
    for (int i = 0; i < n; i++) {
        if (name && strcmp(names[i], name) == 0) {
            return i;
        }
    }
    error_setg(errp, "Unknown %s '%s'", what, name ? name : "");
    return -1;
}

#define NAMES(tbl) tbl, (int)ARRAY_SIZE(tbl)

const char *qcrypto_cipher_alg_str(QCryptoCipherAlgorithm alg)
{
    return lookup(NAMES(cipher_alg_names), alg);
}

const char *qcrypto_cipher_mode_str(QCryptoCipherMode mode)
{
    return lookup(NAMES(cipher_mode_names), mode);
}

const char *qcrypto_hash_alg_str(QCryptoHashAlgorithm alg)
{
    return lookup(NAMES(hash_alg_names), alg);
}

const char *qcrypto_ivgen_alg_str(QCryptoIVGenAlgorithm alg)
{
    return lookup(NAMES(ivgen_alg_names), alg);
}

const char *qcrypto_block_format_str(QCryptoBlockFormat format)
{
    return lookup(NAMES(block_format_names), format);
}

int qcrypto_cipher_alg_parse(const char *name, Error **errp)
{
    return parse(NAMES(cipher_alg_names), "cipher algorithm", name, errp);
}

int qcrypto_cipher_mode_parse(const char *name, Error **errp)
{
    return parse(NAMES(cipher_mode_names), "cipher mode", name, errp);
}

int qcrypto_hash_alg_parse(const char *name, Error **errp)
{
    return parse(NAMES(hash_alg_names), "hash algorithm", name, errp);
}

int qcrypto_ivgen_alg_parse(const char *name, Error **errp)
{
    return parse(NAMES(ivgen_alg_names), "IV generator", name, errp);
}

int qcrypto_block_format_parse(const char *name, Error **errp)
{
    return parse(NAMES(block_format_names), "encryption format", name, errp);
}
