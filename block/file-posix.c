/*
 * The "file" protocol driver: a POSIX file or block device.
 *
 * I/O runs in the AioContext's thread pool (aio=threads, preadv/pwritev
 * in worker threads) or through Linux native AIO (aio=native, which needs
 * O_DIRECT: cache.direct=on). With O_DIRECT the request and buffer
 * alignment are probed and block/io.c bounces what is not aligned.
 *
 * Image locking uses open file description (OFD) locks on single bytes,
 * exactly as QEMU does, so that our tools and real QEMU exclude each
 * other: for each permission bit i a node holds, it keeps a shared lock
 * on byte 100 + i; for each permission it does not share with others, a
 * shared lock on byte 200 + i. Before taking a permission it checks that
 * nobody locks the matching "not shared" byte, and before refusing to
 * share one that nobody locks its "held" byte (F_OFD_GETLK with a write
 * lock as the probe).
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <linux/fs.h>
#include "block/block_int.h"
#include "block/thread-pool.h"
#include "block/raw-aio.h"
#include "qemu/cutils.h"
#include "qapi/util.h"

#define RAW_LOCK_PERM_BASE   100
#define RAW_LOCK_SHARED_BASE 200

typedef struct BDRVRawState {
    int fd;
    bool use_lock;
    bool use_linux_aio;
    bool is_blockdev;
    bool try_nowait;    /* buffered reads: try preadv2(RWF_NOWAIT) inline */
    bool plug_pending;  /* Linux AIO plugged until a bottom half runs */
    /* Lock bytes currently held: permission bits and "not shared" bits. */
    uint64_t locked_perm;
    uint64_t locked_shared_perm;
} BDRVRawState;

/* --- locks --------------------------------------------------------------- */

static int lock_byte(int fd, int64_t byte, bool lock)
{
    struct flock fl = {
        .l_whence = SEEK_SET,
        .l_start = byte,
        .l_len = 1,
        .l_type = lock ? F_RDLCK : F_UNLCK,
    };

    return fcntl(fd, F_OFD_SETLK, &fl) == -1 ? -errno : 0;
}

/* 0 if nobody else holds a lock on @byte, -EAGAIN if somebody does. */
static int test_byte(int fd, int64_t byte)
{
    struct flock fl = {
        .l_whence = SEEK_SET,
        .l_start = byte,
        .l_len = 1,
        .l_type = F_WRLCK,
    };

    if (fcntl(fd, F_OFD_GETLK, &fl) == -1) {
        return -errno;
    }
    return fl.l_type == F_UNLCK ? 0 : -EAGAIN;
}

/*
 * Hold exactly the lock bytes for @perm and for the complement of
 * @shared. @held_perm/@held_unshared track what is held (may be NULL
 * for a temporary fd).
 */
static int apply_lock_bytes(int fd, uint64_t perm, uint64_t unshared,
                            uint64_t *held_perm, uint64_t *held_unshared,
                            Error **errp)
{
    for (int i = 0; i < BLK_PERM_MAX; i++) {
        uint64_t bit = 1ULL << i;
        bool want_p = perm & bit, want_s = unshared & bit;
        int ret;

        if (!held_perm || want_p != !!(*held_perm & bit)) {
            ret = lock_byte(fd, RAW_LOCK_PERM_BASE + i, want_p);
            if (ret < 0) {
                error_setg(errp, "Failed to lock byte %d",
                           RAW_LOCK_PERM_BASE + i);
                return ret;
            }
            if (held_perm) {
                *held_perm = want_p ? *held_perm | bit : *held_perm & ~bit;
            }
        }
        if (!held_unshared || want_s != !!(*held_unshared & bit)) {
            ret = lock_byte(fd, RAW_LOCK_SHARED_BASE + i, want_s);
            if (ret < 0) {
                error_setg(errp, "Failed to lock byte %d",
                           RAW_LOCK_SHARED_BASE + i);
                return ret;
            }
            if (held_unshared) {
                *held_unshared = want_s ? *held_unshared | bit
                                        : *held_unshared & ~bit;
            }
        }
    }
    return 0;
}

