/*
 * Start-up registration of types and drivers.
 *
 * A file that defines QOM types ends with
 *
 *     static void my_register_types(void)
 *     {
 *         type_register_static(&my_type_info);
 *     }
 *     type_init(my_register_types)
 *
 * type_init() plants a constructor that only queues the function; nothing
 * runs before main(). The queued functions of one kind run once, in the
 * order they were queued, at the first module_call_init() of that kind.
 * The QOM type system calls module_call_init(MODULE_INIT_QOM) itself on its
 * first lookup, so a program may call it explicitly (as QEMU's main() does)
 * or not at all.
 *
 * Linking caveat: a constructor in a static library is linked only when its
 * object file is pulled in for another reason. A file that holds nothing
 * but a type must either be linked as an object (a source set, or
 * link_whole) or be referenced from code that is linked.
 */
#ifndef QEMU_MODULE_H
#define QEMU_MODULE_H

typedef enum module_init_type {
    MODULE_INIT_MIGRATION,
    MODULE_INIT_BLOCK,
    MODULE_INIT_OPTS,
    MODULE_INIT_QOM,
    MODULE_INIT_TRACE,
    MODULE_INIT_MAX
} module_init_type;

/* Queue @fn to run at module_call_init(@type). Called by the macros below. */
void register_module_init(void (*fn)(void), module_init_type type);

/*
 * Run every function queued for @type that has not run yet. Functions
 * queued while it runs (a registration that registers more) run too.
 */
void module_call_init(module_init_type type);

#define module_init(function, type)                                        \
    static void __attribute__((constructor)) do_qemu_init_##function(void) \
    {                                                                      \
        register_module_init(function, type);                              \
    }

#define type_init(function) module_init(function, MODULE_INIT_QOM)
#define block_init(function) module_init(function, MODULE_INIT_BLOCK)
#define opts_init(function) module_init(function, MODULE_INIT_OPTS)
#define trace_init(function) module_init(function, MODULE_INIT_TRACE)

#endif
