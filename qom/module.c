/*
 * Start-up registration queues (see include/qemu/module.h).
 *
 * Constructors only append to a queue: GLib is usable there, but the order
 * in which constructors of different files run is unspecified, so no
 * registration function may depend on another having run. Running them
 * later, on demand, removes that hazard.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"

typedef struct ModuleQueue {
    GPtrArray *fns;     /* void (*)(void), in registration order */
    guint next;         /* index of the first function not yet run */
} ModuleQueue;

static ModuleQueue module_queues[MODULE_INIT_MAX];

void register_module_init(void (*fn)(void), module_init_type type)
{
    ModuleQueue *q;

    g_assert(type >= 0 && type < MODULE_INIT_MAX);
    q = &module_queues[type];
    if (!q->fns) {
        q->fns = g_ptr_array_new();
    }
    g_ptr_array_add(q->fns, (gpointer)fn);
}

void module_call_init(module_init_type type)
{
    ModuleQueue *q;

    g_assert(type >= 0 && type < MODULE_INIT_MAX);
    q = &module_queues[type];
    /* Advance before calling so that a nested call does not rerun @fn. */
    while (q->fns && q->next < q->fns->len) {
        void (*fn)(void) = (void (*)(void))g_ptr_array_index(q->fns, q->next);

        q->next++;
        fn();
    }
}
