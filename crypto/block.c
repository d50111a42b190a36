/*
 * Encrypted block formats: dispatch to the format drivers, the payload
 * cipher pool, and the sector-wise en/decryption helpers.
 */
#include "qemu/osdep.h"
#include "crypto/block.h"
#include "crypto/secret_common.h"
#include "crypto/wipe.h"
#include "block-priv.h"

static const QCryptoBlockDriver *const qcrypto_block_drivers[QCRYPTO_BLOCK_FORMAT__MAX] = {
    [QCRYPTO_BLOCK_FORMAT_QCOW] = &qcrypto_block_driver_qcow,
    [QCRYPTO_BLOCK_FORMAT_LUKS] = &qcrypto_block_driver_luks,
};

static const QCryptoBlockDriver *block_driver(QCryptoBlockFormat format,
                                              Error **errp)
{
    if ((unsigned)format >= QCRYPTO_BLOCK_FORMAT__MAX ||
        !qcrypto_block_drivers[format]) {
        error_setg(errp, "Unsupported encryption format %d", format);
        return NULL;
    }
    return qcrypto_block_drivers[format];
}

bool qcrypto_block_has_format(QCryptoBlockFormat format,
                              const uint8_t *buf, size_t buf_size)
{
    const QCryptoBlockDriver *drv = block_driver(format, NULL);

    return drv && drv->has_format && drv->has_format(buf, buf_size);
}

static QCryptoBlock *block_new(QCryptoBlockFormat format,
                               const QCryptoBlockDriver *drv)
{
    QCryptoBlock *block = g_new0(QCryptoBlock, 1);

    block->format = format;
    block->driver = drv;
    g_mutex_init(&block->mutex);
    g_cond_init(&block->cond);
    return block;
}

bool qcrypto_block_key_lookup(const char *secret_id, QCryptoBlockKey *key,
                              Error **errp)
{
    uint8_t *data = NULL;
    size_t len = 0;

    memset(key, 0, sizeof(*key));
    if (!secret_id) {
        return true;
    }
    if (qcrypto_secret_lookup(secret_id, &data, &len, errp) < 0) {
        return false;
    }
    key->secret_id = secret_id;
    key->data = data;
    key->len = len;
    return true;
}

void qcrypto_block_key_clear(QCryptoBlockKey *key)
{
    qcrypto_wipe_free((void *)key->data, key->len);
    memset(key, 0, sizeof(*key));
}

static const QCryptoBlockKey no_key;

QCryptoBlock *qcrypto_block_open(const QCryptoBlockOpenOptions *options,
                                 const QCryptoBlockKey *key,
                                 QCryptoBlockReadFunc readfunc,
                                 void *opaque, unsigned int flags,
                                 unsigned int n_threads, Error **errp)
{
    const QCryptoBlockDriver *drv = block_driver(options->format, errp);
    g_autoptr(QCryptoBlock) block = NULL;

    if (!drv) {
        return NULL;
    }
    block = block_new(options->format, drv);
    if (!drv->open(block, options, key ? key : &no_key, readfunc, opaque,
                   flags, n_threads, errp)) {
        return NULL;
    }
    return g_steal_pointer(&block);
}

/* The driver of @format if it can create images (create and layout). */
static const QCryptoBlockDriver *block_driver_for_create(QCryptoBlockFormat format,
                                                        Error **errp)
{
    const QCryptoBlockDriver *drv = block_driver(format, errp);

    if (drv && (!drv->create || !drv->calculate_payload_offset)) {
        error_setg(errp, "Creating images with the '%s' encryption format "
                   "is not supported", qcrypto_block_format_str(format));
        return NULL;
    }
    return drv;
}

QCryptoBlock *qcrypto_block_create(const QCryptoBlockCreateOptions *options,
                                   const QCryptoBlockKey *key,
                                   QCryptoBlockInitFunc initfunc,
                                   QCryptoBlockWriteFunc writefunc,
                                   void *opaque, Error **errp)
{
    const QCryptoBlockDriver *drv = block_driver_for_create(options->format,
                                                            errp);
    g_autoptr(QCryptoBlock) block = NULL;

    if (!drv) {
        return NULL;
    }
    block = block_new(options->format, drv);
    if (!drv->create(block, options, key ? key : &no_key, initfunc, writefunc,
                     opaque, errp)) {
        return NULL;
    }
    return g_steal_pointer(&block);
}

