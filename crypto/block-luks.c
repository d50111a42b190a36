/*
 * The LUKS1 format: header checks, key slot unlock, create, key slot
 * add/erase, and the header description.
 *
 * Nothing here does I/O by itself: the header and key material are read and
 * written through the caller's callbacks (see include/crypto/block.h).
 *
 * Flow of an open: load the header, convert it to host order, check every
 * field of the untrusted input (one message per check), parse the strings
 * into a QCryptoBlockLUKSParams, then try the passphrase on each active key
 * slot until the master-key digest matches.
 */
#include "qemu/osdep.h"
#include <nettle/memops.h>
#include "crypto/afsplit.h"
#include "crypto/hash.h"
#include "crypto/pbkdf.h"
#include "crypto/random.h"
#include "crypto/wipe.h"
#include "block-priv.h"
#include "block-luks-priv.h"

const uint8_t qcrypto_block_luks_magic[QCRYPTO_BLOCK_LUKS_MAGIC_LEN] = {
    'L', 'U', 'K', 'S', 0xBA, 0xBE
};

/* What the header's strings mean, parsed once. */
typedef struct QCryptoBlockLUKSParams {
    QCryptoCipherAlgorithm cipher_alg;
    QCryptoCipherMode cipher_mode;
    QCryptoIVGenAlgorithm ivgen_alg;
    bool has_ivgen_hash_alg;
    QCryptoHashAlgorithm ivgen_hash_alg;
    QCryptoCipherAlgorithm ivgen_cipher_alg;    /* essiv only */
    QCryptoHashAlgorithm hash_alg;
} QCryptoBlockLUKSParams;

typedef struct QCryptoBlockLUKS {
    QCryptoBlockLUKSHeader header;      /* host byte order */
    QCryptoBlockLUKSParams params;
    uint8_t *master_key;                /* NULL when opened with NO_IO */
} QCryptoBlockLUKS;

/* The cipher names of the cipher-name field, by key length. */
static const struct {
    const char *name;
    size_t key_len;
    QCryptoCipherAlgorithm alg;
} luks_cipher_names[] = {
    { "aes", 16, QCRYPTO_CIPHER_ALG_AES_128 },
    { "aes", 24, QCRYPTO_CIPHER_ALG_AES_192 },
    { "aes", 32, QCRYPTO_CIPHER_ALG_AES_256 },
    { "cast5", 16, QCRYPTO_CIPHER_ALG_CAST5_128 },
    { "serpent", 16, QCRYPTO_CIPHER_ALG_SERPENT_128 },
    { "serpent", 24, QCRYPTO_CIPHER_ALG_SERPENT_192 },
    { "serpent", 32, QCRYPTO_CIPHER_ALG_SERPENT_256 },
    { "twofish", 16, QCRYPTO_CIPHER_ALG_TWOFISH_128 },
    { "twofish", 24, QCRYPTO_CIPHER_ALG_TWOFISH_192 },
    { "twofish", 32, QCRYPTO_CIPHER_ALG_TWOFISH_256 },
};

static const char *luks_cipher_name(QCryptoCipherAlgorithm alg)
{
    for (size_t i = 0; i < ARRAY_SIZE(luks_cipher_names); i++) {
        if (luks_cipher_names[i].alg == alg) {
            return luks_cipher_names[i].name;
        }
    }
    return NULL;
}

static bool luks_cipher_lookup(const char *name, size_t key_len,
                               QCryptoCipherAlgorithm *alg)
{
    for (size_t i = 0; i < ARRAY_SIZE(luks_cipher_names); i++) {
        if (strcmp(luks_cipher_names[i].name, name) == 0 &&
            luks_cipher_names[i].key_len == key_len) {
            *alg = luks_cipher_names[i].alg;
            return true;
        }
    }
    return false;
}

/* ESSIV encrypts with the payload's cipher family keyed by a hash. */
static bool luks_essiv_cipher(QCryptoCipherAlgorithm cipher_alg,
                              QCryptoHashAlgorithm hash,
                              QCryptoCipherAlgorithm *essiv_alg, Error **errp)
{
    const char *family = luks_cipher_name(cipher_alg);
    size_t digest_len = qcrypto_hash_digest_len(hash);

    if (!family || !luks_cipher_lookup(family, digest_len, essiv_alg)) {
        error_setg(errp, "No %s cipher with key size %zu bytes is available "
                   "for ESSIV with hash %s", family ? family : "matching",
                   digest_len, qcrypto_hash_alg_str(hash));
        return false;
    }
    return true;
}

/* Key material size of one slot, whole sectors (padding is zeros). */
static uint32_t luks_split_sectors(uint32_t key_len, uint32_t stripes)
{
    return DIV_ROUND_UP((uint64_t)key_len * stripes,
                        QCRYPTO_BLOCK_LUKS_SECTOR_SIZE);
}

/* The same, rounded up to the 4 KiB key slot alignment (create layout). */
static uint32_t luks_slot_sectors(uint32_t key_len)
{
    const uint32_t align = QCRYPTO_BLOCK_LUKS_KEY_SLOT_ALIGN /
                           QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;

    return QEMU_ALIGN_UP(luks_split_sectors(key_len, QCRYPTO_BLOCK_LUKS_STRIPES),
                         align);
}

/* ---- byte order: the one pair of conversion functions ---- */

static void luks_slot_swap(QCryptoBlockLUKSKeySlot *slot, bool to_disk)
{
    if (to_disk) {
        slot->active = GUINT32_TO_BE(slot->active);
        slot->iterations = GUINT32_TO_BE(slot->iterations);
        slot->key_offset_sector = GUINT32_TO_BE(slot->key_offset_sector);
        slot->stripes = GUINT32_TO_BE(slot->stripes);
    } else {
        slot->active = GUINT32_FROM_BE(slot->active);
        slot->iterations = GUINT32_FROM_BE(slot->iterations);
        slot->key_offset_sector = GUINT32_FROM_BE(slot->key_offset_sector);
        slot->stripes = GUINT32_FROM_BE(slot->stripes);
    }
}

