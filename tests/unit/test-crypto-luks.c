/*
 * Tests for the LUKS1 format (crypto/block-luks.c) driven on a memory
 * buffer through the I/O callbacks: create/open round trips for each
 * cipher, wrong passphrases, the header description, key slot management,
 * and corrupted headers (one per check, each with its exact message).
 */
#include "qemu/osdep.h"
#include "crypto/block.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/qapi-visit-crypto.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "crypto/random.h"
#include "../../crypto/block-luks-priv.h"

#define PASS "correct horse"
#define PASS2 "battery staple"
#define PAYLOAD_LEN (16 * 1024)

typedef struct MemImage {
    uint8_t *buf;
    size_t len;
} MemImage;

static int mem_read(void *opaque, uint64_t offset, uint8_t *buf, size_t len,
                    Error **errp)
{
    MemImage *img = opaque;

    if (offset > img->len || len > img->len - offset) {
        error_setg(errp, "read of %zu bytes at %" PRIu64 " is past the end "
                   "of the %zu byte image", len, offset, img->len);
        return -1;
    }
    memcpy(buf, img->buf + offset, len);
    return 0;
}

static int mem_write(void *opaque, uint64_t offset, const uint8_t *buf,
                     size_t len, Error **errp)
{
    MemImage *img = opaque;

    if (offset + len > img->len) {
        img->buf = g_realloc(img->buf, offset + len);
        memset(img->buf + img->len, 0, offset + len - img->len);
        img->len = offset + len;
    }
    memcpy(img->buf + offset, buf, len);
    return 0;
}

static int mem_init(void *opaque, size_t headerlen, Error **errp)
{
    MemImage *img = opaque;

    /* header area plus a payload */
    img->len = headerlen + PAYLOAD_LEN;
    img->buf = g_realloc(img->buf, img->len);
    memset(img->buf, 0, img->len);
    return 0;
}

static void mem_free(MemImage *img)
{
    g_free(img->buf);
    img->buf = NULL;
    img->len = 0;
}

static QCryptoBlockKey key_of(const char *pass, const char *id)
{
    return (QCryptoBlockKey) {
        .secret_id = id,
        .data = (const uint8_t *)pass,
        .len = pass ? strlen(pass) : 0,
    };
}

static QCryptoBlock *open_image(MemImage *img, const char *pass,
                                const char *id, unsigned int flags,
                                Error **errp)
{
    QCryptoBlockOpenOptions opts = {
        .format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .u.luks.has_key_secret = id != NULL,
        .u.luks.key_secret = (char *)id,
    };
    QCryptoBlockKey key = key_of(pass, id);

    return qcrypto_block_open(&opts, &key, mem_read, img, flags, 1, errp);
}

/* A fast create: iter-time 1 ms gives the minimum of 1000 iterations. */
static QCryptoBlock *create_image(MemImage *img,
                                  const QCryptoBlockCreateOptionsLUKS *luks,
                                  Error **errp)
{
    QCryptoBlockCreateOptions opts = { .format = QCRYPTO_BLOCK_FORMAT_LUKS };
    QCryptoBlockKey key = key_of(PASS, "sec0");

    if (luks) {
        opts.u.luks = *luks;
    }
    if (!opts.u.luks.has_iter_time) {
        opts.u.luks.has_iter_time = true;
        opts.u.luks.iter_time = 1;
    }
    return qcrypto_block_create(&opts, &key, mem_init, mem_write, img, errp);
}

static void assert_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* ---- create/open round trips ---- */

typedef struct LUKSVariant {
    const char *path;
    QCryptoBlockCreateOptionsLUKS opts;
    QCryptoCipherAlgorithm cipher_alg;
    QCryptoCipherMode cipher_mode;
    QCryptoIVGenAlgorithm ivgen_alg;
    bool has_ivgen_hash;
    QCryptoHashAlgorithm ivgen_hash;
    QCryptoHashAlgorithm hash_alg;
    const char *cipher_name, *cipher_mode_str, *hash_spec;
    uint32_t key_bytes;
    int64_t payload_offset;
} LUKSVariant;

