/*
 * Tests for crypto/pbkdf.h: RFC 6070 (PBKDF2-HMAC-SHA1) and the widely
 * published PBKDF2-HMAC-SHA256 vectors (RFC 7914 section 11 among them),
 * plus the iteration-count calibration.
 */
#include "qemu/osdep.h"
#include <time.h>
#include "crypto/pbkdf.h"

typedef struct PbkdfVector {
    const char *path;
    QCryptoHashAlgorithm hash;
    const char *password;
    size_t npassword;
    const char *salt;
    size_t nsalt;
    uint64_t iterations;
    const char *out;        /* hex */
} PbkdfVector;

#define S(str) str, sizeof(str) - 1

static const PbkdfVector vectors[] = {
    { "/crypto/pbkdf2/rfc6070/1", QCRYPTO_HASH_ALG_SHA1,
      S("password"), S("salt"), 1,
      "0c60c80f961f0e71f3a9b524af6012062fe037a6" },
    { "/crypto/pbkdf2/rfc6070/2", QCRYPTO_HASH_ALG_SHA1,
      S("password"), S("salt"), 2,
      "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957" },
    { "/crypto/pbkdf2/rfc6070/3", QCRYPTO_HASH_ALG_SHA1,
      S("password"), S("salt"), 4096,
      "4b007901b765489abead49d926f721d065a429c1" },
    /* RFC 6070 test 4 (16777216 iterations) is left out: too slow */
    { "/crypto/pbkdf2/rfc6070/5", QCRYPTO_HASH_ALG_SHA1,
      S("passwordPASSWORDpassword"),
      S("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096,
      "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038" },
    { "/crypto/pbkdf2/rfc6070/6", QCRYPTO_HASH_ALG_SHA1,
      S("pass\0word"), S("sa\0lt"), 4096,
      "56fa6aa75548099dcc37d7f03425e0c3" },
    { "/crypto/pbkdf2/sha256/1", QCRYPTO_HASH_ALG_SHA256,
      S("password"), S("salt"), 1,
      "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
    { "/crypto/pbkdf2/sha256/2", QCRYPTO_HASH_ALG_SHA256,
      S("password"), S("salt"), 2,
      "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43" },
    { "/crypto/pbkdf2/sha256/4096", QCRYPTO_HASH_ALG_SHA256,
      S("password"), S("salt"), 4096,
      "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
    { "/crypto/pbkdf2/sha256/rfc7914-1", QCRYPTO_HASH_ALG_SHA256,
      S("passwd"), S("salt"), 1,
      "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
      "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" },
};

static void test_vector(const void *opaque)
{
    const PbkdfVector *v = opaque;
    size_t nout = strlen(v->out) / 2;
    g_autofree uint8_t *out = g_malloc0(nout);
    g_autofree char *hex = g_malloc0(nout * 2 + 1);

    g_assert_true(qcrypto_pbkdf2_supports(v->hash));
    g_assert_cmpint(qcrypto_pbkdf2(v->hash,
                                   (const uint8_t *)v->password, v->npassword,
                                   (const uint8_t *)v->salt, v->nsalt,
                                   v->iterations, out, nout, &error_abort), ==, 0);
    for (size_t i = 0; i < nout; i++) {
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    }
    g_assert_cmpstr(hex, ==, v->out);
}

static void test_errors(void)
{
    uint8_t out[20];
    Error *err = NULL;

    g_assert_cmpint(qcrypto_pbkdf2(QCRYPTO_HASH_ALG_SHA1, (const uint8_t *)"p", 1,
                                   (const uint8_t *)"s", 1, 0, out, 20, &err),
                    ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "PBKDF2 iteration count 0 is out of range 1 to 4294967295");
    error_free(err);
    err = NULL;
    g_assert_cmpint(qcrypto_pbkdf2(QCRYPTO_HASH_ALG_SHA1, (const uint8_t *)"p", 1,
                                   (const uint8_t *)"s", 1, 1ULL << 32, out, 20,
                                   &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "PBKDF2 iteration count 4294967296 is out of range 1 to "
                    "4294967295");
    error_free(err);
    err = NULL;
    g_assert_cmpint(qcrypto_pbkdf2(QCRYPTO_HASH_ALG__MAX, (const uint8_t *)"p", 1,
                                   (const uint8_t *)"s", 1, 1, out, 20, &err),
                    ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported hash algorithm 7");
    error_free(err);
    err = NULL;
    g_assert_cmpuint(qcrypto_pbkdf2_count_iters(QCRYPTO_HASH_ALG__MAX,
                                                (const uint8_t *)"p", 1,
                                                (const uint8_t *)"s", 1, 20,
                                                &err), ==, 0);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unsupported hash algorithm 7 for PBKDF2");
    error_free(err);
}

static uint64_t cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * The calibration always yields a rate, and the rate predicts CPU time.
 * This thread's CPU time does not grow while other processes hold the
 * cores, so the check holds on a loaded machine; the window is wide
 * (10x either way) to absorb frequency scaling.
 */
static void test_calibration(void)
{
    const uint8_t salt[32] = { 1 };
    uint8_t out[32];
    uint64_t rate, rate_long, iters, start, used_ns;

    for (int round = 0; round < 3; round++) {
        rate = qcrypto_pbkdf2_count_iters(QCRYPTO_HASH_ALG_SHA256,
                                          (const uint8_t *)"passphrase", 10,
                                          salt, sizeof(salt), 32, &error_abort);
        g_assert_cmpuint(rate, >, 1000);
    }
    /* run for about 20 ms by the calibrated rate */
    iters = MAX(rate / 50, 1);
    start = cpu_ns();
    qcrypto_pbkdf2(QCRYPTO_HASH_ALG_SHA256, (const uint8_t *)"passphrase", 10,
                   salt, sizeof(salt), iters, out, 32, &error_abort);
    used_ns = cpu_ns() - start;
    g_assert_cmpuint(used_ns, >, 2 * 1000 * 1000);
    g_assert_cmpuint(used_ns, <, 200 * 1000 * 1000);

    /* four output blocks cost four times one block */
    rate_long = qcrypto_pbkdf2_count_iters(QCRYPTO_HASH_ALG_SHA256,
                                           (const uint8_t *)"passphrase", 10,
                                           salt, sizeof(salt), 128, &error_abort);
    g_assert_cmpuint(rate_long * 2, <, rate);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_test_add_data_func(vectors[i].path, &vectors[i], test_vector);
    }
    g_test_add_func("/crypto/pbkdf2/errors", test_errors);
    g_test_add_func("/crypto/pbkdf2/calibration", test_calibration);
    return g_test_run();
}
