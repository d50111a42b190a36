/*
 * PBKDF2 over our HMAC state, and the iteration-count calibration.
 */
#include "qemu/osdep.h"
#include <time.h>
#include "crypto/pbkdf.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "crypto/wipe.h"
#include "hmac-priv.h"

/* Thread CPU time the calibration must consume before it trusts a rate. */
#define PBKDF2_CALIBRATE_MIN_NS (25 * 1000 * 1000ULL)
#define PBKDF2_CALIBRATE_FIRST_ITERS (1 << 10)
#define PBKDF2_CALIBRATE_MAX_ITERS UINT32_MAX

bool qcrypto_pbkdf2_supports(QCryptoHashAlgorithm hash)
{
    return qcrypto_hmac_supports(hash);
}

/*
 * One output block of RFC 8018 section 5.2: T = U1 ^ U2 ^ ... ^ Uc with
 * U1 = PRF(P, S || INT(i)) and Uj = PRF(P, Uj-1). Own loop rather than
 * nettle's pbkdf2() so that U and T, which hold derived key material,
 * are wiped.
 */
static void pbkdf2_block(QCryptoHmac *hmac, const uint8_t *salt, size_t nsalt,
                         uint32_t index, uint64_t iterations,
                         uint8_t *t, uint8_t *u, size_t dlen)
{
    uint8_t be_index[4] = { index >> 24, index >> 16, index >> 8, index };

    qcrypto_hmac_nettle_update(hmac, nsalt, salt);
    qcrypto_hmac_nettle_update(hmac, sizeof(be_index), be_index);
    qcrypto_hmac_nettle_digest(hmac, dlen, u);
    memcpy(t, u, dlen);
    for (uint64_t j = 1; j < iterations; j++) {
        qcrypto_hmac_nettle_update(hmac, dlen, u);
        qcrypto_hmac_nettle_digest(hmac, dlen, u);
        for (size_t k = 0; k < dlen; k++) {
            t[k] ^= u[k];
        }
    }
}

int qcrypto_pbkdf2(QCryptoHashAlgorithm hash,
                   const uint8_t *key, size_t nkey,
                   const uint8_t *salt, size_t nsalt,
                   uint64_t iterations,
                   uint8_t *out, size_t nout,
                   Error **errp)
{
    g_autoptr(QCryptoHmac) hmac = NULL;
    uint8_t t[QCRYPTO_HASH_MAX_DIGEST_LEN], u[QCRYPTO_HASH_MAX_DIGEST_LEN];
    size_t dlen;

    if (iterations == 0 || iterations > UINT32_MAX) {
        error_setg(errp, "PBKDF2 iteration count %" PRIu64
                   " is out of range 1 to %u", iterations, UINT32_MAX);
        return -1;
    }
    if (nout == 0) {
        error_setg(errp, "PBKDF2 output length must not be zero");
        return -1;
    }
    hmac = qcrypto_hmac_new(hash, key, nkey, errp);
    if (!hmac) {
        return -1;
    }
    dlen = hmac->hash->digest_size;
    for (uint32_t i = 1; nout > 0; i++) {
        size_t n = MIN(nout, dlen);

        pbkdf2_block(hmac, salt, nsalt, i, iterations, t, u, dlen);
        memcpy(out, t, n);
        out += n;
        nout -= n;
    }
    qcrypto_wipe(t, sizeof(t));
    qcrypto_wipe(u, sizeof(u));
    return 0;
}

/* Nanoseconds of CPU time used by this thread (monotonic as a fallback). */
static bool thread_cpu_ns(uint64_t *ns, Error **errp)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) < 0 &&
        clock_gettime(CLOCK_MONOTONIC, &ts) < 0) {
        error_setg_errno(errp, errno, "Unable to read the CPU time clock");
        return false;
    }
    *ns = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
    return true;
}

uint64_t qcrypto_pbkdf2_count_iters(QCryptoHashAlgorithm hash,
                                    const uint8_t *key, size_t nkey,
                                    const uint8_t *salt, size_t nsalt,
                                    size_t nout,
                                    Error **errp)
{
    uint64_t iterations = PBKDF2_CALIBRATE_FIRST_ITERS;
    g_autofree uint8_t *out = NULL;
    uint64_t start, end, used;
    uint64_t rate = 0;

    if (!qcrypto_pbkdf2_supports(hash)) {
        error_setg(errp, "Unsupported hash algorithm %d for PBKDF2", hash);
        return 0;
    }
    out = g_malloc0(nout ? nout : 1);
    for (;;) {
        if (!thread_cpu_ns(&start, errp) ||
            qcrypto_pbkdf2(hash, key, nkey, salt, nsalt, iterations,
                           out, nout ? nout : 1, errp) < 0 ||
            !thread_cpu_ns(&end, errp)) {
            break;
        }
        used = end - start;
        if (used >= PBKDF2_CALIBRATE_MIN_NS ||
            iterations >= PBKDF2_CALIBRATE_MAX_ITERS) {
            /* at the cap, a non-zero measurement is all we can get */
            rate = used ? iterations * 1000000000ULL / used : UINT64_MAX;
            rate = rate ? rate : 1;
            break;
        }
        /*
         * Aim 25% past the threshold from what we saw, but grow at most
         * 16x per round so that a too-coarse first reading cannot make us
         * spend seconds.
         */
        if (used == 0 || iterations * (PBKDF2_CALIBRATE_MIN_NS * 5 / 4) / used
                         > iterations * 16) {
            iterations *= 16;
        } else {
            iterations = iterations * (PBKDF2_CALIBRATE_MIN_NS * 5 / 4) / used;
        }
        iterations = MIN(iterations, (uint64_t)PBKDF2_CALIBRATE_MAX_ITERS);
    }
    qcrypto_wipe(out, nout ? nout : 1);
    return rate;
}