static const LUKSVariant variants[] = {
    {
        .path = "/crypto/luks/roundtrip/default",
        .cipher_alg = QCRYPTO_CIPHER_ALG_AES_256,
        .cipher_mode = QCRYPTO_CIPHER_MODE_XTS,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN64,
        .hash_alg = QCRYPTO_HASH_ALG_SHA256,
        .cipher_name = "aes", .cipher_mode_str = "xts-plain64",
        .hash_spec = "sha256", .key_bytes = 64,
        /* as real QEMU: 8 slots of 504 sectors after 8 sectors */
        .payload_offset = 2068480,
    }, {
        .path = "/crypto/luks/roundtrip/aes-128-xts",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_AES_128 },
        .cipher_alg = QCRYPTO_CIPHER_ALG_AES_128,
        .cipher_mode = QCRYPTO_CIPHER_MODE_XTS,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN64,
        .hash_alg = QCRYPTO_HASH_ALG_SHA256,
        .cipher_name = "aes", .cipher_mode_str = "xts-plain64",
        .hash_spec = "sha256", .key_bytes = 32,
        .payload_offset = 1052672,
    }, {
        .path = "/crypto/luks/roundtrip/aes-128-cbc-essiv-sha1",
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
        .cipher_alg = QCRYPTO_CIPHER_ALG_AES_128,
        .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_ESSIV,
        .has_ivgen_hash = true,
        .ivgen_hash = QCRYPTO_HASH_ALG_SHA256,
        .hash_alg = QCRYPTO_HASH_ALG_SHA1,
        .cipher_name = "aes", .cipher_mode_str = "cbc-essiv:sha256",
        .hash_spec = "sha1", .key_bytes = 16,
        .payload_offset = 4096 + 8 * 128 * 512,
    }, {
        .path = "/crypto/luks/roundtrip/aes-192-cbc-plain-sha512",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_AES_192,
                  .has_cipher_mode = true,
                  .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
                  .has_ivgen_alg = true,
                  .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN,
                  .has_hash_alg = true,
                  .hash_alg = QCRYPTO_HASH_ALG_SHA512 },
        .cipher_alg = QCRYPTO_CIPHER_ALG_AES_192,
        .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN,
        .hash_alg = QCRYPTO_HASH_ALG_SHA512,
        .cipher_name = "aes", .cipher_mode_str = "cbc-plain",
        .hash_spec = "sha512", .key_bytes = 24,
        /* 24 * 4000 bytes = 187.5 sectors -> 188 -> 192 aligned */
        .payload_offset = 4096 + 8 * 192 * 512,
    }, {
        .path = "/crypto/luks/roundtrip/serpent-256-xts",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_SERPENT_256 },
        .cipher_alg = QCRYPTO_CIPHER_ALG_SERPENT_256,
        .cipher_mode = QCRYPTO_CIPHER_MODE_XTS,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN64,
        .hash_alg = QCRYPTO_HASH_ALG_SHA256,
        .cipher_name = "serpent", .cipher_mode_str = "xts-plain64",
        .hash_spec = "sha256", .key_bytes = 64,
        .payload_offset = 2068480,
    }, {
        .path = "/crypto/luks/roundtrip/twofish-128-cbc-essiv-ripemd160",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_TWOFISH_128,
                  .has_cipher_mode = true,
                  .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
                  .has_ivgen_alg = true,
                  .ivgen_alg = QCRYPTO_IVGEN_ALG_ESSIV,
                  .has_ivgen_hash_alg = true,
                  .ivgen_hash_alg = QCRYPTO_HASH_ALG_SHA256,
                  .has_hash_alg = true,
                  .hash_alg = QCRYPTO_HASH_ALG_RIPEMD160 },
        .cipher_alg = QCRYPTO_CIPHER_ALG_TWOFISH_128,
        .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_ESSIV,
        .has_ivgen_hash = true,
        .ivgen_hash = QCRYPTO_HASH_ALG_SHA256,
        .hash_alg = QCRYPTO_HASH_ALG_RIPEMD160,
        .cipher_name = "twofish", .cipher_mode_str = "cbc-essiv:sha256",
        .hash_spec = "ripemd160", .key_bytes = 16,
        .payload_offset = 4096 + 8 * 128 * 512,
    }, {
        .path = "/crypto/luks/roundtrip/cast5-128-cbc-plain64",
        .opts = { .has_cipher_alg = true,
                  .cipher_alg = QCRYPTO_CIPHER_ALG_CAST5_128,
                  .has_cipher_mode = true,
                  .cipher_mode = QCRYPTO_CIPHER_MODE_CBC },
        .cipher_alg = QCRYPTO_CIPHER_ALG_CAST5_128,
        .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN64,
        .hash_alg = QCRYPTO_HASH_ALG_SHA256,
        .cipher_name = "cast5", .cipher_mode_str = "cbc-plain64",
        .hash_spec = "sha256", .key_bytes = 16,
        .payload_offset = 4096 + 8 * 128 * 512,
    }, {
        .path = "/crypto/luks/roundtrip/aes-256-ecb",
        .opts = { .has_cipher_mode = true,
                  .cipher_mode = QCRYPTO_CIPHER_MODE_ECB },
        .cipher_alg = QCRYPTO_CIPHER_ALG_AES_256,
        .cipher_mode = QCRYPTO_CIPHER_MODE_ECB,
        .ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN64,
        .hash_alg = QCRYPTO_HASH_ALG_SHA256,
        .cipher_name = "aes", .cipher_mode_str = "ecb",
        .hash_spec = "sha256", .key_bytes = 32,
        .payload_offset = 1052672,
    },
};

