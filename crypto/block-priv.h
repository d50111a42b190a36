/*
 * The encrypted block format driver interface and the shared QCryptoBlock
 * state (cipher pool, IV generator, geometry).
 */
#ifndef CRYPTO_BLOCK_PRIV_H
#define CRYPTO_BLOCK_PRIV_H

#include "crypto/block.h"

typedef struct QCryptoBlockDriver {
    bool (*has_format)(const uint8_t *buf, size_t buf_size);
    /* @key is never NULL (an empty key when the caller gave none). */
    bool (*open)(QCryptoBlock *block, const QCryptoBlockOpenOptions *options,
                 const QCryptoBlockKey *key,
                 QCryptoBlockReadFunc readfunc, void *opaque,
                 unsigned int flags, unsigned int n_threads, Error **errp);
    bool (*create)(QCryptoBlock *block,
                   const QCryptoBlockCreateOptions *options,
                   const QCryptoBlockKey *key,
                   QCryptoBlockInitFunc initfunc,
                   QCryptoBlockWriteFunc writefunc, void *opaque,
                   Error **errp);
    bool (*calculate_payload_offset)(const QCryptoBlockCreateOptions *options,
                                     uint64_t *len, Error **errp);
    bool (*amend)(QCryptoBlock *block, QCryptoBlockReadFunc readfunc,
                  QCryptoBlockWriteFunc writefunc, void *opaque,
                  const QCryptoBlockAmendOptions *options,
                  const QCryptoBlockAmendKeys *keys, bool force,
                  Error **errp);
    bool (*get_info)(QCryptoBlock *block, QCryptoBlockInfo *info,
                     Error **errp);
    void (*cleanup)(QCryptoBlock *block);
} QCryptoBlockDriver;

struct QCryptoBlock {
    QCryptoBlockFormat format;
    const QCryptoBlockDriver *driver;
    void *opaque;                   /* the format driver's state */

    QCryptoCipherAlgorithm cipher_alg;
    QCryptoCipherMode cipher_mode;
    QCryptoHashAlgorithm kdfhash;
    QCryptoIVGen *ivgen;
    size_t niv;
    uint64_t payload_offset;        /* bytes */
    uint64_t sector_size;           /* bytes */

    /* A pool of identically keyed ciphers, one per concurrent user. */
    GMutex mutex;
    GCond cond;
    QCryptoCipher **ciphers;
    size_t n_ciphers;
    size_t n_free_ciphers;
};

extern const QCryptoBlockDriver qcrypto_block_driver_luks;
extern const QCryptoBlockDriver qcrypto_block_driver_qcow;

/* Key @n_threads (0 means 1) ciphers for the payload. */
bool qcrypto_block_init_cipher(QCryptoBlock *block,
                               QCryptoCipherAlgorithm alg,
                               QCryptoCipherMode mode,
                               const uint8_t *key, size_t nkey,
                               unsigned int n_threads, Error **errp);
void qcrypto_block_free_cipher(QCryptoBlock *block);

#endif