void qcrypto_block_luks_header_from_disk(QCryptoBlockLUKSHeader *hdr)
{
    hdr->version = GUINT16_FROM_BE(hdr->version);
    hdr->payload_offset_sector = GUINT32_FROM_BE(hdr->payload_offset_sector);
    hdr->master_key_len = GUINT32_FROM_BE(hdr->master_key_len);
    hdr->mk_digest_iterations = GUINT32_FROM_BE(hdr->mk_digest_iterations);
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        luks_slot_swap(&hdr->key_slots[i], false);
    }
}

void qcrypto_block_luks_header_to_disk(QCryptoBlockLUKSHeader *hdr)
{
    hdr->version = GUINT16_TO_BE(hdr->version);
    hdr->payload_offset_sector = GUINT32_TO_BE(hdr->payload_offset_sector);
    hdr->master_key_len = GUINT32_TO_BE(hdr->master_key_len);
    hdr->mk_digest_iterations = GUINT32_TO_BE(hdr->mk_digest_iterations);
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        luks_slot_swap(&hdr->key_slots[i], true);
    }
}

static int luks_write_header(QCryptoBlockLUKS *luks,
                             QCryptoBlockWriteFunc writefunc, void *opaque,
                             Error **errp)
{
    QCryptoBlockLUKSHeader disk = luks->header;

    qcrypto_block_luks_header_to_disk(&disk);
    if (writefunc(opaque, 0, (const uint8_t *)&disk, sizeof(disk), errp) < 0) {
        error_prepend(errp, "Cannot write LUKS header: ");
        return -1;
    }
    return 0;
}

/* ---- untrusted input: check, then parse ---- */

static bool luks_check_string(const char *field, const char *what, size_t len,
                              Error **errp)
{
    if (!memchr(field, '\0', len)) {
        error_setg(errp, "LUKS header %s is not NUL terminated", what);
        return false;
    }
    return true;
}

static bool luks_check_slot(const QCryptoBlockLUKSHeader *hdr, size_t i,
                            Error **errp)
{
    const QCryptoBlockLUKSKeySlot *slot = &hdr->key_slots[i];
    uint64_t start, end;

    if (slot->active != QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED &&
        slot->active != QCRYPTO_BLOCK_LUKS_KEY_SLOT_DISABLED) {
        error_setg(errp, "Keyslot %zu state (active/disabled) is corrupted", i);
        return false;
    }
    if (slot->stripes != QCRYPTO_BLOCK_LUKS_STRIPES) {
        error_setg(errp, "Keyslot %zu is corrupted (stripes %" PRIu32
                   " != %d)", i, slot->stripes, QCRYPTO_BLOCK_LUKS_STRIPES);
        return false;
    }
    start = slot->key_offset_sector;
    end = start + luks_split_sectors(hdr->master_key_len, slot->stripes);
    if (start * QCRYPTO_BLOCK_LUKS_SECTOR_SIZE < sizeof(QCryptoBlockLUKSHeader)) {
        error_setg(errp, "Keyslot %zu is overlapping with the LUKS header", i);
        return false;
    }
    if (end > hdr->payload_offset_sector) {
        error_setg(errp, "Keyslot %zu is overlapping with the encrypted "
                   "payload", i);
        return false;
    }
    if (slot->active == QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED &&
        slot->iterations == 0) {
        error_setg(errp, "Keyslot %zu iteration count is zero", i);
        return false;
    }
    return true;
}

static bool luks_check_header(const QCryptoBlockLUKSHeader *hdr, Error **errp)
{
    if (memcmp(hdr->magic, qcrypto_block_luks_magic,
               QCRYPTO_BLOCK_LUKS_MAGIC_LEN) != 0) {
        error_setg(errp, "Volume is not in LUKS format");
        return false;
    }
    if (hdr->version != QCRYPTO_BLOCK_LUKS_VERSION) {
        error_setg(errp, "LUKS version %" PRIu16 " is not supported",
                   hdr->version);
        return false;
    }
    if (!luks_check_string(hdr->cipher_name, "cipher name",
                           sizeof(hdr->cipher_name), errp) ||
        !luks_check_string(hdr->cipher_mode, "cipher mode",
                           sizeof(hdr->cipher_mode), errp) ||
        !luks_check_string(hdr->hash_spec, "hash spec",
                           sizeof(hdr->hash_spec), errp) ||
        !luks_check_string(hdr->uuid, "UUID", sizeof(hdr->uuid), errp)) {
        return false;
    }
    if (hdr->master_key_len == 0 ||
        hdr->master_key_len > QCRYPTO_BLOCK_LUKS_MAX_KEY_LEN) {
        error_setg(errp, "LUKS master key length %" PRIu32 " bytes is not "
                   "supported (at most %d)", hdr->master_key_len,
                   QCRYPTO_BLOCK_LUKS_MAX_KEY_LEN);
        return false;
    }
    if (hdr->mk_digest_iterations == 0) {
        error_setg(errp, "LUKS master key digest iteration count is zero");
        return false;
    }
    if ((uint64_t)hdr->payload_offset_sector * QCRYPTO_BLOCK_LUKS_SECTOR_SIZE <
        sizeof(QCryptoBlockLUKSHeader)) {
        error_setg(errp, "LUKS payload offset %" PRIu32 " sectors is inside "
                   "the LUKS header", hdr->payload_offset_sector);
        return false;
    }
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        if (!luks_check_slot(hdr, i, errp)) {
            return false;
        }
    }
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        const QCryptoBlockLUKSKeySlot *a = &hdr->key_slots[i];
        uint64_t a_end = a->key_offset_sector +
                         luks_split_sectors(hdr->master_key_len, a->stripes);

        for (size_t j = i + 1; j < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; j++) {
            const QCryptoBlockLUKSKeySlot *b = &hdr->key_slots[j];
            uint64_t b_end = b->key_offset_sector +
                             luks_split_sectors(hdr->master_key_len, b->stripes);

            if (a->key_offset_sector < b_end && b->key_offset_sector < a_end) {
                error_setg(errp, "Keyslots %zu and %zu are overlapping in the "
                           "header", i, j);
                return false;
            }
        }
    }
    return true;
}