static void check_header_fields(const MemImage *img, const LUKSVariant *v)
{
    QCryptoBlockLUKSHeader hdr;

    memcpy(&hdr, img->buf, sizeof(hdr));
    qcrypto_block_luks_header_from_disk(&hdr);
    g_assert_cmpmem(hdr.magic, 6, "LUKS\xba\xbe", 6);
    g_assert_cmpuint(hdr.version, ==, 1);
    g_assert_cmpstr(hdr.cipher_name, ==, v->cipher_name);
    g_assert_cmpstr(hdr.cipher_mode, ==, v->cipher_mode_str);
    g_assert_cmpstr(hdr.hash_spec, ==, v->hash_spec);
    g_assert_cmpuint(hdr.master_key_len, ==, v->key_bytes);
    g_assert_cmpuint((uint64_t)hdr.payload_offset_sector * 512, ==,
                     v->payload_offset);
    g_assert_cmpuint(strlen(hdr.uuid), ==, 36);
    g_assert_cmpuint(hdr.key_slots[0].active, ==, 0x00AC71F3);
    g_assert_cmpuint(hdr.key_slots[0].key_offset_sector, ==, 8);
    g_assert_cmpuint(hdr.key_slots[0].iterations, >=, 1000);
    for (int i = 1; i < 8; i++) {
        g_assert_cmpuint(hdr.key_slots[i].active, ==, 0x0000DEAD);
        g_assert_cmpuint(hdr.key_slots[i].stripes, ==, 4000);
    }
}

/* Slot @i of the generated list; NULL past its end. */
static QCryptoBlockInfoLUKSSlot *info_slot(QCryptoBlockInfoLUKS *l, int i)
{
    QCryptoBlockInfoLUKSSlotList *e = l->slots;

    while (e && i--) {
        e = e->next;
    }
    return e ? e->value : NULL;
}

/* The info is the generated type: its visitor gives the schema's form. */
static void check_info_qapi(QCryptoBlockInfo *info)
{
    QObject *obj = NULL;
    Visitor *v = qobject_output_visitor_new(&obj);
    QDict *d;

    visit_type_QCryptoBlockInfo(v, NULL, &info, &error_abort);
    visit_complete(v, &obj);
    visit_free(v);
    d = qobject_to(QDict, obj);
    g_assert_cmpstr(qdict_get_str(d, "format"), ==, "luks");
    g_assert_cmpuint(qlist_size(qdict_get_qlist(d, "slots")), ==, 8);
    g_assert_cmpint(qdict_get_int(d, "payload-offset"), ==,
                    info->u.luks.payload_offset);
    g_assert_cmpstr(qdict_get_str(d, "cipher-alg"), ==,
                    QCryptoCipherAlgorithm_str(info->u.luks.cipher_alg));
    qobject_unref(obj);
}

static void check_info(QCryptoBlock *block, const LUKSVariant *v)
{
    g_autoptr(QCryptoBlockInfo) info = qcrypto_block_get_info(block,
                                                              &error_abort);
    QCryptoBlockInfoLUKS *l = &info->u.luks;

    g_assert_cmpint(info->format, ==, QCRYPTO_BLOCK_FORMAT_LUKS);
    g_assert_cmpint(l->cipher_alg, ==, v->cipher_alg);
    g_assert_cmpint(l->cipher_mode, ==, v->cipher_mode);
    g_assert_cmpint(l->ivgen_alg, ==, v->ivgen_alg);
    g_assert_cmpint(l->has_ivgen_hash_alg, ==, v->has_ivgen_hash);
    if (v->has_ivgen_hash) {
        g_assert_cmpint(l->ivgen_hash_alg, ==, v->ivgen_hash);
    }
    g_assert_cmpint(l->hash_alg, ==, v->hash_alg);
    g_assert_cmpint(l->payload_offset, ==, v->payload_offset);
    g_assert_cmpint(l->master_key_iters, >=, 1000);
    g_assert_cmpuint(strlen(l->uuid), ==, 36);
    g_assert_nonnull(info_slot(l, 7));
    g_assert_null(info_slot(l, 8));
    check_info_qapi(info);
    g_assert_true(info_slot(l, 0)->active);
    g_assert_true(info_slot(l, 0)->has_iters);
    g_assert_cmpint(info_slot(l, 0)->iters, >=, 1000);
    g_assert_cmpint(info_slot(l, 0)->stripes, ==, 4000);
    g_assert_cmpint(info_slot(l, 0)->key_offset, ==, 4096);
    for (int i = 1; i < 8; i++) {
        g_assert_false(info_slot(l, i)->active);
        g_assert_false(info_slot(l, i)->has_iters);
        g_assert_cmpint(info_slot(l, i)->key_offset, ==,
                        4096 + i * (v->payload_offset - 4096) / 8);
    }
}

