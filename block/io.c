/*
 * The block layer's request path: checks, alignment (bounce buffers and
 * read-modify-write for O_DIRECT), zero writes, flush semantics, and the
 * synchronous wrappers around the coroutine functions.
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include "block/aio-wait.h"
#include "qemu/main-loop.h"

void bdrv_run_co(CoroutineEntry *entry, void *opaque, bool *done)
{
    Coroutine *co;

    if (qemu_in_coroutine()) {
        entry(opaque);
        return;
    }
    bdrv_init();
    co = qemu_coroutine_create(entry, opaque);
    qemu_coroutine_enter(co);
    AIO_WAIT_WHILE(qemu_get_aio_context(), !qatomic_read(done));
}

static int bdrv_check_request(int64_t offset, int64_t bytes)
{
    if (offset < 0 || bytes < 0 || bytes > BDRV_MAX_LENGTH ||
        offset > BDRV_MAX_LENGTH - bytes) {
        return -EIO;
    }
    return 0;
}

static bool qiov_is_aligned(QEMUIOVector *qiov, size_t align)
{
    if (align <= 1) {
        return true;
    }
    for (int i = 0; i < qiov->niov; i++) {
        if ((uintptr_t)qiov->iov[i].iov_base % align ||
            qiov->iov[i].iov_len % align) {
            return false;
        }
    }
    return true;
}

static size_t bdrv_mem_align(BlockDriverState *bs)
{
    return MAX(bs->bl.min_mem_alignment, 1);
}

/* Driver reads split at max_transfer; the request is aligned. */
static int coroutine_fn drv_preadv(BlockDriverState *bs, int64_t offset,
                                   int64_t bytes, QEMUIOVector *qiov,
                                   BdrvRequestFlags flags)
{
    uint64_t max = bs->bl.max_transfer ? bs->bl.max_transfer
                                       : BDRV_REQUEST_MAX_BYTES;
    int64_t done = 0;

    if (!bs->drv->bdrv_co_preadv) {
        return -ENOMEDIUM;
    }
    if ((uint64_t)bytes <= max) {
        return bs->drv->bdrv_co_preadv(bs, offset, bytes, qiov, flags);
    }
    while (done < bytes) {
        int64_t n = MIN((int64_t)max, bytes - done);
        QEMUIOVector part;
        int ret;

        qemu_iovec_init_slice(&part, qiov, done, n);
        ret = bs->drv->bdrv_co_preadv(bs, offset + done, n, &part, flags);
        qemu_iovec_destroy(&part);
        if (ret < 0) {
            return ret;
        }
        done += n;
    }
    return 0;
}

static int coroutine_fn drv_pwritev(BlockDriverState *bs, int64_t offset,
                                    int64_t bytes, QEMUIOVector *qiov,
                                    BdrvRequestFlags flags)
{
    uint64_t max = bs->bl.max_transfer ? bs->bl.max_transfer
                                       : BDRV_REQUEST_MAX_BYTES;
    int64_t done = 0;

    if (!bs->drv->bdrv_co_pwritev) {
        return -ENOMEDIUM;
    }
    while (done < bytes) {
        int64_t n = MIN((int64_t)max, bytes - done);
        QEMUIOVector part;
        int ret;

        qemu_iovec_init_slice(&part, qiov, done, n);
        ret = bs->drv->bdrv_co_pwritev(bs, offset + done, n, &part,
                                       flags & ~BDRV_REQ_FUA);
        qemu_iovec_destroy(&part);
        if (ret < 0) {
            return ret;
        }
        done += n;
    }
    if (flags & BDRV_REQ_FUA) {
        return bdrv_co_flush(bs);
    }
    return 0;
}

