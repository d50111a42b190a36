/*
 * IV generators for sector-based disk encryption (the dm-crypt schemes):
 * - plain:   the sector number, truncated to 32 bits, little endian
 * - plain64: the sector number, 64 bits, little endian
 * - essiv:   plain64 encrypted (ECB) with @cipheralg keyed by @hash of the
 *            volume key ("encrypted salt-sector IV")
 * The IV is zero-padded to the requested length.
 */
#ifndef CRYPTO_IVGEN_H
#define CRYPTO_IVGEN_H

#include "qemu/error.h"
#include "crypto/crypto-types.h"

typedef struct QCryptoIVGen QCryptoIVGen;

/*
 * @cipheralg and @hash are used by essiv only; @key is the volume key.
 * Returns NULL with @errp set on failure.
 */
QCryptoIVGen *qcrypto_ivgen_new(QCryptoIVGenAlgorithm alg,
                                QCryptoCipherAlgorithm cipheralg,
                                QCryptoHashAlgorithm hash,
                                const uint8_t *key, size_t nkey,
                                Error **errp);

/* Write the IV of @sector into @iv (@niv bytes). 0, or -1 with @errp set. */
int qcrypto_ivgen_calculate(QCryptoIVGen *ivgen, uint64_t sector,
                            uint8_t *iv, size_t niv, Error **errp);

QCryptoIVGenAlgorithm qcrypto_ivgen_get_algorithm(QCryptoIVGen *ivgen);
QCryptoCipherAlgorithm qcrypto_ivgen_get_cipher(QCryptoIVGen *ivgen);
QCryptoHashAlgorithm qcrypto_ivgen_get_hash(QCryptoIVGen *ivgen);

void qcrypto_ivgen_free(QCryptoIVGen *ivgen);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QCryptoIVGen, qcrypto_ivgen_free)

#endif
