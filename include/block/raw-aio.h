/*
 * Asynchronous file I/O helpers for the file protocol driver:
 * request type flags and the Linux native AIO engine (QEMU 7.2 API).
 *
 * Linux AIO: one kernel AIO context per AioContext (aio_setup_linux_aio),
 * completions signalled through an eventfd watched by that AioContext.
 * laio_co_submit() submits one request from a coroutine and yields until
 * it completes. Requests submitted between laio_io_plug() and
 * laio_io_unplug() go to the kernel in batches. It is meant for files
 * opened with O_DIRECT (cache.direct=on, aio=native): buffers, offsets
 * and lengths must then be aligned as the file system requires.
 *
 * laio_co_submit accepts the QEMU 7.2 form and the shorter later forms:
 *     laio_co_submit(bs, s, fd, offset, qiov, type, dev_max_batch)
 *     laio_co_submit(fd, offset, qiov, type, dev_max_batch)
 *     laio_co_submit(fd, offset, qiov, type)
 * (the short forms use the current AioContext's state, set up on demand).
 */
#ifndef BLOCK_RAW_AIO_H
#define BLOCK_RAW_AIO_H

#include <stdint.h>
#include "block/aio.h"
#include "qemu/iov.h"

#define QEMU_AIO_READ         0x0001
#define QEMU_AIO_WRITE        0x0002
#define QEMU_AIO_IOCTL        0x0004
#define QEMU_AIO_FLUSH        0x0008
#define QEMU_AIO_DISCARD      0x0010
#define QEMU_AIO_WRITE_ZEROES 0x0020
#define QEMU_AIO_COPY_RANGE   0x0040
#define QEMU_AIO_TRUNCATE     0x0080
#define QEMU_AIO_TYPE_MASK \
        (QEMU_AIO_READ | QEMU_AIO_WRITE | QEMU_AIO_IOCTL | QEMU_AIO_FLUSH | \
         QEMU_AIO_DISCARD | QEMU_AIO_WRITE_ZEROES | QEMU_AIO_COPY_RANGE | \
         QEMU_AIO_TRUNCATE)

/* AIO flags */
#define QEMU_AIO_MISALIGNED   0x1000
#define QEMU_AIO_BLKDEV       0x2000
#define QEMU_AIO_NO_FALLBACK  0x4000

typedef struct LinuxAioState LinuxAioState;

/* A new kernel AIO context, or NULL with @errp set. */
LinuxAioState *laio_init(Error **errp);
void laio_cleanup(LinuxAioState *s);
void laio_detach_aio_context(LinuxAioState *s, AioContext *old_context);
void laio_attach_aio_context(LinuxAioState *s, AioContext *new_context);

/*
 * Read into / write from @qiov at @offset of @fd (QEMU_AIO_READ,
 * QEMU_AIO_WRITE or QEMU_AIO_FLUSH in @type). Returns 0 or a negative
 * errno. A short read (end of file) fills the rest of @qiov with zeros
 * and succeeds; a short write fails with -EINVAL. @dev_max_batch caps
 * how many requests are batched while plugged (0: the default).
 */
int coroutine_fn laio_co_submit_in(LinuxAioState *s, int fd, uint64_t offset,
                                   QEMUIOVector *qiov, int type,
                                   uint64_t dev_max_batch);
/* The current AioContext's state, set up on first use (NULL on failure). */
LinuxAioState *laio_current(void);

void laio_io_plug(BlockDriverState *bs, LinuxAioState *s);
void laio_io_unplug(BlockDriverState *bs, LinuxAioState *s,
                    uint64_t dev_max_batch);

#define LAIO_NARGS_(_1, _2, _3, _4, _5, _6, _7, n, ...) n
#define LAIO_NARGS(...) LAIO_NARGS_(__VA_ARGS__, 7, 6, 5, 4, 3, 2, 1, 0)
#define LAIO_GLUE_(a, b) a##b
#define LAIO_GLUE(a, b) LAIO_GLUE_(a, b)

#define laio_co_submit_7_(bs, s, fd, offset, qiov, type, max_batch) \
    laio_co_submit_in(s, fd, offset, qiov, type, max_batch)
#define laio_co_submit_5_(fd, offset, qiov, type, max_batch) \
    laio_co_submit_in(laio_current(), fd, offset, qiov, type, max_batch)
#define laio_co_submit_4_(fd, offset, qiov, type) \
    laio_co_submit_in(laio_current(), fd, offset, qiov, type, 0)
#define laio_co_submit(...) \
    LAIO_GLUE(laio_co_submit_, LAIO_GLUE(LAIO_NARGS(__VA_ARGS__), _))(__VA_ARGS__)

#endif