static int coroutine_fn bdrv_co_do_preadv(BlockDriverState *bs, int64_t offset,
                                          int64_t bytes, QEMUIOVector *qiov,
                                          BdrvRequestFlags flags)
{
    uint32_t align = bs->bl.request_alignment;
    int64_t start, end;
    uint8_t *bounce;
    QEMUIOVector bq;
    int ret;

    ret = bdrv_check_request(offset, bytes);
    if (ret < 0 || bytes == 0) {
        return ret;
    }
    if (offset % align == 0 && bytes % align == 0 &&
        qiov_is_aligned(qiov, bdrv_mem_align(bs))) {
        return drv_preadv(bs, offset, bytes, qiov, flags);
    }
    /* Read whole aligned blocks into a bounce buffer and copy out. */
    start = QEMU_ALIGN_DOWN(offset, align);
    end = QEMU_ALIGN_UP(offset + bytes, align);
    bounce = bdrv_memalign(MAX(bdrv_mem_align(bs), align), end - start);
    if (!bounce) {
        return -ENOMEM;
    }
    qemu_iovec_init_buf(&bq, bounce, end - start);
    ret = drv_preadv(bs, start, end - start, &bq, flags);
    if (ret >= 0) {
        qemu_iovec_from_buf(qiov, 0, bounce + (offset - start), bytes);
    }
    bdrv_memfree(bounce);
    return ret;
}

static int coroutine_fn bdrv_co_do_zero_pwritev(BlockDriverState *bs,
                                                int64_t offset, int64_t bytes,
                                                BdrvRequestFlags flags);

static int coroutine_fn bdrv_co_do_pwritev(BlockDriverState *bs,
                                           int64_t offset, int64_t bytes,
                                           QEMUIOVector *qiov,
                                           BdrvRequestFlags flags)
{
    uint32_t align = bs->bl.request_alignment;
    int64_t start, end;
    uint8_t *bounce;
    QEMUIOVector bq;
    int ret;

    ret = bdrv_check_request(offset, bytes);
    if (ret < 0 || bytes == 0) {
        return ret;
    }
    if (bs->read_only) {
        return -EPERM;
    }
    if (flags & BDRV_REQ_ZERO_WRITE) {
        return bdrv_co_do_zero_pwritev(bs, offset, bytes, flags);
    }
    if (bs->detect_zeroes != BLOCKDEV_DETECT_ZEROES_OPTIONS_OFF &&
        qemu_iovec_is_zero(qiov, 0, bytes)) {
        BdrvRequestFlags zflags = flags;

        if (bs->detect_zeroes == BLOCKDEV_DETECT_ZEROES_OPTIONS_UNMAP &&
            (bs->open_flags & BDRV_O_UNMAP)) {
            zflags |= BDRV_REQ_MAY_UNMAP;
        }
        return bdrv_co_do_zero_pwritev(bs, offset, bytes, zflags);
    }
    if (offset % align == 0 && bytes % align == 0 &&
        qiov_is_aligned(qiov, bdrv_mem_align(bs))) {
        return drv_pwritev(bs, offset, bytes, qiov, flags);
    }

    /*
     * Read-modify-write: read the partial head and tail blocks, merge the
     * new bytes in and write whole blocks. Serialised so that two
     * unaligned writes into one block cannot undo each other.
     */
    start = QEMU_ALIGN_DOWN(offset, align);
    end = QEMU_ALIGN_UP(offset + bytes, align);
    bounce = bdrv_memalign(MAX(bdrv_mem_align(bs), align), end - start);
    if (!bounce) {
        return -ENOMEM;
    }
    qemu_co_mutex_lock(&bs->rmw_lock);
    ret = 0;
    if (start != offset || end != offset + bytes) {
        if (align > 1 && end - start > align) {
            /* Only the first and last blocks need the old contents. */
            QEMUIOVector hq;

            qemu_iovec_init_buf(&hq, bounce, align);
            ret = drv_preadv(bs, start, align, &hq, 0);
            if (ret >= 0) {
                qemu_iovec_init_buf(&hq, bounce + (end - start) - align,
                                    align);
                ret = drv_preadv(bs, end - align, align, &hq, 0);
            }
        } else {
            qemu_iovec_init_buf(&bq, bounce, end - start);
            ret = drv_preadv(bs, start, end - start, &bq, 0);
        }
    }
    if (ret >= 0) {
        qemu_iovec_to_buf(qiov, 0, bounce + (offset - start), bytes);
        qemu_iovec_init_buf(&bq, bounce, end - start);
        ret = drv_pwritev(bs, start, end - start, &bq, flags);
    }
    qemu_co_mutex_unlock(&bs->rmw_lock);
    bdrv_memfree(bounce);
    return ret;
}

