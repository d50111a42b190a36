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
    g_test_add_func("/crypto/hmac/errors", test_errors);
    return g_test_run();
}
