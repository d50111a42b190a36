/*
 * AioContext fd handlers and aio_poll() over ppoll().
 *
 * Handlers live in a list guarded by ctx->list_lock. While a poll or a
 * dispatch walks the list (walking_handlers > 0), removed handlers are
 * only marked deleted, so callbacks may add or remove handlers, and
 * aio_poll() may nest.
 */
#include "qemu/osdep.h"
#include "block/aio.h"
#include "aio-posix.h"

#define READ_EVENTS  (G_IO_IN | G_IO_HUP | G_IO_ERR)
#define WRITE_EVENTS (G_IO_OUT | G_IO_ERR)

static AioHandler *find_aio_handler_locked(AioContext *ctx, int fd)
{
    AioHandler *node;

    for (node = ctx->handlers; node; node = node->next) {
        if (node->pfd.fd == fd && !node->deleted) {
            return node;
        }
    }
    return NULL;
}

/* Free deleted nodes if nobody walks the list; caller holds list_lock. */
static void aio_free_deleted_handlers_locked(AioContext *ctx)
{
    AioHandler **pp = &ctx->handlers;
    AioHandler *prev = NULL;

    if (ctx->walking_handlers || !ctx->handlers_deleted) {
        return;
    }
    while (*pp) {
        AioHandler *node = *pp;

        if (node->deleted) {
            *pp = node->next;
            g_free(node);
        } else {
            prev = node;
            pp = &node->next;
        }
    }
    ctx->handlers_tail = prev;
    ctx->handlers_deleted = false;
}

/* Unregister @node; caller holds list_lock. */
static void aio_remove_handler_locked(AioContext *ctx, AioHandler *node)
{
    /* A destroyed GSource (being finalized) has dropped its polls. */
    if (!g_source_is_destroyed(&ctx->source)) {
        g_source_remove_poll(&ctx->source, &node->pfd);
    }
    node->pfd.revents = 0;
    node->deleted = true;
    ctx->handlers_deleted = true;
    aio_free_deleted_handlers_locked(ctx);
}

void aio_set_fd_handler(AioContext *ctx, int fd, bool is_external,
                        IOHandler *io_read, IOHandler *io_write,
                        AioPollFn *io_poll, IOHandler *io_poll_ready,
                        void *opaque)
{
    AioHandler *old, *node = NULL;

    if (io_read || io_write || io_poll) {
        node = g_new0(AioHandler, 1);
        node->pfd.fd = fd;
        node->pfd.events = (io_read ? READ_EVENTS : 0) |
                           (io_write ? WRITE_EVENTS : 0);
        node->io_read = io_read;
        node->io_write = io_write;
        node->io_poll = io_poll;
        node->io_poll_ready = io_poll_ready;
        node->opaque = opaque;
        node->is_external = is_external;
    }

    qemu_mutex_lock(&ctx->list_lock);
    old = find_aio_handler_locked(ctx, fd);
    if (old) {
        aio_remove_handler_locked(ctx, old);
    }
    if (node) {
        g_source_add_poll(&ctx->source, &node->pfd);
        if (ctx->handlers_tail) {
            ctx->handlers_tail->next = node;
        } else {
            ctx->handlers = node;
        }
        ctx->handlers_tail = node;
    }
    qemu_mutex_unlock(&ctx->list_lock);
    /* A poller blocked without this fd (or with the old one) re-polls. */
    aio_notify(ctx);
}

void aio_set_event_notifier(AioContext *ctx, EventNotifier *notifier,
                            bool is_external, EventNotifierHandler *io_read,
                            AioPollFn *io_poll,
                            EventNotifierHandler *io_poll_ready)
{
    aio_set_fd_handler(ctx, event_notifier_get_fd(notifier), is_external,
                       (IOHandler *)io_read, NULL, io_poll,
                       (IOHandler *)io_poll_ready, notifier);
}

void aio_context_mark_notifier(AioContext *ctx, EventNotifier *notifier)
{
    AioHandler *node;

    qemu_mutex_lock(&ctx->list_lock);
    node = find_aio_handler_locked(ctx, event_notifier_get_fd(notifier));
    if (node) {
        node->is_notifier = true;
    }
    qemu_mutex_unlock(&ctx->list_lock);
}

void aio_context_free_handlers(AioContext *ctx)
{
    AioHandler *node;

    qemu_mutex_lock(&ctx->list_lock);
    while ((node = ctx->handlers)) {
        ctx->handlers = node->next;
        if (!node->deleted && !g_source_is_destroyed(&ctx->source)) {
            g_source_remove_poll(&ctx->source, &node->pfd);
        }
        g_free(node);
    }
    ctx->handlers_tail = NULL;
    qemu_mutex_unlock(&ctx->list_lock);
}