static int check_lock_bytes(int fd, uint64_t perm, uint64_t shared,
                            Error **errp)
{
    for (int i = 0; i < BLK_PERM_MAX; i++) {
        uint64_t bit = 1ULL << i;

        if ((perm & bit) && test_byte(fd, RAW_LOCK_SHARED_BASE + i)) {
            error_setg(errp, "Failed to get \"%s\" lock", bdrv_perm_name(i));
            return -EAGAIN;
        }
        if (!(shared & bit) && test_byte(fd, RAW_LOCK_PERM_BASE + i)) {
            error_setg(errp, "Failed to get shared \"%s\" lock",
                       bdrv_perm_name(i));
            return -EAGAIN;
        }
    }
    return 0;
}

static int raw_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared,
                        Error **errp)
{
    BDRVRawState *s = bs->opaque;
    uint64_t old_perm = s->locked_perm, old_unshared = s->locked_shared_perm;
    int ret;

    if (!s->use_lock) {
        return 0;
    }
    /* Take the new bytes first, then check nobody conflicts with us. */
    ret = apply_lock_bytes(s->fd, perm | old_perm, ~shared | old_unshared,
                           &s->locked_perm, &s->locked_shared_perm, errp);
    if (ret == 0) {
        ret = check_lock_bytes(s->fd, perm, shared, errp);
    }
    if (ret < 0) {
        apply_lock_bytes(s->fd, old_perm, old_unshared, &s->locked_perm,
                         &s->locked_shared_perm, NULL);
        error_append_hint(errp, "Is another process using the image [%s]?\n",
                          bs->filename);
        return ret;
    }
    return apply_lock_bytes(s->fd, perm, ~shared & BLK_PERM_ALL,
                            &s->locked_perm, &s->locked_shared_perm, errp);
}

/* --- open/close ---------------------------------------------------------- */

static bool raw_is_io_aligned(int fd, void *buf, size_t len)
{
    ssize_t ret = pread(fd, buf, len, 0);

    return ret >= 0 || errno != EINVAL;
}

static void raw_refresh_limits(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    static const size_t alignments[] = { 1, 512, 1024, 2048, 4096 };
    const size_t max_align = 4096;
    unsigned int sector_size = 0;
    void *buf;

    bs->bl.request_alignment = 1;
    bs->bl.min_mem_alignment = 1;
    bs->bl.max_transfer = 0;
    if (!(bs->open_flags & BDRV_O_NOCACHE)) {
        return;
    }
    bs->bl.min_mem_alignment = max_align;
    if (s->is_blockdev && ioctl(s->fd, BLKSSZGET, &sector_size) == 0 &&
        sector_size) {
        bs->bl.request_alignment = sector_size;
        return;
    }
    buf = bdrv_memalign(max_align, max_align);
    if (!buf) {
        bs->bl.request_alignment = max_align;
        return;
    }
    bs->bl.request_alignment = max_align;
    for (size_t i = 0; i < G_N_ELEMENTS(alignments); i++) {
        if (raw_is_io_aligned(s->fd, buf, alignments[i])) {
            /* A 1-byte read that works says nothing (end of file). */
            bs->bl.request_alignment = alignments[i] != 1 ? alignments[i]
                                                          : max_align;
            break;
        }
    }
    bdrv_memfree(buf);
}

