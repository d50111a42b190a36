/*
 * The pty chardev: a new pseudo terminal whose slave side (/dev/pts/N)
 * another program opens. Output while nobody has it open is dropped.
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include "chardev/chardev-internal.h"
#include "qemu/error-report.h"

static bool pty_chr_open(Chardev *chr, ChardevBackend *backend,
                         bool *be_opened, Error **errp)
{
    FDChardev *s = CHARDEV_FD(chr);
    struct termios tty;
    const char *name;
    int master, slave;

    master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
        !(name = ptsname(master))) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        if (master >= 0) {
            close(master);
        }
        return false;
    }
    /* Raw mode on the slave side, so bytes pass unchanged. */
    slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave >= 0) {
        if (tcgetattr(slave, &tty) == 0) {
            cfmakeraw(&tty);
            tcsetattr(slave, TCSAFLUSH, &tty);
        }
        close(slave);
    }
    g_free(chr->filename);
    chr->filename = g_strdup_printf("pty:%s", name);
    error_printf("char device redirected to %s (label %s)\n", name,
                 chr->label);
    s->drop_when_full = true;
    qemu_chr_fd_set_fds(chr, master, master);
    return true;
}

static void pty_chr_class_init(ObjectClass *oc, void *data)
{
    CHARDEV_CLASS(oc)->open = pty_chr_open;
}

static const TypeInfo pty_chr_type_info = {
    .name = TYPE_CHARDEV_PTY,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(FDChardev),
    .class_init = pty_chr_class_init,
};

static void pty_chr_register_types(void)
{
    type_register_static(&pty_chr_type_info);
}

type_init(pty_chr_register_types)
