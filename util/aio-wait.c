/*
 * Support for AIO_WAIT_WHILE(): waking the main loop waiter.
 */
#include "qemu/osdep.h"
#include "block/aio-wait.h"

AioWait global_aio_wait;

static void dummy_bh_cb(void *opaque)
{
    /* Its only job was to make aio_poll() return. */
}

void aio_wait_kick(void)
{
    /* Pairs with the barrier after incrementing num_waiters. */
    smp_mb();
    if (qatomic_read(&global_aio_wait.num_waiters) && qemu_get_aio_context()) {
        aio_bh_schedule_oneshot(qemu_get_aio_context(), dummy_bh_cb, NULL);
    }
}

void aio_wait_check_main_thread_(void)
{
    AioContext *main_ctx = qemu_get_aio_context();

    if (!main_ctx || qemu_get_current_aio_context() != main_ctx) {
        fprintf(stderr, "qemu: AIO_WAIT_WHILE on a foreign AioContext must "
                "be called from the main loop thread\n");
        abort();
    }
}

typedef struct {
    bool done;
    QEMUBHFunc *cb;
    void *opaque;
} AioWaitBHData;

static void aio_wait_bh(void *opaque)
{
    AioWaitBHData *data = opaque;

    data->cb(data->opaque);
    qatomic_set(&data->done, true);
    aio_wait_kick();
}

void aio_wait_bh_oneshot(AioContext *ctx, QEMUBHFunc *cb, void *opaque)
{
    AioWaitBHData data = {
        .cb = cb,
        .opaque = opaque,
    };

    aio_bh_schedule_oneshot(ctx, aio_wait_bh, &data);
    AIO_WAIT_WHILE(ctx, !qatomic_read(&data.done));
}
