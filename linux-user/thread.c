/*
 * Guest threads: clone/clone3 with CLONE_VM|CLONE_THREAD, thread exit,
 * the thread-id syscalls (set_tid_address, robust lists, futex) and the
 * locking around fork().
 *
 * Each guest thread runs on its own host thread with its own vCPU (an
 * X86CPU copied from the parent's at clone time).  Guest thread ids are
 * the host thread ids, so gettid/tgkill/futex pass straight through.
 * The translation-side rules (what is shared, which lock guards what) are
 * in docs/devel/tcg-exec.md.
 */
#include "qemu/osdep.h"
#include <sys/syscall.h>
#include <sched.h>
#include <linux/futex.h>
#include <pthread.h>
#include "qemu.h"
#include "tcg/tcg.h"
#include "exec/cpus-exclusive.h"

/* the flags glibc's pthread_create passes, all required for a thread */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                      CLONE_THREAD)
/* what a thread clone may add to them */
#define THREAD_OPT_FLAGS (CLONE_SYSVSEM | CLONE_SETTLS | \
                          CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
                          CLONE_CHILD_CLEARTID | CLONE_DETACHED)
/* what a fork-like clone may have (the exit signal aside) */
#define FORK_FLAGS (CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
                    CLONE_CHILD_CLEARTID | CLONE_SETTLS | CLONE_VFORK | \
                    CLONE_VM)

/* host stack of a guest thread: the emulator's own frames only */
#define THREAD_HOST_STACK (1024 * 1024)

/* The calling guest thread (host thread-local). */
typedef struct ThreadSelf {
    uint64_t clear_child_tid;   /* guest address, 0: none */
    bool main;                  /* the process's first thread */
    bool started;               /* a thread created by clone */
    sigjmp_buf exit_jmp;        /* thread_start(): the thread ends */
} ThreadSelf;

static __thread ThreadSelf self = { .main = true };

/* live guest threads: exit of the last one ends the process */
static GMutex thread_lock;
static int nr_threads = 1;
static int next_cpu_index = 1;

/* what the parent hands its new thread */
typedef struct NewThread {
    X86CPU *cpu;
    ExclusiveThread *excl;      /* registered busy by the parent */
    uint64_t flags, ptid, ctid;
    uint64_t guest_blocked;
    sigset_t host_mask;
    GMutex lock;
    GCond cond;
    pid_t tid;                  /* set by the child once it runs */
} NewThread;

static bool guest_u32_ok(uint64_t addr)
{
    return addr && !(addr & 3) && guest_range_valid(addr, 4);
}

static void store_guest_u32(uint64_t addr, uint32_t v)
{
    __atomic_store_n((uint32_t *)g2h_untagged(addr), v, __ATOMIC_SEQ_CST);
}

static void *thread_start(void *opaque)
{
    NewThread *nt = opaque;
    X86CPU *cpu = nt->cpu;
    CPUX86State *env = &cpu->env;
    pid_t tid = gettid();

    /* first: a store below may hit a write-protected code page */
    current_cpu = &cpu->parent;
    cpu_exclusive_thread_attach(nt->excl);
    self.main = false;
    self.started = true;
    self.clear_child_tid = 0;
    if ((nt->flags & CLONE_CHILD_CLEARTID) && guest_u32_ok(nt->ctid)) {
        self.clear_child_tid = nt->ctid;
    }
    /* the kernel writes both before either thread returns to the guest */
    if ((nt->flags & CLONE_CHILD_SETTID) && guest_u32_ok(nt->ctid)) {
        store_guest_u32(nt->ctid, tid);
    }
    if (nt->flags & CLONE_PARENT_SETTID) {
        store_guest_u32(nt->ptid, tid);
    }
    x86_mxcsr_to_host(env);
    /* the parent's mask, as the kernel gives a new thread */
    pthread_sigmask(SIG_SETMASK, &nt->host_mask, NULL);
    signal_thread_start(nt->guest_blocked);

    g_mutex_lock(&nt->lock);
    nt->tid = tid;
    g_cond_signal(&nt->cond);
    g_mutex_unlock(&nt->lock);
    /* nt is gone from here on (the parent's stack) */

    if (sigsetjmp(self.exit_jmp, 0) == 0) {
        cpu_loop(env);
    }
    /* do_exit_thread() cleaned up and jumped here */
    return NULL;
}

