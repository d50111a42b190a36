/*
 * HMAC on nettle's generic hmac_* functions.
 */
#include "qemu/osdep.h"
#include <nettle/hmac.h>
#include "crypto/wipe.h"
#include "hash-priv.h"
#include "hmac-priv.h"

bool qcrypto_hmac_supports(QCryptoHashAlgorithm alg)
{
    return qcrypto_hash_supports(alg);
}

QCryptoHmac *qcrypto_hmac_new(QCryptoHashAlgorithm alg, const uint8_t *key,
                              size_t nkey, Error **errp)
{
    const struct nettle_hash *hash = qcrypto_hash_nettle(alg, errp);
    QCryptoHmac *hmac;

    if (!hash) {
        return NULL;
    }
    hmac = g_new0(QCryptoHmac, 1);
    hmac->alg = alg;
    hmac->hash = hash;
    hmac->outer = g_malloc0(hash->context_size);
    hmac->inner = g_malloc0(hash->context_size);
    hmac->state = g_malloc0(hash->context_size);
    hmac_set_key(hmac->outer, hmac->inner, hmac->state, hash, nkey, key);
    return hmac;
}

void qcrypto_hmac_free(QCryptoHmac *hmac)
{
    if (!hmac) {
        return;
    }
    qcrypto_wipe_free(hmac->outer, hmac->hash->context_size);
    qcrypto_wipe_free(hmac->inner, hmac->hash->context_size);
    qcrypto_wipe_free(hmac->state, hmac->hash->context_size);
    g_free(hmac);
}

void qcrypto_hmac_nettle_update(void *opaque, size_t len, const uint8_t *data)
{
    QCryptoHmac *hmac = opaque;

    hmac_update(hmac->state, hmac->hash, len, data);
}

void qcrypto_hmac_nettle_digest(void *opaque, size_t len, uint8_t *digest)
{
    QCryptoHmac *hmac = opaque;

    hmac_digest(hmac->outer, hmac->inner, hmac->state, hmac->hash, len, digest);
}

int qcrypto_hmac_bytesv(QCryptoHmac *hmac, const struct iovec *iov,
                        size_t niov, uint8_t **result, size_t *resultlen,
                        Error **errp)
{
    size_t dlen = hmac->hash->digest_size;

    if (*resultlen == 0) {
        *resultlen = dlen;
        *result = g_malloc0(dlen);
    } else if (*resultlen != dlen) {
        error_setg(errp, "Result buffer size %zu is not the HMAC-%s size %zu",
                   *resultlen, qcrypto_hash_alg_str(hmac->alg), dlen);
        return -1;
    }
    for (size_t i = 0; i < niov; i++) {
        qcrypto_hmac_nettle_update(hmac, iov[i].iov_len, iov[i].iov_base);
    }
    qcrypto_hmac_nettle_digest(hmac, dlen, *result);
    return 0;
}

int qcrypto_hmac_bytes(QCryptoHmac *hmac, const char *buf, size_t len,
                       uint8_t **result, size_t *resultlen, Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = len };

    return qcrypto_hmac_bytesv(hmac, &iov, 1, result, resultlen, errp);
}

int qcrypto_hmac_digestv(QCryptoHmac *hmac, const struct iovec *iov,
                         size_t niov, char **digest, Error **errp)
{
    g_autofree uint8_t *result = NULL;
    size_t resultlen = 0;

    if (qcrypto_hmac_bytesv(hmac, iov, niov, &result, &resultlen, errp) < 0) {
        return -1;
    }
    *digest = qcrypto_hash_bytes_to_hex(result, resultlen);
    return 0;
}

int qcrypto_hmac_digest(QCryptoHmac *hmac, const char *buf, size_t len,
                        char **digest, Error **errp)
{
    struct iovec iov = { .iov_base = (char *)buf, .iov_len = len };

    return qcrypto_hmac_digestv(hmac, &iov, 1, digest, errp);
}
