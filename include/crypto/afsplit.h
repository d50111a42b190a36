/*
 * The LUKS anti-forensic information splitter (Clemens Fruhwirth, "TKS1").
 *
 * A key of @blocklen bytes is expanded to @stripes * @blocklen bytes such
 * that losing (overwriting) any part of the expansion destroys the key:
 * stripes 0..n-2 are random, each folded into a running block through the
 * diffuse function (a hash over the block, in digest-sized pieces, each
 * prefixed with its big-endian 32-bit index), and the last stripe is that
 * block XOR the key.
 */
#ifndef CRYPTO_AFSPLIT_H
#define CRYPTO_AFSPLIT_H

#include "qemu/error.h"
#include "crypto/crypto-types.h"

/* Split @in (@blocklen bytes) into @out (@blocklen * @stripes bytes). */
int qcrypto_afsplit_encode(QCryptoHashAlgorithm hash, size_t blocklen,
                           uint32_t stripes, const uint8_t *in, uint8_t *out,
                           Error **errp);

/* Merge @in (@blocklen * @stripes bytes) back into @out (@blocklen bytes). */
int qcrypto_afsplit_decode(QCryptoHashAlgorithm hash, size_t blocklen,
                           uint32_t stripes, const uint8_t *in, uint8_t *out,
                           Error **errp);

#endif
