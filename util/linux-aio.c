/*
 * Linux native AIO (io_setup/io_submit/io_getevents) for coroutines.
 *
 * This talks to the kernel interface directly (the one libaio wraps), so
 * there is nothing extra to link. Each request asks the kernel to signal
 * an eventfd on completion (IOCB_FLAG_RESFD); the eventfd is an
 * EventNotifier handler in the owning AioContext, which reaps the
 * completions and wakes the waiting coroutines.
 */
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qemu/coroutine.h"
#include "block/aio.h"
#include "block/raw-aio.h"

#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <time.h>

/* Ring size asked of the kernel; smaller if the system limit is tight. */
#define MAX_EVENTS 1024
#define MIN_EVENTS 64
#define DEFAULT_MAX_BATCH 32
#define REAP_BATCH 64

typedef struct LaioRequest {
    Coroutine *co;
    LinuxAioState *s;
    struct iocb iocb;
    ssize_t ret;
    size_t nbytes;
    QEMUIOVector *qiov;
    bool is_read;
    struct LaioRequest *next;
} LaioRequest;

struct LinuxAioState {
    AioContext *aio_context;
    aio_context_t ctx;
    unsigned int ring_size;
    EventNotifier e;

    /* Built but not yet accepted by the kernel. */
    LaioRequest *pending_head;
    LaioRequest *pending_tail;
    unsigned int n_pending;
    unsigned int in_flight;
    int plugged;
};

static long sys_io_setup(unsigned int nr, aio_context_t *ctx)
{
    return syscall(SYS_io_setup, nr, ctx);
}

static long sys_io_destroy(aio_context_t ctx)
{
    return syscall(SYS_io_destroy, ctx);
}

static long sys_io_submit(aio_context_t ctx, long nr, struct iocb **iocbs)
{
    return syscall(SYS_io_submit, ctx, nr, iocbs);
}

static long sys_io_getevents(aio_context_t ctx, long min_nr, long nr,
                             struct io_event *events, struct timespec *timeout)
{
    return syscall(SYS_io_getevents, ctx, min_nr, nr, events, timeout);
}

/* Deliver @req's result to its coroutine. */
static void laio_complete(LaioRequest *req, long long res)
{
    int ret;

    if (res < 0) {
        ret = res;
    } else if ((size_t)res == req->nbytes) {
        ret = 0;
    } else if (req->is_read) {
        /* Reading past end of file: the rest reads as zeros. */
        qemu_iovec_memset(req->qiov, res, 0, req->qiov->size - res);
        ret = 0;
    } else {
        ret = -EINVAL;
    }
    req->ret = ret;
    /* The submitter itself (a failed io_submit) just sees ret. */
    if (req->co != qemu_coroutine_self() && !qemu_coroutine_entered(req->co)) {
        aio_co_wake(req->co);
    }
}

static unsigned int max_batch(LinuxAioState *s, uint64_t dev_max_batch)
{
    uint64_t batch = DEFAULT_MAX_BATCH;

    if (s->aio_context && s->aio_context->aio_max_batch) {
        batch = s->aio_context->aio_max_batch;
    }
    if (dev_max_batch) {
        batch = MIN(batch, dev_max_batch);
    }
    return MIN(batch, s->ring_size);
}

/* Hand pending requests to the kernel, as many as the ring has room for. */
static void ioq_submit(LinuxAioState *s)
{
    struct iocb *iocbs[DEFAULT_MAX_BATCH];

    while (s->pending_head && s->in_flight < s->ring_size) {
        unsigned int room = s->ring_size - s->in_flight;
        unsigned int n = 0;
        LaioRequest *req;
        long ret;

        for (req = s->pending_head; req && n < MIN(room, G_N_ELEMENTS(iocbs));
             req = req->next) {
            iocbs[n++] = &req->iocb;
        }
        ret = sys_io_submit(s->ctx, n, iocbs);
        if (ret < 0) {
            ret = -errno;
        }
        if (ret == -EAGAIN && s->in_flight > 0) {
            /* Kernel resources exhausted: retry after completions. */
            return;
        }
        if (ret < 0) {
            /*
             * The first request is bad (or nothing is in flight that could
             * free resources): fail it, go on with the others.
             */
            req = s->pending_head;
            s->pending_head = req->next;
            s->n_pending--;
            if (!s->pending_head) {
                s->pending_tail = NULL;
            }
            laio_complete(req, ret);
            continue;
        }
        while (ret-- > 0) {
            req = s->pending_head;
            s->pending_head = req->next;
            s->n_pending--;
            s->in_flight++;
        }
        if (!s->pending_head) {
            s->pending_tail = NULL;
        }
    }
}

static void laio_process_completions(LinuxAioState *s)
{
    struct io_event events[REAP_BATCH];
    struct timespec zero = { 0, 0 };
    long n, i;

    do {
        n = sys_io_getevents(s->ctx, 0, REAP_BATCH, events, &zero);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        for (i = 0; i < n; i++) {
            LaioRequest *req = (LaioRequest *)(uintptr_t)events[i].data;

            s->in_flight--;
            laio_complete(req, events[i].res);
        }
    } while (n == REAP_BATCH || (n < 0 && errno == EINTR));

    if (s->pending_head && !s->plugged) {
        ioq_submit(s);
    }
}