static int raw_open(BlockDriverState *bs, BlockdevOptions *options, int flags,
                    Error **errp)
{
    BDRVRawState *s = bs->opaque;
    BlockdevOptionsFile *o = &options->u.file;
    int oflags = O_CLOEXEC | ((flags & BDRV_O_RDWR) ? O_RDWR : O_RDONLY);
    OnOffAuto locking = o->has_locking ? o->locking : ON_OFF_AUTO_AUTO;
    struct stat st;

    pstrcpy(bs->filename, sizeof(bs->filename), o->filename);
    if ((flags & BDRV_O_NATIVE_AIO) && !(flags & BDRV_O_NOCACHE)) {
        error_setg(errp, "aio=native was specified, but it requires "
                   "cache.direct=on, which was not specified.");
        return -EINVAL;
    }
    if (flags & BDRV_O_NOCACHE) {
        oflags |= O_DIRECT;
    }
    s->fd = open(o->filename, oflags);
    if (s->fd < 0) {
        int err = errno;

        error_setg_errno(errp, err, "Could not open '%s'", o->filename);
        return -err;
    }
    if (fstat(s->fd, &st) < 0) {
        int err = errno;

        error_setg_errno(errp, err, "Could not stat '%s'", o->filename);
        close(s->fd);
        return -err;
    }
    if (S_ISDIR(st.st_mode)) {
        error_setg(errp, "'%s' is a directory, not an image file",
                   o->filename);
        close(s->fd);
        return -EISDIR;
    }
    s->is_blockdev = S_ISBLK(st.st_mode);
    s->use_lock = locking != ON_OFF_AUTO_OFF;
    s->use_linux_aio = flags & BDRV_O_NATIVE_AIO;
    s->try_nowait = !(flags & BDRV_O_NOCACHE);
    if (s->use_linux_aio && !aio_setup_linux_aio(bs->aio_context, errp)) {
        error_prepend(errp, "Unable to use native AIO: ");
        close(s->fd);
        return -EINVAL;
    }
    return 0;
}

static void raw_close(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

    if (s->fd >= 0) {
        /* Closing the descriptor drops its OFD locks. */
        close(s->fd);
        s->fd = -1;
    }
}

/* --- I/O ----------------------------------------------------------------- */

typedef struct RawAIOData {
    int fd;
    int type;
    struct iovec *iov;
    int niov;
    int64_t offset;
    int64_t bytes;
    int mode;       /* fallocate mode for discard/zeroes */
} RawAIOData;

static int raw_rw_worker(void *opaque)
{
    RawAIOData *d = opaque;
    struct iovec local[64];
    struct iovec *iov = d->niov <= 64 ? local : g_new(struct iovec, d->niov);
    int niov = d->niov;
    struct iovec *cur = iov;
    int64_t done = 0;
    int ret = 0;

    memcpy(iov, d->iov, sizeof(*iov) * niov);
    while (done < d->bytes) {
        ssize_t n;

        if (d->type == QEMU_AIO_READ) {
            n = preadv(d->fd, cur, MIN(niov, IOV_MAX), d->offset + done);
        } else {
            n = pwritev(d->fd, cur, MIN(niov, IOV_MAX), d->offset + done);
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            ret = -errno;
            break;
        }
        if (n == 0) {
            if (d->type == QEMU_AIO_READ) {
                /* Past the end of the file reads as zeroes. */
                iov_memset(cur, niov, 0, 0, d->bytes - done);
                break;
            }
            ret = -ENOSPC;
            break;
        }
        done += n;
        /* Step over what was transferred. */
        while (n > 0 && niov > 0) {
            if ((size_t)n >= cur->iov_len) {
                n -= cur->iov_len;
                cur++;
                niov--;
            } else {
                cur->iov_base = (uint8_t *)cur->iov_base + n;
                cur->iov_len -= n;
                n = 0;
            }
        }
    }
    if (iov != local) {
        g_free(iov);
    }
    return ret;
}

static int raw_flush_worker(void *opaque)
{
    RawAIOData *d = opaque;

    return fdatasync(d->fd) < 0 ? -errno : 0;
}

static int raw_fallocate_worker(void *opaque)
{
    RawAIOData *d = opaque;

    if (fallocate(d->fd, d->mode, d->offset, d->bytes) < 0) {
        int err = errno;

        return (err == EOPNOTSUPP || err == ENOSYS || err == EINVAL)
               ? -ENOTSUP : -err;
    }
    return 0;
}

static void raw_unplug_bh(void *opaque)
{
    BDRVRawState *s = opaque;

    s->plug_pending = false;
    laio_io_unplug(NULL, laio_current(), 0);
}

/*
 * Linux AIO: collect the requests that coroutines issue in one go (a
 * burst of completions each starting the next request, a caller issuing
 * many) and hand them to the kernel in one io_submit from a bottom half.
 * The kernel then plugs its queue once for the batch: one device
 * notification instead of one per request, which under virtualisation
 * is an exit each.
 */
