/*
 * Tests for crypto/ivgen.h. The ESSIV answers were computed independently
 * (AES-256-ECB keyed by SHA-256(key) over the little-endian sector).
 */
#include "qemu/osdep.h"
#include "crypto/ivgen.h"

typedef struct IVGenVector {
    const char *path;
    QCryptoIVGenAlgorithm alg;
    QCryptoCipherAlgorithm cipher;
    QCryptoHashAlgorithm hash;
    uint64_t sector;
    size_t niv;
    const char *iv;     /* hex */
} IVGenVector;

static const IVGenVector vectors[] = {
    { "/crypto/ivgen/plain/small", QCRYPTO_IVGEN_ALG_PLAIN, 0, 0,
      0x1, 16, "01000000000000000000000000000000" },
    { "/crypto/ivgen/plain/truncated", QCRYPTO_IVGEN_ALG_PLAIN, 0, 0,
      0x1122334455667788ULL, 16, "88776655000000000000000000000000" },
    { "/crypto/ivgen/plain64/full", QCRYPTO_IVGEN_ALG_PLAIN64, 0, 0,
      0x1122334455667788ULL, 16, "88776655443322110000000000000000" },
    { "/crypto/ivgen/plain64/short-iv", QCRYPTO_IVGEN_ALG_PLAIN64, 0, 0,
      0x1122334455667788ULL, 8, "8877665544332211" },
    { "/crypto/ivgen/essiv/1", QCRYPTO_IVGEN_ALG_ESSIV,
      QCRYPTO_CIPHER_ALG_AES_256, QCRYPTO_HASH_ALG_SHA256,
      0x1, 16, "c10509c8cf7d6eee55d7205db7845a6f" },
    { "/crypto/ivgen/essiv/large", QCRYPTO_IVGEN_ALG_ESSIV,
      QCRYPTO_CIPHER_ALG_AES_256, QCRYPTO_HASH_ALG_SHA256,
      0x1234567890ULL, 16, "f9a954422813c1607612d19a7bc600ba" },
};

static void test_vector(const void *opaque)
{
    const IVGenVector *v = opaque;
    uint8_t key[16];
    uint8_t iv[32];
    char hex[65] = "";
    g_autoptr(QCryptoIVGen) ivgen = NULL;

    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = i;
    }
    ivgen = qcrypto_ivgen_new(v->alg, v->cipher, v->hash, key, sizeof(key),
                              &error_abort);
    g_assert_cmpint(qcrypto_ivgen_get_algorithm(ivgen), ==, v->alg);
    memset(iv, 0xaa, sizeof(iv));
    g_assert_cmpint(qcrypto_ivgen_calculate(ivgen, v->sector, iv, v->niv,
                                            &error_abort), ==, 0);
    for (size_t i = 0; i < v->niv; i++) {
        snprintf(hex + 2 * i, 3, "%02x", iv[i]);
    }
    g_assert_cmpstr(hex, ==, v->iv);
    g_assert_cmphex(iv[v->niv], ==, 0xaa);     /* nothing written past niv */
}

static void test_errors(void)
{
    uint8_t key[16] = { 0 };
    Error *err = NULL;

    g_assert_null(qcrypto_ivgen_new(QCRYPTO_IVGEN_ALG__MAX, 0, 0, key, 16, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unknown IV generator algorithm 3");
    error_free(err);
    err = NULL;

    g_assert_null(qcrypto_ivgen_new(QCRYPTO_IVGEN_ALG_ESSIV,
                                    QCRYPTO_CIPHER_ALG_AES_128,
                                    QCRYPTO_HASH_ALG__MAX, key, 16, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unsupported hash algorithm 7 for ESSIV");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_test_add_data_func(vectors[i].path, &vectors[i], test_vector);
    }
    g_test_add_func("/crypto/ivgen/errors", test_errors);
    return g_test_run();
}
