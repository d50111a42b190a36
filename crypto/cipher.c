/*
 * Cipher front end: argument checks, then dispatch to the backend that
 * serves the (algorithm, mode) pair.
 */
#include "qemu/osdep.h"
#include "crypto/cipher.h"
#include "cipher-priv.h"

static const struct {
    size_t key_len;
    size_t block_len;
} cipher_sizes[QCRYPTO_CIPHER_ALG__MAX] = {
    [QCRYPTO_CIPHER_ALG_AES_128] = { 16, 16 },
    [QCRYPTO_CIPHER_ALG_AES_192] = { 24, 16 },
    [QCRYPTO_CIPHER_ALG_AES_256] = { 32, 16 },
    [QCRYPTO_CIPHER_ALG_DES] = { 8, 8 },
    [QCRYPTO_CIPHER_ALG_3DES] = { 24, 8 },
    [QCRYPTO_CIPHER_ALG_CAST5_128] = { 16, 8 },
    [QCRYPTO_CIPHER_ALG_SERPENT_128] = { 16, 16 },
    [QCRYPTO_CIPHER_ALG_SERPENT_192] = { 24, 16 },
    [QCRYPTO_CIPHER_ALG_SERPENT_256] = { 32, 16 },
    [QCRYPTO_CIPHER_ALG_TWOFISH_128] = { 16, 16 },
    [QCRYPTO_CIPHER_ALG_TWOFISH_192] = { 24, 16 },
    [QCRYPTO_CIPHER_ALG_TWOFISH_256] = { 32, 16 },
};

static bool alg_valid(QCryptoCipherAlgorithm alg)
{
    return (unsigned)alg < QCRYPTO_CIPHER_ALG__MAX;
}

static bool mode_valid(QCryptoCipherMode mode)
{
    return (unsigned)mode < QCRYPTO_CIPHER_MODE__MAX;
}

size_t qcrypto_cipher_get_block_len(QCryptoCipherAlgorithm alg)
{
    return alg_valid(alg) ? cipher_sizes[alg].block_len : 0;
}

size_t qcrypto_cipher_get_key_len(QCryptoCipherAlgorithm alg)
{
    return alg_valid(alg) ? cipher_sizes[alg].key_len : 0;
}

size_t qcrypto_cipher_get_iv_len(QCryptoCipherAlgorithm alg,
                                 QCryptoCipherMode mode)
{
    if (!alg_valid(alg) || !mode_valid(mode) || mode == QCRYPTO_CIPHER_MODE_ECB) {
        return 0;
    }
    return cipher_sizes[alg].block_len;
}

bool qcrypto_cipher_supports(QCryptoCipherAlgorithm alg, QCryptoCipherMode mode)
{
    if (!alg_valid(alg) || !mode_valid(mode)) {
        return false;
    }
    return qcrypto_cipher_nettle_supports(alg, mode) ||
           qcrypto_cipher_gnutls_supports(alg, mode);
}

static bool check_key(QCryptoCipherAlgorithm alg, QCryptoCipherMode mode,
                      size_t nkey, Error **errp)
{
    size_t want;

    if (!alg_valid(alg)) {
        error_setg(errp, "Unsupported cipher algorithm %d", alg);
        return false;
    }
    if (!mode_valid(mode)) {
        error_setg(errp, "Unsupported cipher mode %d", mode);
        return false;
    }
    if (!qcrypto_cipher_supports(alg, mode)) {
        error_setg(errp, "Cipher algorithm %s does not support mode %s",
                   qcrypto_cipher_alg_str(alg), qcrypto_cipher_mode_str(mode));
        return false;
    }
    want = cipher_sizes[alg].key_len;
    if (mode == QCRYPTO_CIPHER_MODE_XTS) {
        want *= 2;
    }
    if (nkey != want) {
        error_setg(errp, "Cipher key length %zu should be %zu for %s in %s mode",
                   nkey, want, qcrypto_cipher_alg_str(alg),
                   qcrypto_cipher_mode_str(mode));
        return false;
    }
    return true;
}

