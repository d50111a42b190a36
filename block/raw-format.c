/*
 * The "raw" format driver: the guest disk is the bytes of its file child,
 * optionally a window of them (offset=, size=).
 */
#include "qemu/osdep.h"
#include "block/block_int.h"

typedef struct BDRVRawFormatState {
    uint64_t offset;
    uint64_t size;
    bool has_size;
} BDRVRawFormatState;

static int raw_probe(const uint8_t *buf, int buf_size, const char *filename)
{
    /* Anything is a raw image; any other match wins. */
    return 1;
}

static int raw_open(BlockDriverState *bs, BlockdevOptions *options, int flags,
                    Error **errp)
{
    BDRVRawFormatState *s = bs->opaque;
    BlockdevOptionsRaw *o = &options->u.raw;
    int64_t file_len = bdrv_getlength(bs->file->bs);

    if (file_len < 0) {
        error_setg_errno(errp, -file_len, "Could not get the size of '%s'",
                         bs->file->bs->filename);
        return file_len;
    }
    if (o->has_offset && o->offset < 0) {
        error_setg(errp, "offset cannot be negative");
        return -EINVAL;
    }
    if (o->has_size && o->size < 0) {
        error_setg(errp, "size cannot be negative");
        return -EINVAL;
    }
    s->offset = o->has_offset ? o->offset : 0;
    s->has_size = o->has_size;
    s->size = o->has_size ? o->size : 0;
    if (s->has_size && s->size % BDRV_SECTOR_SIZE) {
        error_setg(errp, "Specified size is not a multiple of %llu",
                   BDRV_SECTOR_SIZE);
        return -EINVAL;
    }
    if (s->offset > (uint64_t)file_len ||
        (s->has_size && s->size > (uint64_t)file_len - s->offset)) {
        error_setg(errp, "The sum of offset (%" PRIu64 ") and size (%" PRIu64
                   ") has to be smaller or equal to the  actual size of the "
                   "containing file (%" PRId64 ")", s->offset, s->size,
                   file_len);
        return -EINVAL;
    }
    bs->encrypted = false;
    return 0;
}

static void raw_refresh_limits(BlockDriverState *bs)
{
    /* Requests go straight through: the file's alignment applies. */
    bs->bl.request_alignment = 1;
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    BDRVRawFormatState *s = bs->opaque;
    int64_t len;

    if (s->has_size) {
        return s->size;
    }
    len = bdrv_getlength(bs->file->bs);
    if (len < 0) {
        return len;
    }
    return len > (int64_t)s->offset ? len - (int64_t)s->offset : 0;
}

static int coroutine_fn raw_co_preadv(BlockDriverState *bs, int64_t offset,
                                      int64_t bytes, QEMUIOVector *qiov,
                                      BdrvRequestFlags flags)
{
    BDRVRawFormatState *s = bs->opaque;

    return bdrv_co_preadv(bs->file, s->offset + offset, bytes, qiov, flags);
}

static bool raw_in_window(BDRVRawFormatState *s, int64_t offset, int64_t bytes)
{
    return !s->has_size || (offset <= (int64_t)s->size &&
                            bytes <= (int64_t)s->size - offset);
}

/*
 * A probed raw image must not be written into something that probes as
 * another format (a LUKS header, say): as QEMU, refuse writes to the first
 * sector whose result would no longer probe as raw.
 */
static bool coroutine_fn raw_write_changes_format(BlockDriverState *bs,
                                                  int64_t offset,
                                                  int64_t bytes,
                                                  QEMUIOVector *qiov)
{
    uint8_t sector[BDRV_SECTOR_SIZE];
    QEMUIOVector old;
    int64_t len;

    if (!bs->probed || offset >= BDRV_SECTOR_SIZE) {
        return false;
    }
    /* The first sector as it would be after the write. */
    qemu_iovec_init_buf(&old, sector, sizeof(sector));
    if (bdrv_co_preadv(bs->file, 0, sizeof(sector), &old, 0) < 0) {
        return true;
    }
    len = MIN((int64_t)BDRV_SECTOR_SIZE - offset, bytes);
    qemu_iovec_to_buf(qiov, 0, sector + offset, len);
    return strcmp(bdrv_probe_format(sector, sizeof(sector), bs->filename),
                  "raw") != 0;
}

static int coroutine_fn raw_co_pwritev(BlockDriverState *bs, int64_t offset,
                                       int64_t bytes, QEMUIOVector *qiov,
                                       BdrvRequestFlags flags)
{
    BDRVRawFormatState *s = bs->opaque;

    if (!raw_in_window(s, offset, bytes)) {
        return -ENOSPC;
    }
    if (raw_write_changes_format(bs, s->offset + offset, bytes, qiov)) {
        return -EPERM;
    }
    return bdrv_co_pwritev(bs->file, s->offset + offset, bytes, qiov, flags);
}

