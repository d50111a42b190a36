/*
 * The socket chardev: Unix or TCP, listening (server=on) or connecting.
 *
 * A server takes one client at a time: while a client is connected the
 * listening socket is not watched, so the next client waits in the
 * backlog until the first one leaves. With wait=on (the default for a
 * server) start-up blocks until the first client arrives. A client with
 * reconnect=N tries again every N seconds after a failure or a hang-up.
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <glib-unix.h>
#include "chardev/chardev-internal.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-visit-sockets.h"

OBJECT_DECLARE_SIMPLE_TYPE(SocketChardev, CHARDEV_SOCKET)

struct SocketChardev {
    Chardev parent;
    SocketAddressLegacy *addr;
    bool is_listen;
    bool nodelay;
    int64_t reconnect;  /* seconds, 0: never */
    int listen_fd;
    int fd;             /* the connection, or -1 */
    bool watching;      /* fd is in the main loop for reading */
    QEMUTimer *reconnect_timer;
};

static char *addr_to_str(const SocketAddressLegacy *addr)
{
    if (addr->type == SOCKET_ADDRESS_TYPE_UNIX) {
        return g_strdup(addr->u.q_unix.data->path);
    }
    return g_strdup_printf("%s:%s", addr->u.inet.data->host,
                           addr->u.inet.data->port);
}

/* --- parsing ------------------------------------------------------------ */

static bool socket_chr_parse(QDict *opts, ChardevBackend *backend,
                             Error **errp)
{
    ChardevSocket *sock = g_new0(ChardevSocket, 1);
    g_autofree char *path = qemu_chr_opt_str(opts, "path");
    g_autofree char *host = qemu_chr_opt_str(opts, "host");
    g_autofree char *port = qemu_chr_opt_str(opts, "port");
    g_autofree char *reconnect = qemu_chr_opt_str(opts, "reconnect");
    SocketAddressLegacy *addr = g_new0(SocketAddressLegacy, 1);

    backend->u.socket.data = sock;
    sock->addr = addr;
    if (!qemu_chr_opt_bool(opts, "server", &sock->has_server, &sock->server,
                           errp) ||
        !qemu_chr_opt_bool(opts, "wait", &sock->has_wait, &sock->wait,
                           errp) ||
        !qemu_chr_opt_bool(opts, "nodelay", &sock->has_nodelay,
                           &sock->nodelay, errp) ||
        !qemu_chr_opt_bool(opts, "telnet", &sock->has_telnet,
                           &sock->telnet, errp)) {
        return false;
    }
    if (reconnect) {
        char *end;
        errno = 0;
        sock->reconnect = strtoll(reconnect, &end, 10);
        if (errno || *end || end == reconnect || sock->reconnect < 0) {
            error_setg(errp, "Parameter 'reconnect' expects a number");
            return false;
        }
        sock->has_reconnect = true;
    }
    if (path) {
        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        addr->u.q_unix.data = g_new0(UnixSocketAddress, 1);
        addr->u.q_unix.data->path = g_steal_pointer(&path);
        return true;
    }
    if (!host) {
        error_setg(errp, "chardev: socket: no host given");
        return false;
    }
    if (!port) {
        error_setg(errp, "chardev: socket: no port given");
        return false;
    }
    addr->type = SOCKET_ADDRESS_TYPE_INET;
    addr->u.inet.data = g_new0(InetSocketAddress, 1);
    addr->u.inet.data->host = g_steal_pointer(&host);
    addr->u.inet.data->port = g_steal_pointer(&port);
    return qemu_chr_opt_bool(opts, "ipv4", &addr->u.inet.data->has_ipv4,
                             &addr->u.inet.data->ipv4, errp) &&
           qemu_chr_opt_bool(opts, "ipv6", &addr->u.inet.data->has_ipv6,
                             &addr->u.inet.data->ipv6, errp) &&
           qemu_chr_opt_bool(opts, "numeric", &addr->u.inet.data->has_numeric,
                             &addr->u.inet.data->numeric, errp);
}

/* --- sockets ------------------------------------------------------------ */

static bool unix_sockaddr(const char *path, struct sockaddr_un *sun,
                          Error **errp)
{
    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sun->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return false;
    }
    strcpy(sun->sun_path, path);
    return true;
}

static struct addrinfo *inet_resolve(InetSocketAddress *inet, bool passive,
                                     Error **errp)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : 0,
    };
    struct addrinfo *res = NULL;
    const char *host = inet->host[0] ? inet->host : NULL;
    int rc;

    if (inet->has_numeric && inet->numeric) {
        hints.ai_flags |= AI_NUMERICHOST | AI_NUMERICSERV;
    }
    if (inet->has_ipv4 && inet->ipv4 && !(inet->has_ipv6 && inet->ipv6)) {
        hints.ai_family = AF_INET;
    } else if (inet->has_ipv6 && inet->ipv6 &&
               !(inet->has_ipv4 && inet->ipv4)) {
        hints.ai_family = AF_INET6;
    }
    rc = getaddrinfo(host, inet->port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   inet->host, inet->port, gai_strerror(rc));
        return NULL;
    }
    return res;
}