static void test_roundtrip(const void *opaque)
{
    const LUKSVariant *v = opaque;
    MemImage img = { 0 };
    g_autoptr(QCryptoBlock) created = NULL;
    g_autoptr(QCryptoBlock) opened = NULL;
    g_autoptr(QCryptoBlock) header_only = NULL;
    g_autofree uint8_t *plain = g_malloc(PAYLOAD_LEN);
    g_autofree uint8_t *buf = g_malloc(PAYLOAD_LEN);
    uint64_t offset;
    QCryptoBlockCreateOptions copts = { .format = QCRYPTO_BLOCK_FORMAT_LUKS,
                                        .u.luks = v->opts };
    Error *err = NULL;

    created = create_image(&img, &v->opts, &error_abort);
    check_header_fields(&img, v);
    g_assert_cmpuint(qcrypto_block_get_payload_offset(created), ==,
                     v->payload_offset);
    g_assert_true(qcrypto_block_calculate_payload_offset(&copts, &offset,
                                                         &error_abort));
    g_assert_cmpuint(offset, ==, v->payload_offset);
    g_assert_cmpuint(qcrypto_block_get_sector_size(created), ==, 512);
    g_assert_true(qcrypto_block_has_format(QCRYPTO_BLOCK_FORMAT_LUKS,
                                           img.buf, img.len));

    /* write the payload through the created block */
    qcrypto_random_bytes(plain, PAYLOAD_LEN, &error_abort);
    memcpy(buf, plain, PAYLOAD_LEN);
    g_assert_cmpint(qcrypto_block_encrypt(created, 0, buf, PAYLOAD_LEN,
                                          &error_abort), ==, 0);
    g_assert_true(memcmp(buf, plain, PAYLOAD_LEN) != 0);
    memcpy(img.buf + v->payload_offset, buf, PAYLOAD_LEN);

    /* read it back through a freshly opened block */
    opened = open_image(&img, PASS, "sec0", 0, &error_abort);
    check_info(opened, v);
    g_assert_cmpint(qcrypto_block_get_cipher_alg(opened), ==, v->cipher_alg);
    g_assert_cmpint(qcrypto_block_get_cipher_mode(opened), ==, v->cipher_mode);
    g_assert_cmpint(qcrypto_block_get_kdf_hash(opened), ==, v->hash_alg);
    memcpy(buf, img.buf + v->payload_offset, PAYLOAD_LEN);
    /* in two pieces, the second starting mid-payload (sector 7) */
    g_assert_cmpint(qcrypto_block_decrypt(opened, 0, buf, 7 * 512,
                                          &error_abort), ==, 0);
    g_assert_cmpint(qcrypto_block_decrypt(opened, 7 * 512, buf + 7 * 512,
                                          PAYLOAD_LEN - 7 * 512,
                                          &error_abort), ==, 0);
    g_assert_cmpmem(buf, PAYLOAD_LEN, plain, PAYLOAD_LEN);

    /* wrong passphrases, with and without a secret id */
    g_assert_null(open_image(&img, PASS2, "sec1", 0, &err));
    assert_error(err, "Invalid password, cannot unlock any keyslot with "
                 "secret 'sec1'");
    err = NULL;
    g_assert_null(open_image(&img, "", NULL, 0, &err));
    assert_error(err, "Invalid password, cannot unlock any keyslot");
    err = NULL;
    g_assert_null(open_image(&img, NULL, NULL, 0, &err));
    assert_error(err, "Parameter 'key-secret' is required for cipher");
    err = NULL;

    /* header only: no key needed, description available, no data I/O */
    header_only = open_image(&img, NULL, NULL, QCRYPTO_BLOCK_OPEN_NO_IO,
                             &error_abort);
    check_info(header_only, v);
    g_assert_cmpint(qcrypto_block_decrypt(header_only, 0, buf, 512, &err), ==, -1);
    assert_error(err, "The encryption key is not loaded: the image was opened "
                 "for its header only");
    mem_free(&img);
}

static void test_unaligned_io(void)
{
    MemImage img = { 0 };
    g_autoptr(QCryptoBlock) block = create_image(&img, NULL, &error_abort);
    uint8_t buf[1024] = { 0 };
    Error *err = NULL;

    g_assert_cmpint(qcrypto_block_encrypt(block, 100, buf, 512, &err), ==, -1);
    assert_error(err, "Encrypted I/O at offset 100 length 512 is not aligned "
                 "to the 512 byte sector size");
    err = NULL;
    g_assert_cmpint(qcrypto_block_decrypt(block, 512, buf, 1000, &err), ==, -1);
    assert_error(err, "Encrypted I/O at offset 512 length 1000 is not aligned "
                 "to the 512 byte sector size");
    mem_free(&img);
}

/* The IV of a sector is its number within the payload (plain64). */
static void test_sector_numbering(void)
{
    MemImage img = { 0 };
    g_autoptr(QCryptoBlock) block = create_image(&img, NULL, &error_abort);
    uint8_t a[1024], b[512];

    qcrypto_random_bytes(a, sizeof(a), &error_abort);
    memcpy(b, a + 512, 512);
    qcrypto_block_encrypt(block, 4096, a, sizeof(a), &error_abort);
    qcrypto_block_encrypt(block, 4096 + 512, b, sizeof(b), &error_abort);
    g_assert_cmpmem(a + 512, 512, b, 512);
    mem_free(&img);
}

