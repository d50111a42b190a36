/*
 * Known-answer tests for crypto/hmac.h: RFC 2202 / RFC 4231 test case 2
 * (key "Jefe") for md5, sha1, sha256, sha512.
 */
#include "qemu/osdep.h"
#include "crypto/hmac.h"

#define JEFE_DATA "what do ya want for nothing?"

typedef struct HmacVector {
    const char *path;
    QCryptoHashAlgorithm alg;
    const char *hex;
} HmacVector;

static const HmacVector vectors[] = {
    { "/crypto/hmac/md5", QCRYPTO_HASH_ALG_MD5,
      "750c783e6ab0b503eaa86e310a5db738" },
    { "/crypto/hmac/sha1", QCRYPTO_HASH_ALG_SHA1,
      "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
    { "/crypto/hmac/sha256", QCRYPTO_HASH_ALG_SHA256,
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
    { "/crypto/hmac/sha512", QCRYPTO_HASH_ALG_SHA512,
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
      "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
};

static void test_vector(const void *opaque)
{
    const HmacVector *v = opaque;
    g_autoptr(QCryptoHmac) hmac = NULL;
    g_autofree char *digest = NULL;
    g_autofree char *again = NULL;
    struct iovec iov[2] = {
        { .iov_base = (char *)"what do ya want ", .iov_len = 16 },
        { .iov_base = (char *)"for nothing?", .iov_len = 12 },
    };

    g_assert_true(qcrypto_hmac_supports(v->alg));
    hmac = qcrypto_hmac_new(v->alg, (const uint8_t *)"Jefe", 4, &error_abort);
    g_assert_cmpint(qcrypto_hmac_digest(hmac, JEFE_DATA, strlen(JEFE_DATA),
                                        &digest, &error_abort), ==, 0);
    g_assert_cmpstr(digest, ==, v->hex);
    /* the key stays set: the next message starts from scratch */
    g_assert_cmpint(qcrypto_hmac_digestv(hmac, iov, 2, &again,
                                         &error_abort), ==, 0);
    g_assert_cmpstr(again, ==, v->hex);
}

/*
 * RFC 4231 test case 6 (and its sha1/md5 counterparts): a 131-byte key,
 * longer than the block, is hashed first. Expected values checked with
 * Python's hmac module.
 */
static void test_long_key(void)
{
    static const struct {
        QCryptoHashAlgorithm alg;
        const char *hex;
    } cases[] = {
        { QCRYPTO_HASH_ALG_SHA256,
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        { QCRYPTO_HASH_ALG_SHA512,
          "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
          "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
        { QCRYPTO_HASH_ALG_SHA1, "90d0dace1c1bdc957339307803160335bde6df2b" },
        { QCRYPTO_HASH_ALG_MD5, "bfecaf4efff90a3a668f3922fec3762d" },
    };
    static const char data[] =
        "Test Using Larger Than Block-Size Key - Hash Key First";
    uint8_t key[131];

    memset(key, 0xaa, sizeof(key));
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(QCryptoHmac) hmac = qcrypto_hmac_new(cases[i].alg, key,
                                                       sizeof(key),
                                                       &error_abort);
        g_autofree char *digest = NULL;

        g_assert_cmpint(qcrypto_hmac_digest(hmac, data, strlen(data), &digest,
                                            &error_abort), ==, 0);
        g_assert_cmpstr(digest, ==, cases[i].hex);
    }
}

static void test_errors(void)
{
    g_autoptr(QCryptoHmac) hmac = NULL;
    uint8_t buf[16];
    uint8_t *result = buf;
    size_t resultlen = sizeof(buf);
    Error *err = NULL;

    g_assert_null(qcrypto_hmac_new(QCRYPTO_HASH_ALG__MAX,
                                   (const uint8_t *)"k", 1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported hash algorithm 7");
    error_free(err);
    err = NULL;

    hmac = qcrypto_hmac_new(QCRYPTO_HASH_ALG_SHA1, (const uint8_t *)"k", 1,
                            &error_abort);
    g_assert_cmpint(qcrypto_hmac_bytes(hmac, "x", 1, &result, &resultlen,
                                       &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Result buffer size 16 is not the HMAC-sha1 size 20");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_test_add_data_func(vectors[i].path, &vectors[i], test_vector);
    }
    g_test_add_func("/crypto/hmac/long-key", test_long_key);
    g_test_add_func("/crypto/hmac/errors", test_errors);
    return g_test_run();
}
