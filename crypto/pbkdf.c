/*
 * PBKDF2 on nettle's pbkdf2() driven by our HMAC state, and the
 * iteration-count calibration.
 */
#include "qemu/osdep.h"
#include <time.h>
#include <nettle/pbkdf2.h>
#include "crypto/pbkdf.h"
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

int qcrypto_pbkdf2(QCryptoHashAlgorithm hash,
                   const uint8_t *key, size_t nkey,
                   const uint8_t *salt, size_t nsalt,
                   uint64_t iterations,
                   uint8_t *out, size_t nout,
                   Error **errp)
{
    g_autoptr(QCryptoHmac) hmac = NULL;

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
    pbkdf2(hmac, qcrypto_hmac_nettle_update, qcrypto_hmac_nettle_digest,
           hmac->hash->digest_size, (unsigned)iterations, nsalt, salt,
           nout, out);
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
