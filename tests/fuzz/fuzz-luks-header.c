/*
 * libFuzzer target: the LUKS1 header reader on untrusted bytes.
 *
 * The input is the start of an image. It is opened header-only (no
 * passphrase: a full unlock would run PBKDF2 with whatever iteration
 * count the input claims). Every input must give either a block whose
 * description is consistent with the header checks, or an error; never a
 * crash, a sanitizer report or a leak.
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

static void check(bool cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz-luks-header: check failed: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzImage img = { .data = data, .len = size };
    QCryptoBlockOpenOptions opts = { .format = QCRYPTO_BLOCK_FORMAT_LUKS };
    QCryptoBlock *block;
    QCryptoBlockInfo *info;
    Error *err = NULL;

    block = qcrypto_block_open(&opts, fuzz_read, &img,
                               QCRYPTO_BLOCK_OPEN_NO_IO, &err);
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
    check(info->luks.payload_offset >= 592, "payload inside the header");
    for (size_t i = 0; i < info->luks.n_slots; i++) {
        check(info->luks.slots[i].key_offset >= 592, "slot inside the header");
        check(info->luks.slots[i].key_offset < info->luks.payload_offset,
              "slot past the payload");
    }
    check(qcrypto_block_get_payload_offset(block) ==
          (uint64_t)info->luks.payload_offset, "payload offsets differ");
    qcrypto_block_info_free(info);
    qcrypto_block_free(block);
    return 0;
}
