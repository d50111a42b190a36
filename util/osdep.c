/*
 * Whole-buffer and whole-file I/O helpers that hide short reads/writes
 * and EINTR from their callers.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#include <fcntl.h>
#include <sys/stat.h>

ssize_t qemu_write_full(int fd, const void *buf, size_t count)
{
    const char *p = buf;
    size_t done = 0;

    while (done < count) {
        ssize_t n = write(fd, p + done, count - done);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (n == 0) {
            /* write() returning 0 for a non-empty buffer: treat as full. */
            errno = ENOSPC;
            break;
        }
        done += n;
    }
    return done;
}

ssize_t qemu_read_full(int fd, void *buf, size_t count)
{
    char *p = buf;
    size_t done = 0;

    while (done < count) {
        ssize_t n = read(fd, p + done, count - done);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        if (n == 0) {
            break;
        }
        done += n;
    }
    return done;
}

bool qemu_file_get_contents(const char *path, char **buf, size_t *len,
                            Error **errp)
{
    g_autofree char *data = NULL;
    size_t size = 0, cap = 4096;
    int fd;

    *buf = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Unable to read file '%s'", path);
        return false;
    }
    data = g_malloc(cap + 1);
    for (;;) {
        ssize_t n;

        if (size == cap) {
            cap *= 2;
            data = g_realloc(data, cap + 1);
        }
        n = qemu_read_full(fd, data + size, cap - size);
        if (n < 0) {
            int saved = errno;

            close(fd);
            error_setg_errno(errp, saved, "Unable to read file '%s'", path);
            return false;
        }
        size += n;
        if (size < cap) {
            break;
        }
    }
    close(fd);
    data[size] = '\0';
    *buf = g_steal_pointer(&data);
    *len = size;
    return true;
}
