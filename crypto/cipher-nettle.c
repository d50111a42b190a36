/*
 * Cipher backend on nettle: every algorithm in every mode.
 *
 * The algorithms come from nettle's cipher descriptors (struct
 * nettle_cipher), so one code path serves them all; DES and 3DES have no
 * descriptor in nettle and get a small local one.
 */
#include "qemu/osdep.h"
#include <nettle/nettle-meta.h>
#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/ctr.h>
#include <nettle/des.h>
#include <nettle/xts.h>
#include "crypto/wipe.h"
#include "cipher-priv.h"

#define NETTLE_MAX_BLOCK 16

typedef struct QCryptoNettleCipher {
    QCryptoCipher base;
    const struct nettle_cipher *alg;
    void *ctx_enc;      /* data key, encryption schedule */
    void *ctx_dec;      /* data key, decryption schedule */
    void *ctx_tweak;    /* XTS only: tweak key, encryption schedule */
    uint8_t iv[NETTLE_MAX_BLOCK];
} QCryptoNettleCipher;

/* DES/3DES: nettle's set_key returns a weak-key flag, which we ignore. */
static void des_set_key_wrap(void *ctx, const uint8_t *key)
{
    des_set_key(ctx, key);
}

static void des_encrypt_wrap(const void *ctx, size_t len, uint8_t *dst,
                             const uint8_t *src)
{
    des_encrypt(ctx, len, dst, src);
}

static void des_decrypt_wrap(const void *ctx, size_t len, uint8_t *dst,
                             const uint8_t *src)
{
    des_decrypt(ctx, len, dst, src);
}

static void des3_set_key_wrap(void *ctx, const uint8_t *key)
{
    des3_set_key(ctx, key);
}

static void des3_encrypt_wrap(const void *ctx, size_t len, uint8_t *dst,
                              const uint8_t *src)
{
    des3_encrypt(ctx, len, dst, src);
}

static void des3_decrypt_wrap(const void *ctx, size_t len, uint8_t *dst,
                              const uint8_t *src)
{
    des3_decrypt(ctx, len, dst, src);
}

static const struct nettle_cipher qcrypto_nettle_des = {
    .name = "des",
    .context_size = sizeof(struct des_ctx),
    .block_size = DES_BLOCK_SIZE,
    .key_size = DES_KEY_SIZE,
    .set_encrypt_key = des_set_key_wrap,
    .set_decrypt_key = des_set_key_wrap,
    .encrypt = des_encrypt_wrap,
    .decrypt = des_decrypt_wrap,
};

static const struct nettle_cipher qcrypto_nettle_des3 = {
    .name = "des3",
    .context_size = sizeof(struct des3_ctx),
    .block_size = DES3_BLOCK_SIZE,
    .key_size = DES3_KEY_SIZE,
    .set_encrypt_key = des3_set_key_wrap,
    .set_decrypt_key = des3_set_key_wrap,
    .encrypt = des3_encrypt_wrap,
    .decrypt = des3_decrypt_wrap,
};

static const struct nettle_cipher *nettle_alg(QCryptoCipherAlgorithm alg)
{
    switch (alg) {
    case QCRYPTO_CIPHER_ALG_AES_128: return &nettle_aes128;
    case QCRYPTO_CIPHER_ALG_AES_192: return &nettle_aes192;
    case QCRYPTO_CIPHER_ALG_AES_256: return &nettle_aes256;
    case QCRYPTO_CIPHER_ALG_DES: return &qcrypto_nettle_des;
    case QCRYPTO_CIPHER_ALG_3DES: return &qcrypto_nettle_des3;
    case QCRYPTO_CIPHER_ALG_CAST5_128: return &nettle_cast128;
    case QCRYPTO_CIPHER_ALG_SERPENT_128: return &nettle_serpent128;
    case QCRYPTO_CIPHER_ALG_SERPENT_192: return &nettle_serpent192;
    case QCRYPTO_CIPHER_ALG_SERPENT_256: return &nettle_serpent256;
    case QCRYPTO_CIPHER_ALG_TWOFISH_128: return &nettle_twofish128;
    case QCRYPTO_CIPHER_ALG_TWOFISH_192: return &nettle_twofish192;
    case QCRYPTO_CIPHER_ALG_TWOFISH_256: return &nettle_twofish256;
    default: return NULL;
    }
}

bool qcrypto_cipher_nettle_supports(QCryptoCipherAlgorithm alg,
                                    QCryptoCipherMode mode)
{
    const struct nettle_cipher *na = nettle_alg(alg);

    if (!na) {
        return false;
    }
    /* XTS is defined for 128-bit blocks only */
    if (mode == QCRYPTO_CIPHER_MODE_XTS && na->block_size != XTS_BLOCK_SIZE) {
        return false;
    }
    return true;
}