static void raw_defer_submit(BDRVRawState *s)
{
    LinuxAioState *laio = laio_current();

    if (s->plug_pending || !laio) {
        return;
    }
    s->plug_pending = true;
    laio_io_plug(NULL, laio);
    aio_bh_schedule_oneshot(qemu_get_current_aio_context(), raw_unplug_bh, s);
}

/*
 * A small buffered read whose data is all in the page cache is a memcpy: do it
 * right here with RWF_NOWAIT instead of paying for a trip through the
 * thread pool (two thread switches). The kernel refuses with EAGAIN
 * instead of blocking when anything would need real I/O; then (or after a
 * short read, e.g. at the end of the file) the pool does the whole request.
 * Large reads still go to the pool: copying megabytes would stall the
 * event loop, and in worker threads they overlap with other requests.
 */
#define RAW_NOWAIT_MAX (64 * 1024)

static bool raw_try_read_nowait(BDRVRawState *s, RawAIOData *d)
{
    ssize_t n;

    if (d->niov > IOV_MAX) {
        return false;
    }
    n = preadv2(d->fd, d->iov, d->niov, d->offset, RWF_NOWAIT);
    if (n < 0 && (errno == EOPNOTSUPP || errno == EINVAL || errno == ENOSYS)) {
        s->try_nowait = false;   /* not supported here: never again */
    }
    return n == d->bytes;
}

static int coroutine_fn raw_co_rw(BlockDriverState *bs, int64_t offset,
                                  int64_t bytes, QEMUIOVector *qiov, int type)
{
    BDRVRawState *s = bs->opaque;
    RawAIOData d = {
        .fd = s->fd, .type = type, .iov = qiov->iov, .niov = qiov->niov,
        .offset = offset, .bytes = bytes,
    };

    if (s->use_linux_aio) {
        raw_defer_submit(s);
        return laio_co_submit(s->fd, offset, qiov, type);
    }
    if (type == QEMU_AIO_READ && s->try_nowait && bytes <= RAW_NOWAIT_MAX &&
        raw_try_read_nowait(s, &d)) {
        return 0;
    }
    return thread_pool_submit_co(raw_rw_worker, &d);
}

static int coroutine_fn raw_co_preadv(BlockDriverState *bs, int64_t offset,
                                      int64_t bytes, QEMUIOVector *qiov,
                                      BdrvRequestFlags flags)
{
    return raw_co_rw(bs, offset, bytes, qiov, QEMU_AIO_READ);
}

static int coroutine_fn raw_co_pwritev(BlockDriverState *bs, int64_t offset,
                                       int64_t bytes, QEMUIOVector *qiov,
                                       BdrvRequestFlags flags)
{
    return raw_co_rw(bs, offset, bytes, qiov, QEMU_AIO_WRITE);
}

static int coroutine_fn raw_co_flush_to_disk(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    RawAIOData d = { .fd = s->fd };

    return thread_pool_submit_co(raw_flush_worker, &d);
}

static int coroutine_fn raw_co_pdiscard(BlockDriverState *bs, int64_t offset,
                                        int64_t bytes)
{
    BDRVRawState *s = bs->opaque;
    RawAIOData d = {
        .fd = s->fd, .offset = offset, .bytes = bytes,
        .mode = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
    };

    return thread_pool_submit_co(raw_fallocate_worker, &d);
}

static int coroutine_fn raw_co_pwrite_zeroes(BlockDriverState *bs,
                                             int64_t offset, int64_t bytes,
                                             BdrvRequestFlags flags)
{
    BDRVRawState *s = bs->opaque;
    RawAIOData d = {
        .fd = s->fd, .offset = offset, .bytes = bytes,
        .mode = FALLOC_FL_ZERO_RANGE,
    };
    int ret;

    if (s->is_blockdev) {
        return -ENOTSUP;
    }
    if ((flags & BDRV_REQ_MAY_UNMAP) && (bs->open_flags & BDRV_O_UNMAP)) {
        int64_t len = bdrv_getlength(bs);

        /* A hole reads as zeroes but cannot grow the file. */
        if (len >= 0 && offset + bytes <= len) {
            d.mode = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
            ret = thread_pool_submit_co(raw_fallocate_worker, &d);
            if (ret != -ENOTSUP) {
                return ret;
            }
            d.mode = FALLOC_FL_ZERO_RANGE;
        }
    }
    return thread_pool_submit_co(raw_fallocate_worker, &d);
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;

    if (s->is_blockdev) {
        off_t end = lseek(s->fd, 0, SEEK_END);

        return end < 0 ? -errno : end;
    }
    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return st.st_size;
}

