/*
 * Known-answer and behaviour tests for crypto/cipher.h.
 *
 * Vectors: FIPS-197 appendix C (AES ECB), NIST SP 800-38A F.2.1/F.5.1
 * (AES CBC/CTR), IEEE 1619-2007 appendix B (XTS-AES vectors 1-4 and 10),
 * RFC 2144 B.1 (CAST5), the Twofish paper's reference vectors, and the
 * Serpent-256 CBC vector of nettle's test suite.
 */
#include "qemu/osdep.h"
#include "crypto/cipher.h"
#include "crypto/random.h"

typedef struct CipherVector {
    const char *path;
    QCryptoCipherAlgorithm alg;
    QCryptoCipherMode mode;
    const char *key;
    const char *iv;             /* NULL: no IV */
    const char *plaintext;
    const char *ciphertext;
} CipherVector;

static const CipherVector vectors[] = {
    {
        .path = "/crypto/cipher/aes-ecb-128",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "000102030405060708090a0b0c0d0e0f",
        .plaintext = "00112233445566778899aabbccddeeff",
        .ciphertext = "69c4e0d86a7b0430d8cdb78070b4c55a",
    }, {
        .path = "/crypto/cipher/aes-ecb-192",
        .alg = QCRYPTO_CIPHER_ALG_AES_192, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "000102030405060708090a0b0c0d0e0f1011121314151617",
        .plaintext = "00112233445566778899aabbccddeeff",
        .ciphertext = "dda97ca4864cdfe06eaf70a0ec0d7191",
    }, {
        .path = "/crypto/cipher/aes-ecb-256",
        .alg = QCRYPTO_CIPHER_ALG_AES_256, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "000102030405060708090a0b0c0d0e0f"
               "101112131415161718191a1b1c1d1e1f",
        .plaintext = "00112233445566778899aabbccddeeff",
        .ciphertext = "8ea2b7ca516745bfeafc49904b496089",
    }, {
        .path = "/crypto/cipher/aes-cbc-128",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_CBC,
        .key = "2b7e151628aed2a6abf7158809cf4f3c",
        .iv = "000102030405060708090a0b0c0d0e0f",
        .plaintext = "6bc1bee22e409f96e93d7e117393172a"
                     "ae2d8a571e03ac9c9eb76fac45af8e51",
        .ciphertext = "7649abac8119b246cee98e9b12e9197d"
                      "5086cb9b507219ee95db113a917678b2",
    }, {
        .path = "/crypto/cipher/aes-ctr-128",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_CTR,
        .key = "2b7e151628aed2a6abf7158809cf4f3c",
        .iv = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        .plaintext = "6bc1bee22e409f96e93d7e117393172a"
                     "ae2d8a571e03ac9c9eb76fac45af8e51",
        .ciphertext = "874d6191b620e3261bef6864990db6ce"
                      "9806f66b7970fdff8617187bb9fffdff",
    }, {
        .path = "/crypto/cipher/aes-xts-128-vector-1",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_XTS,
        .key = "00000000000000000000000000000000"
               "00000000000000000000000000000000",
        .iv = "00000000000000000000000000000000",
        .plaintext = "00000000000000000000000000000000"
                     "00000000000000000000000000000000",
        .ciphertext = "917cf69ebd68b2ec9b9fe9a3eadda692"
                      "cd43d2f59598ed858c02c2652fbf922e",
    }, {
        .path = "/crypto/cipher/aes-xts-128-vector-2",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_XTS,
        .key = "11111111111111111111111111111111"
               "22222222222222222222222222222222",
        .iv = "33333333330000000000000000000000",
        .plaintext = "44444444444444444444444444444444"
                     "44444444444444444444444444444444",
        .ciphertext = "c454185e6a16936e39334038acef838b"
                      "fb186fff7480adc4289382ecd6d394f0",
    }, {
        .path = "/crypto/cipher/aes-xts-128-vector-3",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_XTS,
        .key = "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0"
               "22222222222222222222222222222222",
        .iv = "33333333330000000000000000000000",
        .plaintext = "44444444444444444444444444444444"
                     "44444444444444444444444444444444",
        .ciphertext = "af85336b597afc1a900b2eb21ec949d2"
                      "92df4c047e0b21532186a5971a227a89",
    }, {
        .path = "/crypto/cipher/aes-xts-128-vector-4",
        .alg = QCRYPTO_CIPHER_ALG_AES_128, .mode = QCRYPTO_CIPHER_MODE_XTS,
        .key = "27182818284590452353602874713526"
               "31415926535897932384626433832795",
        .iv = "00000000000000000000000000000000",
        .plaintext = NULL,      /* 00 01 .. ff, twice */
        .ciphertext =
        "27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89c"
        "c78cf7f5e543445f8333d8fa7f56000005279fa5d8b5e4ad40e736ddb4d35412"
        "328063fd2aab53e5ea1e0a9f332500a5df9487d07a5c92cc512c8866c7e860ce"
        "93fdf166a24912b422976146ae20ce846bb7dc9ba94a767aaef20c0d61ad0265"
        "5ea92dc4c4e41a8952c651d33174be51a10c421110e6d81588ede82103a252d8"
        "a750e8768defffed9122810aaeb99f9172af82b604dc4b8e51bcb08235a6f434"
        "1332e4ca60482a4ba1a03b3e65008fc5da76b70bf1690db4eae29c5f1badd03c"
        "5ccf2a55d705ddcd86d449511ceb7ec30bf12b1fa35b913f9f747a8afd1b130e"
        "94bff94effd01a91735ca1726acd0b197c4e5b03393697e126826fb6bbde8ecc"
        "1e08298516e2c9ed03ff3c1b7860f6de76d4cecd94c8119855ef5297ca67e9f3"
        "e7ff72b1e99785ca0a7e7720c5b36dc6d72cac9574c8cbbc2f801e23e56fd344"
        "b07f22154beba0f08ce8891e643ed995c94d9a69c9f1b5f499027a78572aeebd"
        "74d20cc39881c213ee770b1010e4bea718846977ae119f7a023ab58cca0ad752"
        "afe656bb3c17256a9f6e9bf19fdd5a38fc82bbe872c5539edb609ef4f79c203e"
        "bb140f2e583cb2ad15b4aa5b655016a8449277dbd477ef2c8d6c017db738b18d"
        "eb4a427d1923ce3ff262735779a418f20a282df920147beabe421ee5319d0568",
    }, {
        .path = "/crypto/cipher/aes-xts-256-vector-10",
        .alg = QCRYPTO_CIPHER_ALG_AES_256, .mode = QCRYPTO_CIPHER_MODE_XTS,
        .key = "27182818284590452353602874713526"
               "62497757247093699959574966967627"
               "31415926535897932384626433832795"
               "02884197169399375105820974944592",
        .iv = "ff000000000000000000000000000000",
        .plaintext = NULL,      /* 00 01 .. ff, twice */
        .ciphertext =
        "1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b"
        "5d31e276f8fe4a8d66b317f9ac683f44680a86ac35adfc3345befecb4bb188fd"
        "5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0"
        "c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca"
        "2a3e7a7d7df7b10355165c8b9a6d0a7de8b062c4500dc4cd120c0f7418dae3d0"
        "b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f"
        "93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec"
        "583e9645e07b8d9670655ba5bbcfecc6dc3966380ad8fecb17b6ba02469a020a"
        "84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1"
        "505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae"
        "9be69a2ffeceb1bec9de244fbe15992b11b77c040f12bd8f6a975a44a0f90c29"
        "a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac"
        "6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f"
        "645e8b7e9bfdef33943054ff84011493c27b3429eaedb4ed5376441a77ed4385"
        "1ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa"
        "773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151",
    }, {
        .path = "/crypto/cipher/cast5-128",
        .alg = QCRYPTO_CIPHER_ALG_CAST5_128, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "0123456712345678234567893456789a",
        .plaintext = "0123456789abcdef",
        .ciphertext = "238b4fe5847e44b2",
    }, {
        .path = "/crypto/cipher/twofish-128",
        .alg = QCRYPTO_CIPHER_ALG_TWOFISH_128, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "00000000000000000000000000000000",
        .plaintext = "00000000000000000000000000000000",
        .ciphertext = "9f589f5cf6122c32b6bfec2f2ae8c35a",
    }, {
        .path = "/crypto/cipher/twofish-192",
        .alg = QCRYPTO_CIPHER_ALG_TWOFISH_192, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "0123456789abcdeffedcba98765432100011223344556677",
        .plaintext = "00000000000000000000000000000000",
        .ciphertext = "cfd1d2e5a9be9cdf501f13b892bd2248",
    }, {
        .path = "/crypto/cipher/twofish-256",
        .alg = QCRYPTO_CIPHER_ALG_TWOFISH_256, .mode = QCRYPTO_CIPHER_MODE_ECB,
        .key = "0123456789abcdeffedcba9876543210"
               "00112233445566778899aabbccddeeff",
        .plaintext = "00000000000000000000000000000000",
        .ciphertext = "37527be0052334b89f0cfccae87cfa20",
    }, {
        .path = "/crypto/cipher/serpent-256-cbc",
        .alg = QCRYPTO_CIPHER_ALG_SERPENT_256, .mode = QCRYPTO_CIPHER_MODE_CBC,
        .key = "0123456789abcdeffedcba9876543210"
               "00112233445566778899aabbccddeeff",
        .iv = "00112233445566778899aabbccddeeff",
        .plaintext = "00000000000000000000000000000000"
                     "11111111111111111111111111111111",
        .ciphertext = "c170ed586cfda8fe084f01ef04475883"
                      "b9eb25819813023f2938e97bdf4597c8",
    },
};