static int socket_listen(SocketAddressLegacy *addr, Error **errp)
{
    g_autofree char *desc = addr_to_str(addr);
    int fd = -1, saved_errno = 0;

    if (addr->type == SOCKET_ADDRESS_TYPE_UNIX) {
        struct sockaddr_un sun;
        if (!unix_sockaddr(addr->u.q_unix.data->path, &sun, errp)) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to create Unix socket");
            return -1;
        }
        /* A stale socket file from an earlier run would make bind fail. */
        unlink(sun.sun_path);
        if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
            listen(fd, 1) < 0) {
            error_setg_errno(errp, errno, "Failed to bind socket to %s",
                             desc);
            close(fd);
            return -1;
        }
        return fd;
    } else {
        struct addrinfo *res = inet_resolve(addr->u.inet.data, true, errp);
        struct addrinfo *ai;
        int on = 1;

        if (!res) {
            return -1;
        }
        for (ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd < 0) {
                saved_errno = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
                listen(fd, 1) == 0) {
                break;
            }
            saved_errno = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            error_setg_errno(errp, saved_errno,
                             "Failed to bind socket to %s", desc);
        }
        return fd;
    }
}

static int socket_connect(SocketAddressLegacy *addr, Error **errp)
{
    g_autofree char *desc = addr_to_str(addr);
    int fd = -1, saved_errno = 0;

    if (addr->type == SOCKET_ADDRESS_TYPE_UNIX) {
        struct sockaddr_un sun;
        if (!unix_sockaddr(addr->u.q_unix.data->path, &sun, errp)) {
            return -1;
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
            saved_errno = errno;
            close(fd);
            fd = -1;
        } else if (fd < 0) {
            saved_errno = errno;
        }
    } else {
        struct addrinfo *res = inet_resolve(addr->u.inet.data, false, errp);
        struct addrinfo *ai;

        if (!res) {
            return -1;
        }
        for (ai = res; ai; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
                break;
            }
            saved_errno = errno;
            if (fd >= 0) {
                close(fd);
            }
            fd = -1;
        }
        freeaddrinfo(res);
    }
    if (fd < 0) {
        error_setg_errno(errp, saved_errno, "Failed to connect to '%s'",
                         desc);
    }
    return fd;
}

/* --- connection --------------------------------------------------------- */

static void socket_accept(void *opaque);
static void socket_read(void *opaque);

static void socket_watch_listen(SocketChardev *s, bool on)
{
    if (s->listen_fd >= 0) {
        qemu_set_fd_handler(s->listen_fd, on ? socket_accept : NULL, NULL, s);
    }
}

static void socket_unwatch(SocketChardev *s)
{
    if (s->watching) {
        qemu_set_fd_handler(s->fd, NULL, NULL, NULL);
        s->watching = false;
    }
}

static void socket_update_read(Chardev *chr)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    if (s->fd < 0) {
        return;
    }
    if (qemu_chr_be_can_write(chr) > 0) {
        if (!s->watching) {
            qemu_set_fd_handler(s->fd, socket_read, NULL, s);
            s->watching = true;
        }
    } else {
        socket_unwatch(s);
    }
}

static void socket_connected(SocketChardev *s, int fd)
{
    Chardev *chr = CHARDEV(s);
    int on = 1;

    s->fd = fd;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (s->nodelay && s->addr->type == SOCKET_ADDRESS_TYPE_INET) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
    socket_watch_listen(s, false);
    socket_update_read(chr);
    qemu_chr_be_event(chr, CHR_EVENT_OPENED);
}

static void socket_reconnect_timer(void *opaque);

static void socket_schedule_reconnect(SocketChardev *s)
{
    if (!s->reconnect_timer) {
        s->reconnect_timer = timer_new_ms(QEMU_CLOCK_REALTIME,
                                          socket_reconnect_timer, s);
    }
    timer_mod(s->reconnect_timer,
              qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + s->reconnect * 1000);
}

static void socket_disconnect(SocketChardev *s)
{
    Chardev *chr = CHARDEV(s);

    if (s->fd < 0) {
        return;
    }
    socket_unwatch(s);
    close(s->fd);
    s->fd = -1;
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    if (s->is_listen) {
        socket_watch_listen(s, true);
    } else if (s->reconnect > 0) {
        socket_schedule_reconnect(s);
    }
}

static void socket_reconnect_timer(void *opaque)
{
    SocketChardev *s = opaque;
    int fd = socket_connect(s->addr, NULL);

    if (fd < 0) {
        socket_schedule_reconnect(s);
        return;
    }
    socket_connected(s, fd);
}

static void socket_accept(void *opaque)
{
    SocketChardev *s = opaque;
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return;
    }
    if (s->fd >= 0) {
        /* One client at a time (the listener is normally not watched). */
        close(fd);
        return;
    }
    socket_connected(s, fd);
}