static int coroutine_fn bdrv_co_do_zero_pwritev(BlockDriverState *bs,
                                                int64_t offset, int64_t bytes,
                                                BdrvRequestFlags flags)
{
    uint32_t align = bs->bl.request_alignment;
    int64_t chunk = 1024 * 1024;
    uint8_t *buf;
    int64_t done = 0;
    int ret = -ENOTSUP;

    if (bs->drv->bdrv_co_pwrite_zeroes && offset % align == 0 &&
        bytes % align == 0) {
        ret = bs->drv->bdrv_co_pwrite_zeroes(bs, offset, bytes,
                                             flags & ~BDRV_REQ_ZERO_WRITE);
        if (ret != -ENOTSUP) {
            if (ret >= 0 && (flags & BDRV_REQ_FUA)) {
                ret = bdrv_co_flush(bs);
            }
            return ret;
        }
    }
    if (flags & BDRV_REQ_NO_FALLBACK) {
        return -ENOTSUP;
    }
    buf = bdrv_memalign(MAX(bdrv_mem_align(bs), align),
                            MIN(chunk, bytes));
    if (!buf) {
        return -ENOMEM;
    }
    memset(buf, 0, MIN(chunk, bytes));
    flags &= ~(BDRV_REQ_ZERO_WRITE | BDRV_REQ_MAY_UNMAP | BDRV_REQ_NO_FALLBACK);
    ret = 0;
    while (done < bytes && ret >= 0) {
        int64_t n = MIN(chunk, bytes - done);
        QEMUIOVector q;

        qemu_iovec_init_buf(&q, buf, n);
        ret = bdrv_co_do_pwritev(bs, offset + done, n, &q, flags);
        done += n;
    }
    bdrv_memfree(buf);
    return ret;
}

int coroutine_fn bdrv_co_preadv(BdrvChild *child, int64_t offset,
                                int64_t bytes, QEMUIOVector *qiov,
                                BdrvRequestFlags flags)
{
    return bdrv_co_do_preadv(child->bs, offset, bytes, qiov, flags);
}

int coroutine_fn bdrv_co_pwritev(BdrvChild *child, int64_t offset,
                                 int64_t bytes, QEMUIOVector *qiov,
                                 BdrvRequestFlags flags)
{
    return bdrv_co_do_pwritev(child->bs, offset, bytes, qiov, flags);
}

int coroutine_fn bdrv_co_pwrite_zeroes(BdrvChild *child, int64_t offset,
                                       int64_t bytes, BdrvRequestFlags flags)
{
    int ret = bdrv_check_request(offset, bytes);

    if (ret < 0 || bytes == 0) {
        return ret;
    }
    if (child->bs->read_only) {
        return -EPERM;
    }
    return bdrv_co_do_zero_pwritev(child->bs, offset, bytes, flags);
}

int coroutine_fn bdrv_co_pdiscard(BdrvChild *child, int64_t offset,
                                  int64_t bytes)
{
    BlockDriverState *bs = child->bs;
    uint32_t align = bs->bl.request_alignment;
    int64_t start, end;
    int ret = bdrv_check_request(offset, bytes);

    if (ret < 0) {
        return ret;
    }
    if (bs->read_only) {
        return -EPERM;
    }
    /* Discard is advisory: only whole aligned blocks, and only if asked. */
    if (!(bs->open_flags & BDRV_O_UNMAP) || !bs->drv->bdrv_co_pdiscard) {
        return 0;
    }
    start = QEMU_ALIGN_UP(offset, align);
    end = QEMU_ALIGN_DOWN(offset + bytes, align);
    if (end <= start) {
        return 0;
    }
    ret = bs->drv->bdrv_co_pdiscard(bs, start, end - start);
    return ret == -ENOTSUP ? 0 : ret;
}