static int64_t raw_get_allocated_file_size(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;

    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return (int64_t)st.st_blocks * 512;
}

/* Write @len zero bytes at @offset of @fd (preallocation=full). */
static int write_zeroes_full(int fd, int64_t offset, int64_t len)
{
    const size_t chunk = 1024 * 1024;
    g_autofree uint8_t *buf = g_malloc0(chunk);

    while (len > 0) {
        size_t n = MIN((int64_t)chunk, len);
        ssize_t r = pwrite(fd, buf, n, offset);

        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        offset += r;
        len -= r;
    }
    return 0;
}

/* Grow or shrink @fd to @size, allocating new space as @prealloc asks. */
static int raw_regular_truncate(int fd, int64_t size, PreallocMode prealloc,
                                const char *filename, Error **errp)
{
    struct stat st;
    int64_t cur;
    int ret;

    if (fstat(fd, &st) < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not stat '%s'", filename);
        return ret;
    }
    cur = st.st_size;
    switch (prealloc) {
    case PREALLOC_MODE_OFF:
        break;
    case PREALLOC_MODE_FALLOC:
        if (size > cur) {
            ret = posix_fallocate(fd, cur, size - cur);
            if (ret) {
                error_setg_errno(errp, ret, "Could not preallocate new data");
                return -ret;
            }
            return 0;
        }
        break;
    case PREALLOC_MODE_FULL:
        if (size > cur) {
            ret = write_zeroes_full(fd, cur, size - cur);
            if (ret < 0) {
                error_setg_errno(errp, -ret, "Could not write zeros for "
                                 "preallocation");
                return ret;
            }
            return 0;
        }
        break;
    default:
        error_setg(errp, "Unsupported preallocation mode: %s",
                   PreallocMode_str(prealloc));
        return -ENOTSUP;
    }
    if (ftruncate(fd, size) < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not resize file");
        return ret;
    }
    return 0;
}

static int coroutine_fn raw_co_truncate(BlockDriverState *bs, int64_t offset,
                                        bool exact, PreallocMode prealloc,
                                        BdrvRequestFlags flags, Error **errp)
{
    BDRVRawState *s = bs->opaque;
    int64_t cur = raw_getlength(bs);

    if (s->is_blockdev) {
        if (cur >= 0 && offset > cur) {
            error_setg(errp, "Cannot grow device files");
            return -EINVAL;
        }
        if (exact && cur >= 0 && offset != cur) {
            error_setg(errp, "Cannot resize device files");
            return -ENOTSUP;
        }
        return 0;
    }
    /* Regular files always take the new size, exact or not. */
    return raw_regular_truncate(s->fd, offset, prealloc, bs->filename, errp);
}

static int coroutine_fn raw_co_block_status(BlockDriverState *bs,
                                            bool want_zero, int64_t offset,
                                            int64_t bytes, int64_t *pnum,
                                            int64_t *map,
                                            BlockDriverState **file)
{
    BDRVRawState *s = bs->opaque;
    off_t data, hole;

    *map = offset;
    *file = bs;
    *pnum = bytes;
    if (!want_zero || s->is_blockdev) {
        return BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID;
    }
    data = lseek(s->fd, offset, SEEK_DATA);
    if (data < 0) {
        if (errno == ENXIO) {
            /* Only a hole up to the end of the file. */
            return BDRV_BLOCK_ZERO | BDRV_BLOCK_OFFSET_VALID;
        }
        return BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID;
    }
    if (data > offset) {
        *pnum = MIN(bytes, data - offset);
        return BDRV_BLOCK_ZERO | BDRV_BLOCK_OFFSET_VALID;
    }
    hole = lseek(s->fd, offset, SEEK_HOLE);
    if (hole > offset) {
        *pnum = MIN(bytes, hole - offset);
    }
    return BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID;
}

