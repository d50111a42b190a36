/*
 * LUKS1 interoperability with cryptsetup, both directions, on plain files
 * (no device-mapper needed):
 * - a header written by crypto/block-luks.c is accepted by
 *   `cryptsetup luksDump` and `cryptsetup open --test-passphrase`, and a
 *   wrong passphrase is rejected;
 * - a header written by `cryptsetup luksFormat --type luks1` is opened by
 *   our code, with the same master key as `luksDump --dump-master-key`
 *   (checked by decrypting data encrypted under the dumped key), and a
 *   wrong passphrase is refused.
 * Only AES is exercised: cryptsetup needs the kernel's AF_ALG skcipher
 * interface for the other ciphers, which these machines lack; they are
 * covered by known-answer vectors in test-crypto-cipher.
 * Every test is skipped when cryptsetup is not installed.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <glib/gstdio.h>
#include "crypto/block.h"
#include "crypto/cipher.h"
#include "crypto/ivgen.h"
#include "crypto/random.h"

#define PASS "interop passphrase"
#define PASS2 "second passphrase"
#define PAYLOAD_EXTRA (1024 * 1024)

static char *cryptsetup;
static char *tmpdir;

typedef struct FileImage {
    int fd;
} FileImage;

static int file_read(void *opaque, uint64_t offset, uint8_t *buf, size_t len,
                     Error **errp)
{
    FileImage *img = opaque;

    while (len > 0) {
        ssize_t n = pread(img->fd, buf, len, offset);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg_errno(errp, n < 0 ? errno : EIO, "Cannot read image");
            return -1;
        }
        buf += n;
        len -= n;
        offset += n;
    }
    return 0;
}

static int file_write(void *opaque, uint64_t offset, const uint8_t *buf,
                      size_t len, Error **errp)
{
    FileImage *img = opaque;

    while (len > 0) {
        ssize_t n = pwrite(img->fd, buf, len, offset);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg_errno(errp, n < 0 ? errno : EIO, "Cannot write image");
            return -1;
        }
        buf += n;
        len -= n;
        offset += n;
    }
    return 0;
}

static int file_init(void *opaque, size_t headerlen, Error **errp)
{
    FileImage *img = opaque;

    if (ftruncate(img->fd, headerlen + PAYLOAD_EXTRA) < 0) {
        error_setg_errno(errp, errno, "Cannot resize image");
        return -1;
    }
    return 0;
}

static char *tmp_path(const char *name)
{
    return g_build_filename(tmpdir, name, NULL);
}

static char *write_key_file(const char *name, const char *pass)
{
    char *path = tmp_path(name);

    g_assert_true(g_file_set_contents(path, pass, strlen(pass), NULL));
    return path;
}

/* Run cryptsetup with @args; its exit status, stdout in *out if asked. */
static int run_cryptsetup(const char *const *args, char **out)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    int status = -1;

    g_ptr_array_add(argv, cryptsetup);
    for (size_t i = 0; args[i]; i++) {
        g_ptr_array_add(argv, (char *)args[i]);
    }
    g_ptr_array_add(argv, NULL);
    g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                               G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, out,
                               &err, &status, &gerr));
    if (!g_spawn_check_wait_status(status, NULL)) {
        g_test_message("cryptsetup %s: %s", args[0], err ? err : "");
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool skip_without_cryptsetup(void)
{
    if (!cryptsetup) {
        g_test_skip("cryptsetup is not installed");
        return true;
    }
    return false;
}

/* The "MK dump:" hex bytes of luksDump --dump-master-key. */
static uint8_t *parse_master_key(const char *dump, size_t *len)
{
    const char *p = strstr(dump, "MK dump:");
    GByteArray *key = g_byte_array_new();

    g_assert_nonnull(p);
    p += strlen("MK dump:");
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') {
            p++;
        }
        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]) ||
            (p[2] != ' ' && p[2] != '\n' && p[2] != '\0')) {
            break;
        }
        uint8_t b = g_ascii_xdigit_value(p[0]) * 16 + g_ascii_xdigit_value(p[1]);
        g_byte_array_append(key, &b, 1);
        p += 2;
    }
    *len = key->len;
    return g_byte_array_free(key, FALSE);
}