static void test_create_errors(void)
{
    MemImage img = { 0 };
    QCryptoBlockCreateOptionsLUKS o;
    QCryptoBlockCreateOptions nokey = { .format = QCRYPTO_BLOCK_FORMAT_LUKS };
    QCryptoBlockCreateOptions qcow = { .format = QCRYPTO_BLOCK_FORMAT_QCOW };
    QCryptoBlockKey key = key_of(PASS, NULL);
    Error *err = NULL;

    o = (QCryptoBlockCreateOptionsLUKS) { .has_iter_time = true, .iter_time = 0 };
    g_assert_null(create_image(&img, &o, &err));
    assert_error(err, "iter-time 0 ms must be positive");
    err = NULL;

    o = (QCryptoBlockCreateOptionsLUKS) { .has_iter_time = true,
                                          .iter_time = INT64_MAX };
    g_assert_null(create_image(&img, &o, &err));
    assert_error(err, "PBKDF2 iteration count for the master key digest is "
                 "too large for the LUKS format: reduce iter-time");
    err = NULL;

    o = (QCryptoBlockCreateOptionsLUKS) {
        .has_cipher_alg = true, .cipher_alg = QCRYPTO_CIPHER_ALG_DES };
    g_assert_null(create_image(&img, &o, &err));
    assert_error(err, "Cipher algorithm des is not supported by the LUKS format");
    err = NULL;

    o = (QCryptoBlockCreateOptionsLUKS) {
        .has_cipher_alg = true, .cipher_alg = QCRYPTO_CIPHER_ALG_CAST5_128 };
    g_assert_null(create_image(&img, &o, &err));
    assert_error(err, "Cipher algorithm cast5-128 does not support mode xts");
    err = NULL;

    o = (QCryptoBlockCreateOptionsLUKS) {
        .has_cipher_alg = true, .cipher_alg = QCRYPTO_CIPHER_ALG_CAST5_128,
        .has_cipher_mode = true, .cipher_mode = QCRYPTO_CIPHER_MODE_CBC,
        .has_ivgen_alg = true, .ivgen_alg = QCRYPTO_IVGEN_ALG_ESSIV,
        .has_ivgen_hash_alg = true, .ivgen_hash_alg = QCRYPTO_HASH_ALG_SHA256 };
    g_assert_null(create_image(&img, &o, &err));
    assert_error(err, "No cast5 cipher with key size 32 bytes is available for "
                 "ESSIV with hash sha256");
    err = NULL;

    o = (QCryptoBlockCreateOptionsLUKS) {
        .has_ivgen_hash_alg = true, .ivgen_hash_alg = QCRYPTO_HASH_ALG_SHA1 };
    g_assert_null(create_image(&img, &o, &err));
    assert_error(err, "An IV generator hash is only used with essiv, not with "
                 "plain64");
    err = NULL;

    g_assert_null(qcrypto_block_create(&nokey, NULL, mem_init, mem_write, &img,
                                       &err));
    assert_error(err, "Parameter 'key-secret' is required for cipher");
    err = NULL;

    g_assert_null(qcrypto_block_create(&qcow, &key, mem_init, mem_write, &img,
                                       &err));
    assert_error(err, "Creating images with the 'qcow' encryption format is "
                 "not supported");
    mem_free(&img);
}

/* ---- key slot management ---- */

/* An amend: the generated options and the passphrases they name. */
typedef struct Amend {
    QCryptoBlockAmendOptions o;
    QCryptoBlockAmendKeys keys;
} Amend;

static Amend amend_add(const char *pass, bool has_slot, int64_t slot)
{
    return (Amend) {
        .o.format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .o.u.luks = {
            .state = QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_ACTIVE,
            .has_new_secret = true, .new_secret = (char *)"new",
            .has_keyslot = has_slot, .keyslot = slot,
            .has_iter_time = true, .iter_time = 1,
        },
        .keys.new_key = key_of(pass, "new"),
    };
}

static Amend amend_erase_slot(int64_t slot)
{
    return (Amend) {
        .o.format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .o.u.luks = {
            .state = QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_INACTIVE,
            .has_keyslot = true, .keyslot = slot,
        },
    };
}

static Amend amend_erase_pass(const char *pass)
{
    return (Amend) {
        .o.format = QCRYPTO_BLOCK_FORMAT_LUKS,
        .o.u.luks = {
            .state = QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_INACTIVE,
            .has_old_secret = true, .old_secret = (char *)"old",
        },
        .keys.old_key = key_of(pass, "old"),
    };
}

static int amend(QCryptoBlock *block, MemImage *img, Amend a, bool force,
                 Error **errp)
{
    return qcrypto_block_amend_options(block, mem_read, mem_write, img, &a.o,
                                       &a.keys, force, errp);
}

static bool can_open(MemImage *img, const char *pass)
{
    g_autoptr(QCryptoBlock) block = open_image(img, pass, NULL, 0, NULL);

    return block != NULL;
}