/* "xts-plain64", "cbc-essiv:sha256", "ecb" */
static bool luks_parse_mode(const char *spec, QCryptoBlockLUKSParams *p,
                            Error **errp)
{
    g_autofree char *mode_name = g_strdup(spec);
    char *ivgen_name = strchr(mode_name, '-');
    char *ivhash_name;
    int v;

    if (ivgen_name) {
        *ivgen_name++ = '\0';
    }
    v = qcrypto_cipher_mode_parse(mode_name, NULL);
    if (v < 0) {
        error_setg(errp, "Unknown LUKS cipher mode '%s'", spec);
        return false;
    }
    p->cipher_mode = v;
    p->ivgen_alg = QCRYPTO_IVGEN_ALG_PLAIN64;
    if (!ivgen_name) {
        if (p->cipher_mode != QCRYPTO_CIPHER_MODE_ECB) {
            error_setg(errp, "LUKS cipher mode '%s' lacks an IV generator",
                       spec);
            return false;
        }
        return true;
    }
    ivhash_name = strchr(ivgen_name, ':');
    if (ivhash_name) {
        *ivhash_name++ = '\0';
    }
    v = qcrypto_ivgen_alg_parse(ivgen_name, NULL);
    if (v < 0) {
        error_setg(errp, "Unknown LUKS IV generator '%s'", ivgen_name);
        return false;
    }
    p->ivgen_alg = v;
    if (ivhash_name) {
        v = qcrypto_hash_alg_parse(ivhash_name, NULL);
        if (v < 0) {
            error_setg(errp, "Unknown LUKS IV generator hash '%s'", ivhash_name);
            return false;
        }
        p->has_ivgen_hash_alg = true;
        p->ivgen_hash_alg = v;
    }
    if (p->ivgen_alg == QCRYPTO_IVGEN_ALG_ESSIV && !p->has_ivgen_hash_alg) {
        error_setg(errp, "LUKS cipher mode '%s' lacks the ESSIV hash", spec);
        return false;
    }
    return true;
}

static bool luks_parse_header(const QCryptoBlockLUKSHeader *hdr,
                              QCryptoBlockLUKSParams *p, Error **errp)
{
    size_t key_len;
    int v;

    memset(p, 0, sizeof(*p));
    if (!luks_parse_mode(hdr->cipher_mode, p, errp)) {
        return false;
    }
    key_len = hdr->master_key_len;
    if (p->cipher_mode == QCRYPTO_CIPHER_MODE_XTS) {
        /* the master key holds the data key and the tweak key */
        if (key_len % 2) {
            error_setg(errp, "LUKS master key length %zu bytes is odd, which "
                       "XTS mode cannot use", key_len);
            return false;
        }
        key_len /= 2;
    }
    if (!luks_cipher_lookup(hdr->cipher_name, key_len, &p->cipher_alg)) {
        error_setg(errp, "LUKS cipher '%s' with key size %zu bytes is not "
                   "supported", hdr->cipher_name, key_len);
        return false;
    }
    if (!qcrypto_cipher_supports(p->cipher_alg, p->cipher_mode)) {
        error_setg(errp, "LUKS cipher '%s' does not support mode '%s'",
                   hdr->cipher_name, hdr->cipher_mode);
        return false;
    }
    v = qcrypto_hash_alg_parse(hdr->hash_spec, NULL);
    if (v < 0) {
        error_setg(errp, "Unknown LUKS hash algorithm '%s'", hdr->hash_spec);
        return false;
    }
    p->hash_alg = v;
    p->ivgen_cipher_alg = p->cipher_alg;
    if (p->ivgen_alg == QCRYPTO_IVGEN_ALG_ESSIV &&
        !luks_essiv_cipher(p->cipher_alg, p->ivgen_hash_alg,
                           &p->ivgen_cipher_alg, errp)) {
        return false;
    }
    return true;
}

static bool luks_load_header(QCryptoBlockLUKS *luks,
                             QCryptoBlockReadFunc readfunc, void *opaque,
                             Error **errp)
{
    if (readfunc(opaque, 0, (uint8_t *)&luks->header, sizeof(luks->header),
                 errp) < 0) {
        error_prepend(errp, "Cannot read LUKS header: ");
        return false;
    }
    qcrypto_block_luks_header_from_disk(&luks->header);
    return luks_check_header(&luks->header, errp) &&
           luks_parse_header(&luks->header, &luks->params, errp);
}

/* ---- key slots ---- */

/* A cipher and IV generator keyed for key material or payload. */
static bool luks_make_cipher(const QCryptoBlockLUKSParams *p,
                             const uint8_t *key, size_t nkey,
                             QCryptoCipher **cipher, QCryptoIVGen **ivgen,
                             Error **errp)
{
    *cipher = qcrypto_cipher_new(p->cipher_alg, p->cipher_mode, key, nkey, errp);
    if (!*cipher) {
        return false;
    }
    *ivgen = qcrypto_ivgen_new(p->ivgen_alg, p->ivgen_cipher_alg,
                               p->ivgen_hash_alg, key, nkey, errp);
    if (!*ivgen) {
        qcrypto_cipher_free(*cipher);
        *cipher = NULL;
        return false;
    }
    return true;
}

/* En/decrypt a slot's key material (IV sectors count from the slot start). */
static int luks_crypt_split_key(const QCryptoBlockLUKSParams *p,
                                const uint8_t *slot_key, size_t nkey,
                                uint8_t *buf, size_t len, bool encrypt,
                                Error **errp)
{
    QCryptoCipher *cipher;
    QCryptoIVGen *ivgen;
    size_t niv = qcrypto_cipher_get_iv_len(p->cipher_alg, p->cipher_mode);
    int ret;

    if (!luks_make_cipher(p, slot_key, nkey, &cipher, &ivgen, errp)) {
        return -1;
    }
    if (encrypt) {
        ret = qcrypto_block_cipher_encrypt_helper(cipher, niv, ivgen,
                                                  QCRYPTO_BLOCK_LUKS_SECTOR_SIZE,
                                                  0, buf, len, errp);
    } else {
        ret = qcrypto_block_cipher_decrypt_helper(cipher, niv, ivgen,
                                                  QCRYPTO_BLOCK_LUKS_SECTOR_SIZE,
                                                  0, buf, len, errp);
    }
    qcrypto_cipher_free(cipher);
    qcrypto_ivgen_free(ivgen);
    return ret;
}

