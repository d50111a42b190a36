/*
 * Coroutine internals: the object shared by the generic code
 * (util/qemu-coroutine*.c) and the stack-switching backend
 * (util/coroutine-ucontext.c). Not for use outside util/.
 */
#ifndef QEMU_COROUTINE_INT_H
#define QEMU_COROUTINE_INT_H

#include "qemu/coroutine.h"

typedef enum {
    COROUTINE_YIELD = 1,
    COROUTINE_TERMINATE = 2,
    COROUTINE_ENTER = 3,
} CoroutineAction;

struct Coroutine {
    CoroutineEntry *entry;
    void *entry_arg;
    /* Who entered us; NULL while not running. */
    Coroutine *caller;

    /* Free-pool link. */
    Coroutine *pool_next;

    /* Number of CoMutexes held (must be 0 when the coroutine ends). */
    size_t locks_held;

    /* Set (to the scheduling function's name) while in aio_co_schedule. */
    const char *scheduled;

    /*
     * One link for the queue the coroutine waits in: a CoQueue, a CoMutex
     * waiter list, or another coroutine's wakeup list / the pending list
     * of qemu_aio_coroutine_enter. It is in at most one at a time.
     */
    Coroutine *co_queue_next;
    /* Coroutines to enter right after this one yields or terminates. */
    Coroutine *wakeup_head;
    Coroutine *wakeup_tail;

    /* Link in an AioContext's list of scheduled coroutines. */
    Coroutine *co_scheduled_next;

    /* The AioContext this coroutine last ran in. */
    AioContext *ctx;
};

/* Backend: make a coroutine with a fresh stack / free it. */
Coroutine *qemu_coroutine_new(void);
void qemu_coroutine_delete(Coroutine *co);
/*
 * Backend: stop running @from and run @to; returns (in @from, once it is
 * resumed) the action that resumed it.
 */
CoroutineAction qemu_coroutine_switch(Coroutine *from, Coroutine *to,
                                      CoroutineAction action);
/* Backend: the running coroutine, or NULL if none ever ran on this thread. */
Coroutine *qemu_coroutine_current(void);

/* Append @co to a singly linked coroutine queue (co_queue_next link). */
static inline void coroutine_queue_push(Coroutine **head, Coroutine **tail,
                                        Coroutine *co)
{
    co->co_queue_next = NULL;
    if (*tail) {
        (*tail)->co_queue_next = co;
    } else {
        *head = co;
    }
    *tail = co;
}

static inline Coroutine *coroutine_queue_pop(Coroutine **head, Coroutine **tail)
{
    Coroutine *co = *head;

    if (co) {
        *head = co->co_queue_next;
        if (!*head) {
            *tail = NULL;
        }
        co->co_queue_next = NULL;
    }
    return co;
}

#endif
