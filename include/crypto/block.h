/*
 * Encrypted block formats: LUKS1 (create, open, amend key slots, describe)
 * and the legacy qcow AES scheme (open only, to convert data out).
 *
 * The format code does no I/O of its own: it reads and writes its header
 * through the callbacks below, so a unit test drives it on a memory buffer
 * and a block driver is a thin adapter over its underlying node. The data
 * itself is encrypted in place by qcrypto_block_encrypt/decrypt.
 *
 * The passphrase is handed in as bytes; resolving a secret id to bytes is
 * the caller's job. The id, when given, only names the secret in errors.
 */
#ifndef CRYPTO_BLOCK_H
#define CRYPTO_BLOCK_H

#include "qemu/error.h"
#include "crypto/crypto-types.h"
#include "crypto/cipher.h"
#include "crypto/ivgen.h"

typedef struct QCryptoBlock QCryptoBlock;

/*
 * I/O callbacks. @offset is a byte offset from the start of the encryption
 * header (for LUKS: the start of the image). Return 0, or a negative value
 * with @errp set.
 */
typedef int (*QCryptoBlockReadFunc)(void *opaque, uint64_t offset,
                                    uint8_t *buf, size_t len, Error **errp);
typedef int (*QCryptoBlockWriteFunc)(void *opaque, uint64_t offset,
                                     const uint8_t *buf, size_t len,
                                     Error **errp);
/*
 * Called by qcrypto_block_create() once, before any write, with the size
 * of the whole header area (the payload offset); the adapter makes room.
 */
typedef int (*QCryptoBlockInitFunc)(void *opaque, size_t headerlen,
                                    Error **errp);

/* Where the passphrase comes from and what it is. */
typedef struct QCryptoBlockKey {
    const char *secret_id;          /* for error messages only; may be NULL */
    const uint8_t *data;            /* NULL: no key given */
    size_t len;
} QCryptoBlockKey;

typedef struct QCryptoBlockOpenOptions {
    QCryptoBlockFormat format;
    QCryptoBlockKey key;
    /* how many threads may encrypt/decrypt at once (0 means 1) */
    unsigned int n_threads;
} QCryptoBlockOpenOptions;

typedef struct QCryptoBlockCreateOptionsLUKS {
    bool has_cipher_alg;
    QCryptoCipherAlgorithm cipher_alg;      /* default aes-256 */
    bool has_cipher_mode;
    QCryptoCipherMode cipher_mode;          /* default xts */
    bool has_ivgen_alg;
    QCryptoIVGenAlgorithm ivgen_alg;        /* default plain64 */
    bool has_ivgen_hash_alg;
    QCryptoHashAlgorithm ivgen_hash_alg;    /* essiv only; default sha256 */
    bool has_hash_alg;
    QCryptoHashAlgorithm hash_alg;          /* PBKDF2/AF hash; default sha256 */
    bool has_iter_time;
    int64_t iter_time;                      /* PBKDF2 time in ms; default 2000 */
    bool has_keyslot;
    int64_t keyslot;                        /* slot to fill; default 0 */
} QCryptoBlockCreateOptionsLUKS;

typedef struct QCryptoBlockCreateOptions {
    QCryptoBlockFormat format;
    QCryptoBlockKey key;
    QCryptoBlockCreateOptionsLUKS luks;
} QCryptoBlockCreateOptions;

typedef enum QCryptoBlockLUKSKeyslotState {
    QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_ACTIVE,
    QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_INACTIVE,
} QCryptoBlockLUKSKeyslotState;

/*
 * Key slot management (qemu-img amend):
 * - state=active: put @new_key into @keyslot (default: the first free
 *   one). Overwriting an active slot needs @force.
 * - state=inactive: erase @keyslot, or every slot @old_key unlocks. Erasing
 *   the last active slot (which loses all data) needs @force.
 */
typedef struct QCryptoBlockAmendOptionsLUKS {
    QCryptoBlockLUKSKeyslotState state;
    QCryptoBlockKey new_key;
    QCryptoBlockKey old_key;
    bool has_keyslot;
    int64_t keyslot;
    bool has_iter_time;
    int64_t iter_time;
} QCryptoBlockAmendOptionsLUKS;

typedef struct QCryptoBlockAmendOptions {
    QCryptoBlockFormat format;
    QCryptoBlockAmendOptionsLUKS luks;
} QCryptoBlockAmendOptions;

#define QCRYPTO_BLOCK_LUKS_MAX_SLOTS 8

typedef struct QCryptoBlockInfoLUKSSlot {
    bool active;
    bool has_iters;
    int64_t iters;          /* active slots only */
    bool has_stripes;
    int64_t stripes;        /* active slots only */
    int64_t key_offset;     /* bytes */
} QCryptoBlockInfoLUKSSlot;

