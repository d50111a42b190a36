/*
 * The fd-based chardev: input from one descriptor, output to another.
 * file, pipe, stdio and pty are thin subclasses that open the descriptors.
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <glib-unix.h>
#include "chardev/chardev-internal.h"
#include "qemu/main-loop.h"

#define READ_CHUNK 4096

int qemu_chr_fd_write_nb(int fd, const uint8_t *buf, int len)
{
    ssize_t n;

    do {
        n = write(fd, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
    return n;
}

bool qemu_chr_fd_wait_writable(int fd, int timeout_ms)
{
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    int r;

    do {
        r = poll(&pfd, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    return r > 0 && !(pfd.revents & (POLLERR | POLLNVAL));
}

static void fd_chr_unwatch(FDChardev *s)
{
    if (s->watching) {
        qemu_set_fd_handler(s->fd_in, NULL, NULL, NULL);
        s->watching = false;
    }
}

static void fd_chr_retry(void *opaque)
{
    qemu_chr_fd_update_read(opaque);
}

static void fd_chr_read(void *opaque)
{
    Chardev *chr = opaque;
    FDChardev *s = CHARDEV_FD(chr);
    uint8_t buf[READ_CHUNK];
    int max = qemu_chr_be_can_write(chr);
    ssize_t n;

    if (max <= 0) {
        /* The front end is full: wait for qemu_chr_fe_accept_input(). */
        fd_chr_unwatch(s);
        return;
    }
    do {
        n = read(s->fd_in, buf, MIN(max, READ_CHUNK));
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return;
    }
    if (n <= 0) {
        /* End of input, or a pty nobody has open (EIO): stop watching;
         * a pty is looked at again a second later. */
        fd_chr_unwatch(s);
        if (n < 0 && errno == EIO && s->drop_when_full) {
            if (!s->retry) {
                s->retry = timer_new_ms(QEMU_CLOCK_REALTIME, fd_chr_retry,
                                        chr);
            }
            timer_mod(s->retry, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 1000);
        }
        return;
    }
    qemu_chr_be_write(chr, buf, n);
}

void qemu_chr_fd_update_read(Chardev *chr)
{
    FDChardev *s = CHARDEV_FD(chr);

    if (s->fd_in < 0) {
        return;
    }
    if (qemu_chr_be_can_write(chr) > 0) {
        if (!s->watching) {
            qemu_set_fd_handler(s->fd_in, fd_chr_read, NULL, chr);
            s->watching = true;
        }
    } else {
        fd_chr_unwatch(s);
    }
}

void qemu_chr_fd_set_fds(Chardev *chr, int fd_in, int fd_out)
{
    FDChardev *s = CHARDEV_FD(chr);

    s->fd_in = fd_in;
    s->fd_out = fd_out;
}

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = CHARDEV_FD(chr);
    int n;

    if (s->fd_out < 0) {
        return len;
    }
    n = qemu_chr_fd_write_nb(s->fd_out, buf, len);
    if (n == 0 && s->drop_when_full) {
        return len;
    }
    return n;
}

static bool fd_chr_wait_writable(Chardev *chr, int timeout_ms)
{
    FDChardev *s = CHARDEV_FD(chr);

    return s->fd_out >= 0 && qemu_chr_fd_wait_writable(s->fd_out, timeout_ms);
}

static GSource *fd_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = CHARDEV_FD(chr);

    return s->fd_out >= 0 ? g_unix_fd_source_new(s->fd_out, cond) : NULL;
}

static void fd_chr_cleanup(Chardev *chr)
{
    FDChardev *s = CHARDEV_FD(chr);

    fd_chr_unwatch(s);
    if (s->retry) {
        timer_free(s->retry);
        s->retry = NULL;
    }
    /* Never close the program's own stdin/stdout/stderr. */
    if (s->fd_in > STDERR_FILENO) {
        close(s->fd_in);
    }
    if (s->fd_out > STDERR_FILENO && s->fd_out != s->fd_in) {
        close(s->fd_out);
    }
    s->fd_in = s->fd_out = -1;
}

static void fd_chr_instance_init(Object *obj)
{
    FDChardev *s = CHARDEV_FD(obj);

    s->fd_in = s->fd_out = -1;
}

static void fd_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = fd_chr_write;
    cc->chr_wait_writable = fd_chr_wait_writable;
    cc->chr_add_watch = fd_chr_add_watch;
    cc->chr_update_read_handler = qemu_chr_fd_update_read;
    cc->chr_cleanup = fd_chr_cleanup;
}

static const TypeInfo fd_chr_type_info = {
    .name = TYPE_CHARDEV_FD,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(FDChardev),
    .instance_init = fd_chr_instance_init,
    .class_init = fd_chr_class_init,
    .abstract = true,
};

static void fd_chr_register_types(void)
{
    type_register_static(&fd_chr_type_info);
}

type_init(fd_chr_register_types)