/* ---- our header, their tool ---- */

typedef struct OursVariant {
    const char *path;
    QCryptoBlockCreateOptionsLUKS opts;
    const char *dump_lines[4];  /* lines luksDump must print */
} OursVariant;

static const OursVariant ours[] = {
    {
        .path = "/crypto/luks-cryptsetup/ours/aes-256-xts-plain64",
        .dump_lines = { "Cipher name:   \taes", "Cipher mode:   \txts-plain64",
                        "Hash spec:     \tsha256", "Payload offset:\t4040" },
    }, {
        .path = "/crypto/luks-cryptsetup/ours/aes-128-cbc-essiv-sha1",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_AES_128,
                  .has_cipher_mode = true,
                  .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
                  .has_ivgen_alg = true,
                  .ivgen_alg = QCRYPTO_IVGEN_ALG_ESSIV,
                  .has_ivgen_hash_alg = true,
                  .ivgen_hash_alg = QCRYPTO_HASH_ALG_SHA256,
                  .has_hash_alg = true,
                  .hash_alg = QCRYPTO_HASH_ALG_SHA1 },
        .dump_lines = { "Cipher name:   \taes",
                        "Cipher mode:   \tcbc-essiv:sha256",
                        "Hash spec:     \tsha1", "Payload offset:\t1032" },
    }, {
        .path = "/crypto/luks-cryptsetup/ours/aes-256-cbc-plain64-sha512",
        .opts = { .has_cipher_mode = true,
                  .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
                  .has_hash_alg = true,
                  .hash_alg = QCRYPTO_HASH_ALG_SHA512 },
        .dump_lines = { "Cipher name:   \taes", "Cipher mode:   \tcbc-plain64",
                        "Hash spec:     \tsha512", "Payload offset:\t2056" },
    }, {
        .path = "/crypto/luks-cryptsetup/ours/aes-128-xts-plain-ripemd160",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_AES_128,
                  .has_ivgen_alg = true,
                  .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN,
                  .has_hash_alg = true,
                  .hash_alg = QCRYPTO_HASH_ALG_RIPEMD160 },
        .dump_lines = { "Cipher name:   \taes", "Cipher mode:   \txts-plain",
                        "Hash spec:     \tripemd160", "Payload offset:\t2056" },
    },
};