/* a new vCPU for a thread: the parent's registers, as the kernel copies */
static X86CPU *cpu_copy(CPUX86State *env)
{
    X86CPU *parent = env_archcpu(env);
    X86CPU *cpu = g_new0(X86CPU, 1);

    x86_mxcsr_from_host(env);
    cpu->env = *env;
    cpu->parent.env_ptr = &cpu->env;
    cpu->parent.tcg_ops = parent->parent.tcg_ops;
    cpu->parent.opaque = cpu;
    cpu->parent.singlestep_enabled = parent->parent.singlestep_enabled;
    return cpu;
}

static int64_t clone_thread(CPUX86State *env, uint64_t flags, uint64_t newsp,
                            uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    NewThread nt = { .flags = flags, .ptid = ptid, .ctid = ctid, .tid = 0 };
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all;
    X86CPU *cpu;
    int err;

    if ((flags & THREAD_FLAGS) != THREAD_FLAGS ||
        (flags & ~(uint64_t)(THREAD_FLAGS | THREAD_OPT_FLAGS | CSIGNAL))) {
        return -EINVAL;
    }
    if ((flags & CLONE_PARENT_SETTID) && !guest_u32_ok(ptid)) {
        return -EFAULT;
    }
    cpu = cpu_copy(env);
    cpu->env.regs[R_EAX] = 0;
    if (newsp) {
        cpu->env.regs[R_ESP] = newsp;
    }
    if (flags & CLONE_SETTLS) {
        cpu->env.segs[R_FS].base = tls;
    }
    g_mutex_lock(&thread_lock);
    cpu->parent.cpu_index = next_cpu_index++;
    nr_threads++;
    g_mutex_unlock(&thread_lock);
    cpu_exec_realizefn(&cpu->parent);

    nt.cpu = cpu;
    /*
     * Busy from the start: a fork by another thread waits until the new
     * one is at a safe point (its start-up allocates, under host locks).
     */
    nt.excl = cpu_exclusive_thread_new(&cpu->parent);
    nt.guest_blocked = signal_current_blocked();
    g_mutex_init(&nt.lock);
    g_cond_init(&nt.cond);
    /* no host signal may reach the new thread before its mask is set */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &nt.host_mask);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, THREAD_HOST_STACK);
    err = pthread_create(&th, &attr, thread_start, &nt);
    pthread_attr_destroy(&attr);
    if (err == 0) {
        /* idle while waiting: the child may have to stop for a fork first */
        cpu_exec_end();
        g_mutex_lock(&nt.lock);
        while (!nt.tid) {
            g_cond_wait(&nt.cond, &nt.lock);
        }
        g_mutex_unlock(&nt.lock);
        cpu_exec_start();
    }
    pthread_sigmask(SIG_SETMASK, &nt.host_mask, NULL);
    g_cond_clear(&nt.cond);
    g_mutex_clear(&nt.lock);
    if (err) {
        cpu_exclusive_thread_discard(nt.excl);
        cpu_exec_unrealizefn(&cpu->parent);
        g_free(cpu);
        g_mutex_lock(&thread_lock);
        nr_threads--;
        g_mutex_unlock(&thread_lock);
        return -EAGAIN;
    }
    return nt.tid;
}

/* a fork-like clone: a new process whose only thread is this one's copy */
static int64_t clone_fork(CPUX86State *env, uint64_t flags, uint64_t newsp,
                          uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    int64_t r;

    if ((flags & CLONE_PARENT_SETTID) && !guest_u32_ok(ptid)) {
        return -EFAULT;
    }
    fork_start();
    r = do_fork(flags & CSIGNAL);
    if (r != 0) {
        fork_end(false);
        if (r > 0 && (flags & CLONE_PARENT_SETTID)) {
            store_guest_u32(ptid, r);
        }
        return r;
    }
    fork_end(true);
    signal_fork_child();
    if (newsp) {
        env->regs[R_ESP] = newsp;
    }
    if (flags & CLONE_SETTLS) {
        env->segs[R_FS].base = tls;
    }
    if ((flags & CLONE_CHILD_SETTID) && guest_u32_ok(ctid)) {
        store_guest_u32(ctid, gettid());
    }
    /* the parent thread's set_tid_address does not carry over */
    self.clear_child_tid = 0;
    if ((flags & CLONE_CHILD_CLEARTID) && guest_u32_ok(ctid)) {
        self.clear_child_tid = ctid;
    }
    return 0;
}