static void test_keyslots(void)
{
    MemImage img = { 0 };
    g_autoptr(QCryptoBlock) block = create_image(&img, NULL, &error_abort);
    g_autoptr(QCryptoBlock) header_only = NULL;
    g_autofree uint8_t *slot0 = NULL;
    Error *err = NULL;

    /* add a second passphrase in the first free slot (1) */
    g_assert_cmpint(amend(block, &img, amend_add(PASS2, false, 0), false,
                          &error_abort), ==, 0);
    g_assert_true(can_open(&img, PASS));
    g_assert_true(can_open(&img, PASS2));

    /* overwriting an active slot needs force */
    g_assert_cmpint(amend(block, &img, amend_add("x", true, 1), false, &err), ==, -1);
    assert_error(err, "Refusing to overwrite active keyslot 1: erase it first");
    err = NULL;
    g_assert_cmpint(amend(block, &img, amend_add("x", true, 9), false, &err), ==, -1);
    assert_error(err, "Invalid keyslot 9 specified, must be between 0 and 7");
    err = NULL;

    /* erase slot 0: its key material is overwritten, PASS stops working */
    slot0 = g_memdup2(img.buf + 4096, 256000);
    g_assert_cmpint(amend(block, &img, amend_erase_slot(0), false,
                          &error_abort), ==, 0);
    g_assert_true(memcmp(slot0, img.buf + 4096, 256000) != 0);
    g_assert_false(can_open(&img, PASS));
    g_assert_true(can_open(&img, PASS2));
    g_assert_cmpint(amend(block, &img, amend_erase_slot(0), false, &err), ==, -1);
    assert_error(err, "Keyslot 0 is already erased");
    err = NULL;

    /* the last active slot is kept unless forced */
    g_assert_cmpint(amend(block, &img, amend_erase_slot(1), false, &err), ==, -1);
    assert_error(err, "Refusing to erase the last active keyslot: all data in "
                 "the image would be irreversibly lost");
    err = NULL;
    g_assert_cmpint(amend(block, &img, amend_erase_pass(PASS2), false, &err),
                    ==, -1);
    assert_error(err, "Refusing to erase the last active keyslot: all data in "
                 "the image would be irreversibly lost");
    err = NULL;
    g_assert_true(can_open(&img, PASS2));

    /* erase by passphrase: every slot it unlocks */
    g_assert_cmpint(amend(block, &img, amend_add(PASS, true, 5), false,
                          &error_abort), ==, 0);
    g_assert_cmpint(amend(block, &img, amend_add(PASS, true, 6), false,
                          &error_abort), ==, 0);
    g_assert_cmpint(amend(block, &img, amend_erase_pass(PASS), false,
                          &error_abort), ==, 0);
    g_assert_false(can_open(&img, PASS));
    g_assert_true(can_open(&img, PASS2));
    g_assert_cmpint(amend(block, &img, amend_erase_pass("nope"), false, &err),
                    ==, -1);
    assert_error(err, "Secret 'old' does not unlock any active keyslot");
    err = NULL;

    /* fill all slots */
    for (int i = 0; i < 7; i++) {
        g_assert_cmpint(amend(block, &img, amend_add(PASS, false, 0), false,
                              &error_abort), ==, 0);
    }
    g_assert_cmpint(amend(block, &img, amend_add(PASS, false, 0), false, &err),
                    ==, -1);
    assert_error(err, "Cannot add a keyslot: all 8 keyslots are in use");
    err = NULL;

    /* argument combinations */
    {
        Amend o = amend_erase_slot(2);

        o.keys.old_key = key_of(PASS, NULL);
        g_assert_cmpint(amend(block, &img, o, false, &err), ==, -1);
        assert_error(err, "Parameters 'keyslot' and 'old-secret' cannot be "
                     "used together to erase keyslots");
        err = NULL;
        o = amend_erase_pass(NULL);
        g_assert_cmpint(amend(block, &img, o, false, &err), ==, -1);
        assert_error(err, "Parameter 'keyslot' or 'old-secret' is required to "
                     "erase keyslots");
        err = NULL;
        o = amend_add(NULL, false, 0);
        g_assert_cmpint(amend(block, &img, o, false, &err), ==, -1);
        assert_error(err, "Parameter 'new-secret' is required to activate a "
                     "keyslot");
        err = NULL;
    }

    /* a header-only block has no master key to protect */
    header_only = open_image(&img, NULL, NULL, QCRYPTO_BLOCK_OPEN_NO_IO,
                             &error_abort);
    g_assert_cmpint(amend(header_only, &img, amend_add(PASS, true, 0), true,
                          &err), ==, -1);
    assert_error(err, "Cannot change keyslots of an image opened without its key");
    err = NULL;

    /* forced erase of everything: nothing opens any more */
    g_assert_cmpint(amend(block, &img, amend_erase_pass(PASS), false,
                          &error_abort), ==, 0);
    g_assert_cmpint(amend(block, &img, amend_erase_pass(PASS2), true,
                          &error_abort), ==, 0);
    g_assert_false(can_open(&img, PASS2));
    mem_free(&img);
}

/* ---- corrupted headers ---- */

typedef struct Corruption {
    const char *path;
    void (*corrupt)(QCryptoBlockLUKSHeader *hdr);   /* host byte order */
    const char *error;
} Corruption;