int coroutine_fn bdrv_co_flush(BlockDriverState *bs)
{
    int ret = 0;

    if (!bs || !bs->drv) {
        return 0;
    }
    if (bs->drv->bdrv_co_flush_to_os) {
        ret = bs->drv->bdrv_co_flush_to_os(bs);
        if (ret < 0) {
            return ret;
        }
    }
    /* cache.no-flush (cache=unsafe) drops the flush to the disk only. */
    if (bs->drv->bdrv_co_flush_to_disk && !(bs->open_flags & BDRV_O_NO_FLUSH)) {
        ret = bs->drv->bdrv_co_flush_to_disk(bs);
        if (ret < 0) {
            return ret;
        }
    }
    if (bs->file) {
        ret = bdrv_co_flush(bs->file->bs);
    }
    return ret;
}

int coroutine_fn bdrv_co_truncate(BdrvChild *child, int64_t offset,
                                  bool exact, PreallocMode prealloc,
                                  BdrvRequestFlags flags, Error **errp)
{
    BlockDriverState *bs = child->bs;

    if (offset < 0 || offset > BDRV_MAX_LENGTH) {
        error_setg(errp, "Image size cannot be negative or beyond 2^63");
        return -EINVAL;
    }
    if (bs->read_only) {
        error_setg(errp, "Image is read-only");
        return -EACCES;
    }
    if (!bs->drv->bdrv_co_truncate) {
        error_setg(errp, "Image format driver does not support resize");
        return -ENOTSUP;
    }
    return bs->drv->bdrv_co_truncate(bs, offset, exact, prealloc, flags,
                                     errp);
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    if (!bs->drv) {
        return -ENOMEDIUM;
    }
    if (!bs->drv->bdrv_getlength) {
        return bs->file ? bdrv_getlength(bs->file->bs) : -ENOTSUP;
    }
    return bs->drv->bdrv_getlength(bs);
}

int coroutine_fn bdrv_co_block_status(BlockDriverState *bs, bool want_zero,
                                      int64_t offset, int64_t bytes,
                                      int64_t *pnum, int64_t *map,
                                      BlockDriverState **file)
{
    int64_t len = bdrv_getlength(bs);
    int64_t lmap = 0;
    BlockDriverState *lfile = NULL;
    int ret;

    if (len < 0) {
        return len;
    }
    if (offset >= len || bytes <= 0) {
        *pnum = 0;
        return BDRV_BLOCK_EOF;
    }
    bytes = MIN(bytes, len - offset);
    if (bs->drv->bdrv_co_block_status) {
        ret = bs->drv->bdrv_co_block_status(bs, want_zero, offset, bytes,
                                            pnum, &lmap, &lfile);
        if (ret < 0) {
            return ret;
        }
    } else if (bs->file) {
        *pnum = bytes;
        lmap = offset;
        lfile = bs->file->bs;
        ret = BDRV_BLOCK_RAW | BDRV_BLOCK_OFFSET_VALID;
    } else {
        *pnum = bytes;
        lmap = offset;
        lfile = bs;
        ret = BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID;
    }
    *pnum = MIN(MAX(*pnum, 1), bytes);

    if ((ret & BDRV_BLOCK_RAW) && lfile) {
        /* The node maps 1:1 to its file: the file's status is ours. */
        return bdrv_co_block_status(lfile, want_zero, lmap, *pnum, pnum,
                                    map, file);
    }
    if (ret & (BDRV_BLOCK_DATA | BDRV_BLOCK_ZERO)) {
        ret |= BDRV_BLOCK_ALLOCATED;
    } else if (bs->drv->supports_backing) {
        /*
         * Not allocated here: it reads as zeroes when there is no backing
         * node, or (as QEMU, only when asked to look hard) when the
         * backing node ends before @offset.
         */
        BlockDriverState *cow = bs->backing ? bs->backing->bs : NULL;

        if (!cow) {
            ret |= BDRV_BLOCK_ZERO;
        } else if (want_zero) {
            int64_t clen = bdrv_getlength(cow);

            if (clen >= 0 && offset >= clen) {
                ret |= BDRV_BLOCK_ZERO;
            }
        }
    }
    if (want_zero && (ret & BDRV_BLOCK_RECURSE) &&
        (ret & BDRV_BLOCK_OFFSET_VALID) && lfile && lfile != bs) {
        int64_t fpnum;
        int fret = bdrv_co_block_status(lfile, true, lmap, *pnum, &fpnum,
                                        NULL, NULL);

        if (fret >= 0 && (fret & BDRV_BLOCK_ZERO)) {
            *pnum = fpnum;
            ret |= BDRV_BLOCK_ZERO;
        }
    }
    ret &= ~BDRV_BLOCK_RECURSE;
    if (offset + *pnum == len) {
        ret |= BDRV_BLOCK_EOF;
    }
    if (map) {
        *map = lmap;
    }
    if (file) {
        *file = lfile;
    }
    return ret;
}

