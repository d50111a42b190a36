/*
 * PBKDF2 (RFC 8018 section 5.2) with HMAC over any crypto/hash.h algorithm,
 * plus the calibration that turns a target time into an iteration count.
 */
#ifndef CRYPTO_PBKDF_H
#define CRYPTO_PBKDF_H

#include "qemu/error.h"
#include "crypto/crypto-types.h"

bool qcrypto_pbkdf2_supports(QCryptoHashAlgorithm hash);

/*
 * Derive @nout bytes into @out from the password @key with @salt and
 * @iterations rounds (1 .. UINT32_MAX). Returns 0, or -1 with @errp set.
 */
int qcrypto_pbkdf2(QCryptoHashAlgorithm hash,
                   const uint8_t *key, size_t nkey,
                   const uint8_t *salt, size_t nsalt,
                   uint64_t iterations,
                   uint8_t *out, size_t nout,
                   Error **errp);

/*
 * How many iterations of qcrypto_pbkdf2() with these parameters this
 * thread completes per second of its own CPU time. The measurement grows
 * its trial count until it has used enough CPU time to be meaningful, so
 * it does not depend on clock granularity or on other load on the
 * machine. Returns the rate (> 0), or 0 with @errp set.
 */
uint64_t qcrypto_pbkdf2_count_iters(QCryptoHashAlgorithm hash,
                                    const uint8_t *key, size_t nkey,
                                    const uint8_t *salt, size_t nsalt,
                                    size_t nout,
                                    Error **errp);

#endif
