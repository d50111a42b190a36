/*
 * Guest signals, delivered the way the x86_64 Linux kernel does.
 *
 * Host side.  Guest and host signal numbers are the same.  Each host
 * signal the guest handles (or whose default action dumps core) is caught
 * by host_signal_handler(), which only records it in the receiving
 * thread's TaskSignals, blocks every other host signal in that thread
 * until the guest has taken it, and asks the vCPU to leave generated code
 * (cpu_exit).  Signals the guest ignores, and those whose default action
 * is to terminate, stop or be ignored, are left to the host kernel with
 * the same disposition, so the process ends, stops or carries on exactly
 * as natively, and an ignored SIGCHLD keeps its reaping semantics.
 *
 * The host mask of a thread follows its guest mask (minus SIGSEGV and
 * SIGBUS, which the emulator needs for guest faults and self-modifying
 * code), so the host kernel picks the thread of a process-wide signal and
 * keeps blocked signals pending, and sigpending/sigtimedwait/signalfd see
 * them where the guest expects them.
 *
 * Guest side.  cpu_loop calls process_pending_signals() after every exit
 * from generated code and every syscall: it builds the kernel's
 * rt_sigframe (signal-frame.c) and points the guest at the handler.
 * Syscalls that may block run through safe_syscall() (safe-syscall.S for
 * the race it closes and how SA_RESTART is honoured).  Synchronous guest
 * faults (handle_guest_exception) are forced the way the kernel forces
 * them: blocked or ignored, they kill the process.
 *
 * Threads: the actions are process-wide (sigact[], under sigact_lock);
 * everything else is per thread (task_sig, thread-local).
 */
#include "qemu/osdep.h"
#include <sys/resource.h>
#include <sys/syscall.h>
#include <pthread.h>
#include "qemu.h"
#include "helper.h"
#include "translate.h"
#include "signal-common.h"
#include "exec/cpus-exclusive.h"

/* the kernel's struct sigaction for the raw rt_sigaction syscall */
typedef struct HostSigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
} HostSigaction;

#define HOST_SA_RESTORER 0x04000000

/* safe-syscall.S */
long safe_syscall_base(const int *pending, long nr, long a1, long a2,
                       long a3, long a4, long a5, long a6);
extern const char safe_syscall_start[], safe_syscall_end[];
extern const char safe_syscall_interrupted[];
void host_signal_restorer(void);

/* never blocked, never caught (kernel rule) */
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* never blocked on the host: guest faults and self-modifying code */
#define HOST_UNBLOCKABLE (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS))
/* the kernel delivers these first (SYNCHRONOUS_MASK) */
#define SYNCHRONOUS_MASK (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | \
                          SIGBIT(SIGTRAP) | SIGBIT(SIGFPE) | SIGBIT(SIGSYS))

typedef enum DefaultAction {
    DFL_TERM, DFL_CORE, DFL_IGNORE, DFL_STOP, DFL_CONT,
} DefaultAction;

typedef struct TaskSignals {
    /*
     * Nonzero: a signal may be deliverable; checked by safe_syscall's
     * last instruction before the syscall and by process_pending_signals.
     */
    int signal_pending;
    /* recorded by the host handler, not yet delivered (SIGBIT) */
    uint64_t pending;
    TargetSiginfo info[TARGET_NSIG];
    /* a synchronous fault waiting for delivery (0: none) */
    int sync_sig;
    TargetSiginfo sync_info;
    /* si_code of the last host fault in guest code */
    int fault_code;
    FaultState fault;
    uint64_t blocked;
    /* rt_sigsuspend: the mask to restore once a handler ran */
    bool in_sigsuspend;
    uint64_t sigsuspend_saved;
    AltStack altstack;
    /* copy_to/from_guest: a host fault there jumps here */
    sigjmp_buf *copy_recover;
} TaskSignals;

static __thread TaskSignals task_sig = {
    .altstack = { .flags = TARGET_SS_DISABLE },
};