/* Whether @mk matches the master-key digest. 1 yes, 0 no, -1 error. */
static int luks_check_master_key(const QCryptoBlockLUKS *luks,
                                 const uint8_t *mk, Error **errp)
{
    const QCryptoBlockLUKSHeader *hdr = &luks->header;
    uint8_t digest[QCRYPTO_BLOCK_LUKS_DIGEST_LEN];
    int ret;

    if (qcrypto_pbkdf2(luks->params.hash_alg, mk, hdr->master_key_len,
                       hdr->mk_digest_salt, QCRYPTO_BLOCK_LUKS_SALT_LEN,
                       hdr->mk_digest_iterations, digest, sizeof(digest),
                       errp) < 0) {
        return -1;
    }
    ret = memeql_sec(digest, hdr->mk_digest, sizeof(digest)) ? 1 : 0;
    qcrypto_wipe(digest, sizeof(digest));
    return ret;
}

/*
 * Try @pass on key slot @i; on success the master key is in @mk.
 * Returns 1 unlocked, 0 not this slot's passphrase, -1 error.
 */
static int luks_unlock_slot(const QCryptoBlockLUKS *luks, size_t i,
                            const uint8_t *pass, size_t npass,
                            QCryptoBlockReadFunc readfunc, void *opaque,
                            uint8_t *mk, Error **errp)
{
    const QCryptoBlockLUKSHeader *hdr = &luks->header;
    const QCryptoBlockLUKSKeySlot *slot = &hdr->key_slots[i];
    size_t nkey = hdr->master_key_len;
    size_t nsplit = (size_t)luks_split_sectors(nkey, slot->stripes) *
                    QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
    uint8_t slot_key[QCRYPTO_BLOCK_LUKS_MAX_KEY_LEN];
    uint8_t *split = NULL;
    int ret = -1;

    if (slot->active != QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED) {
        return 0;
    }
    split = g_malloc0(nsplit);
    if (qcrypto_pbkdf2(luks->params.hash_alg, pass, npass,
                       slot->salt, QCRYPTO_BLOCK_LUKS_SALT_LEN,
                       slot->iterations, slot_key, nkey, errp) < 0) {
        goto out;
    }
    if (readfunc(opaque, (uint64_t)slot->key_offset_sector *
                 QCRYPTO_BLOCK_LUKS_SECTOR_SIZE, split, nsplit, errp) < 0) {
        error_prepend(errp, "Cannot read keyslot %zu: ", i);
        goto out;
    }
    if (luks_crypt_split_key(&luks->params, slot_key, nkey, split, nsplit,
                             false, errp) < 0 ||
        qcrypto_afsplit_decode(luks->params.hash_alg, nkey, slot->stripes,
                               split, mk, errp) < 0) {
        goto out;
    }
    ret = luks_check_master_key(luks, mk, errp);
out:
    qcrypto_wipe(slot_key, sizeof(slot_key));
    qcrypto_wipe_free(split, nsplit);
    if (ret != 1) {
        qcrypto_wipe(mk, nkey);
    }
    return ret;
}

/* The first slot @pass unlocks (its index), -1 none, -2 error. */
static int luks_find_key(const QCryptoBlockLUKS *luks,
                         const uint8_t *pass, size_t npass,
                         QCryptoBlockReadFunc readfunc, void *opaque,
                         size_t first, uint8_t *mk, Error **errp)
{
    for (size_t i = first; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        int r = luks_unlock_slot(luks, i, pass, npass, readfunc, opaque,
                                 mk, errp);
        if (r < 0) {
            return -2;
        }
        if (r == 1) {
            return i;
        }
    }
    return -1;
}

static void luks_error_bad_key(const QCryptoBlockKey *key, Error **errp)
{
    if (key->secret_id) {
        error_setg(errp, "Invalid password, cannot unlock any keyslot with "
                   "secret '%s'", key->secret_id);
    } else {
        error_setg(errp, "Invalid password, cannot unlock any keyslot");
    }
}

static uint64_t luks_iters_for(uint64_t rate, int64_t iter_time_ms,
                               uint64_t divisor, uint64_t min)
{
    uint64_t iters;

    /* rate * ms / 1000, without overflowing for absurd rates */
    if (rate > UINT64_MAX / (uint64_t)iter_time_ms) {
        return UINT64_MAX;
    }
    iters = rate * (uint64_t)iter_time_ms / 1000 / divisor;
    return MAX(iters, min);
}

/*
 * Fill key slot @i with the master key protected by @pass: fresh salt,
 * calibrated iterations, AF-split, encrypted, written; then the header.
 */