QCryptoCipher *qcrypto_cipher_new_backend(QCryptoCipherBackend backend,
                                          QCryptoCipherAlgorithm alg,
                                          QCryptoCipherMode mode,
                                          const uint8_t *key, size_t nkey,
                                          Error **errp)
{
    QCryptoCipher *cipher = NULL;
    Error *local_err = NULL;

    if (!check_key(alg, mode, nkey, errp)) {
        return NULL;
    }
    if (backend != QCRYPTO_CIPHER_BACKEND_NETTLE) {
        /*
         * gnutls first: its AES-XTS/CBC are AES-NI accelerated over whole
         * data units. A keying failure there (e.g. FIPS mode refusing
         * equal XTS key halves) falls back to nettle in AUTO mode.
         */
        cipher = qcrypto_cipher_gnutls_new(alg, mode, key, nkey, &local_err);
        if (cipher) {
            return cipher;
        }
        if (backend == QCRYPTO_CIPHER_BACKEND_GNUTLS) {
            if (local_err) {
                error_propagate(errp, local_err);
            } else {
                error_setg(errp, "The gnutls backend does not support %s in %s mode",
                           qcrypto_cipher_alg_str(alg),
                           qcrypto_cipher_mode_str(mode));
            }
            return NULL;
        }
        error_free(local_err);
    }
    cipher = qcrypto_cipher_nettle_new(alg, mode, key, nkey, errp);
    if (!cipher && backend == QCRYPTO_CIPHER_BACKEND_NETTLE && errp && !*errp) {
        error_setg(errp, "The nettle backend does not support %s in %s mode",
                   qcrypto_cipher_alg_str(alg), qcrypto_cipher_mode_str(mode));
    }
    return cipher;
}

QCryptoCipher *qcrypto_cipher_new(QCryptoCipherAlgorithm alg,
                                  QCryptoCipherMode mode,
                                  const uint8_t *key, size_t nkey,
                                  Error **errp)
{
    return qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_AUTO, alg, mode,
                                      key, nkey, errp);
}

const char *qcrypto_cipher_backend_name(const QCryptoCipher *cipher)
{
    return cipher->driver->name;
}

void qcrypto_cipher_free(QCryptoCipher *cipher)
{
    if (cipher) {
        cipher->driver->free(cipher);
    }
}

static bool check_len(QCryptoCipher *cipher, size_t len, Error **errp)
{
    size_t blen = cipher_sizes[cipher->alg].block_len;

    if (cipher->mode == QCRYPTO_CIPHER_MODE_CTR) {
        return true;
    }
    if (len % blen) {
        error_setg(errp, "Length %zu must be a multiple of block size %zu",
                   len, blen);
        return false;
    }
    return true;
}

int qcrypto_cipher_encrypt(QCryptoCipher *cipher, const void *in, void *out,
                           size_t len, Error **errp)
{
    if (!check_len(cipher, len, errp)) {
        return -1;
    }
    if (len == 0) {
        return 0;
    }
    return cipher->driver->encrypt(cipher, in, out, len, errp);
}

int qcrypto_cipher_decrypt(QCryptoCipher *cipher, const void *in, void *out,
                           size_t len, Error **errp)
{
    if (!check_len(cipher, len, errp)) {
        return -1;
    }
    if (len == 0) {
        return 0;
    }
    return cipher->driver->decrypt(cipher, in, out, len, errp);
}

int qcrypto_cipher_setiv(QCryptoCipher *cipher, const uint8_t *iv, size_t niv,
                         Error **errp)
{
    size_t want = qcrypto_cipher_get_iv_len(cipher->alg, cipher->mode);

    if (want == 0) {
        error_setg(errp, "Cipher mode %s does not use an IV",
                   qcrypto_cipher_mode_str(cipher->mode));
        return -1;
    }
    if (niv != want) {
        error_setg(errp, "Expected IV size %zu not %zu", want, niv);
        return -1;
    }
    return cipher->driver->setiv(cipher, iv, niv, errp);
}
