/*
 * Coroutine I/O on file descriptors: wait for readiness by yielding, with
 * a temporary fd handler in the current AioContext.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine.h"
#include "qemu/iov.h"
#include "block/aio.h"

typedef struct FdYieldData {
    AioContext *ctx;
    Coroutine *co;
    int fd;
} FdYieldData;

static void fd_ready_cb(void *opaque)
{
    FdYieldData *data = opaque;

    aio_set_fd_handler(data->ctx, data->fd, false, NULL, NULL, NULL, NULL,
                       NULL);
    aio_co_wake(data->co);
}

static void coroutine_fn yield_until_fd_ready(int fd, bool write)
{
    FdYieldData data = {
        .ctx = qemu_get_current_aio_context(),
        .co = qemu_coroutine_self(),
        .fd = fd,
    };

    if (!data.ctx) {
        fprintf(stderr, "qemu: waiting for fd %d outside any AioContext\n", fd);
        abort();
    }
    aio_set_fd_handler(data.ctx, fd, false,
                       write ? NULL : fd_ready_cb, write ? fd_ready_cb : NULL,
                       NULL, NULL, &data);
    qemu_coroutine_yield();
}

void coroutine_fn yield_until_fd_readable(int fd)
{
    yield_until_fd_ready(fd, false);
}

void coroutine_fn yield_until_fd_writable(int fd)
{
    yield_until_fd_ready(fd, true);
}

ssize_t coroutine_fn qemu_co_sendv_recvv(int sockfd, struct iovec *iov,
                                         unsigned iov_cnt, size_t offset,
                                         size_t bytes, bool do_send)
{
    size_t done = 0;

    while (done < bytes) {
        ssize_t ret = iov_send_recv(sockfd, iov, iov_cnt, offset + done,
                                    bytes - done, do_send);

        if (ret > 0) {
            done += ret;
        } else if (ret < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            yield_until_fd_ready(sockfd, do_send);
        } else if (ret < 0) {
            int err = errno;

            return done ? (ssize_t)done : -err;
        } else {
            break;      /* end of file */
        }
    }
    return done;
}

ssize_t coroutine_fn qemu_co_send_recv(int sockfd, void *buf, size_t bytes,
                                       bool do_send)
{
    struct iovec iov = { .iov_base = buf, .iov_len = bytes };

    return qemu_co_sendv_recvv(sockfd, &iov, 1, 0, bytes, do_send);
}
