/*
 * Known-answer tests for crypto/hash.h: the "abc" vectors of FIPS 180-4
 * (sha*), RFC 1321 (md5) and the RIPEMD-160 reference.
 */
#include "qemu/osdep.h"
#include "crypto/hash.h"

typedef struct HashVector {
    const char *path;
    QCryptoHashAlgorithm alg;
    const char *hex;        /* digest of "abc" */
    const char *base64;     /* same, base64 */
} HashVector;

static const HashVector vectors[] = {
    { "/crypto/hash/md5", QCRYPTO_HASH_ALG_MD5,
      "900150983cd24fb0d6963f7d28e17f72", "kAFQmDzST7DWlj99KOF/cg==" },
    { "/crypto/hash/sha1", QCRYPTO_HASH_ALG_SHA1,
      "a9993e364706816aba3e25717850c26c9cd0d89d",
      "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=" },
    { "/crypto/hash/sha224", QCRYPTO_HASH_ALG_SHA224,
      "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", NULL },
    { "/crypto/hash/sha256", QCRYPTO_HASH_ALG_SHA256,
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" },
    { "/crypto/hash/sha384", QCRYPTO_HASH_ALG_SHA384,
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
      "8086072ba1e7cc2358baeca134c825a7", NULL },
    { "/crypto/hash/sha512", QCRYPTO_HASH_ALG_SHA512,
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
      NULL },
    { "/crypto/hash/ripemd160", QCRYPTO_HASH_ALG_RIPEMD160,
      "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc", NULL },
};

static void test_vector(const void *opaque)
{
    const HashVector *v = opaque;
    g_autofree char *digest = NULL;
    g_autofree char *b64 = NULL;
    g_autofree uint8_t *result = NULL;
    size_t resultlen = 0;
    /* the same input split over three iovecs */
    struct iovec iov[3] = {
        { .iov_base = (char *)"a", .iov_len = 1 },
        { .iov_base = (char *)"", .iov_len = 0 },
        { .iov_base = (char *)"bc", .iov_len = 2 },
    };

    g_assert_true(qcrypto_hash_supports(v->alg));
    g_assert_cmpuint(qcrypto_hash_digest_len(v->alg), ==, strlen(v->hex) / 2);
    g_assert_cmpint(qcrypto_hash_digest(v->alg, "abc", 3, &digest,
                                        &error_abort), ==, 0);
    g_assert_cmpstr(digest, ==, v->hex);
    g_free(g_steal_pointer(&digest));
    g_assert_cmpint(qcrypto_hash_digestv(v->alg, iov, 3, &digest,
                                         &error_abort), ==, 0);
    g_assert_cmpstr(digest, ==, v->hex);

    g_assert_cmpint(qcrypto_hash_bytes(v->alg, "abc", 3, &result, &resultlen,
                                       &error_abort), ==, 0);
    g_assert_cmpuint(resultlen, ==, strlen(v->hex) / 2);
    for (size_t i = 0; i < resultlen; i++) {
        char byte[3];

        snprintf(byte, sizeof(byte), "%02x", result[i]);
        g_assert_cmpmem(byte, 2, v->hex + 2 * i, 2);
    }
    if (v->base64) {
        g_assert_cmpint(qcrypto_hash_base64(v->alg, "abc", 3, &b64,
                                            &error_abort), ==, 0);
        g_assert_cmpstr(b64, ==, v->base64);
    }
}

static void test_caller_buffer(void)
{
    uint8_t buf[32];
    uint8_t *result = buf;
    size_t resultlen = sizeof(buf);
    Error *err = NULL;

    g_assert_cmpint(qcrypto_hash_bytes(QCRYPTO_HASH_ALG_SHA256, "", 0,
                                       &result, &resultlen, &error_abort), ==, 0);
    g_assert_true(result == buf);
    g_assert_cmphex(buf[0], ==, 0xe3);      /* sha256("") = e3b0c442... */
    g_assert_cmphex(buf[31], ==, 0x55);

    resultlen = 20;
    g_assert_cmpint(qcrypto_hash_bytes(QCRYPTO_HASH_ALG_SHA256, "", 0,
                                       &result, &resultlen, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Result buffer size 20 is not the sha256 digest size 32");
    error_free(err);
}

static void test_invalid(void)
{
    g_autofree char *digest = NULL;
    Error *err = NULL;

    g_assert_false(qcrypto_hash_supports(QCRYPTO_HASH_ALG__MAX));
    g_assert_cmpuint(qcrypto_hash_digest_len(QCRYPTO_HASH_ALG__MAX), ==, 0);
    g_assert_cmpint(qcrypto_hash_digest(QCRYPTO_HASH_ALG__MAX, "x", 1,
                                        &digest, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported hash algorithm 7");
    g_assert_null(digest);
    error_free(err);
    err = NULL;
    g_assert_cmpint(qcrypto_hash_alg_parse("sha3", &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "Unknown hash algorithm 'sha3'");
    error_free(err);
    g_assert_cmpint(qcrypto_hash_alg_parse("ripemd160", &error_abort), ==,
                    QCRYPTO_HASH_ALG_RIPEMD160);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_test_add_data_func(vectors[i].path, &vectors[i], test_vector);
    }
    g_test_add_func("/crypto/hash/caller-buffer", test_caller_buffer);
    g_test_add_func("/crypto/hash/invalid", test_invalid);
    return g_test_run();
}
