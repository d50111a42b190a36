/*
 * The LUKS anti-forensic splitter (see include/crypto/afsplit.h).
 */
#include "qemu/osdep.h"
#include "crypto/afsplit.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "crypto/wipe.h"

static void xor_into(uint8_t *dst, const uint8_t *a, const uint8_t *b,
                     size_t len)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = a[i] ^ b[i];
    }
}

/* Replace @block by its diffusion: H(be32(i) || piece i) for each piece. */
static int afsplit_diffuse(QCryptoHashAlgorithm hash, size_t blocklen,
                           uint8_t *block, Error **errp)
{
    size_t dlen = qcrypto_hash_digest_len(hash);
    uint8_t digest[QCRYPTO_HASH_MAX_DIGEST_LEN];
    int ret = 0;

    for (size_t off = 0, i = 0; off < blocklen; off += dlen, i++) {
        size_t piece = MIN(dlen, blocklen - off);
        uint8_t be_index[4] = { i >> 24, i >> 16, i >> 8, i };
        struct iovec iov[2] = {
            { .iov_base = be_index, .iov_len = sizeof(be_index) },
            { .iov_base = block + off, .iov_len = piece },
        };
        uint8_t *result = digest;
        size_t resultlen = dlen;

        if (qcrypto_hash_bytesv(hash, iov, 2, &result, &resultlen, errp) < 0) {
            ret = -1;
            break;
        }
        memcpy(block + off, digest, piece);
    }
    qcrypto_wipe(digest, sizeof(digest));
    return ret;
}

static bool afsplit_check(QCryptoHashAlgorithm hash, size_t blocklen,
                          uint32_t stripes, Error **errp)
{
    if (!qcrypto_hash_supports(hash)) {
        error_setg(errp, "Unsupported hash algorithm %d for the AF splitter",
                   hash);
        return false;
    }
    if (stripes == 0 || blocklen == 0) {
        error_setg(errp, "AF splitter needs at least one stripe and one byte");
        return false;
    }
    return true;
}

int qcrypto_afsplit_encode(QCryptoHashAlgorithm hash, size_t blocklen,
                           uint32_t stripes, const uint8_t *in, uint8_t *out,
                           Error **errp)
{
    uint8_t *block;
    int ret = -1;

    if (!afsplit_check(hash, blocklen, stripes, errp)) {
        return -1;
    }
    block = g_malloc0(blocklen);
    for (uint32_t i = 0; i < stripes - 1; i++) {
        uint8_t *stripe = out + (size_t)i * blocklen;

        if (qcrypto_random_bytes(stripe, blocklen, errp) < 0) {
            goto out;
        }
        xor_into(block, block, stripe, blocklen);
        if (afsplit_diffuse(hash, blocklen, block, errp) < 0) {
            goto out;
        }
    }
    xor_into(out + (size_t)(stripes - 1) * blocklen, block, in, blocklen);
    ret = 0;
out:
    qcrypto_wipe_free(block, blocklen);
    return ret;
}

int qcrypto_afsplit_decode(QCryptoHashAlgorithm hash, size_t blocklen,
                           uint32_t stripes, const uint8_t *in, uint8_t *out,
                           Error **errp)
{
    uint8_t *block;
    int ret = -1;

    if (!afsplit_check(hash, blocklen, stripes, errp)) {
        return -1;
    }
    block = g_malloc0(blocklen);
    for (uint32_t i = 0; i < stripes - 1; i++) {
        xor_into(block, block, in + (size_t)i * blocklen, blocklen);
        if (afsplit_diffuse(hash, blocklen, block, errp) < 0) {
            goto out;
        }
    }
    xor_into(out, block, in + (size_t)(stripes - 1) * blocklen, blocklen);
    ret = 0;
out:
    qcrypto_wipe_free(block, blocklen);
    return ret;
}
