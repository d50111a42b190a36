/*
 * Coroutine backend: each coroutine gets an mmap'ed stack with a guard
 * page. A new stack is entered once (a few instructions of x86-64 assembly,
 * or makecontext/swapcontext elsewhere), where the trampoline saves its
 * context and jumps back; after that every switch is a sigsetjmp/siglongjmp
 * pair without signal-mask syscalls.
 *
 * With AddressSanitizer, every switch is announced to ASan
 * (__sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber) so it
 * knows which stack is live.
 */
#include "qemu/osdep.h"
#include "qemu/coroutine_int.h"

#include <setjmp.h>
#include <sys/mman.h>
#include <ucontext.h>

#if defined(__SANITIZE_ADDRESS__)
#define CONFIG_ASAN_FIBERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONFIG_ASAN_FIBERS 1
#endif
#endif

#ifdef CONFIG_ASAN_FIBERS
#include <sanitizer/common_interface_defs.h>
/*
 * Frames that span a switch keep their locals on the real stack: with
 * detect_stack_use_after_return, ASan would put them in a "fake stack"
 * that dies when a coroutine terminates, yet a pooled coroutine resumes
 * in those very frames when it is reused.
 */
#define NO_FAKE_STACK __attribute__((no_sanitize_address))
#else
#define NO_FAKE_STACK
#endif

#define COROUTINE_STACK_SIZE (1 << 20)

typedef struct CoroutineUContext {
    Coroutine base;
    void *map;              /* the whole mapping, guard page first */
    size_t map_size;
    void *stack;            /* NULL for a thread's leader */
    size_t stack_size;
    sigjmp_buf env;
    void *asan_fake_stack;
    /* Only during creation: where the new stack returns to the creator. */
    sigjmp_buf *creation_env;
    struct CoroutineUContext *creator;
} CoroutineUContext;

/* The coroutine that represents each thread's own stack. */
static __thread CoroutineUContext leader;
static __thread Coroutine *current;
#ifdef CONFIG_ASAN_FIBERS
/* Who performed the switch we are landing from (same thread). */
static __thread CoroutineUContext *asan_switch_source;
#endif

/*
 * Coroutines can migrate between threads, so a thread-local's address must
 * never be cached across a switch: go through non-inlined accessors.
 */
static __attribute__((noinline)) Coroutine *get_current(void)
{
    return current;
}

static __attribute__((noinline)) void set_current(Coroutine *co)
{
    current = co;
}

static __attribute__((noinline)) CoroutineUContext *get_leader(void)
{
    return &leader;
}

#ifdef CONFIG_ASAN_FIBERS
static __attribute__((noinline)) void set_asan_switch_source(CoroutineUContext *c)
{
    asan_switch_source = c;
}

static __attribute__((noinline)) CoroutineUContext *get_asan_switch_source(void)
{
    return asan_switch_source;
}
#endif

/* Tell ASan we leave the current stack for @to (NULL save: never return). */
static inline void asan_start_switch(CoroutineUContext *from, bool terminating,
                                     CoroutineUContext *to)
{
#ifdef CONFIG_ASAN_FIBERS
    set_asan_switch_source(from);
    if (terminating) {
        /* Its fake stack dies now; a reused coroutine starts afresh. */
        from->asan_fake_stack = NULL;
    }
    __sanitizer_start_switch_fiber(terminating ? NULL : &from->asan_fake_stack,
                                   to->stack, to->stack_size);
#endif
}

/* Tell ASan we arrived on @self's stack; learn the leader's bounds. */
static inline NO_FAKE_STACK void asan_finish_switch(CoroutineUContext *self)
{
#ifdef CONFIG_ASAN_FIBERS
    const void *bottom_old = NULL;
    size_t size_old = 0;
    CoroutineUContext *source;

    __sanitizer_finish_switch_fiber(self->asan_fake_stack, &bottom_old,
                                    &size_old);
    source = get_asan_switch_source();
    if (source && source->map == NULL && bottom_old) {
        /* A leader: ASan reports where its (thread) stack is. */
        source->stack = (void *)bottom_old;
        source->stack_size = size_old;
    }
#endif
}

static NO_FAKE_STACK void coroutine_trampoline_ptr(uintptr_t p)
{
    CoroutineUContext *self = (CoroutineUContext *)p;
    Coroutine *co = &self->base;

    asan_finish_switch(self);
    /* Save this point, then go straight back to qemu_coroutine_new(). */
    if (!sigsetjmp(self->env, 0)) {
        asan_start_switch(self, false, self->creator);
        siglongjmp(*self->creation_env, 1);
    }
    /* First entry, from qemu_coroutine_switch(). */
    asan_finish_switch(self);
    for (;;) {
        co->entry(co->entry_arg);
        qemu_coroutine_switch(co, co->caller, COROUTINE_TERMINATE);
    }
}

