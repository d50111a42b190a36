/*
 * The front-end API of chardevs (char-fe.h).
 */
#include "qemu/osdep.h"
#include <glib-unix.h>
#include "chardev/chardev-internal.h"

bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp)
{
    int tag = 0;

    if (s) {
        if (object_dynamic_cast(OBJECT(s), TYPE_CHARDEV_MUX)) {
            tag = mux_chr_attach_frontend(MUX_CHARDEV(s), b, errp);
            if (tag < 0) {
                return false;
            }
        } else if (s->be) {
            error_setg(errp, "Device '%s' is in use", s->label);
            return false;
        } else {
            s->be = b;
        }
    }
    b->fe_open = false;
    b->tag = tag;
    b->chr = s;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *b, bool del)
{
    Chardev *chr = b->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(b, NULL, NULL, NULL, NULL, false);
    if (object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_MUX)) {
        mux_chr_detach_frontend(MUX_CHARDEV(chr), b->tag);
    } else if (chr->be == b) {
        chr->be = NULL;
    }
    b->chr = NULL;
    if (del && chr->label) {
        qemu_chr_delete(chr->label, NULL);
    }
}

void qemu_chr_fe_set_handlers(CharBackend *b, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event, void *opaque,
                              bool set_open)
{
    Chardev *s = b->chr;
    ChardevClass *cc;
    bool is_mux;

    if (!s) {
        return;
    }
    b->chr_can_read = fd_can_read;
    b->chr_read = fd_read;
    b->chr_event = fd_event;
    b->opaque = opaque;
    b->fe_open = set_open && (fd_can_read || fd_read || fd_event);

    is_mux = object_dynamic_cast(OBJECT(s), TYPE_CHARDEV_MUX) != NULL;
    cc = CHARDEV_GET_CLASS(s);
    if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
    if (is_mux) {
        mux_chr_update_handlers(MUX_CHARDEV(s));
    } else if (fd_event && s->be_open) {
        /* A client connected before the front end was ready. */
        fd_event(opaque, CHR_EVENT_OPENED);
    }
}

void qemu_chr_fe_accept_input(CharBackend *b)
{
    Chardev *s = b->chr;
    ChardevClass *cc;

    if (!s) {
        return;
    }
    cc = CHARDEV_GET_CLASS(s);
    if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
}

int qemu_chr_fe_write(CharBackend *b, const uint8_t *buf, int len)
{
    Chardev *s = b->chr;
    ChardevClass *cc;

    if (!s) {
        return 0;
    }
    cc = CHARDEV_GET_CLASS(s);
    return cc->chr_write ? cc->chr_write(s, buf, len) : len;
}

int qemu_chr_fe_write_all(CharBackend *b, const uint8_t *buf, int len)
{
    if (!b->chr) {
        return 0;
    }
    return qemu_chr_write_all(b->chr, buf, len);
}

guint qemu_chr_fe_add_watch(CharBackend *b, GIOCondition cond,
                            FEWatchFunc *func, void *opaque)
{
    ChardevClass *cc;
    GSource *src;
    guint tag;

    if (!b->chr) {
        return 0;
    }
    cc = CHARDEV_GET_CLASS(b->chr);
    src = cc->chr_add_watch ? cc->chr_add_watch(b->chr, cond) : NULL;
    if (!src) {
        return 0;
    }
    g_source_set_callback(src, (GSourceFunc)(void (*)(void))func, opaque,
                          NULL);
    tag = g_source_attach(src, NULL);
    g_source_unref(src);
    return tag;
}

Chardev *qemu_chr_fe_get_driver(CharBackend *b)
{
    return b->chr;
}

bool qemu_chr_fe_backend_connected(CharBackend *b)
{
    return b->chr != NULL;
}

bool qemu_chr_fe_backend_open(CharBackend *b)
{
    return b->chr && b->chr->be_open;
}