static void bad_magic(QCryptoBlockLUKSHeader *h) { h->magic[4] = 0; }
static void bad_version(QCryptoBlockLUKSHeader *h) { h->version = 2; }
static void bad_cipher(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_name, "blowfish");
}
static void unterminated_cipher(QCryptoBlockLUKSHeader *h)
{
    memset(h->cipher_name, 'a', sizeof(h->cipher_name));
}
static void unterminated_mode(QCryptoBlockLUKSHeader *h)
{
    memset(h->cipher_mode, 'x', sizeof(h->cipher_mode));
}
static void unterminated_hash(QCryptoBlockLUKSHeader *h)
{
    memset(h->hash_spec, 's', sizeof(h->hash_spec));
}
static void unterminated_uuid(QCryptoBlockLUKSHeader *h)
{
    memset(h->uuid, '1', sizeof(h->uuid));
}
static void bad_mode(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_mode, "foo-plain64");
}
static void bad_ivgen(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_mode, "xts-bogus");
}
static void no_ivgen(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_mode, "xts");
}
static void essiv_no_hash(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_mode, "xts-essiv");
}
static void essiv_bad_hash(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_mode, "xts-essiv:sha999");
}
static void bad_hash(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->hash_spec, "whirlpool");
}
static void zero_key(QCryptoBlockLUKSHeader *h) { h->master_key_len = 0; }
static void huge_key(QCryptoBlockLUKSHeader *h) { h->master_key_len = 0x7fffffff; }
static void odd_key(QCryptoBlockLUKSHeader *h)
{
    h->master_key_len = 33;
}
static void zero_mk_iters(QCryptoBlockLUKSHeader *h)
{
    h->mk_digest_iterations = 0;
}
static void payload_in_header(QCryptoBlockLUKSHeader *h)
{
    h->payload_offset_sector = 1;
}
static void bad_slot_state(QCryptoBlockLUKSHeader *h)
{
    h->key_slots[3].active = 0x12345678;
}
static void bad_stripes(QCryptoBlockLUKSHeader *h)
{
    h->key_slots[2].stripes = 3999;
}
static void slot_in_header(QCryptoBlockLUKSHeader *h)
{
    h->key_slots[0].key_offset_sector = 1;
}
static void slot_past_payload(QCryptoBlockLUKSHeader *h)
{
    h->key_slots[7].key_offset_sector = 0xfffffff0;
}
static void slots_overlap(QCryptoBlockLUKSHeader *h)
{
    h->key_slots[5].key_offset_sector = h->key_slots[4].key_offset_sector + 8;
}
static void zero_slot_iters(QCryptoBlockLUKSHeader *h)
{
    h->key_slots[0].iterations = 0;
}
static void cipher_mode_mismatch(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_name, "cast5");
    strcpy(h->cipher_mode, "cbc-plain64");
}

static void cipher_mode_unsupported(QCryptoBlockLUKSHeader *h)
{
    strcpy(h->cipher_name, "cast5");
    h->master_key_len = 32;
}

static const Corruption corruptions[] = {
    { "/crypto/luks/corrupt/magic", bad_magic, "Volume is not in LUKS format" },
    { "/crypto/luks/corrupt/version", bad_version,
      "LUKS version 2 is not supported" },
    { "/crypto/luks/corrupt/cipher-name", bad_cipher,
      "LUKS cipher 'blowfish' with key size 32 bytes is not supported" },
    { "/crypto/luks/corrupt/cipher-name-unterminated", unterminated_cipher,
      "LUKS header cipher name is not NUL terminated" },
    { "/crypto/luks/corrupt/cipher-mode-unterminated", unterminated_mode,
      "LUKS header cipher mode is not NUL terminated" },
    { "/crypto/luks/corrupt/hash-spec-unterminated", unterminated_hash,
      "LUKS header hash spec is not NUL terminated" },
    { "/crypto/luks/corrupt/uuid-unterminated", unterminated_uuid,
      "LUKS header UUID is not NUL terminated" },
    { "/crypto/luks/corrupt/cipher-mode", bad_mode,
      "Unknown LUKS cipher mode 'foo-plain64'" },
    { "/crypto/luks/corrupt/ivgen", bad_ivgen,
      "Unknown LUKS IV generator 'bogus'" },
    { "/crypto/luks/corrupt/no-ivgen", no_ivgen,
      "LUKS cipher mode 'xts' lacks an IV generator" },
    { "/crypto/luks/corrupt/essiv-no-hash", essiv_no_hash,
      "LUKS cipher mode 'xts-essiv' lacks the ESSIV hash" },
    { "/crypto/luks/corrupt/essiv-bad-hash", essiv_bad_hash,
      "Unknown LUKS IV generator hash 'sha999'" },
    { "/crypto/luks/corrupt/hash-spec", bad_hash,
      "Unknown LUKS hash algorithm 'whirlpool'" },
    { "/crypto/luks/corrupt/key-bytes-zero", zero_key,
      "LUKS master key length 0 bytes is not supported (at most 64)" },
    { "/crypto/luks/corrupt/key-bytes-huge", huge_key,
      "LUKS master key length 2147483647 bytes is not supported (at most 64)" },
    { "/crypto/luks/corrupt/key-bytes-odd-xts", odd_key,
      "LUKS master key length 33 bytes is odd, which XTS mode cannot use" },
    { "/crypto/luks/corrupt/mk-iterations", zero_mk_iters,
      "LUKS master key digest iteration count is zero" },
    { "/crypto/luks/corrupt/payload-offset", payload_in_header,
      "LUKS payload offset 1 sectors is inside the LUKS header" },
    { "/crypto/luks/corrupt/slot-state", bad_slot_state,
      "Keyslot 3 state (active/disabled) is corrupted" },
    { "/crypto/luks/corrupt/slot-stripes", bad_stripes,
      "Keyslot 2 is corrupted (stripes 3999 != 4000)" },
    { "/crypto/luks/corrupt/slot-in-header", slot_in_header,
      "Keyslot 0 is overlapping with the LUKS header" },
    { "/crypto/luks/corrupt/slot-past-payload", slot_past_payload,
      "Keyslot 7 is overlapping with the encrypted payload" },
    { "/crypto/luks/corrupt/slots-overlap", slots_overlap,
      "Keyslots 4 and 5 are overlapping in the header" },
    { "/crypto/luks/corrupt/slot-iterations", zero_slot_iters,
      "Keyslot 0 iteration count is zero" },
    { "/crypto/luks/corrupt/cipher-key-size", cipher_mode_mismatch,
      "LUKS cipher 'cast5' with key size 64 bytes is not supported" },
    { "/crypto/luks/corrupt/cipher-mode-unsupported", cipher_mode_unsupported,
      "LUKS cipher 'cast5' does not support mode 'xts-plain64'" },
};