static void test_ours(const void *opaque)
{
    const OursVariant *v = opaque;
    g_autofree char *image = tmp_path("ours.img");
    g_autofree char *key = write_key_file("ours.key", PASS);
    g_autofree char *key2 = write_key_file("ours2.key", PASS2);
    g_autofree char *wrong = write_key_file("wrong.key", PASS "x");
    g_autofree char *dump = NULL;
    g_autofree char *uuid_line = NULL;
    g_autofree char *mk_dump = NULL;
    g_autofree uint8_t *mk = NULL;
    g_autofree uint8_t *plain = g_malloc(16 * 512);
    g_autofree uint8_t *data = g_malloc(16 * 512);
    g_autoptr(QCryptoBlock) block = NULL;
    g_autoptr(QCryptoBlockInfo) info = NULL;
    g_autoptr(QCryptoCipher) cipher = NULL;
    g_autoptr(QCryptoIVGen) ivgen = NULL;
    size_t nmk;
    QCryptoBlockCreateOptions opts = {
        .format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .u.luks = v->opts,
    };
    QCryptoBlockKey pass = { .data = (const uint8_t *)PASS,
                             .len = strlen(PASS) };
    QCryptoBlockAmendOptions add = {
        .format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .u.luks = {
            .state = QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_ACTIVE,
            .has_keyslot = true, .keyslot = 4,
            .has_iter_time = true, .iter_time = 1,
        },
    };
    QCryptoBlockAmendKeys add_keys = {
        .new_key = { .data = (const uint8_t *)PASS2, .len = strlen(PASS2) },
    };
    FileImage img;

    if (skip_without_cryptsetup()) {
        return;
    }
    img.fd = open(image, O_RDWR | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(img.fd, >=, 0);
    opts.u.luks.has_iter_time = true;
    opts.u.luks.iter_time = 1;
    block = qcrypto_block_create(&opts, &pass, file_init, file_write, &img,
                                 &error_abort);

    g_assert_cmpint(run_cryptsetup((const char *[]){ "luksDump", image, NULL },
                                   &dump), ==, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(v->dump_lines) && v->dump_lines[i]; i++) {
        g_assert_nonnull(strstr(dump, v->dump_lines[i]));
    }
    info = qcrypto_block_get_info(block, &error_abort);
    uuid_line = g_strdup_printf("UUID:          \t%s\n", info->u.luks.uuid);
    g_assert_nonnull(strstr(dump, uuid_line));
    g_assert_nonnull(strstr(dump, "Key Slot 0: ENABLED"));
    g_assert_nonnull(strstr(dump, "Key Slot 1: DISABLED"));

    g_assert_cmpint(run_cryptsetup((const char *[]){
        "open", "--test-passphrase", "--disable-locks", image,
        "--key-file", key, NULL }, NULL), ==, 0);
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "open", "--test-passphrase", "--disable-locks", image,
        "--key-file", wrong, NULL }, NULL), ==, 2);
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "luksDump", "--dump-master-key", "--batch-mode", "--disable-locks",
        "--key-file", wrong, image, NULL }, NULL), !=, 0);

    /*
     * The master key cryptsetup recovers is ours: data we encrypt decrypts
     * under it with the header's cipher and IV scheme.
     */
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "luksDump", "--dump-master-key", "--batch-mode", "--disable-locks",
        "--key-file", key, image, NULL }, &mk_dump), ==, 0);
    mk = parse_master_key(mk_dump, &nmk);
    qcrypto_random_bytes(plain, 16 * 512, &error_abort);
    memcpy(data, plain, 16 * 512);
    g_assert_cmpint(qcrypto_block_encrypt(block, 0, data, 16 * 512,
                                          &error_abort), ==, 0);
    cipher = qcrypto_cipher_new(info->u.luks.cipher_alg, info->u.luks.cipher_mode,
                                mk, nmk, &error_abort);
    /* the only ESSIV variant here is essiv:sha256, i.e. AES-256 for IVs */
    ivgen = qcrypto_ivgen_new(info->u.luks.ivgen_alg,
                              info->u.luks.has_ivgen_hash_alg ?
                              QCRYPTO_CIPHER_ALG_AES_256 : info->u.luks.cipher_alg,
                              info->u.luks.ivgen_hash_alg, mk, nmk, &error_abort);
    g_assert_cmpint(qcrypto_block_cipher_decrypt_helper(
                        cipher, qcrypto_cipher_get_iv_len(info->u.luks.cipher_alg,
                                                          info->u.luks.cipher_mode),
                        ivgen, 512, 0, data, 16 * 512, &error_abort), ==, 0);
    g_assert_cmpmem(data, 16 * 512, plain, 16 * 512);

    /* a slot added by amend is accepted too */
    g_assert_cmpint(qcrypto_block_amend_options(block, file_read, file_write,
                                                &img, &add, &add_keys, false,
                                                &error_abort), ==, 0);
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "open", "--test-passphrase", "--disable-locks", "--key-slot", "4",
        image, "--key-file", key2, NULL }, NULL), ==, 0);
    close(img.fd);
    unlink(image);
    unlink(key);
    unlink(key2);
    unlink(wrong);
}

/* ---- their header, our code ---- */