static TargetSigaction sigact[TARGET_NSIG + 1];
static pthread_mutex_t sigact_lock = PTHREAD_MUTEX_INITIALIZER;

static DefaultAction default_action(int sig)
{
    switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
    case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return DFL_CORE;
    case SIGCHLD: case SIGURG: case SIGWINCH:
        return DFL_IGNORE;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return DFL_STOP;
    case SIGCONT:
        return DFL_CONT;
    default:
        return DFL_TERM;
    }
}

static void host_sigmask(uint64_t mask)
{
    syscall(__NR_rt_sigprocmask, SIG_SETMASK, &mask, NULL, 8);
}

static void host_block_all(void)
{
    host_sigmask(~HOST_UNBLOCKABLE);
}

/* the host mask of this thread becomes its guest mask again */
static void host_mask_follow_guest(void)
{
    host_sigmask(task_sig.blocked & ~HOST_UNBLOCKABLE);
}

/* after the guest mask or the queue changed */
static void recalc_signal_pending(TaskSignals *ts)
{
    if (ts->sync_sig ||
        (__atomic_load_n(&ts->pending, __ATOMIC_RELAXED) & ~ts->blocked)) {
        __atomic_store_n(&ts->signal_pending, 1, __ATOMIC_RELAXED);
    }
}

/* ---- host signal handler ---- */

void raise_code_fetch_fault(CPUState *cs, uint64_t addr)
{
    CPUX86State *env = cs->env_ptr;

    task_sig.fault_code = SEGV_ACCERR;
    env->eip = x86_translating_pc;
    x86_translating_pc = -1;
    env->cr2 = addr;
    env->error_code = 0x15;     /* present, user, instruction fetch */
    cs->exception_index = EXCP0E_PAGE;
    cpu_loop_exit(cs);
}

/* a host SIGSEGV/SIGBUS raised by an access (not sent by kill) */
static void host_fault(int sig, siginfo_t *info, ucontext_t *uc)
{
    TaskSignals *ts = &task_sig;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];
    uint64_t addr = (uintptr_t)info->si_addr - guest_base;
    bool is_write = uc->uc_mcontext.gregs[REG_ERR] & 2;
    CPUState *cs = current_cpu;
    CPUX86State *env;
    uintptr_t ra = 0;
    int err;

    if (cs && sig == SIGSEGV && is_write && page_unprotect(addr)) {
        /* a write to translated code: drop its TBs, then redo the store */
        uintptr_t wra = tcg_tb_lookup(pc) ? pc + 1 : helper_retaddr;
        /*
         * The whole page: once it has no TB left, the next translation
         * there write-protects it again (tb_code_page_hook).
         */
        tb_check_code_write(cs, addr & TARGET_PAGE_MASK, TARGET_PAGE_SIZE,
                            wra);
        return;
    }
    if (ts->copy_recover) {
        siglongjmp(*ts->copy_recover, 1);
    }
    if (!cs) {
        goto host_bug;
    }
    env = cs->env_ptr;
    /* the host's page fault error code is the one native would get */
    err = uc->uc_mcontext.gregs[REG_ERR];
    if (tcg_tb_lookup(pc)) {
        ra = pc + 1;            /* a faulting pc, not a return address */
    } else if (helper_retaddr) {
        ra = helper_retaddr;
        helper_retaddr = 0;
    } else if (x86_translating_pc != (uint64_t)-1) {
        env->eip = x86_translating_pc;
        x86_translating_pc = -1;
        err |= 0x10;                    /* PF_INSTR: fetching code */
    } else {
        goto host_bug;
    }
    ts->fault_code = info->si_code;
    env->cr2 = addr;
    env->error_code = err;
    cs->exception_index = sig == SIGBUS ? EXCP11_ALGN + 0x1000
                                        : EXCP0E_PAGE;
    if (ra) {
        cpu_restore_state(cs, ra);
    }
    cpu_loop_exit(cs);

host_bug:
    /* a bug of the emulator itself: die with the signal */
    signal(sig, SIG_DFL);
}

