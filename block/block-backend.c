/*
 * BlockBackend: a user's handle on a node graph, with its permissions
 * (image locks), device-size checks and write-cache emulation.
 */
#include "qemu/osdep.h"
#include "sysemu/block-backend.h"
#include "block/block_int.h"
#include "block/aio-wait.h"

struct BlockBackend {
    BlockDriverState *root;
    uint64_t perm;
    uint64_t shared_perm;
    bool enable_write_cache;
    bool allow_write_beyond_eof;
};

BlockBackend *blk_new(uint64_t perm, uint64_t shared_perm)
{
    BlockBackend *blk = g_new0(BlockBackend, 1);

    blk->perm = perm;
    blk->shared_perm = shared_perm;
    blk->enable_write_cache = true;
    return blk;
}

int blk_insert_bs(BlockBackend *blk, BlockDriverState *bs, Error **errp)
{
    int ret = bdrv_set_perm(bs, blk->perm, blk->shared_perm, errp);

    if (ret < 0) {
        return ret;
    }
    bdrv_ref(bs);
    blk->root = bs;
    return 0;
}

int blk_set_perm(BlockBackend *blk, uint64_t perm, uint64_t shared,
                 Error **errp)
{
    if (blk->root) {
        int ret = bdrv_set_perm(blk->root, perm, shared, errp);

        if (ret < 0) {
            /* Put back what we had (it worked before). */
            bdrv_set_perm(blk->root, blk->perm, blk->shared_perm, NULL);
            return ret;
        }
    }
    blk->perm = perm;
    blk->shared_perm = shared;
    return 0;
}

BlockBackend *blk_new_open(const char *filename, const char *reference,
                           QDict *options, int flags, Error **errp)
{
    /* Metadata-only opens (qemu-img info) read no guest data. */
    uint64_t perm = (flags & BDRV_O_NO_IO) ? 0 : BLK_PERM_CONSISTENT_READ;
    uint64_t shared = BLK_PERM_ALL;
    BlockBackend *blk;
    BlockDriverState *bs;

    if (flags & BDRV_O_RDWR) {
        perm |= BLK_PERM_WRITE;
    }
    if (flags & BDRV_O_RESIZE) {
        perm |= BLK_PERM_RESIZE;
    }
    if (flags & BDRV_O_NO_SHARE) {
        shared = BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE_UNCHANGED;
    }
    if (reference) {
        qobject_unref(options);
        bs = bdrv_find_node(reference);
        if (!bs) {
            error_setg(errp, "Cannot find device='' nor node-name='%s'",
                       reference);
            return NULL;
        }
        bdrv_ref(bs);
    } else {
        bs = bdrv_open(filename, options, flags, errp);
        if (!bs) {
            return NULL;
        }
    }
    blk = blk_new(perm, shared);
    if (blk_insert_bs(blk, bs, errp) < 0) {
        bdrv_unref(bs);
        g_free(blk);
        return NULL;
    }
    bdrv_unref(bs);
    return blk;
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    if (blk->root) {
        bdrv_set_perm(blk->root, 0, BLK_PERM_ALL, NULL);
        bdrv_unref(blk->root);
    }
    g_free(blk);
}

BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->root;
}

int64_t blk_getlength(BlockBackend *blk)
{
    return blk->root ? bdrv_getlength(blk->root) : -ENOMEDIUM;
}

bool blk_is_read_only(BlockBackend *blk)
{
    return !blk->root || bdrv_is_read_only(blk->root);
}

void blk_set_enable_write_cache(BlockBackend *blk, bool wce)
{
    blk->enable_write_cache = wce;
}

bool blk_enable_write_cache(BlockBackend *blk)
{
    return blk->enable_write_cache;
}

void blk_set_allow_write_beyond_eof(BlockBackend *blk, bool allow)
{
    blk->allow_write_beyond_eof = allow;
}

static int blk_check_request(BlockBackend *blk, int64_t offset, int64_t bytes,
                             bool write)
{
    int64_t len;

    if (!blk->root) {
        return -ENOMEDIUM;
    }
    if (offset < 0 || bytes < 0 || bytes > BDRV_MAX_LENGTH ||
        offset > BDRV_MAX_LENGTH - bytes) {
        return -EIO;
    }
    if (write && blk->allow_write_beyond_eof) {
        return 0;
    }
    len = blk_getlength(blk);
    if (len < 0) {
        return len;
    }
    if (offset > len || len - offset < bytes) {
        return -EIO;
    }
    return 0;
}

static BdrvRequestFlags blk_write_flags(BlockBackend *blk,
                                        BdrvRequestFlags flags)
{
    return blk->enable_write_cache ? flags : flags | BDRV_REQ_FUA;
}

int coroutine_fn blk_co_preadv(BlockBackend *blk, int64_t offset,
                               int64_t bytes, QEMUIOVector *qiov,
                               BdrvRequestFlags flags)
{
    BdrvChild c = { .bs = blk->root };
    int ret = blk_check_request(blk, offset, bytes, false);

    return ret < 0 ? ret : bdrv_co_preadv(&c, offset, bytes, qiov, flags);
}