static uint8_t *unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex) / 2;
    uint8_t *buf = g_malloc0(n ? n : 1);

    for (size_t i = 0; i < n; i++) {
        buf[i] = g_ascii_xdigit_value(hex[2 * i]) * 16 +
                 g_ascii_xdigit_value(hex[2 * i + 1]);
    }
    *len = n;
    return buf;
}

/* The plaintext of the long IEEE 1619 vectors: 00 01 .. ff, twice. */
static uint8_t *counting_plaintext(size_t *len)
{
    uint8_t *buf = g_malloc(512);

    for (size_t i = 0; i < 512; i++) {
        buf[i] = i & 0xff;
    }
    *len = 512;
    return buf;
}

static void run_vector(const CipherVector *v, QCryptoCipherBackend backend)
{
    g_autofree uint8_t *key = NULL, *iv = NULL, *pt = NULL, *ct = NULL;
    g_autofree uint8_t *out = NULL;
    size_t nkey, niv = 0, npt, nct;
    g_autoptr(QCryptoCipher) cipher = NULL;

    key = unhex(v->key, &nkey);
    pt = v->plaintext ? unhex(v->plaintext, &npt) : counting_plaintext(&npt);
    ct = unhex(v->ciphertext, &nct);
    g_assert_cmpuint(npt, ==, nct);
    if (v->iv) {
        iv = unhex(v->iv, &niv);
    }
    cipher = qcrypto_cipher_new_backend(backend, v->alg, v->mode, key, nkey,
                                        &error_abort);
    out = g_malloc0(npt);

    if (iv) {
        g_assert_cmpint(qcrypto_cipher_setiv(cipher, iv, niv, &error_abort), ==, 0);
    }
    g_assert_cmpint(qcrypto_cipher_encrypt(cipher, pt, out, npt, &error_abort), ==, 0);
    g_assert_cmpmem(out, npt, ct, nct);

    /* decrypt in place */
    if (iv) {
        g_assert_cmpint(qcrypto_cipher_setiv(cipher, iv, niv, &error_abort), ==, 0);
    }
    g_assert_cmpint(qcrypto_cipher_decrypt(cipher, out, out, npt, &error_abort), ==, 0);
    g_assert_cmpmem(out, npt, pt, npt);
}