static void host_signal_handler(int sig, siginfo_t *info, void *puc)
{
    ucontext_t *uc = puc;
    TaskSignals *ts = &task_sig;
    int saved_errno = errno;
    uintptr_t pc;

    if ((sig == SIGSEGV || sig == SIGBUS) && info->si_code > 0) {
        host_fault(sig, info, uc);
        errno = saved_errno;
        return;
    }
    memcpy(&ts->info[sig - 1], info, sizeof(TargetSiginfo));
    __atomic_fetch_or(&ts->pending, SIGBIT(sig), __ATOMIC_SEQ_CST);
    __atomic_store_n(&ts->signal_pending, 1, __ATOMIC_SEQ_CST);
    /*
     * No further host signal for this thread until the guest has taken
     * this one (process_pending_signals restores the mask): the kernel
     * hands process-wide signals to other threads meanwhile.  The kernel
     * reads the first 64 bits of uc_sigmask.
     */
    {
        uint64_t all = ~HOST_UNBLOCKABLE;
        memcpy(&uc->uc_sigmask, &all, sizeof(all));
    }
    if (current_cpu) {
        cpu_exit(current_cpu);
    }
    pc = uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)safe_syscall_start &&
        pc < (uintptr_t)safe_syscall_end) {
        /* before (or restarting) the syscall: do not enter it */
        uc->uc_mcontext.gregs[REG_RIP] = (uintptr_t)safe_syscall_interrupted;
    }
    errno = saved_errno;
}

/* set the host disposition of @sig from the guest's (sigact_lock held) */
static void host_action_install(int sig)
{
    const TargetSigaction *ka = &sigact[sig];
    HostSigaction ha = {
        .flags = SA_SIGINFO | HOST_SA_RESTORER,
        .restorer = host_signal_restorer,
    };

    if (sig == SIGKILL || sig == SIGSTOP) {
        return;
    }
    if (sig == SIGSEGV || sig == SIGBUS) {
        /* guest faults leave the handler with siglongjmp: no mask change */
        ha.handler = (void *)host_signal_handler;
        ha.flags |= SA_NODEFER;
        if (ka->flags & TARGET_SA_RESTART) {
            ha.flags |= SA_RESTART;
        }
    } else if (ka->handler == TARGET_SIG_IGN) {
        ha.handler = SIG_IGN;
    } else if (ka->handler == TARGET_SIG_DFL &&
               default_action(sig) != DFL_CORE) {
        ha.handler = SIG_DFL;
    } else {
        ha.handler = (void *)host_signal_handler;
        ha.mask = ~HOST_UNBLOCKABLE;
        /* SA_RESTART: see safe-syscall.S */
        if (ka->handler == TARGET_SIG_DFL || (ka->flags & TARGET_SA_RESTART)) {
            ha.flags |= SA_RESTART;
        }
    }
    if (sig == SIGCHLD) {
        ha.flags |= ka->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT);
    }
    syscall(__NR_rt_sigaction, sig, &ha, NULL, 8);
}

void signal_init(void)
{
    uint64_t mask = 0;

    /* the mask and the ignored signals survive execve */
    syscall(__NR_rt_sigprocmask, SIG_BLOCK, NULL, &mask, 8);
    task_sig.blocked = mask & ~UNBLOCKABLE;
    pthread_mutex_lock(&sigact_lock);
    for (int sig = 1; sig <= TARGET_NSIG; sig++) {
        HostSigaction old;
        if (sig == SIGKILL || sig == SIGSTOP) {
            continue;
        }
        if (syscall(__NR_rt_sigaction, sig, NULL, &old, 8) == 0 &&
            old.handler == SIG_IGN) {
            sigact[sig].handler = TARGET_SIG_IGN;
        }
        host_action_install(sig);
    }
    pthread_mutex_unlock(&sigact_lock);
    host_mask_follow_guest();
}

/* ---- guest memory ---- */

/*
 * memcpy that survives a bad guest address: a fault inside it comes back
 * here through copy_recover (see the host fault handler) as false.
 */
