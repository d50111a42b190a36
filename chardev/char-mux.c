/*
 * The mux chardev: up to four front ends (a serial port and a monitor,
 * as -nographic sets up) share one chardev. One front end has the focus:
 * it gets the input; everybody's output goes out. Escape sequences,
 * with Ctrl-A as the escape character:
 *   C-a h  help           C-a x  exit the emulator
 *   C-a c  switch focus   C-a C-a  send C-a itself
 *   C-a b  send a break
 */
#include "qemu/osdep.h"
#include "chardev/chardev-internal.h"
#include "sysemu/runstate.h"

#define MUX_ESCAPE 0x01     /* Ctrl-A */

static int mux_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    if (!d->chr.chr) {
        return len;
    }
    return qemu_chr_fe_write(&d->chr, buf, len);
}

static bool mux_chr_wait_writable(Chardev *chr, int timeout_ms)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    Chardev *base = d->chr.chr;
    ChardevClass *cc;

    if (!base) {
        return false;
    }
    cc = CHARDEV_GET_CLASS(base);
    return cc->chr_wait_writable && cc->chr_wait_writable(base, timeout_ms);
}

static GSource *mux_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    Chardev *base = d->chr.chr;
    ChardevClass *cc;

    if (!base) {
        return NULL;
    }
    cc = CHARDEV_GET_CLASS(base);
    return cc->chr_add_watch ? cc->chr_add_watch(base, cond) : NULL;
}

