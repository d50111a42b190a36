/*
 * The "null-co" protocol driver: a device of a given size (1 GiB by
 * default) that drops writes; reads leave the buffer alone unless
 * read-zeroes=on. For benchmarks and tests of the layers above.
 */
#include "qemu/osdep.h"
#include "block/block_int.h"
#include "qemu/timer.h"

typedef struct BDRVNullState {
    int64_t length;
    int64_t latency_ns;
    bool read_zeroes;
} BDRVNullState;

static int null_open(BlockDriverState *bs, BlockdevOptions *options,
                     int flags, Error **errp)
{
    BDRVNullState *s = bs->opaque;
    BlockdevOptionsNull *o = &options->u.null_co;

    s->length = o->has_size ? o->size : (1LL << 30);
    s->latency_ns = o->has_latency_ns ? o->latency_ns : 0;
    s->read_zeroes = o->has_read_zeroes && o->read_zeroes;
    if (o->has_size && o->size > BDRV_MAX_LENGTH) {
        error_setg(errp, "Parameter 'size' must be below 2^63");
        return -EINVAL;
    }
    if (s->latency_ns > INT64_MAX / 2) {
        error_setg(errp, "latency-ns is invalid");
        return -EINVAL;
    }
    bs->filename[0] = '\0';
    return 0;
}

static void coroutine_fn null_delay(BDRVNullState *s)
{
    if (s->latency_ns) {
        qemu_co_sleep_ns(QEMU_CLOCK_REALTIME, s->latency_ns);
    }
}

static int coroutine_fn null_co_preadv(BlockDriverState *bs, int64_t offset,
                                       int64_t bytes, QEMUIOVector *qiov,
                                       BdrvRequestFlags flags)
{
    BDRVNullState *s = bs->opaque;

    if (s->read_zeroes) {
        qemu_iovec_memset(qiov, 0, 0, bytes);
    }
    null_delay(s);
    return 0;
}

static int coroutine_fn null_co_pwritev(BlockDriverState *bs, int64_t offset,
                                        int64_t bytes, QEMUIOVector *qiov,
                                        BdrvRequestFlags flags)
{
    null_delay(bs->opaque);
    return 0;
}

static int coroutine_fn null_co_pwrite_zeroes(BlockDriverState *bs,
                                              int64_t offset, int64_t bytes,
                                              BdrvRequestFlags flags)
{
    null_delay(bs->opaque);
    return 0;
}

static int coroutine_fn null_co_flush(BlockDriverState *bs)
{
    null_delay(bs->opaque);
    return 0;
}

static int64_t null_getlength(BlockDriverState *bs)
{
    BDRVNullState *s = bs->opaque;

    return s->length;
}

static int64_t null_allocated_file_size(BlockDriverState *bs)
{
    return 0;
}

static int coroutine_fn null_co_block_status(BlockDriverState *bs,
                                             bool want_zero, int64_t offset,
                                             int64_t bytes, int64_t *pnum,
                                             int64_t *map,
                                             BlockDriverState **file)
{
    BDRVNullState *s = bs->opaque;

    *pnum = bytes;
    *map = offset;
    *file = bs;
    return BDRV_BLOCK_OFFSET_VALID |
           (s->read_zeroes ? BDRV_BLOCK_ZERO : 0);
}

BlockDriver bdrv_null_co = {
    .format_name = "null-co",
    .instance_size = sizeof(BDRVNullState),
    .bdrv_open = null_open,
    .bdrv_co_preadv = null_co_preadv,
    .bdrv_co_pwritev = null_co_pwritev,
    .bdrv_co_pwrite_zeroes = null_co_pwrite_zeroes,
    .bdrv_co_flush_to_disk = null_co_flush,
    .bdrv_getlength = null_getlength,
    .bdrv_get_allocated_file_size = null_allocated_file_size,
    .bdrv_co_block_status = null_co_block_status,
};
