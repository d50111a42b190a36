/*
 * Internals shared by the chardev backends: the fd-based backend and the
 * multiplexer.
 */
#ifndef CHARDEV_INTERNAL_H
#define CHARDEV_INTERNAL_H

#include "chardev/char-fe.h"
#include "qemu/timer.h"

#define MAX_MUX 4

/* A chardev on a pair of file descriptors (file, pipe, stdio, pty). */
OBJECT_DECLARE_SIMPLE_TYPE(FDChardev, CHARDEV_FD)

struct FDChardev {
    Chardev parent;
    int fd_in;          /* -1: no input */
    int fd_out;         /* -1: output discarded */
    bool watching;      /* fd_in is in the main loop */
    bool drop_when_full; /* a pty nobody reads: drop instead of waiting */
    QEMUTimer *retry;   /* a pty without a reader: look again later */
};

/* Take ownership of @fd_in and @fd_out (may be equal or -1). */
void qemu_chr_fd_set_fds(Chardev *chr, int fd_in, int fd_out);
void qemu_chr_fd_update_read(Chardev *chr);

#define TYPE_MUX_CHARDEV TYPE_CHARDEV_MUX
OBJECT_DECLARE_SIMPLE_TYPE(MuxChardev, MUX_CHARDEV)

struct MuxChardev {
    Chardev parent;
    CharBackend chr;            /* the shared chardev */
    CharBackend *backends[MAX_MUX];
    int mux_cnt;
    int focus;                  /* index into backends, -1: none */
    bool term_got_escape;       /* the last byte was Ctrl-A */
    /* Input received while the focused front end could not take it. */
    uint8_t buffer[MAX_MUX][32];
    int prod[MAX_MUX], cons[MAX_MUX];
    bool open_sent[MAX_MUX];    /* front end was told CHR_EVENT_OPENED */
};

/* Register @b as a front end of mux @d; returns its tag or -1 (full). */
int mux_chr_attach_frontend(MuxChardev *d, CharBackend *b, Error **errp);
void mux_chr_detach_frontend(MuxChardev *d, int tag);
/* A front end of the mux changed its handlers. */
void mux_chr_update_handlers(MuxChardev *d);
/* Give the focus to front end @focus (sends MUX_OUT/MUX_IN). */
void mux_set_focus(MuxChardev *d, int focus);

/* Text for query-chardev's "filename" of a backend. */
char *qemu_chr_describe(const ChardevBackend *backend);

/* Write to @fd until done or it would block; as chr_write. */
int qemu_chr_fd_write_nb(int fd, const uint8_t *buf, int len);
bool qemu_chr_fd_wait_writable(int fd, int timeout_ms);

/* Parse "on"/"off"/"yes"/"no"/"true"/"false" option @key of @opts. */
bool qemu_chr_opt_bool(QDict *opts, const char *key, bool *has, bool *val,
                       Error **errp);
/* Take string option @key out of @opts (NULL when absent). */
char *qemu_chr_opt_str(QDict *opts, const char *key);

#endif