static bool guarded_copy(void *dst, const void *src, size_t len)
{
    TaskSignals *ts = &task_sig;
    sigjmp_buf jb;

    if (sigsetjmp(jb, 0)) {
        ts->copy_recover = NULL;
        return false;
    }
    ts->copy_recover = &jb;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    memcpy(dst, src, len);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    ts->copy_recover = NULL;
    return true;
}

/* host page 0 is never mapped (and memcpy must not see NULL) */
static bool guest_range_plausible(uint64_t gaddr, size_t len)
{
    return gaddr + len >= gaddr && g2h_untagged(gaddr);
}

bool copy_to_guest(uint64_t gaddr, const void *src, size_t len)
{
    return guest_range_plausible(gaddr, len) &&
           guarded_copy(g2h_untagged(gaddr), src, len);
}

bool copy_from_guest(void *dst, uint64_t gaddr, size_t len)
{
    return guest_range_plausible(gaddr, len) &&
           guarded_copy(dst, g2h_untagged(gaddr), len);
}

/* ---- ending the process ---- */

void force_sig_exit(int sig)
{
    struct rlimit nocore = { 0, 0 };
    HostSigaction dfl = { .handler = SIG_DFL };
    uint64_t only = ~SIGBIT(sig);

    fflush(stdout);
    fflush(stderr);
    /* a core file would be the emulator's, not the guest's */
    setrlimit(RLIMIT_CORE, &nocore);
    syscall(__NR_rt_sigaction, sig, &dfl, NULL, 8);
    syscall(__NR_rt_sigprocmask, SIG_SETMASK, &only, NULL, 8);
    syscall(__NR_tgkill, getpid(), syscall(__NR_gettid), sig);
    _exit(128 + sig);
}

QEMU_NORETURN static void die_of(int sig)
{
    if (default_action(sig) == DFL_CORE) {
        fprintf(stderr, "qemu: uncaught target signal %d (%s) - core "
                "dumped\n", sig, strsignal(sig));
    }
    force_sig_exit(sig);
}

/* ---- delivery ---- */

static void sigact_get(int sig, TargetSigaction *ka)
{
    pthread_mutex_lock(&sigact_lock);
    *ka = sigact[sig];
    pthread_mutex_unlock(&sigact_lock);
}

/* SA_RESETHAND, and forced signals: back to SIG_DFL */
static void sigact_reset(int sig, uint64_t if_handler)
{
    pthread_mutex_lock(&sigact_lock);
    if (sigact[sig].handler == if_handler) {
        sigact[sig].handler = TARGET_SIG_DFL;
        sigact[sig].flags &= ~TARGET_SA_SIGINFO;
        host_action_install(sig);
    }
    pthread_mutex_unlock(&sigact_lock);
}

static void queue_sync_signal(TaskSignals *ts, int sig, int code,
                              uint64_t addr)
{
    memset(&ts->sync_info, 0, sizeof(ts->sync_info));
    ts->sync_info.si_signo = sig;
    ts->sync_info.si_code = code;
    ts->sync_info.fault_addr = addr;
    ts->sync_sig = sig;
    __atomic_store_n(&ts->signal_pending, 1, __ATOMIC_RELAXED);
}

/* the frame could not be written (the kernel's force_sigsegv) */
static void force_sigsegv(TaskSignals *ts, int sig, const TargetSigaction *ka)
{
    if (sig == SIGSEGV) {
        sigact_reset(SIGSEGV, ka->handler);
    }
    queue_sync_signal(ts, SIGSEGV, TARGET_SI_KERNEL, 0);
}