static bool luks_store_slot(QCryptoBlockLUKS *luks, size_t i,
                            const uint8_t *pass, size_t npass,
                            int64_t iter_time_ms,
                            QCryptoBlockWriteFunc writefunc, void *opaque,
                            Error **errp)
{
    QCryptoBlockLUKSHeader *hdr = &luks->header;
    QCryptoBlockLUKSKeySlot *slot = &hdr->key_slots[i];
    size_t nkey = hdr->master_key_len;
    size_t nsplit = (size_t)luks_split_sectors(nkey, QCRYPTO_BLOCK_LUKS_STRIPES) *
                    QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
    uint8_t slot_key[QCRYPTO_BLOCK_LUKS_MAX_KEY_LEN];
    uint8_t salt[QCRYPTO_BLOCK_LUKS_SALT_LEN];
    uint8_t *split = g_malloc0(nsplit);
    uint64_t rate, iters;
    bool ok = false;

    if (qcrypto_random_bytes(salt, sizeof(salt), errp) < 0) {
        goto out;
    }
    rate = qcrypto_pbkdf2_count_iters(luks->params.hash_alg, pass, npass,
                                      salt, sizeof(salt), nkey, errp);
    if (!rate) {
        goto out;
    }
    iters = luks_iters_for(rate, iter_time_ms, 1,
                           QCRYPTO_BLOCK_LUKS_MIN_SLOT_KEY_ITERS);
    if (iters > UINT32_MAX) {
        error_setg(errp, "PBKDF2 iteration count for keyslot %zu is too large "
                   "for the LUKS format: reduce iter-time", i);
        goto out;
    }
    if (qcrypto_pbkdf2(luks->params.hash_alg, pass, npass, salt, sizeof(salt),
                       iters, slot_key, nkey, errp) < 0 ||
        qcrypto_afsplit_encode(luks->params.hash_alg, nkey,
                               QCRYPTO_BLOCK_LUKS_STRIPES, luks->master_key,
                               split, errp) < 0 ||
        luks_crypt_split_key(&luks->params, slot_key, nkey, split, nsplit,
                             true, errp) < 0) {
        goto out;
    }
    if (writefunc(opaque, (uint64_t)slot->key_offset_sector *
                  QCRYPTO_BLOCK_LUKS_SECTOR_SIZE, split, nsplit, errp) < 0) {
        error_prepend(errp, "Cannot write keyslot %zu: ", i);
        goto out;
    }
    /* the material is in place: only now does the header point to it */
    slot->active = QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED;
    slot->iterations = iters;
    slot->stripes = QCRYPTO_BLOCK_LUKS_STRIPES;
    memcpy(slot->salt, salt, sizeof(salt));
    ok = luks_write_header(luks, writefunc, opaque, errp) == 0;
out:
    qcrypto_wipe(slot_key, sizeof(slot_key));
    qcrypto_wipe(salt, sizeof(salt));
    qcrypto_wipe_free(split, nsplit);
    return ok;
}

/* Overwrite slot @i's key material with random bytes and disable it. */
static bool luks_erase_slot(QCryptoBlockLUKS *luks, size_t i,
                            QCryptoBlockWriteFunc writefunc, void *opaque,
                            Error **errp)
{
    QCryptoBlockLUKSKeySlot *slot = &luks->header.key_slots[i];
    size_t nsplit = (size_t)luks_split_sectors(luks->header.master_key_len,
                                               slot->stripes) *
                    QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
    g_autofree uint8_t *garbage = g_malloc(nsplit);

    if (qcrypto_random_bytes(garbage, nsplit, errp) < 0) {
        return false;
    }
    if (writefunc(opaque, (uint64_t)slot->key_offset_sector *
                  QCRYPTO_BLOCK_LUKS_SECTOR_SIZE, garbage, nsplit, errp) < 0) {
        error_prepend(errp, "Cannot erase keyslot %zu: ", i);
        return false;
    }
    slot->active = QCRYPTO_BLOCK_LUKS_KEY_SLOT_DISABLED;
    slot->iterations = 0;
    memset(slot->salt, 0, sizeof(slot->salt));
    return luks_write_header(luks, writefunc, opaque, errp) == 0;
}

/* Key the payload cipher pool and IV generator with the master key. */
static bool luks_setup_payload(QCryptoBlock *block, QCryptoBlockLUKS *luks,
                               unsigned int n_threads, Error **errp)
{
    const QCryptoBlockLUKSParams *p = &luks->params;
    size_t nkey = luks->header.master_key_len;

    block->ivgen = qcrypto_ivgen_new(p->ivgen_alg, p->ivgen_cipher_alg,
                                     p->ivgen_hash_alg, luks->master_key, nkey,
                                     errp);
    return block->ivgen &&
           qcrypto_block_init_cipher(block, p->cipher_alg, p->cipher_mode,
                                     luks->master_key, nkey, n_threads, errp);
}

static void luks_fill_block(QCryptoBlock *block, const QCryptoBlockLUKS *luks)
{
    block->cipher_alg = luks->params.cipher_alg;
    block->cipher_mode = luks->params.cipher_mode;
    block->kdfhash = luks->params.hash_alg;
    block->niv = qcrypto_cipher_get_iv_len(block->cipher_alg, block->cipher_mode);
    block->sector_size = QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
    block->payload_offset = (uint64_t)luks->header.payload_offset_sector *
                            QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
}

/* ---- driver entry points ---- */

static bool luks_has_format(const uint8_t *buf, size_t buf_size)
{
    const QCryptoBlockLUKSHeader *hdr = (const void *)buf;

    return buf_size >= offsetof(QCryptoBlockLUKSHeader, cipher_name) &&
           memcmp(hdr->magic, qcrypto_block_luks_magic,
                  QCRYPTO_BLOCK_LUKS_MAGIC_LEN) == 0 &&
           GUINT16_FROM_BE(hdr->version) == QCRYPTO_BLOCK_LUKS_VERSION;
}

static bool luks_open(QCryptoBlock *block,
                      const QCryptoBlockOpenOptions *options,
                      const QCryptoBlockKey *key,
                      QCryptoBlockReadFunc readfunc, void *opaque,
                      unsigned int flags, unsigned int n_threads,
                      Error **errp)
{
    QCryptoBlockLUKS *luks = g_new0(QCryptoBlockLUKS, 1);
    int slot;

    block->opaque = luks;
    if (!(flags & QCRYPTO_BLOCK_OPEN_NO_IO) && !key->data) {
        error_setg(errp, "Parameter 'key-secret' is required for cipher");
        return false;
    }
    if (!luks_load_header(luks, readfunc, opaque, errp)) {
        return false;
    }
    luks_fill_block(block, luks);
    if (flags & QCRYPTO_BLOCK_OPEN_NO_IO) {
        return true;
    }
    luks->master_key = g_malloc0(luks->header.master_key_len);
    slot = luks_find_key(luks, key->data, key->len,
                         readfunc, opaque, 0, luks->master_key, errp);
    if (slot == -2) {
        return false;
    }
    if (slot == -1) {
        luks_error_bad_key(key, errp);
        return false;
    }
    return luks_setup_payload(block, luks, n_threads, errp);
}