/* Run handlers whose pfd.revents is set; true if a real handler ran. */
static bool aio_dispatch_handlers(AioContext *ctx)
{
    bool progress = false;
    AioHandler *node;

    qemu_mutex_lock(&ctx->list_lock);
    ctx->walking_handlers++;
    for (node = ctx->handlers; node; node = node->next) {
        int revents = node->pfd.revents & node->pfd.events;

        /* Consumed now, so an outer walk does not run it again. */
        node->pfd.revents = 0;
        if (node->deleted || !revents ||
            !aio_node_check(ctx, node->is_external)) {
            continue;
        }
        qemu_mutex_unlock(&ctx->list_lock);

        if ((revents & READ_EVENTS) && node->io_read) {
            node->io_read(node->opaque);
            if (!node->is_notifier) {
                progress = true;
            }
        }
        if ((revents & WRITE_EVENTS) && node->io_write && !node->deleted) {
            node->io_write(node->opaque);
            progress = true;
        }

        qemu_mutex_lock(&ctx->list_lock);
    }
    ctx->walking_handlers--;
    aio_free_deleted_handlers_locked(ctx);
    qemu_mutex_unlock(&ctx->list_lock);
    return progress;
}

bool aio_prepare(AioContext *ctx)
{
    return false;
}

bool aio_pending(AioContext *ctx)
{
    bool pending = false;
    AioHandler *node;

    qemu_mutex_lock(&ctx->list_lock);
    for (node = ctx->handlers; node; node = node->next) {
        if (!node->deleted && (node->pfd.revents & node->pfd.events) &&
            aio_node_check(ctx, node->is_external)) {
            pending = true;
            break;
        }
    }
    qemu_mutex_unlock(&ctx->list_lock);
    return pending;
}

void aio_dispatch(AioContext *ctx)
{
    aio_dispatch_handlers(ctx);
    aio_bh_poll(ctx);
    timerlistgroup_run_timers(&ctx->tlg);
}

bool aio_poll(AioContext *ctx, bool blocking)
{
    GPollFD local_fds[16];
    AioHandler *local_nodes[16];
    g_autofree GPollFD *heap_fds = NULL;
    g_autofree AioHandler **heap_nodes = NULL;
    GPollFD *fds = local_fds;
    AioHandler **nodes = local_nodes;
    unsigned int n = 0, count = 0, i;
    bool progress;
    int64_t timeout;
    AioHandler *node;
    int ret;

    if (blocking) {
        /* From here on aio_notify() writes the notifier: we may sleep. */
        qatomic_add(&ctx->notify_me, 2);
        smp_mb();
    }

    qemu_mutex_lock(&ctx->list_lock);
    ctx->walking_handlers++;
    for (node = ctx->handlers; node; node = node->next) {
        count++;
    }
    if (count > G_N_ELEMENTS(local_fds)) {
        fds = heap_fds = g_new(GPollFD, count);
        nodes = heap_nodes = g_new(AioHandler *, count);
    }
    for (node = ctx->handlers; node; node = node->next) {
        if (node->deleted || !node->pfd.events ||
            !aio_node_check(ctx, node->is_external)) {
            continue;
        }
        fds[n].fd = node->pfd.fd;
        fds[n].events = node->pfd.events;
        fds[n].revents = 0;
        nodes[n] = node;
        n++;
    }
    qemu_mutex_unlock(&ctx->list_lock);

    timeout = blocking ? aio_compute_timeout(ctx) : 0;
    ret = qemu_poll_ns(fds, n, timeout);

    if (blocking) {
        qatomic_sub(&ctx->notify_me, 2);
    }

    qemu_mutex_lock(&ctx->list_lock);
    if (ret > 0) {
        for (i = 0; i < n; i++) {
            if (!nodes[i]->deleted) {
                nodes[i]->pfd.revents |= fds[i].revents;
            }
        }
    }
    ctx->walking_handlers--;
    aio_free_deleted_handlers_locked(ctx);
    qemu_mutex_unlock(&ctx->list_lock);

    progress = false;
    if (ret > 0) {
        progress |= aio_dispatch_handlers(ctx);
    }
    progress |= aio_bh_poll(ctx);
    progress |= timerlistgroup_run_timers(&ctx->tlg);
    return progress;
}