/* What `qemu-img info` shows about a LUKS header. */
typedef struct QCryptoBlockInfoLUKS {
    QCryptoCipherAlgorithm cipher_alg;
    QCryptoCipherMode cipher_mode;
    QCryptoIVGenAlgorithm ivgen_alg;
    bool has_ivgen_hash_alg;
    QCryptoHashAlgorithm ivgen_hash_alg;
    QCryptoHashAlgorithm hash_alg;
    int64_t payload_offset;         /* bytes */
    int64_t master_key_iters;
    char *uuid;
    size_t n_slots;
    QCryptoBlockInfoLUKSSlot slots[QCRYPTO_BLOCK_LUKS_MAX_SLOTS];
} QCryptoBlockInfoLUKS;

typedef struct QCryptoBlockInfo {
    QCryptoBlockFormat format;
    QCryptoBlockInfoLUKS luks;      /* format == luks */
} QCryptoBlockInfo;

/* Open flags */
#define QCRYPTO_BLOCK_OPEN_NO_IO (1 << 0)   /* header only: no key, no data */

/* Whether @buf (the start of an image) looks like @format's header. */
bool qcrypto_block_has_format(QCryptoBlockFormat format,
                              const uint8_t *buf, size_t buf_size);

/*
 * Open an existing encrypted volume: read and check the header, unlock it
 * with options->key (checked against the master-key digest, so a wrong
 * passphrase fails here, before any data is touched). With
 * QCRYPTO_BLOCK_OPEN_NO_IO only the header is read and checked (enough for
 * qcrypto_block_get_info); such a block cannot encrypt or decrypt.
 */
QCryptoBlock *qcrypto_block_open(const QCryptoBlockOpenOptions *options,
                                 QCryptoBlockReadFunc readfunc,
                                 void *opaque, unsigned int flags,
                                 Error **errp);

/* Format a new volume: calls @initfunc once, then writes the header. */
QCryptoBlock *qcrypto_block_create(const QCryptoBlockCreateOptions *options,
                                   QCryptoBlockInitFunc initfunc,
                                   QCryptoBlockWriteFunc writefunc,
                                   void *opaque, Error **errp);

/* Header size (payload offset) a create with @options would produce. */
bool qcrypto_block_calculate_payload_offset(const QCryptoBlockCreateOptions *options,
                                            uint64_t *len, Error **errp);

/* Change key slots of an unlocked volume (see QCryptoBlockAmendOptions). */
int qcrypto_block_amend_options(QCryptoBlock *block,
                                QCryptoBlockReadFunc readfunc,
                                QCryptoBlockWriteFunc writefunc,
                                void *opaque,
                                const QCryptoBlockAmendOptions *options,
                                bool force, Error **errp);

/* A description of the header; free with qcrypto_block_info_free(). */
QCryptoBlockInfo *qcrypto_block_get_info(QCryptoBlock *block, Error **errp);
void qcrypto_block_info_free(QCryptoBlockInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QCryptoBlockInfo, qcrypto_block_info_free)

/*
 * Decrypt/encrypt @len bytes of payload in place. @offset is the byte
 * offset within the payload (0 = first payload byte); @offset and @len
 * must be multiples of the sector size. Thread safe.
 */
int qcrypto_block_decrypt(QCryptoBlock *block, uint64_t offset,
                          uint8_t *buf, size_t len, Error **errp);
int qcrypto_block_encrypt(QCryptoBlock *block, uint64_t offset,
                          uint8_t *buf, size_t len, Error **errp);

QCryptoBlockFormat qcrypto_block_get_format(QCryptoBlock *block);
/* Byte offset of the payload from the start of the header. */
uint64_t qcrypto_block_get_payload_offset(QCryptoBlock *block);
/* Encryption sector size in bytes (512). */
uint64_t qcrypto_block_get_sector_size(QCryptoBlock *block);
QCryptoCipherAlgorithm qcrypto_block_get_cipher_alg(QCryptoBlock *block);
QCryptoCipherMode qcrypto_block_get_cipher_mode(QCryptoBlock *block);
QCryptoHashAlgorithm qcrypto_block_get_kdf_hash(QCryptoBlock *block);

/* Frees @block, wiping all key material. NULL is allowed. */
void qcrypto_block_free(QCryptoBlock *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QCryptoBlock, qcrypto_block_free)

/*
 * Sector-wise helpers shared by the formats: for each @sectorsize sector
 * of @buf, whose first sector has number @offset / @sectorsize, compute
 * its IV with @ivgen (@niv bytes; none if 0), set it, and en/decrypt it.
 */
int qcrypto_block_cipher_decrypt_helper(QCryptoCipher *cipher, size_t niv,
                                        QCryptoIVGen *ivgen, int sectorsize,
                                        uint64_t offset, uint8_t *buf,
                                        size_t len, Error **errp);
int qcrypto_block_cipher_encrypt_helper(QCryptoCipher *cipher, size_t niv,
                                        QCryptoIVGen *ivgen, int sectorsize,
                                        uint64_t offset, uint8_t *buf,
                                        size_t len, Error **errp);

#endif