int64_t do_clone(CPUX86State *env, uint64_t flags, uint64_t newsp,
                 uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    if (flags & CLONE_VFORK) {
        /* the child gets a copy of the memory (as in QEMU): no sharing */
        flags &= ~(uint64_t)(CLONE_VFORK | CLONE_VM);
    }
    if (flags & CLONE_VM) {
        return clone_thread(env, flags, newsp, ptid, ctid, tls);
    }
    if (flags & ~(uint64_t)(FORK_FLAGS | CSIGNAL)) {
        return -EINVAL;     /* namespaces, CLONE_FILES without VM, ... */
    }
    return clone_fork(env, flags, newsp, ptid, ctid, tls);
}

/* struct clone_args (include/uapi/linux/sched.h), version 2 */
typedef struct TargetCloneArgs {
    uint64_t flags;
    uint64_t pidfd;
    uint64_t child_tid;
    uint64_t parent_tid;
    uint64_t exit_signal;
    uint64_t stack;
    uint64_t stack_size;
    uint64_t tls;
    uint64_t set_tid;
    uint64_t set_tid_size;
    uint64_t cgroup;
} TargetCloneArgs;

#define CLONE_ARGS_SIZE_VER0 64

int64_t do_clone3(CPUX86State *env, uint64_t uargs, uint64_t size)
{
    TargetCloneArgs ca = { 0 };
    uint64_t sp = 0;

    if (size > 4096) {
        return -E2BIG;
    }
    if (size < CLONE_ARGS_SIZE_VER0) {
        return -EINVAL;
    }
    if (!guest_range_valid(uargs, size)) {
        return -EFAULT;
    }
    /* a larger struct than ours: its tail must be zero (as the kernel) */
    for (uint64_t i = sizeof(ca); i < size; i++) {
        if (*(uint8_t *)g2h_untagged(uargs + i)) {
            return -E2BIG;
        }
    }
    memcpy(&ca, g2h_untagged(uargs), MIN(size, sizeof(ca)));
    if (ca.exit_signal & ~(uint64_t)CSIGNAL || (ca.flags & CSIGNAL) ||
        (!ca.stack) != (!ca.stack_size)) {
        return -EINVAL;
    }
    if (ca.set_tid_size || (ca.flags & ~(uint64_t)0xffffffff)) {
        /* pid choice, cgroups, pidfds: not emulated, glibc falls back */
        return -ENOSYS;
    }
    if (ca.flags & CLONE_PIDFD) {
        return -ENOSYS;
    }
    if (ca.stack) {
        sp = ca.stack + ca.stack_size;
    }
    if ((ca.flags & CLONE_THREAD) && ca.exit_signal) {
        return -EINVAL;
    }
    return do_clone(env, ca.flags | ca.exit_signal, sp, ca.parent_tid,
                    ca.child_tid, ca.tls);
}

/* the kernel's exit-time duty for CLONE_CHILD_CLEARTID/set_tid_address */
static void clear_child_tid(void)
{
    uint64_t addr = self.clear_child_tid;

    self.clear_child_tid = 0;
    if (!addr || !guest_u32_ok(addr)) {
        return;
    }
    /*
     * The kernel does this after the thread is gone: it ran on the stack
     * pthread_join's caller may now free.  This host thread runs on its
     * own stack and touches no guest memory after the store, so doing it
     * now is as safe.
     */
    store_guest_u32(addr, 0);
    syscall(__NR_futex, g2h_untagged(addr), FUTEX_WAKE, 1, NULL, NULL, 0);
}

