/*
 * The legacy qcow/qcow2 "aes" encryption: AES-128-CBC with plain64 IVs
 * over 512-byte sectors, keyed directly by the first 16 bytes of the
 * passphrase (zero padded). It has no header and no key check, so a wrong
 * passphrase cannot be detected. It is flawed by design: supported for
 * opening only, so that old images can be converted out.
 */
#include "qemu/osdep.h"
#include "crypto/wipe.h"
#include "block-priv.h"

#define QCRYPTO_BLOCK_QCOW_SECTOR_SIZE 512
#define QCRYPTO_BLOCK_QCOW_KEY_LEN 16

static bool qcow_open(QCryptoBlock *block,
                      const QCryptoBlockOpenOptions *options,
                      const QCryptoBlockKey *pass,
                      QCryptoBlockReadFunc readfunc, void *opaque,
                      unsigned int flags, unsigned int n_threads,
                      Error **errp)
{
    uint8_t key[QCRYPTO_BLOCK_QCOW_KEY_LEN];
    bool ok = false;

    block->cipher_alg = QCRYPTO_CIPHER_ALG_AES_128;
    block->cipher_mode = QCRYPTO_CIPHER_MODE_CBC;
    block->sector_size = QCRYPTO_BLOCK_QCOW_SECTOR_SIZE;
    block->payload_offset = 0;
    block->niv = qcrypto_cipher_get_iv_len(block->cipher_alg, block->cipher_mode);
    if (flags & QCRYPTO_BLOCK_OPEN_NO_IO) {
        return true;
    }
    if (!pass->data) {
        error_setg(errp, "Parameter 'key-secret' is required for cipher");
        return false;
    }
    memset(key, 0, sizeof(key));
    memcpy(key, pass->data, MIN(pass->len, sizeof(key)));
    block->ivgen = qcrypto_ivgen_new(QCRYPTO_IVGEN_ALG_PLAIN64,
                                     block->cipher_alg, 0, key, sizeof(key),
                                     errp);
    if (block->ivgen &&
        qcrypto_block_init_cipher(block, block->cipher_alg, block->cipher_mode,
                                  key, sizeof(key), n_threads, errp)) {
        ok = true;
    }
    qcrypto_wipe(key, sizeof(key));
    return ok;
}

const QCryptoBlockDriver qcrypto_block_driver_qcow = {
    .open = qcow_open,
};
