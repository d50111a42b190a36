/*
 * EventNotifier over eventfd, with a pipe fallback.
 */
#include "qemu/osdep.h"
#include "qemu/event_notifier.h"

#include <fcntl.h>
#include <sys/eventfd.h>

int event_notifier_init(EventNotifier *e, int active)
{
    int fds[2];
    int fd;

    fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd >= 0) {
        e->rfd = e->wfd = fd;
    } else {
        if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
            return -errno;
        }
        e->rfd = fds[0];
        e->wfd = fds[1];
    }
    e->initialized = true;
    if (active) {
        event_notifier_set(e);
    }
    return 0;
}

void event_notifier_init_fd(EventNotifier *e, int fd)
{
    e->rfd = fd;
    e->wfd = fd;
    e->initialized = true;
}

void event_notifier_cleanup(EventNotifier *e)
{
    if (!e->initialized) {
        return;
    }
    if (e->rfd != e->wfd) {
        close(e->rfd);
    }
    close(e->wfd);
    e->rfd = e->wfd = -1;
    e->initialized = false;
}

int event_notifier_get_fd(const EventNotifier *e)
{
    return e->rfd;
}

int event_notifier_get_wfd(const EventNotifier *e)
{
    return e->wfd;
}

int event_notifier_set(EventNotifier *e)
{
    static const uint64_t one = 1;
    ssize_t ret;

    if (!e->initialized) {
        return -EBADF;
    }
    do {
        ret = write(e->wfd, &one, sizeof(one));
    } while (ret < 0 && errno == EINTR);
    /* EAGAIN: the counter or pipe is full, so it is already set. */
    if (ret < 0 && errno != EAGAIN) {
        return -errno;
    }
    return 0;
}

int event_notifier_test_and_clear(EventNotifier *e)
{
    char buffer[512];
    ssize_t len;
    int value = 0;

    if (!e->initialized) {
        return 0;
    }
    /* A pipe may hold many writes; an eventfd gives its counter at once. */
    do {
        len = read(e->rfd, buffer, sizeof(buffer));
        if (len > 0) {
            value = 1;
        }
    } while ((len < 0 && errno == EINTR) ||
             (len == sizeof(buffer) && e->rfd != e->wfd));
    return value;
}