int coroutine_fn blk_co_pwritev(BlockBackend *blk, int64_t offset,
                                int64_t bytes, QEMUIOVector *qiov,
                                BdrvRequestFlags flags)
{
    BdrvChild c = { .bs = blk->root };
    int ret = blk_check_request(blk, offset, bytes, true);

    if (ret < 0) {
        return ret;
    }
    if (!(blk->perm & BLK_PERM_WRITE)) {
        return -EPERM;
    }
    return bdrv_co_pwritev(&c, offset, bytes, qiov,
                           blk_write_flags(blk, flags));
}

int coroutine_fn blk_co_pwrite_zeroes(BlockBackend *blk, int64_t offset,
                                      int64_t bytes, BdrvRequestFlags flags)
{
    BdrvChild c = { .bs = blk->root };
    int ret = blk_check_request(blk, offset, bytes, true);

    if (ret < 0) {
        return ret;
    }
    if (!(blk->perm & BLK_PERM_WRITE)) {
        return -EPERM;
    }
    return bdrv_co_pwrite_zeroes(&c, offset, bytes,
                                 blk_write_flags(blk, flags));
}

int coroutine_fn blk_co_pdiscard(BlockBackend *blk, int64_t offset,
                                 int64_t bytes)
{
    BdrvChild c = { .bs = blk->root };
    int ret = blk_check_request(blk, offset, bytes, true);

    if (ret < 0) {
        return ret;
    }
    if (!(blk->perm & BLK_PERM_WRITE)) {
        return -EPERM;
    }
    return bdrv_co_pdiscard(&c, offset, bytes);
}

int coroutine_fn blk_co_flush(BlockBackend *blk)
{
    return blk->root ? bdrv_co_flush(blk->root) : -ENOMEDIUM;
}

/* --- synchronous wrappers ------------------------------------------------ */

typedef struct BlkCo {
    BlockBackend *blk;
    int64_t offset;
    int64_t bytes;
    QEMUIOVector *qiov;
    BdrvRequestFlags flags;
    int op;
    int ret;
    bool done;
} BlkCo;

enum { BLK_OP_READ, BLK_OP_WRITE, BLK_OP_ZERO, BLK_OP_DISCARD, BLK_OP_FLUSH };

static void coroutine_fn blk_entry(void *opaque)
{
    BlkCo *c = opaque;

    switch (c->op) {
    case BLK_OP_READ:
        c->ret = blk_co_preadv(c->blk, c->offset, c->bytes, c->qiov, c->flags);
        break;
    case BLK_OP_WRITE:
        c->ret = blk_co_pwritev(c->blk, c->offset, c->bytes, c->qiov,
                                c->flags);
        break;
    case BLK_OP_ZERO:
        c->ret = blk_co_pwrite_zeroes(c->blk, c->offset, c->bytes, c->flags);
        break;
    case BLK_OP_DISCARD:
        c->ret = blk_co_pdiscard(c->blk, c->offset, c->bytes);
        break;
    default:
        c->ret = blk_co_flush(c->blk);
        break;
    }
    qatomic_set(&c->done, true);
    aio_wait_kick();
}

static int blk_run(BlkCo *c)
{
    bdrv_run_co(blk_entry, c, &c->done);
    return c->ret < 0 ? c->ret : 0;
}

int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf,
              BdrvRequestFlags flags)
{
    QEMUIOVector qiov;
    BlkCo c = { .blk = blk, .offset = offset, .bytes = bytes, .qiov = &qiov,
                .flags = flags, .op = BLK_OP_READ };

    if (bytes < 0) {
        return -EINVAL;
    }
    qemu_iovec_init_buf(&qiov, buf, bytes);
    return blk_run(&c);
}

int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
               const void *buf, BdrvRequestFlags flags)
{
    QEMUIOVector qiov;
    BlkCo c = { .blk = blk, .offset = offset, .bytes = bytes, .qiov = &qiov,
                .flags = flags, .op = BLK_OP_WRITE };

    if (bytes < 0) {
        return -EINVAL;
    }
    qemu_iovec_init_buf(&qiov, (void *)buf, bytes);
    return blk_run(&c);
}

int blk_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BdrvRequestFlags flags)
{
    BlkCo c = { .blk = blk, .offset = offset, .bytes = bytes,
                .flags = flags, .op = BLK_OP_ZERO };

    return blk_run(&c);
}

int blk_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes)
{
    BlkCo c = { .blk = blk, .offset = offset, .bytes = bytes,
                .op = BLK_OP_DISCARD };

    return blk_run(&c);
}

int blk_flush(BlockBackend *blk)
{
    BlkCo c = { .blk = blk, .op = BLK_OP_FLUSH };

    return blk_run(&c);
}

int blk_truncate(BlockBackend *blk, int64_t offset, bool exact,
                 PreallocMode prealloc, BdrvRequestFlags flags, Error **errp)
{
    BdrvChild c = { .bs = blk->root };

    if (!blk->root) {
        error_setg(errp, "No medium inserted");
        return -ENOMEDIUM;
    }
    if (!(blk->perm & BLK_PERM_RESIZE)) {
        error_setg(errp, "Image '%s' was not opened with the resize "
                   "permission", bdrv_get_filename(blk->root));
        return -EPERM;
    }
    return bdrv_truncate(&c, offset, exact, prealloc, flags, errp);
}