#if defined(__x86_64__)
/*
 * Start coroutine_trampoline_ptr(@arg) on the stack ending at @top. It
 * never returns here (it longjmps back to the creator), so nothing needs
 * saving; rbp is cleared to end frame-pointer walks on the new stack.
 */
static QEMU_NORETURN void start_on_stack(void *top, uintptr_t arg)
{
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "xor %%ebp, %%ebp\n\t"
                     "call *%1\n\t"
                     "ud2\n\t"
                     :
                     : "c"(top), "a"(coroutine_trampoline_ptr), "D"(arg)
                     : "memory");
    __builtin_unreachable();
}
#else
/* Portable start through makecontext (ASan warns about swapcontext). */
static void coroutine_trampoline_ints(int lo, int hi)
{
    coroutine_trampoline_ptr(((uintptr_t)(unsigned int)hi << 32) |
                             (unsigned int)lo);
}

static void start_on_stack(void *top, uintptr_t p)
{
    CoroutineUContext *co = (CoroutineUContext *)p;
    ucontext_t old_uc, uc;

    if (getcontext(&uc) < 0) {
        fprintf(stderr, "qemu: getcontext failed: %s\n", strerror(errno));
        abort();
    }
    uc.uc_link = NULL;
    uc.uc_stack.ss_sp = co->stack;
    uc.uc_stack.ss_size = co->stack_size;
    uc.uc_stack.ss_flags = 0;
    makecontext(&uc, (void (*)(void))coroutine_trampoline_ints, 2,
                (int)(p & 0xffffffffu), (int)(p >> 32));
    swapcontext(&old_uc, &uc);
}
#endif

static void *alloc_stack(size_t size, void **map, size_t *map_size)
{
    size_t page = getpagesize();
    void *p;

    *map_size = size + page;
    p = mmap(NULL, *map_size, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "qemu: cannot allocate a coroutine stack: %s\n",
                strerror(errno));
        abort();
    }
    /* Stacks grow down: an overflow hits this inaccessible page. */
    if (mprotect(p, page, PROT_NONE) < 0) {
        fprintf(stderr, "qemu: cannot protect a coroutine stack: %s\n",
                strerror(errno));
        abort();
    }
    *map = p;
    return (char *)p + page;
}

NO_FAKE_STACK Coroutine *qemu_coroutine_new(void)
{
    CoroutineUContext *co = g_new0(CoroutineUContext, 1);
    CoroutineUContext *volatile self;   /* used after sigsetjmp returns */
    sigjmp_buf old_env;
    char *top;

    co->stack_size = COROUTINE_STACK_SIZE;
    co->stack = alloc_stack(co->stack_size, &co->map, &co->map_size);
    /* The ABI wants a 16-byte aligned stack at a call. */
    top = (char *)((uintptr_t)((char *)co->stack + co->stack_size) & ~(uintptr_t)15);

    self = (CoroutineUContext *)get_current();
    if (!self) {
        self = get_leader();
    }
    co->creation_env = &old_env;
    co->creator = self;
    if (!sigsetjmp(old_env, 0)) {
        asan_start_switch(self, false, co);
        start_on_stack(top, (uintptr_t)co);
    }
    asan_finish_switch(self);
    co->creation_env = NULL;
    co->creator = NULL;
    return &co->base;
}

void qemu_coroutine_delete(Coroutine *co_)
{
    CoroutineUContext *co = container_of(co_, CoroutineUContext, base);

    munmap(co->map, co->map_size);
    g_free(co);
}

NO_FAKE_STACK CoroutineAction qemu_coroutine_switch(Coroutine *from_, Coroutine *to_,
                                      CoroutineAction action)
{
    CoroutineUContext *from = container_of(from_, CoroutineUContext, base);
    CoroutineUContext *to = container_of(to_, CoroutineUContext, base);
    int ret;

    set_current(to_);
    ret = sigsetjmp(from->env, 0);
    if (ret == 0) {
        asan_start_switch(from, action == COROUTINE_TERMINATE, to);
        siglongjmp(to->env, action);
    }
    asan_finish_switch(from);
    return ret;
}

Coroutine *qemu_coroutine_current(void)
{
    return get_current();
}

Coroutine *qemu_coroutine_self(void)
{
    Coroutine *self = get_current();

    if (!self) {
        self = &get_leader()->base;
        set_current(self);
    }
    return self;
}

bool qemu_in_coroutine(void)
{
    Coroutine *self = get_current();

    return self && self->caller;
}