static void deliver_signal(CPUX86State *env, int sig,
                           const TargetSiginfo *info, bool forced)
{
    TaskSignals *ts = &task_sig;
    TargetSigaction ka;
    uint64_t saved;

    if (unlikely(user_opts.strace)) {
        /* TargetSiginfo is the host's siginfo_t layout */
        print_taken_signal(sig, (const siginfo_t *)info);
    }
    sigact_get(sig, &ka);
    if (forced && (ka.handler == TARGET_SIG_IGN ||
                   (ts->blocked & SIGBIT(sig)))) {
        /* a fault the guest cannot take is fatal (force_sig_info) */
        sigact_reset(sig, ka.handler);
        ts->blocked &= ~SIGBIT(sig);
        ka.handler = TARGET_SIG_DFL;
    }
    if (ka.handler == TARGET_SIG_IGN) {
        return;
    }
    if (ka.handler == TARGET_SIG_DFL) {
        switch (default_action(sig)) {
        case DFL_IGNORE:
        case DFL_CONT:
            return;
        case DFL_STOP:
            /* the host disposition is SIG_DFL too: it stops us */
            syscall(__NR_tgkill, getpid(), syscall(__NR_gettid), sig);
            return;
        default:
            die_of(sig);
        }
    }
    saved = ts->in_sigsuspend ? ts->sigsuspend_saved : ts->blocked;
    if (!signal_frame_setup(env, sig, &ka, info, saved, &ts->altstack,
                            &ts->fault)) {
        force_sigsegv(ts, sig, &ka);
        return;
    }
    ts->in_sigsuspend = false;
    ts->blocked |= ka.mask;
    if (!(ka.flags & TARGET_SA_NODEFER)) {
        ts->blocked |= SIGBIT(sig);
    }
    ts->blocked &= ~UNBLOCKABLE;
    if (ts->altstack.flags & TARGET_SS_AUTODISARM) {
        ts->altstack = (AltStack) { .flags = TARGET_SS_DISABLE };
    }
    if (ka.flags & TARGET_SA_RESETHAND) {
        sigact_reset(sig, ka.handler);
    }
}

