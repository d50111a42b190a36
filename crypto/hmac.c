/*
 * HMAC on nettle's generic hmac_* functions.
 */
#include "qemu/osdep.h"
#include <nettle/hmac.h>
#include <nettle/memxor.h>
#include <nettle/sha2.h>
#include "crypto/wipe.h"
#include "hash-priv.h"
#include "hmac-priv.h"

bool qcrypto_hmac_supports(QCryptoHashAlgorithm alg)
{
    return qcrypto_hash_supports(alg);
}

/* Largest block size of the hashes in hash.c (SHA-384/512). */
#define HMAC_MAX_BLOCK_SIZE 128

/*
 * RFC 2104 key setup: outer = H(K ^ opad), inner = H(K ^ ipad), K hashed
 * first when longer than a block. Our own rather than nettle's
 * hmac_set_key(), which leaves K ^ pad (the key, trivially recovered) and
 * the hashed key in its stack frame; here those buffers are wiped.
 */
static void hmac_setup_key(QCryptoHmac *hmac, const uint8_t *key, size_t nkey)
{
    const struct nettle_hash *h = hmac->hash;
    uint8_t pad[HMAC_MAX_BLOCK_SIZE];
    uint8_t hashed[HMAC_MAX_BLOCK_SIZE];

    G_STATIC_ASSERT(SHA512_BLOCK_SIZE <= HMAC_MAX_BLOCK_SIZE);
    if (nkey > h->block_size) {
        h->init(hmac->state);
        h->update(hmac->state, nkey, key);
        h->digest(hmac->state, h->digest_size, hashed);
        key = hashed;
        nkey = h->digest_size;
    }
    memset(pad, 0x5c, h->block_size);
    memxor(pad, key, nkey);
    h->init(hmac->outer);
    h->update(hmac->outer, h->block_size, pad);
    memset(pad, 0x36, h->block_size);
    memxor(pad, key, nkey);
    h->init(hmac->inner);
    h->update(hmac->inner, h->block_size, pad);
    memcpy(hmac->state, hmac->inner, h->context_size);
    qcrypto_wipe(pad, sizeof(pad));
    qcrypto_wipe(hashed, sizeof(hashed));
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
    hmac_setup_key(hmac, key, nkey);
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

/* As nettle's hmac_digest(), but the inner hash on the stack is wiped. */
void qcrypto_hmac_nettle_digest(void *opaque, size_t len, uint8_t *digest)
{
    QCryptoHmac *hmac = opaque;
    const struct nettle_hash *h = hmac->hash;
    uint8_t inner[HMAC_MAX_BLOCK_SIZE];

    h->digest(hmac->state, h->digest_size, inner);
    memcpy(hmac->state, hmac->outer, h->context_size);
    h->update(hmac->state, h->digest_size, inner);
    h->digest(hmac->state, len, digest);
    memcpy(hmac->state, hmac->inner, h->context_size);
    qcrypto_wipe(inner, h->digest_size);
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