static void socket_read(void *opaque)
{
    SocketChardev *s = opaque;
    Chardev *chr = CHARDEV(s);
    uint8_t buf[4096];
    int max = qemu_chr_be_can_write(chr);
    ssize_t n;

    if (max <= 0) {
        socket_unwatch(s);
        return;
    }
    do {
        n = recv(s->fd, buf, MIN(max, (int)sizeof(buf)), 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        return;
    }
    if (n <= 0) {
        socket_disconnect(s);
        return;
    }
    qemu_chr_be_write(chr, buf, n);
}

static int socket_write(Chardev *chr, const uint8_t *buf, int len)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);
    ssize_t n;

    if (s->fd < 0) {
        /* Nobody connected: output is dropped, as QEMU does. */
        return len;
    }
    do {
        n = send(s->fd, buf, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 0;
        }
        /* The peer is gone: the read handler sees the hang-up. */
        return -1;
    }
    return n;
}

static bool socket_wait_writable(Chardev *chr, int timeout_ms)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    return s->fd >= 0 && qemu_chr_fd_wait_writable(s->fd, timeout_ms);
}

static GSource *socket_add_watch(Chardev *chr, GIOCondition cond)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    return s->fd >= 0 ? g_unix_fd_source_new(s->fd, cond) : NULL;
}

/* --- open / close ------------------------------------------------------- */

static bool socket_chr_open(Chardev *chr, ChardevBackend *backend,
                            bool *be_opened, Error **errp)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);
    ChardevSocket *sock = backend->u.socket.data;
    bool is_listen = sock->has_server && sock->server;
    bool is_wait = is_listen && (!sock->has_wait || sock->wait);
    int fd;

    *be_opened = false;
    if (sock->has_telnet && sock->telnet) {
        error_setg(errp, "telnet is not supported by this chardev");
        return false;
    }
    if (!is_listen && sock->has_wait) {
        error_setg(errp, "'wait' option is incompatible with "
                   "socket in client connect mode");
        return false;
    }
    if (is_listen && sock->has_reconnect) {
        error_setg(errp, "'reconnect' option is incompatible with "
                   "socket in server listen mode");
        return false;
    }
    s->addr = QAPI_CLONE(SocketAddressLegacy, sock->addr);
    s->is_listen = is_listen;
    s->nodelay = sock->has_nodelay && sock->nodelay;
    s->reconnect = sock->has_reconnect ? sock->reconnect : 0;

    if (!is_listen) {
        Error *local_err = NULL;
        fd = socket_connect(s->addr, &local_err);
        if (fd < 0) {
            if (s->reconnect <= 0) {
                error_propagate(errp, local_err);
                return false;
            }
            /* Retry in the background; start-up goes on. */
            error_free(local_err);
            socket_schedule_reconnect(s);
            return true;
        }
        socket_connected(s, fd);
        return true;
    }

    s->listen_fd = socket_listen(s->addr, errp);
    if (s->listen_fd < 0) {
        return false;
    }
    if (is_wait) {
        g_autofree char *desc = addr_to_str(s->addr);
        info_report("QEMU waiting for connection on: disconnected:%s:%s,"
                    "server=on",
                    s->addr->type == SOCKET_ADDRESS_TYPE_UNIX ? "unix" : "tcp",
                    desc);
        do {
            fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            error_setg_errno(errp, errno, "Failed to accept a connection");
            return false;
        }
        socket_connected(s, fd);
        return true;
    }
    socket_watch_listen(s, true);
    return true;
}

static void socket_chr_cleanup(Chardev *chr)
{
    SocketChardev *s = CHARDEV_SOCKET(chr);

    socket_unwatch(s);
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    if (s->listen_fd >= 0) {
        socket_watch_listen(s, false);
        close(s->listen_fd);
        s->listen_fd = -1;
        if (s->addr && s->addr->type == SOCKET_ADDRESS_TYPE_UNIX) {
            unlink(s->addr->u.q_unix.data->path);
        }
    }
    if (s->reconnect_timer) {
        timer_free(s->reconnect_timer);
        s->reconnect_timer = NULL;
    }
    qapi_free_SocketAddressLegacy(s->addr);
    s->addr = NULL;
}

static void socket_chr_instance_init(Object *obj)
{
    SocketChardev *s = CHARDEV_SOCKET(obj);

    s->fd = -1;
    s->listen_fd = -1;
}

static void socket_chr_class_init(ObjectClass *oc, void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = socket_chr_parse;
    cc->open = socket_chr_open;
    cc->chr_write = socket_write;
    cc->chr_wait_writable = socket_wait_writable;
    cc->chr_add_watch = socket_add_watch;
    cc->chr_update_read_handler = socket_update_read;
    cc->chr_cleanup = socket_chr_cleanup;
}

static const TypeInfo socket_chr_type_info = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(SocketChardev),
    .instance_init = socket_chr_instance_init,
    .class_init = socket_chr_class_init,
};

static void socket_chr_register_types(void)
{
    type_register_static(&socket_chr_type_info);
}

type_init(socket_chr_register_types)
