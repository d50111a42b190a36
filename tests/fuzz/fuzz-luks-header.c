/*
 * libFuzzer target: the LUKS1 header reader on untrusted bytes.
 *
 * The input is the start of an image. It is opened header-only first (no
 * passphrase). Every input must give either a block whose description is
 * consistent with the header checks, or an error; never a crash, a
 * sanitizer report or a leak.
 *
 * When every iteration count the header claims is small enough to be
 * cheap, the image is also unlocked with a fixed passphrase (bytes past
 * the input read as zeros), so key slot reading, decryption, the AF merge
 * and the digest check see hostile headers too. A seed that unlocks:
 *   qemu-img create -f luks --object secret,id=s,data=fuzz \
 *       -o key-secret=s,iter-time=1 seed.luks 1M
 *   head -c 135168 seed.luks > corpus/seed    (header + key slot 0)
 * and run with -max_len=140000.
 */
#include "qemu/osdep.h"
#include "crypto/block.h"

typedef struct FuzzImage {
    const uint8_t *data;
    size_t len;
} FuzzImage;

static int fuzz_read(void *opaque, uint64_t offset, uint8_t *buf, size_t len,
                     Error **errp)
{
    FuzzImage *img = opaque;

    if (offset > img->len || len > img->len - offset) {
        error_setg(errp, "read past the end of the image");
        return -1;
    }
    memcpy(buf, img->data + offset, len);
    return 0;
}

/* As fuzz_read, but a sparse image: bytes past the input are zeros. */
static int fuzz_read_sparse(void *opaque, uint64_t offset, uint8_t *buf,
                            size_t len, Error **errp)
{
    FuzzImage *img = opaque;
    size_t avail = offset < img->len ? img->len - offset : 0;
    size_t n = MIN(len, avail);

    if (n) {
        memcpy(buf, img->data + offset, n);
    }
    memset(buf + n, 0, len - n);
    return 0;
}

static void check(bool cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz-luks-header: check failed: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* PBKDF2 iterations above this would make one input take too long. */
#define FUZZ_MAX_ITERS 4096

static bool cheap_to_unlock(const QCryptoBlockInfo *info)
{
    if (info->u.luks.master_key_iters > FUZZ_MAX_ITERS) {
        return false;
    }
    for (QCryptoBlockInfoLUKSSlotList *e = info->u.luks.slots; e;
         e = e->next) {
        if (e->value->active && e->value->iters > FUZZ_MAX_ITERS) {
            return false;
        }
    }
    return true;
}

/* Unlock with a fixed passphrase: an error, or a block that round-trips. */
static void try_unlock(FuzzImage *img)
{
    static const uint8_t pass[] = "fuzz";
    QCryptoBlockOpenOptions opts = { .format = QCRYPTO_BLOCK_FORMAT_LUKS };
    QCryptoBlockKey key = { .data = pass, .len = sizeof(pass) - 1 };
    uint8_t sector[512] = { 0 }, copy[512];
    QCryptoBlock *block;
    Error *err = NULL;

    block = qcrypto_block_open(&opts, &key, fuzz_read_sparse, img, 0, 1, &err);
    if (!block) {
        check(err != NULL, "unlock failure without an error");
        check(error_get_pretty(err)[0] != '\0', "empty unlock error");
        error_free(err);
        return;
    }
    check(err == NULL, "unlock success with an error");
    memcpy(copy, sector, sizeof(sector));
    check(qcrypto_block_encrypt(block, 0, sector, sizeof(sector), NULL) == 0 &&
          qcrypto_block_decrypt(block, 0, sector, sizeof(sector), NULL) == 0,
          "unlocked block cannot en/decrypt a sector");
    check(memcmp(copy, sector, sizeof(sector)) == 0, "sector round trip");
    qcrypto_block_free(block);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzImage img = { .data = data, .len = size };
    QCryptoBlockOpenOptions opts = { .format = QCRYPTO_BLOCK_FORMAT_LUKS };
    QCryptoBlock *block;
    QCryptoBlockInfo *info;
    Error *err = NULL;

    block = qcrypto_block_open(&opts, NULL, fuzz_read, &img,
                               QCRYPTO_BLOCK_OPEN_NO_IO, 1, &err);
    if (!block) {
        check(err != NULL, "failure without an error");
        check(error_get_pretty(err)[0] != '\0', "empty error message");
        error_free(err);
        return 0;
    }
    check(err == NULL, "success with an error");
    check(qcrypto_block_has_format(QCRYPTO_BLOCK_FORMAT_LUKS, data, size),
          "opened without the LUKS magic");
    info = qcrypto_block_get_info(block, &error_abort);
    check(info->u.luks.payload_offset >= 592, "payload inside the header");
    for (QCryptoBlockInfoLUKSSlotList *e = info->u.luks.slots; e;
         e = e->next) {
        check(e->value->key_offset >= 592, "slot inside the header");
        check(e->value->key_offset < info->u.luks.payload_offset,
              "slot past the payload");
    }
    check(qcrypto_block_get_payload_offset(block) ==
          (uint64_t)info->u.luks.payload_offset, "payload offsets differ");
    if (cheap_to_unlock(info)) {
        try_unlock(&img);
    }
    qapi_free_QCryptoBlockInfo(info);
    qcrypto_block_free(block);
    return 0;
}
