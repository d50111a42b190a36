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
#include "crypto/crypto-types.h"     /* and the generated option types */
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

/*
 * The options are the types generated from qapi/crypto.json:
 * QCryptoBlockOpenOptions, QCryptoBlockCreateOptions (LUKS: cipher-alg,
 * cipher-mode, ivgen-alg, ivgen-hash-alg, hash-alg, iter-time) and
 * QCryptoBlockAmendOptions (LUKS: state, keyslot, iter-time). Callers get
 * them from a QDict with the QAPI input visitor (block/crypto.c:
 * block_crypto_create_opts_init() & co.) or build them in C.
 *
 * The secret ids in them (key-secret, new-secret, old-secret) are
 * resolved by the caller, at the edge: the format code gets the bytes as
 * a QCryptoBlockKey and only quotes the id in its errors.
 */
typedef struct QCryptoBlockKey {
    const char *secret_id;          /* for error messages only; may be NULL */
    const uint8_t *data;            /* NULL: no key given */
    size_t len;
} QCryptoBlockKey;

/* The passphrases of an amend: what new-secret and old-secret hold. */
typedef struct QCryptoBlockAmendKeys {
    QCryptoBlockKey new_key;
    QCryptoBlockKey old_key;
} QCryptoBlockAmendKeys;

/*
 * Fill @key with the material of secret @secret_id (NULL: leave @key
 * empty, no error). Free it with qcrypto_block_key_clear(), which wipes
 * the bytes. Errors are those of qcrypto_secret_lookup().
 */
bool qcrypto_block_key_lookup(const char *secret_id, QCryptoBlockKey *key,
                              Error **errp);
void qcrypto_block_key_clear(QCryptoBlockKey *key);

/* Open flags */
#define QCRYPTO_BLOCK_OPEN_NO_IO (1 << 0)   /* header only: no key, no data */

/* Whether @buf (the start of an image) looks like @format's header. */
bool qcrypto_block_has_format(QCryptoBlockFormat format,
                              const uint8_t *buf, size_t buf_size);

/*
 * Open an existing encrypted volume: read and check the header, unlock it
 * with @key (checked against the master-key digest, so a wrong passphrase
 * fails here, before any data is touched; @key->secret_id is normally
 * options->u.luks.key_secret). @n_threads ciphers (0 means 1) let that
 * many threads en/decrypt at once. With QCRYPTO_BLOCK_OPEN_NO_IO only the
 * header is read and checked (enough for qcrypto_block_get_info), @key
 * may be NULL, and the block cannot encrypt or decrypt.
 */
QCryptoBlock *qcrypto_block_open(const QCryptoBlockOpenOptions *options,
                                 const QCryptoBlockKey *key,
                                 QCryptoBlockReadFunc readfunc,
                                 void *opaque, unsigned int flags,
                                 unsigned int n_threads, Error **errp);

/*
 * Format a new volume whose key slot 0 holds @key: calls @initfunc once,
 * then writes the header.
 */
QCryptoBlock *qcrypto_block_create(const QCryptoBlockCreateOptions *options,
                                   const QCryptoBlockKey *key,
                                   QCryptoBlockInitFunc initfunc,
                                   QCryptoBlockWriteFunc writefunc,
                                   void *opaque, Error **errp);

/* Header size (payload offset) a create with @options would produce. */
bool qcrypto_block_calculate_payload_offset(const QCryptoBlockCreateOptions *options,
                                            uint64_t *len, Error **errp);

/*
 * Change key slots of an unlocked volume (LUKS):
 * - state=active: put @keys->new_key into keyslot (default: the first
 *   free one). Overwriting an active slot needs @force.
 * - state=inactive: erase keyslot, or every slot @keys->old_key unlocks.
 *   Erasing the last active slot (which loses all data) needs @force.
 */
int qcrypto_block_amend_options(QCryptoBlock *block,
                                QCryptoBlockReadFunc readfunc,
                                QCryptoBlockWriteFunc writefunc,
                                void *opaque,
                                const QCryptoBlockAmendOptions *options,
                                const QCryptoBlockAmendKeys *keys,
                                bool force, Error **errp);

/*
 * A description of the header (the generated QCryptoBlockInfo: for LUKS
 * the algorithms, offsets, UUID and the 8 slots in order); free with
 * qapi_free_QCryptoBlockInfo() or g_autoptr.
 */
QCryptoBlockInfo *qcrypto_block_get_info(QCryptoBlock *block, Error **errp);

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