void do_exit_thread(CPUX86State *env, int code)
{
    X86CPU *cpu = env_archcpu(env);
    bool last;

    g_mutex_lock(&thread_lock);
    last = nr_threads == 1;
    if (!last) {
        nr_threads--;
    }
    g_mutex_unlock(&thread_lock);
    if (last) {
        /* the process's exit status is the last thread's */
        do_exit_group(code);
    }
    cpu_exec_unrealizefn(&cpu->parent);
    tcg_unregister_thread();
    /* no host signal for this thread any more; its pending ones move on */
    signal_thread_exit();
    /*
     * Late: a joiner may find this thread gone as soon as it wakes.  The
     * vCPU is still current_cpu (the store may fault on a code page).
     */
    clear_child_tid();
    current_cpu = NULL;
    if (self.started) {
        cpu_exclusive_thread_forget_cpu();
        g_free(cpu);
        /* last: a fork waits for this thread until here */
        cpu_exclusive_thread_remove();
        siglongjmp(self.exit_jmp, 1);
    }
    /*
     * The first thread has no pthread to return from: end only it (its
     * vCPU stays allocated, main()'s frame still points at it).  Other
     * threads keep the process alive.
     */
    cpu_exclusive_thread_remove();
    syscall(__NR_exit, code);
    abort();    /* not reached: SYS_exit does not return */
}

int64_t do_set_tid_address(uint64_t addr)
{
    self.clear_child_tid = addr;
    return gettid();
}

/*
 * Robust futex lists are walked by the kernel, with host pointers, when
 * a thread dies.  With guest_base == 0 guest pointers are host pointers
 * and the list can be registered as it is.  Otherwise the kernel would
 * follow guest addresses in the host's space: not supported (as in
 * QEMU); glibc then makes robust mutexes fail with ENOTSUP.
 */
int64_t do_set_robust_list(uint64_t head, uint64_t len)
{
    if (guest_base) {
        return -ENOSYS;
    }
    return syscall(__NR_set_robust_list, (void *)(uintptr_t)head, len) ?
           -errno : 0;
}

int64_t do_get_robust_list(int pid, uint64_t head_ptr, uint64_t len_ptr)
{
    if (guest_base) {
        return -ENOSYS;
    }
    return syscall(__NR_get_robust_list, pid, g2h_untagged(head_ptr),
                   g2h_untagged(len_ptr)) ? -errno : 0;
}

/* futex: which arguments are guest pointers depends on the operation */
int64_t do_futex(uint64_t uaddr, int op, uint64_t val, uint64_t timeout,
                 uint64_t uaddr2, uint64_t val3)
{
    bool timeout_ptr = false, uaddr2_ptr = false;

    switch (op & FUTEX_CMD_MASK) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
        timeout_ptr = true;
        break;
    case FUTEX_WAIT_REQUEUE_PI:
        timeout_ptr = uaddr2_ptr = true;
        break;
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_CMP_REQUEUE_PI:
        uaddr2_ptr = true;      /* timeout is the count val2 */
        break;
    default:
        break;
    }
    /* a wait must end when a guest signal arrives: safe_syscall */
    return safe_syscall(__NR_futex, (uintptr_t)g2h_untagged(uaddr), op,
                        (uint32_t)val,
                        timeout_ptr && timeout
                        ? (uintptr_t)g2h_untagged(timeout) : timeout,
                        uaddr2_ptr ? (uintptr_t)g2h_untagged(uaddr2) : uaddr2,
                        (uint32_t)val3);
}

/*
 * fork() from a process with several threads: no other thread may hold
 * a lock the child needs (the child has only the forking thread).  Our
 * own locks are taken here; the host's (libc's, GLib's, the sanitizer
 * allocator's) are free because every other thread is stopped at a safe
 * point, outside generated code and outside any syscall work that could
 * hold them (start_exclusive).
 */
void fork_start(void)
{
    start_exclusive();
    g_mutex_lock(&thread_lock);
    tb_fork_start();    /* tb_lock = mmap_lock: TB tables, code, memory map */
}

void fork_end(bool child)
{
    tb_fork_end(current_cpu, child);
    if (child) {
        /* the forking thread is the child's only one */
        nr_threads = 1;
    }
    g_mutex_unlock(&thread_lock);
    if (child) {
        cpu_exclusive_fork_child();
    } else {
        end_exclusive();
    }
}
