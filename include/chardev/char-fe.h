/*
 * The front-end side of a chardev: what a monitor or a serial port uses.
 *
 *     CharBackend be = { 0 };
 *     if (!qemu_chr_fe_init(&be, chr, errp)) { ... }
 *     qemu_chr_fe_set_handlers(&be, can_read, read, event, s, true);
 *     qemu_chr_fe_write_all(&be, buf, len);
 *     ...
 *     qemu_chr_fe_deinit(&be, false);
 *
 * When the handlers are set and the backend is already connected, the
 * event handler gets CHR_EVENT_OPENED at once, so a monitor greets a
 * client whichever came first.
 */
#ifndef CHARDEV_CHAR_FE_H
#define CHARDEV_CHAR_FE_H

#include "chardev/char.h"

struct CharBackend {
    Chardev *chr;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    IOEventHandler *chr_event;
    void *opaque;
    int tag;            /* index of this front end in a mux */
    bool fe_open;
};

/*
 * Attach @b to @s. A chardev takes one front end ("Device 'ID' is in
 * use"), a mux up to four ("Too many uses of chardevs multiplexer 'ID'").
 */
bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp);

/* Detach; with @del, also delete the chardev. */
void qemu_chr_fe_deinit(CharBackend *b, bool del);

/* Set the handlers (all NULL: stop receiving). */
void qemu_chr_fe_set_handlers(CharBackend *b, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event, void *opaque,
                              bool set_open);

/* The front end can read again after its can_read said 0. */
void qemu_chr_fe_accept_input(CharBackend *b);

/* Write without waiting: bytes taken, 0, or -1 when disconnected. */
int qemu_chr_fe_write(CharBackend *b, const uint8_t *buf, int len);
/* Write all of @buf, waiting while the other end is slow; -1 on failure. */
int qemu_chr_fe_write_all(CharBackend *b, const uint8_t *buf, int len);

/*
 * Call @func(fd, condition, @opaque) from the main loop once the output
 * can make progress (@cond: G_IO_OUT | G_IO_HUP). Returns the GSource tag
 * (g_source_remove() cancels it), or 0 when the backend has nothing to
 * wait for: then write again at once. @func returns G_SOURCE_REMOVE or
 * G_SOURCE_CONTINUE.
 */
typedef gboolean FEWatchFunc(int fd, GIOCondition condition, void *opaque);
guint qemu_chr_fe_add_watch(CharBackend *b, GIOCondition cond,
                            FEWatchFunc *func, void *opaque);

Chardev *qemu_chr_fe_get_driver(CharBackend *b);
bool qemu_chr_fe_backend_connected(CharBackend *b);
/* The backend is open (a client is connected). */
bool qemu_chr_fe_backend_open(CharBackend *b);

#endif