static void laio_completion_cb(EventNotifier *e)
{
    LinuxAioState *s = container_of(e, LinuxAioState, e);

    if (event_notifier_test_and_clear(&s->e)) {
        laio_process_completions(s);
    }
}

static bool laio_prep(LaioRequest *req, int fd, uint64_t offset,
                      QEMUIOVector *qiov, int type)
{
    struct iocb *iocb = &req->iocb;

    memset(iocb, 0, sizeof(*iocb));
    switch (type & QEMU_AIO_TYPE_MASK) {
    case QEMU_AIO_READ:
        iocb->aio_lio_opcode = IOCB_CMD_PREADV;
        req->is_read = true;
        break;
    case QEMU_AIO_WRITE:
        iocb->aio_lio_opcode = IOCB_CMD_PWRITEV;
        break;
    case QEMU_AIO_FLUSH:
        iocb->aio_lio_opcode = IOCB_CMD_FDSYNC;
        break;
    default:
        return false;
    }
    iocb->aio_fildes = fd;
    if (qiov) {
        iocb->aio_buf = (uintptr_t)qiov->iov;
        iocb->aio_nbytes = qiov->niov;
    }
    iocb->aio_offset = offset;
    iocb->aio_flags = IOCB_FLAG_RESFD;
    iocb->aio_resfd = event_notifier_get_fd(&req->s->e);
    iocb->aio_data = (uintptr_t)req;
    return true;
}

int coroutine_fn laio_co_submit_in(LinuxAioState *s, int fd, uint64_t offset,
                                   QEMUIOVector *qiov, int type,
                                   uint64_t dev_max_batch)
{
    LaioRequest req = {
        .co = qemu_coroutine_self(),
        .s = s,
        .ret = -EINPROGRESS,
        .nbytes = qiov ? qiov->size : 0,
        .qiov = qiov,
    };

    if (!s) {
        return -ENOTSUP;
    }
    if (!qemu_in_coroutine()) {
        fprintf(stderr, "qemu: laio_co_submit outside a coroutine\n");
        abort();
    }
    if (!laio_prep(&req, fd, offset, qiov, type)) {
        return -EIO;
    }
    if (s->pending_tail) {
        s->pending_tail->next = &req;
    } else {
        s->pending_head = &req;
    }
    s->pending_tail = &req;
    s->n_pending++;

    if (!s->plugged || s->n_pending >= max_batch(s, dev_max_batch)) {
        ioq_submit(s);
    }
    if (req.ret == -EINPROGRESS) {
        qemu_coroutine_yield();
    }
    return req.ret;
}

LinuxAioState *laio_current(void)
{
    AioContext *ctx = qemu_get_current_aio_context();

    if (!ctx) {
        return NULL;
    }
    return aio_setup_linux_aio(ctx, NULL);
}

void laio_io_plug(BlockDriverState *bs, LinuxAioState *s)
{
    s->plugged++;
}

void laio_io_unplug(BlockDriverState *bs, LinuxAioState *s,
                    uint64_t dev_max_batch)
{
    if (s->plugged > 0) {
        s->plugged--;
    }
    if (!s->plugged && s->pending_head) {
        ioq_submit(s);
    }
}

LinuxAioState *laio_init(Error **errp)
{
    LinuxAioState *s = g_new0(LinuxAioState, 1);
    unsigned int nr;
    int ret;

    ret = event_notifier_init(&s->e, false);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "failed to initialize event notifier "
                         "for Linux AIO");
        goto fail;
    }
    if (event_notifier_get_fd(&s->e) != event_notifier_get_wfd(&s->e)) {
        /* The kernel can only signal an eventfd, not a pipe. */
        error_setg(errp, "Linux AIO needs eventfd support");
        event_notifier_cleanup(&s->e);
        goto fail;
    }
    for (nr = MAX_EVENTS; nr >= MIN_EVENTS; nr /= 2) {
        if (sys_io_setup(nr, &s->ctx) == 0) {
            s->ring_size = nr;
            return s;
        }
        if (errno != EAGAIN) {
            break;
        }
    }
    error_setg_errno(errp, errno, "failed to create linux AIO context");
    event_notifier_cleanup(&s->e);
fail:
    g_free(s);
    return NULL;
}

void laio_cleanup(LinuxAioState *s)
{
    if (!s) {
        return;
    }
    event_notifier_cleanup(&s->e);
    if (sys_io_destroy(s->ctx) != 0) {
        fprintf(stderr, "qemu: io_destroy failed: %s\n", strerror(errno));
    }
    g_free(s);
}

void laio_detach_aio_context(LinuxAioState *s, AioContext *old_context)
{
    aio_set_event_notifier(old_context, &s->e, false, NULL, NULL, NULL);
    s->aio_context = NULL;
}

void laio_attach_aio_context(LinuxAioState *s, AioContext *new_context)
{
    s->aio_context = new_context;
    aio_set_event_notifier(new_context, &s->e, false, laio_completion_cb,
                           NULL, NULL);
}