/* Resolve create options and defaults into the header's parameters. */
static bool luks_create_params(const QCryptoBlockCreateOptionsLUKS *o,
                               QCryptoBlockLUKSParams *p, size_t *nkey,
                               Error **errp)
{
    memset(p, 0, sizeof(*p));
    p->cipher_alg = o->has_cipher_alg ? o->cipher_alg : QCRYPTO_CIPHER_ALG_AES_256;
    p->cipher_mode = o->has_cipher_mode ? o->cipher_mode : QCRYPTO_CIPHER_MODE_XTS;
    p->ivgen_alg = o->has_ivgen_alg ? o->ivgen_alg : QCRYPTO_IVGEN_ALG_PLAIN64;
    p->hash_alg = o->has_hash_alg ? o->hash_alg : QCRYPTO_HASH_ALG_SHA256;
    if (!qcrypto_cipher_alg_str(p->cipher_alg) ||
        !luks_cipher_name(p->cipher_alg)) {
        error_setg(errp, "Cipher algorithm %s is not supported by the LUKS "
                   "format", qcrypto_cipher_alg_str(p->cipher_alg) ?: "(invalid)");
        return false;
    }
    if (!qcrypto_cipher_mode_str(p->cipher_mode) ||
        !qcrypto_cipher_supports(p->cipher_alg, p->cipher_mode)) {
        error_setg(errp, "Cipher algorithm %s does not support mode %s",
                   qcrypto_cipher_alg_str(p->cipher_alg),
                   qcrypto_cipher_mode_str(p->cipher_mode) ?: "(invalid)");
        return false;
    }
    if (!qcrypto_ivgen_alg_str(p->ivgen_alg)) {
        error_setg(errp, "Invalid IV generator %d", p->ivgen_alg);
        return false;
    }
    if (!qcrypto_hash_supports(p->hash_alg)) {
        error_setg(errp, "Invalid hash algorithm %d", p->hash_alg);
        return false;
    }
    p->ivgen_cipher_alg = p->cipher_alg;
    if (p->ivgen_alg == QCRYPTO_IVGEN_ALG_ESSIV) {
        p->has_ivgen_hash_alg = true;
        p->ivgen_hash_alg = o->has_ivgen_hash_alg ? o->ivgen_hash_alg
                                                  : QCRYPTO_HASH_ALG_SHA256;
        if (!qcrypto_hash_supports(p->ivgen_hash_alg)) {
            error_setg(errp, "Invalid IV generator hash %d", p->ivgen_hash_alg);
            return false;
        }
        if (!luks_essiv_cipher(p->cipher_alg, p->ivgen_hash_alg,
                               &p->ivgen_cipher_alg, errp)) {
            return false;
        }
    } else if (o->has_ivgen_hash_alg) {
        error_setg(errp, "An IV generator hash is only used with essiv, "
                   "not with %s", qcrypto_ivgen_alg_str(p->ivgen_alg));
        return false;
    }
    *nkey = qcrypto_cipher_get_key_len(p->cipher_alg);
    if (p->cipher_mode == QCRYPTO_CIPHER_MODE_XTS) {
        *nkey *= 2;
    }
    return true;
}

static bool luks_calculate_payload_offset(const QCryptoBlockCreateOptions *options,
                                          uint64_t *len, Error **errp)
{
    QCryptoBlockLUKSParams p;
    size_t nkey;

    if (!luks_create_params(&options->u.luks, &p, &nkey, errp)) {
        return false;
    }
    *len = ((uint64_t)QCRYPTO_BLOCK_LUKS_KEY_SLOT_OFFSET /
            QCRYPTO_BLOCK_LUKS_SECTOR_SIZE +
            (uint64_t)QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS * luks_slot_sectors(nkey)) *
           QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
    return true;
}

/* A random (version 4) UUID in its text form. */
static bool luks_make_uuid(char *uuid, size_t len, Error **errp)
{
    uint8_t b[16];

    if (qcrypto_random_bytes(b, sizeof(b), errp) < 0) {
        return false;
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    snprintf(uuid, len,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
             b[10], b[11], b[12], b[13], b[14], b[15]);
    return true;
}

/* The cipher-mode field: "xts-plain64", "cbc-essiv:sha256", "ecb". */
static void luks_mode_string(const QCryptoBlockLUKSParams *p, char *buf,
                             size_t len)
{
    if (p->cipher_mode == QCRYPTO_CIPHER_MODE_ECB) {
        snprintf(buf, len, "%s", qcrypto_cipher_mode_str(p->cipher_mode));
    } else if (p->has_ivgen_hash_alg) {
        snprintf(buf, len, "%s-%s:%s", qcrypto_cipher_mode_str(p->cipher_mode),
                 qcrypto_ivgen_alg_str(p->ivgen_alg),
                 qcrypto_hash_alg_str(p->ivgen_hash_alg));
    } else {
        snprintf(buf, len, "%s-%s", qcrypto_cipher_mode_str(p->cipher_mode),
                 qcrypto_ivgen_alg_str(p->ivgen_alg));
    }
}

static bool luks_check_iter_time(bool has, int64_t iter_time, int64_t *out,
                                 Error **errp)
{
    *out = has ? iter_time : QCRYPTO_BLOCK_LUKS_DEFAULT_ITER_TIME_MS;
    if (*out <= 0) {
        error_setg(errp, "iter-time %" PRId64 " ms must be positive", *out);
        return false;
    }
    return true;
}

/* Fill the header's fixed fields and the key slot layout for @nkey. */
static bool luks_init_header(QCryptoBlockLUKS *luks, size_t nkey, Error **errp)
{
    QCryptoBlockLUKSHeader *hdr = &luks->header;
    uint32_t slot_sectors;

    memcpy(hdr->magic, qcrypto_block_luks_magic, QCRYPTO_BLOCK_LUKS_MAGIC_LEN);
    hdr->version = QCRYPTO_BLOCK_LUKS_VERSION;
    snprintf(hdr->cipher_name, sizeof(hdr->cipher_name), "%s",
             luks_cipher_name(luks->params.cipher_alg));
    luks_mode_string(&luks->params, hdr->cipher_mode, sizeof(hdr->cipher_mode));
    snprintf(hdr->hash_spec, sizeof(hdr->hash_spec), "%s",
             qcrypto_hash_alg_str(luks->params.hash_alg));
    hdr->master_key_len = nkey;
    if (!luks_make_uuid(hdr->uuid, sizeof(hdr->uuid), errp)) {
        return false;
    }

    /* the layout: phdr, then 8 slots of 4 KiB aligned key material */
    slot_sectors = luks_slot_sectors(nkey);
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        hdr->key_slots[i].active = QCRYPTO_BLOCK_LUKS_KEY_SLOT_DISABLED;
        hdr->key_slots[i].stripes = QCRYPTO_BLOCK_LUKS_STRIPES;
        hdr->key_slots[i].key_offset_sector =
            QCRYPTO_BLOCK_LUKS_KEY_SLOT_OFFSET / QCRYPTO_BLOCK_LUKS_SECTOR_SIZE +
            i * slot_sectors;
    }
    hdr->payload_offset_sector =
        QCRYPTO_BLOCK_LUKS_KEY_SLOT_OFFSET / QCRYPTO_BLOCK_LUKS_SECTOR_SIZE +
        QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS * slot_sectors;
    return true;
}

