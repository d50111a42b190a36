/*
 * Character devices (chardevs): byte streams that front ends (monitors,
 * serial ports) read from and write to, with interchangeable backends:
 * null, file, pipe, stdio, pty, socket (unix/tcp, server/client) and mux.
 *
 * A chardev is a QOM object of type "chardev-<backend>" that lives in the
 * container /chardevs under its label (its id). It is created from a
 * ChardevBackend (qapi/char.json), whichever way it was described:
 *
 *   -chardev socket,id=m0,path=/tmp/m0.sock,server=on,wait=off   keyval
 *   -qmp unix:/tmp/m0.sock,server=on,wait=off                    legacy
 *   chardev-add {"id": "m0", "backend": {"type": "socket", ...}}  QMP
 *
 * The first two are turned into the same ChardevBackend by
 * qemu_chr_parse_opts() and then go through qemu_chardev_new(), as the
 * third does. A chardev has at most one front end (a CharBackend, see
 * char-fe.h); the mux backend gives several front ends one chardev.
 *
 * Everything here runs in the main loop thread.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/error.h"
#include "qom/object.h"
#include "qobject/qdict.h"
#include "qapi/qapi-types-char.h"

#define TYPE_CHARDEV "chardev"
#define TYPE_CHARDEV_NULL "chardev-null"
#define TYPE_CHARDEV_FILE "chardev-file"
#define TYPE_CHARDEV_PIPE "chardev-pipe"
#define TYPE_CHARDEV_STDIO "chardev-stdio"
#define TYPE_CHARDEV_PTY "chardev-pty"
#define TYPE_CHARDEV_SOCKET "chardev-socket"
#define TYPE_CHARDEV_MUX "chardev-mux"
/* Abstract parent of the backends that read and write file descriptors. */
#define TYPE_CHARDEV_FD "chardev-fd"

typedef enum QEMUChrEvent {
    CHR_EVENT_BREAK,    /* serial break */
    CHR_EVENT_OPENED,   /* the backend is connected (a client, a file) */
    CHR_EVENT_MUX_IN,   /* a mux gave this front end the focus */
    CHR_EVENT_MUX_OUT,  /* a mux took the focus away */
    CHR_EVENT_CLOSED,   /* the backend lost its connection */
} QEMUChrEvent;

/* How many bytes the front end accepts now (0: none, try again later). */
typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, QEMUChrEvent event);

typedef struct CharBackend CharBackend;

OBJECT_DECLARE_TYPE(Chardev, ChardevClass, CHARDEV)

struct Chardev {
    Object parent_obj;

    char *label;        /* the id; NULL until added to /chardevs */
    char *filename;     /* QEMU's legacy description, for query-chardev */
    CharBackend *be;    /* the front end, or NULL */
    bool be_open;       /* the backend is connected */
    int logfd;          /* logfile=, or -1 */
};

struct ChardevClass {
    ObjectClass parent_class;

    /*
     * Fill the branch of @backend for this backend from the flat keyval
     * options of -chardev (path=, server=on, ...): take the keys it knows
     * out of @opts; the caller rejects what is left.
     */
    bool (*parse)(QDict *opts, ChardevBackend *backend, Error **errp);

    /*
     * Open the backend. Set *be_opened to false if it is not connected
     * yet (a server waiting for its client); CHR_EVENT_OPENED is then
     * sent later by the backend itself.
     */
    bool (*open)(Chardev *chr, ChardevBackend *backend, bool *be_opened,
                 Error **errp);

    /*
     * Write without blocking: the number of bytes taken (maybe fewer than
     * @len), 0 when it would block, or -1 when the backend is gone
     * (errno set). NULL: output is discarded.
     */
    int (*chr_write)(Chardev *chr, const uint8_t *buf, int len);

    /* A write (POLLOUT) can make progress, or the backend is gone. */
    bool (*chr_wait_writable)(Chardev *chr, int timeout_ms);

    /*
     * A GSource that fires when the output descriptor is ready for
     * @cond (G_IO_OUT...), or NULL when there is none (not connected,
     * output never blocks).
     */
    GSource *(*chr_add_watch)(Chardev *chr, GIOCondition cond);

    /* The front end changed its handlers or can read again. */
    void (*chr_update_read_handler)(Chardev *chr);

    /* Release what open() acquired (also called when open() failed). */
    void (*chr_cleanup)(Chardev *chr);
};

/*
 * Create chardev @id of the backend kind in @backend and add it as
 * /chardevs/@id. Errors: "Chardev 'ID' already exists", the id rule
 * ("Parameter 'id' expects an identifier") and the backend's own.
 */
Chardev *qemu_chardev_new(const char *id, ChardevBackend *backend,
                          Error **errp);

/*
 * -chardev: parse @optstr (keyval, implied key "backend") into a
 * ChardevBackend and its id. Unknown keys: "Invalid parameter 'KEY'".
 */
ChardevBackend *qemu_chr_parse_opts(const char *optstr, char **id,
                                    Error **errp);

/*
 * QEMU's legacy chardev syntax, as -serial, -monitor and -qmp take it:
 * "stdio", "null", "pty", "file:PATH", "pipe:PATH", "unix:PATH[,opts]",
 * "tcp:[HOST]:PORT[,opts]", "mon:SPEC" (a mux of SPEC and a monitor;
 * *mux_monitor is set then), "chardev:ID" (an existing one: returns NULL
 * and sets *existing). Returns the backend, or NULL with @errp set.
 */
ChardevBackend *qemu_chr_parse_compat(const char *spec, bool *mux_monitor,
                                      char **existing, Error **errp);

/* Create a chardev from -chardev options (parse + new). */
Chardev *qemu_chr_new_from_opts(const char *optstr, Error **errp);

/*
 * Create chardev @label from a legacy spec (-serial stdio). "chardev:ID"
 * returns the existing chardev ID. With "mon:", *mux_monitor is set and
 * the result is a mux chardev.
 */
Chardev *qemu_chr_new_compat(const char *label, const char *spec,
                             bool *mux_monitor, Error **errp);

/* The chardev with this label, or NULL. */
Chardev *qemu_chr_find(const char *label);

/* Remove chardev @label: "Chardev 'ID' not found", "Chardev 'ID' is busy". */
bool qemu_chr_delete(const char *label, Error **errp);

/* Remove every chardev (at exit: restores the terminal, closes sockets). */
void qemu_chr_cleanup(void);

/* --- for backends --- */

/* Give @len bytes of input to the front end (it said it can take them). */
void qemu_chr_be_write(Chardev *chr, const uint8_t *buf, int len);
/* How many bytes the front end takes now. */
int qemu_chr_be_can_write(Chardev *chr);
/* Connection state changes: OPENED, CLOSED (also sets be_open). */
void qemu_chr_be_event(Chardev *chr, QEMUChrEvent event);

/* Write all of @buf (waiting as needed); -1 when the backend is gone. */
int qemu_chr_write_all(Chardev *chr, const uint8_t *buf, int len);

/* The terminal of stdio is in raw mode: restore it (at exit, on signals). */
void qemu_chr_stdio_restore_term(void);

#endif
