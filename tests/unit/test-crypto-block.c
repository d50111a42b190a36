/*
 * Tests for the generic encrypted-block API (crypto/block.c) and the
 * legacy qcow AES format. The qcow answers were computed independently
 * (AES-128-CBC, key = passphrase zero-padded to 16 bytes, IV = plain64
 * sector number).
 */
#include "qemu/osdep.h"
#include "crypto/block.h"
#include "crypto/hash.h"
#include "crypto/random.h"

static int no_read(void *opaque, uint64_t offset, uint8_t *buf, size_t len,
                   Error **errp)
{
    error_setg(errp, "the qcow format must not read a header");
    return -1;
}

static QCryptoBlock *open_qcow(const char *pass, unsigned int flags,
                               unsigned int n_threads, Error **errp)
{
    QCryptoBlockOpenOptions opts = { .format = QCRYPTO_BLOCK_FORMAT_QCOW };
    QCryptoBlockKey key = {
        .data = (const uint8_t *)pass, .len = pass ? strlen(pass) : 0,
    };

    return qcrypto_block_open(&opts, &key, no_read, NULL, flags, n_threads,
                              errp);
}

static void check_qcow(const char *pass, const char *sha256)
{
    g_autoptr(QCryptoBlock) block = open_qcow(pass, 0, 1, &error_abort);
    uint8_t buf[1024], plain[1024];
    g_autofree char *digest = NULL;

    for (size_t i = 0; i < sizeof(plain); i++) {
        plain[i] = i & 0xff;
    }
    memcpy(buf, plain, sizeof(buf));
    g_assert_cmpint(qcrypto_block_encrypt(block, 3 * 512, buf, sizeof(buf),
                                          &error_abort), ==, 0);
    qcrypto_hash_digest(QCRYPTO_HASH_ALG_SHA256, (const char *)buf,
                        sizeof(buf), &digest, &error_abort);
    g_assert_cmpstr(digest, ==, sha256);
    g_assert_cmpint(qcrypto_block_decrypt(block, 3 * 512, buf, sizeof(buf),
                                          &error_abort), ==, 0);
    g_assert_cmpmem(buf, sizeof(buf), plain, sizeof(plain));
    g_assert_cmpuint(qcrypto_block_get_payload_offset(block), ==, 0);
    g_assert_cmpuint(qcrypto_block_get_sector_size(block), ==, 512);
    g_assert_cmpint(qcrypto_block_get_cipher_alg(block), ==,
                    QCRYPTO_CIPHER_ALG_AES_128);
    g_assert_cmpint(qcrypto_block_get_cipher_mode(block), ==,
                    QCRYPTO_CIPHER_MODE_CBC);
}

static void test_qcow_known_answer(void)
{
    check_qcow("qemu",
               "061de11db8518647dd97f513e5f8b4444807f9270e088c67af92225ccdc31de7");
    /* only the first 16 bytes of a passphrase count */
    check_qcow("0123456789abcdefXYZ",
               "862966bcac76b9c27a112074ed96c9cce60b6ad653076cfe52a55aed102f4e97");
}