bool qcrypto_block_calculate_payload_offset(const QCryptoBlockCreateOptions *options,
                                            uint64_t *len, Error **errp)
{
    const QCryptoBlockDriver *drv = block_driver_for_create(options->format,
                                                            errp);

    return drv && drv->calculate_payload_offset(options, len, errp);
}

int qcrypto_block_amend_options(QCryptoBlock *block,
                                QCryptoBlockReadFunc readfunc,
                                QCryptoBlockWriteFunc writefunc,
                                void *opaque,
                                const QCryptoBlockAmendOptions *options,
                                const QCryptoBlockAmendKeys *keys,
                                bool force, Error **errp)
{
    static const QCryptoBlockAmendKeys no_keys;

    if (options->format != block->format) {
        error_setg(errp, "Cannot amend a '%s' encrypted image with '%s' options",
                   qcrypto_block_format_str(block->format),
                   qcrypto_block_format_str(options->format));
        return -1;
    }
    if (!block->driver->amend) {
        error_setg(errp, "The '%s' encryption format does not support "
                   "changing its keys", qcrypto_block_format_str(block->format));
        return -1;
    }
    return block->driver->amend(block, readfunc, writefunc, opaque, options,
                                keys ? keys : &no_keys, force, errp) ? 0 : -1;
}

QCryptoBlockInfo *qcrypto_block_get_info(QCryptoBlock *block, Error **errp)
{
    g_autoptr(QCryptoBlockInfo) info = g_new0(QCryptoBlockInfo, 1);

    info->format = block->format;
    if (block->driver->get_info &&
        !block->driver->get_info(block, info, errp)) {
        return NULL;
    }
    return g_steal_pointer(&info);
}

QCryptoBlockFormat qcrypto_block_get_format(QCryptoBlock *block)
{
    return block->format;
}

uint64_t qcrypto_block_get_payload_offset(QCryptoBlock *block)
{
    return block->payload_offset;
}

uint64_t qcrypto_block_get_sector_size(QCryptoBlock *block)
{
    return block->sector_size;
}

QCryptoCipherAlgorithm qcrypto_block_get_cipher_alg(QCryptoBlock *block)
{
    return block->cipher_alg;
}

QCryptoCipherMode qcrypto_block_get_cipher_mode(QCryptoBlock *block)
{
    return block->cipher_mode;
}

QCryptoHashAlgorithm qcrypto_block_get_kdf_hash(QCryptoBlock *block)
{
    return block->kdfhash;
}

void qcrypto_block_free(QCryptoBlock *block)
{
    if (!block) {
        return;
    }
    if (block->driver->cleanup) {
        block->driver->cleanup(block);
    }
    qcrypto_block_free_cipher(block);
    qcrypto_ivgen_free(block->ivgen);
    g_mutex_clear(&block->mutex);
    g_cond_clear(&block->cond);
    g_free(block);
}

bool qcrypto_block_init_cipher(QCryptoBlock *block,
                               QCryptoCipherAlgorithm alg,
                               QCryptoCipherMode mode,
                               const uint8_t *key, size_t nkey,
                               unsigned int n_threads, Error **errp)
{
    size_t n = n_threads ? n_threads : 1;

    block->ciphers = g_new0(QCryptoCipher *, n);
    for (size_t i = 0; i < n; i++) {
        block->ciphers[i] = qcrypto_cipher_new(alg, mode, key, nkey, errp);
        if (!block->ciphers[i]) {
            qcrypto_block_free_cipher(block);
            return false;
        }
        block->n_ciphers++;
        block->n_free_ciphers++;
    }
    return true;
}

void qcrypto_block_free_cipher(QCryptoBlock *block)
{
    for (size_t i = 0; i < block->n_ciphers; i++) {
        qcrypto_cipher_free(block->ciphers[i]);
    }
    g_free(block->ciphers);
    block->ciphers = NULL;
    block->n_ciphers = block->n_free_ciphers = 0;
}

