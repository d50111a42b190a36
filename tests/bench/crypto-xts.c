/*
 * AES-XTS disk encryption throughput through the qcrypto API, one core.
 *
 * Each sector is one XTS data unit with its own plain64 IV, exactly as
 * the LUKS payload path does it (qcrypto_block_cipher_*_helper). Prints
 * one line per (cipher, sector size):
 *   AES-256-XTS 512 encrypt=4.41 decrypt=4.38 nettle=0.60 gnutls16k=6.1
 *       gnutls-sector=4.6 GB/s backend=gnutls
 * where "nettle" is the same work on nettle's XTS (what QEMU 7.2 uses) and
 * "gnutls16k" is gnutls's own API on 16 KiB units, the way
 * gnutls-cli --benchmark-ciphers measures it, and "gnutls-sector" the
 * same API called once per sector (the floor of any per-sector design).
 *
 * Time is this thread's CPU time, so the figures mean "one core" even
 * when other processes share the machine.
 *
 * Usage: crypto-xts [seconds-per-figure]   (default 1)
 */
#include "qemu/osdep.h"
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include "crypto/block.h"
#include "crypto/cipher.h"
#include "crypto/ivgen.h"
#include "crypto/random.h"

#define BUF_LEN (1024 * 1024)

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* GB/s (10^9 bytes per second) of @cipher over @buf for @seconds. */
static double measure(QCryptoCipher *cipher, QCryptoIVGen *ivgen,
                      size_t sector, bool encrypt, uint8_t *buf,
                      double seconds)
{
    double start = now(), elapsed;
    uint64_t bytes = 0, offset = 0;

    do {
        int ret;

        if (encrypt) {
            ret = qcrypto_block_cipher_encrypt_helper(cipher, 16, ivgen, sector,
                                                      offset, buf, BUF_LEN,
                                                      &error_abort);
        } else {
            ret = qcrypto_block_cipher_decrypt_helper(cipher, 16, ivgen, sector,
                                                      offset, buf, BUF_LEN,
                                                      &error_abort);
        }
        if (ret < 0) {
            exit(1);
        }
        bytes += BUF_LEN;
        offset += BUF_LEN;
        elapsed = now() - start;
    } while (elapsed < seconds);
    return bytes / elapsed / 1e9;
}

/* gnutls's API directly: @unit bytes per call, a fresh IV per call. */
static double measure_gnutls(QCryptoCipherAlgorithm alg, uint8_t *key,
                             size_t nkey, uint8_t *buf, size_t unit,
                             double seconds)
{
    gnutls_datum_t gkey = { .data = key, .size = nkey };
    gnutls_cipher_hd_t h;
    uint8_t iv[16] = { 0 };
    double start, elapsed;
    uint64_t bytes = 0;

    if (gnutls_cipher_init(&h, alg == QCRYPTO_CIPHER_ALG_AES_128 ?
                           GNUTLS_CIPHER_AES_128_XTS : GNUTLS_CIPHER_AES_256_XTS,
                           &gkey, NULL) < 0) {
        return 0;
    }
    start = now();
    do {
        for (size_t off = 0; off < BUF_LEN; off += unit) {
            iv[0]++;
            gnutls_cipher_set_iv(h, iv, sizeof(iv));
            gnutls_cipher_encrypt2(h, buf + off, unit, buf + off, unit);
        }
        bytes += BUF_LEN;
        elapsed = now() - start;
    } while (elapsed < seconds);
    gnutls_cipher_deinit(h);
    return bytes / elapsed / 1e9;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        QCryptoCipherAlgorithm alg;
    } algs[] = {
        { "AES-128-XTS", QCRYPTO_CIPHER_ALG_AES_128 },
        { "AES-256-XTS", QCRYPTO_CIPHER_ALG_AES_256 },
    };
    static const size_t sectors[] = { 512, 4096 };
    double seconds = argc > 1 ? g_ascii_strtod(argv[1], NULL) : 1.0;
    g_autofree uint8_t *buf = g_malloc(BUF_LEN);
    uint8_t key[64];

    if (seconds <= 0) {
        fprintf(stderr, "usage: %s [seconds-per-figure]\n", argv[0]);
        return 1;
    }
    qcrypto_random_bytes(key, sizeof(key), &error_abort);
    qcrypto_random_bytes(buf, BUF_LEN, &error_abort);
    for (size_t a = 0; a < G_N_ELEMENTS(algs); a++) {
        size_t nkey = qcrypto_cipher_get_key_len(algs[a].alg) * 2;
        g_autoptr(QCryptoCipher) fast = NULL;
        g_autoptr(QCryptoCipher) ref = NULL;
        g_autoptr(QCryptoIVGen) ivgen = NULL;

        fast = qcrypto_cipher_new(algs[a].alg, QCRYPTO_CIPHER_MODE_XTS, key,
                                  nkey, &error_abort);
        ref = qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_NETTLE,
                                         algs[a].alg, QCRYPTO_CIPHER_MODE_XTS,
                                         key, nkey, &error_abort);
        ivgen = qcrypto_ivgen_new(QCRYPTO_IVGEN_ALG_PLAIN64, algs[a].alg, 0,
                                  key, nkey, &error_abort);
        for (size_t s = 0; s < G_N_ELEMENTS(sectors); s++) {
            double enc = measure(fast, ivgen, sectors[s], true, buf, seconds);
            double dec = measure(fast, ivgen, sectors[s], false, buf, seconds);
            double nettle = measure(ref, ivgen, sectors[s], true, buf,
                                    seconds / 2);
            double raw = measure_gnutls(algs[a].alg, key, nkey, buf, 16384,
                                        seconds);
            double raw_sector = measure_gnutls(algs[a].alg, key, nkey, buf,
                                               sectors[s], seconds);

            printf("%s %zu encrypt=%.2f decrypt=%.2f nettle=%.2f "
                   "gnutls16k=%.2f gnutls-sector=%.2f GB/s backend=%s\n",
                   algs[a].name, sectors[s], enc, dec, nettle, raw,
                   raw_sector, qcrypto_cipher_backend_name(fast));
            fflush(stdout);
        }
    }
    return 0;
}