int coroutine_fn bdrv_co_block_status_above(BlockDriverState *bs,
                                            bool want_zero, int64_t offset,
                                            int64_t bytes, int64_t *pnum,
                                            int64_t *map,
                                            BlockDriverState **file)
{
    int64_t eof = -1;
    int ret;

    ret = bdrv_co_block_status(bs, want_zero, offset, bytes, pnum, map, file);
    if (ret < 0 || *pnum == 0 || (ret & BDRV_BLOCK_ALLOCATED)) {
        return ret;
    }
    if (ret & BDRV_BLOCK_EOF) {
        eof = offset + *pnum;
    }
    /* Unallocated here: the first backing node that has it decides. */
    bytes = *pnum;
    for (BlockDriverState *p = bs->backing ? bs->backing->bs : NULL; p;
         p = p->backing ? p->backing->bs : NULL) {
        ret = bdrv_co_block_status(p, want_zero, offset, bytes, pnum, map,
                                   file);
        if (ret < 0) {
            return ret;
        }
        if (*pnum == 0) {
            /*
             * A short backing node: what lies past its end reads as
             * zeroes, as if allocated in it (its EOF is not ours).
             */
            *pnum = bytes;
            if (file) {
                *file = p;
            }
            ret = BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED;
            break;
        }
        if (ret & BDRV_BLOCK_ALLOCATED) {
            ret &= ~BDRV_BLOCK_EOF;
            break;
        }
        bytes = *pnum;
    }
    if (offset + *pnum == eof) {
        ret |= BDRV_BLOCK_EOF;
    }
    return ret;
}

/* --- synchronous wrappers ------------------------------------------------ */

typedef struct RwCo {
    BdrvChild *child;
    BlockDriverState *bs;
    int64_t offset;
    int64_t bytes;
    QEMUIOVector *qiov;
    BdrvRequestFlags flags;
    bool exact;
    PreallocMode prealloc;
    Error **errp;
    int64_t *pnum;
    int64_t *map;
    BlockDriverState **file;
    int ret;
    bool done;
} RwCo;

static void coroutine_fn rw_read_entry(void *opaque)
{
    RwCo *c = opaque;

    c->ret = bdrv_co_preadv(c->child, c->offset, c->bytes, c->qiov, c->flags);
    qatomic_set(&c->done, true);
    aio_wait_kick();
}

static void coroutine_fn rw_write_entry(void *opaque)
{
    RwCo *c = opaque;

    if (c->qiov) {
        c->ret = bdrv_co_pwritev(c->child, c->offset, c->bytes, c->qiov,
                                 c->flags);
    } else {
        c->ret = bdrv_co_pwrite_zeroes(c->child, c->offset, c->bytes,
                                       c->flags);
    }
    qatomic_set(&c->done, true);
    aio_wait_kick();
}

static void coroutine_fn flush_entry(void *opaque)
{
    RwCo *c = opaque;

    c->ret = bdrv_co_flush(c->bs);
    qatomic_set(&c->done, true);
    aio_wait_kick();
}

static void coroutine_fn truncate_entry(void *opaque)
{
    RwCo *c = opaque;

    c->ret = bdrv_co_truncate(c->child, c->offset, c->exact, c->prealloc,
                              c->flags, c->errp);
    qatomic_set(&c->done, true);
    aio_wait_kick();
}

