/*
 * The nettle HMAC state, shared with PBKDF2 (which drives it directly).
 */
#ifndef CRYPTO_HMAC_PRIV_H
#define CRYPTO_HMAC_PRIV_H

#include <nettle/nettle-meta.h>
#include "crypto/hmac.h"

struct QCryptoHmac {
    QCryptoHashAlgorithm alg;
    const struct nettle_hash *hash;
    void *outer;    /* hash state after absorbing key ^ opad */
    void *inner;    /* hash state after absorbing key ^ ipad */
    void *state;    /* working state, reset to inner after each digest */
};

/* nettle_hash_update_func / nettle_hash_digest_func shaped entry points */
void qcrypto_hmac_nettle_update(void *hmac, size_t len, const uint8_t *data);
void qcrypto_hmac_nettle_digest(void *hmac, size_t len, uint8_t *digest);

#endif
