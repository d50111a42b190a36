/*
 * Tests for the LUKS anti-forensic splitter. The decode answers come from
 * an independent implementation of the LUKS1 specification's AFmerge.
 */
#include "qemu/osdep.h"
#include "crypto/afsplit.h"

typedef struct AFVector {
    const char *path;
    QCryptoHashAlgorithm hash;
    size_t blocklen;
    uint32_t stripes;
    unsigned mul, add;      /* split material byte i = (i * mul + add) % 256 */
    const char *merged;     /* hex */
} AFVector;

static const AFVector vectors[] = {
    { "/crypto/afsplit/decode/sha1-partial-piece", QCRYPTO_HASH_ALG_SHA1,
      40, 3, 3, 0,
      "efd6ea4d6b1bcb1193a53bdb07f5c2c0cc8d6ca7e0af69b9370d918a6a19c9d5"
      "66de73c64a737045" },
    { "/crypto/afsplit/decode/sha256", QCRYPTO_HASH_ALG_SHA256,
      32, 4, 7, 1,
      "874c1510a3ae6f6d5d150a35cb11cf776f7819d22d46ca3df8541c0e093b4672" },
};

static void test_decode(const void *opaque)
{
    const AFVector *v = opaque;
    size_t n = v->blocklen * v->stripes;
    g_autofree uint8_t *split = g_malloc(n);
    g_autofree uint8_t *out = g_malloc(v->blocklen);
    g_autofree char *hex = g_malloc0(v->blocklen * 2 + 1);

    for (size_t i = 0; i < n; i++) {
        split[i] = (i * v->mul + v->add) % 256;
    }
    g_assert_cmpint(qcrypto_afsplit_decode(v->hash, v->blocklen, v->stripes,
                                           split, out, &error_abort), ==, 0);
    for (size_t i = 0; i < v->blocklen; i++) {
        snprintf(hex + 2 * i, 3, "%02x", out[i]);
    }
    g_assert_cmpstr(hex, ==, v->merged);
}

/* Split then merge gives the key back; damage to any stripe destroys it. */
static void test_roundtrip(void)
{
    const size_t blocklen = 64;
    const uint32_t stripes = 4000;
    uint8_t key[64], out[64];
    g_autofree uint8_t *split = g_malloc(blocklen * stripes);
    g_autofree uint8_t *again = g_malloc(blocklen * stripes);

    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = i * 5 + 3;
    }
    g_assert_cmpint(qcrypto_afsplit_encode(QCRYPTO_HASH_ALG_SHA256, blocklen,
                                           stripes, key, split,
                                           &error_abort), ==, 0);
    g_assert_cmpint(qcrypto_afsplit_decode(QCRYPTO_HASH_ALG_SHA256, blocklen,
                                           stripes, split, out,
                                           &error_abort), ==, 0);
    g_assert_cmpmem(out, sizeof(out), key, sizeof(key));

    /* random stripes: a second split differs */
    g_assert_cmpint(qcrypto_afsplit_encode(QCRYPTO_HASH_ALG_SHA256, blocklen,
                                           stripes, key, again,
                                           &error_abort), ==, 0);
    g_assert_true(memcmp(split, again, blocklen * stripes) != 0);

    split[blocklen * 1234 + 7] ^= 1;
    qcrypto_afsplit_decode(QCRYPTO_HASH_ALG_SHA256, blocklen, stripes, split,
                           out, &error_abort);
    g_assert_true(memcmp(out, key, sizeof(key)) != 0);
}

static void test_errors(void)
{
    uint8_t buf[64] = { 0 };
    Error *err = NULL;

    g_assert_cmpint(qcrypto_afsplit_decode(QCRYPTO_HASH_ALG_SHA1, 32, 0,
                                           buf, buf, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "AF splitter needs at least one stripe and one byte");
    error_free(err);
    err = NULL;
    g_assert_cmpint(qcrypto_afsplit_encode(QCRYPTO_HASH_ALG__MAX, 32, 2,
                                           buf, buf, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Unsupported hash algorithm 7 for the AF splitter");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_test_add_data_func(vectors[i].path, &vectors[i], test_decode);
    }
    g_test_add_func("/crypto/afsplit/roundtrip", test_roundtrip);
    g_test_add_func("/crypto/afsplit/errors", test_errors);
    return g_test_run();
}