static QCryptoCipher *block_pop_cipher(QCryptoBlock *block)
{
    QCryptoCipher *cipher;

    g_mutex_lock(&block->mutex);
    while (block->n_free_ciphers == 0) {
        g_cond_wait(&block->cond, &block->mutex);
    }
    cipher = block->ciphers[--block->n_free_ciphers];
    g_mutex_unlock(&block->mutex);
    return cipher;
}

static void block_push_cipher(QCryptoBlock *block, QCryptoCipher *cipher)
{
    g_mutex_lock(&block->mutex);
    block->ciphers[block->n_free_ciphers++] = cipher;
    g_cond_signal(&block->cond);
    g_mutex_unlock(&block->mutex);
}

typedef int (*CipherFunc)(QCryptoCipher *cipher, const void *in, void *out,
                          size_t len, Error **errp);

static int cipher_helper(QCryptoCipher *cipher, size_t niv,
                         QCryptoIVGen *ivgen, int sectorsize,
                         uint64_t offset, uint8_t *buf, size_t len,
                         CipherFunc func, Error **errp)
{
    uint8_t iv[16];
    uint64_t sector = offset / sectorsize;

    if (niv > sizeof(iv)) {
        error_setg(errp, "IV length %zu is too large", niv);
        return -1;
    }
    if (offset % sectorsize || len % sectorsize) {
        error_setg(errp, "Encrypted I/O at offset %" PRIu64 " length %zu is "
                   "not aligned to the %d byte sector size",
                   offset, len, sectorsize);
        return -1;
    }
    /* one data unit (and one IV) per sector, as dm-crypt does */
    for (; len > 0; len -= sectorsize, buf += sectorsize, sector++) {
        if (niv) {
            if (qcrypto_ivgen_calculate(ivgen, sector, iv, niv, errp) < 0 ||
                qcrypto_cipher_setiv(cipher, iv, niv, errp) < 0) {
                return -1;
            }
        }
        if (func(cipher, buf, buf, sectorsize, errp) < 0) {
            return -1;
        }
    }
    return 0;
}

int qcrypto_block_cipher_decrypt_helper(QCryptoCipher *cipher, size_t niv,
                                        QCryptoIVGen *ivgen, int sectorsize,
                                        uint64_t offset, uint8_t *buf,
                                        size_t len, Error **errp)
{
    return cipher_helper(cipher, niv, ivgen, sectorsize, offset, buf, len,
                         qcrypto_cipher_decrypt, errp);
}

int qcrypto_block_cipher_encrypt_helper(QCryptoCipher *cipher, size_t niv,
                                        QCryptoIVGen *ivgen, int sectorsize,
                                        uint64_t offset, uint8_t *buf,
                                        size_t len, Error **errp)
{
    return cipher_helper(cipher, niv, ivgen, sectorsize, offset, buf, len,
                         qcrypto_cipher_encrypt, errp);
}

static int block_crypt(QCryptoBlock *block, uint64_t offset, uint8_t *buf,
                       size_t len, CipherFunc func, Error **errp)
{
    QCryptoCipher *cipher;
    int ret;

    if (block->n_ciphers == 0) {
        error_setg(errp, "The encryption key is not loaded: the image was "
                   "opened for its header only");
        return -1;
    }
    cipher = block_pop_cipher(block);
    ret = cipher_helper(cipher, block->niv, block->ivgen, block->sector_size,
                        offset, buf, len, func, errp);
    block_push_cipher(block, cipher);
    return ret;
}

int qcrypto_block_decrypt(QCryptoBlock *block, uint64_t offset,
                          uint8_t *buf, size_t len, Error **errp)
{
    return block_crypt(block, offset, buf, len, qcrypto_cipher_decrypt, errp);
}

int qcrypto_block_encrypt(QCryptoBlock *block, uint64_t offset,
                          uint8_t *buf, size_t len, Error **errp)
{
    return block_crypt(block, offset, buf, len, qcrypto_cipher_encrypt, errp);
}
