/*
 * Internal interface between util/async.c and util/aio-posix.c.
 */
#ifndef UTIL_AIO_POSIX_H
#define UTIL_AIO_POSIX_H

#include "block/aio.h"

struct AioHandler {
    GPollFD pfd;            /* registered with the GSource */
    IOHandler *io_read;
    IOHandler *io_write;
    AioPollFn *io_poll;
    IOHandler *io_poll_ready;
    void *opaque;
    bool is_external;
    bool is_notifier;       /* the context's own wakeup: not progress */
    bool deleted;
    AioHandler *next;
};

/* Free every handler (the context is being finalized). */
void aio_context_free_handlers(AioContext *ctx);
/* Mark the handler of @notifier as the context's internal wakeup. */
void aio_context_mark_notifier(AioContext *ctx, EventNotifier *notifier);

#endif