/* --- create -------------------------------------------------------------- */

static int raw_create(BlockDriver *drv, const char *filename, QDict *opts,
                      Error **errp)
{
    uint64_t size;
    PreallocMode prealloc;
    uint64_t perm = BLK_PERM_WRITE | BLK_PERM_RESIZE;
    uint64_t shared = BLK_PERM_ALL & ~BLK_PERM_RESIZE;
    const char *nocow = qdict_get_try_str(opts, "nocow");
    bool b;
    int fd, ret;

    if (!bdrv_create_opts_get_size(opts, false, &size, errp) ||
        !bdrv_create_opts_get_prealloc(opts, &prealloc, errp)) {
        return -EINVAL;
    }
    if (prealloc == PREALLOC_MODE_METADATA) {
        error_setg(errp, "Unsupported preallocation mode: metadata");
        return -ENOTSUP;
    }
    if (nocow && !qapi_bool_parse("nocow", nocow, &b, errp)) {
        return -EINVAL;
    }
    fd = open(filename, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not create '%s'", filename);
        return ret;
    }
    /*
     * Lock as a writer that also resizes, so an image somebody uses is
     * never truncated under their feet.
     */
    ret = apply_lock_bytes(fd, perm, ~shared & BLK_PERM_ALL, NULL, NULL, errp);
    if (ret == 0) {
        ret = check_lock_bytes(fd, perm, shared, errp);
    }
    if (ret < 0) {
        error_append_hint(errp, "Is another process using the image [%s]?\n",
                          filename);
        close(fd);
        return ret;
    }
    if (ftruncate(fd, 0) < 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not clear '%s'", filename);
        close(fd);
        return ret;
    }
    ret = raw_regular_truncate(fd, size, prealloc, filename, errp);
    if (ret == 0 && prealloc == PREALLOC_MODE_OFF && size > 0) {
        /*
         * Allocate the first block, as QEMU does: probing the alignment
         * of an O_DIRECT file then reads data, not a hole.
         */
        ret = write_zeroes_full(fd, 0, MIN(size, 4096));
        if (ret < 0) {
            error_setg_errno(errp, -ret, "Could not write to '%s'", filename);
        }
    }
    if (close(fd) < 0 && ret == 0) {
        ret = -errno;
        error_setg_errno(errp, -ret, "Could not close '%s'", filename);
    }
    return ret;
}

/* In QEMU's order: the order "Formatting ..." prints them in. */
static const BlockCreateOpt raw_create_opts[] = {
    { "size", BLOCK_OPT_TYPE_SIZE, "Virtual disk size" },
    { "nocow", BLOCK_OPT_TYPE_BOOL,
      "Turn off copy-on-write (valid only on btrfs)" },
    { "preallocation", BLOCK_OPT_TYPE_STRING,
      "Preallocation mode (allowed values: off, falloc, full)" },
    { "extent_size_hint", BLOCK_OPT_TYPE_SIZE,
      "Extent size hint for the image file, 0 to disable" },
    { NULL }
};

BlockDriver bdrv_file = {
    .format_name = "file",
    .instance_size = sizeof(BDRVRawState),
    .is_format = false,
    .has_filename = true,
    .bdrv_open = raw_open,
    .bdrv_close = raw_close,
    .bdrv_refresh_limits = raw_refresh_limits,
    .bdrv_set_perm = raw_set_perm,
    .bdrv_co_preadv = raw_co_preadv,
    .bdrv_co_pwritev = raw_co_pwritev,
    .bdrv_co_pwrite_zeroes = raw_co_pwrite_zeroes,
    .bdrv_co_pdiscard = raw_co_pdiscard,
    .bdrv_co_flush_to_disk = raw_co_flush_to_disk,
    .bdrv_co_truncate = raw_co_truncate,
    .bdrv_getlength = raw_getlength,
    .bdrv_get_allocated_file_size = raw_get_allocated_file_size,
    .bdrv_co_block_status = raw_co_block_status,
    .bdrv_create = raw_create,
    .create_opts = raw_create_opts,
};