static int nettle_encrypt(QCryptoCipher *cipher, const void *in, void *out,
                          size_t len, Error **errp)
{
    QCryptoNettleCipher *c = container_of(cipher, QCryptoNettleCipher, base);
    const struct nettle_cipher *na = c->alg;

    switch (cipher->mode) {
    case QCRYPTO_CIPHER_MODE_ECB:
        na->encrypt(c->ctx_enc, len, out, in);
        break;
    case QCRYPTO_CIPHER_MODE_CBC:
        cbc_encrypt(c->ctx_enc, na->encrypt, na->block_size, c->iv, len, out, in);
        break;
    case QCRYPTO_CIPHER_MODE_CTR:
        ctr_crypt(c->ctx_enc, na->encrypt, na->block_size, c->iv, len, out, in);
        break;
    case QCRYPTO_CIPHER_MODE_XTS:
        xts_encrypt_message(c->ctx_enc, c->ctx_tweak, na->encrypt, c->iv,
                            len, out, in);
        break;
    default:
        error_setg(errp, "Unsupported cipher mode %d", cipher->mode);
        return -1;
    }
    return 0;
}

static int nettle_decrypt(QCryptoCipher *cipher, const void *in, void *out,
                          size_t len, Error **errp)
{
    QCryptoNettleCipher *c = container_of(cipher, QCryptoNettleCipher, base);
    const struct nettle_cipher *na = c->alg;

    switch (cipher->mode) {
    case QCRYPTO_CIPHER_MODE_ECB:
        na->decrypt(c->ctx_dec, len, out, in);
        break;
    case QCRYPTO_CIPHER_MODE_CBC:
        cbc_decrypt(c->ctx_dec, na->decrypt, na->block_size, c->iv, len, out, in);
        break;
    case QCRYPTO_CIPHER_MODE_CTR:
        ctr_crypt(c->ctx_enc, na->encrypt, na->block_size, c->iv, len, out, in);
        break;
    case QCRYPTO_CIPHER_MODE_XTS:
        xts_decrypt_message(c->ctx_dec, c->ctx_tweak, na->decrypt, na->encrypt,
                            c->iv, len, out, in);
        break;
    default:
        error_setg(errp, "Unsupported cipher mode %d", cipher->mode);
        return -1;
    }
    return 0;
}

static int nettle_setiv(QCryptoCipher *cipher, const uint8_t *iv, size_t niv,
                        Error **errp)
{
    QCryptoNettleCipher *c = container_of(cipher, QCryptoNettleCipher, base);

    memcpy(c->iv, iv, niv);
    return 0;
}

static void nettle_free(QCryptoCipher *cipher)
{
    QCryptoNettleCipher *c = container_of(cipher, QCryptoNettleCipher, base);
    size_t size = c->alg->context_size;

    qcrypto_wipe_free(c->ctx_enc, size);
    qcrypto_wipe_free(c->ctx_dec, size);
    qcrypto_wipe_free(c->ctx_tweak, size);
    qcrypto_wipe_free(c, sizeof(*c));
}

static const QCryptoCipherDriver nettle_driver = {
    .name = "nettle",
    .encrypt = nettle_encrypt,
    .decrypt = nettle_decrypt,
    .setiv = nettle_setiv,
    .free = nettle_free,
};

QCryptoCipher *qcrypto_cipher_nettle_new(QCryptoCipherAlgorithm alg,
                                         QCryptoCipherMode mode,
                                         const uint8_t *key, size_t nkey,
                                         Error **errp)
{
    const struct nettle_cipher *na = nettle_alg(alg);
    QCryptoNettleCipher *c;

    if (!qcrypto_cipher_nettle_supports(alg, mode)) {
        return NULL;
    }
    c = g_new0(QCryptoNettleCipher, 1);
    c->base.alg = alg;
    c->base.mode = mode;
    c->base.driver = &nettle_driver;
    c->alg = na;
    c->ctx_enc = g_malloc0(na->context_size);
    c->ctx_dec = g_malloc0(na->context_size);
    na->set_encrypt_key(c->ctx_enc, key);
    na->set_decrypt_key(c->ctx_dec, key);
    if (mode == QCRYPTO_CIPHER_MODE_XTS) {
        /* the second half of an XTS key is the tweak key */
        c->ctx_tweak = g_malloc0(na->context_size);
        na->set_encrypt_key(c->ctx_tweak, key + nkey / 2);
    }
    return &c->base;
}