static void test_vector(const void *opaque)
{
    const CipherVector *v = opaque;

    g_assert_true(qcrypto_cipher_supports(v->alg, v->mode));
    run_vector(v, QCRYPTO_CIPHER_BACKEND_AUTO);
    run_vector(v, QCRYPTO_CIPHER_BACKEND_NETTLE);
    /*
     * gnutls serves AES-CBC and AES-128/256-XTS. An XTS key with equal
     * halves (vector 1) is not forced onto gnutls: in FIPS mode gnutls
     * refuses it and AUTO (tested above) falls back to nettle.
     */
    if (v->alg <= QCRYPTO_CIPHER_ALG_AES_256 &&
        (v->mode == QCRYPTO_CIPHER_MODE_CBC ||
         (v->mode == QCRYPTO_CIPHER_MODE_XTS &&
          v->alg != QCRYPTO_CIPHER_ALG_AES_192 &&
          strncmp(v->key, v->key + strlen(v->key) / 2,
                  strlen(v->key) / 2) != 0))) {
        run_vector(v, QCRYPTO_CIPHER_BACKEND_GNUTLS);
    }
}

/* The hot path: gnutls AES-XTS must equal nettle's, sector by sector. */
static void test_xts_backends_agree(const void *opaque)
{
    QCryptoCipherAlgorithm alg = GPOINTER_TO_INT(opaque);
    size_t nkey = qcrypto_cipher_get_key_len(alg) * 2;
    g_autofree uint8_t *key = g_malloc(nkey);
    g_autofree uint8_t *data = g_malloc(64 * 1024);
    g_autofree uint8_t *a = g_malloc(64 * 1024);
    g_autofree uint8_t *b = g_malloc(64 * 1024);
    g_autoptr(QCryptoCipher) fast = NULL;
    g_autoptr(QCryptoCipher) ref = NULL;

    qcrypto_random_bytes(key, nkey, &error_abort);
    qcrypto_random_bytes(data, 64 * 1024, &error_abort);
    fast = qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_GNUTLS, alg,
                                      QCRYPTO_CIPHER_MODE_XTS, key, nkey,
                                      &error_abort);
    ref = qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_NETTLE, alg,
                                     QCRYPTO_CIPHER_MODE_XTS, key, nkey,
                                     &error_abort);
    g_assert_cmpstr(qcrypto_cipher_backend_name(fast), ==, "gnutls");
    g_assert_cmpstr(qcrypto_cipher_backend_name(ref), ==, "nettle");

    for (size_t sector_size = 512; sector_size <= 4096; sector_size *= 8) {
        memcpy(a, data, 64 * 1024);
        memcpy(b, data, 64 * 1024);
        for (size_t off = 0; off < 64 * 1024; off += sector_size) {
            uint8_t iv[16] = { 0 };
            uint64_t sector = off / sector_size + 0x123456789aULL;

            for (int i = 0; i < 8; i++) {
                iv[i] = sector >> (8 * i);
            }
            qcrypto_cipher_setiv(fast, iv, 16, &error_abort);
            qcrypto_cipher_encrypt(fast, a + off, a + off, sector_size, &error_abort);
            qcrypto_cipher_setiv(ref, iv, 16, &error_abort);
            qcrypto_cipher_encrypt(ref, b + off, b + off, sector_size, &error_abort);
        }
        g_assert_cmpmem(a, 64 * 1024, b, 64 * 1024);
        g_assert_true(memcmp(a, data, 64 * 1024) != 0);

        /* and each decrypts the other's output */
        for (size_t off = 0; off < 64 * 1024; off += sector_size) {
            uint8_t iv[16] = { 0 };
            uint64_t sector = off / sector_size + 0x123456789aULL;

            for (int i = 0; i < 8; i++) {
                iv[i] = sector >> (8 * i);
            }
            qcrypto_cipher_setiv(ref, iv, 16, &error_abort);
            qcrypto_cipher_decrypt(ref, a + off, a + off, sector_size, &error_abort);
            qcrypto_cipher_setiv(fast, iv, 16, &error_abort);
            qcrypto_cipher_decrypt(fast, b + off, b + off, sector_size, &error_abort);
        }
        g_assert_cmpmem(a, 64 * 1024, data, 64 * 1024);
        g_assert_cmpmem(b, 64 * 1024, data, 64 * 1024);
    }
}