static void test_qcow_errors(void)
{
    g_autoptr(QCryptoBlock) header_only = NULL;
    g_autoptr(QCryptoBlockInfo) info = NULL;
    QCryptoBlockAmendOptions amend = { .format = QCRYPTO_BLOCK_FORMAT_QCOW };
    QCryptoBlockAmendOptions luks_amend = { .format = QCRYPTO_BLOCK_FORMAT_LUKS };
    uint8_t buf[512] = { 0 };
    Error *err = NULL;

    g_assert_null(open_qcow(NULL, 0, 1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'key-secret' is required for cipher");
    error_free(err);
    err = NULL;

    header_only = open_qcow(NULL, QCRYPTO_BLOCK_OPEN_NO_IO, 1, &error_abort);
    g_assert_cmpint(qcrypto_block_encrypt(header_only, 0, buf, 512, &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "The encryption key is not loaded: the image was opened "
                    "for its header only");
    error_free(err);
    err = NULL;
    info = qcrypto_block_get_info(header_only, &error_abort);
    g_assert_cmpint(info->format, ==, QCRYPTO_BLOCK_FORMAT_QCOW);

    g_assert_cmpint(qcrypto_block_amend_options(header_only, NULL, NULL, NULL,
                                                &amend, NULL, false, &err),
                    ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "The 'qcow' encryption format does not support changing "
                    "its keys");
    error_free(err);
    err = NULL;
    g_assert_cmpint(qcrypto_block_amend_options(header_only, NULL, NULL, NULL,
                                                &luks_amend, NULL, false,
                                                &err), ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Cannot amend a 'qcow' encrypted image with 'luks' options");
    error_free(err);
    g_assert_false(qcrypto_block_has_format(QCRYPTO_BLOCK_FORMAT_QCOW, buf, 512));
}

static void test_bad_format(void)
{
    QCryptoBlockOpenOptions opts = { .format = QCRYPTO_BLOCK_FORMAT__MAX };
    QCryptoBlockCreateOptions copts = { .format = 7 };
    Error *err = NULL;
    uint64_t len = 0;

    g_assert_null(qcrypto_block_open(&opts, NULL, no_read, NULL, 0, 1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported encryption format 2");
    error_free(err);
    err = NULL;
    g_assert_null(qcrypto_block_create(&copts, NULL, NULL, NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported encryption format 7");
    error_free(err);
    g_assert_false(qcrypto_block_has_format(QCRYPTO_BLOCK_FORMAT__MAX,
                                            (const uint8_t *)"LUKS", 4));
    err = NULL;
    g_assert_false(qcrypto_block_calculate_payload_offset(&copts, &len, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Unsupported encryption format 7");
    error_free(err);
    err = NULL;
    /* qcow is open-only: neither creation nor its layout */
    copts.format = QCRYPTO_BLOCK_FORMAT_QCOW;
    g_assert_false(qcrypto_block_calculate_payload_offset(&copts, &len, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Creating images with the "
                    "'qcow' encryption format is not supported");
    error_free(err);
    err = NULL;
    g_assert_null(qcrypto_block_create(&copts, NULL, NULL, NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Creating images with the "
                    "'qcow' encryption format is not supported");
    error_free(err);
    g_assert_cmpint(qcrypto_block_format_parse("luks", &error_abort), ==,
                    QCRYPTO_BLOCK_FORMAT_LUKS);
}

/* Several threads share one block through its cipher pool. */
typedef struct ThreadJob {
    QCryptoBlock *block;
    uint8_t *buf;
    size_t len;
} ThreadJob;

static gpointer thread_decrypt(gpointer opaque)
{
    ThreadJob *job = opaque;

    for (int i = 0; i < 20; i++) {
        qcrypto_block_encrypt(job->block, 0, job->buf, job->len, &error_abort);
        qcrypto_block_decrypt(job->block, 0, job->buf, job->len, &error_abort);
    }
    qcrypto_block_encrypt(job->block, 0, job->buf, job->len, &error_abort);
    return NULL;
}

static void test_threads(void)
{
    g_autoptr(QCryptoBlock) block = open_qcow("pool", 0, 2, &error_abort);
    g_autoptr(QCryptoBlock) single = open_qcow("pool", 0, 1, &error_abort);
    enum { N = 4, LEN = 64 * 1024 };
    ThreadJob jobs[N];
    GThread *threads[N];
    g_autofree uint8_t *plain = g_malloc(LEN);

    qcrypto_random_bytes(plain, LEN, &error_abort);
    for (int i = 0; i < N; i++) {
        jobs[i] = (ThreadJob) { .block = block, .buf = g_memdup2(plain, LEN),
                                .len = LEN };
        threads[i] = g_thread_new("crypt", thread_decrypt, &jobs[i]);
    }
    qcrypto_block_encrypt(single, 0, plain, LEN, &error_abort);
    for (int i = 0; i < N; i++) {
        g_thread_join(threads[i]);
        g_assert_cmpmem(jobs[i].buf, LEN, plain, LEN);
        g_free(jobs[i].buf);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/crypto/block/qcow/known-answer", test_qcow_known_answer);
    g_test_add_func("/crypto/block/qcow/errors", test_qcow_errors);
    g_test_add_func("/crypto/block/bad-format", test_bad_format);
    g_test_add_func("/crypto/block/threads", test_threads);
    return g_test_run();
}