static int coroutine_fn raw_co_pwrite_zeroes(BlockDriverState *bs,
                                             int64_t offset, int64_t bytes,
                                             BdrvRequestFlags flags)
{
    BDRVRawFormatState *s = bs->opaque;

    if (!raw_in_window(s, offset, bytes)) {
        return -ENOSPC;
    }
    return bdrv_co_pwrite_zeroes(bs->file, s->offset + offset, bytes, flags);
}

static int coroutine_fn raw_co_pdiscard(BlockDriverState *bs, int64_t offset,
                                        int64_t bytes)
{
    BDRVRawFormatState *s = bs->opaque;

    if (!raw_in_window(s, offset, bytes)) {
        return -ENOSPC;
    }
    return bdrv_co_pdiscard(bs->file, s->offset + offset, bytes);
}

static int coroutine_fn raw_co_block_status(BlockDriverState *bs,
                                            bool want_zero, int64_t offset,
                                            int64_t bytes, int64_t *pnum,
                                            int64_t *map,
                                            BlockDriverState **file)
{
    BDRVRawFormatState *s = bs->opaque;

    *pnum = bytes;
    *file = bs->file->bs;
    *map = offset + s->offset;
    return BDRV_BLOCK_RAW | BDRV_BLOCK_OFFSET_VALID;
}

static int coroutine_fn raw_co_truncate(BlockDriverState *bs, int64_t offset,
                                        bool exact, PreallocMode prealloc,
                                        BdrvRequestFlags flags, Error **errp)
{
    BDRVRawFormatState *s = bs->opaque;

    if (s->has_size) {
        error_setg(errp, "Cannot resize fixed-size raw disks");
        return -ENOTSUP;
    }
    if (INT64_MAX - offset < (int64_t)s->offset) {
        error_setg(errp, "Disk size too large for the chosen offset");
        return -EINVAL;
    }
    return bdrv_co_truncate(bs->file, offset + s->offset, exact, prealloc,
                            flags, errp);
}

static void raw_child_perm(BlockDriverState *bs, BdrvChild *child,
                           uint64_t perm, uint64_t shared,
                           uint64_t *nperm, uint64_t *nshared)
{
    BDRVRawFormatState *s = bs->opaque;

    /* A filter: the parents' needs pass through unchanged. */
    *nperm = perm;
    *nshared = shared;
    if (s->offset || s->has_size) {
        /* A window into the file: its size must not move. */
        *nshared &= ~BLK_PERM_RESIZE;
    }
}

static int raw_create(BlockDriver *drv, const char *filename, QDict *opts,
                      Error **errp)
{
    return bdrv_create_file(filename, opts, errp);
}

static bool raw_measure(QDict *opts, BlockDriverState *in_bs,
                        BlockMeasureInfo *info, Error **errp)
{
    uint64_t size;
    PreallocMode prealloc;

    if (!bdrv_create_opts_get_prealloc(opts, &prealloc, errp)) {
        return false;
    }
    if (in_bs) {
        int64_t len = bdrv_getlength(in_bs);
        int64_t off = 0, required = 0;

        if (len < 0) {
            error_setg_errno(errp, -len, "Unable to get image virtual_size");
            return false;
        }
        size = len;
        /* Only allocated (non-zero) extents need space. */
        while (off < len) {
            int64_t pnum;
            int ret = bdrv_block_status_above(in_bs, off, len - off, &pnum,
                                              NULL, NULL);

            if (ret < 0) {
                error_setg_errno(errp, -ret, "Unable to get block status");
                return false;
            }
            if (!(ret & BDRV_BLOCK_ZERO)) {
                required += pnum;
            }
            off += pnum;
        }
        info->required = prealloc == PREALLOC_MODE_OFF ? required : size;
    } else {
        if (!bdrv_create_opts_get_size(opts, false, &size, errp)) {
            return false;
        }
        size = QEMU_ALIGN_UP(size, BDRV_SECTOR_SIZE);
        info->required = size;
    }
    info->fully_allocated = size;
    return true;
}

static const BlockCreateOpt raw_fmt_create_opts[] = {
    { "size", BLOCK_OPT_TYPE_SIZE, "Virtual disk size" },
    { NULL }
};

BlockDriver bdrv_raw = {
    .format_name = "raw",
    .instance_size = sizeof(BDRVRawFormatState),
    .is_format = true,
    .bdrv_probe = raw_probe,
    .bdrv_open = raw_open,
    .bdrv_refresh_limits = raw_refresh_limits,
    .bdrv_child_perm = raw_child_perm,
    .bdrv_co_preadv = raw_co_preadv,
    .bdrv_co_pwritev = raw_co_pwritev,
    .bdrv_co_pwrite_zeroes = raw_co_pwrite_zeroes,
    .bdrv_co_pdiscard = raw_co_pdiscard,
    .bdrv_co_truncate = raw_co_truncate,
    .bdrv_getlength = raw_getlength,
    .bdrv_co_block_status = raw_co_block_status,
    .bdrv_create = raw_create,
    .create_opts = raw_fmt_create_opts,
    .bdrv_measure = raw_measure,
};