typedef struct TheirsVariant {
    const char *path;
    const char *cipher;         /* cryptsetup --cipher */
    const char *key_size;       /* bits */
    const char *hash;
    QCryptoCipherAlgorithm alg;
    QCryptoCipherMode mode;
    QCryptoIVGenAlgorithm ivgen;
    QCryptoHashAlgorithm ivgen_hash;
    QCryptoHashAlgorithm kdf_hash;
} TheirsVariant;

static const TheirsVariant theirs[] = {
    { "/crypto/luks-cryptsetup/theirs/aes-256-xts-plain64",
      "aes-xts-plain64", "512", "sha256",
      QCRYPTO_CIPHER_ALG_AES_256, QCRYPTO_CIPHER_MODE_XTS,
      QCRYPTO_IVGEN_ALG_PLAIN64, 0, QCRYPTO_HASH_ALG_SHA256 },
    { "/crypto/luks-cryptsetup/theirs/aes-128-xts-plain64-sha1",
      "aes-xts-plain64", "256", "sha1",
      QCRYPTO_CIPHER_ALG_AES_128, QCRYPTO_CIPHER_MODE_XTS,
      QCRYPTO_IVGEN_ALG_PLAIN64, 0, QCRYPTO_HASH_ALG_SHA1 },
    { "/crypto/luks-cryptsetup/theirs/aes-256-cbc-essiv-sha256",
      "aes-cbc-essiv:sha256", "256", "sha512",
      QCRYPTO_CIPHER_ALG_AES_256, QCRYPTO_CIPHER_MODE_CBC,
      QCRYPTO_IVGEN_ALG_ESSIV, QCRYPTO_HASH_ALG_SHA256,
      QCRYPTO_HASH_ALG_SHA512 },
    { "/crypto/luks-cryptsetup/theirs/aes-192-cbc-plain",
      "aes-cbc-plain", "192", "sha256",
      QCRYPTO_CIPHER_ALG_AES_192, QCRYPTO_CIPHER_MODE_CBC,
      QCRYPTO_IVGEN_ALG_PLAIN, 0, QCRYPTO_HASH_ALG_SHA256 },
};

