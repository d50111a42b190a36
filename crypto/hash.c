/*
 * Message digests on nettle.
 */
#include "qemu/osdep.h"
#include "crypto/hash.h"
#include "crypto/wipe.h"
#include "hash-priv.h"

const struct nettle_hash *qcrypto_hash_nettle(QCryptoHashAlgorithm alg,
                                              Error **errp)
{
    switch (alg) {
    case QCRYPTO_HASH_ALG_MD5: return &nettle_md5;
    case QCRYPTO_HASH_ALG_SHA1: return &nettle_sha1;
    case QCRYPTO_HASH_ALG_SHA224: return &nettle_sha224;
    case QCRYPTO_HASH_ALG_SHA256: return &nettle_sha256;
    case QCRYPTO_HASH_ALG_SHA384: return &nettle_sha384;
    case QCRYPTO_HASH_ALG_SHA512: return &nettle_sha512;
    case QCRYPTO_HASH_ALG_RIPEMD160: return &nettle_ripemd160;
    default:
        error_setg(errp, "Unsupported hash algorithm %d", alg);
        return NULL;
    }
}

bool qcrypto_hash_supports(QCryptoHashAlgorithm alg)
{
    return qcrypto_hash_nettle(alg, NULL) != NULL;
}

size_t qcrypto_hash_digest_len(QCryptoHashAlgorithm alg)
{
    const struct nettle_hash *h = qcrypto_hash_nettle(alg, NULL);

    return h ? h->digest_size : 0;
}

int qcrypto_hash_bytesv(QCryptoHashAlgorithm alg, const struct iovec *iov,
                        size_t niov, uint8_t **result, size_t *resultlen,
                        Error **errp)
{
    const struct nettle_hash *h = qcrypto_hash_nettle(alg, errp);
    void *ctx;

    if (!h) {
        return -1;
    }
    if (*resultlen == 0) {
        *resultlen = h->digest_size;
        *result = g_malloc0(*resultlen);
    } else if (*resultlen != h->digest_size) {
        error_setg(errp, "Result buffer size %zu is not the %s digest size %u",
                   *resultlen, qcrypto_hash_alg_str(alg), h->digest_size);
        return -1;
    }
    ctx = g_alloca(h->context_size);
    h->init(ctx);
    for (size_t i = 0; i < niov; i++) {
        h->update(ctx, iov[i].iov_len, iov[i].iov_base);
    }
    h->digest(ctx, h->digest_size, *result);
    /* the state may have absorbed key material (AF splitter, ESSIV) */
    qcrypto_wipe(ctx, h->context_size);
    return 0;
}

char *qcrypto_hash_bytes_to_hex(const uint8_t *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = g_malloc(len * 2 + 1);

    for (size_t i = 0; i < len; i++) {
        hex[i * 2] = digits[buf[i] >> 4];
        hex[i * 2 + 1] = digits[buf[i] & 0xf];
    }
    hex[len * 2] = '\0';
    return hex;
}

int qcrypto_hash_bytes(QCryptoHashAlgorithm alg, const char *buf, size_t len,
                       uint8_t **result, size_t *resultlen, Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = len };

    return qcrypto_hash_bytesv(alg, &iov, 1, result, resultlen, errp);
}

int qcrypto_hash_digestv(QCryptoHashAlgorithm alg, const struct iovec *iov,
                         size_t niov, char **digest, Error **errp)
{
    g_autofree uint8_t *result = NULL;
    size_t resultlen = 0;

    if (qcrypto_hash_bytesv(alg, iov, niov, &result, &resultlen, errp) < 0) {
        return -1;
    }
    *digest = qcrypto_hash_bytes_to_hex(result, resultlen);
    return 0;
}

int qcrypto_hash_digest(QCryptoHashAlgorithm alg, const char *buf, size_t len,
                        char **digest, Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = len };

    return qcrypto_hash_digestv(alg, &iov, 1, digest, errp);
}

int qcrypto_hash_base64v(QCryptoHashAlgorithm alg, const struct iovec *iov,
                         size_t niov, char **base64, Error **errp)
{
    g_autofree uint8_t *result = NULL;
    size_t resultlen = 0;

    if (qcrypto_hash_bytesv(alg, iov, niov, &result, &resultlen, errp) < 0) {
        return -1;
    }
    *base64 = g_base64_encode(result, resultlen);
    return 0;
}

int qcrypto_hash_base64(QCryptoHashAlgorithm alg, const char *buf, size_t len,
                        char **base64, Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = len };

    return qcrypto_hash_base64v(alg, &iov, 1, base64, errp);
}