/* CBC chains across calls identically on both backends. */
static void test_cbc_chaining(void)
{
    uint8_t key[32], iv[16], data[256], a[256], b[256];
    g_autoptr(QCryptoCipher) fast = NULL;
    g_autoptr(QCryptoCipher) ref = NULL;

    qcrypto_random_bytes(key, sizeof(key), &error_abort);
    qcrypto_random_bytes(iv, sizeof(iv), &error_abort);
    qcrypto_random_bytes(data, sizeof(data), &error_abort);
    fast = qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_GNUTLS,
                                      QCRYPTO_CIPHER_ALG_AES_256,
                                      QCRYPTO_CIPHER_MODE_CBC, key, 32,
                                      &error_abort);
    ref = qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_NETTLE,
                                     QCRYPTO_CIPHER_ALG_AES_256,
                                     QCRYPTO_CIPHER_MODE_CBC, key, 32,
                                     &error_abort);
    qcrypto_cipher_setiv(fast, iv, 16, &error_abort);
    qcrypto_cipher_setiv(ref, iv, 16, &error_abort);
    /* one call on one side, three on the other */
    qcrypto_cipher_encrypt(ref, data, a, sizeof(data), &error_abort);
    qcrypto_cipher_encrypt(fast, data, b, 32, &error_abort);
    qcrypto_cipher_encrypt(fast, data + 32, b + 32, 96, &error_abort);
    qcrypto_cipher_encrypt(fast, data + 128, b + 128, 128, &error_abort);
    g_assert_cmpmem(a, sizeof(a), b, sizeof(b));
}