/* the next deliverable recorded signal, synchronous ones first */
static int dequeue_signal(TaskSignals *ts, uint64_t allowed,
                          TargetSiginfo *info)
{
    uint64_t ready = __atomic_load_n(&ts->pending, __ATOMIC_RELAXED) &
                     allowed;
    uint64_t sync = ready & SYNCHRONOUS_MASK;
    int sig;

    if (!ready) {
        return 0;
    }
    sig = __builtin_ctzll(sync ? sync : ready) + 1;
    *info = ts->info[sig - 1];
    __atomic_fetch_and(&ts->pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
    return sig;
}

void process_pending_signals(CPUX86State *env)
{
    TaskSignals *ts = &task_sig;
    TargetSiginfo info;

    if (!__atomic_load_n(&ts->signal_pending, __ATOMIC_RELAXED)) {
        return;
    }
    /* the queue is ours alone while we look at it */
    host_block_all();
    __atomic_store_n(&ts->signal_pending, 0, __ATOMIC_RELAXED);
    for (;;) {
        int sig;
        if (ts->sync_sig) {
            sig = ts->sync_sig;
            info = ts->sync_info;
            ts->sync_sig = 0;
            deliver_signal(env, sig, &info, true);
            continue;
        }
        sig = dequeue_signal(ts, ~ts->blocked, &info);
        if (!sig) {
            break;
        }
        deliver_signal(env, sig, &info, false);
    }
    if (ts->in_sigsuspend) {
        /* nothing ran a handler: the old mask is back */
        ts->blocked = ts->sigsuspend_saved;
        ts->in_sigsuspend = false;
    }
    host_mask_follow_guest();
}

static int fpe_code(uint32_t status)
{
    if (status & 0x01) {
        return TARGET_FPE_FLTINV;
    } else if (status & 0x04) {
        return TARGET_FPE_FLTDIV;
    } else if (status & 0x08) {
        return TARGET_FPE_FLTOVF;
    } else if (status & 0x12) {
        return TARGET_FPE_FLTUND;
    } else if (status & 0x20) {
        return TARGET_FPE_FLTRES;
    }
    return 0;
}

void handle_guest_exception(CPUX86State *env, int trapnr)
{
    TaskSignals *ts = &task_sig;
    uint32_t mxcsr;

    ts->fault.trapno = trapnr;
    ts->fault.err = 0;
    switch (trapnr) {
    case EXCP00_DIVZ:
        queue_sync_signal(ts, SIGFPE, TARGET_FPE_INTDIV, env->eip);
        break;
    case EXCP10_COPR:
        queue_sync_signal(ts, SIGFPE,
                          fpe_code(env->fpus & ~(env->fpuc & 0x3f)),
                          env->eip);
        break;
    case EXCP13_XMM:
        mxcsr = x86_mxcsr_from_host(env);
        queue_sync_signal(ts, SIGFPE, fpe_code(mxcsr & ~(mxcsr >> 7)),
                          env->eip);
        break;
    case EXCP06_ILLOP:
    case EXCP07_PREX:
        queue_sync_signal(ts, SIGILL, TARGET_ILL_ILLOPN, env->eip);
        break;
    case EXCP01_DB:
        queue_sync_signal(ts, SIGTRAP, TARGET_TRAP_TRACE, env->eip);
        break;
    case EXCP03_INT3:
        queue_sync_signal(ts, SIGTRAP, TARGET_SI_KERNEL, 0);
        break;
    case EXCP0E_PAGE:
        ts->fault.err = env->error_code;
        ts->fault.cr2 = env->cr2;
        queue_sync_signal(ts, SIGSEGV, ts->fault_code == SEGV_ACCERR ?
                          TARGET_SEGV_ACCERR : TARGET_SEGV_MAPERR, env->cr2);
        break;
    case EXCP11_ALGN + 0x1000:
        /* the host's SIGBUS (a mapping past the end of its file) */
        ts->fault.trapno = EXCP0E_PAGE;
        ts->fault.err = env->error_code;
        ts->fault.cr2 = env->cr2;
        queue_sync_signal(ts, SIGBUS, ts->fault_code, env->cr2);
        break;
    default:
        /* #GP: privileged insns, misaligned SSE operands, int n */
        ts->fault.trapno = EXCP0D_GPF;
        queue_sync_signal(ts, SIGSEGV, TARGET_SI_KERNEL, 0);
        break;
    }
    process_pending_signals(env);
}

/* ---- syscalls ---- */

int64_t safe_syscall(long num, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t a4, uint64_t a5, uint64_t a6)
{
    int64_t r;

    /*
     * Idle for exclusive sections (a fork by another thread) while in
     * the kernel: nothing of ours is held here, and the wait may be long.
     */
    cpu_exec_end();
    r = safe_syscall_base(&task_sig.signal_pending, num, a1, a2, a3, a4,
                          a5, a6);
    cpu_exec_start();
    return r;
}

int64_t do_rt_sigaction(int sig, uint64_t act, uint64_t oact, size_t size)
{
    TargetSigaction ta, old;
    TaskSignals *ts = &task_sig;

    if (size != 8) {
        return -EINVAL;
    }
    if (sig < 1 || sig > TARGET_NSIG ||
        (act && (sig == SIGKILL || sig == SIGSTOP))) {
        return -EINVAL;
    }
    if (act && !copy_from_guest(&ta, act, sizeof(ta))) {
        return -EFAULT;
    }
    pthread_mutex_lock(&sigact_lock);
    old = sigact[sig];
    if (act) {
        ta.flags &= TARGET_SA_KNOWN;
        ta.mask &= ~UNBLOCKABLE;
        sigact[sig] = ta;
        host_action_install(sig);
    }
    pthread_mutex_unlock(&sigact_lock);
    if (act && (ta.handler == TARGET_SIG_IGN ||
                (ta.handler == TARGET_SIG_DFL &&
                 default_action(sig) == DFL_IGNORE))) {
        /* the kernel discards a pending signal that becomes ignored */
        __atomic_fetch_and(&ts->pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
    }
    if (oact && !copy_to_guest(oact, &old, sizeof(old))) {
        return -EFAULT;
    }
    return 0;
}

int64_t do_rt_sigprocmask(int how, uint64_t set, uint64_t oset, size_t size)
{
    TaskSignals *ts = &task_sig;
    uint64_t old = ts->blocked, m;

    if (size != 8) {
        return -EINVAL;
    }
    if (set) {
        if (!copy_from_guest(&m, set, 8)) {
            return -EFAULT;
        }
        switch (how) {
        case SIG_BLOCK:
            ts->blocked |= m;
            break;
        case SIG_UNBLOCK:
            ts->blocked &= ~m;
            break;
        case SIG_SETMASK:
            ts->blocked = m;
            break;
        default:
            return -EINVAL;
        }
        ts->blocked &= ~UNBLOCKABLE;
        host_mask_follow_guest();
        recalc_signal_pending(ts);
    }
    if (oset && !copy_to_guest(oset, &old, 8)) {
        return -EFAULT;
    }
    return 0;
}

int64_t do_rt_sigpending(uint64_t uset, size_t size)
{
    TaskSignals *ts = &task_sig;
    uint64_t host = 0, set;

    if (size > 8) {
        return -EINVAL;
    }
    syscall(__NR_rt_sigpending, &host, 8);
    set = (host | __atomic_load_n(&ts->pending, __ATOMIC_RELAXED)) &
          ts->blocked;
    if (!copy_to_guest(uset, &set, size)) {
        return -EFAULT;
    }
    return 0;
}

int64_t do_rt_sigsuspend(uint64_t uset, size_t size)
{
    TaskSignals *ts = &task_sig;
    uint64_t m, host;

    if (size != 8) {
        return -EINVAL;
    }
    if (!copy_from_guest(&m, uset, 8)) {
        return -EFAULT;
    }
    ts->sigsuspend_saved = ts->blocked;
    ts->in_sigsuspend = true;
    ts->blocked = m & ~UNBLOCKABLE;
    recalc_signal_pending(ts);
    host = ts->blocked & ~HOST_UNBLOCKABLE;
    /*
     * It returns once a host handler ran (EINTR), or at once when a
     * deliverable signal is already recorded: either way the guest gets
     * EINTR after its handler, which process_pending_signals sets up
     * with the mask saved above.
     */
    safe_syscall(__NR_rt_sigsuspend, (uintptr_t)&host, 8, 0, 0, 0, 0);
    return -EINTR;
}

int64_t do_rt_sigtimedwait(uint64_t uset, uint64_t uinfo, uint64_t uts,
                           size_t size)
{
    TaskSignals *ts = &task_sig;
    TargetSiginfo info;
    uint64_t set;
    int sig;

    if (size != 8) {
        return -EINVAL;
    }
    if (!copy_from_guest(&set, uset, 8)) {
        return -EFAULT;
    }
    set &= ~UNBLOCKABLE;
    /* a signal the host already handed to us comes first */
    host_block_all();
    sig = dequeue_signal(ts, set, &info);
    host_mask_follow_guest();
    if (sig) {
        if (uinfo && !copy_to_guest(uinfo, &info, sizeof(info))) {
            return -EFAULT;
        }
        return sig;
    }
    return safe_syscall(__NR_rt_sigtimedwait, (uintptr_t)&set,
                        uinfo ? (uintptr_t)g2h_untagged(uinfo) : 0,
                        uts ? (uintptr_t)g2h_untagged(uts) : 0, 8, 0, 0);
}

int64_t do_rt_sigqueueinfo(int num, uint64_t a1, uint64_t a2, uint64_t a3,
                           uint64_t a4)
{
    TargetSiginfo info;
    uint64_t uinfo = num == __NR_rt_sigqueueinfo ? a3 : a4;

    if (!copy_from_guest(&info, uinfo, sizeof(info))) {
        return -EFAULT;
    }
    if (num == __NR_rt_sigqueueinfo) {
        return safe_syscall(num, a1, a2, (uintptr_t)&info, 0, 0, 0);
    }
    return safe_syscall(num, a1, a2, a3, (uintptr_t)&info, 0, 0);
}

/* do_sigaltstack() of the kernel: @sp is the guest's stack pointer */
static int altstack_change(const TargetStack *ss, TargetStack *oss,
                           uint64_t sp)
{
    AltStack *as = &task_sig.altstack;

    if (oss) {
        memset(oss, 0, sizeof(*oss));
        oss->ss_sp = as->sp;
        oss->ss_size = as->size;
        oss->ss_flags = altstack_flags(as, sp) |
                        (as->flags & TARGET_SS_AUTODISARM);
    }
    if (ss) {
        uint32_t mode = ss->ss_flags & ~TARGET_SS_AUTODISARM;
        if (altstack_flags(as, sp) == TARGET_SS_ONSTACK) {
            return -EPERM;
        }
        if (mode != TARGET_SS_DISABLE && mode != TARGET_SS_ONSTACK &&
            mode != 0) {
            return -EINVAL;
        }
        if (mode == TARGET_SS_DISABLE) {
            as->sp = 0;
            as->size = 0;
        } else if (ss->ss_size < TARGET_MINSIGSTKSZ) {
            return -ENOMEM;
        } else {
            as->sp = ss->ss_sp;
            as->size = ss->ss_size;
        }
        as->flags = ss->ss_flags;
    }
    return 0;
}

int64_t do_sigaltstack(CPUX86State *env, uint64_t uss, uint64_t uoss)
{
    TargetStack ss, oss;
    int ret;

    if (uss && !copy_from_guest(&ss, uss, sizeof(ss))) {
        return -EFAULT;
    }
    ret = altstack_change(uss ? &ss : NULL, uoss ? &oss : NULL,
                          env->regs[R_ESP]);
    if (!ret && uoss && !copy_to_guest(uoss, &oss, sizeof(oss))) {
        return -EFAULT;
    }
    return ret;
}

int64_t do_rt_sigreturn(CPUX86State *env)
{
    TaskSignals *ts = &task_sig;
    TargetStack stack;
    uint64_t mask;

    if (!signal_frame_restore(env, &mask, &stack)) {
        queue_sync_signal(ts, SIGSEGV, TARGET_SI_KERNEL, 0);
        return -QEMU_ESIGRETURN;
    }
    ts->blocked = mask & ~UNBLOCKABLE;
    host_mask_follow_guest();
    recalc_signal_pending(ts);
    /* as restore_altstack(): only a bad address would matter */
    altstack_change(&stack, NULL, env->regs[R_ESP]);
    return -QEMU_ESIGRETURN;
}

/* ---- threads ---- */

uint64_t signal_current_blocked(void)
{
    return task_sig.blocked;
}

void signal_thread_start(uint64_t blocked)
{
    TaskSignals *ts = &task_sig;

    ts->blocked = blocked & ~UNBLOCKABLE;
    ts->altstack = (AltStack) { .flags = TARGET_SS_DISABLE };
    host_mask_follow_guest();
    recalc_signal_pending(ts);
}

void signal_thread_exit(void)
{
    TaskSignals *ts = &task_sig;
    uint64_t left;

    /* from now on the host hands process-wide signals to other threads */
    host_block_all();
    left = __atomic_exchange_n(&ts->pending, 0, __ATOMIC_SEQ_CST);
    while (left) {
        int sig = __builtin_ctzll(left) + 1;
        left &= ~SIGBIT(sig);
        /*
         * Sent to this thread alone: it dies with it.  Otherwise back to
         * the process, siginfo intact (allowed when sending to oneself).
         */
        if (ts->info[sig - 1].si_code != SI_TKILL) {
            syscall(__NR_rt_sigqueueinfo, getpid(), sig, &ts->info[sig - 1]);
        }
    }
}

void signal_fork_child(void)
{
    TaskSignals *ts = &task_sig;

    /* a new process starts with nothing pending (the host's is clear) */
    __atomic_store_n(&ts->pending, 0, __ATOMIC_SEQ_CST);
    ts->sync_sig = 0;
    __atomic_store_n(&ts->signal_pending, 0, __ATOMIC_SEQ_CST);
    host_mask_follow_guest();
}
