/*
 * The stdio chardev: the program's standard input and output. On an
 * interactive terminal the terminal goes into raw mode (no echo, no line
 * buffering, Ctrl-C still a signal unless signal=off) and is restored at
 * exit, by qemu_chr_cleanup() or the atexit handler.
 */
#include "qemu/osdep.h"
#include <termios.h>
#include "chardev/chardev-internal.h"

static bool stdio_in_use;
static bool term_saved;
static struct termios saved_tty;

void qemu_chr_stdio_restore_term(void)
{
    if (term_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    }
}

static void stdio_set_raw(bool signal)
{
    struct termios tty;

    if (tcgetattr(STDIN_FILENO, &tty) < 0) {
        return;
    }
    if (!term_saved) {
        saved_tty = tty;
        term_saved = true;
        atexit(qemu_chr_stdio_restore_term);
    }
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!signal) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static bool stdio_chr_parse(QDict *opts, ChardevBackend *backend,
                            Error **errp)
{
    ChardevStdio *stdio = backend->u.stdio.data;
    bool has_signal, signal;

    if (!qemu_chr_opt_bool(opts, "signal", &has_signal, &signal, errp)) {
        return false;
    }
    stdio->has_signal = has_signal;
    stdio->signal = signal;
    return true;
}

static bool stdio_chr_open(Chardev *chr, ChardevBackend *backend,
                           bool *be_opened, Error **errp)
{
    ChardevStdio *stdio = backend->u.stdio.data;

    if (stdio_in_use) {
        error_setg(errp,
                   "cannot use stdio by multiple character devices");
        return false;
    }
    stdio_in_use = true;
    if (isatty(STDIN_FILENO)) {
        stdio_set_raw(!stdio->has_signal || stdio->signal);
    }
    qemu_chr_fd_set_fds(chr, STDIN_FILENO, STDOUT_FILENO);
    return true;
}

static void stdio_chr_cleanup(Chardev *chr)
{
    ChardevClass *parent = CHARDEV_CLASS(
        object_class_by_name(TYPE_CHARDEV_FD));

    parent->chr_cleanup(chr);
    qemu_chr_stdio_restore_term();
    stdio_in_use = false;
}

static void stdio_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = stdio_chr_parse;
    cc->open = stdio_chr_open;
    cc->chr_cleanup = stdio_chr_cleanup;
}

static const TypeInfo stdio_chr_type_info = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV_FD,
    .instance_size = sizeof(FDChardev),
    .class_init = stdio_chr_class_init,
};

static void stdio_chr_register_types(void)
{
    type_register_static(&stdio_chr_type_info);
}

type_init(stdio_chr_register_types)