/* A random master key and its digest (salt, calibrated iterations). */
static bool luks_make_master_key(QCryptoBlockLUKS *luks, int64_t iter_time,
                                 Error **errp)
{
    QCryptoBlockLUKSHeader *hdr = &luks->header;
    size_t nkey = hdr->master_key_len;
    uint64_t rate, iters;

    luks->master_key = g_malloc0(nkey);
    if (qcrypto_random_bytes(luks->master_key, nkey, errp) < 0 ||
        qcrypto_random_bytes(hdr->mk_digest_salt, QCRYPTO_BLOCK_LUKS_SALT_LEN,
                             errp) < 0) {
        return false;
    }
    rate = qcrypto_pbkdf2_count_iters(luks->params.hash_alg,
                                      luks->master_key, nkey,
                                      hdr->mk_digest_salt,
                                      QCRYPTO_BLOCK_LUKS_SALT_LEN,
                                      QCRYPTO_BLOCK_LUKS_DIGEST_LEN, errp);
    if (!rate) {
        return false;
    }
    /* the digest only guards against typos: 1/8 of the slot's time */
    iters = luks_iters_for(rate, iter_time, 8,
                           QCRYPTO_BLOCK_LUKS_MIN_MASTER_KEY_ITERS);
    if (iters > UINT32_MAX) {
        error_setg(errp, "PBKDF2 iteration count for the master key digest "
                   "is too large for the LUKS format: reduce iter-time");
        return false;
    }
    hdr->mk_digest_iterations = iters;
    return qcrypto_pbkdf2(luks->params.hash_alg, luks->master_key, nkey,
                          hdr->mk_digest_salt, QCRYPTO_BLOCK_LUKS_SALT_LEN,
                          iters, hdr->mk_digest, QCRYPTO_BLOCK_LUKS_DIGEST_LEN,
                          errp) == 0;
}

static bool luks_create(QCryptoBlock *block,
                        const QCryptoBlockCreateOptions *options,
                        const QCryptoBlockKey *key,
                        QCryptoBlockInitFunc initfunc,
                        QCryptoBlockWriteFunc writefunc, void *opaque,
                        Error **errp)
{
    const QCryptoBlockCreateOptionsLUKS *o = &options->u.luks;
    QCryptoBlockLUKS *luks = g_new0(QCryptoBlockLUKS, 1);
    int64_t iter_time;
    size_t nkey;

    block->opaque = luks;
    if (!key->data) {
        error_setg(errp, "Parameter 'key-secret' is required for cipher");
        return false;
    }
    if (!luks_check_iter_time(o->has_iter_time, o->iter_time, &iter_time, errp) ||
        !luks_create_params(o, &luks->params, &nkey, errp) ||
        !luks_init_header(luks, nkey, errp) ||
        !luks_make_master_key(luks, iter_time, errp)) {
        return false;
    }
    if (initfunc(opaque, (size_t)luks->header.payload_offset_sector *
                 QCRYPTO_BLOCK_LUKS_SECTOR_SIZE, errp) < 0) {
        return false;
    }
    if (!luks_store_slot(luks, 0, key->data, key->len,
                         iter_time, writefunc, opaque, errp)) {
        return false;
    }
    luks_fill_block(block, luks);
    return luks_setup_payload(block, luks, 1, errp);
}

static size_t luks_count_active(const QCryptoBlockLUKS *luks)
{
    size_t n = 0;

    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        n += luks->header.key_slots[i].active ==
             QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED;
    }
    return n;
}

static bool slot_is_active(const QCryptoBlockLUKS *luks, size_t i)
{
    return luks->header.key_slots[i].active == QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED;
}

static bool luks_check_keyslot_arg(int64_t keyslot, Error **errp)
{
    if (keyslot < 0 || keyslot >= QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS) {
        error_setg(errp, "Invalid keyslot %" PRId64 " specified, must be "
                   "between 0 and %d", keyslot,
                   QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS - 1);
        return false;
    }
    return true;
}

static bool luks_amend_add(QCryptoBlockLUKS *luks,
                           const QCryptoBlockAmendOptionsLUKS *o,
                           const QCryptoBlockAmendKeys *keys, bool force,
                           QCryptoBlockWriteFunc writefunc, void *opaque,
                           Error **errp)
{
    int64_t iter_time;
    int64_t slot = -1;

    if (!keys->new_key.data) {
        error_setg(errp, "Parameter 'new-secret' is required to activate a "
                   "keyslot");
        return false;
    }
    if (keys->old_key.data) {
        error_setg(errp, "Parameter 'old-secret' is only used to erase "
                   "keyslots");
        return false;
    }
    if (!luks_check_iter_time(o->has_iter_time, o->iter_time, &iter_time, errp)) {
        return false;
    }
    if (o->has_keyslot) {
        if (!luks_check_keyslot_arg(o->keyslot, errp)) {
            return false;
        }
        slot = o->keyslot;
        if (slot_is_active(luks, slot) && !force) {
            error_setg(errp, "Refusing to overwrite active keyslot %" PRId64
                       ": erase it first", slot);
            return false;
        }
    } else {
        for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
            if (!slot_is_active(luks, i)) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            error_setg(errp, "Cannot add a keyslot: all %d keyslots are in use",
                       QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS);
            return false;
        }
    }
    return luks_store_slot(luks, slot, keys->new_key.data, keys->new_key.len,
                           iter_time, writefunc, opaque, errp);
}

