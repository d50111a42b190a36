/*
 * The pipe chardev: PATH.in and PATH.out when both exist (two FIFOs, one
 * per direction), else PATH for both ways.
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include "chardev/chardev-internal.h"

static bool pipe_chr_parse(QDict *opts, ChardevBackend *backend,
                           Error **errp)
{
    ChardevHostdev *dev = g_new0(ChardevHostdev, 1);

    backend->u.pipe.data = dev;
    dev->device = qemu_chr_opt_str(opts, "path");
    if (!dev->device) {
        error_setg(errp, "chardev: pipe: no filename given");
        return false;
    }
    return true;
}

static bool pipe_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    const char *path = backend->u.pipe.data->device;
    g_autofree char *in = g_strdup_printf("%s.in", path);
    g_autofree char *out = g_strdup_printf("%s.out", path);
    int fd_in, fd_out;

    /* RDWR so that opening a FIFO does not wait for the other end. */
    fd_in = open(in, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    fd_out = open(out, O_RDWR | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", path);
            return false;
        }
    }
    qemu_chr_fd_set_fds(chr, fd_in, fd_out);
    return true;
}

static void pipe_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = pipe_chr_parse;
    cc->open = pipe_chr_open;
}

static const TypeInfo pipe_chr_type_info = {
    .name = TYPE_CHARDEV_PIPE,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(FDChardev),
    .class_init = pipe_chr_class_init,
};

static void pipe_chr_register_types(void)
{
    type_register_static(&pipe_chr_type_info);
}

type_init(pipe_chr_register_types)
