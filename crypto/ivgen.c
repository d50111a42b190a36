/*
 * IV generators, dispatched through a table indexed by algorithm.
 */
#include "qemu/osdep.h"
#include "crypto/ivgen.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "crypto/wipe.h"

typedef struct QCryptoIVGenDriver {
    bool (*init)(QCryptoIVGen *ivgen, const uint8_t *key, size_t nkey,
                 Error **errp);
    int (*calculate)(QCryptoIVGen *ivgen, uint64_t sector,
                     uint8_t *iv, size_t niv, Error **errp);
} QCryptoIVGenDriver;

struct QCryptoIVGen {
    QCryptoIVGenAlgorithm alg;
    QCryptoCipherAlgorithm cipher;
    QCryptoHashAlgorithm hash;
    const QCryptoIVGenDriver *driver;
    QCryptoCipher *essiv;       /* essiv only: ECB cipher keyed by hash(key) */
};

static void store_le(uint64_t value, size_t nbytes, uint8_t *iv, size_t niv)
{
    memset(iv, 0, niv);
    for (size_t i = 0; i < nbytes && i < niv; i++) {
        iv[i] = value >> (8 * i);
    }
}

static int plain_calculate(QCryptoIVGen *ivgen, uint64_t sector,
                           uint8_t *iv, size_t niv, Error **errp)
{
    store_le(sector & 0xffffffffULL, 4, iv, niv);
    return 0;
}

static int plain64_calculate(QCryptoIVGen *ivgen, uint64_t sector,
                             uint8_t *iv, size_t niv, Error **errp)
{
    store_le(sector, 8, iv, niv);
    return 0;
}

static bool essiv_init(QCryptoIVGen *ivgen, const uint8_t *key, size_t nkey,
                       Error **errp)
{
    size_t nsalt = qcrypto_cipher_get_key_len(ivgen->cipher);
    size_t nhash = qcrypto_hash_digest_len(ivgen->hash);
    uint8_t digest[QCRYPTO_HASH_MAX_DIGEST_LEN];
    uint8_t salt[32];
    uint8_t *result = digest;
    size_t resultlen = nhash;

    if (nhash == 0) {
        error_setg(errp, "Unsupported hash algorithm %d for ESSIV", ivgen->hash);
        return false;
    }
    if (nsalt == 0 || nsalt > sizeof(salt)) {
        error_setg(errp, "Unsupported cipher algorithm %d for ESSIV",
                   ivgen->cipher);
        return false;
    }
    if (qcrypto_hash_bytes(ivgen->hash, (const char *)key, nkey,
                           &result, &resultlen, errp) < 0) {
        return false;
    }
    /* the salt is the digest, truncated or zero-padded to the key length */
    memset(salt, 0, sizeof(salt));
    memcpy(salt, digest, MIN(nhash, nsalt));
    ivgen->essiv = qcrypto_cipher_new(ivgen->cipher, QCRYPTO_CIPHER_MODE_ECB,
                                      salt, nsalt, errp);
    qcrypto_wipe(digest, sizeof(digest));
    qcrypto_wipe(salt, sizeof(salt));
    return ivgen->essiv != NULL;
}

static int essiv_calculate(QCryptoIVGen *ivgen, uint64_t sector,
                           uint8_t *iv, size_t niv, Error **errp)
{
    size_t ndata = qcrypto_cipher_get_block_len(ivgen->cipher);
    uint8_t data[16];

    if (ndata > sizeof(data)) {
        error_setg(errp, "ESSIV cipher block size %zu is too large", ndata);
        return -1;
    }
    store_le(sector, 8, data, ndata);
    if (qcrypto_cipher_encrypt(ivgen->essiv, data, data, ndata, errp) < 0) {
        return -1;
    }
    memset(iv, 0, niv);
    memcpy(iv, data, MIN(ndata, niv));
    return 0;
}

static const QCryptoIVGenDriver ivgen_drivers[QCRYPTO_IVGEN_ALG__MAX] = {
    [QCRYPTO_IVGEN_ALG_PLAIN] = { .calculate = plain_calculate },
    [QCRYPTO_IVGEN_ALG_PLAIN64] = { .calculate = plain64_calculate },
    [QCRYPTO_IVGEN_ALG_ESSIV] = { .init = essiv_init,
                                  .calculate = essiv_calculate },
};

QCryptoIVGen *qcrypto_ivgen_new(QCryptoIVGenAlgorithm alg,
                                QCryptoCipherAlgorithm cipheralg,
                                QCryptoHashAlgorithm hash,
                                const uint8_t *key, size_t nkey,
                                Error **errp)
{
    g_autoptr(QCryptoIVGen) ivgen = NULL;

    if ((unsigned)alg >= QCRYPTO_IVGEN_ALG__MAX) {
        error_setg(errp, "Unknown IV generator algorithm %d", alg);
        return NULL;
    }
    ivgen = g_new0(QCryptoIVGen, 1);
    ivgen->alg = alg;
    ivgen->cipher = cipheralg;
    ivgen->hash = hash;
    ivgen->driver = &ivgen_drivers[alg];
    if (ivgen->driver->init && !ivgen->driver->init(ivgen, key, nkey, errp)) {
        return NULL;
    }
    return g_steal_pointer(&ivgen);
}

int qcrypto_ivgen_calculate(QCryptoIVGen *ivgen, uint64_t sector,
                            uint8_t *iv, size_t niv, Error **errp)
{
    return ivgen->driver->calculate(ivgen, sector, iv, niv, errp);
}

QCryptoIVGenAlgorithm qcrypto_ivgen_get_algorithm(QCryptoIVGen *ivgen)
{
    return ivgen->alg;
}

QCryptoCipherAlgorithm qcrypto_ivgen_get_cipher(QCryptoIVGen *ivgen)
{
    return ivgen->cipher;
}

QCryptoHashAlgorithm qcrypto_ivgen_get_hash(QCryptoIVGen *ivgen)
{
    return ivgen->hash;
}

void qcrypto_ivgen_free(QCryptoIVGen *ivgen)
{
    if (ivgen) {
        qcrypto_cipher_free(ivgen->essiv);
        g_free(ivgen);
    }
}