static void test_auto_backend_choice(void)
{
    uint8_t key[64] = { 1, 2, 3 };
    g_autoptr(QCryptoCipher) xts = NULL;
    g_autoptr(QCryptoCipher) ecb = NULL;
    g_autoptr(QCryptoCipher) serpent = NULL;

    xts = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_256, QCRYPTO_CIPHER_MODE_XTS,
                             key, 64, &error_abort);
    ecb = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_256, QCRYPTO_CIPHER_MODE_ECB,
                             key, 32, &error_abort);
    serpent = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_SERPENT_128,
                                 QCRYPTO_CIPHER_MODE_XTS, key, 32, &error_abort);
    g_assert_cmpstr(qcrypto_cipher_backend_name(xts), ==, "gnutls");
    g_assert_cmpstr(qcrypto_cipher_backend_name(ecb), ==, "nettle");
    g_assert_cmpstr(qcrypto_cipher_backend_name(serpent), ==, "nettle");
}

static void test_sizes(void)
{
    g_assert_cmpuint(qcrypto_cipher_get_key_len(QCRYPTO_CIPHER_ALG_AES_192), ==, 24);
    g_assert_cmpuint(qcrypto_cipher_get_block_len(QCRYPTO_CIPHER_ALG_CAST5_128), ==, 8);
    g_assert_cmpuint(qcrypto_cipher_get_iv_len(QCRYPTO_CIPHER_ALG_AES_128,
                                               QCRYPTO_CIPHER_MODE_ECB), ==, 0);
    g_assert_cmpuint(qcrypto_cipher_get_iv_len(QCRYPTO_CIPHER_ALG_TWOFISH_256,
                                               QCRYPTO_CIPHER_MODE_XTS), ==, 16);
    g_assert_cmpuint(qcrypto_cipher_get_key_len(QCRYPTO_CIPHER_ALG__MAX), ==, 0);
    g_assert_false(qcrypto_cipher_supports(QCRYPTO_CIPHER_ALG_CAST5_128,
                                           QCRYPTO_CIPHER_MODE_XTS));
    g_assert_false(qcrypto_cipher_supports(QCRYPTO_CIPHER_ALG__MAX,
                                           QCRYPTO_CIPHER_MODE_ECB));
    g_assert_cmpstr(qcrypto_cipher_alg_str(QCRYPTO_CIPHER_ALG_SERPENT_192), ==,
                    "serpent-192");
    g_assert_cmpint(qcrypto_cipher_mode_parse("xts", &error_abort), ==,
                    QCRYPTO_CIPHER_MODE_XTS);
}