static bool luks_amend_erase(QCryptoBlockLUKS *luks,
                             const QCryptoBlockAmendOptionsLUKS *o,
                             const QCryptoBlockAmendKeys *keys, bool force,
                             QCryptoBlockReadFunc readfunc,
                             QCryptoBlockWriteFunc writefunc, void *opaque,
                             Error **errp)
{
    bool erase[QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS] = { false };
    size_t n_erase = 0;

    if (keys->new_key.data) {
        error_setg(errp, "Parameter 'new-secret' cannot be used to erase "
                   "keyslots");
        return false;
    }
    if (o->has_keyslot && keys->old_key.data) {
        error_setg(errp, "Parameters 'keyslot' and 'old-secret' cannot be "
                   "used together to erase keyslots");
        return false;
    }
    if (o->has_keyslot) {
        if (!luks_check_keyslot_arg(o->keyslot, errp)) {
            return false;
        }
        if (!slot_is_active(luks, o->keyslot)) {
            error_setg(errp, "Keyslot %" PRId64 " is already erased",
                       o->keyslot);
            return false;
        }
        erase[o->keyslot] = true;
        n_erase = 1;
    } else if (keys->old_key.data) {
        uint8_t *mk = g_malloc0(luks->header.master_key_len);
        int r = 0;

        /* every slot the old passphrase unlocks */
        for (size_t first = 0; r >= 0; first = r + 1) {
            r = luks_find_key(luks, keys->old_key.data, keys->old_key.len, readfunc,
                              opaque, first, mk, errp);
            if (r >= 0) {
                erase[r] = true;
                n_erase++;
            }
        }
        qcrypto_wipe_free(mk, luks->header.master_key_len);
        if (r == -2) {
            return false;
        }
        if (n_erase == 0) {
            if (keys->old_key.secret_id) {
                error_setg(errp, "Secret '%s' does not unlock any active "
                           "keyslot", keys->old_key.secret_id);
            } else {
                error_setg(errp, "The old password does not unlock any active "
                           "keyslot");
            }
            return false;
        }
    } else {
        error_setg(errp, "Parameter 'keyslot' or 'old-secret' is required to "
                   "erase keyslots");
        return false;
    }
    if (n_erase == luks_count_active(luks) && !force) {
        error_setg(errp, "Refusing to erase the last active keyslot: all data "
                   "in the image would be irreversibly lost");
        return false;
    }
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        if (erase[i] && !luks_erase_slot(luks, i, writefunc, opaque, errp)) {
            return false;
        }
    }
    return true;
}

static bool luks_amend(QCryptoBlock *block, QCryptoBlockReadFunc readfunc,
                       QCryptoBlockWriteFunc writefunc, void *opaque,
                       const QCryptoBlockAmendOptions *options,
                       const QCryptoBlockAmendKeys *keys, bool force,
                       Error **errp)
{
    QCryptoBlockLUKS *luks = block->opaque;
    const QCryptoBlockAmendOptionsLUKS *o = &options->u.luks;

    if (!luks->master_key) {
        error_setg(errp, "Cannot change keyslots of an image opened without "
                   "its key");
        return false;
    }
    switch (o->state) {
    case QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_ACTIVE:
        return luks_amend_add(luks, o, keys, force, writefunc, opaque, errp);
    case QCRYPTO_BLOCK_LUKS_KEYSLOT_STATE_INACTIVE:
        return luks_amend_erase(luks, o, keys, force, readfunc, writefunc,
                                opaque, errp);
    default:
        error_setg(errp, "Invalid keyslot state %d", o->state);
        return false;
    }
}

static bool luks_get_info(QCryptoBlock *block, QCryptoBlockInfo *info,
                          Error **errp)
{
    const QCryptoBlockLUKS *luks = block->opaque;
    const QCryptoBlockLUKSHeader *hdr = &luks->header;
    QCryptoBlockInfoLUKS *l = &info->u.luks;
    QCryptoBlockInfoLUKSSlotList **tail = &l->slots;

    l->cipher_alg = luks->params.cipher_alg;
    l->cipher_mode = luks->params.cipher_mode;
    l->ivgen_alg = luks->params.ivgen_alg;
    l->has_ivgen_hash_alg = luks->params.has_ivgen_hash_alg;
    l->ivgen_hash_alg = luks->params.ivgen_hash_alg;
    l->hash_alg = luks->params.hash_alg;
    l->payload_offset = block->payload_offset;
    l->master_key_iters = hdr->mk_digest_iterations;
    l->uuid = g_strndup(hdr->uuid, sizeof(hdr->uuid));
    for (size_t i = 0; i < QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS; i++) {
        const QCryptoBlockLUKSKeySlot *slot = &hdr->key_slots[i];
        QCryptoBlockInfoLUKSSlot *s = g_new0(QCryptoBlockInfoLUKSSlot, 1);

        s->active = slot->active == QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED;
        s->key_offset = (int64_t)slot->key_offset_sector *
                        QCRYPTO_BLOCK_LUKS_SECTOR_SIZE;
        if (s->active) {
            s->has_iters = s->has_stripes = true;
            s->iters = slot->iterations;
            s->stripes = slot->stripes;
        }
        QAPI_LIST_APPEND(tail, s);
    }
    return true;
}

static void luks_cleanup(QCryptoBlock *block)
{
    QCryptoBlockLUKS *luks = block->opaque;

    if (luks) {
        qcrypto_wipe_free(luks->master_key, luks->header.master_key_len);
        qcrypto_wipe_free(luks, sizeof(*luks));
        block->opaque = NULL;
    }
}

const QCryptoBlockDriver qcrypto_block_driver_luks = {
    .has_format = luks_has_format,
    .open = luks_open,
    .create = luks_create,
    .calculate_payload_offset = luks_calculate_payload_offset,
    .amend = luks_amend,
    .get_info = luks_get_info,
    .cleanup = luks_cleanup,
};
