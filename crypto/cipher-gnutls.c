/*
 * Cipher backend on gnutls: AES in XTS and CBC mode.
 *
 * gnutls runs these on AES-NI over a whole data unit per call, an order of
 * magnitude faster than nettle 3.8's XTS (which encrypts one block per
 * callback). Everything else is left to the nettle backend.
 */
#include "qemu/osdep.h"
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include "crypto/wipe.h"
#include "cipher-priv.h"

typedef struct QCryptoGnutlsCipher {
    QCryptoCipher base;
    gnutls_cipher_hd_t handle;
    uint8_t iv[16];
} QCryptoGnutlsCipher;

static gnutls_cipher_algorithm_t qcrypto_gnutls_alg(QCryptoCipherAlgorithm alg,
                                            QCryptoCipherMode mode)
{
    if (mode == QCRYPTO_CIPHER_MODE_XTS) {
        switch (alg) {
        case QCRYPTO_CIPHER_ALG_AES_128: return GNUTLS_CIPHER_AES_128_XTS;
        case QCRYPTO_CIPHER_ALG_AES_256: return GNUTLS_CIPHER_AES_256_XTS;
        default: return GNUTLS_CIPHER_UNKNOWN;
        }
    }
    if (mode == QCRYPTO_CIPHER_MODE_CBC) {
        switch (alg) {
        case QCRYPTO_CIPHER_ALG_AES_128: return GNUTLS_CIPHER_AES_128_CBC;
        case QCRYPTO_CIPHER_ALG_AES_192: return GNUTLS_CIPHER_AES_192_CBC;
        case QCRYPTO_CIPHER_ALG_AES_256: return GNUTLS_CIPHER_AES_256_CBC;
        default: return GNUTLS_CIPHER_UNKNOWN;
        }
    }
    return GNUTLS_CIPHER_UNKNOWN;
}

bool qcrypto_cipher_gnutls_supports(QCryptoCipherAlgorithm alg,
                                    QCryptoCipherMode mode)
{
    return qcrypto_gnutls_alg(alg, mode) != GNUTLS_CIPHER_UNKNOWN;
}

static void qcrypto_gnutls_xts_refresh_iv(QCryptoGnutlsCipher *c)
{
    /*
     * gnutls advances the XTS tweak inside a call; each call here is one
     * data unit with its own tweak, so load the tweak every time.
     */
    if (c->base.mode == QCRYPTO_CIPHER_MODE_XTS) {
        gnutls_cipher_set_iv(c->handle, c->iv, sizeof(c->iv));
    }
}

static int qcrypto_gnutls_encrypt(QCryptoCipher *cipher, const void *in, void *out,
                          size_t len, Error **errp)
{
    QCryptoGnutlsCipher *c = container_of(cipher, QCryptoGnutlsCipher, base);
    int ret;

    qcrypto_gnutls_xts_refresh_iv(c);
    ret = gnutls_cipher_encrypt2(c->handle, in, len, out, len);
    if (ret < 0) {
        error_setg(errp, "Cannot encrypt data: %s", gnutls_strerror(ret));
        return -1;
    }
    return 0;
}

static int qcrypto_gnutls_decrypt(QCryptoCipher *cipher, const void *in, void *out,
                          size_t len, Error **errp)
{
    QCryptoGnutlsCipher *c = container_of(cipher, QCryptoGnutlsCipher, base);
    int ret;

    qcrypto_gnutls_xts_refresh_iv(c);
    ret = gnutls_cipher_decrypt2(c->handle, in, len, out, len);
    if (ret < 0) {
        error_setg(errp, "Cannot decrypt data: %s", gnutls_strerror(ret));
        return -1;
    }
    return 0;
}

static int qcrypto_gnutls_setiv(QCryptoCipher *cipher, const uint8_t *iv, size_t niv,
                        Error **errp)
{
    QCryptoGnutlsCipher *c = container_of(cipher, QCryptoGnutlsCipher, base);

    memcpy(c->iv, iv, niv);
    if (cipher->mode != QCRYPTO_CIPHER_MODE_XTS) {
        gnutls_cipher_set_iv(c->handle, c->iv, niv);
    }
    return 0;
}

static void qcrypto_gnutls_free(QCryptoCipher *cipher)
{
    QCryptoGnutlsCipher *c = container_of(cipher, QCryptoGnutlsCipher, base);

    /* gnutls wipes its key schedule in gnutls_cipher_deinit() */
    gnutls_cipher_deinit(c->handle);
    qcrypto_wipe_free(c, sizeof(*c));
}

static const QCryptoCipherDriver gnutls_driver = {
    .name = "gnutls",
    .encrypt = qcrypto_gnutls_encrypt,
    .decrypt = qcrypto_gnutls_decrypt,
    .setiv = qcrypto_gnutls_setiv,
    .free = qcrypto_gnutls_free,
};

QCryptoCipher *qcrypto_cipher_gnutls_new(QCryptoCipherAlgorithm alg,
                                         QCryptoCipherMode mode,
                                         const uint8_t *key, size_t nkey,
                                         Error **errp)
{
    gnutls_cipher_algorithm_t galg = qcrypto_gnutls_alg(alg, mode);
    uint8_t zero_iv[16] = { 0 };
    gnutls_datum_t gkey = { .data = (uint8_t *)key, .size = nkey };
    gnutls_datum_t giv = { .data = zero_iv, .size = sizeof(zero_iv) };
    QCryptoGnutlsCipher *c;
    int ret;

    if (galg == GNUTLS_CIPHER_UNKNOWN) {
        return NULL;
    }
    /*
     * In FIPS mode gnutls rejects XTS keys whose two halves are equal
     * (IEEE 1619 permits them; some of its own test vectors use them), and
     * its non-accelerated path then puts the whole library into an error
     * state. Never hand it such a key: nettle serves those.
     */
    if (mode == QCRYPTO_CIPHER_MODE_XTS && gnutls_fips140_mode_enabled() &&
        memcmp(key, key + nkey / 2, nkey / 2) == 0) {
        return NULL;
    }
    c = g_new0(QCryptoGnutlsCipher, 1);
    c->base.alg = alg;
    c->base.mode = mode;
    c->base.driver = &gnutls_driver;
    ret = gnutls_cipher_init(&c->handle, galg, &gkey, &giv);
    if (ret < 0) {
        error_setg(errp, "Cannot initialize cipher %s in %s mode: %s",
                   qcrypto_cipher_alg_str(alg), qcrypto_cipher_mode_str(mode),
                   gnutls_strerror(ret));
        g_free(c);
        return NULL;
    }
    return &c->base;
}