static void test_errors(void)
{
    uint8_t key[64] = { 0 }, buf[32] = { 0 };
    g_autoptr(QCryptoCipher) cipher = NULL;
    Error *err = NULL;

    g_assert_null(qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_128,
                                     QCRYPTO_CIPHER_MODE_CBC, key, 15, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Cipher key length 15 should be 16 for aes-128 in cbc mode");
    error_free(err);
    err = NULL;

    g_assert_null(qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_256,
                                     QCRYPTO_CIPHER_MODE_XTS, key, 32, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Cipher key length 32 should be 64 for aes-256 in xts mode");
    error_free(err);
    err = NULL;

    g_assert_null(qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_CAST5_128,
                                     QCRYPTO_CIPHER_MODE_XTS, key, 32, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Cipher algorithm cast5-128 does not support mode xts");
    error_free(err);
    err = NULL;

    g_assert_null(qcrypto_cipher_new(QCRYPTO_CIPHER_ALG__MAX,
                                     QCRYPTO_CIPHER_MODE_ECB, key, 16, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported cipher algorithm 12");
    error_free(err);
    err = NULL;

    g_assert_null(qcrypto_cipher_new_backend(QCRYPTO_CIPHER_BACKEND_GNUTLS,
                                             QCRYPTO_CIPHER_ALG_SERPENT_128,
                                             QCRYPTO_CIPHER_MODE_XTS, key, 32,
                                             &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "The gnutls backend does not support serpent-128 in xts mode");
    error_free(err);
    err = NULL;

    cipher = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_128,
                                QCRYPTO_CIPHER_MODE_CBC, key, 16, &error_abort);
    g_assert_cmpint(qcrypto_cipher_encrypt(cipher, buf, buf, 17, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Length 17 must be a multiple of block size 16");
    error_free(err);
    err = NULL;
    g_assert_cmpint(qcrypto_cipher_setiv(cipher, buf, 8, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "Expected IV size 16 not 8");
    error_free(err);
    err = NULL;
    qcrypto_cipher_free(g_steal_pointer(&cipher));

    cipher = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_128,
                                QCRYPTO_CIPHER_MODE_ECB, key, 16, &error_abort);
    g_assert_cmpint(qcrypto_cipher_setiv(cipher, buf, 16, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "Cipher mode ecb does not use an IV");
    error_free(err);
}

/* CTR accepts any length and continues the counter across whole blocks. */
static void test_ctr_any_length(void)
{
    uint8_t key[16] = { 7 }, iv[16] = { 0 }, data[40], a[40], b[40];
    g_autoptr(QCryptoCipher) c = NULL;

    qcrypto_random_bytes(data, sizeof(data), &error_abort);
    c = qcrypto_cipher_new(QCRYPTO_CIPHER_ALG_AES_128, QCRYPTO_CIPHER_MODE_CTR,
                           key, 16, &error_abort);
    qcrypto_cipher_setiv(c, iv, 16, &error_abort);
    qcrypto_cipher_encrypt(c, data, a, sizeof(data), &error_abort);
    qcrypto_cipher_setiv(c, iv, 16, &error_abort);
    qcrypto_cipher_encrypt(c, data, b, 16, &error_abort);
    qcrypto_cipher_encrypt(c, data + 16, b + 16, 24, &error_abort);
    g_assert_cmpmem(a, sizeof(a), b, sizeof(b));
    qcrypto_cipher_setiv(c, iv, 16, &error_abort);
    qcrypto_cipher_decrypt(c, a, a, sizeof(a), &error_abort);
    g_assert_cmpmem(a, sizeof(a), data, sizeof(data));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_test_add_data_func(vectors[i].path, &vectors[i], test_vector);
    }
    g_test_add_data_func("/crypto/cipher/xts-gnutls-vs-nettle/aes-128",
                         GINT_TO_POINTER(QCRYPTO_CIPHER_ALG_AES_128),
                         test_xts_backends_agree);
    g_test_add_data_func("/crypto/cipher/xts-gnutls-vs-nettle/aes-256",
                         GINT_TO_POINTER(QCRYPTO_CIPHER_ALG_AES_256),
                         test_xts_backends_agree);
    g_test_add_func("/crypto/cipher/cbc-chaining", test_cbc_chaining);
    g_test_add_func("/crypto/cipher/ctr-any-length", test_ctr_any_length);
    g_test_add_func("/crypto/cipher/auto-backend", test_auto_backend_choice);
    g_test_add_func("/crypto/cipher/sizes", test_sizes);
    g_test_add_func("/crypto/cipher/errors", test_errors);
    return g_test_run();
}