static void mux_send_event(MuxChardev *d, int tag, QEMUChrEvent event)
{
    CharBackend *be = d->backends[tag];

    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

void mux_set_focus(MuxChardev *d, int focus)
{
    if (focus < 0 || focus >= d->mux_cnt || !d->backends[focus]) {
        return;
    }
    if (d->focus >= 0) {
        mux_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    }
    d->focus = focus;
    CHARDEV(d)->be = d->backends[focus];
    mux_send_event(d, focus, CHR_EVENT_MUX_IN);
}

static void mux_print_help(MuxChardev *d)
{
    static const char help[] =
        "\r\n"
        "C-a h    print this help\r\n"
        "C-a x    exit emulator\r\n"
        "C-a s    save disk data back to file (if -snapshot)\r\n"
        "C-a t    toggle console timestamps\r\n"
        "C-a b    send break (magic sysrq)\r\n"
        "C-a c    switch between console and monitor\r\n"
        "C-a C-a  sends C-a\r\n";

    qemu_chr_fe_write_all(&d->chr, (const uint8_t *)help, sizeof(help) - 1);
}

/* Returns true when @ch is for the front end, false if the mux ate it. */
static bool mux_proc_byte(MuxChardev *d, int ch)
{
    if (!d->term_got_escape) {
        if (ch == MUX_ESCAPE) {
            d->term_got_escape = true;
            return false;
        }
        return true;
    }
    d->term_got_escape = false;
    switch (ch) {
    case MUX_ESCAPE:
        return true;
    case 'h':
    case '?':
        mux_print_help(d);
        break;
    case 'x': {
        static const char term[] = "QEMU: Terminated\r\n";
        qemu_chr_fe_write_all(&d->chr, (const uint8_t *)term,
                              sizeof(term) - 1);
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        break;
    }
    case 'b':
        if (d->focus >= 0) {
            mux_send_event(d, d->focus, CHR_EVENT_BREAK);
        }
        break;
    case 'c':
        if (d->mux_cnt > 0) {
            int next = d->focus;
            int i;
            for (i = 0; i < d->mux_cnt; i++) {
                next = (next + 1) % d->mux_cnt;
                if (d->backends[next]) {
                    break;
                }
            }
            mux_set_focus(d, next);
        }
        break;
    default:
        break;
    }
    return false;
}

static int mux_chr_can_read(void *opaque)
{
    MuxChardev *d = opaque;
    int m = d->focus;
    CharBackend *be = m >= 0 ? d->backends[m] : NULL;

    if (m >= 0 && d->prod[m] - d->cons[m] < (int)sizeof(d->buffer[0])) {
        return 1;
    }
    if (be && be->chr_can_read) {
        return be->chr_can_read(be->opaque);
    }
    return 0;
}

static void mux_chr_accept_input(MuxChardev *d)
{
    int m = d->focus;
    CharBackend *be = m >= 0 ? d->backends[m] : NULL;

    while (be && d->prod[m] != d->cons[m] && be->chr_can_read &&
           be->chr_can_read(be->opaque) > 0) {
        uint8_t c = d->buffer[m][d->cons[m]++ % sizeof(d->buffer[0])];
        be->chr_read(be->opaque, &c, 1);
    }
}

static void mux_chr_read(void *opaque, const uint8_t *buf, int size)
{
    MuxChardev *d = opaque;
    int i;

    mux_chr_accept_input(d);
    for (i = 0; i < size; i++) {
        int m = d->focus;
        CharBackend *be = m >= 0 ? d->backends[m] : NULL;

        if (!mux_proc_byte(d, buf[i]) || !be || !be->chr_read) {
            continue;
        }
        if (d->prod[m] == d->cons[m] && be->chr_can_read &&
            be->chr_can_read(be->opaque) > 0) {
            be->chr_read(be->opaque, &buf[i], 1);
        } else if (d->prod[m] - d->cons[m] < (int)sizeof(d->buffer[0])) {
            d->buffer[m][d->prod[m]++ % sizeof(d->buffer[0])] = buf[i];
        }
    }
}

static void mux_chr_event(void *opaque, QEMUChrEvent event)
{
    MuxChardev *d = opaque;
    int i;

    if (event == CHR_EVENT_OPENED) {
        CHARDEV(d)->be_open = true;
    } else if (event == CHR_EVENT_CLOSED) {
        CHARDEV(d)->be_open = false;
    }
    for (i = 0; i < d->mux_cnt; i++) {
        if (event == CHR_EVENT_OPENED || event == CHR_EVENT_CLOSED) {
            d->open_sent[i] = event == CHR_EVENT_OPENED && d->backends[i];
        }
        mux_send_event(d, i, event);
    }
}

int mux_chr_attach_frontend(MuxChardev *d, CharBackend *b, Error **errp)
{
    int tag;

    for (tag = 0; tag < MAX_MUX; tag++) {
        if (!d->backends[tag]) {
            break;
        }
    }
    if (tag == MAX_MUX) {
        error_setg(errp, "Too many uses of chardevs multiplexer '%s'",
                   CHARDEV(d)->label);
        return -1;
    }
    d->backends[tag] = b;
    d->prod[tag] = d->cons[tag] = 0;
    d->open_sent[tag] = false;
    if (tag >= d->mux_cnt) {
        d->mux_cnt = tag + 1;
    }
    return tag;
}

void mux_chr_detach_frontend(MuxChardev *d, int tag)
{
    if (tag < 0 || tag >= MAX_MUX) {
        return;
    }
    d->backends[tag] = NULL;
    if (d->focus == tag) {
        d->focus = -1;
        CHARDEV(d)->be = NULL;
    }
}

void mux_chr_update_handlers(MuxChardev *d)
{
    /* The first front end that attaches gets the focus; the last one
     * given later by the creator (vl.c focuses the monitor or serial). */
    if (d->focus < 0) {
        int i;
        for (i = 0; i < d->mux_cnt; i++) {
            if (d->backends[i]) {
                mux_set_focus(d, i);
                break;
            }
        }
    }
    if (CHARDEV(d)->be_open) {
        int i;
        for (i = 0; i < d->mux_cnt; i++) {
            CharBackend *be = d->backends[i];
            if (be && be->chr_event && !d->open_sent[i]) {
                /* Tell a new front end the line is up. */
                d->open_sent[i] = true;
                be->chr_event(be->opaque, CHR_EVENT_OPENED);
            }
        }
    }
    mux_chr_accept_input(d);
    qemu_chr_fe_accept_input(&d->chr);
}

static void mux_chr_update_read(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    mux_chr_accept_input(d);
    qemu_chr_fe_accept_input(&d->chr);
}

static bool mux_chr_parse(QDict *opts, ChardevBackend *backend,
                          Error **errp)
{
    ChardevMux *mux = g_new0(ChardevMux, 1);

    backend->u.mux.data = mux;
    mux->chardev = qemu_chr_opt_str(opts, "chardev");
    if (!mux->chardev) {
        error_setg(errp, "chardev: mux: no chardev given");
        return false;
    }
    return true;
}

static bool mux_chr_open(Chardev *chr, ChardevBackend *backend,
                         bool *be_opened, Error **errp)
{
    MuxChardev *d = MUX_CHARDEV(chr);
    const char *base_id = backend->u.mux.data->chardev;
    Chardev *base = qemu_chr_find(base_id);

    *be_opened = false;
    if (!base) {
        error_setg(errp, "mux: base chardev %s not found", base_id);
        return false;
    }
    if (!qemu_chr_fe_init(&d->chr, base, errp)) {
        return false;
    }
    qemu_chr_fe_set_handlers(&d->chr, mux_chr_can_read, mux_chr_read,
                             mux_chr_event, d, true);
    return true;
}

static void mux_chr_cleanup(Chardev *chr)
{
    MuxChardev *d = MUX_CHARDEV(chr);

    qemu_chr_fe_deinit(&d->chr, false);
}

static void mux_chr_instance_init(Object *obj)
{
    MUX_CHARDEV(obj)->focus = -1;
}

static void mux_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = mux_chr_parse;
    cc->open = mux_chr_open;
    cc->chr_write = mux_chr_write;
    cc->chr_wait_writable = mux_chr_wait_writable;
    cc->chr_add_watch = mux_chr_add_watch;
    cc->chr_update_read_handler = mux_chr_update_read;
    cc->chr_cleanup = mux_chr_cleanup;
}

static const TypeInfo mux_chr_type_info = {
    .name = TYPE_CHARDEV_MUX,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(MuxChardev),
    .instance_init = mux_chr_instance_init,
    .class_init = mux_chr_class_init,
};

static void mux_chr_register_types(void)
{
    type_register_static(&mux_chr_type_info);
}

type_init(mux_chr_register_types)