static void test_theirs(const void *opaque)
{
    const TheirsVariant *v = opaque;
    g_autofree char *image = tmp_path("theirs.img");
    g_autofree char *key = write_key_file("theirs.key", PASS);
    g_autofree char *key2 = write_key_file("theirs2.key", PASS2);
    g_autofree char *dump = NULL;
    g_autofree uint8_t *mk = NULL;
    g_autofree uint8_t *plain = g_malloc(64 * 512);
    g_autofree uint8_t *data = g_malloc(64 * 512);
    g_autoptr(QCryptoBlock) block = NULL;
    g_autoptr(QCryptoBlock) block2 = NULL;
    g_autoptr(QCryptoBlockInfo) info = NULL;
    g_autoptr(QCryptoCipher) cipher = NULL;
    g_autoptr(QCryptoIVGen) ivgen = NULL;
    QCryptoBlockOpenOptions opts = {
        .format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .u.luks = { .has_key_secret = true, .key_secret = (char *)"sec0" },
    };
    QCryptoBlockKey pass = { .secret_id = "sec0",
                             .data = (const uint8_t *)PASS,
                             .len = strlen(PASS) };
    size_t nmk, niv;
    uint64_t payload;
    FileImage img;
    Error *err = NULL;

    if (skip_without_cryptsetup()) {
        return;
    }
    img.fd = open(image, O_RDWR | O_CREAT | O_TRUNC, 0600);
    g_assert_cmpint(img.fd, >=, 0);
    g_assert_cmpint(ftruncate(img.fd, 4 * 1024 * 1024), ==, 0);
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "luksFormat", "--type", "luks1", "--batch-mode", "--disable-locks",
        "--cipher", v->cipher, "--key-size", v->key_size, "--hash", v->hash,
        "--pbkdf-force-iterations", "1000", "--key-file", key, image, NULL },
        NULL), ==, 0);
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "luksAddKey", "--batch-mode", "--disable-locks",
        "--pbkdf-force-iterations", "1000", "--key-file", key, image, key2,
        NULL }, NULL), ==, 0);
    g_assert_cmpint(run_cryptsetup((const char *[]){
        "luksDump", "--dump-master-key", "--batch-mode", "--disable-locks",
        "--key-file", key, image, NULL }, &dump), ==, 0);
    mk = parse_master_key(dump, &nmk);
    g_assert_cmpuint(nmk * 8, ==, g_ascii_strtoull(v->key_size, NULL, 10));

    block = qcrypto_block_open(&opts, &pass, file_read, &img, 0, 1,
                               &error_abort);
    info = qcrypto_block_get_info(block, &error_abort);
    g_assert_cmpint(info->u.luks.cipher_alg, ==, v->alg);
    g_assert_cmpint(info->u.luks.cipher_mode, ==, v->mode);
    g_assert_cmpint(info->u.luks.ivgen_alg, ==, v->ivgen);
    g_assert_cmpint(info->u.luks.hash_alg, ==, v->kdf_hash);
    g_assert_true(info->u.luks.slots->value->active);
    g_assert_true(info->u.luks.slots->next->value->active);
    g_assert_cmpint(info->u.luks.slots->value->iters, ==, 1000);
    payload = qcrypto_block_get_payload_offset(block);
    g_assert_cmpuint(payload, ==, info->u.luks.payload_offset);

    /* data encrypted under cryptsetup's master key decrypts through us */
    qcrypto_random_bytes(plain, 64 * 512, &error_abort);
    memcpy(data, plain, 64 * 512);
    cipher = qcrypto_cipher_new(v->alg, v->mode, mk, nmk, &error_abort);
    ivgen = qcrypto_ivgen_new(v->ivgen, v->alg, v->ivgen_hash, mk, nmk,
                              &error_abort);
    niv = qcrypto_cipher_get_iv_len(v->alg, v->mode);
    g_assert_cmpint(qcrypto_block_cipher_encrypt_helper(cipher, niv, ivgen, 512,
                                                        0, data, 64 * 512,
                                                        &error_abort), ==, 0);
    g_assert_cmpint(qcrypto_block_decrypt(block, 0, data, 64 * 512,
                                          &error_abort), ==, 0);
    g_assert_cmpmem(data, 64 * 512, plain, 64 * 512);

    /* the key cryptsetup added opens too; a wrong one does not */
    pass.data = (const uint8_t *)PASS2;
    pass.len = strlen(PASS2);
    block2 = qcrypto_block_open(&opts, &pass, file_read, &img, 0, 1,
                                &error_abort);
    pass.data = (const uint8_t *)"not it";
    pass.len = 6;
    g_assert_null(qcrypto_block_open(&opts, &pass, file_read, &img, 0, 1,
                                     &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid password, cannot unlock any keyslot with secret "
                    "'sec0'");
    error_free(err);
    close(img.fd);
    unlink(image);
    unlink(key);
    unlink(key2);
}

static char *find_cryptsetup(void)
{
    char *path = g_find_program_in_path("cryptsetup");

    if (!path && g_file_test("/usr/sbin/cryptsetup", G_FILE_TEST_IS_EXECUTABLE)) {
        path = g_strdup("/usr/sbin/cryptsetup");
    }
    if (!path && g_file_test("/sbin/cryptsetup", G_FILE_TEST_IS_EXECUTABLE)) {
        path = g_strdup("/sbin/cryptsetup");
    }
    return path;
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    cryptsetup = find_cryptsetup();
    tmpdir = g_dir_make_tmp("qemu-luks-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    for (size_t i = 0; i < G_N_ELEMENTS(ours); i++) {
        g_test_add_data_func(ours[i].path, &ours[i], test_ours);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(theirs); i++) {
        g_test_add_data_func(theirs[i].path, &theirs[i], test_theirs);
    }
    ret = g_test_run();
    g_rmdir(tmpdir);
    g_free(tmpdir);
    g_free(cryptsetup);
    return ret;
}
