/*
 * libFuzzer target: the qcow2 driver on untrusted images.
 *
 * The input is a whole image file (put in a memfd). It is opened read-only
 * and read, mapped and checked; then opened read-write, written, flushed,
 * repaired with check -r all and checked again. Every input must give an
 * error or work; never a crash, a hang, a sanitizer report or a leak. Seed
 * with small images from qemu-img create (see docs/devel/fuzzing.md).
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include "sysemu/block-backend.h"
#include <sys/mman.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static BlockBackend *open_image(const char *path, int flags)
{
    QDict *opts = qdict_new();
    Error *err = NULL;
    BlockBackend *blk;

    qdict_put_str(opts, "driver", "qcow2");
    /* No backing file: a fuzzed name must not open host files. */
    qdict_put_null(opts, "backing");
    blk = blk_new_open(path, NULL, opts, flags, &err);
    error_free(err);
    return blk;
}

static void exercise(BlockBackend *blk, bool write)
{
    BlockDriverState *bs = blk_bs(blk);
    int64_t len = blk_getlength(blk);
    g_autofree uint8_t *buf = g_malloc(65536);
    BdrvCheckResult res;

    if (len < 0) {
        return;
    }
    /* A few reads spread over the disk (the start, the middle, the end). */
    for (int i = 0; i < 8; i++) {
        int64_t off = len / 8 * i;
        int64_t n = MIN(65536, len - off);

        if (n > 0) {
            blk_pread(blk, QEMU_ALIGN_DOWN(off, 512), QEMU_ALIGN_DOWN(n, 512),
                      buf, 0);
        }
    }
    for (int64_t off = 0; off < len && off < (64 << 20);) {
        int64_t pnum = 0;

        if (bdrv_block_status_above(bs, off, len - off, &pnum, NULL,
                                    NULL) < 0 || pnum <= 0) {
            break;
        }
        off += pnum;
    }
    bdrv_check(bs, &res, 0);
    if (write) {
        memset(buf, 0x5a, 65536);
        blk_pwrite(blk, 0, MIN(len, 4096), buf, 0);
        if (len > 200000) {
            blk_pwrite(blk, 100000, 65536, buf, 0);
        }
        blk_pwrite_zeroes(blk, 0, MIN(len, 65536), BDRV_REQ_MAY_UNMAP);
        blk_pdiscard(blk, 0, MIN(len, 1 << 20));
        blk_flush(blk);
        bdrv_check(bs, &res, BDRV_FIX_LEAKS | BDRV_FIX_ERRORS);
        bdrv_check(bs, &res, 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-qcow2", 0);
    char path[64];
    BlockBackend *blk;

    if (fd < 0) {
        return 0;
    }
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    blk = open_image(path, 0);
    if (blk) {
        exercise(blk, false);
        blk_unref(blk);
    }
    blk = open_image(path, BDRV_O_RDWR | BDRV_O_RESIZE);
    if (blk) {
        exercise(blk, true);
        blk_unref(blk);
    }
    close(fd);
    return 0;
}
