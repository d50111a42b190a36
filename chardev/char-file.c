/*
 * The file chardev: output to a file (truncated, or appended to), input
 * optionally from another file.
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include "chardev/chardev-internal.h"

static bool file_chr_parse(QDict *opts, ChardevBackend *backend,
                           Error **errp)
{
    ChardevFile *file = g_new0(ChardevFile, 1);
    bool has_append, append;

    backend->u.file.data = file;
    file->out = qemu_chr_opt_str(opts, "path");
    if (!file->out) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    if (!qemu_chr_opt_bool(opts, "append", &has_append, &append, errp)) {
        return false;
    }
    file->has_append = has_append;
    file->append = append;
    return true;
}

static int open_or_error(const char *path, int flags, Error **errp)
{
    int fd = open(path, flags | O_CLOEXEC, 0666);

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
    }
    return fd;
}

static bool file_chr_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    ChardevFile *file = backend->u.file.data;
    int flags = O_WRONLY | O_CREAT;
    int fd_in = -1, fd_out;

    flags |= file->has_append && file->append ? O_APPEND : O_TRUNC;
    fd_out = open_or_error(file->out, flags, errp);
    if (fd_out < 0) {
        return false;
    }
    if (file->has_in) {
        fd_in = open_or_error(file->in, O_RDONLY | O_NONBLOCK, errp);
        if (fd_in < 0) {
            close(fd_out);
            return false;
        }
    }
    qemu_chr_fd_set_fds(chr, fd_in, fd_out);
    return true;
}

static void file_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = file_chr_parse;
    cc->open = file_chr_open;
}

static const TypeInfo file_chr_type_info = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(FDChardev),
    .class_init = file_chr_class_init,
};

static void file_chr_register_types(void)
{
    type_register_static(&file_chr_type_info);
}

type_init(file_chr_register_types)