/* One pristine image, created once, corrupted in copies. */
static MemImage pristine;

static void test_corruption(const void *opaque)
{
    const Corruption *c = opaque;
    MemImage img = { .buf = g_memdup2(pristine.buf, pristine.len),
                     .len = pristine.len };
    QCryptoBlockLUKSHeader hdr;
    Error *err = NULL;

    memcpy(&hdr, img.buf, sizeof(hdr));
    qcrypto_block_luks_header_from_disk(&hdr);
    c->corrupt(&hdr);
    qcrypto_block_luks_header_to_disk(&hdr);
    memcpy(img.buf, &hdr, sizeof(hdr));

    /* rejected both for header-only and for a full open */
    g_assert_null(open_image(&img, NULL, NULL, QCRYPTO_BLOCK_OPEN_NO_IO, &err));
    assert_error(err, c->error);
    err = NULL;
    g_assert_null(open_image(&img, PASS, NULL, 0, &err));
    assert_error(err, c->error);
    mem_free(&img);
}

static void test_corrupt_key_material(void)
{
    MemImage img = { .buf = g_memdup2(pristine.buf, pristine.len),
                     .len = pristine.len };
    Error *err = NULL;

    img.buf[4096 + 1000] ^= 0x40;
    g_assert_null(open_image(&img, PASS, "sec0", 0, &err));
    assert_error(err, "Invalid password, cannot unlock any keyslot with "
                 "secret 'sec0'");
    mem_free(&img);
}

static void test_truncated(void)
{
    MemImage img = { .buf = g_memdup2(pristine.buf, 300), .len = 300 };
    Error *err = NULL;

    g_assert_null(open_image(&img, PASS, NULL, 0, &err));
    assert_error(err, "Cannot read LUKS header: read of 592 bytes at 0 is past "
                 "the end of the 300 byte image");
    err = NULL;
    g_assert_false(qcrypto_block_has_format(QCRYPTO_BLOCK_FORMAT_LUKS,
                                            img.buf, 5));
    mem_free(&img);

    /* header intact, key material cut off */
    img.buf = g_memdup2(pristine.buf, 8192);
    img.len = 8192;
    g_assert_null(open_image(&img, PASS, NULL, 0, &err));
    assert_error(err, "Cannot read keyslot 0: read of 256000 bytes at 4096 is "
                 "past the end of the 8192 byte image");
    mem_free(&img);
}

/* Random garbage behind a valid magic: always an error, never a crash. */
static void test_garbage(void)
{
    MemImage img = { .buf = g_malloc(pristine.len), .len = pristine.len };

    for (int i = 0; i < 300; i++) {
        g_autoptr(QCryptoBlock) block = NULL;
        Error *err = NULL;

        qcrypto_random_bytes(img.buf, 4096, &error_abort);
        memcpy(img.buf, "LUKS\xba\xbe\x00\x01", 8);
        if (i % 2) {
            /* keep plausible strings so the slot checks are reached */
            memcpy(img.buf, pristine.buf, 168);
        }
        block = open_image(&img, PASS, NULL, 0, &err);
        g_assert_null(block);
        g_assert_nonnull(err);
        error_free(err);
    }
    mem_free(&img);
}

int main(int argc, char **argv)
{
    g_autoptr(QCryptoBlock) block = NULL;
    int ret;

    g_test_init(&argc, &argv, NULL);
    block = create_image(&pristine, NULL, &error_abort);
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        g_test_add_data_func(variants[i].path, &variants[i], test_roundtrip);
    }
    g_test_add_func("/crypto/luks/unaligned-io", test_unaligned_io);
    g_test_add_func("/crypto/luks/sector-numbering", test_sector_numbering);
    g_test_add_func("/crypto/luks/create-errors", test_create_errors);
    g_test_add_func("/crypto/luks/keyslots", test_keyslots);
    for (size_t i = 0; i < G_N_ELEMENTS(corruptions); i++) {
        g_test_add_data_func(corruptions[i].path, &corruptions[i],
                             test_corruption);
    }
    g_test_add_func("/crypto/luks/corrupt/key-material", test_corrupt_key_material);
    g_test_add_func("/crypto/luks/corrupt/truncated", test_truncated);
    g_test_add_func("/crypto/luks/corrupt/garbage", test_garbage);
    ret = g_test_run();
    mem_free(&pristine);
    return ret;
}