static void coroutine_fn status_entry(void *opaque)
{
    RwCo *c = opaque;

    if (c->exact) {
        c->ret = bdrv_co_block_status(c->bs, true, c->offset, c->bytes,
                                      c->pnum, c->map, c->file);
    } else {
        c->ret = bdrv_co_block_status_above(c->bs, true, c->offset, c->bytes,
                                            c->pnum, c->map, c->file);
    }
    qatomic_set(&c->done, true);
    aio_wait_kick();
}

int bdrv_pread(BdrvChild *child, int64_t offset, int64_t bytes, void *buf,
               BdrvRequestFlags flags)
{
    QEMUIOVector qiov;
    RwCo c = { .child = child, .offset = offset, .bytes = bytes,
               .qiov = &qiov, .flags = flags };

    if (bytes < 0) {
        return -EINVAL;
    }
    qemu_iovec_init_buf(&qiov, buf, bytes);
    bdrv_run_co(rw_read_entry, &c, &c.done);
    return c.ret < 0 ? c.ret : 0;
}

int bdrv_pwrite(BdrvChild *child, int64_t offset, int64_t bytes,
                const void *buf, BdrvRequestFlags flags)
{
    QEMUIOVector qiov;
    RwCo c = { .child = child, .offset = offset, .bytes = bytes,
               .qiov = &qiov, .flags = flags };

    if (bytes < 0) {
        return -EINVAL;
    }
    qemu_iovec_init_buf(&qiov, (void *)buf, bytes);
    bdrv_run_co(rw_write_entry, &c, &c.done);
    return c.ret < 0 ? c.ret : 0;
}

int bdrv_pwrite_sync(BdrvChild *child, int64_t offset, int64_t bytes,
                     const void *buf, BdrvRequestFlags flags)
{
    int ret = bdrv_pwrite(child, offset, bytes, buf, flags);

    return ret < 0 ? ret : bdrv_flush(child->bs);
}

int bdrv_pwrite_zeroes(BdrvChild *child, int64_t offset, int64_t bytes,
                       BdrvRequestFlags flags)
{
    RwCo c = { .child = child, .offset = offset, .bytes = bytes,
               .flags = flags | BDRV_REQ_ZERO_WRITE };

    bdrv_run_co(rw_write_entry, &c, &c.done);
    return c.ret < 0 ? c.ret : 0;
}

int bdrv_flush(BlockDriverState *bs)
{
    RwCo c = { .bs = bs };

    bdrv_run_co(flush_entry, &c, &c.done);
    return c.ret;
}

int bdrv_truncate(BdrvChild *child, int64_t offset, bool exact,
                  PreallocMode prealloc, BdrvRequestFlags flags,
                  Error **errp)
{
    RwCo c = { .child = child, .offset = offset, .exact = exact,
               .prealloc = prealloc, .flags = flags, .errp = errp };

    bdrv_run_co(truncate_entry, &c, &c.done);
    return c.ret;
}

int bdrv_block_status_above(BlockDriverState *bs, int64_t offset,
                            int64_t bytes, int64_t *pnum, int64_t *map,
                            BlockDriverState **file)
{
    RwCo c = { .bs = bs, .offset = offset, .bytes = bytes, .pnum = pnum,
               .map = map, .file = file };

    bdrv_run_co(status_entry, &c, &c.done);
    return c.ret;
}

int bdrv_block_status(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum, int64_t *map, BlockDriverState **file)
{
    /* .exact selects the one-node status (no walk down the chain). */
    RwCo c = { .bs = bs, .offset = offset, .bytes = bytes, .pnum = pnum,
               .map = map, .file = file, .exact = true };

    bdrv_run_co(status_entry, &c, &c.done);
    return c.ret;
}

int bdrv_is_allocated(BlockDriverState *bs, int64_t offset, int64_t bytes,
                      int64_t *pnum)
{
    int ret = bdrv_block_status(bs, offset, bytes, pnum, NULL, NULL);

    return ret < 0 ? ret : !!(ret & BDRV_BLOCK_ALLOCATED);
}
